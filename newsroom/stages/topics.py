"""Topic tagging with the IPTC Media Topics vocabulary.

Two pieces of data drive the tagger, and neither is code:

- the vocabulary, IPTC's ``cptall-en-GB.json`` (shipped in ``newsroom/data/iptc-mediatopics/``):
  concepts with qcode, label, definition, parent and a retired flag;
- the rules, ``newsroom/data/topic_rules.yaml``: per concept, the terms that speak for it (with
  weights), the terms that veto or weaken it, and its minimum score. Its header explains the format.

How a story is scored, per concept:

1. The title and the text are tokenized once (lower case, Unicode words); every rule term is looked
   up as a word sequence, so terms match whole words and phrases only.
2. A term found ``n`` times adds ``weight * (1 + d + d**2 + ... )`` (``n`` terms, ``d`` =
   ``repeat_decay``): repeats count less and less. A title mention counts as ``title_weight``
   mentions. Exclusion terms subtract the same way, or veto the concept outright.
3. The evidence, plus ``rollup`` times the evidence of its descendants, gives a strength in 0..1:
   ``1 - exp(-evidence / evidence_scale)``. Concepts whose strength is under their ``min_score``
   are dropped (with ``keep_best_top``, the best top-level topic is always kept).
   The score is the strength, or, when the rules file has a ``calibration``, a logistic function
   of the log evidence and of the share of the concept's top-level branch in the story's
   top-level evidence, fitted so that a score reads as the chance the tag is right. Tags rank by
   score, then by evidence.
4. The ancestors of assigned concepts are added with method ``"implied"`` and the highest score of
   their assigned children, unless their own score is higher (then their method is ``"rules"``).

Only active (not retired) concepts are ever assigned. Each concept's own label also counts as a
low-weight term (``label_weight``), and words typical of one branch's definitions count faintly
for its top-level topic (``definition_weight``), so a newer IPTC release needs no code change.

A rules file is written in one language (its ``language`` setting, English by default). Labels
and definitions count in that language only: the vocabulary's own when it is in it, else the
IPTC's translations (``mediatopic-translations.json``). A term written ``wahl*`` or ``*wahl``
matches the words that begin or end with it, for languages whose inflections and compounds a
list of whole words cannot cover. Which rules read which story is
:mod:`newsroom.stages.tagger`'s business.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import compress
from pathlib import Path
from typing import Any

import yaml

from newsroom.core.models import TopicTag
from newsroom.stages import stemming
from newsroom.stages import words as word_stage
from newsroom.stages.resources import compiled, library_version
from newsroom.stages.words import (
    HAN_KANA,
    HANGUL,
    LETTER_FOLDS,
    THAI,
    THAI_RUNS,
    WORD_MARKS,
    thai_words,
    vietnamese_tones,
)

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"  # newsroom/data
DEFAULT_VOCABULARY_PATH = DATA_DIR / "iptc-mediatopics" / "cptall-en-GB.json"
DEFAULT_RULES_PATH = DATA_DIR / "topic_rules.yaml"
# The IPTC's names and definitions of the concepts in other languages than the vocabulary's
# (scripts/iptc_translations.py makes it from the IPTC's spreadsheet).
DEFAULT_TRANSLATIONS_PATH = DATA_DIR / "iptc-mediatopics" / "mediatopic-translations.json"
SUBJECT_CODE_URI = "cv.iptc.org/newscodes/subjectcode/"

TOKEN = re.compile(rf"[\w{WORD_MARKS}]+")  # Hindi's vowel signs are part of its words
# Subscript and superscript digits, as chemistry and units print them (CO₂, km²): read as digits
SCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")
SCRIPT_DIGIT = re.compile("[₀-₉⁰¹²³⁴-⁹]")
# Where rules read characters, a token is a Chinese character, kana or Hangul syllable (or jamo)
# alone, any other run of letters and digits, or BOUNDARY, where spaces or punctuation were.
SYLLABLES = f"{HAN_KANA}{HANGUL}"
BOUNDARY = "|"  # the token that stands for what separates words: no term holds it
_SEPARATORS = re.compile(r"[\W_]+")
CHARACTER_TOKEN = re.compile(f"[{SYLLABLES}]|[^\\W{SYLLABLES}]+|{re.escape(BOUNDARY)}")
WEIGHTED = re.compile(r"^(?P<term>.*?):\s*(?P<weight>[-+]?\d+(?:\.\d*)?|null|~)$")
PARENTHESIS = re.compile(r"\s*\([^)]*\)")
MAX_EVIDENCE = 12  # matched terms listed per tag
EXACT_MARK = "="  # a term written "=aid" matches that form only, no plural added
AFFIX_MARK = "*"  # "wahl*" matches the words that begin with it, "*wahl" those that end with it
MIN_AFFIX = 4  # letters of such a term at least: "kri*" would match too much
MIN_CHARACTERS = 2  # characters of an IPTC name that counts, where rules read characters
AFFIX_CACHE_SIZE = 200_000  # words whose affix terms are remembered, per tagger
MAX_PARTICLE_FORMS = 1_000  # forms of one phrase term with particles (15 for two words in Korean)

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Kinds of index entries.
_TERM, _SUBTRACT, _VETO, _FAINT = 0, 1, 2, 3


def lower(text: str) -> str:
    """Text in lower case, subscript and superscript digits read as digits ("CO₂" is "co2", as
    the rules write it): what every tokenizer below reads."""
    lowered = text.lower()
    if not lowered.isascii() and SCRIPT_DIGIT.search(lowered):
        lowered = lowered.translate(SCRIPT_DIGITS)
    return lowered


def tokenize(text: str) -> list[str]:
    """Lower-case Unicode word tokens (:func:`lower`): the unit terms are matched on."""
    return TOKEN.findall(lower(text))


def tokenize_folded(text: str, fold: dict[int, str]) -> list[str]:
    """:func:`tokenize` with letters read as others (:data:`LETTER_FOLDS`), before lowering and
    after: Turkish casing ("İSTANBUL" is "istanbul", "IRAK" "ırak", where Python's lower() would
    split "İşçiler" in two), Greek without its accents or final sigma ("ΕΚΛΟΓΕΣ" and "εκλογές"
    are both "εκλογεσ"), Persian with its own yeh and kaf for Arabic's."""
    return TOKEN.findall(lower(text.translate(fold)).translate(fold))


def tokenize_vietnamese(text: str) -> list[str]:
    """:func:`tokenize` with each syllable's tone where the new style puts it: hòa and hoà,
    khỏe and khoẻ, tòa án and toà án are one word each (:func:`vietnamese_tones`)."""
    return TOKEN.findall(vietnamese_tones(lower(text)))


def tokenize_thai(text: str) -> list[str]:
    """:func:`tokenize`, with each run of Thai script cut into its words by PyThaiNLP's
    segmenter (:func:`thai_words`): Thai puts no space between words, so "ฝนตกหนักในกรุงเทพฯ"
    is ["ฝน", "ตกหนัก", "ใน", "กรุงเทพฯ"], and the rules' terms are cut the same way."""
    words: list[str] = []
    for token in TOKEN.findall(lower(text)):
        if token.isascii():
            words.append(token)
            continue
        for run in THAI_RUNS.findall(token):  # Thai written onto Latin letters: "ฝุ่นpm2"
            if THAI.match(run):
                words.extend(thai_words(run))
            else:
                words.append(run)
    return words


# How a language's rules cut a story into words where :func:`tokenize` would not do: letters
# folded (Turkish casing, Greek accents, Persian letters), Vietnamese tones, Thai words.
LANGUAGE_TOKENIZERS: dict[str, Callable[[str], list[str]]] = {
    **{language: partial(tokenize_folded, fold=fold) for language, fold in LETTER_FOLDS.items()},
    "vi": tokenize_vietnamese,
    "th": tokenize_thai,
}


