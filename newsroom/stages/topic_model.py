"""A topic model learnt from the newsroom's own archive, tagging alongside the rules.

One linear classifier per topic (scikit-learn: TF-IDF features, logistic regression), trained by
:mod:`newsroom.services.training` (``newsroom tagger train``) and saved to one file. When it
exists, the tagger adds the model's tags (method ``model``, evidence = the words that weighed
most) to the rules' tags, and a topic both agree on keeps the higher score with method
``rules+model``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from newsroom.core.models import TopicTag
from newsroom.stages.topics import TopicTagger, Vocabulary

logger = logging.getLogger(__name__)

MODEL_VERSION = 1
EVIDENCE_TERMS = 6


@dataclass
class TopicModel:
    """Per-topic classifiers over one shared vocabulary of words."""

    vectorizer: TfidfVectorizer
    codes: list[str]
    classifiers: list[LogisticRegression]
    threshold: float
    trained_on: int  # articles
    version: int = MODEL_VERSION

    def tag(self, title: str | None, text: str, vocabulary: Vocabulary) -> list[TopicTag]:
        features = self.vectorizer.transform([f"{title or ''}\n{title or ''}\n{text}"])
        terms = self.vectorizer.get_feature_names_out()
        tags = []
        for code, classifier in zip(self.codes, self.classifiers, strict=True):
            score = float(classifier.predict_proba(features)[0, 1])
            if score < self.threshold or code not in vocabulary or vocabulary[code].retired:
                continue
            weights = features.multiply(classifier.coef_[0]).tocsr()
            top = np.argsort(weights.toarray()[0])[::-1][:EVIDENCE_TERMS]
            evidence = [str(terms[i]) for i in top if weights[0, i] > 0]
            concept = vocabulary[code]
            tags.append(
                TopicTag(code, concept.label, round(score, 4), concept.level, "model", evidence)
            )
        return tags


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
        merged = {tag.code: tag for tag in self.rules.tag(title, text, limit=limit)}
        for tag in self.model.tag(title, text, self.vocabulary):
            current = merged.get(tag.code)
            if current is None:
                merged[tag.code] = tag
                for ancestor in self.vocabulary.ancestors(tag.code):
                    if ancestor not in merged:
                        concept = self.vocabulary[ancestor]
                        merged[ancestor] = TopicTag(
                            ancestor,
                            concept.label,
                            tag.score,
                            concept.level,
                            "implied",
                            [tag.label],
                        )
            else:
                merged[tag.code] = TopicTag(
                    tag.code,
                    tag.label,
                    max(current.score, tag.score),
                    tag.level,
                    "rules+model" if current.method == "rules" else current.method,
                    _union(current.evidence, tag.evidence),
                )
        return sorted(merged.values(), key=lambda tag: (-tag.score, tag.level, tag.code))


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))
