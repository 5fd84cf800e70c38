"""Page metadata from an HTML page's head: title, authors, dates, canonical URL, language, tags.

Each field comes from the first source that gives a usable value, and ``<field>_source`` names it:

1. ``jsonld``     JSON-LD article objects (NewsArticle, Article, BlogPosting, ...; ``@graph`` too)
2. ``opengraph``  ``og:*`` and ``article:*`` meta tags
3. ``meta``       other meta tags: author, date, pubdate, parsely-*, sailthru.*, dc.*, citation_*
4. ``microdata``  schema.org's ``itemprop="author"`` in the page's body (authors only)
5. ``time``       ``itemprop=datePublished`` / ``dateModified`` and ``<time datetime>`` (dates only)
6. ``url``        a ``/2024/05/06/`` date in the page URL (published only)
7. ``feed``       the feed entry the page was found through (title, published, updated, author)
8. ``http``       the ``Last-Modified`` header (modified; published only as a last resort)

The title falls back last to the ``<title>`` tag (source ``title``); every title loses a
`` | Site`` or `` - Site`` suffix that matches a site name the page declares.

Dates are ISO 8601: ``2024-05-06`` when only the day is known, else a datetime with its offset
when the page gives one. A date that does not parse, or that lies after ``fetched_at``, is skipped
and the next source is tried. A date without an offset is only known to be in the future when it
is ahead in every time zone (more than 14 hours ahead of UTC).

Only ``meta``, ``link``, ``title`` and ``time`` elements are read, in one pass over the tree that
``newsroom.stages.htmltree.parse_html`` built for all the extractors; the body's microdata only
when no earlier source names an author.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

import lxml.html
from dateutil import parser as date_parser

from newsroom.stages.htmltree import jsonld_objects

logger = logging.getLogger(__name__)

HEAD_TAGS = ("meta", "link", "title", "time")
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "Report",
        "TechArticle",
        "ScholarlyArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
    }
)
# used only when a page has no article object: fact checks and plain web pages
FALLBACK_TYPES = frozenset({"ClaimReview", "WebPage", "ItemPage", "MedicalWebPage"})

# meta keys per field and source, in order of preference (lowercased property/name/http-equiv)
OG_TITLE = ("og:title",)
META_TITLE = (
    "twitter:title",
    "parsely-title",
    "sailthru.title",
    "dc.title",
    "dcterms.title",
    "citation_title",
    "title",
    "headline",
)
OG_AUTHORS = ("article:author", "og:article:author")
META_AUTHORS = (
    "author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "byline",
)
OG_PUBLISHED = ("article:published_time", "og:published_time", "article:published")
META_PUBLISHED = (
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "pub_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "article.published",
    "original-publish-date",
)
OG_MODIFIED = ("article:modified_time", "og:updated_time", "article:modified")
META_MODIFIED = (
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "lastmod",
    "modified",
    "revised",
)
OG_DESCRIPTION = ("og:description",)
META_DESCRIPTION = ("description", "twitter:description", "dc.description", "sailthru.description")
OG_SECTION = ("article:section",)
META_SECTION = ("parsely-section", "section", "article.section")
OG_KEYWORDS = ("article:tag",)
META_KEYWORDS = ("news_keywords", "keywords", "parsely-tags", "sailthru.tags")
META_LANGUAGE = ("content-language", "language", "dc.language", "dcterms.language")
SITE_NAMES = ("og:site_name", "application-name", "apple-mobile-web-app-title")

URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|\b)")
BY_PREFIX = re.compile(
    r"^(?:(?:written|posted|story|text|words|analysis|commentary|opinion)\s+)?by\b[:\s]*"
    # "Par", "Por" in French, Spanish and Portuguese bylines; a label and a colon in any of
    # the languages whose bylines print one ("Текст: Лида Буслаева", "Texto: Ana Ruiz")
    r"|^(?:par|por)\s+"
    r"|^(?:text|texte|texto|testo|tekst|текст|автор|author|auteur|autor|autore|reportage)\s*:\s*",
    re.IGNORECASE,
)
# words that mark "Jane Doe, AP Auto Writer" or "Jane Doe, CNN Business" as a name and a role
ROLE_WORDS = frozenset(
    {
        "writer",
        "editor",
        "correspondent",
        "reporter",
        "staff",
        "contributor",
        "columnist",
        "producer",
        "business",
        "news",
        "media",
        "press",
        "service",
        "wire",
        "agency",
        "bureau",
        "team",
        "desk",
        "politics",
        "magazine",
        "times",
        "post",
        "journal",
        "daily",
        "for",
        "at",
        "of",
        "and",
        "the",
        "senior",
        "chief",
        "special",
        "national",
        "international",
        "sports",
    }
)
AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||&|\band\b)\s*", re.IGNORECASE)
# "and" in the bylines of other languages: "Jean Dupont et Marie Curie", "Иван Петров и Мария
# Иванова"; split only between two names of two words or more, so that "José Ortega y Gasset"
# stays one name
OTHER_AND = re.compile(r"\s+(?:et|und|y|e|i|и|en|og|och)\s+")
KEYWORD_SPLIT = re.compile(r"\s*[,;]\s*")
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]{1,2}\s+")
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}")
TAGS = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
EPOCH_DIGITS = re.compile(r"\d{10}(?:\d{3})?")

MAX_DATE_CHARS = 64
MIN_YEAR = 1900
EPOCH = dt.date(1970, 1, 1)
MAX_AUTHOR_WORDS = 6
MAX_AUTHOR_CHARS = 80
OFFSET_SLACK = dt.timedelta(hours=14)  # the furthest any time zone is ahead of UTC
MIN_ISO_CHARS = 8  # 20240506
# unambiguous zone abbreviations seen in news pages; others ("IST", "ET") leave the time naive
ZONE_ABBREVIATIONS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "CET": 1,
    "WEST": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "SGT": 8,
    "HKT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "HST": -10,
    "AKST": -9,
    "AKDT": -8,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
}
DEFAULTS = (dt.datetime(1900, 1, 1, 0, 0, 0), dt.datetime(1904, 2, 2, 1, 1, 1))


@dataclass(slots=True)
class PageMetadata:
    """What the page says about itself; ``*_source`` names the source each value came from."""

    title: str | None = None
    title_source: str | None = None
    authors: list[str] = field(default_factory=list)
    authors_source: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    published_source: str | None = None
    modified: str | None = None
    modified_source: str | None = None
    canonical_url: str | None = None
    language: str | None = None  # primary subtag: "en"
    description: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    site_name: str | None = None


@dataclass(slots=True)
class _Head:
    """The metadata-bearing elements of a page, gathered in one pass."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lowercased key -> contents
    itemprops: dict[str, list[str]] = field(default_factory=dict)  # itemprop -> content/datetime
    times: list[str] = field(default_factory=list)  # <time datetime> values, document order
    canonical: str | None = None
    title: str | None = None


