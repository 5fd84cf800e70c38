"""Storage on real SQLite and PostgreSQL: migrations, idempotent upserts, concurrent writers."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, inspect
from sqlmodel import Session, select

from db import crud
from db.models import Article, ArticlePlace, ArticleTopic, Failure, Source, Topic
from db.session import current_revision, ensure_schema, head_revision
from newsroom.core.models import FailureRecord, RawItem
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import ParsedBatch, parse_refs, store_parsed
from newsroom.stages.pipeline import process_item, warm_up
from newsroom.stages.readers import discover
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topics import load_tagger

SEED = (
    "UNITED NATIONS (AP) — U.N. Secretary-General António Guterres plans to meet with "
    "Russian President Vladimir Putin next week to make an urgent plea for peace in Ukraine, "
    "the world body said Friday.\n\nKremlin spokesman Dmitry Peskov confirmed the meeting."
)


def make_articles(count: int, *, prefix: str = "story", text: str = SEED):
    return [
        process_item(
            RawItem(
                source="wire",
                key=f"{prefix}-{number}",
                origin=f"{prefix}:{number}",
                text=f"{text}\n\nStory number {number}.",
                date="2022-04-22",
                date_source="json",
            )
        )
        for number in range(count)
    ]


def prepare(engine: Engine) -> None:
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    name = "sqlite_engine" if request.param == "sqlite" else "postgres_engine"
    engine = request.getfixturevalue(name)
    prepare(engine)
    return engine


def test_migrations_create_every_table(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {
        "source",
        "article",
        "topic",
        "article_topic",
        "article_place",
        "ingest_run",
        "failure",
        "alembic_version",
    } <= tables
    ensure_schema(engine)  # a second upgrade is a no-op
    assert count(engine, Topic) > 1000


def test_upsert_is_idempotent_and_updates_changed_articles(engine: Engine) -> None:
    articles = make_articles(5)
    result = store_parsed(ParsedBatch(articles=articles), engine=engine, run_id=None)
    assert (result.stored, result.updated, result.unchanged) == (5, 0, 0)
    links = count(engine, ArticleTopic)
    assert links > 0
    assert count(engine, ArticlePlace) > 0

    again = store_parsed(ParsedBatch(articles=make_articles(5)), engine=engine, run_id=None)
    assert (again.stored, again.updated, again.unchanged) == (0, 0, 5)
    assert count(engine, Article) == 5
    assert count(engine, ArticleTopic) == links
    assert count(engine, Source) == 1

    edited = make_articles(5, text=SEED.replace("next week", "on Tuesday"))
    changed = store_parsed(ParsedBatch(articles=edited[:2]), engine=engine, run_id=None)
    assert (changed.stored, changed.updated, changed.unchanged) == (0, 2, 0)
    with Session(engine) as session:
        article = session.get(Article, edited[0].id)
        assert article is not None and "on Tuesday" in article.text
        assert article.dateline_city == edited[0].dateline.city  # type: ignore[union-attr]
    assert count(engine, Article) == 5


def test_failures_are_recorded_with_source_stage_and_reason(engine: Engine) -> None:
    batch = ParsedBatch(
        articles=make_articles(1),
        failures=[
            FailureRecord(source="files", origin="bad.txt", stage="decode", reason="binary file")
        ],
    )
    result = store_parsed(batch, engine=engine, run_id=None)
    assert result.stored == 1 and result.failed == 1
    assert result.failed_by_stage == {"decode": 1}
    with Session(engine) as session:
        [failure] = session.exec(select(Failure)).all()
    assert (failure.source, failure.origin, failure.stage, failure.reason) == (
        "files",
        "bad.txt",
        "decode",
        "binary file",
    )


@pytest.mark.postgres
def test_a_refused_row_fails_alone(postgres_engine: Engine) -> None:
    prepare(postgres_engine)
    articles = make_articles(3)
    dateline = articles[1].dateline
    assert dateline is not None  # a value PostgreSQL refuses for a float column
    articles[1] = replace(articles[1], dateline=replace(dateline, latitude="north"))
    result = store_parsed(ParsedBatch(articles=articles), engine=postgres_engine, run_id=None)
    assert result.stored == 2
    assert result.failed == 1
    assert result.failures[0].stage == "store"
    assert result.failures[0].origin == articles[1].origin
    assert count(postgres_engine, Article) == 2


def test_any_error_in_a_batch_write_fails_only_its_article(engine: Engine) -> None:
    """Not only what the database refuses: a value no driver can bind, or a row that cannot be
    built, sends the batch through one by one, and the bad article fails alone."""
    articles = make_articles(4)
    articles[1] = replace(articles[1], published="not a date")  # the row cannot be built
    articles[2] = replace(articles[2], word_count=2**70)  # no integer column holds it
    result = store_parsed(ParsedBatch(articles=articles), engine=engine, run_id=None)
    assert (result.stored, result.failed) == (2, 2)
    failures = {failure.origin: failure for failure in result.failures}
    assert set(failures) == {articles[1].origin, articles[2].origin}
    assert all(failure.stage == "store" for failure in failures.values())
    assert failures[articles[1].origin].error_type == "ValueError"
    assert count(engine, Article) == 2
    with Session(engine) as session:
        stored = {failure.origin: failure.error_type for failure in session.exec(select(Failure))}
    assert stored == {origin: failure.error_type for origin, failure in failures.items()}


def test_unencodable_strings_are_stored_everywhere(engine: Engine) -> None:
    """Lone surrogates (which no driver encodes) and NULs (which PostgreSQL refuses) in any
    field, JSON ones included, are made storable instead of failing the batch."""
    [article] = make_articles(1)
    article = replace(
        article, title="Title \udc80\x00", keywords=["k\ud800"], byline="B\udfff", notes=["n\udc80"]
    )
    failure = FailureRecord(
        source="files",
        origin="caf\udce9.txt",
        stage="read",
        reason="bad \udc80",
        error_type="ReadError",
    )
    result = store_parsed(
        ParsedBatch(articles=[article], failures=[failure]), engine=engine, run_id=None
    )
    assert (result.stored, result.failed) == (1, 1)
    with Session(engine) as session:
        stored = session.get(Article, article.id)
        [recorded] = session.exec(select(Failure)).all()
    assert stored is not None
    assert (stored.title, stored.keywords, stored.byline, stored.notes) == (
        "Title \ufffd",
        ["k\ufffd"],
        "B\ufffd",
        ["n\ufffd"],
    )
    assert (recorded.origin, recorded.reason) == ("caf\ufffd.txt", "bad \ufffd")


@pytest.mark.postgres
def test_concurrent_writers_never_duplicate(postgres_engine: Engine) -> None:
    prepare(postgres_engine)
    articles = make_articles(60)
    errors: list[BaseException] = []

    def write(part: list) -> None:
        try:
            for start in range(0, len(part), 10):
                store_parsed(
                    ParsedBatch(articles=part[start : start + 10]),
                    engine=postgres_engine,
                    run_id=None,
                )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    # four writers over overlapping slices of the same articles
    parts = [articles[0:40], articles[20:60], articles[10:50], articles[::-1]]
    threads = [threading.Thread(target=write, args=(part,)) for part in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert count(postgres_engine, Article) == 60
    with Session(postgres_engine) as session:
        per_article = session.exec(
            select(ArticleTopic.article_id, func.count()).group_by(ArticleTopic.article_id)
        ).all()
    assert len(per_article) == 60
    assert len({n for _, n in per_article}) == 1  # every copy got the same tags, once


@pytest.mark.postgres
def test_long_values_and_nul_characters_fit_postgresql(postgres_engine: Engine) -> None:
    prepare(postgres_engine)
    [article] = make_articles(1)
    dateline = article.dateline
    assert dateline is not None
    article = replace(
        article,
        source="s" * 250,
        title="Title\x00 with a NUL",
        dateline=replace(dateline, location="L" * 260, agency="A" * 80),
        published="2024-05-06T09:30:00.123456+05:30:15.123456",
    )
    result = store_parsed(
        ParsedBatch(
            articles=[article], failures=[FailureRecord("f" * 250, "x.txt", "read", "reason")]
        ),
        engine=postgres_engine,
        run_id=None,
    )
    assert (result.stored, result.failed) == (1, 1)
    with Session(postgres_engine) as session:
        stored = session.get(Article, article.id)
        source = session.exec(select(Source)).one()
    assert stored is not None and stored.title == "Title with a NUL"
    assert stored.dateline_location == "L" * 200 and len(source.name) == 200


def test_a_broken_rules_file_fails_each_item_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("topics: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_TOPIC_RULES", str(rules))
    get_settings.cache_clear()
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("LONDON, Jan 2 (Reuters) - Shares rose.", encoding="utf-8")
    refs = list(discover([str(tmp_path / "*.txt")]))
    batch, unchanged = parse_refs(refs, source="files", max_bytes=1_000_000)
    assert batch.articles == [] and unchanged == 0
    assert [(f.stage, Path(f.origin).name) for f in batch.failures] == [
        ("topics", "a.txt"),
        ("topics", "b.txt"),
    ]
    assert all(str(rules) in f.reason and "not valid YAML" in f.reason for f in batch.failures)


def test_warm_up_takes_the_loaded_resources_out_of_the_collectors_rounds() -> None:
    warm_up()
    assert gc.get_freeze_count() > 100_000  # the gazetteer, word lists, vocabulary and rules


def test_only_an_unavailable_database_is_an_error_of_the_database(tmp_path: Path) -> None:
    """What is retried and fails a run: the database unreachable or locked, nothing else."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from db.session import database_unavailable

    errors: list[BaseException] = []
    for url in (
        "postgresql+psycopg://nobody@127.0.0.1:1/none",  # nothing listens there
        f"sqlite:///{tmp_path}/missing/folder/x.db",
    ):  # cannot be opened
        try:
            with create_engine(url).connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as exc:
            errors.append(exc)
    assert [database_unavailable(error) for error in errors] == [True, True]
    assert database_unavailable(ValueError("bad row")) is False
    assert database_unavailable(UnicodeEncodeError("utf-8", "\udc80", 0, 1, "surrogate")) is False


