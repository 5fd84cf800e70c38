"""Feeds, sitemaps and pages through the real ingest flow, from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from db.models import Article, Failure, FetchState, IngestRun
from db.session import get_engine
from flows.ingest import IngestFailed, IngestSummary, ingest
from newsroom.core.errors import FormatError
from newsroom.core.settings import get_settings
from newsroom.services.web import load_sources
from tests.httpserver import Recorded, Reply, TestServer, html

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}">
<link rel="canonical" href="{canonical}">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{title}</h1>
<p>{dateline} — {lede}</p>
<p>Officials said the talks would continue next week, and both delegations described the first
round as constructive. Observers from neighbouring countries attended the opening session.</p>
<p>The negotiations follow months of tension over trade, security and the status of the border
region, which both governments claim.</p>
<h2>What comes next</h2>
<p>A second round is planned for the end of the month, the foreign ministry said in a statement
published on its website on Monday evening.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Markets close higher</a></li>
<li><a href="/y">Weather: storms expected</a></li></ul></aside>
<footer><p>© Example News. <a href="/privacy">Privacy policy</a></p></footer>
</body></html>"""


def page(
    server: TestServer, path: str, *, title: str, dateline: str, lede: str, etag: str | None = None
) -> Reply:
    body = PAGE.format(
        title=title,
        dateline=dateline,
        lede=lede,
        author="Jane Marlow",
        published="2024-05-06T09:30:00+00:00",
        canonical=server.url(path),
    )
    headers = {"ETag": etag} if etag else {}
    return html(body, **headers)


def feed(server: TestServer, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {path}</title><link>{server.url(path)}</link>"
        f"<pubDate>Mon, 06 May 2024 09:00:00 GMT</pubDate></item>"
        for path in paths
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Example News</title>{items}</channel></rss>"
    ).encode()


def conditional(body: bytes, etag: str, content_type: str = "application/rss+xml"):
    """A route that answers 304 when the client already has ``etag``."""

    def reply(request: Recorded) -> Reply:
        if request.headers.get("if-none-match") == etag:
            return Reply(304, headers={"ETag": etag})
        return Reply(body=body, headers={"ETag": etag, "Content-Type": content_type})

    return reply