def extract_metadata(
    tree: lxml.html.HtmlElement,
    *,
    url: str | None = None,
    jsonld: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
    feed_entry: Mapping[str, Any] | None = None,
    fetched_at: dt.datetime | None = None,
) -> PageMetadata:
    """Metadata of a parsed page; ``jsonld`` defaults to the page's own JSON-LD objects."""
    head = _read_head(tree)
    ld = _JsonLd(jsonld_objects(tree) if jsonld is None else jsonld)
    headers = {key.lower(): value for key, value in (headers or {}).items()}
    feed = feed_entry or {}
    now = fetched_at or dt.datetime.now(dt.UTC)

    meta = PageMetadata()
    site_names = [
        name
        for name in map(_text, [*ld.site_names(), *_values(head.meta, SITE_NAMES)])
        if name and len(name) > 1 and "://" not in name and name[0] != "@"
    ]
    meta.site_name = site_names[0] if site_names else None
    known_sites = {name.casefold() for name in site_names}
    meta.title, meta.title_source = _pick(
        _clean_title(value, known_sites)
        for value in (
            ("jsonld", ld.first("headline")),
            ("opengraph", _first_text(_values(head.meta, OG_TITLE))),
            ("meta", _first_text(_values(head.meta, META_TITLE))),
            ("feed", _text(feed.get("title"))),
            ("title", head.title),
        )
    )
    meta.authors, meta.authors_source = _pick_authors(
        (
            ("jsonld", ld.authors()),
            ("opengraph", _values(head.meta, OG_AUTHORS)),
            *(("meta", head.meta.get(key, ())) for key in META_AUTHORS),
            ("microdata", _microdata_authors(tree)),
            ("feed", _feed_authors(feed)),
        )
    )
    last_modified = headers.get("last-modified")
    meta.published, meta.published_source = _pick_date(
        now,
        (
            ("jsonld", ld.values("datePublished", "dateCreated")),
            ("opengraph", _values(head.meta, OG_PUBLISHED)),
            ("meta", _values(head.meta, META_PUBLISHED)),
            ("time", [*_values(head.itemprops, ("datepublished",)), *head.times[:1]]),
            ("url", [_url_date(url), _url_date(head.canonical)]),
            ("feed", [feed.get("published"), feed.get("published_parsed")]),
            ("http", [last_modified]),
        ),
    )
    meta.modified, meta.modified_source = _pick_date(
        now,
        (
            ("jsonld", ld.values("dateModified")),
            ("opengraph", _values(head.meta, OG_MODIFIED)),
            ("meta", _values(head.meta, META_MODIFIED)),
            ("time", _values(head.itemprops, ("datemodified",))),
            ("feed", [feed.get("updated"), feed.get("updated_parsed")]),
            ("http", [last_modified]),
        ),
    )
    meta.canonical_url = _canonical(head, url)
    meta.language = _first(
        _language(value)
        for value in (
            ld.first("inLanguage"),
            tree.get("lang"),
            tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
            *_values(head.meta, META_LANGUAGE),
            *_values(head.meta, ("og:locale",)),
            headers.get("content-language"),
            feed.get("language"),  # the feed that listed the page
        )
    )
    meta.description = _first_text(
        (
            ld.first("description"),
            *_values(head.meta, OG_DESCRIPTION),
            *_values(head.meta, META_DESCRIPTION),
            _strip_tags(feed.get("summary")),
        )
    )
    section = _first_text(
        (
            ld.first("articleSection"),
            *_values(head.meta, OG_SECTION),
            *_values(head.meta, META_SECTION),
        )
    )
    meta.section = (section.split(",")[0].strip() or None) if section else None  # "News,Home"
    meta.keywords = (
        _first(
            _keywords(values)
            for values in (
                ld.values("keywords"),
                _values(head.meta, OG_KEYWORDS),
                *(head.meta.get(key, []) for key in META_KEYWORDS),
                _feed_tags(feed),
            )
        )
        or []
    )
    return meta


