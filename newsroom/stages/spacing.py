"""Repair words glued together by lost spacing.

News text sometimes reaches us with the space at a word boundary lost: ``fightingleading``,
``officialto``, ``Kyivin`` (= "Kyiv in"), ``moment”in``. This module finds such tokens and puts
the space back, conservatively: a false split of a real word is worse than a missed repair.
It is meant for English text.

Two kinds of glue are repaired:

* Punctuation glue: a closing quote or bracket directly followed by a letter (``moment”in``), a
  letter directly followed by an opening quote (``said“we``), ``, ; : ! ?`` between a word and a
  lowercase word (``however,the``), and ``. ! ?`` between a lowercase word and a capitalised
  word (``ended.The``). Decimals, abbreviations (``U.N.``), URLs, e-mail addresses and
  apostrophes (``’s``) are left alone.
* Letter glue: a run of letters that is not a common English word and splits into two (rarely
  three) words that are, the likeliest split by the word frequencies of the maintained
  ``wordfreq`` list. Most glue involves a function word ("to", "in", "said"), so splits into two
  content words need both to be common, and capitalised runs (mostly names) need a function word
  at one end. Known words, names with internal capitals (``McDonald``, ``iPhone``), ALL-CAPS
  tokens, hyphenated compounds, alphanumerics, URLs, e-mail addresses, hashtags, likely typos
  ("billlion") and runs that occur twice in the text ("Computerland") are never split. A
  lowercase function word glued to a capitalised word (``saidSmith``) is split too.

The pipeline repairs letter glue in text read from pages, feeds and files, not in agency copy
sent in a wire format: that is what the agency's editors typed, and a split there is only ever
a guess against it ("Gabrielle Carteris" is no "Carter is"; a Swedish "servering" in an
English-looking machine translation is no "serve ring"). Punctuation glue is repaired in both.

Speed: the text is lowercased once and its letter runs collected with one regex call; only runs
missing from a set of common words go on to the split search, whose answers are cached.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import math
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsroom.stages.resources import compiled

logger = logging.getLogger(__name__)

__all__ = ["Repair", "find_glued_words", "repair_glued_words"]

# Letter glue thresholds, on the zipf scale of wordfreq (log10 of frequency per billion words:
# "the" is 7.7, "fighting" 4.6, "Kyiv" 3.1). Tuned on Reuters-21578 with eval/spacing.py.
SAFE_ZIPF = 4.0  # a word at least this common is never split
MIN_WORD_LEN = 4  # shorter runs are never split
MAX_WORD_LEN = 30  # longer runs are not words
MIN_PART_ZIPF = {2: 5.8, 3: 5.0}  # by part length ("a" is the only one-letter part)
MIN_LONG_PART_ZIPF = 3.0  # parts of four letters or more
FUNCTION_ZIPF = 5.8  # "the", "of", "in", "said": the words most glue involves
CONTENT_PART_ZIPF = 4.0  # both parts at least this common when neither is a function word
KNOWN_MARGIN = 2.5  # a listed rare word splits only if the split is this much likelier (log10)
AMBIGUITY_MARGIN = 1.0  # the best split must beat the runner-up by this much (log10)
THIRD_PART_PENALTY = 3.0  # extra cost (log10) of a three-way split
PUNCT_WORD_ZIPF = 3.0  # words on both sides of punctuation glue ("however,the")
CASE_HEAD_ZIPF = 5.5  # "dueMarch": a lowercase word this common glued to a capitalised one
TYPO_ZIPF = 3.0  # no split when a word this common is one edit away ("billlion")...
TYPO_COST = 1.0  # ...and likelier than the split after this typo cost (log10),
TYPO_COST_FUNCTION = 2.0  # or this one when a part is a function word ("levelis": "levels")

# Closed compounds: no split after these heads or before these tails unless the other part is
# a function word ("nonbanking", "overborrowed", "trendless"; but "underthe" still splits).
_PREFIXES = frozenset(
    "after anti auto back bi bio co counter cross de dis down eco euro ex extra hyper inter intra"
    " macro mega micro mid mini multi neo non out over para post pre pro quasi re self semi sub"
    " super tele trans tri ultra un under up video".split()
)
_SUFFIXES = frozenset(
    "ability able back down fold ful hold hood ible land less like man men ness off out over"
    " ship side some son up way ward wards wise work works".split()
)
# Function words that often begin or end a name ("Ormet", "Logicon", "Zincor"): a capitalised
# run is not split off at them.
_NAME_STARTS = frozenset("a all an as at can ever go in it me no on or so to too".split())
_NAME_ENDS = frozenset("a an as at can he it no on or so us".split())
_VOWELS = "aeiou"
_DETERMINERS = frozenset("a an the this that these those my his her its our their".split())
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

_LETTERS = r"[^\W\d_]"
# Lowercase Latin letters, the only runs tried (other scripts are not English); a run is used
# only where it is bounded by non-letters (str.isalpha), so "tест" gives no partial run "t".
_LATIN_RUN = re.compile("[a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f]+")
_CAMEL_MARK = re.compile(r"[A-Z](?<=[a-z][A-Z])")  # the "S" of "saidSmith"
_LETTER_RUN = re.compile(rf"{_LETTERS}+")
_APOSTROPHES = "'’"
_JOINERS = "-‐‑/\\_&+=*~^|"  # a run touching one of these is part of a compound or a code
_URLISH = re.compile(r"(?i)://|www\.|@|\.(?:com|org|net|gov|edu|int|info|io|uk|de|fr)\b")
_PUNCT_GLUE = re.compile(rf"[”)\]“,;:!?.](?={_LETTERS})")  # checked further in code
_CLOSING = "”)]"
_MID_SENTENCE = ",;:!?"
_SENTENCE_END = ".!?"
_NO_STOP_BEFORE = frozenset(
    "al approx cf co corp dept ed eds esp est etc fig inc jr ltd mt no nos op pp sr st vol vs"
    " viz".split()
)
_NO_CAPITAL_AFTER = frozenset("com org net gov edu int info io uk de fr js".split())


@dataclass(slots=True)
class Repair:
    """One glued token and its repaired form; ``text[start:end] == before``."""

    start: int  # offset in the input text of the glued token
    end: int
    before: str  # "fightingleading"
    after: str  # "fighting leading"


@dataclass(slots=True)
class _Lexicon:
    zipf: dict[str, float]  # lowercase word -> zipf frequency
    safe: frozenset[str]  # words never split (common enough)
    parts: dict[str, float]  # words that may be a piece of a split -> zipf frequency
    function: frozenset[str]  # the commonest words ("the", "of", "said")


@functools.cache
def _lexicon() -> _Lexicon:
    """The English word frequencies: built from wordfreq's list once, then loaded from their
    compiled file (:mod:`newsroom.stages.resources`)."""
    spec = importlib.util.find_spec("wordfreq")  # its files, without importing it (slow)
    package = Path(spec.origin).parent if spec is not None and spec.origin else Path(__file__)
    return compiled(
        "english-words",
        _build_lexicon,
        sources=[__file__, package / "__init__.py", *sorted((package / "data").glob("*_en.*"))],
    )


def _build_lexicon() -> _Lexicon:
    import wordfreq  # deferred: importing and loading the list is the slow part

    started = time.perf_counter()
    zipf = {
        word: math.log10(freq) + 9.0
        for word, freq in wordfreq.get_frequency_dict("en").items()
        if freq > 0.0
    }
    safe = frozenset(word for word, value in zipf.items() if value >= SAFE_ZIPF)
    parts = {
        word: value
        for word, value in zipf.items()
        if value >= MIN_PART_ZIPF.get(len(word), MIN_LONG_PART_ZIPF)
        and (len(word) > 1 or word == "a")
        and word.isalpha()
    }
    function = {word: value for word, value in parts.items() if value >= FUNCTION_ZIPF}
    for word, value in list(parts.items()):  # glue listed as a word ("ofthe") is not a part
        if value < SAFE_ZIPF and any(
            function.get(word[:i], -99.0) + function.get(word[i:], -99.0) - 18.0
            >= value - 9.0 + KNOWN_MARGIN
            for i in range(1, len(word))
        ):
            del parts[word]
    logger.debug(
        "loaded %d English words (%d safe, %d usable as parts) in %.2f s",
        len(zipf),
        len(safe),
        len(parts),
        time.perf_counter() - started,
    )
    return _Lexicon(zipf=zipf, safe=safe, parts=parts, function=frozenset(function))


def _ranked_splits(
    word: str, parts: dict[str, float]
) -> list[tuple[float, tuple[int, ...], tuple[float, ...]]]:
    """Two- and three-way splits of ``word`` into listed words, likeliest first.

    Each entry is (log10 probability, cut offsets, zipf of each part).
    """
    n = len(word)
    heads = [(i, head) for i in range(1, n) if (head := parts.get(word[:i])) is not None]
    if not heads:
        return []
    tails = [parts.get(word[i:]) for i in range(n)]
    splits: list[tuple[float, tuple[int, ...], tuple[float, ...]]] = []
    for i, head in heads:
        tail = tails[i]
        if tail is not None:
            splits.append((head + tail - 18.0, (i,), (head, tail)))
        for j in range(i + 1, n):
            tail = tails[j]
            if tail is None:
                continue
            middle = parts.get(word[i:j])
            if middle is not None:
                score = head + middle + tail - 27.0 - THIRD_PART_PENALTY
                splits.append((score, (i, j), (head, middle, tail)))
    splits.sort(reverse=True)
    return splits


@functools.lru_cache(maxsize=1 << 16)
def _split_word(word: str, titlecase: bool) -> tuple[int, ...] | None:
    """Offsets at which to split the lowercase run ``word``, or None to leave it alone."""
    lexicon = _lexicon()
    splits = _ranked_splits(word, lexicon.parts)
    if not splits:
        return None
    score, cuts, values = splits[0]
    if len(splits) > 1 and score - splits[1][0] < AMBIGUITY_MARGIN:
        return None
    whole = lexicon.zipf.get(word)
    if whole is not None and (whole >= SAFE_ZIPF or score - (whole - 9.0) < KNOWN_MARGIN):
        return None
    parts = [word[i:j] for i, j in zip((0, *cuts), (*cuts, len(word)), strict=True)]
    if not _plausible_split(parts, values, titlecase):
        return None
    if min(values) < FUNCTION_ZIPF:
        neighbour = _common_neighbour_zipf(word, parts, lexicon.zipf)
        cost = TYPO_COST if max(values) < FUNCTION_ZIPF else TYPO_COST_FUNCTION
        if neighbour >= TYPO_ZIPF and neighbour - 9.0 - cost > score:
            return None
    return cuts


def _plausible_split(parts: list[str], values: tuple[float, ...], titlecase: bool) -> bool:
    """Whether ``parts`` (with zipf ``values``) look like glued words, not a word of their own.

    Most glue involves a function word ("officialto"). Two content words must both be common
    and must not look like a closed compound ("nonbanking"); compounds wordfreq does not list
    ("creditwatch") still slip through. ``titlecase`` runs ("Kyivin", "Logicon") are mostly
    names, so they need a function word at one end that does not commonly start or end a name.
    """
    function = [value >= FUNCTION_ZIPF for value in values]
    if len(parts) == 3 and (sum(function) < 2 or titlecase):
        return False
    if not any(function) and min(values) < CONTENT_PART_ZIPF:
        return False
    for index in range(len(parts) - 1):
        left, right = parts[index], parts[index + 1]
        if left in _PREFIXES and not function[index + 1]:
            return False
        if right in _SUFFIXES and not function[index]:
            return False
        if left in ("a", "an") and (
            right in _DETERMINERS or (left == "a") == (right[0] in _VOWELS)
        ):
            return False  # "a amount", "an messages", "a the"
    if titlecase:
        head_ok = function[0] and parts[0] not in _NAME_STARTS
        tail_ok = function[-1] and parts[-1] not in _NAME_ENDS
        return head_ok or tail_ok
    return True


def _common_neighbour_zipf(word: str, parts: list[str], zipf: dict[str, float]) -> float:
    """Zipf of the commonest word one edit from ``word``, other than ``parts`` (0 if none)."""
    edits = set()
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            edits.add(head + tail[1:])
            if len(tail) > 1:
                edits.add(head + tail[1] + tail[0] + tail[2:])
        for letter in _ALPHABET:
            edits.add(head + letter + tail)
            if tail:
                edits.add(head + letter + tail[1:])
    edits.discard(word)
    edits.difference_update(parts)
    return max((zipf.get(edit, 0.0) for edit in edits), default=0.0)


def _case_glue_cut(run: str) -> int | None:
    """Cut offset for a lowercase word glued to a capitalised one ("saidSmith"), if any.

    Only a very common word of two letters or more may come first ("said", "the", "told"), so
    "iPhone", "eBay" and "easyJet" stay whole.
    """
    capitals = [i for i, char in enumerate(run) if char.isupper()]
    if len(capitals) != 1 or not run[0].islower():
        return None
    cut = capitals[0]
    head, tail = run[:cut], run[cut:]
    if len(head) < 2 or len(tail) < 2 or not tail[1:].islower():
        return None
    zipf = _lexicon().zipf
    head_zipf = zipf.get(head, 0.0)
    if head_zipf < FUNCTION_ZIPF and (len(head) < 3 or head_zipf < CASE_HEAD_ZIPF):
        return None
    if zipf.get(tail.lower(), 0.0) < MIN_LONG_PART_ZIPF:
        return None
    return cut


def _chunk(text: str, start: int, end: int) -> str:
    """The whitespace-delimited chunk of ``text`` around ``text[start:end]``."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def _is_letter(char: str) -> bool:
    """Whether ``char`` is a letter (of any script)."""
    return char.isalpha()


