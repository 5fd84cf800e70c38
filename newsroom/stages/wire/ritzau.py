"""Ritzau's RBNews: the Danish national agency's own XML, one story per document, or a feed
response's list of them (``XMLNewsQueuedResponse/.../ListOfRBNews``).

``RBNews`` holds the story's fields as elements: ``headline`` (nil on a flash, whose only label
is the ``strapline``), ``subtitle`` (the summary), ``town`` (the dateline's place), ``content``
(the body as escaped HTML, paragraphs or lines ended by ``<br />``), ``byLine``, ``PublishDate``
(Copenhagen's local time, with no offset written), ``version`` and ``Replaces`` (the story's
earlier versions, each with its own ``NewsID``: the first version's is the story's identity,
so a new version replaces its story), ``IPTCList`` (IPTC numbers written as integers,
``4000000`` for 04000000: Subject Codes and Media Topics), ``Priority``, ``TilRedaktionen`` (to
the editors: the editors' note), ``Annuleret`` (cancelled: a kill) and ``Korrektion`` (a
correction). The ``/ritzau/`` that closes the body is the agency's sign-off
(:mod:`newsroom.stages.wire.items`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import lxml.etree

from newsroom.core.models import RawItem, WireInfo, WireSubject
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import (
    descendants,
    html_paragraphs,
    kid,
    kids,
    local,
    sanitized_html,
    text,
    whole_number,
)

ROOT = "RBNews"
FEED = "XMLNewsQueuedResponse"  # Ritzau's feed: a queue's RBNews in one response
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
BREAKS = re.compile(r"(?:<br\b[^>]*>\s*)+", re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")


def read_all(
    root: lxml.etree._Element, *, origin: str, source: str, document: str, notes: Sequence[str]
) -> list[RawItem]:
    """The stories of an ``RBNews`` document, or of a feed response's ``ListOfRBNews`` (each
    kept with its own XML)."""
    if local(root) == ROOT:
        return [read(root, origin=origin, source=source, document=document, notes=notes)]
    stories = list(descendants(root, ROOT))
    return [
        read(
            news,
            origin=f"{origin}[{number}]",
            source=source,
            document=lxml.etree.tostring(news, encoding="unicode"),
            notes=notes,
        )
        for number, news in enumerate(stories)
    ]


def read(
    root: lxml.etree._Element, *, origin: str, source: str, document: str, notes: Sequence[str]
) -> RawItem:
    """The story of an ``RBNews`` element."""
    published = _local_time(_field(root, "PublishDate"))
    earlier = [
        (version, news_id, when)
        for related in kids(kid(root, "Replaces"), "RelatedNews")
        if (news_id := _field(related, "NewsID"))
        and (version := whole_number(_field(related, "Version"))) is not None
        and (when := _local_time(_field(related, "PublicationDate"))) is not None
    ]
    first = min(earlier, default=None)
    news_id = first[1] if first else _field(root, "NewsID")
    subtitle = " ".join(TAGS.sub(" ", _field(root, "subtitle") or "").split())
    wire = WireInfo(
        format="ritzau",
        guid=f"urn:ritzau:{news_id}" if news_id else origin,
        version=whole_number(_field(root, "version")),
        pub_status="canceled" if _field(root, "Annuleret") == "true" else "usable",
        signal=["correction"] if _field(root, "Korrektion") == "true" else [],
        provider="Ritzau",
        slugline=_field(root, "strapline"),
        subjects=[
            WireSubject(code=f"iptc:{int(value):08d}")
            for number in _children(kid(root, "IPTCList"))
            if (value := (number.text or "").strip()).isdigit()
        ],
        first_created=first[2] if first else published,
        version_created=published,
        dateline=_field(root, "town"),
        abstract=subtitle or None,
        priority=whole_number(_field(root, "Priority")),
        ednote=" ".join(" ".join(html_paragraphs(_raw(root, "TilRedaktionen"))).split()) or None,
    )
    markup = _content(kid(root, "content"))
    if "<p" not in markup.lower():  # lines ended by <br />: each a paragraph
        markup = "".join(f"<p>{line}</p>" for line in BREAKS.split(markup) if line.strip())
    wire.body_html = sanitized_html(markup) if markup else None
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=_field(root, "headline"),
        byline=_field(root, "byLine"),
        paragraphs=html_paragraphs(markup),
        document=document,
        notes=notes,
    )


def _field(element: lxml.etree._Element | None, name: str) -> str | None:
    """A child's text; None when it is missing, empty or nil (``i:nil="true"``)."""
    child = kid(element, name)
    if child is None or any(
        str(key).rsplit("}", 1)[-1] == "nil" and value == "true"
        for key, value in child.attrib.items()
    ):  # by its local name: a fixture of Ritzau's declares the schema instance misspelt
        return None
    return text(child)


def _raw(element: lxml.etree._Element, name: str) -> str:
    """A child's own text as sent (escaped HTML), "" when there is none."""
    child = kid(element, name)
    return (child.text or "") if child is not None else ""


def _content(element: lxml.etree._Element | None) -> str:
    """The body's HTML: escaped in the element's text, or (as some copies have it) its
    children."""
    if element is None:
        return ""
    inner = [element.text or ""]
    inner += [lxml.etree.tostring(child, encoding="unicode") for child in element]
    return "".join(inner).strip()


def _local_time(value: str | None) -> str | None:
    """A ``PublishDate`` (Copenhagen's time, no offset: ``2018-01-30T17:32:18.397``) in ISO
    8601 with its offset; one that carries an offset as it is."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    return moment.isoformat()


def _children(element: lxml.etree._Element | None) -> list[lxml.etree._Element]:
    return list(element) if element is not None else []
