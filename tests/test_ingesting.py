"""Batch ingest services: the work units a run discovers once, and the counts batches add up."""

from __future__ import annotations

import json
import os
from pathlib import Path

from db.models import RunCounts
from newsroom.core.errors import InputError
from newsroom.services.ingesting import BatchResult, DiscoveredInputs, batched_refs
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
    }
    assert total.ingested == 8 and total.failed_by_stage == {"read": 3}
    assert total.items == [{"t": "a"}]
