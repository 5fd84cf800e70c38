"""The ``retag`` flow: re-tag stored articles after the rules or the vocabulary change.

Nothing is fetched or parsed again: the stored text is tagged with the current rules, editors'
corrections are applied on top, and only articles whose tags changed are written.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Annotated

from prefect import flow, get_run_logger, runtime
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from pydantic import BaseModel, Field
from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from db.session import ensure_schema, get_engine
from flows.naming import run_name
from newsroom.core.settings import get_settings
from newsroom.services.retagging import RetagResult, tag_batches
from newsroom.stages.parallel import default_workers
from newsroom.stages.tagger import get_tagger
from tasks import Handed
from tasks.retagging import write_tag_batch


class RetagSummary(BaseModel):
    articles: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    rescored: int = 0
    failed: int = 0
    seconds: float = 0.0


def _id_batches(engine: Engine, size: int, source: str | None) -> Iterator[list[str]]:
    """The stored articles' ids, ``size`` at a time: the archive may hold millions."""
    last = ""
    while True:
        with Session(engine) as session:
            ids = crud.next_article_ids(last, size, source=source, session=session)
        if not ids:
            return
        yield ids
        last = ids[-1]


def _run_name() -> str:
    source = runtime.flow_run.parameters.get("source")
    return run_name(f"retag {source}" if source else "retag all sources")


@flow(name="retag", flow_run_name=_run_name, log_prints=False)
def retag(
    source: str | None = None,
    batch_size: Annotated[int, Field(ge=1, le=10_000)] = 500,
    database_url: str | None = None,
) -> RetagSummary:
    """Re-tag stored articles with the current topic rules and vocabulary, in batches.

    Args:
        source: Only this source's articles (default: every article).
        batch_size: Articles per batch: tagged by a worker process, written by a task.
        database_url: SQLAlchemy URL of the article database; empty uses NEWSROOM_DATABASE_URL.
    """
    logger = get_run_logger()
    started = time.perf_counter()
    engine = get_engine(database_url)
    ensure_schema(engine)
    tagger = get_tagger()
    with Session(engine) as session:
        crud.sync_topics(tagger.vocabulary.concepts.values(), session=session)
        session.commit()
    result = RetagResult()
    for tagged in tag_batches(
        _id_batches(engine, batch_size, source),
        engine=engine,
        workers=get_settings().workers or default_workers(),
    ):
        result.add(write_tag_batch(Handed(tagged), database_url))
        logger.info("%d articles re-tagged, %d changed", result.articles, result.changed)
    summary = RetagSummary(
        articles=result.articles,
        changed=result.changed,
        added=result.added,
        removed=result.removed,
        rescored=result.rescored,
        failed=result.failed,
        seconds=round(time.perf_counter() - started, 3),
    )
    create_table_artifact(
        key="retag-summary",
        description="Retag run summary",
        table=[
            {"outcome": name, "count": getattr(summary, name)}
            for name in ("articles", "changed", "added", "removed", "rescored", "failed")
        ],
    )
    create_markdown_artifact(
        key="retag-report",
        description="Retag run report",
        markdown=f"# Retag\n\n{summary.articles} articles re-tagged in {summary.seconds:.1f} s: "
        f"**{summary.changed} changed** ({summary.added} tags added, {summary.removed} removed, "
        f"{summary.rescored} rescored).",
    )
    return summary
