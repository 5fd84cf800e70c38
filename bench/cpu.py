"""Benchmark: CPU time per article of the pipeline, in one process, resources loaded first.

Runs ``process_json_line`` and ``dump_output`` (what ``newsroom parse --jsonl`` does per line)
over N Reuters-21578 stories and prints the CPU milliseconds per article, the stage by stage
profile's top entries with ``--profile``, and, with ``--baseline DIR`` (a checkout of older
code, e.g. ``git worktree add /tmp/base HEAD~3``), the same measured for that code in the same
run, rounds interleaved, with the ratio.

    .venv/bin/python bench/cpu.py --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from reuters import DEFAULT_DATA, ROOT, load_stories, wire_lead


def lines(data: Path, count: int) -> list[str]:
    stories = load_stories(data)
    return [
        json.dumps({"id": n, "text": wire_lead(s), "date": s["date_iso"][:10]})
        for n, s in enumerate(stories[i % len(stories)] for i in range(count))
    ]


def child(data: Path, count: int, profile: bool) -> None:
    from newsroom.stages.pipeline import dump_output, process_json_line, warm_up

    started = time.perf_counter()
    warm_up()
    loading = time.perf_counter() - started
    inputs = lines(data, count)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    cpu = time.process_time()
    for number, line in enumerate(inputs, 1):
        dump_output(process_json_line(line, number), number)
    cpu = time.process_time() - cpu
    if profile:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    print(json.dumps({"ms_per_article": 1000 * cpu / count, "loading_s": loading}))


def measure(code: Path, data: Path, count: int) -> dict[str, float]:
    environment = {**os.environ, "PYTHONPATH": str(code)}
    output = subprocess.run(
        [sys.executable, __file__, "--child", "--data", str(data), "--count", str(count)],
        check=True,
        capture_output=True,
        text=True,
        cwd=code,
        env=environment,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--count", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--profile", action="store_true", help="print a profile (this code)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"Reuters-21578 not found at {args.data}; pass --data")
    if args.child or args.profile:
        child(args.data, args.count, args.profile)
        return
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    figures: dict[str, list[float]] = {name: [] for name in codes}
    for round_number in range(1, args.rounds + 1):
        for name, code in codes.items():
            result = measure(code, args.data, args.count)
            figures[name].append(result["ms_per_article"])
            print(
                f"round {round_number} {name:>9}: {result['ms_per_article']:.3f} ms CPU per "
                f"article ({args.count:,} stories), resources loaded in {result['loading_s']:.2f} s"
            )
    medians = {name: statistics.median(values) for name, values in figures.items()}
    for name, value in medians.items():
        print(f"median {name:>9}: {value:.3f} ms per article")
    if args.baseline:
        ratio = medians["baseline"] / medians["this code"]
        print(
            f"this code takes {1 / ratio:.2f}x the baseline's CPU per article ({ratio:.2f}x faster)"
        )


if __name__ == "__main__":
    main()
