"""Benchmark: ``newsroom parse --jsonl`` on Reuters-21578 stories as plain text.

Writes N JSON Lines records (``id``, ``text`` = dateline + body, ``date``) and times the real
command on them, for one worker and for the default (one per CPU). Prints articles/s. With
``--baseline DIR`` (a checkout of older code, e.g. ``git worktree add /tmp/base HEAD~3``) each
measurement is made for both codes in turn, and the outputs are compared line by line (same JSON
bar float rounding, or which fields differ).

    .venv/bin/python bench/parse_jsonl.py                          # N = 20,000
    .venv/bin/python bench/parse_jsonl.py --baseline /tmp/base     # and the same for older code
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

from reuters import DEFAULT_DATA, ROOT, load_stories, wire_lead

from newsroom.stages.pipeline import comparable

NEWSROOM = Path(sys.executable).with_name("newsroom")


def make_lines(data: Path, target: Path, count: int) -> None:
    stories = load_stories(data)
    with target.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = stories[number % len(stories)]
            line = {"id": number, "text": wire_lead(record), "date": record["date_iso"][:10]}
            out.write(json.dumps(line) + "\n")


def run(code: Path, source: Path, workers: int) -> tuple[float, bytes]:
    """``newsroom parse --jsonl`` of ``code`` (a checkout) on ``source``: seconds, output."""
    started = time.perf_counter()
    with source.open("rb") as stdin:
        result = subprocess.run(
            [str(NEWSROOM), "parse", "--jsonl", "--workers", str(workers)],
            stdin=stdin,
            capture_output=True,
            check=True,
            cwd=code,
            env={**os.environ, "PYTHONPATH": str(code)},
        )
    return time.perf_counter() - started, result.stdout


def compare(old: bytes, new: bytes) -> None:
    """Print how many output lines differ, bar float rounding, and in which fields."""
    old_lines, new_lines = old.decode().splitlines(), new.decode().splitlines()
    fields: dict[str, int] = {}
    differ = 0
    for before, after in zip(old_lines, new_lines, strict=True):
        a, b = comparable(json.loads(before)), comparable(json.loads(after))
        if a != b:
            differ += 1
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    fields[key] = fields.get(key, 0) + 1
    shown = ", ".join(f"{key} {count}" for key, count in sorted(fields.items())) or "none"
    print(f"output: {differ} of {len(new_lines)} lines differ from the baseline's ({shown})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"Reuters-21578 not found at {args.data}; pass --data", file=sys.stderr)
        sys.exit(2)
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        make_lines(args.data, source, args.count)
        outputs: dict[str, bytes] = {}
        for round_number in range(1, args.rounds + 1):
            for workers in (1, len(os.sched_getaffinity(0))):
                for name, code in codes.items():
                    seconds, output = run(code, source, workers)
                    outputs[name] = output
                    lines = output.decode().splitlines()
                    errors = sum(1 for line in lines if json.loads(line)["error"])
                    print(
                        f"round {round_number} {name:>9} workers={workers}: {args.count} lines "
                        f"in {seconds:.2f} s = {args.count / seconds:,.0f} articles/s (start-up "
                        f"included); {len(lines)} lines out, {errors} errors",
                        flush=True,
                    )
        if args.baseline:
            compare(outputs["baseline"], outputs["this code"])


if __name__ == "__main__":
    main()
