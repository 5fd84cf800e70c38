"""Tests for newsroom.stages.spacing: repairing words glued together by a lost space."""

from __future__ import annotations

import pytest

from newsroom.stages.spacing import Repair, find_glued_words, repair_glued_words

# From the seed article (AP, 2022-04-22), with its four lost spaces.
SEED = (
    "Guterres has urged Russia to stop its attack since it began two months ago, in what he "
    "called “the saddest moment”in his five years in the U.N.’s top job. He appealed Tuesday "
    "for a four-day “humanitarian pause” in fightingleading up to Sunday’s Orthodox Easter "
    "holiday.\n\n"
    "Guterres sent the U.N.’s top humanitarian officialto Moscow and Kyiv earlier this month "
    "to explore the possibilities of a cease-fire.\n\n"
    "Former Secretary-General Ban Ki-Moon went to Moscow and Kyivin March 2014 to try to "
    "foster talks and diplomacy as Russia annexed Ukraine’s Crimean Peninsula."
)
SEED_REPAIRED = (
    SEED.replace("moment”in", "moment” in")
    .replace("fightingleading", "fighting leading")
    .replace("officialto", "official to")
    .replace("Kyivin", "Kyiv in")
)

# Clean text from the same article: none of it may change.
CLEAN = (
    "UNITED NATIONS (AP) — U.N. Secretary-General António Guterres plans to meet with Russian "
    "President Vladimir Putin next week to make an urgent, face-to-face plea for peace in "
    "Ukraine, the world body said Friday.\n\n"
    "Kremlin spokesman Dmitry Peskov confirmed that Guterres is due to meet Tuesday with "
    "Russian Foreign Minister Sergey Lavrov and that Putin will also host the U.N. chief.\n\n"
    "Guterres asked Tuesday to meet with both Putin and Ukrainian President Volodymyr "
    "Zelenskyy in their respective capitals.\n\n"
    "“I don’t think any of us should have exaggerated expectations about what the "
    "secretary-general will be able to accomplish, but he has significant moral power,” said "
    "Feltman, now a visiting fellow at the Brookings Institution in Washington. “It’s "
    "important that the secretary-general have these conversations.”"
)


def assert_consistent(text: str, repaired: str, repairs: list[Repair]) -> None:
    """Offsets point at ``before``, only spaces are added, and nothing else changes."""
    rebuilt = []
    previous = 0
    for repair in repairs:
        assert previous <= repair.start < repair.end <= len(text)
        assert text[repair.start : repair.end] == repair.before
        assert repair.after.replace(" ", "") == repair.before.replace(" ", "")
        assert len(repair.after) > len(repair.before)
        rebuilt.append(text[previous : repair.start])
        rebuilt.append(repair.after)
        previous = repair.end
    rebuilt.append(text[previous:])
    assert "".join(rebuilt) == repaired


def test_seed_article_glue_is_repaired() -> None:
    repaired, repairs = repair_glued_words(SEED)
    assert repaired == SEED_REPAIRED
    assert [(r.before, r.after) for r in repairs] == [
        ("moment”in", "moment” in"),
        ("fightingleading", "fighting leading"),
        ("officialto", "official to"),
        ("Kyivin", "Kyiv in"),
    ]
    assert_consistent(SEED, repaired, repairs)


def test_repair_offsets() -> None:
    text = "the “humanitarian pause” in fightingleading up"
    [repair] = find_glued_words(text)
    assert repair == Repair(28, 43, "fightingleading", "fighting leading")


def test_find_matches_repair() -> None:
    assert find_glued_words(SEED) == repair_glued_words(SEED)[1]


def test_repaired_text_is_stable() -> None:
    repaired, _ = repair_glued_words(SEED)
    assert repair_glued_words(repaired) == (repaired, [])


def test_clean_article_is_untouched() -> None:
    assert repair_glued_words(CLEAN) == (CLEAN, [])


def test_empty_text() -> None:
    assert repair_glued_words("") == ("", [])
    assert find_glued_words("   \n") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the saddest moment”in his", "the saddest moment” in his"),
        ("he said.”The talks", "he said.” The talks"),
        ("the group (AP)said", "the group (AP) said"),
        ("however,the war", "however, the war"),
        ("fighting ended.The talks", "fighting ended. The talks"),
        ("she said“we will", "she said “we will"),
        ("Thecompany said", "The company said"),
        ("the companysaid on Friday", "the company said on Friday"),
        ("prices rose ofthecompany", "prices rose of the company"),
        ("Putinwill meet", "Putin will meet"),
        ("he saidSmith would", "he said Smith would"),
        ("fightingleading, officialto. Kyivin!", "fighting leading, official to. Kyiv in!"),
        ("“officialto”", "“official to”"),
    ],
)
def test_glue_is_repaired(text: str, expected: str) -> None:
    repaired, repairs = repair_glued_words(text)
    assert repaired == expected
    assert_consistent(text, repaired, repairs)


@pytest.mark.parametrize(
    "text",
    [
        # names, including ones wordfreq does not know
        "McDonald, Zelenskyy, Guterres, Peskov and Ongpin met Comissaria Smith.",
        "iPhone, iPad, eBay and easyJet reported results.",
        "O'Brien and O’Neill don't and won’t.",
        # real words and compounds
        "cease-fire nevertheless newsroom however something whatever Brookings",
        "the secretary-general, a face-to-face meeting, a well-known fighting-leading force",
        "into onto cannot within another upon itself anyway nowhere",
        # abbreviations, decimals, times, numbers
        "The U.N. and the U.S. agreed; U.S.-based firms, e.g. banks, i.e. lenders.",
        "Output rose 1.5 pct to 5.93 mln at 10:30 GMT, 1,000 bags at 3.5%.",
        "officialto2 2officialto fightingleading42",
        # URLs, e-mail, handles, hashtags
        "See https://example.com/officialto?a=b,the and www.fightingleading.org today.",
        "Write to officialto@example.com or @fightingleading, #Kyivin.",
        "The news site Yahoo.Com and example.com/index.html",
        # apostrophes
        "the U.N.’s top job, Sunday’s Easter and Kyiv’s mayor; it’s the officialto’s job",
        # all caps
        "FIGHTINGLEADING OFFICIALTO KYIVIN UNITED NATIONS (AP)",
        # rare or unknown words that do not split cleanly
        "the temporao crop, a qwzxvb reading and the Zincor unit",
        # brackets that are not glue
        "(s)he said the word(s)are fine",
    ],
)
def test_clean_text_is_untouched(text: str) -> None:
    assert repair_glued_words(text) == (text, [])


def test_repeated_unknown_word_is_a_name() -> None:
    text = "Computerland said sales rose. Computerland stores are in Fightland and Computerland."
    assert find_glued_words(text) == []


def test_glued_word_next_to_punctuation_keeps_the_punctuation() -> None:
    text = "(fightingleading) and “officialto”."
    repaired, repairs = repair_glued_words(text)
    assert repaired == "(fighting leading) and “official to”."
    assert_consistent(text, repaired, repairs)
