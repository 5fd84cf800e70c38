"""Article metadata from cleaned text: title, byline, lede, word count.

The language is :mod:`newsroom.stages.language`'s; words are counted by
:mod:`newsroom.stages.words`, in any script.
"""

from __future__ import annotations

import re

from newsroom.stages.words import count_words

BYLINE = re.compile(r"^By\s+[A-Z][\w.'’-]*(?:[\s,]+[\w.'’&-]+){0,8}$")
SENTENCE_END = re.compile(r"[.!?][”\"’)]?(\s+)(?=[“\"‘(]?[A-Z0-9])")
TERMINAL_PUNCTUATION = frozenset(".!?:;,。！？")
CLOSING_QUOTES = '"”’»」』'  # a sentence's end stands inside them: 'He said "no."', '「…だ。」'
MAX_TITLE_WORDS = 20
MAX_LEDE_CHARS = 400


def take_title(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A short first paragraph without closing punctuation, followed by more text, is a headline.
    A headline may end in a quotation (RIA Novosti: 'проверить сериалы "Слово пацана"'); a
    sentence's closing punctuation stands inside its closing quote."""
    if len(paragraphs) < 2:
        return None, paragraphs
    first = paragraphs[0]
    last = first.rstrip(CLOSING_QUOTES)[-1:] or first[-1]
    headline_like = last not in TERMINAL_PUNCTUATION and not BYLINE.match(first)
    if headline_like and count_words(first) <= MAX_TITLE_WORDS:
        return first, paragraphs[1:]
    return None, paragraphs


def take_byline(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """A leading ``By NAME`` line is the byline; it is removed from the body."""
    if len(paragraphs) >= 2 and BYLINE.match(paragraphs[0]):
        return paragraphs[0][3:].strip(), paragraphs[1:]
    return None, paragraphs


def lede(text: str) -> str | None:
    """The opening paragraph, cut at a sentence end when it is long."""
    paragraph = text.split("\n\n", 1)[0].strip()
    if not paragraph:
        return None
    if len(paragraph) <= MAX_LEDE_CHARS:
        return paragraph
    cut = paragraph[:MAX_LEDE_CHARS]
    ends = [match.start(1) for match in SENTENCE_END.finditer(cut)]
    return cut[: ends[-1]].strip() if ends else cut.rsplit(" ", 1)[0] + "…"


def word_count(text: str) -> int:
    """Words in the article, in any script (:func:`newsroom.stages.words.count_words`)."""
    return count_words(text)