def normalize_date(value: Any, *, not_after: dt.datetime) -> str | None:
    """An ISO 8601 date or datetime, or None when ``value`` is junk or after ``not_after``.

    ``value`` may be a string, a date, a datetime or a ``time.struct_time``; a naive
    ``not_after`` is taken as UTC.
    """
    if not_after.tzinfo is None:
        not_after = not_after.replace(tzinfo=dt.UTC)
    parsed, has_time = _parse_date(value)
    if parsed is None or parsed.year < MIN_YEAR or parsed.date() == EPOCH:
        return None  # 1970-01-01 is a zero timestamp, not a date
    if parsed.tzinfo is not None:
        future = parsed > not_after
    elif has_time:
        future = parsed.replace(tzinfo=dt.UTC) - OFFSET_SLACK > not_after
    else:
        future = parsed.date() > (not_after.astimezone(dt.UTC) + OFFSET_SLACK).date()
    if future:
        logger.debug("skipping date %r after the fetch time %s", value, not_after)
        return None
    if not has_time:
        return parsed.date().isoformat()
    return parsed.isoformat(timespec="seconds")


def _parse_date(value: Any) -> tuple[dt.datetime | None, bool]:
    """The datetime ``value`` denotes and whether it carries a time of day."""
    if isinstance(value, dt.datetime):
        return value, True
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day), False
    if isinstance(value, time.struct_time):  # feedparser's *_parsed fields, in UTC
        return dt.datetime(*value[:6], tzinfo=dt.UTC), True
    if not isinstance(value, str):
        return None, False
    text = value.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None, False
    try:
        if EPOCH_DIGITS.fullmatch(text):  # seconds or milliseconds since 1970
            seconds = int(text) / (1000 if len(text) == 13 else 1)
            return dt.datetime.fromtimestamp(seconds, dt.UTC), True
        if len(text) >= MIN_ISO_CHARS:  # isoparse takes "2024" and "2024-05" too
            try:
                return date_parser.isoparse(text), len(text) > MIN_ISO_CHARS + 2
            except ValueError:
                pass
        # free-form dates: parsing with two different defaults shows which parts were given
        first, second = (
            date_parser.parse(text, default=default, tzinfos=_zone) for default in DEFAULTS
        )
    except (ValueError, OverflowError, TypeError):
        logger.debug("skipping date that does not parse: %r", value)
        return None, False
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None, False  # a month or a year alone is not a publication date
    return first, (first.hour, first.minute) == (second.hour, second.minute)


