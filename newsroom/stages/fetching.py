"""Fetch web pages the way a careful crawler does.

:class:`Fetcher` wraps one ``httpx.AsyncClient`` and applies a :class:`FetchPolicy`:

- **Limits.** A global concurrency limit, a per-host limit and a per-host request rate (a host is
  a host name: its ports share the limits). A request holds a global slot only while it talks to
  the server, so a slow host never stalls the others.
- **Retries** with exponential backoff and full jitter, for transient failures only: connect and
  read timeouts (no data at all for that long), connection errors, 5xx and 429. ``Retry-After``
  (seconds or an HTTP date) on 429/503 is obeyed, and also slows every other request to that
  host; a server that asks for a longer wait than ``retry_after_max`` is not retried at all.
  Other 4xx answers are final ("HTTP 404"), and so is a response still incomplete after
  ``total_timeout`` ("too slow: ..."): a server that drips its answer will drip it again, and
  retrying it would hold its batch for several deadlines.
- **Conditional requests** from the stored ``ETag``/``Last-Modified``; a 304 is ``not_modified``.
- **robots.txt**, fetched once per origin (scheme, host, port) and kept for an hour by every
  fetcher of the process, read by Protego (RFC 9309: ``*`` and ``$`` wildcards, the longest
  matching rule wins) and handled the way Google does: 2xx is parsed (the first 500 KiB); a 4xx
  other than 429, or a redirect chain that fails, means there are no rules (allow all); 429, 5xx,
  a timeout or an unreachable server means "do not crawl this host now" (disallow all).
  ``Crawl-delay`` slows the host's rate.
- **Bounds.** Connect, read and whole-response timeouts; the raw body and the decompressed body
  are both capped while streaming. gzip, deflate, br and zstd are undone here, with a bounded
  output per step, so a small "bomb" never expands in memory much past the limit (httpx's own
  decoders inflate a whole network chunk at once). Redirects are followed by hand so that every
  hop is checked, and loops are caught.
- **Safety.** Only http and https. Unless ``allow_private`` is set, a host whose name resolves to a
  private, loopback, link-local, reserved, multicast or cloud-metadata address is refused, on every
  hop; cloud-metadata and link-local addresses are refused even with ``allow_private`` (it is for a
  newsroom's own intranet, and no article lives at 169.254.169.254). Every connection is pinned to
  an address that passed that check: the client's connection pool gets a network backend
  (:class:`_PinnedBackend`) that resolves the host, checks every address and dials one of them, in
  one place, so a DNS answer that changes between the check and the connection (DNS rebinding)
  cannot reach an internal address. This beats rewriting each request to an IP address: the pool
  stays keyed by host name, so one TLS connection never serves two sites on one address, and TLS
  keeps its server name and certificate check without help. For the same reason no proxy from the
  environment is used (a proxy resolves names itself). Credentials in a URL
  (``https://user:pw@host/``) never reach a log or a :class:`FetchResult` other than its ``url``:
  :func:`redact_url` hides the password.

Per-URL problems never raise: they come back as a :class:`FetchResult` with ``error`` and ``stage``
("fetch", "robots", "blocked"), which the caller records as that URL's failure.
"""

from __future__ import annotations

import asyncio
import codecs
import email.utils
import ipaddress
import logging
import random
import re
import socket
import time
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import IO, Any, Protocol, cast
from urllib.parse import urljoin

import brotli
import httpcore
import httpx
import zstandard
from protego import Protego

from newsroom.core.errors import FormatError
from newsroom.stages.readers import decode

logger = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000  # Google reads the first 500 KiB of a robots.txt
ROBOTS_TTL = 3600.0  # seconds a host's robots.txt is trusted, across fetchers in this process
DISALLOW_ALL = "User-agent: *\nDisallow: /\n"

# (origin, user agent) -> (expiry on the monotonic clock, rules): one process's fetchers (a feed
# poll, then the page batches it leads to) share what they learnt of each host's robots.txt.
_ROBOTS_CACHE: dict[tuple[str, str], tuple[float, Protego]] = {}
ROBOTS_MAX_REDIRECTS = 5
# Cloud instance metadata services (AWS, GCP's metadata.google.internal, Azure, OpenStack at
# 169.254.169.254; AWS over IPv6; Alibaba Cloud): the credentials of the machine we run on.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200")
)
# IPv6 forms that carry an IPv4 address in their last 32 bits: well-known NAT64, IPv4-compatible.
EMBEDDING_IPV4 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
DECODE_STEP = 65_536  # most bytes a brotli or zstd decoder hands over at a time

