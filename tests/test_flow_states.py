"""Failures reach Prefect: how an ingest run ends, as the Prefect server records it.

Real flow runs under the session's test server; each test reads the run's final state back from
the API (what the UI shows and automations match), and the ``ingest_run`` row. A run whose path
cannot be read or in which nothing could be read ends Failed; a run with some failed items ends
"Completed with failures"; every state message carries the counts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import State, StateType
from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter
from sqlmodel import Session, select
from typer.testing import CliRunner

from db.models import IngestRun, RunCounts
from db.session import get_engine
from flows.ingest import IngestFailed, ingest
from newsroom.cli.app import app
from newsroom.services.outcomes import (
    COMPLETED,
    COMPLETED_WITH_FAILURES,
    FAILED,
    counts_message,
    judge_run,
    nothing_new,
    unreadable_paths,
)
from tests.httpserver import Reply, TestServer

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

ROOT = Path(__file__).resolve().parent.parent
AUTOMATIONS = ROOT / "automations.yaml"
GOOD = "date 2024-01-05\nPARIS (AFP) - A good story about the economy and inflation in France."


def final_state(flow_run_id: Any) -> State:
    """The flow run's state as the Prefect server has it."""
    with get_client(sync_client=True) as client:
        state = client.read_flow_run(uuid.UUID(str(flow_run_id))).state
    assert state is not None
    return state


def run_row(url: str) -> IngestRun:
    with Session(get_engine(url)) as session:
        [run] = session.exec(select(IngestRun)).all()
    return run


def malformed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    return folder


def test_a_missing_folder_fails_the_run_naming_it(tmp_path: Path, sqlite_url: str) -> None:
    missing = tmp_path / "mnt" / "drop"
    state = ingest(paths=[str(missing)], database_url=sqlite_url, return_state=True)
    server = final_state(state.state_details.flow_run_id)
    assert server.type == StateType.FAILED and server.name == FAILED
    assert server.message and str(missing) in server.message
    assert "no such file or folder" in server.message and "mounted" in server.message
    run = run_row(sqlite_url)
    assert run.status == "failed" and run.error and str(missing) in run.error

    # Called directly, the flow raises, with the summary of what it did.
    with pytest.raises(IngestFailed, match="no such file or folder") as failed:
        ingest(paths=[str(missing)], database_url=sqlite_url)
    assert failed.value.summary.failed == 1


def test_a_folder_that_cannot_be_listed_fails_the_run(tmp_path: Path, sqlite_url: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "story.txt").write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    try:
        if any(True for _ in _listable(locked)):
            pytest.skip("this user lists any folder (root)")
        state = ingest(paths=[str(locked)], database_url=sqlite_url, return_state=True)
    finally:
        locked.chmod(0o755)
    server = final_state(state.state_details.flow_run_id)
    assert server.type == StateType.FAILED
    assert (
        server.message and "cannot list folder" in server.message and str(locked) in server.message
    )


