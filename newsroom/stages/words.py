"""Counting words in any script, including those written without spaces.

Chinese, Japanese and Thai (and Lao, Khmer, Myanmar) put no space between words, so
``len(text.split())`` counts a whole sentence, or a whole paragraph, as one word: Japanese
stories of 400 to 2,000 characters came out at 7 to 38 "words", and the second extractor refused
real ones for being under 30. :func:`count_words` is the one count that the stored word count
and every "at least (or at most) N words" rule use.

Text without such characters is counted as before, by whitespace, so nothing changes for the
languages that space their words (Korean among them: Hangul is spaced between words). In text
with them, each run of Chinese or Japanese characters counts as its length over the average
length of a word in that language, each run of Thai as its length over Thai's, and whatever sits
between the runs (a Latin name, a number, a Korean word) counts one word a piece, so mixed text
counts both. Punctuation (``、。「」（）！``, a comma between two runs) is no word.

The average lengths are characters per word in running text as a segmenter counts them, on news
copy written for the project (``eval/word_counts.py``: the briefs of ``eval/langid_samples.txt``
and the paragraphs of ``tests/test_word_counts.py``):

- Chinese 2.0: jieba (default dictionary) makes 2.09 on 1,048 characters. jieba keeps compounds
  and names whole (国家统计局, 基础设施); finer standards split them, and wordfreq's Chinese list
  gives 1.62 weighted by frequency, so a Chinese count is a jieba-like count.
- Japanese 1.7: janome (IPADIC morphemes, particles apart, as MeCab counts) makes 1.63 on 1,659
  characters; wordfreq's Japanese list (MeCab) gives 1.70. Text with any kana is Japanese.
- Thai 5.5: PyThaiNLP's ``newmm`` makes 5.52 on 2,790 characters. Lao, Tibetan, Khmer and
  Myanmar are counted with it too, unmeasured: nearer than a sentence a word.

Against the segmenters, text by text, the count's median ratio is 0.97 (Japanese), 1.00
(Chinese) and 1.00 (Thai); one short brief of 30 to 130 characters may be off by up to 42%, a
paragraph by much less. That is what a stored word count and a length threshold need, and a
character ratio costs one regular-expression pass: 7-12 µs for the test paragraphs (100-300
characters), where the segmenters take 167 µs (jieba), 2.6 ms (janome) and 312 µs (newmm), and
0.2-0.8 s to load their dictionaries.

Where a word must be found whole, not counted, Thai is cut by a segmenter after all:
:func:`thai_words` (PyThaiNLP's newmm, in nlpo3) gives the place scan and the Thai topic rules
their word boundaries, so a name or a term is never read inside a longer word.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache, partial
from pathlib import Path

CHINESE_CHARS_PER_WORD = 2.0
JAPANESE_CHARS_PER_WORD = 1.7
THAI_CHARS_PER_WORD = 5.5
THAI_RUNS_SIZE = 50_000  # runs of Thai words remembered with their cuts
# Thai script, and a text cut into runs of it and runs of anything else ("ฝุ่นPM2.5": "ฝุ่น", "PM2.5").
THAI_LETTERS = "\u0e00-\u0e7f"
THAI = re.compile(f"[{THAI_LETTERS}]")
THAI_RUNS = re.compile(f"[{THAI_LETTERS}]+|[^{THAI_LETTERS}]+")

# Han (with 々 〆 〇 and the CJK extensions), kana (less the middle dot ・, a separator) and
# half-width katakana.
HAN_KANA = (
    "\u3005-\u3007\u3021-\u3029\u3031-\u3035\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff"
    "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_KANA = "\u3040-\u309f\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
# Thai, Lao, Tibetan, Myanmar, Khmer.
_SOUTHEAST_ASIAN = "\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff"
# CJK and full-width punctuation, and whitespace: they separate words and are none.
_SEPARATORS = (
    r"\s\u3000-\u3004\u3008-\u3020\u3030\u303d-\u303f\u30fb"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
)

# Hangul: jamo, compatibility jamo and syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# Turkish and Azerbaijani lower the dotted capital İ to i and the dotless I to ı; Python's lower()
# makes i + a combining dot of the one (which splits a word at \w) and i of the other.
TURKIC_CASE = str.maketrans({"İ": "i", "I": "ı"})
TURKIC_LANGUAGES = frozenset({"tr", "az"})
# The vowel signs and other marks of the Indic and Southeast Asian scripts (Devanagari to
# Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer), which Python's \w leaves out ("मुंबई" would be
# two words, "ญี่ปุ่น" three): a letter of a word as much as the consonant they sit on.
WORD_MARKS = "".join(
    chr(point)
    for start, end in ((0x0900, 0x0E00), (0x0E00, 0x1000), (0x1000, 0x10A0), (0x1780, 0x1800))
    for point in range(start, end)
    if unicodedata.category(chr(point)) in ("Mn", "Mc")
)
# Greek drops its accents in capitals (ΕΚΛΟΓΕΣ, εκλογές) and ends a word in ς where σ stands
# inside one: Greek rules read a story and their terms, lowered, without either.
GREEK_FOLD = str.maketrans(
    {"ά": "α", "έ": "ε", "ή": "η", "ί": "ι", "ϊ": "ι", "ΐ": "ι", "ό": "ο", "ύ": "υ", "ϋ": "υ"}
    | {"ΰ": "υ", "ώ": "ω", "ς": "σ"}
)
# Persian is often typed with Arabic's yeh and kaf (ي, ك) for its own (ی, ک).
PERSIAN_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
# Romanian's s and t with a comma below (ș, ț) are often typed with a cedilla (ş, ţ), as older
# text and keyboards write them: read as the comma's.
ROMANIAN_COMMAS = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
# Catalan writes a geminate l with a middle dot inside the word (col·legi, intel·ligència), which
# Python's \w leaves out, and some text with the one-letter ŀ: read without the dot, as one word.
CATALAN_FOLD = str.maketrans({"·": "", "ŀ": "l", "Ŀ": "L"})
# Hindi writes the sounds of Persian and English loanwords with a nukta (फ़िल्म, फ़ोन, ज़िला), or
# without it (फिल्म, फोन, जिला): BBC Hindi writes it, many papers do not. Read without it, as a
# separate mark or inside the letter's own code point (फ़ U+095E).
HINDI_FOLD = str.maketrans(
    {"\u093c": "", "\u0958": "क", "\u0959": "ख", "\u095a": "ग", "\u095b": "ज"}
    | {"\u095c": "ड", "\u095d": "ढ", "\u095e": "फ", "\u095f": "य"}
)
# Letters a language's topic rules read as others (story and terms alike), before and after
# lowering: Turkish casing, Greek accents, Persian, Romanian and Catalan letters, Hindi's nukta.
LETTER_FOLDS = {
    "el": GREEK_FOLD,
    "fa": PERSIAN_FOLD,
    "ro": ROMANIAN_COMMAS,
    "ca": CATALAN_FOLD,
    "hi": HINDI_FOLD,
} | dict.fromkeys(TURKIC_LANGUAGES, TURKIC_CASE)

# Vietnamese puts the tone of a syllable ending in oa, oe or uy on either vowel: the old style
# hòa, khỏe, thủy and the new hoà, khoẻ, thuỷ are both in print, often in one paper (tòa án and
# toà án). Read in the new style, with the tone on the second vowel; "hoàn", "quý" and every
# other syllable are written one way only.
_OLD_TONE = re.compile(r"[òóỏõọ][ae](?![^\W\d_])|[ùúủũụ]y(?![^\W\d_])")


def _new_tone(pair: str) -> str:
    parts = unicodedata.normalize("NFD", pair[0])  # the vowel, then its tone mark
    return parts[0] + unicodedata.normalize("NFC", pair[1] + parts[1:])


_NEW_TONES = {old + v: _new_tone(old + v) for old in "òóỏõọ" for v in "ae"} | {
    old + "y": _new_tone(old + "y") for old in "ùúủũụ"
}


def vietnamese_tones(text: str) -> str:
    """Lower-case Vietnamese with its tones where the new style puts them (see _OLD_TONE)."""
    if text.isascii():
        return text
    return _OLD_TONE.sub(lambda match: _NEW_TONES[match[0]], text)


UNSPACED = re.compile(f"[{HAN_KANA}{_SOUTHEAST_ASIAN}]")
KANA = re.compile(f"[{_KANA}]")
_WORD_CHARACTER = re.compile(r"[^\W_]")
_RUNS = re.compile(
    f"(?P<han>[{HAN_KANA}]+)|(?P<sea>[{_SOUTHEAST_ASIAN}]+)"
    f"|(?P<other>[^{HAN_KANA}{_SOUTHEAST_ASIAN}{_SEPARATORS}]+)"
)


@lru_cache(maxsize=THAI_RUNS_SIZE)
def thai_words(run: str) -> tuple[str, ...]:
    """A run of Thai script cut into its words by PyThaiNLP's ``newmm`` (dictionary maximal
    matching) in nlpo3, its Rust implementation: "ประเทศญี่ปุ่น" is ("ประเทศ", "ญี่ปุ่น"). Its
    word list is loaded on the first call (about 0.1 s; :func:`~newsroom.stages.pipeline.warm_up`
    makes it); about 15 µs for a run of words between two spaces, and a run the place scan and
    the topic tagger both read (Thai alone between spaces) is cut once. It needs no writable
    home: nothing of PyThaiNLP's is run but its word list read (:func:`_thai_segmenter`)."""
    return tuple(word for word in _thai_segmenter()(run) if not word.isspace())


