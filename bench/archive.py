"""Benchmark: a 1,000,000-article archive, on SQLite or PostgreSQL.

Builds the archive once (kept under bench/.data/ for SQLite, or in the database named by
``--database-url``; ``--rebuild`` starts again): 20,000 Reuters-21578 stories ingested by the real
pipeline (worker processes parse, one process writes), then copied in SQL with new ids, a source
per copy and dates moved by whole years and days until the archive holds ``--stories`` articles,
with their topics, places and cluster band keys (the band keys shifted per copy, so that copies
are not candidates of each other: an archive of different stories).

Then measures, each figure with the command it stands for:

- ``newsroom articles --topic T --since D --limit 50`` and ``--place CC``: the query alone and the
  whole command run in this process (engine, schema check, query, table), common and rare
  topics and places; ``newsroom show ID``: the same; and the query plans (``EXPLAIN``);
- ingest of 20,000 more stories into the full archive, against the same into an empty database;
- ``retag`` of one 20,000-article source of the archive, articles/s;
- the database's size per article.

    .venv/bin/python bench/archive.py                                 # SQLite, 1,000,000
    .venv/bin/python bench/archive.py --database-url postgresql+psycopg://postgres@127.0.0.1/bench
    .venv/bin/python bench/archive.py --stories 100000                # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("PREFECT_HOME", str(PROJECT_ROOT / ".prefect"))

from sqlalchemy import Engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from db import crud  # noqa: E402
from db.models import Article, ArticlePlace, ArticleTopic, ClusterBand, Source  # noqa: E402
from db.session import ensure_schema, get_engine  # noqa: E402
from newsroom.cli.app import app  # noqa: E402
from newsroom.services.ingesting import (  # noqa: E402
    BatchResult,
    batched_refs,
    parse_batches,
    store_job,
)
from newsroom.services.retagging import tag_batches, write_tags  # noqa: E402
from newsroom.stages.parallel import default_workers  # noqa: E402
from newsroom.stages.readers import discover  # noqa: E402
from newsroom.stages.topics import load_tagger  # noqa: E402

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"
DATA_DIR = PROJECT_ROOT / "bench" / ".data"
SEED_STORIES = 20_000
BATCH = 500
ID_PREFIX = 26  # article ids are 32 hex digits: a copy keeps 26 and adds its own 6


def write_lines(data: Path, target: Path, count: int, tag: str) -> None:
    """``count`` JSON Lines records from Reuters-21578 (cycled), ids made unique by ``tag``."""
    stories = [
        record
        for record in map(json.loads, data.open(encoding="utf-8"))
        if record.get("body") and record.get("date_iso")
    ]
    with target.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = stories[number % len(stories)]
            lead = f"{(record.get('dateline_raw') or '').strip()} {record['body']}"
            if number >= len(stories):
                lead += f"\n\n(copy {number // len(stories)})"
            line = {
                "id": f"{tag}-{number}",
                "title": record.get("title"),
                "text": lead,
                "date": record["date_iso"][:10],
            }
            out.write(json.dumps(line) + "\n")


def ingest_file(path: Path, engine: Engine, source: str) -> tuple[int, float]:
    """The pipeline's ingest (worker processes parse, this process writes); stored, seconds."""
    started = time.perf_counter()
    result = BatchResult()
    batches = batched_refs(discover([str(path)], chunk_lines=BATCH), BATCH)
    for parsed in parse_batches(
        batches, source=source, max_bytes=10**9, engine=engine, workers=default_workers()
    ):
        result.add(store_job(parsed, engine=engine, run_id=None))
    return result.stored, time.perf_counter() - started


def prepared(url: str) -> Engine:
    engine = get_engine(url)
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    return engine


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Article)).scalar() or 0)


def _columns(model: Any) -> list[str]:
    return [column.name for column in model.__table__.columns]