def _listable(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except PermissionError:
        return []


def test_a_folder_of_malformed_files_fails_the_run(tmp_path: Path, sqlite_url: str) -> None:
    folder = malformed(tmp_path / "drop")
    state = ingest(paths=[str(folder)], database_url=sqlite_url, return_state=True)
    server = final_state(state.state_details.flow_run_id)
    assert server.type == StateType.FAILED and server.name == FAILED
    assert server.message and "nothing could be ingested: all 2 items failed" in server.message
    assert "stored 0, updated 0, unchanged 0, failed 2, skipped 0" in server.message
    assert run_row(sqlite_url).status == "failed"


def test_some_failed_items_complete_with_failures_and_the_counts(
    tmp_path: Path, sqlite_url: str
) -> None:
    folder = malformed(tmp_path / "drop")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    state = ingest(paths=[str(folder)], database_url=sqlite_url, return_state=True)
    server = final_state(state.state_details.flow_run_id)
    assert server.type == StateType.COMPLETED and server.name == COMPLETED_WITH_FAILURES
    assert server.message and "stored 1, updated 0, unchanged 0, failed 2, skipped 0" in (
        server.message
    )
    run = run_row(sqlite_url)
    assert (run.status, run.stored, run.failed) == ("completed", 1, 2)
    assert f"newsroom runs show {run.id}" in server.message

    # The event an automation matches: its name is the state's name, its resource the message.
    event = flow_run_event(run.id, f"prefect.flow-run.{COMPLETED_WITH_FAILURES}")
    assert "failed 2" in event.resource["prefect.state-message"]


def test_a_clean_run_completes_with_the_counts(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    summary = ingest(paths=[str(folder)], database_url=sqlite_url)
    assert summary.stored == 1  # called directly, the flow returns its summary
    server = final_state(summary.run_id)
    assert server.type == StateType.COMPLETED and server.name == COMPLETED
    assert server.message == "stored 1, updated 0, unchanged 0, failed 0, skipped 0"
    assert run_row(sqlite_url).status == "completed"


def test_an_empty_folder_completes(tmp_path: Path, sqlite_url: str) -> None:
    (tmp_path / "drop").mkdir()
    summary = ingest(paths=[str(tmp_path / "drop")], database_url=sqlite_url)
    assert final_state(summary.run_id).name == COMPLETED  # nothing new is an ordinary poll


def test_a_pattern_over_an_empty_folder_completes(tmp_path: Path, sqlite_url: str) -> None:
    """A drop folder polled as ``drop/*.xml`` between deliveries: an ordinary empty poll, not a
    failed item (nor a Failed run) every few minutes."""
    (tmp_path / "drop").mkdir()
    summary = ingest(paths=[str(tmp_path / "drop" / "*.xml")], database_url=sqlite_url)
    assert (summary.items, summary.failed) == (0, 0)
    assert final_state(summary.run_id).name == COMPLETED


def scheduled_run(parameters: dict[str, Any]) -> Any:
    """A run of the ingest flow made by a deployment's schedule, as the server's scheduler makes
    it (``auto_scheduled``), run in this process as a worker runs it; its final state."""
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.flow_engine import run_flow

    name = f"scheduled-{uuid.uuid4().hex[:8]}"
    deployment_id = ingest.to_deployment(name=name, interval=300, parameters=parameters).apply()
    with get_client(sync_client=True) as client:
        # the runs of the last ten minutes (the server makes a run wait for its time)
        now = dt.datetime.now(dt.UTC)
        window = {"start_time": (now - dt.timedelta(minutes=10)).isoformat()}
        window.update(end_time=now.isoformat(), max_runs=1)  # type: ignore[arg-type]
        response = client._client.post(f"/deployments/{deployment_id}/schedule", json=window)
        response.raise_for_status()
        runs = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
        )
    [flow_run] = runs
    assert flow_run.auto_scheduled
    try:
        return run_flow(ingest, flow_run=flow_run, parameters=parameters, return_type="state")
    finally:
        with get_client(sync_client=True) as client:
            client.delete_deployment(deployment_id)  # and its other scheduled runs


def test_a_scheduled_poll_that_finds_nothing_new_keeps_no_run_record(
    tmp_path: Path, sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    parameters = {"paths": [str(drop)], "source": "drop-folder", "database_url": sqlite_url}
    with caplog.at_level("INFO", logger="prefect.flow_runs"):  # get_run_logger's
        state = scheduled_run(parameters)
    assert state.is_completed()
    with Session(get_engine(sqlite_url)) as session:
        assert session.exec(select(IngestRun)).all() == []
    said = [r.getMessage() for r in caplog.records if "keeps no run record" in r.getMessage()]
    assert said == [
        "nothing new (stored 0, updated 0, unchanged 0, failed 0, skipped 0): "
        "a scheduled poll keeps no run record"
    ]

    # A scheduled poll that stores something, or a run by hand of nothing, is recorded.
    (drop / "good.txt").write_text(GOOD, encoding="utf-8")
    assert scheduled_run(parameters).is_completed()
    assert (run_row(sqlite_url).stored, run_row(sqlite_url).status) == (1, "completed")
    assert run_row(sqlite_url).parameters["deployment"].startswith("scheduled-")  # runs shows it
    assert scheduled_run(parameters).is_completed()  # unchanged: nothing new
    summary = ingest(paths=[str(tmp_path / "empty")], database_url=sqlite_url, return_state=True)
    with Session(get_engine(sqlite_url)) as session:
        runs = session.exec(select(IngestRun)).all()
    assert sorted((run.stored, run.unchanged, run.status) for run in runs) == [
        (0, 0, "failed"),  # by hand, a folder that is not there: recorded, and it fails
        (1, 0, "completed"),
    ]
    assert summary.is_failed()

    # A scheduled poll of a folder that cannot be read is recorded (and fails): the alert's run.
    assert scheduled_run({**parameters, "paths": [str(tmp_path / "gone")]}).is_failed()
    with Session(get_engine(sqlite_url)) as session:
        assert len(session.exec(select(IngestRun)).all()) == 3


def test_cli_exit_codes_follow_the_run_state(tmp_path: Path, sqlite_url: str) -> None:
    runner = CliRunner()
    missing = tmp_path / "no" / "such" / "folder"
    options = ["--database-url", sqlite_url, "--no-progress"]
    failed = runner.invoke(app, ["ingest", str(missing), *options])
    assert failed.exit_code == 1, failed.output
    assert f"ingest failed: cannot read {missing} (no such file or folder)" in failed.output
    assert final_state(printed_run_id(failed.output)).type == StateType.FAILED

    folder = malformed(tmp_path / "drop")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    mixed = runner.invoke(app, ["ingest", str(folder), *options])
    assert mixed.exit_code == 0, mixed.output
    assert final_state(printed_run_id(mixed.output)).name == COMPLETED_WITH_FAILURES

    strict = runner.invoke(app, ["ingest", str(folder), *options, "--strict"])
    assert strict.exit_code == 1, strict.output
    assert "Ingest run" in strict.output  # the summary still prints
    assert final_state(printed_run_id(strict.output)).type == StateType.FAILED


def printed_run_id(output: str) -> str:
    found = re.search(r"Ingest run ([0-9a-f-]{36})", output)
    assert found, output
    return found.group(1)


def flow_run_event(flow_run_id: str, name: str, timeout: float = 30.0) -> Any:
    """The event ``name`` the server recorded for this flow run (events are written shortly
    after the state)."""
    wanted = EventFilter(
        event=EventNameFilter(name=[name]),
        resource=EventResourceFilter(id=[f"prefect.flow-run.{flow_run_id}"]),
    )
    deadline = time.monotonic() + timeout
    while True:
        with get_client(sync_client=True) as client:
            events = client.read_events(filter=wanted, limit=10).events
        if events or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert events, f"no {name} event for flow run {flow_run_id}"
    return events[0]


def test_a_glob_in_a_missing_folder_is_unreadable_and_strict_fails_a_partial_run(
    tmp_path: Path,
) -> None:
    (tmp_path / "drop").mkdir()
    missing = tmp_path / "gone"
    assert unreadable_paths([str(tmp_path / "drop" / "*.xml"), str(missing / "*.xml")]) == {
        str(missing / "*.xml"): f"no such file or folder: {missing}"
    }
    partial = RunCounts(stored=3, failed=1)
    assert judge_run(partial, unreadable={}).state_name == COMPLETED_WITH_FAILURES
    strict = judge_run(partial, unreadable={}, strict=True)
    assert (strict.status, strict.strict) == ("failed", True)
    assert strict.error == "1 items could not be ingested (strict mode)"


def test_the_counts_name_quarantined_and_waiting_files_when_there_are_some() -> None:
    assert counts_message(RunCounts(stored=1)) == (
        "stored 1, updated 0, unchanged 0, failed 0, skipped 0"
    )
    assert counts_message(RunCounts(unchanged=2, quarantined=1, waiting=3)).endswith(
        "skipped 0, quarantined 1, waiting 3"
    )
    assert nothing_new(RunCounts(unchanged=5, skipped=2, quarantined=1), unreadable={})
    assert not nothing_new(RunCounts(waiting=1), unreadable={})  # a file on its way: recorded
    assert not nothing_new(RunCounts(failed=1), unreadable={})
    assert not nothing_new(RunCounts(), unreadable={"drop": "no such file or folder"})


# -- the automations ----------------------------------------------------------------------------


def automations(block_id: uuid.UUID) -> list[dict[str, Any]]:
    text = AUTOMATIONS.read_text(encoding="utf-8").replace("REPLACE-WITH-BLOCK-ID", str(block_id))
    return yaml.safe_load(text)["automations"]


def test_the_automations_file_is_valid_and_matches_the_state_names() -> None:
    from prefect.events.schemas.automations import AutomationCore

    loaded = [AutomationCore.model_validate(a) for a in automations(uuid.uuid4())]
    expected = {a.name: set(getattr(a.trigger, "expect", ())) for a in loaded}
    assert expected == {
        "newsroom-run-failed-crashed-or-late": {
            f"prefect.flow-run.{FAILED}",
            "prefect.flow-run.Crashed",
            "prefect.flow-run.Late",
        },
        "newsroom-ingest-completed-with-failures": {f"prefect.flow-run.{COMPLETED_WITH_FAILURES}"},
    }
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert "prefect automation create --from-file" in doc and "automations.yaml" in doc


def test_the_automation_fires_on_a_run_with_failed_items(
    tmp_path: Path, sqlite_url: str, server: TestServer
) -> None:
    """The documented automation, created on the server, notifies a real webhook when an ingest
    run completes with failures; the message carries the counts."""
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.events.schemas.automations import AutomationCore

    server.route("/hook", Reply(200, b"ok"))
    block_id = CustomWebhookNotificationBlock(
        name="newsroom-alerts", url=server.url("/hook"), json_data={"text": "{{subject}}\n{{body}}"}
    ).save(f"newsroom-alerts-{uuid.uuid4().hex[:8]}", overwrite=True)
    created = []
    with get_client(sync_client=True) as client:
        for automation in automations(block_id):
            created.append(client.create_automation(AutomationCore.model_validate(automation)))
    try:
        folder = malformed(tmp_path / "drop")
        (folder / "good.txt").write_text(GOOD, encoding="utf-8")
        summary = ingest(paths=[str(folder)], database_url=sqlite_url)
        deadline = time.monotonic() + 60
        while not server.received("/hook") and time.monotonic() < deadline:
            time.sleep(0.5)
        messages = [json.loads(request.body)["text"] for request in server.received("/hook")]
    finally:
        with get_client(sync_client=True) as client:
            for automation_id in created:
                client.delete_automation(automation_id)
    [message] = messages
    assert message.startswith(f"newsroom: ingest run {final_run_name(summary.run_id)} is ")
    assert COMPLETED_WITH_FAILURES in message
    assert "stored 1, updated 0, unchanged 0, failed 2, skipped 0" in message


def final_run_name(flow_run_id: str) -> str:
    with get_client(sync_client=True) as client:
        return client.read_flow_run(uuid.UUID(flow_run_id)).name
