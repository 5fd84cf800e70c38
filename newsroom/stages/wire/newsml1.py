"""NewsML 1.x (AFP still sends it): ``NewsML/NewsItem``, each with its ``Identification``,
``NewsManagement`` and a tree of ``NewsComponent``s whose ``NewsLines`` give the headline and
dateline and whose ``ContentItem/DataContent`` holds the text (NITF, paragraphs, or HTML in
CDATA). IPTC Subject Codes in ``SubjectCode`` are kept as ``subj:`` codes.

Components with a picture (a ``Role`` or ``MediaType`` of photo, graphic, video) are the story's
associations, with their captions; text components in another language (``xml:lang``) than the
item's are its translations. A usable item whose text is only referred to (``ContentItem
Href=...`` without ``DataContent``) is skipped as "body by reference", its headline and wire data
kept. The envelope's ``Priority``, ``SubHeadLine``, ``CreditLine``, the ``Location`` and an
embargo (``Status`` Embargoed until ``StatusWillChange/DateAndTime``) are read too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
    country_code,
    descendant,
    descendants,
    first,
    html_paragraphs,
    iso_date,
    kid,
    kids,
    local,
    paragraphs,
    sanitized_html,
    set_embargo,
    take_key,
    text,
    whole_number,
)

SUBJECT_PARTS = ("Subject", "SubjectMatter", "SubjectDetail")
LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Roles and media types of components that are no text of the story.
MEDIA = frozenset({"photo", "picture", "image", "graphic", "video", "audio", "caption"})
PICTURES = frozenset({"photo", "picture", "image"})
TITLE_ROLES = frozenset({"title", "headline"})  # components that repeat the headline
# Components beside the story's text, not its text: a summary, a style sheet, a contact box, a
# social-media line (Business Wire's roles).
SIDE_ROLES = frozenset({"abstract", "summary", "stylesheet", "logo", "contact", "tweettext"})
ABSTRACT_LINES = frozenset({"abstract", "summary", "lead", "teaser"})
# NewsLines that speak to editors, not readers: AFP's "UPDATES with Germany, US, UAE cases".
ADVISORY_LINES = frozenset({"advisoryline", "advisory", "editorialnote", "ednote"})


def read(
    root: lxml.etree._Element, *, origin: str, source: str, notes: Sequence[str] = ()
) -> list[RawItem | Skipped]:
    items = list(kids(root, "NewsItem")) if local(root) == "NewsML" else [root]
    priority = whole_number(attr(kid(root, "NewsEnvelope", "Priority"), "FormalName"))
    origins = [origin] if len(items) == 1 else [f"{origin}[{i}]" for i in range(len(items))]
    return [
        _item(item, origin=name, source=source, notes=notes, priority=priority)
        for item, name in zip(items, origins, strict=True)
    ]


def _item(
    item: lxml.etree._Element,
    *,
    origin: str,
    source: str,
    notes: Sequence[str],
    priority: int | None,
) -> RawItem | Skipped:
    identifier = kid(item, "Identification", "NewsIdentifier")
    management = kid(item, "NewsManagement")
    descriptive = descendant(item, "DescriptiveMetadata")
    language = attr(kid(descriptive, "Language"), "FormalName") or item.get(LANG)
    texts = [node for node in descendants(item, "ContentItem") if not _media(node)]
    with_data = [node for node in texts if _holds_text(node)]
    # Business Wire's release opens with an Abstract, a StyleSheet and a Contact component: the
    # story is the one whose role is none of those, where there is one
    side = [node for node in with_data if _role_of(node) in SIDE_ROLES]
    if len(side) < len(with_data):
        with_data = [node for node in with_data if node not in side]
    main = next((node for node in with_data if _same_language(node, language)), None)
    if main is None and with_data:
        main = with_data[0]
    rest = _body_after_lead(main, with_data)
    lines = _lines(main) if main is not None else _first_lines(item)
    wire = _wire_info(item, identifier, management, descriptive, lines)
    wire.guid = wire.guid or origin
    wire.language, wire.priority = language, priority
    wire.associations = _associations(item, management)
    headline = text(kid(lines, "HeadLine"))
    if main is None:
        if wire.pub_status != "usable":  # a kill or withhold: stored without text
            return _story(wire, item, origin, source, headline, None, [], notes)
        href = next((where for node in texts if (where := attr(node, "Href"))), None)
        reason = f"body by reference: {href}" if href else "a NewsML 1.x item without text content"
        return Skipped(origin, reason, headline=headline, wire=wire)
    content = kid(main, "DataContent")
    story = _nitf_story(content)  # read once: its body and what the rest of it says
    body, wire.body_html = _body(content, story)
    if rest is not None:  # Belga's components: a Lead, then the Body
        more, more_html = _body(kid(rest, "DataContent"), None)
        body = [*body, *more]
        wire.body_html = "".join(html for html in (wire.body_html, more_html) if html) or None
    byline = text(kid(lines, "ByLine")) or _creator(main)
    body = _without_release_line(body, wire.dateline, headline)
    if story is not None:
        headline, byline = headline or story.headline, byline or story.byline
        wire.abstract = wire.abstract or story.abstract
        wire.subheadlines = wire.subheadlines or story.subheadlines
        wire.associations += story.associations
    wire.translations = _translations(with_data, main, language)
    status = (attr(kid(management, "Status"), "FormalName") or "").lower()
    until = zoned(text(kid(management, "StatusWillChange", "DateAndTime")), _zone(item))
    held = set_embargo(wire, until if status == "embargoed" else None)
    return _story(wire, item, origin, source, headline, byline, body, [*notes, *held])


def _story(
    wire: WireInfo,
    item: lxml.etree._Element,
    origin: str,
    source: str,
    headline: str | None,
    byline: str | None,
    body: list[str],
    notes: Sequence[str],
) -> RawItem:
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=byline,
        paragraphs=body,
        document=lxml.etree.tostring(item, encoding="unicode"),
        notes=notes,
    )


def _wire_info(
    item: lxml.etree._Element,
    identifier: lxml.etree._Element | None,
    management: lxml.etree._Element | None,
    descriptive: lxml.etree._Element | None,
    lines: lxml.etree._Element | None,
) -> WireInfo:
    revision = text(kid(identifier, "RevisionId"))
    zone = _zone(item)
    status = (attr(kid(management, "Status"), "FormalName") or "usable").lower()
    provider = first(
        [
            attr(kid(descendant(item, "Provider"), "Party"), "FormalName"),
            text(kid(identifier, "ProviderId")),
        ]
    )
    slugline = text(kid(lines, "SlugLine"))
    return WireInfo(
        format="newsml-1",
        guid=_guid(item, identifier),
        version=int(revision) if revision and revision.isdigit() else None,
        pub_status="canceled"
        if status in ("canceled", "cancelled")
        else "withheld"
        if status == "withheld"
        else "usable",
        urgency=whole_number(attr(kid(management, "Urgency"), "FormalName"))
        or whole_number(text(kid(management, "Urgency"))),  # TASS: <Urgency>2</Urgency>
        provider=provider,
        slugline=slugline,
        take_key=take_key(slugline),
        subjects=_subjects(item),
        first_created=iso_date(zoned(text(kid(management, "FirstCreated")), zone)),
        version_created=iso_date(zoned(text(kid(management, "ThisRevisionCreated")), zone)),
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
        abstract=_news_line(lines, ABSTRACT_LINES),
        ednote=_news_line(lines, ADVISORY_LINES)
        or first(
            text(comment)
            for comment in descendants(item, "Comment")
            if "editorial" in (attr(comment, "FormalName") or "").casefold()
        ),
        subheadlines=[value for sub in kids(lines, "SubHeadLine") if (value := text(sub))],
        creditline=text(kid(lines, "CreditLine")),
        place=_place(descriptive),
    )


def _without_release_line(body: list[str], dateline: str | None, headline: str | None) -> list[str]:
    """The body less a release's line of time, issuer and kind that opens it, under its
    headline or not: "2.4.2019 16:02:09 CEST | LapWall Oyj | Yhtiötiedote", whose time is the
    DateLine (STT Info's and Nordic IR's stock exchange releases)."""
    if not dateline:
        return body
    at = 1 if body and headline and body[0] == headline else 0
    if len(body) > at and body[at].startswith(dateline) and " | " in body[at]:
        return body[:at] + body[at + 1 :]
    return body


# An offset at the end of a NewsML 1 time: "20110831T140908+0200", "2019-10-02T16:21:30Z".
OFFSET = re.compile(r"(?:Z|[+-][0-9]{2}:?[0-9]{2})\Z")
UTC_LABEL = re.compile(r"\b(?:GMT|UTC)\b")


def _zone(item: lxml.etree._Element) -> str | None:
    """The offset an item's times are written in where one of them leaves it out (SDA's
    embargo ``20110831T150029`` beside ``FirstCreated`` ``...+0200``; Europa Press's times
    with none, beside a ``DateLabel`` in GMT): the first offset its ``FirstCreated``,
    ``ThisRevisionCreated`` or ``DateAndTime`` carries, else UTC where a ``DateLabel`` names
    GMT or UTC; None when nothing says."""
    for name in ("FirstCreated", "ThisRevisionCreated", "DateAndTime"):
        for node in descendants(item, name):
            found = OFFSET.search((node.text or "").strip())
            if found is not None:
                return found.group()
    label = text(descendant(item, "DateLabel"))
    return "+00:00" if label and UTC_LABEL.search(label) else None


def zoned(value: str | None, zone: str | None) -> str | None:
    """A time with ``zone`` put after it where it has no offset of its own."""
    if not value or not zone or OFFSET.search(value.strip()):
        return value
    return value.strip() + zone


def _creator(main: lxml.etree._Element | None) -> str | None:
    """The author the text's own component names (AFP's ``AdministrativeMetadata/Creator``, where
    it sends no ByLine); a picture's component names its photographer, who is not read here."""
    component = main.getparent() if main is not None else None
    return attr(kid(component, "AdministrativeMetadata", "Creator", "Party"), "FormalName")


