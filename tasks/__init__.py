"""Prefect tasks: thin wrappers that give the services' batch functions retries, logs and a
place in the UI. Each task module wraps the service module of the same name."""

from typing import Generic, TypeVar, cast

from prefect.utilities.annotations import quote

T = TypeVar("T")


def quoted(value: T) -> T:
    """``value`` for a task argument that Prefect passes through as it is, without walking it to
    find futures or hashing it for the cache: a batch of work units, a list of pages. Typed as
    the value, which is what the task receives."""
    return cast(T, quote(value))


class Handed(Generic[T]):
    """A large value (a parsed batch) handed to one task run, which lets go of it once done.

    Prefect keeps a task run's arguments referenced for a while after the run returns (until
    its background threads have sent the run's events): a parsed batch passed directly stays
    in memory for tens of batches, and the flow's memory grows with the input. The task takes
    the value with :attr:`value` and calls :meth:`release` when it succeeded (a retry still
    finds it); Prefect then holds only this empty box.
    """

    def __init__(self, value: T) -> None:
        self._value: list[T] = [value]

    @property
    def value(self) -> T:
        return self._value[0]

    def release(self) -> None:
        self._value.clear()
