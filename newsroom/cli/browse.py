"""``newsroom browse``: the SQLite archive in Datasette, read-only, with what makes it useful at
once: labelled columns, facets, full-text search (the ``article_fts`` table migration 0007 keeps
in step) and canned queries.

The metadata names the database as Datasette does, by the file's name without its suffix
(``newsroom`` for ``newsroom.db``), so that its URLs are Datasette's own:
``/newsroom/article.json?_search=Guterres``.

Only what is meant to be read can be read. The tables and views of :data:`READABLE` are open;
every other table (those there now, ``cluster_band``, ``article_version``'s documents,
``ingest_run`` with its host, pid and parameters, and any a later migration adds) gets
``allow: false``, so its page, its JSON and its rows are refused (403). Arbitrary SQL is off
(``allow_sql: false``, which ``?_where=`` needs too): Datasette can only allow or refuse SQL for
a whole database, and any query can read any table (``select * from ingest_run``), so no
per-table rule could hold with it on. What SQL adds is in the canned queries instead, which run
their own fixed SQL (a run's counts without host or pid, a story's versions). No page says where
the file is (``/-/databases.json`` answers 404, downloads are off), and an error is one line on
the terminal, not a traceback with local variables.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import logging
import socket
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Base400, NotFound, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup

logger = logging.getLogger(__name__)

SETTINGS = {
    "truncate_cells_html": 300,  # article texts: the start, not a page of text per row
    # Each facet counts the stories from one index of the article table (the primary topic and
    # the place are stored on it: migration 0010); ``bench/facets.py`` times them at 1,000,000.
    "facet_time_limit_ms": 1000,
    # Datasette would also try every other column as a facet on every page, 50 ms each: on a
    # large archive each try runs out of time, and the page waits for them all.
    "suggest_facets": False,
    "default_page_size": 50,
    "default_allow_sql": False,  # see the module docstring: SQL reads every table
    "allow_download": False,  # the file holds the hidden tables too
}
# The tables and views a reader may open; every other one is refused.
READABLE = frozenset(
    {"story", "article", "source", "topic", "article_topic", "article_place", "failure"}
)

STORY_COLUMNS = {  # Datasette lists these above the table: only what a name does not say
    "primary_topic": "the top-level IPTC Media Topic with the highest score",
    "topics": "every IPTC Media Topic tag, highest score first (count them with "
    "`_facet_array=topics` on a small archive, or in the article_topic table)",
    "status": "usable, withheld or canceled (killed); `newsroom articles` lists usable ones",
    "cluster": "copies of one story from different sources share a cluster",
}

ARTICLE_COLUMNS = {
    "id": "The article's id (source and key)",
    "source_id": "Source",
    "key": "The item's key within its source (file path, URL, wire id)",
    "origin": "Where the item was read: file, line or URL",
    "title": "Headline",
    "published": "Publication date and time as found",
    "published_date": "Publication day",
    "byline": "Byline",
    "language": "Language (ISO 639-1)",
    "text": "The cleaned text",
    "dateline_raw": "The dateline as written",
    "dateline_city": "Dateline place",
    "dateline_country_code": "Dateline country (ISO code)",
    "dateline_agency": "Agency named in the dateline",
    "place": "Dateline place: the city, else the location as written",
    "primary_topic_code": "The top-level IPTC Media Topic with the highest score (qcode)",
    "primary_topic": "The top-level IPTC Media Topic with the highest score",
    "status": "Wire status: usable, withheld or canceled (killed)",
    "version": "Current version of a wire story",
    "embargoed_until": "Not to be published before this time (UTC)",
    "cluster": "Copies of one story share a cluster",
    "minhash": "MinHash signature used to find copies (binary)",
    "content_hash": "Hash of the stored content: a changed input changes it",
}

LAST_RUN_FAILURES = """
select failure.source, failure.origin, failure.stage, failure.reason, failure.error_type,
    failure.created_at, failure.run_id
