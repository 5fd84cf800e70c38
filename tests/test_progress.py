"""The progress bar of ``newsroom ingest`` on a real pseudo-terminal, with Prefect's log lines.

The bar is on only when standard error is a terminal, so the command runs on a pty (against the
session's Prefect server) and the test reads what the terminal was sent.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli import NEWSROOM, ROOT

pytestmark = pytest.mark.prefect

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LOG_LINE = re.compile(r"\d\d:\d\d:\d\d\.\d{3} \| (INFO|WARNING|ERROR) ")


def on_a_terminal(command: list[str], env: dict[str, str], timeout: float = 120) -> str:
    """Run ``command`` with standard output and error on a new pseudo-terminal; what it wrote
    there."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        command, stdin=terminal, stdout=terminal, stderr=terminal, cwd=ROOT, env=env
    )
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the terminal closed: the command has ended
                    break
                if not chunk:
                    break
                output += chunk
            elif process.poll() is not None:
                break
        process.wait(timeout=max(deadline - time.monotonic(), 1))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    assert process.returncode == 0, output.decode("utf-8", "replace")
    return output.decode("utf-8", "replace")


def test_the_bar_has_no_markup_and_log_lines_start_on_their_own_line(
    tmp_path: Path, prefect_env: dict[str, str]
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    env = {
        **prefect_env,
        "PREFECT_LOGGING_LEVEL": "INFO",  # the flow's log lines, while the bar is shown
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "NEWSROOM_WORKERS": "1",
    }
    shown = on_a_terminal(
        [*NEWSROOM, "ingest", str(seeds), "--database-url", f"sqlite:///{tmp_path / 'n.db'}"],
        env,
    )
    assert "[progress.description]" not in shown
    pieces = [ANSI.sub("", piece) for piece in re.split(r"[\r\n]", shown)]
    assert any(piece.startswith("ingesting") for piece in pieces), shown  # the bar was drawn
    logged = [piece for piece in pieces if LOG_LINE.search(piece)]
    assert any("ingesting" in piece and "items" in piece for piece in logged), shown
    glued = [piece for piece in logged if not LOG_LINE.match(piece.lstrip())]
    assert not glued, glued
