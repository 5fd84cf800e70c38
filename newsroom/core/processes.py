"""Child processes that end with the process that started them, even after ``kill -9``.

Linux lets a process ask for a signal when its parent ends (``prctl(PR_SET_PDEATHSIG)``): the
parse workers ask for SIGKILL as they start (:mod:`newsroom.stages.parallel`), and a command the
CLI starts (the temporary Prefect server) is run through this module, which asks and then
executes it: ``python -m newsroom.core.processes PARENT_PID PROGRAM ARGS...``. The request
survives ``exec``. Elsewhere than on Linux, both are plain starts.

:func:`interrupts_held` keeps a Ctrl-C from cutting a short step (one batch's transaction, a
Prefect task run) in the middle: the interrupt is raised when the step has ended.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

logger = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int, signal_number: int = signal.SIGKILL) -> None:
    """Ask Linux to send this process ``signal_number`` when its parent ends, and end now if
    ``parent`` has ended already (before the request was made: the child of a dead parent has
    been handed to another). Linux sends it when the *thread* that forked this process ends:
    fork from a thread that outlives the child (the main thread, the one running a pool)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, int(signal_number), 0, 0, 0) != 0:
        logger.warning("cannot ask to die with the parent: errno %d", ctypes.get_errno())
    if os.getppid() != parent:
        os._exit(1)


def dying_with_this_process(command: list[str]) -> list[str]:
    """``command`` run so that it receives SIGKILL when this process (this thread) ends."""
    if not sys.platform.startswith("linux"):
        return command
    return [sys.executable, "-m", __name__, str(os.getpid()), *command]


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Run a short step whole: a first Ctrl-C (SIGINT) waits for the step to end and is raised
    after it, as KeyboardInterrupt; a second one interrupts the step at once. Does nothing
    outside the main thread or where SIGINT is not Python's default handler (ignored, as in
    the parse workers, or taken over by the caller)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return
    pressed = False

    def hold(signal_number: int, frame: FrameType | None) -> None:  # noqa: ARG001
        nonlocal pressed
        if pressed:
            raise KeyboardInterrupt
        pressed = True  # nothing printed here: a handler may run inside a logging call

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def _exec(arguments: list[str]) -> None:
    parent, program, *rest = arguments
    die_with_parent(int(parent))
    os.execv(program, [program, *rest])


if __name__ == "__main__":
    _exec(sys.argv[1:])
