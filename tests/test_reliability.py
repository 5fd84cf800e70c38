"""Nothing lost, whatever arrives: hostile inputs beside good ones, runs that always end.

Each input below once stopped a whole run (or hung it, or lost items silently); now every good
item is stored, every bad one recorded with a clear reason, and the run ends ``completed``. The
commands run for real, as subprocesses with a timeout as a safety net (a hang fails the test
instead of blocking the suite), against the session's Prefect test server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from sqlalchemy import Engine, func
from sqlmodel import Session, select
from typer.testing import CliRunner

from db import crud
from db.models import Article, ArticleTopic, Failure, IngestRun
from db.session import ensure_schema, get_engine
from flows.ingest import IngestFailed, ingest
from newsroom.cli import app
from newsroom.services.runs import this_host
from tests.cli import NEWSROOM, newsroom

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
NESTED = "[" * 100_000 + "]" * 100_000
GOOD_STORY = "LONDON (Reuters) - Shares rose on {day} as the central bank held rates, traders said."
RANDOM_BYTES = b"\x8f\xa3\x11\xfe\x9c\x02\xd7\x81"  # not UTF-8; a detector once called it UTF-16


def record(record_id: Any, **fields: str) -> str:
    return json.dumps({"id": record_id, "text": GOOD_STORY.format(day="Monday"), **fields})


# JSON Lines that each stopped a run, between good lines; (line, what must become of it).
HOSTILE_LINES: list[tuple[str, str]] = [
    ('{"id": "nested", "text": "x", "extra": ' + NESTED + "}", "malformed JSON"),
    ('{"id": ' + "9" * 5000 + ', "text": "A story."}', "malformed JSON"),
    (
        '{"id": "surrogate-title", "title": "Markets \\udc80", "text": "PARIS (AFP) - Text."}',
        "stored",
    ),
    ('{"id": "surrogate-text", "text": "PARIS (AFP) - Text \\udc80 here."}', "stored"),
    (
        '{"id": "surrogate-url", "url": "https://e.com/\\udc80", "text": "PARIS (AFP) - Text."}',
        "stored",
    ),
    ('{"id": "surrogate-id-\\udc80", "text": "PARIS (AFP) - More text."}', "stored"),
    ('{"id": "x" , "text": ' + '"' + "y" * 300 + '"' + "}", "no readable text"),
]


def hostile_folder(folder: Path, good_lines: int = 1000) -> dict[str, tuple[str, str]]:
    """A drop folder with the seeds, good stories and every hostile input found so far.

    Returns what must happen to each hostile file: (stage, reason fragment) of its failure, or
    ("stored", note) for one that must be stored.
    """
    shutil.copytree(SEEDS, folder)
    lines = [record(f"good-{number}") for number in range(good_lines)]
    for offset, (line, _) in enumerate(HOSTILE_LINES):
        lines.insert(100 + offset * 100, line)
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "deep.json").write_text(NESTED, encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(
        GOOD_STORY.format(day="Tuesday"), encoding="utf-8"
    )
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "x.txt")
    story = "date 2024-01-02\n" + GOOD_STORY.format(day="Wednesday")
    (folder / "utf16le.txt").write_bytes(story.encode("utf-16-le"))
    (folder / "utf16be.txt").write_bytes(story.encode("utf-16-be"))
    (folder / "random.txt").write_bytes(RANDOM_BYTES)
    (folder / "minified.txt").write_bytes(b"x" * 9_200_000)
    (folder / "minified.html").write_bytes(
        b"<html><body><p>" + b"y" * 9_200_000 + b"</p></body></html>"
    )
    return {
        "deep.json": ("parse", "malformed JSON"),
        "loop.txt": ("discover", "symlink loop"),
        "x.txt": ("discover", "not a regular file (a FIFO)"),
        "random.txt": ("decode", "undecodable bytes"),
        "minified.txt": ("clean", "no readable text"),
        "minified.html": ("clean", "no readable text"),
    }


def test_a_folder_of_hostile_inputs_loses_nothing(
    tmp_path: Path, sqlite_url: str, prefect_env: dict[str, str]
) -> None:
    folder = tmp_path / "drop"
    expected_failures = hostile_folder(folder)
    result = newsroom(
        "ingest",
        str(folder),
        "--database-url",
        sqlite_url,
        "--no-progress",
        env=prefect_env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr

    engine = get_engine(sqlite_url)
    with Session(engine) as session:
        [run] = session.exec(select(IngestRun)).all()
        failures = session.exec(select(Failure)).all()
        articles = {article.key: article for article in session.exec(select(Article))}
    assert (run.status, run.finished_at is not None, run.error) == ("completed", True, None)
    assert run.flow_run_id == run.id

    by_file = {
        Path(failure.origin.split(":")[0]).name: failure
        for failure in failures
        if ".jsonl:" not in failure.origin
    }
    for name, (stage, reason) in expected_failures.items():
        assert by_file[name].stage == stage, (name, by_file[name])
        assert reason in by_file[name].reason, (name, by_file[name].reason)
        assert by_file[name].error_type
    assert set(by_file) == set(expected_failures)

    wire = {
        int(failure.origin.rsplit(":", 1)[1]): failure.reason
        for failure in failures
        if ".jsonl:" in failure.origin
    }
    expected_wire = {
        101 + offset * 100: reason  # where hostile_folder put them
        for offset, (_line, reason) in enumerate(HOSTILE_LINES)
        if reason != "stored"
    }
    assert set(wire) == set(expected_wire)
    assert all(expected_wire[number] in reason for number, reason in wire.items()), wire

    seed_items = 4 + 3  # four seed files, three JSON Lines records
    good = 1000 + 4 + 1 + 2  # good lines, lines with repaired surrogates, café, two UTF-16
    assert len(articles) == seed_items + good
    assert (run.stored, run.failed) == (seed_items + good, len(failures))
    assert f"{folder.resolve()}/caf\\xe9.txt" in articles
    assert "surrogate-id-\ufffd" in articles
    assert articles["surrogate-title"].title == "Markets \ufffd"
    assert articles["surrogate-title"].notes == [
        "title: 1 unencodable character (lone surrogates, NUL) replaced"
    ]
    assert articles[str((folder / "utf16be.txt").resolve())].published == "2024-01-02"
    assert "1 unencodable" in articles["surrogate-url"].notes[0]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parse_jsonl_writes_one_line_per_input_line_whatever_it_holds(
    workers: str, prefect_env: dict[str, str]
) -> None:
    lines = [record(number) for number in range(300)]
    for offset, (line, _) in enumerate(HOSTILE_LINES):
        lines.insert(150 + offset, line)
    lines.insert(10, "{not json")
    result = newsroom(
        "parse",
        "--jsonl",
        "--workers",
        workers,
        stdin="\n".join(lines) + "\n",
        env=prefect_env,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == len(lines)
    good = [output["id"] for output in outputs if isinstance(output["id"], int)]
    assert good == list(range(300))  # in order
    errors = {
        output["error"].split(":", 1)[0]: output["error"] for output in outputs if output["error"]
    }
    assert sorted(errors) == sorted(
        f"line {lines.index(line) + 1}"
        for line, reason in [*HOSTILE_LINES, ("{not json", "malformed")]
        if reason != "stored"
    )
    repaired = {
        output["id"]: output
        for output in outputs
        if isinstance(output["id"], str) and output["id"].startswith("surrogate")
    }
    assert set(repaired) == {
        "surrogate-title",
        "surrogate-text",
        "surrogate-url",
        "surrogate-id-\ufffd",
    }
    assert all(output["error"] is None and output["notes"] for output in repaired.values())


def test_a_run_that_fails_is_marked_failed_with_its_reason(tmp_path: Path, sqlite_url: str) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources: {not: a list}\n", encoding="utf-8")
    with pytest.raises(Exception, match="expected a top-level 'sources:' list"):
        ingest(sources_file=str(sources), database_url=sqlite_url)
    with Session(get_engine(sqlite_url)) as session:
        [run] = session.exec(select(IngestRun)).all()
    assert run.status == "failed"
    assert run.finished_at is not None and run.flow_run_id == run.id
    assert run.error is not None and "expected a top-level 'sources:' list" in run.error


def test_the_run_report_shows_file_names_as_text(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    for name in (
        "a\rb.txt",
        "<script>alert(1)<\\script>.txt",
        "<img src=x onerror=alert(1)>.txt",
        "pipe|and`tick`.txt",
    ):
        (folder / name).write_bytes(b"")
    with pytest.raises(IngestFailed) as failed:  # every file failed: the run ends Failed
        ingest(paths=[str(folder)], database_url=sqlite_url)
    summary = failed.value.summary
    assert summary.failed == 4
    with get_client(sync_client=True) as client:
        [report] = [
            artifact
            for artifact in client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[summary.run_id])
                )
            )
            if artifact.key == "ingest-failures"
        ]
    markdown = str(report.data)
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert len(rows) == 1 + 4  # the header and one row per file: no row split by a \r
    assert "\r" not in markdown
    assert "<script" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown and "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "pipe\\|and\\`tick\\`.txt" in markdown


# -- crash safety: SIGKILL mid-run, run again, compare with a clean run ---------------------------


def write_stories(folder: Path, count: int) -> None:
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"story_{number:05d}.txt").write_text(
            f"date 2024-03-{number % 28 + 1:02d}\nBERLIN (dpa) - Story {number}: the coalition "
            f"agreed a budget after {number} hours of talks, and the league match was drawn.",
            encoding="utf-8",
        )


def contents(engine: Engine) -> tuple[dict[str, str], dict[str, list[str]], int]:
    """Ids with content hashes, topic codes per article, and the number of rows."""
    with Session(engine) as session:
        hashes = dict(session.exec(select(Article.id, Article.content_hash)).all())
        rows = session.exec(select(func.count()).select_from(Article)).one()
        topics: dict[str, list[str]] = {}
        for article_id, code in session.exec(
            select(ArticleTopic.article_id, ArticleTopic.topic_code)
        ):
            topics.setdefault(article_id, []).append(code)
    return hashes, {key: sorted(codes) for key, codes in topics.items()}, rows


def start_ingest(folder: Path, database_url: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """``newsroom ingest`` on ``folder`` in small batches, in a process group of its own (so that
    a signal to the group reaches everything it started)."""
    command = [
        *NEWSROOM,
        "ingest",
        str(folder),
        "--database-url",
        database_url,
        "--batch-size",
        "50",
        "--no-progress",
    ]
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_progress(engine: Engine, process: subprocess.Popen[str], total: int) -> int:
    """Wait until the run has stored some articles but not all; return how many."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with Session(engine) as session:
                stored = session.exec(select(func.count()).select_from(Article)).one()
        except Exception:  # the schema is not there yet
            stored = 0
        if 0 < stored < total:
            return stored
        assert stored < total, "the run ended before it could be killed"
        time.sleep(0.02)
    raise AssertionError("the run stored nothing in 300 s")


