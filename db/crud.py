"""Reads and writes. Every write is an idempotent upsert keyed by the table's natural key.

Functions take the session as a keyword argument and leave committing to the caller, so that a
batch is written in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, bindparam, delete, false, func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy import text as sql_text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, col, select
from sqlmodel.sql.expression import Select

from db.models import (
    Article,
    ArticlePlace,
    ArticleTopic,
    ArticleVersion,
    Failure,
    FetchState,
    IngestRun,
    ManualTag,
    QuarantinedFile,
    RunCounts,
    Source,
    Topic,
    utcnow,
)
from newsroom.core import models
from newsroom.core.models import FailureRecord, QuarantineRecord, scrub

# Never overwritten by a new version: identity, first arrival, and the story's cluster.
ARTICLE_UPDATE_EXCLUDED = frozenset({"id", "created_at", "cluster", "minhash"})
USABLE, CANCELED = "usable", "canceled"
PRIMARY_COLUMNS = ("primary_topic_code", "primary_topic")  # on the article row, from its tags
T = TypeVar("T")


class UpsertResult(RunCounts):
    """What a write did (stored, updated, unchanged), and to which article."""

    status: dict[str, str] = Field(default_factory=dict)  # article id -> "stored", ...
    # Wire stories that are out of every listing after the write: killed or withheld.
    withdrawn: set[str] = Field(default_factory=set)


IN_CHUNK = 500  # values per IN (...) list: SQLite caps bound parameters, PostgreSQL plans worse


def chunks(values: Iterable[T], size: int = IN_CHUNK) -> Iterator[list[T]]:
    """``values`` without repeats, in lists of at most ``size``: one IN query each."""
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), size):
        yield unique[start : start + size]


def _insert(session: Session, model: type[SQLModel]) -> Any:
    """A dialect-specific INSERT that supports ON CONFLICT (SQLite and PostgreSQL)."""
    dialect = session.get_bind().dialect.name
    table = model.__table__  # type: ignore[attr-defined]
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts are written for SQLite and PostgreSQL, not {dialect}")


@lru_cache(maxsize=32)
def _lengths(table: Any) -> dict[str, int]:
    """The bounded string columns of a table and their lengths."""
    return {
        column.name: column.type.length
        for column in table.columns
        if getattr(column.type, "length", None)
    }


def _fit(model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows every database accepts: strings clipped to their column's length, without NUL
    characters and lone surrogates, in JSON values too (PostgreSQL refuses NULs and over-long
    values, and no driver encodes a surrogate; SQLite would store some of them, so the two would
    differ)."""
    lengths = _lengths(model.__table__)  # type: ignore[attr-defined]
    fitted = []
    for row in rows:
        row = dict(row)
        for name, value in row.items():
            if isinstance(value, str):
                if not value.isascii() or "\x00" in value:  # the common case costs two checks
                    value = scrub(value)[0]
                limit = lengths.get(name)
                row[name] = value[:limit] if limit and len(value) > limit else value
            elif isinstance(value, (list, dict)):
                row[name] = _storable(value)
        fitted.append(row)
    return fitted


def _storable(value: Any) -> Any:
    """A JSON value with every string in it scrubbed (see :func:`newsroom.core.models.scrub`)."""
    if isinstance(value, str):
        return value if value.isascii() and "\x00" not in value else scrub(value)[0]
    if isinstance(value, list):
        if all(type(item) is str and item.isascii() and "\x00" not in item for item in value):
            return value  # the common case: a list of plain strings (evidence, keywords)
        return [_storable(item) for item in value]
    if isinstance(value, dict):
        return {_storable(str(key)): _storable(item) for key, item in value.items()}
    return value


def _upsert(
    session: Session,
    model: type[SQLModel],
    rows: Sequence[dict[str, Any]],
    keys: Sequence[str],
    *,
    update: Iterable[str] | None = None,
) -> None:
    """Insert rows; on a key conflict, update the ``update`` columns (or do nothing)."""
    if not rows:
        return
    rows = _fit(model, rows)
    statement = _insert(session, model)
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys), set_={name: statement.excluded[name] for name in update}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    session.execute(statement, list(rows))


def source_ids(names: Iterable[str], *, session: Session) -> dict[str, int]:
    """Ids of the named sources, creating the ones that do not exist yet."""
    names = sorted(set(names))
    now = utcnow()
    _upsert(session, Source, [{"name": name, "created_at": now} for name in names], ["name"])
    limit = _lengths(Source.__table__)["name"]  # type: ignore[attr-defined]
    rows: dict[str, int] = {}
    for chunk in chunks(name[:limit] for name in names):
        for name, source_id in session.exec(
            select(Source.name, Source.id).where(col(Source.name).in_(chunk))
        ):
            if source_id is not None:  # always, once stored
                rows[name] = source_id
    return {name: rows[name[:limit]] for name in names}


def sync_topics(concepts: Iterable[Any], *, session: Session) -> None:
    """Make the topic table match the vocabulary's concepts (``newsroom.stages.topics.Concept``)."""
    rows = [
        {
            "code": c.qcode,
            "label": c.label,
            "level": c.level,
            "parent_code": c.parent,
            "retired": c.retired,
        }
        for c in concepts
    ]
    before = {
        code: (label, level)
        for code, label, level in session.execute(
            sa_select(col(Topic.code), col(Topic.label), col(Topic.level))
        )
    }
    _upsert(session, Topic, rows, ["code"], update=["label", "level", "parent_code", "retired"])
    # A new label, or a new level, changes the primary topic stored on the articles tagged so.
    changed = [
        row["code"]
        for row in rows
        if row["code"] in before and before[row["code"]] != (row["label"], row["level"])
    ]
    for chunk in chunks(changed):
        tagged = session.execute(
            sa_select(col(ArticleTopic.article_id))
            .where(col(ArticleTopic.topic_code).in_(chunk))
            .distinct()
        )
        refresh_primary_topics(tagged.scalars().all(), session=session)


