"""Arabic words as the topic rules match them (newsroom/stages/stemming.py)."""

from __future__ import annotations

import pytest

from newsroom.stages import stemming


def test_marks_and_tatweel_are_taken_out() -> None:
    assert stemming.strip_marks("جداً محمّد قضيـــة") == "جدا محمد قضية"
    assert stemming.strip_marks("no marks") == "no marks"


def test_a_noun_s_clitic_forms_include_the_article_and_what_comes_before_it() -> None:
    forms = stemming.clitic_forms("اقتصاد")
    assert {"اقتصاد", "الاقتصاد", "والاقتصاد", "بالاقتصاد", "للاقتصاد", "واقتصاد"} <= set(forms)
    assert stemming.clitic_forms("الاقتصاد") == forms  # written with its article: the same
    assert "لليل" in stemming.clitic_forms("ليل")  # ل + الليل is written لليل
    assert "للليل" not in stemming.clitic_forms("ليل")


def test_snowball_keeps_and_before_the_article_so_the_term_is_indexed_under_it() -> None:
    reduce = stemming.stemmer("arabic")
    assert reduce("والاقتصاد") != reduce("الاقتصاد")  # why clitic forms are indexed
    assert reduce("والاقتصاد") in stemming.term_stems("اقتصاد", "ar", "arabic")


def test_a_form_cut_into_the_root_is_not_indexed() -> None:
    reduce = stemming.stemmer("arabic")
    assert reduce("لبنك") == reduce("ولبنان")  # ل + بنك, "for a bank", stems as "and Lebanon"
    stems = stemming.term_stems("بنك", "ar", "arabic")
    assert reduce("ولبنان") not in stems and reduce("البنك") in stems
    assert all(len(stem) >= stemming.MIN_STEM for stem in stems)


def test_other_languages_get_their_own_stem_only() -> None:
    assert stemming.term_stems("elections", "en", "english") == ("elect",)


def test_an_unknown_algorithm_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="no Snowball stemmer 'klingon'; known: .*arabic"):
        stemming.stemmer("klingon")


def test_a_term_spelled_with_hamza_keeps_its_clitic_forms() -> None:
    reduce = stemming.stemmer("arabic")
    assert reduce("والإرهاب") != reduce("الإرهاب")  # Snowball folds the hamza, keeps the و
    assert reduce("والإرهاب") in stemming.term_stems("إرهاب", "ar", "arabic")
