"""Wire stories in the database, on SQLite and PostgreSQL: one row per story whatever arrives,
the newest version current, every version in the history, kills final, withheld stories
released by a later version, embargoes honoured, and copies of one story in one cluster."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlmodel import Session, select
from typer.testing import CliRunner

from db import crud
from db.models import Article, ArticleTopic, ArticleVersion, ClusterBand, Failure
from db.session import alembic_config, ensure_schema, get_engine
from newsroom.cli.app import app
from newsroom.core.models import ParsedArticle, RawItem
from newsroom.services.ingesting import BatchResult, ParsedBatch, store_parsed
from newsroom.services.retagging import retag_articles
from newsroom.stages import wire
from newsroom.stages.clusters import band_keys, signature
from newsroom.stages.pipeline import process_item
from newsroom.stages.tagger import get_tagger
from tests.conftest import ROOT

GUID = "urn:newsml:example.org:20240301:harbour-fire"
PARAGRAPHS = [
    "HALIFAX, Nova Scotia (Example Wire) - A fire tore through a warehouse on the Halifax "
    "waterfront on Friday night, sending thick smoke over the harbour and forcing the closure "
    "of the ferry terminal for several hours.",
    "Firefighters from four stations fought the blaze for more than five hours before bringing "
    "it under control early on Saturday, the city's fire chief told reporters at the scene.",
    "No one was hurt, but the building, which stored fishing equipment and boat parts for "
    "local crews, was destroyed, and the cause of the fire is under investigation.",
    "Residents of nearby streets were told to keep their windows closed overnight because of "
    "the smoke, and the ferry service resumed its normal timetable on Saturday morning.",
]


def g2(
    *,
    guid: str = GUID,
    version: int = 1,
    status: str = "usable",
    headline: str = "Fire destroys Halifax waterfront warehouse",
    paragraphs: list[str] | None = None,
    created: str = "2024-03-01T23:00:00Z",
    embargoed: str | None = None,
    signal: str | None = None,
    subjects: tuple[str, ...] = ("medtop:03000000",),
) -> str:
    """A NewsML-G2 text item."""
    body = "".join(f"<p>{text}</p>" for text in (PARAGRAPHS if paragraphs is None else paragraphs))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="{guid}" version="{version}"
    standard="NewsML-G2" standardversion="2.33">
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:EXWIRE"/>
    <versionCreated>{created}</versionCreated>
    <pubStatus qcode="stat:{status}"/>
    {f"<embargoed>{embargoed}</embargoed>" if embargoed else ""}
    {f'<signal qcode="sig:{signal}"/>' if signal else ""}
  </itemMeta>
  <contentMeta>
    {"".join(f'<subject qcode="{code}"/>' for code in subjects)}
    <headline>{headline}</headline>
  </contentMeta>
  <contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>{body}</body></html>
  </inlineXML></contentSet>
</newsItem>"""


def parsed(document: str, origin: str = "drop/item.xml") -> ParsedArticle:
    [item] = wire.read_wire(document, "newsml-g2", origin=origin, source="drop")
    assert isinstance(item, RawItem)
    return process_item(item)


def store(engine: Engine, *documents: str) -> BatchResult:
    """One batch of documents, written as the ingest task writes it."""
    batch = ParsedBatch(articles=[parsed(doc, f"drop/{n}.xml") for n, doc in enumerate(documents)])
    return store_parsed(batch, engine=engine, run_id=None)


def current(engine: Engine, guid: str = GUID) -> Article:
    with Session(engine) as session:
        return session.exec(select(Article).where(Article.key == guid)).one()


def history(engine: Engine, guid: str = GUID) -> list[tuple[int | None, str, str | None]]:
    article = current(engine, guid)
    with Session(engine) as session:
        return [
            (version.version, version.pub_status, version.headline)
            for version in crud.article_versions(article.id, session=session)
        ]


def listed(engine: Engine, **filters: object) -> list[str]:
    with Session(engine) as session:
        query = crud.ArticleFilter(**filters)  # type: ignore[arg-type]
        return [article.key for article, _ in crud.list_articles(query, session=session)]


