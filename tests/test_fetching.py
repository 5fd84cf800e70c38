"""The fetcher against a real HTTP server on 127.0.0.1 with misbehaving routes."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import email.utils
import gzip
import logging
import random
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

import brotli
import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.core.errors import InputError
from newsroom.stages.fetching import (
    Fetcher,
    FetchPolicy,
    FetchRequest,
    FetchResult,
    FetchStats,
    Resolver,
    blocked_reason,
    decode_body,
    fetch_all,
    redact_url,
    retry_after_seconds,
)
from tests.httpserver import Recorded, Reply, TestServer, drip, gzip_bomb, html, redirect

FAST = {
    "connect_timeout": 1.0,
    "read_timeout": 0.3,
    "total_timeout": 3.0,
    "robots_timeout": 1.0,
    "max_retries": 2,
    "backoff_base": 0.01,
    "backoff_max": 0.02,
    "retry_after_max": 2.0,
    "per_host_rate": 1000.0,
    "allow_private": True,
}


def policy(**overrides: Any) -> FetchPolicy:
    """Test limits: small timeouts and backoffs, loopback allowed."""
    return FetchPolicy(**{**FAST, **overrides})


def fetch(
    requests: list[FetchRequest | str], *, resolver: Resolver | None = None, **overrides: Any
) -> tuple[list[FetchResult], FetchStats]:
    async def run() -> tuple[list[FetchResult], FetchStats]:
        async with Fetcher(policy(**overrides), resolver=resolver) as fetcher:
            return await fetcher.fetch_all(requests), fetcher.stats

    return asyncio.run(run())


def fetch_one(url: str, **overrides: Any) -> FetchResult:
    return fetch([url], **overrides)[0][0]


def answers(table: dict[str, list[str]]) -> Resolver:
    """A resolver that knows only ``table``'s host names; each answers its addresses in turn."""
    asked: dict[str, int] = {}

    async def resolve(host: str, port: int) -> list[str]:
        turn = asked[host] = asked.get(host, 0) + 1
        choices = table[host]
        return [choices[min(turn, len(choices)) - 1]]

    return resolve


# -- plain fetches and failures --------------------------------------------------------------------


def test_fetch_returns_body_headers_and_validators(server: TestServer) -> None:
    server.route(
        "/page",
        html("<p>Hello</p>", ETag='"v1"', **{"Last-Modified": "Mon, 02 Jun 2025 10:00:00 GMT"}),
    )
    result = fetch_one(server.url("/page"))
    assert result.ok and result.error is None and result.stage is None
    assert (result.status, result.content, result.attempts) == (200, b"<p>Hello</p>", 1)
    assert result.final_url == server.url("/page")
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert (result.etag, result.last_modified) == ('"v1"', "Mon, 02 Jun 2025 10:00:00 GMT")
    sent = server.received("/page")[0].headers
    assert sent["user-agent"] == FetchPolicy().user_agent
    assert sent["accept-encoding"] == "gzip, deflate, br, zstd"


def test_404_is_final_and_not_retried(server: TestServer) -> None:
    result = fetch_one(server.url("/missing"))
    assert not result.ok
    assert (result.status, result.error, result.stage, result.content) == (
        404,
        "HTTP 404",
        "fetch",
        None,
    )
    assert result.attempts == 1 and server.count("/missing") == 1


def test_persistent_500_makes_exactly_max_retries_plus_one_attempts(server: TestServer) -> None:
    server.route("/broken", Reply(500))
    [result], stats = fetch([server.url("/broken")], max_retries=3)
    assert (result.status, result.error) == (500, "HTTP 500 after 4 attempts")
    assert result.attempts == 4 and server.count("/broken") == 4
    assert (stats.requests, stats.retries, stats.failed) == (4, 3, 1)


def test_500_then_200_recovers(server: TestServer) -> None:
    server.route("/flaky", lambda r: Reply(500) if server.count("/flaky") == 1 else html("ok"))
    [result], stats = fetch([server.url("/flaky")])
    assert result.ok and result.content == b"ok"
    assert result.attempts == 2 and stats.retries == 1


