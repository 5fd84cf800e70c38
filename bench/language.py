"""Benchmark: CPU per article of the steps issue 21 changed: language, word count, headline test.

``bench/cpu.py`` times the whole pipeline, whose 1 ms per article hides a change of tens of
microseconds under the noise of a shared machine. This times only the changed steps, on the same
Reuters-21578 leads (cleaned as the pipeline cleans them) and on the samples of
``eval/langid_samples.txt`` (short text in 28 languages), taking the least of several rounds.
With ``--baseline DIR`` (a checkout of older code) it runs that code's steps too, in turn.

    .venv/bin/python bench/language.py --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reuters import DEFAULT_DATA, ROOT, load_stories, wire_lead

SAMPLES = ROOT / "eval" / "langid_samples.txt"


def child(data: Path, count: int, rounds: int) -> None:
    from newsroom.stages import metadata
    from newsroom.stages.cleaning import clean_text

    try:  # since issue 21
        from newsroom.stages.language import detect_language, load_language_models

        load_language_models()
    except ImportError:
        detect_language = metadata.detect_language
    stories = load_stories(data)[:count]
    leads = [clean_text(wire_lead(story)) for story in stories]
    samples = [
        line.strip()
        for line in SAMPLES.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "=="))
    ]
    detect_language(leads[0])
    steps: dict[str, Callable[[], object]] = {
        "reuters language": lambda: [detect_language(text) for text in leads],
        "reuters word count": lambda: [metadata.word_count(text) for text in leads],
        "reuters headline test": lambda: [metadata.take_title(t.split("\n\n")) for t in leads],
        "samples language": lambda: [detect_language(text) for text in samples],
        "samples word count": lambda: [metadata.word_count(text) for text in samples],
    }
    best: dict[str, float] = {}
    for _ in range(rounds):
        for name, step in steps.items():
            started = time.process_time()
            step()
            items = len(samples) if name.startswith("samples") else len(leads)
            micros = (time.process_time() - started) / items * 1e6
            best[name] = min(best.get(name, micros), micros)
    print(json.dumps(best))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--count", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"Reuters-21578 not found at {args.data}; pass --data")
    if args.child:
        child(args.data, args.count, args.rounds)
        return
    codes = {"this code": ROOT}
    if args.baseline:
        codes = {"baseline": args.baseline.resolve(), **codes}
    for name, code in codes.items():
        command = [sys.executable, __file__, "--child", "--data", str(args.data)]
        command += ["--count", str(args.count), "--rounds", str(args.rounds)]
        environment = {**os.environ, "PYTHONPATH": str(code)}
        output = subprocess.run(
            command, check=True, capture_output=True, text=True, cwd=code, env=environment
        )
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        for step, micros in figures.items():
            print(f"{name:>9}: {step:<22} {micros:7.1f} µs CPU per item (least of rounds)")


if __name__ == "__main__":
    main()