def test_a_newer_version_replaces_the_story_and_every_version_is_kept(engine: Engine) -> None:
    store(engine, g2(version=1))
    result = store(engine, g2(version=2, headline="Fire destroys warehouse; ferries resume"))
    assert (result.stored, result.updated) == (0, 1)
    article = current(engine)
    assert (article.version, article.title) == (2, "Fire destroys warehouse; ferries resume")
    assert history(engine) == [
        (1, "usable", "Fire destroys Halifax waterfront warehouse"),
        (2, "usable", "Fire destroys warehouse; ferries resume"),
    ]
    # receiving either again adds nothing
    again = store(
        engine, g2(version=1), g2(version=2, headline="Fire destroys warehouse; ferries resume")
    )
    assert (again.stored, again.updated, again.unchanged) == (0, 0, 2)
    assert len(history(engine)) == 2
    with Session(engine) as session:
        assert len(session.exec(select(Article)).all()) == 1


def test_an_older_version_arriving_late_goes_to_the_history_only(engine: Engine) -> None:
    store(engine, g2(version=3, headline="Third take"))
    late = store(engine, g2(version=2, headline="Second take"))
    assert (late.stored, late.updated, late.unchanged) == (0, 0, 1)
    assert current(engine).title == "Third take"
    assert [version for version, _, _ in history(engine)] == [2, 3]
    # out of order inside one batch too: the newest wins whatever the order
    store(
        engine,
        g2(guid="urn:x:two", version=5, headline="Five"),
        g2(guid="urn:x:two", version=4, headline="Four"),
    )
    assert current(engine, "urn:x:two").title == "Five"
    assert [version for version, _, _ in history(engine, "urn:x:two")] == [4, 5]


def test_versions_of_equal_number_are_ordered_by_when_they_were_made(engine: Engine) -> None:
    store(engine, g2(version=1, created="2024-03-01T23:30:00+00:00", headline="Later"))
    store(engine, g2(version=1, created="2024-03-02T00:10:00+01:00", headline="Earlier (UTC)"))
    assert current(engine).title == "Later"


def test_a_kill_takes_the_story_out_of_every_listing_and_stays(engine: Engine) -> None:
    store(engine, g2(version=1), g2(guid="urn:x:other", paragraphs=PARAGRAPHS[::-1]))
    assert sorted(listed(engine)) == sorted([GUID, "urn:x:other"])
    kill = store(
        engine, g2(version=2, status="canceled", headline="KILL: fire story", paragraphs=[])
    )
    assert kill.items == []  # out of the run's table at once
    assert current(engine).status == "canceled"
    assert listed(engine) == ["urn:x:other"]
    # a version that arrives after the kill, older or newer, never brings it back
    store(engine, g2(version=1), g2(version=3, headline="Write-thru"))
    article = current(engine)
    assert (article.status, article.version) == ("canceled", 2)
    assert listed(engine) == ["urn:x:other"]
    assert GUID in listed(engine, status=None)  # --status all still shows it
    assert listed(engine, status="canceled") == [GUID]
    assert [(v, s) for v, s, _ in history(engine)] == [
        (1, "usable"),
        (2, "canceled"),
        (3, "usable"),
    ]
    with Session(engine) as session:  # out of the cluster look-up too
        bands = session.exec(select(ClusterBand).where(ClusterBand.article_id == article.id))
        assert bands.all() == []


def test_a_kill_with_a_lower_version_number_still_kills(engine: Engine) -> None:
    store(engine, g2(version=4))
    store(engine, g2(version=1, status="canceled", paragraphs=[]))
    assert current(engine).status == "canceled"


def test_a_withheld_story_is_released_by_a_later_usable_version(engine: Engine) -> None:
    store(engine, g2(version=1))
    withheld = store(engine, g2(version=2, status="withheld", paragraphs=[]))
    assert withheld.items == []
    assert current(engine).status == "withheld"
    assert listed(engine) == []
    store(engine, g2(version=1))  # the older usable one again: still withheld
    assert current(engine).status == "withheld"
    released = store(engine, g2(version=3, headline="Fire: corrected figures", signal="correction"))
    assert [item["title"] for item in released.items] == ["Fire: corrected figures"]
    article = current(engine)
    assert (article.status, article.version) == ("usable", 3)
    assert listed(engine) == [GUID]
    assert article.wire is not None and article.wire["signal"] == ["correction"]