def test_slow_response_times_out_and_is_retried(server: TestServer) -> None:
    server.route("/slow", Reply(body=b"late", delay=2.0))
    result = fetch_one(server.url("/slow"), read_timeout=0.2, max_retries=1)
    assert (result.error, result.stage, result.content) == (
        "timed out after 2 attempts",
        "fetch",
        None,
    )
    assert result.attempts == 2 and server.count("/slow") == 2


def test_connection_refused_is_retried() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    result = fetch_one(f"http://127.0.0.1:{port}/", max_retries=1, respect_robots=False)
    assert result.error is not None and result.error.startswith("connection failed")
    assert result.error.endswith("after 2 attempts") and result.attempts == 2


def test_a_connection_dropped_without_a_message_still_gives_a_reason(server: TestServer) -> None:
    server.route("/hangup", Reply(reset=True))  # httpx reports this as ReadError(""): no message
    result = fetch_one(server.url("/hangup"), max_retries=1, respect_robots=False)
    assert (result.error, result.stage) == (
        "connection failed: ReadError after 2 attempts",
        "fetch",
    )
    assert result.attempts == 2 and server.count("/hangup") == 2


def test_a_dripping_response_is_cut_at_the_deadline_and_not_retried(server: TestServer) -> None:
    assert FetchPolicy().total_timeout == 30.0
    server.route("/drip", drip(600, 0.1))  # a minute to finish, never silent for a read timeout
    result = fetch_one(server.url("/drip"), total_timeout=1.0, read_timeout=0.5, max_retries=3)
    assert (result.error, result.stage, result.content) == (
        "too slow: no complete response within 1 s",
        "fetch",
        None,
    )
    assert result.attempts == 1 and server.count("/drip") == 1
    assert result.elapsed < 5.0  # one deadline, not four deadlines and their backoffs


def test_retry_after_seconds_is_waited_for(server: TestServer) -> None:
    server.route(
        "/busy",
        lambda r: (
            Reply(503, headers={"Retry-After": "1"}) if server.count("/busy") == 1 else html("ok")
        ),
    )
    result = fetch_one(server.url("/busy"))
    assert result.ok and result.attempts == 2
    first, second = server.received("/busy")
    assert second.time - first.time >= 0.9  # told to wait a second; jitter alone is 20 ms here


def test_429_with_retry_after_date_is_retried(server: TestServer) -> None:
    def limited(request: Recorded) -> Reply:
        if server.count("/limited") > 1:
            return html("ok")
        when = email.utils.formatdate(time.time() + 1, usegmt=True)
        return Reply(429, headers={"Retry-After": when})

    server.route("/limited", limited)
    result = fetch_one(server.url("/limited"))
    assert result.ok and result.attempts == 2


def test_retry_after_over_the_limit_is_not_waited_for(server: TestServer) -> None:
    server.route("/later", Reply(429, headers={"Retry-After": "3600"}))
    result = fetch_one(server.url("/later"))
    assert result.error == "HTTP 429 (Retry-After 3600s is over the 2s limit)"
    assert result.attempts == 1 and server.count("/later") == 1


def test_retry_after_parsing() -> None:
    now = time.time()
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == (
        pytest.approx(30, abs=1)
    )
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


# -- redirects -------------------------------------------------------------------------------------


def test_redirect_chain_is_followed(server: TestServer) -> None:
    server.route("/a", redirect("/b", 301))
    server.route("/b", redirect(server.url("/c"), 307))
    server.route("/c", html("end"))
    [result], stats = fetch([server.url("/a")])
    assert result.ok and result.content == b"end"
    assert result.final_url == server.url("/c") and result.status == 200
    assert result.attempts == 3 and stats.redirects == 2


def test_redirect_loop_is_detected(server: TestServer) -> None:
    server.route("/ping", redirect("/pong"))
    server.route("/pong", redirect("/ping"))
    result = fetch_one(server.url("/ping"))
    assert (result.error, result.stage) == ("redirect loop", "fetch")
    assert server.count("/ping") == 1 and server.count("/pong") == 1