def _news_line(lines: lxml.etree._Element | None, types: frozenset[str]) -> str | None:
    """The text of the first ``NewsLine`` whose ``NewsLineType`` is one of ``types``."""
    return first(
        text(kid(line, "NewsLineText"))
        for line in kids(lines, "NewsLine")
        if (attr(kid(line, "NewsLineType"), "FormalName") or "").lower() in types
    )


def _guid(item: lxml.etree._Element, identifier: lxml.etree._Element | None) -> str:
    """The story's identity: its PublicIdentifier less the revision it ends with (NewsML 1's
    ``urn:newsml:Provider:Date:Item:RevisionUpdate``, ``...:brd001:4N``: every version of a
    story has its own, and the story is the same); where that does not name the item (Belga
    sends ``urn:newsml:www.belga.be`` for all), the provider's and the item's ids; where there
    is neither (TASS sends a ``guid`` of its own in the metadata), that ``guid`` or the story
    component's ``Duid``, under the provider's id."""
    public = text(kid(identifier, "PublicIdentifier"))
    revision = text(kid(identifier, "RevisionId"))
    if public and revision:  # "urn:newsml:sda-ats.ch:20110825:brd001:4N" is revision 4's name
        public = re.sub(rf":{re.escape(revision)}[A-Z]?\Z", "", public)
    item_id = text(kid(identifier, "NewsItemId"))
    provider_id = text(kid(identifier, "ProviderId"))
    if public and item_id and item_id not in public:
        public = f"urn:newsml:{provider_id}:{item_id}" if provider_id else item_id
    if not (public or item_id):
        component = descendant(item, "NewsComponent")
        item_id = text(descendant(item, "guid")) or (
            component.get("Duid") if component is not None else None
        )
        if item_id and provider_id:
            item_id = f"urn:newsml:{provider_id}:{item_id}"
    return first([public, item_id]) or ""


