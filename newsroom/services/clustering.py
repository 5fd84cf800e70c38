"""Story clusters: each stored story joins the cluster of its closest stored copy, or founds its
own (a cluster's id is its first story's id).

The look-up is a database query on the band keys (:mod:`newsroom.stages.clusters`): the stories
that share a band key with the new one are candidates, and a candidate is a copy when the two
signatures agree on at least the threshold share of their values and the two were published at
most a few days apart (routine items, a weekly loans table or a daily money-market operation,
come back with new figures and nearly the same words: they are new stories). Stories of the
same batch are candidates for each other too, so copies that arrive together still meet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlmodel import Session

from db import crud
from newsroom.core.models import ParsedArticle
from newsroom.stages.clusters import (
    MAX_DAYS_APART,
    THRESHOLD,
    band_keys,
    day_number,
    signature,
    similarities,
)


def cluster_articles(
    articles: Iterable[ParsedArticle],
    status: Mapping[str, str],
    withdrawn: set[str],
    *,
    session: Session,
    signatures: Mapping[str, bytes | None] | None = None,
) -> dict[str, str]:
    """Give each article stored or updated by this write its cluster; return them by id.

    ``status`` is what the write did to each article (only ``stored`` and ``updated`` ones are
    clustered again); ``withdrawn`` stories leave the look-up. ``signatures`` are the articles'
    MinHash signatures where the parsing worker made them already; the others are made here.
    """
    made = signatures or {}
    if withdrawn:
        gone = crud.cluster_candidates(withdrawn, session=session)
        crud.drop_bands(
            {
                article_id: band_keys(stored.signature)
                for article_id, stored in gone.items()
                if stored.signature is not None
            },
            session=session,
        )
    changed = {
        article.id: article
        for article in articles
        if status.get(article.id) in ("stored", "updated") and article.id not in withdrawn
    }
    signed = {
        article_id: made[article_id] if article_id in made else signature(article.text)
        for article_id, article in changed.items()
    }
    keys = {
        article_id: band_keys(value) if value is not None else []
        for article_id, value in signed.items()
    }
    days = {article_id: _day_number(changed[article_id].published) for article_id in changed}
    known_days = [day for day in days.values() if day is not None]
    # The stories published too far from all of the batch's are passed over in the query, and
    # the rest too far from each story here, without reading their signatures.
    window = (
        (min(known_days) - MAX_DAYS_APART, max(known_days) + MAX_DAYS_APART)
        if known_days and len(known_days) == len(days)
        else None
    )
    stored = crud.band_matches(
        (key for found in keys.values() for key in found), session=session, days=window
    )
    candidates = {
        article_id: {
            match
            for key in found
            for match, day in stored.get(key, ())
            if _near(days[article_id], day)
        }
        - {article_id}
        for article_id, found in keys.items()
    }
    known = crud.cluster_candidates(
        set(changed) | {match for found in candidates.values() for match in found},
        session=session,
    )
    in_batch: dict[int, list[str]] = {}  # band key -> earlier articles of this batch
    assigned: dict[str, tuple[str, bytes | None, list[int], int | None]] = {}
    for article_id in sorted(changed):
        packed = signed[article_id]
        day = days[article_id]
        stored_self = known.get(article_id)
        nearby = candidates[article_id] | {
            other for key in keys[article_id] for other in in_batch.get(key, ())
        }
        # The candidates published near enough, with a signature: (cluster, signature).
        compared: list[tuple[str, bytes]] = []
        for other in sorted(nearby):
            if packed is None:
                break
            if other in assigned:  # this batch's version
                other_cluster, other_packed = assigned[other][:2]
                if not _near(day, days[other]):
                    continue
            elif other in known:  # stored: its band rows' day was near (the look-up above)
                other_cluster = known[other].cluster or other
                other_packed = known[other].signature
            else:  # gone since the look-up
                continue
            if other_packed is not None:
                compared.append((other_cluster, other_packed))
        best = None
        if packed is not None and compared:
            scores = similarities(packed, [signature for _, signature in compared])
            index = int(scores.argmax())
            if scores[index] >= THRESHOLD:
                best = compared[index][0]
        # A story keeps its cluster through its versions; a new one joins its closest copy's.
        cluster = (stored_self.cluster if stored_self else None) or best or article_id
        assigned[article_id] = (cluster, packed, keys[article_id], days[article_id])
        for key in keys[article_id]:
            in_batch.setdefault(key, []).append(article_id)
    # The band keys of a story's previous version go (a story's signature is stored with it).
    replaced = {
        article_id: band_keys(previous)
        for article_id in assigned
        if article_id in known and (previous := known[article_id].signature) is not None
    }
    crud.save_clusters(assigned, replaced, session=session)
    return {article_id: cluster for article_id, (cluster, *_) in assigned.items()}


def _day_number(published: str | None) -> int | None:
    """The publication day as its band rows keep it (:func:`day_number`), or None."""
    try:
        return day_number(dt.date.fromisoformat(published[:10])) if published else None
    except ValueError:
        return None


def _near(day: int | None, other: int | None) -> bool:
    """Copies of one story run within days of each other; stories without a date may be
    copies of anything."""
    return day is None or other is None or abs(day - other) <= MAX_DAYS_APART
