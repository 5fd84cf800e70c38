"""No orphans, and a Ctrl-C that works: ``newsroom ingest`` as a terminal and a shell run it.

Real processes, no mocks. The ingest runs on a folder of a few thousand generated articles (a
minute of work on two cores), so that it is interrupted, killed or cut off in the middle: with
its parse workers forked and its temporary Prefect server up. Each test records the command's
descendants while it runs (``/proc/PID/task/*/children``) and asserts that none is left after.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsroom.core.processes import interrupts_held
from tests.cli import NEWSROOM, ROOT, interruptible

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)"),
]

ARTICLES = 3000
SEED = (ROOT / "seeds" / "001_reuters_style.txt").read_text(encoding="utf-8")
SEED_ITEMS = 7  # seeds/: four one-story files and a JSON Lines file of three stories


@pytest.fixture
def drop(tmp_path: Path) -> Path:
    """A folder of seed-format articles, each a little different."""
    folder = tmp_path / "drop"
    folder.mkdir()
    for number in range(ARTICLES):
        text = SEED.replace("the", f"the {number}", 3)
        (folder / f"a{number:05d}.txt").write_text(
            f" date 2022-04-{1 + number % 28:02d} {text}", encoding="utf-8"
        )
    return folder


def children(pid: int) -> set[int]:
    """The processes ``pid`` started, and theirs, as /proc shows them now."""
    found: set[int] = set()
    tasks = Path(f"/proc/{pid}/task")
    try:
        listed = [
            int(child)
            for task in tasks.iterdir()
            for child in (task / "children").read_text().split()
        ]
    except (FileNotFoundError, ProcessLookupError):
        return found
    for child in listed:
        found |= {child} | children(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie has finished)."""
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_gone(pids: set[int], seconds: float) -> set[int]:
    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


def wait_for_workers(process: subprocess.Popen[bytes], seconds: float = 120) -> set[int]:
    """The command's descendants once it runs its parse workers and its temporary server:
    at least three (two workers and the server; the test machine has two cores or more)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before it was interrupted"
        found = children(process.pid)
        if len(found) >= 3:
            time.sleep(0.5)  # every worker forked
            return children(process.pid)
        time.sleep(0.2)
    raise AssertionError(f"no workers after {seconds} s: {children(process.pid)}")


def run_status(database: Path) -> list[tuple[str, str | None]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT status, error FROM ingest_run").fetchall()


def prefect_states(database: Path, prefect_home: Path) -> list[tuple[str, str]]:
    """The final state (type, message) of the run's Prefect flow run, as the temporary server
    stored it in ``PREFECT_HOME``'s database."""
    with sqlite3.connect(database) as connection:
        flow_runs = [row[0] for row in connection.execute("SELECT flow_run_id FROM ingest_run")]
    with sqlite3.connect(prefect_home / "prefect.db") as connection:
        return [
            connection.execute(
                "SELECT state_type, flow_run_state.message FROM flow_run"
                " JOIN flow_run_state ON flow_run_state.id = flow_run.state_id"
                " WHERE replace(flow_run.id, '-', '') = replace(?, '-', '')",
                (flow_run,),
            ).fetchone()
            for flow_run in flow_runs
        ]


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "NEWSROOM_DATABASE_URL": f"sqlite:///{tmp_path / 'newsroom.db'}",
        "NEWSROOM_WORKERS": "2",
        "TERM": "xterm",
        "PREFECT_LOGGING_LEVEL": "INFO",  # as users run: the suite's WARNING hides the log lines
    }
    env.pop("PREFECT_API_URL", None)  # the temporary server is what must not be left behind
    env["PREFECT_HOME"] = str(tmp_path / "prefect")  # its database, read after the run
    yield env


ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # a terminal's colours and cursor moves
PREFECT_LOG = re.compile(r"^\d\d:\d\d:\d\d\.\d+ \| |^See https://www\.prefect\.io/")


def own_lines(text: str) -> list[str]:
    """What the command itself printed: not Prefect's log lines (``12:00:00.000 | INFO | ...``)
    nor the progress bar."""
    return [
        line
        for line in ESCAPE.sub("", text).replace("\r", "\n").splitlines()
        if line.strip() and not PREFECT_LOG.match(line.strip()) and "ingesting" not in line
    ]


def read_all(fd: int, until: float) -> bytes:
    """What the terminal shows until the command closes it (or ``until``)."""
    output = b""
    while time.monotonic() < until:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side closed
            break
        if not chunk:
            break
        output += chunk
    return output


