"""The learnt topic model: trained from the archive and editors' corrections, tagging beside the
rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session
from typer.testing import CliRunner

from db import crud
from newsroom.cli import app
from newsroom.core.models import RawItem
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.services.retagging import correct_tags
from newsroom.stages.pipeline import process_item
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topic_model import CombinedTagger

LABOUR_MARKET = "medtop:20000523"
SPORT = "medtop:15000000"


def story(number: int, zorblax: bool) -> RawItem:
    if zorblax:
        text = (
            f"The zorblax quarterly review number {number} found more zorblax listings in "
            "the region, the council said, as zorblax filings rose again this month."
        )
    else:
        text = (
            f"The home side won match {number} in the league on Saturday, scoring twice in "
            "the second half as the visiting goalkeeper made several saves."
        )
    return RawItem(
        source="desk",
        key=f"story-{number}",
        origin=f"story-{number}",
        text=text,
        date="2024-05-06",
        date_source="json",
    )


@pytest.fixture
def archive(sqlite_engine: Engine) -> Engine:
    with Session(sqlite_engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    articles = [process_item(story(n, zorblax=n % 2 == 0)) for n in range(40)]
    store_parsed(ParsedBatch(articles=articles), engine=sqlite_engine, run_id=None)
    for article in articles[::2]:  # an editor files every zorblax story under labour market
        correct_tags(
            article.id,
            add=[LABOUR_MARKET],
            remove=[],
            editor="desk",
            engine=sqlite_engine,
            tagger=get_tagger(),
        )
    return sqlite_engine


def test_train_then_tag_alongside_the_rules(
    archive: Engine, sqlite_url: str, tmp_path: Path
) -> None:
    novel = "Officials said zorblax demand kept growing across the county this spring."
    assert LABOUR_MARKET not in {tag.code for tag in get_tagger().tag(None, novel)}

    result = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "learnt" in result.output
    assert Path(get_settings().tagger_model).is_file()

    tagger = get_tagger()
    assert isinstance(tagger, CombinedTagger)
    tags = {tag.code: tag for tag in tagger.tag(None, novel)}
    assert tags[LABOUR_MARKET].method == "model"
    assert "zorblax" in tags[LABOUR_MARKET].evidence
    sport = {tag.code: tag for tag in tagger.tag(None, story(99, zorblax=False).text or "")}
    assert SPORT in sport and LABOUR_MARKET not in sport


def test_training_needs_examples(sqlite_engine: Engine, sqlite_url: str) -> None:
    result = CliRunner().invoke(app, ["tagger", "train", "--database-url", sqlite_url])
    assert result.exit_code == 1
    assert "not enough tagged articles" in result.output
