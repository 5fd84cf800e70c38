"""What happens to wire stories that are not plain usable copy, from the reader to the database:
a kill keeps its headline (and text, where sent), a story with no headline keeps its body whole,
a story sent by reference is recorded as skipped with what identifies it, and a story whose
embargo cannot be read is held back until an editor releases it or a readable version arrives.
"""

from __future__ import annotations

import json

from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from db import crud
from db.models import Article, Failure
from newsroom.cli.app import app
from newsroom.core.models import RawItem, Skipped, WireInfo
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.stages import wire
from newsroom.stages.pipeline import item_output, process_item
from tests.test_wire_storage import GUID, PARAGRAPHS, current, g2, history, listed, store


def read_one(document: str) -> RawItem | Skipped:
    [item] = wire.read_wire(document, "newsml-g2", origin="drop/item.xml", source="drop")
    return item


def test_a_kill_sent_with_its_text_keeps_headline_and_text_in_the_output() -> None:
    item = read_one(g2(status="canceled", headline="KILL: Fire story withdrawn"))
    assert isinstance(item, RawItem)
    output = item_output(item)
    assert output["status"] == "canceled"
    assert output["title"] == "KILL: Fire story withdrawn"
    assert output["text"].startswith("HALIFAX, Nova Scotia (Example Wire) - A fire tore")
    assert output["error"] is None


def test_a_kill_keeps_its_headline_in_the_database_and_stays_hidden(engine: Engine) -> None:
    store(engine, g2(version=1))
    store(engine, g2(version=2, status="canceled", headline="KILL: Fire story withdrawn"))
    article = current(engine)
    assert (article.status, article.title) == ("canceled", "KILL: Fire story withdrawn")
    assert history(engine)[-1] == (2, "canceled", "KILL: Fire story withdrawn")
    assert listed(engine) == []


def test_a_wire_story_without_a_headline_keeps_its_body_whole() -> None:
    item = read_one(g2(headline=""))
    assert isinstance(item, RawItem)
    article = process_item(item)
    assert article.title is None and article.title_source is None
    assert article.text.split("\n\n")[0].startswith("HALIFAX, Nova Scotia")
    assert article.text.count("\n\n") == len(PARAGRAPHS) - 1


def test_a_story_sent_by_reference_is_recorded_as_skipped_with_its_identity(
    engine: Engine,
) -> None:
    wire_info = WireInfo(format="ninjs", guid="urn:ap:123", version=3, provider="AP")
    skipped = Skipped("feed.json[0]", "body by reference", headline="Storm nears", wire=wire_info)
    picture = Skipped("feed.json[1]", "a ninjs picture item, not text")
    batch = ParsedBatch()
    batch.skip(skipped, "feeds")
    batch.skip(picture, "feeds")
    result = store_parsed(batch, engine=engine, run_id=None)
    assert (result.skipped, result.failed) == (2, 0)
    with Session(engine) as session:
        [record] = session.exec(select(Failure)).all()
    assert (record.stage, record.source, record.origin) == ("skipped", "AP", "feed.json[0]")
    assert record.reason == "body by reference: 'Storm nears' (guid urn:ap:123, version 3)"

    output = item_output(skipped)
    assert output["skipped"] == "body by reference"
    assert output["title"] == "Storm nears"
    assert output["wire"]["guid"] == "urn:ap:123" and output["wire"]["version"] == 3
    json.dumps(output)


def test_a_kill_cannot_be_released(engine: Engine) -> None:
    store(engine, g2(status="canceled"))
    with Session(engine) as session:
        article = session.exec(select(Article)).one()
        try:
            crud.release_article(article, session=session, note="x")
        except ValueError as exc:
            assert "canceled" in str(exc)
        else:
            raise AssertionError("a kill was released")


def test_an_unreadable_embargo_holds_the_story_until_an_editor_releases_it(engine: Engine) -> None:
    item = read_one(g2(embargoed="tomorrow at noon"))
    assert isinstance(item, RawItem) and item.wire is not None
    assert item.wire.pub_status == "withheld" and item.wire.embargoed_until is None
    assert any("'tomorrow at noon'" in note for note in item.notes)
    store(engine, g2(embargoed="tomorrow at noon"))
    assert current(engine).status == "withheld"
    assert listed(engine) == []

    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(app, ["release", GUID, "--database-url", url])
    assert result.exit_code == 0, result.output
    assert "released" in result.output
    article = current(engine)
    assert article.status == "usable" and "released by an editor" in article.notes[-1]
    assert listed(engine) == [GUID]
    again = runner.invoke(app, ["release", GUID, "--database-url", url])
    assert again.exit_code == 1 and "not withheld" in again.output


def test_an_unreadable_embargo_is_lifted_by_a_version_with_a_readable_one(
    engine: Engine,
) -> None:
    store(engine, g2(version=1, embargoed="2024-02-30T25:61:00Z"))
    assert current(engine).status == "withheld"
    store(engine, g2(version=2, embargoed="2024-03-02T06:00:00Z"))
    article = current(engine)
    assert article.status == "usable" and article.embargoed_until is not None
    assert listed(engine, include_embargoed=True) == [GUID]
