"""NITF 3.x (News Industry Text Format): alone, inside a NewsML-G2 ``inlineXML``, or inside a
NewsML 1.x ``DataContent``.

The story is ``body/body.head`` (``hedline/hl1``, ``byline``, ``dateline``) and the direct
``body/body.content`` (a ``body.content`` nested in a note is not the story); the document's
identity, status, urgency, embargo and subjects are in ``head/docdata`` and ``head/tobject``.
IPTC Subject Codes (``tobject.subject.refnum``) are kept as ``subj:`` codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree

from newsroom.core.models import WireInfo, WireSubject
from newsroom.stages.wire.markup import (
    attr,
    first,
    iso_date,
    joined,
    kid,
    kids,
    local,
    paragraphs,
    text,
)

SLUG_METAS = ("anpa-keyword", "NTBStikkord", "slugline", "keyword")
STATUSES = {
    "usable": "usable",
    "embargoed": "usable",
    "withheld": "withheld",
    "canceled": "canceled",
    "cancelled": "canceled",
}


@dataclass(slots=True)
class NitfStory:
    """What a NITF document's body says."""

    headline: str | None = None
    byline: str | None = None
    dateline: str | None = None
    paragraphs: list[str] = field(default_factory=list)


def story(nitf: lxml.etree._Element) -> NitfStory:
    """Headline, byline, dateline and paragraphs of a ``nitf`` element."""
    body = kid(nitf, "body")
    head = kid(body, "body.head")
    headline = text(kid(head, "hedline", "hl1")) or text(kid(head, "headline", "hl1"))
    return NitfStory(
        headline=headline or text(kid(nitf, "head", "title")),
        byline=_byline(head),
        dateline=_dateline(kid(head, "dateline")),
        paragraphs=[
            paragraph for content in kids(body, "body.content") for paragraph in paragraphs(content)
        ],
    )


def _dateline(element: lxml.etree._Element | None) -> str | None:
    """The dateline's place: its text, or its location parts joined; a ``story.date`` alone
    (a date, no place) is no dateline."""
    if element is None:
        return None
    place = element.text.strip() if element.text and element.text.strip() else None
    location = kid(element, "location")
    if location is not None:
        return joined(location)
    if place is None and kid(element, "story.date") is not None:
        return None
    return text(element)


def _byline(head: lxml.etree._Element | None) -> str | None:
    """Bylines, their parts spaced: ``<byline>By X<byttl>AP Writer</byttl></byline>``."""
    values = []
    for byline in kids(head, "byline"):
        parts = [byline.text or ""] + [
            " ".join(part for part in ((child.text or ""), (child.tail or "")) if part)
            for child in byline
        ]
        value = " ".join(" ".join(parts).split())
        if value:
            values.append(value)
    return "; ".join(values) or None


def wire_info(nitf: lxml.etree._Element, *, fallback_guid: str) -> WireInfo:
    """What a standalone NITF document's head says: identity, status, dates and subjects."""
    head = kid(nitf, "head")
    docdata = kid(head, "docdata")
    doc_id = kid(docdata, "doc-id")
    du_key = kid(docdata, "du-key")
    status = (attr(docdata, "management-status") or "usable").lower()
    release = iso_date(attr(kid(docdata, "date.release"), "norm"))
    version = attr(du_key, "version")
    return WireInfo(
        format="nitf",
        guid=attr(doc_id, "id-string") or fallback_guid,
        version=int(version) if version and version.isdigit() else None,
        pub_status=STATUSES.get(status, "usable"),
        urgency=_int(attr(kid(docdata, "urgency"), "ed-urg")),
        provider=first([attr(doc_id, "regsrc"), attr(kid(docdata, "doc.copyright"), "holder")]),
        embargoed_until=release if status == "embargoed" or release else None,
        slugline=first([_meta(head, SLUG_METAS), attr(du_key, "key")]),
        subjects=subjects(head),
        version_created=iso_date(
            first(
                [
                    attr(kid(docdata, "date.issue"), "norm"),
                    attr(kid(head, "pubdata"), "date.publication"),
                ]
            )
        ),
        language=attr(nitf, "baselang"),
        keywords=[
            value
            for keyword in kids(kid(docdata, "key-list"), "keyword")
            if (value := attr(keyword, "key") or text(keyword))
        ],
        copyright_holder=attr(kid(docdata, "doc.copyright"), "holder"),
        usage_terms=attr(kid(docdata, "doc.rights"), "limitations"),
        ednote=attr(kid(docdata, "ed-msg"), "info"),
        genre=[
            value for tobject in kids(head, "tobject") if (value := attr(tobject, "tobject.type"))
        ],
    )


def subjects(head: lxml.etree._Element | None) -> list[WireSubject]:
    """``tobject.subject`` codes: IPTC Subject Codes as ``subj:``, others by their issuer."""
    found = []
    for tobject in kids(head, "tobject"):
        for subject in kids(tobject, "tobject.subject"):
            refnum = attr(subject, "tobject.subject.refnum")
            if not refnum:
                continue
            issuer = attr(subject, "tobject.subject.ipr") or "IPTC"
            scheme = "subj" if issuer.upper() == "IPTC" and refnum.isdigit() else issuer
            name = first(
                [
                    attr(subject, "tobject.subject.detail"),
                    attr(subject, "tobject.subject.matter"),
                    attr(subject, "tobject.subject.type"),
                ]
            )
            found.append(WireSubject(code=f"{scheme}:{refnum}", name=name))
    return found


def _meta(head: lxml.etree._Element | None, names: tuple[str, ...]) -> str | None:
    for meta in kids(head, "meta"):
        if attr(meta, "name") in names and attr(meta, "content"):
            return attr(meta, "content")
    return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def is_nitf(element: lxml.etree._Element) -> bool:
    return local(element) == "nitf"