def upsert_articles(
    articles: Sequence[models.ParsedArticle], *, session: Session, run_id: str | None = None
) -> UpsertResult:
    """Store parsed articles with their topics and places; unchanged ones are left alone."""
    counts = UpsertResult()
    if not articles:
        return counts
    # Of the copies of one item in the batch, the one the version rules make current (the last,
    # for anything but wire stories); rows go in id order so that concurrent writers take row
    # locks in the same order and cannot deadlock each other.
    unique: dict[str, models.ParsedArticle] = {}
    for article in articles:
        held = unique.get(article.id)
        if held is None or _replaces(article, held):
            unique[article.id] = article
    unique = {key: unique[key] for key in sorted(unique)}
    counts.unchanged += len(articles) - len(unique)  # earlier copies of a repeated item
    ids = source_ids((article.source for article in unique.values()), session=session)
    now = utcnow()
    rows = _fit(
        Article,
        [_article_row(article, ids[article.source], run_id, now) for article in unique.values()],
    )
    # Which rows are new, changed or unchanged is what the database itself did, statement by
    # statement, so that two runs writing the same article at once count it once between them.
    table = Article.__table__  # type: ignore[attr-defined]
    new = _insert(session, Article).on_conflict_do_nothing(index_elements=["id"])
    inserted = set(session.execute(new.returning(table.c.id), rows).scalars())
    updated: set[str] = set()
    rest = [row for row in rows if row["id"] not in inserted]
    if rest:
        change = _insert(session, Article)
        change = change.on_conflict_do_update(
            index_elements=["id"],
            set_={
                name: change.excluded[name]
                for name in rows[0]
                if name not in ARTICLE_UPDATE_EXCLUDED
            },
            where=and_(
                # changed input, or a file read again under another source name
                or_(
                    table.c.content_hash != change.excluded.content_hash,
                    table.c.source_id != change.excluded.source_id,
                ),
                # Wire stories: a kill is final; else the newer version (by rank) wins, so a
                # version that arrives late goes to the history only.
                or_(
                    table.c.version_rank.is_(None),
                    and_(
                        table.c.status != CANCELED,
                        or_(
                            change.excluded.status == CANCELED,
                            change.excluded.version_rank >= table.c.version_rank,
                        ),
                    ),
                ),
            ),
        )
        updated = set(session.execute(change.returning(table.c.id), rest).scalars())
    changed = []
    for article_id, article in unique.items():
        if article_id in inserted:
            counts.stored += 1
            counts.status[article_id] = "stored"
            changed.append(article)
        elif article_id in updated:
            counts.updated += 1
            counts.status[article_id] = "updated"
            changed.append(article)
        else:
            counts.unchanged += 1
            counts.status[article_id] = "unchanged"
    _record_versions(articles, session=session, run_id=run_id, now=now)
    _wire_outcomes(unique, counts, session=session)
    if not changed:
        return counts
    changed_ids = [article.id for article in changed]
    for chunk in chunks(changed_ids):
        session.execute(delete(ArticleTopic).where(col(ArticleTopic.article_id).in_(chunk)))
        session.execute(delete(ArticlePlace).where(col(ArticlePlace.article_id).in_(chunk)))
    dates = {article.id: _published_date(article) for article in changed}
    topic_rows = _topic_rows({article.id: article.topics for article in changed}, dates)
    place_rows = [
        {
            "article_id": article.id,
            "country_code": place.code,
            "name": place.name,
            "score": round(place.score, 4),
            "evidence": place.evidence,
            "cities": place.cities,
            "published_date": dates[article.id],
        }
        for article in changed
        for place in article.places
    ]
    _upsert(
        session,
        ArticleTopic,
        topic_rows,
        ["article_id", "topic_code"],
        update=["score", "method", "evidence", "published_date"],
    )
    _upsert(
        session,
        ArticlePlace,
        place_rows,
        ["article_id", "country_code"],
        update=["name", "score", "evidence", "cities", "published_date"],
    )
    return counts


def version_rank(wire: models.WireInfo) -> str:
    """A wire version's place in its story's order, as text that sorts: the version number,
    then when the agency created it (in UTC). A story's first take often has no number: 0."""
    number = wire.version if wire.version is not None and wire.version > 0 else 0
    return f"{min(number, 10**19 - 1):019d} {_utc_text(wire.version_created)}"


def _utc_text(value: str | None) -> str:
    """An ISO 8601 time in UTC, as text that sorts; a value that is no such time, as it is."""
    if not value:
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.isoformat()


def _replaces(new: models.ParsedArticle, held: models.ParsedArticle) -> bool:
    """Whether ``new`` becomes current over ``held``, both copies of one item: the rules of the
    upsert's WHERE clause, for copies within one batch."""
    if new.wire is None or held.wire is None:
        return True
    if held.status == CANCELED:
        return False
    return new.status == CANCELED or version_rank(new.wire) >= version_rank(held.wire)


def _embargo(wire: models.WireInfo | None) -> dt.datetime | None:
    if wire is None or not wire.embargoed_until:
        return None
    try:
        moment = dt.datetime.fromisoformat(wire.embargoed_until)
    except ValueError:
        return None
    # In UTC: SQLite keeps no offset, and the listing compares with the time now in UTC.
    return moment.astimezone(dt.UTC) if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _record_versions(
    articles: Sequence[models.ParsedArticle],
    *,
    session: Session,
    run_id: str | None,
    now: dt.datetime,
) -> None:
    """Every wire version received goes into its story's history, current or not; receiving
    one again adds nothing."""
    rows = [
        {
            "article_id": article.id,
            "content_hash": article.content_hash,
            "version": article.wire.version,
            "version_created": article.wire.version_created,
            "headline": article.title,
            "text_hash": hashlib.sha256(article.text.encode("utf-8", "replace")).hexdigest(),
            "signal": article.wire.signal,
            "pub_status": article.status,
            "document": article.document,
            "origin": article.origin,
            "run_id": run_id,
            "received_at": now,
        }
        for article in articles
        if article.wire is not None
    ]
    _upsert(session, ArticleVersion, rows, ["article_id", "content_hash"])


