"""NewsML-G2: a ``newsItem``, or a ``newsMessage`` carrying several items.

Text items (item class ``ninat:text``) become stories; pictures, video, audio, graphics,
packages, planning, concept and knowledge items are skipped with their reason. The body is the
``contentSet``'s ``inlineXML`` (XHTML, or NITF) or ``inlineData``; an ``inlineXML`` per
``xml:lang`` is a story in several languages, the item's own language the story and the others
its translations. A usable text item with no inline body (``remoteContent`` only, an empty
``inlineXML``) is skipped with why, its headline and wire data kept. Each item's own XML is kept
as its document, for audit.

Besides identity and status, the reader takes the ``description`` (summary) as abstract,
``headline role="...sub..."`` as sub-headlines, the take key from the slugline, the news
message header's ``priority``, ``creditline``, ``located`` as a structured place (its name,
``broader`` region and country, ``position``), the body's sanitised HTML, and ``itemMeta/link``
and pictures in ``remoteContent`` as associations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import lxml.etree

from newsroom.core.models import (
    RawItem,
    Skipped,
    WireAssociation,
    WireInfo,
    WirePlace,
    WireSubject,
    WireTranslation,
)
from newsroom.stages.wire import nitf
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import (
    attr,
    body_markup,
    descendant,
    first,
    html_paragraphs,
    iso_date,
    kid,
    kids,
    local,
    number,
    paragraphs,
    sanitized_html,
    scheme_code,
    set_embargo,
    take_key,
    text,
    whole_number,
)

LANG = "{http://www.w3.org/XML/1998/namespace}lang"

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


def read(
    root: lxml.etree._Element, *, origin: str, source: str, notes: Sequence[str] = ()
) -> list[RawItem | Skipped]:
    """The stories of a NewsML-G2 document; every other item as skipped, with why."""
    if local(root) == "newsMessage":
        priority = whole_number(text(kid(root, "header", "priority")))
        items = [
            item for item_set in kids(root, "itemSet") for item in item_set if local(item) in ITEMS
        ]
        return [
            _item(item, origin=f"{origin}[{index}]", source=source, notes=notes, priority=priority)
            for index, item in enumerate(items)
        ]
    return [_item(root, origin=origin, source=source, notes=notes)]


def _item(
    item: lxml.etree._Element,
    *,
    origin: str,
    source: str,
    notes: Sequence[str],
    priority: int | None = None,
) -> RawItem | Skipped:
    kind = local(item)
    if kind != "newsItem":
        return Skipped(origin, f"a NewsML-G2 {kind}, not a story")
    item_meta, content_meta = kid(item, "itemMeta"), kid(item, "contentMeta")
    item_class = attr(kid(item_meta, "itemClass"), "qcode")
    if item_class is not None and scheme_code(item_class) != "text":
        return Skipped(origin, f"a {scheme_code(item_class)} item ({item_class}), not text")
    wire = _wire_info(item, item_meta, content_meta)
    wire.guid = wire.guid or origin
    wire.priority = priority
    content_set = kid(item, "contentSet")
    content = _content(content_set, content_meta, wire.language)
    wire.dateline = wire.dateline or content.dateline
    wire.abstract = wire.abstract or content.abstract
    wire.subheadlines = [line for line in content.subheadlines if line != content.headline]
    wire.body_html = content.body_html
    wire.associations = [*_links(item_meta), *content.associations]
    wire.translations = content.translations
    sent_usable = wire.pub_status == "usable"
    held = set_embargo(wire, text(kid(item_meta, "embargoed")))
    if not content.paragraphs and sent_usable:  # a kill or withhold is stored without text
        return Skipped(origin, _no_body(content_set), headline=content.headline, wire=wire)
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=content.headline,
        byline=content.byline,
        paragraphs=content.paragraphs,
        document=lxml.etree.tostring(item, encoding="unicode"),
        notes=[*notes, *held],
    )


def _no_body(content_set: lxml.etree._Element | None) -> str:
    """Why a text item without a body is skipped."""
    remote = next(kids(content_set, "remoteContent"), None)
    if remote is not None:
        where = attr(remote, "href") or attr(remote, "residref") or "no address"
        kind = ", ".join(
            value for value in (attr(remote, "rendition"), attr(remote, "contenttype")) if value
        )
        return f"body by reference: {where}" + (f" ({kind})" if kind else "")
    if content_set is not None and len(content_set):
        return "empty body: the item's inlineXML/inlineData holds no text"
    return "no body: a text item without content (metadata only)"


@dataclass(slots=True)
class _Content:
    """What a newsItem's contentMeta and contentSet say of its story."""

    headline: str | None = None
    byline: str | None = None
    dateline: str | None = None
    abstract: str | None = None
    subheadlines: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    body_html: str | None = None
    associations: list[WireAssociation] = field(default_factory=list)
    translations: list[WireTranslation] = field(default_factory=list)


