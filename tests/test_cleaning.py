"""Text cleaning: Unicode, whitespace, control characters, paragraphs, mojibake."""

from __future__ import annotations

import unicodedata

import pytest

from newsroom.core.errors import FormatError, InputError
from newsroom.core.models import RawItem
from newsroom.stages.cleaning import check_readable, clean_text
from newsroom.stages.pipeline import process_item


def test_nfc_whitespace_and_control_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "São Paulo café")
    text = clean_text(f"  {decomposed}\x07  and\u00a0\u00a0more\x1b text\u200b.\r\n")
    assert text == "São Paulo café and more text."
    assert unicodedata.is_normalized("NFC", text)


def test_every_kind_of_space_and_line_break() -> None:
    # Tabs, no-break, narrow, ideographic and other Unicode spaces become one space; Unicode
    # line and paragraph separators and NEL are line breaks; vertical tabs and information
    # separators (white space to str.split) are control characters, dropped, not spaces.
    assert clean_text("a\tb\u3000\u3000c\u202fd\u2005 e\u1680f") == "a b c d e f"
    text = clean_text("one\u2028two\u2029\u2029three\x85four \x0bfive\x1csix")
    assert text == "one two\n\nthree four fivesix"


def test_paragraphs_are_kept_and_wrapped_lines_joined() -> None:
    raw = "First paragraph\nwrapped here.\r\n\r\n\n  Second one.\n\n\n\nThird."
    text = clean_text(raw)
    assert text == "First paragraph wrapped here.\n\nSecond one.\n\nThird."


def test_indented_wire_paragraphs() -> None:
    raw = "Showers continued in\nthe cocoa zone.\n    The dry period means\nlate crops.\n    Third."
    text = clean_text(raw)
    assert text.split("\n\n") == [
        "Showers continued in the cocoa zone.",
        "The dry period means late crops.",
        "Third.",
    ]


def test_one_paragraph_per_long_line() -> None:
    line = "A long paragraph that runs on for quite a while and keeps going " * 3
    text = clean_text(f"{line}\n{line}")
    assert text.count("\n\n") == 1


def test_mojibake_is_repaired() -> None:
    text = clean_text("The minister said the cafÃ© would reopen â€” soon.")
    assert text == "The minister said the café would reopen — soon."


def test_cleaning_leaves_words_alone() -> None:
    text = clean_text(
        "in what he called “the saddest moment”in his five years, a pause in fightingleading up "
        "to Easter. Guterres sent the top humanitarian officialto Moscow."
    )
    assert "moment”in his" in text  # glued words are the spacing module's work
    assert "fightingleading" in text


def test_clean_text_is_left_alone() -> None:
    raw = (
        "U.N. Secretary-General António Guterres plans to meet with Russian President "
        "Vladimir Putin next week, the world body said Friday. Kremlin spokesman Dmitry "
        "Peskov confirmed it; shares rose 1.5% to $3.20 at McDonald's."
    )
    text = clean_text(raw)
    assert text == raw


@pytest.mark.parametrize(
    "text",
    [
        "x" * 9_200,  # one "word" of 9,200 characters
        "data:image/png;base64," + "iVBORw0KGgo" * 100 + " caption",
        "function(a){return(a+1)}" * 50,  # minified code
    ],
)
def test_text_without_words_is_refused(text: str) -> None:
    with pytest.raises(FormatError, match="no readable text") as error:
        check_readable(text, "page.html")
    assert error.value.stage == "clean" and error.value.origin == "page.html"


@pytest.mark.parametrize(
    "text",
    [
        "北京（新华社）——中国国务院周一宣布了一项新的经济刺激计划，旨在支持房地产市场和地方政府。"
        * 8,
        "กรุงเทพฯ (รอยเตอร์) - รัฐบาลไทยประกาศมาตรการกระตุ้นเศรษฐกิจใหม่ในวันจันทร์" * 8,
        "LONDON (Reuters) - A story with a long URL https://example.com/" + "a" * 250 + " in it, "
        "and enough ordinary words around it to read as the story it is. " * 4,
    ],
)
def test_scripts_without_spaces_and_long_urls_are_prose(text: str) -> None:
    check_readable(text, "story.txt")


@pytest.mark.parametrize("text", [" " * 300, "\n \t\u00a0" * 100])
def test_white_space_alone_is_no_article_not_a_crash(text: str) -> None:
    check_readable(text, "blank.txt")  # no run of characters at all: nothing to refuse here
    with pytest.raises(InputError, match="no article text after cleaning"):
        process_item(RawItem("test", "blank", "blank.txt", text))