def test_ctrl_c_on_a_terminal_ends_the_run_cancelled_in_seconds(
    drop: Path, environment: dict[str, str], tmp_path: Path
) -> None:
    """On a real pseudo-terminal (so the progress bar is on), Ctrl-C mid-run: the terminal
    sends SIGINT to the whole foreground process group, workers included."""
    main, terminal = pty.openpty()
    process = subprocess.Popen(
        interruptible([*NEWSROOM, "ingest", str(drop)]),
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        cwd=ROOT,
        env=environment,
        start_new_session=True,  # its own process group, as a shell's job
    )
    os.close(terminal)
    started: set[int] = set()
    try:
        started = wait_for_workers(process)
        shown = read_all(main, time.monotonic() + 3)  # the bar runs
        os.killpg(process.pid, signal.SIGINT)
        interrupted = time.monotonic()
        shown = read_all(main, interrupted + 15)
        process.wait(timeout=max(0.1, interrupted + 10 - time.monotonic()))
        seconds = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        for pid in alive(started):
            os.kill(pid, signal.SIGKILL)
        os.close(main)
    text = shown.decode("utf-8", "replace")
    lines = own_lines(text)
    assert seconds < 10
    assert process.returncode == 130
    assert "Traceback" not in text
    assert len(lines) == 1 and "cancel" in lines[0], text
    assert wait_gone(started, 5) == set()
    assert run_status(tmp_path / "newsroom.db") == [("cancelled", "interrupted (Ctrl-C)")]
    # Prefect's own record says so too: Cancelled, not Crashed, and no "Crash detected" line
    assert prefect_states(tmp_path / "newsroom.db", tmp_path / "prefect") == [
        ("CANCELLED", "interrupted (Ctrl-C)")
    ]
    assert "Crash detected" not in text and "Crashed" not in text


def test_sigkill_leaves_no_worker_and_no_temporary_server(
    drop: Path, environment: dict[str, str]
) -> None:
    process = subprocess.Popen(
        [*NEWSROOM, "ingest", "--no-progress", str(drop)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env=environment,
    )
    started: set[int] = set()
    try:
        started = wait_for_workers(process)
        process.kill()
        process.wait(timeout=10)
        assert wait_gone(started, 5) == set()
    finally:
        for pid in alive(started | children(process.pid)):
            os.kill(pid, signal.SIGKILL)


def test_a_closed_pipe_ends_the_run_without_leaving_the_temporary_server(
    environment: dict[str, str], tmp_path: Path
) -> None:
    """``newsroom ingest seeds | head -3``: the summary's write fails once head has exited."""
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [*NEWSROOM, "ingest", "--no-progress", "seeds"],
        stdout=writer,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=environment,
    )
    os.close(writer)
    os.close(reader)  # head has read its lines and gone
    started = watch_children(process)
    _, error = process.communicate(timeout=10)
    left = wait_gone(started, 5)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    text = error.decode("utf-8", "replace")
    lines = own_lines(text)
    assert started, "the temporary server was never seen"
    assert process.returncode == 141
    assert "Traceback" not in text
    assert len(lines) == 1 and "broken pipe" in lines[0], text
    assert left == set()
    assert run_status(tmp_path / "newsroom.db") == [("completed", None)]


def test_a_closed_pipe_for_both_streams_ends_the_run_completed_and_leaves_no_process(
    environment: dict[str, str], tmp_path: Path
) -> None:
    """``newsroom ingest seeds 2>&1 | head -3``: Prefect's log lines meet the closed pipe mid-run.
    The run goes on to the end, stored and Completed (not Crashed by Rich's exit on a broken
    pipe), and the command ends as ``head``'s writers do (141), leaving nothing running."""
    reader, writer = os.pipe()
    process = subprocess.Popen(
        [*NEWSROOM, "ingest", "--no-progress", "seeds"],
        stdout=writer,
        stderr=writer,
        cwd=ROOT,
        env=environment,
    )
    os.close(writer)
    os.read(reader, 200)  # head's three lines: the first of Prefect's log
    os.close(reader)
    started = watch_children(process)
    left = wait_gone(started, 5)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert started, "the temporary server was never seen"
    assert process.returncode == 141
    assert left == set()
    assert run_status(tmp_path / "newsroom.db") == [("completed", None)]
    assert prefect_states(tmp_path / "newsroom.db", tmp_path / "prefect") == [
        ("COMPLETED", f"stored {SEED_ITEMS}, updated 0, unchanged 0, failed 0, skipped 0")
    ]
    with sqlite3.connect(tmp_path / "newsroom.db") as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone() == (SEED_ITEMS,)


def test_a_temporary_server_that_does_not_start_is_one_line_saying_what_to_do(
    environment: dict[str, str],
) -> None:
    """A server that cannot answer in time (a busy machine, here a bound of 0 s) is tried
    twice, then the command says what to do, in one line."""
    environment["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"] = "0"
    process = subprocess.run(
        [*NEWSROOM, "ingest", "--no-progress", "seeds"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
        check=False,
    )
    lines = own_lines(process.stderr)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert len(lines) == 1, process.stderr
    assert "prefect server start" in lines[0] and "PREFECT_API_URL" in lines[0]


def watch_children(process: subprocess.Popen[bytes], seconds: float = 120) -> set[int]:
    """Every descendant seen while ``process`` runs."""
    seen: set[int] = set()
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        seen |= children(process.pid)
        time.sleep(0.1)
    if process.poll() is None:
        process.kill()
    return seen


@pytest.fixture
def python_sigint() -> Iterator[None]:
    """SIGINT as a command has it: Python's default handler (a library an earlier test ran in
    this process may have left its own)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.mark.usefixtures("python_sigint")
def test_a_held_interrupt_lets_the_step_end_then_interrupts() -> None:
    """A store step under ``interrupts_held``: the first Ctrl-C is raised after the step, so its
    transaction and its Prefect task run end whole; a second one interrupts it at once."""
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler has run by now
            steps.append("ended")
    assert steps == ["ended"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            steps.append("not reached")
    assert steps == ["ended"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