# A resolver: (host name, port) -> its IP addresses, most preferred first.
Resolver = Callable[[str, int], Awaitable[list[str]]]


@dataclass(slots=True)
class FetchPolicy:
    """Every limit the fetcher applies; the defaults suit a polite news crawler."""

    user_agent: str = "newsroom-ingest/0.1 (+https://example.org/newsroom)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # between two reads from the socket
    total_timeout: float = 30.0  # one response, headers and body, against a slow drip; final
    max_bytes: int = 5_000_000  # raw body, as sent on the wire
    max_decompressed_bytes: int = 20_000_000  # the body after gzip/deflate/br/zstd
    max_redirects: int = 5
    max_retries: int = 3
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    retry_after_max: float = 60.0
    concurrency: int = 16
    per_host_concurrency: int = 2
    per_host_rate: float = 2.0  # requests per second per host
    respect_robots: bool = True
    robots_timeout: float = 5.0
    allow_private: bool = False  # lift the guard against private addresses (tests use loopback)


@dataclass(slots=True)
class FetchRequest:
    """A URL with the validators remembered from the last fetch, if any."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class FetchResult:
    """What came of fetching one URL; ``error`` and ``stage`` say why when it failed.

    ``url`` is the URL as the caller gave it; ``final_url`` has any password in it redacted.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    stage: str | None = None
    attempts: int = 0  # HTTP requests made for this URL: retries and redirect hops, not robots.txt
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        """True for a body or a 304; false when ``error`` says what went wrong."""
        return self.error is None


@dataclass(slots=True)
class FetchStats:
    """Counters over a fetcher's life."""

    requests: int = 0  # page requests sent, retries and redirect hops included
    retries: int = 0
    redirects: int = 0
    not_modified: int = 0
    failed: int = 0
    blocked: int = 0
    robots_fetches: int = 0
    robots_denied: int = 0
    bytes_received: int = 0  # raw body bytes, pages and robots.txt


