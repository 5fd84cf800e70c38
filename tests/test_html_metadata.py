"""Page metadata from JSON-LD, OpenGraph, meta tags, <time>, the URL, the feed entry and headers."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from typing import Any

import pytest

from newsroom.stages.html_metadata import PageMetadata, extract_metadata, normalize_date
from newsroom.stages.htmltree import parse_html

FETCHED = dt.datetime(2024, 5, 6, 12, 0, tzinfo=dt.UTC)
URL = "https://www.dailyplanet.example/2024/05/03/city/harbour-bridge-reopens/"

ARTICLE_JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Harbour bridge reopens after two-year repair",
    "author": [{"@type": "Person", "name": "Lois Lane"}, {"@type": "Person", "name": "Clark Kent"}],
    "datePublished": "2024-05-06T08:30:00+02:00",
    "dateModified": "2024-05-06T10:00:00+02:00",
    "articleSection": "City",
    "keywords": ["bridges", "Metropolis", "traffic"],
    "inLanguage": "en-GB",
    "description": "The bridge carries 90,000 vehicles a day.",
    "publisher": {"@type": "Organization", "name": "The Daily Planet"},
}


def page(
    *,
    jsonld: object | None = None,
    head: str = "",
    body: str = "",
    title: str = "Harbour bridge reopens | The Daily Planet",
    lang: str = "en",
) -> str:
    """A small news page; ``jsonld`` is serialised into a script block unless it is a string."""
    script = ""
    if jsonld is not None:
        text = jsonld if isinstance(jsonld, str) else json.dumps(jsonld)
        script = f'<script type="application/ld+json">{text}</script>'
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="stylesheet" href="/static/site.css">
{head}
{script}
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/city/">City</a></nav></header>
<article>
<h1>Harbour bridge reopens after two-year repair</h1>
{body}
<p>The harbour bridge reopened to traffic on Friday morning after a two-year repair.</p>
</article>
<footer>&copy; The Daily Planet</footer>
</body>
</html>"""


def extract(html: str, **kwargs: Any) -> PageMetadata:
    kwargs.setdefault("url", URL)
    kwargs.setdefault("fetched_at", FETCHED)
    return extract_metadata(parse_html(html, origin="test"), **kwargs)


OG = """
<meta property="og:title" content="OG: Harbour bridge reopens">
<meta property="og:site_name" content="The Daily Planet">
<meta property="og:url" content="https://www.dailyplanet.example/city/harbour-bridge-reopens/">
<meta property="og:locale" content="en_GB">
<meta property="og:description" content="OG description.">
<meta property="article:published_time" content="2024-05-05T09:00:00Z">
<meta property="article:modified_time" content="2024-05-05T11:00:00Z">
<meta property="article:author" content="Perry White">
<meta property="article:section" content="Metro">
<meta property="article:tag" content="harbour">
<meta property="article:tag" content="Bridges">
"""
META = """
<meta name="author" content="By Jimmy Olsen">
<meta name="parsely-title" content="Parsely: Harbour bridge reopens">
<meta name="parsely-pub-date" content="2024-05-04T09:00:00Z">
<meta name="dc.date.modified" content="2024-05-04T10:00:00Z">
<meta name="description" content="Meta description.">
<meta name="keywords" content="roads, Harbour; transport">
"""
TIME = '<p class="byline"><time datetime="2024-05-03T18:00:00-04:00">May 3</time></p>'
FEED = {
    "title": "Feed: Harbour bridge reopens",
    "published": "Thu, 02 May 2024 07:00:00 GMT",
    "updated": "Thu, 02 May 2024 08:00:00 GMT",
    "author": "Cat Grant",
    "summary": "<p>Feed summary.</p>",
    "tags": [{"term": "Infrastructure"}, {"term": "infrastructure"}, "Metropolis"],
}
HEADERS = {"Last-Modified": "Wed, 01 May 2024 06:00:00 GMT", "Content-Type": "text/html"}
PLAIN_URL = "https://www.dailyplanet.example/city/harbour-bridge-reopens/"


