"""ninjs fields beyond the text, and the JSON values they are read from.

An item's wire data other than its headlines and bodies: where a body sent by reference is
(renditions, ``href``, ``uri``), descriptions (the abstract, a credit line, a caption), the
place a story is from (superdesk's ``located``, AP's ``datelinelocation``, a ``place`` entry's
point and country code), bylines and subjects. Below them, the helpers that read a JSON value
as sent, whatever its type: a string with its spaces collapsed, a list from one value or many,
numbers and versions written as strings, names from ``{"name": ...}`` objects, and objects with
their property names lower-cased (3.x writes camelCase). :mod:`~newsroom.stages.wire.ninjs`
reads items with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from newsroom.core.models import WirePlace, WireSubject
from newsroom.stages.wire.markup import country_code, html_paragraphs

# -- where the text is, descriptions, place, bylines, subjects ------------------------------------


def text_reference(item: Mapping[str, Any]) -> str | None:
    """Where an item without a body says its text is: a rendition's address (a text or NITF
    one first), an ``href``, or an http(s) ``uri``."""
    renditions = renditions_of(item.get("renditions"))
    texty = [href for name, kind, href in renditions if "text" in kind or "nitf" in name + kind]
    href = next(iter(texty), None) or next((href for _, _, href in renditions), None)
    href = href or string(item.get("href"))
    if href:
        return f"the text is at {href} (not fetched)"
    if renditions:
        return "renditions without an address"
    uri = string(item.get("uri")) or ""
    return (
        f"the item is at {uri} (not fetched)" if uri.startswith(("http://", "https://")) else None
    )


def renditions_of(value: Any) -> list[tuple[str, str, str]]:
    """(name, media type, href) of each rendition: a 1.x object by name or a 3.x list."""
    entries = value.items() if isinstance(value, Mapping) else ((None, v) for v in as_list(value))
    found = []
    for name, entry in entries:
        if isinstance(entry, Mapping):
            entry = lowered(entry)
            label = str(name or entry.get("name") or "").lower()
            kind = str(entry.get("mimetype") or entry.get("contenttype") or entry.get("type"))
            found.append((label, kind.lower(), string(entry.get("href")) or ""))
    return [rendition for rendition in found if rendition[2]] + [
        rendition for rendition in found if not rendition[2]
    ]


def description(
    item: Mapping[str, Any], roles: Iterable[str], suffixes: Iterable[str]
) -> str | None:
    """A 1.x ``description_<suffix>`` (the first of ``suffixes`` sent), else a 2.x/3.x
    ``descriptions`` entry with one of ``roles``; HTML read as text."""
    for suffix in suffixes:
        value = string(item.get(f"description_{suffix}"))
        if value:
            return _plain(value) if suffix == "html" else value
    entries = [
        lowered(entry) for entry in as_list(item.get("descriptions")) if isinstance(entry, Mapping)
    ]
    for role in roles:
        for entry in entries:
            if str(entry.get("role") or "").lower() == role and (
                value := string(entry.get("value"))
            ):
                html = "html" in str(entry.get("contenttype") or "")
                return _plain(value) if html else value
    return None


def _plain(html: str) -> str | None:
    return " ".join(html_paragraphs(html)) or None


def located_name(item: Mapping[str, Any]) -> str | None:
    located = item.get("located")
    if isinstance(located, Mapping):  # superdesk: {"city": ..., "country": ...}
        return string(located.get("city")) or name_of(located)
    return string(located) or _city(item.get("datelinelocation"))


def located_place(item: Mapping[str, Any]) -> WirePlace | None:
    """Where the story is from, structured: superdesk's ``located`` object, AP's
    ``datelinelocation``, a ``located`` string (with the coordinates of the ``place``/``places``
    entry of that name, where one is sent)."""
    for value in (item.get("located"), item.get("datelinelocation")):
        if isinstance(value, Mapping):
            entry = lowered(value)
            latitude, longitude = _point(entry)
            city = string(entry.get("city"))
            return WirePlace(
                name=string(entry.get("name")) or city,
                city=city,
                region=string(entry.get("state") or entry.get("countryareaname")),
                country=string(entry.get("country") or entry.get("countryname")),
                country_code=_country_code(entry),
                latitude=latitude,
                longitude=longitude,
            )
    located = string(item.get("located"))
    places = [
        lowered(p)
        for p in as_list(item.get("place") or item.get("places"))
        if isinstance(p, Mapping)
    ]
    match = next(
        (
            place
            for place in places
            if (located and name_of(place) == located)
            or str(place.get("rel") or "").lower().endswith("located")
        ),
        None,
    )
    if match is None:
        return WirePlace(name=located) if located else None
    latitude, longitude = _point(match)
    return WirePlace(name=located or name_of(match), latitude=latitude, longitude=longitude)


def _point(entry: Mapping[str, Any]) -> tuple[float | None, float | None]:
    """Latitude and longitude: ``location: {lat, lon}``, or a GeoJSON point (``geometry_*``,
    ``geojson``: coordinates are longitude first)."""
    location = entry.get("location")
    if isinstance(location, Mapping):
        return _float(location.get("lat")), _float(location.get("lon"))
    for name, value in entry.items():
        if (name.startswith("geometry") or name == "geojson") and isinstance(value, Mapping):
            coordinates = value.get("coordinates")
            if isinstance(coordinates, list) and len(coordinates) >= 2:
                return _float(coordinates[1]), _float(coordinates[0])
            if "lat" in value:
                return _float(value.get("lat")), _float(value.get("lon"))
    return None, None


def _country_code(entry: Mapping[str, Any]) -> str | None:
    code = string(entry.get("country_code") or entry.get("countrycode") or entry.get("code"))
    return country_code(code)


def item_byline(item: Mapping[str, Any]) -> str | None:
    """``byline`` (or ``by``), else the 2.x/3.x ``bylines`` names joined by semicolons."""
    if string(item.get("byline")) or string(item.get("by")):
        return string(item.get("byline")) or string(item.get("by"))
    names = [
        string(by.get("byline")) or name_of(by)
        for by in as_list(item.get("bylines"))
        if isinstance(by, Mapping)
    ]
    return "; ".join(name for name in names if name) or None


def wire_subject(value: Any) -> WireSubject | None:
    """A ``subject`` entry as a qcode (``medtop:...``, ``subj:...``) and its name; None when
    it has no code."""
    if not isinstance(value, Mapping):
        return None
    code = string(value.get("code")) or string(value.get("qcode")) or string(value.get("uri"))
    if not code:
        return None
    scheme = string(value.get("scheme"))
    if ":" not in code and scheme:  # {"code": "04000000", "scheme": "subj"}
        code = f"{scheme.rstrip('/').rsplit('/', 1)[-1]}:{code}"
    if code.startswith("http://cv.iptc.org/newscodes/mediatopic/"):
        code = "medtop:" + code.rstrip("/").rsplit("/", 1)[-1]
    elif code.startswith("http://cv.iptc.org/newscodes/subjectcode/"):
        code = "subj:" + code.rstrip("/").rsplit("/", 1)[-1]
    return WireSubject(code=code, name=name_of(value))


# -- values as sent -------------------------------------------------------------------------------


def lowered(value: Mapping[str, Any]) -> dict[str, Any]:
    """An object with its property names lower-cased (3.x ``pubStatus``, 2.x ``pubstatus``)."""
    return {str(name).lower(): item for name, item in value.items()}


def name_of(value: Any) -> str | None:
    """A name sent as a string or as an object's ``name`` (or ``literal``)."""
    if isinstance(value, Mapping):
        return string(value.get("name")) or string(value.get("literal"))
    return string(value)


def _city(value: Any) -> str | None:
    return string(value.get("city")) if isinstance(value, Mapping) else None


def string(value: Any) -> str | None:
    """A string or number as text, its spaces collapsed; None when empty or anything else."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    return None


def as_list(value: Any) -> list[Any]:
    """A value sent as a list or as one value alone."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def as_int(value: Any) -> int | None:
    """A whole number sent as an integer or a string of digits; None for anything else."""
    text = string(value)
    return int(text) if text and text.isdigit() else None


def as_version(value: Any) -> int | None:
    """A version as sent: ``"2"``, ``2``, ``2.0``, ``"2.0"``; None for anything else."""
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    text = string(value)
    if text and text.endswith(".0"):
        text = text[:-2]
    return int(text) if text and text.isdigit() else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