def tokenize_characters(text: str) -> list[str]:
    """Lower-case tokens with each Chinese character, kana or Hangul syllable a token of its
    own, any other run of letters and digits one word, and :data:`BOUNDARY` where a space or
    punctuation separates words: how rules with ``characters: true`` read a story and their
    terms. A term of several characters then matches wherever they stand in a row within a word,
    as a phrase of words does (经济 in 经济增长 and in 中国经济; 경제 in 경제는 and 국민경제),
    never across a space or a comma (한국 가수 holds no 국가)."""
    return CHARACTER_TOKEN.findall(_SEPARATORS.sub(BOUNDARY, lower(text)))


@dataclass(frozen=True, slots=True)
class Concept:
    """One Media Topic concept."""

    qcode: str  # "medtop:11000000"
    label: str
    definition: str
    level: int  # 1 for the 17 top-level topics
    parent: str | None  # qcode of the broader concept
    retired: bool


class Vocabulary:
    """The Media Topic concepts, with their hierarchy."""

    def __init__(
        self,
        concepts: Iterable[Concept],
        released: str | None = None,
        subject_codes: Mapping[str, str] | None = None,
        language: str = "en-GB",
    ) -> None:
        self.concepts: dict[str, Concept] = {c.qcode: c for c in concepts}
        self.released = released
        self.language = language  # of the labels and definitions read: "en-GB"
        # IPTC's own mapping of the older Subject Codes to Media Topics ("subj:04000000" ->
        # "medtop:04000000"), from the release's exactMatch and closeMatch links.
        self.subject_codes: dict[str, str] = dict(subject_codes or {})
        self._labels: dict[str, str] | None = None  # label (case-folded) -> qcode, when unique

    @classmethod
    def load(cls, path: str | Path | None = None, language: str = "en-GB") -> Vocabulary:
        """Read an IPTC ``cptall-*.json`` export (default: the shipped copy)."""
        path = Path(path) if path is not None else DEFAULT_VOCABULARY_PATH
        with path.open(encoding="utf-8") as fh:
            try:
                data = json.load(fh)
            except ValueError as exc:
                raise ValueError(f"{path}: not an IPTC JSON export: {exc}") from exc
        return cls.from_json(data, language=language)

    @classmethod
    def from_json(cls, data: Mapping[str, Any], language: str = "en-GB") -> Vocabulary:
        """Build the vocabulary from the parsed IPTC JSON export.

        ``broader`` may hold URIs or qcodes; both are turned into qcodes. ``narrower`` is not
        needed: children are found from their parents.
        """
        scheme_uri = str(data.get("uri") or "")
        alias = str(data.get("prefSchemeAlias") or "medtop")
        raw: dict[str, dict[str, Any]] = {}
        matches: dict[str, tuple[int, str]] = {}  # subject code -> (closeness, media topic)
        for item in data.get("conceptSet", []):
            qcode = item.get("qcode") or _to_qcode(str(item["uri"]), scheme_uri, alias)
            for closeness, link in enumerate(("exactMatch", "closeMatch")):
                for uri in item.get(link) or []:
                    if SUBJECT_CODE_URI in str(uri) and "retired" not in item:
                        code = "subj:" + str(uri).rstrip("/").rsplit("/", 1)[-1]
                        if code not in matches or closeness < matches[code][0]:
                            matches[code] = (closeness, qcode)
            broader = item.get("broader") or []
            if len(broader) > 1:
                logger.debug("%s has %d broader concepts; using the first", qcode, len(broader))
            raw[qcode] = {
                "label": _text(item.get("prefLabel"), language) or qcode,
                "definition": _text(item.get("definition"), language),
                "parent": _to_qcode(str(broader[0]), scheme_uri, alias) if broader else None,
                "retired": "retired" in item,
            }
        concepts = []
        for qcode, item in raw.items():
            parent = item["parent"] if item["parent"] in raw else None
            concepts.append(
                Concept(
                    qcode=qcode,
                    label=item["label"],
                    definition=item["definition"],
                    level=_depth(qcode, raw),
                    parent=parent,
                    retired=item["retired"],
                )
            )
        return cls(
            concepts,
            released=data.get("dateReleased"),
            subject_codes={code: qcode for code, (_, qcode) in matches.items()},
            language=language,
        )

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, qcode: object) -> bool:
        return qcode in self.concepts

    def __getitem__(self, qcode: str) -> Concept:
        return self.concepts[qcode]

    def get(self, qcode: str) -> Concept | None:
        """The concept, or None if the vocabulary does not have it."""
        return self.concepts.get(qcode)

    def media_topic(self, code: str) -> str | None:
        """The active Media Topic a wire subject code stands for: a ``medtop:`` code itself, a
        ``subj:`` code by IPTC's mapping (a detail code without one by its matter's or
        subject's: ``subj:04006002`` -> ``subj:04006000`` -> ``subj:04000000``; a subject the
        mapping only links to narrower topics by the top-level topic of its number:
        ``subj:16000000`` -> ``medtop:16000000``; a Media Topic's number sent as a ``subj:``,
        ``subj:20000062``, as that topic); else None.

        An agency's own scheme holding IPTC numbers (STT's ``sttsubj:15031000``, TT's literal
        ``TT:02000000:LAG``, a ninjs code sent bare, ``01000000``) is read strictly: the number
        must be a Media Topic's (``20000062``), a mapped Subject Code's, or a top-level one."""
        if code.startswith("medtop:"):
            return self._active(code)
        if code.startswith("subj:") and len(code) == 13 and code[5:].isdigit():
            number = code[5:]
            for candidate in (number, number[:5] + "000", number[:2] + "000000"):
                mapped = self.subject_codes.get(f"subj:{candidate}")
                if mapped is not None and self._active(mapped):
                    return mapped
            return self._iptc_number(number, strict=False)
        numbers = [part for part in code.split(":") if len(part) == 8 and part.isdigit()]
        return self._iptc_number(numbers[0], strict=True) if len(numbers) == 1 else None

    def _iptc_number(self, number: str, *, strict: bool) -> str | None:
        """The Media Topic of an eight-digit IPTC number that is no mapped Subject Code's (with
        ``strict``, the mapped Subject Code's too): a Media Topic's own (20000000 and up; no
        Subject Code begins with 2), else the top-level topic of the subject it is under (with
        ``strict``, only for a top-level subject's own number)."""
        if strict:
            mapped = self.subject_codes.get(f"subj:{number}")
            if mapped is not None and self._active(mapped):
                return mapped
        if number.startswith("2"):
            return self._active(f"medtop:{number}")
        if not strict or number.endswith("000000"):
            return self._active(f"medtop:{number[:2]}000000")
        return None

    def _active(self, qcode: str) -> str | None:
        concept = self.concepts.get(qcode)
        return qcode if concept is not None and not concept.retired else None

    def resolve(self, reference: str) -> str | None:
        """The active Media Topic a topic given with an article names, or None: a qcode
        (``medtop:15000000``), its number alone (``15000000``), its IPTC URI, an older Subject
        Code (``subj:15000000``, by IPTC's mapping), or a label (``sport``; any case)."""
        reference = " ".join(reference.split())
        number = reference.rstrip("/").rsplit("/", 1)[-1] if "://" in reference else reference
        if number.isdigit():
            number = f"medtop:{number}"
        if number.startswith(("medtop:", "subj:")):
            return self.media_topic(number)
        if self._labels is None:
            labels: dict[str, list[str]] = {}
            for concept in self.active():
                labels.setdefault(concept.label.casefold(), []).append(concept.qcode)
            self._labels = {label: codes[0] for label, codes in labels.items() if len(codes) == 1}
        return self._labels.get(reference.casefold())

    def ancestors(self, qcode: str) -> list[str]:
        """Qcodes of the broader concepts, nearest first, up to the top level."""
        result: list[str] = []
        parent = self.concepts[qcode].parent
        while parent is not None and parent not in result:
            result.append(parent)
            parent = self.concepts[parent].parent
        return result

    def active(self) -> list[Concept]:
        """The concepts that may be assigned (not retired)."""
        return [c for c in self.concepts.values() if not c.retired]

    def top_level(self) -> list[Concept]:
        """The active top-level concepts, in qcode order."""
        return sorted((c for c in self.active() if c.level == 1), key=lambda c: c.qcode)

    def children(self, qcode: str) -> list[Concept]:
        """The active concepts directly under ``qcode``."""
        return [c for c in self.active() if c.parent == qcode]