def _zone(name: str | None, offset: int | None) -> dt.tzinfo | None:
    """The zone of a free-form date: its numeric offset, a known abbreviation, or none."""
    if offset is not None:
        return dt.timezone(dt.timedelta(seconds=offset))
    hours = ZONE_ABBREVIATIONS.get((name or "").upper())
    return None if hours is None else dt.timezone(dt.timedelta(hours=hours))


class _JsonLd:
    """The article objects among a page's JSON-LD, with ``@id`` references resolved."""

    def __init__(self, objects: list[dict[str, Any]]) -> None:
        objects = [obj for obj in objects if isinstance(obj, dict)]
        self.by_id = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
        nested = [obj["mainEntity"] for obj in objects if isinstance(obj.get("mainEntity"), dict)]
        candidates = objects + nested
        self.articles = [obj for obj in candidates if _types(obj) & ARTICLE_TYPES]
        if not self.articles:
            self.articles = [obj for obj in candidates if _types(obj) & FALLBACK_TYPES]
        self.websites = [obj for obj in objects if "WebSite" in _types(obj)]

    def values(self, *keys: str) -> list[Any]:
        """Every article's value for ``keys``, articles in page order."""
        return [obj[key] for obj in self.articles for key in keys if obj.get(key)]

    def first(self, key: str) -> str | None:
        return _first_text(self.values(key))

    def authors(self) -> list[str]:
        for key in ("author", "creator"):
            names = [name for value in self.values(key) for name in self._names(value)]
            if names:
                return names
        return []

    def site_names(self) -> list[str]:
        names = [name for value in self.values("publisher") for name in self._names(value)]
        return names + [name for site in self.websites for name in self._names(site)]

    def _names(self, value: Any) -> Iterator[str]:
        """The names in an author or publisher value: a string, an object, a reference, a list."""
        if isinstance(value, list):
            for item in value:
                yield from self._names(item)
        elif isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            ref = value.get("@id")
            if "name" not in value and isinstance(ref, str) and ref in self.by_id:
                value = self.by_id[ref]
            name = _text(value.get("name"))
            if name:
                yield name


def _types(obj: dict[str, Any]) -> set[str]:
    """The bare type names of a JSON-LD object: "schema:NewsArticle" gives "NewsArticle"."""
    types = obj.get("@type")
    if isinstance(types, str):
        types = [types]
    if not isinstance(types, list):
        return set()
    return {name.rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in types if isinstance(name, str)}


