"""A topic model learnt from the newsroom's own archive, tagging together with the rules.

One linear classifier per topic (scikit-learn: TF-IDF features, logistic regression), trained by
:mod:`newsroom.services.training` (``newsroom tagger train``) on the articles whose topics the
newsroom accepted, and saved to one file.

Model and rules are combined per topic, and the combination is calibrated on held-out data: the
training makes each article's classifier score from models that did not see it (five folds),
and fits, per topic, a logistic regression from that score and the rules' score for the topic
to whether the topic was accepted. The combined score is therefore a probability measured on
articles the model had not seen, like the rules' own scores (which are calibrated on AG News),
so that a topic the model knows and one only the rules know can be ranked against each other.
A topic both speak for keeps the method ``rules+model``; one the rules missed, ``model``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newsroom.core.models import TopicTag
from newsroom.stages.topics import TopicTagger, Vocabulary

logger = logging.getLogger(__name__)

MODEL_VERSION = 2
EVIDENCE_TERMS = 6
MIN_SCORE = 0.2  # a combined score under this drops the topic (the rules' weakest tags score 0.2)


def document(title: str | None, text: str) -> str:
    """What the model reads of an article: the title counts twice."""
    return f"{title or ''}\n{title or ''}\n{text}"


@dataclass
class TopicModel:
    """Per-topic classifiers over one vocabulary of words, and their combination with the rules.

    ``weights`` and ``biases`` are the classifiers' (one row per topic); ``combiners`` hold, per
    topic, the intercept and the weights of the classifier's score and of the rules' score.
    """

    vectorizer: TfidfVectorizer
    codes: list[str]
    weights: np.ndarray  # (topics, features)
    biases: np.ndarray  # (topics,)
    combiners: np.ndarray  # (topics, 3): intercept, classifier score, rules' score
    threshold: float  # a topic the rules did not give is added at or above this score
    trained_on: int  # articles
    examples: dict[str, int] = field(default_factory=dict)  # articles per topic
    held_out: dict[str, float] = field(default_factory=dict)  # top-1, with and without it
    version: int = MODEL_VERSION

    def decisions(self, title: str | None, text: str) -> np.ndarray:
        """Each topic's classifier score (a log-odds, before the combination)."""
        features = self.vectorizer.transform([document(title, text)])
        return np.asarray(features @ self.weights.T).ravel() + self.biases

    def combined(self, decisions: np.ndarray, rules: Mapping[str, float]) -> np.ndarray:
        """Each topic's combined, calibrated score, from its classifier's and the rules'."""
        rule_scores = np.array([rules.get(code, 0.0) for code in self.codes])
        logits = (
            self.combiners[:, 0]
            + self.combiners[:, 1] * decisions
            + self.combiners[:, 2] * rule_scores
        )
        return 1.0 / (1.0 + np.exp(-logits))

    def evidence(self, title: str | None, text: str, code: str) -> list[str]:
        """The words of the article that weighed most for the topic."""
        features = self.vectorizer.transform([document(title, text)]).tocsr()
        row = self.weights[self.codes.index(code)]
        weighed = sorted(
            ((features.data[i] * row[j], j) for i, j in enumerate(features.indices)),
            reverse=True,
        )
        terms = self.vectorizer.get_feature_names_out()
        return [str(terms[j]) for weight, j in weighed[:EVIDENCE_TERMS] if weight > 0]


def save(model: TopicModel, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)


def load(path: str | Path) -> TopicModel:
    model = joblib.load(path)
    if not isinstance(model, TopicModel) or model.version != MODEL_VERSION:
        raise ValueError(f"{path}: not a topic model of this version; run `newsroom tagger train`")
    return model


class CombinedTagger:
    """The rules tagger plus a learnt model: the same ``tag`` interface as :class:`TopicTagger`."""

    def __init__(self, rules: TopicTagger, model: TopicModel) -> None:
        self.rules = rules
        self.model = model
        self.vocabulary = rules.vocabulary

    def tag(self, title: str | None, text: str, limit: int = 10) -> list[TopicTag]:
        ruled = self.rules.tag(title, text, limit=limit)
        decisions = self.model.decisions(title, text)
        return combine(
            self.model,
            self.vocabulary,
            ruled,
            decisions,
            lambda code: self.model.evidence(title, text, code),
        )

    def both(self, title: str | None, text: str) -> tuple[list[TopicTag], list[TopicTag]]:
        """The rules' tags of an article, and the combined tags (no evidence: for review)."""
        ruled = self.rules.tag(title, text)
        decisions = self.model.decisions(title, text)
        return ruled, combine(self.model, self.vocabulary, ruled, decisions, _no_evidence)


def combine(
    model: TopicModel,
    vocabulary: Vocabulary,
    ruled: Sequence[TopicTag],
    decisions: np.ndarray,
    evidence_of: Callable[[str], list[str]],
) -> list[TopicTag]:
    """The rules' tags with the combined scores in place of theirs for the topics the model
    knows (dropped under :data:`MIN_SCORE`), and the model's topics the rules missed added at
    or above its threshold. Accepted topics (wire, input, an editor's) are left as they are."""
    rule_scores = rules_scores(ruled)
    scores = model.combined(decisions, rule_scores)
    merged = {tag.code: tag for tag in ruled}
    for code, value in zip(model.codes, scores, strict=True):
        concept = vocabulary.get(code)
        current = merged.get(code)
        if concept is None or concept.retired:
            continue
        if current is not None and current.method not in ("rules", "implied"):
            continue
        score = round(float(value), 4)
        if current is None:
            if score < model.threshold:
                continue
            tag = TopicTag(code, concept.label, score, concept.level, "model", evidence_of(code))
        elif score < MIN_SCORE:
            del merged[code]
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


def _no_evidence(_code: str) -> list[str]:
    return []


def rules_scores(ruled: Sequence[TopicTag]) -> dict[str, float]:
    """What the rules say of each topic: their score, given or implied (0 when absent)."""
    return {tag.code: tag.score for tag in ruled if tag.method in ("rules", "implied")}


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))