class _Failure(Exception):
    """A per-URL failure inside the fetcher; ``transient`` failures are retried."""

    def __init__(
        self,
        reason: str,
        stage: str = "fetch",
        *,
        transient: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.stage = stage
        self.transient = transient
        self.retry_after = retry_after


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    interval: float  # seconds between two requests
    next_time: float = 0.0  # the loop time the next request may start


class Fetcher:
    """An async fetcher, used as ``async with Fetcher(policy) as fetcher: ...``.

    ``resolver`` turns a host name and port into IP addresses (default: the system's
    getaddrinfo); every check and every connection goes through it.
    """

    def __init__(
        self, policy: FetchPolicy | None = None, *, resolver: Resolver | None = None
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.stats = FetchStats()
        self._resolver = resolver or _system_resolver
        self._client: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(self.policy.concurrency)
        self._hosts: dict[str, _Host] = {}
        self._robots: dict[str, asyncio.Task[Protego]] = {}
        self._robots_seen: set[str] = set()

    async def __aenter__(self) -> Fetcher:
        policy = self.policy
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=policy.connect_timeout,
                read=policy.read_timeout,
                write=policy.read_timeout,
                pool=policy.connect_timeout,
            ),
            transport=self._transport(),
            headers={
                "User-Agent": policy.user_agent,
                "Accept": ACCEPT,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
        )
        return self

    def _transport(self) -> httpx.AsyncHTTPTransport:
        """httpx's transport, its connection pool dialling through :class:`_PinnedBackend`."""
        limits = httpx.Limits(max_connections=self.policy.concurrency)
        transport = httpx.AsyncHTTPTransport(limits=limits)
        # httpx 0.28 takes no network backend (encode/httpx PR 3749 would add one), httpcore's
        # pool does: swap the pool for one built the same way with the pinning backend.
        transport._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinnedBackend(self._addresses),
        )
        return transport

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for task in self._robots.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def fetch_all(self, requests: Iterable[FetchRequest | str]) -> list[FetchResult]:
        """Fetch every request concurrently, within the policy's limits; results keep the order."""
        return list(await asyncio.gather(*(self.fetch(request) for request in requests)))

    async def fetch(self, request: FetchRequest | str) -> FetchResult:
        """Fetch one URL with retries; never raises for a problem with the URL or its server."""
        if isinstance(request, str):
            request = FetchRequest(request)
        started = time.monotonic()
        result = FetchResult(url=request.url)
        try:
            await self._fetch_with_retries(request, result)
        except _Failure as failure:
            result.error, result.stage, result.content = failure.reason, failure.stage, None
            self.stats.failed += 1
            if failure.stage == "blocked":
                self.stats.blocked += 1
            logger.info("%s: %s (%s)", redact_url(request.url), failure.reason, failure.stage)
        result.elapsed = time.monotonic() - started
        return result

    # -- one URL ----------------------------------------------------------------------------------

    async def _fetch_with_retries(self, request: FetchRequest, result: FetchResult) -> None:
        policy = self.policy
        tries = 0
        while True:
            tries += 1
            try:
                await self._follow(request, result)
                return
            except _Failure as failure:
                if (
                    failure.transient
                    and failure.retry_after is not None
                    and failure.retry_after > policy.retry_after_max
                ):
                    failure.reason += (
                        f" (Retry-After {failure.retry_after:.0f}s is over the "
                        f"{policy.retry_after_max:.0f}s limit)"
                    )
                    raise
                if not failure.transient:
                    raise
                if tries > policy.max_retries:
                    failure.reason += f" after {tries} attempt{'s' if tries > 1 else ''}"
                    raise
                delay = failure.retry_after
                if delay is None:
                    ceiling = min(policy.backoff_max, policy.backoff_base * 2 ** (tries - 1))
                    delay = random.uniform(0, ceiling)  # full jitter
                self.stats.retries += 1
                logger.info(
                    "%s: %s; retry %d in %.2fs",
                    redact_url(request.url),
                    failure.reason,
                    tries,
                    delay,
                )
                await asyncio.sleep(delay)

    async def _follow(self, request: FetchRequest, result: FetchResult) -> None:
        """One try: request the URL and follow its redirects, checking every hop."""
        result.final_url, result.status, result.headers = None, None, {}  # from an earlier try
        headers: dict[str, str] = {}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        url = request.url
        seen: set[str] = set()
        for _hop in range(self.policy.max_redirects + 1):
            target = await self._check_hop(url)
            if str(target) in seen:
                raise _Failure("redirect loop")
            seen.add(str(target))
            if self.policy.respect_robots and not await self._allowed(target):
                self.stats.robots_denied += 1
                raise _Failure("disallowed by robots.txt", "robots")
            result.attempts += 1
            self.stats.requests += 1
            location = await self._get(target, headers, result)
            if location is None:
                return
            self.stats.redirects += 1
            url = location
        raise _Failure(f"too many redirects (over {self.policy.max_redirects})")

    async def _get(
        self, url: httpx.URL, headers: dict[str, str], result: FetchResult
    ) -> str | None:
        """Send one GET; fill ``result`` and return the redirect target, if any."""
        deadline = self.policy.total_timeout
        async with self._slot(url.host), _transport_errors():
            try:
                async with asyncio.timeout(deadline):
                    async with self._http.stream("GET", url, headers=headers) as response:
                        return await self._take(url, response, headers, result)
            except TimeoutError as exc:  # the deadline, not httpx's connect or read timeout
                raise _Failure(f"too slow: no complete response within {deadline:g} s") from exc

    async def _take(
        self,
        url: httpx.URL,
        response: httpx.Response,
        headers: dict[str, str],
        result: FetchResult,
    ) -> str | None:
        status = response.status_code
        result.status, result.final_url = status, redact_url(str(url))
        result.headers = {key.lower(): value for key, value in response.headers.items()}
        logger.debug("GET %s -> %s", result.final_url, status)
        if status in REDIRECT_CODES:
            location = response.headers.get("location")
            if not location:
                raise _Failure(f"HTTP {status} without a Location")
            return urljoin(str(url), location)
        if status == 304:
            self.stats.not_modified += 1
            result.not_modified = True
            result.etag = response.headers.get("etag") or headers.get("If-None-Match")
            result.last_modified = response.headers.get("last-modified") or headers.get(
                "If-Modified-Since"
            )
            return None
        if status == 429 or status >= 500:
            delay = retry_after_seconds(response.headers.get("retry-after"))
            if delay is not None:  # the whole host waits, not only this URL
                state = self._host(url.host)
                wait = min(delay, self.policy.retry_after_max)
                state.next_time = max(state.next_time, asyncio.get_running_loop().time() + wait)
            raise _Failure(f"HTTP {status}", transient=True, retry_after=delay)
        if status >= 400:
            raise _Failure(f"HTTP {status}")
        policy = self.policy
        result.content = await self._read(response, policy.max_bytes, policy.max_decompressed_bytes)
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")
        return None

    async def _read(
        self,
        response: httpx.Response,
        max_bytes: int,
        max_decompressed: int,
        *,
        truncate: bool = False,
    ) -> bytes:
        """Read the body, stopping past either limit: an error, or a cut when ``truncate``."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise _Failure(
                f"body over {max_bytes / 1e6:.1f} MB limit (Content-Length {int(declared)})"
            )
        inflater = _Inflater(response.headers.get("content-encoding", ""), max_decompressed)
        body = bytearray()
        raw = 0
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            self.stats.bytes_received += len(chunk)
            if raw > max_bytes:
                if truncate:
                    break
                raise _Failure(f"body over {max_bytes / 1e6:.1f} MB limit")
            try:
                body += inflater.feed(chunk)
            except _Failure:
                if truncate:
                    break
                raise
        else:
            body += inflater.flush()
        return bytes(body[:max_decompressed] if truncate else body)

    # -- checks -----------------------------------------------------------------------------------

    async def _check_hop(self, url: str) -> httpx.URL:
        """Parse a URL and refuse it unless it is http(s) on a host we may reach.

        The host's addresses are checked here too, so that a refused host costs no request and
        no robots.txt; :class:`_PinnedBackend` checks again the address it connects to.
        """
        try:
            target = httpx.URL(url).copy_with(fragment=None)
        except (httpx.InvalidURL, ValueError) as exc:
            raise _Failure(f"invalid URL: {exc}") from exc
        if not target.scheme:
            raise _Failure("invalid URL: no scheme")
        if target.scheme not in ("http", "https"):
            raise _Failure(
                f"unsupported URL scheme {target.scheme!r} (only http and https)", "blocked"
            )
        if not target.host:
            raise _Failure("invalid URL: no host")
        await self._addresses(target.host, target.port or _default_port(target.scheme))
        return target

    async def _addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses; refuse it if any is off limits (metadata and link-local
        addresses always, the other non-public ones unless ``allow_private``)."""
        addresses = await self._resolve(host, port)
        for address in addresses:
            reason = blocked_reason(address, allow_private=self.policy.allow_private)
            if reason is not None:
                raise _Failure(f"blocked: {address} is {reason}", "blocked")
        return addresses

    async def _resolve(self, host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        try:
            async with asyncio.timeout(self.policy.connect_timeout):
                addresses = await self._resolver(host, port)
        except TimeoutError as exc:
            raise _Failure(f"cannot resolve {host}: timed out", transient=True) from exc
        except OSError as exc:
            transient = getattr(exc, "errno", None) == socket.EAI_AGAIN
            raise _Failure(f"cannot resolve {host}: {exc}", transient=transient) from exc
        if not addresses:
            raise _Failure(f"cannot resolve {host}: no address")
        return addresses

    async def _allowed(self, url: httpx.URL) -> bool:
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"  # netloc has no user or password
        key = (origin, self.policy.user_agent)
        cached = _ROBOTS_CACHE.get(key)
        if cached is not None and cached[0] > time.monotonic():
            robots = cached[1]
            if origin not in self._robots_seen:
                self._robots_seen.add(origin)
                self._apply_crawl_delay(url.host, robots)
            return robots.can_fetch(str(url), self.policy.user_agent)
        task = self._robots.get(origin)
        if task is None:
            task = asyncio.ensure_future(self._load_robots(origin, url.host))
            self._robots[origin] = task
        # shield: a cancelled fetch must not cancel the robots.txt load other fetches wait for
        robots = await asyncio.shield(task)
        self._robots_seen.add(origin)
        _ROBOTS_CACHE[key] = (time.monotonic() + ROBOTS_TTL, robots)
        return robots.can_fetch(str(url), self.policy.user_agent)

    async def _load_robots(self, origin: str, host: str) -> Protego:
        """Fetch and read an origin's robots.txt by Google's rules (see the module docstring)."""
        url = f"{origin}/robots.txt"
        self.stats.robots_fetches += 1
        try:
            for _hop in range(ROBOTS_MAX_REDIRECTS + 1):
                target = await self._check_hop(url)
                async with self._slot(target.host), _transport_errors():
                    async with asyncio.timeout(self.policy.robots_timeout):
                        async with self._http.stream("GET", target) as response:
                            status = response.status_code
                            location = response.headers.get("location")
                            if 200 <= status < 300:
                                body = await self._read(
                                    response, ROBOTS_MAX_BYTES, ROBOTS_MAX_BYTES, truncate=True
                                )
                                robots = Protego.parse(body.decode("utf-8", "replace"))
                                self._apply_crawl_delay(host, robots)
                                return robots
                if status in REDIRECT_CODES and location:
                    url = urljoin(str(target), location)
                    continue
                if status == 429 or status >= 500:
                    raise _Failure(f"HTTP {status}", transient=True)
                break  # 4xx, or a redirect without a target: no rules
            logger.debug("%s: no robots.txt rules (HTTP %s); all allowed", origin, status)
        except _Failure as failure:
            if failure.transient:
                logger.info("%s/robots.txt: %s; the host is not crawled", origin, failure.reason)
                return Protego.parse(DISALLOW_ALL)
            logger.debug("%s/robots.txt: %s; all allowed", origin, failure.reason)
        return Protego.parse("")

    def _apply_crawl_delay(self, host: str, robots: Protego) -> None:
        delay = robots.crawl_delay(self.policy.user_agent)
        if delay is not None and delay > 0:  # also false for NaN
            state = self._host(host)
            state.interval = max(state.interval, min(float(delay), self.policy.retry_after_max))
            logger.debug("%s: Crawl-delay %ss", host, delay)

    # -- limits -----------------------------------------------------------------------------------

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            raise RuntimeError("use the fetcher as `async with Fetcher(policy) as fetcher:`")
        return self._client

    def _host(self, host: str) -> _Host:
        state = self._hosts.get(host)
        if state is None:
            rate = self.policy.per_host_rate
            state = _Host(
                asyncio.Semaphore(self.policy.per_host_concurrency), 1.0 / rate if rate > 0 else 0.0
            )
            self._hosts[host] = state
        return state

    @asynccontextmanager
    async def _slot(self, host: str) -> AsyncIterator[None]:
        """A host slot, then the host's next turn by its rate, then a global slot."""
        state = self._host(host)
        async with state.slots:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, state.next_time)
            state.next_time = start + state.interval  # reserve the turn before sleeping
            if start > now:
                await asyncio.sleep(start - now)
            async with self._slots:
                yield


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, dialling only addresses it has just resolved and checked.

    ``addresses`` is :meth:`Fetcher._addresses`: it raises the fetcher's own failure ("blocked",
    "cannot resolve"), which passes through httpcore and httpx untouched. TLS is started by
    httpcore on the stream returned here, with the URL's host name as the server name, so the
    certificate is checked against the name, not the address.
    """

    def __init__(self, addresses: Resolver) -> None:
        self._addresses = addresses
        self._backend = httpcore.AnyIOBackend()  # the one httpcore picks itself under asyncio

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        failure: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in await self._addresses(host, port):
            try:
                return await self._backend.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc  # try the next address, as getaddrinfo users do
        raise failure

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


async def _system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses from getaddrinfo, in its order of preference, without repeats."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


@asynccontextmanager
async def _transport_errors() -> AsyncIterator[None]:
    """Turn timeouts and httpx errors into failures, transient or not."""
    try:
        yield
    except (httpx.TimeoutException, TimeoutError) as exc:
        raise _Failure("timed out", transient=True) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        # some httpx errors have no message at all (a connection reset): name the type then
        raise _Failure(
            f"connection failed: {str(exc) or type(exc).__name__}", transient=True
        ) from exc
    except httpx.HTTPError as exc:
        message = f": {exc}" if str(exc) else ""
        raise _Failure(f"{type(exc).__name__}{message}") from exc


# -- content codings -------------------------------------------------------------------------------


class _Decoder(Protocol):
    """One content coding undone step by step.

    ``feed`` and ``finish`` return the output so far and stop soon after it passes ``room``
    bytes: a longer output means the limit is passed, and the rest is never produced.
    """

    def feed(self, data: bytes, room: int) -> bytes: ...

    def finish(self, room: int) -> bytes: ...


class _ZlibDecoder:
    """gzip and deflate: zlib's ``max_length`` bounds each step exactly."""

    def __init__(self, coding: str) -> None:
        gzip = coding in ("gzip", "x-gzip")
        self.stream = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self.may_be_raw = not gzip  # "deflate" is often sent without its zlib wrapper

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while data and len(out) <= room:
            try:
                chunk = self.stream.decompress(data, room - len(out) + 1)
            except zlib.error as exc:
                if self.may_be_raw and not out and not self.stream.eof:
                    self.may_be_raw = False
                    self.stream = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise _Failure(f"corrupt compressed body: {exc}") from exc
            self.may_be_raw = False
            out += chunk
            data = self.stream.unconsumed_tail
        return bytes(out)

    def finish(self, room: int) -> bytes:
        del room  # what zlib still holds is at most one match, 258 bytes
        return self.stream.flush()


