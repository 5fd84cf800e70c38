"""NewsML 1.x (AFP still sends it): ``NewsML/NewsItem``, each with its ``Identification``,
``NewsManagement`` and a tree of ``NewsComponent``s whose ``NewsLines`` give the headline and
dateline and whose ``ContentItem/DataContent`` holds the text (NITF, paragraphs, or HTML in
CDATA). IPTC Subject Codes in ``SubjectCode`` are kept as ``subj:`` codes.
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
    text,
)

SUBJECT_PARTS = ("Subject", "SubjectMatter", "SubjectDetail")


def read(root: lxml.etree._Element, *, origin: str, source: str) -> list[RawItem | Skipped]:
    items = list(kids(root, "NewsItem")) if local(root) == "NewsML" else [root]
    if len(items) == 1:
        return [_item(items[0], origin=origin, source=source)]
    return [
        _item(item, origin=f"{origin}[{index}]", source=source) for index, item in enumerate(items)
    ]


def _item(item: lxml.etree._Element, *, origin: str, source: str) -> RawItem | Skipped:
    identifier = kid(item, "Identification", "NewsIdentifier")
    management = kid(item, "NewsManagement")
    lines = next(
        (
            node
            for node in item.iter()
            if local(node) == "NewsLines" and kid(node, "HeadLine") is not None
        ),
        None,
    )
    content = next((node for node in item.iter() if local(node) == "DataContent"), None)
    if content is None:
        return Skipped(origin, "a NewsML 1.x item without text content")
    revision = text(kid(identifier, "RevisionId"))
    status = (attr(kid(management, "Status"), "FormalName") or "usable").lower()
    descriptive = descendant(item, "DescriptiveMetadata")
    provider = first(
        [
            attr(kid(descendant(item, "Provider"), "Party"), "FormalName"),
            text(kid(identifier, "ProviderId")),
        ]
    )
    wire = WireInfo(
        format="newsml-1",
        guid=first([text(kid(identifier, "PublicIdentifier")), text(kid(identifier, "NewsItemId"))])
        or origin,
        version=int(revision) if revision and revision.isdigit() else None,
        pub_status="canceled"
        if status in ("canceled", "cancelled")
        else "withheld"
        if status == "withheld"
        else "usable",
        urgency=_int(attr(kid(management, "Urgency"), "FormalName")),
        provider=provider,
        slugline=text(kid(lines, "SlugLine")),
        subjects=_subjects(item),
        first_created=iso_date(text(kid(management, "FirstCreated"))),
        version_created=iso_date(text(kid(management, "ThisRevisionCreated"))),
        language=attr(kid(descriptive, "Language"), "FormalName"),
        genre=[
            value for genre in kids(descriptive, "Genre") if (value := attr(genre, "FormalName"))
        ],
        keywords=[
            value
            for prop in kids(descriptive, "Property")
            if attr(prop, "FormalName") == "Keyword" and (value := attr(prop, "Value"))
        ],
        copyright_holder=text(kid(lines, "CopyrightLine")),
        usage_terms=text(descendant(item, "UsageType")),
        dateline=text(kid(lines, "DateLine")),
    )
    headline, body = text(kid(lines, "HeadLine")), _body(content)
    byline = text(kid(lines, "ByLine"))
    nitf_element = descendant(content, "nitf")
    if nitf_element is not None:
        story = nitf.story(nitf_element)
        headline, byline = headline or story.headline, byline or story.byline
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=byline,
        paragraphs=body,
        document=lxml.etree.tostring(item, encoding="unicode"),
    )


def _body(content: lxml.etree._Element) -> list[str]:
    """The text of a DataContent: NITF, paragraph elements, or HTML as text (CDATA)."""
    nitf_element = descendant(content, "nitf")
    if nitf_element is not None:
        return nitf.story(nitf_element).paragraphs
    if len(content):
        return paragraphs(content)
    return html_paragraphs(content.text or "")


def _subjects(item: lxml.etree._Element) -> list[WireSubject]:
    found = []
    for code in (node for node in item.iter() if local(node) == "SubjectCode"):
        for part in code:
            if local(part) in SUBJECT_PARTS and (name := attr(part, "FormalName")):
                scheme = "subj" if name.isdigit() and len(name) == 8 else local(part)
                found.append(WireSubject(code=f"{scheme}:{name}"))
    return found


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