def _holds_text(node: lxml.etree._Element) -> bool:
    """Whether a ContentItem holds the story's text: a DataContent with something in it, in a
    component that is not the headline's (Belga repeats the headline in a ``Title`` component
    and sends an empty ``Lead``)."""
    content = kid(node, "DataContent")
    if content is None or (not len(content) and not (content.text or "").strip()):
        return False
    parent = node.getparent()
    return parent is None or _role(parent) not in TITLE_ROLES


def _body_after_lead(
    main: lxml.etree._Element | None, with_data: Sequence[lxml.etree._Element]
) -> lxml.etree._Element | None:
    """The ``Body`` component's ContentItem that follows ``main`` when ``main`` is its ``Lead``
    (Belga sends the two apart), else None."""
    parent = main.getparent() if main is not None else None
    if parent is None or _role(parent) != "lead":
        return None
    for node in with_data[with_data.index(main) + 1 :]:
        component = node.getparent()
        if component is not None and _role(component) == "body":
            return node
    return None


def _role_of(node: lxml.etree._Element) -> str:
    """The role of the component a ContentItem is in ("" where it has none)."""
    parent = node.getparent()
    return _role(parent) if parent is not None else ""


def _role(component: lxml.etree._Element) -> str:
    return (attr(kid(component, "Role"), "FormalName") or "").lower()