def test_an_embargoed_story_is_stored_but_not_listed_until_the_embargo_passes(
    engine: Engine,
) -> None:
    future = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat()
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)).isoformat()
    store(
        engine,
        g2(guid="urn:x:later", embargoed=future),
        g2(guid="urn:x:now", embargoed=past, paragraphs=PARAGRAPHS[1:]),
    )
    assert listed(engine) == ["urn:x:now"]
    assert sorted(listed(engine, include_embargoed=True)) == ["urn:x:later", "urn:x:now"]
    embargo = current(engine, "urn:x:later").embargoed_until
    assert embargo is not None


def test_wire_subjects_survive_retagging(engine: Engine) -> None:
    store(engine, g2(subjects=("medtop:03000000", "subj:15000000")))
    article = current(engine)

    def wire_codes() -> set[str]:
        with Session(engine) as session:
            rows = session.exec(select(ArticleTopic).where(ArticleTopic.article_id == article.id))
            return {row.topic_code for row in rows if row.method == "wire"}

    assert wire_codes() == {"medtop:03000000", "medtop:15000000"}
    retag_articles([article.id], engine=engine, tagger=get_tagger())
    assert wire_codes() == {"medtop:03000000", "medtop:15000000"}


# -- clusters ------------------------------------------------------------------------------------


def test_copies_of_one_story_share_a_cluster_and_other_stories_do_not(engine: Engine) -> None:
    other_story = [
        "OSLO (Example Wire) - Norway's central bank held its key interest rate at 4.5 percent on "
        "Thursday, as expected, and said it would probably stay there until the autumn.",
        "The bank said inflation had come down faster than it forecast in December, but that "
        "the krone's weakness kept prices of imported goods high.",
        "Most economists polled before the meeting had expected no change, and the currency "
        "barely moved after the announcement.",
    ]
    store(engine, g2())
    # the same story from another provider, with a paragraph added and one sentence dropped
    republished = PARAGRAPHS[:3] + [
        "The warehouse had been due to be demolished next year to make way for a new park, "
        "a city spokeswoman said."
    ]
    store(engine, g2(guid="urn:paper:123", paragraphs=republished))
    # a rewrite that reorders the paragraphs
    store(
        engine, g2(guid="urn:other:9", paragraphs=[PARAGRAPHS[1], PARAGRAPHS[0], *PARAGRAPHS[2:]])
    )
    store(engine, g2(guid="urn:x:bank", paragraphs=other_story))
    first, copy, rewrite, bank = (
        current(engine, guid) for guid in (GUID, "urn:paper:123", "urn:other:9", "urn:x:bank")
    )
    assert first.cluster == first.id
    assert copy.cluster == first.id and rewrite.cluster == first.id
    assert bank.cluster == bank.id
    assert sorted(listed(engine, cluster=first.id)) == sorted(
        [GUID, "urn:paper:123", "urn:other:9"]
    )
    # a new version keeps its story's cluster, and its band keys replace the old ones
    store(engine, g2(version=2, headline="Update", paragraphs=PARAGRAPHS[:2]))
    assert current(engine).cluster == first.id
    with Session(engine) as session:
        keys = session.exec(select(ClusterBand.band_key).where(ClusterBand.article_id == first.id))
        assert sorted(keys.all()) == sorted(band_keys(signature(" ".join(PARAGRAPHS[:2])) or b""))


