"""ANPA-1312 and IPTC 7901: the control-character wire formats.

ANPA-1312 (AP)::

    SYN SYN SOH  W2870 US asian                    service, sequence, selector
    f l DC3 DC1 BC-LT--Argentina-CancerB 1stLd-Writethru  11-13 1049
                priority, category, format, keyword (+ version), date, word count
    STX ^slug,words<  ^Headline<  ^AP Photo...<  ^Eds: ...<  ^By NAME=  ^Associated Press=
        TAB + spaces: a paragraph ...
    ETX AP-WF-11-13-13 1509GMT<  ... EOT

IPTC 7901 (dpa)::

    SOH eca062 4 i 211 ccccb   dpa 061               service+sequence, priority, category,
                                                     word count, originator, number
    Germany-politics/                                keyword (slugline)
    STX REFILE / 1ST LEAD (flags) / Headline / By ... =
        paragraphs separated by a blank line, lines wrapped with CRLF
    ETX 131137 GMT Nov 13                            day, time, month, year

The text is ASCII or Latin-1. Neither format carries a GUID: a story's identity is its keyword and
date (and the originator), so that its leads (``1stLd-Writethru``, ``1ST LEAD``) are versions of
one story; the lead is the take key (``wire.take_key``).

As takes arrive:

- a line may send fill before the take (SYN idles, DEL, blank lines): it is skipped;
- dpa also sends 7901 takes with no control characters at all: the header line's shape, then
  the keyword line, the headline block ending `` =``, the text and the sign-off. Such a take is
  told by its header line and that `` =`` together, so an article that merely opens with
  numbers is not mistaken for one;
- control characters in the text that are no part of the format's structure (DEL, C0 codes,
  C1 codes 0x80-0x9F from Latin-1) are dropped; the ones ANPA tables use as tab stops and space
  bands become spaces.

Priority: ``wire.priority`` is the take's own priority code, 1 the most pressing; ``wire.urgency``
is its meaning on the IPTC urgency scale (1 highest, 5 normal, 9 lowest):

====================  ========  =======
code                  priority  urgency
====================  ========  =======
ANPA ``f`` flash      1         1
ANPA ``b`` bulletin   2         2
ANPA ``u`` urgent     3         3
ANPA ``r`` regular    4         5
ANPA ``d`` deferred   5         7
7901 digit *n*        *n*       *n*
====================  ========  =======

An ANPA code of no other letter has neither. A 7901 digit is kept as sent in both, as this
reader always has (dpa sends 4 for routine copy, 3 for leads and extras).
"""

from __future__ import annotations

import datetime as dt
import re

from newsroom.core.errors import FormatError
from newsroom.core.models import RawItem, WireInfo, WireSubject
from newsroom.stages.wire.items import wire_item

