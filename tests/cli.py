"""The ``newsroom`` command as a user runs it: a process of its own, from the project root."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSROOM = [sys.executable, "-m", "newsroom.cli"]


def interruptible(command: list[str]) -> list[str]:
    """``command`` with Ctrl-C (SIGINT) at its default, as a terminal's foreground job has it. A
    shell's background job (``make test &``, ``nohup``) inherits SIGINT ignored, and exec keeps
    it so: a test that sends SIGINT would then test nothing of the command."""
    reset = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    return [sys.executable, "-c", reset + "os.execv(sys.argv[1], sys.argv[1:])", *command]


def newsroom(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``newsroom ARGS`` (with this environment, or the tests' own) and capture its output;
    the exit code is the caller's to check."""
    return subprocess.run(
        [*NEWSROOM, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