def _run_is_splittable(text: str, start: int, end: int) -> bool:
    """Whether the context of the letter run ``text[start:end]`` allows splitting it."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isdigit() or after.isdigit() or before in _JOINERS or after in _JOINERS:
        return False
    if before in "#@$" or after == "@":
        return False
    if before in _APOSTROPHES and start > 1 and _is_letter(text[start - 2]):
        return False  # the "t" of "don't", the "Brien" of "O'Brien"
    if after in _APOSTROPHES and end + 1 < len(text) and _is_letter(text[end + 1]):
        # possessive 's is fine; "don't", "O'Brien" and the like are not touched
        if text[end + 1] not in "sS" or (end + 2 < len(text) and _is_letter(text[end + 2])):
            return False
    if before == "." and start > 1 and _is_letter(text[start - 2]):
        return False  # "U.S", domain names
    if after == "." and end + 1 < len(text) and _is_letter(text[end + 1]):
        return False
    return _URLISH.search(_chunk(text, start, end)) is None


def _letter_glue(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Spans of glued letter runs with the offsets (in ``text``) where spaces go.

    A run that occurs twice in the text is a word the writer meant ("Computerland"), not an
    accident, and is left alone.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # rare: lowercasing changed the length (e.g. "İ")
        return _letter_glue_slow(text)
    unknown = set(_LATIN_RUN.findall(lowered)) - _lexicon().safe
    if not unknown:
        return []
    camel = {
        lowered[_run_start(text, mark.start()) : _run_end(text, mark.start())]
        for mark in _CAMEL_MARK.finditer(text)
    }
    found: list[tuple[int, int, tuple[int, ...]]] = []
    for word in unknown:
        if not MIN_WORD_LEN <= len(word) <= MAX_WORD_LEN:
            continue
        # Cheap, cached test first: a capitalised run splits only if its lowercase form does.
        if word not in camel and _split_word(word, False) is None:
            continue
        spans = list(_occurrences(lowered, word))
        if len(spans) != 1:
            continue
        start, end = spans[0]
        cuts = _split_run(text, start, end)
        if cuts:
            found.append((start, end, tuple(start + cut for cut in cuts)))
    return found


def _occurrences(lowered: str, word: str) -> Iterator[tuple[int, int]]:
    """Spans where ``word`` occurs in ``lowered`` as a whole run of letters."""
    position = lowered.find(word)
    while position >= 0:
        end = position + len(word)
        if (position == 0 or not lowered[position - 1].isalpha()) and (
            end == len(lowered) or not lowered[end].isalpha()
        ):
            yield position, end
        position = lowered.find(word, end)


def _letter_glue_slow(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Like :func:`_letter_glue`, one run at a time, for text whose lowercase differs in length."""
    safe = _lexicon().safe
    runs = [match for match in _LETTER_RUN.finditer(text) if match.group().lower() not in safe]
    counts = Counter(match.group().lower() for match in runs)
    found: list[tuple[int, int, tuple[int, ...]]] = []
    for match in runs:
        start, end = match.span()
        if MIN_WORD_LEN <= end - start <= MAX_WORD_LEN and counts[match.group().lower()] == 1:
            cuts = _split_run(text, start, end)
            if cuts:
                found.append((start, end, tuple(start + cut for cut in cuts)))
    return found


