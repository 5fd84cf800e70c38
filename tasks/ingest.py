"""Batch tasks of the ingest flow.

Each task handles a whole batch (hundreds of items), so a run of 20,000 articles costs the
orchestrator about a hundred task runs. Inputs and outputs are plain values; the parsed batch is
passed on wrapped in ``quote`` so Prefect does not walk and hash every article.
"""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from db import crud
from db.session import ensure_schema, get_engine
from newsroom.batches import BatchResult, ParsedBatch, parse_refs, store_parsed
from newsroom.errors import InputError
from newsroom.readers import InputRef
from newsroom.topics import load_tagger

DATABASE_RETRIES = 3
DATABASE_RETRY_DELAYS = [1, 5, 15]


def _retry_on_database_errors(_task, _run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry transient database failures (connection, lock), not bugs or bad data."""
    try:
        state.result()
    except OperationalError:
        return True
    except Exception:
        return False
    return False


@task(name="prepare database", retries=DATABASE_RETRIES, retry_delay_seconds=DATABASE_RETRY_DELAYS,
      retry_condition_fn=_retry_on_database_errors, cache_policy=NO_CACHE)
def prepare_database(database_url: str | None, run_id: str, parameters: dict) -> None:
    """Bring the schema to the newest revision, sync the topic vocabulary, open the run record."""
    engine = get_engine(database_url)
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        crud.start_run(run_id, parameters, session=session)
        session.commit()
    get_run_logger().info("database ready: %s", engine.url.render_as_string())


@task(name="parse batch", cache_policy=NO_CACHE)
def parse_batch(refs: list[InputRef | InputError], source: str, max_bytes: int) -> ParsedBatch:
    """Read, clean, extract and tag a batch; bad items become failure records, never exceptions."""
    batch = parse_refs(refs, source=source, max_bytes=max_bytes)
    get_run_logger().debug("parsed %d articles, %d failures", len(batch.articles), len(batch.failures))
    return batch


@task(name="store batch", retries=DATABASE_RETRIES, retry_delay_seconds=DATABASE_RETRY_DELAYS,
      retry_condition_fn=_retry_on_database_errors, cache_policy=NO_CACHE)
def store_batch(batch: ParsedBatch, database_url: str | None, run_id: str) -> BatchResult:
    """Upsert a parsed batch and its failure records in one transaction."""
    return store_parsed(batch, engine=get_engine(database_url), run_id=run_id)


@task(name="finish run", retries=DATABASE_RETRIES, retry_delay_seconds=DATABASE_RETRY_DELAYS,
      retry_condition_fn=_retry_on_database_errors, cache_policy=NO_CACHE)
def finish_run(database_url: str | None, run_id: str, counts: dict[str, int], status: str) -> None:
    with Session(get_engine(database_url)) as session:
        crud.finish_run(run_id, counts, status, session=session)
        session.commit()