SOH, STX, ETX, EOT = "\x01", "\x02", "\x03", "\x04"
FILL = "\x16\x7f\r\n\t "  # sent before a take: SYN idles, DEL fill, blank lines
# Control characters in a take's text: tab stops and space bands become spaces, the rest go.
# Regular expressions, not str.translate: that looks each character of a text that is not
# ASCII up in its table, and takes are Latin-1 (a take's reading cost twice as much).
DROPPED_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e\x0f\x11-\x1d\x7f-\x9f]")
SPACING_CONTROLS = re.compile("[\x10\x1e\x1f]")
# ANPA line 2: priority, category, two format codes, keyword (+ version), MM-DD, word count.
ANPA_HEADER = re.compile(
    r"^(?P<priority>\w) (?P<category>\w)(?:[\x11-\x14]{2} ?| +)(?P<keyword>\S+)"
    r"(?: (?P<version>\S+))?\s+(?P<month>\d\d)-(?P<day>\d\d)(?: (?P<words>\d+))?\s*$"
)
# Kyodo's English service sends ANPA takes with no control characters: the service line
# ("a0105KYODOkoko-"), the header line, the keyword and headline lines, paragraphs indented with
# spaces, then "==Kyodo" and a desk, time and date line ("KWS-21:37-09-12-18": day, month, year).
PLAIN_ANPA_SERVICE = re.compile(r"^[a-z]\d{4}[A-Za-z]\S*\s*$")
PLAIN_ANPA_END = re.compile(r"^==(?P<agency>[A-Za-z][\w ]*?)\s*$")
PLAIN_ANPA_STAMP = re.compile(r"^[A-Z]{2,5}-\d\d:\d\d-(?P<dd>\d\d)-(?P<mm>\d\d)-(?P<yy>\d\d)\s*$")
ANPA_TRAILER = re.compile(r"(?P<agency>[A-Z]+)-\w+-(?P<mm>\d\d)-(?P<dd>\d\d)-(?P<yy>\d\d)")
ANPA_PRIORITIES = {"f": 1, "b": 2, "u": 3, "r": 4, "d": 5}  # the code's rank (see above)
ANPA_URGENCIES = {"f": 1, "b": 2, "u": 3, "r": 5, "d": 7}
# IPTC 7901 header: service+sequence (dpa: "eca062", or "dpa 0123"; Belga: "INT012"), priority,
# category, word count, then optional information holding the originator and its number ("dpa
# 061", "F BELGA-0042", and " COR 703" after it for a correction).
IPTC_HEADER = re.compile(
    r"^(?P<service>[A-Za-z]+) ?(?P<sequence>\d+) (?P<priority>\d) (?P<category>[A-Za-z]{1,3}) "
    r"(?P<words>\d+)\b(?P<optional>.*?)\s(?P<originator>[A-Za-z][\w-]*?)(?P<joint>[ -])"
    r"(?P<number>\d+)(?P<correction> COR \d+)?\s*$"
)
# The end of a Belga take: "./." alone or with the desk's initials ("./.CVN"), or the initials
# on a line of their own ("VDH/FUL/").
END_MARK = re.compile(r"\n[ \t]*(?:\./\.[A-Z]*|(?:[A-Z]{2,5}/)+)[ \t]*\Z")
# A paragraph of Belga's copy opens with an indent on a new line, with no blank line before it.
INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")
# A version mark closing a Belga headline: "(2)", "(3DER)" (the last), "(1LEAD)", or a correction
# ("(CORRECT)", "(RECTIFICATIF)", Dutch "(CORRECTIE)").
HEADLINE_MARK = re.compile(
    r"\s*\((?:(?P<version>\d+)(?:DER|LEAD)?|(?P<correction>CORRECT|RECTIFICATIF|CORRECTIE))\)$"
)
# The stamp of a telex session that opens a day's file of takes: "[31-JUL-97  00:00]".
TELEX_STAMP = re.compile(r"^\[\d\d-[A-Z]{3}-\d\d\s+\d\d:\d\d\]\s*$")
# Where a take of a file of several, sent without control characters, begins: its header line
# (a day's file of Belga's wire holds some 250, each ended by "./." and its date-time group).
TAKE_START = re.compile(r"^(?=[A-Za-z]+ ?\d+ \d [A-Za-z]{1,3} \d+\b[^\n]*\n[^\n]*/[ \t]*$)", re.M)
IPTC_TRAILER = re.compile(
    r"^(?P<day>\d\d)(?P<hour>\d\d)(?P<minute>\d\d)(?P<gmt> GMT)? (?P<month>\w{3}) (?P<yy>\d\d)"
)
# dpa's notepad after the story ("Notizblock", "# Notizblock" as dpa's converters write it):
# notes to editors, contacts and links, not text.
NOTEPAD = re.compile(r"#*\s*Notizblock\s*", re.IGNORECASE)
URGENT_FLAG = re.compile(r"\(?\s*Eil\s*\)?", re.IGNORECASE)  # dpa's "(Eil)": urgent, no take
# The end of a 7901 headline block: " =" closing a line (flags, headline, byline).
IPTC_BLOCK_END = re.compile(r"\S ?=[ \t]*\r?$", re.MULTILINE)
MONTHS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
MONTHS.update({"mrz": 3, "mai": 5, "okt": 10, "dez": 12})
MAX_HEADER_LINE = 300  # an unmarked header line longer than this is text, not a headline
LEAD = re.compile(r"(?i)(\d+)(?:st|nd|rd|th)\s*(?:ld|lead)")
KILLS = re.compile(r"(?i)\b(?:kill|elimination|withdrawal|mandatory\s+kill)\b")
CORRECTIONS = re.compile(r"(?i)\b(?:correction|corrective|corrected|refile)\b")
NOT_FOR_PUBLICATION = re.compile(
    r"(?im)^(?:[#*\s]*dpa notebook|# notebook|the following information is not)"
)


