"""The temporary Prefect server of a command run without ``PREFECT_API_URL``, started by the CLI.

Prefect starts one by itself when a flow first needs the API (``SubprocessASGIServer``), but
in a way no caller can adjust: in the command's process group, so Ctrl-C at the terminal stops
it while the command still reports to it, and as a plain child, so after ``kill -9`` of the
command it runs on (~235 MB). The CLI starts it first instead, as the same class (Prefect's
clients then find it running and use it), with two differences in how the process is started:

- in a session of its own: a terminal's Ctrl-C reaches the command, which ends the run and
  then stops the server (``atexit``, as Prefect does);
- through :func:`~newsroom.core.processes.dying_with_this_process`: Linux kills it when the
  command ends, however it ends.

Under load the start can take longer than Prefect's bound
(``PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS``, 20 s): it is tried once more with three
times the bound, then :class:`ServerStartError` says what to do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import prefect
from prefect.server.api.server import SubprocessASGIServer
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_ENABLED,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    get_current_settings,
)

from newsroom.core.processes import dying_with_this_process

LONGER = 3  # the second start waits this many times Prefect's bound


class ServerStartError(RuntimeError):
    """The temporary Prefect server did not answer in time, twice."""


class TemporaryServer(SubprocessASGIServer):
    """Prefect's temporary server, started in its own session and dying with this process."""

    def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
        # Prefect 3.9's command and environment (SubprocessASGIServer._run_uvicorn_command).
        server_env = {
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(prefect.__module_path__.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        return subprocess.Popen(
            args=dying_with_this_process(command),
            env={
                **os.environ,
                **server_env,
                **get_current_settings().to_environment_variables(exclude_unset=True),
            },
            start_new_session=True,
        )


def start_temporary_server() -> None:
    """Start the temporary server this process's flows will use, unless they use another: one
    named by ``PREFECT_API_URL``, or one already running (a test harness's)."""
    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return
    running = SubprocessASGIServer._instances.get(None)
    if running is not None and running.running:
        return
    bound = PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value()
    for timeout in (bound, LONGER * bound):
        server = TemporaryServer()
        try:
            server.start(timeout=timeout)
            return
        except Exception as exc:
            server.stop()
            problem = exc
    raise ServerStartError(
        f"the temporary Prefect server did not start (waited {bound} s, then {LONGER * bound} s; "
        f"{str(problem).split('.')[0]}). The machine may be busy: retry, raise "
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or run `prefect server start` "
        "and set PREFECT_API_URL=http://127.0.0.1:4200/api."
    ) from problem
