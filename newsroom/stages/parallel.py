"""The CPU-bound stages on every core: one ordered map over worker processes.

``ingest`` (batches of work units), ``newsroom parse --jsonl`` (chunks of lines) and ``retag``
(batches of stored texts) all run their CPU work through :func:`ordered_map`, while the calling
process does what must stay in one place: reading the database, writing it, printing.

The workers are forked after :func:`~newsroom.stages.pipeline.warm_up`, so they share the loaded
word lists, gazetteer and tagger with the parent instead of loading their own, and they see the
parent's settings exactly (a rules file named by a setting, a trained model). At most ``ahead``
inputs per worker are in flight, so memory stays flat however long the input, and results come
back in input order. With one worker, or fewer inputs than make a pool worth forking, everything
runs in the calling process.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

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
    with _pool(workers) as pool:
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
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_in_worker
    )


def _in_worker() -> None:
    """A worker logs warnings to standard error: the parent's handlers (Prefect's API log
    handler, a CLI's console) belong to the parent's threads."""
    for name in (None, "newsroom", "db"):
        target = logging.getLogger(name)
        for handler in list(target.handlers):
            target.removeHandler(handler)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
