"""Copy framed by ``ZCZC`` and ``NNNN``: the teleprinter's start and end of message, as AAP's
feeds still send it (``.tst`` files: press releases from Medianet, broadcast copy, racing fields,
results and weights).

After the ``ZCZC`` line (``ZCZC``, ``ZCZC AAP``, ``ZCZC FMG000``) come header lines, each a sign
in its first column and a value (``#Darwin Grey``, ``$Legionella found in Qld hospital``,
``*07000000``), or a routing line (``YY TDR``); the first line that is neither opens the text,
which runs to ``NNNN`` (or the end). What most signs mean differs from feed to feed (``$`` is a
one-letter category in one and the headline in another; ``:`` a slugline, a take key, a headline
or a place), so only what holds in every feed is read, and nothing is guessed from the rest:

- ``^`` is the headline, and so is a ``$`` whose value has several words;
- ``#`` is the slugline, and with a ``:`` value after it names the story (``#Wagga Trot`` and
  ``:VIC TAB DIVS 1-4 Friday``: "Wagga Trot VIC TAB DIVS 1-4 Friday") where no headline is sent;
- a value of eight digits (``*07000000``, ``+15030001``) is an IPTC subject;
- ``AAP`` on the ``ZCZC`` line names the provider.

No identity is sent: a file is its own (its name, as AAP names them, ``ED_841066_2_1.tst``), and
no time: the story is dated by the input, where it is dated at all. Paragraphs are blocks apart
by a blank line; a block of lines longer than a wrapped line's (a release's paragraphs, one a
line) is a paragraph a line; the rest (tables of fields and results) keep their lines. A last
line of AAP's sign-off (``AAP FIELDS``, ``AAP RESULTS``) is dropped.
"""

from __future__ import annotations

import re

from newsroom.core.models import RawItem, WireInfo, WireSubject
from newsroom.stages.wire.items import wire_item

START = re.compile(r"\A\s*ZCZC(?![^\s])")
SIGNS = frozenset("%#$:*@~+=^&")
ROUTING = re.compile(r"(?:YY|HH) \S+\s*")  # the racing system's destination lines
END = "NNNN"
SIGN_OFF = re.compile(r"AAP(?: [A-Z]+)+")
SUBJECT = re.compile(r"[0-9]{8}")
LONG_LINE = 100  # longer than a line wrapped for the wire: a paragraph on one line


def is_zczc(data: str) -> bool:
    """Whether a document opens with a ``ZCZC`` line."""
    return START.match(data[:256]) is not None


def read_zczc(data: str, *, origin: str, source: str) -> RawItem:
    """The story of a ZCZC-framed document (see the module's description)."""
    lines = re.split(r"\r\n|\r|\n", data)
    start = next(n for n, line in enumerate(lines) if line.strip().startswith("ZCZC"))
    header: list[tuple[str, str]] = []
    n = start + 1
    while n < len(lines):
        line = lines[n]
        if line.strip() and line[0] not in SIGNS and not ROUTING.fullmatch(line):
            break
        if line.strip() and line[0] in SIGNS:
            header.append((line[0], line[1:].strip()))
        n += 1
    body = []
    for line in lines[n:]:
        if line.strip() == END:
            break
        body.append(line.rstrip())
    while body and not body[-1].strip():
        body.pop()
    if body and SIGN_OFF.fullmatch(body[-1].strip()):
        body.pop()
    values = dict(header)  # the last value of each sign
    slugline = values.get("#") or None
    wire = WireInfo(
        format="zczc",
        guid=origin,
        provider="AAP" if "AAP" in lines[start].split() else None,
        slugline=slugline,
        subjects=[
            WireSubject(code=f"iptc:{value}") for _, value in header if SUBJECT.fullmatch(value)
        ],
    )
    return wire_item(
        wire,
        origin=origin,
        source=source,
        headline=_headline(values, slugline),
        byline=None,
        paragraphs=_paragraphs(body),
        document=data,
    )


def _headline(values: dict[str, str], slugline: str | None) -> str | None:
    if values.get("^"):
        return values["^"]
    if len(values.get("$", "").split()) > 1:
        return values["$"]
    if slugline and values.get(":"):
        return f"{slugline} {values[':']}"
    return None


def _paragraphs(body: list[str]) -> list[str]:
    """Blocks apart by a blank line; a block of long lines is a paragraph a line."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*body, ""]:
        if line.strip():
            block.append(line.strip())
            continue
        if block:
            if max(map(len, block)) > LONG_LINE:
                paragraphs.extend(block)
            else:
                paragraphs.append("\n".join(block))
            block = []
    return paragraphs