def _media(node: lxml.etree._Element) -> bool:
    """Whether a ContentItem is a picture, graphic, video or caption, or in a component that is."""
    if (attr(kid(node, "MediaType"), "FormalName") or "").lower() in MEDIA:
        return True
    return any(
        _role(parent) in MEDIA
        for parent in node.iterancestors()
        if local(parent) == "NewsComponent"
    )


def _language(node: lxml.etree._Element) -> str | None:
    """The ``xml:lang`` a ContentItem is in: its own or its nearest component's."""
    if lang := node.get(LANG):
        return lang
    return next((lang for parent in node.iterancestors() if (lang := parent.get(LANG))), None)


def _same_language(node: lxml.etree._Element, language: str | None) -> bool:
    lang = _language(node)
    if not lang or not language:
        return True
    return lang.lower().split("-")[0] == language.lower().split("-")[0]


def _lines(node: lxml.etree._Element) -> lxml.etree._Element | None:
    """The nearest NewsLines with a headline above a ContentItem, else the item's first."""
    for parent in node.iterancestors():
        lines = kid(parent, "NewsLines")
        if lines is not None and kid(lines, "HeadLine") is not None:
            return lines
        if local(parent) == "NewsItem":
            return _first_lines(parent)
    return None


def _first_lines(item: lxml.etree._Element) -> lxml.etree._Element | None:
    return next(
        (
            node
            for node in item.iter()
            if local(node) == "NewsLines" and kid(node, "HeadLine") is not None
        ),
        None,
    )


def _translations(
    contents: list[lxml.etree._Element], main: lxml.etree._Element, language: str | None
) -> list[WireTranslation]:
    """The text components in another language than the story's: one per language."""
    found: dict[str, WireTranslation] = {}
    main_language = _language(main) or language
    for node in contents:
        lang = _language(node)
        if node is main or not lang or lang in found or _same_language(node, main_language):
            continue
        content = kid(node, "DataContent")
        body, _ = _body(content, _nitf_story(content))
        found[lang] = WireTranslation(
            language=lang,
            headline=text(kid(_lines(node), "HeadLine")),
            text="\n\n".join(body) or None,
        )
    return list(found.values())


