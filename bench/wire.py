"""Benchmark wire parsing: documents read from their bytes into stories, on one core.

The documents are every sample in ../shared/data/newswire-formats that holds a story (and the
project's own fixtures, tests/fixtures/wire), read over and over for ``--seconds``. Wire parsing
is what the readers do: decode the bytes, tell the format from the content, and read the
document into its stories (headline, byline, body paragraphs, identity, version, subjects) and
its skipped items. The whole pipeline on the same stories (cleaning, datelines, places, topics)
is timed too, for information.

Usage: .venv/bin/python bench/wire.py [--seconds 10]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from newsroom.core.errors import InputError  # noqa: E402
from newsroom.core.models import RawItem  # noqa: E402
from newsroom.stages.pipeline import process_item, warm_up  # noqa: E402
from newsroom.stages.readers import decode, read_document, sniff_wire  # noqa: E402

SAMPLES = PROJECT_ROOT.parent / "shared" / "data" / "newswire-formats"
FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "wire"


def documents() -> list[tuple[str, bytes]]:
    """(name, bytes) of every file that holds at least one story."""
    found = []
    for folder in (SAMPLES, FIXTURES):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            try:
                stories = read(path.name, data)
            except InputError:
                continue
            if stories and sniff_wire(decode(data, path.name)):
                found.append((path.name, data))
    return found


def read(name: str, data: bytes) -> list[RawItem]:
    text = decode(data, name)
    return [
        item
        for item in read_document(text, origin=name, source="bench", key=name)
        if isinstance(item, RawItem)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    if not SAMPLES.exists():
        print(f"no samples at {SAMPLES}: the project's fixtures only", file=sys.stderr)
    inputs = documents()
    size = sum(len(data) for _, data in inputs)
    print(f"{len(inputs)} documents, {size / 1024:.0f} KiB")
    stories = 0
    began = time.perf_counter()
    while time.perf_counter() - began < args.seconds:
        for name, data in inputs:
            stories += len(read(name, data))
    seconds = time.perf_counter() - began
    print(
        f"wire parsing: {stories / seconds:,.0f} stories/s on one core "
        f"({stories:,} stories in {seconds:.1f} s)"
    )
    warm_up()
    items = [item for name, data in inputs for item in read(name, data)]
    processed = 0
    began = time.perf_counter()
    while time.perf_counter() - began < args.seconds:
        for item in items:
            try:
                process_item(item)
            except InputError:
                pass  # a story without text: it counts, as the pipeline did the work
            processed += 1
    seconds = time.perf_counter() - began
    print(f"for information, the whole pipeline on them: {processed / seconds:,.0f} stories/s")


if __name__ == "__main__":
    main()
