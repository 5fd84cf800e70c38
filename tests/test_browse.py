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
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from newsroom.cli import app
from newsroom.cli.browse import READABLE
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
    run, so that the last run's failures are not all failures; then a run of an empty folder."""
    folder = tmp_path_factory.mktemp("archive")
    path = folder / "newsroom.db"
    url = f"sqlite:///{path}"
    wire, paper = folder / "wire", folder / "paper"
    wire.mkdir()
    paper.mkdir()
    (folder / "empty").mkdir()
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
    # a later run by hand that finds nothing: the last run's failures are still the paper's
    ingest(str(folder / "empty"), "--source", "paper", "--database-url", url)
    return path


@contextmanager
def browsing(archive: Path, log: Path, *args: str) -> Iterator[str]:
    """``newsroom browse ARGS`` on the archive, as a person starts it, its output (stdout and
    stderr) written to ``log``; its base URL on 127.0.0.1."""
    port = free_port()
    with log.open("w") as output:
        process = subprocess.Popen(
            [*NEWSROOM, "browse", "--port", str(port), "--database-url", f"sqlite:///{archive}"]
            + list(args),
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for_answer(base, "/-/versions.json", process, timeout=60, name="newsroom browse")
        except RuntimeError as exc:
            process.kill()
            process.wait()
            pytest.fail(f"{exc}: {log.read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def served_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browse") / "browse.log"


@pytest.fixture(scope="module")
def served(archive: Path, served_log: Path) -> Iterator[str]:
    """``newsroom browse`` on the archive, as a person starts it; its base URL."""
    before = contents(archive)
    with browsing(archive, served_log) as base:
        yield base
    output = served_log.read_text()
    assert f"{base}/newsroom" in output  # it says where to look
    assert "warning" not in output  # 127.0.0.1 is this machine only
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
    assert {"primary_topic", "place", "country", "source", "status", "day"} <= set(facets)
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


HIDDEN = [
    "cluster_band",
    "article_version",
    "ingest_run",
    "alembic_version",
    "fetch_state",
    "manual_tag",
    "article_fts",
]


@pytest.mark.parametrize("table", HIDDEN)
def test_a_table_not_meant_to_be_read_is_refused(served: str, table: str) -> None:
    for suffix in ("", ".json", ".csv"):
        response = httpx.get(f"{served}/newsroom/{table}{suffix}")
        assert response.status_code == 403, (table, suffix, response.text[:200])
    database = httpx.get(f"{served}/newsroom.json").json()
    assert {t["name"] for t in database["tables"]} | {v["name"] for v in database["views"]} <= (
        READABLE
    )


def test_sql_is_off_and_the_canned_queries_read_what_they_show(served: str) -> None:
    """Datasette cannot limit SQL to some tables: arbitrary SQL (and ?_where=, which is SQL)
    is refused; the canned queries still answer, and the runs query has no host or pid."""
    for sql in ("select host, pid, parameters from ingest_run", "select * from article_version"):
        response = httpx.get(f"{served}/newsroom.json", params={"sql": sql})
        assert response.status_code == 403, response.text[:200]
    where = httpx.get(f"{served}/newsroom/article.json", params={"_where": "1 = 1"})
    assert where.status_code in (400, 403), where.text[:200]
    assert httpx.get(f"{served}/newsroom.db").status_code in (403, 404)  # no download
    runs = rows(served, "runs")
    assert len(runs) == 4 and all(run["status"] == "completed" for run in runs)
    assert not {"host", "pid", "parameters"} & set(runs[0])


def test_no_page_names_the_archives_path(served: str, archive: Path) -> None:
    assert httpx.get(f"{served}/-/databases.json").status_code == 404
    for page in (
        "/",
        "/newsroom",
        "/newsroom.json",
        "/newsroom/article",
        "/newsroom/story?_search=Halifax",
        "/-/databases",
        "/-/metadata.json",
        "/-/settings.json",
        "/-/plugins.json",
        "/-/versions.json",
        "/-/threads.json",
        "/newsroom/no_such_table",
    ):
        body = httpx.get(f"{served}{page}").text
        assert str(archive) not in body, page  # (origins name the ingested files: data)


def test_an_error_is_a_page_not_a_traceback(served: str, served_log: Path) -> None:
    missing = httpx.get(f"{served}/newsroom/no_such_table.json")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    bad_sort = httpx.get(f"{served}/newsroom/article.json", params={"_sort": "no_such_column"})
    assert bad_sort.json()["error"] == "Cannot sort table by no_such_column"
    assert "Cannot sort" in httpx.get(f"{served}/newsroom/article?_sort=nope").text  # a page
    assert httpx.get(f"{served}/newsroom/cluster_band").status_code == 403
    output = served_log.read_text()
    assert "Traceback" not in output and "locals" not in output.lower(), output[-2000:]


def test_a_public_bind_is_warned_of(archive: Path, tmp_path: Path) -> None:
    log = tmp_path / "public.log"
    with browsing(archive, log, "--host", "0.0.0.0") as base:
        assert httpx.get(f"{base}/newsroom/article.json").status_code == 200
    warning = [line for line in log.read_text().splitlines() if line.startswith("warning:")]
    assert warning and "--host 0.0.0.0 lets every machine" in warning[0]
    assert "--host 127.0.0.1" in warning[0]
