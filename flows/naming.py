"""Flow run names: a descriptive one ("ingest drop-folder", "retag all sources"), unless
someone gave the run a name of their own (the UI's custom run, `newsroom run --name`,
`prefect deployment run --flow-run-name`), which is kept.

Prefect renames every run of a flow that has a ``flow_run_name`` when the run starts, custom
name or not; the name function sees the run's current name and keeps it when it is not one
Prefect made up.
"""

from __future__ import annotations

import re

from prefect import runtime

# What Prefect (server, client and UI alike) calls a run nobody named: two lowercase words of its
# name generator joined by a hyphen, "crafty-otter". A name a person gives that has this shape
# too ("nightly-backfill") is taken for Prefect's: a space, a digit or a capital keeps it.
GENERATED = re.compile(r"[a-z]+-[a-z]+")


def run_name(descriptive: str) -> str:
    """The current run's name: the one it was given, else ``descriptive``."""
    given = runtime.flow_run.name
    if isinstance(given, str) and given and not GENERATED.fullmatch(given):
        return given
    return descriptive
