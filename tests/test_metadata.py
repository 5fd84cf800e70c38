"""Title, byline, lede and word count."""

from __future__ import annotations

from newsroom.core.models import RawItem
from newsroom.stages.metadata import lede, take_byline, take_title, word_count
from newsroom.stages.pipeline import process_item


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


def test_word_count() -> None:
    assert word_count("One two  three\n\nfour.") == 4


def test_a_headline_may_end_in_a_quotation() -> None:
    """RIA Novosti's 'В Госдуме попросили проверить сериалы "Слово пацана" и "Пищеблок"' was
    read as the story's first sentence, so the dateline under it was not found either."""
    headline = 'В Госдуме попросили проверить сериалы "Слово пацана" и "Пищеблок"'
    body = "МОСКВА, 4 дек — РИА Новости. Председатель комитета обратилась в ведомство."
    assert take_title([headline, body]) == (headline, [body])
    quoted = "He said the plan was “dead”"
    assert take_title([quoted, "More text."]) == (quoted, ["More text."])
    for sentence in ('He said: "We will win."', "「増税はしない。」", "She called it ‘over.’"):
        assert take_title([sentence, "More text."]) == (None, [sentence, "More text."])


def test_the_pipeline_reads_the_dateline_under_a_headline_ending_in_a_quotation() -> None:
    text = (
        'В Госдуме попросили проверить сериалы "Слово пацана" и "Пищеблок"\n\n'
        "МОСКВА, 4 дек — РИА Новости. Председатель комитета обратилась в ведомство."
    )
    article = process_item(RawItem("test", "1", "test", text))
    assert article.title is not None and article.title.endswith('"Пищеблок"')
    assert article.dateline is not None and article.dateline.city == "Moscow"
    assert article.text.startswith("МОСКВА")
