"""Batch tasks of the ingest flow.

Each task handles a whole batch (hundreds of items), so a run of 20,000 articles costs the
orchestrator about forty task runs. Tasks take work units (paths, line ranges) and return counts:
parsed articles never pass through Prefect, which would walk them and keep every batch in memory
until the flow ends.
"""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlmodel import Session

from db import crud
from db.models import RunCounts
from db.session import database_unavailable, ensure_schema, get_engine
from newsroom.core.errors import InputError
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import BatchResult, ParsedJob, ingest_refs, store_job
from newsroom.services.runs import reap_runs, this_process
from newsroom.stages.readers import InputRef
from newsroom.stages.tagger import get_tagger
from tasks import Handed
from tasks.runs import flow_run_states

DATABASE_RETRIES = 3
DATABASE_RETRY_DELAYS = [1.0, 5.0, 15.0]


def retry_on_database_errors(_task, _run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry the database being unavailable (connection, lock), not bugs or bad data."""
    try:
        state.result()
    except Exception as exc:
        return database_unavailable(exc)
    return False


@task(
    name="prepare database",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def prepare_database(
    database_url: str | None, run_id: str, parameters: dict, flow_run_id: str | None = None
) -> None:
    """Bring the schema to the newest revision, sync the topic vocabulary, mark the runs that a
    killed process left running as crashed, and open this run's record."""
    logger = get_run_logger()
    engine = get_engine(database_url)
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    for reaped in reap_runs(
        engine,
        stale_after=get_settings().run_stale_after,
        prefect_states=flow_run_states,
        exclude={run_id},
    ):
        logger.warning(
            "run %s had been left running; marked crashed: %s", reaped.run_id, reaped.reason
        )
    host, pid = this_process()
    with Session(engine) as session:
        crud.start_run(
            run_id, parameters, session=session, flow_run_id=flow_run_id, host=host, pid=pid
        )
        session.commit()
    logger.info("database ready: %s", engine.url.render_as_string())


@task(
    name="ingest batch",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def ingest_batch(
    refs: list[InputRef | InputError],
    source: str,
    max_bytes: int,
    database_url: str | None,
    run_id: str,
    format: str = "auto",
) -> BatchResult:
    """Read, clean, extract and tag a batch, then upsert it and its failures in one transaction
    (the task of a Dask worker; in the flow's own process, worker processes parse and
    ``store batch`` writes).

    Bad items become failure records, never exceptions. Only database errors fail the task, and
    transient ones (connection, lock) are retried: re-running a batch is idempotent.
    """
    result = ingest_refs(
        refs,
        source=source,
        max_bytes=max_bytes,
        engine=get_engine(database_url),
        run_id=run_id,
        format=format,
    )
    _log_batch(result)
    return result


@task(
    name="store batch",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def store_batch(parsed: Handed[ParsedJob], database_url: str | None, run_id: str) -> BatchResult:
    """Upsert a batch that the run's worker processes have read, cleaned and tagged, and its
    failures, in one transaction.

    Only database errors fail the task, and transient ones (connection, lock) are retried:
    writing a batch again is idempotent.
    """
    result = store_job(parsed.value, engine=get_engine(database_url), run_id=run_id)
    parsed.release()
    _log_batch(result)
    return result


def _log_batch(result: BatchResult) -> None:
    get_run_logger().debug(
        "batch: %d stored, %d updated, %d unchanged, %d failed",
        result.stored,
        result.updated,
        result.unchanged,
        result.failed,
    )


@task(
    name="finish run",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def finish_run(
    database_url: str | None, run_id: str, counts: RunCounts, status: str, error: str | None = None
) -> None:
    """Close the run record with its final counts and status."""
    with Session(get_engine(database_url)) as session:
        crud.finish_run(run_id, counts, status, session=session, error=error)
        session.commit()


@task(
    name="discard run",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def discard_run(database_url: str | None, run_id: str) -> bool:
    """Remove the record of a scheduled run that found nothing new (kept if failures or skipped
    items were recorded under it). True if it was removed."""
    with Session(get_engine(database_url)) as session:
        discarded = crud.discard_run(run_id, session=session)
        session.commit()
    return discarded
