"""ninjs, IPTC's news in JSON: 1.x (``headline``, ``body_html``/``body_text``, ``byline``, the
``headline_*``/``body_*``/``description_*`` pattern properties) and 2.x/3.x (``headlines``,
``bodies``, ``descriptions``, ``bylines``: lists of objects with a ``role``; 3.x writes its
property names in camelCase, so names are read case-blind).

Identity is ``uri`` (or ``guid``); text items (``type`` text, or none) become stories; pictures,
events, planning and other media are skipped with why. A document may hold one item, a list of
items, or an object with an ``item`` list (as some feeds send).

A story whose body is only referenced (AP Media API and NTB items carry ``renditions`` to
download, not the text) is skipped as "body by reference" with its headline and wire data kept:
nothing is fetched here. A body sent as NITF (``application/nitf+xml``) is read with the NITF
reader. An item in several languages gives its own language's headline and body as the story,
the others as ``translations``.

This module reads items: what is ninjs, items and their envelopes, headlines and bodies per
language, linked items. The other fields, and the helpers that read JSON values as sent, are in
:mod:`~newsroom.stages.wire.ninjs_fields`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsroom.core.errors import FormatError
from newsroom.core.models import (
    PUB_STATUSES,
    RawItem,
    Skipped,
    WireAssociation,
    WireInfo,
    WireTranslation,
)
from newsroom.stages.wire import nitf
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import (
    html_paragraphs,
    iso_date,
    local,
    paragraphs,
    parse_xml,
    sanitized_html,
    set_embargo,
)
from newsroom.stages.wire.ninjs_fields import (
    as_int,
    as_list,
    as_version,
    description,
    item_byline,
    located_name,
    located_place,
    lowered,
    name_of,
    renditions_of,
    string,
    text_reference,
    wire_subject,
)

TEXT_TYPES = frozenset({"text", "story", "advisory", "composite", ""})
# Every ninjs ``type`` (3.x adds event and planning): an object with one of them is ninjs.
NINJS_TYPES = TEXT_TYPES | {
    "audio",
    "video",
    "picture",
    "graphic",
    "component",
    "event",
    "planning",
}
MARKERS = ("headline", "headlines", "body_html", "body_text", "body_xhtml", "bodies", "renditions")
MAIN_ROLES = ("", "main")
# Descriptions that are the story's summary, and a picture's caption.
ABSTRACT_ROLES = ("summary", "abstract", "lead", "teaser", "")
CAPTION_ROLES = ("caption", "")
# Where a rendition's address is best taken from: the full picture before its crops.
RENDITION_ORDER = ("original", "main", "baseimage", "viewimage", "nitf")


def looks_like(data: Any) -> bool:
    """Whether a parsed JSON value is ninjs (and not this project's own record format)."""
    if isinstance(data, list):
        return bool(data) and all(isinstance(item, Mapping) and looks_like(item) for item in data)
    if not isinstance(data, Mapping):
        return False
    if isinstance(data.get("item"), list) and "total" in data:  # a feed page of items
        return True
    if _envelope(data) is not None:
        return True
    schema = str(data.get("$schema") or "")
    standard = data.get("standard") or data.get("$standard")  # 3.x, and 1.3 onwards
    if "ninjs" in schema or (isinstance(standard, Mapping) and standard.get("name") == "ninjs"):
        return True
    has_identity = any(isinstance(data.get(name), str) for name in ("uri", "guid"))
    if not has_identity or "text" in data:
        return False
    if any(name in data for name in MARKERS):
        return True
    if any(name.startswith(("headline_", "body_")) for name in data):  # 1.x pattern properties
        return True
    return str(data.get("type") or "").lower() in NINJS_TYPES and "html" not in data


def read(data: Any, *, origin: str, source: str) -> list[RawItem | Skipped]:
    if isinstance(data, Mapping) and isinstance(data.get("item"), list):
        data = data["item"]
    elif isinstance(data, Mapping) and (items := _envelope(data)) is not None:
        data = items
    if isinstance(data, list):
        return [
            _item(item, origin=f"{origin}[{index}]", source=source)
            for index, item in enumerate(data)
        ]
    return [_item(data, origin=origin, source=source)]


def _envelope(data: Mapping[str, Any]) -> list[Any] | None:
    """The items of an AP Media API response (ninjs inside ``data.item`` or ``data.items``)."""
    body = data.get("data")
    if "api_version" not in data or not isinstance(body, Mapping):
        return None
    if isinstance(body.get("item"), Mapping):
        return [body["item"]]
    if isinstance(body.get("items"), list):
        return [
            entry["item"] if isinstance(entry, Mapping) and "item" in entry else entry
            for entry in body["items"]
        ]
    return None


def _item(original: Any, *, origin: str, source: str) -> RawItem | Skipped:
    if not isinstance(original, Mapping):
        raise FormatError(origin, f"a ninjs item must be an object, not {type(original).__name__}")
    item = lowered(original)
    kind = str(item.get("type") or "").lower()
    if kind not in TEXT_TYPES:
        return Skipped(origin, f"a ninjs {kind} item, not text")
    wire = _wire_info(item, origin)
    notes = set_embargo(wire, string(item.get("embargoed") or item.get("embargoeduntil")))
    headlines = _headlines(item, wire.language)
    bodies = _bodies(item, wire.language, origin)
    language = wire.language or headlines.language or bodies.language
    wire.language = language
    headline = headlines.main.get(_primary(language)) if language else None
    headline = headline or next(iter(headlines.main.values()), None)
    story = bodies.texts.get(_primary(language)) if language else None
    story = story or next(iter(bodies.texts.values()), None)
    if story is not None:
        headline = headline or story.headline
        wire.body_html = story.html
        wire.dateline = story.dateline
    wire.subheadlines = [
        value for value in headlines.others.get(_primary(language), []) if value != headline
    ]
    wire.translations = _translations(headlines.main, bodies.texts, language)
    if story is None and wire.pub_status != "canceled" and (where := text_reference(item)):
        return Skipped(origin, f"body by reference: {where}", headline=headline, wire=wire)
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=item_byline(item) or (story.byline if story else None),
        paragraphs=story.paragraphs if story else [],
        document=json.dumps(original, ensure_ascii=False),
        notes=notes,
    )