def subject_topics(codes: Iterable[str], vocabulary: Vocabulary) -> dict[str, list[str]]:
    """The Media Topics an agency's subject codes stand for, each with the codes behind it as
    evidence (see :meth:`Vocabulary.media_topic`)."""
    accepted: dict[str, list[str]] = {}
    for code in codes:
        topic = vocabulary.media_topic(code)
        if topic is not None:
            accepted.setdefault(topic, []).append(f"wire subject {code}")
    return accepted


def given_topics(
    references: Iterable[str], vocabulary: Vocabulary
) -> tuple[dict[str, list[str]], list[str]]:
    """The Media Topics given with an article (a record's ``topics``: qcodes or labels, see
    :meth:`Vocabulary.resolve`), each with its reference as evidence; and the references that
    name no active Media Topic."""
    accepted: dict[str, list[str]] = {}
    unknown: list[str] = []
    for reference in references:
        topic = vocabulary.resolve(reference)
        if topic is None:
            unknown.append(reference)
        else:
            accepted.setdefault(topic, []).append(f"given as {reference}")
    return accepted, unknown


def accept_topics(
    tags: Sequence[TopicTag],
    accepted: Mapping[str, Sequence[str]],
    vocabulary: Vocabulary,
    method: str,
    *,
    blocked: Callable[[str], bool] | None = None,
) -> list[TopicTag]:
    """``tags`` with accepted topics (an editor's, an agency's) added: each scores 1.0 with
    ``method`` and its evidence, replaces the tagger's tag of it, and brings its broader topics
    along as ``implied`` (unless ``blocked``), in place of the tagger's less certain tags of
    them: a story about monetary policy is about the economy, whatever the rules scored.
    Codes the vocabulary lacks are left out. Tags of one score and level rank by the tagger's
    own score of them: of the top-level topics an agency's subjects imply, the one the text
    speaks for most comes first."""
    prior = {tag.code: tag.score for tag in tags}
    result = {tag.code: tag for tag in tags if tag.code not in accepted}
    for code, evidence in accepted.items():
        concept = vocabulary.get(code)
        if concept is None:
            continue
        result[code] = TopicTag(code, concept.label, 1.0, concept.level, method, list(evidence))
        for ancestor in vocabulary.ancestors(code):
            held = result.get(ancestor)
            if (held is None or held.score < 1.0) and not (blocked and blocked(ancestor)):
                parent = vocabulary[ancestor]
                result[ancestor] = TopicTag(
                    ancestor, parent.label, 1.0, parent.level, "implied", [concept.label]
                )
    return sorted(
        result.values(),
        key=lambda tag: (-tag.score, tag.level, -prior.get(tag.code, 0.0), tag.code),
    )


def _text(value: Any, language: str) -> str:
    """A language map's text in ``language``, else in any English, else the first one."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping) or not value:
        return ""
    if language in value:
        return str(value[language])
    for lang, text in value.items():
        if str(lang).startswith("en"):
            return str(text)
    return str(next(iter(value.values())))


def _to_qcode(ref: str, scheme_uri: str, alias: str) -> str:
    """``http://cv.iptc.org/newscodes/mediatopic/20000029`` -> ``medtop:20000029``."""
    if scheme_uri and ref.startswith(scheme_uri):
        return f"{alias}:{ref[len(scheme_uri) :]}"
    if ref.startswith(("http://", "https://")):
        return f"{alias}:{ref.rstrip('/').rsplit('/', 1)[1]}"
    return ref


def _depth(qcode: str, raw: Mapping[str, Mapping[str, Any]]) -> int:
    level, seen = 1, {qcode}
    parent = raw[qcode]["parent"]
    while parent in raw and parent not in seen:
        seen.add(parent)
        level += 1
        parent = raw[parent]["parent"]
    return level


@dataclass(frozen=True, slots=True)
class TopicRule:
    """What speaks for and against one concept."""

    code: str
    terms: dict[str, float]  # term as written -> weight
    exclude: dict[str, float | None] = field(default_factory=dict)  # None: veto
    min_score: float | None = None  # None: the rule set's default
    # A top-level topic that is often incidental yields the lead to these topics (qcodes) when
    # one of them has at least ``yield_share`` of its evidence in the story.
    yields_to: tuple[str, ...] = ()
    yield_share: float = 1.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """Turns evidence into a score that reads as a probability of being right.

    ``score = 1 / (1 + exp(-(intercept + evidence * ln(E) + share * S)))``, where ``E`` is the
    concept's evidence and ``S`` the share its top-level branch holds of all top-level evidence
    in the story (1 when it is the only one).
    """

    intercept: float
    evidence: float
    share: float


