"""Scale-out: ingest batches on a Dask cluster, and overlapping runs at once on PostgreSQL."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from db.models import Article, Failure, IngestRun
from db.session import get_engine
from flows.ingest import IngestSummary, ingest, task_runner_from_settings
from newsroom.core.settings import get_settings

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ITEMS = 4 + 3  # four files plus three JSON Lines records


def write_stories(folder: Path, numbers: range) -> list[Path]:
    """Seed-format files, one story each; the same number always gives the same file name."""
    folder.mkdir(parents=True, exist_ok=True)
    cities = ["LONDON (Reuters) -", "PARIS (AFP) -", "UNITED NATIONS (AP) —", "Berlin (dpa) -"]
    files = []
    for number in numbers:
        path = folder / f"story_{number:03d}.txt"
        path.write_text(
            f"date 2024-03-{number % 28 + 1:02d}\n{cities[number % 4]} Story {number}: the "
            f"central bank held interest rates as inflation eased and the league match ended "
            f"in a draw after {number} minutes of talks.",
            encoding="utf-8",
        )
        files.append(path)
    return files


def keys_and_counts(engine: Engine) -> dict[tuple[str, str], int]:
    with Session(engine) as session:
        rows = session.exec(
            select(Article.source_id, Article.key, func.count()).group_by(
                Article.source_id, Article.key
            )
        ).all()
    return {(str(source), key): count for source, key, count in rows}


# -- Dask ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[object]:
    """Two single-thread worker processes: real pickling, real concurrent writers."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster


def test_no_setting_means_no_dask(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSROOM_DASK_ADDRESS", raising=False)
    monkeypatch.delenv("NEWSROOM_TASK_RUNNER", raising=False)
    assert task_runner_from_settings() is None
    monkeypatch.setenv("NEWSROOM_TASK_RUNNER", "ray")
    get_settings.cache_clear()
    with pytest.raises(ValueError, match="(?s)task_runner.*'default' or 'dask'"):
        task_runner_from_settings()


def test_batches_run_on_a_dask_cluster(
    tmp_path: Path, sqlite_url: str, dask_cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import distributed
    from prefect_dask import DaskTaskRunner

    monkeypatch.setenv("NEWSROOM_DASK_ADDRESS", dask_cluster.scheduler_address)  # type: ignore[attr-defined]
    get_settings.cache_clear()
    runner = task_runner_from_settings()
    assert isinstance(runner, DaskTaskRunner)
    folder = tmp_path / "drop"
    shutil.copytree(SEEDS, folder)
    write_stories(folder / "generated", range(40))
    (folder / "empty.txt").write_bytes(b"")

    # 48 items in batches of 8: six tasks over two worker processes, writing to one SQLite file
    summary = ingest.with_options(task_runner=runner)(
        paths=[str(folder)], database_url=sqlite_url, batch_size=8
    )
    total = SEED_ITEMS + 40
    assert (summary.stored, summary.updated, summary.unchanged, summary.failed) == (total, 0, 0, 1)
    assert summary.failed_by_stage == {"decode": 1}
    engine = get_engine(sqlite_url)
    per_key = keys_and_counts(engine)
    assert len(per_key) == total and set(per_key.values()) == {1}
    with Session(engine) as session:
        [run] = session.exec(select(IngestRun)).all()
        [failure] = session.exec(select(Failure)).all()
    assert (run.status, run.stored, run.failed) == ("completed", total, 1)
    assert Path(failure.origin).name == "empty.txt"
    # the six batch tasks ran on the cluster, on both workers
    with distributed.Client(dask_cluster) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert sum(executed.values()) == 6 and all(executed.values())

    again = ingest.with_options(task_runner=runner)(
        paths=[str(folder)], database_url=sqlite_url, batch_size=8
    )
    # the empty file failed once; its bytes are quarantined until they change
    assert (again.stored, again.unchanged, again.failed, again.quarantined) == (0, total, 0, 1)


# -- PostgreSQL: overlapping runs at once ----------------------------------------------------------


@pytest.mark.postgres
def test_overlapping_runs_at_once_never_duplicate_or_lose(
    tmp_path: Path, postgres_engine: Engine, postgres_url: str
) -> None:
    shared = write_stories(tmp_path / "pool", range(30))
    folders = []
    for index, numbers in enumerate([range(0, 20), range(10, 30), range(5, 25)]):
        folder = tmp_path / f"run{index}"
        folder.mkdir()
        for number in numbers:  # the same files (same resolved path), linked into three folders
            (folder / shared[number].name).symlink_to(shared[number])
        folders.append(folder)
    records = [
        {
            "id": f"wire-{n % 6}",
            "text": f"LONDON (Reuters) - Wire story {n % 6} on shares and bonds.",
        }
        for n in range(12)
    ]  # each id twice
    records.append({"id": "broken"})  # neither text nor html: a failure
    wire = tmp_path / "wire.jsonl"
    wire.write_text(
        "\n".join(json.dumps(record) for record in records) + "\n{not json\n", encoding="utf-8"
    )

    summaries: list[IngestSummary] = []
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def run(paths: list[str]) -> None:
        try:
            start.wait()
            summaries.append(
                ingest(
                    paths=paths,
                    database_url=postgres_url,
                    batch_size=3,
                    allowed_roots=[str(tmp_path / "pool")],  # the links lead there
                )
            )
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    inputs = [
        [str(folders[0]), str(wire)],
        [str(folders[1]), str(wire)],
        [str(folders[2])],
        [str(wire), str(folders[0])],
    ]
    threads = [threading.Thread(target=run, args=(paths,)) for paths in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(summaries) == 4

    per_key = keys_and_counts(postgres_engine)
    file_keys = {str(path.resolve()) for path in shared}
    assert {key for _, key in per_key} == file_keys | {f"wire-{n}" for n in range(6)}
    assert set(per_key.values()) == {1}  # no article twice
    # every input of every run is either ingested (stored, updated, unchanged) or a failure
    expected_items = [20 + 14, 20 + 14, 20, 14 + 20]  # files + wire lines (12 + broken + bad JSON)
    # (a bad line that an earlier run recorded is counted quarantined, not failed again)
    assert sorted(s.items + s.quarantined for s in summaries) == sorted(expected_items)
    assert sorted(s.failed + s.quarantined for s in summaries) == [0, 2, 2, 2]
    # Each article is counted as stored by exactly one of the runs that wrote it at once.
    assert sum(s.stored for s in summaries) == len(per_key)
    with Session(postgres_engine) as session:
        failures = session.exec(select(Failure.origin, Failure.stage)).all()
        runs = session.exec(select(IngestRun)).all()
    assert set(failures) == {(f"{wire.resolve()}:13", "parse"), (f"{wire.resolve()}:14", "parse")}
    assert len(failures) == sum(s.failed for s in summaries)  # each failure counted is recorded
    assert sorted(run.status for run in runs) == ["completed"] * 4