def layered(level: int) -> PageMetadata:
    """A page carrying every source from ``level`` down: 0 = JSON-LD ... 6 = HTTP only."""
    html = page(
        jsonld=ARTICLE_JSONLD if level <= 0 else None,
        head=(OG if level <= 1 else "") + (META if level <= 2 else ""),
        body=TIME if level <= 3 else "",
    )
    return extract(
        html,
        url=URL if level <= 4 else PLAIN_URL,
        feed_entry=FEED if level <= 5 else None,
        headers=HEADERS,
    )


@pytest.mark.parametrize(
    ("level", "source", "published"),
    [
        (0, "jsonld", "2024-05-06T08:30:00+02:00"),
        (1, "opengraph", "2024-05-05T09:00:00+00:00"),
        (2, "meta", "2024-05-04T09:00:00+00:00"),
        (3, "time", "2024-05-03T18:00:00-04:00"),
        (4, "url", "2024-05-03"),
        (5, "feed", "2024-05-02T07:00:00+00:00"),
        (6, "http", "2024-05-01T06:00:00+00:00"),
    ],
)
def test_each_source_wins_the_published_date_in_its_turn(
    level: int, source: str, published: str
) -> None:
    meta = layered(level)
    assert (meta.published, meta.published_source) == (published, source)


@pytest.mark.parametrize(
    ("level", "source", "modified"),
    [
        (0, "jsonld", "2024-05-06T10:00:00+02:00"),
        (1, "opengraph", "2024-05-05T11:00:00+00:00"),
        (2, "meta", "2024-05-04T10:00:00+00:00"),
        (5, "feed", "2024-05-02T08:00:00+00:00"),
        (6, "http", "2024-05-01T06:00:00+00:00"),
    ],
)
def test_each_source_wins_the_modified_date_in_its_turn(
    level: int, source: str, modified: str
) -> None:
    meta = layered(level)
    assert (meta.modified, meta.modified_source) == (modified, source)


@pytest.mark.parametrize(
    ("level", "source", "title", "authors"),
    [
        (0, "jsonld", "Harbour bridge reopens after two-year repair", ["Lois Lane", "Clark Kent"]),
        (1, "opengraph", "OG: Harbour bridge reopens", ["Perry White"]),
        (2, "meta", "Parsely: Harbour bridge reopens", ["Jimmy Olsen"]),
        (5, "feed", "Feed: Harbour bridge reopens", ["Cat Grant"]),
    ],
)
def test_each_source_wins_title_and_authors_in_its_turn(
    level: int, source: str, title: str, authors: list[str]
) -> None:
    meta = layered(level)
    assert (meta.title, meta.title_source) == (title, source)
    assert (meta.authors, meta.authors_source) == (authors, source)


def test_title_tag_is_the_last_resort() -> None:
    meta = layered(6)  # no site name declared: the suffix stays
    assert (meta.title, meta.title_source) == ("Harbour bridge reopens | The Daily Planet", "title")
    assert meta.authors == [] and meta.authors_source is None


def test_other_fields_follow_the_same_order() -> None:
    full = layered(0)
    assert full.description == "The bridge carries 90,000 vehicles a day."
    assert full.section == "City"
    assert full.keywords == ["bridges", "Metropolis", "traffic"]
    assert full.site_name == "The Daily Planet"
    assert full.language == "en"
    og = layered(1)
    assert (og.description, og.section, og.keywords) == (
        "OG description.",
        "Metro",
        ["harbour", "Bridges"],
    )
    meta = layered(2)
    assert (meta.description, meta.section) == ("Meta description.", None)
    assert meta.keywords == ["roads", "Harbour", "transport"]
    feed = layered(5)
    assert feed.description == "Feed summary."
    assert feed.keywords == ["Infrastructure", "Metropolis"]


def test_nothing_to_find_gives_an_empty_record() -> None:
    meta = extract("<html><body><p>Just text.</p></body></html>", url=None)
    assert meta == PageMetadata()