def test_too_many_redirects(server: TestServer) -> None:
    for step in range(5):
        server.route(f"/r{step}", redirect(f"/r{step + 1}"))
    server.route("/r5", html("end"))
    result = fetch_one(server.url("/r0"), max_redirects=3)
    assert result.error == "too many redirects (over 3)"
    assert result.attempts == 4 and server.count("/r4") == 0


def test_redirect_to_another_scheme_is_refused(server: TestServer) -> None:
    server.route("/escape", redirect("file:///etc/passwd"))
    result = fetch_one(server.url("/escape"))
    assert (result.error, result.stage) == (
        "unsupported URL scheme 'file' (only http and https)",
        "blocked",
    )
    assert result.attempts == 1


# -- bodies ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
def test_body_over_the_limit_is_refused(server: TestServer, chunked: bool) -> None:
    server.route("/huge", Reply(body=b"x" * 300_000, chunked=chunked))
    result = fetch_one(server.url("/huge"), max_bytes=100_000)
    assert result.error is not None and result.error.startswith("body over 0.1 MB limit")
    assert (result.status, result.content, result.attempts) == (200, None, 1)


def test_gzip_body_is_inflated(server: TestServer) -> None:
    page = "<p>" + "news " * 2000 + "</p>"
    server.route(
        "/zipped", Reply(body=gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
    )
    result = fetch_one(server.url("/zipped"))
    assert result.ok and result.content == page.encode()


def _raw_deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("deflate", zlib.compress),
        ("deflate", _raw_deflate),
        ("gzip, deflate", lambda data: zlib.compress(gzip.compress(data))),
        ("identity", lambda data: data),
    ],
    ids=["deflate", "raw-deflate", "gzip-then-deflate", "identity"],
)
def test_other_content_encodings_are_undone(
    server: TestServer, encoding: str, pack: Callable[[bytes], bytes]
) -> None:
    page = b"<p>" + b"words " * 1000 + b"</p>"
    server.route("/packed", Reply(body=pack(page), headers={"Content-Encoding": encoding}))
    result = fetch_one(server.url("/packed"))
    assert result.ok and result.content == page


@pytest.mark.parametrize(
    ("encoding", "body", "error"),
    [
        ("compress", b"\x1f\x9d\x90", "unsupported Content-Encoding 'compress'"),
        ("gzip", b"not gzip at all", "corrupt compressed body"),
        ("br", b"not brotli at all", "corrupt compressed body"),
        ("zstd", b"not zstd at all", "corrupt compressed body"),
    ],
)
def test_bad_content_encodings_fail(
    server: TestServer, encoding: str, body: bytes, error: str
) -> None:
    server.route("/packed", Reply(body=body, headers={"Content-Encoding": encoding}))
    result = fetch_one(server.url("/packed"))
    assert result.error is not None and result.error.startswith(error)
    assert (result.status, result.content, result.attempts) == (200, None, 1)


def test_gzip_bomb_is_stopped(server: TestServer) -> None:
    server.route("/bomb", gzip_bomb(20_000_000))  # about 20 kB on the wire
    result = fetch_one(server.url("/bomb"), max_bytes=1_000_000, max_decompressed_bytes=1_000_000)
    assert (result.error, result.stage, result.content) == (
        "decompressed body over 1.0 MB limit",
        "fetch",
        None,
    )
    assert result.attempts == 1


PACKERS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda data: brotli.compress(data, quality=5),
    "zstd": zstandard.compress,
    "gzip, br": lambda data: brotli.compress(gzip.compress(data), quality=5),
    "br, zstd": lambda data: zstandard.compress(brotli.compress(data, quality=5)),
}


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "streamed"])
@pytest.mark.parametrize("encoding", list(PACKERS))
def test_br_and_zstd_bodies_are_decoded(server: TestServer, encoding: str, chunked: bool) -> None:
    words = random.Random(7).choices(["news", "vote", "rain", "city", "port", "zinc"], k=100_000)
    page = ("<p>" + " ".join(words) + "</p>").encode()  # 500 kB: many network chunks and steps
    server.route(
        "/packed",
        Reply(
            body=PACKERS[encoding](page), chunked=chunked, headers={"Content-Encoding": encoding}
        ),
    )
    result = fetch_one(server.url("/packed"))
    assert result.ok and result.content == page


