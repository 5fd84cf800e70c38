"""Web sources behind the ingest tasks: poll feeds and sitemaps, then fetch and ingest pages.

Plain functions, no Prefect. Polling a feed or sitemap makes a conditional request with the
validators remembered from the last poll; an unchanged one answers 304 and costs nothing more.
Entries whose article is already stored are skipped, so a poll that finds nothing new fetches no
page. Every failed feed, sitemap or page is returned as a failure with its stage and reason.

A page that answered 404 or 410 is a dead link: feeds and sitemaps that still list it do not get
it fetched again (and failed again) on every poll, only once the retry window has passed.

A URL is fetched as given, credentials included (``https://user:pw@host/``), but stored and
reported with its password hidden (:func:`newsroom.stages.fetching.redact_url`): article keys and
origins, failures, fetch states.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from newsroom.core.errors import FormatError, InputError, item_error
from newsroom.core.models import FailureRecord, RawItem, Skipped
from newsroom.core.settings import Settings
from newsroom.services.ingesting import (
    BatchResult,
    ParsedBatch,
    failure_from,
    record_progress,
    store_parsed,
)
from newsroom.stages.feeds import parse_feed, parse_sitemap
from newsroom.stages.fetching import (
    FetchPolicy,
    FetchRequest,
    FetchResult,
    decode_body,
    fetch_all,
    redact_url,
)
from newsroom.stages.parallel import ordered_map
from newsroom.stages.pipeline import process_item, warm_up, warm_up_for
from newsroom.stages.readers import read_document, sniff_wire

logger = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 50
DEAD_STATUSES = frozenset({404, 410})
DEAD_LINK_RETRY = dt.timedelta(hours=24)


@dataclass(slots=True)
class PageRef:
    """A page to fetch: its URL, the source it is stored under, and its feed entry if any."""

    url: str
    source: str
    entry: dict[str, Any] | None = None
    document: str | None = None  # the feed or sitemap that listed it


@dataclass(slots=True)
class PollResult:
    pages: list[PageRef] = field(default_factory=list)
    failures: list[FailureRecord] = field(default_factory=list)
    not_modified: int = 0  # feeds and sitemaps that answered 304
    skipped: int = 0  # entries whose article is stored already
    requests: int = 0
    # What the feeds and sitemaps answered, remembered once their pages are handled (see
    # ``remember``): a run that fails half-way polls them in full next time.
    states: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class SourceList:
    """Web sources by kind, each a (source name, URL) pair."""

    feeds: list[tuple[str, str]] = field(default_factory=list)
    sitemaps: list[tuple[str, str]] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.feeds or self.sitemaps or self.urls)


def host_source(url: str) -> str:
    """The default source name of a URL: its host, without ``www.``."""
    return (urlsplit(url).hostname or "web").removeprefix("www.")


def load_sources(path: str | Path) -> SourceList:
    """Read a sources file: ``sources: [{name, feeds: [...], sitemaps: [...], urls: [...]}]``."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise FormatError(
            str(path), f"cannot read the sources file: {exc.strerror or exc}", stage="config"
        ) from exc
    except yaml.YAMLError as exc:
        raise FormatError(
            str(path), f"the sources file is not valid YAML: {exc}", stage="config"
        ) from exc
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        raise FormatError(str(path), "expected a top-level 'sources:' list", stage="config")
    result = SourceList()
    for number, source in enumerate(sources, start=1):
        if not isinstance(source, dict) or not source.get("name"):
            raise FormatError(str(path), f"source {number} needs a 'name'", stage="config")
        name = str(source["name"])
        for kind in ("feeds", "sitemaps", "urls"):
            urls = source.get(kind) or []
            if not isinstance(urls, list):
                raise FormatError(
                    str(path), f"source {name!r}: '{kind}' must be a list", stage="config"
                )
            getattr(result, kind).extend((name, str(url)) for url in urls)
    return result


