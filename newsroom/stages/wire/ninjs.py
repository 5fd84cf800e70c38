"""ninjs, IPTC's news in JSON: 1.x (``headline``, ``body_html``/``body_text``, ``byline``) and
2.x/3.x (``headlines``, ``bodies``, ``bylines``, lists of objects with a ``role``).

Identity is ``uri`` (or ``guid``); text items (``type`` text, or none) become stories, pictures
and other media are skipped. A document may hold one item, a list of items, or an object with an
``item`` list (as some feeds send).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from newsroom.core.errors import FormatError
from newsroom.core.models import PUB_STATUSES, RawItem, Skipped, WireInfo, WireSubject
from newsroom.stages.wire.items import wire_item
from newsroom.stages.wire.markup import html_paragraphs, iso_date

TEXT_TYPES = frozenset({"text", "story", "advisory", "composite", ""})
MARKERS = ("headline", "headlines", "body_html", "body_text", "body_xhtml", "bodies")


def looks_like(data: Any) -> bool:
    """Whether a parsed JSON value is ninjs (and not this project's own record format)."""
    if isinstance(data, list):
        return bool(data) and all(isinstance(item, Mapping) and looks_like(item) for item in data)
    if not isinstance(data, Mapping):
        return False
    if isinstance(data.get("item"), list) and "total" in data:  # a feed page of items
        return True
    if _envelope(data) is not None:
        return True
    schema = str(data.get("$schema") or "")
    if "ninjs" in schema:
        return True
    has_identity = any(isinstance(data.get(name), str) for name in ("uri", "guid"))
    return has_identity and any(name in data for name in MARKERS) and "text" not in data


def read(data: Any, *, origin: str, source: str) -> list[RawItem | Skipped]:
    if isinstance(data, Mapping) and isinstance(data.get("item"), list):
        data = data["item"]
    elif isinstance(data, Mapping) and (items := _envelope(data)) is not None:
        data = items
    if isinstance(data, list):
        return [
            _item(item, origin=f"{origin}[{index}]", source=source)
            for index, item in enumerate(data)
        ]
    return [_item(data, origin=origin, source=source)]


def _envelope(data: Mapping[str, Any]) -> list[Any] | None:
    """The items of an AP Media API response (ninjs inside ``data.item`` or ``data.items``)."""
    body = data.get("data")
    if "api_version" not in data or not isinstance(body, Mapping):
        return None
    if isinstance(body.get("item"), Mapping):
        return [body["item"]]
    if isinstance(body.get("items"), list):
        return [
            entry["item"] if isinstance(entry, Mapping) and "item" in entry else entry
            for entry in body["items"]
        ]
    return None


def _item(item: Any, *, origin: str, source: str) -> RawItem | Skipped:
    if not isinstance(item, Mapping):
        raise FormatError(origin, f"a ninjs item must be an object, not {type(item).__name__}")
    kind = str(item.get("type") or "").lower()
    if kind not in TEXT_TYPES:
        return Skipped(origin, f"a ninjs {kind} item, not text")
    guid = _string(item.get("uri")) or _string(item.get("guid")) or _string(item.get("id"))
    if not guid:
        raise FormatError(origin, "a ninjs item without 'uri' or 'guid'")
    status = str(item.get("pubstatus") or "usable").lower()
    located = item.get("located") or _city(item.get("datelinelocation"))
    wire = WireInfo(
        format="ninjs",
        guid=guid,
        version=_int(item.get("version")),
        pub_status=status if status in PUB_STATUSES else "usable",
        signal=[str(signal) for signal in _list(item.get("signal") or item.get("signals"))],
        urgency=_int(item.get("urgency")),
        provider=_name(item.get("provider")) or _name(item.get("source")),
        embargoed_until=iso_date(_string(item.get("embargoed"))),
        slugline=_string(item.get("slugline")),
        subjects=[
            subject
            for value in _list(item.get("subject"))
            if (subject := _subject(value)) is not None
        ],
        first_created=iso_date(_string(item.get("firstcreated"))),
        version_created=iso_date(_string(item.get("versioncreated"))),
        language=_string(item.get("language")),
        genre=[name for value in _list(item.get("genre")) if (name := _name(value))],
        keywords=[str(value) for value in _list(item.get("keywords")) if value],
        copyright_holder=_string(item.get("copyrightholder")),
        usage_terms="; ".join(str(term) for term in _list(item.get("usageterms"))) or None,
        ednote=_string(item.get("ednote")),
        located=_string(located),
    )
    body = _body(item)
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=_headline(item),
        byline=_byline(item),
        paragraphs=body,
        document=json.dumps(item, ensure_ascii=False),
    )


def _headline(item: Mapping[str, Any]) -> str | None:
    if _string(item.get("headline")):
        return _string(item.get("headline"))
    for headline in _list(item.get("headlines")):  # 2.x: [{"role": "main", "value": ...}]
        if isinstance(headline, Mapping) and headline.get("role", "main") == "main":
            return _string(headline.get("value"))
    return None


def _byline(item: Mapping[str, Any]) -> str | None:
    if _string(item.get("byline")):
        return _string(item.get("byline"))
    names = [
        _string(by.get("byline")) or _name(by)
        for by in _list(item.get("bylines"))
        if isinstance(by, Mapping)
    ]
    return "; ".join(name for name in names if name) or None


def _body(item: Mapping[str, Any]) -> list[str]:
    for name in ("body_html", "body_xhtml"):
        if _string(item.get(name)):
            return html_paragraphs(str(item[name]))
    if _string(item.get("body_text")):
        return _text_paragraphs(str(item["body_text"]))
    bodies = [body for body in _list(item.get("bodies")) if isinstance(body, Mapping)]
    main = [body for body in bodies if body.get("role", "main") == "main"] or bodies
    for body in main:  # 2.x/3.x: [{"role", "contenttype", "value"}]
        value = body.get("value")
        if isinstance(value, str) and value.strip():
            html = "html" in str(body.get("contenttype") or "text/html")
            return html_paragraphs(value) if html else _text_paragraphs(value)
    return []


def _text_paragraphs(value: str) -> list[str]:
    blocks = [" ".join(block.split()) for block in value.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block]


def _subject(value: Any) -> WireSubject | None:
    if not isinstance(value, Mapping):
        return None
    code = _string(value.get("code")) or _string(value.get("qcode")) or _string(value.get("uri"))
    if not code:
        return None
    scheme = _string(value.get("scheme"))
    if ":" not in code and scheme:  # {"code": "04000000", "scheme": "subj"}
        code = f"{scheme.rstrip('/').rsplit('/', 1)[-1]}:{code}"
    if code.startswith("http://cv.iptc.org/newscodes/mediatopic/"):
        code = "medtop:" + code.rstrip("/").rsplit("/", 1)[-1]
    elif code.startswith("http://cv.iptc.org/newscodes/subjectcode/"):
        code = "subj:" + code.rstrip("/").rsplit("/", 1)[-1]
    return WireSubject(code=code, name=_name(value))


def _name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        return _string(value.get("name")) or _string(value.get("literal"))
    return _string(value)


def _city(value: Any) -> str | None:
    return _string(value.get("city")) if isinstance(value, Mapping) else None


def _string(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _int(value: Any) -> int | None:
    text = _string(value)
    return int(text) if text and text.isdigit() else None
