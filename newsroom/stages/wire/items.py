"""A story read from any wire format, as the item the pipeline processes."""

from __future__ import annotations

from collections.abc import Sequence

from newsroom.core.models import RawItem, WireInfo


def wire_item(
    wire: WireInfo,
    *,
    origin: str,
    source: str,
    headline: str | None,
    byline: str | None,
    paragraphs: Sequence[str],
    document: str,
    notes: Sequence[str] = (),
) -> RawItem:
    """The item of one story: stored under its provider (else the input's source) and its GUID,
    dated when the agency created this version, with the original document kept for audit."""
    date = wire.version_created or wire.first_created
    return RawItem(
        source=wire.provider or source,
        key=wire.guid,
        origin=origin,
        text="\n\n".join(paragraphs) or None,
        title=headline,
        date=date,
        date_source="wire" if date else None,
        byline=byline,
        wire=wire,
        document=document,
        notes=list(notes),
    )
