"""Topics given with the input: a JSON record's ``topics`` are stored as accepted tags (method
``input``), named by qcode or label, and re-tagging never overrides them."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from newsroom.core.errors import FormatError
from newsroom.core.models import RawItem
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.services.retagging import retag_articles
from newsroom.stages.pipeline import process_item, process_json_line
from newsroom.stages.readers import record_to_item
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topics import Vocabulary

SPORT, ECONOMY, LABOUR_MARKET = "medtop:15000000", "medtop:04000000", "medtop:20000523"
STORY = (
    "LONDON (Example Wire) - Shares in British banks fell on Monday after the central bank "
    "warned that loan losses would rise, and the pound slipped against the dollar."
)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


def item(topics: object, key: str = "1") -> RawItem:
    return record_to_item(
        {"id": key, "text": STORY, "topics": topics},
        origin="desk.jsonl:1",
        source="desk",
        default_key=key,
    )


def test_a_record_s_topics_are_read_as_given() -> None:
    assert item(["sport", " medtop:04000000 ", ""]).topics == ["sport", "medtop:04000000"]
    assert item("sport").topics == ["sport"]
    assert item(None).topics == []


@pytest.mark.parametrize(
    ("topics", "said"),
    [({"code": "sport"}, "got an object"), (["sport", 15], "got a number in the list")],
)
def test_topics_of_the_wrong_shape_fail_the_record_with_what_to_give(
    topics: object, said: str
) -> None:
    with pytest.raises(FormatError) as raised:
        item(topics)
    assert "desk.jsonl:1" in str(raised.value) and "'topics' must be a list" in str(raised.value)
    assert said in str(raised.value)


def test_topics_are_named_by_qcode_number_uri_label_or_subject_code(
    vocabulary: Vocabulary,
) -> None:
    assert vocabulary.resolve("medtop:15000000") == SPORT
    assert vocabulary.resolve("15000000") == SPORT
    assert vocabulary.resolve("http://cv.iptc.org/newscodes/mediatopic/15000000") == SPORT
    assert vocabulary.resolve("Sport") == SPORT
    assert vocabulary.resolve("economy,  business and finance") == ECONOMY
    assert vocabulary.resolve("subj:15000000") == SPORT
    assert vocabulary.resolve("medtop:99999999") is None
    assert vocabulary.resolve("not a topic") is None


def test_given_topics_are_accepted_and_the_unknown_ones_noted() -> None:
    line = json.dumps({"id": 1, "text": STORY, "topics": ["sport", "labour market", "zzz"]})
    output = process_json_line(line, 1)
    tags = {tag["code"]: tag for tag in output["topics"]}
    assert tags[SPORT]["method"] == "input" and tags[SPORT]["score"] == 1.0
    assert tags[LABOUR_MARKET]["method"] == "input"
    assert tags[LABOUR_MARKET]["evidence"] == ["given as labour market"]
    assert tags["medtop:09000000"]["method"] == "implied"  # labour, above labour market
    assert any("'zzz' is not an active Media Topic" in note for note in output["notes"])


def test_given_topics_survive_retagging_and_change_with_the_input(sqlite_engine: Engine) -> None:
    with Session(sqlite_engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()

    def stored(topics: list[str]) -> dict[str, tuple[float, str]]:
        article = process_item(item(topics))
        store_parsed(ParsedBatch(articles=[article]), engine=sqlite_engine, run_id=None)
        with Session(sqlite_engine) as session:
            return crud.topic_links([article.id], session=session)[article.id]

    tags = stored(["sport"])
    assert tags[SPORT] == (1.0, "input")
    article_id = process_item(item(["sport"])).id
    result = retag_articles([article_id], engine=sqlite_engine, tagger=get_tagger())
    assert result.changed == 0  # the rules would not say sport: the given topic stays
    tags = stored(["labour market"])  # the same text with other topics is an update
    assert tags[LABOUR_MARKET] == (1.0, "input") and SPORT not in tags