def _split_run(text: str, start: int, end: int) -> tuple[int, ...] | None:
    """Split offsets (relative to ``start``) for the letter run ``text[start:end]``, if any."""
    run = text[start:end]
    if run[1:].islower() and (run[0].islower() or run[0].isupper()):
        cuts = _split_word(run.lower(), run[0].isupper())
    elif run[0].islower():
        cut = _case_glue_cut(run)
        cuts = None if cut is None else (cut,)
    else:
        return None  # ALL CAPS, McDonald, or letters without case
    if cuts is None or not _run_is_splittable(text, start, end):
        return None
    possessive = end < len(text) and text[end] in _APOSTROPHES
    if possessive and run[cuts[-1] :].lower() in _lexicon().function:
        return None  # "officialto’s": a possessive goes with a noun, not with "to"
    return cuts


def _punctuation_glue(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Spans of ``word<punct>word`` glue with the offsets (in ``text``) where spaces go."""
    found: list[tuple[int, int, tuple[int, ...]]] = []
    zipf = _lexicon().zipf
    for match in _PUNCT_GLUE.finditer(text):
        mark = match.start()
        char = text[mark]
        if char not in _CLOSING and not (mark > 0 and _is_letter(text[mark - 1])):
            continue  # apart from closing quotes, glue needs a letter on both sides
        left_start = _run_start(text, mark)
        right_end = _run_end(text, mark + 1)
        left = text[left_start:mark]
        right = text[mark + 1 : right_end]
        if char in _CLOSING:
            ok = _closing_glue_ok(text, mark, right, zipf)
        elif char == "“":  # said“we: the space goes before the quote
            ok = _known(left, zipf) and _known(right, zipf)
        elif right[0].islower():  # however,the
            ok = (
                char in _MID_SENTENCE
                and _known(left, zipf)
                and _known(right, zipf)
                and len(left) >= 2
                and (len(right) >= 2 or right == "a")
            )
        else:  # ended.The
            ok = char in _SENTENCE_END and _sentence_glue_ok(text, left_start, left, right, zipf)
        if not ok or _touches_number_or_joiner(text, left_start, right_end):
            continue
        if _URLISH.search(_chunk(text, mark, mark + 1)):
            continue
        cut = mark if char == "“" else mark + 1
        found.append((left_start, right_end, (cut,)))
    return found


def _sentence_glue_ok(
    text: str, left_start: int, left: str, right: str, zipf: dict[str, float]
) -> bool:
    """Whether ``left.Right`` is two sentences glued together rather than an abbreviation."""
    if not (left.islower() and len(left) >= 2 and left not in _NO_STOP_BEFORE):
        return False  # U.S, e.g, Ph.D, etc.The
    if not (right[1:].islower() and len(right) >= 2 and right.lower() not in _NO_CAPITAL_AFTER):
        return False  # .COM, .NET
    if left_start > 0 and text[left_start - 1] == ".":
        return False
    return _known(left, zipf) and _known(right, zipf)


def _closing_glue_ok(text: str, mark: int, right: str, zipf: dict[str, float]) -> bool:
    """Whether the closing quote/bracket at ``mark`` is glued to the word ``right`` after it."""
    if mark == 0 or text[mark - 1].isspace() or text[mark - 1].isdigit():
        return False  # a closing quote after a space is really an opening one; 12”x
    if len(right) < 2 and right not in ("a", "I"):
        return False
    if not _known(right, zipf):
        return False
    if text[mark] in ")]":
        opening = text.rfind("(" if text[mark] == ")" else "[", 0, mark)
        if opening < 0 or mark - opening <= 2:
            return False  # "(s)he"
        if opening > 0 and _is_letter(text[opening - 1]):
            return False  # "word(s)and", "f(x)y"
    return True


def _known(word: str, zipf: dict[str, float]) -> bool:
    """Whether ``word`` is an English word common enough to be trusted next to punctuation."""
    return zipf.get(word.lower(), 0.0) >= PUNCT_WORD_ZIPF


def _touches_number_or_joiner(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` continues into a number, a compound, a handle or a domain.

    ``start`` may point at a closing quote, whose left side is not checked.
    """
    before = text[start - 1] if start > 0 and text[start] not in _CLOSING else " "
    after = text[end] if end < len(text) else " "
    return any(c.isdigit() or c in _JOINERS or c in "@#." for c in (before, after))


def _run_start(text: str, index: int) -> int:
    """Start of the letter run ending at ``index``."""
    while index > 0 and _is_letter(text[index - 1]):
        index -= 1
    return index


def _run_end(text: str, index: int) -> int:
    """End of the letter run starting at ``index``."""
    while index < len(text) and _is_letter(text[index]):
        index += 1
    return index


def find_glued_words(text: str, *, letters: bool = True) -> list[Repair]:
    """Find tokens of ``text`` glued together by a lost space, in text order; with ``letters``
    false, only punctuation glue (``ended.The``), not runs of letters split by word frequency.

    Each :class:`Repair` covers the glued token (``text[start:end] == before``) and gives its
    repaired form, which differs from ``before`` only by inserted spaces.
    """
    spans = (_letter_glue(text) if letters else []) + _punctuation_glue(text)
    if not spans:
        return []
    spans.sort()
    merged: list[tuple[int, int, set[int]]] = []
    for start, end, cuts in spans:
        if merged and start < merged[-1][1]:
            last_start, last_end, last_cuts = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_cuts | set(cuts))
        else:
            merged.append((start, end, set(cuts)))
    repairs = []
    for start, end, cut_set in merged:
        pieces = []
        previous = start
        for cut in sorted(cut_set):
            pieces.append(text[previous:cut])
            previous = cut
        pieces.append(text[previous:end])
        repairs.append(Repair(start, end, text[start:end], " ".join(pieces)))
    return repairs


def repair_glued_words(text: str, *, letters: bool = True) -> tuple[str, list[Repair]]:
    """Return ``text`` with glued words split apart, and the repairs applied (``letters``: see
    :func:`find_glued_words`)."""
    repairs = find_glued_words(text, letters=letters)
    if not repairs:
        return text, repairs
    parts = []
    previous = 0
    for repair in repairs:
        parts.append(text[previous : repair.start])
        parts.append(repair.after)
        previous = repair.end
    parts.append(text[previous:])
    logger.debug("repaired %d glued words", len(repairs))
    return "".join(parts), repairs
