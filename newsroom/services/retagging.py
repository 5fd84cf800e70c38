"""Editors' corrections and re-tagging of stored articles.

An editor adds or removes a topic (``newsroom tag``); the correction is kept in the
``manual_tag`` table and applied on top of whatever the tagger says, every time an article's tags
are written: at ingest, when the article changes, and when the archive is re-tagged after the
rules or the vocabulary change. Re-tagging reads the stored text, so nothing is fetched again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from newsroom.core.models import TopicTag
from newsroom.stages.parallel import ordered_map
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topics import Vocabulary, accept_topics, subject_topics

logger = logging.getLogger(__name__)

ADD, REMOVE = "add", "remove"


def apply_manual(
    tags: Sequence[TopicTag], manual: Iterable[tuple[str, str]], vocabulary: Vocabulary
) -> list[TopicTag]:
    """The tagger's tags with an editor's corrections applied.

    ``manual`` holds (qcode, "add" | "remove") pairs. A removed topic takes its narrower topics
    with it (they would imply it again); an added one scores 1.0 with method "manual" and brings
    its broader topics along as "implied".
    """
    added = [code for code, action in manual if action == ADD and code in vocabulary]
    removed = {code for code, action in manual if action == REMOVE}
    if not added and not removed:
        return list(tags)

    def is_removed(code: str) -> bool:
        return code in removed or any(a in removed for a in vocabulary.ancestors(code))

    kept = [tag for tag in tags if not is_removed(tag.code)]
    return accept_topics(
        kept,
        {code: ["added by an editor"] for code in added},
        vocabulary,
        "manual",
        blocked=is_removed,
    )


@dataclass(slots=True)
class RetagResult:
    articles: int = 0  # articles re-tagged
    changed: int = 0  # articles whose tags changed
    added: int = 0  # tags that appeared
    removed: int = 0  # tags that went away
    rescored: int = 0  # tags whose score or method changed
    failed: int = 0  # articles the tagger could not tag: their tags are left as they were

    def add(self, other: RetagResult) -> None:
        for name in ("articles", "changed", "added", "removed", "rescored", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(slots=True)
class TagJob:
    """Stored articles to tag (in a worker process), with editors' corrections for them."""

    stored: dict[str, crud.TaggingInput]
    manual: dict[str, list[tuple[str, str]]]
    # the topics given with the input (qcode -> evidence), kept whatever the tagger says
    given: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def read_tag_job(ids: Sequence[str], *, engine: Engine) -> TagJob:
    """What re-tagging these articles needs from the database."""
    with Session(engine) as session:
        stored = crud.articles_for_tagging(ids, session=session)
        manual = crud.manual_tags(ids, session=session)
        given = crud.tags_by_method(ids, "input", session=session)
    return TagJob(stored, manual, given)


def tag_stored(job: TagJob, tagger: Any = None) -> dict[str, list[TopicTag] | None]:
    """Each article's new tags (the wire's subjects kept, editors' corrections applied), or None
    where the tagger failed: that article keeps its tags. No database: a worker runs this."""
    tagger = tagger or get_tagger()
    vocabulary = tagger.vocabulary
    tagged: dict[str, list[TopicTag] | None] = {}
    for article_id, article in job.stored.items():
        try:
            tags = tagger.tag(article.title, article.body, language=article.language)
            if article.subjects:  # a wire story keeps the agency's subjects as topics
                wire = subject_topics(article.subjects, vocabulary)
                tags = accept_topics(tags, wire, vocabulary, "wire")
            if article_id in job.given:  # and an article the topics given with it
                tags = accept_topics(tags, job.given[article_id], vocabulary, "input")
            tagged[article_id] = apply_manual(tags, job.manual.get(article_id, []), vocabulary)
        except Exception as exc:  # one article the tagger chokes on never stops the rest
            logger.warning(
                "article %s: re-tagging failed (%s: %s); its tags are unchanged",
                article_id,
                type(exc).__name__,
                exc,
            )
            tagged[article_id] = None
    return tagged


def write_tags(tagged: dict[str, list[TopicTag] | None], *, engine: Engine) -> RetagResult:
    """Write the tags that changed, in one transaction, and count what changed."""
    result = RetagResult(articles=len(tagged))
    with Session(engine) as session:
        current = crud.topic_links(list(tagged), session=session)
        new_tags: dict[str, list[TopicTag]] = {}
        for article_id, tags in tagged.items():
            if tags is None:
                result.failed += 1
                continue
            before = current.get(article_id, {})
            after = {tag.code: (round(tag.score, 4), tag.method) for tag in tags}
            if before == after:
                continue
            result.changed += 1
            result.added += len(after.keys() - before.keys())
            result.removed += len(before.keys() - after.keys())
            result.rescored += sum(
                1 for code in after.keys() & before.keys() if after[code] != before[code]
            )
            new_tags[article_id] = tags
        crud.replace_topics(new_tags, session=session)
        session.commit()
    return result


def retag_articles(ids: Sequence[str], *, engine: Engine, tagger: Any) -> RetagResult:
    """Re-tag stored articles from their stored text, in this process, keeping editors'
    corrections."""
    return write_tags(tag_stored(read_tag_job(ids, engine=engine), tagger), engine=engine)


def tag_batches(
    batches: Iterable[Sequence[str]], *, engine: Engine, workers: int
) -> Iterator[dict[str, list[TopicTag] | None]]:
    """Each batch of stored articles tagged, in order, on ``workers`` processes, while the
    caller writes the ones that are done (:func:`write_tags`): the ingest's code path."""
    jobs = (read_tag_job(ids, engine=engine) for ids in batches)
    return ordered_map(tag_stored, jobs, workers=workers, prepare=partial(_taggers, workers > 1))


def _taggers(every_language: bool) -> None:
    """The tagger loaded before the stories come: every language's rules when forked workers
    are to share them, else English's (the rest as stories in them come)."""
    tagger = get_tagger()
    if every_language:
        tagger.load_all()


def correct_tags(
    article_id: str,
    *,
    add: Sequence[str],
    remove: Sequence[str],
    editor: str | None,
    engine: Engine,
    tagger: Any,
) -> list[TopicTag]:
    """Record an editor's corrections and rewrite the article's tags; return the new tags."""
    vocabulary = tagger.vocabulary
    unknown = [code for code in [*add, *remove] if code not in vocabulary]
    if unknown:
        raise ValueError(f"unknown IPTC Media Topic qcode(s): {', '.join(unknown)}")
    retired = [code for code in add if vocabulary[code].retired]
    if retired:
        raise ValueError(f"retired concept(s) cannot be assigned: {', '.join(retired)}")
    with Session(engine) as session:
        crud.save_manual_tags(
            article_id,
            [(code, ADD) for code in add] + [(code, REMOVE) for code in remove],
            editor=editor,
            session=session,
        )
        session.commit()
    retag_articles([article_id], engine=engine, tagger=tagger)
    with Session(engine) as session:
        return crud.stored_tags(article_id, session=session)
