"""Operating the pipeline on a Prefect server: deploy, trigger runs by hand, serve.

Plain helpers behind ``newsroom deploy``, ``newsroom run`` and ``newsroom serve``. Two ways to run
the schedules, pick one:

- **deploy + worker**: ``prefect.yaml`` declares the deployments (``feeds``, ``drop-folder``,
  ``nightly-retag``, ``backfill``); :func:`deploy_project` registers them with the server and a
  worker on the ``newsroom`` process work pool runs them.
- **serve**: :func:`serve_deployments` builds the same schedules in one long-lived process that
  both schedules and runs the flows; no work pool, no worker.

Both need a Prefect server (``PREFECT_API_URL``): a temporary local server would vanish with the
process, and its schedules with it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import logging
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from newsroom.core.environment import prefect_environment

if TYPE_CHECKING:
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments.runner import RunnerDeployment

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the folder of prefect.yaml
WORK_POOL = "newsroom"
DEPLOY_TIMEOUT = 300.0  # seconds; `prefect deploy --all` imports every flow once
HEALTH_TIMEOUT = 5.0  # seconds a server has to answer its health check


class OperationsError(RuntimeError):
    """An operation on the Prefect server could not be done; the message says why."""


@dataclass
class DeployedDeployment:
    """A deployment as the server has it after ``prefect deploy``."""

    name: str  # "flow/deployment"
    id: str
    work_pool: str | None
    schedules: list[str] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)


def api_url() -> str | None:
    """The Prefect server this process talks to (PREFECT_API_URL), or None for none."""
    from prefect.settings import get_current_settings

    return get_current_settings().api.url


def require_api_url() -> str:
    """PREFECT_API_URL, once the server there answers; else an OperationsError that says what
    to do (the commands that talk to a server call this first, so that a server that is down
    is one line naming its URL, not a page of connection errors)."""
    import httpx

    url = api_url()
    if not url:
        raise OperationsError(
            "no Prefect server: start one (`prefect server start`) and set PREFECT_API_URL, e.g. "
            "`prefect config set PREFECT_API_URL=http://127.0.0.1:4200/api`"
        )
    try:
        answer = httpx.get(f"{url.rstrip('/')}/health", timeout=HEALTH_TIMEOUT)
    except httpx.HTTPError as exc:
        raise OperationsError(
            f"the Prefect server at {url} does not answer ({exc or type(exc).__name__}): start "
            "it with `prefect server start`, or point PREFECT_API_URL at one that runs"
        ) from exc
    if answer.status_code != 200:
        raise OperationsError(
            f"the Prefect server at {url} answers {answer.status_code} to its health check: "
            "is PREFECT_API_URL the server's API (it ends in /api)?"
        )
    return url


def parse_parameters(pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs as flow parameters: values that parse as JSON are decoded (``42``,
    ``true``, ``["a", "b"]``, ``null``), anything else stays a string."""
    parameters: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"parameter {pair!r} is not key=value")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        parameters[key.strip()] = value
    return parameters


def ensure_work_pool(name: str = WORK_POOL) -> bool:
    """Create the process work pool ``name`` if the server lacks it; True if it was created."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
            return False
        except ObjectNotFound:
            pass
        client.create_work_pool(
            WorkPoolCreate(
                name=name,
                type=ProcessWorker.type,
                base_job_template=ProcessWorker.get_default_base_job_template(),
                description="Runs the newsroom flows as local processes (newsroom deploy).",
            )
        )
    logger.info("created work pool %s", name)
    return True


def project_deployments(project: Path = PROJECT_ROOT) -> list[dict[str, Any]]:
    """The deployments declared in the project's prefect.yaml, in order."""
    config = yaml.safe_load((project / "prefect.yaml").read_text(encoding="utf-8")) or {}
    return list(config.get("deployments") or [])


def project_deployment_names(project: Path = PROJECT_ROOT) -> list[str]:
    """The deployment names declared in the project's prefect.yaml, in order."""
    return [entry["name"] for entry in project_deployments(project)]


