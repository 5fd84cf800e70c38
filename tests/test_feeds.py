"""Feeds and sitemaps: formats, encodings, malformed XML and entity attacks."""

from __future__ import annotations

import gzip

import pytest

from newsroom.core.errors import FormatError
from newsroom.stages.feeds import parse_feed, parse_sitemap

RSS_LATIN1 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Notícias</title><link>https://news.example.pt/</link>
<item><title>Mãe de utente é a nova presidente</title><link>/2024/05/06/mae.html</link>
<pubDate>Mon, 06 May 2024 13:47:00 +0100</pubDate><author>redacao@example.pt (Redação)</author>
<description>&lt;p&gt;A &lt;b&gt;nova&lt;/b&gt; presidente tomou posse.&lt;/p&gt;</description>
<category>Sociedade</category></item>
<item><title>Sem ligação</title></item>
</channel></rss>""".encode("latin-1")

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2024-05-06T10:00:00Z</updated>
<entry><title>Central bank holds rates</title><id>urn:1</id>
<link rel="alternate" href="https://wire.example.com/a/1"/>
<published>2024-05-06T09:30:00+02:00</published><updated>2024-05-06T10:00:00Z</updated>
<author><name>Ana Ruiz</name></author><summary>Rates unchanged.</summary></entry>
</feed>"""

RSS_GB2312 = """<?xml version="1.0" encoding="gb2312"?>
<rss version="2.0"><channel><title>科技</title>
<item><title>世纪华通发回购预案</title><link>http://tech.example.cn/a/1.htm</link></item>
</channel></rss>""".encode("gb2312")

MALFORMED = b"""<rss version="2.0"><channel><title>Science & Tech</title>
<item><title>Telescope & balloon</title><link>https://phys.example.org/n/1</link></item>
</channel></rss>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title>
<item><title>&lol2;</title><link>https://e.example/1</link></item></channel></rss>"""


def test_rss_in_latin1_with_relative_links_and_html_summaries() -> None:
    [entry] = parse_feed(
        RSS_LATIN1, url="https://news.example.pt/rss", headers={"content-type": "text/xml"}
    )
    assert entry.title == "Mãe de utente é a nova presidente"
    assert entry.url == "https://news.example.pt/2024/05/06/mae.html"
    assert entry.published == "2024-05-06T12:47:00+00:00"
    assert entry.summary == "A nova presidente tomou posse."
    assert entry.tags == ["Sociedade"]
    assert entry.origin == "https://news.example.pt/rss"


def test_atom() -> None:
    [entry] = parse_feed(ATOM, url="https://wire.example.com/atom")
    assert (entry.url, entry.author) == ("https://wire.example.com/a/1", "Ana Ruiz")
    assert entry.published == "2024-05-06T07:30:00+00:00"
    assert entry.as_feed_entry()["summary"] == "Rates unchanged."


@pytest.mark.parametrize("header", ["text/xml; charset=utf-8", "application/rss+xml", ""])
def test_gb2312_feed_is_readable_whatever_the_header_says(header: str) -> None:
    [entry] = parse_feed(
        RSS_GB2312,
        url="http://tech.example.cn/rss",
        headers={"content-type": header} if header else None,
    )
    assert entry.title == "世纪华通发回购预案"


def test_malformed_feed_is_read_leniently() -> None:
    [entry] = parse_feed(MALFORMED, url="https://phys.example.org/rss")
    assert entry.title == "Telescope & balloon"


@pytest.mark.parametrize("content", [b"<html><body>Not a feed</body></html>", b"\x00\x01garbage"])
def test_not_a_feed(content: bytes) -> None:
    with pytest.raises(FormatError, match="not a readable RSS or Atom feed") as error:
        parse_feed(content, url="https://e.example/feed")
    assert error.value.origin == "https://e.example/feed"


def test_entity_declarations_are_refused() -> None:
    with pytest.raises(FormatError, match="declares entities"):
        parse_feed(LAUGHS, url="https://e.example/feed")
    with pytest.raises(FormatError, match="declares entities"):
        parse_sitemap(LAUGHS, url="https://e.example/sitemap.xml")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_entity_declarations_are_refused_wherever_they_are(encoding: str) -> None:
    """Past a 70 KB comment, in any case, in any encoding an XML parser detects by itself."""
    document = (
        '<?xml version="1.0"?><!--' + "x" * 70_000 + "--><!DOCTYPE rss [<!eNtItY lol "
        '"lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><item>'
        "<link>https://e.example/a</link><title>&lol2;</title></item></channel></rss>"
    )
    content = document.encode(encoding)
    with pytest.raises(FormatError, match="declares entities"):
        parse_feed(content, url="https://e.example/feed")
    with pytest.raises(FormatError, match="declares entities"):
        parse_sitemap(content, url="https://e.example/sitemap.xml")


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://paper.example.com/world/2024/05/06/story</loc>
<lastmod>2024-05-06T11:00:00Z</lastmod>
<news:news><news:publication><news:name>Paper</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-06T09:00:00+00:00</news:publication_date>
<news:title>Polls open in tight election</news:title></news:news></url>
<url><loc>https://paper.example.com/about</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://paper.example.com/news.xml</loc></sitemap>
<sitemap><loc>/archive.xml.gz</loc></sitemap></sitemapindex>"""


def test_news_sitemap() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP, url="https://paper.example.com/news.xml")
    assert sitemap.sitemaps == []
    story, about = sitemap.entries
    assert story.title == "Polls open in tight election"
    assert story.published == "2024-05-06T09:00:00+00:00"
    assert story.updated == "2024-05-06T11:00:00+00:00"
    assert about.url == "https://paper.example.com/about" and about.title is None


def test_sitemap_index_and_gzip() -> None:
    index = parse_sitemap(INDEX, url="https://paper.example.com/sitemap.xml")
    assert index.sitemaps == [
        "https://paper.example.com/news.xml",
        "https://paper.example.com/archive.xml.gz",
    ]
    gzipped = parse_sitemap(gzip.compress(NEWS_SITEMAP), url="https://paper.example.com/s.xml.gz")
    assert len(gzipped.entries) == 2


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><body>hi</body></html>", "not a sitemap: root element <html>"),
        (b"<urlset><url><loc>x</loc>", "not a readable sitemap"),
        (b"\x1f\x8bnot really gzip", "bad gzip data"),
    ],
)
def test_bad_sitemaps(content: bytes, reason: str) -> None:
    with pytest.raises(FormatError, match=reason):
        parse_sitemap(content, url="https://e.example/sitemap.xml")
