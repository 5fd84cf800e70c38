"""How an ingest run ends: the verdict the flow turns into its final Prefect state.

A run whose folder is missing (an unmounted drop folder) or in which nothing could be read must
end ``Failed``: that is what the alert of docs/operations.md fires on, and what a scheduled run
on an empty mount point would otherwise hide behind a green ``Completed``. A run that stored
some items and failed others ends ``Completed with failures``: still completed (its items are
in the database, ``newsroom run --wait`` exits 0), but named so that the UI shows it and an
automation can match its event, ``prefect.flow-run.Completed with failures``. Every verdict
carries the counts, which the UI shows as the state's message.

Plain functions, no Prefect: the flow maps a :class:`RunVerdict` to a state.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from db.models import RunCounts
from newsroom.stages.readers import GLOB_CHARS

COMPLETED = "Completed"
COMPLETED_WITH_FAILURES = "Completed with failures"
FAILED = "Failed"
COUNTED = ("stored", "updated", "unchanged", "failed", "skipped")  # in the state message
COUNTED_IF_ANY = ("quarantined", "waiting")  # in the state message when not zero


@dataclass(frozen=True, slots=True)
class RunVerdict:
    """How a run ends: its ``ingest_run`` status, its Prefect state name and message, and the
    error the run record keeps (None when it completed)."""

    status: Literal["completed", "failed"]
    state_name: str
    message: str
    error: str | None = None
    strict: bool = False  # failed only because strict mode allows no failed item

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def counts_message(counts: RunCounts) -> str:
    """The counts as the state message shows them: "stored 120, updated 3, unchanged 0,
    failed 2, skipped 1", then quarantined and waiting files when there are any."""
    names = COUNTED + tuple(name for name in COUNTED_IF_ANY if getattr(counts, name))
    return ", ".join(f"{name} {getattr(counts, name)}" for name in names)


def nothing_new(counts: RunCounts, *, unreadable: Mapping[str, str]) -> bool:
    """Whether a run found no new input: every path could be read, and nothing was stored,
    updated, failed or left waiting (unchanged, skipped and quarantined items are not new). A
    scheduled poll like that keeps no run record: 288 empty polls a day would bury the runs
    that did something."""
    return not (unreadable or counts.stored or counts.updated or counts.failed or counts.waiting)


def unreadable_paths(paths: Iterable[str]) -> dict[str, str]:
    """The paths of a run that cannot be read at all, each with why: missing (a drop folder not
    mounted), not a file or folder, or a folder that cannot be listed. For a glob pattern, the
    folder it searches (the part before the first wildcard) must exist and be listable (that the
    pattern matches no file is a failed item of discovery, not an unreadable path)."""
    problems: dict[str, str] = {}
    for path in paths:
        base = _searched_folder(path) if any(char in path for char in GLOB_CHARS) else path
        problem = _unreadable(os.path.expanduser(base))
        if problem:
            problems[path] = problem if base == path else f"{problem}: {base}"
    return problems


def judge_run(
    counts: RunCounts,
    *,
    unreadable: Mapping[str, str],
    strict: bool = False,
    failed_by_stage: Mapping[str, int] | None = None,
    run_id: str = "",
) -> RunVerdict:
    """The verdict on a run that went through its inputs (a run that raised is failed by the
    exception): ``Failed`` when a path could not be read, when nothing could be read (every
    item failed, none stored, updated, unchanged or skipped), or with ``strict`` when any item
    failed; ``Completed with failures`` when some items failed; else ``Completed``."""
    reasons = []
    if unreadable:
        listed = "; ".join(f"{path} ({why})" for path, why in unreadable.items())
        reasons.append(
            f"cannot read {listed}: check that the folder exists, is mounted, and that this "
            "user may list it"
        )
    if counts.failed and not (counts.ingested or counts.skipped):
        stages = ", ".join(f"{stage} {n}" for stage, n in sorted((failed_by_stage or {}).items()))
        reasons.append(
            f"nothing could be ingested: all {counts.failed} items failed"
            + (f" ({stages})" if stages else "")
        )
    strict_only = False
    not_ingested = counts.failed + counts.quarantined  # quarantined: failed on an earlier poll
    if strict and not_ingested and not reasons:
        reasons.append(f"{not_ingested} items could not be ingested (strict mode)")
        strict_only = True
    tally = counts_message(counts)
    details = f" (failed items: newsroom runs show {run_id})" if run_id and counts.failed else ""
    if reasons:
        error = "; ".join(reasons)
        message = f"{error}. Counts: {tally}{details}"
        return RunVerdict("failed", FAILED, message, error, strict_only)
    name = COMPLETED_WITH_FAILURES if counts.failed else COMPLETED
    return RunVerdict("completed", name, tally + details)


def _searched_folder(pattern: str) -> str:
    """The folder a glob pattern searches: its path up to the first part with a wildcard."""
    parts = []
    for part in pattern.split(os.sep):
        if any(char in part for char in GLOB_CHARS):
            break
        parts.append(part)
    return os.sep.join(parts) or "."


def _unreadable(path: str) -> str | None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path) as entries:
                next(entries, None)
        except OSError as exc:
            return f"cannot list folder: {exc.strerror or exc}"
    elif not stat.S_ISREG(mode):
        return "not a regular file or folder"
    return None