@pytest.mark.parametrize("encoding", ["br", "zstd"])
def test_br_and_zstd_bombs_are_stopped_without_inflating(server: TestServer, encoding: str) -> None:
    body = PACKERS[encoding](b"\0" * 100_000_000)
    assert len(body) < 10_000  # a few kB on the wire
    server.route("/bomb", Reply(body=body, headers={"Content-Encoding": encoding}))
    tracemalloc.start()
    try:
        result = fetch_one(
            server.url("/bomb"), max_bytes=1_000_000, max_decompressed_bytes=1_000_000
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.error, result.stage, result.content) == (
        "decompressed body over 1.0 MB limit",
        "fetch",
        None,
    )
    assert peak < 8_000_000  # near the 1 MB limit, nowhere near the 100 MB of the bomb


# -- conditional requests --------------------------------------------------------------------------


def test_conditional_request_sends_validators_and_gets_304(server: TestServer) -> None:
    stamp = "Mon, 02 Jun 2025 10:00:00 GMT"

    def conditional(request: Recorded) -> Reply:
        if (
            request.headers.get("if-none-match") == '"v1"'
            or request.headers.get("if-modified-since") == stamp
        ):
            return Reply(304, headers={"ETag": '"v1"'})
        return html("fresh", ETag='"v1"', **{"Last-Modified": stamp})

    server.route("/feed", conditional)
    request = FetchRequest(server.url("/feed"), etag='"v1"', last_modified=stamp)
    [first, second], stats = fetch([server.url("/feed"), request])
    assert first.content == b"fresh" and not first.not_modified
    assert second.ok and second.not_modified and second.content is None
    assert (second.status, second.etag, second.last_modified) == (304, '"v1"', stamp)
    # the two requests go out together, so either may arrive first
    plain = [r for r in server.received("/feed") if "if-none-match" not in r.headers]
    validated = [r for r in server.received("/feed") if "if-none-match" in r.headers]
    assert len(plain) == len(validated) == 1
    assert "if-modified-since" not in plain[0].headers
    assert (validated[0].headers["if-none-match"], validated[0].headers["if-modified-since"]) == (
        '"v1"',
        stamp,
    )
    assert stats.not_modified == 1


# -- robots.txt ------------------------------------------------------------------------------------


def test_robots_txt_is_fetched_once_per_host_and_obeyed(server: TestServer) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n"))
    server.route("/private/page", html("secret"))
    server.route("/public", html("open"))
    urls = [
        server.url("/public"),
        server.url("/private/page"),
        server.url("/public"),
        server.url("/public", host="localhost"),
    ]
    results, stats = fetch(urls)
    assert [r.ok for r in results] == [True, False, True, True]
    denied = results[1]
    assert (denied.error, denied.stage, denied.attempts) == (
        "disallowed by robots.txt",
        "robots",
        0,
    )
    assert server.count("/private/page") == 0
    hosts = sorted(r.host for r in server.received("/robots.txt"))
    assert hosts == ["127.0.0.1", "localhost"]  # once per host, not once per URL
    assert (stats.robots_fetches, stats.robots_denied) == (2, 1)


def test_robots_txt_redirect_is_followed(server: TestServer) -> None:
    server.route("/robots.txt", redirect("/site/robots.txt", 301))
    server.route("/site/robots.txt", Reply(body=b"User-agent: *\nDisallow: /page\n"))
    server.route("/page", html("ok"))
    assert fetch_one(server.url("/page")).stage == "robots"
    assert server.count("/page") == 0


