"""One item through every stage: extract, clean, dateline, metadata, topics, places.

:func:`process_item` is the whole pipeline for one raw item, with no database and no Prefect; the
``ingest`` flow runs it over batches, ``newsroom parse`` over one file or a JSON Lines stream.
Any error in any stage is raised as an :class:`~newsroom.core.errors.InputError` that names the
item, the stage and the exception's type, so one bad article never hides which one it was and
never stops the others; :func:`process_json_line` never raises at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import logging
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from newsroom.core.errors import FormatError, InputError, item_error
from newsroom.core.models import Dateline, ParsedArticle, RawItem, Skipped, WireInfo
from newsroom.stages.cleaning import check_readable, clean_text
from newsroom.stages.datelines import dateline_after_preamble, parse_dateline
from newsroom.stages.language import (
    detect_language,
    language_code,
    load_language_models,
    story_language_of,
)
from newsroom.stages.metadata import lede, take_byline, take_title, word_count
from newsroom.stages.places import get_gazetteer, local_name_tables, tag_places
from newsroom.stages.readers import article_id, json_line_items, load_json, scrubbed
from newsroom.stages.spacing import repair_glued_words
from newsroom.stages.tagger import get_tagger
from newsroom.stages.topics import Vocabulary, accept_topics, given_topics, subject_topics
from newsroom.stages.words import chinese_words, thai_words

if TYPE_CHECKING:
    from newsroom.stages.html_metadata import PageMetadata

logger = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # part of the content hash: bump it to make a re-ingest re-process


def content_hash(item: RawItem) -> str:
    """A digest of everything the article is made from, to tell updated input from unchanged."""
    digest = hashlib.blake2b(digest_size=16)
    parts = [PIPELINE_VERSION, item.text, item.html, item.title, item.date, item.url]
    if item.wire is not None:  # a kill or an embargo changes a story even with the same text
        wire = item.wire
        parts += [wire.guid, str(wire.version), wire.pub_status, wire.embargoed_until]
    if item.topics:  # the topics given with it: new ones update the story
        parts.append("\x1f".join(item.topics))
    if item.language:  # a declared language can decide which rules read it
        parts.append(f"language:{item.language}")
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def process_item(item: RawItem) -> ParsedArticle:
    """Run every stage on one item; raise InputError naming the item and the failing stage."""
    stage = "read"
    try:
        digest = content_hash(item)
        item = scrubbed_item(item)
        stage = "extract"
        wire = item.wire
        if wire is not None and wire.pub_status != "usable" and not (item.text or "").strip():
            return _withdrawn(item, wire, digest)  # a kill needs no text to take a story out
        given = "wire" if wire is not None else "input"
        title, title_source = (item.title, given) if item.title else (None, None)
        published, published_source = item.date, item.date_source
        url, byline, page, extractor = item.url, item.byline, None, None
        declared = language_code(item.language) or (
            language_code(wire.language) if wire is not None else None
        )
        if item.text is None and item.html is not None:
            from newsroom.stages.pages import extract_html  # lxml's HTML side: pages only

            fetched_at = dt.datetime.fromisoformat(item.fetched_at) if item.fetched_at else None
            page = extract_html(
                item.html,
                origin=item.origin,
                url=item.url,
                headers=item.headers,
                feed_entry=item.entry,
                fetched_at=fetched_at,
            )
            raw_text, meta = page.text, page.metadata
            if title is None and meta.title:
                title, title_source = meta.title, f"html:{meta.title_source}"
            if published is None and meta.published:
                published, published_source = meta.published, f"html:{meta.published_source}"
            url = meta.canonical_url or url
            byline = ", ".join(meta.authors) or None
            extractor = page.extractor
            declared = declared or language_code(meta.language)
        else:
            raw_text = item.text or ""

        stage = "clean"
        check_readable(raw_text, item.origin)
        text = clean_text(raw_text)
        # The text's own language where the detector can tell; else, or where it names a close
        # language of the declared one (Indonesian for Malay), what the input declared
        language = story_language_of(detect_language(text), declared)
        repairs = 0
        if language in (None, "en"):  # the glued-word repair knows English words only
            # agency copy is as its editors typed it: no word is split by frequency there
            text, applied = repair_glued_words(text, letters=wire is None)
            repairs = len(applied)
        paragraphs = text.split("\n\n")
        if title is not None:  # composed, as clean_text leaves the text: a decomposed title's
            title = unicodedata.normalize("NFC", title)  # marks would tear its words apart
        if title is None and wire is not None:
            pass  # a wire story sent without a headline has none: its body stays whole
        elif title is None:
            title, rest = take_title(paragraphs)
            if title is not None and _dateline_alone(title, rest, language):
                title, rest = None, paragraphs  # "MADRID, 4 (EUROPA PRESS)" on its own line
            paragraphs = rest
            title_source = "first line" if title else None
        elif paragraphs and paragraphs[0].casefold() == title.strip().casefold():
            paragraphs = paragraphs[1:]  # pages repeat their headline atop the text
        found_byline, paragraphs = take_byline(paragraphs)
        byline = byline or found_byline
        text = "\n\n".join(paragraphs).strip()
        if not text:
            if wire is not None and not (item.text or "").strip():
                raise FormatError(
                    item.origin,
                    f"a {wire.format} story with no text in it (its body is missing, or sent "
                    "apart, as a remote rendition): nothing to store",
                    stage="clean",
                )
            raise FormatError(item.origin, "no article text after cleaning", stage="clean")

        stage = "dateline"
        article_date = dt.date.fromisoformat(published[:10]) if published else None
        dateline = parse_dateline(text, article_date, language) or dateline_after_preamble(
            text, article_date, language
        )
        if wire is not None:
            dateline = wire_dateline(wire, dateline, text, article_date, language)
        if published is None and dateline is not None and dateline.date is not None:
            published, published_source = dateline.date.isoformat(), "dateline"
        body = text[dateline.end :] if dateline is not None else text

        stage = "topics"
        tagger = get_tagger()  # the rules of the story's language only (English if unknown)
        topics, topics_method = tagger.tag_story(title, body, language=language)
        if wire is not None:  # the agency's own subjects stand beside the tagger's
            topics = accept_topics(
                topics, wire_topics(wire, tagger.vocabulary), tagger.vocabulary, "wire"
            )
        notes = item.notes
        if item.topics:  # the newsroom's own topics, given with the record, are accepted
            accepted, unknown = given_topics(item.topics, tagger.vocabulary)
            topics = accept_topics(topics, accepted, tagger.vocabulary, "input")
            notes = [
                *notes,
                *(
                    f"topics: {reference!r} is not an active Media Topic qcode or label; left out"
                    for reference in unknown
                ),
            ]

        stage = "places"
        places = tag_places(text, dateline, language=language)

        stage = "clean"
        return ParsedArticle(
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
            topics_method=topics_method,
            places=places,
            url=url,
            content_hash=digest,
            repairs=repairs,
            extractor=extractor,
            notes=notes,
            status=wire.pub_status if wire is not None else "usable",
            wire=wire,
            document=item.document,
            **(_page_fields(page.metadata) if page is not None else {}),
        )
    except InputError:
        raise
    except Exception as exc:  # a bug or a pathological input: it fails this item alone
        raise item_error(exc, origin=item.origin, stage=stage) from exc


def _withdrawn(item: RawItem, wire: WireInfo, digest: str) -> ParsedArticle:
    """A withheld or killed wire story that comes without text: its identity, status and wire
    data, so that storage takes the story out."""
    return ParsedArticle(
        id=article_id(item.source, item.key),
        source=item.source,
        key=item.key,
        origin=item.origin,
        title=item.title,
        title_source="wire" if item.title else None,
        published=item.date,
        published_source=item.date_source,
        byline=item.byline,
        language=None,
        text="",
        lede=None,
        word_count=0,
        dateline=None,
        topics=[],
        places=[],
        url=item.url,
        content_hash=digest,
        notes=item.notes,
        status=wire.pub_status,
        wire=wire,
        document=item.document,
    )


def _dateline_alone(first: str, rest: list[str], language: str | None) -> bool:
    """Whether a short first paragraph is a dateline printed on its own line, as Europa Press
    prints it, rather than a headline."""
    found = parse_dateline(f"{first}\n\n{rest[0] if rest else ''}", None, language)
    return found is not None and found.end > len(first)


MARKUP_PLACE = re.compile(r",?\s*\d|\s*\(")  # where a markup dateline's place ends
REGION_CODE = re.compile(r"(?<=\w)\s+[A-Z]{2}$")  # "Sion VS", "Zürich ZH": a canton's code


def wire_dateline(
    wire: WireInfo,
    printed: Dateline | None,
    text: str,
    article_date: dt.date | None,
    language: str | None = None,
) -> Dateline | None:
    """The dateline of a wire story: the one printed at the head of its body when it names a
    place; else the markup's own dateline (or, when nothing is printed, its ``located``), with
    what the printed one adds (agency, date) and where the body's text starts."""
    if printed is not None and printed.location is not None:
        return printed
    candidates = [wire.dateline] if printed is not None else [wire.dateline, wire.located]
    if wire.dateline:
        # Its place alone, when its date is in a language the parser does not read: the
        # markup says it is a dateline ("Strasbourg, 10 juil 2024 (AFP)" -> "Strasbourg").
        candidates.insert(1, MARKUP_PLACE.split(wire.dateline, maxsplit=1)[0])
        # A place with its region's code, as SDA/ATS writes Swiss cantons: "Sion VS" is the
        # Sion of Valais (GeoNames: Sitten), not the largest place of the name.
        if (coded := REGION_CODE.search(wire.dateline)) is not None:
            city = get_gazetteer().city_in_region(
                wire.dateline[: coded.start()], coded.group().strip()
            )
            if city is not None:
                candidates.insert(1, city.name)
    for value in candidates:
        if not value:
            continue
        found = parse_dateline(
            f"{value.rstrip(' -—–_')} — {text}", article_date, language, markup=True
        )
        if found is None or found.location is None:
            continue  # a timestamp, a date alone: no place
        if printed is None:
            raw = value if value in (wire.dateline, wire.located) else (wire.dateline or value)
            return dataclasses.replace(found, raw=raw, end=0)
        return dataclasses.replace(
            found,
            raw=printed.raw,
            end=printed.end,
            agency=printed.agency or found.agency,
            date=printed.date or found.date,
        )
    return printed