def test_graph_jsonld_with_author_and_publisher_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "@id": "https://ex.example/#org", "name": "Gotham Gazette"},
            {"@type": "WebSite", "@id": "https://ex.example/#site", "name": "Gotham Gazette"},
            {
                "@type": "WebPage",
                "@id": URL,
                "name": "Mayor resigns - Gotham Gazette",
                "datePublished": "2024-01-01T00:00:00+00:00",
            },
            {
                "@type": ["Article", "NewsArticle"],
                "headline": "Mayor resigns",
                "author": {"@id": "https://ex.example/#/schema/person/1"},
                "publisher": {"@id": "https://ex.example/#org"},
                "datePublished": "2024-05-05T16:20:00-05:00",
                "keywords": "politics, city hall",
            },
            {
                "@type": "Person",
                "@id": "https://ex.example/#/schema/person/1",
                "name": "Vicki Vale",
                "url": "https://ex.example/author/vicki/",
            },
        ],
    }
    meta = extract(page(jsonld=graph, title="Mayor resigns - Gotham Gazette"))
    assert (meta.title, meta.title_source) == ("Mayor resigns", "jsonld")
    assert meta.authors == ["Vicki Vale"]
    assert meta.published == "2024-05-05T16:20:00-05:00"  # the article's, not the WebPage's
    assert meta.site_name == "Gotham Gazette"
    assert meta.keywords == ["politics", "city hall"]


def test_jsonld_given_by_the_caller_is_used_instead_of_the_page() -> None:
    html = page(jsonld={"@type": "NewsArticle", "headline": "From the page"})
    meta = extract(html, jsonld=[{"@type": "BlogPosting", "headline": "From the caller"}])
    assert meta.title == "From the caller"


def test_fact_check_without_an_article_object_uses_the_claim_review() -> None:
    review = [
        {
            "@type": "ClaimReview",
            "datePublished": "2024-05-02",
            "author": {"@type": "Organization", "name": "Snopes"},
        },
        {"@type": "BreadcrumbList", "itemListElement": []},
    ]
    meta = extract(page(jsonld=review))
    assert (meta.published, meta.authors) == ("2024-05-02", ["Snopes"])


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("BY: JANE DOE", ["JANE DOE"]),
        ({"@type": "Person", "name": "Jane Doe"}, ["Jane Doe"]),
        ([{"name": "Jane Doe"}, {"name": "jane doe"}, "Jane  Doe"], ["Jane Doe"]),
        ("Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe & John Smith; Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Jane Doe, John Smith", ["Jane Doe", "John Smith"]),
        ("TOM KRISHER, AP Auto Writer", ["TOM KRISHER"]),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("Rachael Link, MS, RD", ["Rachael Link"]),
        ("Doe, Jane", ["Doe, Jane"]),
        (["https://twitter.com/janedoe", "@janedoe", "Jane Doe"], ["Jane Doe"]),
        (["admin", "jane-d", "Jane Doe"], ["Jane Doe"]),
        ("Jos&eacute; Garc&iacute;a", ["José García"]),
        ([{"@type": "Organization", "name": "Reuters"}], ["Reuters"]),
        # "by" in other languages' bylines, and a label with its colon
        ("Par Martin Dupont", ["Martin Dupont"]),
        ("Por Ana Ruiz", ["Ana Ruiz"]),
        ("Текст: Лида Буслаева", ["Лида Буслаева"]),
        ("Texto: Ana Ruiz", ["Ana Ruiz"]),
        ("Di Maio Luigi", ["Di Maio Luigi"]),  # a name's particle is no "by"
        # "and" in other languages, between two names of two words or more
        ("Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Ana Ruiz y Pedro Gómez", ["Ana Ruiz", "Pedro Gómez"]),
        ("Иван Петров и Мария Иванова", ["Иван Петров", "Мария Иванова"]),
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),
    ],
)
def test_author_variants(author: object, expected: list[str]) -> None:
    meta = extract(page(jsonld={"@type": "NewsArticle", "author": author}))
    assert meta.authors == expected
    assert meta.authors_source == "jsonld"