def test_robots_rules_for_our_user_agent(server: TestServer) -> None:
    server.route(
        "/robots.txt",
        Reply(body=b"User-agent: newsroom-ingest\nDisallow: /\n\nUser-agent: *\nAllow: /\n"),
    )
    server.route("/page", html("ok"))
    assert fetch_one(server.url("/page")).stage == "robots"
    assert fetch_one(server.url("/page"), user_agent="other-bot/1.0").ok


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (Reply(404), True),
        (Reply(403), True),
        (Reply(500), False),
        (Reply(429), False),
        (Reply(body=b"User-agent: *\nDisallow: /\n", delay=2.0), False),
    ],
    ids=["404-allows", "403-allows", "500-disallows", "429-disallows", "timeout-disallows"],
)
def test_robots_txt_failures_follow_google_rules(
    server: TestServer, robots: Reply, allowed: bool
) -> None:
    server.route("/robots.txt", robots)
    server.route("/page", html("ok"))
    result = fetch_one(server.url("/page"), robots_timeout=0.3)
    assert result.ok is allowed
    assert server.count("/page") == (1 if allowed else 0)
    assert server.count("/robots.txt") == 1


def test_robots_can_be_ignored(server: TestServer) -> None:
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n"))
    server.route("/page", html("ok"))
    assert fetch_one(server.url("/page"), respect_robots=False).ok
    assert server.count("/robots.txt") == 0


def test_robots_wildcards(server: TestServer) -> None:
    server.route(
        "/robots.txt", Reply(body=b"User-agent: *\nDisallow: /*.pdf$\nDisallow: /private*/\n")
    )
    expected = {
        "/report.pdf": False,
        "/files/report.pdf": False,
        "/report.pdf?page=2": True,
        "/report.pdfx": True,  # "$" ends the whole path and query
        "/private-area/page": False,
        "/private/page": False,
        "/privately": True,
        "/news": True,
    }
    assert_robots(server, expected)


def test_robots_longest_matching_rule_wins(server: TestServer) -> None:
    # urllib.robotparser takes the first rule that matches, so the Disallow would win
    server.route(
        "/robots.txt", Reply(body=b"User-agent: *\nDisallow: /news/\nAllow: /news/public/\n")
    )
    assert_robots(server, {"/news/public/story": True, "/news/draft": False, "/weather": True})


def assert_robots(server: TestServer, expected: dict[str, bool]) -> None:
    """Fetch every path, each served as a page; check which robots.txt let through."""
    for path in expected:
        server.route(path.split("?")[0], html("ok"))
    results, stats = fetch([server.url(path) for path in expected])
    assert {path: result.ok for path, result in zip(expected, results, strict=True)} == expected
    assert all(r.stage == "robots" for r in results if not r.ok)
    assert stats.robots_fetches == 1
    assert server.count() == 1 + sum(expected.values())  # robots.txt and the allowed pages


# -- limits ----------------------------------------------------------------------------------------


def test_per_host_concurrency_is_never_exceeded(server: TestServer) -> None:
    server.route("/slowish", Reply(body=b"ok", delay=0.1))
    urls = [
        server.url("/slowish", host=host) for host in ("127.0.0.1", "localhost") for _ in range(8)
    ]
    results, _stats = fetch(urls, per_host_concurrency=2, concurrency=16, read_timeout=2.0)
    assert all(r.ok for r in results)
    assert server.max_active["127.0.0.1"] == 2 and server.max_active["localhost"] == 2
    assert server.count("/slowish") == 16


def test_global_concurrency_is_never_exceeded(server: TestServer) -> None:
    server.route("/slowish", Reply(body=b"ok", delay=0.05))
    urls = [
        server.url("/slowish", host=host) for host in ("127.0.0.1", "localhost") for _ in range(4)
    ]
    results, _stats = fetch(urls, per_host_concurrency=4, concurrency=1, read_timeout=2.0)
    assert all(r.ok for r in results)
    assert server.max_active["127.0.0.1"] + server.max_active["localhost"] <= 2
    assert max(server.max_active.values()) == 1


def test_a_stalled_host_does_not_hold_up_the_others(server: TestServer) -> None:
    gate = threading.Event()
    server.route("/stuck", Reply(body=b"finally", gate=gate))
    server.route("/quick", html("ok"))

    async def run() -> tuple[list[FetchResult], FetchResult]:
        async with Fetcher(
            policy(per_host_concurrency=1, concurrency=4, read_timeout=10.0, total_timeout=10.0)
        ) as fetcher:
            stuck = [asyncio.create_task(fetcher.fetch(server.url("/stuck"))) for _ in range(3)]
            quick = [fetcher.fetch(server.url("/quick", host="localhost")) for _ in range(6)]
            done = await asyncio.wait_for(asyncio.gather(*quick), timeout=5)
            assert not any(task.done() for task in stuck)  # still waiting on the gate
            gate.set()
            return list(done), (await asyncio.gather(*stuck))[0]

    quick, stuck = asyncio.run(run())
    assert all(result.ok for result in quick) and stuck.content == b"finally"