def _wire_outcomes(
    unique: Mapping[str, models.ParsedArticle], counts: UpsertResult, *, session: Session
) -> None:
    """For wire stories: which versions went to the history only (``older``: a newer one, or a
    kill, is current), and which stories are withdrawn after the write."""
    ids = [article_id for article_id, article in unique.items() if article.wire is not None]
    for chunk in chunks(ids):
        rows = session.exec(
            select(Article.id, Article.content_hash, Article.status).where(
                col(Article.id).in_(chunk)
            )
        )
        for article_id, content_hash, status in rows:
            if content_hash != unique[article_id].content_hash:
                counts.status[article_id] = "older"
            if status != USABLE:
                counts.withdrawn.add(article_id)


def _published_date(article: models.ParsedArticle) -> dt.date | None:
    return dt.date.fromisoformat(article.published[:10]) if article.published else None


def _place(dateline: models.Dateline | None) -> str | None:
    """The story's place as browse shows it: the dateline's city, else its location."""
    if dateline is None:
        return None
    return dateline.city if dateline.city is not None else dateline.location


def _article_row(
    article: models.ParsedArticle, source_id: int, run_id: str | None, now: dt.datetime
) -> dict[str, Any]:
    dateline, wire = article.dateline, article.wire
    published_date = _published_date(article)
    return {
        "id": article.id,
        "source_id": source_id,
        "key": article.key,
        "origin": article.origin,
        "url": article.url,
        "title": article.title,
        "title_source": article.title_source,
        "published": article.published,
        "published_date": published_date,
        "published_source": article.published_source,
        "byline": article.byline,
        "language": article.language,
        "text": article.text,
        "lede": article.lede,
        "word_count": article.word_count,
        "repairs": article.repairs,
        "dateline_raw": dateline.raw if dateline else None,
        "dateline_location": dateline.location if dateline else None,
        "dateline_city": dateline.city if dateline else None,
        "dateline_region": dateline.region if dateline else None,
        "dateline_country_code": dateline.country_code if dateline else None,
        "dateline_agency": dateline.agency if dateline else None,
        "dateline_date": dateline.date if dateline else None,
        "dateline_confidence": dateline.confidence if dateline else None,
        "dateline_latitude": dateline.latitude if dateline else None,
        "dateline_longitude": dateline.longitude if dateline else None,
        "place": _place(dateline),
        **_primary_columns(article.topics),
        "modified": article.modified,
        "modified_source": article.modified_source,
        "description": article.description,
        "section": article.section,
        "keywords": article.keywords,
        "extractor": article.extractor,
        "notes": article.notes,
        "content_hash": article.content_hash,
        "status": article.status,
        "version": wire.version if wire else None,
        "version_rank": version_rank(wire) if wire else None,
        "embargoed_until": _embargo(wire),
        "wire": asdict(wire) if wire else None,
        "run_id": run_id,
        "created_at": now,
        "updated_at": now,
    }


def record_failures(
    failures: Sequence[FailureRecord], *, session: Session, run_id: str | None = None
) -> None:
    if not failures:
        return
    now = utcnow()
    session.execute(
        _insert(session, Failure),
        _fit(
            Failure,
            [
                {
                    "run_id": run_id,
                    "source": failure.source,
                    "origin": failure.origin,
                    "stage": failure.stage,
                    "reason": failure.reason,
                    "error_type": failure.error_type,
                    "created_at": now,
                }
                for failure in failures
            ],
        ),
    )


def quarantine_files(
    records: Sequence[QuarantineRecord], *, session: Session, run_id: str | None = None
) -> None:
    """Record failed files by path and content hash; a file recorded already keeps its first
    record (an idempotent upsert: two runs that fail the same file at once record it once)."""
    now = utcnow()
    rows = [
        {
            "path": record.path,
            "content_hash": record.content_hash,
            "source": record.failure.source,
            "stage": record.failure.stage,
            "reason": record.failure.reason,
            "run_id": run_id,
            "created_at": now,
        }
        for record in records
    ]
    _upsert(session, QuarantinedFile, rows, ["path", "content_hash"])


def quarantined_hashes(paths: Iterable[str], *, session: Session) -> dict[str, set[str]]:
    """The content hashes recorded for each of these resolved paths that has any."""
    found: dict[str, set[str]] = {}
    for chunk in chunks(paths):
        statement = select(QuarantinedFile.path, QuarantinedFile.content_hash).where(
            col(QuarantinedFile.path).in_(chunk)
        )
        for path, content_hash in session.exec(statement):
            found.setdefault(path, set()).add(content_hash)
    return found


def _under(paths: Sequence[str]) -> Any:
    """The condition: a quarantined file at one of these paths or in one of these folders."""
    column = col(QuarantinedFile.path)
    return or_(
        *(
            or_(column == path, column.startswith(path.rstrip("/") + "/", autoescape=True))
            for path in paths
        )
    )


def list_quarantine(
    paths: Sequence[str] = (), *, session: Session, limit: int | None = None
) -> list[QuarantinedFile]:
    """Quarantined files (at or under ``paths``), the most recent first."""
    statement = select(QuarantinedFile).order_by(col(QuarantinedFile.created_at).desc())
    if paths:
        statement = statement.where(_under(paths))
    return list(session.exec(statement.limit(limit)))


def clear_quarantine(paths: Sequence[str] = (), *, session: Session) -> int:
    """Forget quarantined files (at or under ``paths``; all when none): the next poll reads them
    again. Returns how many records were removed."""
    statement = delete(QuarantinedFile)
    if paths:
        statement = statement.where(_under(paths))
    result = session.execute(statement)
    return int(result.rowcount)  # type: ignore[attr-defined]


