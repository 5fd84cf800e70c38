"""NITF 3.x (News Industry Text Format): alone, inside a NewsML-G2 ``inlineXML``, or inside a
NewsML 1.x ``DataContent``.

The story is ``body/body.head`` (``hedline/hl1``, ``byline``, ``dateline``) and the direct
``body/body.content`` (a ``body.content`` nested in a note is not the story); the document's
identity, status, urgency, embargo and subjects are in ``head/docdata`` and ``head/tobject``.
IPTC Subject Codes (``tobject.subject.refnum``) are kept as ``subj:`` codes.

Besides, the reader takes ``abstract``, ``hl2`` sub-headlines, the take key at the end of the
``du-key`` or slug, the ``distributor`` as creditline, the dateline's ``location`` (else
``docdata/evloc``) as a structured place, ``media`` (``media-reference`` and its
``media-caption``) as associations, and ``body.content`` as sanitised HTML. ``date.release`` is
the embargo; one that cannot be read holds the story back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree

from newsroom.core.models import WireAssociation, WireInfo, WirePlace, WireSubject
from newsroom.stages.wire.markup import (
    attr,
    body_markup,
    country_code,
    descendants,
    first,
    iso_date,
    joined,
    kid,
    kids,
    local,
    paragraphs,
    splice_text,
    take_key,
    text,
    whole_number,
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
    abstract: str | None = None
    subheadlines: list[str] = field(default_factory=list)
    creditline: str | None = None
    place: WirePlace | None = None
    body_html: str | None = None
    associations: list[WireAssociation] = field(default_factory=list)


def story(nitf: lxml.etree._Element) -> NitfStory:
    """Headline, byline, dateline, paragraphs and the rest a ``nitf`` element's body says."""
    body = kid(nitf, "body")
    head = kid(body, "body.head")
    hedline = kid(head, "hedline")
    if hedline is None:
        hedline = kid(head, "headline")
    headline = text(kid(hedline, "hl1")) or text(kid(nitf, "head", "title"))
    contents = list(kids(body, "body.content"))
    dateline = kid(head, "dateline")
    found = NitfStory(
        headline=headline,
        byline=_byline(head),
        dateline=_dateline(dateline),
        paragraphs=[paragraph for content in contents for paragraph in paragraphs(content)],
        abstract=text(kid(head, "abstract")),
        subheadlines=[
            value for hl2 in kids(hedline, "hl2") if (value := text(hl2)) and value != headline
        ],
        creditline=text(kid(head, "distributor")),
        place=_place(kid(dateline, "location")) or _evloc(kid(nitf, "head", "docdata", "evloc")),
        associations=[media for content in contents for media in _media(content)],
    )
    if found.paragraphs:
        found.body_html = "\n".join(
            markup for content in contents if (markup := body_markup(content))
        )
    return found


def _place(location: lxml.etree._Element | None) -> WirePlace | None:
    """A dateline's ``location``: ``city``, ``state``/``region``, ``country`` (``iso-cc``)."""
    if location is None:
        return None
    country = kid(location, "country")
    code = attr(country, "iso-cc")
    place = WirePlace(
        name=joined(location),
        city=text(kid(location, "city")),
        region=text(kid(location, "state")) or text(kid(location, "region")),
        country=text(country),
        country_code=country_code(code),
    )
    return place if place.name or place.country_code else None


def _evloc(evloc: lxml.etree._Element | None) -> WirePlace | None:
    """``docdata/evloc``: where the event is, as attributes."""
    if evloc is None:
        return None
    code = attr(evloc, "iso-cc")
    city, region = attr(evloc, "city"), attr(evloc, "state-prov")
    place = WirePlace(
        name=first([city, region, text(evloc)]),
        city=city,
        region=region,
        country_code=country_code(code),
    )
    return place if place.name or place.country_code else None