@dataclass(frozen=True)
class TopicRules:
    """The tagging rules and scoring settings, as read from ``topic_rules.yaml``."""

    rules: dict[str, TopicRule]
    title_weight: float = 3.0
    repeat_decay: float = 0.5
    evidence_scale: float = 1.0
    min_score: float = 0.5
    rollup: float = 0.5
    label_weight: float = 0.3
    label_max_level: int = 3
    label_skip: frozenset[str] = frozenset()
    definition_weight: float = 0.0
    definition_share: float = 0.7
    definition_max_zipf: float | None = None
    plurals: bool = True
    label_prefix: bool = False  # a one-word label matches the words it begins too
    # One-word labels that begin unrelated words (French "série": "sérieux"), matched as these
    # forms of them only, not as prefixes: {"série": ("série", "séries")}
    label_forms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    keep_best_top: bool = False
    calibration: Calibration | None = None
    # The language of the terms (ISO 639-1): the tagger reads stories in this language only,
    # and counts the vocabulary's labels and definitions only when they are in it too.
    language: str = "en"
    # A Snowball algorithm (``arabic``) that reduces the terms and the stories' words before
    # they are matched (:mod:`newsroom.stages.stemming`); None: words as printed.
    stemmer: str | None = None
    # Read the story and the terms a character at a time in Chinese and Japanese script, which
    # put no space between words, and in Korean Hangul, which writes particles and compounds
    # onto its words (:func:`tokenize_characters`); words elsewhere.
    characters: bool = False
    # Where rules read characters: particles a word of a phrase term may carry before the next
    # word (Korean 여야 합의 also matches 여야가 합의 and 여야는 합의); none elsewhere.
    particles: tuple[str, ...] = ()
    origin: str = "<rules>"

    @classmethod
    def load(cls, path: str | Path | None = None) -> TopicRules:
        """Read a rules file (default: the shipped ``topic_rules.yaml``)."""
        path = Path(path) if path is not None else DEFAULT_RULES_PATH
        with path.open(encoding="utf-8") as fh:
            try:
                data = yaml.load(fh, Loader=_YAML_LOADER)
            except yaml.YAMLError as exc:
                raise ValueError(f"{path}: not valid YAML: {exc}") from exc
        if data is not None and not isinstance(data, Mapping):
            raise ValueError(f"{path}: expected a mapping with 'settings' and 'topics'")
        return cls.from_dict(data or {}, origin=str(path))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "<rules>") -> TopicRules:
        """Build the rules from the parsed YAML; raise ValueError naming the bad entry."""
        settings = dict(data.get("settings") or {})
        topics = data.get("topics") or {}
        if not isinstance(topics, Mapping):
            raise ValueError(f"{origin}: 'topics' must be a mapping of qcode to rule")
        rules = {}
        for code, body in topics.items():
            where = f"{origin}: {code}"
            if not isinstance(body, Mapping):
                raise ValueError(f"{where}: expected a mapping with 'terms'")
            unknown = set(body) - {"label", "terms", "exclude", "min_score", "yields_to"}
            if unknown:
                raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
            terms = _weighted_terms(body.get("terms") or [], f"{where} terms", default=1.0)
            for term, weight in terms.items():
                if weight is None or weight <= 0:
                    raise ValueError(f"{where} terms {term!r}: the weight must be positive")
            exclude = _weighted_terms(body.get("exclude") or [], f"{where} exclude", default=None)
            for term, weight in exclude.items():
                if weight is not None and weight <= 0:
                    raise ValueError(f"{where} exclude {term!r}: the weight must be positive")
            min_score = body.get("min_score")
            if min_score is not None:
                min_score = _fraction(min_score, f"{where} min_score")
            yields = body.get("yields_to") or {}
            if not isinstance(yields, Mapping) or set(yields) - {"topics", "share"}:
                raise ValueError(f"{where} yields_to: give `topics: [qcodes]` and `share: 0..1`")
            rules[str(code)] = TopicRule(
                code=str(code),
                terms={term: float(weight or 0.0) for term, weight in terms.items()},
                exclude=exclude,
                min_score=min_score,
                yields_to=tuple(str(topic) for topic in yields.get("topics") or ()),
                yield_share=_fraction(yields.get("share", 1.0), f"{where} yields_to share"),
            )
        known = {
            "title_weight", "repeat_decay", "evidence_scale", "min_score", "rollup",
            "label_weight", "label_max_level", "label_skip", "plurals", "keep_best_top",
            "calibration", "definition_weight", "definition_share", "definition_max_zipf",
            "language", "label_prefix", "label_forms", "stemmer", "characters", "particles",
        }  # fmt: skip
        unknown = set(settings) - known
        if unknown:
            raise ValueError(f"{origin}: unknown settings {sorted(unknown)}")
        if "label_skip" in settings:
            settings["label_skip"] = frozenset(str(s).lower() for s in settings["label_skip"] or [])
        if "particles" in settings:
            settings["particles"] = _particles(settings, origin)
        if "label_forms" in settings:
            settings["label_forms"] = _label_forms(settings["label_forms"], origin)
        if "definition_max_zipf" in settings and settings["definition_max_zipf"] is None:
            del settings["definition_max_zipf"]
        if settings.get("calibration") is not None:
            settings["calibration"] = _calibration(settings["calibration"], origin)
        if "language" in settings:
            settings["language"] = _language_code(settings["language"], origin)
        if settings.get("stemmer") is not None:
            settings["stemmer"] = str(settings["stemmer"]).strip().lower()
        for key in known - {
            "language",
            "stemmer",
            "characters",
            "particles",
            "label_prefix",
            "label_forms",
            "label_skip",
            "plurals",
            "label_max_level",
            "keep_best_top",
            "calibration",
        }:
            if key in settings:
                settings[key] = _number(settings[key], f"{origin}: settings.{key}")
        if "min_score" in settings:
            where = f"{origin}: settings.min_score"
            settings["min_score"] = _fraction(settings["min_score"], where)
        if "label_max_level" in settings:
            settings["label_max_level"] = int(
                _number(settings["label_max_level"], f"{origin}: settings.label_max_level")
            )
        for key in ("plurals", "keep_best_top", "label_prefix", "characters"):
            if not isinstance(settings.get(key, True), bool):
                raise ValueError(f"{origin}: settings.{key} must be true or false")
        if "definition_share" in settings:
            where = f"{origin}: settings.definition_share"
            settings["definition_share"] = _fraction(settings["definition_share"], where)
        for key in ("title_weight", "rollup", "label_weight", "definition_weight"):
            if settings.get(key, 0.0) < 0:
                raise ValueError(f"{origin}: settings.{key} must not be negative")
        if not 0 <= settings.get("repeat_decay", 0.5) < 1:
            raise ValueError(f"{origin}: settings.repeat_decay must be in [0, 1)")
        if settings.get("evidence_scale", 1.0) <= 0:
            raise ValueError(f"{origin}: settings.evidence_scale must be positive")
        return cls(rules=rules, origin=origin, **settings)


def _particles(settings: Mapping[str, Any], origin: str) -> tuple[str, ...]:
    """The ``particles`` setting: words of letters, for rules that read characters."""
    listed = settings["particles"] or []
    if not settings.get("characters"):
        raise ValueError(f"{origin}: settings.particles needs characters: true")
    if not isinstance(listed, list) or not all(
        isinstance(p, str) and p.strip().isalpha() for p in listed
    ):
        raise ValueError(f"{origin}: settings.particles must be a list of words")
    return tuple(dict.fromkeys(p.strip().lower() for p in listed))


def _label_forms(value: Any, origin: str) -> dict[str, tuple[str, ...]]:
    where = f"{origin}: settings.label_forms"
    if value is None:  # "label_forms:" left empty, as "label_skip:" may be
        return {}
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: give each label with its forms, `label: [form, ...]`")
    forms = {}
    for label, words in value.items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{where}: {label!r}: give a list of the words it is written as")
        forms[str(label).lower()] = tuple(word.lower() for word in words)
    return forms


def _language_code(value: Any, origin: str) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError(f"{origin}: settings.language must be an ISO 639-1 code (en, de, fr)")
    return value


def _calibration(value: Any, origin: str) -> Calibration:
    where = f"{origin}: settings.calibration"
    if not isinstance(value, Mapping) or set(value) != {"intercept", "evidence", "share"}:
        raise ValueError(f"{where}: expected a mapping with intercept, evidence and share")
    numbers = {key: _number(value[key], f"{where}.{key}") for key in value}
    if numbers["evidence"] < 0 or numbers["share"] < 0:
        raise ValueError(f"{where}: evidence and share must not be negative")
    return Calibration(**numbers)


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: expected a number, got {value!r}")
    return float(value)


def _fraction(value: Any, where: str) -> float:
    number = _number(value, where)
    if not 0.0 <= number <= 1.0:
        raise ValueError(f"{where}: expected a score between 0 and 1, got {value!r}")
    return number


def _weighted_terms(items: Any, where: str, default: float | None) -> dict[str, float | None]:
    """Read a list of ``term`` or ``{term: weight}`` items (or one ``{term: weight}`` mapping).

    A quoted ``"term: weight"`` string is read as a term with a weight too, so quoting a whole
    entry does what the editor meant. Terms are kept as written; a later entry for the same term
    replaces an earlier one.
    """
    pairs: list[tuple[Any, Any]] = []
    if isinstance(items, Mapping):
        pairs.extend(items.items())
    elif isinstance(items, list):
        for item in items:
            if isinstance(item, Mapping):
                pairs.extend(item.items())
            elif isinstance(item, str) and (found := WEIGHTED.match(item.strip())):
                text = found["weight"]
                pairs.append((found["term"], None if text in ("null", "~") else float(text)))
            else:
                pairs.append((item, default))
    else:
        raise ValueError(f"{where}: expected a list of terms")
    result: dict[str, float | None] = {}
    for term, weight in pairs:
        if isinstance(term, bool) or term is None or not str(term).strip():
            raise ValueError(f"{where}: bad term {term!r} (quote words like yes, no, on, off)")
        if weight is not None:
            weight = _number(weight, f"{where} {term!r}")
        result[str(term).strip()] = weight
    return result


def _plural(word: str) -> str | None:
    """A regular English plural of ``word``, or None when it should not get one."""
    if len(word) < 3 or word.isdigit() or not word.isalpha():
        return None
    if word.endswith("s"):
        return None
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@dataclass(slots=True)
class _Entry:
    slot: int  # index of the concept in the tagger's tables
    weight: float
    term: str  # as written in the rules, for evidence
    kind: int