def test_per_host_rate_spaces_requests(server: TestServer) -> None:
    server.route("/page", html("ok"))
    results, _stats = fetch([server.url("/page")] * 5, per_host_rate=20.0, respect_robots=False)
    assert all(r.ok for r in results)
    arrivals = [r.time for r in server.received("/page")]
    assert arrivals[-1] - arrivals[0] >= 4 * 0.05 * 0.8  # five requests at 20 per second


# -- safety ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_addresses_are_blocked_by_default(server: TestServer, host: str) -> None:
    server.route("/page", html("ok"))
    [result], stats = fetch([server.url("/page", host=host)], allow_private=False)
    assert (result.error, result.stage) == ("blocked: 127.0.0.1 is a loopback address", "blocked")
    assert result.attempts == 0 and stats.blocked == 1
    assert server.count() == 0  # not even robots.txt
    assert fetch_one(server.url("/page", host=host), allow_private=True).ok


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "a private address"),
        ("192.168.1.20", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::ffff:10.1.2.3", "a private address"),
        ("100.64.0.1", "a non-public address"),
        ("240.0.0.1", "a reserved address"),
        ("93.184.216.34", None),
        ("2606:4700::1111", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(address) == reason


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("::ffff:169.254.169.254", "a cloud metadata address"),
        ("64:ff9b::a9fe:a9fe", "a cloud metadata address"),  # NAT64 of 169.254.169.254
        ("169.254.10.1", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("fe80::1%eth0", "a link-local address"),
        ("10.0.0.1", None),
        ("127.0.0.1", None),
    ],
)
def test_metadata_and_link_local_stay_blocked_with_private_hosts_allowed(
    address: str, reason: str | None
) -> None:
    assert blocked_reason(address, allow_private=True) == reason


@pytest.mark.parametrize(
    ("target", "resolver"),
    [
        ("http://169.254.169.254/latest/meta-data/", None),
        ("http://[fd00:ec2::254]/latest/meta-data/", None),
        ("http://100.100.100.200/latest/meta-data/", None),
        ("http://metadata.google.internal/computeMetadata/v1/", ["169.254.169.254"]),
        ("http://intranet.test/", ["169.254.3.4"]),  # a DNS answer in link-local space
    ],
    ids=["aws", "aws-ipv6", "alibaba", "gcp-name", "link-local-dns"],
)
def test_a_redirect_to_a_metadata_address_is_refused_with_private_hosts_allowed(
    server: TestServer,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    resolver: list[str] | None,
) -> None:
    """NEWSROOM_ALLOW_PRIVATE_HOSTS lets the fetcher reach an intranet; a page there (or anywhere)
    redirecting to the cloud's metadata service must still not be followed, nor even dialled."""
    import httpcore

    dialled: list[str] = []
    connect = httpcore.AnyIOBackend.connect_tcp

    async def record(self: httpcore.AnyIOBackend, host: str, port: int, **kw: Any) -> Any:
        dialled.append(host)
        return await connect(self, host, port, **kw)

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", record)
    server.route("/page", redirect(target))
    names = {"127.0.0.1": ["127.0.0.1"]}
    if resolver is not None:
        names[httpx_host(target)] = resolver
    [result], stats = fetch(
        [server.url("/page")],
        resolver=answers(names),
        allow_private=True,
        respect_robots=False,
        max_retries=0,
    )
    assert result.stage == "blocked" and not result.ok
    assert result.error is not None and result.error.startswith("blocked: ")
    assert result.error.endswith(("is a cloud metadata address", "is a link-local address"))
    assert result.attempts == 1 and stats.blocked == 1  # the redirect was seen, not followed
    assert dialled == ["127.0.0.1"]  # no connection to the metadata address was attempted


def httpx_host(url: str) -> str:
    import httpx

    return httpx.URL(url).host


@pytest.mark.parametrize(
    ("url", "error", "stage"),
    [
        ("ftp://example.org/file", "unsupported URL scheme 'ftp' (only http and https)", "blocked"),
        ("file:///etc/passwd", "unsupported URL scheme 'file' (only http and https)", "blocked"),
        (
            "javascript:alert(1)",
            "unsupported URL scheme 'javascript' (only http and https)",
            "blocked",
        ),
        ("not a url", "invalid URL: no scheme", "fetch"),
    ],
)
def test_non_http_urls_are_refused(url: str, error: str, stage: str) -> None:
    [result], stats = fetch([url])
    assert (result.error, result.stage, result.attempts) == (error, stage, 0)
    assert stats.requests == 0


@pytest.mark.parametrize("respect_robots", [False, True], ids=["page", "robots.txt"])
def test_connections_are_pinned_to_the_checked_address(
    server: TestServer, respect_robots: bool
) -> None:
    # The resolver gives a public address, which passes the guard. Were the connection to resolve
    # the name again, as httpx does, it would find the server on 127.0.0.1: it must not. How
    # 8.8.8.8 answers (timeout, refusal, or some sandbox's stand-in server) does not matter here.
    resolver = answers({"localhost": ["8.8.8.8"]})
    server.route("/page", html("ok"))
    server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n"))
    [result], stats = fetch(
        [server.url("/page", host="localhost")],
        resolver=resolver,
        allow_private=False,
        respect_robots=respect_robots,
        connect_timeout=0.5,
        max_retries=0,
    )
    assert not result.ok
    assert server.count() == 0  # neither the page nor robots.txt came here
    assert stats.robots_fetches == (1 if respect_robots else 0)


def test_dns_rebinding_is_caught_at_connect(server: TestServer) -> None:
    # public when checked, loopback when connecting: the address dialled is checked again
    resolver = answers({"localhost": ["8.8.8.8", "127.0.0.1"]})
    server.route("/page", html("ok"))
    [result], stats = fetch(
        [server.url("/page", host="localhost")],
        resolver=resolver,
        allow_private=False,
        respect_robots=False,
    )
    assert (result.error, result.stage) == ("blocked: 127.0.0.1 is a loopback address", "blocked")
    assert stats.blocked == 1 and server.count() == 0


def test_the_resolver_chooses_the_address_and_the_host_name_stays(server: TestServer) -> None:
    resolver = answers({"news.test": ["127.0.0.1"]})  # a name no DNS knows
    server.route("/page", html("ok"))
    result = fetch_one(server.url("/page", host="news.test"), resolver=resolver)
    assert result.ok and result.final_url == server.url("/page", host="news.test")
    assert [r.host for r in server.requests] == ["news.test", "news.test"]  # robots.txt, page


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:pw@example.org/x", "https://user:***@example.org/x"),
        ("https://example.org/x", "https://example.org/x"),
        ("https://user@example.org/x", "https://user@example.org/x"),
        ("https://user:@example.org/x", "https://user:@example.org/x"),  # no password to hide
        ("https://:pw@example.org", "https://:***@example.org"),
        ("HTTP://User:Pw@Example.ORG:8080", "HTTP://User:***@Example.ORG:8080"),
        (
            "https://user:p@ss:w@rd@example.org/x?next=a:b@c#f",
            "https://user:***@example.org/x?next=a:b@c#f",
        ),
        ("//user:pw@example.org/x", "//user:***@example.org/x"),
        ("http://user:pw@[2001:db8::1]:8080/x", "http://user:***@[2001:db8::1]:8080/x"),
        ("http://[2001:db8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("http://[::1]/a:b@c", "http://[::1]/a:b@c"),
        ("http://example.org:8080/@user", "http://example.org:8080/@user"),
    ],
)
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "not a url",
        "http://[::1",
        "://:@",
        "::@@//:@",
        "http://user:pw@[::1",
        "\x00\udcff:@",
        "http://" + ":" * 100_000 + "x",
        "//" + "a:" * 50_000,
    ],
)
def test_redact_url_takes_junk(junk: str) -> None:
    assert isinstance(redact_url(junk), str)


