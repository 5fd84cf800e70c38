"""Learning the topic model from the archive: the articles whose topics the newsroom accepted.

An article is an example when its topics were accepted: given with the input (method ``input``),
sent by the agency (``wire``), or corrected by an editor. Its labels are those accepted topics
and their broader ones; for an article an editor corrected, every tag it kept (the editor saw
them all). Articles nobody accepted anything of are not examples: their tags are the rules' own
guesses, and learning them would only teach the model the rules' mistakes.

A fifth of the examples (seeded) is held out first: the model fitted on the rest is scored on it
(top-1 top-level topic, with the rules alone beside it), then fitted again on every example and
saved with that score, which the next training compares its own with. The model itself
(:class:`newsroom.stages.topic_model.TopicModel`) knows nothing of the database.

A model learns one language: the articles in the language of the rules it is trained beside
(English takes the articles of unknown language too, as its rules do), and tags that language
only. Articles in other languages are not examples of it.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_predict
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from newsroom.core.models import TopicTag
from newsroom.stages.tagger import LanguageTagger, story_language
from newsroom.stages.topic_model import (
    COMBINER_INPUTS,
    CombinedTagger,
    PrimaryTopic,
    TopicModel,
    document,
    level_getter,
    rules_scores,
)
from newsroom.stages.topics import TopicTagger, Vocabulary, tokenize, tokenize_characters

logger = logging.getLogger(__name__)

ACCEPTED = ("input", "wire", "manual")  # the methods of accepted tags
HELD_OUT = 0.2  # share of the examples the held-out score is measured on
FOLDS = 5  # the combination is fitted on classifier scores of articles each fold did not see


@dataclass
class Examples:
    """Articles whose topics were accepted: title, body, and the accepted topics."""

    titles: list[str | None] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    labels: list[set[str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.bodies)

    def subset(self, rows: Sequence[int]) -> Examples:
        return Examples(
            [self.titles[i] for i in rows],
            [self.bodies[i] for i in rows],
            [self.labels[i] for i in rows],
        )


@dataclass
class Training:
    """What ``newsroom tagger train`` reports: the model, and how it scored held out."""

    model: TopicModel
    examples: int
    counts: dict[str, int]  # accepted articles per topic learnt
    held_out: dict[str, float]  # top-1: new model, rules alone, the previous model's
    skipped: dict[str, int]  # topics with too few examples to learn


def read_examples(
    engine: Engine, vocabulary: Vocabulary, *, language: str = "en", batch_size: int = 1000
) -> Examples:
    """Every stored article in ``language`` whose topics were accepted, with its labels."""
    examples = Examples()
    last = ""
    with Session(engine) as session:
        while ids := crud.next_article_ids(last, batch_size, session=session):
            links = crud.topic_links(ids, session=session)
            corrected = crud.manual_tags(ids, session=session)
            chosen = {}
            for article_id in ids:
                tags = links.get(article_id, {})
                accepted = _accepted(tags)
                if article_id in corrected:
                    chosen[article_id] = set(tags)
                elif accepted:
                    chosen[article_id] = accepted | {
                        ancestor
                        for code in accepted
                        if code in vocabulary
                        for ancestor in vocabulary.ancestors(code)
                    }
            texts = crud.articles_for_tagging(list(chosen), session=session)
            for article_id, labels in chosen.items():
                if story_language(texts[article_id].language) != language:
                    continue
                examples.titles.append(texts[article_id].title)
                examples.bodies.append(texts[article_id].body)
                examples.labels.append(labels)
            last = ids[-1]
    return examples


def _accepted(tags: Mapping[str, tuple[float, str]]) -> set[str]:
    """The topics among an article's stored tags (qcode -> (score, method)) that were accepted."""
    return {code for code, (_, method) in tags.items() if method in ACCEPTED}