@pytest.fixture(params=["sqlite", "postgresql"])
def crash_database(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    engine = request.getfixturevalue("postgres_engine")
    return engine.url.render_as_string(hide_password=False)


def test_a_killed_ingest_is_marked_crashed_and_a_rerun_equals_a_clean_run(
    tmp_path: Path, crash_database: str, prefect_env: dict[str, str]
) -> None:
    folder = tmp_path / "archive"
    total = 2000
    write_stories(folder, total)
    reference_url = f"sqlite:///{tmp_path / 'reference.db'}"
    clean = ingest(paths=[str(folder)], database_url=reference_url, batch_size=50)
    assert clean.stored == total

    engine = get_engine(crash_database)
    ensure_schema(engine)
    process = start_ingest(folder, crash_database, prefect_env)
    try:
        wait_for_progress(engine, process, total)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=60)
    with Session(engine) as session:
        [killed] = session.exec(select(IngestRun)).all()
    assert killed.status == "running"  # nothing ran after SIGKILL: the next run must see it

    listed = CliRunner().invoke(app, ["runs", "--database-url", crash_database])
    assert listed.exit_code == 0, listed.output
    assert "running?" in listed.output and "newsroom runs --reap" in listed.output

    rerun = ingest(paths=[str(folder)], database_url=crash_database, batch_size=50)
    assert rerun.failed == 0 and rerun.stored + rerun.unchanged + rerun.updated == total
    with Session(engine) as session:
        runs = {run.id: run for run in session.exec(select(IngestRun))}
    assert runs[killed.id].status == "crashed"
    assert f"its process ({killed.pid} on {killed.host}) is gone" in (runs[killed.id].error or "")
    assert runs[rerun.run_id].status == "completed"

    reference, reference_topics, reference_rows = contents(get_engine(reference_url))
    stored, stored_topics, rows = contents(engine)
    assert rows == reference_rows == total  # no duplicates, nothing missing
    assert stored == reference
    assert stored_topics == reference_topics


