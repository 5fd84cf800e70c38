"""Agency copy in the IPTC's formats, read into items like any other input.

:func:`detect` tells the format from the content, never the file name: control characters open
ANPA-1312 and IPTC 7901 copy, a ``ZCZC`` line AAP's framed copy, the root element names the XML
formats (NewsML-G2 ``newsItem`` or ``newsMessage``, NITF ``nitf``, NewsML 1.x ``NewsML``,
Ritzau's ``RBNews``), and ninjs is JSON with a ``uri`` and a headline or body (dpa's
digitalwires, JSON whose ``format`` names it).
:func:`read_wire` reads a document in a format into its stories (each a
:class:`~newsroom.core.models.RawItem` carrying its :class:`~newsroom.core.models.WireInfo` and
the original document) and the items it skips (pictures, packages...), with why.

The readers only read: a story's versions, kills and embargo are the storage's to honour.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from newsroom.core.errors import FormatError
from newsroom.core.models import RawItem, Skipped, WireFormat
from newsroom.stages.wire import anpa, digitalwires, newsml1, newsml_g2, ninjs, nitf, ritzau, zczc
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import local, parse_xml, set_embargo

FORMATS: tuple[str, ...] = get_args(WireFormat)
# The first element of an XML document, past its declaration, comments and DOCTYPE (with its
# internal subset in brackets, as SDA/ATS and Kyodo send: ``<!DOCTYPE NewsML [ ... ]>``).
ROOT = re.compile(
    r"\A\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>\s*)*"
    r"<(?:[\w.-]+:)?([\w.-]+)",
    re.DOTALL,
)
XML_ROOTS = {
    **dict.fromkeys(newsml_g2.ROOTS, "newsml-g2"),
    "nitf": "nitf",
    "NewsML": "newsml-1",
    "NewsItem": "newsml-1",
    ritzau.ROOT: "ritzau",
    ritzau.FEED: "ritzau",
}


def detect(text: str) -> str | None:
    """The wire format of a decoded document, or None when it is none of them."""
    head = text.lstrip("\ufeff")
    if anpa.is_anpa(head):
        return "anpa"
    if anpa.is_iptc7901(head):
        return "iptc7901"
    if zczc.is_zczc(head):
        return "zczc"
    match = ROOT.match(head[:8192])
    return XML_ROOTS.get(match.group(1)) if match else None


def detect_json(data: Any) -> str | None:
    """The wire format of a parsed JSON document: ``digitalwires`` (dpa's), ``ninjs``, or
    None."""
    if digitalwires.looks_like(data):
        return "digitalwires"
    return "ninjs" if ninjs.looks_like(data) else None


def read_wire(
    document: str | Any,
    format: str,
    *,
    origin: str,
    source: str,
) -> list[RawItem | Skipped]:
    """The stories and skipped items of a document in ``format`` (a decoded text, or for ninjs
    the parsed JSON too). Raise FormatError when the document is not in that format."""
    if format == "ninjs":
        return ninjs.read(document, origin=origin, source=source)
    if format == "digitalwires":
        return digitalwires.read(document, origin=origin, source=source)
    if not isinstance(document, str):
        raise FormatError(origin, f"expected a {format} document, got JSON")
    text = document.lstrip("\ufeff")
    if format == "anpa":
        return [anpa.read_anpa(text, origin=origin, source=source)]
    if format == "iptc7901":  # a take, or a day's file of them
        takes = anpa.split_takes(text)
        return [anpa.read_iptc7901(take, origin=origin, source=source) for take in takes]
    if format == "zczc":
        return [zczc.read_zczc(text, origin=origin, source=source)]
    if format not in FORMATS:
        raise FormatError(origin, f"unknown wire format {format!r}; one of {', '.join(FORMATS)}")
    root, notes = parse_xml(text, origin)
    name = local(root)
    if format == "newsml-g2" and name in newsml_g2.ROOTS:
        return newsml_g2.read(root, origin=origin, source=source, notes=notes)
    if format == "newsml-1" and name in ("NewsML", "NewsItem"):
        return newsml1.read(root, origin=origin, source=source, notes=notes)
    if format == "nitf" and name == "nitf":
        return [_nitf_item(root, text, origin=origin, source=source, notes=notes)]
    if format == "ritzau" and name in (ritzau.ROOT, ritzau.FEED):
        return list(ritzau.read_all(root, origin=origin, source=source, document=text, notes=notes))
    raise FormatError(origin, f"not a {format} document: its root element is <{name}>")


def _nitf_item(
    root: Any, text: str, *, origin: str, source: str, notes: list[str]
) -> RawItem | Skipped:
    """A standalone NITF document's story; a usable one with an empty body is skipped, its
    headline and wire data kept."""
    wire = nitf.wire_info(root, fallback_guid=origin)
    story = nitf.story(root)
    wire.dateline = story.dateline
    wire.abstract, wire.subheadlines = story.abstract, story.subheadlines
    wire.creditline, wire.place = story.creditline, story.place
    wire.body_html, wire.associations = story.body_html, story.associations
    sent_usable = wire.pub_status == "usable"
    held = set_embargo(wire, nitf.release(root))
    if not story.paragraphs and sent_usable:  # a kill or withhold is stored without text
        return Skipped(
            origin,
            "empty body: the NITF document's body.content holds no text",
            headline=story.headline,
            wire=wire,
        )
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=story.headline,
        byline=story.byline,
        paragraphs=story.paragraphs,
        document=text,
        notes=[*notes, *held],
    )