class TopicTagger:
    """Assign Media Topics to stories by weighted term rules; see the module docstring.

    One tagger reads one language, its rules' ``language``: which stories it may read is for
    the caller to decide (:class:`newsroom.stages.tagger.LanguageTagger`). The concepts' names
    and definitions count in that language only: the vocabulary's own when it is in it, else
    ``translations`` (qcode -> (names, definition), :func:`load_translations`), else none."""

    method = "rules"  # what tags stories: said in an article's ``topics_method``

    def __init__(
        self,
        vocabulary: Vocabulary,
        rules: TopicRules,
        translations: Mapping[str, tuple[tuple[str, ...], str]] | None = None,
    ) -> None:
        self.vocabulary = vocabulary
        self.rules = rules
        self.language = rules.language
        own = vocabulary.language.split("-")[0].lower() == rules.language
        self._translations = None if own else dict(translations or {})
        self._codes: list[str] = []
        self._slot: dict[str, int] = {}
        self._min: list[float] = []
        self._parents: list[int] = []  # slot of the nearest active parent, -1 at the top
        self._roots: list[int] = []  # slot of the top-level ancestor (itself at the top)
        self._entries: list[_Entry] = []
        self._index: dict[str, list[int]] = {}  # "word word" -> entry ids
        self._prefixes: set[str] = set()  # proper prefixes of multi-word terms
        # One-word terms written "wahl*" (any word that starts with it) and "*wahl" (any word
        # that ends with it): the beginning or end -> entry ids, and the shortest and longest.
        self._heads: dict[str, list[int]] = {}
        self._tails: dict[str, list[int]] = {}
        self._shortest_affix = 0
        self._longest_affix = 0
        # Every beginning of a ``word*`` term and every ending of a ``*word`` term: a word whose
        # first letters begin none can begin with no term, so the search stops there.
        self._head_prefixes: set[str] = set()
        self._tail_suffixes: set[str] = set()
        # word -> the affix terms it matches: a language's everyday words come back in every
        # story, and most match none (bounded by AFFIX_CACHE_SIZE).
        self._affix_cache: dict[str, tuple[int, ...]] = {}
        # (word sequence, concept slot, kind) -> entry id: one entry per form, so "election" and
        # "elections" listed together do not count an "elections" twice.
        self._claimed: dict[tuple[str, int, int], int] = {}
        # word -> its stem, where the rules name a stemmer (bounded by AFFIX_CACHE_SIZE).
        self._stems: dict[str, str] = {}
        self._tokenize: Callable[[str], list[str]] = (
            tokenize_characters
            if rules.characters
            else LANGUAGE_TOKENIZERS.get(rules.language, tokenize)
        )
        if rules.stemmer is not None:
            stemming.stemmer(rules.stemmer)  # ValueError now for a stemmer that does not exist
        self._build()

    # -- building ---------------------------------------------------------------------------------

    def _build(self) -> None:
        vocab, rules = self.vocabulary, self.rules
        for concept in sorted(vocab.active(), key=lambda c: (c.level, c.qcode)):
            self._slot[concept.qcode] = len(self._codes)
            self._codes.append(concept.qcode)
            rule = rules.rules.get(concept.qcode)
            own_min = rule.min_score if rule is not None else None
            self._min.append(own_min if own_min is not None else rules.min_score)
        for code in self._codes:
            parent = vocab[code].parent
            while parent is not None and vocab[parent].retired:
                parent = vocab[parent].parent
            self._parents.append(self._slot[parent] if parent is not None else -1)
        for slot in range(len(self._codes)):
            root = slot
            while self._parents[root] >= 0:
                root = self._parents[root]
            self._roots.append(root)

        for code, rule in rules.rules.items():
            ruled = vocab.get(code)
            if ruled is None:
                logger.warning("%s: %s is not in the vocabulary; rule ignored", rules.origin, code)
                continue
            if ruled.retired:
                logger.warning(
                    "%s: %s (%s) is retired; rule ignored", rules.origin, code, ruled.label
                )
                continue
            slot = self._slot[code]
            for term, term_weight in rule.terms.items():
                self._add(term, slot, float(term_weight or 0.0), _TERM)
            for term, exclude_weight in rule.exclude.items():
                kind = _VETO if exclude_weight is None else _SUBTRACT
                self._add(term, slot, float(exclude_weight or 0.0), kind)

        self._yields: dict[int, tuple[frozenset[int], float]] = {}
        for code, rule in rules.rules.items():
            if rule.yields_to and code in self._slot:
                to = frozenset(self._slot[t] for t in rule.yields_to if t in self._slot)
                self._yields[self._slot[code]] = (to, rule.yield_share)
        # Names and definitions count in the rules' language only (see _words).
        if rules.definition_weight > 0:
            self._add_definition_words()
        if rules.label_weight > 0:
            for code in self._codes:
                concept = vocab[code]
                rule = rules.rules.get(code)
                for name in self._words(code)[0]:
                    label = PARENTHESIS.sub("", name).replace(AFFIX_MARK, " ").strip()
                    if rules.stemmer is not None:
                        label = stemming.strip_marks(label)
                    if (
                        concept.level > rules.label_max_level
                        or label.lower() in rules.label_skip
                        or (rule is not None and _has_term(rule, label))
                    ):
                        continue
                    if rules.characters and len(label) < MIN_CHARACTERS:
                        continue  # one character is part of too many words
                    forms = rules.label_forms.get(label.lower())
                    if forms is not None:  # these words, not every word it begins
                        for form in forms:
                            self._add(
                                EXACT_MARK + form, self._slot[code], rules.label_weight, _TERM
                            )
                        continue
                    if (
                        rules.label_prefix
                        and not rules.characters
                        and len(label) > MIN_AFFIX
                        and label.isalpha()
                    ):
                        label += AFFIX_MARK  # "Wahl" names Wahlen and Wahlkampf too
                    self._add(label, self._slot[code], rules.label_weight, _TERM)
        # The words a term or a longer term's first words begin with: a story's other words
        # are passed over in one sweep (_match).
        self._starts = frozenset(key for key in (*self._index, *self._prefixes) if " " not in key)
        logger.debug(
            "topic tagger: %d concepts, %d terms, %d entries",
            len(self._codes), len(self._index), len(self._entries),
        )  # fmt: skip

    def _add_definition_words(self) -> None:
        """Faint terms for the top-level topics, taken from the vocabulary's definitions.

        A word (four letters or more) that appears in the labels or definitions of at least two
        active concepts, at least ``definition_share`` of them in one top-level branch, becomes a
        term of that top-level topic, weighing ``definition_weight`` times that share. Words
        the rules already list for the topic are left alone, and so are words as common in
        English as ``definition_max_zipf`` (wordfreq's Zipf scale: "like", "must", "days" are
        no evidence of anything). Together such words add at most ``definition_weight`` to a
        story's evidence: they break ties, never tag on their own.
        """
        rules = self.rules
        frequency: Mapping[str, float] = {}
        common = math.inf  # frequency (per word) from which a word is too common to count
        if rules.definition_max_zipf is not None:
            import wordfreq  # deferred: only needed here, and loading the word list takes time

            # Called as newsroom.stages.spacing calls it, so the pipeline loads the list once.
            if rules.language in wordfreq.available_languages():
                frequency = wordfreq.get_frequency_dict(rules.language)
            common = 10.0 ** (rules.definition_max_zipf - 9.0)  # Zipf = log10(per billion)
        branches: dict[str, dict[int, int]] = {}
        for code in self._codes:
            root = self._roots[self._slot[code]]
            names, definition = self._words(code)
            for word in set(tokenize(" ".join([*names, definition]))):
                if len(word) > 3 and word.isalpha():
                    counts = branches.setdefault(word, {})
                    counts[root] = counts.get(root, 0) + 1
        for word, counts in sorted(branches.items()):
            total = sum(counts.values())
            root, count = max(counts.items(), key=lambda item: (item[1], -item[0]))
            if total < 2 or count / total < rules.definition_share:
                continue
            if frequency.get(word, 0.0) >= common:
                continue
            rule = rules.rules.get(self._codes[root])
            if rule is not None and _has_term(rule, word):
                continue
            self._add(f"={word}", root, rules.definition_weight * count / total, _FAINT)

    def _words(self, code: str) -> tuple[tuple[str, ...], str]:
        """A concept's names and definition in the rules' language (none when unknown)."""
        if self._translations is None:
            concept = self.vocabulary[code]
            return (concept.label,), concept.definition
        return self._translations.get(code, ((), ""))

    def _add(self, term: str, slot: int, weight: float, kind: int) -> None:
        exact = term.startswith(EXACT_MARK)
        stem = self.rules.stemmer
        written = term[1:] if exact else term
        words = self._tokenize(stemming.strip_marks(written) if stem else written)
        if not words:
            logger.warning("%s: term %r has no words; ignored", self.rules.origin, term)
            return
        if AFFIX_MARK in term:
            self._add_affix(term, words, slot, weight, kind)
            return
        forms = [words]
        plural = _plural(words[-1]) if self.rules.plurals and not exact else None
        if plural:
            forms.append([*words[:-1], plural])
        if self.rules.particles and BOUNDARY in words:
            forms = [*forms, *self._with_particles(words)]
        if stem is not None:  # the stems of the forms the first word is printed in (a
            # stemmer takes plurals off: no plural form of its own)
            reduce = stemming.stemmer(stem)
            rest = [reduce(word) for word in words[1:]]
            firsts = stemming.term_stems(words[0], self.language, stem)
            forms = [[first, *rest] for first in firsts]
        entry_id = len(self._entries)
        self._entries.append(_Entry(slot, weight, term.lstrip(EXACT_MARK), kind))
        for form in forms:
            key = " ".join(form)
            claim = (key, slot, kind)
            ids = self._index.setdefault(key, [])
            old = self._claimed.get(claim)
            if old is not None:
                if old == entry_id or self._entries[old].weight >= weight:
                    continue
                ids.remove(old)  # the heavier entry wins the form
            self._claimed[claim] = entry_id
            ids.append(entry_id)
            for end in range(1, len(form)):
                self._prefixes.add(" ".join(form[:end]))

    def _with_particles(self, words: list[str]) -> list[list[str]]:
        """The forms of a phrase term (tokens read a character at a time) whose words before a
        boundary carry one of the rules' particles, at one boundary or several."""
        endings = [[], *(self._tokenize(particle) for particle in self.rules.particles)]
        if len(endings) ** words.count(BOUNDARY) > MAX_PARTICLE_FORMS:
            logger.warning(
                "%s: term %r has too many words to take particles; matched as written",
                self.rules.origin, "".join(words),
            )  # fmt: skip
            return []
        forms: list[list[str]] = [[]]
        for token in words:
            if token == BOUNDARY:
                forms = [[*form, *ending, BOUNDARY] for form in forms for ending in endings]
            else:
                forms = [[*form, token] for form in forms]
        return forms[1:]  # the first is the term as written

    def _add_affix(self, term: str, words: list[str], slot: int, weight: float, kind: int) -> None:
        """A one-word term that matches the words it begins (``wahl*``: Wahl, Wahlen, Wahlkampf)
        or ends (``*wahl``: Bundestagswahl): inflections and compounds without a stemmer."""
        head, tail = term.endswith(AFFIX_MARK), term.startswith(AFFIX_MARK)
        if len(words) != 1 or head == tail or len(words[0]) < MIN_AFFIX:
            logger.warning(
                "%s: term %r: write one word of %d letters or more with * at one end; ignored",
                self.rules.origin, term, MIN_AFFIX,
            )  # fmt: skip
            return
        table = self._heads if head else self._tails
        claim = (term, slot, kind)
        if claim in self._claimed:
            return
        self._claimed[claim] = len(self._entries)
        table.setdefault(words[0], []).append(len(self._entries))
        word = words[0]
        if head:
            self._head_prefixes.update(word[:end] for end in range(1, len(word) + 1))
        else:
            self._tail_suffixes.update(word[start:] for start in range(len(word)))
        self._entries.append(_Entry(slot, weight, term, kind))
        shortest = self._shortest_affix
        self._shortest_affix = min(shortest, len(words[0])) if shortest else len(words[0])
        self._longest_affix = max(self._longest_affix, len(words[0]))

    @property
    def tokenizer(self) -> Callable[[str], list[str]]:
        """How the rules cut a story into words: :func:`tokenize`, or a language's own
        (letters folded, Vietnamese tones, Thai words, characters)."""
        return self._tokenize

    # -- tagging ----------------------------------------------------------------------------------

    def _tokens(self, text: str) -> list[str]:
        """A story's words as its terms are indexed: as printed, or their stems."""
        if self.rules.stemmer is None:
            return self._tokenize(text)
        known = self._stems.get  # a language's everyday words: stemmed once
        return [known(word) or self._stem(word) for word in tokenize(stemming.strip_marks(text))]

    def _stem(self, word: str) -> str:
        found = stemming.stemmer(self.rules.stemmer or "")(word)
        if len(self._stems) < AFFIX_CACHE_SIZE:
            self._stems[word] = found
        return found

    def _match(self, tokens: list[str], weight: float, hits: dict[int, float]) -> None:
        """Add ``weight`` to ``hits[entry]`` for every term occurrence in ``tokens``."""
        index, prefixes = self._index, self._prefixes
        n = len(tokens)
        for i in compress(range(n), map(self._starts.__contains__, tokens)):
            key = tokens[i]
            j = i + 1
            while True:
                ids = index.get(key)
                if ids is not None:
                    for entry_id in ids:
                        hits[entry_id] = hits.get(entry_id, 0.0) + weight
                if j >= n or key not in prefixes:
                    break
                key = f"{key} {tokens[j]}"
                j += 1
        if self._shortest_affix:
            self._match_affixes(tokens, weight, hits)

    def _match_affixes(self, tokens: list[str], weight: float, hits: dict[int, float]) -> None:
        """Add ``weight`` for every word that begins with a ``word*`` term or ends with a
        ``*word`` term."""
        cache = self._affix_cache
        matched = list(map(cache.get, tokens))  # most words: known, and matching none
        if None in matched:
            for i in [i for i, found in enumerate(matched) if found is None]:
                token = tokens[i]
                found = cache.get(token)  # perhaps found for the same word earlier in the story
                if found is None:
                    found = self._affix_entries(token)
                    if len(cache) < AFFIX_CACHE_SIZE:
                        cache[token] = found
                matched[i] = found
        for found in filter(None, matched):
            for entry_id in found:
                hits[entry_id] = hits.get(entry_id, 0.0) + weight

    def _affix_entries(self, token: str) -> tuple[int, ...]:
        """The ``word*`` terms a word begins with, shortest first, then the ``*word`` terms it
        ends with, longest first. The search stops at the first beginning (or ending) that no
        term has: in most words that is the shortest one looked at."""
        shortest, longest = self._shortest_affix, self._longest_affix
        n = len(token)
        heads, prefixes = self._heads, self._head_prefixes
        tails, suffixes = self._tails, self._tail_suffixes
        if n < shortest or (
            token[:shortest] not in prefixes and token[n - shortest :] not in suffixes
        ):
            return ()  # most words: neither search would go past its first look
        found: list[int] = []
        for end in range(shortest, min(n, longest) + 1):
            beginning = token[:end]
            if beginning not in prefixes:
                break
            found.extend(heads.get(beginning, ()))
        endings: list[list[int]] = []
        for start in range(n - shortest, max(0, n - longest) - 1, -1):
            ending = token[start:]
            if ending not in suffixes:
                break
            ids = tails.get(ending)
            if ids:
                endings.append(ids)
        for ids in reversed(endings):
            found.extend(ids)
        return tuple(found)

    def untaggable(self) -> list[Concept]:
        """The active concepts that no term speaks for: no story can be tagged with them.

        A concept is reachable through its own terms in the rules, its label (down to
        ``label_max_level``, unless skipped) or, for a top-level topic, definition words. Use it
        after editing the rules or loading a newer IPTC release.
        """
        spoken = {entry.slot for entry in self._entries if entry.kind in (_TERM, _FAINT)}
        codes = self._codes
        return [self.vocabulary[code] for slot, code in enumerate(codes) if slot not in spoken]

    def evidence(self, title: str | None, text: str) -> dict[str, float]:
        """The evidence per concept (qcode -> amount > 0) before scoring, for calibration."""
        evidence, _, _ = self._weigh(title, text)
        return {self._codes[slot]: value for slot, value in evidence.items()}

    def tag(self, title: str | None, text: str, limit: int = 10) -> list[TopicTag]:
        """The Media Topics of a story, best first (ancestors before children on ties)."""
        evidence, own, collected = self._weigh(title, text)
        if not evidence:
            return []
        return self._tags(evidence, own, collected, limit)

    def _weigh(
        self, title: str | None, text: str
    ) -> tuple[dict[int, float], Mapping[int, object], dict[int, dict[str, float]]]:
        """Evidence per concept slot, the slots with terms of their own, and the terms behind."""
        rules = self.rules
        hits: dict[int, float] = {}
        if title:
            self._match(self._tokens(title), rules.title_weight, hits)
        if text:
            self._match(self._tokens(text), 1.0, hits)
        if not hits:
            return {}, {}, {}

        # Per concept: the amount each own term adds, and the amount its exclusions take away.
        decay = rules.repeat_decay
        own: dict[int, dict[str, float]] = {}
        subtract: dict[int, float] = {}
        vetoes: set[int] = set()
        faint: dict[int, dict[str, float]] = {}  # definition words, capped together
        for entry_id, count in hits.items():
            entry = self._entries[entry_id]
            if entry.kind == _VETO:
                vetoes.add(entry.slot)
                continue
            amount = entry.weight * (1.0 - decay**count) / (1.0 - decay)
            if entry.kind == _SUBTRACT:
                subtract[entry.slot] = subtract.get(entry.slot, 0.0) + amount
            elif entry.kind == _FAINT:
                faint.setdefault(entry.slot, {})[entry.term] = entry.weight
            else:
                terms = own.setdefault(entry.slot, {})
                terms[entry.term] = max(terms.get(entry.term, 0.0), amount)
        if faint:
            cap = rules.definition_weight
            for slot, terms in faint.items():
                shrink = min(1.0, cap / sum(terms.values()))
                mine = own.setdefault(slot, {})
                for term, amount in terms.items():
                    mine[term] = max(mine.get(term, 0.0), amount * shrink)
        vetoed = self._vetoed(vetoes, own.keys() | subtract.keys()) if vetoes else set()

        # Each concept collects its own terms and, times ``rollup``, its descendants' terms.
        # A term counts once per concept (its largest amount), so a term listed at several
        # levels of one branch does not outweigh a term listed once in another branch. A
        # concept's exclusions shrink what its terms pass upwards in proportion.
        collected: dict[int, dict[str, float]] = {}
        for slot, terms in own.items():
            if slot in vetoed:
                continue
            gross = sum(terms.values())
            keep = max(0.0, gross - subtract.get(slot, 0.0)) / gross
            mine = collected.setdefault(slot, {})
            for term, amount in terms.items():
                mine[term] = max(mine.get(term, 0.0), amount)
            if keep <= 0 or rules.rollup <= 0:
                continue
            parent = self._parents[slot]
            while parent >= 0 and parent not in vetoed:
                theirs = collected.setdefault(parent, {})
                for term, amount in terms.items():
                    share = rules.rollup * keep * amount
                    if share > theirs.get(term, 0.0):
                        theirs[term] = share
                parent = self._parents[parent]

        evidence: dict[int, float] = {}
        for slot, terms in collected.items():
            value = sum(terms.values()) - subtract.get(slot, 0.0)
            if value > 0:
                evidence[slot] = value
        return evidence, own, collected

    def _tags(
        self,
        evidence: dict[int, float],
        own: Mapping[int, object],
        collected: dict[int, dict[str, float]],
        limit: int,
    ) -> list[TopicTag]:
        rules = self.rules
        total = sum(value for slot, value in evidence.items() if self._parents[slot] < 0)
        scores = {slot: self._score(slot, evidence, total) for slot in evidence}
        best_top = max(
            (slot for slot in evidence if self._parents[slot] < 0),
            key=lambda slot: (evidence[slot], -slot),
            default=-1,
        )
        # The gate is the strength of the evidence, 1 - exp(-evidence / evidence_scale), so that
        # min_score keeps its meaning whether or not the scores are calibrated.
        scale = rules.evidence_scale
        scores = {
            slot: score
            for slot, score in scores.items()
            if 1.0 - math.exp(-evidence[slot] / scale) >= self._min[slot]
            or (slot == best_top and rules.keep_best_top)
        }

        # "rules" for a concept with matched terms of its own, "implied" when only its
        # descendants' evidence put it there; ancestors score at least as high as their children.
        methods = {slot: "rules" if slot in own else "implied" for slot in scores}
        rank = {slot: evidence[slot] for slot in scores}
        for slot in sorted(scores, key=lambda s: (scores[s], rank[s]), reverse=True):
            score, strength = scores[slot], rank[slot]
            parent = self._parents[slot]
            while parent >= 0:
                if scores.get(parent, -1.0) < score:
                    scores[parent] = score
                    methods[parent] = "implied"
                rank[parent] = max(rank.get(parent, 0.0), strength)
                parent = self._parents[parent]

        if self._yields:
            self._yield_lead(scores, rank, evidence)

        # Best first: by score, then by the evidence behind it (so saturated or equal scores are
        # told apart), then broader before narrower.
        ranked = sorted(
            scores, key=lambda s: (-scores[s], -rank[s], self._level(s), self._codes[s])
        )
        tags = []
        for slot in ranked[:limit]:
            concept = self.vocabulary[self._codes[slot]]
            found = self._evidence(slot, collected)
            tags.append(
                TopicTag(
                    code=concept.qcode,
                    label=concept.label,
                    score=round(scores[slot], 4),
                    level=concept.level,
                    method=methods[slot],
                    evidence=found[:MAX_EVIDENCE],
                )
            )
        return tags

    def _yield_lead(
        self, scores: dict[int, float], rank: dict[int, float], evidence: Mapping[int, float]
    ) -> None:
        """A leading top-level topic that yields (``yields_to`` in the rules: crime, law and
        justice before a story's politics, business, arts or sport) drops just under the
        topic it yields to, with its branch, when that topic has its share of the evidence:
        the story keeps the tag, its subject leads."""
        tops = [slot for slot in scores if self._parents[slot] < 0]
        if not tops:
            return
        lead = max(tops, key=lambda slot: (scores[slot], rank[slot]))
        if lead not in self._yields:
            return
        to, share = self._yields[lead]
        rivals = [
            slot
            for slot in tops
            if slot in to and evidence.get(slot, 0.0) >= share * evidence.get(lead, 0.0)
        ]
        if not rivals:
            return
        subject = max(rivals, key=lambda slot: (scores[slot], rank[slot]))
        cap = max(0.0, scores[subject] - 0.0001)
        for slot in scores:
            if self._roots[slot] == lead and scores[slot] > cap:
                scores[slot] = cap

    def _vetoed(self, vetoes: set[int], matched: Iterable[int]) -> set[int]:
        """The matched concepts that are vetoed, directly or through an ancestor."""
        vetoed = set(vetoes)
        for slot in matched:
            parent = self._parents[slot]
            while parent >= 0:
                if parent in vetoes:
                    vetoed.add(slot)
                    break
                parent = self._parents[parent]
        return vetoed

    def _score(self, slot: int, evidence: Mapping[int, float], total: float) -> float:
        """The score of a concept with ``evidence[slot] > 0``.

        Without calibration: ``1 - exp(-evidence / evidence_scale)``, the strength of the
        evidence. With it: a logistic function of the log evidence and of the share its
        top-level branch holds of all top-level evidence in the story, so that a score reads as
        the chance that the tag is right.
        """
        value = evidence[slot]
        calibration = self.rules.calibration
        if calibration is None:
            return 1.0 - math.exp(-value / self.rules.evidence_scale)
        root = self._roots[slot]
        share = min(1.0, evidence.get(root, value) / total) if total > 0 else 1.0
        z = (
            calibration.intercept
            + calibration.evidence * math.log(value)
            + calibration.share * share
        )
        return 1.0 / (1.0 + math.exp(-z))

    def _level(self, slot: int) -> int:
        return self.vocabulary[self._codes[slot]].level

    def _evidence(self, slot: int, collected: Mapping[int, Mapping[str, float]]) -> list[str]:
        """The matched terms behind ``slot``, strongest first.

        An implied concept whose parent chain skipped it in ``collected`` (rollup 0) takes its
        terms from the descendants that were scored.
        """
        terms = dict(collected.get(slot, {}))
        if not terms:
            for other, found in collected.items():
                node = self._parents[other]
                while node >= 0 and node != slot:
                    node = self._parents[node]
                if node == slot:
                    for term, amount in found.items():
                        terms[term] = max(terms.get(term, 0.0), amount)
        return sorted(terms, key=lambda term: (-terms[term], term))


