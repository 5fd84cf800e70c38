"""Which everyday words a language's topic rules would match: a check made while writing them.

A rules file without a stemmer matches inflections and compounds with affix terms (``olyck*``,
``*olycka``) and counts the IPTC's one-word names as prefixes too (``label_prefix``). A stem
that begins unrelated words tags stories it should not: Swedish ``brott*`` would match
``brottning`` (wrestling), Danish and Norwegian ``fred*`` ``fredag`` (Friday). This script
lists, per affix term and per one-word name, the commonest words of the language (wordfreq's
list) it matches that are not its own word, so a writer can read them and write the term whole,
weaker, or skip the name (``label_skip``).

Usage:
    .venv/bin/python eval/topic_terms.py LANG [--top N] [--labels] [--words N]

``--top N`` reads the N commonest words of the language (default 60,000); ``--words N`` shows
up to N matched words per term (default 6); ``--labels`` lists the IPTC's one-word names
instead of the rules' affix terms, and first the names that are themselves everyday words
(Zipf frequency ``--common``, default 4.5). Greek and Persian words and terms are compared with
their letters folded as the tagger folds them (Greek accents, Arabic yeh and kaf). Needs no
data set from ../shared/data.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Iterable, Sequence

import wordfreq

from newsroom.stages.tagger import rules_files
from newsroom.stages.topics import (
    AFFIX_MARK,
    EXACT_MARK,
    MIN_AFFIX,
    MIN_CHARACTERS,
    SYLLABLES,
    TopicRules,
    load_tagger,
    load_translations,
)
from newsroom.stages.words import LETTER_FOLDS

SYLLABLE = re.compile(f"[{SYLLABLES}]")


def matches(term: str, words: Sequence[str]) -> list[str]:
    """The words an affix term matches, other than its own word, in the order given; for a term
    of rules that read characters (no affix mark), the words it stands inside."""
    if AFFIX_MARK not in term:
        if not SYLLABLE.match(term):
            return []  # a Latin word or a number: matched whole, as in any language
        return [word for word in words if term in word and word != term]
    stem = term.strip(AFFIX_MARK)
    if term.endswith(AFFIX_MARK):
        return [word for word in words if word.startswith(stem) and word != stem]
    return [word for word in words if word.endswith(stem) and word != stem]


def affix_terms(rules: TopicRules) -> Iterable[tuple[str, str]]:
    """(qcode, term) for each affix term of the rules, weighted or excluded; every term where
    the rules read characters (each matches inside longer words)."""
    for code, rule in rules.rules.items():
        for term in (*rule.terms, *rule.exclude):
            if AFFIX_MARK in term or rules.characters:
                yield code, term.lstrip(EXACT_MARK)


def active_translations(language: str) -> dict[str, tuple[tuple[str, ...], str]]:
    """The IPTC's names and definitions in ``language`` of the concepts the tagger counts: not
    those retired, whose names no rule reads."""
    vocabulary = load_tagger().vocabulary
    return {
        code: entry
        for code, entry in load_translations(language).items()
        if (concept := vocabulary.get(code)) is not None and not concept.retired
    }


def prefix_labels(rules: TopicRules) -> Iterable[tuple[str, str]]:
    """(qcode, name + "*") for each one-word IPTC name that the rules count as a prefix; every
    name they count, where they read characters."""
    for code, (names, _definition) in active_translations(rules.language).items():
        for name in names:
            if name in rules.label_skip or name in rules.label_forms:
                continue
            if rules.characters and len(name) >= MIN_CHARACTERS:
                yield code, name
            elif name.isalpha() and len(name) > MIN_AFFIX:
                yield code, name + AFFIX_MARK


def common_labels(rules: TopicRules, zipf: float) -> Iterable[tuple[str, str, float]]:
    """(qcode, name, Zipf frequency) for each IPTC name, of any length, that is itself as common
    a word as ``zipf``: everyday words ("rätt", right) tag whatever story uses them. A name is
    looked up whole (wordfreq would cut Chinese with jieba, which is not installed)."""
    common = wordfreq.get_frequency_dict(rules.language)
    for code, (names, _definition) in active_translations(rules.language).items():
        for name in names:
            # Zipf: log10 of the frequency per billion words
            frequency = math.log10(common[name]) + 9.0 if name in common else 0.0
            if name not in rules.label_skip and frequency >= zipf:
                yield code, name, frequency


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("language")
    parser.add_argument("--top", type=int, default=60_000)
    parser.add_argument("--words", type=int, default=6)
    parser.add_argument("--labels", action="store_true")
    parser.add_argument("--common", type=float, default=4.5)
    args = parser.parse_args(argv)
    files = rules_files(None)
    if args.language not in files:
        parser.error(f"no topic rules for {args.language!r} (there are for {sorted(files)})")
    rules = TopicRules.load(files[args.language])
    words = wordfreq.top_n_list(args.language, args.top)
    folded = rules.language in LETTER_FOLDS  # letters read as others, as the tagger reads them
    fold = LETTER_FOLDS.get(rules.language, {})
    words = [word.translate(fold) for word in words]
    if args.labels:
        for code, name, frequency in sorted(common_labels(rules, args.common)):
            print(f"{name:28} {code}  common word (Zipf {frequency:.1f})")
    terms = prefix_labels(rules) if args.labels else affix_terms(rules)
    for code, term in sorted(set(terms), key=lambda item: item[1].strip(AFFIX_MARK)):
        found = matches(term.lower().translate(fold) if folded else term, words)
        if found:
            shown = ", ".join(found[: args.words])
            print(f"{term:28} {code}  {len(found):4}  {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