def train(
    engine: Engine,
    rules: TopicTagger,
    *,
    previous: TopicModel | None = None,
    min_examples: int = 20,
    threshold: float = 0.5,
) -> Training:
    """Fit a model on the accepted articles; score it and the rules held out, beside the held-out
    score ``previous`` was saved with."""
    examples = read_examples(engine, rules.vocabulary, language=rules.language)
    counts: dict[str, int] = {}
    for labels in examples.labels:
        for code in labels:
            counts[code] = counts.get(code, 0) + 1
    codes = sorted(
        code for code, n in counts.items() if min_examples <= n <= len(examples) - min_examples
    )
    if not codes:
        raise ValueError(
            f"not enough accepted articles to learn from: {len(examples)} of the stored "
            f"articles in {rules.language!r} have accepted topics, and each topic needs "
            f"{min_examples} articles with "
            "it and as many without it. Give records their `topics`, ingest wire items with "
            "their subjects, or correct articles with `newsroom tag`."
        )
    rows = list(range(len(examples)))
    random.Random(13).shuffle(rows)
    cut = int(len(rows) * HELD_OUT)
    held, fitted_on = examples.subset(rows[:cut]), examples.subset(rows[cut:])
    scores: dict[str, float] = {}
    if cut and len(fitted_on) > 2 * min_examples:
        trial = fit(fitted_on, codes, rules, threshold=threshold)
        scores["model"] = top1(held, CombinedTagger(rules, trial).tag, rules.vocabulary)
        scores["rules"] = top1(held, rules.tag, rules.vocabulary)
        if previous is not None and "model" in previous.held_out:
            # The model in place scored on its own held-out fifth: on this one it would have
            # seen most articles in training, and always look better than a new model.
            scores["previous"] = previous.held_out["model"]
        scores["articles"] = float(len(held))
    model = fit(examples, codes, rules, threshold=threshold)
    model.examples = {code: counts[code] for code in codes}
    model.held_out = scores
    logger.info("trained %d topics on %d articles", len(codes), len(examples))
    return Training(
        model,
        len(examples),
        model.examples,
        scores,
        {code: n for code, n in counts.items() if code not in model.examples},
    )


def _vectorizer(rules: TopicTagger) -> TfidfVectorizer:
    """The words a model of ``rules``' language reads: words of two letters or more (English
    stop words left out); where the rules cut words their own way (Thai by a segmenter,
    Vietnamese, Greek, Persian and Turkish with letters folded), the words the rules read; or,
    where the rules read characters (Chinese, Japanese, Korean), each character or syllable and
    each pair that stands together within a word, and Latin words."""
    if rules.rules.characters:
        return TfidfVectorizer(
            max_features=50_000,
            sublinear_tf=True,
            min_df=2,
            tokenizer=tokenize_characters,
            token_pattern=None,
            lowercase=False,  # tokenize_characters lowers the case
            ngram_range=(1, 2),
        )
    if rules.tokenizer is not tokenize:  # the language's own words: Thai cut by a segmenter,
        return TfidfVectorizer(  # Vietnamese tones, Greek accents, Turkish casing folded
            max_features=50_000,
            sublinear_tf=True,
            min_df=2,
            tokenizer=rules.tokenizer,
            token_pattern=None,
            lowercase=False,  # the tokenizer lowers the case
        )
    return TfidfVectorizer(  # scikit-learn lists stop words for English only
        max_features=50_000,
        sublinear_tf=True,
        min_df=2,
        stop_words="english" if rules.language == "en" else None,
    )


def fit(
    examples: Examples, codes: Sequence[str], rules: TopicTagger, *, threshold: float
) -> TopicModel:
    """One classifier per topic, and its calibrated combination with the rules' score."""
    vectorizer = _vectorizer(rules)
    features = vectorizer.fit_transform(
        [document(t, b) for t, b in zip(examples.titles, examples.bodies, strict=True)]
    )
    ruled = [
        rules_scores(rules.tag(t, b)) for t, b in zip(examples.titles, examples.bodies, strict=True)
    ]
    levels = [rules.vocabulary[code].level if code in rules.vocabulary else 0 for code in codes]
    targets = np.array([[code in labels for code in codes] for labels in examples.labels])
    weights, biases, unseen = [], [], []
    for column in range(len(codes)):
        classifier = _classifier().fit(features, targets[:, column])
        weights.append(classifier.coef_[0])
        biases.append(classifier.intercept_[0])
        unseen.append(_unseen_scores(features, targets[:, column]))
    model = TopicModel(
        vectorizer,
        list(codes),
        np.array(weights),
        np.array(biases),
        np.zeros((len(codes), len(COMBINER_INPUTS) + 1)),
        threshold,
        trained_on=len(examples),
        levels=levels,
        language=rules.language,
    )
    level_of = level_getter(rules.vocabulary)
    inputs = np.array(
        [
            model.combiner_inputs(np.array(row), scores, level_of)
            for row, scores in zip(np.array(unseen).T, ruled, strict=True)
        ]
    )  # (articles, topics, inputs)
    for column in range(len(codes)):
        combiner = LogisticRegression(max_iter=1000).fit(inputs[:, column], targets[:, column])
        model.combiners[column] = [combiner.intercept_[0], *combiner.coef_[0]]
    model.primary = _primary(examples, features, ruled, codes, levels, rules.vocabulary)
    return model


