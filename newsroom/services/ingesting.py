"""Batch work behind the ingest tasks: parse a batch of inputs, store a parsed batch.

Plain functions, no Prefect: ``tasks/ingesting.py`` wraps them with retries and a place in the
UI, and the benchmark calls them in a plain loop to measure what Prefect adds.

A drop folder is polled every few minutes, so a poll reads only what is ready and new: a file
still being written (changed in the last ``NEWSROOM_SETTLE_SECONDS``, or while it was read) is
left for the next poll and counted ``waiting``; a file that failed is recorded by its path and
the hash of its bytes (the ``quarantined_file`` table, which works on a read-only mount where
the file could not be moved away), and the next polls count those same bytes ``quarantined``
instead of failing them again. A file whose bytes change is read again. A failure that is not a
whole file's (a symlink refused at discovery, a bad line of a JSON Lines file) is recorded by its
path and the hash of the failure itself (origin, stage, reason): the same failure again is
counted ``quarantined``, not recorded again; a line that changes fails (or is stored) anew.

Every item is accounted for by construction. Each boundary an item crosses (its work unit read,
the item processed, its row written) catches *any* exception and turns it into that item's
failure record (origin, stage, reason, exception type), and the batch goes on. The one exception
that escapes is the database being unavailable (:func:`db.session.database_unavailable`): the
task retries the batch, which is idempotent, and a run whose database stays down fails.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Field, Session

from db import crud
from db.models import RunCounts
from db.session import database_unavailable
from newsroom.core.errors import InputError, StillWriting, item_error
from newsroom.core.models import (
    FailureRecord,
    ParsedArticle,
    QuarantineRecord,
    RawItem,
    Skipped,
)
from newsroom.core.progress import counted
from newsroom.core.settings import get_settings
from newsroom.services.clustering import cluster_articles
from newsroom.services.retagging import apply_manual
from newsroom.stages.clusters import signature
from newsroom.stages.parallel import ordered_map
from newsroom.stages.pipeline import content_hash, process_item, warm_up, warm_up_for
from newsroom.stages.readers import (
    InputRef,
    article_id,
    discover,
    display_path,
    file_items,
    file_key,
    read_file,
    read_ref,
    units,
)
from newsroom.stages.tagger import get_tagger
from newsroom.stages.words import shorten

logger = logging.getLogger(__name__)

T = TypeVar("T")
ITEMS_PER_BATCH = 50  # rows per batch in the run's table of ingested items
# Said once, on the file's first failure row: the next polls count it, they record no failure.
QUARANTINED = " (quarantined until the file changes: `newsroom runs quarantine`)"
QUARANTINED_FAILURE = " (quarantined until it changes: `newsroom runs quarantine`)"


@dataclass(slots=True)
class ParsedBatch:
    articles: list[ParsedArticle] = field(default_factory=list)
    failures: list[FailureRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # items that are no story: pictures...
    # Stories that were sent but cannot be stored as sent (their body by reference): recorded
    # with stage ``skipped`` beside the failures, so that none is lost, but not counted failed.
    held: list[FailureRecord] = field(default_factory=list)
    # Each article's MinHash signature for the cluster look-up, made where the batch was parsed
    # (a worker process) so that the process that writes does not; missing ones are made there.
    signatures: dict[str, bytes | None] = field(default_factory=dict)
    waiting: int = 0  # items of files still being written: left for the next poll
    quarantined: int = 0  # files (the same bytes) and failures (the same one) recorded before
    quarantine: list[QuarantineRecord] = field(default_factory=list)  # files that failed now

    def skip(self, item: Skipped, source: str) -> None:
        """Count a skipped item; one that is a story (its wire data read) is recorded too."""
        logger.info("skipped %s: %s", item.origin, item.reason)
        self.skipped.append(item)
        if item.wire is not None:
            self.held.append(skip_record(item, source))

    def sign(self) -> ParsedBatch:
        """Make the articles' cluster signatures (CPU work: in the worker that parsed them). One
        that fails is left out: the write makes it again, and fails that article alone."""
        for article in self.articles:
            try:
                self.signatures[article.id] = signature(article.text)
            except Exception as exc:
                logger.warning("cluster signature of %s failed here: %s", article.origin, exc)
        return self


class BatchResult(RunCounts):
    """A batch's counts, and the samples the run's reports show: failures and ingested items."""

    failed_by_stage: Counter[str] = Field(default_factory=Counter)
    failures: list[FailureRecord] = Field(default_factory=list)  # a sample, for reports
    items: list[dict[str, str]] = Field(default_factory=list)  # a sample of what was ingested
    retry_documents: set[str] = Field(default_factory=set)  # feeds/sitemaps with failed pages

    def add(self, other: RunCounts, *, keep: int = 50, keep_items: int = 500) -> None:
        super().add(other)
        if isinstance(other, BatchResult):
            self.failed_by_stage.update(other.failed_by_stage)
            self.failures.extend(other.failures[: max(0, keep - len(self.failures))])
            self.items.extend(other.items[: max(0, keep_items - len(self.items))])
            self.retry_documents |= other.retry_documents


class DiscoveredInputs:
    """The work units of a run's paths, found once: counted for the progress total, and spooled
    to a temporary file to be read back in order, so that a folder of millions of files is
    neither walked twice nor held in memory. Symlinks may lead into the folders of
    ``NEWSROOM_ALLOWED_ROOTS`` and ``allowed_roots``, no further (see :func:`discover`). Use as
    a context manager."""

    def __init__(
        self, paths: Iterable[str], *, chunk_lines: int, allowed_roots: Iterable[str] = ()
    ) -> None:
        self._spool = tempfile.TemporaryFile()
        self.units = self.items = 0
        roots = [*get_settings().allowed_roots, *allowed_roots]
        for ref in discover(paths, chunk_lines=chunk_lines, allowed_roots=roots):
            pickle.dump(ref, self._spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.units += 1
            self.items += units(ref)

    def __iter__(self) -> Iterator[InputRef | InputError]:
        self._spool.seek(0)
        for _ in range(self.units):
            yield pickle.load(self._spool)

    def __enter__(self) -> DiscoveredInputs:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._spool.close()


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
        weight += units(ref)
        if weight >= size:
            yield batch
            batch, weight = [], 0
    if batch:
        yield batch


def failure_from(error: InputError, source: str) -> FailureRecord:
    return FailureRecord(
        source=source,
        origin=error.origin,
        stage=error.stage,
        reason=error.reason,
        error_type=error.error_type,
    )


def skip_record(item: Skipped, source: str) -> FailureRecord:
    """The record of a story that was skipped: why, and what identifies it (headline, GUID,
    version, status) so that an editor can find it at the agency."""
    wire = item.wire
    assert wire is not None
    facts = [f"guid {wire.guid}", f"version {wire.version}" if wire.version is not None else ""]
    if wire.pub_status != "usable":
        facts.append(wire.pub_status)
    about = ", ".join(fact for fact in facts if fact)
    headline = f"{item.headline!r} " if item.headline else ""
    return FailureRecord(
        source=wire.provider or source,
        origin=item.origin,
        stage="skipped",
        reason=f"{item.reason}: {headline}({about})",
        error_type="Skipped",
    )


def parse_refs(
    refs: Sequence[InputRef | InputError],
    *,
    source: str,
    max_bytes: int,
    known: Mapping[str, str] | None = None,
    format: str = "auto",
    quarantined: Mapping[str, Collection[str]] | None = None,
    settle_seconds: float = 0.0,
    ids: Mapping[str, str] | None = None,
) -> tuple[ParsedBatch, int]:
    """Read and process every item of a batch; each failure is kept with its origin and stage.

    ``known`` maps article ids to the content hash stored for them: an item whose input has not
    changed is not processed again, only counted. ``quarantined`` maps files (their keys) to the
    hashes of bytes that failed before: a file holding those bytes is counted, not read again,
    and a file that fails now is added to ``batch.quarantine``. A file changed in the last
    ``settle_seconds`` is left for the next poll. ``ids`` maps files (their keys) stored before
    under another source to their article's id: the article is updated, not stored twice.
    Returns the batch and the count of unchanged items. Never raises.
    """
    batch = ParsedBatch()
    unchanged = 0
    quarantined = quarantined or {}
    for ref in refs:
        if isinstance(ref, InputError):  # discovery already failed for this one
            _fail_again(batch, failure_from(ref, source), error_key(ref), quarantined)
            continue
        try:
            unchanged += _parse_ref(
                ref,
                batch,
                source,
                max_bytes,
                known,
                format,
                quarantined,
                settle_seconds,
                ids or {},
            )
        except StillWriting as exc:
            logger.info("left for the next poll: %s: %s", exc.origin, exc.reason)
            batch.waiting += units(ref)
        except Exception as exc:  # read_ref yields its errors; should it raise, the unit fails
            batch.failures.append(
                failure_from(item_error(exc, origin=str(ref), stage="read"), source)
            )
    return batch, unchanged


def _parse_ref(
    ref: InputRef,
    batch: ParsedBatch,
    source: str,
    max_bytes: int,
    known: Mapping[str, str] | None,
    format: str,
    quarantined: Mapping[str, Collection[str]],
    settle_seconds: float,
    ids: Mapping[str, str],
) -> int:
    """One work unit into ``batch``; returns how many of its items were stored unchanged."""
    digest = key = None
    if ref.is_document:  # read once: hashed, then parsed
        try:
            data = read_file(ref, max_bytes=max_bytes, settle_seconds=settle_seconds)
        except InputError as exc:  # not opened: no bytes to know it again by
            batch.failures.append(failure_from(exc, source))
            return 0
        digest, key = hashlib.sha256(data).hexdigest(), file_key(ref.path)
        if digest in quarantined.get(key, ()):
            batch.quarantined += 1
            return 0
        items = file_items(ref, data, source=source, max_bytes=max_bytes, format=format)
    else:
        if settle_seconds:
            waiting_for(ref, settle_seconds)
        items = read_ref(ref, source=source, max_bytes=max_bytes, format=format)
    unchanged, failed, bug = 0, len(batch.failures), False
    for item in items:
        if isinstance(item, Skipped):
            batch.skip(item, source)
            continue
        outcome = item if isinstance(item, InputError) else _process(item, known, ids)
        if outcome is None:
            unchanged += 1
        elif isinstance(outcome, ParsedArticle):
            outcome.id = ids.get(outcome.key, outcome.id)  # the id its file was stored under
            batch.articles.append(outcome)
        elif digest is None and not _unexpected(outcome):  # a line of a JSON Lines file
            _fail_again(batch, failure_from(outcome, source), file_key(ref.path), quarantined)
        else:
            batch.failures.append(failure_from(outcome, source))
            bug = bug or _unexpected(outcome)
    # The same bytes fail the same way on every poll: recorded, unless a bug of ours failed
    # them (fixed, the next release should read them again).
    if digest is not None and key is not None and len(batch.failures) > failed and not bug:
        first = batch.failures[failed]
        first.reason += QUARANTINED
        batch.quarantine.append(QuarantineRecord(key, digest, first))
    return unchanged


def _fail_again(
    batch: ParsedBatch,
    failure: FailureRecord,
    key: str | None,
    quarantined: Mapping[str, Collection[str]],
) -> None:
    """Record a failure that is not a whole file's (a refused symlink, a bad line), or count it
    ``quarantined`` if the same failure at the same path was recorded before. ``key`` None: not
    a path (a pattern that matched nothing, a missing folder), so always recorded."""
    if key is None:
        batch.failures.append(failure)
        return
    digest = failure_hash(failure)
    if digest in quarantined.get(key, ()):
        batch.quarantined += 1
        return
    failure.reason += QUARANTINED_FAILURE
    batch.failures.append(failure)
    batch.quarantine.append(QuarantineRecord(key, digest, failure))


def failure_hash(failure: FailureRecord) -> str:
    """What a failure that is not a whole file's is known again by: the hash of its origin,
    stage and reason (a line's number is in its origin)."""
    text = "\0".join((failure.origin, failure.stage, failure.reason))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def error_key(error: InputError) -> str | None:
    """The quarantine key of a discovery failure: the path itself, not resolved (a refused
    symlink is known by where it is, not by where it leads); None when nothing is at the path."""
    path = error.origin
    return display_path(os.path.abspath(path)) if os.path.lexists(path) else None


def _unexpected(error: InputError) -> bool:
    """Whether the failure is an exception the pipeline did not raise on purpose (a bug, a
    library that choked): :func:`item_error` wrapped it, with its own class as the type."""
    return type(error) is InputError and error.error_type != "InputError"


def waiting_for(ref: InputRef, settle_seconds: float) -> None:
    """Raise StillWriting if the unit's file changed in the last ``settle_seconds`` (a JSON Lines
    file being appended to)."""
    try:
        age = time.time() - os.stat(ref.path).st_mtime
    except OSError:
        return  # reading it says what is wrong
    if age < settle_seconds:
        raise StillWriting(ref.origin, f"modified {max(age, 0):.1f} s ago")


def _process(
    item: RawItem, known: Mapping[str, str] | None, ids: Mapping[str, str] | None = None
) -> ParsedArticle | InputError | None:
    """One item processed, its failure, or None when its input is stored unchanged already
    (under its source: a file read under another source name is processed, and updated)."""
    try:
        stored_id = (ids or {}).get(item.key) or article_id(item.source, item.key)
        if known and known.get(stored_id) == content_hash(item):
            return None
        warm_up()  # once per process, before the first item that needs processing
        return process_item(item)
    except Exception as exc:
        return item_error(exc, origin=item.origin, stage="parse")


@dataclass(slots=True)
class ParseJob:
    """A batch of work units to parse in a worker process, with what the database knows of them
    (the content hash stored for each article id), looked up by the process that writes."""

    refs: list[InputRef | InputError]
    known: dict[str, str]
    source: str
    max_bytes: int
    format: str = "auto"
    quarantined: dict[str, set[str]] = field(default_factory=dict)  # file key -> failed hashes
    settle_seconds: float = 0.0
    ids: dict[str, str] = field(default_factory=dict)  # file key -> id stored under another source


@dataclass(slots=True)
class ParsedJob:
    """A parsed batch, ready to store: its articles and failures, the items it counted as
    unchanged, and how many input items it stood for (for progress)."""

    batch: ParsedBatch
    unchanged: int
    items: int


def parse_job(
    refs: list[InputRef | InputError],
    *,
    source: str,
    max_bytes: int,
    engine: Engine,
    format: str = "auto",
) -> ParseJob:
    """A batch with the content hashes stored for its files, so that a file stored before and
    unchanged since is counted, not processed again."""
    keys = [
        (source, file_key(ref.path)) for ref in refs if isinstance(ref, InputRef) and not ref.start
    ]
    failing = {file_key(ref.path) for ref in refs if isinstance(ref, InputRef) and ref.start}
    failing |= {key for ref in refs if isinstance(ref, InputError) and (key := error_key(ref))}
    with Session(engine) as session:
        stored = crud.articles_by_key([key for _, key in keys], session=session)
        quarantined = crud.quarantined_hashes(
            [key for _, key in keys] + sorted(failing), session=session
        )
    ids, known = stored_files(stored, source)
    settle = get_settings().settle_seconds
    return ParseJob(refs, known, source, max_bytes, format, quarantined, settle, ids)


def stored_files(
    stored: Sequence[tuple[str, str, str, str]], source: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The articles of files stored before (key, id, source name, content hash): each file's
    article id (file key -> id), and the content hashes of those stored under ``source``
    (id -> hash).

    A file's article is the file, whatever the source is called: read again under another
    source name, it is the same article, updated to the new source (logged, one line per
    batch), not a second copy. The id it was first stored under stays."""
    ids: dict[str, str] = {}
    known: dict[str, str] = {}
    moved: dict[str, str] = {}  # file key -> the source it was stored under
    for key, stored_id, name, digest in stored:
        if name == source:  # an archive may hold copies under several sources: this one's
            ids[key], known[stored_id] = stored_id, digest
            moved.pop(key, None)
        elif key not in ids:  # in id order: the first copy stands for the file
            ids[key], moved[key] = stored_id, name
    if moved:
        key, name = next(iter(moved.items()))
        logger.info(
            "%s stored before under another source, updated to source %r (e.g. %s, was %r)",
            counted(len(moved), "file"),
            source,
            key,
            name,
        )
    return ids, known


def run_parse_job(job: ParseJob) -> ParsedJob:
    """Parse a job's batch (the CPU work; no database): what a worker process runs."""
    batch, unchanged = parse_refs(
        job.refs,
        source=job.source,
        max_bytes=job.max_bytes,
        known=job.known,
        format=job.format,
        quarantined=job.quarantined,
        settle_seconds=job.settle_seconds,
        ids=job.ids,
    )
    return ParsedJob(batch.sign(), unchanged, sum(units(ref) for ref in job.refs))


def parse_batches(
    batches: Iterable[list[InputRef | InputError]],
    *,
    source: str,
    max_bytes: int,
    engine: Engine,
    workers: int,
    format: str = "auto",
) -> Iterator[ParsedJob]:
    """Every batch parsed, in order, on ``workers`` processes, while the caller stores the ones
    that are done: the one code path of the ingest flow and of the benchmark's plain loop."""
    jobs = (
        parse_job(refs, source=source, max_bytes=max_bytes, engine=engine, format=format)
        for refs in batches
    )
    return ordered_map(run_parse_job, jobs, workers=workers, prepare=warm_up_for(workers))


def store_job(parsed: ParsedJob, *, engine: Engine, run_id: str | None) -> BatchResult:
    """Store a parsed batch in one transaction and add its counts to the run."""
    result = store_parsed(parsed.batch, engine=engine, run_id=run_id)
    result.unchanged += parsed.unchanged
    record_progress(result, engine=engine, run_id=run_id)
    return result


def ingest_refs(
    refs: list[InputRef | InputError],
    *,
    source: str,
    max_bytes: int,
    engine: Engine,
    run_id: str | None,
    format: str = "auto",
) -> BatchResult:
    """Read, process and store a batch of inputs in this process (a Dask worker's task);
    inputs stored before and unchanged since are counted without being processed again (a drop
    folder polled every few minutes costs little). ``format`` forces how every input is read
    (default: each by its content).
    """
    job = parse_job(refs, source=source, max_bytes=max_bytes, engine=engine, format=format)
    return store_job(run_parse_job(job), engine=engine, run_id=run_id)


def store_parsed(batch: ParsedBatch, *, engine: Engine, run_id: str | None) -> BatchResult:
    """Write a parsed batch in one transaction; if it is refused, write it one by one.

    Errors of the database itself propagate (the task retries them). Anything else that stops the
    batch's write (a row the database refuses, a value no driver can bind) sends the articles
    through one at a time, so that the bad one fails alone, with stage ``store``.
    """
    failures = list(batch.failures)
    try:
        with Session(engine) as session:
            counts = _write(batch.articles, batch.signatures, session=session, run_id=run_id)
            crud.record_failures([*failures, *batch.held], session=session, run_id=run_id)
            crud.quarantine_files(batch.quarantine, session=session, run_id=run_id)
            session.commit()
    except Exception as exc:
        if database_unavailable(exc):
            raise
        logger.warning(
            "batch write refused (%s: %s); writing its %d articles one by one",
            type(exc).__name__,
            _database_reason(exc),
            len(batch.articles),
        )
        counts, failures = _store_one_by_one(batch, engine=engine, run_id=run_id)
    result = BatchResult(
        stored=counts.stored,
        updated=counts.updated,
        unchanged=counts.unchanged,
        failed=len(failures),
        skipped=len(batch.skipped),
        waiting=batch.waiting,
        quarantined=batch.quarantined,
    )
    result.failed_by_stage.update(failure.stage for failure in failures)
    result.failures = failures[:50]
    # Killed and withheld stories are out of the run's table too, at once.
    listed = [
        article
        for article in batch.articles
        if article.status == "usable" and article.id not in counts.withdrawn
    ]
    result.items = [
        _item_row(article, counts.status.get(article.id, "failed"))
        for article in listed[:ITEMS_PER_BATCH]
    ]
    return result


def record_progress(result: BatchResult, *, engine: Engine, run_id: str | None) -> None:
    """Add a batch's counts to its run, which also shows the run is alive."""
    if run_id is None:
        return
    with Session(engine) as session:
        crud.touch_run(run_id, result, session=session)
        session.commit()


# The widest each column of the run's item table may be, in characters: what an editor scans
# first comes first, and title, dateline, topic and status fit the artifact's table in a
# 1,280-pixel window of the Prefect UI (about 70 characters beside its side panel).
ITEM_COLUMNS = {"dateline": 14, "topic": 18, "status": 9, "source": 24}  # the title is whole


def _item_row(article: ParsedArticle, status: str) -> dict[str, str]:
    """One line of the run's table in the Prefect UI: the article's id (cut short for the whole
    table when it is drawn: ``flows.ingest``), its title whole (the UI wraps it; a story without
    one shows its lede, cut at a word), dateline place, primary topic (the best top-level one),
    status and source, each cut at a word boundary to its column."""
    dateline = article.dateline
    primary = next((tag.label for tag in article.topics if tag.level == 1), "")
    values = {
        "dateline": (dateline.city or dateline.location or dateline.raw) if dateline else "",
        "topic": primary,
        "status": status,
        "source": article.source,
    }
    return {
        "id": article.id,
        "title": " ".join(article.title.split())
        if article.title
        else shorten(article.lede or "", 90),
        **{name: shorten(values[name], width) for name, width in ITEM_COLUMNS.items()},
    }


def _store_one_by_one(
    batch: ParsedBatch, *, engine: Engine, run_id: str | None
) -> tuple[crud.UpsertResult, list[FailureRecord]]:
    counts = crud.UpsertResult()
    failures = list(batch.failures)
    for article in batch.articles:
        try:
            with Session(engine) as session:
                one = _write([article], batch.signatures, session=session, run_id=run_id)
                session.commit()
        except Exception as exc:
            if database_unavailable(exc):
                raise
            failures.append(
                FailureRecord(
                    article.source,
                    article.origin,
                    "store",
                    _database_reason(exc),
                    type(exc).__name__,
                )
            )
            continue
        counts.stored += one.stored
        counts.updated += one.updated
        counts.unchanged += one.unchanged
        counts.status.update(one.status)
        counts.withdrawn |= one.withdrawn
    _record_failures([*failures, *batch.held], engine=engine, run_id=run_id)
    try:
        with Session(engine) as session:
            crud.quarantine_files(batch.quarantine, session=session, run_id=run_id)
            session.commit()
    except Exception as exc:
        if database_unavailable(exc):
            raise
        logger.error("cannot record quarantined files: %s", _database_reason(exc))
    return counts, failures


def _record_failures(failures: list[FailureRecord], *, engine: Engine, run_id: str | None) -> None:
    """Record failures in one transaction, or one by one if that is refused."""
    try:
        with Session(engine) as session:
            crud.record_failures(failures, session=session, run_id=run_id)
            session.commit()
        return
    except Exception as exc:
        if database_unavailable(exc):
            raise
    for failure in failures:
        try:
            with Session(engine) as session:
                crud.record_failures([failure], session=session, run_id=run_id)
                session.commit()
        except Exception as exc:
            if database_unavailable(exc):
                raise
            logger.error(
                "cannot record the failure of %s [%s] %s: %s",
                failure.origin,
                failure.stage,
                failure.reason,
                _database_reason(exc),
            )


def _database_reason(exc: Exception) -> str:
    """The first line of what the database (or its driver) said."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _write(
    articles: Sequence[ParsedArticle],
    signatures: Mapping[str, bytes | None],
    *,
    session: Session,
    run_id: str | None,
) -> crud.UpsertResult:
    """Store articles with editors' corrections applied, then give the new and changed ones
    their story cluster."""
    _apply_corrections(articles, session=session)
    counts = crud.upsert_articles(articles, session=session, run_id=run_id)
    cluster_articles(
        articles, counts.status, counts.withdrawn, session=session, signatures=signatures
    )
    return counts


def _apply_corrections(articles: Sequence[ParsedArticle], *, session: Session) -> None:
    """Editors' corrections (``newsroom tag``) win over the tagger, at every write."""
    manual = crud.manual_tags((article.id for article in articles), session=session)
    if not manual:
        return
    vocabulary = get_tagger().vocabulary
    for article in articles:
        if article.id in manual:
            article.topics = apply_manual(article.topics, manual[article.id], vocabulary)