def test_a_copy_is_one_run_within_days_and_the_band_rows_keep_the_day(engine: Engine) -> None:
    store(engine, g2())  # 2024-03-01
    # the same text eight days later is another story (a routine item with new figures); two
    # days later, undated, or in a batch that spans months, it is a copy
    store(engine, g2(guid="urn:later", created="2024-03-09T08:00:00Z"))
    store(engine, g2(guid="urn:near", created="2024-03-03T08:00:00Z"))
    store(
        engine,
        g2(guid="urn:spring", created="2024-05-20T08:00:00Z"),
        g2(guid="urn:winter", created="2024-02-28T08:00:00Z"),
    )
    undated = replace(parsed(g2(guid="urn:undated")), published=None)
    store_parsed(ParsedBatch(articles=[undated]), engine=engine, run_id=None)
    # and a stored story without a date may have copies on any day
    vote = [
        "LIMA (Example Wire) - Peru's congress voted late on Thursday to remove the interior "
        "minister after a wave of protests in the southern highlands, the third minister to "
        "leave the cabinet this year.",
        "Opposition lawmakers accused the minister of failing to stop road blockades that cut "
        "supplies to mining towns for more than two weeks.",
    ]
    unknown_day = replace(parsed(g2(guid="urn:vote", paragraphs=vote)), published=None)
    store_parsed(ParsedBatch(articles=[unknown_day]), engine=engine, run_id=None)
    store(engine, g2(guid="urn:vote-copy", paragraphs=vote, created="2025-01-10T08:00:00Z"))
    assert current(engine, "urn:vote-copy").cluster == current(engine, "urn:vote").id
    first = current(engine)
    clusters = {guid: current(engine, guid).cluster for guid in (GUID, "urn:later", "urn:near")}
    assert clusters == {
        GUID: first.id,
        "urn:later": current(engine, "urn:later").id,
        "urn:near": first.id,
    }
    assert current(engine, "urn:winter").cluster == first.id
    assert current(engine, "urn:spring").cluster == current(engine, "urn:spring").id
    assert current(engine, "urn:undated").cluster == first.id
    with Session(engine) as session:
        days = session.exec(
            select(ClusterBand.article_id, ClusterBand.published_day).distinct()
        ).all()
    epoch = dt.date(1970, 1, 1)
    assert sorted(days, key=lambda row: row[0]) == sorted(
        [
            (current(engine, guid).id, (dt.date.fromisoformat(day) - epoch).days if day else None)
            for guid, day in [
                (GUID, "2024-03-01"),
                ("urn:later", "2024-03-09"),
                ("urn:near", "2024-03-03"),
                ("urn:spring", "2024-05-20"),
                ("urn:winter", "2024-02-28"),
                ("urn:undated", None),
                ("urn:vote", None),
                ("urn:vote-copy", "2025-01-10"),
            ]
        ],
        key=lambda row: row[0],
    )


def test_an_archive_clustered_before_band_days_gets_them_by_the_upgrade(
    engine: Engine,
) -> None:
    store(engine, g2())
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0007")  # band rows without their day
    ensure_schema(engine)
    article = current(engine)
    with Session(engine) as session:
        days = session.exec(select(ClusterBand.published_day).distinct()).all()
    assert days == [(dt.date(2024, 3, 1) - dt.date(1970, 1, 1)).days]
    store(engine, g2(guid="urn:paper:123", created="2024-03-02T08:00:00Z"))
    assert current(engine, "urn:paper:123").cluster == article.id
    if engine.dialect.name == "postgresql":  # the look-up reads the day from the index
        with engine.connect() as connection:
            index = connection.execute(
                text("SELECT pg_get_indexdef('cluster_band_pkey'::regclass)")
            ).scalar_one()
        assert index.endswith("(band_key, article_id) INCLUDE (published_day)")


def test_copies_in_one_batch_meet(engine: Engine) -> None:
    store(engine, g2(guid="urn:a"), g2(guid="urn:b", paragraphs=PARAGRAPHS[:3]))
    a, b = current(engine, "urn:a"), current(engine, "urn:b")
    assert a.cluster == b.cluster


# -- the command line ----------------------------------------------------------------------------


