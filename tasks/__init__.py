"""Prefect tasks: thin wrappers that give the services' batch functions retries, logs and a
place in the UI. Each task module wraps the service module of the same name."""

from typing import TypeVar, cast

from prefect.utilities.annotations import quote

T = TypeVar("T")


def quoted(value: T) -> T:
    """``value`` for a task argument that Prefect passes through as it is, without walking it to
    find futures or hashing it for the cache: a batch of work units, a list of pages. Typed as
    the value, which is what the task receives."""
    return cast(T, quote(value))
