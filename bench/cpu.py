"""Benchmark: CPU time per article of the pipeline, in one process, resources loaded first.

Runs ``process_json_line`` and ``dump_output`` (what ``newsroom parse --jsonl`` does per line)
over N Reuters-21578 stories and prints the CPU milliseconds per article, the stage by stage
profile's top entries with ``--profile``, and, with ``--baseline DIR`` (a checkout of older
code, e.g. ``git worktree add /tmp/base HEAD~3``), the same measured for that code in the same
run, rounds interleaved, with the ratio. Each run also reports the CPU seconds its process spent
before the first article (interpreter, imports, ``warm_up``): what every new process, such as a
scheduled ingest's, pays once; other languages' resources, which a process loads when their first
story comes, are loaded after that figure and before the articles are timed.

    .venv/bin/python bench/cpu.py --baseline /tmp/base

``--stories eval/multilingual/places.jsonl --language de`` times stories in another language
instead (records with ``text`` and ``lang``, repeated to ``--count``): what a language costs.
``--stages`` also times each stage the pipeline calls (cleaning, language, datelines, places,
topics...), per code and, with ``--baseline``, the difference: where a language's cost goes.

``--instructions`` counts instead of timing: each code runs once under Valgrind's callgrind
(Debian's ``valgrind``), which counts the machine instructions of the articles alone (what runs
under ``operator.call``, which wraps the article loop; start-up is not counted), hashing seeded.
A count does not move with the machine's load (a run's CPU time here moves by ±15%), so a ratio
of 1.05 means 5% more instructions, not a busier neighbour; but it is not time: it does not see
what an instruction costs (fastText's vectorised C++ does more per instruction than Python's
interpreter loop). Read it beside the timed ratio. About 50 times slower than running natively:
a few hundred stories, one round.
"""

from __future__ import annotations

import argparse
import json
import operator
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reuters import DEFAULT_DATA, ROOT, cache_for, environment_for, load_stories, wire_lead


def story_lines(stories: Path, language: str | None, count: int) -> list[str]:
    """``count`` records of ``stories`` (JSON Lines with ``text`` and ``lang``) in ``language``."""
    with stories.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    texts = [r["text"] for r in records if language is None or r["lang"] == language]
    if not texts:
        sys.exit(f"no stories in {language!r} in {stories}")
    return [
        json.dumps({"id": n, "text": texts[n % len(texts)], "date": "2026-12-04"})
        for n in range(count)
    ]


def lines(data: Path, count: int) -> list[str]:
    stories = load_stories(data)
    return [
        json.dumps({"id": n, "text": wire_lead(s), "date": s["date_iso"][:10]})
        for n, s in enumerate(stories[i % len(stories)] for i in range(count))
    ]


# The stage functions that newsroom.stages.pipeline calls, timed one by one with --stages (those
# an older checkout does not have are passed over); the topic tagger is timed as "topics".
STAGES = (
    "check_readable",
    "clean_text",
    "detect_language",
    "repair_glued_words",
    "take_title",
    "take_byline",
    "parse_dateline",
    "tag_places",
    "word_count",
    "lede",
)


# Valgrind counting the instructions under operator.call only (--instructions)
CALLGRIND = (
    "valgrind",
    "--tool=callgrind",
    "--callgrind-out-file=/dev/null",
    "--collect-atstart=no",
    "--toggle-collect=_operator_call",
)