def is_take(data: str) -> bool:
    """ANPA-1312 or IPTC 7901 copy, told from its opening (``data`` may be only the first
    couple of thousand characters)."""
    return is_anpa(data) or is_iptc7901(data)


def is_anpa(data: str) -> bool:
    """SYN SYN SOH opens AP's ANPA; a bare SOH with a unit separator in its first line, others;
    with no control characters at all, a service line and a header line (Kyodo's)."""
    head = data[:2048]
    opening = head.lstrip(FILL)
    first_line = opening.split("\n", 1)[0]
    synced = "\x16" in head[: len(head) - len(opening)]
    return (opening.startswith(SOH) and (synced or "\x1f" in first_line)) or _plain_anpa(opening)


def _plain_anpa(opening: str) -> bool:
    lines = opening.replace("\r\n", "\n").split("\n", 2)
    return (
        len(lines) > 2
        and PLAIN_ANPA_SERVICE.match(lines[0]) is not None
        and ANPA_HEADER.match(lines[1]) is not None
    )


def is_iptc7901(data: str) -> bool:
    """SOH, a first line with no unit separator and STX; or, sent with no control characters,
    a 7901 header line and a headline block ending `` =``."""
    opening = data[:2048].lstrip(FILL)
    first_line, _, rest = opening.partition("\n")
    if opening.startswith(SOH):
        return "\x1f" not in first_line and STX in opening
    if TELEX_STAMP.match(first_line):  # a day's file of takes opens with the session's stamp
        first_line, _, rest = rest.lstrip(FILL).partition("\n")
    if IPTC_HEADER.match(first_line) is None:
        return False
    keyword = rest.lstrip().partition("\n")[0].rstrip()
    return IPTC_BLOCK_END.search(rest) is not None or keyword.endswith("/")


def _without_controls(text: str) -> str:
    """A take's text without the control characters that are no part of its words: tab stops
    and space bands (DLE, RS, US) as spaces, the other C0 codes but tab, line feed and carriage
    return, DEL and the C1 codes dropped."""
    return SPACING_CONTROLS.sub(" ", DROPPED_CONTROLS.sub("", text))