def test_the_migrations_build_exactly_the_models(engine: Engine) -> None:
    """Alembic owns the schema: a model changed without a migration fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from db.models import in_models

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": in_models})
        assert compare_metadata(context, SQLModel.metadata) == []


def _story(key: str, text: str, date: str | None):
    return process_item(
        RawItem(source="desk", key=key, origin=key, text=text, date=date, date_source="json")
    )


ECONOMY = (
    "LONDON (Reuters) - Shares fell and the central bank raised interest rates as inflation rose."
)
SPORT = "PARIS (AFP) - The football team won the league title after a late goal in the final match."


def test_listings_by_topic_and_place_newest_first_undated_last(engine: Engine) -> None:
    stories = [
        _story("e-old", ECONOMY, "2020-01-02"),
        _story("e-new", ECONOMY, "2024-05-06"),
        _story("e-mid", ECONOMY, "2022-03-04"),
        _story("e-none", ECONOMY, None),
        _story("s-new", SPORT, "2024-06-01"),
    ]
    store_parsed(ParsedBatch(articles=stories), engine=engine, run_id=None)

    def keys(**filters: object) -> list[str]:
        with Session(engine) as session:
            rows = crud.list_articles(crud.ArticleFilter(**filters), session=session)  # type: ignore[arg-type]
            return [article.key for article, _ in rows]

    economy = "medtop:04000000"
    assert keys(topic=economy) == ["e-new", "e-mid", "e-old", "e-none"]
    assert keys(topic="economy, business and finance") == keys(topic=economy)  # by label
    assert keys(topic=economy, limit=2) == ["e-new", "e-mid"]
    assert keys(topic=economy, since=dt.date(2021, 1, 1)) == ["e-new", "e-mid"]
    assert keys(topic=economy, until=dt.date(2021, 1, 1)) == ["e-old"]
    assert keys(place="gb") == ["e-new", "e-mid", "e-old", "e-none"]  # dateline LONDON
    assert keys(place="FR") == ["s-new"]
    assert keys(place="GB", topic="medtop:15000000") == []
    assert keys(topic="medtop:15000000", place="FR") == ["s-new"]
    assert keys() == ["s-new", "e-new", "e-mid", "e-old", "e-none"]
    assert keys(topic="no such topic") == []
    with Session(engine) as session:  # the listing dates are the articles' own
        dates = {
            (row.article_id, row.published_date) for row in session.exec(select(ArticleTopic)).all()
        } | {(row.article_id, row.published_date) for row in session.exec(select(ArticlePlace))}
        published = {a.id: a.published_date for a in session.exec(select(Article))}
    assert dates and all(published[article_id] == date for article_id, date in dates)


def test_retagging_keeps_the_listing_date(engine: Engine) -> None:
    from newsroom.services.retagging import retag_articles

    story = _story("e-1", ECONOMY, "2023-07-08")
    store_parsed(ParsedBatch(articles=[story]), engine=engine, run_id=None)
    with Session(engine) as session:
        for row in session.exec(select(ArticleTopic)):
            session.delete(row)
        session.commit()
    assert retag_articles([story.id], engine=engine, tagger=get_tagger()).changed == 1
    with Session(engine) as session:
        rows = session.exec(select(ArticleTopic)).all()
    assert rows and {row.published_date.isoformat() for row in rows if row.published_date} == {
        "2023-07-08"
    }
    assert all(row.published_date is not None for row in rows)