def _content(
    content_set: lxml.etree._Element | None,
    content_meta: lxml.etree._Element | None,
    language: str | None,
) -> _Content:
    """Headline, byline, dateline and paragraphs: the contentMeta's, else the NITF body's; the
    body in the item's language is the story, a body in another language a translation."""
    headlines = list(kids(content_meta, "headline"))
    main = [h for h in headlines if "sub" not in (attr(h, "role") or "").lower()]
    found = _Content(
        headline=first(text(h) for h in _in_language(main or headlines, language)),
        byline=text(kid(content_meta, "by")),
        dateline=text(kid(content_meta, "dateline")),
        subheadlines=[
            value
            for h in _in_language(headlines, language)
            if "sub" in (attr(h, "role") or "").lower() and (value := text(h))
        ],
    )
    for content in kids(content_set, "inlineXML"):
        lang = content.get(LANG) or (content[0].get(LANG) if len(content) else None)
        if found.paragraphs and not _same_language(lang, language):
            _add_translation(found, content, lang, main or headlines)
            continue
        if found.paragraphs:
            continue
        nitf_element = descendant(content, "nitf")
        if nitf_element is not None or nitf.is_tt_nitf(content):
            story = nitf.story(nitf_element) if nitf_element is not None else nitf.tt_story(content)
            found.headline = found.headline or story.headline
            found.byline = found.byline or story.byline
            found.dateline = found.dateline or story.dateline
            found.abstract = story.abstract
            found.subheadlines = found.subheadlines or story.subheadlines
            found.paragraphs, found.body_html = story.paragraphs, story.body_html
            found.associations = story.associations
        else:
            html_body = descendant(content, "body")
            element = html_body if html_body is not None else content
            found.paragraphs = paragraphs(element)
            found.body_html = body_markup(element) if found.paragraphs else None
    if not found.paragraphs:
        for data in kids(content_set, "inlineData"):
            found.paragraphs = html_paragraphs(data.text or "")
            if found.paragraphs:
                markup = data.text or ""
                found.body_html = sanitized_html(markup) if "<" in markup else None
                break
    found.abstract = _description(content_meta) or found.abstract
    found.associations += _pictures(content_set) if found.paragraphs else []
    return found


def _in_language(
    elements: list[lxml.etree._Element], language: str | None
) -> list[lxml.etree._Element]:
    """The elements in ``language`` (or with none given) first, then the others."""
    same = [e for e in elements if _same_language(e.get(LANG), language)]
    return same + [e for e in elements if e not in same]


def _same_language(lang: str | None, language: str | None) -> bool:
    """Whether an ``xml:lang`` is the story's language; one not given is."""
    if not lang or not language:
        return True
    return lang.lower().split("-")[0] == language.lower().split("-")[0]


def _add_translation(
    found: _Content,
    content: lxml.etree._Element,
    lang: str | None,
    headlines: list[lxml.etree._Element],
) -> None:
    if lang is None or any(t.language == lang for t in found.translations):
        return
    nitf_element = descendant(content, "nitf")
    if nitf_element is not None:
        story = nitf.story(nitf_element)
        headline, body = story.headline, story.paragraphs
    else:
        html_body = descendant(content, "body")
        headline, body = None, paragraphs(html_body if html_body is not None else content)
    headline = first(text(h) for h in headlines if h.get(LANG) == lang) or headline
    if body or headline:
        found.translations.append(
            WireTranslation(language=lang, headline=headline, text="\n\n".join(body) or None)
        )


def _description(content_meta: lxml.etree._Element | None) -> str | None:
    """The summary (``description role="drol:summary"``), else any description."""
    descriptions = list(kids(content_meta, "description"))
    summaries = [d for d in descriptions if "summary" in (attr(d, "role") or "")]
    return first(text(d) for d in summaries + descriptions)


def _links(item_meta: lxml.etree._Element | None) -> list[WireAssociation]:
    """Items the item links to (``irel:seeAlso``, ``irel:associatedWith``...), by reference."""
    found = []
    for link in kids(item_meta, "link"):
        uri = attr(link, "residref") or attr(link, "href")
        if uri is None:
            continue
        found.append(
            WireAssociation(
                uri=uri,
                type=scheme_code(attr(kid(link, "itemClass"), "qcode"))
                or _media_type(attr(link, "contenttype")),
                role=attr(link, "rel") or "irel:seeAlso",
                headline=first([attr(link, "title"), text(kid(link, "title"))]),
                href=attr(link, "href"),
            )
        )
    return found