def wire_topics(wire: WireInfo, vocabulary: Vocabulary) -> dict[str, list[str]]:
    """The Media Topics the agency's subjects stand for (IPTC's mapping for ``subj:`` codes),
    each with the subject codes behind it as evidence; each subject notes its topic."""
    for subject in wire.subjects:
        subject.media_topic = vocabulary.media_topic(subject.code)
    return subject_topics((subject.code for subject in wire.subjects), vocabulary)


def scrubbed_item(item: RawItem) -> RawItem:
    """The item with every string made storable (lone surrogates replaced, NULs dropped) and a
    note for each field that changed. Readers do this already for JSON; this catches the rest."""
    notes = list(item.notes)
    changes: dict[str, Any] = {
        name: scrubbed(value, name, notes)
        for name in ("source", "key", "origin", "text", "html", "title", "url", "date")
        if isinstance(value := getattr(item, name), str)
    }
    if len(notes) == len(item.notes):
        return item
    return dataclasses.replace(item, **changes, notes=notes)


def _page_fields(meta: PageMetadata) -> dict[str, Any]:
    return {
        "modified": meta.modified,
        "modified_source": f"html:{meta.modified_source}" if meta.modified_source else None,
        "description": meta.description,
        "section": meta.section,
        "keywords": list(meta.keywords),
    }


