"""Batch task of the retag flow."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from db.session import get_engine
from newsroom.services.retagging import RetagResult, retag_articles
from newsroom.stages.tagger import get_tagger
from tasks.ingesting import DATABASE_RETRIES, DATABASE_RETRY_DELAYS, retry_on_database_errors


@task(
    name="retag batch",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def retag_batch(ids: list[str], database_url: str | None) -> RetagResult:
    """Re-tag a batch of stored articles from their stored text; editors' corrections stay."""
    return retag_articles(ids, engine=get_engine(database_url), tagger=get_tagger())
