"""Ids and filter values as a person types them: short ids in listings, any unique prefix in
``show`` and ``runs show`` (an ambiguous one lists the candidates), filter values that name
nothing refused with the closest known ones, ledes cut at a word, ``--version`` and ``-h``.

The archive is a real SQLite file: stories go through the pipeline and the storage (no Prefect
run: the flow is tested elsewhere), runs are recorded as the flow records them, and the command
runs as a process of its own."""

from __future__ import annotations

import collections
import json
import os
from typing import Any

import pytest
import typer
from sqlmodel import Session

from db import crud
from db.models import RunCounts
from db.session import ensure_schema, get_engine
from newsroom.cli import app
from newsroom.cli.app import run_inputs
from newsroom.cli.references import TopicName, UnknownValue, match_place, match_topic
from newsroom.core.ids import id_length, short_ids
from newsroom.core.models import RawItem
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.stages.pipeline import process_item
from newsroom.stages.readers import article_id
from newsroom.stages.topics import load_tagger
from newsroom.stages.words import shorten
from tests.cli import newsroom

WIDE = {**os.environ, "COLUMNS": "250"}  # tables at full length: rows are checked whole
LONG_TITLE = (
    "Harbour authority reopens the northern quay after a week of repairs, and shipping lines "
    "that diverted to other ports say they will return before the end of the month"
)
LEDE = (
    "GENEVA (Reuters) - Negotiators from both delegations resumed talks on Tuesday over the "
    "ceasefire monitoring arrangements that stalled last week."
)
SCHEDULED = "01a24148-{:04x}-7abc-8def-{:012x}"  # UUIDv7-like: the start time leads


