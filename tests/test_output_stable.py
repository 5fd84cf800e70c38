"""The pipeline's output does not change when its speed does.

Every sample the project ships (the seed articles, the article page and the wire fixtures) goes
through ``newsroom parse --jsonl``'s function, one JSON Lines record each, and the output must
equal what the code gave before the speed work of issue 13 (stored in
``fixtures/golden/parse-output.jsonl``), bar float rounding. ``bench/parse_jsonl.py --compare``
checks the same on the 20,000-story benchmark input against an older checkout.

A change that is meant to change the output regenerates the file, and the diff shows what moved:

    .venv/bin/python -m tests.test_output_stable
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsroom.stages.pipeline import comparable, process_json_line

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "parse-output.jsonl"


def sample_lines() -> Iterator[str]:
    """One JSON Lines record per shipped sample: seed text files with their ``date`` header as
    records, the seed JSON Lines as they are, the page as ``html``, wire files as documents."""
    for path in sorted((ROOT / "seeds").iterdir()):
        content = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            yield from (line for line in content.splitlines() if line.strip())
        elif path.suffix == ".html":
            yield json.dumps({"id": path.name, "html": content})
        else:
            header, _, text = content.partition("\n")
            yield json.dumps({"id": path.name, "date": header.split()[1], "text": text})
    page = ROOT / "tests" / "fixtures" / "article_page.html"
    yield json.dumps({"id": page.name, "html": page.read_text(encoding="utf-8")})
    for path in sorted((ROOT / "tests" / "fixtures" / "wire").iterdir()):
        content = path.read_bytes().decode("utf-8", "replace")
        yield json.dumps({"id": path.name, "document": content})


def outputs() -> list[Any]:
    return [process_json_line(line, number) for number, line in enumerate(sample_lines(), 1)]


def test_parse_output_is_what_it_was() -> None:
    expected = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    got = outputs()
    assert len(got) == len(expected)
    for number, (old, new) in enumerate(zip(expected, got, strict=True), 1):
        assert comparable(json.loads(json.dumps(new))) == comparable(old), f"sample {number}"


if __name__ == "__main__":
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    with GOLDEN.open("w", encoding="utf-8") as out:
        for output in outputs():
            out.write(json.dumps(output, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stderr.write(f"wrote {GOLDEN}\n")
