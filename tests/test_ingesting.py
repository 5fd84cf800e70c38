"""Batch ingest services: the work units a run discovers once, and the counts batches add up."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from db import crud
from db.models import Article, RunCounts, Source
from newsroom.core.errors import InputError
from newsroom.core.models import RawItem
from newsroom.services.ingesting import (
    ITEM_COLUMNS,
    BatchResult,
    DiscoveredInputs,
    _item_row,
    batched_refs,
    ingest_refs,
)
from newsroom.stages.pipeline import process_item
from newsroom.stages.readers import InputRef, discover
from newsroom.stages.tagger import get_tagger

ROOT = Path(__file__).resolve().parent.parent


def test_inputs_are_discovered_once_and_read_back_in_order(tmp_path: Path) -> None:
    for name in ("a.txt", "b.html", "c.txt"):
        (tmp_path / name).write_text("A story.", encoding="utf-8")
    (tmp_path / "wire.jsonl").write_text(
        "".join(json.dumps({"id": n, "text": "x"}) + "\n" for n in range(7)), encoding="utf-8"
    )
    os.mkfifo(tmp_path / "pipe.txt")
    paths = [str(tmp_path), str(tmp_path / "missing.txt")]
    expected = list(discover(paths, chunk_lines=3))
    with DiscoveredInputs(paths, chunk_lines=3) as inputs:
        assert (inputs.units, inputs.items) == (len(expected), 3 + 7 + 2)
        first, again = list(inputs), list(inputs)
    assert [str(ref) for ref in first] == [str(ref) for ref in again]
    assert [str(ref) for ref in first] == [str(ref) for ref in expected]
    errors = [ref for ref in first if isinstance(ref, InputError)]
    assert [(type(e).__name__, e.stage, e.reason) for e in errors] == [
        ("ReadError", "discover", "not a regular file (a FIFO); skipped"),
        ("ReadError", "discover", "no such file or folder"),
    ]
    ranges = [(ref.start, ref.stop) for ref in first if isinstance(ref, InputRef) and ref.start]
    assert ranges == [(1, 3), (4, 6), (7, 7)]
    assert [len(batch) for batch in batched_refs(first, 5)] == [5, 3]  # a range weighs its lines


def test_batch_results_add_up_as_run_counts() -> None:
    total = BatchResult()
    total.add(BatchResult(stored=2, failed=1, failed_by_stage={"read": 1}, items=[{"t": "a"}]))
    total.add(RunCounts(skipped=3, requests=4))
    total.add(BatchResult(updated=1, unchanged=5, failed=2, failed_by_stage={"read": 2}))
    assert total.counts() == {
        "stored": 2,
        "updated": 1,
        "unchanged": 5,
        "failed": 3,
        "not_modified": 0,
        "skipped": 3,
        "requests": 4,
        "waiting": 0,
        "quarantined": 0,
    }
    assert total.ingested == 8 and total.failed_by_stage == {"read": 3}
    assert total.items == [{"t": "a"}]


def test_the_item_table_leads_with_the_id_keeps_titles_whole_and_cuts_the_rest_at_words() -> None:
    title = (
        "Central bank holds interest rates steady as inflation eases and unemployment edges "
        "higher across the region"
    )
    article = process_item(
        RawItem(
            source="desk",
            key="1",
            origin="1",
            title=title,
            text="LONDON (Reuters) - The Bank of England kept its interest rate unchanged.",
        )
    )
    row = _item_row(article, "stored")
    assert list(row) == ["id", "title", "dateline", "topic", "status", "source"]
    assert row["id"] == article.id
    assert row["title"] == title  # whole: the UI wraps it
    assert row["dateline"] == "London"
    assert row["topic"] == "economy, business…"
    assert len(row["topic"]) <= ITEM_COLUMNS["topic"]
    assert row["status"] == "stored" and row["source"] == "desk"


def test_a_file_read_again_under_another_source_is_updated_not_copied(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The documented manual run (`--param source=manual` on files stored as drop-folder) moves
    the articles to the new source: the same number of articles, counted updated."""
    seeds = list(discover([str(ROOT / "seeds")]))
    files = [ref for ref in seeds if isinstance(ref, InputRef) and not ref.start]  # 4 stories
    records = 3  # the JSON Lines file's, each naming its own source and id
    with Session(sqlite_engine) as session:
        crud.sync_topics(get_tagger().vocabulary.concepts.values(), session=session)
        session.commit()

    def ingest_as(source: str) -> RunCounts:
        result = ingest_refs(
            seeds, source=source, max_bytes=10_000_000, engine=sqlite_engine, run_id=None
        )
        return RunCounts(**result.counts())

    def sources() -> list[tuple[str, int]]:
        with Session(sqlite_engine) as session:
            rows = session.exec(
                select(Source.name, func.count())
                .join(Article, col(Article.source_id) == col(Source.id))
                .group_by(Source.name)
            ).all()
        return sorted((name, count) for name, count in rows)

    first = ingest_as("drop-folder")
    assert (first.stored, first.failed) == (len(files) + records, 0)
    with caplog.at_level("INFO", logger="newsroom.services.ingesting"):
        again = ingest_as("manual")
    assert (again.stored, again.updated, again.unchanged) == (0, len(files), records)
    assert sources() == [("example-wire", records), ("manual", len(files))]
    assert f"{len(files)} files stored before under another source" in caplog.text
    assert "updated to source 'manual'" in caplog.text and "was 'drop-folder'" in caplog.text
    assert ingest_as("manual").unchanged == len(files) + records  # the same source: unchanged