def _story(key: str, title: str | None, text: str) -> object:
    return process_item(
        RawItem(
            source="desk", key=key, origin=f"{key}.txt", text=text, title=title, date="2024-05-06"
        )
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Twenty stories (some sharing the first characters of their ids), one with no title, and
    runs of a feeds and a drop-folder deployment a minute apart."""
    url = f"sqlite:///{tmp_path_factory.mktemp('lookup') / 'newsroom.db'}"
    engine = get_engine(url)
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        for minute in range(4):
            run_id = SCHEDULED.format(minute, minute)
            drop = minute % 2
            parameters = (
                {"paths": ["drop"], "source": "drop-folder", "sources_file": None}
                if drop
                else {"paths": [], "source": None, "sources_file": "sources.yaml"}
            )
            parameters["deployment"] = ["feeds", "drop-folder", "feeds", None][minute]
            crud.start_run(run_id, parameters, session=session)
            crud.finish_run(run_id, RunCounts(unchanged=2 + minute), "completed", session=session)
        crud.start_run(
            "3f2a9c1e-0000-4000-8000-000000000000", {"paths": ["seeds"]}, session=session
        )
        crud.finish_run(
            "3f2a9c1e-0000-4000-8000-000000000000",
            RunCounts(stored=21),
            "completed",
            session=session,
        )
        session.commit()
    stories = [
        _story(f"story-{n}", f"Story number {n} about the harbour", f"Text of story {n} here.")
        for n in range(19)
    ]
    stories.append(_story("long", LONG_TITLE, "The quay reopened on Monday."))
    stories.append(_story("untitled", None, LEDE))
    batch = ParsedBatch(articles=stories)  # type: ignore[arg-type]
    store_parsed(batch, engine=engine, run_id="3f2a9c1e-0000-4000-8000-000000000000")
    engine.dispose()
    return url


def _ids() -> list[str]:
    keys = [f"story-{n}" for n in range(19)] + ["long", "untitled"]
    return [article_id("desk", key) for key in keys]


def test_listings_show_ids_as_short_as_tells_them_apart(archive: str) -> None:
    listed = newsroom("articles", "--database-url", archive, env=WIDE)
    assert listed.returncode == 0, listed.stderr
    for full in _ids():
        assert f" {full[:8]} " in listed.stdout and full not in listed.stdout

    runs = newsroom("runs", "--database-url", archive, env=WIDE)
    assert runs.returncode == 0, runs.stderr
    # the scheduled runs share "01a24148-000": each is shown with the digit that differs
    for minute in range(4):
        assert SCHEDULED.format(minute, minute)[:13] in runs.stdout
    assert "01a24148 " not in runs.stdout
    assert " 3f2a9c1e-0000 " in runs.stdout  # one length for the whole listing


def test_id_length_is_the_shortest_that_tells_the_ids_apart() -> None:
    assert id_length(["abcdef1234", "0123456789"]) == 8  # the minimum
    assert id_length(["abcdef1234", "abcdef1299"], minimum=4) == 9
    assert id_length(["abc", "abc"], minimum=2) == 2  # the same id twice is one id
    assert short_ids(["01a24148-0001-7", "01a24148-0002-7"]) == {
        "01a24148-0001-7": "01a24148-0001",
        "01a24148-0002-7": "01a24148-0002",
    }


def test_show_takes_any_unique_prefix_and_lists_an_ambiguous_ones(archive: str) -> None:
    ids = _ids()
    firsts = collections.Counter(full[0] for full in ids)
    shared = next(char for char, count in firsts.items() if count > 1)  # 21 ids, 16 digits
    unique = next(
        full[:length]
        for full in ids
        for length in (2, 3)
        if sum(other.startswith(full[:length]) for other in ids) == 1
    )
    shown = newsroom("show", unique, "--json", "--database-url", archive)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"].startswith(unique)

    ambiguous = newsroom("show", shared, "--database-url", archive)
    assert ambiguous.returncode == 1
    assert f"'{shared}' starts {firsts[shared]} article ids" in ambiguous.stderr
    assert "give more characters" in ambiguous.stderr
    for full in ids:
        if full.startswith(shared):
            assert full[:2] in ambiguous.stderr
    assert "Story number" in ambiguous.stderr or "Harbour" in ambiguous.stderr

    nothing = newsroom("show", "zz", "--database-url", archive)
    assert nothing.returncode == 1 and "no article 'zz'" in nothing.stderr


def test_runs_show_takes_a_unique_prefix_and_lists_an_ambiguous_ones(archive: str) -> None:
    one = newsroom("runs", "show", "01a24148-0002", "--json", "--database-url", archive)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["id"] == SCHEDULED.format(2, 2)

    several = newsroom("runs", "show", "01a24148", "--database-url", archive)
    assert several.returncode == 1
    assert "'01a24148' starts 4 run ids: give more characters" in several.stderr
    for minute in range(4):
        assert SCHEDULED.format(minute, minute)[:13] in several.stderr
    assert "started 2026" in several.stderr or "started 20" in several.stderr


def test_runs_say_what_each_read(archive: str) -> None:
    runs = newsroom("runs", "--database-url", archive, env=WIDE)
    rows = {line.split()[0]: line for line in runs.stdout.splitlines() if line.startswith(" 0")}
    assert "feeds: sources.yaml" in rows[SCHEDULED.format(0, 0)[:13]]
    assert "drop-folder: drop" in rows[SCHEDULED.format(1, 1)[:13]]
    assert "drop-folder: drop" in rows[SCHEDULED.format(3, 3)[:13]]  # by hand: no deployment
    shown = newsroom("runs", "show", "01a24148-0001", "--database-url", archive)
    assert "reads: drop-folder: drop" in shown.stdout


def test_a_run_by_hand_of_a_deployment_under_another_source_says_both() -> None:
    manual = {"paths": ["seeds"], "source": "manual", "deployment": "drop-folder"}
    assert run_inputs(manual) == "drop-folder (source manual): seeds"
    assert run_inputs({"paths": ["seeds"], "source": None, "deployment": None}) == "seeds"


def test_runs_show_lists_the_articles_a_run_wrote_with_whole_titles(archive: str) -> None:
    shown = newsroom("runs", "show", "3f2a", "--database-url", archive)  # 80 columns
    assert shown.returncode == 0, shown.stderr
    assert "stored and updated articles" in shown.stdout
    words = " ".join(
        line.strip("│ ").split("│")[-1].strip()
        for line in shown.stdout.splitlines()
        if line.startswith("│")
    )
    assert " ".join(LONG_TITLE.split()) in " ".join(words.split())  # folded, not cut
    assert article_id("desk", "long")[:8] in shown.stdout


def test_a_lede_is_cut_at_a_word(archive: str) -> None:
    lede = json.loads(
        newsroom("show", article_id("desk", "untitled"), "--json", "--database-url", archive).stdout
    )["lede"]
    assert len(lede) > 90
    listed = newsroom("articles", "--database-url", archive, env=WIDE)
    row = next(line for line in listed.stdout.splitlines() if lede[:20] in line)
    cell = row.rstrip(" │").split("│")[-1].strip()
    assert cell.endswith("…") and len(cell) <= 90
    assert lede.startswith(cell[:-1]) and lede[len(cell) - 1] == " "  # whole words, then …


def test_shorten_cuts_spaced_text_at_words_and_unspaced_text_by_characters() -> None:
    assert shorten("short enough", 20) == "short enough"
    assert shorten("The quick brown fox jumps over the lazy dog", 20) == "The quick brown fox…"
    assert shorten("Supercalifragilisticexpialidocious words", 10) == "Supercali…"
    chinese = "国家统计局周一公布的数据显示经济增长放缓"
    assert shorten(chinese, 8) == chinese[:7] + "…"
    thai = "ข่าวเศรษฐกิจไทยวันนี้"  # ข่ : a consonant and its tone mark stay together
    assert shorten(thai, 3) == "ข่…"


def test_topic_labels_match_by_start_or_word_and_codes_still_work(archive: str) -> None:
    topics = [
        TopicName(concept.qcode, concept.label, concept.level, concept.retired)
        for concept in load_tagger().vocabulary.concepts.values()
    ]
    assert match_topic("politics", topics) == "medtop:11000000"  # politics and government
    assert match_topic("POLITICS AND GOVERNMENT", topics) == "medtop:11000000"
    assert match_topic("medtop:15000000", topics) == "medtop:15000000"
    assert match_topic("15000000", topics) == "medtop:15000000"
    assert match_topic("sport", topics) == "medtop:15000000"  # a label whole beats its starts
    with pytest.raises(UnknownValue, match=r"'econ' fits \d+ topics: economy, business"):
        match_topic("econ", topics)
    with pytest.raises(UnknownValue, match="closest: politics and government"):
        match_topic("polittics", topics)
    assert match_place("ua", {"UA": "Ukraine"}) == "UA"
    assert match_place("ukraine", {"UA": "Ukraine"}) == "UA"

    listed = newsroom("articles", "--topic", "politics", "--database-url", archive)
    assert listed.returncode == 0, listed.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["articles", "--topic", "polittics"], "no topic 'polittics'"),
        (["articles", "--topic", "econ"], "fits"),
        (["articles", "--place", "XX"], "no country 'XX'"),
        (["articles", "--place", "Ukrane"], "closest: Ukraine (UA)"),
        (["articles", "--source", "nosuch"], "no source 'nosuch'; sources: desk"),
        (["articles", "--source", "dsek"], "no source 'dsek'"),
        (["retag", "--source", "nosuch"], "no source 'nosuch'"),
        (["articles", "--cluster", "0000zz"], "no story cluster '0000zz'"),
    ],
)
def test_a_filter_value_that_names_nothing_is_refused(
    archive: str, args: list[str], said: str
) -> None:
    result = newsroom(*args, "--database-url", archive)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert said in result.stderr and result.stderr.count("\n") == 1  # one line
    assert "0 articles" not in result.stderr


def test_a_cluster_is_taken_by_a_unique_start_of_its_id(archive: str) -> None:
    cluster = json.loads(
        newsroom("show", article_id("desk", "long"), "--json", "--database-url", archive).stdout
    )["cluster"]
    listed = newsroom("articles", "--cluster", cluster[:8], "--json", "--database-url", archive)
    assert listed.returncode == 0, listed.stderr
    assert [json.loads(line)["cluster"] for line in listed.stdout.splitlines()] == [cluster]


def test_runs_status_is_one_of_the_statuses(archive: str) -> None:
    result = newsroom("runs", "--status", "complete", "--database-url", archive)
    assert result.returncode == 2 and "completed" in result.stderr


def test_version_and_h() -> None:
    from importlib.metadata import version

    shown = newsroom("--version")
    assert shown.returncode == 0 and shown.stdout == f"newsroom {version('newsroom')}\n"
    for command in ([], ["runs", "show"], ["ingest"], ["tagger", "train"]):
        short = newsroom(*command, "-h")
        assert short.returncode == 0, short.stderr
        assert short.stdout == newsroom(*command, "--help").stdout and "Usage:" in short.stdout


def test_help_names_what_each_value_is() -> None:
    """No option or argument shows its Python type (<list[str]>) in place of what to give, and
    no usage line doubles the brackets of a repeated argument."""

    checked: collections.Counter[str] = collections.Counter()

    def walk(command: Any, path: list[str]) -> None:
        context = command.context_class(command, info_name=" ".join(path))
        for param in command.params:
            record = param.get_help_record(context)
            if param.param_type_name == "option" and record:
                assert "list[" not in record[0], (path, record[0])
                checked["option"] += 1
            if param.param_type_name == "argument":
                assert "]...]" not in " ".join(param.get_usage_pieces(context)), path
                assert not record or "list[" not in record[0], (path, record[0])
                checked["argument"] += 1
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), ["newsroom"])
    assert checked["option"] > 50 and checked["argument"] > 5  # Typer's own classes, all read