class _BrotliDecoder:
    """br: ``output_buffer_limit`` caps each step, but only to whole buffer blocks, which grow
    up to 16 MiB each; asking for DECODE_STEP at a time keeps a step under about 96 KiB."""

    def __init__(self) -> None:
        self.stream = brotli.Decompressor()

    def feed(self, data: bytes, room: int) -> bytes:
        out = bytearray()
        while len(out) <= room:
            try:
                chunk = self.stream.process(
                    data, output_buffer_limit=min(room - len(out) + 1, DECODE_STEP)
                )
            except brotli.error as exc:
                raise _Failure(f"corrupt compressed body: {exc}") from exc
            # The input is handed over once; later calls, with none, drain what it holds. An
            # empty step means all input is taken and all output out (``can_accept_more_data``
            # only says the former).
            data = b""
            if not chunk:
                break
            out += chunk
        return bytes(out)

    def finish(self, room: int) -> bytes:
        return self.feed(b"", room)


class _ZstdDecoder:
    """zstd: ``decompressobj`` returns all of a chunk's output at once, and one input byte can
    finish a 128 KiB block, so slicing the input would bound nothing cheaply. ``stream_writer``
    hands its output to a sink ``DECODE_STEP`` bytes at a time, and the sink stops the decoder
    by raising once past the room."""

    def __init__(self) -> None:
        self.sink = _Sink()
        self.stream = zstandard.ZstdDecompressor().stream_writer(
            cast(IO[bytes], self.sink),  # it only calls write()
            write_size=DECODE_STEP,
            write_return_read=True,
        )

    def feed(self, data: bytes, room: int) -> bytes:
        self.sink.room = room
        try:
            self.stream.write(data)
        except _Sink.Full:
            pass  # the caller sees an output over the room
        except zstandard.ZstdError as exc:
            raise _Failure(f"corrupt compressed body: {exc}") from exc
        return self.sink.take()

    def finish(self, room: int) -> bytes:
        del room  # the writer hands everything over in ``write``: nothing is held back
        return b""