def error_record(record_id: Any, message: str | None) -> dict[str, Any]:
    """The output line for an input line that could not be processed (``message`` says why), or
    that carries no story to show."""
    return {
        "id": record_id,
        "title": None,
        "published": None,
        "byline": None,
        "language": None,
        "text": None,
        "dateline": None,
        "topics": [],
        "topics_method": None,
        "places": [],
        "status": None,
        "wire": None,
        "error": message,
    }


def item_output(item: RawItem | Skipped | InputError) -> dict[str, Any]:
    """What ``newsroom parse`` prints for one item: the processed story; a story an agency has
    withheld or killed with its status and wire data but no text (it is out of every export);
    a skipped item (a picture) with why; or the failure with why."""
    if isinstance(item, Skipped):  # a story sent by reference keeps its headline and wire data
        wire = orjson.loads(orjson.dumps(item.wire)) if item.wire is not None else None
        return {
            **error_record(None, None),
            "title": item.headline,
            "wire": wire,
            "skipped": item.reason,
        }
    try:
        if isinstance(item, InputError):
            raise item
        article = process_item(item)
    except InputError as exc:
        key = item.key if isinstance(item, RawItem) else None
        return error_record(key, f"{exc} (stage: {exc.stage})")
    output = {**article.to_dict(), "error": None}
    if article.status != "usable" and not output["text"]:
        output["text"] = None  # a kill sent without text: its headline and wire data only
    return output


