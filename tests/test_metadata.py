"""Title, byline, lede, language and word count."""

from __future__ import annotations

import pytest

from newsroom.stages.metadata import detect_language, lede, take_byline, take_title, word_count


def test_headline_then_body() -> None:
    title, rest = take_title(["Storm floods coastal towns", "NEW ORLEANS (AP) — Rain fell."])
    assert title == "Storm floods coastal towns"
    assert rest == ["NEW ORLEANS (AP) — Rain fell."]


def test_no_title_when_the_story_starts_at_once() -> None:
    paragraphs = ["UNITED NATIONS (AP) — The U.N. chief plans to meet Putin.", "More."]
    assert take_title(paragraphs) == (None, paragraphs)
    assert take_title(["Only one short paragraph"]) == (None, ["Only one short paragraph"])


def test_byline() -> None:
    byline, rest = take_byline(["By JANE MARLOW", "NEW ORLEANS (AP) — Rain."])
    assert byline == "JANE MARLOW"
    assert rest == ["NEW ORLEANS (AP) — Rain."]
    paragraphs = ["By the end of the week, prices had doubled across the region.", "More."]
    assert take_byline(paragraphs)[0] is None


def test_lede_is_the_first_paragraph_cut_at_a_sentence() -> None:
    assert lede("First paragraph.\n\nSecond.") == "First paragraph."
    long = "This is a sentence that keeps going. " * 20
    cut = lede(long)
    assert cut is not None and cut.endswith("going.") and len(cut) <= 400


def test_language() -> None:
    assert (
        detect_language(
            "The secretary-general plans to meet the president next week "
            "to make an urgent plea for peace."
        )
        == "en"
    )
    assert (
        detect_language(
            "Le secrétaire général prévoit de rencontrer le président la "
            "semaine prochaine pour plaider en faveur de la paix."
        )
        == "fr"
    )
    assert detect_language("12 34 56") is None


def test_word_count() -> None:
    assert word_count("One two  three\n\nfour.") == 4


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (  # the English shortcut: py3langid abstains on capitals
            "THE BANK OF KOREA SAID IT FIXED THE MIDRATE OF THE WON AT 844.30 TO THE DOLLAR, "
            "ITS HIGHEST LEVEL SINCE THE CURRENCY WAS FLOATED, AND THAT THE RATE WOULD HOLD.",
            "en",
        ),
        (
            "The government said on Monday that the budget, which was approved by the cabinet, "
            "would cut the deficit of the state and that taxes have been raised.",
            "en",
        ),
        (  # other languages never take the shortcut
            "Die Regierung hat am Montag beschlossen, dass die Steuern im nächsten Jahr steigen "
            "werden, sagte der Minister in Berlin vor Journalisten.",
            "de",
        ),
        (
            "Le gouvernement a annoncé lundi que les impôts augmenteront l'année prochaine, a "
            "déclaré le ministre à Paris devant les journalistes.",
            "fr",
        ),
        (
            "El gobierno anunció el lunes que los impuestos subirán el próximo año, dijo el "
            "ministro en Madrid ante los periodistas.",
            "es",
        ),
    ],
)
def test_detect_language_english_shortcut_and_others(text: str, language: str) -> None:
    assert detect_language(text) == language