from failure
where failure.run_id = (
    select ingest_run.id from ingest_run
    where exists (
        select 1 from failure as failed
        where failed.run_id = ingest_run.id and failed.stage != 'skipped'
    )
    order by ingest_run.started_at desc limit 1
)
order by failure.id
"""

ARTICLES_PER_TOPIC_PER_DAY = """
select article_topic.published_date as day, topic.label as topic, topic.level,
    count(*) as articles
from article_topic
join topic on topic.code = article_topic.topic_code
join article on article.id = article_topic.article_id
where article.status = 'usable' and article_topic.published_date is not null
group by article_topic.published_date, topic.code
order by day desc, articles desc
"""

RUNS = """
select ingest_run.id, ingest_run.started_at, ingest_run.finished_at, ingest_run.status,
    ingest_run.stored, ingest_run.updated, ingest_run.unchanged, ingest_run.failed,
    ingest_run.skipped, ingest_run.error
from ingest_run
order by ingest_run.started_at desc
"""

STORY_VERSIONS_AND_CLUSTER = """
select 'version' as kind, article_version.version, article_version.version_created as created,
    article_version.headline as title, article_version.pub_status as status,
    article_version.signal, null as source, article_version.article_id as id
from article_version
where article_version.article_id = :id
union all
select 'same cluster' as kind, article.version, article.published as created, article.title,
    article.status, null as signal, source.name as source, article.id
from article
join source on source.id = article.source_id
where article.cluster = (select cluster from article where id = :id) and article.id != :id
order by kind desc, version, created
"""


def metadata(database: str, tables: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Datasette's metadata for the archive named ``database`` whose tables and views are
    ``tables``: those not :data:`READABLE` are refused to everyone."""
    story_table = {
        "title": "Stories",
        "description": "One row per stored article, with what an editor scans first. Killed "
        "and withheld wire stories are here too, marked by status (status = usable lists what "
        "`newsroom articles` does). Search looks in the title and text.",
        # Every facet a column stored on the article row and counted from its index (migration
        # 0010). Not ``{"array": "topics"}``: Datasette counts an array facet by reading every
        # story's whole row (over a minute at 1,000,000 stories); the article_topic table counts
        # every tag from its index. The day is a date already: a plain facet, read in index
        # order, where a date facet would compute and sort ``date(day)`` for every story.
        "facets": [
            "primary_topic",
            "place",
            "country",
            "source",
            "status",
            "day",
        ],
        "fts_table": "article_fts",
        "fts_pk": "rowid",
        "sort_desc": "day",
        "columns": STORY_COLUMNS,
    }
    article_table = {
        "description": "Every stored article with all its fields. Search looks in the title "
        "and text.",
        "facets": [
            "source_id",
            "status",
            "primary_topic",
            "dateline_country_code",
            "language",
            "published_date",
        ],
        "sort_desc": "published_date",
        "label_column": "title",
        "columns": ARTICLE_COLUMNS,
    }
    return {
        "title": "Newsroom archive",
        "description": "Articles ingested by the newsroom pipeline (read-only). Start with "
        "Stories; `newsroom articles --search` searches the same index from the command line.",
        "databases": {
            database: {
                "tables": {
                    "story": story_table,
                    "article": article_table,
                    "source": {"label_column": "name"},
                    "topic": {
                        "label_column": "label",
                        "description": "The IPTC Media Topics vocabulary (CC BY 4.0)",
                        "facets": ["level"],
                    },
                    "article_topic": {
                        "description": "The topics of each article, with score, method and "
                        "evidence (the words that made the tag)",
                        "facets": ["topic_code", "method"],
                    },
                    "failure": {
                        "description": "Items that could not be ingested: where, at which "
                        "stage and why",
                        "facets": ["stage", "source", "error_type"],
                        "sort_desc": "id",
                    },
                    **{
                        table: {"hidden": True, "allow": False}
                        for table in tables
                        if table not in READABLE
                    },
                },
                "allow_sql": False,
                "queries": {
                    "runs": {
                        "title": "Ingest runs",
                        "description": "Each ingest run, newest first: when, how it ended, "
                        "what it stored and what failed (`newsroom runs show RUN` has the rest)",
                        "sql": RUNS.strip(),
                    },
                    "last_run_failures": {
                        "title": "The last run's failures",
                        "description": "What the most recent ingest run that had failures "
                        "could not store, with the stage and the reason (later runs that "
                        "failed nothing are passed over)",
                        "sql": LAST_RUN_FAILURES.strip(),
                    },
                    "articles_per_topic_per_day": {
                        "title": "Articles per topic per day",
                        "description": "Usable stories by publication day and IPTC topic",
                        "sql": ARTICLES_PER_TOPIC_PER_DAY.strip(),
                    },
                    "story_versions_and_cluster": {
                        "title": "One story's versions and cluster",
                        "description": "Every version of a wire story as it arrived, then the "
                        "other stories of its cluster (give the article id)",
                        "sql": STORY_VERSIONS_AND_CLUSTER.strip(),
                    },
                },
            }
        },
    }