def poll(
    sources: SourceList,
    *,
    engine: Engine,
    policy: FetchPolicy,
    dead_link_retry: dt.timedelta = DEAD_LINK_RETRY,
) -> PollResult:
    """Poll feeds and sitemaps, and list the pages to fetch: new entries and the direct URLs.

    Entries stored already are skipped, and so are dead links (404 or 410 less than
    ``dead_link_retry`` ago); URLs given directly are always fetched.
    """
    result = PollResult()
    candidates: list[PageRef] = [PageRef(url=url, source=name) for name, url in sources.urls]
    for name, entries in _poll_documents(sources.feeds, "feed", engine, policy, result):
        candidates.extend(PageRef(e.url, name, e.as_feed_entry(), e.origin) for e in entries)
    sitemaps = list(sources.sitemaps)
    for _depth in range(2):  # a sitemap index, then its sitemaps
        children: list[tuple[str, str]] = []
        for name, entries in _poll_documents(sitemaps, "sitemap", engine, policy, result):
            for entry in entries:
                if isinstance(entry, str):
                    children.append((name, entry))
                else:
                    candidates.append(PageRef(entry.url, name, entry.as_feed_entry(), entry.origin))
        sitemaps = children[:MAX_CHILD_SITEMAPS]
        if len(children) > MAX_CHILD_SITEMAPS:
            logger.warning(
                "sitemap index lists %d sitemaps; reading the first %d",
                len(children),
                MAX_CHILD_SITEMAPS,
            )
    direct = {url for _name, url in sources.urls}
    unique: dict[str, PageRef] = {}
    for page in candidates:
        unique.setdefault(page.url, page)  # the first mention wins
    listed = [redact_url(url) for url in unique if url not in direct]
    with Session(engine) as session:
        stored = crud.stored_keys(listed, session=session)
        dead = _dead_links(crud.fetch_states(listed, session=session).values(), dead_link_retry)
    for url, page in unique.items():
        if url not in direct and (redact_url(url) in stored or redact_url(url) in dead):
            result.skipped += 1
        else:
            result.pages.append(page)
    if dead:
        logger.info(
            "%d dead links (HTTP 404/410 within %s) not fetched again", len(dead), dead_link_retry
        )
    return result


def _dead_links(states: Iterable[Any], retry: dt.timedelta) -> set[str]:
    """URLs that answered 404 or 410 more recently than ``retry`` ago."""
    since = dt.datetime.now(dt.UTC) - retry
    dead = set()
    for state in states:
        fetched = state.fetched_at
        if fetched is not None and fetched.tzinfo is None:  # SQLite gives naive UTC back
            fetched = fetched.replace(tzinfo=dt.UTC)
        if state.status in DEAD_STATUSES and fetched is not None and fetched > since:
            dead.add(state.url)
    return dead


def _poll_documents(
    documents: Sequence[tuple[str, str]],
    kind: str,
    engine: Engine,
    policy: FetchPolicy,
    result: PollResult,
) -> Iterable[tuple[str, list[Any]]]:
    """Fetch feeds or sitemaps conditionally; yield (source name, entries) for changed ones."""
    if not documents:
        return
    fetched, states = _fetch_with_state([url for _name, url in documents], kind, engine, policy)
    result.requests += sum(item.attempts for item in fetched)
    result.states.extend(states)
    for (name, url), response in zip(documents, fetched, strict=True):
        if response.not_modified:
            result.not_modified += 1
            continue
        if not response.ok:
            result.failures.append(_fetch_failure(name, url, response))
            continue
        # Relative links resolve against where the document was found, with its credentials:
        # ``final_url`` hides the password, so it is the base only after a redirect.
        base = url if response.final_url in (None, redact_url(url)) else response.final_url
        try:
            if kind == "feed":
                entries: list[Any] = parse_feed(
                    response.content or b"", url=base, headers=response.headers
                )
            else:
                sitemap = parse_sitemap(response.content or b"", url=base)
                entries = [*sitemap.entries, *sitemap.sitemaps]
        except Exception as exc:  # one unreadable feed never stops the others
            error = item_error(exc, origin=redact_url(url), stage="parse")
            error.origin = redact_url(error.origin)
            result.failures.append(failure_from(error, name))
            continue
        logger.info("%s %s: %d entries", kind, redact_url(url), len(entries))
        yield name, entries


