"""Words as a language's topic rules match them, for languages that need a stemmer to be read.

Most languages' rules match words as printed, with ``word*`` terms for their endings
(:mod:`newsroom.stages.topics`). Arabic cannot be read so: the article, conjunctions and
prepositions are written as one word with the noun they belong to (``والاقتصاد``, "and the
economy"; ``بالحكومة``, "with the government"), and a noun takes endings for gender, number and
possession (``الاقتصادية``, ``مباراته``). A rules file that says ``stemmer: arabic`` has its
terms and its stories' words reduced by Snowball's Arabic stemmer (PyStemmer), which takes off
the article and most clitics and endings and folds the spellings of hamza and alef.

Snowball is not consistent across a word's clitic forms: it keeps the ``و`` ("and") before
the article (``والاقتصاد`` stays whole), reads the ``و`` that begins ``وزارة`` (ministry) and the
``ف`` of ``فيلم`` (film) as conjunctions, and keeps the article of short words (``الصحة`` ->
``الصح``, where ``صحة`` stays ``صحة``). Rather than correct the stemmer, a term is indexed under
the stems of the clitic forms it may be printed in (:func:`clitic_forms`, :func:`term_stems`),
and a story's words are stemmed as printed: both sides go through the same stemmer, so a form
matches whatever stem Snowball gives it. Broken plurals (``أفلام`` of ``فيلم``) are other
words, written out in the rules.

Arabic is printed with its short vowels and the tatweel (``ـ``) mostly left out; where they are
written (``جداً``, ``محمّد``), :func:`strip_marks` takes them out first, or a word would be cut
in two at each mark.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

import Stemmer

# Letters a stem of a term's form needs to be indexed: Arabic words are built on roots of three
# letters, and a shorter stem is a form cut too far (ب + بنك, its ك read as "your", is بن).
MIN_STEM = 3

# Short vowels, shadda, sukun, tanween, the dagger alef, Quranic annotation signs and tatweel.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")

# What may be written before a noun, as one word with it: conjunctions (و "and", ف "so"),
# prepositions (ب "with", ل "for", ك "like") and the article, alone or in sequence. ل before the
# article is written لل (لل + ملعب: للملعب).
_BARE = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_WITH_ARTICLE = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال")
_ARTICLE = "ال"
# Where clitic_forms puts the form with the article (الاقتصاد): after the bare forms.
_ARTICLE_FORM = len(_BARE)
# Words of Arabic as frequent as this (Zipf scale) or more are checked for stems they share.
FREQUENT_ZIPF = 3.0
# The spellings of alef with hamza, and alef maqsura, as Snowball folds them.
_FOLD = str.maketrans("أإآى", "اااي")


def strip_marks(text: str) -> str:
    """Arabic text without its short vowels, other marks and tatweel (``جداً`` -> ``جدا``)."""
    return _ARABIC_MARKS.sub("", text)


def clitic_forms(word: str) -> tuple[str, ...]:
    """The forms an Arabic noun takes with the conjunctions, prepositions and article written
    before it: ``اقتصاد`` -> ``اقتصاد``, ``واقتصاد``, ..., ``الاقتصاد``, ``والاقتصاد``,
    ``بالاقتصاد``, ``للاقتصاد``. A word written with its article (``الأمم``) is taken without it
    first. Endings are the stemmer's business."""
    base = word[len(_ARTICLE) :] if word.startswith(_ARTICLE) and len(word) > 4 else word
    forms = [prefix + base for prefix in _BARE]
    for prefix in _WITH_ARTICLE:
        if prefix.endswith("لل") and base.startswith("ل"):
            forms.append(prefix + base[1:])  # ل + الليل is written لليل
        else:
            forms.append(prefix + base)
    return tuple(dict.fromkeys(forms))


def term_stems(word: str, language: str, algorithm: str) -> tuple[str, ...]:
    """The stems a term's word is indexed under, in stories in ``language``: its own, and in
    Arabic those of its :func:`clitic_forms`, but not one that is also the stem of a frequent
    word which is not a form of the term (ل + بنك, "for a bank", stems as ولبنان, "and
    Lebanon"; ب + التهم as بال, "mind"), or that no longer holds the word (its ة aside): a stem
    Snowball cut into the word's root, which would match other words. Stems shorter than
    :data:`MIN_STEM` are never indexed."""
    reduce = stemmer(algorithm)
    own = reduce(word)
    if language != "ar":
        return (own,)
    forms = clitic_forms(word)
    trusted = {own, reduce(forms[_ARTICLE_FORM])}  # the word alone and with its article
    core = (forms[0][:-1] if forms[0].endswith("ة") else forms[0]).translate(_FOLD)  # صحة: صح
    beginnings = tuple(form.translate(_FOLD) for form in forms)
    others = _frequent_stems(algorithm)
    stems: list[str] = []
    for form in forms:
        stem = reduce(form)
        if len(stem) < MIN_STEM or stem in stems:
            continue
        # the frequent words of that stem are all the term's forms, with their endings
        if stem in trusted or (
            core in stem and all(w.startswith(beginnings) for w in others.get(stem, ()))
        ):
            stems.append(stem)
    return tuple(stems)


@lru_cache(maxsize=2)
def _frequent_stems(algorithm: str) -> dict[str, frozenset[str]]:
    """Stem -> the frequent Arabic words (wordfreq) that have it, folded as :data:`_FOLD`."""
    import wordfreq  # deferred: read when an Arabic tagger is built, which is then compiled

    reduce = stemmer(algorithm)
    found: dict[str, set[str]] = {}
    for word in wordfreq.iter_wordlist("ar"):
        if wordfreq.zipf_frequency(word, "ar") < FREQUENT_ZIPF:
            break
        word = strip_marks(word)
        found.setdefault(reduce(word), set()).add(word.translate(_FOLD))
    return {stem: frozenset(words) for stem, words in found.items()}


@cache
def stemmer(algorithm: str) -> Callable[[str], str]:
    """One word's stem by a Snowball algorithm (``arabic``); ValueError when PyStemmer has no
    such algorithm."""
    try:
        return Stemmer.Stemmer(algorithm).stemWord
    except KeyError as exc:
        known = ", ".join(sorted(Stemmer.algorithms()))
        raise ValueError(f"no Snowball stemmer {algorithm!r}; known: {known}") from exc
