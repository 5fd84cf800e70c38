"""A story read from any wire format, as the item the pipeline processes."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsroom.core.models import RawItem, WireInfo

# The desk signing a story off after its last paragraph: AFP's staff initials "asl/tib/pid/cac",
# Belga's "VDH/FUL/", SDA/ATS's "(SDA/mf ba)" (sent escaped, "(SDA\/mf ba)", by some feeds).
DESK_SIGN_OFF = re.compile(
    r"(?:[a-z]{2,4}/)+[a-z]{2,4}/?|(?:[A-Z]{2,5}/)+|==[A-Z][a-z]+"  # Kyodo's "==Kyodo"
    r"|\((?:[A-Za-z]{2,6})\s*\\?/\s*[a-z]{1,5}(?: [a-z]{1,5})*\)"
)
# A notice to editors opening the text, its first word letter-spaced to stand out: ANP's
# "N i e u w bericht, vervangt: ..." (new story, replaces ...).
SPACED_NOTICE = re.compile(r"(?:\w ){3,}\w\b")
# A mark before a headline that is the desk's, not the story's: ANSA's ">>>ANSA/". (STT's
# "*** TRANSLATED ***" after one says the text is a machine's translation: it is kept.)
HEADLINE_MARKS = re.compile(r"^>+\s*[A-Z]{2,6}/\s*")


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
    paragraphs = _without_sign_off(list(paragraphs), wire.provider)
    if paragraphs and SPACED_NOTICE.match(paragraphs[0]):
        wire.ednote = wire.ednote or paragraphs.pop(0)
    if byline and DESK_SIGN_OFF.fullmatch(byline.strip()):
        byline = None  # staff initials ("daa/mt/msr"), not an author's name
    if headline:
        headline = HEADLINE_MARKS.sub("", headline) or headline
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


def _without_sign_off(paragraphs: list[str], provider: str | None) -> list[str]:
    """The paragraphs less the desk's sign-off after the last one, and the agency's name that
    closes the last sentence ("... unos 500 ejemplares. EFE", from "Agencia EFE")."""
    while paragraphs and DESK_SIGN_OFF.fullmatch(paragraphs[-1].strip()):
        paragraphs.pop()
    if paragraphs and provider:
        head, _, last = paragraphs[-1].rstrip().rpartition(" ")
        if head and head[-1] in '.!?»"”' and last in provider.split():
            paragraphs[-1] = head
    return paragraphs