@dataclass(slots=True)
class FetchedPages:
    """A batch of pages as fetched (by the process that writes, which knows their validators),
    for a worker process to extract and tag."""

    pages: list[PageRef]
    responses: list[FetchResult]
    states: list[dict[str, Any]]
    fetched_at: str


@dataclass(slots=True)
class ParsedPages:
    """A batch of pages extracted and tagged, ready to store, with what the fetch state and the
    run's counts need to know of it."""

    batch: ParsedBatch
    states: list[dict[str, Any]]
    failed: set[str]  # not stored: no validators, so that it is fetched in full again
    retry: set[str]  # failed for a reason that may pass: its feed is read in full again
    not_modified: int
    requests: int
    documents: dict[str, str]  # page URL (as shown) -> the feed or sitemap that listed it


def fetch_pages(pages: Sequence[PageRef], *, engine: Engine, policy: FetchPolicy) -> FetchedPages:
    """Fetch a batch of pages with their remembered validators."""
    fetched, states = _fetch_with_state([page.url for page in pages], "page", engine, policy)
    return FetchedPages(list(pages), fetched, states, dt.datetime.now(dt.UTC).isoformat())


def parse_pages(fetched: FetchedPages) -> ParsedPages:
    """Decode, extract and tag a fetched batch (the CPU work; no database): what a worker
    process runs. Never raises: a page that fails is that page's failure."""
    batch = ParsedBatch()
    parsed = ParsedPages(batch, fetched.states, set(), set(), 0, 0, {})
    for page, response in zip(fetched.pages, fetched.responses, strict=True):
        shown = redact_url(page.url)  # the page's key and origin
        parsed.requests += response.attempts
        if page.document:
            parsed.documents[shown] = redact_url(page.document)
        if response.not_modified:
            parsed.not_modified += 1
            continue
        if not response.ok:
            batch.failures.append(_fetch_failure(page.source, page.url, response))
            parsed.failed.add(shown)
            if _transient(response):
                parsed.retry.add(shown)
            continue
        try:
            html = decode_body(response.content or b"", response.headers, origin=shown)
            url = response.final_url or shown
            wire_format = sniff_wire(html)
            if wire_format is not None:  # agency copy served over HTTP: NewsML-G2, ninjs...
                _add_wire(batch, html, wire_format, page, url, fetched.fetched_at)
                continue
            item = RawItem(
                source=page.source,
                key=shown,
                origin=shown,
                html=html,
                url=url,
                headers=response.headers,
                entry=page.entry,
                fetched_at=fetched.fetched_at,
            )
            warm_up()  # once per process
            batch.articles.append(process_item(item))
        except Exception as exc:  # one bad page never stops the batch
            batch.failures.append(
                failure_from(item_error(exc, origin=shown, stage="decode"), page.source)
            )
            parsed.failed.add(shown)
    batch.sign()
    return parsed


def store_pages(parsed: ParsedPages, *, engine: Engine, run_id: str | None) -> BatchResult:
    """Store a parsed batch of pages in one transaction, and what their URLs answered."""
    result = store_parsed(parsed.batch, engine=engine, run_id=run_id)
    refused = {f.origin for f in result.failures if f.stage == "store"}
    failed, retry = parsed.failed | refused, parsed.retry | refused
    remember(parsed.states, engine=engine, forget=failed)
    result.unchanged += parsed.not_modified
    result.not_modified += parsed.not_modified
    result.requests += parsed.requests
    result.retry_documents.update(
        document for url, document in parsed.documents.items() if url in retry
    )
    record_progress(result, engine=engine, run_id=run_id)
    return result