def test_profile_urls_in_article_author_fall_through_to_meta_author() -> None:
    head = """<meta property="article:author" content="https://www.facebook.com/janedoe">
              <meta name="twitter:creator" content="@janedoe">
              <meta name="author" content="Jane Doe">"""
    meta = extract(page(head=head))
    assert (meta.authors, meta.authors_source) == (["Jane Doe"], "meta")


def test_repeated_citation_authors_are_all_kept() -> None:
    head = """<meta name="citation_author" content="Curie, Marie">
              <meta name="citation_author" content="Pierre Curie">"""
    assert extract(page(head=head)).authors == ["Curie, Marie", "Pierre Curie"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Le Monde (2015): the name is the link; what follows is not
        (
            '<p><span itemprop="author"><a href="/journaliste/m-dupont/">Martin Dupont</a> '
            '(avec Lise Martin)</span></p><p itemprop="author"></p>',
            ["Martin Dupont"],
        ),
        # a Person with its name, and a box whose first link is a picture
        (
            '<ul itemprop="author" itemscope itemtype="http://schema.org/Person"><li>'
            '<a href="/w/"><img src="/p.jpg"></a></li><li>by <span itemprop="name">'
            '<a rel="author" href="/w/">Roger Gonzalez</a></span></li></ul>',
            ["Roger Gonzalez"],
        ),
        (
            '<div itemprop="author" itemscope><meta itemprop="name" content="Ana Ruiz"></div>',
            ["Ana Ruiz"],
        ),
        ('<a itemprop="author" href="/a/">Cat Grant</a>', ["Cat Grant"]),
    ],
)
def test_microdata_authors_in_the_body(body: str, expected: list[str]) -> None:
    """schema.org's ``itemprop="author"`` in the body, which the extractor leaves out of the
    text, gives the authors where the head names none."""
    meta = extract(page(body=body))
    assert (meta.authors, meta.authors_source) == (expected, "microdata")


def test_a_reader_s_comment_author_is_not_the_story_s() -> None:
    body = (
        '<span itemprop="author">Martin Dupont</span><div itemscope '
        'itemtype="http://schema.org/Comment"><span itemprop="author">Karol</span></div>'
    )
    assert extract(page(body=body)).authors == ["Martin Dupont"]


def test_the_head_s_authors_win_over_the_body_s_microdata() -> None:
    body = '<a itemprop="author" href="/a/">Cat Grant</a>'
    meta = extract(page(head='<meta name="author" content="Jane Doe">', body=body))
    assert (meta.authors, meta.authors_source) == (["Jane Doe"], "meta")


def test_feed_authors_list_of_objects() -> None:
    feed = {"authors": [{"name": "Cat Grant"}, {"name": "Ron Troupe"}]}
    meta = extract(page(), feed_entry=feed)
    assert (meta.authors, meta.authors_source) == (["Cat Grant", "Ron Troupe"], "feed")


@pytest.mark.parametrize(
    ("keywords", "expected"),
    [
        (["Bridges", "Traffic"], ["Bridges", "Traffic"]),
        ("Bridges, Traffic,  City Hall", ["Bridges", "Traffic", "City Hall"]),
        (["Bridges, Traffic", "bridges", "City Hall"], ["Bridges", "Traffic", "City Hall"]),
        (["@post-id:1913719", "/article", "_no-apple-news", "Bridges"], ["Bridges"]),
        ("", []),
    ],
)
def test_keyword_forms(keywords: object, expected: list[str]) -> None:
    meta = extract(page(jsonld={"@type": "NewsArticle", "keywords": keywords}))
    assert meta.keywords == expected