def time_stages() -> dict[str, float]:
    """Wrap the pipeline's stage functions (and the tagger's) so that each adds its CPU seconds
    to the returned dict as it runs."""
    import newsroom.stages.pipeline as pipeline
    from newsroom.stages.tagger import get_tagger

    spent: dict[str, float] = {}

    def timed(name: str, function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - started

        return run

    for name in STAGES:
        if hasattr(pipeline, name):
            setattr(pipeline, name, timed(name, getattr(pipeline, name)))
    tagger = type(get_tagger())
    method = "tag_story" if hasattr(tagger, "tag_story") else "tag"  # before issue 21: tag
    setattr(tagger, method, timed("topics", getattr(tagger, method)))
    return spent


def child(
    data: Path,
    count: int,
    profile: bool,
    stories: Path | None = None,
    language: str | None = None,
    stages: bool = False,
) -> None:
    from newsroom.stages.pipeline import dump_output, process_json_line, warm_up

    started = time.perf_counter()
    warm_up()
    loading = time.perf_counter() - started
    startup = time.process_time()  # CPU of the process before its first article: imports too
    try:  # every language's resources, outside both figures (older code loaded them in warm_up)
        warm_up(every_language=True)
    except TypeError:
        pass
    inputs = story_lines(stories, language, count) if stories else lines(data, count)
    spent = time_stages() if stages else {}
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()

    def run() -> None:
        for number, line in enumerate(inputs, 1):
            dump_output(process_json_line(line, number), number)

    cpu = time.process_time()
    operator.call(run)  # --instructions counts what runs under operator.call, and only that
    cpu = time.process_time() - cpu
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    per_stage = {name: 1000 * seconds / count for name, seconds in spent.items()}
    print(
        json.dumps(
            {
                "ms_per_article": 1000 * cpu / count,
                "loading_s": loading,
                "startup_cpu_s": startup,
                **per_stage,
            }
        )
    )


def print_stages(stages: dict[str, dict[str, list[float]]]) -> None:
    """Median ms per article of each stage, per code, most costly first; with two codes, the
    difference (this code minus the baseline)."""
    names = list(stages)
    medians = {
        name: {stage: statistics.median(values) for stage, values in timed.items()}
        for name, timed in stages.items()
    }
    order = sorted(
        {stage for timed in medians.values() for stage in timed},
        key=lambda stage: -medians[names[-1]].get(stage, 0.0),
    )
    heading = ", ".join(names) + (", difference" if len(names) > 1 else "")
    print(f"stage (median ms per article): {heading}")
    for stage in order:
        values = [medians[name].get(stage) for name in names]
        cells = ["-" if value is None else f"{value:.3f}" for value in values]
        if len(names) > 1:
            cells.append(f"{(values[-1] or 0.0) - (values[0] or 0.0):+.3f}")
        print(f"  {stage:<20} " + "  ".join(cells))


def run_child(
    code: Path,
    data: Path,
    count: int,
    extra: list[str],
    *,
    under: Sequence[str] = (),
    **environment: str,
) -> subprocess.CompletedProcess[str]:
    """This script's child run of ``code`` on ``count`` articles, in the checkout's own
    environment (:func:`environment_for`, with ``environment`` added), under ``under`` (a
    command such as Valgrind's) when given."""
    return subprocess.run(
        [
            *under,
            sys.executable,
            __file__,
            "--child",
            "--data",
            str(data),
            "--count",
            str(count),
            *extra,
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=code,
        env=environment_for(code, **environment),
    )


def measure(code: Path, data: Path, count: int, extra: list[str]) -> dict[str, float]:
    output = run_child(code, data, count, extra)
    return json.loads(output.stdout.strip().splitlines()[-1])


def instructions(code: Path, data: Path, count: int, extra: list[str]) -> float:
    """Machine instructions per article of ``code`` (see ``--instructions``): callgrind counts
    only what runs under ``operator.call``, which the child calls once, on its articles."""
    cache = cache_for(code)
    built = sorted(path.name for path in cache.glob("*.pickle"))
    output = run_child(code, data, count, extra, under=CALLGRIND, PYTHONHASHSEED="0")
    found = re.search(r"Collected : (\d+)", output.stderr)
    if found is None or int(found.group(1)) == 0:
        sys.exit(f"callgrind counted nothing for {code}:\n{output.stderr[-2000:]}")
    if sorted(path.name for path in cache.glob("*.pickle")) != built:
        sys.exit(
            f"{code}: a compiled resource was built during the count (its sources changed "
            f"while it ran?); the figures would count its build: run again"
        )
    return int(found.group(1)) / count


def count_instructions(codes: dict[str, Path], data: Path, count: int, extra: list[str]) -> None:
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs Valgrind (Debian: apt-get install valgrind)")
    for code in codes.values():
        measure(code, data, 1, extra)  # compile the checkout's resource cache outside valgrind
    counts = {name: instructions(code, data, count, extra) for name, code in codes.items()}
    for name, value in counts.items():
        print(f"{name:>9}: {value / 1e6:.3f} million instructions per article ({count:,} stories)")
    if "baseline" in counts:
        ratio = counts["this code"] / counts["baseline"]
        print(f"this code takes {ratio:.3f}x the baseline's instructions per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument(
        "--count", type=int, default=3_000, help="articles timed per run (default: %(default)s)"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="runs of each code, in turn (default: %(default)s)"
    )
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--profile", action="store_true", help="print a profile (this code)")
    parser.add_argument("--stories", type=Path, help="JSON Lines with text and lang instead")
    parser.add_argument("--language", help="only the --stories in this language")
    parser.add_argument(
        "--stages", action="store_true", help="also time each stage (median ms per article)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count machine instructions per article under Valgrind instead of timing",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.data.exists() and args.stories is None:
        sys.exit(f"Reuters-21578 not found at {args.data}; pass --data")
    if args.child or args.profile:
        child(args.data, args.count, args.profile, args.stories, args.language, args.stages)
        return
    extra = ["--stories", str(args.stories.resolve())] if args.stories else []
    extra += ["--language", args.language] if args.language else []
    extra += ["--stages"] if args.stages else []
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    if args.instructions:
        count_instructions(codes, args.data, args.count, extra)
        return
    figures: dict[str, list[float]] = {name: [] for name in codes}
    startups: dict[str, list[float]] = {name: [] for name in codes}
    stages: dict[str, dict[str, list[float]]] = {name: {} for name in codes}
    for round_number in range(1, args.rounds + 1):
        for name, code in codes.items():
            result = measure(code, args.data, args.count, extra)
            figures[name].append(result["ms_per_article"])
            startups[name].append(result.get("startup_cpu_s", float("nan")))
            for stage in [*STAGES, "topics"]:
                if stage in result:
                    stages[name].setdefault(stage, []).append(result[stage])
            print(
                f"round {round_number} {name:>9}: {result['ms_per_article']:.3f} ms CPU per "
                f"article ({args.count:,} stories), resources loaded in {result['loading_s']:.2f} "
                f"s, {startups[name][-1]:.2f} s CPU before the first article"
            )
    if args.stages:
        print_stages(stages)
    medians = {name: statistics.median(values) for name, values in figures.items()}
    for name, value in medians.items():
        print(f"median {name:>9}: {value:.3f} ms per article")
    for name, values in startups.items():
        print(f"median {name:>9}: {statistics.median(values):.3f} s CPU before the first article")
    if args.baseline:
        ratio = medians["baseline"] / medians["this code"]
        print(
            f"this code takes {1 / ratio:.2f}x the baseline's CPU per article ({ratio:.2f}x faster)"
        )
        start = statistics.median(startups["this code"]) / statistics.median(startups["baseline"])
        print(f"this code takes {start:.2f}x the baseline's CPU to start (imports and warm_up)")


if __name__ == "__main__":
    main()