def _associations(
    item: lxml.etree._Element, management: lxml.etree._Element | None
) -> list[WireAssociation]:
    """Pictures and other media in the item's components (by their ``Href``, with a caption),
    and the items its NewsManagement says it goes with."""
    found = []
    for component in descendants(item, "NewsComponent"):
        role = _role(component)
        if role not in MEDIA or role == "caption":
            continue
        hrefs = [
            href for node in descendants(component, "ContentItem") if (href := attr(node, "Href"))
        ]
        captions = (
            descendant(node, "DataContent")
            for node in descendants(component, "NewsComponent")
            if _role(node) == "caption"
        )
        lines = kid(component, "NewsLines")
        found.append(
            WireAssociation(
                uri=attr(component, "Duid") or (hrefs[0] if hrefs else None),
                type="picture" if role in PICTURES else role,
                role=attr(kid(component, "Role"), "FormalName"),
                headline=text(kid(lines, "HeadLine")),
                caption=first(text(caption) for caption in captions),
                href=hrefs[0] if hrefs else None,
            )
        )
    for associated in kids(management, "AssociatedWith"):
        if uri := attr(associated, "NewsItem"):
            found.append(WireAssociation(uri=uri, role="AssociatedWith"))
    return found


def _place(descriptive: lxml.etree._Element | None) -> WirePlace | None:
    """``Location`` (the origin's first): its City, CountryArea and Country properties."""
    locations = list(kids(descriptive, "Location"))
    location = next(
        (node for node in locations if attr(node, "HowPresent") == "Origin"),
        locations[0] if locations else None,
    )
    if location is None:
        return None
    values = {attr(prop, "FormalName"): attr(prop, "Value") for prop in kids(location, "Property")}
    country, city, region = values.get("Country"), values.get("City"), values.get("CountryArea")
    place = WirePlace(
        name=first([city, region, country]),
        city=city,
        region=region,
        country=country,
        country_code=country_code(country),
    )
    return place if place.name else None


def _nitf_story(content: lxml.etree._Element | None) -> nitf.NitfStory | None:
    """What the NITF document in a DataContent says, when it holds one."""
    nitf_element = descendant(content, "nitf")
    return nitf.story(nitf_element) if nitf_element is not None else None


def _body(
    content: lxml.etree._Element | None, story: nitf.NitfStory | None
) -> tuple[list[str], str | None]:
    """The text of a DataContent and its sanitised HTML: NITF (``story``, what
    :func:`_nitf_story` read of it), paragraph elements, or HTML as text (CDATA)."""
    if content is None:
        return [], None
    if story is not None:
        return story.paragraphs, story.body_html
    if len(content):
        return paragraphs(content), body_markup(content)
    markup = content.text or ""
    return html_paragraphs(markup), sanitized_html(markup) if "<" in markup else None


def _subjects(item: lxml.etree._Element) -> list[WireSubject]:
    found = []
    for code in descendants(item, "SubjectCode"):
        for part in code:
            if local(part) in SUBJECT_PARTS and (name := attr(part, "FormalName")):
                scheme = "subj" if name.isdigit() and len(name) == 8 else local(part)
                found.append(WireSubject(code=f"{scheme}:{name}"))
    for topic in descendants(item, "Topic"):  # a TopicSet's, as Europa Press sends its subjects
        formal = kid(topic, "FormalName")
        value, scheme = text(formal), attr(formal, "Scheme") or "topic"
        if value is None:
            continue
        folded = scheme.casefold()
        if "subject" in folded and "iptc" in folded and value.isdigit() and len(value) == 8:
            qcode = f"subj:{value}"
        elif "mediatopic" in folded:
            qcode = f"medtop:{value}"
        else:
            qcode = f"{scheme}:{value}"
        found.append(WireSubject(code=qcode, name=text(kid(topic, "Description"))))
    return found
