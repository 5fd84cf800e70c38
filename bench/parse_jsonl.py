"""Benchmark: ``newsroom parse --jsonl`` on Reuters-21578 stories as plain text.

Writes N JSON Lines records (``id``, ``text`` = dateline + body, ``date``) and times the real
command on them, for one worker and for the default (one per CPU). Prints articles/s.

    .venv/bin/python bench/parse_jsonl.py            # N = 20,000
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reuters import DEFAULT_DATA, load_stories, wire_lead

NEWSROOM = Path(sys.executable).with_name("newsroom")


def make_lines(data: Path, target: Path, count: int) -> None:
    stories = load_stories(data)
    with target.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = stories[number % len(stories)]
            line = {"id": number, "text": wire_lead(record), "date": record["date_iso"][:10]}
            out.write(json.dumps(line) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--count", type=int, default=20_000)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Reuters-21578 not found at {args.data}; pass --data", file=sys.stderr)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        make_lines(args.data, source, args.count)
        for workers in (1, os.cpu_count() or 1):
            started = time.perf_counter()
            with source.open("rb") as stdin:
                result = subprocess.run(
                    [str(NEWSROOM), "parse", "--jsonl", "--workers", str(workers)],
                    stdin=stdin,
                    capture_output=True,
                    check=True,
                )
            seconds = time.perf_counter() - started
            outputs = result.stdout.decode().splitlines()
            errors = sum(1 for line in outputs if json.loads(line)["error"])
            print(
                f"workers={workers}: {args.count} lines in {seconds:.2f} s = "
                f"{args.count / seconds:,.0f} articles/s (start-up included); "
                f"{len(outputs)} lines out, {errors} errors"
            )


if __name__ == "__main__":
    main()
