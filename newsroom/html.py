"""Main text and metadata from an HTML page.

The page is parsed once with lxml (:mod:`newsroom.htmltree`); the main text comes from
:mod:`newsroom.extraction` and the metadata (title, authors, dates with the source that won,
canonical URL, language, description, section, keywords) from :mod:`newsroom.html_metadata`.
``eval/extraction.py`` measures the text against trafilatura on the 181-page benchmark.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom.errors import FormatError
from newsroom.extraction import extract_main_text
from newsroom.html_metadata import PageMetadata, extract_metadata
from newsroom.htmltree import jsonld_objects, parse_html

log = logging.getLogger(__name__)


@dataclass(slots=True)
class HtmlDocument:
    text: str  # main text, paragraphs separated by blank lines
    metadata: PageMetadata


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
    metadata = extract_metadata(tree, url=url, jsonld=jsonld, headers=headers,
                                feed_entry=feed_entry, fetched_at=fetched_at)
    text = extract_main_text(tree, jsonld=jsonld)
    if not text.strip():
        raise FormatError(origin, "no article text found in the HTML page", stage="extract")
    return HtmlDocument(text=text, metadata=metadata)