def start_run(
    run_id: str,
    parameters: dict[str, Any],
    *,
    session: Session,
    flow_run_id: str | None = None,
    host: str | None = None,
    pid: int | None = None,
) -> None:
    """Open a run as ``running``, with what tells later whether its process still lives."""
    now = utcnow()
    _upsert(
        session,
        IngestRun,
        [
            {
                "id": run_id,
                "flow_run_id": flow_run_id,
                "parameters": parameters,
                "status": "running",
                "started_at": now,
                "heartbeat_at": now,
                "host": host,
                "pid": pid,
                "stored": 0,
                "updated": 0,
                "unchanged": 0,
                "failed": 0,
            }
        ],
        ["id"],
        update=["flow_run_id", "parameters", "status", "started_at", "heartbeat_at", "host", "pid"],
    )


def finish_run(
    run_id: str, counts: RunCounts, status: str, *, session: Session, error: str | None = None
) -> None:
    """Close a run with its final counts and status (``completed``, ``failed``)."""
    run = session.get(IngestRun, run_id)
    if run is None:
        raise LookupError(f"no ingest run {run_id}")
    run.status = status
    run.finished_at = utcnow()
    run.error = error
    for name, value in counts.counts().items():
        setattr(run, name, value)
    session.add(run)


def discard_run(run_id: str, *, session: Session) -> bool:
    """Remove the record of a run that found nothing new (a scheduled poll of an empty folder),
    unless failures or skipped items were recorded under it. True if it was removed."""
    table = IngestRun.__table__  # type: ignore[attr-defined]
    recorded = sa_select(col(Failure.id)).where(col(Failure.run_id) == run_id).exists()
    result = session.execute(delete(table).where(table.c.id == run_id, ~recorded))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def end_run(run_id: str, status: str, error: str | None, *, session: Session) -> bool:
    """Mark a run that is still ``running`` as ended (``failed``, ``crashed``), keeping the counts
    it reached; a run that has ended already is left alone. True if it was marked."""
    table = IngestRun.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table)
        .where(table.c.id == run_id, table.c.status == "running")
        .values(status=status, error=scrub(error)[0] if error else None, finished_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def touch_run(run_id: str, counts: RunCounts, *, session: Session) -> None:
    """Add a batch's counts to a running run and note that it is alive (its heartbeat)."""
    table = IngestRun.__table__  # type: ignore[attr-defined]
    added = {name: table.c[name] + value for name, value in counts.counts().items() if value}
    session.execute(
        update(table)
        .where(table.c.id == run_id, table.c.status == "running")
        .values(heartbeat_at=utcnow(), **added)
    )


def running_runs(*, session: Session) -> list[IngestRun]:
    return list(session.exec(select(IngestRun).where(IngestRun.status == "running")))


def list_runs(*, session: Session, limit: int = 20, status: str | None = None) -> list[IngestRun]:
    """The most recent runs first."""
    statement = select(IngestRun).order_by(col(IngestRun.started_at).desc()).limit(limit)
    if status:
        statement = statement.where(IngestRun.status == status)
    return list(session.exec(statement))


def find_run(ref: str, *, session: Session) -> IngestRun | None:
    """A run by id or by a unique id prefix (:func:`runs_by_prefix` lists an ambiguous one's)."""
    run = session.get(IngestRun, ref)
    if run is not None:
        return run
    matches = runs_by_prefix(ref, session=session, limit=2)
    return matches[0] if len(matches) == 1 else None


def runs_by_prefix(ref: str, *, session: Session, limit: int = 10) -> list[IngestRun]:
    """The runs whose id starts with ``ref`` (case aside), the newest first."""
    if not ref:
        return []
    statement = (
        select(IngestRun)
        .where(col(IngestRun.id).startswith(ref.lower(), autoescape=True))
        .order_by(col(IngestRun.started_at).desc())
        .limit(limit)
    )
    return list(session.exec(statement))


def run_articles(
    run_id: str, *, session: Session, limit: int = 100
) -> list[tuple[str, str | None]]:
    """The ids and titles of the articles a run stored or updated last (no later run wrote
    them since), in id order. The article table has no index on its run: this reads it whole,
    so a caller asks only about runs that stored or updated something."""
    return list(
        session.exec(
            select(Article.id, Article.title)
            .where(Article.run_id == run_id)
            .order_by(col(Article.id))
            .limit(limit)
        ).all()
    )


def failures_by_stage(run_id: str, *, session: Session) -> dict[str, int]:
    rows = session.exec(
        select(Failure.stage, func.count()).where(Failure.run_id == run_id).group_by(Failure.stage)
    )
    return dict(rows.all())


def fetch_states(urls: Iterable[str], *, session: Session) -> dict[str, FetchState]:
    """The remembered state of each URL that has been fetched before."""
    states: dict[str, FetchState] = {}
    for chunk in chunks(urls):
        rows = session.exec(select(FetchState).where(col(FetchState.url).in_(chunk)))
        states.update((state.url, state) for state in rows)
    return states


def save_fetch_states(rows: Sequence[dict[str, Any]], *, session: Session) -> None:
    """Remember validators and outcomes: rows with url, kind, etag, last_modified, status, error."""
    now = utcnow()
    _upsert(
        session,
        FetchState,
        [{**row, "fetched_at": now} for row in rows],
        ["url"],
        update=["kind", "etag", "last_modified", "status", "error", "fetched_at"],
    )


def articles_by_key(keys: Iterable[str], *, session: Session) -> list[tuple[str, str, str, str]]:
    """The stored articles with these keys, under any source: (key, id, source name, content
    hash) each, in id order."""
    found: list[tuple[str, str, str, str]] = []
    for chunk in chunks(keys):
        found.extend(
            session.exec(
                select(Article.key, Article.id, Source.name, Article.content_hash)
                .join(Source, col(Source.id) == col(Article.source_id))
                .where(col(Article.key).in_(chunk))
                .order_by(col(Article.id))
            ).all()
        )
    return found


def stored_keys(keys: Iterable[str], *, session: Session) -> set[str]:
    """Which of these article keys (URLs, paths, record ids) are stored already, any source."""
    found: set[str] = set()
    for chunk in chunks(keys):
        found.update(session.exec(select(Article.key).where(col(Article.key).in_(chunk))))
    return found


def manual_tags(ids: Iterable[str], *, session: Session) -> dict[str, list[tuple[str, str]]]:
    """Editors' corrections per article: (qcode, "add" | "remove") pairs."""
    result: dict[str, list[tuple[str, str]]] = {}
    for chunk in chunks(ids):
        for row in session.exec(select(ManualTag).where(col(ManualTag.article_id).in_(chunk))):
            result.setdefault(row.article_id, []).append((row.topic_code, row.action))
    return result


def save_manual_tags(
    article_id: str, pairs: Sequence[tuple[str, str]], *, editor: str | None, session: Session
) -> None:
    """Record corrections; a later correction of the same topic replaces the earlier one."""
    now = utcnow()
    _upsert(
        session,
        ManualTag,
        [
            {
                "article_id": article_id,
                "topic_code": code,
                "action": action,
                "editor": editor,
                "created_at": now,
            }
            for code, action in pairs
        ],
        ["article_id", "topic_code"],
        update=["action", "editor", "created_at"],
    )


@dataclass(slots=True)
class TaggingInput:
    """What the tagger reads of a stored article: title, body (the text after the dateline), the
    agency's subject codes for a wire story, and the language (whose rules tag it)."""

    title: str | None
    body: str
    subjects: list[str]
    language: str | None = None


def articles_for_tagging(ids: Iterable[str], *, session: Session) -> dict[str, TaggingInput]:
    """What the tagger reads of each of these stored articles."""
    result = {}
    for chunk in chunks(ids):
        table = Article.__table__  # type: ignore[attr-defined]
        rows = session.execute(
            sa_select(
                table.c.id,
                table.c.title,
                table.c.text,
                table.c.dateline_raw,
                table.c.wire,
                table.c.language,
            ).where(table.c.id.in_(chunk))
        )
        for article_id, title, text, dateline, wire, language in rows:
            body = (
                text[len(dateline) :].lstrip() if dateline and text.startswith(dateline) else text
            )
            subjects = [
                subject["code"]
                for subject in (wire or {}).get("subjects", [])
                if isinstance(subject, dict) and isinstance(subject.get("code"), str)
            ]
            result[article_id] = TaggingInput(title, body, subjects, language)
    return result


def topic_links(ids: Iterable[str], *, session: Session) -> dict[str, dict[str, tuple[float, str]]]:
    """Stored tags per article: qcode -> (score, method)."""
    result: dict[str, dict[str, tuple[float, str]]] = {}
    for chunk in chunks(ids):
        rows = session.execute(  # four columns, not ORM objects: retag reads thousands a second
            sa_select(
                col(ArticleTopic.article_id),
                col(ArticleTopic.topic_code),
                col(ArticleTopic.score),
                col(ArticleTopic.method),
            ).where(col(ArticleTopic.article_id).in_(chunk))
        )
        for article_id, code, score, method in rows:
            result.setdefault(article_id, {})[code] = (score, method)
    return result


def tags_by_method(
    ids: Iterable[str], method: str, *, session: Session
) -> dict[str, dict[str, list[str]]]:
    """These articles' stored tags of one method: qcode -> evidence, per article."""
    result: dict[str, dict[str, list[str]]] = {}
    for chunk in chunks(ids):
        rows = session.execute(
            sa_select(
                col(ArticleTopic.article_id),
                col(ArticleTopic.topic_code),
                col(ArticleTopic.evidence),
            ).where(col(ArticleTopic.article_id).in_(chunk), col(ArticleTopic.method) == method)
        )
        for article_id, code, evidence in rows:
            result.setdefault(article_id, {})[code] = list(evidence or [])
    return result


def replace_topics(tags: Mapping[str, Sequence[models.TopicTag]], *, session: Session) -> None:
    """Make these articles' stored tags exactly these."""
    if not tags:
        return
    dates: dict[str, dt.date | None] = {}
    for chunk in chunks(tags):
        session.execute(delete(ArticleTopic).where(col(ArticleTopic.article_id).in_(chunk)))
        rows = session.execute(
            sa_select(col(Article.id), col(Article.published_date)).where(
                col(Article.id).in_(chunk)
            )
        )
        dates.update((article_id, published) for article_id, published in rows)
    _upsert(
        session,
        ArticleTopic,
        _topic_rows(tags, dates),
        ["article_id", "topic_code"],
        update=["score", "method", "evidence", "published_date"],
    )
    # The primary topic goes on the article's row with its tags (bound under other names than
    # the columns', which an UPDATE keeps for itself).
    table = Article.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.id == bindparam("article_id"))
        .values({name: bindparam(f"new_{name}") for name in PRIMARY_COLUMNS}),
        [
            {
                "article_id": article_id,
                **{f"new_{name}": value for name, value in _primary_columns(found).items()},
            }
            for article_id, found in tags.items()
        ],
        execution_options={"synchronize_session": False},
    )


