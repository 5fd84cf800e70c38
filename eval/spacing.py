"""Evaluate newsroom.stages.spacing (glued-word repair) on Reuters-21578 story bodies.

1. False changes: run the repair on clean bodies and count inserted spaces per 10,000 words.
2. Precision / recall: delete the space at randomly chosen boundaries between two alphabetic
   words (``--rate``, default 1 in 50), run the repair, and compare the inserted spaces with the
   deleted ones. Precision = inserted spaces that restore a deleted boundary / all inserted
   spaces; recall = restored boundaries / deleted boundaries.

Usage: .venv/bin/python eval/spacing.py [--data PATH] [--limit 2000] [--seed 1987] [--rate 0.02]
                                        [--show N]
Exits 2 if the data file is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

from newsroom.stages.spacing import Repair, find_glued_words, repair_glued_words

DEFAULT_DATA = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
)  # ../shared/data
_CHUNK = re.compile(r"\S+")
_ALPHA = re.compile(r"[A-Za-z]+")


def load_bodies(path: Path, limit: int, seed: int) -> list[str]:
    """A fixed random sample of non-empty story bodies."""
    bodies = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            body = json.loads(line).get("body") or ""
            if body.strip():
                bodies.append(body)
    if limit and limit < len(bodies):
        bodies = random.Random(seed).sample(bodies, limit)
    return bodies


def glue(body: str, rng: random.Random, rate: float) -> tuple[str, set[int]]:
    """Delete the whitespace at random alphabetic word boundaries.

    Returns the corrupted text and the offsets (in it) where the deleted boundaries were.
    """
    chunks = list(_CHUNK.finditer(body))
    parts: list[str] = []
    boundaries: set[int] = set()
    length = 0
    previous_end = 0
    for index, chunk in enumerate(chunks):
        gap = body[previous_end : chunk.start()]
        glued = (
            index > 0
            and _ALPHA.fullmatch(chunks[index - 1].group()) is not None
            and _ALPHA.fullmatch(chunk.group()) is not None
            and rng.random() < rate
        )
        if glued:
            boundaries.add(length)
        else:
            parts.append(gap)
            length += len(gap)
        parts.append(chunk.group())
        length += len(chunk.group())
        previous_end = chunk.end()
    parts.append(body[previous_end:])
    return "".join(parts), boundaries


def token_at(text: str, offset: int) -> str:
    """The whitespace-delimited token of ``text`` that contains ``offset``."""
    return next(m.group() for m in _CHUNK.finditer(text) if m.start() <= offset < m.end())


def inserted_offsets(repair: Repair) -> list[int]:
    """Offsets in the input text where ``repair`` inserts a space."""
    offsets = []
    i = 0
    for char in repair.after:
        if i < len(repair.before) and char == repair.before[i]:
            i += 1
        else:
            offsets.append(repair.start + i)
    return offsets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--limit", type=int, default=2000, help="stories to sample (0 = all)")
    parser.add_argument("--seed", type=int, default=1987, help="sampling and glue seed")
    parser.add_argument("--rate", type=float, default=0.02, help="share of boundaries glued")
    parser.add_argument("--show", type=int, default=0, help="print up to N error examples")
    args = parser.parse_args(argv)

    if not args.data.is_file():
        print(f"error: Reuters-21578 JSONL not found at {args.data} (use --data)", file=sys.stderr)
        return 2

    started = time.perf_counter()
    find_glued_words("warm up the word list")
    load_seconds = time.perf_counter() - started
    bodies = load_bodies(args.data, args.limit, args.seed)
    words = sum(len(body.split()) for body in bodies)

    # 1. clean text, twice: the first pass fills the split cache, the second finds it warm
    started = time.perf_counter()
    clean_repairs = [find_glued_words(body) for body in bodies]
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for body in bodies:
        find_glued_words(body)
    warm_seconds = time.perf_counter() - started
    false_changes = sum(len(inserted_offsets(r)) for rs in clean_repairs for r in rs)

    # 2. glued text
    rng = random.Random(args.seed)
    removed = restored = inserted = exact_repairs = all_repairs = 0
    false_examples: list[str] = []
    missed_examples: list[str] = []
    started = time.perf_counter()
    for body in bodies:
        text, boundaries = glue(body, rng, args.rate)
        _, repairs = repair_glued_words(text)
        removed += len(boundaries)
        found: set[int] = set()
        for repair in repairs:
            offsets = inserted_offsets(repair)
            found.update(offsets)
            inserted += len(offsets)
            all_repairs += 1
            inside = {b for b in boundaries if repair.start < b < repair.end}
            if inside == set(offsets):
                exact_repairs += 1
            elif len(false_examples) < args.show:
                false_examples.append(f"{repair.before!r} -> {repair.after!r}")
        restored += len(found & boundaries)
        for boundary in sorted(boundaries - found)[: max(0, args.show - len(missed_examples))]:
            missed_examples.append(repr(token_at(text, boundary)))
    glued_seconds = time.perf_counter() - started

    precision = restored / inserted if inserted else 1.0
    recall = restored / removed if removed else 0.0
    print(f"stories: {len(bodies):,}   words: {words:,}   seed: {args.seed}   rate: {args.rate}")
    print(f"word list load: {load_seconds:.2f} s")
    print(
        f"clean text: {false_changes} false changes = "
        f"{false_changes / words * 10_000:.2f} per 10,000 words"
    )
    print(f"glued text: {removed:,} boundaries removed, {inserted:,} spaces inserted")
    print(f"  precision: {precision:.4f}   recall: {recall:.4f}")
    print(f"  exact repairs: {exact_repairs:,} / {all_repairs:,}")
    for label, seconds in (("cold cache", cold_seconds), ("warm cache", warm_seconds)):
        print(
            f"speed, clean text, {label}: {words / seconds:,.0f} words/s, "
            f"{seconds / len(bodies) * 1e6:.1f} us/story ({words / len(bodies):.0f} words), "
            f"{seconds / words * 150 * 1e6:.1f} us per 150 words"
        )
    print(
        f"speed, glued text: {glued_seconds / len(bodies) * 1e6:.1f} us/story "
        "(including gluing and scoring)"
    )
    if args.show:
        print("\nclean-text changes:")
        for repairs in clean_repairs:
            for repair in repairs:
                print(f"  {repair.before!r} -> {repair.after!r}")
        print("\nwrong repairs on glued text:")
        for example in false_examples:
            print(f"  {example}")
        print("\nmissed boundaries:")
        for example in missed_examples:
            print(f"  {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
