"""Editors' corrections and the retag flow: manual tags survive re-tagging and re-ingest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from db import crud
from db.models import Article, ManualTag
from db.session import get_engine
from flows.ingest import ingest
from flows.retag import retag
from newsroom.cli import app
from newsroom.core.models import TopicTag
from newsroom.core.settings import get_settings
from newsroom.services.retagging import apply_manual
from newsroom.stages.topics import DEFAULT_RULES_PATH, Vocabulary
from tests.test_story_facets import in_step

ROOT = Path(__file__).resolve().parent.parent
SPORT, FOOTBALL, CONFLICT, ARMED = (
    "medtop:15000000",
    "medtop:20001065",
    "medtop:16000000",
    "medtop:20000056",
)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary.load()


def test_manual_add_brings_ancestors_and_remove_takes_descendants(vocabulary: Vocabulary) -> None:
    tags = [
        TopicTag(CONFLICT, "conflict, war and peace", 0.9, 1, "rules", ["war"]),
        TopicTag(ARMED, "armed conflict", 0.8, 2, "rules", ["fighting"]),
    ]
    corrected = apply_manual(tags, [(FOOTBALL, "add"), (CONFLICT, "remove")], vocabulary)
    by_code = {tag.code: tag for tag in corrected}
    assert set(by_code) == {FOOTBALL, vocabulary.ancestors(FOOTBALL)[0], SPORT}
    assert by_code[FOOTBALL].method == "manual" and by_code[FOOTBALL].score == 1.0
    assert by_code[SPORT].method == "implied"
    assert apply_manual(tags, [], vocabulary) == tags


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_corrections_survive_retag_and_reingest(
    tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop = tmp_path / "drop"
    shutil.copytree(ROOT / "seeds", drop)
    ingest(paths=[str(drop)], database_url=sqlite_url)
    seed = drop / "000_898aff2efecb9d6a.txt"
    engine = get_engine(sqlite_url)
    with Session(engine) as session:
        article = session.exec(select(Article).where(Article.key == str(seed.resolve()))).one()
        before = crud.topic_links([article.id], session=session)[article.id]
    assert CONFLICT in before and SPORT not in before
    in_step(engine)  # the primary topic on the article row, as the tags give it

    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "tag",
            article.id,
            "--add",
            FOOTBALL,
            "--remove",
            CONFLICT,
            "--editor",
            "desk",
            "--database-url",
            sqlite_url,
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{FOOTBALL}  1.00  manual" in result.output

    def tags() -> dict[str, tuple[float, str]]:
        with Session(engine) as session:
            return crud.topic_links([article.id], session=session)[article.id]

    corrected = tags()
    assert corrected[FOOTBALL] == (1.0, "manual") and SPORT in corrected
    assert CONFLICT not in corrected and ARMED not in corrected
    in_step(engine)

    # The rules change: re-tagging changes other articles but keeps the corrections.
    rules = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    rules["topics"]["medtop:20000690"] = {
        "label": "religious festival and holiday",
        "terms": ["easter: 3", "holiday: 2"],
    }
    edited = tmp_path / "rules.yaml"
    edited.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_TOPIC_RULES", str(edited))
    get_settings.cache_clear()
    summary = retag(database_url=sqlite_url)
    assert summary.articles == 7 and summary.changed >= 1
    after = tags()
    assert after[FOOTBALL] == (1.0, "manual") and CONFLICT not in after
    assert after["medtop:20000690"][0] > corrected.get("medtop:20000690", (0.0, ""))[0]
    assert retag(database_url=sqlite_url).changed == 0  # nothing left to change
    in_step(engine)

    # The article itself changes: re-ingest re-tags it, and the corrections still win.
    seed.write_text(
        seed.read_text(encoding="utf-8") + "\n\nMore fighting was reported.", encoding="utf-8"
    )
    assert ingest(paths=[str(drop)], database_url=sqlite_url).updated == 1
    final = tags()
    assert final[FOOTBALL] == (1.0, "manual") and CONFLICT not in final
    in_step(engine)
    with Session(engine) as session:
        rows = session.exec(select(ManualTag)).all()
    assert {(row.topic_code, row.action, row.editor) for row in rows} == {
        (FOOTBALL, "add", "desk"),
        (CONFLICT, "remove", "desk"),
    }


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_a_retag_run_is_named_by_its_source_or_as_every_source(sqlite_url: str) -> None:
    from prefect.client.orchestration import get_client

    names = []
    for source in (None, "desk"):
        state = retag(source=source, database_url=sqlite_url, return_state=True)
        with get_client(sync_client=True) as client:
            names.append(client.read_flow_run(state.state_details.flow_run_id).name)
    assert names == ["retag all sources", "retag desk"]


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("retag after the taxonomy change", "retag after the taxonomy change"),
        ("Nightly-Retag", "Nightly-Retag"),
        (None, "retag all sources"),  # the server names it "adjective-animal"
        ("crafty-otter", "retag all sources"),  # the shape of Prefect's own names
    ],
)
def test_a_name_given_to_the_run_is_kept(sqlite_url: str, given: str | None, kept: str) -> None:
    """A run created with a name (the UI's custom run, `newsroom run --name`) keeps it when it
    starts; one Prefect named gets the descriptive name."""
    from prefect.client.orchestration import get_client
    from prefect.flow_engine import run_flow

    parameters = {"database_url": sqlite_url}
    with get_client(sync_client=True) as client:
        flow_run = client.create_flow_run(retag, name=given, parameters=parameters)
        run_flow(retag, flow_run=flow_run, parameters=parameters, return_type="state")
        assert client.read_flow_run(flow_run.id).name == kept


def test_tag_rejects_unknown_codes(sqlite_url: str, sqlite_engine: Engine) -> None:
    result = CliRunner().invoke(app, ["tag", "nope", "--add", SPORT, "--database-url", sqlite_url])
    assert result.exit_code == 1 and "no article 'nope'" in result.output


def test_tag_on_an_archive_that_does_not_exist_creates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'typo' / 'newsroom.db'}"
    result = CliRunner().invoke(app, ["tag", "nope", "--add", SPORT, "--database-url", url])
    assert result.exit_code == 1 and "no archive" in result.output
    assert not (tmp_path / "typo").exists()


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_an_article_the_tagger_chokes_on_does_not_stop_a_retag(
    tmp_path: Path, sqlite_url: str
) -> None:
    from newsroom.services.retagging import retag_articles
    from newsroom.stages.tagger import get_tagger

    drop = tmp_path / "drop"
    shutil.copytree(ROOT / "seeds", drop)
    ingest(paths=[str(drop)], database_url=sqlite_url)
    engine = get_engine(sqlite_url)
    with Session(engine) as session:
        articles = {article.id: article.title for article in session.exec(select(Article))}
        before = crud.topic_links(list(articles), session=session)
    victim = next(article_id for article_id, title in articles.items() if title)

    class ChokingTagger:
        """The real tagger, made to fail on one article (a failure no real input gives yet)."""

        vocabulary = get_tagger().vocabulary

        def tag(self, title: str | None, body: str, *, language: str | None) -> list[TopicTag]:
            if title == articles[victim]:
                raise RecursionError("maximum recursion depth exceeded")
            return get_tagger().tag(title, body, language=language)

    result = retag_articles(list(articles), engine=engine, tagger=ChokingTagger())
    assert (result.articles, result.failed) == (len(articles), 1)
    with Session(engine) as session:
        after = crud.topic_links(list(articles), session=session)
    assert after == before  # the same rules: every other article re-tagged to the same tags
