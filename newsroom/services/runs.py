"""Runs that always end: how a run left ``running`` is found and marked ``crashed``.

A run marks itself ``completed`` or ``failed`` (the flow, in a ``try``), and its Prefect state
hooks mark it ``failed`` or ``crashed`` when the flow itself cannot. After ``kill -9`` or a power
cut nothing runs, so every run (and ``newsroom runs --reap``) first looks at the runs still
``running`` and marks a run ``crashed`` when

1. its Prefect flow run is in a final state (the server knows the run is over), or
2. it ran on this machine and its process is gone (or the pid now belongs to a later process), or
3. it ran on another machine and has shown no progress (no batch written) for
   ``NEWSROOM_RUN_STALE_AFTER`` seconds.

A run whose process is alive on this machine is never touched, however slow.

Plain functions, no Prefect: the caller passes a function that reads the Prefect states.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import psutil
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from db.models import IngestRun

logger = logging.getLogger(__name__)

FINAL_PREFECT_STATES = frozenset({"COMPLETED", "FAILED", "CRASHED", "CANCELLED"})
StateReader = Callable[[Sequence[str]], Mapping[str, str]]  # flow run ids -> state types


@dataclass(frozen=True, slots=True)
class ReapedRun:
    run_id: str
    reason: str


def this_host() -> str:
    return socket.gethostname()


def this_process() -> tuple[str, int]:
    """What a run records to be recognised as alive or gone later: host name and process id."""
    return this_host(), os.getpid()


def process_alive(pid: int, started_at: dt.datetime) -> bool:
    """Whether process ``pid`` of this machine is alive and is the one that started a run at
    ``started_at`` (a process created later merely reuses the number)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        created = process.create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.Error:  # not ours to inspect: it exists, so take it for alive
        return True
    return created <= _utc(started_at).timestamp() + 1.0


def why_crashed(
    run: IngestRun,
    *,
    now: dt.datetime,
    host: str,
    stale_after: float,
    prefect_states: Mapping[str, str],
) -> str | None:
    """Why a run marked ``running`` cannot be running any more, or None if it may be."""
    state = prefect_states.get(run.flow_run_id or "")
    if state in FINAL_PREFECT_STATES:
        return f"its Prefect flow run ended {state.title()} without finishing the run"
    if run.host == host and run.pid is not None:
        if process_alive(run.pid, run.started_at):
            return None
        return f"its process ({run.pid} on {host}) is gone: killed, or the machine restarted"
    last = _utc(run.heartbeat_at or run.started_at)
    idle = (now - last).total_seconds()
    if idle > stale_after:
        return (
            f"no progress for {idle / 60:.0f} min (over NEWSROOM_RUN_STALE_AFTER="
            f"{stale_after:.0f} s) on {run.host or 'an unknown host'}"
        )
    return None


def reap_runs(
    engine: Engine,
    *,
    stale_after: float,
    prefect_states: StateReader | None = None,
    exclude: Collection[str] = (),
) -> list[ReapedRun]:
    """Mark ``crashed`` every run left ``running`` that cannot be running any more."""
    with Session(engine) as session:
        running = [run for run in crud.running_runs(session=session) if run.id not in exclude]
        session.expunge_all()
    if not running:
        return []
    flow_runs = [run.flow_run_id for run in running if run.flow_run_id]
    states = prefect_states(flow_runs) if prefect_states and flow_runs else {}
    now, host = dt.datetime.now(dt.UTC), this_host()
    reaped = []
    with Session(engine) as session:
        for run in running:
            reason = why_crashed(
                run, now=now, host=host, stale_after=stale_after, prefect_states=states
            )
            if reason and crud.end_run(run.id, "crashed", reason, session=session):
                reaped.append(ReapedRun(run.id, reason))
                logger.warning("run %s was left running; marked crashed: %s", run.id, reason)
        session.commit()
    return reaped


def end_run(engine: Engine, run_id: str, status: str, error: str | None) -> bool:
    """Mark a run that is still ``running`` as ``status`` with ``error``; True if it was."""
    with Session(engine) as session:
        ended = crud.end_run(run_id, status, error, session=session)
        session.commit()
    return ended


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives timestamps back without their zone; they are UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
