"""Batch ingest services: the work units a run discovers once, and the counts batches add up."""

from __future__ import annotations

import json
import os
from pathlib import Path

from db.models import RunCounts
from newsroom.core.errors import InputError
from newsroom.core.models import RawItem
from newsroom.services.ingesting import (
    ITEM_COLUMNS,
    BatchResult,
    DiscoveredInputs,
    _item_row,
    batched_refs,
)
from newsroom.stages.pipeline import process_item
from newsroom.stages.readers import InputRef, discover


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
