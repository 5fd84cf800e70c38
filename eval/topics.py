"""Evaluate newsroom.topics on AG News and Reuters-21578.

(a) AG News test split (7,600 rows: class, title, description). Each class is mapped to a set of
    top-level Media Topics:

      1 World    -> politics and government (11000000), conflict, war and peace (16000000),
                    crime, law and justice (02000000), disaster, accident and emergency incident
                    (03000000), society (14000000), religion (12000000), weather (17000000)
      2 Sports   -> sport (15000000)
      3 Business -> economy, business and finance (04000000)
      4 Sci/Tech -> science and technology (13000000)

    The prediction is the story's top-1 top-level topic: the highest-scored level-1 tag (ties go
    to the lower qcode, as the tagger ranks them). A story with no tag counts as wrong.
    - strict: the top-1 top-level topic is in the class's set above;
    - lenient: the same, with these neighbouring topics also accepted (a judgement, stated here):
      World also health (07000000), environment (06000000), labour (09000000);
      Business also labour (09000000); Sci/Tech also health (07000000), environment (06000000).
    - top-2: any of the two best top-level topics is in the strict set.
    Per-class precision and recall are strict. AG News text has escapes (``#36;`` for ``$``,
    ``\\`` for a line break, HTML entities, a few ``<A HREF>`` stock links); they are undone
    and the markup dropped before tagging, as the pipeline's cleaning stage would.
(b) Reuters-21578 stories with a title or body: share whose top-1 top-level topic is economy,
    business and finance (04000000), over all stories and over those with at least one
    ``topics`` category. Second-level hit rate for the categories below with a clear mapping:
    a story counts as a hit when any of its tags (up to 10, implied ancestors included) is one
    of the level-2 concepts its categories map to (all mapped categories pooled).
(c) Speed: articles per second for ``tag`` alone (text already in memory, tagger built), one
    core, AG News (title + description, about 40 words) and Reuters (title + body, about 120
    words on average).

Rules are hand-written from general news knowledge; nothing here feeds back into them.

Usage: .venv/bin/python eval/topics.py [--data-dir PATH] [--failures N]
Exit status 2 when the data is missing.
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from newsroom.models import TopicTag
from newsroom.topics import TopicTagger, load_tagger

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data"
AG_PATH = Path("ag-news") / "test.csv"
REUTERS_PATH = Path("reuters21578") / "reuters21578.jsonl"

MARKUP = re.compile(r"<[^>]*>")
ECONOMY = "medtop:04000000"
AG_CLASSES = {"1": "World", "2": "Sports", "3": "Business", "4": "Sci/Tech"}
AG_STRICT = {
    "World": {
        "medtop:11000000", "medtop:16000000", "medtop:02000000", "medtop:03000000",
        "medtop:14000000", "medtop:12000000", "medtop:17000000",
    },
    "Sports": {"medtop:15000000"},
    "Business": {ECONOMY},
    "Sci/Tech": {"medtop:13000000"},
}  # fmt: skip
AG_LENIENT_EXTRA = {
    "World": {"medtop:07000000", "medtop:06000000", "medtop:09000000"},
    "Sports": set(),
    "Business": {"medtop:09000000"},
    "Sci/Tech": {"medtop:07000000", "medtop:06000000"},
}

# Reuters category -> level-2 Media Topics that count as a hit.
_BUSINESS_INFO = {"medtop:20000170"}  # business information
_PRODUCTS = {"medtop:20000209"}  # products and services
_ECONOMY2 = {"medtop:20000344"}  # economy
_MARKETS = {"medtop:20000385"}  # market and exchange
_COMMODITY = _PRODUCTS | _MARKETS
_COMMODITIES = (
    "grain wheat corn barley oat rye sorghum rice soybean soy-meal soy-oil oilseed rapeseed "
    "sunseed meal-feed veg-oil palm-oil coconut coconut-oil cotton cotton-oil sugar coffee cocoa "
    "tea rubber livestock carcass hog l-cattle orange potato groundnut copra-cake lin-oil "
    "gold silver copper zinc tin lead nickel alum iron-steel platinum palladium strategic-metal "
    "crude nat-gas gas heat fuel propane naphtha jet pet-chem wool lumber"
).split()
REUTERS_LEVEL2: dict[str, set[str]] = {
    "earn": _BUSINESS_INFO,
    "acq": _BUSINESS_INFO,
    "ship": _PRODUCTS,
    "money-fx": _ECONOMY2 | _MARKETS,
    "dlr": _ECONOMY2 | _MARKETS,
    "yen": _ECONOMY2 | _MARKETS,
    "interest": _ECONOMY2 | _MARKETS,
    "trade": _ECONOMY2,
    "gnp": _ECONOMY2,
    "cpi": _ECONOMY2,
    "wpi": _ECONOMY2,
    "ipi": _ECONOMY2,
    "bop": _ECONOMY2,
    "money-supply": _ECONOMY2,
    "reserves": _ECONOMY2,
    "retail": _ECONOMY2 | _PRODUCTS,
    "housing": _ECONOMY2 | _PRODUCTS,
    "jobs": {"medtop:20000509", "medtop:20000523", "medtop:20000533"},
    **dict.fromkeys(_COMMODITIES, _COMMODITY),
}


def clean_ag(text: str) -> str:
    """Undo AG News escapes (``#36;`` -> ``$``, ``\\`` -> space, HTML entities), drop tags."""
    text = text.replace("\\", " ").replace(" #36;", " $").replace("#36;", "$")
    return MARKUP.sub(" ", html.unescape(text))


def top_level(tags: Sequence[TopicTag]) -> list[str]:
    """Top-level qcodes in the tagger's rank order."""
    return [tag.code for tag in tags if tag.level == 1]


def read_ag(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (AG_CLASSES[row[0]], clean_ag(row[1]), clean_ag(row[2]))
            for row in csv.reader(fh)
            if row and row[0] in AG_CLASSES
        ]


def read_reuters(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        stories = [json.loads(line) for line in fh if line.strip()]
    return [s for s in stories if (s.get("title") or s.get("body"))]


def speed(tag: Callable[[str, str], object], items: Sequence[tuple[str, str]]) -> float:
    """Articles per second for ``tag`` alone, best of three passes."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for title, text in items:
            tag(title, text)
        best = min(best, time.perf_counter() - start)
    return len(items) / best


def evaluate_ag(tagger: TopicTagger, rows: list[tuple[str, str, str]], failures: int) -> None:
    strict = lenient = top2 = covered = 0
    predicted: Counter[str] = Counter()
    true_pos: Counter[str] = Counter()
    support: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    shown: list[str] = []
    for gold, title, text in rows:
        tops = top_level(tagger.tag(title, text))
        covered += bool(tops)
        support[gold] += 1
        first = tops[0] if tops else None
        guess = next((name for name, codes in AG_STRICT.items() if first in codes), "none")
        predicted[guess] += 1
        confusion[(gold, first or "none")] += 1
        if first in AG_STRICT[gold]:
            strict += 1
            true_pos[gold] += 1
        elif len(shown) < failures:
            shown.append(f"  [{gold} -> {first}] {title}")
        lenient += first in AG_STRICT[gold] | AG_LENIENT_EXTRA[gold]
        top2 += any(code in AG_STRICT[gold] for code in tops[:2])
    n = len(rows)
    print(f"AG News test: {n} stories")
    print(f"  top-1 top-level accuracy, strict:  {strict / n:.4f}")
    print(f"  top-1 top-level accuracy, lenient: {lenient / n:.4f}")
    print(f"  gold among top-2 top-level (strict): {top2 / n:.4f}")
    print(f"  coverage (any tag): {covered / n:.4f}")
    print("  class       precision  recall  support")
    for name in AG_STRICT:
        precision = true_pos[name] / predicted[name] if predicted[name] else 0.0
        recall = true_pos[name] / support[name] if support[name] else 0.0
        print(f"  {name:<10}  {precision:9.4f}  {recall:6.4f}  {support[name]:7d}")
    print("  top-1 top-level per class (most frequent):")
    for name in AG_STRICT:
        common = [(code, k) for (gold, code), k in confusion.most_common() if gold == name][:6]
        print(
            f"    {name:<9} "
            + ", ".join(f"{code.removeprefix('medtop:')} {k}" for code, k in common)
        )
    if shown:
        print(f"  first {len(shown)} misses:")
        print("\n".join(shown))


def evaluate_reuters(tagger: TopicTagger, stories: list[dict]) -> None:
    economy = with_topics = economy_topics = 0
    mapped = hits = 0
    per_category: Counter[str] = Counter()
    per_category_hits: Counter[str] = Counter()
    for story in stories:
        tags = tagger.tag(story.get("title") or "", story.get("body") or "")
        tops = top_level(tags)
        is_economy = bool(tops) and tops[0] == ECONOMY
        economy += is_economy
        categories = story.get("topics") or []
        if categories:
            with_topics += 1
            economy_topics += is_economy
        wanted: set[str] = set()
        for category in categories:
            wanted |= REUTERS_LEVEL2.get(category, set())
        if wanted:
            codes = {tag.code for tag in tags}
            hit = bool(codes & wanted)
            mapped += 1
            hits += hit
            for category in categories:
                if category in REUTERS_LEVEL2:
                    per_category[category] += 1
                    per_category_hits[category] += bool(codes & REUTERS_LEVEL2[category])
    n = len(stories)
    print(f"Reuters-21578: {n} stories with a title or body")
    print(f"  top-1 top-level is economy, business and finance: {economy / n:.4f} (all)")
    if with_topics:
        share = economy_topics / with_topics
        print(f"  ... among the {with_topics} stories with topics: {share:.4f}")
    if mapped:
        print(
            f"  second-level hit rate over {mapped} stories with a mapped category: "
            f"{hits / mapped:.4f}"
        )
        print("  per category (most frequent):")
        for category, count in per_category.most_common(12):
            print(f"    {category:<10} {per_category_hits[category] / count:.4f}  ({count})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=DEFAULT_DATA_DIR,
        help=f"folder with ag-news/ and reuters21578/ (default {DEFAULT_DATA_DIR})",
    )
    parser.add_argument("--failures", type=int, default=0, help="list this many AG News misses")
    args = parser.parse_args(argv)

    ag_file, reuters_file = args.data_dir / AG_PATH, args.data_dir / REUTERS_PATH
    missing = [str(path) for path in (ag_file, reuters_file) if not path.is_file()]
    if missing:
        print("evaluation data not found: " + ", ".join(missing), file=sys.stderr)
        print(
            "pass --data-dir pointing at the shared data folder (see ../shared/data/README.md)",
            file=sys.stderr,
        )
        return 2

    start = time.perf_counter()
    tagger = load_tagger()
    print(
        f"tagger built in {time.perf_counter() - start:.2f} s "
        f"(vocabulary released {tagger.vocabulary.released})"
    )
    rows = read_ag(ag_file)
    stories = read_reuters(reuters_file)
    evaluate_ag(tagger, rows, args.failures)
    evaluate_reuters(tagger, stories)

    ag_items = [(title, text) for _, title, text in rows]
    reuters_items = [(s.get("title") or "", s.get("body") or "") for s in stories]
    ag_words = sum(len(t.split()) + len(x.split()) for t, x in ag_items) / len(ag_items)
    re_words = sum(len(t.split()) + len(x.split()) for t, x in reuters_items) / len(reuters_items)
    print("Speed, tag() alone, one core (best of 3 passes):")
    print(f"  AG News: {speed(tagger.tag, ag_items):,.0f} articles/s ({ag_words:.0f} words avg)")
    print(
        f"  Reuters: {speed(tagger.tag, reuters_items):,.0f} articles/s ({re_words:.0f} words avg)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
