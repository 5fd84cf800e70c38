"""Benchmark: ingest N seed-format files through the real flow and as a plain loop.

Makes N seed-format files from Reuters-21578 stories (``date YYYY-MM-DD`` header, then the wire
lead ``dateline + body``), then ingests them into a fresh SQLite database twice, each in its own
process so peak memory is measured per mode:

- ``plain``: the same batch functions the tasks wrap, in a loop, without Prefect;
- ``flow``: the ``ingest`` flow with a temporary local Prefect server. The server is started
  (by a trivial flow run) before timing; its start-up time is printed separately.

Prints articles/s for both, their ratio, the CPU seconds each run used (measured from outside:
the run's process and every process it waited for, its parse workers and its temporary Prefect
server), and peak resident memory (the process that writes, and the largest worker process).
With ``--baseline DIR`` (a checkout of older code, e.g. ``git worktree add /tmp/base HEAD~3``)
each round runs that code's own benchmark too, interleaved, and the medians are printed with
their ratios: articles/s, CPU per article and peak memory, this code over the baseline.

    .venv/bin/python bench/ingest.py                 # N = 5,000 and 20,000
    .venv/bin/python bench/ingest.py --sizes 2000    # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reuters import DEFAULT_DATA, ROOT, environment_for, load_stories, wire_lead


def make_files(data: Path, folder: Path, count: int) -> int:
    """Write ``count`` seed-format files (cycling through the corpus if it is smaller)."""
    stories = load_stories(data)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        record = stories[number % len(stories)]
        text = f"date {record['date_iso'][:10]}\n{record.get('title') or ''}\n\n{wire_lead(record)}"
        if number >= len(stories):
            text += f"\n\n(copy {number // len(stories)})"
        subfolder = folder / f"{number // 1000:03d}"
        subfolder.mkdir(exist_ok=True)
        (subfolder / f"{number:06d}.txt").write_text(text, encoding="utf-8")
    return count


def run_plain(folder: Path, database: Path, batch_size: int) -> dict[str, float]:
    from sqlmodel import Session

    from db import crud
    from db.session import ensure_schema, get_engine
    from newsroom.services.ingesting import BatchResult, batched_refs, parse_batches, store_job
    from newsroom.stages.parallel import default_workers
    from newsroom.stages.readers import discover
    from newsroom.stages.topics import load_tagger

    started = time.perf_counter()
    engine = get_engine(f"sqlite:///{database}")
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    result = BatchResult()
    batches = batched_refs(discover([str(folder)], chunk_lines=batch_size), batch_size)
    for parsed in parse_batches(
        batches, source="bench", max_bytes=10_000_000, engine=engine, workers=default_workers()
    ):
        result.add(store_job(parsed, engine=engine, run_id=None))
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "stored": result.stored, "failed": result.failed}


def run_flow(folder: Path, database: Path, batch_size: int) -> dict[str, float]:
    from newsroom.core.environment import use_prefect_environment

    os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    use_prefect_environment()
    from prefect import flow

    from flows.ingest import ingest

    @flow(name="bench-warm-up")
    def warm_up() -> None:
        return None

    started = time.perf_counter()
    warm_up()
    server_seconds = time.perf_counter() - started
    started = time.perf_counter()
    summary = ingest(
        paths=[str(folder)],
        source="bench",
        batch_size=batch_size,
        database_url=f"sqlite:///{database}",
    )
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "server_seconds": server_seconds,
        "stored": summary.stored,
        "failed": summary.failed,
    }


def child(mode: str, folder: Path, database: Path, batch_size: int) -> None:
    runner = run_plain if mode == "plain" else run_flow
    result = runner(folder, database, batch_size)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["workers_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def measure(
    mode: str, folder: Path, workdir: Path, batch_size: int, code: Path = ROOT
) -> dict[str, float]:
    """One run in its own process, of this code or of a checkout's (its own bench/ingest.py)."""
    database = workdir / f"{mode}.db"
    database.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(
        [
            sys.executable,
            str(code / "bench" / "ingest.py"),
            "--child",
            mode,
            "--folder",
            str(folder),
            "--database",
            str(database),
            "--batch-size",
            str(batch_size),
        ],
        capture_output=True,
        text=True,
        cwd=code,
        env=environment_for(code),
    )
    if output.returncode != 0:  # say why, not only that it failed
        sys.stderr.write(output.stderr[-5000:])
        sys.exit(f"the {mode} run of {code} failed (exit {output.returncode}): its log is above")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    result["cpu_seconds"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--workdir", type=Path, help="where files and databases go (temp dir)")
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved rounds per size")
    parser.add_argument("--child", choices=["plain", "flow"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.database, args.batch_size)
        return
    if not args.data.exists():
        print(
            f"Reuters-21578 not found at {args.data}; pass --data PATH/reuters21578.jsonl",
            file=sys.stderr,
        )
        sys.exit(2)
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        workdir = Path(tmp)
        print(
            f"{'N':>7} {'code':>9} {'mode':>6} {'articles/s':>11} {'seconds':>8} {'CPU s':>7}"
            f" {'peak MB':>8} {'workers':>8} {'stored':>7} {'failed':>6}"
        )
        warm = workdir / "warm-up"
        make_files(args.data, warm, 20)
        for code in codes.values():  # builds the compiled resources, untimed
            measure("plain", warm, workdir, args.batch_size, code)
        for size in args.sizes:
            folder = workdir / f"files-{size}"
            make_files(args.data, folder, size)
            rates: dict[tuple[str, str], list[float]] = {}
            cpu: dict[tuple[str, str], list[float]] = {}
            memory: dict[tuple[str, str], list[float]] = {}
            for _ in range(args.rounds):
                for name, code in codes.items():
                    plain = measure("plain", folder, workdir, args.batch_size, code)
                    flow = measure("flow", folder, workdir, args.batch_size, code)
                    for mode, result in (("plain", plain), ("flow", flow)):
                        rates.setdefault((name, mode), []).append(size / result["seconds"])
                        cpu.setdefault((name, mode), []).append(result["cpu_seconds"])
                        memory.setdefault((name, mode), []).append(result["peak_rss_mb"])
                        print(
                            f"{size:>7} {name:>9} {mode:>6} {size / result['seconds']:>11.0f} "
                            f"{result['seconds']:>8.2f} {result['cpu_seconds']:>7.1f} "
                            f"{result['peak_rss_mb']:>8.0f} "
                            f"{result.get('workers_peak_rss_mb', 0):>8.0f} "
                            f"{result['stored']:>7.0f} {result['failed']:>6.0f}",
                            flush=True,
                        )
                    overhead = flow["seconds"] / plain["seconds"] - 1
                    print(
                        f"{size:>7} {name:>9} flow/plain time ratio "
                        f"{flow['seconds'] / plain['seconds']:.3f} (Prefect overhead "
                        f"{overhead:+.1%}); Prefect server start-up "
                        f"{flow['server_seconds']:.1f} s, not included above",
                        flush=True,
                    )
            for mode in ("plain", "flow"):
                medians = {name: statistics.median(rates[name, mode]) for name in codes}
                cpus = {name: statistics.median(cpu[name, mode]) * 1000 / size for name in codes}
                peaks = {name: statistics.median(memory[name, mode]) for name in codes}
                line = ", ".join(
                    f"{name} {medians[name]:,.0f}/s, {cpus[name]:.2f} CPU ms/article, "
                    f"peak {peaks[name]:.0f} MB"
                    for name in codes
                )
                if args.baseline:
                    line += (
                        f" (this/baseline: rate {medians['this code'] / medians['baseline']:.2f}x,"
                        f" CPU {cpus['this code'] / cpus['baseline']:.2f}x,"
                        f" peak {peaks['this code'] / peaks['baseline']:.2f}x)"
                    )
                print(f"{size:>7} median {mode}: {line}")


if __name__ == "__main__":
    main()
