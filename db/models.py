"""Database tables.

Every table has a natural key that makes writes idempotent upserts: an article's ``id`` is derived
from its source and key (see :func:`newsroom.stages.readers.article_id`), a topic's from its IPTC
qcode, a link's from the pair it links. Timestamps are UTC.

No ``from __future__ import annotations`` here: SQLModel needs the real annotations.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    LargeBinary,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Source(SQLModel, table=True):
    """Where articles come from: a named file drop, a wire, a feed."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Article(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("source_id", "key", name="uq_article_source_key"),
        Index("ix_article_published_date", "published_date", "source_id"),
        Index("ix_article_key", "key"),  # feed polls ask which entry URLs are stored
        Index("ix_article_status", "status", "source_id"),
        Index("ix_article_embargoed_until", "embargoed_until"),
        Index("ix_article_cluster", "cluster"),
        # Browse counts the stories by these (its facets: one index read each, not the tags of
        # every story; the source, which its story view joins, is in each index too) and lists
        # one value's newest stories first (a facet clicked) from the same index, in date order.
        Index("ix_article_primary_topic_date", "primary_topic", "published_date", "source_id"),
        Index("ix_article_place_date", "place", "published_date", "source_id"),
        Index(
            "ix_article_dateline_country_date",
            "dateline_country_code",
            "published_date",
            "source_id",
        ),
        Index("ix_article_language", "language"),  # the article table's facet
    )

    id: str = Field(primary_key=True, max_length=32)
    source_id: int = Field(foreign_key="source.id")
    key: str = Field(sa_column=Column(Text, nullable=False))
    origin: str = Field(sa_column=Column(Text, nullable=False))
    url: str | None = Field(default=None, sa_column=Column(Text))
    title: str | None = Field(default=None, sa_column=Column(Text))
    title_source: str | None = Field(default=None, max_length=40)
    published: str | None = Field(default=None, max_length=40)
    published_date: dt.date | None = None
    published_source: str | None = Field(default=None, max_length=40)
    byline: str | None = Field(default=None, sa_column=Column(Text))
    language: str | None = Field(default=None, max_length=12)
    text: str = Field(sa_column=Column(Text, nullable=False))
    lede: str | None = Field(default=None, sa_column=Column(Text))
    word_count: int = 0
    repairs: int = 0
    dateline_raw: str | None = Field(default=None, max_length=400)
    dateline_location: str | None = Field(default=None, max_length=200)
    dateline_city: str | None = Field(default=None, max_length=200)
    dateline_region: str | None = Field(default=None, max_length=200)
    dateline_country_code: str | None = Field(default=None, max_length=2)
    dateline_agency: str | None = Field(default=None, max_length=40)
    dateline_date: dt.date | None = None
    dateline_confidence: float | None = None
    dateline_latitude: float | None = None
    dateline_longitude: float | None = None
    modified: str | None = Field(default=None, max_length=40)
    modified_source: str | None = Field(default=None, max_length=40)
    description: str | None = Field(default=None, sa_column=Column(Text))
    section: str | None = Field(default=None, max_length=200)
    keywords: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    extractor: str | None = Field(default=None, max_length=40)  # pages: which found the text
    notes: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    content_hash: str = Field(max_length=64)
    # Wire stories: their publishing status (a kill or a withhold takes them out of every
    # listing), the current version and its rank, the embargo, what the agency sent beyond the
    # text (newsroom.core.models.WireInfo), and the cluster of copies of the same story.
    status: str = Field(
        default="usable", max_length=20, sa_column_kwargs={"server_default": "usable"}
    )
    version: int | None = Field(default=None, sa_type=BigInteger)
    version_rank: str | None = Field(default=None, max_length=80)
    embargoed_until: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    wire: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    cluster: str | None = Field(default=None, max_length=32)
    minhash: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # its signature
    # What ``newsroom browse`` shows and counts of each story, stored by every write of its
    # tags and dateline (ingest, a retag, an editor's tags: ``db.crud``): its place (the
    # dateline's city, else its location) and its primary topic (the top-level topic with the
    # highest score).
    place: str | None = Field(default=None, max_length=200)
    primary_topic_code: str | None = Field(default=None, max_length=40)
    primary_topic: str | None = Field(default=None, max_length=200)  # the topic's label
    run_id: str | None = Field(default=None, max_length=36)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