def process_json_line(
    line: str, number: int, *, source: str = "stdin", format: str = "auto"
) -> dict[str, Any]:
    """One JSON Lines input record to one output object; errors become the ``error`` field. A
    line holding a wire document with several stories gives the first, the others in ``more``.

    Never raises: whatever the line holds, one object comes out, and it serialises as JSON.
    """
    origin = f"line {number}"
    record_id: Any = None
    try:
        if not line.strip():  # still one line out: output line N answers input line N
            raise FormatError(origin, "blank line: no JSON record")
        record = load_json(line, origin)
        if isinstance(record, dict):
            record_id = _output_id(record.get("id"))
        items = json_line_items(
            record, origin=origin, source=source, default_key=str(number), format=format
        )
        outputs = [item_output(item) for item in items]
        if not outputs:
            raise FormatError(origin, "the document holds no item")
    except Exception as exc:
        error = item_error(exc, origin=origin, stage="parse")
        return error_record(record_id, f"{error} (stage: {error.stage})")
    output = outputs[0]
    if len(outputs) > 1:
        output["more"] = outputs[1:]
    output["id"] = record_id if record_id is not None else number
    return output


def _output_id(value: Any) -> Any:
    """The input's id as the output gives it back: strings made printable, numbers as they are,
    anything else (a list, an object) not at all."""
    if isinstance(value, str):
        return scrubbed(value, "id", [])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return None


def process_json_lines(numbered: list[tuple[int, str]], format: str = "auto") -> str:
    """``process_json_line`` over (number, line) pairs: the output lines, each ending in a
    newline (a chunk of ``newsroom parse --jsonl``'s input, for a worker process)."""
    return "".join(
        dump_output(process_json_line(line, number, format=format), number) + "\n"
        for number, line in numbered
    )


def comparable(value: Any) -> Any:
    """An output (parsed JSON) with every float rounded to 6 places: two versions of the pipeline
    give the same output when these are equal (tests/test_output_stable.py,
    bench/parse_jsonl.py)."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    return value


def dump_output(output: dict[str, Any], number: int) -> str:
    """One output object as a line of JSON; should it not serialise, the line's error does."""
    try:
        return orjson.dumps(output).decode()
    except (TypeError, ValueError) as exc:  # orjson.JSONEncodeError is a TypeError
        return orjson.dumps(
            error_record(None, f"line {number}: cannot write the result as JSON: {exc}")
        ).decode()


@functools.cache
def warm_up(*, every_language: bool = False) -> None:
    """Load the resources every story uses (word lists, gazetteer, the English topic rules,
    language models), once per process, and take them out of the cyclic garbage collector's
    rounds; the batch functions call it before their first item.

    Other languages' resources (their topic rules, their place names, the Thai and Chinese
    segmenters) load when a story in the language first comes: about 0.4 s of CPU for all of
    them, which a newsroom whose copy is all English never pays. ``every_language=True`` loads
    them all now: call it so before forking workers, which then share what was loaded instead
    of each loading its own. The resources live as long as the process, and without
    ``gc.freeze`` every full collection walks their hundreds of thousands of objects again:
    about 5% of the time of a long ingest (``bench/ingest.py``).
    """
    sample = RawItem(
        source="warm-up",
        key="warm-up",
        origin="warm-up",
        text="LONDON, Jan 2 (Reuters) - Shares rose in heavy trading on Monday as "
        "the government announced an election.",
        date="2024-01-03",
    )
    load_language_models()  # the English sample would not reach py3langid
    if every_language:
        _load_every_language()
    try:
        process_item(sample)
    except InputError as exc:  # a broken resource (a bad rules file): each item fails with it
        logger.warning("loading the pipeline's resources failed at %s: %s", exc.stage, exc.reason)
    gc.collect()
    gc.freeze()


def warm_up_for(workers: int) -> Callable[[], None]:
    """What to load before ``workers`` processes run the pipeline (``prepare`` of
    :func:`~newsroom.stages.parallel.ordered_map`): every language's resources when workers
    are forked to share them, else what every story uses (the rest as stories need it)."""
    return functools.partial(warm_up, every_language=workers > 1)


def _load_every_language() -> None:
    """What an English story does not load: the other languages' place names and topic rules,
    the Thai and Chinese segmenters. What fails to load is logged; the stories that need it fail
    with the reason, the rest go on."""
    local_name_tables()
    try:  # the Thai segmenter's dictionary (about 0.13 s)
        thai_words("ข่าว")
    except Exception as exc:
        logger.warning("the Thai segmenter did not load: %s", exc)
    try:  # the Chinese one's (about 0.1 s)
        chinese_words("新闻")
    except Exception as exc:
        logger.warning("the Chinese segmenter did not load: %s", exc)
    try:
        failed = get_tagger().load_all()
    except Exception:  # the English rules: process_item's sample reports them
        return
    for language, error in failed:
        logger.warning("the topic rules of %r did not load: %s", language, error)
