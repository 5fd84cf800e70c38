"""A real HTTP server on 127.0.0.1 for tests: a route table, a request log, misbehaving routes.

::

    with TestServer() as server:
        server.route("/page", Reply(body=b"<p>hi</p>"))
        server.route("/flaky", lambda r: Reply(500) if server.count("/flaky") == 1 else Reply())
        fetch(server.url("/page"))
        assert server.count("/page") == 1

A route is a :class:`Reply` or a function of the :class:`Recorded` request returning one. Every
request is recorded (path, headers, arrival time) before it is answered, and the server keeps the
most requests it ever had in hand at once per host name (``max_active``; a request counts from
its arrival until its answer starts to go out), so a test can check a client's concurrency.
``127.0.0.1`` and ``localhost`` reach the same server under two host names. Misbehaving
routes: slow (``delay``), stalled (``gate``), dripping (``drip``), hanging up (``reset``),
redirect loops, huge or compressed bodies.
Unknown paths answer 404. Handlers run in threads; :meth:`TestServer.stop` wakes sleeping ones.
"""

from __future__ import annotations

import gzip
import socket
import struct
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit


@dataclass(slots=True)
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str  # without the query
    query: str
    host: str  # the Host header's name, without the port
    headers: dict[str, str]  # lower-case names
    time: float  # time.monotonic() on arrival
    body: bytes = b""  # what a POST sent (a webhook's message)


@dataclass(slots=True)
class Reply:
    """An answer: status, headers and body, sent after ``delay`` seconds.

    ``chunked`` sends the body with chunked transfer encoding (no Content-Length), so the client
    cannot know its size in advance; ``gate`` holds the answer until the event is set; ``drip``
    sends the body one byte at a time, that many seconds apart (a server too slow to finish, yet
    never silent long enough for a read timeout); ``reset`` answers nothing and drops the
    connection with a TCP reset.
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunked: bool = False
    gate: threading.Event | None = None
    drip: float = 0.0
    reset: bool = False


Route = Reply | Callable[[Recorded], Reply]


def redirect(location: str, status: int = 302) -> Reply:
    return Reply(status, headers={"Location": location})


def html(text: str, charset: str = "utf-8", **headers: str) -> Reply:
    return Reply(
        body=text.encode(charset),
        headers={"Content-Type": f"text/html; charset={charset}", **headers},
    )


def drip(size: int, interval: float) -> Reply:
    """``size`` bytes, one every ``interval`` seconds."""
    return Reply(body=b"x" * size, headers={"Content-Type": "text/html"}, drip=interval)


def gzip_bomb(size: int) -> Reply:
    """A small gzip body that inflates to ``size`` zero bytes."""
    return Reply(
        body=gzip.compress(b"\0" * size, compresslevel=9),
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
    )


class TestServer:
    """A threaded HTTP/1.1 server on a free port of 127.0.0.1, started and stopped with ``with``."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Recorded] = []
        self.active: Counter[str] = Counter()
        self.max_active: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.02,), name="test-http", daemon=True
        )

    def __enter__(self) -> TestServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def route(self, path: str, reply: Route) -> None:
        self.routes[path] = reply

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def count(self, path: str | None = None) -> int:
        """Requests received for ``path``, or for every path."""
        with self.lock:
            return sum(1 for r in self.requests if path is None or r.path == path)

    def received(self, path: str) -> list[Recorded]:
        with self.lock:
            return [r for r in self.requests if r.path == path]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that hang up early are part of the tests; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler_for(server: TestServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.do_GET(
                method="POST", body=self.rfile.read(int(self.headers["Content-Length"] or 0))
            )

        def do_GET(self, method: str = "GET", body: bytes = b"") -> None:
            parts = urlsplit(self.path)
            headers = {key.lower(): value for key, value in self.headers.items()}
            request = Recorded(
                method=method,
                path=parts.path,
                query=parts.query,
                host=headers.get("host", "").rsplit(":", 1)[0],
                headers=headers,
                time=time.monotonic(),
                body=body,
            )
            with server.lock:
                server.requests.append(request)
                server.active[request.host] += 1
                server.max_active[request.host] = max(
                    server.max_active[request.host], server.active[request.host]
                )
                route = server.routes.get(request.path)
            done = False

            def finished() -> None:  # before the answer goes out: the client is still waiting
                nonlocal done
                if not done:
                    done = True
                    with server.lock:
                        server.active[request.host] -= 1

            try:
                if route is None:
                    reply = Reply(404, b"not found")
                else:
                    reply = route if isinstance(route, Reply) else route(request)
                self._send(reply, finished)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up, as clients do in these tests
            finally:
                finished()

        def _send(self, reply: Reply, finished: Callable[[], None]) -> None:
            if reply.delay:
                server.stopping.wait(reply.delay)
            if reply.gate is not None:
                while not reply.gate.wait(0.05) and not server.stopping.is_set():
                    pass
            finished()
            if reply.reset:
                self._reset()
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(reply.body), 16_384):
                    piece = reply.body[start : start + 16_384]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            elif reply.drip:
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                for index in range(len(reply.body)):
                    self.wfile.write(reply.body[index : index + 1])
                    if server.stopping.wait(reply.drip):
                        break
            else:
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if reply.status != 304:
                    self.wfile.write(reply.body)

        def _reset(self) -> None:
            """Close with a reset, not a goodbye: a zero linger time makes close() send RST. The
            socket really closes when the handler lets go of it, before the server would send
            FIN (its shutdown() then fails on the closed socket, and it ignores that)."""
            self.close_connection = True
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the request log is ``server.requests``."""

    return Handler