def copy_generation(engine: Engine, seed: int, generation: int) -> None:
    """One copy of the seed source's articles (and their topics, places and band keys) with new
    ids, a source of its own and its dates moved back ``generation`` years and days."""
    postgres = engine.dialect.name == "postgresql"
    suffix = f"{generation:06d}"
    days = 365 * generation + generation % 97

    def new_id(column: str) -> str:
        return f"substr({column}, 1, {ID_PREFIX}) || '{suffix}'"

    moved = f"published_date - {days}" if postgres else f"date(published_date, '-{days} days')"
    with engine.begin() as connection:
        source_id = connection.execute(
            text("INSERT INTO source (name, created_at) VALUES (:name, :now) RETURNING id"),
            {"name": f"archive-{generation}", "now": "2026-01-01T00:00:00+00:00"},
        ).scalar_one()
        values = {
            "id": new_id("id"),
            "source_id": str(source_id),
            "key": f"key || '#{suffix}'",
            "published_date": moved,
            "published": f"CAST({moved} AS TEXT)" if postgres else moved,
            "cluster": new_id("cluster"),
        }
        columns = _columns(Article)
        connection.execute(
            text(
                f"INSERT INTO article ({', '.join(columns)}) SELECT "
                + ", ".join(values.get(column, column) for column in columns)
                + f" FROM article WHERE source_id = {seed}"
            )
        )
        for model in (ArticleTopic, ArticlePlace, ClusterBand):
            columns = _columns(model)
            shifted = {"article_id": new_id("t.article_id")}
            if model is not ClusterBand:  # the listing date is the copy's own
                shifted["published_date"] = (
                    f"t.published_date - {days}"
                    if postgres
                    else f"date(t.published_date, '-{days} days')"
                )
            if model is ClusterBand:  # other keys, and the copy's own day
                shifted["band_key"] = f"t.band_key + {generation * 7919}"
                shifted["published_day"] = f"t.published_day - {days}"
            table = model.__tablename__
            connection.execute(
                text(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT "
                    + ", ".join(shifted.get(column, f"t.{column}") for column in columns)
                    + f" FROM {table} t WHERE t.article_id IN"
                    f" (SELECT id FROM article WHERE source_id = {seed})"
                )
            )


def build(engine: Engine, data: Path, stories: int) -> None:
    """The seed ingested by the pipeline, then copies until the archive is full (a build that
    was stopped goes on from its last whole copy)."""
    have = count(engine)
    if have >= stories:
        print(f"reusing the archive: {have:,} articles")
        return
    started = time.perf_counter()
    with Session(engine) as session:
        names = set(session.execute(select(Source.name)).scalars())
    if have and "archive-0" not in names:
        sys.exit(f"the database holds {have:,} articles, not an archive: pass --rebuild")
    if "archive-0" not in names:
        with tempfile.TemporaryDirectory() as folder:
            lines = Path(folder) / "seed.jsonl"
            write_lines(data, lines, SEED_STORIES, "seed")
            stored, seconds = ingest_file(lines, engine, "archive-0")
        print(f"  {stored:,} stories ingested by the pipeline in {seconds:.0f} s", flush=True)
    with Session(engine) as session:
        seed = session.execute(select(Source.id).where(Source.name == "archive-0")).scalar_one()
    generation = sum(1 for name in names if name.startswith("archive-")) or 1
    while count(engine) < stories:
        copy_generation(engine, seed, generation)
        if generation % 5 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {count(engine):,} articles ({elapsed:.0f} s)", flush=True)
        generation += 1
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    print(f"built {count(engine):,} articles in {time.perf_counter() - started:.0f} s")