def _primary_columns(tags: Sequence[models.TopicTag]) -> dict[str, str | None]:
    """The article's primary topic, as stored on its row: of its top-level topics, the one with
    the highest score as stored (to 4 places), the first code of equal ones. (The tags' labels
    and levels are the vocabulary's, as in the topic table; :func:`refresh_primary_topics`
    reads that table.)"""
    top = [tag for tag in tags if tag.level == 1]
    if not top:
        return {"primary_topic_code": None, "primary_topic": None}
    best = min(top, key=lambda tag: (-round(tag.score, 4), tag.code))
    return {"primary_topic_code": best.code, "primary_topic": best.label}


def _primary_topic(column: Any) -> Any:
    """The ``column`` of the stored article's primary topic, read from its stored tags and the
    topic table (the rule of :func:`_primary_columns`)."""
    article = Article.__table__  # type: ignore[attr-defined]
    return (
        sa_select(column)
        .select_from(ArticleTopic)
        .join(Topic, col(Topic.code) == col(ArticleTopic.topic_code))
        .where(col(ArticleTopic.article_id) == article.c.id, col(Topic.level) == 1)
        .order_by(col(ArticleTopic.score).desc(), col(Topic.code))
        .limit(1)
        .scalar_subquery()
    )


def refresh_primary_topics(ids: Iterable[str], *, session: Session) -> None:
    """Store on each of these articles its primary topic (code and label) as its stored tags and
    the topic table give it now: after the vocabulary renames a topic or moves it a level."""
    table = Article.__table__  # type: ignore[attr-defined]
    for chunk in chunks(ids):
        session.execute(
            update(table)
            .where(table.c.id.in_(chunk))
            .values(
                primary_topic_code=_primary_topic(col(Topic.code)),
                primary_topic=_primary_topic(col(Topic.label)),
            )
        )