class BrowseError(Exception):
    """Why the archive cannot be served, said so that the person knows what to do."""


def check_port(host: str, port: int) -> None:
    """Fail with a clear message if the address is taken (uvicorn would log and exit)."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BrowseError(
                    f"port {port} on {host} is in use: choose another with --port"
                ) from exc
            raise BrowseError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def is_loopback(host: str) -> bool:
    """Whether listening on ``host`` serves this machine only (``localhost``, 127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def public_bind_warning(host: str) -> str | None:
    """What to say before serving on an address other machines can reach, or None."""
    if is_loopback(host):
        return None
    return (
        f"--host {host} lets every machine that can reach this one read the archive, with no "
        "password and no TLS; use --host 127.0.0.1 (the default) unless that is meant"
    )


def tables_of(path: Path) -> list[str]:
    """The archive's tables and views, read without writing anything (SQLite read-only)."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "select name from sqlite_master where type in ('table', 'view')"
        ).fetchall()
    return sorted(name for (name,) in rows)


class _Guard:
    """A Datasette plugin registered by :func:`serve`: no page names the file's path, and an error
    is a line in the log, never a traceback with local variables. It replaces Datasette's own
    error handler, which prints one with ``rich`` for every error, 404s included."""

    @staticmethod
    @hookimpl
    def register_routes() -> list[tuple[str, Any]]:
        async def not_here() -> None:
            raise NotFound("not available")

        return [(r"^/-/databases(\.(?P<format>json))?$", not_here)]

    @staticmethod
    @hookimpl
    def handle_exception(datasette: Any, request: Any, exception: Exception) -> Any:
        title = None
        if isinstance(exception, DatasetteError):
            status, message, title = exception.status, exception.message, exception.title
            if exception.message_is_html:
                message = Markup(message)
        elif isinstance(exception, Base400):
            status, message = exception.status, exception.args[0] if exception.args else ""
        else:
            status, message = (
                500,
                "internal error: the terminal running `newsroom browse` says which",
            )
            first = str(exception).strip().splitlines()
            logger.error(
                "browse: %s %s failed: %s%s",
                request.method,
                request.path,
                type(exception).__name__,
                f": {first[0]}" if first else "",
            )
        info = {"ok": False, "error": message, "status": status, "title": title}

        async def answer() -> Response:
            if request.path.endswith(".json"):
                return Response.json(info, status=status)
            template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
            page = await template.render_async(
                dict(
                    info,
                    urls=datasette.urls,
                    app_css_hash=datasette.app_css_hash(),
                    menu_links=lambda: [],
                )
            )
            return Response.html(page, status=status)

        return answer


def serve(path: Path, *, host: str, port: int) -> None:
    """Serve the archive at ``path`` until interrupted (the caller has run :func:`check_port`)."""
    import uvicorn
    from datasette.app import Datasette
    from datasette.plugins import pm

    if not pm.has_plugin("newsroom-browse"):
        pm.register(_Guard, name="newsroom-browse")
        # Every handler runs on every error: Datasette's own would still print its traceback.
        pm.unregister(name="datasette.handle_exception")
    datasette = Datasette(
        [str(path)], metadata=metadata(path.stem, tables_of(path)), settings=SETTINGS
    )
    asyncio.run(datasette.invoke_startup())
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
