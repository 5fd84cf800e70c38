"""Batch work behind the ingest tasks: parse a batch of inputs, store a parsed batch.

Plain functions, no Prefect: ``tasks/ingest.py`` wraps them with retries and a place in the UI, and
the benchmark calls them in a plain loop to measure what Prefect adds.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DataError, IntegrityError, StatementError
from sqlmodel import Session

from db import crud
from newsroom.errors import InputError
from newsroom.models import Article
from newsroom.pipeline import content_hash, process_item, warm_up
from newsroom.readers import InputRef, article_id, file_key, read_ref
from newsroom.retagging import apply_manual
from newsroom.tagger import get_tagger

log = logging.getLogger(__name__)

T = TypeVar("T")
ITEMS_PER_BATCH = 50  # rows per batch in the run's table of ingested items


@dataclass(slots=True)
class ParsedBatch:
    articles: list[Article] = field(default_factory=list)
    failures: list[crud.FailureRecord] = field(default_factory=list)


@dataclass(slots=True)
class BatchResult:
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    not_modified: int = 0  # pages that answered 304 (counted as unchanged too)
    skipped: int = 0  # feed and sitemap entries whose article was stored already
    requests: int = 0  # HTTP requests made, retries included
    failed_by_stage: Counter[str] = field(default_factory=Counter)
    failures: list[crud.FailureRecord] = field(default_factory=list)  # a sample, for reports
    items: list[dict[str, str]] = field(default_factory=list)  # a sample of what was ingested
    retry_documents: set[str] = field(default_factory=set)  # feeds/sitemaps with failed pages

    def add(self, other: BatchResult, *, keep: int = 50, keep_items: int = 500) -> None:
        self.stored += other.stored
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failed += other.failed
        self.not_modified += other.not_modified
        self.skipped += other.skipped
        self.requests += other.requests
        self.failed_by_stage.update(other.failed_by_stage)
        self.failures.extend(other.failures[: max(0, keep - len(self.failures))])
        self.items.extend(other.items[: max(0, keep_items - len(self.items))])
        self.retry_documents |= other.retry_documents

    @property
    def ingested(self) -> int:
        return self.stored + self.updated + self.unchanged


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def batched_refs(
    refs: Iterable[InputRef | InputError], size: int
) -> Iterator[list[InputRef | InputError]]:
    """Group work units into batches of about ``size`` items (a JSON Lines range counts its
    lines)."""
    batch: list[InputRef | InputError] = []
    weight = 0
    for ref in refs:
        batch.append(ref)
        weight += ref.lines if isinstance(ref, InputRef) else 1
        if weight >= size:
            yield batch
            batch, weight = [], 0
    if batch:
        yield batch


def failure_from(error: InputError, source: str) -> crud.FailureRecord:
    return crud.FailureRecord(
        source=source, origin=error.origin, stage=error.stage, reason=error.reason
    )


def parse_refs(
    refs: Sequence[InputRef | InputError], *, source: str, max_bytes: int,
    known: Mapping[str, str] | None = None,
) -> tuple[ParsedBatch, int]:
    """Read and process every item of a batch; each failure is kept with its origin and stage.

    ``known`` maps article ids to the content hash stored for them: an item whose input has not
    changed is not processed again, only counted. Returns the batch and that count.
    """
    batch = ParsedBatch()
    unchanged = 0
    for ref in refs:
        if isinstance(ref, InputError):  # discovery already failed for this one
            batch.failures.append(failure_from(ref, source))
            continue
        for item in read_ref(ref, source=source, max_bytes=max_bytes):
            if isinstance(item, InputError):
                batch.failures.append(failure_from(item, source))
                continue
            if known and known.get(article_id(item.source, item.key)) == content_hash(item):
                unchanged += 1
                continue
            warm_up()  # once per process, before the first item that needs processing
            try:
                batch.articles.append(process_item(item))
            except InputError as exc:
                batch.failures.append(failure_from(exc, item.source))
    return batch, unchanged


def ingest_refs(
    refs: Sequence[InputRef | InputError], *, source: str, max_bytes: int, engine: Engine,
    run_id: str | None,
) -> BatchResult:
    """Read, process and store a batch of inputs; inputs stored before and unchanged since are
    counted without being processed again (a drop folder polled every few minutes costs little).
    """
    keys = [(source, file_key(ref.path)) for ref in refs
            if isinstance(ref, InputRef) and not ref.start]
    with Session(engine) as session:
        known = crud.content_hashes([article_id(*key) for key in keys], session=session)
    batch, unchanged = parse_refs(refs, source=source, max_bytes=max_bytes, known=known)
    result = store_parsed(batch, engine=engine, run_id=run_id)
    result.unchanged += unchanged
    return result


def store_parsed(batch: ParsedBatch, *, engine: Engine, run_id: str | None) -> BatchResult:
    """Write a parsed batch in one transaction; if a row is refused, write the rest one by one.

    Connection and lock errors propagate (the store task retries them); a row the database
    refuses (too long, invalid) becomes a failure with stage ``store``.
    """
    failures = list(batch.failures)
    try:
        with Session(engine) as session:
            _apply_corrections(batch.articles, session=session)
            counts = crud.upsert_articles(batch.articles, session=session, run_id=run_id)
            crud.record_failures(failures, session=session, run_id=run_id)
            session.commit()
    except (DataError, IntegrityError, StatementError) as exc:
        log.warning("batch write refused (%s); writing its %d articles one by one",
                    type(exc).__name__, len(batch.articles))
        counts, failures = _store_one_by_one(batch, engine=engine, run_id=run_id)
    result = BatchResult(stored=counts.stored, updated=counts.updated, unchanged=counts.unchanged,
                         failed=len(failures))
    result.failed_by_stage.update(failure.stage for failure in failures)
    result.failures = failures[:50]
    result.items = [_item_row(article, counts.status.get(article.id, "failed"))
                    for article in batch.articles[:ITEMS_PER_BATCH]]
    return result


def _item_row(article: Article, status: str) -> dict[str, str]:
    """One line of the run's table in the Prefect UI."""
    dateline = article.dateline
    return {
        "title": (article.title or article.lede or "")[:80],
        "source": article.source,
        "dateline": dateline.raw if dateline else "",
        "topics": ", ".join(tag.label for tag in article.topics if tag.method != "implied")[:80],
        "status": status,
    }


def _store_one_by_one(
    batch: ParsedBatch, *, engine: Engine, run_id: str | None
) -> tuple[crud.UpsertCounts, list[crud.FailureRecord]]:
    counts = crud.UpsertCounts()
    failures = list(batch.failures)
    for article in batch.articles:
        try:
            with Session(engine) as session:
                one = crud.upsert_articles([article], session=session, run_id=run_id)
                session.commit()
        except (DataError, IntegrityError, StatementError) as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            failures.append(crud.FailureRecord(article.source, article.origin, "store", reason))
            continue
        counts.stored += one.stored
        counts.updated += one.updated
        counts.unchanged += one.unchanged
        counts.status.update(one.status)
    with Session(engine) as session:
        crud.record_failures(failures, session=session, run_id=run_id)
        session.commit()
    return counts, failures


def _apply_corrections(articles: Sequence[Article], *, session: Session) -> None:
    """Editors' corrections (``newsroom tag``) win over the tagger, at every write."""
    manual = crud.manual_tags((article.id for article in articles), session=session)
    if not manual:
        return
    vocabulary = get_tagger().vocabulary
    for article in articles:
        if article.id in manual:
            article.topics = apply_manual(article.topics, manual[article.id], vocabulary)
