"""The ``ingest`` flow: find inputs, ingest them in batches (parse, then store), report.

It reads like the pipeline's table of contents; the work is in ``tasks/`` and the plain modules
they wrap. Items stream: the flow holds one batch of work units and one parsed batch at a time.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Annotated, Any

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.utilities.annotations import quote
from pydantic import BaseModel, Field

from newsroom import progress
from newsroom.batches import BatchResult, batched_refs
from newsroom.readers import InputRef, discover
from newsroom.settings import get_settings
from tasks.ingest import finish_run, ingest_batch, prepare_database


class IngestSummary(BaseModel):
    """What an ingest run did; the CLI prints it and the flow returns it."""

    run_id: str
    items: int = 0
    stored: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    failed_by_stage: dict[str, int] = Field(default_factory=dict)
    failures: list[dict[str, str]] = Field(default_factory=list)  # a sample: origin, stage, reason
    seconds: float = 0.0

    @property
    def ingested(self) -> int:
        return self.stored + self.updated + self.unchanged


class StrictIngestError(RuntimeError):
    """Raised in strict mode when any item failed, so the flow run is marked Failed."""


def count_items(paths: list[str], batch_size: int) -> int:
    return sum(ref.lines if isinstance(ref, InputRef) else 1
               for ref in discover(paths, chunk_lines=batch_size))


@flow(name="ingest", flow_run_name="ingest {source}", log_prints=False)
def ingest(
    paths: list[str],
    source: str = "files",
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500,
    database_url: str | None = None,
    strict: bool = False,
) -> IngestSummary:
    """Ingest article files into the database: clean, extract datelines, tag topics, store.

    Args:
        paths: Files, folders (searched recursively) and glob patterns to ingest, e.g. ["seeds"].
        source: Source name stored with the articles (JSON records may name their own).
        batch_size: Items per batch task; each batch is parsed, then written in one transaction.
        database_url: SQLAlchemy URL of the article database; empty uses NEWSROOM_DATABASE_URL.
        strict: Mark the run as failed if any item could not be ingested.
    """
    logger = get_run_logger()
    started = time.perf_counter()
    settings = get_settings()
    run_id = str(runtime.flow_run.id or uuid.uuid4())
    parameters: dict[str, Any] = {"paths": paths, "source": source, "batch_size": batch_size,
                                  "strict": strict}
    prepare_database(database_url, run_id, parameters)

    total = count_items(paths, batch_size)
    logger.info("ingesting %d items from %s", total, ", ".join(paths))
    progress_id = create_progress_artifact(progress=0.0, description="Items processed")
    progress.advance(0, total)

    result = BatchResult()
    done = logged_decile = 0
    for refs in batched_refs(discover(paths, chunk_lines=batch_size), batch_size):
        batch_result = ingest_batch(quote(refs), source, settings.max_file_bytes, database_url,
                                    run_id)
        result.add(batch_result)
        done += sum(ref.lines if isinstance(ref, InputRef) else 1 for ref in refs)
        progress.advance(done, total)
        if progress_id is not None:
            update_progress_artifact(progress_id, progress=100.0 * done / max(total, 1))
        decile = 10 * done // max(total, 1)
        level = logging.INFO if decile > logged_decile or done >= total else logging.DEBUG
        logged_decile = max(logged_decile, decile)
        logger.log(level, "%d/%d items: %d stored, %d updated, %d unchanged, %d failed",
                   done, total, result.stored, result.updated, result.unchanged, result.failed)

    summary = IngestSummary(
        run_id=run_id, items=result.ingested + result.failed, stored=result.stored,
        updated=result.updated, unchanged=result.unchanged, failed=result.failed,
        failed_by_stage=dict(result.failed_by_stage),
        failures=[{"origin": f.origin, "stage": f.stage, "reason": f.reason}
                  for f in result.failures],
        seconds=round(time.perf_counter() - started, 3),
    )
    status = "failed" if strict and summary.failed else "completed"
    finish_run(database_url, run_id, _counts(summary), status)
    _report(summary)
    for failure in summary.failures[:10]:
        logger.warning("failed: %s [%s] %s", failure["origin"], failure["stage"], failure["reason"])
    if strict and summary.failed:
        raise StrictIngestError(f"{summary.failed} items could not be ingested (strict mode)")
    return summary


def _counts(summary: IngestSummary) -> dict[str, int]:
    return {"stored": summary.stored, "updated": summary.updated,
            "unchanged": summary.unchanged, "failed": summary.failed}


def _report(summary: IngestSummary) -> None:
    """A table and a markdown summary of the run, shown in the Prefect UI."""
    rows = [{"outcome": name, "items": count} for name, count in _counts(summary).items()]
    rows += [{"outcome": f"failed at {stage}", "items": count}
             for stage, count in sorted(summary.failed_by_stage.items())]
    create_table_artifact(key="ingest-summary", table=rows, description="Ingest run summary")
    lines = [
        f"# Ingest run `{summary.run_id}`",
        "",
        f"{summary.items} items in {summary.seconds:.1f} s: **{summary.stored} stored**, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, **{summary.failed} failed**.",
    ]
    if summary.failures:
        lines += ["", "| item | stage | reason |", "|---|---|---|"]
        lines += [f"| {f['origin']} | {f['stage']} | {f['reason']} |" for f in summary.failures]
    create_markdown_artifact(markdown="\n".join(lines), key="ingest-failures",
                             description="Ingest run report")