def _has_term(rule: TopicRule, label: str) -> bool:
    wanted = tokenize(label)
    return any(tokenize(term.lstrip(EXACT_MARK)) == wanted for term in rule.terms)


@lru_cache(maxsize=1)
def load_tagger() -> TopicTagger:
    """The default tagger (shipped vocabulary and rules), built once, then loaded from its
    compiled file (:mod:`newsroom.stages.resources`)."""
    return compiled_tagger(None, None)


def compiled_tagger(
    vocabulary: str | None, rules: str | None, *, name: str | None = None
) -> TopicTagger:
    """The tagger of these vocabulary and rules files (default: the shipped ones), from its
    compiled file when none of them (the IPTC's translations included) changed since it was
    built."""
    vocabulary_path = Path(vocabulary) if vocabulary else DEFAULT_VOCABULARY_PATH
    rules_path = Path(rules) if rules else DEFAULT_RULES_PATH
    return compiled(
        name or ("tagger" if vocabulary is None and rules is None else "tagger-custom"),
        lambda: build_tagger(vocabulary_path, rules_path),
        sources=[
            __file__,
            stemming.__file__,
            word_stage.__file__,  # its folds and the Thai segmenter cut the terms as stored
            vocabulary_path,
            rules_path,
            DEFAULT_TRANSLATIONS_PATH,
        ],
        # word frequencies pick definition words and Arabic stems; Snowball makes those stems;
        # the Thai segmenter's dictionary cuts the Thai terms
        versions=[
            library_version(name) for name in ("wordfreq", "PyStemmer", "pythainlp", "nlpo3")
        ],
    )


