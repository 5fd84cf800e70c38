"""What the Prefect server knows of flow runs, for finding ingest runs left ``running``.

Not a task: :func:`newsroom.services.runs.reap_runs` calls it from the ``prepare database`` task
and from ``newsroom runs --reap``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

logger = logging.getLogger(__name__)


def flow_run_states(ids: Sequence[str]) -> dict[str, str]:
    """The state type (``RUNNING``, ``COMPLETED``, ``CRASHED``...) of each of these flow runs the
    Prefect server knows; empty when it cannot be asked (the reaper then judges by process and
    heartbeat alone)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    wanted = []
    for value in ids:
        try:
            wanted.append(uuid.UUID(value))
        except ValueError:
            continue
    if not wanted:
        return {}
    try:
        with get_client(sync_client=True) as client:
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=wanted)), limit=len(wanted)
            )
    except Exception as exc:  # the server is down or unreachable: judge without it
        logger.warning("cannot read flow run states from the Prefect server: %s", exc)
        return {}
    return {str(run.id): run.state_type.value for run in runs if run.state_type is not None}
