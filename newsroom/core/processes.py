"""Child processes that end with the process that started them, even after ``kill -9``.

Linux lets a process ask for a signal when its parent ends (``prctl(PR_SET_PDEATHSIG)``): the
parse workers ask for SIGKILL as they start (:mod:`newsroom.stages.parallel`), and a command the
CLI starts (the temporary Prefect server) is run through this module, which asks and then
executes it: ``python -m newsroom.core.processes PARENT_PID PROGRAM ARGS...``. The request
survives ``exec``. Elsewhere than on Linux, both are plain starts.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys

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


def _exec(arguments: list[str]) -> None:
    parent, program, *rest = arguments
    die_with_parent(int(parent))
    os.execv(program, [program, *rest])


if __name__ == "__main__":
    _exec(sys.argv[1:])