def read_anpa(data: str, *, origin: str, source: str) -> RawItem:
    lines = data.lstrip(FILL).lstrip(SOH).replace("\r\n", "\n").split("\n")
    header = ANPA_HEADER.match(lines[1]) if len(lines) > 1 else None
    if header is None:
        raise FormatError(
            origin,
            "not an ANPA-1312 header: expected priority, category, keyword and date on line 2",
        )
    plain = STX not in data and _plain_anpa(data.lstrip(FILL))
    if plain:
        body, provider, day = _plain_anpa_body(lines[2:])
    else:
        body = data[data.index(STX) + 1 :] if STX in data else ""
        body, _, trailer = body.partition(ETX)
        trailer_match = ANPA_TRAILER.search(trailer)
        year = 2000 + int(trailer_match["yy"]) if trailer_match else None
        day = _date(year, int(header["month"]), int(header["day"]))
        provider = trailer_match["agency"] if trailer_match else None
    body = _without_controls(body)
    headers, paragraphs = _anpa_text(body, plain=plain)
    headline = headers[1] if len(headers) > 1 and headers[1] != "END" else None
    byline = " ".join(line for line in headers[2:] if line.startswith("By ")) or None
    version_text = header["version"] or ""
    keyword = header["keyword"]
    wire = WireInfo(
        format="anpa",
        guid=f"{provider or 'anpa'}:{keyword}:{day.isoformat() if day else header['month']}",
        version=_lead(version_text),
        pub_status="canceled" if KILLS.search(version_text) else "usable",
        signal=_signals(version_text),
        urgency=ANPA_URGENCIES.get(header["priority"].lower()),
        priority=ANPA_PRIORITIES.get(header["priority"].lower()),
        take_key=version_text or None,
        provider=provider,
        slugline=f"{keyword} {version_text}".strip(),
        subjects=[WireSubject(code=f"a1312cat:{header['category']}")],
        version_created=day.isoformat() if day else None,
        ednote=next((line for line in headers if line.startswith("Eds:")), None),
    )
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=byline,
        paragraphs=paragraphs,
        document=data,
    )


def _plain_anpa_body(lines: list[str]) -> tuple[str, str | None, dt.date | None]:
    """A plain ANPA take's body (past its service and header lines) without its end lines, the
    agency its ``==`` line names, and the date its stamp line gives (day, month, year)."""
    provider = day = None
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    if lines and (stamp := PLAIN_ANPA_STAMP.match(lines[-1])):
        day = _date(2000 + int(stamp["yy"]), int(stamp["mm"]), int(stamp["dd"]))
        lines = lines[:-1]
    if lines and (end := PLAIN_ANPA_END.match(lines[-1])):
        provider = end["agency"]
        lines = lines[:-1]
    return "\n".join(lines), provider, day


def _anpa_text(body: str, *, plain: bool = False) -> tuple[list[str], list[str]]:
    """The header lines, and the paragraphs (TAB-indented; a line ending in a quad code, ``=``
    or ``<``, is a line of its own, as table rows are).

    Header lines open the take before its first paragraph: AP marks each with ``^``, but some
    takes send a line without it (the headline, most often). Such a line is not indented and
    ends in a quad code, or comes after the keyword line right before the first paragraph; it
    is taken as a header line too, so the headline stays the title and the text opens with its
    dateline."""
    headers: list[str] = []
    paragraphs: list[str] = []
    current: list[str] = []
    lines = body.replace("\r\n", "\n").split("\n")
    indents = ("\t", "   ") if plain else ("\t",)  # a plain take indents with spaces
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        opening = not paragraphs and not current
        if opening and (
            _header_line(line, headers, following) or (plain and line.strip() and line[:1] != " ")
        ):
            headers.append(line.strip().removeprefix("^").strip().rstrip("<=+").strip())
            continue
        if line.startswith(indents) or not line.strip():
            if current:
                paragraphs.append(" ".join(current))
            current = [line.strip()] if line.strip() else []
            continue
        stripped = line.strip().lstrip("^")
        current.append(stripped.rstrip("<="))
        if stripped.endswith(("=", "<")):  # quad left: the line ends here (a table row)
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    paragraphs = [paragraph for paragraph in paragraphs if paragraph.strip("_ ")]
    if not paragraphs and len(headers) > 2:  # a list of headlines (^ lines) is the text
        paragraphs = headers[2:]
    return headers, paragraphs


def _header_line(line: str, headers: list[str], following: str) -> bool:
    """Whether a line before the first paragraph is a header line: marked with ``^``; or not
    indented and ending in a quad code; or, after the keyword line, not indented, with no quad
    code, and followed at once by the first (TAB-indented) paragraph: an unmarked headline."""
    if line.startswith("^"):
        return True
    stripped = line.rstrip()
    if line[:1].isspace() or len(stripped) > MAX_HEADER_LINE or stripped.strip("<= ") == "":
        return False
    return stripped.endswith(("<", "=")) or (bool(headers) and following.startswith("\t"))


