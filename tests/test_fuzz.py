"""Property tests: whatever the input, a stage raises only what it documents, and what it returns
can be stored and serialised.

Hypothesis builds the inputs: random and structured text (lone surrogates, NUL and control
characters included), JSON records of every shape, HTML trees with boilerplate class names and
broken markup, RSS, Atom and sitemap documents with hostile fields, and random bytes. The
examples are bounded and derandomised in the default profile so that CI stays fast and
repeatable; ``HYPOTHESIS_PROFILE=fuzz`` runs many more, at random (see tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from db.session import ensure_schema, get_engine
from newsroom.core.errors import InputError
from newsroom.core.models import ParsedArticle, RawItem
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.stages.datelines import parse_dateline
from newsroom.stages.feeds import parse_feed, parse_sitemap
from newsroom.stages.pages import extract_html
from newsroom.stages.pipeline import process_item, process_json_line
from newsroom.stages.readers import decode, record_to_item
from newsroom.stages.tagger import get_tagger

# -- strategies -----------------------------------------------------------------------------------

HOSTILE = st.sampled_from(
    [
        "\udc80",
        "\ud800",
        "\udfff",
        "\x00",
        "\x1b",
        "\u2028",
        "\r",
        "\ufeff",
        "\u200b",
        "[/b]",
        "&#xD800;",
        "\ufffe",
        "—",
        "é",
        " ",
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), HOSTILE), max_size=12).map("".join)
WORDS = st.lists(
    st.sampled_from(
        [
            "LONDON",
            "(Reuters)",
            "-",
            "—",
            "KYIV,",
            "Ukraine",
            "(AP)",
            "Jan",
            "2",
            "PARIS",
            "(AFP)",
            "The",
            "government",
            "said",
            "on",
            "Monday",
            "election",
            "shares",
            "fell",
            "football",
            "UPDATE",
            "2-",
            "FILE",
            "By",
            "Staff",
            "WASHINGTON,",
            "D.C.,",
            "March",
            "31",
            ":",
            ",",
        ]
    ),
    max_size=40,
).map(" ".join)
PROSE = st.one_of(TEXT, WORDS, st.tuples(WORDS, TEXT, WORDS).map(lambda parts: "\n\n".join(parts)))

JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)

TAGS = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "main",
        "section",
        "nav",
        "aside",
        "footer",
        "script",
        "style",
        "h1",
        "h2",
        "a",
        "span",
        "table",
        "tr",
        "td",
        "br",
        "figure",
        "noscript",
        "ul",
        "li",
        "blockquote",
        "header",
        "time",
    ]
)
CLASSES = st.sampled_from(
    [
        "",
        "article-body",
        "content",
        "share",
        "related",
        "sidebar",
        "comments",
        "story",
        "byline",
        "caption",
        "hidden",
    ]
)


def _element(tag: str, klass: str, children: list[str]) -> str:
    attribute = f' class="{klass}"' if klass else ""
    return f"<{tag}{attribute}>{''.join(children)}</{tag}>"


HTML_NODES = st.recursive(
    st.one_of(
        PROSE,
        st.sampled_from(
            [
                "<",
                "</p",
                "<!--",
                "-->",
                "&amp;",
                "&#0;",
                "<![CDATA[",
                "<script>",
                '<meta charset="utf-16">',
            ]
        ),
    ),
    lambda children: st.builds(_element, TAGS, CLASSES, st.lists(children, max_size=5)),
    max_leaves=25,
)
HTML = st.one_of(
    HTML_NODES.map(lambda body: f"<html><head><title>T</title></head><body>{body}</body></html>"),
    HTML_NODES,
    TEXT,
)

RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(JSON_VALUES, st.integers(), TEXT),
        "text": st.one_of(PROSE, JSON_VALUES),
        "html": st.one_of(HTML, JSON_VALUES),
        "title": st.one_of(TEXT, JSON_VALUES),
        "date": st.one_of(st.dates().map(str), TEXT, JSON_VALUES),
        "url": TEXT,
        "source": st.one_of(TEXT, JSON_VALUES),
    },
)
JSON_LINES = st.one_of(
    RECORDS.map(json.dumps),
    JSON_VALUES.map(json.dumps),
    TEXT,
    st.binary(max_size=200).map(lambda data: data.decode("utf-8", "replace")),
    RECORDS.map(lambda record: json.dumps(record)[: len(json.dumps(record)) // 2]),
    st.integers(min_value=1, max_value=3000).map(lambda depth: "[" * depth + "]" * depth),
)

FEED_TEXT = st.one_of(
    TEXT,
    st.sampled_from(["&", "<b>bold</b>", "]]>", "&lol;", "\x00", "https://e.example/a?b=1&c=2"]),
)
FEED_DATES = st.one_of(
    TEXT,
    st.sampled_from(
        [
            "Mon, 06 May 2024 09:00:00 GMT",
            "2024-05-06",
            "2024-13-45T99:00:00Z",
            "0000-00-00",
            "9" * 30,
        ]
    ),
)


def _rss(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description>{title}</description></item>"
        for title, link, date in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{entries}'
        "</channel></rss>"
    )


def _atom(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{link}"/><updated>{date}</updated></entry>'
        for title, link, date in items
    )
    return f'<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>'


def _sitemap(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<url><loc>{link}</loc><lastmod>{date}</lastmod><news:news><news:title>"
        f"{title}</news:title><news:publication_date>{date}"
        "</news:publication_date></news:news></url>"
        for title, link, date in items
    )
    return (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + entries + "</urlset>"
    )


FEED_ITEMS = st.lists(st.tuples(FEED_TEXT, FEED_TEXT, FEED_DATES), max_size=4)
XML_DOCUMENTS = st.one_of(
    st.builds(
        lambda render, items: render(items), st.sampled_from([_rss, _atom, _sitemap]), FEED_ITEMS
    ),
    TEXT,
)
XML_BYTES = st.one_of(
    st.tuples(XML_DOCUMENTS, st.sampled_from(["utf-8", "utf-16", "latin-1"])).map(
        lambda pair: pair[0].encode(pair[1], "surrogatepass" if pair[1] != "latin-1" else "replace")
    ),
    st.tuples(XML_DOCUMENTS, st.integers(0, 400)).map(
        lambda pair: pair[0][: pair[1]].encode("utf-8", "surrogatepass")
    ),
    st.binary(max_size=300),
)

# -- helpers --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One SQLite file for the module: every article a property test makes is stored in it."""
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    yield engine
    engine.dispose()


