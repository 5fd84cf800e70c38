"""dpa's digitalwires: the German agency's JSON (``"format": "digitalwires@0.9.1"``), one entry a
document, a list of them, or a feed response's ``entries``.

An entry gives its story as fields: ``urn`` and ``version`` (its identity and version),
``version_created`` and ``content_created``, ``pubstatus``, ``signal`` (``sig:correction``),
``urgency``, ``embargoed``, ``language``, ``headline``, ``kicker`` (the line above it),
``subhead``, ``teaser`` (the summary), ``byline``, ``dateline`` (``Berlin (dpa) - ``, printed
before the first paragraph, as dpa's own converters do), ``article_html`` (the body),
``creditline``, ``usageterms``, ``ednotes`` (editorial notes are the editors' note; the closing
line is not) and ``categories`` by type: ``dnltype:dpasubject`` (Media Topics as ``medtop:``,
dpa's own as ``dpasubject:``), ``dnltype:keyword``, ``dnltype:genre``. The ``notepad``
(``Notizblock``: notes, contacts, some of them not for publication), ``infobox_html`` and
``linkbox_html`` are beside the story, not in its text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsroom.core.models import RawItem, Skipped, WireInfo, WireSubject
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import html_paragraphs, iso_date, sanitized_html, set_embargo
from newsroom.stages.wire.ninjs_fields import as_int

FORMAT_PREFIX = "digitalwires@"
STATUSES = {"usable": "usable", "withheld": "withheld", "canceled": "canceled"}


def looks_like(data: Any) -> bool:
    """Whether a parsed JSON value is digitalwires: an entry, a list of them, or ``entries``."""
    if isinstance(data, Mapping) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if isinstance(data, list):
        return bool(data) and all(looks_like(entry) for entry in data)
    return isinstance(data, Mapping) and str(data.get("format") or "").startswith(FORMAT_PREFIX)


def read(data: Any, *, origin: str, source: str) -> list[RawItem | Skipped]:
    """The stories of a digitalwires document."""
    if isinstance(data, Mapping) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if isinstance(data, list):
        return [
            _entry(entry, origin=f"{origin}[{number}]", source=source)
            for number, entry in enumerate(data)
        ]
    return [_entry(data, origin=origin, source=source)]


def _entry(entry: Mapping[str, Any], *, origin: str, source: str) -> RawItem:
    categories = [c for c in entry.get("categories") or [] if isinstance(c, Mapping)]
    signal = _string(entry.get("signal"))
    kicker, subhead = _string(entry.get("kicker")), _string(entry.get("subhead"))
    dateline = _string(entry.get("dateline"))
    wire = WireInfo(
        format="digitalwires",
        guid=_string(entry.get("urn")) or _string(entry.get("entry_id")) or origin,
        version=as_int(entry.get("version")),
        pub_status=STATUSES.get(str(entry.get("pubstatus") or "usable"), "usable"),
        signal=[signal.rsplit(":", 1)[-1]] if signal else [],
        urgency=as_int(entry.get("urgency")),
        provider=next(
            (str(c["name"]) for c in categories if c.get("type") == "dnltype:provider"), "dpa"
        ),
        subjects=[
            WireSubject(code=str(c["qcode"]), name=_string(c.get("name")))
            for c in categories
            if c.get("type") == "dnltype:dpasubject" and c.get("qcode")
        ],
        keywords=[
            str(c["name"])
            for c in categories
            if c.get("type") == "dnltype:keyword" and c.get("name")
        ],
        genre=[
            str(c["qcode"])
            for c in categories
            if c.get("type") == "dnltype:genre" and c.get("qcode")
        ],
        first_created=iso_date(_string(entry.get("content_created"))),
        version_created=iso_date(_string(entry.get("version_created"))),
        language=_string(entry.get("language")),
        creditline=_string(entry.get("creditline")),
        copyright_holder=_string(entry.get("copyrightnotice")),
        usage_terms=_string(entry.get("usageterms")),
        ednote=" ".join(
            str(note.get("ednote"))
            for note in entry.get("ednotes") or []
            if isinstance(note, Mapping)
            and "editorialnote" in str(note.get("role") or "")
            and note.get("ednote")
        )
        or None,
        abstract=_string(entry.get("teaser")),
        subheadlines=[line for line in (kicker, subhead) if line],
        dateline=dateline.strip(" -–—") if dateline else None,
    )
    markup = _string(entry.get("article_html")) or ""
    wire.body_html = sanitized_html(markup) if markup else None
    paragraphs = html_paragraphs(markup)
    if dateline and paragraphs:  # "Berlin (dpa) - " opens the first paragraph, as printed
        paragraphs[0] = f"{dateline.rstrip()} {paragraphs[0]}"
    held = set_embargo(wire, _string(entry.get("embargoed")))
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=_string(entry.get("headline")),
        byline=_string(entry.get("byline")),
        paragraphs=paragraphs,
        document=json.dumps(entry, ensure_ascii=False),
        notes=held,
    )


def _string(value: Any) -> str | None:
    """A text field as sent, trimmed (its line breaks kept: the body's HTML, the usage terms in
    two languages), where ninjs's ``string`` collapses them."""
    return value.strip() or None if isinstance(value, str) else None
