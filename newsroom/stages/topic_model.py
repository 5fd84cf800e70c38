"""A topic model learnt from the newsroom's own archive, tagging together with the rules.

Trained by :mod:`newsroom.services.training` (``newsroom tagger train``) on the articles whose
topics the newsroom accepted, and saved to one file. Scikit-learn, TF-IDF words:

- One logistic-regression classifier per topic learnt. Its score is combined with the rules'
  by a small logistic regression per topic, which also reads the best rival score at the
  topic's level (of the other classifiers and of the rules), fitted on classifier scores made
  out of fold (five folds: each article scored by a classifier that did not see it).
- When two or more top-level topics are learnt, which of them is the story's subject is one
  multinomial classifier, stacked with the rules' top-level scores the same way
  (:class:`PrimaryTopic`). Its probabilities become those topics' scores; a top-level topic
  only the rules know scores its rules' score times the chance of "another topic" (zero when
  the archive never accepted one).

A model learns from the articles of one language and tags that language only, with its rules
(:class:`CombinedTagger` refuses any other pairing).

Every combined score is thus a probability measured on articles the model had not seen, like
the rules' own scores (calibrated on AG News), so topics the model knows and topics only the
rules know rank against each other. A topic both speak for has method ``rules+model``, one only
the model finds ``model``, with the words that weighed most as evidence. No tag of the rules is
taken away: the model rescores it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from newsroom.core.models import TopicTag
from newsroom.stages.topics import TopicTagger, Vocabulary

logger = logging.getLogger(__name__)

MODEL_VERSION = 3
EVIDENCE_TERMS = 6
# What a topic's combination reads: a topic is judged against its rivals at its level, so that
# a story's one subject stands out (a classifier's or the rules' score alone says nothing of the
# competition a topic meets in that story).
COMBINER_INPUTS = ("classifier", "best other classifier", "rules", "best other rules topic")


def document(title: str | None, text: str) -> str:
    """What the model reads of an article: the title counts twice."""
    return f"{title or ''}\n{title or ''}\n{text}"


@dataclass
class PrimaryTopic:
    """Which of the learnt top-level topics a story is about: one multinomial classifier over
    them (and "another topic", when the archive has enough of those), stacked with the rules'
    top-level scores by a multinomial logistic regression fitted on out-of-fold classifier
    scores. Its probabilities are the learnt top-level topics' scores: the chance that the
    topic is the story's subject, measured on articles the classifier had not seen."""

    classes: list[str]  # top-level qcodes; "" stands for another topic
    classifier: LogisticRegression
    stack: LogisticRegression
    rules_topics: list[str]  # the top-level topics whose rules' scores the stack reads

    def scores(self, features: Any, rules: Mapping[str, float]) -> dict[str, float]:
        """The chance that each top-level topic is the story's subject: the learnt ones from the
        stack; any other the rules give, its rules' score times the chance of another topic
        (none, when the archive never accepted one)."""
        decision = np.asarray(self.classifier.decision_function(features)).reshape(1, -1)
        given = np.array([[rules.get(code, 0.0) for code in self.rules_topics]])
        probabilities = self.stack.predict_proba(np.c_[decision, given])[0]
        found = {
            self.classes[int(index)]: float(p)
            for index, p in zip(self.stack.classes_, probabilities, strict=True)
        }
        another = found.pop("", 0.0)
        for code in self.rules_topics:
            if code in rules and code not in found:
                found[code] = rules[code] * another
        return found

    @property
    def knows_another(self) -> bool:
        """Whether the archive had enough articles about none of the learnt topics to learn the
        chance of another topic; without it, every other top-level topic scores 0."""
        return len(self.classes) - 1 in self.stack.classes_


