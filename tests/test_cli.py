"""The command line, run for real: subprocesses for parse, the Typer app in-process for ingest."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from db.session import head_revision
from newsroom.cli import app
from tests.cli import NEWSROOM, newsroom

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_898aff2efecb9d6a.txt"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return newsroom(*args, stdin=stdin)


COMMANDS = {
    "ingest",
    "parse",
    "articles",
    "show",
    "release",
    "tag",
    "retag",
    "runs",
    "tagger",
    "db",
    "deploy",
    "run",
    "serve",
    "browse",
}


def registered(group: Any) -> dict[str, Any]:
    """The commands a group registers (by Typer's names), not words found in help text."""
    return dict(getattr(group, "commands", {}))


def test_every_command_is_registered_explained_and_documented() -> None:
    commands = registered(typer.main.get_command(app))
    assert set(commands) == COMMANDS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in commands.items():
        assert command.help and len(command.help) > 20, name
        assert f"newsroom {name}" in readme, f"the README does not show `newsroom {name}`"
        for sub, subcommand in registered(command).items():
            assert subcommand.help, f"{name} {sub}"
    assert set(registered(commands["db"])) == {"upgrade", "current"}
    assert set(registered(commands["tagger"])) == {"train", "review", "check"}
    assert set(registered(commands["runs"])) == {"show", "quarantine"}
    result = run("--help")
    assert result.returncode == 0
    _, _, commands_section = result.stdout.partition("\nCommands:\n")
    listed = {
        line.split()[0]
        for line in commands_section.splitlines()
        if line.startswith("  ") and len(line.split()) > 1
    }
    assert COMMANDS <= listed
    for group in ("", "db", "runs", "tagger"):  # no summary cut short by click ("...")
        listing = run(*([group] if group else []), "--help").stdout.partition("\nCommands:\n")[2]
        assert listing and "..." not in listing, listing
    ingest_help = run("ingest", "--help").stdout
    assert "--strict" in ingest_help and "glob" in ingest_help


def test_parse_a_seed_file() -> None:
    result = run("parse", str(SEED))
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["dateline"]["location"] == "UNITED NATIONS"
    assert article["dateline"]["agency"] == "AP"
    assert article["published"] == "2022-04-22"
    assert article["language"] == "en"
    assert "fighting leading" in article["text"]
    assert article["topics"] and article["topics"][0]["code"].startswith("medtop:")
    assert {"code", "label", "score", "level"} <= set(article["topics"][0])
    assert article["error"] is None


def test_parse_stdin() -> None:
    result = run("parse", "-", stdin="date 2023-01-02\nLONDON, Dec 31 (Reuters) - Shares fell.")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["dateline"]["date"] == "2022-12-31"
    assert article["dateline"]["country_code"] == "GB"


def test_parse_stdin_notes_bytes_replaced_in_a_wire_document() -> None:
    """A NITF on stdin with one bad byte in its UTF-8: read as UTF-8, and the output says so."""
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><nitf><head><docdata><doc-id id-string="k1"/>'
        "</docdata></head><body><body.head><hedline><hl1>Zürich tram</hl1></hedline>"
        "</body.head><body.content><p>ZÜRICH (Reuters) - A tram line will run every "
        "few minutes from Monday, the city said.</p></body.content></body></nitf>"
    ).encode()
    at = document.index(b"every")
    result = subprocess.run(
        [*NEWSROOM, "parse", "-"],
        input=document[:at] + b"\xff" + document[at:],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"] == "Zürich tram"
    assert any("invalid UTF-8" in note for note in article["notes"])


def test_parse_html_and_json_on_stdin() -> None:
    page = (
        "<html><head><title>Senate passes budget</title></head><body><nav><a href='/'>Home</a>"
        " <a href='/world'>World</a></nav>"
        "<article><p>WASHINGTON (AP) — The Senate passed the budget bill on Friday after a "
        "long debate among lawmakers.</p><p>The measure now goes to the House, where its fate "
        "is less certain.</p></article><footer>Privacy</footer></body></html>"
    )
    html = json.loads(run("parse", "-", stdin=page).stdout)
    assert html["title"] == "Senate passes budget"
    assert html["dateline"]["agency"] == "AP"
    assert "Privacy" not in html["text"] and "Home" not in html["text"]
    record = json.dumps(
        {"id": "r1", "text": "LONDON (Reuters) - Stocks rose.", "date": "2020-01-01"}
    )
    parsed = json.loads(run("parse", "-", stdin=record).stdout)
    assert (parsed["key"], parsed["published"]) == ("r1", "2020-01-01")


def test_parse_a_bad_file_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    result = run("parse", str(bad))
    assert result.returncode == 1
    assert "binary file" in result.stderr and str(bad) in result.stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parse_jsonl_keeps_order_and_reports_errors(workers: str) -> None:
    lines = [
        {"id": "a", "text": "KYIV, Ukraine (AP) — Shelling hit the city.", "date": "2022-04-22"},
        "{broken",
        {
            "id": "c",
            "html": "<html><body><article><p>PARIS (AFP) - Le gouvernement a annoncé "
            "une réforme des retraites mardi, provoquant la colère des "
            "syndicats.</p><p>Les députés examineront le texte en juin.</p>"
            "</article></body></html>",
        },
        {"id": "d", "text": "No date here.", "date": "not-a-date"},
        {"id": 5, "text": "WASHINGTON (AP) — The Senate passed the bill."},
    ]
    stdin = "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
    result = run("parse", "--jsonl", "--workers", workers, stdin=stdin + "\n")
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [output["id"] for output in outputs] == ["a", None, "c", "d", 5]
    assert [output["error"] is None for output in outputs] == [True, False, True, False, True]
    assert "malformed JSON" in outputs[1]["error"]
    assert "not a valid date" in outputs[3]["error"]
    assert outputs[0]["dateline"]["country_code"] == "UA"
    assert outputs[2]["language"] == "fr"
    required = {
        "id",
        "title",
        "published",
        "byline",
        "language",
        "text",
        "dateline",
        "topics",
        "places",
        "error",
    }
    assert all(required <= set(output) for output in outputs)


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_ingest_then_list_and_show(tmp_path: Path, sqlite_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(ROOT / "seeds"), "--database-url", sqlite_url, "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    assert "stored" in result.output and "7" in result.output

    listed = runner.invoke(app, ["articles", "--json", "--database-url", sqlite_url])
    assert listed.exit_code == 0, listed.output
    records = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    assert len(records) == 7

    by_place = runner.invoke(
        app, ["articles", "--json", "--place", "ua", "--database-url", sqlite_url]
    )
    assert {
        json.loads(line)["origin"].rsplit("/", 1)[-1]
        for line in by_place.stdout.splitlines()
        if line.startswith("{")
    } >= {"000_898aff2efecb9d6a.txt"}

    by_topic = runner.invoke(
        app, ["articles", "--json", "--topic", "sport", "--database-url", sqlite_url]
    )
    sport = [json.loads(line) for line in by_topic.stdout.splitlines() if line.startswith("{")]
    assert [record["origin"].rsplit("/", 1)[-1] for record in sport] == ["003_match_report.html"]

    dated = runner.invoke(
        app,
        [
            "articles",
            "--json",
            "--since",
            "2024-05-06",
            "--until",
            "2024-05-06",
            "--database-url",
            sqlite_url,
        ],
    )
    assert sorted(
        json.loads(line)["published"] for line in dated.stdout.splitlines() if line.startswith("{")
    ) == ["2024-05-06", "2024-05-06"]
    wire = runner.invoke(
        app, ["articles", "--json", "--source", "example-wire", "--database-url", sqlite_url]
    )
    assert len([line for line in wire.stdout.splitlines() if line.startswith("{")]) == 3

    seed_id = next(r["id"] for r in records if r["origin"].endswith("000_898aff2efecb9d6a.txt"))
    shown = runner.invoke(app, ["show", seed_id[:8], "--json", "--database-url", sqlite_url])
    assert shown.exit_code == 0, shown.output
    article = json.loads(shown.stdout)
    assert article["dateline_location"] == "UNITED NATIONS"
    assert article["topics"] and all("evidence" in tag for tag in article["topics"])

    missing = runner.invoke(app, ["show", "nope", "--database-url", sqlite_url])
    assert missing.exit_code == 1
    assert "no article 'nope'" in missing.output


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_ingest_exit_codes(tmp_path: Path, sqlite_url: str) -> None:
    runner = CliRunner()
    (tmp_path / "empty.txt").write_bytes(b"")
    nothing = runner.invoke(
        app, ["ingest", str(tmp_path), "--database-url", sqlite_url, "--no-progress"]
    )
    assert nothing.exit_code == 1
    assert "nothing could be ingested" in nothing.output
    assert "empty.txt" in nothing.output
    assert "1 item in" in nothing.output  # not "1 items"

    (tmp_path / "good.txt").write_text("A story about the election.", encoding="utf-8")
    lenient = runner.invoke(
        app, ["ingest", str(tmp_path), "--database-url", sqlite_url, "--no-progress"]
    )
    assert lenient.exit_code == 0
    strict = runner.invoke(
        app, ["ingest", str(tmp_path), "--database-url", sqlite_url, "--no-progress", "--strict"]
    )
    assert strict.exit_code == 1


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    runner = CliRunner()
    upgraded = runner.invoke(app, ["db", "upgrade", "--database-url", url])
    assert upgraded.exit_code == 0, upgraded.output
    head = head_revision()
    assert head is not None and f"is at revision {head}" in upgraded.output
    current = runner.invoke(app, ["db", "current", "--database-url", url])
    assert f"current: {head}  head: {head}" in current.output


def test_tagger_check_reports_what_the_rules_cannot_tag(tmp_path: Path) -> None:
    shipped = run("tagger", "check")
    assert shipped.returncode == 0, shipped.stderr
    assert "can be tagged" in shipped.stdout and "no terms" not in shipped.stdout

    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "settings: {label_weight: 0}\n"
        "topics:\n"
        "  medtop:15000000: {terms: [sport]}\n"
        "  medtop:99999999: {terms: [nothing]}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "NEWSROOM_TOPIC_RULES": str(rules)}
    edited = newsroom("tagger", "check", env=env)
    assert edited.returncode == 0, edited.stderr
    assert "1 can be tagged" in edited.stdout
    assert "medtop:01000000  arts, culture, entertainment and media" in edited.stdout
    assert "medtop:15000000  sport" not in edited.stdout
    assert "medtop:99999999" in edited.stderr  # a rule for an unknown concept is reported

    rules.write_text("topics: [unclosed\n", encoding="utf-8")
    broken = newsroom("tagger", "check", env=env)
    assert broken.returncode == 1
    assert str(rules) in broken.stderr and "not valid YAML" in broken.stderr


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_stored_text_is_never_read_as_markup(tmp_path: Path, sqlite_url: str) -> None:
    title = "Markets close [/b] higher [bold red] on [link=x] hopes"
    (tmp_path / "story.txt").write_text(
        f"{title}\n\nLONDON (Reuters) - Stocks rose [/] on "
        "Monday as investors [i] cheered [/i] the news.",
        encoding="utf-8",
    )
    runner = CliRunner()
    ingested = runner.invoke(
        app, ["ingest", str(tmp_path), "--database-url", sqlite_url, "--no-progress"]
    )
    assert ingested.exit_code == 0, ingested.output
    listed = runner.invoke(app, ["articles", "--database-url", sqlite_url], env={"COLUMNS": "200"})
    assert listed.exit_code == 0, listed.output
    assert title in listed.output
    assert "1 article\n" in listed.output  # one article, counted as one
    article_id = listed.output.split("│")[1].strip() if "│" in listed.output else ""
    shown = runner.invoke(app, ["show", article_id, "--database-url", sqlite_url])
    assert shown.exit_code == 0, shown.output
    assert title in shown.output and "[i] cheered [/i]" in shown.output
    missing = runner.invoke(app, ["show", "[/b]", "--database-url", sqlite_url])
    assert missing.exit_code == 1 and "no article '[/b]'" in missing.output
