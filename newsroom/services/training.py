"""Learning the topic model from the archive: the stored articles and the tags the newsroom accepts.

The accepted tags are the tagger's tags as stored, with editors' corrections applied (added topics
count, removed ones do not). Topics with too few examples are left to the rules. The model itself
(:class:`newsroom.stages.topic_model.TopicModel`) knows nothing of the database.
"""

from __future__ import annotations

import logging

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from newsroom.stages.topic_model import TopicModel

logger = logging.getLogger(__name__)


def train(
    engine: Engine, *, min_examples: int = 20, threshold: float = 0.5, batch_size: int = 1000
) -> TopicModel:
    """Fit a model on every stored article and its accepted tags."""
    documents: list[str] = []
    labels: list[set[str]] = []
    last = ""
    with Session(engine) as session:
        while ids := crud.next_article_ids(last, batch_size, session=session):
            texts = crud.articles_for_tagging(ids, session=session)
            links = crud.topic_links(ids, session=session)
            for article_id in ids:
                title, body = texts[article_id].title, texts[article_id].body
                documents.append(f"{title or ''}\n{title or ''}\n{body}")
                labels.append(set(links.get(article_id, {})))
            last = ids[-1]
    counts: dict[str, int] = {}
    for tags in labels:
        for code in tags:
            counts[code] = counts.get(code, 0) + 1
    codes = sorted(
        code for code, n in counts.items() if min_examples <= n <= len(documents) - min_examples
    )
    if not codes:
        raise ValueError(
            f"not enough tagged articles to learn from: {len(documents)} stored; "
            f"each topic needs {min_examples} articles with it and without it"
        )
    vectorizer = TfidfVectorizer(
        max_features=50_000, sublinear_tf=True, min_df=2, stop_words="english"
    )
    features = vectorizer.fit_transform(documents)
    classifiers = []
    for code in codes:
        target = np.array([code in tags for tags in labels])
        classifiers.append(
            LogisticRegression(max_iter=1000, class_weight="balanced").fit(features, target)
        )
    logger.info("trained %d topics on %d articles", len(codes), len(documents))
    return TopicModel(vectorizer, codes, classifiers, threshold, trained_on=len(documents))
