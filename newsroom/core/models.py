"""Plain data types passed between the pipeline stages.

These are dataclasses, not pydantic models: the parser builds thousands of them a second and
dataclasses cost a fraction of a validated model. ``to_dict`` gives the JSON shape printed by
``newsroom parse`` and stored in the database.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import orjson

# Code points no UTF-8 encoder accepts (lone surrogates: a JSON "\udc80" escape, a file name that
# is not UTF-8) and NUL, which PostgreSQL refuses in text.
UNENCODABLE = re.compile("[\ud800-\udfff\x00]")


def scrub(value: str) -> tuple[str, int]:
    """``value`` with lone surrogates replaced by U+FFFD and NUL characters dropped, and how many
    characters that changed: a string every encoder, database and terminal accepts. Readers
    pass what they read through it (and note changes); storage passes every value."""
    if value.isascii() and "\x00" not in value:
        return value, 0
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "" if match.group() == "\x00" else "\ufffd"

    return UNENCODABLE.sub(replace, value), count


@dataclass(slots=True)
class RawItem:
    """One input item as read, before any cleaning.

    ``key`` is the stable identity inside ``source`` (a resolved file path, a record id, a URL):
    re-reading the same item gives the same key, so storing it again is an update, not a duplicate.
    """

    source: str
    key: str
    origin: str  # where it came from, for messages: "seeds/a.txt", "feed.jsonl:17"
    text: str | None = None
    html: str | None = None
    title: str | None = None
    date: str | None = None  # as given by the input (seed header, JSON field), validated later
    date_source: str | None = None
    url: str | None = None
    headers: dict[str, str] | None = None  # HTTP response headers of a fetched page
    entry: dict[str, Any] | None = None  # what a feed or sitemap said about it
    fetched_at: str | None = None  # ISO 8601, UTC
    notes: list[str] = field(default_factory=list)  # what reading changed: "title: 1 character..."
    byline: str | None = None  # wire items: the markup's byline
    wire: WireInfo | None = None  # wire items: what the format says beyond the text
    document: str | None = None  # wire items: the original document, kept for audit
    topics: list[str] = field(
        default_factory=list
    )  # accepted topics given with it (qcodes, labels)
    # The language the input declared (a JSON record's "language", a feed's <language>): what the
    # story is read as where its text is too short or unclear for the detector to tell.
    language: str | None = None


# The agencies' formats, each with its name as people write it (the readers are in
# newsroom.stages.wire).
WireFormat = Literal[
    "newsml-g2",
    "nitf",
    "newsml-1",
    "ninjs",
    "digitalwires",
    "anpa",
    "iptc7901",
    "ritzau",
    "zczc",
]
WIRE_FORMAT_NAMES: dict[str, str] = {
    "newsml-g2": "NewsML-G2",
    "nitf": "NITF",
    "newsml-1": "NewsML 1.x",
    "ninjs": "ninjs",
    "digitalwires": "dpa's digitalwires",
    "anpa": "ANPA-1312",
    "iptc7901": "IPTC 7901",
    "ritzau": "Ritzau's RBNews",
    "zczc": "ZCZC-framed copy",
}
WIRE_NAMES = ", ".join(WIRE_FORMAT_NAMES.values())  # for messages and help: "NewsML-G2, ..."
# How an input may be read: by its content ("auto"), or as one of these, forced.
InputFormat = Literal["auto", "text", "html", "json", "email", WireFormat]

# What a wire item's publishing status can be (IPTC's stat: codes): ``canceled`` is a kill.
PUB_STATUSES = ("usable", "withheld", "canceled")


@dataclass(slots=True)
class WireSubject:
    """A subject code as the agency sent it, and the Media Topic it stands for, if any."""

    code: str  # as sent, with its scheme: "medtop:04000000", "subj:04000000", "N2:COM"
    name: str | None = None
    media_topic: str | None = None  # "medtop:...": the code itself, or IPTC's mapping of a subj:


@dataclass(slots=True)
class WireInfo:
    """What an agency's wire format says about a story beyond its text (:data:`WireFormat`)."""

    format: str  # one of WireFormat
    guid: str  # the agency's identity of the story, the same across its versions
    version: int | None = None
    pub_status: str = "usable"  # usable, withheld, canceled
    signal: list[str] = field(default_factory=list)  # update, correction, ... as sent
    urgency: int | None = None  # 1 (flash) .. 9
    provider: str | None = None
    embargoed_until: str | None = None  # ISO 8601
    slugline: str | None = None
    subjects: list[WireSubject] = field(default_factory=list)
    first_created: str | None = None  # ISO 8601
    version_created: str | None = None
    language: str | None = None
    genre: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    copyright_holder: str | None = None
    usage_terms: str | None = None
    ednote: str | None = None
    dateline: str | None = None  # the markup's own dateline, as printed
    located: str | None = None  # where the markup says the story is from
    # Added with the wire variants (issue 22); every one defaults to "not sent".
    abstract: str | None = None  # the agency's summary: G2 description, NITF abstract, ninjs
    subheadlines: list[str] = field(default_factory=list)
    take_key: str | None = None  # "1stLd-Writethru", ANPA's keyword line
    priority: int | None = None  # the agency's priority where it is apart from urgency
    creditline: str | None = None
    place: WirePlace | None = None  # ``located`` as structured data, where the format has it
    body_html: str | None = None  # the body as sent, sanitised (tables kept): agate, results
    associations: list[WireAssociation] = field(default_factory=list)  # pictures, by reference
    translations: list[WireTranslation] = field(default_factory=list)  # other languages sent