def assert_serialisable(value: Any) -> None:
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # strict: no lone surrogate survives


def assert_storable(article: ParsedArticle, engine: Engine) -> None:
    result = store_parsed(ParsedBatch(articles=[article]), engine=engine, run_id=None)
    assert result.failed == 0, result.failures
    assert_serialisable(article.to_dict())


# -- properties -----------------------------------------------------------------------------------


@given(line=JSON_LINES, number=st.integers(1, 10**6))
def test_process_json_line_never_raises_and_always_serialises(line: str, number: int) -> None:
    output = process_json_line(line, number)
    assert {"id", "error", "topics", "places"} <= set(output)
    assert_serialisable(output)
    if output["error"] is not None:
        assert output["error"].startswith(f"line {number}")


@given(record=RECORDS)
def test_a_json_record_is_an_item_or_an_input_error(record: dict[str, Any]) -> None:
    try:
        item = record_to_item(record, origin="r", source="s", default_key="k")
    except InputError:
        return
    for value in (item.key, item.source, item.title, item.url, item.text, item.html):
        if value is not None:
            value.encode("utf-8")


@given(
    text=PROSE, title=st.one_of(st.none(), TEXT), date=st.one_of(st.none(), st.dates()), key=TEXT
)
def test_process_item_on_text_raises_only_input_errors(
    engine: Engine, text: str, title: str | None, date: dt.date | None, key: str
) -> None:
    item = RawItem(
        source="fuzz",
        key=key or "k",
        origin="fuzz",
        text=text,
        title=title,
        date=date.isoformat() if date else None,
    )
    try:
        article = process_item(item)
    except InputError as exc:
        assert exc.stage and exc.reason and exc.error_type
        return
    assert_storable(article, engine)


@given(html=HTML, url=st.one_of(st.none(), st.just("https://e.example/a/b.html"), TEXT))
def test_extract_html_raises_only_input_errors(engine: Engine, html: str, url: str | None) -> None:
    try:
        document = extract_html(html, origin="page", url=url)
    except InputError as exc:
        assert exc.stage == "extract"
        return
    assert document.text.strip()
    try:
        article = process_item(
            RawItem(source="fuzz", key="page", origin="page", html=html, url=url)
        )
    except InputError:
        return
    assert_storable(article, engine)


@given(text=PROSE, date=st.one_of(st.none(), st.dates()))
def test_parse_dateline_returns_a_dateline_within_the_text_or_none(
    text: str, date: dt.date | None
) -> None:
    dateline = parse_dateline(text, date)
    if dateline is None:
        return
    assert 0 <= dateline.end <= len(text)
    assert 0.0 <= dateline.confidence <= 1.0
    assert_serialisable(dateline.raw)


@given(content=XML_BYTES)
def test_feed_and_sitemap_parsers_raise_only_input_errors(content: bytes) -> None:
    for parse in (
        lambda: parse_feed(content, url="https://e.example/feed"),
        lambda: parse_sitemap(content, url="https://e.example/sitemap.xml"),
    ):
        try:
            parsed = parse()
        except InputError as exc:
            assert exc.origin.startswith("https://e.example/")
            continue
        entries = parsed if isinstance(parsed, list) else parsed.entries
        for entry in entries:
            assert isinstance(entry.url, str) and entry.url
            assert_serialisable(entry.as_feed_entry())


@given(data=st.binary(max_size=400))
def test_decode_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        text = decode(data, "bytes.txt")
    except InputError as exc:
        assert exc.stage == "decode"
        return
    assert text.strip()