def _read_head(tree: lxml.html.HtmlElement) -> _Head:
    head = _Head()
    for element in tree.iter(*HEAD_TAGS):
        tag = element.tag
        if tag == "meta":
            content = element.get("content")
            if content is None:
                continue
            itemprop = element.get("itemprop")
            if itemprop:
                head.itemprops.setdefault(itemprop.lower(), []).append(content)
            for attribute in ("property", "name", "http-equiv"):
                key = element.get(attribute)
                if key:
                    head.meta.setdefault(key.strip().lower(), []).append(content)
        elif tag == "time":
            value = element.get("datetime")
            if value:
                itemprop = element.get("itemprop")
                if itemprop:
                    head.itemprops.setdefault(itemprop.lower(), []).append(value)
                else:
                    head.times.append(value)
        elif tag == "link":
            if head.canonical is None and "canonical" in (element.get("rel") or "").lower().split():
                head.canonical = element.get("href")
        elif head.title is None and element.text:
            head.title = element.text
    return head


def _values(meta: dict[str, list[str]], keys: Iterable[str]) -> list[str]:
    return [value for key in keys for value in meta.get(key, ())]


def _text(value: Any) -> str | None:
    """A clean one-line string from a string, a ``{"name": ...}`` object or a list of them."""
    if isinstance(value, list):
        return _first_text(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str):
        return None
    if "&" in value:
        value = html.unescape(value)
    value = SPACES.sub(" ", value).strip()
    return value or None


def _first_text(values: Iterable[Any]) -> str | None:
    return _first(_text(value) for value in values)


def _first(values: Iterable[Any]) -> Any:
    return next((value for value in values if value), None)


def _pick(candidates: Iterable[tuple[str, Any]]) -> tuple[Any, str | None]:
    for source, value in candidates:
        if value:
            return value, source
    return None, None


def _clean_title(candidate: tuple[str, str | None], site_names: set[str]) -> tuple[str, str | None]:
    """Drop a `` | Site`` suffix (or ``Site | `` prefix) naming the site from a title."""
    source, title = candidate
    title = _text(title)
    if not title or not site_names:
        return source, title
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        if parts[-1].casefold() in site_names:
            return source, title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»")
        if parts[0].casefold() in site_names:
            return source, title[len(parts[0]) :].lstrip(" |-–—:·•»")
    return source, title


def _pick_date(
    now: dt.datetime, candidates: Iterable[tuple[str, list[Any]]]
) -> tuple[str | None, str | None]:
    for source, values in candidates:
        for value in values:
            if value is not None and (date := normalize_date(value, not_after=now)):
                return date, source
    return None, None


