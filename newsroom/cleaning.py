"""Text cleaning: Unicode, whitespace, control characters and paragraphs.

The result has NFC-normalized text, one space between words, no control characters, and
paragraphs separated by one blank line. Mojibake (UTF-8 read as cp1252, ``Ã©``) is repaired with
ftfy when the text shows its marks. Glued words are split afterwards, for English text, by
:mod:`newsroom.spacing`.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

# C0 and C1 control characters except tab and newline, plus zero-width and BOM characters.
CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff]")
HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
MOJIBAKE_MARKS = re.compile("[ÃÂâ][\u0080-\u00bf€™œ“”žŸ]")
INDENTED_LINE = re.compile(r"\n(?=[ \t]{2,}\S)")


def clean_text(text: str) -> str:
    """Clean article text: Unicode, control characters, whitespace and paragraphs."""
    if MOJIBAKE_MARKS.search(text):
        text = ftfy.fix_text(text, normalization="NFC")
    else:
        text = unicodedata.normalize("NFC", text)
    text = LINE_BREAKS.sub("\n", text)
    text = CONTROL_CHARS.sub("", text)
    paragraphs = split_paragraphs(text)
    return "\n\n".join(paragraphs)


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines (or on indented lines, the old wire convention); join wrapped lines."""
    if "\n\n" not in text:
        if INDENTED_LINE.search(text):
            text = INDENTED_LINE.sub("\n\n", text)
        elif _long_lines(text):
            text = text.replace("\n", "\n\n")
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text):
        block = HORIZONTAL_SPACE.sub(" ", block.replace("\n", " ")).strip()
        if block:
            paragraphs.append(block)
    return paragraphs


def _long_lines(text: str) -> bool:
    """Whether single newlines separate paragraphs (long lines) rather than wrap them."""
    lines = [line for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and sum(map(len, lines)) / len(lines) > 120
