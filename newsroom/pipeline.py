"""One item through every stage: extract, clean, dateline, metadata, topics, places.

:func:`process_item` is the whole pipeline for one raw item, with no database and no Prefect; the
``ingest`` flow runs it over batches, ``newsroom parse`` over one file or a JSON Lines stream.
An unexpected error in any stage is raised as an :class:`~newsroom.errors.InputError` that names
the item and the stage, so one bad article never hides which one it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from newsroom.cleaning import clean_text
from newsroom.datelines import parse_dateline
from newsroom.errors import FormatError, InputError
from newsroom.html import extract_html
from newsroom.html_metadata import PageMetadata
from newsroom.metadata import detect_language, lede, take_byline, take_title, word_count
from newsroom.models import Article, RawItem
from newsroom.places import tag_places
from newsroom.readers import article_id, record_to_item
from newsroom.spacing import repair_glued_words
from newsroom.tagger import get_tagger

logger = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # part of the content hash: bump it to make a re-ingest re-process


def content_hash(item: RawItem) -> str:
    """A digest of everything the article is made from, to tell updated input from unchanged."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (PIPELINE_VERSION, item.text, item.html, item.title, item.date, item.url):
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def process_item(item: RawItem) -> Article:
    """Run every stage on one item; raise InputError naming the item and the failing stage."""
    stage = "extract"
    try:
        title, title_source = (item.title, "input") if item.title else (None, None)
        published, published_source = item.date, item.date_source
        url, byline, page = item.url, None, None
        if item.text is None and item.html is not None:
            fetched_at = dt.datetime.fromisoformat(item.fetched_at) if item.fetched_at else None
            page = extract_html(item.html, origin=item.origin, url=item.url, headers=item.headers,
                                feed_entry=item.entry, fetched_at=fetched_at)
            raw_text, meta = page.text, page.metadata
            if title is None and meta.title:
                title, title_source = meta.title, f"html:{meta.title_source}"
            if published is None and meta.published:
                published, published_source = meta.published, f"html:{meta.published_source}"
            url = meta.canonical_url or url
            byline = ", ".join(meta.authors) or None
        else:
            raw_text = item.text or ""

        stage = "clean"
        text = clean_text(raw_text)
        language = detect_language(text)
        repairs = 0
        if language in (None, "en"):  # the glued-word repair knows English words only
            text, applied = repair_glued_words(text)
            repairs = len(applied)
        paragraphs = text.split("\n\n")
        if title is None:
            title, paragraphs = take_title(paragraphs)
            title_source = "first line" if title else None
        elif paragraphs and paragraphs[0].casefold() == title.strip().casefold():
            paragraphs = paragraphs[1:]  # pages repeat their headline atop the text
        found_byline, paragraphs = take_byline(paragraphs)
        byline = byline or found_byline
        text = "\n\n".join(paragraphs).strip()
        if not text:
            raise FormatError(item.origin, "no article text after cleaning", stage="clean")

        stage = "dateline"
        article_date = dt.date.fromisoformat(published[:10]) if published else None
        dateline = parse_dateline(text, article_date)
        if published is None and dateline is not None and dateline.date is not None:
            published, published_source = dateline.date.isoformat(), "dateline"
        body = text[dateline.end:] if dateline is not None else text

        stage = "topics"
        topics = get_tagger().tag(title, body)

        stage = "places"
        places = tag_places(text, dateline)
    except InputError:
        raise
    except Exception as exc:  # a bug or a pathological input: record it against the item
        raise InputError(item.origin, f"{type(exc).__name__}: {exc}", stage=stage) from exc
    return Article(
        id=article_id(item.source, item.key),
        source=item.source,
        key=item.key,
        origin=item.origin,
        title=title,
        title_source=title_source,
        published=published,
        published_source=published_source,
        byline=byline,
        language=language,
        text=text,
        lede=lede(body),
        word_count=word_count(text),
        dateline=dateline,
        topics=topics,
        places=places,
        url=url,
        content_hash=content_hash(item),
        repairs=repairs,
        **(_page_fields(page.metadata) if page is not None else {}),
    )


def _page_fields(meta: PageMetadata) -> dict[str, Any]:
    return {"modified": meta.modified,
            "modified_source": f"html:{meta.modified_source}" if meta.modified_source else None,
            "description": meta.description, "section": meta.section,
            "keywords": list(meta.keywords)}


def error_record(record_id: Any, message: str) -> dict[str, Any]:
    """The output line for an input line that could not be processed."""
    return {
        "id": record_id, "title": None, "published": None, "byline": None, "language": None,
        "text": None, "dateline": None, "topics": [], "places": [], "error": message,
    }


def process_json_line(line: str, number: int, *, source: str = "stdin") -> dict[str, Any]:
    """One JSON Lines input record to one output object; errors become the ``error`` field."""
    record_id: Any = None
    try:
        record = json.loads(line)
        if isinstance(record, dict):
            record_id = record.get("id")
        item = record_to_item(record, origin=f"line {number}", source=source,
                              default_key=str(number))
        output = process_item(item).to_dict()
    except json.JSONDecodeError as exc:
        return error_record(None, f"line {number}: malformed JSON at column {exc.colno}: {exc.msg}")
    except InputError as exc:
        return error_record(record_id, f"{exc} (stage: {exc.stage})")
    output["id"] = record_id if record_id is not None else number
    output["error"] = None
    return output


def process_json_lines(lines: Iterable[str], *, source: str = "stdin") -> Iterator[dict[str, Any]]:
    """Process a JSON Lines stream in order; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield process_json_line(line, number, source=source)


def process_numbered_lines(numbered: tuple[int, str]) -> str:
    """``process_json_line`` for a worker pool: takes (number, line), returns the JSON text."""
    number, line = numbered
    return json.dumps(process_json_line(line, number), ensure_ascii=False)


@functools.cache
def warm_up() -> None:
    """Load every resource the stages use (word lists, gazetteer, tagger, language model), once
    per process, and take them out of the cyclic garbage collector's rounds.

    Call it before forking workers, which then share what was loaded instead of each loading its
    own; the batch functions call it before their first item. The resources live as long as the
    process, and without ``gc.freeze`` every full collection walks their hundreds of thousands
    of objects again: about 5% of the time of a long ingest (``bench/ingest.py``).
    """
    sample = RawItem(source="warm-up", key="warm-up", origin="warm-up",
                     text="LONDON, Jan 2 (Reuters) - Shares rose in heavy trading on Monday as "
                     "the government announced an election.", date="2024-01-03")
    try:
        process_item(sample)
    except InputError as exc:  # a broken resource (a bad rules file): each item fails with it
        logger.warning("loading the pipeline's resources failed at %s: %s", exc.stage, exc.reason)
    gc.collect()
    gc.freeze()