def _url_date(url: str | None) -> str | None:
    match = URL_DATE.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    year, month, day = (int(group) for group in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:  # 2024/02/31
        return None


def _pick_authors(candidates: Iterable[tuple[str, Iterable[Any]]]) -> tuple[list[str], str | None]:
    for source, values in candidates:
        authors = _clean_authors(values)
        if authors:
            return authors, source
    return [], None


def _clean_authors(values: Iterable[Any]) -> list[str]:
    """Author names without "By ", URLs, handles and duplicates; "A and B" gives two names."""
    authors: dict[str, str] = {}
    for value in values:
        text = _text(value)
        if not text:
            continue
        for part in _split_and(AUTHOR_SPLIT.split(BY_PREFIX.sub("", text))):
            pieces = [piece.strip() for piece in part.split(",")]
            if len(pieces[0].split()) < 2:
                pieces = [part]  # "Doe, Jane" is one name
            elif not all(_looks_like_person(piece) for piece in pieces[1:]):
                pieces = pieces[:1]  # "Jane Doe, AP Auto Writer", "Jane Doe, MD": drop the role
            for piece in pieces:
                name = BY_PREFIX.sub("", piece).strip(" .,:;-–—")
                if _is_name(name):
                    authors.setdefault(name.casefold(), name)
    return list(authors.values())


def _split_and(parts: list[str]) -> Iterator[str]:
    """Each part, split at another language's "and" (:data:`OTHER_AND`) where every piece is a
    name of two words or more."""
    for part in parts:
        pieces = OTHER_AND.split(part)
        if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
            yield from pieces
        else:
            yield part


def _is_name(name: str) -> bool:
    if not name or len(name) > MAX_AUTHOR_CHARS or len(name.split()) > MAX_AUTHOR_WORDS:
        return False
    if "/" in name or "@" in name or name.lower().startswith("www."):
        return False  # a profile URL, a social handle or an e-mail address
    if " " not in name and name.isascii() and name.islower():
        return False  # a user name or slug: "admin", "kevin-r"
    return any(char.isalpha() for char in name)


def _looks_like_person(text: str) -> bool:
    """Whether a piece after a comma is a second name rather than a role or an affiliation."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        word[0].isupper()
        and "." not in word[1:]
        and not any(part in ROLE_WORDS for part in word.lower().split("-"))
        for word in words
    )


def _microdata_authors(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """The authors schema.org microdata marks in the page's body (``itemprop="author"`` or
    ``creator``), read lazily, only when the head names none: each one's ``content``, else its
    ``itemprop="name"``, else its first link with text (Le Monde's ``<span itemprop="author"><a>
    Martin Untersinger</a> (avec ...)</span>``), else its own text. The extractor leaves an
    author's box out of the story's text; its name is kept here."""
    # lxml finds them in C; compiled per call, not once per module, where threads would share it
    for element in cast("list[lxml.html.HtmlElement]", tree.xpath("//*[@itemprop]")):
        if not {"author", "creator"} & set(element.get("itemprop", "").lower().split()):
            continue
        if _in_comment(element):
            continue  # a reader's comment or review has an author too: not the story's
        content = element.get("content")
        if content:
            yield content
            continue
        name = next(
            (node for node in element.iterdescendants() if node.get("itemprop") == "name"), None
        )
        if name is not None:
            yield name.get("content") or name.text_content()
            continue
        linked = (link.text_content().strip() for link in element.iter("a"))
        yield next((text for text in linked if text), None) or element.text_content()


def _in_comment(element: lxml.html.HtmlElement) -> bool:
    """Whether the microdata item an element belongs to is a comment, a review or an answer."""
    for scope in element.iterancestors():
        if scope.get("itemscope") is not None:
            kind = (scope.get("itemtype") or "").rsplit("/", 1)[-1].lower()
            return kind in {"comment", "review", "answer", "question"}
    return False


def _feed_authors(feed: Mapping[str, Any]) -> list[Any]:
    authors = feed.get("authors")
    values = list(authors) if isinstance(authors, list) else []
    return [feed.get("author"), *values]


def _feed_tags(feed: Mapping[str, Any]) -> list[Any]:
    tags = feed.get("tags")
    if not isinstance(tags, list):
        return []
    return [tag.get("term") or tag.get("label") if isinstance(tag, dict) else tag for tag in tags]


def _keywords(values: Iterable[Any]) -> list[str]:
    """Keywords from lists and comma-separated strings, de-duplicated, in order."""
    keywords: dict[str, str] = {}
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = _text(item)
            for keyword in KEYWORD_SPLIT.split(text) if text else ():
                if keyword[:1].isalnum():  # not "@post-id:123", "/article", "_no-apple-news"
                    keywords.setdefault(keyword.casefold(), keyword)
    return list(keywords.values())


def _language(value: Any) -> str | None:
    """The primary language subtag: "en-US", "en_GB" and "EN" all give "en"."""
    text = _text(value)
    if not text:
        return None
    primary = text.split(",")[0].strip().replace("_", "-").split("-")[0].lower()
    return primary if LANGUAGE_TAG.fullmatch(primary) else None


def _canonical(head: _Head, url: str | None) -> str | None:
    for href in (head.canonical, *head.meta.get("og:url", ())):
        href = (href or "").strip()
        if not href:
            continue
        resolved = urljoin(url, href) if url else href
        if urlsplit(resolved).scheme in ("http", "https"):
            return resolved
    return None


def _strip_tags(value: Any) -> str | None:
    return TAGS.sub(" ", value) if isinstance(value, str) else None