def _wire_info(item: Mapping[str, Any], origin: str) -> WireInfo:
    guid = string(item.get("uri")) or string(item.get("guid")) or string(item.get("id"))
    if not guid:
        raise FormatError(origin, "a ninjs item without 'uri' or 'guid'")
    status = str(item.get("pubstatus") or "usable").lower()
    return WireInfo(
        format="ninjs",
        guid=guid,
        version=as_version(item.get("version")),
        pub_status=status if status in PUB_STATUSES else "usable",
        signal=[str(signal) for signal in as_list(item.get("signal") or item.get("signals"))],
        urgency=as_int(item.get("urgency")),
        provider=name_of(item.get("provider")) or name_of(item.get("source")),
        slugline=string(item.get("slugline")),
        subjects=[
            subject
            for value in as_list(item.get("subject") or item.get("subjects"))
            if (subject := wire_subject(value)) is not None
        ],
        first_created=iso_date(string(item.get("firstcreated"))),
        version_created=iso_date(string(item.get("versioncreated"))),
        language=string(item.get("language")),
        genre=[
            name
            for value in as_list(item.get("genre") or item.get("genres"))
            if (name := name_of(value))
        ],
        keywords=[str(value) for value in as_list(item.get("keywords")) if value],
        copyright_holder=string(item.get("copyrightholder")),
        usage_terms="; ".join(str(term) for term in as_list(item.get("usageterms"))) or None,
        ednote=string(item.get("ednote")),
        located=located_name(item),
        abstract=description(item, ABSTRACT_ROLES, ("text", "summary", "abstract", "html")),
        take_key=string(item.get("anpa_take_key") or item.get("takekey")),
        priority=as_int(item.get("priority")),
        creditline=string(item.get("creditline"))
        or description(item, ("creditline", "credit"), ("creditline",)),
        place=located_place(item),
        associations=_associations(item.get("associations")),
    )


