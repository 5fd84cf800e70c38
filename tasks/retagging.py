"""Batch task of the retag flow."""

from __future__ import annotations

from prefect import task
from prefect.cache_policies import NO_CACHE

from db.session import get_engine
from newsroom.core.models import TopicTag
from newsroom.services.retagging import RetagResult, write_tags
from tasks import Handed
from tasks.ingesting import DATABASE_RETRIES, DATABASE_RETRY_DELAYS, retry_on_database_errors


@task(
    name="write tags",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def write_tag_batch(
    tagged: Handed[dict[str, list[TopicTag] | None]], database_url: str | None
) -> RetagResult:
    """Write a batch's new tags (tagged by the run's worker processes from the stored text,
    editors' corrections applied) where they changed, in one transaction."""
    result = write_tags(tagged.value, engine=get_engine(database_url))
    tagged.release()
    return result