CHINESE_RUNS_SIZE = 50_000  # runs of Chinese remembered with their cuts


@lru_cache(maxsize=CHINESE_RUNS_SIZE)
def chinese_words(run: str) -> tuple[str, ...]:
    """A run of Chinese cut into its words by jieba's dictionary (rjieba: jieba-rs, its Rust
    implementation, without the HMM guesses for unknown words): "新北京南站" is ("新", "北京",
    "南站"), "自由市场" one word. The place scan cuts a run only where it has found a name in it,
    so a name is never read across two words; about 2 µs for a clause, and 0.1 s to load the
    dictionary on the first call. Traditional characters that its simplified dictionary lacks
    come out one a piece, so a name of them is never refused for where the cuts fall."""
    import rjieba  # deferred: the first Chinese name a story holds

    return tuple(rjieba.cut(run, False))


_THAI_DICTIONARY = "newsroom-words_th"  # the name nlpo3 keeps PyThaiNLP's word list under


@cache
def _thai_segmenter() -> Callable[[str], list[str]]:
    """nlpo3's ``segment`` with PyThaiNLP's word list (``pythainlp/corpus/words_th.txt``, the
    one its ``word_tokenize(engine="nlpo3")`` loads), called directly: importing PyThaiNLP for
    it took about 0.13 s a process (its package imports its soundex, spelling and emoji modules)
    and its post-processing changes nothing in a run of Thai script (it rejoins numbers around
    ``.,:`` and drops white space, neither of which is in such a run). Nothing is imported from
    PyThaiNLP, so it writes nothing either (it would make ``~/pythainlp-data``)."""
    from nlpo3 import load_dict, segment  # deferred: the first Thai text, or warm_up

    spec = importlib.util.find_spec("pythainlp")  # where it is, without running its package
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        raise RuntimeError("PyThaiNLP is not installed: its word list cuts Thai text into words")
    path = Path(next(iter(folders))) / "corpus" / "words_th.txt"
    message, loaded = load_dict(str(path), _THAI_DICTIONARY)
    if not loaded:
        raise RuntimeError(f"nlpo3 could not load the Thai word list {path}: {message}")
    return partial(segment, dict_name=_THAI_DICTIONARY)


