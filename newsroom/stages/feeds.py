"""RSS and Atom feeds (feedparser) and news sitemaps (defusedxml), read into entries.

An entry is what a feed or sitemap says about one article: its URL and whatever metadata came
with it (title, dates, author, summary). The article itself is fetched and extracted later; the
entry's metadata is a fallback for what the page does not say.

XML safety: a document that declares entities anywhere in it, in UTF-8, UTF-16 or UTF-32, is
refused before any parser sees it (entity expansion, "billion laughs"); sitemaps are parsed with
defusedxml, which also forbids them.
feedparser reads malformed feeds (a raw ``&``, a missing XML declaration) leniently, as feed
readers must; a feed it cannot make anything of is a FormatError.
"""

from __future__ import annotations

import calendar
import datetime as dt
import gzip
import io
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import feedparser
from bs4 import BeautifulSoup
from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException

from newsroom.core.errors import FormatError
from newsroom.core.models import scrub
from newsroom.stages.xmlsafety import refuse_entities

logger = logging.getLogger(__name__)


GZIP_MAGIC = b"\x1f\x8b"
MAX_SITEMAP_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass(slots=True)
class Entry:
    url: str
    title: str | None = None
    published: str | None = None  # ISO 8601
    updated: str | None = None
    author: str | None = None
    summary: str | None = None  # plain text
    tags: list[str] = field(default_factory=list)
    origin: str = ""  # the feed or sitemap it came from
    language: str | None = None  # as the feed declares it (<language>, xml:lang): "id", "pt-BR"

    def as_feed_entry(self) -> dict[str, Any]:
        """The mapping the HTML metadata extractor takes as its ``feed_entry`` fallback."""
        return {
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "author": self.author,
            "summary": self.summary,
            "tags": self.tags,
            "language": self.language,
        }


@dataclass(slots=True)
class Sitemap:
    entries: list[Entry]
    sitemaps: list[str]  # child sitemaps of a sitemap index


def parse_feed(content: bytes, *, url: str, headers: dict[str, str] | None = None) -> list[Entry]:
    """The entries of an RSS 0.9x/1.0/2.0 or Atom feed, in feed order.

    ``headers`` (the HTTP response's) let feedparser take the charset from Content-Type.
    """
    refuse_entities(content, url)
    try:
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers or {})
    except Exception as exc:  # feedparser chokes on some input (a date "&#xD800;")
        raise FormatError(
            url, f"not a readable RSS or Atom feed: {type(exc).__name__}: {exc}", stage="parse"
        ) from exc
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise FormatError(url, f"not a readable RSS or Atom feed: {reason}", stage="parse")
    if parsed.bozo:
        logger.info("%s: feed is malformed (%s); read leniently", url, parsed.get("bozo_exception"))
    entries = []
    channel_language = _clean(parsed.feed.get("language")) or None
    for item in parsed.entries:
        link = item.get("link") or _alternate_link(item)
        if not link:
            logger.info("%s: entry without a link skipped: %r", url, item.get("title"))
            continue
        entries.append(
            Entry(
                url=_clean(urljoin(url, link.strip())),
                title=_text(item.get("title")),
                # dict.get: FeedParserDict.get maps updated to published, with a warning
                published=_iso(dict.get(item, "published_parsed")),
                updated=_iso(dict.get(item, "updated_parsed")),
                author=_clean(item.get("author")) or None,
                summary=_text(item.get("summary")),
                tags=[_clean(tag["term"]) for tag in item.get("tags", []) if tag.get("term")],
                origin=url,
                language=_clean(_detail(item).get("language")) or channel_language,
            )
        )
    return entries


def parse_sitemap(content: bytes, *, url: str) -> Sitemap:
    """The URLs of a sitemap (with news sitemap titles and dates), or a sitemap index's children.

    Gzipped sitemaps (``sitemap.xml.gz``) are decompressed, bounded to the protocol's 50 MB.
    """
    if content.startswith(GZIP_MAGIC):
        content = _gunzip(content, url)
    refuse_entities(content, url)
    try:
        root = SafeElementTree.fromstring(content)
    except (SafeElementTree.ParseError, DefusedXmlException) as exc:
        raise FormatError(url, f"not a readable sitemap: {exc}", stage="parse") from exc
    tag = root.tag.removeprefix(SITEMAP_NS)
    if tag == "sitemapindex":
        children = [_child_text(node, "loc") for node in root.iter(f"{SITEMAP_NS}sitemap")]
        return Sitemap(entries=[], sitemaps=[urljoin(url, loc) for loc in children if loc])
    if tag != "urlset":
        raise FormatError(url, f"not a sitemap: root element <{tag}>", stage="parse")
    entries = []
    for node in root.iter(f"{SITEMAP_NS}url"):
        loc = _child_text(node, "loc")
        if not loc:
            continue
        news = node.find(f"{NEWS_NS}news")
        entries.append(
            Entry(
                url=urljoin(url, loc),
                title=_child_text(news, "title", NEWS_NS) if news is not None else None,
                published=_iso_text(_child_text(news, "publication_date", NEWS_NS))
                if news is not None
                else None,
                updated=_iso_text(_child_text(node, "lastmod")),
                origin=url,
            )
        )
    return Sitemap(entries=entries, sitemaps=[])


def _gunzip(content: bytes, url: str) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(content)) as handle:
            data = handle.read(MAX_SITEMAP_BYTES + 1)
    except (OSError, EOFError) as exc:
        raise FormatError(url, f"bad gzip data: {exc}", stage="parse") from exc
    if len(data) > MAX_SITEMAP_BYTES:
        raise FormatError(url, "sitemap over 50 MB uncompressed", stage="parse")
    return data


def _child_text(node: Any, name: str, namespace: str = SITEMAP_NS) -> str | None:
    child = node.find(f"{namespace}{name}")
    if child is None or child.text is None:
        return None
    return _clean(child.text.strip()) or None


def _alternate_link(item: Any) -> str | None:
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _text(value: str | None) -> str | None:
    """Feed titles and summaries may hold HTML; keep their text."""
    if not value:
        return None
    if "<" in value:
        value = BeautifulSoup(value, "lxml").get_text(" ")
    return " ".join(_clean(value).split()) or None


def _detail(item: Any) -> Any:
    """An entry's title details (feedparser's: the entry's xml:lang, or the feed's language)."""
    return item.get("title_detail") or {}


def _clean(value: str | None) -> str:
    """A feed's string made storable: ``&#xD800;`` gives a lone surrogate."""
    return scrub(str(value))[0] if value else ""


def _iso(parsed: Any) -> str | None:
    """feedparser's UTC struct_time as ISO 8601."""
    if not parsed:
        return None
    try:
        moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    except (OverflowError, ValueError, TypeError):
        return None
    return moment.isoformat()


def _iso_text(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        logger.debug("unreadable sitemap date %r", value)
        return None