def deploy_project(
    project: Path = PROJECT_ROOT, *, pool: str = WORK_POOL, timeout: float = DEPLOY_TIMEOUT
) -> tuple[str, list[DeployedDeployment]]:
    """``prefect deploy --all`` from the project folder, creating the work pool first.

    Returns the CLI's output and the deployments as the server now has them. Every value
    templated in prefect.yaml (``{{ $NAME }}``) is taken from this process's environment, and
    the project folder becomes the runs' working directory.
    """
    url = require_api_url()
    ensure_work_pool(pool)
    env = {**prefect_environment(), "PREFECT_API_URL": url}
    command = [sys.executable, "-m", "prefect", "--no-prompt", "deploy", "--all"]
    try:
        completed = subprocess.run(
            command,
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise OperationsError(f"prefect deploy did not finish in {timeout:.0f} s") from exc
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        raise OperationsError(f"prefect deploy failed (exit {completed.returncode}):\n{output}")
    make_drop_folders(project)
    return output, read_deployments(project_deployment_names(project))


def make_drop_folders(project: Path = PROJECT_ROOT) -> list[Path]:
    """The folders prefect.yaml's drop-folder deployment ingests (relative to the project, where
    its runs work), made if missing: a run of a folder that is not there records a failure."""
    made = []
    for entry in project_deployments(project):
        if entry["name"] != "drop-folder":
            continue
        for folder in (entry.get("parameters") or {}).get("paths") or []:
            path = Path(folder) if Path(folder).is_absolute() else project / folder
            path.mkdir(parents=True, exist_ok=True)
            made.append(path)
    return made


def read_deployments(names: list[str]) -> list[DeployedDeployment]:
    """The server's deployments with these names (of any flow), sorted by full name."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

    with get_client(sync_client=True) as client:
        deployments = client.read_deployments(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=names))
        )
        flow_names = {
            flow_id: client.read_flow(flow_id).name
            for flow_id in {deployment.flow_id for deployment in deployments}
        }
    found = [
        DeployedDeployment(
            name=f"{flow_names[deployment.flow_id]}/{deployment.name}",
            id=str(deployment.id),
            work_pool=deployment.work_pool_name,
            schedules=[
                describe_schedule(item.schedule) + ("" if item.active else " (paused)")
                for item in deployment.schedules
            ],
            parameters=dict(deployment.parameters),
        )
        for deployment in deployments
    ]
    return sorted(found, key=lambda item: item.name)


def describe_schedule(schedule: Any) -> str:
    """A short human reading of a Prefect schedule."""
    timezone = getattr(schedule, "timezone", None) or "UTC"
    if getattr(schedule, "interval", None) is not None:
        return f"every {_duration(schedule.interval)} ({timezone})"
    if getattr(schedule, "cron", None):
        return f"cron {schedule.cron} ({timezone})"
    if getattr(schedule, "rrule", None):
        return f"rrule {schedule.rrule}"
    return str(schedule)


def _duration(interval: dt.timedelta) -> str:
    seconds = int(interval.total_seconds())
    for unit, size in (("h", 3600), ("min", 60)):
        if seconds % size == 0:
            return f"{seconds // size} {unit}"
    return f"{seconds} s"


def trigger_deployment(
    name: str,
    parameters: dict[str, Any],
    *,
    wait: bool,
    timeout: float | None = None,
    poll_interval: float = 2.0,
    run_name: str | None = None,
) -> FlowRun:
    """Create a run of deployment ``name`` ("flow/deployment") with these parameters (merged
    with the deployment's defaults), named ``run_name`` if given. With ``wait``, return once the
    run is in a final state or ``timeout`` seconds have passed (None: no limit); else return at
    once (state Scheduled)."""
    from prefect.deployments import run_deployment
    from prefect.exceptions import ObjectNotFound

    require_api_url()
    if "/" not in name:
        raise OperationsError(
            f"deployment {name!r}: give FLOW/DEPLOYMENT, e.g. "
            "ingest/drop-folder (`prefect deployment ls` lists them)"
        )
    try:
        flow_run = run_deployment(
            name,
            parameters=parameters,
            timeout=timeout if wait else 0,
            poll_interval=poll_interval,
            as_subflow=False,
            flow_run_name=run_name,
        )
        return cast("FlowRun", flow_run)  # called outside an event loop: the sync form
    except ObjectNotFound as exc:
        raise OperationsError(
            f"no deployment {name!r} on the server; run `newsroom deploy` "
            "first (`prefect deployment ls` lists them)"
        ) from exc


def flow_run_url(flow_run_id: Any) -> str | None:
    """The flow run's page in the Prefect UI, if the UI address is known."""
    from prefect.settings import get_current_settings

    ui = get_current_settings().ui_url
    return f"{ui.rstrip('/')}/runs/flow-run/{flow_run_id}" if ui else None


def serve_deployments(
    *,
    sources_file: str = "sources.yaml",
    drop_folder: str = "drop",
    interval: float = 300.0,
    project: Path = PROJECT_ROOT,
) -> list[RunnerDeployment]:
    """The deployments of prefect.yaml, as one ``prefect.serve`` process runs them itself: the
    same names, flows, parameters, schedules, concurrency limits, tags and descriptions, read
    from the file (the one definition of each deployment). ``serve``'s options override the
    sources file (every ``sources_file`` parameter), the drop folder (the ``drop-folder``
    deployment's ``paths``) and the polling interval (every interval schedule)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    deployments = []
    for entry in project_deployments(project):
        parameters = dict(entry.get("parameters") or {})
        if "sources_file" in parameters:
            parameters["sources_file"] = sources_file
        if entry["name"] == "drop-folder":
            parameters["paths"] = [drop_folder]
        limit = entry.get("concurrency_limit")
        concurrency = (
            None
            if limit is None
            else ConcurrencyLimitConfig(
                limit=limit["limit"],
                collision_strategy=ConcurrencyLimitStrategy(
                    limit.get("collision_strategy", "ENQUEUE")
                ),
            )
        )
        flow = _load_flow(entry["entrypoint"])
        deployment = flow.to_deployment(
            name=entry["name"],
            parameters=parameters,
            concurrency_limit=concurrency,
            schedules=[_schedule(item, interval) for item in entry.get("schedules") or []],
            tags=[*(entry.get("tags") or []), "serve"],
            description=f"{entry.get('description', '').strip()} (served)",
        )
        deployments.append(cast("RunnerDeployment", deployment))
    return deployments


def _load_flow(entrypoint: str) -> Any:
    """The flow an entrypoint of prefect.yaml names (``flows/ingest.py:ingest``)."""
    path, _, name = entrypoint.partition(":")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


def _schedule(config: dict[str, Any], interval: float) -> Any:
    """A prefect.yaml schedule (``interval`` or ``cron``, ``anchor_date``, ``timezone``,
    ``active``) as Prefect's; an interval schedule takes ``interval`` seconds."""
    from prefect.schedules import Cron, Interval

    timezone = config.get("timezone", "UTC")
    active = config.get("active", True)
    if "cron" in config:
        return Cron(config["cron"], timezone=timezone, active=active)
    anchor = config.get("anchor_date")
    anchor_date = dt.datetime.fromisoformat(anchor) if isinstance(anchor, str) else anchor
    return Interval(interval, anchor_date=anchor_date, timezone=timezone, active=active)


def serve(deployments: list[RunnerDeployment], *, limit: int | None = None) -> None:
    """Schedule and run ``deployments`` in this process until interrupted (Ctrl-C).

    Refuses while the server has any of them bound to a work pool (made by ``newsroom deploy``):
    served over, such a deployment keeps its pool and loses its code's location, and every run
    a worker picks up crashes."""
    from prefect import serve as prefect_serve

    require_api_url()
    pooled = [
        found for found in read_deployments([item.name for item in deployments]) if found.work_pool
    ]
    if pooled:
        them = "it" if len(pooled) == 1 else "them"
        deletes = "; ".join(f"prefect deployment delete {found.name}" for found in pooled)
        raise OperationsError(
            f"{', '.join(found.name for found in pooled)} "
            f"{'is' if len(pooled) == 1 else 'are'} deployed to work pool "
            f"'{pooled[0].work_pool}' (by `newsroom deploy`): serving {them} here would break "
            f"the runs its workers pick up. Use a worker (`prefect worker start --pool "
            f"{pooled[0].work_pool}`), or delete {them} first (`{deletes}`) and serve again."
        )
    prefect_serve(*deployments, limit=limit)


def wait_for_server(api: str, process: subprocess.Popen[Any], *, timeout: float) -> None:
    """Wait until the Prefect server started as ``process`` answers at ``api``/health.

    Raises RuntimeError if it exits or does not answer within ``timeout`` seconds.
    """
    wait_for_answer(api, "/health", process, timeout=timeout, name="the Prefect server")


def wait_for_answer(
    base: str, path: str, process: subprocess.Popen[Any], *, timeout: float, name: str
) -> None:
    """Wait until the server ``name`` started as ``process`` answers ``base + path`` with 200.

    Raises RuntimeError if it exits or does not answer within ``timeout`` seconds.
    """
    import time

    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            if httpx.get(f"{base}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer at {base} within {timeout:.0f} s")
