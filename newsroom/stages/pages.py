"""Main text and metadata from an HTML page.

The page is parsed once with lxml (:mod:`newsroom.stages.htmltree`); the main text comes from
:mod:`newsroom.stages.extraction` and the metadata (title, authors, dates with the source that won,
canonical URL, language, description, section, keywords) from :mod:`newsroom.stages.html_metadata`.
``eval/extraction.py`` measures the text against trafilatura on the 181-page benchmark.

When that fast extractor finds no text, trafilatura (slower, differently built) gets a second
look before the page is recorded as a failure; ``HtmlDocument.extractor`` says which one found
the text, and it is stored with the article.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom.core.errors import FormatError
from newsroom.stages.extraction import extract_main_text
from newsroom.stages.html_metadata import PageMetadata, extract_metadata
from newsroom.stages.htmltree import jsonld_objects, parse_html
from newsroom.stages.words import count_words

logger = logging.getLogger(__name__)

MIN_FALLBACK_WORDS = 30  # the least text trafilatura must find for it to count as the story
MIN_PARAGRAPH_WORDS = 15  # ... with at least one paragraph this long


@dataclass(slots=True)
class HtmlDocument:
    text: str  # main text, paragraphs separated by blank lines
    metadata: PageMetadata
    extractor: str = "newsroom"  # or "trafilatura", when the fast extractor found nothing


def extract_html(
    html: str,
    *,
    origin: str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    feed_entry: Mapping[str, Any] | None = None,
    fetched_at: dt.datetime | None = None,
) -> HtmlDocument:
    """Extract the article's main text and metadata; raise FormatError when there is no text."""
    tree = parse_html(html, origin=origin)
    jsonld = jsonld_objects(tree)
    metadata = extract_metadata(
        tree, url=url, jsonld=jsonld, headers=headers, feed_entry=feed_entry, fetched_at=fetched_at
    )
    text = extract_main_text(tree, jsonld=jsonld)
    if text.strip():
        return HtmlDocument(text=text, metadata=metadata)
    text = fallback_text(html, url=url)
    if not _article_like(text):
        raise FormatError(
            origin,
            "no article text found in the HTML page (by either extractor: newsroom, trafilatura)",
            stage="extract",
        )
    logger.debug("%s: text found by trafilatura only", origin)
    return HtmlDocument(text=text, metadata=metadata, extractor="trafilatura")


def _article_like(text: str) -> bool:
    """Enough prose to be a story: trafilatura returns whatever text a page has, and a menu, a
    cookie notice or "page not found" is no article. Words in any script: a Japanese paragraph is
    one "word" to ``str.split``."""
    paragraphs = [count_words(paragraph) for paragraph in text.split("\n\n")]
    return (
        sum(paragraphs) >= MIN_FALLBACK_WORDS and max(paragraphs, default=0) >= MIN_PARAGRAPH_WORDS
    )


def fallback_text(html: str, *, url: str | None = None) -> str:
    """The main text as trafilatura finds it, paragraphs separated by blank lines ("" if none)."""
    import trafilatura  # slow to import, and needed only for the rare page the fast one misses

    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=True, favor_recall=True
    )
    return "\n\n".join(line.strip() for line in (text or "").splitlines() if line.strip())