# Full-text search, made by migration 0007 and kept in step by the database, not by these models:
# on SQLite an FTS5 table (and its shadow tables) with triggers and the ``story`` view, on
# PostgreSQL a generated ``tsvector`` column and its GIN index.
SEARCH_OBJECTS = frozenset({"search", "ix_article_search"})  # and the article_fts* tables


def in_models(name: str | None, kind: str, _parents: Any = None) -> bool:
    """Whether the models describe this schema object (Alembic's ``include_name``): all but the
    full-text search objects."""
    if name is None:
        return True
    if kind == "table" and name.startswith("article_fts"):
        return False
    return name not in SEARCH_OBJECTS


class ArticleVersion(SQLModel, table=True):
    """Every version of a wire story that arrived, current or not, in any order: its number, when
    the agency made it, headline, text hash, signal and status, and the document for audit.
    Keyed by the article and the version's content hash, so that receiving it again adds
    nothing."""

    __tablename__ = "article_version"

    article_id: str = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    content_hash: str = Field(primary_key=True, max_length=64)
    version: int | None = Field(default=None, sa_type=BigInteger)
    version_created: str | None = Field(default=None, max_length=40)
    headline: str | None = Field(default=None, sa_column=Column(Text))
    text_hash: str = Field(max_length=64)
    signal: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    pub_status: str = Field(max_length=20)
    document: str | None = Field(default=None, sa_column=Column(Text))
    origin: str = Field(sa_column=Column(Text, nullable=False))
    run_id: str | None = Field(default=None, max_length=36)
    received_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ClusterBand(SQLModel, table=True):
    """One MinHash LSH band key of a stored story: stories that share a band key are candidate
    copies of each other. The key leads the primary key, so the look-up is an index query that
    any number of workers make alike, with no index held in one process's memory; and the table
    is that one B-tree (without a rowid on SQLite): each stored story writes 36 rows into it.
    A story's rows are found again from its stored signature (``article.minhash``).

    Each row carries its story's publication day, read with the key (on PostgreSQL the primary
    key's index includes it: migration 0008), so that the look-up passes over stories published
    too far apart to be copies without reading them."""

    __tablename__ = "cluster_band"
    __table_args__ = {"sqlite_with_rowid": False}

    band_key: int = Field(sa_type=BigInteger, primary_key=True)  # a 64-bit hash: band and rows
    article_id: str = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    published_day: int | None = None  # days since 1970-01-01; None: the story has no date


class Topic(SQLModel, table=True):
    """An IPTC Media Topic concept, kept in step with the shipped vocabulary."""

    code: str = Field(primary_key=True, max_length=40)
    label: str = Field(max_length=200)
    level: int
    parent_code: str | None = Field(default=None, max_length=40)
    retired: bool = False


class ArticleTopic(SQLModel, table=True):
    """A topic of an article. The article's publication date is kept here too, so that
    ``newsroom articles --topic T`` reads one index in date order, newest first, and stops at
    its limit: in a million-story archive, a common topic has hundreds of thousands of stories
    and a rare one a few, and neither may be sorted whole."""

    __tablename__ = "article_topic"
    __table_args__ = (Index("ix_article_topic_topic_date", "topic_code", "published_date"),)

    article_id: str = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    topic_code: str = Field(foreign_key="topic.code", primary_key=True, max_length=40)
    score: float
    method: str = Field(max_length=40)
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published_date: dt.date | None = None  # the article's, for listings by topic


class ManualTag(SQLModel, table=True):
    """An editor's correction: a topic added to or removed from an article. Re-tagging and
    re-ingesting never override it; the article's tags are the tagger's plus these."""

    __tablename__ = "manual_tag"

    article_id: str = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    topic_code: str = Field(foreign_key="topic.code", primary_key=True, max_length=40)
    action: str = Field(max_length=10)  # "add" or "remove"
    editor: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text))
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ArticlePlace(SQLModel, table=True):
    """A country an article is about (its dateline's country always among them), with the
    article's publication date for listings by place, as for topics."""

    __tablename__ = "article_place"
    __table_args__ = (Index("ix_article_place_country_date", "country_code", "published_date"),)

    article_id: str = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    country_code: str = Field(primary_key=True, max_length=2)
    name: str = Field(max_length=200)
    score: float
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cities: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    published_date: dt.date | None = None  # the article's, for listings by place


