"""The CPU-bound stages on every core: one ordered map over worker processes.

``ingest`` (batches of work units), ``newsroom parse --jsonl`` (chunks of lines) and ``retag``
(batches of stored texts) all run their CPU work through :func:`ordered_map`, while the calling
process does what must stay in one place: reading the database, writing it, printing.

The workers are forked after :func:`~newsroom.stages.pipeline.warm_up` with every language's
resources (``every_language=True``: the callers pass ``warm_up_for(workers)`` as ``prepare``),
so they share the loaded word lists, gazetteer and every language's tagger with the parent
instead of loading their own, and they see the parent's settings exactly (a rules file named by
a setting, a trained model). At most ``ahead`` inputs per worker are in flight, so memory stays
flat however long the input, and results come back in input order. With one worker, or fewer
inputs than make a pool worth forking, everything runs in the calling process.

Workers never outlive the process that forked them. On Linux each asks the kernel, as it
starts, for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), so ``kill -9`` of an ingest
takes its workers with it. A worker ignores SIGINT: Ctrl-C reaches the whole foreground process
group, and it is the parent that handles it, killing the workers (:func:`stop_workers`) rather
than waiting for the batches they hold. SIGTERM ends a worker as it ends any process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from newsroom.core.processes import die_with_parent

logger = logging.getLogger(__name__)

In = TypeVar("In")
Out = TypeVar("Out")

AHEAD = 2  # inputs in flight per worker: none idles while the parent writes, memory stays flat


def default_workers() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    function: Callable[[In], Out],
    inputs: Iterable[In],
    *,
    workers: int,
    prepare: Callable[[], object] | None = None,
    ahead: int = AHEAD,
) -> Iterator[Out]:
    """``function`` over ``inputs`` in ``workers`` forked processes, results in input order.

    ``prepare`` runs once in this process before the workers are forked (load what they share).
    ``function`` and the inputs must pickle, and ``function`` should not raise: an exception it
    raises is raised here, where the caller can tell one input's failure from the pool's. The
    first input is taken before the pool starts: a single input never pays for one.
    """
    iterator = iter(inputs)
    first = next(iterator, _END)
    if first is _END:
        return
    second = next(iterator, _END) if workers > 1 else _END
    if prepare is not None:
        prepare()
    if second is _END:  # one input, or one worker: no pool
        yield function(first)  # type: ignore[arg-type]
        yield from map(function, iterator)
        return
    pool = _pool(workers)
    _pools.add(pool)
    try:
        pending: deque[Future[Out]] = deque()
        window = max(2, workers * ahead)
        for value in _chain(first, second, iterator):
            if len(pending) >= window:
                yield pending.popleft().result()
            with warnings.catch_warnings():  # Python 3.12+ warns of fork with threads: _pool
                warnings.simplefilter("ignore", DeprecationWarning)
                pending.append(pool.submit(function, value))
        while pending:
            yield pending.popleft().result()
    except BaseException:  # Ctrl-C, an error, the caller stopping early: no batch is waited for
        _stop(pool)
        raise
    else:
        pool.shutdown()
    finally:
        _pools.discard(pool)


def stop_workers() -> None:
    """Kill the workers of every pool this process runs now. For a caller interrupted while an
    :func:`ordered_map` is suspended (Ctrl-C in the code that consumes it): the generator's own
    cleanup runs only when it is closed, which may be long after, or at exit."""
    for pool in list(_pools):
        _stop(pool)


_pools: set[ProcessPoolExecutor] = set()


_END = object()


def _chain(first: object, second: object, rest: Iterator[In]) -> Iterator[In]:
    yield first  # type: ignore[misc]
    yield second  # type: ignore[misc]
    yield from rest


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one. Fork, not spawn: a worker starts in milliseconds
    with everything the parent loaded. A flow run's process has Prefect's threads; the workers
    never touch what those threads hold (they run pure stages, and log to standard error)."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_in_worker,
        initargs=(os.getpid(),),
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    """Kill ``pool``'s workers now and let its futures fail. (Python 3.14 has
    ``ProcessPoolExecutor.kill_workers``; before it, the processes are only in ``_processes``.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _in_worker(parent: int) -> None:
    """Set up a worker: it dies with ``parent``, leaves SIGINT to it, writes to the real standard
    streams and logs warnings to standard error.

    What the worker inherits belongs to the parent's threads: a CLI's progress display (Rich)
    replaces ``sys.stderr`` with a proxy behind a lock another thread may have held at the fork,
    and Prefect's API log handler has its thread only in the parent."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not a handler inherited from the parent
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    for name in (None, "newsroom", "db"):
        target = logging.getLogger(name)
        for handler in list(target.handlers):
            target.removeHandler(handler)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
