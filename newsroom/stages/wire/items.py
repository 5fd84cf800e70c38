"""A story read from any wire format, as the item the pipeline processes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from newsroom.core.models import RawItem, WireInfo

# The desk signing a story off after its last paragraph: AFP's staff initials "asl/tib/pid/cac",
# Belga's "VDH/FUL/", SDA/ATS's "(SDA/mf ba)" (sent escaped, "(SDA\/mf ba)", by some feeds),
# Ritzau's "/ritzau/"; in any script, AFP's Arabic desks' "ففف/ح س/كام"; Lusa's "MA // EA" and
# "Lusa/Fim" (the end).
INITIALS = r"[^\W\d_]{1,5}(?:[ -][^\W\d_]{1,5}){0,5}"  # "ح س", "نور-كام-ريم"
DESK_SIGN_OFF = re.compile(
    r"(?:[a-z]{2,4}/)+[a-z]{2,4}/?|(?:[A-Z]{2,5}/)+|==[A-Z][a-z]+"  # Kyodo's "==Kyodo"
    r"|/[A-Za-z]{2,12}/"
    rf"|(?=[^A-Za-z]+\Z)(?:{INITIALS}/)+{INITIALS}"  # other scripts: Latin has the above
    r"|(?:[A-Z]{1,4} // )+[A-Z]{1,4}|[A-Za-z]{2,15}/Fim"
    r"|\((?:[A-Za-z]{2,6})\s*\\?/\s*[a-z]{1,5}(?: [a-z]{1,5})*\)"
)
# The agency's credit closing the last sentence, in brackets or slashes: ANSA's '...".(ANSA).',
# NTB's "... i landet.(©NTB)", Ritzau's "... landsmand. /ritzau/"; or bare, EFE's "... unos 500
# ejemplares. EFE" and "...fuerte.EFE" (from "Agencia EFE").
CLOSING_CREDIT = re.compile(
    r"(?<=[.!?»\"”])\s*(?:\((?:©[ ]*)?(?P<name>[A-Za-z][\w-]{1,15})\)\.?"
    r"|/(?P<slashed>[A-Za-z][\w-]{1,15})/|(?P<bare>[A-Za-z][\w-]{1,15}))\s*$"
)
# Europa Press's region and section before a headline, each closed by ".-": "ANDALUCÍA.-Córdoba.-
# La DOP Priego de Córdoba acoge...", "EEUU.- Trump dice...".
SECTION_PREFIX = re.compile(r"^(?:[^\s.][^.\n]{0,40}?\.-\s*)+(?=\S)")
# A byline of notes in brackets only: EFE's "(foto) (vídeo)" says pictures go with the story.
NOTES_ONLY = re.compile(r"\s*(?:\([^()]*\)\s*)+")
# A notice to editors opening the text between two rules of dashes: APA's correction notice
# ("---- KORREKTUR-HINWEIS In APA0520 vom 13.04.2015 muss ... ----").
FRAMED_NOTICE = re.compile(r"\s*-{5,}\s*(?P<note>.+?)\s*-{5,}\s*", re.DOTALL)
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
    date = _version_date(wire)
    paragraphs = _without_sign_off(list(paragraphs), wire.provider)
    # a sub-headline the body repeats atop it, under the headline or not (APA's <h2>)
    subheadlines = {_folded(line) for line in wire.subheadlines}
    at = 1 if paragraphs and headline and _folded(paragraphs[0]) == _folded(headline) else 0
    while len(paragraphs) > at and _folded(paragraphs[at]) in subheadlines:
        paragraphs.pop(at)
    if paragraphs and SPACED_NOTICE.match(paragraphs[0]):
        wire.ednote = wire.ednote or paragraphs.pop(0)
    if len(paragraphs) > at and (framed := FRAMED_NOTICE.fullmatch(paragraphs[at])) is not None:
        paragraphs.pop(at)  # APA's "----- KORREKTUR-HINWEIS In APA0520 vom ... -----"
        note = " ".join(framed["note"].split())
        wire.ednote = " ".join(part for part in (note, wire.ednote) if part)
    if byline and (DESK_SIGN_OFF.fullmatch(byline.strip()) or NOTES_ONLY.fullmatch(byline)):
        byline = None  # staff initials ("daa/mt/msr"), or EFE's "(foto) (vídeo)": no author
    if headline:
        headline = HEADLINE_MARKS.sub("", headline) or headline
        rest = SECTION_PREFIX.sub("", headline)
        headline = rest if len(rest.split()) >= 3 else headline
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


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _version_date(wire: WireInfo) -> str | None:
    """When the agency created this version; its first version's time where the version's is
    earlier than that, which no version can be (ANSA's ``versionCreated`` with a wrong offset,
    ``+1000`` for Rome; STT's left from an earlier story)."""
    version, first = wire.version_created, wire.first_created
    if version and first:
        try:
            if dt.datetime.fromisoformat(version) < dt.datetime.fromisoformat(first):
                return first
        except (ValueError, TypeError):  # a date without a time zone against one with
            pass
    return version or first


def _without_sign_off(paragraphs: list[str], provider: str | None) -> list[str]:
    """The paragraphs less the desk's sign-off after the last one, and the agency's name that
    closes the last sentence ("... unos 500 ejemplares. EFE", from "Agencia EFE")."""
    while paragraphs and DESK_SIGN_OFF.fullmatch(paragraphs[-1].strip()):
        paragraphs.pop()
    if paragraphs and provider:
        credit = CLOSING_CREDIT.search(paragraphs[-1])
        if credit and (credit["name"] or credit["slashed"] or credit["bare"]).casefold() in _names(
            provider
        ):
            paragraphs[-1] = paragraphs[-1][: credit.start()]
    return paragraphs


def _names(provider: str) -> set[str]:
    """The names a provider may sign with: its words and its domain's ("ansa.it": ANSA)."""
    return {part for part in re.split(r"[\s.]+", provider.casefold()) if len(part) > 2}
