"""The ``ingest`` flow: find inputs (files, feeds, sitemaps, pages), ingest them in batches, report.

It reads like the pipeline's table of contents; the work is in ``tasks/`` and the plain modules
they wrap. Items stream: the flow holds one batch of work units and one parsed batch at a time.
"""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import sys
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, cast
from uuid import UUID

from prefect import Flow, flow, get_run_logger, runtime
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.client.schemas.objects import FlowRun, State
from prefect.context import FlowRunContext
from prefect.states import Cancelled, Completed, Failed
from prefect.task_runners import TaskRunner
from pydantic import Field

from db.models import RunCounts
from db.session import get_engine
from flows.naming import run_name
from newsroom.core import progress
from newsroom.core.errors import InputError
from newsroom.core.ids import short_ids
from newsroom.core.models import InputFormat
from newsroom.core.processes import interrupts_held
from newsroom.core.progress import counted
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import (
    BatchResult,
    DiscoveredInputs,
    batched,
    batched_refs,
    parse_batches,
)
from newsroom.services.outcomes import judge_run, nothing_new, unreadable_paths
from newsroom.services.runs import end_run
from newsroom.services.web import (
    SourceList,
    host_source,
    load_sources,
    page_batches,
    policy_from_settings,
)
from newsroom.stages.fetching import redact_url
from newsroom.stages.parallel import default_workers
from newsroom.stages.readers import InputRef, units
from tasks import Handed, quoted
from tasks.ingesting import (
    discard_run,
    finish_run,
    ingest_batch,
    prepare_database,
    store_batch,
)
from tasks.web import poll_sources, remember_polls, store_page_batch

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
WEB_BATCH_SIZE = 100  # pages per task: a few seconds of fetching each
DASK_BATCHES_PER_THREAD = 2  # batches in flight per Dask worker thread: no idle worker, flat memory


class IngestSummary(RunCounts):
    """What an ingest run did; the CLI prints it and the flow returns it."""

    run_id: str
    items: int = 0
    failed_by_stage: dict[str, int] = Field(default_factory=dict)
    failures: list[dict[str, str]] = Field(default_factory=list)  # a sample: origin, stage, reason
    sample: list[dict[str, str]] = Field(default_factory=list)  # some of what was ingested
    seconds: float = 0.0


class IngestFailed(RuntimeError):
    """The run ended Failed (a path could not be read, nothing could be read, or strict mode
    with failed items). A caller of the flow gets it raised, with the run's ``summary``; the
    Prefect state's message is ``message``."""

    def __init__(self, message: str, summary: IngestSummary) -> None:
        super().__init__(message, summary)  # both in args: the exception pickles as a result
        self.message, self.summary = message, summary

    def __str__(self) -> str:
        return self.message


class StrictIngestError(IngestFailed):
    """The run ended Failed only because strict mode allows no failed item."""


def _run_name() -> str:
    parameters = runtime.flow_run.parameters
    kinds = [
        kind
        for kind in ("paths", "urls", "feeds", "sitemaps", "sources_file")
        if parameters.get(kind)
    ]
    return run_name(f"ingest {parameters.get('source') or ' + '.join(kinds) or 'nothing'}")