@settings(database=None, max_examples=200)
@given(st.text())
def test_redact_url_never_raises(text: str) -> None:
    assert isinstance(redact_url(text), str)


@settings(database=None, max_examples=200)
@given(
    user=st.text(st.characters(blacklist_characters=":/?#")),
    password=st.text(st.characters(blacklist_characters="/?#"), min_size=1),
    host=st.text(st.characters(blacklist_characters="@/?#")),
    rest=st.text(),
)
def test_redact_url_hides_every_password(user: str, password: str, host: str, rest: str) -> None:
    assert redact_url(f"https://{user}:{password}@{host}/{rest}") == (
        f"https://{user}:***@{host}/{rest}"
    )


def test_credentials_stay_out_of_results_and_logs(
    server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="newsroom.stages.fetching")
    server.route("/moved", redirect("/page"))
    server.route("/page", html("ok"))
    server.route("/busy", Reply(503))

    def secret(path: str) -> str:
        return server.url(path).replace("://", "://editor:s3cret@")

    results, _stats = fetch([secret("/moved"), secret("/gone"), secret("/busy")], max_retries=1)
    moved, gone, busy = results
    assert moved.ok and moved.final_url == server.url("/page").replace("://", "://editor:***@")
    assert (gone.error, busy.error) == ("HTTP 404", "HTTP 503 after 2 attempts")
    for result in results:
        assert "s3cret" in result.url  # as the caller gave it
        assert "s3cret" not in repr(dataclasses.replace(result, url=""))
    assert "s3cret" not in caplog.text and "editor:***@" in caplog.text
    sent = server.received("/page")[0].headers["authorization"]  # the credentials still work
    assert sent == "Basic " + base64.b64encode(b"editor:s3cret").decode()


