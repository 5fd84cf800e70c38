"""Full-text search: ``newsroom articles --search`` on SQLite (FTS5) and PostgreSQL (tsvector),
kept in step with the stored articles by the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session

from db import crud
from db.session import alembic_config, ensure_schema, get_engine
from newsroom.core.models import RawItem
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.stages.pipeline import process_item
from newsroom.stages.topics import load_tagger
from tests.cli import newsroom

BANK = "LONDON (Reuters) - The central bank raised interest rates as inflation rose in Britain."
MATCH = "PARIS (AFP) - The football team won the league title after a late goal in the final."
PEACE = (
    "UNITED NATIONS (AP) - U.N. Secretary-General António Guterres will meet Vladimir Putin "
    "next week to plead for peace."
)


def _story(key: str, body: str, title: str | None = None):
    return process_item(
        RawItem(
            source="desk",
            key=key,
            origin=f"{key}.json",
            text=body,
            title=title,
            date="2024-05-06",
            date_source="json",
        )
    )


def _store(engine: Engine, *stories: object) -> None:
    with Session(engine) as session:  # the vocabulary first: tags refer to it
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    store_parsed(ParsedBatch(articles=list(stories)), engine=engine, run_id=None)  # type: ignore[arg-type]


def _keys(engine: Engine, words: str, **filters: object) -> list[str]:
    with Session(engine) as session:
        query = crud.ArticleFilter(search=words, **filters)  # type: ignore[arg-type]
        return sorted(article.key for article, _ in crud.list_articles(query, session=session))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    engine = request.getfixturevalue(f"{request.param}_engine")
    _store(
        engine, _story("bank", BANK, "Rates up again"), _story("match", MATCH), _story("un", PEACE)
    )
    return engine


def test_search_finds_words_in_the_text_and_the_title(engine: Engine) -> None:
    assert _keys(engine, "inflation") == ["bank"]
    assert _keys(engine, "INFLATION Britain") == ["bank"]  # every word, case aside
    assert _keys(engine, "inflation football") == []
    assert _keys(engine, "rates again") == ["bank"]  # "again" is only in the title
    assert _keys(engine, "Guterres") == ["un"]
    assert _keys(engine, '"late goal"') == ["match"]  # a phrase
    assert _keys(engine, '"goal late"') == []
    assert _keys(engine, "the") == ["bank", "match"]
    assert _keys(engine, "the", source="nobody") == []  # with the other filters


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ('"unbalanced', []),
        ("title:*", ["match"]),  # the word "title", not FTS5's column filter
        ("-", []),
        ("AND OR NOT", []),
        ("(", []),
        ('""', []),
    ],
)
def test_no_input_is_a_search_syntax_error(engine: Engine, words: str, expected: list[str]) -> None:
    assert _keys(engine, words) == expected


def test_the_index_follows_a_changed_article(engine: Engine) -> None:
    changed = _story("bank", BANK.replace("inflation", "unemployment"), "Rates up again")
    _store(engine, changed)
    assert _keys(engine, "inflation") == []
    assert _keys(engine, "unemployment") == ["bank"]
    assert _keys(engine, "Guterres") == ["un"]  # the others untouched
    if engine.dialect.name == "sqlite":  # FTS5's own check: the index matches the table
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)")
            )


def test_articles_search_on_the_command_line(sqlite_url: str, sqlite_engine: Engine) -> None:
    _store(sqlite_engine, _story("bank", BANK), _story("un", PEACE))
    result = newsroom("articles", "--search", "Guterres", "--json", "--database-url", sqlite_url)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["title"] for row in rows] == [_story("un", PEACE).title]
    assert "Full-text search" in newsroom("articles", "--help").stdout


@pytest.mark.parametrize(
    "dialect", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_an_archive_stored_before_search_is_indexed_by_the_upgrade(
    dialect: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if dialect == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        # postgres_engine, not postgres_url: its teardown empties the tables for the next tests
        url = request.getfixturevalue("postgres_engine").url.render_as_string(hide_password=False)
        with get_engine(url).begin() as connection:  # the session's database, from scratch
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine = get_engine(url)
    ensure_schema(engine)
    _store(engine, _story("un", PEACE))
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")  # the schema before full-text search, and its data
    ensure_schema(engine)
    assert _keys(engine, "Guterres") == ["un"]