def test_news_keywords_win_over_plain_keywords() -> None:
    head = """<meta name="keywords" content="news, daily planet, metropolis">
              <meta name="news_keywords" content="bridge; harbour">"""
    assert extract(page(head=head)).keywords == ["bridge", "harbour"]


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        (
            "Bridge reopens | The Daily Planet",
            '<meta property="og:site_name" content="The Daily Planet">',
            "Bridge reopens",
        ),
        (
            "Bridge reopens - Daily Planet",
            '<meta name="application-name" content="Daily Planet">',
            "Bridge reopens",
        ),
        (
            "Bridge reopens – The Daily Planet",
            '<meta property="og:site_name" content="the daily planet">',
            "Bridge reopens",
        ),
        (
            "The Daily Planet | Bridge reopens",
            '<meta property="og:site_name" content="The Daily Planet">',
            "Bridge reopens",
        ),
        (
            "Q&amp;A - Part 2 | The Daily Planet",
            '<meta property="og:site_name" content="The Daily Planet">',
            "Q&A - Part 2",
        ),
        (
            "Bridge reopens - Part 2",
            '<meta property="og:site_name" content="The Daily Planet">',
            "Bridge reopens - Part 2",
        ),
        ("Bridge reopens | The Daily Planet", "", "Bridge reopens | The Daily Planet"),
    ],
)
def test_title_suffix_naming_the_site_is_removed(title: str, head: str, expected: str) -> None:
    meta = extract(page(title=title, head=head))
    assert (meta.title, meta.title_source) == (expected, "title")


def test_og_title_suffix_matching_the_jsonld_publisher_is_removed() -> None:
    jsonld = {"@type": "NewsArticle", "publisher": {"name": "The Daily Planet"}}
    head = '<meta property="og:title" content="Bridge reopens | The Daily Planet">'
    meta = extract(page(jsonld=jsonld, head=head))
    assert (meta.title, meta.title_source, meta.site_name) == (
        "Bridge reopens",
        "opengraph",
        "The Daily Planet",
    )


@pytest.mark.parametrize(
    ("head", "url", "expected"),
    [
        (
            '<link rel="canonical" href="/city/bridge/">',
            URL,
            "https://www.dailyplanet.example/city/bridge/",
        ),
        (
            '<link rel="canonical" href="https://dailyplanet.example/a/1">',
            URL,
            "https://dailyplanet.example/a/1",
        ),
        (
            '<link rel="Canonical" href="bridge?amp=0">',
            "https://ex.example/city/",
            "https://ex.example/city/bridge?amp=0",
        ),
        (
            '<meta property="og:url" content="https://ex.example/og/">',
            URL,
            "https://ex.example/og/",
        ),
        (
            '<link rel="canonical" href="/city/bridge/">'
            '<meta property="og:url" content="https://ex.example/og/">',
            None,
            "https://ex.example/og/",
        ),
        ('<link rel="canonical" href="javascript:void(0)">', URL, None),
        ("", URL, None),
    ],
)
def test_canonical_url_is_resolved_against_the_page_url(
    head: str, url: str | None, expected: str | None
) -> None:
    assert extract(page(head=head), url=url).canonical_url == expected


@pytest.mark.parametrize(
    ("lang", "head", "headers", "expected"),
    [
        ("en-US", "", None, "en"),
        ("pt_BR", "", None, "pt"),
        ("EN", "", None, "en"),
        ("", '<meta http-equiv="Content-Language" content="de-DE, en">', None, "de"),
        ("", '<meta property="og:locale" content="fr_FR">', None, "fr"),
        ("english", '<meta property="og:locale" content="es_ES">', None, "es"),
        ("", "", {"Content-Language": "it-IT"}, "it"),
        ("", "", None, None),
    ],
)
def test_language_is_the_primary_subtag(
    lang: str, head: str, headers: dict[str, str] | None, expected: str | None
) -> None:
    assert extract(page(lang=lang, head=head), headers=headers).language == expected


def test_future_dates_are_rejected_and_the_next_source_is_used() -> None:
    jsonld = {
        "@type": "NewsArticle",
        "datePublished": "2024-05-06T13:00:00+00:00",
        "dateModified": "2031-01-01",
    }
    head = """<meta property="article:published_time" content="2030-05-06T09:00:00Z">
              <meta name="pubdate" content="2024-05-05">"""
    meta = extract(
        page(jsonld=jsonld, head=head), headers={"Last-Modified": "Tue, 07 May 2024 00:00:00 GMT"}
    )
    assert (meta.published, meta.published_source) == ("2024-05-05", "meta")
    assert (meta.modified, meta.modified_source) == (None, None)


