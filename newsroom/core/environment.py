"""The Prefect settings the project runs with: a module of their own, without pydantic, so
that the command line applies them without loading the settings machinery (``--help`` stays
fast)."""

from __future__ import annotations

import os
from collections.abc import Mapping

# The Prefect settings the project runs with unless the environment says otherwise: offline (no
# analytics, no tracking), and the project's own module logs in the run logs in the UI, while
# the same modules logging outside a flow run (the CLI, loading the tagger) stay local instead of
# warning. The one definition: the CLI, the flows, the tests, `newsroom deploy` and the benchmarks
# apply it; prefect.yaml repeats the first two for the deployments' runs (YAML cannot import).
PREFECT_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_LOGGING_EXTRA_LOGGERS": "newsroom,db",
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def prefect_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """``environ`` (default: this process's) with the project's Prefect settings where it has
    none: the environment for a subprocess that runs Prefect."""
    environ = dict(os.environ if environ is None else environ)
    return {**PREFECT_ENVIRONMENT, **environ}


def use_prefect_environment() -> None:
    """Apply the project's Prefect settings to this process, before Prefect is imported (it reads
    them then); an explicit setting in the environment wins."""
    for name, value in PREFECT_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
