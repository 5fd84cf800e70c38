"""Batch tasks for web sources: poll feeds and sitemaps, ingest batches of pages.

Requests are retried inside the fetcher (transient failures only, with backoff), so the tasks
retry only on database errors; a page that cannot be fetched is a failure record, not a task
failure.
"""

from __future__ import annotations

import datetime as dt

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlmodel import Session

from db import crud
from db.session import get_engine
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import BatchResult
from newsroom.services.web import (
    ParsedPages,
    PollResult,
    SourceList,
    policy_from_settings,
    poll,
    remember,
    store_pages,
)
from tasks import Handed
from tasks.ingesting import DATABASE_RETRIES, DATABASE_RETRY_DELAYS, retry_on_database_errors


@task(
    name="poll feeds and sitemaps",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def poll_sources(sources: SourceList, database_url: str | None, run_id: str) -> PollResult:
    """Conditional requests for every feed and sitemap; the pages that are new or asked for.

    Feeds and sitemaps that fail are recorded as failures of the run.
    """
    engine = get_engine(database_url)
    settings = get_settings()
    result = poll(
        sources,
        engine=engine,
        policy=policy_from_settings(settings),
        dead_link_retry=dt.timedelta(hours=settings.dead_link_retry_hours),
    )
    with Session(engine) as session:
        crud.record_failures(result.failures, session=session, run_id=run_id)
        session.commit()
    get_run_logger().info(
        "polled %d feeds and %d sitemaps: %d pages to fetch, %d already stored, %d unchanged "
        "(304), %d failed",
        len(sources.feeds),
        len(sources.sitemaps),
        len(result.pages),
        result.skipped,
        result.not_modified,
        len(result.failures),
    )
    return result


@task(
    name="store pages",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def store_page_batch(
    parsed: Handed[ParsedPages], database_url: str | None, run_id: str
) -> BatchResult:
    """Upsert a batch of pages that the run fetched and its worker processes extracted and
    tagged, in one transaction, with what their URLs answered."""
    result = store_pages(parsed.value, engine=get_engine(database_url), run_id=run_id)
    parsed.release()
    return result


@task(
    name="remember feeds and sitemaps",
    retries=DATABASE_RETRIES,
    retry_delay_seconds=DATABASE_RETRY_DELAYS,
    retry_condition_fn=retry_on_database_errors,
    cache_policy=NO_CACHE,
)
def remember_polls(states: list[dict], retry: set[str], database_url: str | None) -> None:
    """Save the feeds' and sitemaps' validators once their pages are handled; those with a page
    that failed are read in full next time, so the page is tried again."""
    remember(states, engine=get_engine(database_url), forget=retry)
