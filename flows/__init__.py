"""Prefect flows: ``ingest`` and ``retag``, the pipeline's table of contents.

The project's Prefect settings (offline, module logs in the run logs; see
:data:`newsroom.core.environment.PREFECT_ENVIRONMENT`) are applied before a flow module imports
Prefect, for the processes that load a flow without the CLI (a worker running a deployment).
"""

from newsroom.core.environment import use_prefect_environment

use_prefect_environment()
