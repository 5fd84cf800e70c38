"""Progress reporting that the caller chooses: the CLI shows a bar, a deployment logs.

The ingest flow calls :func:`advance`; whoever runs it in-process may install a listener with
:func:`listen` (the CLI installs a progress bar). Without one, nothing is shown here: the flow also
logs its progress and keeps a progress artifact in the Prefect UI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[int, int], None]  # (items done so far, items in all)

_listeners: list[Listener] = []


@contextmanager
def listen(listener: Listener) -> Iterator[None]:
    _listeners.append(listener)
    try:
        yield
    finally:
        _listeners.remove(listener)


def advance(done: int, total: int) -> None:
    for listener in list(_listeners):
        listener(done, total)


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless it is one: "1 item", "2 items", "0 items"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