@pytest.fixture(autouse=True)
def _loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server is on 127.0.0.1, which the SSRF guard refuses by default."""
    monkeypatch.setenv("NEWSROOM_ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.setenv("NEWSROOM_FETCH_RATE", "100")
    get_settings.cache_clear()


def test_feed_poll_stores_new_entries_then_costs_one_conditional_request(
    server: TestServer, sqlite_url: str
) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    server.route(
        "/rss.xml",
        conditional(
            feed(
                server,
                [
                    "/news/talks.html",
                    "/news/missing.html",
                    "/private/secret.html",
                    "/news/storm.html",
                ],
            ),
            etag='"feed-1"',
        ),
    )
    server.route(
        "/news/talks.html",
        page(
            server,
            "/news/talks.html",
            title="Border talks open",
            dateline="GENEVA (AP)",
            lede="Delegations met.",
        ),
    )
    server.route(
        "/news/storm.html",
        page(
            server,
            "/news/storm.html",
            title="Storm hits coast",
            dateline="MIAMI (AP)",
            lede="A storm made landfall.",
        ),
    )
    first = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (first.stored, first.failed) == (2, 2)
    assert first.failed_by_stage == {"fetch": 1, "robots": 1}
    assert server.count("/news/missing.html") == 1  # a 404 is not retried
    assert server.count("/private/secret.html") == 0  # robots.txt said no
    assert server.count("/robots.txt") == 1

    with Session(get_engine(sqlite_url)) as session:
        talks = session.exec(
            select(Article).where(Article.key == server.url("/news/talks.html"))
        ).one()
        failures = {f.origin: (f.stage, f.reason, f.source) for f in session.exec(select(Failure))}
        state = session.get(FetchState, server.url("/rss.xml"))
    assert talks.title == "Border talks open"
    assert talks.published == "2024-05-06T09:30:00+00:00"
    assert talks.byline == "Jane Marlow"
    assert talks.dateline_city == "Geneva" and talks.dateline_agency == "AP"
    assert "Markets close higher" not in talks.text and "Privacy policy" not in talks.text
    assert "What comes next" in talks.text
    host = "127.0.0.1"
    assert failures[server.url("/news/missing.html")] == ("fetch", "HTTP 404", host)
    assert failures[server.url("/private/secret.html")][0] == "robots"
    assert state is not None and state.etag == '"feed-1"'

    before = server.count()
    second = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (second.stored, second.updated, second.failed, second.not_modified) == (0, 0, 0, 1)
    assert server.count() - before == 1  # the feed, conditionally; no page, no robots.txt
    [request] = server.received("/rss.xml")[-1:]
    assert request.headers["if-none-match"] == '"feed-1"'


def test_a_changed_feed_fetches_only_new_entries(server: TestServer, sqlite_url: str) -> None:
    server.route("/rss.xml", conditional(feed(server, ["/a.html"]), etag='"v1"'))
    server.route(
        "/a.html",
        page(
            server,
            "/a.html",
            title="First",
            dateline="PARIS (AFP)",
            lede="The government announced a reform.",
        ),
    )
    server.route(
        "/b.html",
        page(
            server,
            "/b.html",
            title="Second",
            dateline="ROME (ANSA)",
            lede="Parliament voted on the budget.",
        ),
    )
    assert ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url).stored == 1
    server.route("/rss.xml", conditional(feed(server, ["/b.html", "/a.html"]), etag='"v2"'))
    second = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (second.stored, second.skipped) == (1, 1)
    assert server.count("/a.html") == 1 and server.count("/b.html") == 1


def test_pages_are_fetched_conditionally_and_sitemaps_read(
    server: TestServer, sqlite_url: str
) -> None:
    server.route(
        "/story.html",
        page(
            server,
            "/story.html",
            title="Markets rally",
            dateline="LONDON (Reuters)",
            lede="Shares rose.",
            etag='"s1"',
        ),
    )
    sitemap = (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{server.url('/story.html')}</loc></url>"
        f"<url><loc>{server.url('/gone.html')}</loc></url></urlset>"
    ).encode()
    server.route("/sitemap.xml", Reply(body=sitemap, headers={"Content-Type": "application/xml"}))
    server.route("/broken.xml", Reply(body=b"<urlset><url>", headers={"Content-Type": "text/xml"}))
    first = ingest(
        sitemaps=[server.url("/sitemap.xml"), server.url("/broken.xml")],
        database_url=sqlite_url,
        source="paper",
    )
    assert (first.stored, first.failed) == (1, 2)
    assert first.failed_by_stage == {"fetch": 1, "parse": 1}

    def conditional_page(request: Recorded) -> Reply:
        if request.headers.get("if-none-match") == '"s1"':
            return Reply(304, headers={"ETag": '"s1"'})
        return Reply(500)

    server.route("/story.html", conditional_page)
    again = ingest(urls=[server.url("/story.html")], database_url=sqlite_url, source="paper")
    assert (again.stored, again.unchanged, again.not_modified, again.failed) == (0, 1, 1, 0)
    with Session(get_engine(sqlite_url)) as session:
        [article] = session.exec(select(Article)).all()
    assert article.title == "Markets rally"


def failed_run(**parameters: Any) -> IngestSummary:
    """The summary of an ingest run in which nothing could be read: such a run ends Failed."""
    with pytest.raises(IngestFailed) as failed:
        ingest(**parameters)
    return failed.value.summary


def test_ssrf_guard_refuses_loopback_by_default(
    server: TestServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_ALLOW_PRIVATE_HOSTS", "false")
    get_settings.cache_clear()
    server.route("/story.html", html("<p>hello</p>"))
    summary = failed_run(urls=[server.url("/story.html")], database_url=sqlite_url)
    assert (summary.stored, summary.failed, summary.failed_by_stage) == (0, 1, {"blocked": 1})
    assert server.count() == 0


def test_sources_file(tmp_path: Path, server: TestServer, sqlite_url: str) -> None:
    server.route(
        "/rss.xml",
        Reply(body=feed(server, ["/a.html"]), headers={"Content-Type": "application/rss+xml"}),
    )
    server.route(
        "/a.html",
        page(server, "/a.html", title="Named", dateline="OSLO (NTB)", lede="The fjord froze."),
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - name: example-wire\n    feeds: [{server.url('/rss.xml')}]\n",
        encoding="utf-8",
    )
    summary = ingest(sources_file=str(sources), database_url=sqlite_url)
    assert summary.stored == 1
    with Session(get_engine(sqlite_url)) as session:
        [article] = session.exec(select(Article)).all()
    assert article.origin == server.url("/a.html")

    sources.write_text("sources:\n  - feeds: [x]\n", encoding="utf-8")
    with pytest.raises(FormatError, match="source 1 needs a 'name'"):
        load_sources(sources)


def test_cli_ingests_a_feed_and_a_url(server: TestServer, sqlite_url: str) -> None:
    from typer.testing import CliRunner

    from newsroom.cli import app

    server.route(
        "/rss.xml",
        Reply(body=feed(server, ["/a.html"]), headers={"Content-Type": "application/rss+xml"}),
    )
    server.route(
        "/a.html",
        page(
            server,
            "/a.html",
            title="From the feed",
            dateline="NAIROBI (AP)",
            lede="Rains returned.",
        ),
    )
    server.route(
        "/b.html",
        page(
            server,
            "/b.html",
            title="Pasted by an editor",
            dateline="LIMA (AP)",
            lede="Markets opened.",
        ),
    )
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            "--feed",
            server.url("/rss.xml"),
            server.url("/b.html"),
            "--database-url",
            sqlite_url,
            "--no-progress",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "HTTP requests" in result.output
    with Session(get_engine(sqlite_url)) as session:
        titles = sorted(a.title or "" for a in session.exec(select(Article)))
    assert titles == ["From the feed", "Pasted by an editor"]


def test_misbehaving_pages_fail_alone_with_their_reasons(
    server: TestServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.httpserver import gzip_bomb, redirect

    monkeypatch.setenv("NEWSROOM_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWSROOM_FETCH_RETRIES", "1")
    monkeypatch.setenv("NEWSROOM_MAX_PAGE_BYTES", "200000")
    get_settings.cache_clear()
    good = page(
        server,
        "/flaky.html",
        title="Recovered",
        dateline="OSLO (NTB)",
        lede="The second try worked.",
    )

    def flaky(request: Recorded) -> Reply:
        return Reply(500) if server.count("/flaky.html") == 1 else good

    def limited(request: Recorded) -> Reply:
        return (
            Reply(429, headers={"Retry-After": "1"})
            if server.count("/busy.html") == 1
            else (
                page(server, "/busy.html", title="Waited", dateline="BERN (SDA)", lede="As told.")
            )
        )

    latin1 = PAGE.format(
        title="Café reopens",
        dateline="SÃO PAULO",
        lede="O café reabriu as portas na segunda-feira depois da reforma.",
        author="Ana",
        published="2024-05-06",
        canonical=server.url("/latin1.html"),
    )
    server.route("/flaky.html", flaky)
    server.route("/busy.html", limited)
    server.route("/slow.html", Reply(body=b"<p>late</p>", delay=3))
    server.route("/bomb.html", gzip_bomb(50_000_000))
    server.route(
        "/huge.html",
        Reply(body=b"<p>" + b"x" * 300_000 + b"</p>", headers={"Content-Type": "text/html"}),
    )
    server.route("/loop-a.html", redirect("/loop-b.html"))
    server.route("/loop-b.html", redirect("/loop-a.html"))
    server.route(
        "/latin1.html",
        Reply(
            body=latin1.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
            .replace("—", "-")
            .encode("latin-1"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        ),
    )
    paths = [
        "/flaky.html",
        "/busy.html",
        "/slow.html",
        "/bomb.html",
        "/huge.html",
        "/loop-a.html",
        "/latin1.html",
    ]
    server.route(
        "/rss.xml", Reply(body=feed(server, paths), headers={"Content-Type": "application/rss+xml"})
    )
    summary = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)

    with Session(get_engine(sqlite_url)) as session:
        titles = sorted(a.title or "" for a in session.exec(select(Article)))
        reasons = {f.origin.rsplit("/", 1)[-1]: f.reason for f in session.exec(select(Failure))}
        cafe = session.exec(select(Article).where(Article.title == "Café reopens")).one()
    assert titles == ["Café reopens", "Recovered", "Waited"]
    assert summary.failed == 4
    assert "timed out" in reasons["slow.html"]
    assert "decompressed" in reasons["bomb.html"]
    assert "limit" in reasons["huge.html"]
    assert "redirect loop" in reasons["loop-a.html"]
    assert "O café reabriu as portas" in cafe.text
    assert server.count("/flaky.html") == 2
    assert server.count("/slow.html") == 2  # one retry, as configured


def test_a_page_that_failed_is_tried_again(
    server: TestServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_FETCH_RETRIES", "0")
    get_settings.cache_clear()
    server.route("/rss.xml", conditional(feed(server, ["/late.html"]), etag='"f1"'))
    server.route("/late.html", Reply(503, body=b"busy"))
    first = failed_run(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (first.stored, first.failed, first.failed_by_stage) == (0, 1, {"fetch": 1})

    good = page(
        server,
        "/late.html",
        title="Now readable",
        dateline="QUITO (AP)",
        lede="The page was fixed.",
        etag='"p1"',
    )
    server.route("/late.html", good)
    second = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (second.stored, second.not_modified) == (1, 0)
    # the feed was read in full again because one of its pages may have failed only for now
    assert "if-none-match" not in server.received("/rss.xml")[-1].headers
    third = ingest(feeds=[server.url("/rss.xml")], database_url=sqlite_url)
    assert (third.stored, third.not_modified) == (0, 1)  # now the feed answers 304


def test_a_page_that_failed_extraction_is_fetched_in_full_next_time(
    server: TestServer, sqlite_url: str
) -> None:
    server.route(
        "/story.html",
        Reply(
            200,
            body=b"<html><body><nav>menu</nav></body></html>",
            headers={"ETag": '"p1"', "Content-Type": "text/html"},
        ),
    )
    first = failed_run(urls=[server.url("/story.html")], database_url=sqlite_url)
    assert first.failed_by_stage == {"extract": 1}
    server.route(
        "/story.html",
        page(
            server,
            "/story.html",
            title="Fixed",
            dateline="LIMA (AP)",
            lede="The page now has its story.",
            etag='"p1"',
        ),
    )
    second = ingest(urls=[server.url("/story.html")], database_url=sqlite_url)
    assert (second.stored, second.not_modified) == (1, 0)  # not a 304: it was never stored
    assert "if-none-match" not in server.received("/story.html")[-1].headers


def test_a_repoll_that_meets_only_old_dead_links_succeeds(
    server: TestServer, sqlite_url: str
) -> None:
    """A 404 or 410 is not fetched again on every poll, and old dead links are no reason for
    the command to exit 1: only a run that failed is."""
    from typer.testing import CliRunner

    from newsroom.cli import app

    server.route(
        "/talks.html",
        page(
            server,
            "/talks.html",
            title="Talks open",
            dateline="GENEVA (AP)",
            lede="Delegations met.",
        ),
    )
    server.route("/gone.html", Reply(410))
    server.route("/missing.html", Reply(404))
    server.route(
        "/rss.xml",
        Reply(
            body=feed(server, ["/talks.html", "/gone.html", "/missing.html"]),
            headers={"Content-Type": "application/rss+xml"},
        ),
    )
    runner = CliRunner()
    command = [
        "ingest",
        "--feed",
        server.url("/rss.xml"),
        "--database-url",
        sqlite_url,
        "--no-progress",
    ]
    first = runner.invoke(app, command)
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, command)  # the feed has no validators: it is read in full
    assert second.exit_code == 0, second.output
    assert (server.count("/gone.html"), server.count("/missing.html")) == (1, 1)
    with Session(get_engine(sqlite_url)) as session:
        failures = session.exec(select(Failure.origin)).all()
    assert sorted(failures) == [server.url("/gone.html"), server.url("/missing.html")]

    with Session(get_engine(sqlite_url)) as session:  # a day later, they are tried again
        for state in session.exec(select(FetchState)):
            state.fetched_at = state.fetched_at.replace(year=state.fetched_at.year - 1)
            session.add(state)
        session.commit()
    third = runner.invoke(app, command)
    assert third.exit_code == 0, third.output
    assert (server.count("/gone.html"), server.count("/missing.html")) == (2, 2)


def test_passwords_in_urls_are_never_stored(server: TestServer, sqlite_url: str) -> None:
    server.route(
        "/private/story.html",
        page(
            server,
            "/private/story.html",
            title="Behind a login",
            dateline="OSLO (NTB)",
            lede="It was protected.",
        ),
    )
    server.route("/private/missing.html", Reply(404))
    base = server.url("/private/").replace("http://", "http://editor:s3cret@")
    summary = ingest(urls=[base + "story.html", base + "missing.html"], database_url=sqlite_url)
    assert (summary.stored, summary.failed) == (1, 1)
    assert server.received("/private/story.html")[0].headers["authorization"].startswith("Basic")
    with Session(get_engine(sqlite_url)) as session:
        rows = [
            *session.exec(select(Article)),
            *session.exec(select(Failure)),
            *session.exec(select(FetchState)),
            *session.exec(select(IngestRun)),
        ]
    stored = " ".join(str(row.model_dump()) for row in rows)
    assert "s3cret" not in stored
    assert "editor:***@" in stored


def test_the_response_deadline_is_a_setting(
    server: TestServer, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.httpserver import drip

    monkeypatch.setenv("NEWSROOM_FETCH_DEADLINE", "1")
    get_settings.cache_clear()
    server.route("/drip.html", drip(600, interval=0.05))
    summary = failed_run(urls=[server.url("/drip.html")], database_url=sqlite_url)
    assert summary.failed == 1
    assert server.count("/drip.html") == 1  # a drip is not retried
    with Session(get_engine(sqlite_url)) as session:
        [failure] = session.exec(select(Failure)).all()
    assert failure.reason == "too slow: no complete response within 1 s"


def test_a_page_only_trafilatura_can_read_is_stored_saying_so(
    server: TestServer, sqlite_url: str
) -> None:
    """A script-rendered page whose story is in <noscript>: the fast extractor skips it, the
    second one finds it, and the article records which one did."""
    story = (
        "<p>NAIROBI (AP) — Heavy rains returned to the region on Monday, forcing thousands of "
        "families from their homes as rivers burst their banks, officials said.</p><p>The "
        "meteorological department warned that more storms were expected this week.</p>"
    )
    server.route(
        "/app.html",
        html(
            f"<html><head><title>Rains return</title></head><body>"
            f"<div id='root'></div><noscript>{story}</noscript>"
            "</body></html>"
        ),
    )
    server.route("/menu.html", html("<html><body><nav>Home World Sport</nav></body></html>"))
    summary = ingest(
        urls=[server.url("/app.html"), server.url("/menu.html")], database_url=sqlite_url
    )
    assert (summary.stored, summary.failed) == (1, 1)
    with Session(get_engine(sqlite_url)) as session:
        article = session.exec(select(Article)).one()
        failure = session.exec(select(Failure)).one()
    assert article.extractor == "trafilatura"
    assert "Heavy rains returned" in article.text and article.dateline_city == "Nairobi"
    assert failure.origin == server.url("/menu.html") and failure.stage == "extract"
    assert "by either extractor" in failure.reason


def test_wire_documents_over_http_are_read_by_their_content(
    server: TestServer, sqlite_url: str
) -> None:
    """A NewsML-G2 message and a ninjs item served over HTTP (as XML and JSON, not HTML): their
    stories are stored under the agency's identity, the picture and package skipped with why."""
    wire = Path(__file__).parent / "fixtures" / "wire"
    server.route(
        "/wire/message",
        Reply(body=(wire / "g2-message.xml").read_bytes(), headers={"Content-Type": "text/xml"}),
    )
    server.route(
        "/wire/item.json",
        Reply(
            body=(wire / "ninjs1.json").read_bytes(),
            headers={"Content-Type": "application/json"},
        ),
    )
    server.route("/wire/broken", Reply(body=(wire / "g2-malformed.xml").read_bytes()))
    urls = [server.url(path) for path in ("/wire/message", "/wire/item.json", "/wire/broken")]
    summary = ingest(urls=urls, database_url=sqlite_url)
    assert (summary.stored, summary.skipped, summary.failed) == (2, 2, 1)
    with Session(get_engine(sqlite_url)) as session:
        stored = {row.key: row for row in session.exec(select(Article))}
        failure = session.exec(select(Failure)).one()
    assert set(stored) == {
        "urn:newsml:example.org:20231104:budget",
        "http://example.org/ninjs/2023/11/07/wildfire",
    }
    budget = stored["urn:newsml:example.org:20231104:budget"]
    assert budget.title == "New Zealand plans smaller deficit in next year's budget"
    assert budget.url == server.url("/wire/message")
    assert failure.origin == server.url("/wire/broken")
    assert "malformed XML at line 4" in failure.reason
