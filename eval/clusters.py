"""Evaluate story clusters (newsroom.services.clustering) on Reuters-21578 and edited copies.

The stories go through the real write path, :func:`newsroom.services.ingesting.store_parsed`,
into a fresh SQLite file (``--database-url`` for PostgreSQL), in batches of 500 in a shuffled
order, so that copies meet both in the database and within a batch. Then every pair of stories
that share a cluster is compared with the truth:

- **Real repeats in Reuters-21578**: stories with the same title (less a ``CORRECTED -``,
  ``REFILE -`` or ``UPDATE n -`` prefix) on the same day are one story sent again or corrected.
  Same-titled stories on other days are not: routine items (``FED ADDS RESERVES VIA CUSTOMER
  REPURCHASES``) come back every day with new figures, and they must not share a cluster.
- **Edited copies** of a seeded random sample of the other stories (at least 60 words), each made
  one way, keeping at least 80% of the original's text: ``drop`` (sentences dropped, 10-20% of
  the words), ``reorder`` (paragraphs or sentences moved), ``add`` (a paragraph of another story
  added at the end, as a paper adds local detail), ``rewrite`` (one word in twelve changed, two
  sentences dropped: a light edit), and ``republish`` (the dateline replaced by a paper's, a
  paragraph added and a sentence dropped).

Precision is the share of clustered pairs that are the same story; recall, the share of
same-story pairs (copy and original, or two repeats) that share a cluster.

Usage: .venv/bin/python eval/clusters.py [--data PATH] [--stories 4000] [--seed 7]
       [--database-url URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from sqlmodel import Session, select  # noqa: E402

from db import crud  # noqa: E402
from db.models import Article  # noqa: E402
from db.session import ensure_schema, get_engine  # noqa: E402
from newsroom.core.models import RawItem  # noqa: E402
from newsroom.services.ingesting import ParsedBatch, store_parsed  # noqa: E402
from newsroom.stages.pipeline import process_item, warm_up  # noqa: E402
from newsroom.stages.topics import load_tagger  # noqa: E402

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
PREFIX = re.compile(r"^(?:CORRECTED|CORRECTION|REFILE|UPDATE \d+)\s*-\s*", re.IGNORECASE)
TICKER = re.compile(r"<[^>]*>")  # "USX <USX> TO SHUT ..." and "USX TO SHUT ..." are one title
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"])")
EDITS = ("drop", "reorder", "add", "rewrite", "republish")
MIN_WORDS = 60
KEEP = 0.8  # recall is required for copies that keep at least this share of the text
PRECISION_FLOOR, RECALL_FLOOR = 0.98, 0.95


def paragraphs(body: str) -> list[str]:
    """Reuters bodies mark paragraphs with an indented line; lines inside are wrapped."""
    parts = re.split(r"\n\s{3,}", body.strip())
    return [" ".join(part.split()) for part in parts if part.strip()]


def words(text: str) -> int:
    return len(text.split())


def edit(kind: str, body: str, other: str, rng: random.Random) -> str | None:
    """An edited copy of ``body`` keeping at least 80% of its words, or None if it cannot be
    made that way (too few sentences)."""
    paras = paragraphs(body)
    sentences = [s for p in paras for s in SENTENCE.split(p)]
    total = words(body)
    if len(sentences) < 4:
        return None

    def drop(share: float, pool: list[str]) -> list[str]:
        kept, removed = list(pool), 0
        for index in rng.sample(range(1, len(pool)), len(pool) - 1):  # never the lead
            size = words(pool[index])
            if (removed + size) / total > share:
                continue
            removed += size
            kept[index] = ""
            if removed / total >= share * 0.5:
                break
        return [s for s in kept if s]

    if kind == "drop":
        return " ".join(drop(rng.uniform(0.1, 0.2), sentences))
    if kind == "reorder":
        pool = paras if len(paras) >= 3 else sentences
        head, rest = pool[:1], pool[1:]
        rng.shuffle(rest)
        return "\n\n".join(head + rest)
    if kind == "add":
        extra = paragraphs(other)[0]
        return "\n\n".join([*paras, extra])
    if kind == "rewrite":
        kept = drop(0.12, sentences)
        tokens = " ".join(kept).split()
        for index in range(3, len(tokens), 12):
            tokens[index] = rng.choice(["also", "then", "now", "further", "said", "still"])
        return " ".join(tokens)
    if kind == "republish":
        kept = drop(0.08, sentences)
        lead = re.sub(r"^[A-Z][A-Z .,]+,\s+\w+\.? \d+ -\s*", "", kept[0])
        extra = paragraphs(other)[-1]
        return "\n\n".join(["NEW YORK (Daily Ledger) - " + lead, *kept[1:], extra])
    raise ValueError(kind)


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def story_day(record: dict) -> dt.date:
    if record.get("date_iso"):
        return dt.date.fromisoformat(record["date_iso"][:10])
    return dt.datetime.strptime(record["date"][:11].strip(), "%d-%b-%Y").date()


def kept(original: str, copy: str) -> float:
    """The share of the original's words that the copy keeps, wherever it puts them (words
    counted with their repeats)."""
    a, b = Counter(original.lower().split()), Counter(copy.lower().split())
    return sum((a & b).values()) / max(sum(a.values()), 1)


def _kept(pair: frozenset[str], texts: dict[str, str]) -> tuple[float, float]:
    """How much of each other two texts keep: the lesser share, and the greater."""
    first, second = sorted(pair)
    shares = sorted([kept(texts[first], texts[second]), kept(texts[second], texts[first])])
    return shares[0], shares[1]


def _repeats(records: list[dict]) -> list[list[dict]]:
    """Groups of records that are one story sent more than once: a day apart at most, the same
    title (less prefixes and tickers) or the same first twelve words. Neither test looks at
    what the clustering measures (shingle overlap past the lead)."""
    parent = {record["id"]: record["id"] for record in records}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    seen: dict[tuple[str, dt.date, str], int] = {}
    for record in records:
        day = story_day(record)
        title = " ".join(TICKER.sub(" ", PREFIX.sub("", record.get("title") or "")).split())
        lead = " ".join(re.findall(r"\w+", record["body"].lower())[:12])
        for kind, value in (("title", title), ("lead", lead)):
            if not value:
                continue
            for near in (day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)):
                other = seen.get((kind, near, value))
                if other is not None:
                    parent[root(record["id"])] = root(other)
            seen.setdefault((kind, day, value), record["id"])
    groups: dict[int, list[dict]] = defaultdict(list)
    for record in records:
        groups[root(record["id"])].append(record)
    return [group for group in groups.values() if len(group) > 1]


def build(records: list[dict], stories: int, seed: int) -> tuple[list[RawItem], list[set[str]]]:
    """The items to store and the truth: the groups of keys that are one story."""
    rng = random.Random(seed)
    usable = [r for r in records if r.get("body") and words(r["body"]) >= MIN_WORDS]
    repeats = _repeats(usable)
    in_repeats = {record["id"] for group in repeats for record in group}
    # Stories sharing a title on other days (routine items) stay in, as hard negatives.
    others = [r for r in usable if r["id"] not in in_repeats]
    sample = rng.sample(others, min(stories, len(others)))
    items: list[RawItem] = []
    truth: list[set[str]] = []

    def item(key: str, text: str, record: dict) -> RawItem:
        return RawItem(
            source="eval",
            key=key,
            origin=key,
            text=text,
            title=record.get("title"),
            date=story_day(record).isoformat(),
            date_source="json",
        )

    for group in repeats:
        keys = {f"reuters-{record['id']}" for record in group}
        truth.append(keys)
        items.extend(item(f"reuters-{r['id']}", r["body"], r) for r in group)
    kinds = Counter[str]()
    for index, record in enumerate(sample):
        key = f"reuters-{record['id']}"
        items.append(item(key, record["body"], record))
        if index % 2:  # half the sample gets a copy, the other half stays alone
            continue
        kind = EDITS[(index // 2) % len(EDITS)]
        copy = edit(kind, record["body"], rng.choice(others)["body"], rng)
        if copy is None:
            continue
        kinds[kind] += 1
        copy_key = f"copy-{kind}-{record['id']}"
        items.append(item(copy_key, copy, record))
        truth.append({key, copy_key})
    rng.shuffle(items)
    return items, truth


def evaluate(items: list[RawItem], truth: list[set[str]], database_url: str) -> tuple[float, float]:
    """Store the items, print the figures, and return precision and recall."""
    engine = get_engine(database_url)
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    warm_up()
    started = time.perf_counter()
    for start in range(0, len(items), 500):
        batch = ParsedBatch(articles=[process_item(item) for item in items[start : start + 500]])
        store_parsed(batch, engine=engine, run_id=None)
    seconds = time.perf_counter() - started
    with Session(engine) as session:
        clusters = dict(session.exec(select(Article.key, Article.cluster)).all())
    members: dict[str, list[str]] = defaultdict(list)
    for key, cluster in clusters.items():
        members[cluster or key].append(key)
    predicted = {
        frozenset(pair)
        for group in members.values()
        for pair in itertools.combinations(sorted(group), 2)
    }
    same = {frozenset(pair) for group in truth for pair in itertools.combinations(sorted(group), 2)}
    # Recall counts the pairs where one keeps at least 80% of the other's text (a copy with a
    # paragraph added keeps all of the original; a short flash, all of itself in the story it
    # grew into); the rest are one story too (a clustered pair of them is right), but more
    # rewritten than required. For information, the pairs that keep 80% of each other.
    texts = {item.key: item.text or "" for item in items}
    shares = {pair: _kept(pair, texts) for pair in same}
    required = {pair for pair in same if shares[pair][1] >= KEEP}
    both_ways = {pair for pair in same if shares[pair][0] >= KEEP}
    precision = len(predicted & same) / len(predicted) if predicted else 1.0
    recall = len(predicted & required) / len(required) if required else 1.0
    print(
        f"stories stored: {len(clusters)} ({len(items)} items, {seconds:.1f} s through "
        f"store_parsed); clusters with more than one story: "
        f"{sum(1 for group in members.values() if len(group) > 1)}"
    )
    print(
        f"same-story pairs (truth): {len(same)}, of which one keeps >= {KEEP:.0%} of the other: "
        f"{len(required)}; clustered pairs: {len(predicted)}"
    )
    print(
        f"precision {precision:.4f} (floor {PRECISION_FLOOR}), "
        f"recall {recall:.4f} (floor {RECALL_FLOOR})"
    )
    print(
        f"  for information, recall over pairs that keep >= {KEEP:.0%} of each other: "
        f"{len(predicted & both_ways) / max(len(both_ways), 1):.4f} of {len(both_ways)} pairs"
    )
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for pair in required:
        kind = next((key.split("-")[1] for key in pair if key.startswith("copy-")), "repeat")
        by_kind[kind].append(pair in predicted)
    for kind, hits in sorted(by_kind.items()):
        print(f"  recall, {kind:9}: {sum(hits) / len(hits):.4f} of {len(hits)} pairs")
    wrong = sorted(predicted - same, key=sorted)
    for pair in wrong[:10]:
        first, second = sorted(pair)
        print(f"  false pair: {first} ~ {second}")
    missed = sorted(required - predicted, key=sorted)
    for pair in missed[:10]:
        first, second = sorted(pair)
        print(f"  missed pair: {first} ~ {second}")
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--stories", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"no Reuters-21578 at {args.data}: pass --data (see ../shared/data/README.md)")
    items, truth = build(load(args.data), args.stories, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/clusters.db"
        evaluate(items, truth, url)


if __name__ == "__main__":
    main()