def _pictures(content_set: lxml.etree._Element | None) -> list[WireAssociation]:
    """Pictures, video or audio a text item sends by reference beside its body (ANSA)."""
    found = []
    for remote in kids(content_set, "remoteContent"):
        kind = _media_type(attr(remote, "contenttype"))
        uri = attr(remote, "href") or attr(remote, "residref")
        if kind in ("picture", "video", "audio") and uri:
            found.append(
                WireAssociation(
                    uri=uri, type=kind, role=attr(remote, "rendition"), href=attr(remote, "href")
                )
            )
    return found


def _media_type(contenttype: str | None) -> str | None:
    kind = (contenttype or "").split("/", 1)[0]
    return {"image": "picture", "video": "video", "audio": "audio", "text": "text"}.get(kind)


def _place(located: lxml.etree._Element | None) -> WirePlace | None:
    """``located`` as a place: its name, the ``broader`` region and country, its position."""
    name = _party(located)
    if located is None:
        return None
    place = WirePlace(name=name)
    kind = (scheme_code(attr(located, "type")) or "").lower()
    scheme = (attr(located, "qcode") or ":").split(":", 1)[0].lower()
    if "city" in kind or scheme == "city":
        place.city = name
    for broader in kids(located, "broader"):
        value = _party(broader)
        level = (attr(broader, "type") or "").lower() + " " + (attr(broader, "qcode") or "")
        if "country" in level or "cntry" in level or "iso3166" in level:
            place.country = place.country or value
            code = scheme_code(attr(broader, "qcode"))
            if "iso3166-1a2" in level and code and len(code) == 2:
                place.country_code = code.upper()
        elif "statprov" in level or "reg" in level or "state" in level:
            place.region = place.region or value
    position = descendant(located, "position")
    latitude, longitude = number(attr(position, "latitude")), number(attr(position, "longitude"))
    if latitude or longitude:  # 0, 0: a placeholder some agencies send
        place.latitude, place.longitude = latitude, longitude
    if not any((place.name, place.country, place.region, place.latitude is not None)):
        return None
    return place


def _wire_info(
    item: lxml.etree._Element,
    item_meta: lxml.etree._Element | None,
    content_meta: lxml.etree._Element | None,
) -> WireInfo:
    version = attr(item, "version")
    rights = kid(item, "rightsInfo")
    slugline = text(kid(content_meta, "slugline"))
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
        urgency=whole_number(text(kid(content_meta, "urgency"))),
        provider=_party(kid(item_meta, "provider")),
        slugline=slugline,
        take_key=take_key(slugline),
        creditline=text(kid(content_meta, "creditline")),
        subjects=[
            subject for element in kids(content_meta, "subject") for subject in _subjects(element)
        ],
        first_created=iso_date(text(kid(item_meta, "firstCreated"))),
        version_created=iso_date(text(kid(item_meta, "versionCreated"))),
        language=attr(kid(content_meta, "language"), "tag")
        or item.get("{http://www.w3.org/XML/1998/namespace}lang"),
        genre=[code for genre in kids(content_meta, "genre") if (code := attr(genre, "qcode"))],
        keywords=[value for keyword in kids(content_meta, "keyword") if (value := text(keyword))],
        copyright_holder=_party(kid(rights, "copyrightHolder")),
        usage_terms=text(kid(rights, "usageTerms")),
        ednote=first(
            text(note)
            for note in kids(item_meta, "edNote")
            if not any(word in (attr(note, "role") or "").casefold() for word in NOT_NOTES)
        ),
        located=_party(kid(content_meta, "located")),
        place=_place(kid(content_meta, "located")),
    )


# Words in the roles of edNotes that are no note to editors: a story's closing line (APA's and
# Kathpress's "(ende)", dpa's "dpa er xx z2 wom"), dpa's genre code ("1330"), the places and the
# staff to contact it names.
NOT_NOTES = ("closing", "genre", "localit", "contact")


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


def _subjects(element: lxml.etree._Element) -> list[WireSubject]:
    """A subject as sent, and the IPTC codes it says it is the same as (dpa's
    ``dpasubject:832`` is ``<sameAs qcode="medtop:20001065">``, football)."""
    code = attr(element, "qcode") or attr(element, "literal")
    if code is None:
        return []
    found = [WireSubject(code=code, name=text(kid(element, "name")))]
    for same in kids(element, "sameAs"):
        alias = attr(same, "qcode")
        if alias and alias.startswith(("medtop:", "subj:")) and alias != code:
            found.append(WireSubject(code=alias, name=text(kid(same, "name"))))
    return found