def timed(run: Callable[[], object], repeat: int = 7) -> float:
    """Median milliseconds of ``run`` after one warm-up call."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def explain(engine: Engine, query: crud.ArticleFilter) -> Iterator[str]:
    with Session(engine) as session:
        codes = crud.topic_codes(query.topic, session=session) if query.topic else None
        statement = crud.article_query(query, codes=codes, dialect=engine.dialect.name)
        compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
        for row in session.execute(text(prefix + str(compiled))):
            yield "    " + " | ".join(str(value) for value in row)


def queries(engine: Engine, url: str, show_plans: bool) -> None:
    runner = CliRunner()
    with Session(engine) as session:
        some_id = session.execute(select(Article.id).where(Article.cluster.is_not(None)).limit(1))
        article_id = some_id.scalar_one()
        newest = session.execute(select(func.max(Article.published_date))).scalar_one()
    since = newest.replace(year=newest.year - 1).isoformat()
    cases = [
        ("--topic medtop:04000000 (economy: most stories)", ["--topic", "medtop:04000000"]),
        ("--topic medtop:15000000 (sport: few stories)", ["--topic", "medtop:15000000"]),
        ("--topic sport (a label)", ["--topic", "sport"]),
        ("--place US (most stories)", ["--place", "US"]),
        ("--place NZ (few stories)", ["--place", "NZ"]),
    ]
    print(f"queries (median of 7 after a warm-up; --since {since}, --limit 50):")
    for name, options in cases:
        for with_since in (False, True):
            args = [*options, *(["--since", since] if with_since else []), "--limit", "50"]
            filters = crud.ArticleFilter(
                topic=options[1] if options[0] == "--topic" else None,
                place=options[1] if options[0] == "--place" else None,
                since=__import__("datetime").date.fromisoformat(since) if with_since else None,
            )

            def query(filters: crud.ArticleFilter = filters) -> object:
                with Session(engine) as session:
                    return crud.list_articles(filters, session=session)

            def command(args: list[str] = args, table: bool = False) -> object:
                shape = [] if table else ["--json"]
                result = runner.invoke(app, ["articles", *args, *shape, "--database-url", url])
                assert result.exit_code == 0, result.output
                return result

            found = len(query())  # type: ignore[arg-type]
            label = f"{name}{' --since' if with_since else ''}"
            print(
                f"  articles {label:<52} query {timed(query):6.1f} ms, command --json "
                f"{timed(command):6.1f} ms, as a table {timed(lambda: command(table=True)):6.1f}"
                f" ms ({found} rows)"
            )
            if show_plans and with_since:
                print("\n".join(explain(engine, filters)))

    def show(shape: tuple[str, ...] = ("--json",)) -> object:
        result = runner.invoke(app, ["show", article_id, *shape, "--database-url", url])
        assert result.exit_code == 0, result.output
        return result

    def show_query() -> object:
        with Session(engine) as session:
            article = crud.find_article(article_id, session=session)
            assert article is not None
            crud.article_tags(article.id, session=session)
            crud.article_versions(article.id, session=session)
            return crud.cluster_members(article.cluster or "", session=session)

    print(
        f"  show {article_id:<56} query {timed(show_query):6.1f} ms, command --json "
        f"{timed(show):6.1f} ms, as text {timed(lambda: show(())):6.1f} ms"
    )
    prefix = article_id[:8]

    def show_prefix() -> object:
        result = runner.invoke(app, ["show", prefix, "--json", "--database-url", url])
        return result

    print(f"  show {prefix} (an id prefix){'':<37} command --json {timed(show_prefix):6.1f} ms")


def more_ingest(engine: Engine, url: str, data: Path) -> None:
    """20,000 new stories into the full archive and into an empty database, interleaved."""
    with tempfile.TemporaryDirectory() as folder:
        rates: dict[str, list[float]] = {"empty": [], "archive": []}
        run = int(time.time())  # new stories each time the benchmark runs
        for round_number in range(2):
            lines = Path(folder) / f"more-{round_number}.jsonl"
            write_lines(data, lines, SEED_STORIES, f"more{run}-{round_number}")
            empty_url = _empty_database(url, folder, round_number)
            stored, seconds = ingest_file(lines, prepared(empty_url), "more")
            rates["empty"].append(stored / seconds)
            stored, seconds = ingest_file(lines, engine, f"more-{run}-{round_number}")
            rates["archive"].append(stored / seconds)
            print(
                f"  round {round_number + 1}: empty database {rates['empty'][-1]:,.0f} "
                f"articles/s, full archive {rates['archive'][-1]:,.0f} articles/s"
            )
            _drop_empty(url, empty_url)
        empty, archive = (statistics.median(rates[name]) for name in ("empty", "archive"))
        print(
            f"ingest of 20,000 more: {archive:,.0f} articles/s into the archive, {empty:,.0f} "
            f"into an empty database ({archive / empty:.0%})"
        )


def _empty_database(url: str, folder: str, number: int) -> str:
    if make_url(url).get_backend_name() == "sqlite":
        return f"sqlite:///{Path(folder) / f'empty-{number}.db'}"
    name = f"{make_url(url).database}_empty_{number}"
    admin = get_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _drop_empty(url: str, empty_url: str) -> None:
    get_engine(empty_url).dispose()
    if make_url(url).get_backend_name() == "sqlite":
        return
    admin = get_engine(url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(empty_url).database}"'))


def retag_source(engine: Engine) -> None:
    with Session(engine) as session:
        ids = list(
            session.execute(
                select(Article.id)
                .join(Source, Source.id == Article.source_id)
                .where(Source.name == "archive-1")
                .order_by(Article.id)
            ).scalars()
        )
    batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
    started = time.perf_counter()
    done = 0
    for tagged in tag_batches(batches, engine=engine, workers=default_workers()):
        done += write_tags(tagged, engine=engine).articles
    seconds = time.perf_counter() - started
    print(
        f"retag of one source ({done:,} articles of the archive): {done / seconds:,.0f} articles/s"
    )


def size(engine: Engine, url: str) -> None:
    articles = count(engine)
    if engine.dialect.name == "sqlite":
        path = Path(make_url(url).database or "")
        total = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    else:
        with Session(engine) as session:
            total = session.execute(
                text("SELECT pg_database_size(current_database())")
            ).scalar_one()
    print(f"database size: {total / 1e9:.2f} GB, {total / articles / 1024:.1f} KiB per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--stories", type=int, default=1_000_000)
    parser.add_argument("--database-url", help="PostgreSQL (its database is created if missing)")
    parser.add_argument("--rebuild", action="store_true", help="build the archive again")
    parser.add_argument("--plans", action="store_true", help="print the query plans")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["queries", "ingest", "retag"], help="parts"
    )
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"Reuters-21578 not found at {args.data}; pass --data")
    url = args.database_url or f"sqlite:///{DATA_DIR / f'archive-{args.stories}.db'}"
    if make_url(url).get_backend_name() == "sqlite":
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if args.rebuild:
            for path in DATA_DIR.glob(f"archive-{args.stories}.db*"):
                path.unlink()
    else:
        _create_database(url, drop=args.rebuild)
    engine = prepared(url)
    print(f"{engine.dialect.name}: {make_url(url).render_as_string()}")
    build(engine, args.data, args.stories)
    size(engine, url)
    if "queries" not in args.skip:
        queries(engine, url, args.plans)
    if "retag" not in args.skip:
        retag_source(engine)
    if "ingest" not in args.skip:
        more_ingest(engine, url, args.data)
        size(engine, url)


def _create_database(url: str, *, drop: bool) -> None:
    admin_url = make_url(url).set(database="postgres")
    name = make_url(url).database
    admin = get_engine(admin_url.render_as_string(hide_password=False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).scalar()
        if exists and drop:
            connection.execute(text(f'DROP DATABASE "{name}"'))
        if not exists or drop:
            connection.execute(text(f'CREATE DATABASE "{name}"'))


if __name__ == "__main__":
    main()