@dataclass
class TopicModel:
    """Per-topic classifiers over one vocabulary of words, and their combination with the rules.

    ``weights`` and ``biases`` are the classifiers' (one row per topic); ``combiners`` hold, per
    topic, the intercept and a weight per :data:`COMBINER_INPUTS`; ``primary`` scores the learnt
    top-level topics together.
    """

    vectorizer: TfidfVectorizer
    codes: list[str]
    weights: np.ndarray  # (topics, features)
    biases: np.ndarray  # (topics,)
    combiners: np.ndarray  # (topics, 1 + inputs): intercept, then a weight per COMBINER_INPUTS
    threshold: float  # a topic the rules did not give is added at or above this score
    trained_on: int  # articles
    examples: dict[str, int] = field(default_factory=dict)  # articles per topic
    held_out: dict[str, float] = field(default_factory=dict)  # top-1, with and without it
    levels: list[int] = field(default_factory=list)  # each topic's level in the vocabulary
    primary: PrimaryTopic | None = None  # the top-level topics' scores, when 2+ are learnt
    # The language of the articles it learnt from, the only one it tags (ISO 639-1). A model
    # saved before languages were recorded reads this class default: it tags English only.
    language: str = "en"
    version: int = MODEL_VERSION

    def features(self, title: str | None, text: str) -> Any:
        return self.vectorizer.transform([document(title, text)])

    def decisions(self, features: Any) -> np.ndarray:
        """Each topic's classifier score (a log-odds, before the combination)."""
        return np.asarray(features @ self.weights.T).ravel() + self.biases

    def combiner_inputs(
        self, decisions: np.ndarray, rules: Mapping[str, float], level_of: Callable[[str], int]
    ) -> np.ndarray:
        """Per topic, what its combination reads (see :data:`COMBINER_INPUTS`): its classifier's
        score and the best other classifier score at its level; the rules' score for it and the
        best rules' score of another topic at its level (any topic, learnt or not)."""
        best_rules: dict[int, list[tuple[float, str]]] = {}
        for code, score in rules.items():
            best_rules.setdefault(level_of(code), []).append((score, code))
        rows = []
        for column, (code, level) in enumerate(zip(self.codes, self.levels, strict=True)):
            others = [
                decisions[other]
                for other, other_level in enumerate(self.levels)
                if other != column and other_level == level
            ]
            rival = max(
                (score for score, other in best_rules.get(level, []) if other != code), default=0.0
            )
            rows.append(
                [decisions[column], max(others, default=-10.0), rules.get(code, 0.0), rival]
            )
        return np.array(rows)

    def combined(
        self, decisions: np.ndarray, rules: Mapping[str, float], level_of: Callable[[str], int]
    ) -> np.ndarray:
        """Each topic's combined, calibrated score, from its classifier's and the rules'."""
        inputs = self.combiner_inputs(decisions, rules, level_of)
        logits = self.combiners[:, 0] + np.sum(self.combiners[:, 1:] * inputs, axis=1)
        return 1.0 / (1.0 + np.exp(-logits))

    def evidence(self, features: Any, code: str) -> list[str]:
        """The words of the article that weighed most for the topic."""
        features = features.tocsr()
        row = self.weights[self.codes.index(code)]
        weighed = sorted(
            ((features.data[i] * row[j], j) for i, j in enumerate(features.indices)),
            reverse=True,
        )
        return [str(self._terms[j]) for weight, j in weighed[:EVIDENCE_TERMS] if weight > 0]

    @cached_property
    def _terms(self) -> np.ndarray:
        """The vectorizer's words by feature index: scikit-learn builds this array anew at each
        ``get_feature_names_out`` (about 11 ms for 15,000 words), so it is made once."""
        return self.vectorizer.get_feature_names_out()


def save(model: TopicModel, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)


def load(path: str | Path) -> TopicModel:
    try:
        model = joblib.load(path)
    except Exception as exc:  # unpickling a damaged or foreign file can raise anything
        raise ValueError(
            f"{path}: not a topic model ({type(exc).__name__}); run `newsroom tagger train`"
        ) from exc
    if not isinstance(model, TopicModel) or model.version != MODEL_VERSION:
        raise ValueError(f"{path}: not a topic model of this version; run `newsroom tagger train`")
    return model