class _Sink:
    """Where zstd's writer puts its output; raises :class:`_Sink.Full` once past ``room``."""

    class Full(Exception):
        pass

    def __init__(self) -> None:
        self.out = bytearray()
        self.room = 0

    def write(self, data: bytes) -> int:
        self.out += data
        if len(self.out) > self.room:
            raise _Sink.Full
        return len(data)

    def take(self) -> bytes:
        out, self.out = bytes(self.out), bytearray()
        return out


def _decoder(coding: str) -> _Decoder:
    if coding in ("gzip", "x-gzip", "deflate"):
        return _ZlibDecoder(coding)
    if coding == "br":
        return _BrotliDecoder()
    if coding == "zstd":
        return _ZstdDecoder()
    raise _Failure(f"unsupported Content-Encoding {coding!r}")


class _Inflater:
    """Undo ``Content-Encoding`` (gzip, deflate, br, zstd, identity, chained), output bounded."""

    def __init__(self, header: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        # the last applied is undone first
        self.stages = [_decoder(coding) for coding in reversed(codings) if coding != "identity"]

    def feed(self, data: bytes) -> bytes:
        for stage in self.stages:
            data = self._bounded(stage.feed(data, self.limit - self.size))
        return self._count(data)

    def flush(self) -> bytes:
        data = b""
        for stage in self.stages:
            data = self._bounded(stage.feed(data, self.limit - self.size))
            data = self._bounded(data + stage.finish(self.limit - self.size - len(data)))
        return self._count(data)

    def _bounded(self, data: bytes) -> bytes:
        if self.size + len(data) > self.limit:
            raise _Failure(f"decompressed body over {self.limit / 1e6:.1f} MB limit")
        return data

    def _count(self, data: bytes) -> bytes:
        self.size += len(self._bounded(data))
        return data


# -- helpers ---------------------------------------------------------------------------------------


def blocked_reason(address: str, *, allow_private: bool = False) -> str | None:
    """Why an address is off limits to the crawler ("a private address"), or None if public.

    With ``allow_private``, only cloud-metadata and link-local addresses are off limits: those
    never serve news, and a redirect to one is how a fetcher is made to hand out credentials.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for form in (ip, _embedded_ipv4(ip)):
        if form in METADATA_ADDRESSES:
            return "a cloud metadata address"
        if form is not None and form.is_link_local:
            return "a link-local address"
    if allow_private:
        return None
    for test, label in (
        ("is_loopback", "a loopback"),
        ("is_multicast", "a multicast"),
        ("is_unspecified", "an unspecified"),
        ("is_reserved", "a reserved"),
        ("is_private", "a private"),
    ):
        if getattr(ip, test):
            return f"{label} address"
    if not ip.is_global:
        return "a non-public address"
    return None


def _embedded_ipv4(
    ip: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> ipaddress.IPv4Address | None:
    """The IPv4 address a NAT64 or IPv4-compatible IPv6 address leads to, if it is one."""
    if isinstance(ip, ipaddress.IPv6Address) and any(ip in net for net in EMBEDDING_IPV4):
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def fetch_all(
    requests: Iterable[FetchRequest | str], policy: FetchPolicy | None = None
) -> list[FetchResult]:
    """Fetch from synchronous code (runs its own event loop; not for use inside one)."""

    async def run() -> list[FetchResult]:
        async with Fetcher(policy) as fetcher:
            return await fetcher.fetch_all(requests)

    return asyncio.run(run())


# scheme://user:password@ up to the authority's last "@" (RFC 3986: the authority ends at the first
# "/", "?" or "#", and a password may hold an unescaped "@" that httpx reads as part of it)
_PASSWORD = re.compile(r"^(\s*(?:[A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#:]*:)([^/?#]*)@")


def redact_url(url: str) -> str:
    """The URL with the password of its user info, if any, replaced by ``***``.

    ``https://user:pw@host/x`` gives ``https://user:***@host/x``; anything else, junk included,
    comes back unchanged. A plain pattern, not a URL parser, so that nothing can make it raise.
    """
    match = _PASSWORD.match(url)
    if match is None or not match.group(2):
        return url
    return f"{match.group(1)}***@{url[match.end() :]}"


# -- decoding --------------------------------------------------------------------------------------

HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 4096


def decode_body(content: bytes, headers: Mapping[str, str], *, origin: str) -> str:
    """Decode a fetched body to text.

    In order: a byte-order mark; the ``charset`` of the Content-Type header; the document's own
    declaration (``<meta charset>``, ``http-equiv``, ``<?xml encoding?>``) in its first 4 KiB;
    then UTF-8 and detection (:func:`newsroom.stages.readers.decode`). A declared charset that fails
    to decode the bytes is skipped. ISO-8859-1 and ASCII labels are read as windows-1252, as
    browsers do, and bytes labelled so that are valid UTF-8 with non-ASCII text are read as UTF-8.
    """
    if not content.strip():
        raise FormatError(origin, "empty body", stage="decode")
    for bom, encoding in BOMS:
        if content.startswith(bom):
            return content.decode(encoding, "replace")
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    declared = [match.group(1) for match in [HEADER_CHARSET.search(content_type)] if match]
    head = content[:SNIFF_BYTES]
    for pattern in (META_CHARSET, XML_ENCODING):
        match = pattern.search(head)
        if match:
            declared.append(match.group(1).decode("ascii", "replace"))
    for label in declared:
        text = _decode_as(content, label)
        if text is not None:
            return text
        logger.debug("%s: declared charset %s does not fit the bytes", origin, label)
    return decode(content, origin)


def _decode_as(content: bytes, label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in ("iso8859-1", "ascii", "cp1252"):
        if not content.isascii():
            try:
                return content.decode("utf-8")  # a UTF-8 page mislabelled as Latin-1
            except UnicodeDecodeError:
                pass
        name = "cp1252"
    try:
        return content.decode(name)
    except UnicodeDecodeError:
        return None
