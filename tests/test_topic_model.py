"""The learnt topic model: trained from the articles whose topics were accepted (given with the
input, or corrected by an editor), tagging together with the rules; held-out scores, and a worse
model refused."""

from __future__ import annotations

import json
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
from newsroom.stages.topics import TopicTagger

LABOUR_MARKET = "medtop:20000523"
SPORT = "medtop:15000000"
POLITICS = "medtop:11000000"


def tagger_rules_alone() -> TopicTagger:
    rules = get_tagger().taggers["en"]
    assert isinstance(rules, TopicTagger)
    return rules


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
        topics=[] if zorblax else ["sport"],  # the desk files match reports under sport
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
    assert LABOUR_MARKET not in {tag.code for tag in get_tagger().tag(None, novel, language="en")}

    result = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "40 articles with accepted topics" in result.output
    assert f"{LABOUR_MARKET}      20  labour market" in result.output
    assert "held out (8 articles): best top-level topic accepted 1.000 with the model" in (
        result.output
    )
    assert "learnt" in result.output
    assert Path(get_settings().tagger_model).is_file()
    # The archive accepted sport and labour only: the model scores every other topic 0, and says so
    assert "warning: fewer than 5 of these articles are about a top-level topic the model" in (
        result.output
    )
    assert "crime, law and justice" in result.output and "; politics" in result.output
    politics = "The minister lost the vote in parliament, and the government fell."
    ruled = {tag.code: tag for tag in tagger_rules_alone().tag(None, politics)}
    assert ruled[POLITICS].score > 0.5
    combined = {tag.code: tag for tag in get_tagger().tag(None, politics, language="en")}
    assert combined[POLITICS].score == 0.0  # what the warning says

    tagger = get_tagger()
    assert isinstance(tagger.for_language("en"), CombinedTagger)
    assert tagger.method("en") == "rules+model:en"
    tags = {tag.code: tag for tag in tagger.tag(None, novel, language="en")}
    assert tags[LABOUR_MARKET].method == "model"
    assert "zorblax" in tags[LABOUR_MARKET].evidence
    sport = {
        tag.code: tag
        for tag in tagger.tag(None, story(99, zorblax=False).text or "", language="en")
    }
    assert SPORT in sport and LABOUR_MARKET not in sport


def test_a_worse_model_is_refused_unless_forced(archive: Engine, sqlite_url: str) -> None:
    def train(*options: str) -> str:
        result = CliRunner().invoke(
            app, ["tagger", "train", *options, "--database-url", sqlite_url]
        )
        return f"exit {result.exit_code}: {result.output}"

    model = Path(get_settings().tagger_model)
    assert train("--min-examples", "10").startswith("exit 0")
    saved = model.read_bytes()
    # Ten match reports filed under labour market by mistake: the new model cannot tell them
    # from the others, and scores worse held out than the one in place.
    wrong = [story(100 + n, zorblax=False) for n in range(10)]
    for item in wrong:
        item.topics = ["labour market"]
    store_parsed(
        ParsedBatch(articles=[process_item(item) for item in wrong]), engine=archive, run_id=None
    )
    refused = train("--min-examples", "10")
    assert refused.startswith("exit 1") and "scores worse held out than the one at" in refused
    assert "with --force" in refused and model.read_bytes() == saved
    assert train("--min-examples", "10", "--force").startswith("exit 0")
    assert model.read_bytes() != saved


def test_training_needs_accepted_examples(sqlite_engine: Engine, sqlite_url: str) -> None:
    articles = [process_item(story(n, zorblax=True)) for n in range(30)]  # nothing accepted
    store_parsed(ParsedBatch(articles=articles), engine=sqlite_engine, run_id=None)
    result = CliRunner().invoke(app, ["tagger", "train", "--database-url", sqlite_url])
    assert result.exit_code == 1
    assert "not enough accepted articles to learn from: 0 of the stored" in result.output