class CombinedTagger:
    """The rules tagger plus a learnt model: the same ``tag`` interface as :class:`TopicTagger`.
    Both read one language: a model learnt from English articles never tags German ones."""

    method = "rules+model"

    def __init__(self, rules: TopicTagger, model: TopicModel) -> None:
        if model.language != rules.language:
            raise ValueError(
                f"a model learnt from {model.language!r} articles cannot tag with the "
                f"{rules.language!r} rules; train one with `newsroom tagger train --language "
                f"{rules.language}`"
            )
        self.rules = rules
        self.model = model
        self.vocabulary = rules.vocabulary
        self.language = rules.language

    def tag(self, title: str | None, text: str, limit: int = 10) -> list[TopicTag]:
        ruled = self.rules.tag(title, text, limit=limit)
        features = self.model.features(title, text)
        return combine(
            self.model,
            self.vocabulary,
            ruled,
            features,
            lambda code: self.model.evidence(features, code),
        )

    def both(self, title: str | None, text: str) -> tuple[list[TopicTag], list[TopicTag]]:
        """The rules' tags of an article, and the combined tags (no evidence: for review)."""
        ruled = self.rules.tag(title, text)
        features = self.model.features(title, text)
        return ruled, combine(self.model, self.vocabulary, ruled, features, _no_evidence)


def combine(
    model: TopicModel,
    vocabulary: Vocabulary,
    ruled: Sequence[TopicTag],
    features: Any,
    evidence_of: Callable[[str], list[str]],
) -> list[TopicTag]:
    """The rules' tags rescored by the model for the topics it knows, and its topics the rules
    missed added at or above its threshold (the likeliest subject always). Accepted topics
    (wire, input, an editor's) are left as they are; no tag of the rules is taken away (a topic
    the archive says the story is unlikely to be about keeps its tag, with that low score)."""
    rule_scores = rules_scores(ruled)
    values = model.combined(model.decisions(features), rule_scores, level_getter(vocabulary))
    scores = dict(zip(model.codes, (float(value) for value in values), strict=True))
    subject = None  # the story's likeliest subject among the learnt top-level topics
    if model.primary is not None:
        chances = model.primary.scores(features, rule_scores)
        scores.update(chances)
        subject = max(
            (c for c in chances if c in model.codes), key=chances.__getitem__, default=None
        )
    merged = {tag.code: tag for tag in ruled}
    for code, value in scores.items():
        concept = vocabulary.get(code)
        current = merged.get(code)
        if concept is None or concept.retired:
            continue
        if current is not None and current.method not in ("rules", "implied"):
            continue
        score = round(value, 4)
        if current is None:
            if score < model.threshold and code != subject:  # like the rules' keep_best_top
                continue
            tag = TopicTag(code, concept.label, score, concept.level, "model", evidence_of(code))
        elif code not in model.codes:  # a top-level topic only the rules know, rescored
            merged[code] = TopicTag(
                code, concept.label, score, concept.level, current.method, current.evidence
            )
            continue
        else:
            evidence = _union(current.evidence, evidence_of(code))
            tag = TopicTag(code, concept.label, score, concept.level, "rules+model", evidence)
        merged[code] = tag
        for ancestor in vocabulary.ancestors(code):
            if ancestor not in merged:
                parent = vocabulary[ancestor]
                merged[ancestor] = TopicTag(
                    ancestor, parent.label, score, parent.level, "implied", [concept.label]
                )
    return sorted(merged.values(), key=lambda tag: (-tag.score, tag.level, tag.code))


def topics_scored_zero(model: TopicModel, vocabulary: Vocabulary) -> list[str]:
    """The top-level topics that ``model``, tagging with the rules, scores 0 whatever a story
    says: every one it did not learn, when its archive had too few articles about any of them
    (:attr:`PrimaryTopic.knows_another`). A story about one of them loses it as its subject:
    an archive filed by sections that are one topic each teaches only those topics."""
    primary = model.primary
    if primary is None or primary.knows_another:
        return []
    learnt = set(primary.classes)
    return [concept.qcode for concept in vocabulary.top_level() if concept.qcode not in learnt]


def level_getter(vocabulary: Vocabulary) -> Callable[[str], int]:
    def level_of(code: str) -> int:
        concept = vocabulary.get(code)
        return concept.level if concept is not None else 0

    return level_of


def _no_evidence(_code: str) -> list[str]:
    return []


def rules_scores(ruled: Sequence[TopicTag]) -> dict[str, float]:
    """What the rules say of each topic: their score, given or implied (0 when absent)."""
    return {tag.code: tag.score for tag in ruled if tag.method in ("rules", "implied")}


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))
