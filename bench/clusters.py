"""Benchmark the story-cluster look-up with a million stories already stored.

Builds a database of ``--stories`` stored stories (default 1,000,000) with their signatures and
band keys, written straight into the tables (the pipeline would take hours to make them), then
clusters 1,000 Reuters-21578 stories in batches of 500 as the ingest task does
(:func:`newsroom.services.clustering.cluster_articles`, inside a transaction that is rolled back,
so every round sees the same database) and prints the milliseconds per article: the signature
(MinHash over shingles), the look-up (the band-key query, the candidates' signatures, and
comparing each story with its candidates: the whole step but signatures and writes), and the
writes (cluster and band rows).

The stored signatures are random, which alone would make no candidates at all. Real archives
do: on Reuters-21578, a story shares a band key with about 34 of a million others (routine
items, common phrases; see the README). So each measured story gets 40 stored decoys that share
one of its band keys, and one in ten gets a stored copy it joins. Chance candidates are not
random stories: they are related ones (the same routine item with other figures), agreeing on
a median 18% of their MinHash values. Each decoy agrees with its story on as many values as a
chance candidate drawn from Reuters-21578's own (pairs that share a band and are no copies), so
that any filter before the comparison meets decoys like real candidates; and it runs as many
days away from its story as that candidate ran from its own (24% within the 3 days copies run
in: Reuters-21578 spans months, an archive of a million stories years, so fewer of its chance
candidates are that near). A decoy published near enough is fetched and compared, then
rejected; the others are passed over by their band rows' day. ``--same-day`` puts every decoy on
its story's day instead: the worst case, where no candidate is passed over.

The other stored stories run over about three years, and the measured ones on one day.

Usage: .venv/bin/python bench/clusters.py [--stories 1000000] [--database-url URL] [--keep]
       [--same-day]
       (default: a SQLite file under bench/.data/, built once and reused with --keep)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import numpy as np  # noqa: E402
from sqlalchemy import Engine, func, insert, select, text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from db import crud  # noqa: E402
from db.models import Article, ClusterBand, Source  # noqa: E402
from db.session import ensure_schema, get_engine  # noqa: E402
from newsroom.core.models import ParsedArticle  # noqa: E402
from newsroom.services import clustering  # noqa: E402
from newsroom.services.clustering import cluster_articles  # noqa: E402
from newsroom.stages import clusters  # noqa: E402

REUTERS = PROJECT_ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
QUERIES, BATCH, DECOYS = 1000, 500, 40
CHUNK = 20_000
DAY = "1987-03-15"  # the measured stories' day
QUERY_DAY = dt.date.fromisoformat(DAY)
SPAN_DAYS = 1000
WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def article_row(
    article_id: str, source_id: int, signature: bytes | None, cluster: str, day: dt.date
) -> dict:
    return {
        "id": article_id,
        "source_id": source_id,
        "key": article_id,
        "origin": "bench",
        "text": "",
        "word_count": 0,
        "repairs": 0,
        "keywords": [],
        "notes": [],
        "content_hash": article_id,
        "status": "usable",
        "published_date": day,
        "cluster": cluster,
        "minhash": signature,
        "created_at": WHEN,
        "updated_at": WHEN,
    }


def source_id(engine: Engine) -> int:
    with Session(engine) as session:
        found = session.execute(select(Source.id).where(Source.name == "bench")).scalar()
        if found is None:
            session.execute(insert(Source).values(name="bench", created_at=WHEN))
            session.commit()
            found = session.execute(select(Source.id).where(Source.name == "bench")).scalar()
        return int(found)


def stored_count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Article)).scalar() or 0)


def write(engine: Engine, articles: list[dict], bands: list[tuple[str, int, int]]) -> None:
    with engine.begin() as connection:
        connection.execute(insert(Article), articles)
        if engine.dialect.name == "postgresql":
            raw = connection.connection.driver_connection
            with raw.cursor() as cursor:  # type: ignore[union-attr]
                with cursor.copy(
                    "COPY cluster_band (article_id, band_key, published_day) FROM STDIN"
                ) as copy:
                    for row in bands:
                        copy.write_row(row)
        else:
            connection.execute(
                insert(ClusterBand),
                [{"article_id": a, "band_key": k, "published_day": d} for a, k, d in bands],
            )


def chance_pairs() -> tuple[np.ndarray, np.ndarray]:
    """Every pair of dated Reuters-21578 stories that share a band key and are no copies (below
    the threshold): its estimated similarity, and how many days apart the two ran."""
    signatures, days = {}, {}
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            packed = clusters.signature(f"{record.get('title') or ''} {record.get('body') or ''}")
            if packed is not None and record.get("date_iso"):
                signatures[record["id"]] = packed
                days[record["id"]] = dt.date.fromisoformat(record["date_iso"][:10])
    under: dict[int, list[str]] = {}
    for story, packed in signatures.items():
        for key in clusters.band_keys(packed):
            under.setdefault(key, []).append(story)
    similar, apart = [], []
    for story, packed in signatures.items():
        others = {o for key in clusters.band_keys(packed) for o in under[key]} - {story}
        for other in others:
            value = clusters.similarity(packed, signatures[other])
            if value < clusters.THRESHOLD:
                similar.append(value)
                apart.append((days[other] - days[story]).days)
    return np.array(similar), np.array(apart)


def build(engine: Engine, stories: int, queries: list[ParsedArticle], same_day: bool) -> None:
    """Random stored stories, and for the measured ones their decoys and copies."""
    have = stored_count(engine)
    if have >= stories:
        print(f"reusing {have:,} stored stories")
        if spread(engine) == same_day:
            sys.exit(
                f"this database's decoys {'are' if same_day else 'are not'} spread in time: "
                f"build {'without' if same_day else 'with'} --same-day, or use another one"
            )
        return
    owner = source_id(engine)
    rng = np.random.default_rng(7)
    started = time.perf_counter()
    chance, apart = chance_pairs()
    near = np.abs(apart) <= clusters.MAX_DAYS_APART
    print(
        f"{len(chance):,} chance candidates among Reuters-21578's stories, similarity median "
        f"{np.median(chance):.2f}, {near.mean():.0%} of them run within "
        f"{clusters.MAX_DAYS_APART} days of the story"
        + (" (decoys all on the story's day: --same-day)" if same_day else "")
    )
    # decoys and copies of the measured stories first
    articles, bands = [], []
    for index, query in enumerate(queries):
        packed = clusters.signature(query.text)
        assert packed is not None
        values = clusters.values(packed)
        keys = clusters.band_keys(packed)
        for decoy in range(DECOYS):
            band = decoy % clusters.BANDS
            signature = rng.integers(0, 2**32, clusters.NUM_PERM, dtype=np.uint32)
            shared = np.arange(band * clusters.ROWS, (band + 1) * clusters.ROWS)
            others = np.setdiff1d(np.arange(clusters.NUM_PERM), shared)
            pair = int(rng.integers(len(chance)))  # a real chance candidate's similarity and day
            agreeing = max(0, round(float(chance[pair]) * clusters.NUM_PERM) - len(shared))
            shared = np.concatenate([shared, rng.choice(others, agreeing, replace=False)])
            signature[shared] = values[shared]
            decoy_id = f"decoy-{index}-{decoy}"
            day = QUERY_DAY + dt.timedelta(days=0 if same_day else int(apart[pair]))
            articles.append(article_row(decoy_id, owner, signature.tobytes(), decoy_id, day))
            bands.append((decoy_id, keys[band], clusters.day_number(day)))
        if index % 10 == 0:
            copy_id = f"copy-{index}"
            articles.append(article_row(copy_id, owner, packed, copy_id, QUERY_DAY))
            bands.extend((copy_id, key, clusters.day_number(QUERY_DAY)) for key in keys)
    write(engine, articles, bands)
    made = len(articles)
    while made < stories:
        size = min(CHUNK, stories - made)
        signatures = rng.integers(0, 2**32, (size, clusters.NUM_PERM), dtype=np.uint32)
        # A million stories run over about three years: a thousand a day.
        offsets = rng.integers(-SPAN_DAYS // 2, SPAN_DAYS // 2, size)
        articles, bands = [], []
        for row in range(size):
            article_id = f"s{made + row:09d}"
            packed = signatures[row].tobytes()
            day = QUERY_DAY + dt.timedelta(days=int(offsets[row]))
            articles.append(article_row(article_id, owner, packed, article_id, day))
            bands.extend(
                (article_id, key, clusters.day_number(day)) for key in clusters.band_keys(packed)
            )
        write(engine, articles, bands)
        made += size
        if made % 100_000 < CHUNK:
            print(f"  {made:,} stories stored ({time.perf_counter() - started:.0f} s)", flush=True)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE article"))
            connection.execute(text("ANALYZE cluster_band"))
    print(f"built {made:,} stories in {time.perf_counter() - started:.0f} s")


def spread(engine: Engine) -> bool:
    """Whether the stored decoys run on other days than the measured stories."""
    with engine.connect() as connection:
        found = connection.execute(
            text("SELECT count(*) FROM article WHERE id LIKE 'decoy-%' AND published_date <> :day"),
            {"day": QUERY_DAY},
        ).scalar()
        return bool(found)


def load_queries() -> list[ParsedArticle]:
    records = []
    with REUTERS.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("body") and len(record["body"].split()) >= 80:
                records.append(record)
    random.Random(3).shuffle(records)
    return [
        ParsedArticle(
            id=f"query-{record['id']}",
            source="bench",
            key=f"query-{record['id']}",
            origin="bench",
            title=record.get("title"),
            title_source=None,
            published=DAY,
            published_source=None,
            byline=None,
            language="en",
            text=" ".join(record["body"].split()),
            lede=None,
            word_count=len(record["body"].split()),
            dateline=None,
            topics=[],
            places=[],
            url=None,
            content_hash=str(record["id"]),
        )
        for record in records[:QUERIES]
    ]


PARTS = {  # what the cluster step calls, by part; the look-up is the rest of the step
    "signature": ("signature", "band_keys"),
    "queries": ("band_matches", "cluster_candidates"),
    "writes": ("save_clusters",),
}


SPENT = dict.fromkeys(PARTS, 0.0)


def timed(spent: dict[str, float]) -> None:
    """Time the cluster step's calls by part into ``spent`` (bench only: wraps, once, the names
    the service uses)."""
    for part, names in PARTS.items():
        for name in names:
            owner = clustering if hasattr(clustering, name) else crud
            function = getattr(owner, name)

            def wrapper(*args: Any, _function: Any = function, _part: str = part, **kw: Any) -> Any:
                began = time.perf_counter()
                try:
                    return _function(*args, **kw)
                finally:
                    spent[_part] += time.perf_counter() - began

            setattr(owner, name, wrapper)


def measure(engine: Engine, queries: list[ParsedArticle]) -> tuple[dict[str, float], int]:
    """Milliseconds per article, for the whole cluster step and by part; and how many joined
    a stored copy."""
    owner = source_id(engine)
    spent = SPENT
    spent.update(dict.fromkeys(PARTS, 0.0))
    total, joined = 0.0, 0
    for start in range(0, len(queries), BATCH):
        batch = queries[start : start + BATCH]
        with Session(engine) as session:
            session.execute(
                insert(Article), [article_row(q.id, owner, None, None, QUERY_DAY) for q in batch]
            )
            session.flush()
            began = time.perf_counter()
            assigned = cluster_articles(
                batch, {q.id: "stored" for q in batch}, set(), session=session
            )
            total += time.perf_counter() - began
            joined += sum(1 for q in batch if assigned[q.id].startswith("copy-"))
            session.rollback()
    per_article = {part: seconds * 1000 / len(queries) for part, seconds in spent.items()}
    step = total * 1000 / len(queries)
    # The look-up: everything in the step but making signatures and writing (the two
    # queries, and comparing each story with its candidates).
    lookup = step - per_article["signature"] - per_article["writes"]
    return {"cluster step": step, "look-up": lookup, **per_article}, joined


def tidy(engine: Engine) -> None:
    """Clear what the previous round left on PostgreSQL. A round's writes are rolled back, but
    their index entries stay until VACUUM, under the very band keys the next round looks up:
    each look-up would visit the heap to find them dead, which a real ingest, looking up new
    stories' keys, never does. (SQLite's rollback leaves nothing behind.)"""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM cluster_band, article"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--keep", action="store_true", help="keep the built SQLite file")
    parser.add_argument(
        "--same-day",
        action="store_true",
        help="store every decoy on its story's day (the worst case: no candidate is passed over "
        "for its day); the default dates them as Reuters-21578's own chance candidates run",
    )
    args = parser.parse_args()
    if not REUTERS.exists():
        sys.exit(f"no Reuters-21578 at {REUTERS} (see ../shared/data/README.md)")
    data = PROJECT_ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    path = data / f"clusters-{args.stories}{'-same-day' if args.same_day else ''}.db"
    url = args.database_url or f"sqlite:///{path}"
    engine = get_engine(url)
    ensure_schema(engine)
    queries = load_queries()
    build(engine, args.stories, queries, args.same_day)
    stored = stored_count(engine)
    # What is loaded stays out of the collector's rounds, as in an ingest worker
    # (newsroom.stages.pipeline.warm_up): a full collection walks only what the step makes.
    gc.collect()
    gc.freeze()
    timed(SPENT)
    for round_number in (1, 2, 3):
        tidy(engine)
        times, joined = measure(engine, queries)
        parts = (
            f"signature {times['signature']:.3f}, look-up {times['look-up']:.3f} (of which "
            f"queries {times['queries']:.3f}), writes {times['writes']:.3f}"
        )
        print(
            f"round {round_number}: {engine.dialect.name}, {stored:,} stories stored: cluster "
            f"step {times['cluster step']:.3f} ms per article ({parts}); {joined} of "
            f"{len(queries)} joined their stored copy",
            flush=True,
        )
    engine.dispose()
    if args.database_url is None and not args.keep:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
