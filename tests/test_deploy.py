"""Deployments end to end: a real Prefect server, `newsroom deploy`, a process worker, and
`newsroom run --wait`; then the rows in a SQLite file.

This test starts its own server (not the session's ``prefect_harness``) with its own PREFECT_HOME
under tmp_path, and stops every process it started, checking with ``ps`` that none is left.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import yaml
from sqlalchemy import create_engine, text

from newsroom.cli import operations
from newsroom.core.environment import PREFECT_ENVIRONMENT, prefect_environment
from tests.cli import NEWSROOM, interruptible, newsroom
from tests.httpserver import Reply, TestServer

pytestmark = pytest.mark.prefect

ROOT = Path(__file__).resolve().parent.parent
PREFECT = [sys.executable, "-m", "prefect"]
STARTUP_TIMEOUT = 60.0
RUN_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Processes:
    """Subprocesses started by a test, each in its own process group, stopped together."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[tuple[str, subprocess.Popen[bytes], IO[bytes]]] = []

    def start(
        self, name: str, command: list[str], env: dict[str, str], cwd: Path
    ) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process, log))
        return process

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace")[-4000:] if path.exists() else ""

    def stop_all(self, timeout: float = 15.0) -> None:
        """SIGTERM to each group (the server's and worker's children too), SIGKILL if needed."""
        for _, process, _ in reversed(self.started):
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for _, process, log in reversed(self.started):
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            log.close()
        groups = {process.pid for _, process, _ in self.started}
        deadline = time.monotonic() + timeout
        while (left := _processes_in_groups(groups)) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pgid in {pgid for _, pgid, _ in left}:
            _signal_group(pgid, signal.SIGKILL)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _processes_in_groups(groups: set[int]) -> list[tuple[int, int, str]]:
    """(pid, pgid, command) of live processes in these process groups, according to ps."""
    listing = subprocess.run(
        ["ps", "-eo", "pid=,pgid=,stat=,args="], capture_output=True, text=True, check=True
    ).stdout
    found = []
    for line in listing.splitlines():
        pid, pgid, stat, args = (line.split(None, 3) + [""])[:4]
        if int(pgid) in groups and not stat.startswith("Z"):
            found.append((int(pid), int(pgid), args))
    return found


