"""Benchmark: web ingest end to end, from a sitemap of 2,000 pages on a local HTTP server.

A server process on 127.0.0.1 serves a news sitemap and 2,000 article pages (the 181 real pages
of the article extraction benchmark, cycled, each at its own URL). The real ``ingest`` flow reads
the sitemap, fetches every page, extracts, tags and stores them into a fresh SQLite file, with
the politeness limits lifted (no robots.txt, no per-host rate, 32 requests in flight) as a
benchmark of the pipeline and not of one site's patience. Prints pages/s, and the share of the
run's wall time the flow process spent on the CPU (near 100% per busy core means CPU-bound).

``--profile`` instead runs the workers' part (``services.web.parse_pages``: decode, extraction,
metadata, every text stage) on the pages in this one process, no HTTP, and prints its CPU
milliseconds per page and where they go, by function.

With ``--baseline DIR`` (a checkout of older code, e.g. ``git worktree add /tmp/base HEAD~3``)
the same is measured for that code in the same run, rounds interleaved, with the ratio.

    .venv/bin/python bench/web.py --baseline /tmp/base
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "html"
LIFTED = {  # politeness off: the benchmark measures the pipeline, not a site's rate limit
    "NEWSROOM_ALLOW_PRIVATE_HOSTS": "true",
    "NEWSROOM_RESPECT_ROBOTS": "false",
    "NEWSROOM_FETCH_RATE": "100000",
    "NEWSROOM_FETCH_PER_HOST": "32",
    "NEWSROOM_FETCH_CONCURRENCY": "32",
}


def serve(data: Path, count: int, port_file: Path) -> None:
    """The server process: a sitemap and ``count`` pages, from memory."""
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(data.glob("*.html.gz"))]

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            if self.path == "/sitemap.xml":
                port = self.server.server_address[1]
                urls = "".join(
                    f"<url><loc>http://127.0.0.1:{port}/news/{n:05d}.html</loc></url>"
                    for n in range(count)
                )
                body = (
                    '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns='
                    f'"http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
                ).encode()
                kind = "application/xml"
            elif self.path.startswith("/news/"):
                number = int(self.path.rsplit("/", 1)[1].split(".")[0])
                body, kind = pages[number % len(pages)], "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_file.write_text(str(server.server_address[1]))
    server.serve_forever()


def child(sitemap: str, database: Path) -> None:
    """One measured run of the ingest flow (in its own process, for its CPU time)."""
    os.environ.update(LIFTED)
    os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from prefect import flow

    from flows.ingest import ingest

    @flow(name="bench-warm-up")
    def warm_up() -> None:
        return None

    warm_up()  # the temporary Prefect server starts outside the timing
    started, cpu = time.perf_counter(), time.process_time()
    summary = ingest(sitemaps=[sitemap], source="bench", database_url=f"sqlite:///{database}")
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "stored": summary.stored,
                "failed": summary.failed,
                "cpu": cpu,
                "workers_cpu": children.ru_utime + children.ru_stime,
            }
        )
    )


def profile(data: Path) -> None:
    """The workers' CPU per page, and its profile (no server, no database, no Prefect)."""
    import cProfile
    import pstats

    from newsroom.services.web import FetchedPages, PageRef, parse_pages
    from newsroom.stages.fetching import FetchResult
    from newsroom.stages.pipeline import warm_up

    warm_up()
    bodies = [gzip.decompress(path.read_bytes()) for path in sorted(data.glob("*.html.gz"))]
    urls = [f"http://127.0.0.1/news/{n:05d}.html" for n in range(len(bodies))]
    fetched = FetchedPages(
        [PageRef(url, "bench") for url in urls],
        [
            FetchResult(url, url, 200, body, {"content-type": "text/html; charset=utf-8"})
            for url, body in zip(urls, bodies, strict=True)
        ],
        [],
        "2026-01-01T00:00:00+00:00",
    )
    parse_pages(fetched)  # once unmeasured: first-use costs
    cpu = time.process_time()
    parsed = parse_pages(fetched)
    cpu = time.process_time() - cpu
    profiler = cProfile.Profile()
    profiler.enable()
    parse_pages(fetched)
    profiler.disable()
    print(
        f"{len(parsed.batch.articles)} of {len(bodies)} pages parsed, {len(parsed.failed)} "
        f"failed: {1000 * cpu / len(bodies):.1f} ms of CPU per page (one core); where it goes "
        "under the profiler (cumulative, by function):"
    )
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def measure(code: Path, sitemap: str, workdir: Path, name: str) -> dict[str, float]:
    database = workdir / f"{name}.db"
    database.unlink(missing_ok=True)
    output = subprocess.run(
        [sys.executable, __file__, "--child", sitemap, "--database", str(database)],
        check=True,
        capture_output=True,
        text=True,
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the benchmark's html/")
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--profile", action="store_true", help="profile the workers' part")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.profile:
        profile(args.data)
        return
    if args.serve:
        serve(args.data, args.pages, args.serve)
        return
    if args.child:
        child(args.child, args.database)
        return
    if not args.data.is_dir():
        sys.exit(f"the article extraction benchmark's pages are not at {args.data}; pass --data")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        port_file = workdir / "port"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(port_file), "--pages", str(args.pages)]
            + ["--data", str(args.data)]
        )
        try:
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.05)
            sitemap = f"http://127.0.0.1:{port_file.read_text()}/sitemap.xml"
            codes = {"this code": ROOT}
            if args.baseline:
                codes = {"baseline": args.baseline.resolve(), **codes}
            rates: dict[str, list[float]] = {name: [] for name in codes}
            for round_number in range(1, args.rounds + 1):
                for name, code in codes.items():
                    result = measure(code, sitemap, workdir, name.replace(" ", "-"))
                    rate = result["stored"] / result["seconds"]
                    rates[name].append(rate)
                    busy = (result["cpu"] + result["workers_cpu"]) / result["seconds"]
                    print(
                        f"round {round_number} {name:>9}: {result['stored']:,} pages stored, "
                        f"{result['failed']} failed, in {result['seconds']:.1f} s: {rate:,.0f} "
                        f"pages/s; CPU busy {busy:.2f} cores (flow {result['cpu']:.1f} s, "
                        f"workers {result['workers_cpu']:.1f} s)",
                        flush=True,
                    )
        finally:
            server.terminate()
    medians = {name: statistics.median(values) for name, values in rates.items()}
    for name, value in medians.items():
        print(f"median {name:>9}: {value:,.0f} pages/s")
    if args.baseline:
        print(f"this code / baseline: {medians['this code'] / medians['baseline']:.2f}x")


if __name__ == "__main__":
    main()