def test_articles_and_show_print_status_versions_and_cluster(
    engine: Engine, tmp_path: Path
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("the command line is tested once, on SQLite")
    url = engine.url.render_as_string(hide_password=False)
    store(engine, g2(version=1), g2(guid="urn:paper:1", paragraphs=PARAGRAPHS[:3]))
    store(engine, g2(version=2, headline="Fire destroys warehouse; ferries resume"))
    runner = CliRunner()
    rows = [
        json.loads(line)
        for line in runner.invoke(
            app, ["articles", "--json", "--database-url", url]
        ).stdout.splitlines()
    ]
    by_key = {row["origin"]: row for row in rows}
    assert {row["status"] for row in rows} == {"usable"}
    assert {row["version"] for row in rows} == {1, 2}
    assert len({row["cluster"] for row in rows}) == 1
    shown = runner.invoke(app, ["show", current(engine).id, "--database-url", url])
    assert shown.exit_code == 0, shown.output
    assert "versions (oldest first)" in shown.stdout
    assert "Fire destroys warehouse; ferries resume" in shown.stdout
    assert "other stories in cluster" in shown.stdout
    assert by_key  # origins printed
    store(engine, g2(version=3, status="canceled", paragraphs=[]))
    listed_all = runner.invoke(
        app, ["articles", "--status", "all", "--database-url", url], env={"COLUMNS": "200"}
    )
    assert "CANCELED" in listed_all.stdout
    usable = runner.invoke(app, ["articles", "--json", "--database-url", url]).stdout
    assert GUID not in usable and len(usable.splitlines()) == 1
    as_json = json.loads(
        runner.invoke(app, ["show", current(engine).id, "--json", "--database-url", url]).stdout
    )
    assert as_json["status"] == "canceled"
    assert [v["version"] for v in as_json["versions"]] == [1, 2, 3]
    assert [v["current"] for v in as_json["versions"]] == [False, False, True]
    with Session(engine) as session:
        assert len(session.exec(select(ArticleVersion)).all()) == 4


# -- a drop folder, through the ingest flow -----------------------------------------------


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_a_wire_drop_folder_polled_as_files_arrive(tmp_path: Path, sqlite_url: str) -> None:
    from flows.ingest import ingest

    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "0001.xml").write_text(g2(version=1), encoding="utf-8")
    (drop / "0002.xml").write_text(g2(guid="urn:x:copy", paragraphs=PARAGRAPHS[:3]), "utf-8")
    first = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (first.stored, first.failed) == (2, 0)
    (drop / "0003.xml").write_text(g2(version=2, headline="Write-thru"), encoding="utf-8")
    (drop / "0004.xml").write_text("<newsItem><broken", encoding="utf-8")
    second = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (second.updated, second.failed) == (1, 1)
    (drop / "0005.xml").write_text(g2(version=3, status="canceled", paragraphs=[]), "utf-8")
    third = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (third.failed, third.quarantined) == (0, 1)  # the broken file fails once, then waits
    assert all(row["title"] != "Write-thru" for row in third.sample)
    engine = get_engine(sqlite_url)
    assert current(engine).status == "canceled"
    assert listed(engine) == ["urn:x:copy"]
    assert [version for version, _, _ in history(engine)] == [1, 2, 3]


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_a_drop_folder_of_wire_variants_through_the_flow(tmp_path: Path, sqlite_url: str) -> None:
    """Variants as agencies send them, through the ingest flow: a NewsML 1 with a DOCTYPE, a dpa
    take without control bytes, a body by reference (recorded as skipped with its identity), an
    unreadable embargo (stored, withheld), and the expansion attack (refused): all accounted for."""
    from flows.ingest import ingest

    drop = tmp_path / "drop"
    drop.mkdir()
    collection = ROOT / "eval" / "wire"
    names = [
        "newsml1-sda-doctype.xml",
        "iptc7901-no-soh-stx.txt",
        "ninjs1-apmedia-ref.json",
        "g2-embargo-words.xml",
        "nitf-doctype-expansion.xml",
    ]
    for name in names:
        shutil.copy(collection / name, drop / name)
    result = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (result.stored, result.skipped, result.failed) == (3, 1, 1)
    engine = get_engine(sqlite_url)
    with Session(engine) as session:
        rows = {row.stage: row for row in session.exec(select(Failure)).all()}
        statuses = sorted(article.status for article in session.exec(select(Article)).all())
    assert set(rows) == {"skipped", "parse"}
    assert rows["skipped"].reason.startswith("body by reference")
    assert "guid" in rows["skipped"].reason
    assert "entit" in rows["parse"].reason
    assert statuses == ["usable", "usable", "withheld"]