def _topic_rows(
    tags: Mapping[str, Sequence[models.TopicTag]], dates: Mapping[str, dt.date | None]
) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "topic_code": tag.code,
            "score": round(tag.score, 4),
            "method": tag.method,
            "evidence": tag.evidence,
            "published_date": dates.get(article_id),
        }
        for article_id in sorted(tags)
        for tag in tags[article_id]
    ]


def stored_tags(article_id: str, *, session: Session) -> list[models.TopicTag]:
    return [
        models.TopicTag(
            link.topic_code, topic.label, link.score, topic.level, link.method, list(link.evidence)
        )
        for link, topic in article_tags(article_id, session=session)[0]
    ]


def newest_article_ids(size: int, *, session: Session) -> list[str]:
    """The ids of the ``size`` articles stored most recently, newest first."""
    statement = (
        select(Article.id).order_by(col(Article.created_at).desc(), col(Article.id)).limit(size)
    )
    return list(session.exec(statement))


def next_article_ids(
    after: str, size: int, *, source: str | None = None, session: Session
) -> list[str]:
    """The next ``size`` article ids after ``after``, in id order (keyset pagination)."""
    statement = select(Article.id).where(Article.id > after).order_by(Article.id).limit(size)
    if source is not None:
        statement = statement.join(Source, col(Source.id) == col(Article.source_id)).where(
            Source.name == source
        )
    return list(session.exec(statement))


# -- story clusters -------------------------------------------------------------------------------


def _rows_for(
    session: Session,
    columns: str,
    table: str,
    column: str,
    sql_type: str,
    values: list[Any],
    where: str = "",
    parameters: tuple[Any, ...] = (),
) -> list[tuple[Any, ...]]:
    """``SELECT columns FROM table WHERE column IN values [AND where]``, the values passed as one
    parameter (a JSON array on SQLite, an array on PostgreSQL) and the rows read by the driver
    itself; ``where`` takes ``parameters`` as ``%s`` (``?`` on SQLite). The cluster look-up of
    every stored story runs these with thousands of values and rows: bound one by one and
    wrapped row by row, that costs more than the queries."""
    cursor = session.connection().connection.cursor()
    more = f" AND ({where})" if where else ""
    try:
        if session.get_bind().dialect.name == "postgresql":
            # The array sent and the rows read in binary (psycopg's own options): no text to
            # write and parse for thousands of keys, and a signature comes as its 512 bytes,
            # not as 1,024 hex digits to decode.
            psycopg_cursor: Any = cursor
            psycopg_cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {column} = ANY(%b::{sql_type}[]){more}",
                (values, *parameters),
                binary=True,
            )
        else:
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {column} IN "
                f"(SELECT value FROM json_each(?)){more.replace('%s', '?')}",
                (json.dumps(values), *parameters),
            )
        return list(cursor.fetchall())
    finally:
        cursor.close()


def band_matches(
    keys: Iterable[int], *, session: Session, days: tuple[int, int] | None = None
) -> dict[int, list[tuple[str, int | None]]]:
    """The stored articles under each of these band keys, with their publication days (days
    since 1970-01-01, None when unknown); with ``days`` (first, last), only those published
    within them or on no known day."""
    values = list(dict.fromkeys(keys))
    if not values:
        return {}
    found: dict[int, list[tuple[str, int | None]]] = {}
    where, parameters = (
        ("published_day IS NULL OR published_day BETWEEN %s AND %s", days) if days else ("", ())
    )
    for band_key, article_id, day in _rows_for(
        session,
        "band_key, article_id, published_day",
        "cluster_band",
        "band_key",
        "bigint",
        values,
        where,
        parameters,
    ):
        found.setdefault(band_key, []).append((article_id, day))
    return found


@dataclass(slots=True)
class ClusterCandidate:
    """What the cluster look-up needs of a stored story (its day comes with its band rows)."""

    cluster: str | None
    signature: bytes | None


def cluster_candidates(ids: Iterable[str], *, session: Session) -> dict[str, ClusterCandidate]:
    """The cluster and MinHash signature of each of these articles."""
    values = list(dict.fromkeys(ids))
    if not values:
        return {}
    rows = _rows_for(session, "id, cluster, minhash", "article", "id", "varchar", values)
    return {
        article_id: ClusterCandidate(cluster, bytes(minhash) if minhash is not None else None)
        for article_id, cluster, minhash in rows
    }


def save_clusters(
    assigned: Mapping[str, tuple[str, bytes | None, Sequence[int], int | None]],
    replaced: Mapping[str, Sequence[int]],
    *,
    session: Session,
) -> None:
    """Store each article's cluster, signature, and band keys with its publication day (days
    since 1970-01-01); ``replaced`` holds the band keys stored before for an article (of its
    previous version), which go."""
    if not assigned:
        return
    drop_bands(replaced, session=session)
    table = Article.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.id == bindparam("article_id"))
        .values(cluster=bindparam("cluster"), minhash=bindparam("signature")),
        [
            {"article_id": article_id, "cluster": cluster, "signature": signature}
            for article_id, (cluster, signature, _, _) in assigned.items()
        ],
        execution_options={"synchronize_session": False},
    )
    rows = [
        (key, article_id, day) for article_id, (_, _, keys, day) in assigned.items() for key in keys
    ]
    # 36 rows per story: written by the driver itself, on PostgreSQL as one statement over
    # arrays (row by row, they would cost more than the look-up).
    _band_rows(
        session,
        "INSERT INTO cluster_band (band_key, article_id, published_day) {rows} "
        "ON CONFLICT DO NOTHING",
        rows,
        ("bigint", "varchar", "integer"),
    )


