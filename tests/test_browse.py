"""``newsroom browse``: the archive in Datasette, served by the command itself and read over
HTTP and in headless Chromium; its search, facets and canned queries on a real ingested archive."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from newsroom.cli import app
from newsroom.cli.operations import wait_for_answer
from tests.cli import NEWSROOM, ROOT, newsroom
from tests.test_wire_storage import PARAGRAPHS, g2

FIXTURES = ROOT / "tests" / "fixtures" / "wire"
REQUIRE_BROWSER = os.environ.get("NEWSROOM_REQUIRE_BROWSER") == "1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ingest(*args: str) -> None:
    result = CliRunner().invoke(app, ["ingest", *args, "--no-progress"])
    assert result.exit_code in (0, 2), result.output  # 2: some items failed, as meant


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, prefect_harness: None) -> Path:
    """Seeds; a wire story in two versions plus a paper's copy of it; a malformed file in each
    run, so that the last run's failures are not all failures."""
    folder = tmp_path_factory.mktemp("archive")
    path = folder / "newsroom.db"
    url = f"sqlite:///{path}"
    wire, paper = folder / "wire", folder / "paper"
    wire.mkdir()
    paper.mkdir()
    (wire / "v1.xml").write_text(g2(version=1), encoding="utf-8")
    (wire / "v2.xml").write_text(
        g2(version=2, headline="Fire destroys Halifax warehouse, ferry halted"), encoding="utf-8"
    )
    shutil.copy(FIXTURES / "ninjs-malformed.json", wire)
    (paper / "copy.txt").write_text("\n\n".join(PARAGRAPHS), encoding="utf-8")
    shutil.copy(FIXTURES / "g2-malformed.xml", paper)
    ingest(str(ROOT / "seeds"), "--database-url", url)
    ingest(str(wire), "--source", "wire", "--database-url", url)
    ingest(str(paper), "--source", "paper", "--database-url", url)
    return path


@pytest.fixture(scope="module")
def served(archive: Path) -> Iterator[str]:
    """``newsroom browse`` on the archive, as a person starts it; its base URL."""
    port = free_port()
    before = contents(archive)
    process = subprocess.Popen(
        [*NEWSROOM, "browse", "--port", str(port), "--database-url", f"sqlite:///{archive}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_answer(base, "/-/versions.json", process, timeout=60, name="newsroom browse")
        except RuntimeError as exc:
            process.kill()
            pytest.fail(f"{exc}: {process.communicate()[0]}")
        yield base
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/newsroom" in output  # it says where to look
    assert contents(archive) == before  # read-only


def contents(path: Path) -> str:
    """Everything in the database, as SQL."""
    with closing(sqlite3.connect(path)) as connection:
        return hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()


def rows(base: str, path: str, **params: Any) -> list[dict[str, Any]]:
    response = httpx.get(f"{base}/newsroom/{path}.json", params={**params, "_shape": "objects"})
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def test_the_article_table_answers_datasettes_own_search(served: str) -> None:
    found = rows(served, "article", _search="Guterres")
    assert [row["origin"].rsplit("/", 1)[-1] for row in found] == ["000_898aff2efecb9d6a.txt"]
    assert rows(served, "article", _search="Guterres ferry") == []


def test_stories_have_facets_labels_and_search(served: str) -> None:
    response = httpx.get(f"{served}/newsroom/story.json", params={"_search": "Halifax"})
    body = response.json()
    assert sorted(row[body["columns"].index("source")] for row in body["rows"]) == [
        "EXWIRE",  # a wire story's source is its provider
        "paper",
    ]
    facets = body["facet_results"]
    facets = facets.get("results", facets)  # Datasette 0.65: a dict of facets
    assert {"primary_topic", "topics", "place", "source", "status", "day"} <= set(facets)
    sources = {item["value"]: item["count"] for item in facets["source"]["results"]}
    assert sources == {"EXWIRE": 1, "paper": 1}
    page = httpx.get(f"{served}/newsroom/story").text
    assert "the top-level IPTC Media Topic with the highest score" in page  # column labels


def test_canned_queries(served: str, archive: Path) -> None:
    failures = rows(served, "last_run_failures")
    assert [row["origin"].rsplit("/", 1)[-1] for row in failures] == ["g2-malformed.xml"]
    assert failures[0]["stage"] and failures[0]["reason"]

    per_day = rows(served, "articles_per_topic_per_day", _size="max")
    assert {"day": "2022-04-22", "topic": "politics and government", "level": 1} in [
        {key: row[key] for key in ("day", "topic", "level")} for row in per_day
    ]
    assert all(row["articles"] >= 1 for row in per_day)

    wire_id = rows(served, "story", source="EXWIRE")[0]["id"]
    history = rows(served, "story_versions_and_cluster", id=wire_id)
    assert [(row["kind"], row["version"]) for row in history] == [
        ("version", 1),
        ("version", 2),
        ("same cluster", None),
    ]
    assert history[1]["title"] == "Fire destroys Halifax warehouse, ferry halted"
    assert history[2]["source"] == "paper"


def test_a_search_in_headless_chromium_shows_the_seed_article(served: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = "no Chromium (apt-get install chromium) for the browser test"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (NEWSROOM_REQUIRE_BROWSER is set)")
        pytest.skip(message)
    page = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            f"{served}/newsroom/article?_search=Guterres",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "1 row where search matches" in page
    assert "António Guterres" in page  # the seed's text, in the page's table


def test_browse_says_what_to_do_when_it_cannot_serve(tmp_path: Path) -> None:
    missing = newsroom("browse", "--database-url", f"sqlite:///{tmp_path / 'none.db'}")
    assert missing.returncode == 1
    assert "no archive at" in missing.stderr and "newsroom ingest" in missing.stderr
    postgres = newsroom("browse", "--database-url", "postgresql+psycopg://u@127.0.0.1/x")
    assert postgres.returncode == 1 and "articles --search" in postgres.stderr
    (tmp_path / "taken.db").touch()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = newsroom(
            "browse", "--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'taken.db'}"
        )
    assert busy.returncode == 1 and f"port {port} on 127.0.0.1 is in use" in busy.stderr
