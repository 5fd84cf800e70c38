"""The ingest flow end to end: real Prefect runs, a real SQLite file, then the rows are read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Article, ArticleTopic, Failure, IngestRun
from db.session import get_engine
from flows.ingest import IngestFailed, StrictIngestError, ingest

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def rows(url: str, model: type) -> int:
    with Session(get_engine(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    folder = tmp_path / "drop"
    shutil.copytree(SEEDS, folder)
    return folder


def test_ingest_seeds_twice_then_an_edit(drop: Path, sqlite_url: str) -> None:
    first = ingest(paths=[str(drop)], database_url=sqlite_url)
    seed_items = 4 + 3  # four files plus three JSON Lines records
    assert (first.stored, first.updated, first.unchanged, first.failed) == (seed_items, 0, 0, 0)
    assert rows(sqlite_url, Article) == seed_items
    assert rows(sqlite_url, ArticleTopic) > seed_items

    second = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (second.stored, second.updated, second.unchanged, second.failed) == (0, 0, 7, 0)
    assert rows(sqlite_url, Article) == seed_items

    seed = drop / "000_898aff2efecb9d6a.txt"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("next week", "on Tuesday"), encoding="utf-8"
    )
    third = ingest(paths=[str(drop)], database_url=sqlite_url)
    assert (third.stored, third.updated, third.unchanged) == (0, 1, 6)
    with Session(get_engine(sqlite_url)) as session:
        article = session.exec(select(Article).where(Article.key == str(seed.resolve()))).one()
        assert "on Tuesday" in article.text
        assert article.dateline_location == "UNITED NATIONS"
        assert article.dateline_agency == "AP"
        assert article.published == "2022-04-22"
        runs = session.exec(select(IngestRun).order_by(IngestRun.started_at)).all()
    assert [(run.status, run.stored, run.updated, run.unchanged) for run in runs] == [
        ("completed", 7, 0, 0),
        ("completed", 0, 0, 7),
        ("completed", 0, 1, 6),
    ]


def test_bad_input_is_recorded_and_the_rest_is_stored(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "date 2024-01-05\nPARIS (AFP) - A good story about the economy and inflation in France.",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (folder / "baddate.txt").write_text("date 2024-02-30 Text.", encoding="utf-8")
    (folder / "wire.jsonl").write_text(
        json.dumps({"id": "a", "text": "LONDON (Reuters) - Shares rose on Monday."})
        + "\n"
        + "{not json\n"
    )
    # A path that cannot be read fails the run (tests/test_flow_states.py), after the rest.
    with pytest.raises(IngestFailed, match="missing") as failed:
        ingest(
            paths=[str(folder), str(tmp_path / "missing")], database_url=sqlite_url, batch_size=2
        )
    summary = failed.value.summary
    assert summary.stored == 2
    assert summary.failed == 5
    assert summary.failed_by_stage == {"decode": 2, "parse": 2, "discover": 1}
    with Session(get_engine(sqlite_url)) as session:
        failures = {
            Path(f.origin).name: (f.stage, f.reason, f.source)
            for f in session.exec(select(Failure))
        }
    assert failures["empty.txt"][0::2] == ("decode", "files")
    assert failures["empty.txt"][1].startswith("empty input")  # then: quarantined until changed
    assert failures["binary.txt"][0] == "decode"
    assert failures["binary.txt"][1].startswith("binary file (contains NUL bytes), not text")
    assert failures["baddate.txt"][1].startswith("date '2024-02-30' is not a valid date")
    assert "malformed JSON" in failures["wire.jsonl:2"][1]
    assert failures["missing"][0:2] == ("discover", "no such file or folder")


def test_strict_mode_fails_the_run(tmp_path: Path, sqlite_url: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("A story about football and the league.", encoding="utf-8")
    with pytest.raises(StrictIngestError, match="1 items could not be ingested"):
        ingest(paths=[str(tmp_path)], database_url=sqlite_url, strict=True)
    assert rows(sqlite_url, Article) == 1
    with Session(get_engine(sqlite_url)) as session:
        [run] = session.exec(select(IngestRun)).all()
    assert (run.status, run.stored, run.failed) == ("failed", 1, 1)


def test_the_run_has_a_summary_table_artifact(drop: Path, sqlite_url: str) -> None:
    summary = ingest(paths=[str(drop)], database_url=sqlite_url)
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                flow_run_id=ArtifactFilterFlowRunId(any_=[summary.run_id])
            )
        )
    kinds = {artifact.type: artifact for artifact in artifacts}
    kinds_by_key = {artifact.key: artifact for artifact in artifacts}
    assert {"table", "markdown", "progress"} <= set(kinds)
    table = kinds_by_key["ingest-summary"].data
    table = json.loads(table) if isinstance(table, str) else table
    assert {"outcome": "stored", "items": 7} in table
    items = (
        json.loads(kinds_by_key["ingest-items"].data)
        if isinstance(kinds_by_key["ingest-items"].data, str)
        else kinds_by_key["ingest-items"].data
    )
    assert len(items) == 7
    seed = next(row for row in items if row["dateline"] == "United Nations")
    assert seed["status"] == "stored" and seed["topic"] == "politics and…"
    assert list(seed) == ["id", "title", "dateline", "topic", "status", "source"]
    assert len({row["id"] for row in items}) == 7 and all(len(row["id"]) >= 8 for row in items)
    with Session(get_engine(sqlite_url)) as session:
        stored_ids = list(session.exec(select(Article.id)))
    assert all(sum(full.startswith(row["id"]) for full in stored_ids) == 1 for row in items)
    assert all(len(row["id"]) < 20 for row in items)  # short, as `newsroom show` takes them
