"""NewsML-G2: a ``newsItem``, or a ``newsMessage`` carrying several items.

Text items (item class ``ninat:text``) become stories; pictures, video, audio, graphics,
packages, planning, concept and knowledge items are skipped with their reason. The body is the
``contentSet``'s ``inlineXML`` (XHTML, or NITF) or ``inlineData``. Each item's own XML is kept
as its document, for audit.
"""

from __future__ import annotations

import lxml.etree

from newsroom.core.models import RawItem, Skipped, WireInfo, WireSubject
from newsroom.stages.wire import nitf
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import (
    attr,
    descendant,
    first,
    html_paragraphs,
    iso_date,
    kid,
    kids,
    local,
    paragraphs,
    scheme_code,
    text,
)

ITEMS = frozenset(
    {"newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem", "catalogItem"}
)
ROOTS = ITEMS | {"newsMessage"}
SIGNALS = {
    "sig:update": "update",
    "sig:correction": "correction",
    "edStat:C": "correction",
    "edStat:U": "update",
    "edStat:D": "delete",
    "edStat:N": "new",
}


def read(root: lxml.etree._Element, *, origin: str, source: str) -> list[RawItem | Skipped]:
    """The stories of a NewsML-G2 document; every other item as skipped, with why."""
    if local(root) == "newsMessage":
        items = [
            item for item_set in kids(root, "itemSet") for item in item_set if local(item) in ITEMS
        ]
        return [
            _item(item, origin=f"{origin}[{index}]", source=source)
            for index, item in enumerate(items)
        ]
    return [_item(root, origin=origin, source=source)]


def _item(item: lxml.etree._Element, *, origin: str, source: str) -> RawItem | Skipped:
    kind = local(item)
    if kind != "newsItem":
        return Skipped(origin, f"a NewsML-G2 {kind}, not a story")
    item_meta, content_meta = kid(item, "itemMeta"), kid(item, "contentMeta")
    item_class = attr(kid(item_meta, "itemClass"), "qcode")
    if item_class is not None and scheme_code(item_class) != "text":
        return Skipped(origin, f"a {scheme_code(item_class)} item ({item_class}), not text")
    wire = _wire_info(item, item_meta, content_meta)
    wire.guid = wire.guid or origin
    headline, byline, dateline, body = _content(item, content_meta)
    wire.dateline = wire.dateline or dateline
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=byline,
        paragraphs=body,
        document=lxml.etree.tostring(item, encoding="unicode"),
    )


def _content(
    item: lxml.etree._Element, content_meta: lxml.etree._Element | None
) -> tuple[str | None, str | None, str | None, list[str]]:
    """Headline, byline, dateline and paragraphs: the contentMeta's, else the NITF body's."""
    headlines = list(kids(content_meta, "headline"))
    main = [h for h in headlines if "sub" not in (attr(h, "role") or "").lower()]
    headline = first(text(h) for h in main or headlines)
    byline = text(kid(content_meta, "by"))
    dateline = text(kid(content_meta, "dateline"))
    body: list[str] = []
    content_set = kid(item, "contentSet")
    for content in kids(content_set, "inlineXML"):
        nitf_element = descendant(content, "nitf")
        if nitf_element is not None:
            story = nitf.story(nitf_element)
            headline, byline = headline or story.headline, byline or story.byline
            dateline = dateline or story.dateline
            body = story.paragraphs
        else:
            html_body = descendant(content, "body")
            body = paragraphs(html_body if html_body is not None else content)
        if body:
            break
    if not body:
        for data in kids(content_set, "inlineData"):
            body = html_paragraphs(data.text or "")
            if body:
                break
    return headline, byline, dateline, body


def _wire_info(
    item: lxml.etree._Element,
    item_meta: lxml.etree._Element | None,
    content_meta: lxml.etree._Element | None,
) -> WireInfo:
    version = attr(item, "version")
    rights = kid(item, "rightsInfo")
    return WireInfo(
        format="newsml-g2",
        guid=attr(item, "guid") or "",
        version=int(version) if version and version.isdigit() else None,
        pub_status=scheme_code(attr(kid(item_meta, "pubStatus"), "qcode")) or "usable",
        signal=[
            SIGNALS.get(code, code)
            for signal in kids(item_meta, "signal")
            if (code := attr(signal, "qcode"))
        ],
        urgency=_int(text(kid(content_meta, "urgency"))),
        provider=_party(kid(item_meta, "provider")),
        embargoed_until=iso_date(text(kid(item_meta, "embargoed"))),
        slugline=text(kid(content_meta, "slugline")),
        subjects=[
            subject
            for element in kids(content_meta, "subject")
            if (subject := _subject(element)) is not None
        ],
        first_created=iso_date(text(kid(item_meta, "firstCreated"))),
        version_created=iso_date(text(kid(item_meta, "versionCreated"))),
        language=attr(kid(content_meta, "language"), "tag")
        or item.get("{http://www.w3.org/XML/1998/namespace}lang"),
        genre=[code for genre in kids(content_meta, "genre") if (code := attr(genre, "qcode"))],
        keywords=[value for keyword in kids(content_meta, "keyword") if (value := text(keyword))],
        copyright_holder=_party(kid(rights, "copyrightHolder")),
        usage_terms=text(kid(rights, "usageTerms")),
        ednote=first(text(note) for note in kids(item_meta, "edNote")),
        located=_party(kid(content_meta, "located")),
    )


def _party(element: lxml.etree._Element | None) -> str | None:
    """A provider, copyright holder or place, however it is given: a name, a literal, a qcode
    (``nprov:REUTERS`` -> ``REUTERS``, ``city:Philadelphia``) or plain text."""
    if element is None:
        return None
    return first(
        [
            text(kid(element, "name")),
            attr(element, "literal"),
            scheme_code(attr(element, "qcode")),
            (element.text or "").strip() or None,
        ]
    )


def _subject(element: lxml.etree._Element) -> WireSubject | None:
    code = attr(element, "qcode") or attr(element, "literal")
    if code is None:
        return None
    return WireSubject(code=code, name=text(kid(element, "name")))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