@pytest.fixture
def prefect_server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Processes]]:
    """A Prefect server on a free port, with its home, database and logs under tmp_path.

    Yields the API URL, the environment for subprocesses that talk to it, and the process list
    (stopped at teardown, however the test ends).
    """
    home = tmp_path / "prefect-home"
    home.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {
        **prefect_environment(),
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": url,
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_SERVER_UI_ENABLED": "false",
        # No scheduled runs of feeds/drop-folder during the test: only the run it triggers.
        "PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED": "false",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
    }
    processes = Processes(tmp_path)
    # PREFECT_API_URL set before the server starts, as docs/operations.md says: the server makes
    # the UI links of alert messages from it.
    server = processes.start(
        "server",
        [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env,
        tmp_path,
    )
    try:
        try:
            operations.wait_for_server(url, server, timeout=STARTUP_TIMEOUT)
        except RuntimeError as exc:
            pytest.fail(f"{exc}:\n{processes.log('server')}")
        yield url, env, processes
    finally:
        processes.stop_all()
        started = {process.pid for _, process, _ in processes.started}
        assert not _processes_in_groups(started), "processes left running"
        assert all(process.poll() is not None for _, process, _ in processes.started)


def write_articles(folder: Path) -> None:
    folder.mkdir()
    (folder / "paris.txt").write_text(
        "date 2024-01-05\nPARIS (AFP) - France's parliament voted on Friday to raise the "
        "minimum wage, after weeks of debate about inflation and the cost of living.",
        encoding="utf-8",
    )
    (folder / "london.txt").write_text(
        "date 2024-02-10\nLONDON (Reuters) - Arsenal beat Chelsea 2-1 in the Premier League "
        "on Saturday, keeping the club top of the table.",
        encoding="utf-8",
    )


def articles_of(database_url: str, source: str) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(
                connection.execute(
                    text(
                        "SELECT article.published FROM article JOIN source "
                        "ON article.source_id = source.id WHERE source.name = :name "
                        "ORDER BY article.published"
                    ),
                    {"name": source},
                ).scalars()
            )
    finally:
        engine.dispose()


# apprise, behind Prefect's notification blocks, imports imghdr (deprecated in Python 3.11).
@pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")
def test_deploy_then_a_worker_runs_a_triggered_deployment(
    prefect_server: tuple[str, dict[str, str], Processes], tmp_path: Path, server: TestServer
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url, env, processes = prefect_server
    database_url = f"sqlite:///{tmp_path / 'e2e.db'}"
    env = {**env, "NEWSROOM_DATABASE_URL": database_url}

    deployed = newsroom("deploy", env=env, timeout=RUN_TIMEOUT + 30)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    for name in ("ingest/feeds", "ingest/drop-folder", "retag/nightly-retag", "ingest/backfill"):
        assert name in deployed.stdout
    assert "on demand" in deployed.stdout  # backfill has no schedule

    with temporary_settings({PREFECT_API_URL: url}):
        found = {
            item.name: item
            for item in operations.read_deployments(operations.project_deployment_names(ROOT))
        }
        with get_client(sync_client=True) as client:
            pool = client.read_work_pool("newsroom")
            drop = client.read_deployment_by_name("ingest/drop-folder")
    assert pool.type == "process"
    # sources.yaml lists no source: the feeds schedule is paused until it does
    assert found["ingest/feeds"].schedules == ["every 5 min (UTC) (paused)"]
    assert found["ingest/drop-folder"].schedules == ["every 5 min (UTC)"]
    assert found["retag/nightly-retag"].schedules == ["cron 30 2 * * * (Europe/London)"]
    assert found["ingest/backfill"].schedules == []
    assert found["ingest/backfill"].parameters["batch_size"] == 1000
    # No secret in the deployment: the runs take the worker's NEWSROOM_DATABASE_URL (below, the
    # worker's environment has it, and the run writes there).
    assert database_url not in json.dumps(drop.job_variables)
    [anchored] = drop.schedules  # a later deploy keeps the runs on the same minutes
    assert anchored.schedule.anchor_date.isoformat().startswith("2026-01-01T00:00:00")
    assert drop.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}
    ]

    # The worker starts elsewhere: the pull step takes the run to the project folder.
    worker_name = f"e2e-{uuid.uuid4().hex[:8]}"
    processes.start(
        "worker",
        [
            *PREFECT,
            "worker",
            "start",
            "--pool",
            "newsroom",
            "--name",
            worker_name,
            "--type",
            "process",
        ],
        env,
        tmp_path,
    )

    drop_folder = tmp_path / "incoming"
    write_articles(drop_folder)
    run = run_drop_folder(drop_folder, "e2e", env, "--name", "drop folder by hand")
    assert run.returncode == 0, run.stdout + run.stderr + processes.log("worker")
    assert "Completed" in run.stdout
    # --wait prints what the run did, not only how it ended
    assert "stored 2, updated 0, unchanged 0, failed 0, skipped 0" in run.stdout
    assert articles_of(database_url, "e2e") == ["2024-01-05", "2024-02-10"]
    assert run_name(url, run.stdout) == "drop folder by hand"  # the name given is kept

    # The documented manual run names another source: the same files are updated, not copied.
    manual = run_drop_folder(drop_folder, "manual", env)
    assert manual.returncode == 0, manual.stdout + manual.stderr + processes.log("worker")
    assert "stored 0, updated 2, unchanged 0, failed 0, skipped 0" in manual.stdout
    assert articles_of(database_url, "manual") == ["2024-01-05", "2024-02-10"]
    assert articles_of(database_url, "e2e") == []
    listed = subprocess.run(
        [*PREFECT, *recent_runs_command()[1:], "-o", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert run_id(manual.stdout) in {item["id"] for item in json.loads(listed.stdout)}

    # The alerts of docs/operations.md, to a webhook: a notification block, then `prefect
    # automation create` with the documented automations (automations.yaml).
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    receiver = server
    receiver.route("/hook", Reply(200, b"ok"))
    with temporary_settings({PREFECT_API_URL: url}):
        block_id = CustomWebhookNotificationBlock(
            name="newsroom-alerts",
            url=receiver.url("/hook"),
            json_data={"text": "{{subject}}\n{{body}}"},
        ).save("newsroom-alerts", overwrite=True)
    alerts = tmp_path / "newsroom-alerts.yaml"
    alerts.write_text(
        automation_yaml().replace("REPLACE-WITH-BLOCK-ID", str(block_id)), encoding="utf-8"
    )
    created = subprocess.run(
        [*PREFECT, "automation", "create", "--from-file", str(alerts)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert created.returncode == 0, created.stdout + created.stderr
    with temporary_settings({PREFECT_API_URL: url}):
        with get_client(sync_client=True) as client:
            [automation] = client.read_automations_by_name("newsroom-run-failed-crashed-or-late")
    assert automation.enabled
    assert set(automation.trigger.expect) == {
        "prefect.flow-run.Failed",
        "prefect.flow-run.Crashed",
        "prefect.flow-run.Late",
    }
    assert automation.actions[0].block_document_id == block_id

    # A failed run makes `newsroom run --wait` exit 1 (strict mode, one empty file).
    (drop_folder / "empty.txt").write_bytes(b"")
    failed = run_drop_folder(drop_folder, "e2e", env, "--param", "strict=true")
    assert failed.returncode == 1, failed.stdout + failed.stderr + processes.log("worker")
    assert "Failed" in failed.stdout + failed.stderr

    failed_id = run_id(failed.stdout)
    assert run_name(url, failed.stdout) == "ingest e2e"  # no name given: what it does

    # The alert arrives, naming the run and linking to its page in the UI.
    deadline = time.monotonic() + RUN_TIMEOUT
    while not receiver.received("/hook") and time.monotonic() < deadline:
        time.sleep(0.5)
    [message] = [json.loads(request.body)["text"] for request in receiver.received("/hook")]
    assert message.startswith("newsroom: ingest run ingest e2e is Failed\n"), message
    assert f"{url.removesuffix('/api')}/runs/flow-run/{failed_id}" in message
    assert "None" not in message

    missing = newsroom("run", "ingest/no-such-deployment", env=env, timeout=60)
    assert missing.returncode == 1
    assert "newsroom deploy" in missing.stderr


def run_drop_folder(
    folder: Path, source: str, env: dict[str, str], *options: str
) -> subprocess.CompletedProcess[str]:
    """`newsroom run ingest/drop-folder` on ``folder`` as ``source``, waiting for the run."""
    return newsroom(
        "run",
        "ingest/drop-folder",
        "--param",
        f"paths={json.dumps([str(folder)])}",
        "--param",
        f"source={source}",
        *options,
        "--wait",
        "--timeout",
        str(RUN_TIMEOUT),
        env=env,
        timeout=RUN_TIMEOUT + 30,
    )


def run_id(output: str) -> str:
    """The flow run id in what `newsroom run` printed: "flow run NAME (ID) of ..."."""
    found = re.search(r"\(([0-9a-f-]{36})\) of ", output)
    assert found, output
    return found.group(1)


def run_name(url: str, output: str) -> str:
    """The name the server has for the run `newsroom run` printed, after it ran."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: url}):
        with get_client(sync_client=True) as client:
            return client.read_flow_run(uuid.UUID(run_id(output))).name


def automation_yaml() -> str:
    """The automations of docs/operations.md, as the project declares them (automations.yaml)."""
    return (ROOT / "automations.yaml").read_text(encoding="utf-8")


def test_the_documented_automation_is_valid() -> None:
    from prefect.events.schemas.automations import AutomationCore

    # The server makes the alert's links from PREFECT_API_URL as it was when it started.
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    assert doc.index("prefect config set PREFECT_API_URL") < doc.index("prefect server start")

    declared = yaml.safe_load(automation_yaml().replace("REPLACE-WITH-BLOCK-ID", str(uuid.uuid4())))
    for automation in map(AutomationCore.model_validate, declared["automations"]):
        assert automation.trigger.posture == "Reactive"
        assert automation.actions[0].type == "send-notification"


def test_parameters_decode_json_else_stay_strings() -> None:
    assert operations.parse_parameters(
        [
            'paths=["a", "b"]',
            "source=e2e",
            "batch_size=50",
            "strict=true",
            "database_url=null",
            "note=a=b",
            "empty=",
        ]
    ) == {
        "paths": ["a", "b"],
        "source": "e2e",
        "batch_size": 50,
        "strict": True,
        "database_url": None,
        "note": "a=b",
        "empty": "",
    }
    with pytest.raises(ValueError, match="key=value"):
        operations.parse_parameters(["paths"])


def test_serve_runs_the_deployments_of_prefect_yaml() -> None:
    """One definition of each deployment: serve reads prefect.yaml, options aside."""
    served = {
        item.name: item
        for item in operations.serve_deployments(
            drop_folder="incoming", sources_file="wire.yaml", interval=120
        )
    }
    declared = {entry["name"]: entry for entry in operations.project_deployments(ROOT)}
    assert list(served) == list(declared)
    for name, entry in declared.items():
        deployment = served[name]
        limit = entry["concurrency_limit"]
        assert deployment.concurrency_limit == limit["limit"], name
        assert deployment.concurrency_options is not None
        assert (
            deployment.concurrency_options.collision_strategy.value == limit["collision_strategy"]
        ), name
        expected = dict(entry["parameters"])
        expected.update({"paths": ["incoming"]} if name == "drop-folder" else {})
        expected.update({"sources_file": "wire.yaml"} if "sources_file" in expected else {})
        assert deployment.parameters == expected, name
        assert set(entry["tags"]) <= set(deployment.tags or [])
        assert len(deployment.schedules or []) == len(entry["schedules"])
    [drop_schedule] = served["drop-folder"].schedules
    assert drop_schedule.schedule.interval.total_seconds() == 120
    # anchored, so that the runs fall on the same minutes whenever the deployments are made
    assert drop_schedule.schedule.anchor_date.isoformat().startswith("2026-01-01T00:00:00")
    [retag_schedule] = served["nightly-retag"].schedules
    assert (retag_schedule.schedule.cron, retag_schedule.schedule.timezone) == (
        "30 2 * * *",
        "Europe/London",
    )
    assert served["backfill"].schedules == []
    assert served["backfill"].concurrency_limit == 1  # backfills queue under serve too


def recent_runs_command() -> list[str]:
    """The documented command that lists recent ingest runs (docs/operations.md), as words."""
    doc = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    [line] = [
        line
        for line in doc.splitlines()
        if line.startswith("prefect flow-run ls --flow-name ingest")
    ]
    return line.split("#")[0].split()


def test_the_documented_recent_runs_leave_out_runs_scheduled_for_later() -> None:
    """`prefect flow-run ls` sorts by start time, newest first: without a state filter, the
    first rows are the runs scheduled for the next hours."""
    from prefect.client.schemas.objects import StateType

    words = recent_runs_command()
    types = {words[i + 1] for i, word in enumerate(words) if word == "--state-type"}
    assert {"COMPLETED", "FAILED", "CRASHED", "RUNNING"} <= types <= set(StateType.__members__)
    assert "SCHEDULED" not in types and "--state" not in words


def test_no_schedule_polls_nothing_or_fires_with_another() -> None:
    """The feeds schedule is paused while sources.yaml lists no source (288 empty runs a day
    otherwise); the five-minute schedules start on different minutes."""
    import datetime as dt

    declared = {entry["name"]: entry for entry in operations.project_deployments(ROOT)}
    sources = yaml.safe_load((ROOT / "sources.yaml").read_text(encoding="utf-8"))
    [feeds] = declared["feeds"]["schedules"]
    assert sources["sources"] == [] and feeds["active"] is False
    assert "active: true" in (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    starts = []
    for name in ("feeds", "drop-folder"):
        [schedule] = declared[name]["schedules"]
        anchor = dt.datetime.fromisoformat(schedule["anchor_date"])
        starts.append((anchor.timestamp() % schedule["interval"]) // 60)
    assert len(set(starts)) == 2, starts  # minutes into each 5-minute period


def test_deployments_run_with_the_projects_prefect_settings() -> None:
    for entry in operations.project_deployments(ROOT):
        env = entry["work_pool"]["job_variables"]["env"]
        assert {name: env[name] for name in PREFECT_ENVIRONMENT} == PREFECT_ENVIRONMENT


def test_commands_need_a_prefect_server(tmp_path: Path) -> None:
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": ""}
    result = newsroom("run", "ingest/drop-folder", env=env, timeout=60)
    assert result.returncode == 1
    assert "PREFECT_API_URL" in result.stderr


@pytest.mark.parametrize(
    "command", [("deploy",), ("run", "ingest/drop-folder"), ("serve", "--drop", "drop")]
)
def test_a_configured_server_that_is_down_is_one_line_naming_it(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_API_URL": url}
    result = newsroom(*command, env=env, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"the Prefect server at {url} does not answer" in lines[0]
    assert "prefect server start" in lines[0] and "Traceback" not in result.stderr


def test_deploying_makes_the_drop_folder_its_runs_ingest(tmp_path: Path) -> None:
    (tmp_path / "prefect.yaml").write_text(
        (ROOT / "prefect.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert not (tmp_path / "drop").exists()
    assert operations.make_drop_folders(tmp_path) == [tmp_path / "drop"]
    assert (tmp_path / "drop").is_dir()
    assert operations.make_drop_folders(tmp_path) == [tmp_path / "drop"]  # again: no error


def test_no_parameter_description_puts_a_quote_right_after_a_url() -> None:
    """The Prefect UI links URLs in a form's descriptions, quote and all (``story.html&quot;]``)."""
    from prefect.utilities.callables import parameter_schema

    from flows.ingest import ingest
    from flows.retag import retag

    for flow in (ingest, retag):
        for name, field in parameter_schema(flow.fn).properties.items():
            description = field.get("description") or ""
            assert not re.search(r"https?://[^\s]*[\"'\]]", description), (flow.name, name)


def test_serve_refuses_deployments_a_worker_owns_and_says_what_to_do(
    prefect_server: tuple[str, dict[str, str], Processes], tmp_path: Path
) -> None:
    """Served over, a deployment made by `newsroom deploy` keeps its work pool and loses its
    code's location: every run its worker picks up crashes. serve refuses instead."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url, env, _ = prefect_server
    with temporary_settings({PREFECT_API_URL: url}):
        operations.ensure_work_pool("newsroom")
        with get_client(sync_client=True) as client:
            flow_id = client.create_flow_from_name("ingest")
            client.create_deployment(
                flow_id=flow_id,
                name="feeds",
                work_pool_name="newsroom",
                entrypoint="flows/ingest.py:ingest",
            )
    result = newsroom("serve", "--drop", str(tmp_path / "drop"), env=env, timeout=RUN_TIMEOUT)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ingest/feeds is deployed to work pool 'newsroom'" in result.stderr
    assert "prefect deployment delete ingest/feeds" in result.stderr


def test_deploy_after_serve_takes_the_deployments_over_for_a_worker(
    prefect_server: tuple[str, dict[str, str], Processes], tmp_path: Path
) -> None:
    """Switching from `newsroom serve` to `newsroom deploy` plus a worker: the deployments serve
    made (and paused when it stopped) become the worker's, scheduled again, and their runs work."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    url, env, processes = prefect_server
    database_url = f"sqlite:///{tmp_path / 'switch.db'}"
    env = {**env, "NEWSROOM_DATABASE_URL": database_url}
    serving = processes.start(
        "serve", interruptible([*NEWSROOM, "serve", "--drop", "drop"]), env, ROOT
    )

    def drop_folder_deployment() -> Any:
        with temporary_settings({PREFECT_API_URL: url}):
            with get_client(sync_client=True) as client:
                return client.read_deployment_by_name("ingest/drop-folder")

    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        try:
            served = drop_folder_deployment()
            break
        except Exception:
            if serving.poll() is not None or time.monotonic() > deadline:
                pytest.fail("serve made no deployments:\n" + processes.log("serve"))
            time.sleep(0.5)
    assert served.work_pool_name is None
    _signal_group(serving.pid, signal.SIGINT)  # Ctrl-C: serve pauses the schedules
    # Pausing takes a call to the server per deployment, which a busy machine's SQLite-backed
    # server can make wait (once over 60 s, while the whole suite ran): as long as a run may take.
    try:
        serving.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail("serve did not stop on Ctrl-C:\n" + processes.log("serve"))

    deployed = newsroom("deploy", env=env, timeout=RUN_TIMEOUT + 30)
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    taken = drop_folder_deployment()
    assert taken.work_pool_name == "newsroom"
    assert taken.pull_steps == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}
    ]
    assert not taken.paused and all(schedule.active for schedule in taken.schedules)

    processes.start(
        "worker",
        [*PREFECT, "worker", "start", "--pool", "newsroom", "--type", "process"],
        env,
        tmp_path,
    )
    incoming = tmp_path / "incoming"
    write_articles(incoming)
    run = run_drop_folder(incoming, "switch", env)
    assert run.returncode == 0, run.stdout + run.stderr + processes.log("worker")
    assert articles_of(database_url, "switch") == ["2024-01-05", "2024-02-10"]