@dataclass(slots=True)
class WirePlace:
    """Where a wire story is located, as the format structures it."""

    name: str | None = None  # as given: "Geneva", "Genève"
    city: str | None = None
    region: str | None = None
    country: str | None = None  # the country's name as given
    country_code: str | None = None  # ISO 3166-1 alpha-2 where the format gives one
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class WireAssociation:
    """Another item a story links to (a picture, a graphic, a video), by reference."""

    uri: str | None  # its identity or address as sent
    type: str | None = None  # picture, graphic, video, text...
    role: str | None = None  # the association's name or rel: "featureimage", "irel:seeAlso"
    headline: str | None = None
    caption: str | None = None
    href: str | None = None  # a rendition's address, where one is sent


@dataclass(slots=True)
class WireTranslation:
    """The same story in another language, sent in the same item (ninjs, NewsML-G2
    ``contentSet`` per ``xml:lang``, NewsML 1.x components per language)."""

    language: str
    headline: str | None = None
    text: str | None = None  # its paragraphs, joined by blank lines


@dataclass(slots=True)
class Skipped:
    """An item a document carries that is not a story to ingest (a picture, a package), or a
    story that cannot be ingested as sent (its body by reference): then its headline and wire
    data are kept, for the log and the run's record."""

    origin: str
    reason: str
    headline: str | None = None
    wire: WireInfo | None = None


@dataclass(slots=True)
class FailureRecord:
    """An input item that could not be ingested: where it came from, at which stage, and why."""

    source: str
    origin: str  # the file, "file:line", "file[index]" or URL
    stage: str  # discover, read, decode, parse, extract, clean, dateline, topics, places, store;
    # skipped: a story sent as it cannot be stored (its body by reference), recorded, not failed
    reason: str
    error_type: str | None = None  # the exception's class: "FormatError", "RecursionError"


@dataclass(slots=True)
class QuarantineRecord:
    """A file that failed, skipped by the next polls while its bytes stay the same: its resolved
    path, the hash of the bytes that failed, and the failure."""

    path: str
    content_hash: str
    failure: FailureRecord


@dataclass(slots=True)
class Dateline:
    """A dateline found at the start of a story, e.g. ``KYIV, Ukraine (AP) —``."""

    raw: str  # the dateline exactly as printed, separator included
    location: str | None  # the place as printed: "KYIV, Ukraine"
    city: str | None  # canonical name: "Kyiv"
    region: str | None  # state, province or similar: "New York"
    country_code: str | None  # ISO 3166-1 alpha-2: "UA"
    agency: str | None  # canonical short name: "AP", "Reuters", "AFP"
    date: dt.date | None  # the date the dateline carries, year inferred from the article date
    confidence: float  # 0..1
    end: int  # offset in the text where the story proper starts
    latitude: float | None = None  # of the city, where the gazetteer knows it (WGS84 degrees)
    longitude: float | None = None


@dataclass(slots=True)
class TopicTag:
    code: str  # IPTC Media Topic qcode: "medtop:11000000"
    label: str
    score: float  # 0..1
    level: int  # 1 for the 17 top-level topics
    method: str  # "rules", "implied" (ancestor of an assigned tag), "manual", ...
    evidence: list[str] = field(default_factory=list)  # terms or features that produced it


@dataclass(slots=True)
class Place:
    code: str  # ISO 3166-1 alpha-2 country code
    name: str
    score: float  # 0..1
    evidence: list[str] = field(default_factory=list)
    cities: list[str] = field(default_factory=list)  # its cities the story names, dateline first


@dataclass(slots=True)
class ParsedArticle:
    """What the pipeline makes of one item: cleaned text, extracted metadata and tags."""

    id: str  # stable identity: derived from source and key
    source: str
    key: str
    origin: str
    title: str | None
    title_source: str | None
    published: str | None  # ISO date or datetime
    published_source: str | None  # "header", "json", "html:meta", "dateline", ...
    byline: str | None
    language: str | None
    text: str
    lede: str | None
    word_count: int
    dateline: Dateline | None
    topics: list[TopicTag]
    places: list[Place]
    url: str | None
    content_hash: str
    # What tagged it: "rules:en", "rules+model:de", or why nothing did ("none: no topic rules
    # for language 'ja'"). Printed by ``newsroom parse``, not stored: the stored language says it.
    topics_method: str | None = None
    repairs: int = 0  # glued words split apart while cleaning
    modified: str | None = None  # ISO 8601, pages only
    modified_source: str | None = None
    description: str | None = None
    section: str | None = None
    keywords: list[str] = field(default_factory=list)
    extractor: str | None = None  # pages only: which extractor found the text
    notes: list[str] = field(default_factory=list)  # what reading and cleaning changed
    status: str = "usable"  # usable, withheld, canceled (wire items say; others are usable)
    wire: WireInfo | None = None
    document: str | None = None  # the original wire document: stored for audit, not printed

    def to_dict(self) -> dict[str, Any]:
        """The article as JSON types (dates as ISO strings), without the wire document.

        orjson walks the dataclasses in C: a tenth of ``dataclasses.asdict``'s cost, which deep-
        copies every value. A string no encoder takes (it cannot come from the pipeline, which
        scrubs what it reads) falls back to ``asdict``."""
        try:
            data: dict[str, Any] = orjson.loads(orjson.dumps(self))
        except orjson.JSONEncodeError:
            data = asdict(self)
            if self.dateline is not None and self.dateline.date is not None:
                data["dateline"]["date"] = self.dateline.date.isoformat()
        del data["document"]
        return data