def test_fetched_at_defaults_to_now() -> None:
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    jsonld = {"@type": "NewsArticle", "datePublished": tomorrow}
    meta = extract_metadata(parse_html(page(jsonld=jsonld), origin="test"), url=URL)
    assert (meta.published, meta.published_source) == ("2024-05-03", "url")


def test_junk_dates_are_skipped() -> None:
    jsonld = {"@type": "NewsArticle", "datePublished": "not yet", "dateModified": {"a": 1}}
    head = """<meta property="article:published_time" content="0000-00-00 00:00:00">
              <meta name="sailthru.date" content="2024">
              <meta name="date" content="1970-01-01T00:00:00Z">"""
    body = '<time itemprop="datePublished" datetime="Sunday, May 5, 2024 9:15 PM EDT">x</time>'
    meta = extract(page(jsonld=jsonld, head=head, body=body))
    assert (meta.published, meta.published_source) == ("2024-05-05T21:15:00-04:00", "time")


@pytest.mark.parametrize(
    "broken",
    [
        '{"@type": "NewsArticle", "headline": "Half a block",',
        "<!-- not json -->",
        "[1, 2, 3]",
        '{"@type": "NewsArticle", "headline": 42, "author": 7, "datePublished": ["x"]}',
    ],
)
def test_broken_jsonld_is_ignored(broken: str) -> None:
    head = '<meta property="og:title" content="Bridge reopens">' + OG
    meta = extract(page(jsonld=broken, head=head))
    assert (meta.title_source, meta.published_source) == ("opengraph", "opengraph")


def test_meta_itemprop_date_counts_as_time() -> None:
    body = '<meta itemprop="datePublished" content="2024-05-04T07:00:00+01:00">'
    meta = extract(page(body=body))
    assert (meta.published, meta.published_source) == ("2024-05-04T07:00:00+01:00", "time")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-06", "2024-05-06"),
        ("20240506", "2024-05-06"),
        ("2024-05-06T10:00:00Z", "2024-05-06T10:00:00+00:00"),
        ("2024-05-06T10:00:00.123456+05:30", "2024-05-06T10:00:00+05:30"),
        ("2024-05-06 10:00:00", "2024-05-06T10:00:00"),
        ("May 6, 2024", "2024-05-06"),
        ("Mon, 06 May 2024 08:00:00 GMT", "2024-05-06T08:00:00+00:00"),
        ("06 May 2024 09:00 IST", "2024-05-06T09:00:00"),  # ambiguous zone: left without offset
        ("1714982400", "2024-05-06T08:00:00+00:00"),
        ("1714982400000", "2024-05-06T08:00:00+00:00"),
        (dt.date(2024, 5, 6), "2024-05-06"),
        (dt.datetime(2024, 5, 6, 9, 0, tzinfo=dt.UTC), "2024-05-06T09:00:00+00:00"),
        (time.struct_time((2024, 5, 6, 9, 0, 0, 0, 127, 0)), "2024-05-06T09:00:00+00:00"),
        ("2024", None),
        ("2024-05", None),
        ("May 6", None),
        ("2024-02-31", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20240506, None),
        ("1850-01-01", None),
        ("x" * 200, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value, not_after=FETCHED) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-06T12:00:01Z", None),  # an offset: compared exactly
        ("2024-05-06T20:00:00", "2024-05-06T20:00:00"),  # no offset: already so in Tokyo
        ("2024-05-07T03:00:00", None),  # no offset, ahead even at UTC+14
        ("2024-05-07", "2024-05-07"),  # today at UTC+14
        ("2024-05-08", None),
    ],
)
def test_future_means_after_the_fetch_in_every_time_zone(value: str, expected: str | None) -> None:
    assert normalize_date(value, not_after=FETCHED) == expected


def test_url_date_must_be_a_real_day() -> None:
    url = "https://www.dailyplanet.example/2024/02/31/city/bridge/"
    assert extract(page(), url=url).published is None


def test_module_does_not_import_prefect() -> None:
    code = "import sys, newsroom.stages.html_metadata; sys.exit('prefect' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