def _media(content: lxml.etree._Element) -> list[WireAssociation]:
    """``media`` in the body: a picture (or video...) by reference, with its caption."""
    found = []
    for media in descendants(content, "media"):
        reference = kid(media, "media-reference")
        source = attr(reference, "source") or attr(reference, "data-location")
        if source is None:
            continue
        found.append(
            WireAssociation(
                uri=source,
                type={"image": "picture"}.get(
                    media_type := (attr(media, "media-type") or "").lower(), media_type or None
                ),
                role="media",
                headline=attr(reference, "alternate-text"),
                caption=text(kid(media, "media-caption")),
                href=source,
            )
        )
    return found


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
    """What a standalone NITF document's head says: identity, status, dates and subjects (the
    embargo is :func:`release`'s, set with :func:`~newsroom.stages.wire.markup.set_embargo`)."""
    head = kid(nitf, "head")
    docdata = kid(head, "docdata")
    doc_id = kid(docdata, "doc-id")
    du_key = kid(docdata, "du-key")
    status = (attr(docdata, "management-status") or "usable").lower()
    version = attr(du_key, "version")
    slugline = first([_meta(head, SLUG_METAS), attr(du_key, "key")])
    return WireInfo(
        format="nitf",
        guid=attr(doc_id, "id-string") or fallback_guid,
        version=int(version) if version and version.isdigit() else None,
        pub_status=STATUSES.get(status, "usable"),
        urgency=whole_number(attr(kid(docdata, "urgency"), "ed-urg")),
        provider=first([attr(doc_id, "regsrc"), attr(kid(docdata, "doc.copyright"), "holder")]),
        slugline=slugline,
        take_key=take_key(attr(du_key, "key")) or take_key(slugline),
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


def release(nitf: lxml.etree._Element) -> str | None:
    """The embargo as sent: ``docdata/date.release``'s ``norm`` (else its text)."""
    element = kid(nitf, "head", "docdata", "date.release")
    return attr(element, "norm") or text(element)


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


def is_nitf(element: lxml.etree._Element) -> bool:
    return local(element) == "nitf"


# TT-NITF, the Swedish agency TT's own dialect (``contenttype="application/ttnitf+xml"`` in a
# NewsML-G2 ``inlineXML``): upper-case Swedish names, ``BODY/TEXT`` with ``RUBRIK`` (headline),
# ``DAT`` (``ORT``, the place, and ``SOURCE``, "Bryssel, TT:s korrespondent"), ``INGRESS`` (the
# lead) and ``BRODTEXT`` (body) of ``P``, ``CITAT`` (a quote), ``MELLIS`` (a sub-heading); the
# ``BYLINE`` and the ``BILD`` (picture: file, caption, photographer) after them. A second
# ``TEXT`` is a box beside the story ("Fakta: ..."), kept under its own heading.
TT_NAMES = {
    "BODY": "div",
    "TEXT": "div",
    "INGRESS": "div",
    "BRODTEXT": "div",
    "P": "p",
    "CITAT": "p",
    "MELLIS": "h3",
    "RUBRIK": "h2",
    "UL": "ul",
    "OL": "ol",
    "LI": "li",
    "TABLE": "table",
    "TR": "tr",
    "TD": "td",
    "TH": "th",
    "BILD": "figure",  # skipped: a picture is no text
}


def is_tt_nitf(content: lxml.etree._Element) -> bool:
    """Whether an ``inlineXML`` holds TT-NITF."""
    return "ttnitf" in (content.get("contenttype") or "").lower() or any(
        local(child) == "BODY" for child in content
    )


def tt_story(content: lxml.etree._Element) -> NitfStory:
    """Headline, dateline, byline, paragraphs and HTML of a TT-NITF ``inlineXML``."""
    body = next((child for child in content if local(child) == "BODY"), None)
    if body is None:
        return NitfStory()
    body = lxml.etree.fromstring(lxml.etree.tostring(body))  # a copy, renamed below
    texts = [child for child in body if local(child) == "TEXT"]
    first_text = texts[0] if texts else body
    headline = _taken(kid(first_text, "RUBRIK"))
    when = kid(first_text, "DAT")
    place, source = text(kid(when, "ORT")), text(kid(when, "SOURCE"))
    _taken(when)
    bylines = [value for by in list(body.iter("BYLINE")) if (value := _taken(by))]
    for element in body.iter():
        if isinstance(element.tag, str):
            element.tag = TT_NAMES.get(local(element), local(element).lower())
    return NitfStory(
        headline=headline,
        byline="; ".join(bylines) or None,
        dateline=(source.split(",")[0].strip() if source else None) or place,
        paragraphs=paragraphs(body),
        body_html=body_markup(body),
    )


def _taken(element: lxml.etree._Element | None) -> str | None:
    """The element's text, the element taken out of its tree (the text after it kept)."""
    if element is None:
        return None
    value = text(element)
    parent = element.getparent()
    if parent is not None:
        splice_text(parent, element, element.tail or "")
        parent.remove(element)
    return value