# -- headlines and bodies, per language -----------------------------------------------------------


class _Headlines:
    """An item's headlines by primary language: the main one of each, and the others."""

    __slots__ = ("language", "main", "others")

    def __init__(self) -> None:
        self.language: str | None = None  # the first language a headline names, if any
        self.main: dict[str, str] = {}
        self.others: dict[str, list[str]] = {}

    def add(self, value: Any, language: str | None, *, main: bool) -> None:
        text = string(value)
        if not text:
            return
        self.language = self.language or language
        key = _primary(language)
        if main and key not in self.main:
            self.main[key] = text
        else:
            self.others.setdefault(key, []).append(text)


def _headlines(item: Mapping[str, Any], language: str | None) -> _Headlines:
    """``headline`` (a string, ``{"value": ...}`` or ``{"en": ..., "fr": ...}``), the 1.x
    ``headline_*`` extras and the 2.x/3.x ``headlines`` list. A language without a ``main`` one
    takes its first other headline (a ``short`` or ``seo`` one) as its headline."""
    found = _Headlines()
    headline = item.get("headline")
    if isinstance(headline, Mapping):
        entry = lowered(headline)
        if "value" in entry:
            found.add(entry["value"], _entry_language(entry) or language, main=True)
        else:  # per language
            for lang, value in headline.items():
                found.add(value, str(lang), main=True)
    else:
        found.add(headline, language, main=True)
    for name, value in item.items():
        if name.startswith("headline_"):  # 1.x: headline_extended, headline_short_fr...
            found.add(value, _suffix_language(name) or language, main=False)
    for entry in as_list(item.get("headlines")):
        if isinstance(entry, Mapping):
            entry = lowered(entry)
            role = str(entry.get("role") or "").lower()
            found.add(
                entry.get("value"), _entry_language(entry) or language, main=role in MAIN_ROLES
            )
    for key, others in found.others.items():
        if key not in found.main and others:
            found.main[key] = others.pop(0)
    return found


class _Story:
    """One language's body: its paragraphs, sanitised HTML, and what a NITF body says."""

    __slots__ = ("byline", "dateline", "headline", "html", "paragraphs")

    def __init__(self, paragraphs: list[str], html: str | None = None) -> None:
        self.paragraphs = paragraphs
        self.html = html
        self.headline: str | None = None
        self.byline: str | None = None
        self.dateline: str | None = None


class _Bodies:
    __slots__ = ("language", "texts")

    def __init__(self) -> None:
        self.language: str | None = None
        self.texts: dict[str, _Story] = {}


def _bodies(item: Mapping[str, Any], language: str | None, origin: str) -> _Bodies:
    """Each language's body, the richest form sent: 1.x ``body_html``/``body_xhtml``, NITF,
    ``body_text`` (and other ``body_*`` forms), or the 2.x/3.x ``bodies`` (``main`` role, or
    none, before the others)."""
    candidates: list[tuple[int, str | None, str, str]] = []  # (rank, language, kind, value)
    for name, value in item.items():
        if name.startswith("body_") and isinstance(value, str) and value.strip():
            kind = _kind(name[5:].split("_", 1)[0], value)
            candidates.append((_rank(kind, main=True), _suffix_language(name), kind, value))
    for entry in as_list(item.get("bodies")):
        if isinstance(entry, Mapping):
            entry = lowered(entry)
            value = entry.get("value")
            if isinstance(value, str) and value.strip():
                kind = _kind(str(entry.get("contenttype") or entry.get("role") or ""), value)
                main = str(entry.get("role") or "").lower() in MAIN_ROLES
                candidates.append((_rank(kind, main=main), _entry_language(entry), kind, value))
    found = _Bodies()
    for _, lang, kind, value in sorted(candidates, key=lambda candidate: candidate[0]):
        lang = lang or language
        found.language = found.language or lang
        key = _primary(lang)
        if key not in found.texts:
            found.texts[key] = _story(kind, value, origin)
    return found