def read_iptc7901(data: str, *, origin: str, source: str) -> RawItem:
    head_lines, body, trailer = _iptc_parts(data.lstrip(FILL).lstrip(SOH))
    header = IPTC_HEADER.match(head_lines[0]) if head_lines else None
    if header is None:
        raise FormatError(
            origin,
            "not an IPTC 7901 header: expected service, priority, "
            "category, word count and originator on the first line",
        )
    keyword = head_lines[1].rstrip("/").strip() if len(head_lines) > 1 else None
    trailer_match = IPTC_TRAILER.match(trailer.strip())
    day = None
    if trailer_match and trailer_match["month"].lower()[:3] in MONTHS:
        day = _date(
            2000 + int(trailer_match["yy"]),
            MONTHS[trailer_match["month"].lower()[:3]],
            int(trailer_match["day"]),
        )
    flags, headline, byline, paragraphs = _iptc_text(
        _without_controls(body), originator=header["originator"]
    )
    flags = [flag for flag in flags if not URGENT_FLAG.fullmatch(flag)]
    notepad = next((n for n, text in enumerate(paragraphs) if NOTEPAD.fullmatch(text)), None)
    ednote = None
    if notepad is not None:
        ednote = " ".join(" ".join(paragraphs[notepad + 1 :]).split()) or None
        paragraphs = paragraphs[:notepad]
    belga = header["joint"] == "-"  # "BELGA-0042": Belga's header, marks and identity
    mark = HEADLINE_MARK.search(headline) if headline and belga else None
    if headline and mark:
        headline = headline[: mark.start()]
        flags.append(mark.group().strip())
    # dpa's leads share a keyword and a day, and are versions of one story; Belga's slugline
    # ("FOOTBALL/") is shared by the day's stories of a kind, so its headline names the story.
    story = f":{headline}" if belga and headline else ""
    wire = WireInfo(
        format="iptc7901",
        guid=f"{header['originator']}:{keyword or header['service']}:"
        f"{day.isoformat() if day else header['sequence']}{story}",
        version=next((_lead(flag) for flag in flags if _lead(flag)), None)
        or (int(mark["version"]) if mark and mark["version"] else None),
        pub_status="canceled" if any(KILLS.search(flag) for flag in flags) else "usable",
        signal=[signal for flag in flags for signal in _signals(flag)]
        + (["correction"] if header["correction"] or (mark and mark["correction"]) else []),
        urgency=int(header["priority"]),
        priority=int(header["priority"]),
        take_key=" / ".join(flags) or None,
        provider=header["originator"],
        slugline=keyword,
        subjects=[WireSubject(code=f"iptc7901cat:{header['category'].lower()}")],
        version_created=_trailer_time(trailer_match, day),
        ednote=ednote,
    )
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=headline,
        byline=byline,
        paragraphs=paragraphs,
        document=data,
    )


def _trailer_time(trailer: re.Match[str] | None, day: dt.date | None) -> str | None:
    """When the take was sent, from its date-time group: ``141137 GMT Sep 23`` is 11:37 UTC on
    the 14th; without ``GMT`` the time's zone is not said, and the day alone is kept."""
    if day is None or trailer is None:
        return None
    if not trailer["gmt"]:
        return day.isoformat()
    try:
        moment = dt.datetime.combine(
            day, dt.time(int(trailer["hour"]), int(trailer["minute"])), tzinfo=dt.UTC
        )
    except ValueError:  # "251061": no time
        return day.isoformat()
    return moment.isoformat()