class RunProgress:
    """Progress of a run: a progress artifact in the UI, the CLI's bar, a log line per tenth."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self._decile = total, 0, 0
        # a UUID: called in a flow run, the sync form returns, not a coroutine
        self._artifact = cast(
            UUID, create_progress_artifact(progress=0.0, description="Items processed")
        )
        progress.advance(0, total)

    def advance(self, items: int, result: RunCounts) -> None:
        self.done += items
        share = self.done / max(self.total, 1)
        progress.advance(self.done, self.total)
        if self._artifact is not None:
            update_progress_artifact(self._artifact, progress=100.0 * share)
        decile = int(10 * share)
        level = logging.INFO if decile > self._decile or self.done >= self.total else logging.DEBUG
        self._decile = max(self._decile, decile)
        get_run_logger().log(
            level,
            "%d/%d items: %d stored, %d updated, %d unchanged, %d failed",
            self.done,
            self.total,
            result.stored,
            result.updated,
            result.unchanged,
            result.failed,
        )


def _scheduled() -> bool:
    """Whether this run was made by a deployment's schedule (not by hand: `newsroom run`, the UI's
    Run button, `newsroom ingest`)."""
    context = FlowRunContext.get()
    return bool(context and context.flow_run and context.flow_run.auto_scheduled)


def end_run_after(exc: BaseException, database_url: str | None, run_id: str) -> None:
    """Close the run record after ``exc`` stopped the flow: ``failed`` for an error,
    ``cancelled`` for Ctrl-C, ``crashed`` for another interruption. Never raises over ``exc``:
    the state hooks try again."""
    status = "failed" if isinstance(exc, Exception) else "crashed"
    signal_number = getattr(exc, "signal", None)  # Prefect's TerminationSignal (SIGTERM)
    if isinstance(exc, KeyboardInterrupt):
        status, reason = "cancelled", "interrupted (Ctrl-C)"
    elif isinstance(signal_number, int):
        reason = f"terminated by {signal.Signals(signal_number).name}"
    else:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    try:
        end_run(get_engine(database_url), run_id, status, reason)
    except Exception as problem:
        logging.getLogger(__name__).error("cannot mark run %s %s: %s", run_id, status, problem)


def mark_run_ended(flow: Flow[..., Any], flow_run: FlowRun, state: State) -> None:  # noqa: ARG001
    """Prefect state hook (failed, crashed, cancelled): close a run record that the flow could
    not close itself. A run that has ended already is left as it is. (Prefect passes ``flow``,
    ``flow_run`` and ``state`` by these names.)"""
    status = "failed" if state.is_failed() else "crashed"
    reason = state.message or state.name or status
    if state.is_cancelled():
        reason = f"cancelled: {reason}"
    database_url = (flow_run.parameters or {}).get("database_url")
    end_run(get_engine(database_url), str(flow_run.id), status, reason)


@flow(
    name="ingest",
    flow_run_name=_run_name,
    log_prints=False,
    on_failure=[mark_run_ended],
    on_crashed=[mark_run_ended],
    on_cancellation=[mark_run_ended],
)
def ingest(
    paths: list[str] | None = None,
    urls: list[str] | None = None,
    feeds: list[str] | None = None,
    sitemaps: list[str] | None = None,
    sources_file: str | None = None,
    source: str | None = None,
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500,
    database_url: str | None = None,
    strict: bool = False,
    format: InputFormat = "auto",
    allowed_roots: list[str] | None = None,
) -> State[IngestSummary]:
    """Ingest articles from files and the web: clean, extract datelines, tag topics, store.

    The run ends Failed when a path cannot be read (a drop folder not mounted), when nothing
    could be read, or in strict mode with any failed item; "Completed with failures" when some
    items failed; else Completed. The state's message gives the counts. Called directly, the
    flow returns its summary, or raises :class:`IngestFailed` carrying it.

    Args:
        paths: Files, folders (searched recursively) and glob patterns, e.g. ["seeds"].
        urls: Article pages to fetch: a list of URLs such as https://example.com/news/a.html
            (the UI links a URL and would take a quote after it as part of the link).
        feeds: RSS or Atom feeds to poll; only entries not stored yet are fetched.
        sitemaps: Sitemaps or news sitemaps (or sitemap indexes) to read.
        sources_file: A YAML file listing named sources with their feeds, sitemaps and urls.
        source: Source name stored with the articles (default: "files" for files, the host for
            web pages; JSON records and the sources file may name their own).
        batch_size: Items per batch task; each batch is parsed, then written in one transaction.
        database_url: SQLAlchemy URL of the article database; empty uses NEWSROOM_DATABASE_URL.
        strict: Mark the run as failed if any item could not be ingested.
        format: How to read the files: "auto" (each by its content: NewsML-G2, NITF,
            NewsML 1.x, ninjs, ANPA-1312, IPTC 7901, HTML, JSON or text) or one of those forced.
        allowed_roots: Folders that symlinks in the ingested folders may lead into, beside
            NEWSROOM_ALLOWED_ROOTS (by default a link leading out of its folder is a failure).
    """
    started = time.perf_counter()
    flow_run_id = runtime.flow_run.id
    run_id = str(flow_run_id or uuid.uuid4())
    parameters: dict[str, Any] = {  # as the run record keeps them: passwords in URLs hidden
        "paths": paths or [],
        "urls": [redact_url(url) for url in urls or []],
        "feeds": [redact_url(url) for url in feeds or []],
        "sitemaps": [redact_url(url) for url in sitemaps or []],
        "sources_file": sources_file,
        "source": source,
        "batch_size": batch_size,
        "strict": strict,
        "format": format,
        "allowed_roots": allowed_roots or [],
        "deployment": runtime.deployment.name,  # None for a run that is not a deployment's
    }
    with interrupts_held():
        prepare_database(
            database_url, run_id, parameters, flow_run_id=str(flow_run_id) if flow_run_id else None
        )
    try:  # the run record ends completed or failed here, crashed in the state hooks
        web = web_sources(urls or [], feeds or [], sitemaps or [], sources_file, source)
        result = ingest_everything(
            paths or [], web, source, batch_size, database_url, run_id, format, allowed_roots or []
        )
        summary = IngestSummary(
            run_id=run_id,
            items=result.ingested + result.failed,
            **result.counts(),
            failed_by_stage=dict(result.failed_by_stage),
            failures=[
                {"origin": f.origin, "stage": f.stage, "reason": f.reason} for f in result.failures
            ],
            sample=result.items,
            seconds=round(time.perf_counter() - started, 3),
        )
        _report(summary)
        unreadable = unreadable_paths(paths or [])
        verdict = judge_run(
            summary,
            unreadable=unreadable,
            strict=strict,
            failed_by_stage=summary.failed_by_stage,
            run_id=run_id,
        )
        # A scheduled poll that found nothing new keeps no run record; a run by hand does.
        with interrupts_held():
            discarded = (
                _scheduled()
                and nothing_new(summary, unreadable=unreadable)
                and discard_run(database_url, run_id)
            )
            if not discarded:
                finish_run(
                    database_url,
                    run_id,
                    RunCounts(**summary.counts()),
                    verdict.status,
                    verdict.error,
                )
    except KeyboardInterrupt as exc:  # Ctrl-C: Cancelled, as the user asked, not Crashed
        end_run_after(exc, database_url, run_id)
        get_run_logger().warning("run cancelled: interrupted (Ctrl-C)")
        return Cancelled(message="interrupted (Ctrl-C)")
    except BaseException as exc:
        end_run_after(exc, database_url, run_id)
        raise
    logger = get_run_logger()
    if discarded:
        logger.info("nothing new (%s): a scheduled poll keeps no run record", verdict.message)
    for failure in summary.failures[:10]:
        logger.warning("failed: %s [%s] %s", failure["origin"], failure["stage"], failure["reason"])
    if verdict.failed:  # a state, not an exception: its message is ours, without a traceback
        logger.error("run failed: %s", verdict.message)
        error_type = StrictIngestError if verdict.strict else IngestFailed
        return Failed(message=verdict.message, data=error_type(verdict.message, summary))
    return Completed(name=verdict.state_name, message=verdict.message, data=summary)


def ingest_everything(
    paths: list[str],
    web: SourceList,
    source: str | None,
    batch_size: int,
    database_url: str | None,
    run_id: str,
    format: str = "auto",
    allowed_roots: list[str] | None = None,
) -> BatchResult:
    """Poll the web sources, then ingest the files and the pages in batches."""
    logger = get_run_logger()
    result = BatchResult()
    pages = []
    if web:
        polled = poll_sources(quoted(web), database_url, run_id)
        pages = polled.pages
        result.add(
            BatchResult(
                failed=len(polled.failures),
                skipped=polled.skipped,
                not_modified=polled.not_modified,
                requests=polled.requests,
                failures=polled.failures,
                failed_by_stage=Counter(f.stage for f in polled.failures),
            )
        )
    with DiscoveredInputs(
        paths, chunk_lines=batch_size, allowed_roots=allowed_roots or []
    ) as inputs:
        tracker = RunProgress(inputs.items + len(pages))
        logger.info("ingesting %d items", tracker.total)
        for items, batch_result in file_batches(
            inputs,
            source or "files",
            batch_size,
            get_settings().max_file_bytes,
            database_url,
            run_id,
            format,
        ):
            result.add(batch_result)
            tracker.advance(items, result)
    for parsed in page_batches(
        batched(pages, min(batch_size, WEB_BATCH_SIZE)),
        engine=get_engine(database_url),
        policy=policy_from_settings(get_settings()),
        workers=get_settings().workers or default_workers(),
    ):
        with interrupts_held():
            result.add(store_page_batch(Handed(parsed), database_url, run_id))
        tracker.advance(len(parsed.states), result)
    if web:
        remember_polls(quoted(polled.states), result.retry_documents, database_url)
    return result


def file_batches(
    inputs: Iterable[InputRef | InputError],
    source: str,
    batch_size: int,
    max_bytes: int,
    database_url: str | None,
    run_id: str,
    format: str = "auto",
) -> Iterator[tuple[int, BatchResult]]:
    """Ingest the files in batches; yield each batch's item count and result.

    By default, worker processes (``NEWSROOM_WORKERS``, one per CPU) read, clean and tag the
    batches while this process stores them in order, a ``store batch`` task each. Under a Dask
    task runner (see :func:`task_runner_from_settings`) the batches are submitted to the
    cluster, an ``ingest batch`` task each, at most
    ``DASK_BATCHES_PER_THREAD`` per worker thread in flight, so the flow holds a few batches of
    work units and counts however large the input; results come back in submission order.
    """
    batches = batched_refs(inputs, batch_size)
    dask = _dask_task_runner()
    if dask is None:
        for parsed in parse_batches(
            batches,
            source=source,
            max_bytes=max_bytes,
            engine=get_engine(database_url),
            workers=get_settings().workers or default_workers(),
            format=format,
        ):
            with interrupts_held():
                stored = store_batch(Handed(parsed), database_url, run_id)
            yield parsed.items, stored
        return
    in_flight: deque[tuple[int, Any]] = deque()
    window = 0
    for refs in batches:
        window = window or max(2, DASK_BATCHES_PER_THREAD * sum(dask.client.nthreads().values()))
        if len(in_flight) >= window:
            items, future = in_flight.popleft()
            yield items, future.result()
        # not quoted: quote is a namedtuple, which Dask rebuilds as quote((refs,))
        future = ingest_batch.submit(refs, source, max_bytes, database_url, run_id, format)
        in_flight.append((_weight(refs), future))
    while in_flight:
        items, future = in_flight.popleft()
        yield items, future.result()


def task_runner_from_settings() -> TaskRunner | None:
    """The task runner the settings ask for, or None for the default (sequential batches).

    ``NEWSROOM_DASK_ADDRESS`` names a running Dask scheduler (``tcp://host:8786``);
    ``NEWSROOM_TASK_RUNNER=dask`` starts a local cluster of ``NEWSROOM_DASK_WORKERS`` worker
    processes (default: one per CPU) for the run. Read once, when this module builds the flow.
    """
    settings = get_settings()
    address = (settings.dask_address or "").strip()
    if not address and settings.task_runner != "dask":
        return None
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    workers = settings.dask_workers or os.cpu_count() or 1
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )


def _dask_task_runner() -> Any:
    """The running flow's DaskTaskRunner, if it has one (prefect_dask is imported only then)."""
    prefect_dask = sys.modules.get("prefect_dask")
    context = FlowRunContext.get()
    if prefect_dask is None or context is None:
        return None
    runner = context.task_runner
    return runner if isinstance(runner, prefect_dask.DaskTaskRunner) else None


def _weight(refs: list[InputRef | InputError]) -> int:
    return sum(units(ref) for ref in refs)


def web_sources(
    urls: list[str],
    feeds: list[str],
    sitemaps: list[str],
    sources_file: str | None,
    source: str | None,
) -> SourceList:
    """The web sources of a run: those given directly (named by ``source`` or their host) and
    those of the sources file."""
    sources = load_sources(sources_file) if sources_file else SourceList()
    for kind, given in (("urls", urls), ("feeds", feeds), ("sitemaps", sitemaps)):
        getattr(sources, kind).extend((source or host_source(url), url) for url in given)
    return sources


def _report(summary: IngestSummary) -> None:
    """A table and a markdown summary of the run, shown in the Prefect UI."""
    rows = [{"outcome": name, "items": count} for name, count in summary.counts().items()]
    rows += [
        {"outcome": f"failed at {stage}", "items": count}
        for stage, count in sorted(summary.failed_by_stage.items())
    ]
    create_table_artifact(key="ingest-summary", table=rows, description="Ingest run summary")
    if summary.sample:
        short = short_ids([row["id"] for row in summary.sample])  # `newsroom show ID` takes them
        create_table_artifact(
            key="ingest-items",
            table=[{**row, "id": short[row["id"]]} for row in summary.sample],
            description="What the run ingested (up to 50 items per batch)",
        )
    lines = [
        f"# Ingest run `{summary.run_id}`",
        "",
        f"{counted(summary.items, 'item')} in {summary.seconds:.1f} s: "
        f"**{summary.stored} stored**, {summary.updated} updated, "
        f"{summary.unchanged} unchanged, **{summary.failed} failed**.",
    ]
    if summary.failures:
        lines += ["", "| item | stage | reason |", "|---|---|---|"]
        lines += [
            f"| {_cell(f['origin'])} | {_cell(f['stage'])} | {_cell(f['reason'])} |"
            for f in summary.failures
        ]
    create_markdown_artifact(
        markdown="\n".join(lines), key="ingest-failures", description="Ingest run report"
    )


def _cell(text: str) -> str:
    """Text shown as it is inside a markdown table cell: every kind of line break (``\\r``
    too) becomes a space, HTML is escaped (a file named ``<img onerror=...>`` is shown, never
    run) and markdown's own characters are backslashed."""
    text = html.escape(" ".join(text.split()), quote=False)
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _with_task_runner(flow_: Any) -> Any:
    """The flow with the task runner the settings ask for. A setting that is not valid does not
    make this module fail to import: the run that reads it fails, saying which one and why."""
    try:
        runner = task_runner_from_settings()
    except ValueError as exc:  # pydantic's ValidationError: a bad NEWSROOM_* value
        logging.getLogger(__name__).warning("settings not valid: %s", exc)
        return flow_
    return flow_ if runner is None else flow_.with_options(task_runner=runner)


ingest = _with_task_runner(ingest)