def test_review_lists_the_least_certain_unaccepted_articles_first(
    archive: Engine, sqlite_url: str
) -> None:
    result = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    fresh = [process_item(story(n, zorblax=n == 201)) for n in (200, 201, 202)]
    for article in fresh:  # stored without accepted topics: open to review
        article.topics = [tag for tag in article.topics if tag.method != "input"]
    store_parsed(ParsedBatch(articles=fresh), engine=archive, run_id=None)
    result = CliRunner().invoke(
        app, ["tagger", "review", "--json", "--limit", "2", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    listed = [json.loads(line) for line in result.output.splitlines()]
    # The zorblax story is the least certain (economy and labour, learnt from the corrected
    # stories, close): first; then a match report; the 40 accepted articles are never listed.
    assert [row["id"] for row in listed][:1] == [fresh[1].id]
    assert listed[1]["id"] in {fresh[0].id, fresh[2].id}
    assert listed[0]["margin"] <= listed[1]["margin"]
    assert {topic["code"] for topic in listed[0]["topics"]} >= {"medtop:09000000"}


def test_review_lists_first_where_rules_and_model_disagree(
    sqlite_engine: Engine, sqlite_url: str
) -> None:
    with Session(sqlite_engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    # The desk files zorblax reports under sport; the rules read them as business (listings,
    # filings). Plain match reports are sport for both.
    accepted = [story(n, zorblax=n % 2 == 0) for n in range(40)]
    for item in accepted:
        item.topics = ["sport"]
    accepted += [story(100 + n, zorblax=False) for n in range(20)]
    for n, item in enumerate(accepted[40:]):
        item.text = f"Officials said the council budget {n} was approved after a long debate."
        item.topics = ["politics and government"]
    store_parsed(
        ParsedBatch(articles=[process_item(item) for item in accepted]),
        engine=sqlite_engine,
        run_id=None,
    )
    trained = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert trained.exit_code == 0, trained.output
    fresh = [story(200, zorblax=False), story(201, zorblax=True), story(202, zorblax=False)]
    for item in fresh:
        item.topics = []
    # Agreed on but unsure: a council budget and a match in one story.
    fresh[2].text = (
        "The home side won the match in the league on Saturday, scoring twice in the second "
        "half, after officials said the council budget was approved."
    )
    store_parsed(
        ParsedBatch(articles=[process_item(item) for item in fresh]),
        engine=sqlite_engine,
        run_id=None,
    )
    result = CliRunner().invoke(app, ["tagger", "review", "--json", "--database-url", sqlite_url])
    assert result.exit_code == 0, result.output
    listed = [json.loads(line) for line in result.output.splitlines()]
    ids = {process_item(item).id: n for n, item in enumerate(fresh)}
    assert [ids[row["id"]] for row in listed] == [1, 2, 0]
    assert listed[0]["disagree"] and listed[0]["top"] == SPORT and listed[0]["rules_top"] != SPORT
    assert not listed[1]["disagree"] and listed[1]["margin"] < listed[0]["margin"]


def test_a_model_file_that_cannot_be_read_is_replaced_by_training(
    archive: Engine, sqlite_url: str
) -> None:
    model = Path(get_settings().tagger_model)
    model.write_bytes(b"not a model")  # damaged, or left by an older version
    result = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "is not read" in result.output and "it will be replaced" in result.output
    assert isinstance(get_tagger().for_language("en"), CombinedTagger)  # the new model loads


def test_a_chinese_model_learns_from_characters_and_their_pairs() -> None:
    # Chinese puts no space between words: read as "words", each sentence would be one word,
    # seen once. The model reads what the Chinese rules read, characters, and pairs of them.
    from newsroom.services.training import Examples, fit

    economy, sport = "medtop:04000000", "medtop:15000000"
    examples = Examples()
    for n in range(8):
        examples.titles.append(f"蓝鲸集团第{n}季度营收增长")
        examples.bodies.append(f"蓝鲸集团公布财报，第{n}季度营收和净利润双双增长，股价上涨。")
        examples.labels.append({economy})
        examples.titles.append(f"第{n}轮联赛 主队取胜")
        examples.bodies.append(f"在第{n}轮联赛中，主队凭借下半场的进球战胜客队，球迷欢呼。")
        examples.labels.append({sport})
    rules = get_tagger().taggers["zh"]
    assert isinstance(rules, TopicTagger)
    model = fit(examples, [economy, sport], rules, threshold=0.5)
    vocabulary = model.vectorizer.vocabulary_
    assert "蓝 鲸" in vocabulary and "进 球" in vocabulary
    assert max(len(feature) for feature in vocabulary) <= 5  # no sentence read as one word
    decisions = dict(
        zip(model.codes, model.decisions(model.features(None, "蓝鲸公布新计划")), strict=True)
    )
    assert decisions[economy] > decisions[sport]


def test_an_archive_with_articles_about_other_topics_gets_no_warning(
    archive: Engine, sqlite_url: str
) -> None:
    """Six articles about politics, too few to learn politics: enough to learn that a story may
    be about another topic than sport and labour, which the rules then decide."""
    others = [
        RawItem(
            source="desk",
            key=f"politics-{n}",
            origin=f"politics-{n}",
            text=f"Parliament passed bill {n} after the minister won the vote in the chamber.",
            date="2024-05-06",
            date_source="json",
            topics=[POLITICS],
        )
        for n in range(6)
    ]
    store_parsed(
        ParsedBatch(articles=[process_item(item) for item in others]), engine=archive, run_id=None
    )
    result = CliRunner().invoke(
        app, ["tagger", "train", "--min-examples", "10", "--database-url", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "46 articles with accepted topics" in result.output
    assert "warning" not in result.output
    tagger = get_tagger()
    text = "The minister lost the vote in parliament, and the government fell."
    top = next(tag for tag in tagger.tag(None, text, language="en") if tag.level == 1)
    assert top.code == POLITICS and top.score > 0.5