def split_takes(text: str) -> list[str]:
    """The takes of a 7901 document: one, or each of a file of several sent without control
    characters (each from its header line, as :data:`TAKE_START` finds it) or with them (each
    from its SOH)."""
    if text.lstrip(FILL).startswith(SOH):
        starts = [match.start() for match in re.finditer(SOH, text)]
    else:
        starts = [match.start() for match in TAKE_START.finditer(text)]
    if len(starts) < 2:
        return [text[starts[0] :]] if starts and starts[0] else [text]  # past a session stamp
    return [text[start:end] for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def _iptc_parts(take: str) -> tuple[list[str], str, str]:
    """A 7901 take (past its SOH) as its head's lines (header, keyword), its body and its
    trailer. STX and ETX divide them; a take sent without control characters has its header
    line and keyword line (the second, unless it already ends the headline block with ``=``)
    for a head, and for a trailer its last line when that is a date line."""
    take = take.replace("\r\n", "\n")
    head, stx, rest = take.partition(STX)
    if not stx:
        lines = take.split("\n")
        opening = [index for index, line in enumerate(lines) if line.strip()][:2]
        if len(opening) == 2 and lines[opening[1]].rstrip().endswith("="):
            opening = opening[:1]
        cut = opening[-1] + 1 if opening else 0
        head, rest = "\n".join(lines[:cut]), "\n".join(lines[cut:]).lstrip("\n")
    body, etx, trailer = rest.partition(ETX)
    if not etx:
        last = body.rstrip().rpartition("\n")
        if IPTC_TRAILER.match(last[2].strip()):
            body, trailer = last[0], last[2]
    head_lines = [line.strip() for line in head.split("\n") if line.strip()]
    return head_lines, body, trailer


def _iptc_text(
    body: str, *, originator: str
) -> tuple[list[str], str | None, str | None, list[str]]:
    """Flags (REFILE, 1ST LEAD), headline, byline and paragraphs of an IPTC 7901 text."""
    body = body.replace("\r\n", "\n")
    head, blank, after = body.partition("\n\n")
    block, separator, text = body.partition(" =\n")
    if blank and head.rstrip().endswith("="):  # flags, headline and bylines, each may end in =
        block, text = head, after
    elif not separator:  # no headline block: all text
        block, text = "", body
    if not block and blank and head[:1].strip() and after.lstrip("\n")[:1] in (" ", "\t"):
        block, text = head, after  # Belga: the headline alone, then indented paragraphs
    text = text.rstrip()
    while (end := END_MARK.search(text)) is not None:  # "./.CVN", then "./."
        text = text[: end.start()].rstrip()
    lines = [line.strip().rstrip("=").strip() for line in block.split("\n") if line.strip()]
    bylines = [line for line in lines if line.startswith("By ")]
    rest = [line for line in lines if not line.startswith("By ")]
    headline = rest[-1] if rest else None
    flags = rest[:-1]
    cut = NOT_FOR_PUBLICATION.search(text)
    if cut:
        text = text[: cut.start()]
    parts = [piece for part in re.split(r"\n\s*\n", text) for piece in INDENTED_LINE.split(part)]
    paragraphs = [" ".join(part.split()) for part in parts]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph.strip("* ")]
    if paragraphs and _sign_off(paragraphs[-1], originator):
        paragraphs.pop()
    return flags, headline, "; ".join(bylines) or None, paragraphs


def _sign_off(paragraph: str, originator: str) -> bool:
    """The editors' initials at the end: ``dpa wsz jln npr`` (other desks' sign-offs, SDA's
    ``(SDA/mf ba)``, are :func:`~newsroom.stages.wire.items.wire_item`'s to drop)."""
    words = paragraph.split()
    return (
        bool(words)
        and words[0] == originator.split("-")[0]
        and all(len(word) <= 4 and word.islower() for word in words[1:])
    )


def _lead(text: str) -> int | None:
    match = LEAD.search(text)
    return int(match.group(1)) if match else None


def _signals(text: str) -> list[str]:
    signals = []
    if LEAD.search(text) or "writethru" in text.lower():
        signals.append("update")
    if CORRECTIONS.search(text):
        signals.append("correction")
    return signals


def _date(year: int | None, month: int, day: int) -> dt.date | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