def _primary(
    examples: Examples,
    features: Any,
    ruled: Sequence[Mapping[str, float]],
    codes: Sequence[str],
    levels: Sequence[int],
    vocabulary: Vocabulary,
) -> PrimaryTopic | None:
    """The learnt top-level topics' joint model (see :class:`PrimaryTopic`), when two or more
    are learnt. An article counts once per accepted top-level topic it has among them, or
    once as "another topic" when it has none of them (if at least ``FOLDS`` articles do)."""
    top = [code for code, level in zip(codes, levels, strict=True) if level == 1]
    if len(top) < 2:
        return None
    rows, classes = [], []
    for row, labels in enumerate(examples.labels):
        mine = [top.index(code) for code in top if code in labels]
        for index in mine or [len(top)]:
            rows.append(row)
            classes.append(index)
    target = np.array(classes)
    if (target == len(top)).sum() < FOLDS:  # too few of another topic to learn it
        keep = target < len(top)
        rows, target = [row for row, kept in zip(rows, keep, strict=True) if kept], target[keep]
    matrix = features[rows]
    classifier = _classifier().fit(matrix, target)
    unseen = cross_val_predict(
        _classifier(), matrix, target, cv=FOLDS, method="decision_function"
    ).reshape(len(rows), -1)
    rules_topics = [concept.qcode for concept in vocabulary.top_level()]
    given = np.array([[ruled[row].get(code, 0.0) for code in rules_topics] for row in rows])
    stack = LogisticRegression(max_iter=2000).fit(np.c_[unseen, given], target)
    return PrimaryTopic([*top, ""], classifier, stack, rules_topics)


def _classifier() -> LogisticRegression:
    return LogisticRegression(max_iter=1000, C=4.0)


def _unseen_scores(features: Any, target: np.ndarray) -> np.ndarray:
    """Each article's classifier score from a classifier fitted without it (``FOLDS`` folds)."""
    scores = np.zeros(len(target))
    for seen, unseen in KFold(FOLDS, shuffle=True, random_state=0).split(target):
        if target[seen].all() or not target[seen].any():
            scores[unseen] = 10.0 if target[seen].all() else -10.0
            continue
        classifier = _classifier().fit(features[seen], target[seen])
        scores[unseen] = classifier.decision_function(features[unseen])
    return scores


def top1(
    examples: Examples,
    tag: Callable[[str | None, str], list[TopicTag]],
    vocabulary: Vocabulary,
) -> float:
    """Share of the examples with an accepted top-level topic whose best top-level tag is one
    of their accepted topics."""
    right = counted = 0
    for title, body, labels in zip(examples.titles, examples.bodies, examples.labels, strict=True):
        top_level = {code for code in labels if code in vocabulary and vocabulary[code].level == 1}
        if not top_level:
            continue
        counted += 1
        best = next((t.code for t in tag(title, body) if t.level == 1), None)
        right += best in top_level
    return right / counted if counted else 0.0


@dataclass(slots=True)
class ReviewItem:
    """A stored article whose correction would teach the model much, and why."""

    article_id: str
    title: str | None
    tags: list[TopicTag]  # as the rules and the model tag it now
    rules_top: str | None  # the rules' best top-level topic
    top: str | None  # the combined best top-level topic
    margin: float  # the best top-level score minus the next (small: unsure)
    disagree: bool  # rules and model choose different top-level topics


def review(
    engine: Engine, tagger: LanguageTagger, *, limit: int = 20, scan: int = 5000
) -> list[ReviewItem]:
    """The stored articles (the newest ``scan`` without accepted topics) whose correction would
    teach the model most: those where rules and model choose different top-level topics first,
    then those whose best top-level topic is least ahead of the next; ``limit`` of them.
    Articles in a language without rules are left out: nothing tags them to compare."""
    found: list[ReviewItem] = []
    with Session(engine) as session:
        ids = crud.newest_article_ids(scan * 2, session=session)
        links = crud.topic_links(ids, session=session)
        corrected = crud.manual_tags(ids, session=session)
        open_ids = [
            article_id
            for article_id in ids
            if article_id not in corrected and not _accepted(links.get(article_id, {}))
        ][:scan]
        texts = crud.articles_for_tagging(open_ids, session=session)
    for article_id in open_ids:
        article = texts[article_id]
        own = tagger.for_language(article.language)
        if own is None:
            continue
        if isinstance(own, CombinedTagger):
            ruled, tags = own.both(article.title, article.body)
        else:
            tags = ruled = own.tag(article.title, article.body)
        rules_top = next((t.code for t in ruled if t.level == 1), None)
        tops = [t for t in tags if t.level == 1]
        margin = tops[0].score - (tops[1].score if len(tops) > 1 else 0.0) if tops else 0.0
        top = tops[0].code if tops else None
        found.append(
            ReviewItem(article_id, article.title, tags, rules_top, top, margin, rules_top != top)
        )
    found.sort(key=lambda item: (not item.disagree, item.margin, item.article_id))
    return found[:limit]
