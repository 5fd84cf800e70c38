"""Reuters-21578 stories for the benchmarks (read from ../shared/data; never copied here), and
what the benchmarks that compare two checkouts share."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "reuters21578" / "reuters21578.jsonl"


def load_stories(data: Path) -> list[dict[str, Any]]:
    """The stories that have a body and a date."""
    stories = []
    with data.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("body") and record.get("date_iso"):
                stories.append(record)
    return stories


def wire_lead(record: dict[str, Any]) -> str:
    """The story as it came off the wire: dateline, then body."""
    return f"{(record.get('dateline_raw') or '').strip()} {record['body']}"


def cache_for(code: Path) -> Path:
    """Each code's own cache of compiled resources (:mod:`newsroom.stages.resources`), warmed
    before timing: older code removes every other build of a resource, a newer checkout's too."""
    return Path(tempfile.gettempdir()) / "newsroom-bench-cache" / code.resolve().name


def environment_for(code: Path, **extra: str) -> dict[str, str]:
    """The environment a benchmark's child process runs ``code`` in: that checkout's package
    first on the path, and its own cache of compiled resources (:func:`cache_for`)."""
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "NEWSROOM_CACHE_DIR": str(cache_for(code)),
        **extra,
    }