def build_tagger(vocabulary_path: Path, rules_path: Path) -> TopicTagger:
    """The tagger of a vocabulary and a rules file, with the IPTC's names and definitions in
    the rules' language when the vocabulary is in another."""
    vocabulary = Vocabulary.load(vocabulary_path)
    rules = TopicRules.load(rules_path)
    return TopicTagger(vocabulary, rules, rules_translations(vocabulary, rules))


def rules_translations(
    vocabulary: Vocabulary, rules: TopicRules
) -> dict[str, tuple[tuple[str, ...], str]] | None:
    """The IPTC's names and definitions that rules count: None when the vocabulary is in the
    rules' language (its own count), else the translations in that language; none for a
    language the IPTC has not translated (Italian, Russian), where only the rules' own terms
    tag, and a warning if the rules give names or definitions a weight all the same."""
    if vocabulary.language.split("-")[0].lower() == rules.language:
        return None
    found = load_translations(rules.language)
    if not found and (rules.label_weight > 0 or rules.definition_weight > 0):
        logger.warning(
            "%s: the IPTC has no names or definitions in %r (%s): label_weight and "
            "definition_weight count nothing; only the rules' terms tag",
            rules.origin, rules.language, DEFAULT_TRANSLATIONS_PATH.name,
        )  # fmt: skip
    return found