def test_a_terminated_ingest_marks_its_run_crashed_itself(
    tmp_path: Path, sqlite_url: str, prefect_env: dict[str, str]
) -> None:
    """SIGTERM (a worker stopping, a container shut down) lets the run say why it ended."""
    folder = tmp_path / "archive"
    write_stories(folder, 2000)
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    # PYTHONFAULTHANDLER: should the run hang after SIGTERM, SIGABRT prints every thread's stack
    process = start_ingest(folder, sqlite_url, {**prefect_env, "PYTHONFAULTHANDLER": "1"})
    try:
        wait_for_progress(engine, process, 2000)
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            _, stderr = process.communicate(timeout=30)
            raise AssertionError(f"no end 120 s after SIGTERM; its threads:\n{stderr}") from None
    finally:
        if process.poll() is None:
            process.kill()
    with Session(engine) as session:
        [run] = session.exec(select(IngestRun)).all()
        stored = session.exec(select(func.count()).select_from(Article)).one()
    assert (run.status, run.error) == ("crashed", "terminated by SIGTERM")
    assert run.finished_at is not None
    # The counts of the batches it recorded (a batch's articles are committed just before its
    # counts, so the signal may fall in between), and never more than were stored.
    assert run.stored <= stored < 2000


def test_runs_reap_marks_a_run_left_running_by_a_dead_process(
    tmp_path: Path, sqlite_url: str
) -> None:
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with Session(engine) as session:
        crud.start_run("dead-run", {}, session=session, host=this_host(), pid=dead.pid)
        crud.start_run("live-run", {}, session=session, host=this_host(), pid=os.getpid())
        session.commit()
    runner = CliRunner()
    reaped = runner.invoke(app, ["runs", "--reap", "--database-url", sqlite_url])
    assert reaped.exit_code == 0, reaped.output
    assert "1 run left running marked crashed" in reaped.output
    with Session(engine) as session:
        statuses = {run.id: (run.status, run.error) for run in session.exec(select(IngestRun))}
    assert statuses["dead-run"][0] == "crashed"
    assert f"its process ({dead.pid} on" in (statuses["dead-run"][1] or "")
    assert statuses["live-run"] == ("running", None)  # alive: never touched

    shown = runner.invoke(app, ["runs", "show", "dead", "--database-url", sqlite_url])
    assert shown.exit_code == 0, shown.output
    assert "crashed" in shown.output and "is gone" in shown.output
