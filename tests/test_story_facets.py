"""A story's place and primary topic stored on its article row (migration 0010), what
``newsroom browse`` counts its stories by: kept in step with the tags and the dateline by every
write (ingest, a new version, an editor's tags, a retag, a renamed topic), given to an archive
stored before by the upgrade, on SQLite and PostgreSQL; and browse's facets read them from an
index."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from db import crud
from db.session import alembic_config, ensure_schema
from newsroom.cli.browse import SETTINGS, metadata, tables_of
from newsroom.core.models import RawItem, TopicTag
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.services.retagging import correct_tags, retag_articles
from newsroom.stages.pipeline import process_item
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topics import load_tagger

ECONOMY_TEXT = (
    "LONDON (Reuters) - Shares fell and the central bank raised interest rates as inflation rose."
)
SPORT_TEXT = (
    "PARIS (AFP) - The football team won the league title after a late goal in the final match."
)
PLAIN_TEXT = "Nothing much was said at the meeting, and nobody was there to say it."
ECONOMY, SPORT = "medtop:04000000", "medtop:15000000"

# What the ``story`` view computed per row before 0010, in SQL both databases run.
VIEWS_RULE = """
SELECT article.id, coalesce(article.dateline_city, article.dateline_location),
    (SELECT topic.code FROM article_topic JOIN topic ON topic.code = article_topic.topic_code
        WHERE article_topic.article_id = article.id AND topic.level = 1
        ORDER BY article_topic.score DESC, topic.code LIMIT 1),
    (SELECT topic.label FROM article_topic JOIN topic ON topic.code = article_topic.topic_code
        WHERE article_topic.article_id = article.id AND topic.level = 1
        ORDER BY article_topic.score DESC, topic.code LIMIT 1)