def count_words(text: str) -> int:
    """The number of words in ``text``, in any script (see the module docstring for how).

    Whitespace-separated tokens when no character of an unspaced script is in it; else each run of
    Chinese or Japanese characters counts its length over 2.0 (Chinese) or 1.7 (Japanese: the text
    has kana), each run of Thai, Lao, Tibetan, Khmer or Myanmar its length over 5.5, and each run
    of other characters between them that holds a letter or digit one word. A run counts at least
    one word.
    """
    if text.isascii() or not UNSPACED.search(text):  # isascii: no scan for most English copy
        return len(text.split())
    han_ratio = JAPANESE_CHARS_PER_WORD if KANA.search(text) else CHINESE_CHARS_PER_WORD
    words = 0.0
    for match in _RUNS.finditer(text):
        if match.lastgroup == "han":
            words += max(1.0, len(match.group()) / han_ratio)
        elif match.lastgroup == "sea":
            words += max(1.0, len(match.group()) / THAI_CHARS_PER_WORD)
        elif _WORD_CHARACTER.search(match.group()):  # not a stray comma or dash
            words += 1
    return round(words)


ELLIPSIS = "…"


def shorten(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` characters: whole words and an ellipsis when
    it is longer. Text in a script written without spaces (Chinese, Japanese, Thai...) has no
    word boundary to cut at, so where the cut falls in such a run, it is cut by characters (never
    between a letter and its marks: a Thai vowel or tone mark stays on its consonant); a single
    word longer than the width is cut too, rather than leaving nothing."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    room = max(width - len(ELLIPSIS), 0)
    head = flat[:room]
    if flat[room] != " " and not UNSPACED.match(flat[room - 1 : room] or " "):
        space = head.rfind(" ")
        if space > 0:  # cut before the word the limit falls in
            head = head[:space]
    while len(head) > 1 and unicodedata.category(flat[len(head)]).startswith("M"):
        head = head[:-1]  # the next character is a mark of the last one kept
    return head.rstrip(" ,;:-–—") + ELLIPSIS