# Words that join the things a name lists ("Arts, culture, divertissement et médias"): each
# thing is a name of its own, since news text names them one at a time. Chinese lists with 、
# and joins the last two with 和, 与 or 及, written without spaces (_split_chinese_and).
CONJUNCTIONS = {"de": "und", "fr": "et", "es": "y", "pt": "e", "da": "og", "no": "og",
                "nn": "og", "sv": "och"}  # fmt: skip
# "Between": a name that holds it names one relation between two things, not a list of them
# ("Relations entre les institutions religieuses et l'Etat" is not "l'Etat", a word of every
# other story, nor is Spanish "el Estado").
BETWEEN = {"de": "zwischen", "fr": "entre", "es": "entre", "pt": "entre", "da": "mellem",
           "no": "mellom", "nn": "mellom", "sv": "mellan"}  # fmt: skip
CHINESE_AND = frozenset("和与及")


def load_translations(
    language: str, path: str | Path | None = None
) -> dict[str, tuple[tuple[str, ...], str]]:
    """The IPTC's names (in lower case) and definition of each concept in ``language`` (qcode ->
    (names, definition)), from the translations file; a name that lists several things
    ("Écoles, collèges, lycées") is split into them, but not at "and" where it names a relation
    between two things (:data:`BETWEEN`). Empty when the file has no such language."""
    path = Path(path) if path is not None else DEFAULT_TRANSLATIONS_PATH
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    conjunction = CONJUNCTIONS.get(language)
    lists = re.compile(",|،|、")
    splitter = re.compile(rf",|،|、|\b{conjunction}\b") if conjunction else lists
    between = re.compile(rf"\b{BETWEEN[language]}\b", re.I) if language in BETWEEN else None
    split = {"ar": _split_arabic_and, "zh": _split_chinese_and}.get(language)
    found: dict[str, tuple[tuple[str, ...], str]] = {}
    for qcode, languages in data.get("concepts", {}).items():
        words = languages.get(language)
        if not words:
            continue
        # Lower case, as the English labels are: a name and a rule's term of the same word
        # are then one term of evidence, not two ("Unternehmen*" and "unternehmen*").
        names = [
            part.strip().lower()
            for name in words["labels"]
            for part in (lists if between and between.search(name) else splitter).split(name)
        ]
        if split is not None:
            names = [piece for name in names for piece in split(name)]
        unique = tuple(dict.fromkeys(name for name in names if name))
        found[qcode] = (unique, str(words.get("definition") or ""))
    return found


def _split_chinese_and(name: str) -> list[str]:
    """A Chinese name split where 和, 与 or 及 (and) join two things of two characters or more
    (``娱乐和媒体``: entertainment and media), not where the character begins or ends a word of
    its own (``和平``, peace; ``维和部队``, peacekeeping forces)."""
    for at, character in enumerate(name):
        if character in CHINESE_AND and at >= 2 and len(name) - at - 1 >= 2:
            return [name[:at], *_split_chinese_and(name[at + 1 :])]
    return [name]


def _split_arabic_and(name: str) -> list[str]:
    """An Arabic name split where it lists things: "and" is the letter و written as one word
    with what follows (``ثقافة وترفيه``, culture and entertainment). A word that begins with و
    is read as "and" plus a word when wordfreq finds the word without it more frequent than
    with it (``وترفيه``: and entertainment), else as a word of its own (``وطنية``, national;
    ``وقف``, suspension)."""
    import wordfreq  # deferred, as in TopicTagger._add_definition_words

    parts: list[list[str]] = [[]]
    for word in name.split():
        rest = word[1:]
        if (
            parts[-1]
            and word.startswith("و")
            and wordfreq.zipf_frequency(rest, "ar") > wordfreq.zipf_frequency(word, "ar")
        ):
            parts.append([rest])
        else:
            parts[-1].append(word)
    return [" ".join(words) for words in parts if words]