class RunCounts(SQLModel):
    """What was done with the items of a run, a batch or a write: the one definition of these
    counts. The ``ingest_run`` table stores them, batch results and the ingest flow's summary add
    them up, and the command line prints them."""

    stored: int = 0  # new articles
    updated: int = 0  # articles whose input changed
    unchanged: int = 0  # articles seen before with the same input (304s included)
    failed: int = 0  # items recorded as failures
    not_modified: int = 0  # pages that answered 304
    skipped: int = 0  # no story (wire pictures, packages), feed entries stored already, dead links
    requests: int = 0  # HTTP requests made, retries included
    waiting: int = 0  # files still being written (changing, or changed just now): the next poll's
    quarantined: int = 0  # failed before (same bytes, or the same failure): not recorded again

    def counts(self) -> dict[str, int]:
        """The counts by name (only these: subclasses add other fields)."""
        return {name: getattr(self, name) for name in RunCounts.model_fields}

    def add(self, other: "RunCounts") -> None:
        for name in RunCounts.model_fields:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def ingested(self) -> int:
        """Items that are in the database as they should be: stored, updated or unchanged."""
        return self.stored + self.updated + self.unchanged


class IngestRun(RunCounts, table=True):
    """One ingest run. It ends ``completed``, ``failed``, ``cancelled`` (Ctrl-C) or ``crashed``:
    the flow marks it, its Prefect state hooks mark it when the flow itself cannot, and a run
    left ``running`` by a killed process is marked ``crashed`` by the next run (``newsroom runs
    --reap``), which finds its process gone (``host``, ``pid``), its Prefect flow run ended, or
    its heartbeat stale."""

    __tablename__ = "ingest_run"
    __table_args__ = (Index("ix_ingest_run_status", "status"),)

    id: str = Field(primary_key=True, max_length=36)
    flow_run_id: str | None = Field(default=None, max_length=36)
    started_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    finished_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    heartbeat_at: dt.datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    status: str = Field(default="running", max_length=20)
    error: str | None = Field(default=None, sa_column=Column(Text))  # why it failed or crashed
    host: str | None = Field(default=None, max_length=255)
    pid: int | None = None
    parameters: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Failure(SQLModel, table=True):
    """An input item that could not be ingested, with where and why."""

    __table_args__ = (Index("ix_failure_run_id", "run_id"),)

    id: int | None = Field(default=None, primary_key=True)
    run_id: str | None = Field(default=None, foreign_key="ingest_run.id", max_length=36)
    source: str = Field(max_length=200)
    origin: str = Field(sa_column=Column(Text, nullable=False))
    stage: str = Field(max_length=40)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    error_type: str | None = Field(default=None, max_length=80)  # the exception's class
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class QuarantinedFile(SQLModel, table=True):
    """A file that failed, by its resolved path and the hash of its bytes. The next polls of its
    folder skip these same bytes at this path (counted ``quarantined``) instead of failing them
    again every few minutes; a file that changes is read again. The record works where the files
    cannot be moved (a read-only mount of an agency's folder); ``newsroom runs quarantine``
    lists the records and clears them."""

    __tablename__ = "quarantined_file"

    path: str = Field(sa_column=Column(Text, primary_key=True))
    content_hash: str = Field(primary_key=True, max_length=64)  # SHA-256 of the bytes read
    source: str = Field(max_length=200)
    stage: str = Field(max_length=40)
    reason: str = Field(sa_column=Column(Text, nullable=False))  # the first failure's
    run_id: str | None = Field(default=None, max_length=36)  # the run that failed it first
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class FetchState(SQLModel, table=True):
    """What the last request for a URL (a feed, a sitemap, a page) returned: the validators for
    the next conditional request, and when and how it went."""

    __tablename__ = "fetch_state"

    url: str = Field(sa_column=Column(Text, primary_key=True))
    kind: str = Field(max_length=20)  # feed, sitemap, page
    etag: str | None = Field(default=None, sa_column=Column(Text))
    last_modified: str | None = Field(default=None, max_length=100)
    status: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text))
    fetched_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