def drop_bands(keys: Mapping[str, Sequence[int]], *, session: Session) -> None:
    """Take stories' band keys (by article id) out of the cluster look-up: a withdrawn story's,
    or a story's previous version's."""
    rows = [(key, article_id) for article_id, found in keys.items() for key in found]
    _band_rows(
        session,
        "DELETE FROM cluster_band WHERE (band_key, article_id) IN ({rows})",
        rows,
        ("bigint", "varchar"),
    )


def _band_rows(
    session: Session, statement: str, rows: list[tuple[Any, ...]], types: tuple[str, ...]
) -> None:
    """``statement`` over rows of these column types, given in place of ``{rows}``: on
    PostgreSQL once, with the rows as one array a column; on SQLite once per row."""
    if not rows:
        return
    cursor = session.connection().connection.cursor()
    try:
        if session.get_bind().dialect.name == "postgresql":
            arrays = ", ".join(f"%s::{sql_type}[]" for sql_type in types)
            columns = tuple(list(column) for column in zip(*rows, strict=True))
            cursor.execute(statement.format(rows=f"SELECT * FROM unnest({arrays})"), columns)
        else:
            marks = ", ".join("?" for _ in types)
            one = f"VALUES ({marks})" if "INSERT" in statement else f"SELECT {marks}"
            cursor.executemany(statement.format(rows=one), rows)
    finally:
        cursor.close()


# -- reads ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFilter:
    since: dt.date | None = None
    until: dt.date | None = None
    topic: str | None = None  # qcode, or a label matched case-insensitively
    place: str | None = None  # ISO country code
    source: str | None = None
    limit: int = 50
    status: str | None = USABLE  # None: every status (killed and withheld stories too)
    include_embargoed: bool = False  # stories whose embargo has not passed yet
    cluster: str | None = None
    search: str | None = None  # words in the title or text (full-text search)


def fts_query(words: str) -> str:
    """An FTS5 query for what a person typed: every word must appear, and text in double
    quotes as a phrase; nothing in it is FTS5 syntax, so no input is a syntax error. (Datasette's
    search box reads its input by the same rule.)"""
    if words.count('"') % 2:
        words += '"'
    parts = [part for part in re.split(r'("[^"]*")|\s+', words) if part and part != '""']
    return " ".join(part if part.startswith('"') else f'"{part}"' for part in parts)


def search_clause(words: str, dialect: str) -> Any:
    """The articles whose title or text has these words (see :func:`fts_query`): FTS5 on SQLite,
    the ``search`` tsvector and its GIN index on PostgreSQL, where quoted text is a phrase too
    (``websearch_to_tsquery``). Both match whole words, case aside, without stemming."""
    if dialect == "postgresql":
        return sql_text("article.search @@ websearch_to_tsquery('simple', :search)").bindparams(
            search=words
        )
    query = fts_query(words)
    if not query:
        return false()  # nothing but empty quotes
    return sql_text(
        "article.rowid IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :search)"
    ).bindparams(search=query)


def list_articles(query: ArticleFilter, *, session: Session) -> list[tuple[Article, str]]:
    """Articles matching the filter with their source name: newest first (by publication date,
    then by last update), those without a date after the dated ones.

    Each query reads one index in order and stops at the limit, whatever the archive's size: the
    topic's or the country's rows by date when the filter names one (their rows carry the
    article's date), else the articles by date. The undated stories are a second query, made
    only when the dated ones do not fill the limit."""
    codes = topic_codes(query.topic, session=session) if query.topic else None
    if codes is not None and not codes:
        return []  # no such topic
    dialect = session.get_bind().dialect.name
    rows = list(session.exec(article_query(query, codes=codes, dialect=dialect)))
    if len(rows) < query.limit and query.since is None and query.until is None:
        rest = dataclasses.replace(query, limit=query.limit - len(rows))
        rows += session.exec(article_query(rest, codes=codes, dated=False, dialect=dialect))
    return rows


def topic_codes(topic: str, *, session: Session) -> list[str]:
    """The qcodes a ``--topic`` value names: the code itself, or the topics of that label
    (case-insensitive)."""
    return list(
        session.exec(
            select(Topic.code).where(
                or_(col(Topic.code) == topic, func.lower(Topic.label) == topic.lower())
            )
        )
    )