def page_batches(
    batches: Iterable[Sequence[PageRef]], *, engine: Engine, policy: FetchPolicy, workers: int
) -> Iterator[ParsedPages]:
    """Each batch fetched here, then extracted and tagged on ``workers`` processes while the
    next is fetched and the caller stores the ones that are done (the files' code path)."""
    fetched = (fetch_pages(pages, engine=engine, policy=policy) for pages in batches)
    return ordered_map(parse_pages, fetched, workers=workers, prepare=warm_up_for(workers))


def _add_wire(
    batch: ParsedBatch, document: str, format: str, page: PageRef, url: str, fetched_at: str
) -> None:
    """The stories of a fetched wire document into the batch; its pictures and packages skipped.
    Its stories keep their own identity (the GUID), so the same story from a file is one row."""
    origin = redact_url(page.url)
    for entry in read_document(
        document, origin=origin, source=page.source, key=origin, format=format
    ):
        if isinstance(entry, Skipped):
            batch.skip(entry, page.source)
            continue
        if isinstance(entry, InputError):
            batch.failures.append(failure_from(entry, page.source))
            continue
        entry.url, entry.fetched_at = url, fetched_at
        try:
            warm_up()
            batch.articles.append(process_item(entry))
        except Exception as exc:  # one bad story never stops the document's others
            error = item_error(exc, origin=entry.origin, stage="parse")
            batch.failures.append(failure_from(error, page.source))


def _transient(response: FetchResult) -> bool:
    """A failure that may pass by itself: a timeout, a dropped connection, 5xx, 429."""
    if response.stage not in (None, "fetch"):
        return False  # robots.txt, a blocked address: not until someone changes something
    return response.status is None or response.status >= 500 or response.status == 429


def remember(states: Sequence[dict[str, Any]], *, engine: Engine, forget: set[str]) -> None:
    """Save what URLs answered; for those in ``forget``, no validators, so that the next request
    is not conditional and the URL (a page that failed, a feed with pages that failed) is read
    in full again."""
    rows = [
        {**row, "etag": None, "last_modified": None} if row["url"] in forget else row
        for row in states
    ]
    with Session(engine) as session:
        crud.save_fetch_states(rows, session=session)
        session.commit()


def _fetch_with_state(
    urls: Sequence[str], kind: str, engine: Engine, policy: FetchPolicy
) -> tuple[list[FetchResult], list[dict[str, Any]]]:
    """Fetch URLs with their remembered validators; return the results and the new state rows
    (saved by the caller, with :func:`remember`, once it knows how the content fared)."""
    with Session(engine) as session:
        states = crud.fetch_states([redact_url(url) for url in urls], session=session)
    requests = []
    for url in urls:
        state = states.get(redact_url(url))
        requests.append(
            FetchRequest(url, etag=state.etag, last_modified=state.last_modified)
            if state
            else FetchRequest(url)
        )
    results = fetch_all(requests, policy)
    rows = []
    for request, response in zip(requests, results, strict=True):
        keep = response.not_modified or not response.ok
        rows.append(
            {
                "url": redact_url(request.url),
                "kind": kind,
                "status": response.status,
                "error": response.error,
                "etag": request.etag if keep else response.etag,
                "last_modified": request.last_modified if keep else response.last_modified,
            }
        )
    return results, rows


def _fetch_failure(source: str, url: str, response: FetchResult) -> FailureRecord:
    return FailureRecord(
        source=source,
        origin=redact_url(url),
        stage=response.stage or "fetch",
        reason=response.error or f"HTTP {response.status}",
    )


def policy_from_settings(settings: Settings) -> FetchPolicy:
    """The fetch policy the ``NEWSROOM_*`` settings describe."""
    return FetchPolicy(
        user_agent=settings.user_agent,
        max_bytes=settings.max_page_bytes,
        read_timeout=settings.fetch_timeout,
        total_timeout=settings.fetch_deadline,
        max_retries=settings.fetch_retries,
        concurrency=settings.fetch_concurrency,
        per_host_concurrency=settings.fetch_per_host,
        per_host_rate=settings.fetch_rate,
        respect_robots=settings.respect_robots,
        allow_private=settings.allow_private_hosts,
    )