# -- decoding --------------------------------------------------------------------------------------


LATIN = '<html><head><meta charset="iso-8859-1"></head><body>Café à Zürich</body></html>'


def test_wrong_charset_header_falls_through_to_the_meta_charset(server: TestServer) -> None:
    server.route(
        "/latin",
        Reply(body=LATIN.encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"}),
    )
    result = fetch_one(server.url("/latin"))
    assert result.content is not None
    assert decode_body(result.content, result.headers, origin=result.url) == LATIN


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Grüße".encode("cp1252"), "text/plain; charset=windows-1252", "Grüße"),
        ("Grüße".encode(), "text/plain; charset=ISO-8859-1", "Grüße"),  # mislabelled UTF-8
        (
            "<?xml version='1.0' encoding='iso-8859-15'?><rss>€ 5</rss>".encode("iso-8859-15"),
            "application/rss+xml",
            "<?xml version='1.0' encoding='iso-8859-15'?><rss>€ 5</rss>",
        ),
        (
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">Привет'.encode(
                "koi8-r"
            ),
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">Привет',
        ),
        ("\ufeffbom wins".encode("utf-8"), "text/plain; charset=koi8-r", "bom wins"),
        ("déjà vu, naïve café".encode(), "text/html", "déjà vu, naïve café"),
    ],
)
def test_decode_body(body: bytes, content_type: str, expected: str) -> None:
    assert decode_body(body, {"Content-Type": content_type}, origin="test") == expected


def test_decode_body_refuses_an_empty_body() -> None:
    with pytest.raises(InputError) as raised:
        decode_body(b"  ", {}, origin="http://example.org/")
    assert raised.value.stage == "decode"


# -- the synchronous door --------------------------------------------------------------------------


def test_sync_fetch_all_keeps_the_order(server: TestServer) -> None:
    for number in range(6):
        server.route(f"/p{number}", Reply(body=str(number).encode(), delay=0.05 * (5 - number)))
    results = fetch_all([server.url(f"/p{n}") for n in range(6)], policy(read_timeout=2.0))
    assert [r.content for r in results] == [str(n).encode() for n in range(6)]