def article_query(
    query: ArticleFilter,
    *,
    codes: Sequence[str] | None = None,
    dated: bool = True,
    dialect: str,
) -> Select[Article, str]:
    """The statement behind :func:`list_articles` for the dated stories (``dated``) or the
    undated ones, in the SQL of ``dialect`` (full-text search differs); ``codes`` are the
    topic's qcodes (``bench/archive.py`` explains it)."""
    statement = select(Article, Source.name)
    date: Any = Article.published_date
    if codes is not None:  # the topic's rows lead, in date order
        date = ArticleTopic.published_date
        statement = (
            statement.select_from(ArticleTopic)
            .join(Article, col(Article.id) == col(ArticleTopic.article_id))
            .where(
                col(ArticleTopic.topic_code) == codes[0]
                if len(codes) == 1
                else col(ArticleTopic.topic_code).in_(codes)
            )
        )
    if query.place:
        code = query.place.upper()
        if codes is None:  # the country's rows lead, in date order
            date = ArticlePlace.published_date
            statement = statement.select_from(ArticlePlace).join(
                Article, col(Article.id) == col(ArticlePlace.article_id)
            )
            statement = statement.where(col(ArticlePlace.country_code) == code)
        else:
            statement = statement.where(
                sa_select(col(ArticlePlace.article_id))
                .where(
                    col(ArticlePlace.article_id) == col(Article.id),
                    col(ArticlePlace.country_code) == code,
                )
                .exists()
            )
    statement = statement.join(Source, col(Source.id) == col(Article.source_id))
    if query.status is not None:
        statement = statement.where(col(Article.status) == query.status)
    if not query.include_embargoed:
        statement = statement.where(
            or_(col(Article.embargoed_until).is_(None), col(Article.embargoed_until) <= utcnow())
        )
    if query.cluster:
        statement = statement.where(col(Article.cluster) == query.cluster)
    if query.source:
        statement = statement.where(Source.name == query.source)
    if query.search:
        statement = statement.where(search_clause(query.search, dialect))
    if not dated:
        statement = statement.where(date.is_(None)).order_by(col(Article.updated_at).desc())
        return statement.limit(query.limit)
    statement = statement.where(date.is_not(None))
    if query.since:
        statement = statement.where(date >= query.since)
    if query.until:
        statement = statement.where(date <= query.until)
    return statement.order_by(date.desc(), col(Article.updated_at).desc()).limit(query.limit)


def find_article(ref: str, *, session: Session) -> Article | None:
    """An article by id, by its key (a path, URL or record id), or by a unique id prefix
    (:func:`articles_by_prefix` lists an ambiguous one's)."""
    article = session.get(Article, ref)
    if article is not None:
        return article
    matches = list(session.exec(select(Article).where(Article.key == ref).limit(2)))
    if len(matches) != 1:
        matches = articles_by_prefix(ref, session=session, limit=2)
    return matches[0] if len(matches) == 1 else None


def _hex_prefix(column: Any, ref: str) -> ColumnElement[bool] | None:
    """``column`` starts with ``ref`` (hex digits, case aside), or None where no hex id can.
    The range (ids are hex, and every id with the prefix sorts below the prefix and a ``g``, in
    any collation) reads the column's index, where a LIKE alone reads every row."""
    prefix = ref.lower()
    if not prefix or not all(char in "0123456789abcdef" for char in prefix):
        return None
    return and_(column >= prefix, column < prefix + "g", column.startswith(prefix))


def articles_by_prefix(ref: str, *, session: Session, limit: int = 10) -> list[Article]:
    """The articles whose id starts with ``ref`` (hex digits, case aside), in id order, read
    from the primary key's index (:func:`_hex_prefix`)."""
    condition = _hex_prefix(col(Article.id), ref)
    if condition is None:
        return []  # no article id has it
    statement = select(Article).where(condition).order_by(col(Article.id)).limit(limit)
    return list(session.exec(statement))


def clusters_by_prefix(ref: str, *, session: Session, limit: int = 10) -> list[str]:
    """The story clusters whose id starts with ``ref`` (as :func:`articles_by_prefix`: a
    cluster's id is its first story's), read from the cluster index."""
    condition = _hex_prefix(col(Article.cluster), ref)
    if condition is None:
        return []
    statement = (
        select(Article.cluster)
        .where(condition)
        .distinct()
        .order_by(col(Article.cluster))
        .limit(limit)
    )
    return [cluster for cluster in session.exec(statement) if cluster]


def release_article(article: Article, *, session: Session, note: str) -> None:
    """Release a withheld story (its embargo could not be read, or the agency held it): it is
    listed from now on. A kill is never released. The caller commits."""
    if article.status != "withheld":
        raise ValueError(f"article {article.id} is {article.status}, not withheld")
    article.status = USABLE
    article.embargoed_until = None
    article.notes = [*article.notes, note]
    article.updated_at = utcnow()
    session.add(article)


def article_versions(article_id: str, *, session: Session) -> list[ArticleVersion]:
    """A wire story's versions as received, oldest version first."""
    return list(
        session.exec(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(
                col(ArticleVersion.version).asc().nulls_first(),
                col(ArticleVersion.version_created),
                col(ArticleVersion.received_at),
            )
        )
    )


def cluster_members(
    cluster: str, *, session: Session, limit: int = 50
) -> list[tuple[Article, str]]:
    """The stories of a cluster, with their source names, the first stored first."""
    return list(
        session.exec(
            select(Article, Source.name)
            .join(Source, col(Source.id) == col(Article.source_id))
            .where(col(Article.cluster) == cluster)
            .order_by(col(Article.created_at), col(Article.id))
            .limit(limit)
        )
    )


def article_tags(
    article_id: str, *, session: Session
) -> tuple[list[tuple[ArticleTopic, Topic]], list[ArticlePlace]]:
    topics = list(
        session.exec(
            select(ArticleTopic, Topic)
            .join(Topic, col(Topic.code) == col(ArticleTopic.topic_code))
            .where(ArticleTopic.article_id == article_id)
            .order_by(col(ArticleTopic.score).desc(), col(Topic.level))
        )
    )
    places = list(
        session.exec(
            select(ArticlePlace)
            .where(ArticlePlace.article_id == article_id)
            .order_by(col(ArticlePlace.score).desc())
        )
    )
    return topics, places


def source_names(*, session: Session) -> list[str]:
    """Every source's name, in name order."""
    return list(session.exec(select(Source.name).order_by(col(Source.name))))


def all_topics(*, session: Session) -> list[Topic]:
    """The vocabulary as stored (retired concepts too), in code order."""
    return list(session.exec(select(Topic).order_by(col(Topic.code))))


def source_name(source_id: int, *, session: Session) -> str:
    source = session.get(Source, source_id)
    return source.name if source else "?"


def recent_failures(run_id: str, *, session: Session, limit: int | None = 100) -> list[Failure]:
    """A run's failures in the order they were recorded (all of them with ``limit=None``)."""
    return list(
        session.exec(
            select(Failure).where(Failure.run_id == run_id).order_by(col(Failure.id)).limit(limit)
        )
    )