FROM article
"""
STORED = "SELECT id, place, primary_topic_code, primary_topic FROM article"


def story(key: str, body: str) -> Any:
    return process_item(
        RawItem(
            source="desk", key=key, origin=key, text=body, date="2024-05-06", date_source="json"
        )
    )


def store(engine: Engine, *stories: Any) -> dict[str, str]:
    """Store the stories as the ingest does; their ids by key."""
    store_parsed(ParsedBatch(articles=list(stories)), engine=engine, run_id=None)
    return {article.key: article.id for article in stories}


def in_step(engine: Engine) -> dict[str, tuple[Any, ...]]:
    """The stored place and primary topic of every article, checked against what the view
    computed from the dateline and the stored tags; by article id."""
    with engine.connect() as connection:
        expected = {row[0]: tuple(row[1:]) for row in connection.execute(text(VIEWS_RULE))}
        stored = {row[0]: tuple(row[1:]) for row in connection.execute(text(STORED))}
    assert stored == expected
    return stored


def test_ingest_and_a_new_version_store_the_place_and_primary_topic(engine: Engine) -> None:
    ids = store(
        engine,
        story("e", ECONOMY_TEXT),
        story("s", SPORT_TEXT),
        story("plain", PLAIN_TEXT),
    )
    stored = in_step(engine)
    assert stored[ids["e"]] == ("London", ECONOMY, "economy, business and finance")
    assert stored[ids["s"]] == ("Paris", SPORT, "sport")
    assert stored[ids["plain"]] == (None, None, None)

    store(engine, story("e", SPORT_TEXT.replace("PARIS", "MADRID")))  # the story changes
    assert in_step(engine)[ids["e"]] == ("Madrid", SPORT, "sport")


def test_an_editors_tags_and_a_retag_rewrite_the_primary_topic(engine: Engine) -> None:
    tagger = get_tagger()
    article_id = store(engine, story("e", ECONOMY_TEXT))["e"]
    assert in_step(engine)[article_id][1] == ECONOMY

    correct_tags(
        article_id, add=[SPORT], remove=[ECONOMY], editor="desk", engine=engine, tagger=tagger
    )
    assert in_step(engine)[article_id][1:] == (SPORT, "sport")

    # Tags written by an older tagger, then a retag (the corrections kept).
    with Session(engine) as session:
        crud.replace_topics(
            {article_id: [TopicTag(ECONOMY, "economy, business and finance", 1.0, 1, "rules")]},
            session=session,
        )
        session.commit()
    assert in_step(engine)[article_id][1] == ECONOMY
    assert retag_articles([article_id], engine=engine, tagger=tagger).changed == 1
    assert in_step(engine)[article_id][1] == SPORT


def test_equal_scores_give_the_first_code(engine: Engine) -> None:
    article_id = store(engine, story("e", ECONOMY_TEXT))["e"]
    with Session(engine) as session:
        crud.replace_topics(
            {
                article_id: [
                    TopicTag(SPORT, "sport", 0.5, 1, "rules"),
                    TopicTag(ECONOMY, "economy, business and finance", 0.5, 1, "rules"),
                    TopicTag("medtop:20000056", "armed conflict", 0.9, 2, "rules"),
                ]
            },
            session=session,
        )
        session.commit()
    assert in_step(engine)[article_id][1] == ECONOMY


def test_a_renamed_topic_is_renamed_on_its_stories(engine: Engine) -> None:
    article_id = store(engine, story("e", ECONOMY_TEXT))["e"]
    concepts = load_tagger().vocabulary.concepts
    renamed = {**concepts, ECONOMY: replace(concepts[ECONOMY], label="economy and business")}
    try:
        with Session(engine) as session:
            crud.sync_topics(renamed.values(), session=session)
            session.commit()
        assert in_step(engine)[article_id][2] == "economy and business"
    finally:  # the vocabulary as it was, for the tests after this one
        with Session(engine) as session:
            crud.sync_topics(concepts.values(), session=session)
            session.commit()
    assert in_step(engine)[article_id][2] == "economy, business and finance"


def test_the_upgrade_stores_them_for_an_archive_of_before(engine: Engine) -> None:
    store(engine, story("e", ECONOMY_TEXT), story("s", SPORT_TEXT), story("p", PLAIN_TEXT))
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")  # the schema before, with its data
    columns = {column["name"] for column in inspect(engine).get_columns("article")}
    assert not {"place", "primary_topic_code", "primary_topic"} & columns
    sqlite = engine.dialect.name == "sqlite"
    view = "SELECT id, place, primary_topic FROM story ORDER BY id"
    if sqlite:
        with engine.connect() as connection:
            before = connection.execute(text(view)).all()
    ensure_schema(engine)
    stored = in_step(engine)
    assert sorted(value[1] for value in stored.values() if value[1]) == [ECONOMY, SPORT]
    if sqlite:  # the view shows the same, read from the stored columns
        with engine.connect() as connection:
            assert connection.execute(text(view)).all() == before
            sql = connection.execute(
                text("SELECT sql FROM sqlite_master WHERE name = 'story'")
            ).scalar_one()
        assert "article.primary_topic AS primary_topic" in sql
        assert "article.place AS place" in sql


# -- browse ---------------------------------------------------------------------------------------

FACET = """select {col} as value, count(*) as count from (
    select * from story
)
where {col} is not null
group by {col} order by count desc, value limit 31"""  # Datasette 0.65's (datasette/facets.py)


def test_browse_counts_stories_by_topic_and_place_from_an_index(
    sqlite_engine: Engine, sqlite_url: str
) -> None:
    with Session(sqlite_engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    store(
        sqlite_engine,
        story("e1", ECONOMY_TEXT),
        story("e2", ECONOMY_TEXT + " Bonds fell."),
        story("s", SPORT_TEXT),
        story("p", PLAIN_TEXT),
    )
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    facets = metadata(path.stem, tables_of(path))["databases"][path.stem]["tables"]["story"][
        "facets"
    ]
    assert {"primary_topic", "place", "country"} <= {f for f in facets if isinstance(f, str)}
    assert not [facet for facet in facets if isinstance(facet, dict) and "array" in facet]
    indexes = {
        "primary_topic": "ix_article_primary_topic_date",
        "place": "ix_article_place_date",
        "country": "ix_article_dateline_country_date",
    }
    with closing(sqlite3.connect(path)) as connection:
        for column, index in indexes.items():
            query = "EXPLAIN QUERY PLAN " + FACET.format(col=column)
            plan = [row[3] for row in connection.execute(query)]
            assert any(f"COVERING INDEX {index}" in step for step in plan), (column, plan)
            assert not any("SUBQUERY" in step for step in plan), (column, plan)

    async def page() -> dict[str, Any]:
        from datasette.app import Datasette

        datasette = Datasette(
            [str(path)], metadata=metadata(path.stem, tables_of(path)), settings=SETTINGS
        )
        response = await datasette.client.get(f"/{path.stem}/story.json")
        assert response.status_code == 200, response.text
        return response.json()

    body = asyncio.run(page())
    results = body["facet_results"]  # (a facet that timed out would be left out)
    assert {"primary_topic", "place", "country", "source", "status", "day"} <= set(results)
    counts = {
        facet: {item["value"]: item["count"] for item in results[facet]["results"]}
        for facet in ("primary_topic", "place", "country")
    }
    assert counts == {
        "primary_topic": {"economy, business and finance": 2, "sport": 1},
        "place": {"London": 2, "Paris": 1},
        "country": {"GB": 2, "FR": 1},
    }