def _kind(format: str, value: str) -> str:
    """html, nitf or text, from a content type or a ``body_*`` suffix (and the value itself
    where they say nothing)."""
    format = format.lower()
    if "nitf" in format:
        return "nitf"
    if "html" in format:
        return "html"
    if "text" in format or "plain" in format:
        return "text"
    return "html" if value.lstrip().startswith("<") else "text"


def _rank(kind: str, *, main: bool) -> int:
    """Which body to read first: a main one before the others, HTML before NITF before text."""
    return ("html", "nitf", "text").index(kind) + (0 if main else 3)


def _story(kind: str, value: str, origin: str) -> _Story:
    if kind == "html":
        return _Story(html_paragraphs(value), sanitized_html(value))
    if kind == "text":
        return _Story(_text_paragraphs(value))
    root, _ = parse_xml(value, origin)  # a recovery's note: the item's XML is in JSON, kept
    if local(root) != "nitf":
        return _Story(paragraphs(root))
    told = nitf.story(root)
    story = _Story(told.paragraphs, told.body_html)
    story.headline, story.byline, story.dateline = told.headline, told.byline, told.dateline
    return story


def _text_paragraphs(value: str) -> list[str]:
    blocks = [" ".join(block.split()) for block in value.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _translations(
    headlines: Mapping[str, str], bodies: Mapping[str, _Story], language: str | None
) -> list[WireTranslation]:
    """Every language but the story's own, with its headline and text."""
    own = _primary(language)
    languages = [key for key in {**headlines, **bodies} if key and key != own]
    return [
        WireTranslation(
            language=key,
            headline=headlines.get(key),
            text="\n\n".join(bodies[key].paragraphs) or None if key in bodies else None,
        )
        for key in languages
    ]


def _entry_language(entry: Mapping[str, Any]) -> str | None:
    return string(entry.get("contentlanguage") or entry.get("lang") or entry.get("language"))


def _suffix_language(name: str) -> str | None:
    """The language a 1.x pattern property names last: ``body_text_fr`` -> ``fr``."""
    parts = name.split("_")
    last = parts[-1] if len(parts) > 2 else ""
    return last if len(last) in (2, 3) and last.isalpha() and last.islower() else None


def _primary(language: str | None) -> str:
    """The language's primary subtag, the key languages are told apart by: en-GB -> en."""
    return language.replace("_", "-").split("-", 1)[0].lower() if language else ""


# -- linked items ---------------------------------------------------------------------------------
# Here rather than with the other fields: a linked item's headline is read as an item's is.


def _associations(value: Any) -> list[WireAssociation]:
    """Linked items (pictures and their captions): a 1.x object by name or a 2.x/3.x list."""
    entries = value.items() if isinstance(value, Mapping) else ((None, v) for v in as_list(value))
    found = []
    for name, entry in entries:
        if not isinstance(entry, Mapping):
            continue
        entry = lowered(entry)
        renditions = sorted(
            (r for r in renditions_of(entry.get("renditions")) if r[2]),
            key=lambda r: RENDITION_ORDER.index(r[0]) if r[0] in RENDITION_ORDER else 99,
        )
        headlines = _headlines(entry, None)
        found.append(
            WireAssociation(
                uri=string(entry.get("uri"))
                or string(entry.get("guid"))
                or string(entry.get("id")),
                type=string(entry.get("type")),
                role=string(name) or string(entry.get("name")) or string(entry.get("rel")),
                headline=next(iter(headlines.main.values()), None),
                caption=description(entry, CAPTION_ROLES, ("caption", "text", "html"))
                or string(entry.get("body_text")),
                href=renditions[0][2] if renditions else None,
            )
        )
    return found
