"""Text cleaning: Unicode, whitespace, control characters and paragraphs.

The result has NFC-normalized text, one space between words, no control characters, and
paragraphs separated by one blank line. Mojibake (UTF-8 read as cp1252, ``Ã©``) is repaired with
ftfy when the text shows its marks. Glued words are split afterwards, for English text, by
:mod:`newsroom.stages.spacing`.

:func:`check_readable` refuses "text" that is no prose at all, such as megabytes of minified code
or encoded data without a space. (Strings are made storable before they get here, by
:func:`newsroom.core.models.scrub`.)
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from newsroom.core.errors import FormatError
from newsroom.stages.words import UNSPACED

# C0 and C1 control characters except tab and newline, plus zero-width and BOM characters.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff]")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
LINE_BREAK_CHARS = ("\r", "\u2028", "\u2029", "\x85")  # a look for each is cheaper than LINE_BREAKS
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
MOJIBAKE_MARKS = re.compile("[ÃÂâ][\u0080-\u00bf€™œ“”žŸ]")
INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")
# A "word" this long is no word: minified code, base64, a run of one character...
MAX_WORD_CHARS = 200
LONG_RUN = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")
# ...unless it is in a script written without spaces (Chinese, Japanese, Thai, Lao, Khmer,
# Myanmar, Tibetan), where a whole sentence is one run: UNSPACED, the characters that
# newsroom.stages.words counts by length.


def clean_text(text: str) -> str:
    """Clean article text: Unicode, control characters, whitespace and paragraphs."""
    if MOJIBAKE_MARKS.search(text):
        text = ftfy.fix_text(text, normalization="NFC")
    else:
        text = unicodedata.normalize("NFC", text)
    if any(map(text.__contains__, LINE_BREAK_CHARS)):
        text = LINE_BREAKS.sub("\n", text)
    text = CONTROL_CHARS.sub("", text)
    paragraphs = split_paragraphs(text)
    return "\n\n".join(paragraphs)


def check_readable(text: str, origin: str) -> None:
    """Raise FormatError (stage ``clean``) when most of ``text`` is runs of over
    ``MAX_WORD_CHARS`` characters without a space, in a script that separates its words."""
    if len(text) <= MAX_WORD_CHARS or max(map(len, text.split()), default=0) <= MAX_WORD_CHARS:
        return  # no run that long (str.split splits where \s does)
    junk = 0
    for match in LONG_RUN.finditer(text):
        run = match.group()
        if len(UNSPACED.findall(run[:1000])) * 2 < min(len(run), 1000):
            junk += len(run)
    if junk * 2 > len(text):
        raise FormatError(
            origin,
            f"no readable text: {junk:,} of its {len(text):,} characters are in runs of "
            f"over {MAX_WORD_CHARS} characters without a space (code, encoded data?)",
            stage="clean",
        )


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines (or on indented lines, the old wire convention); join wrapped lines.

    ``text`` has no control characters and no line breaks but ``\n`` (as :func:`clean_text`
    leaves it), so the white space left in a paragraph is the horizontal kind (spaces, tabs,
    no-break and CJK spaces): ``str.split`` splits on exactly those, and each run becomes one
    space."""
    if "\n\n" not in text:
        if INDENTED_LINE.search(text):
            text = INDENTED_LINE.sub("\n\n", text)
        elif _long_lines(text):
            text = text.replace("\n", "\n\n")
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text):
        block = " ".join(block.split())
        if block:
            paragraphs.append(block)
    return paragraphs


def _long_lines(text: str) -> bool:
    """Whether single newlines separate paragraphs (long lines) rather than wrap them."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and sum(map(len, lines)) / len(lines) > 120
