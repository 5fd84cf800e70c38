"""``newsroom parse --jsonl`` gives one line out for each line in, blank lines included: a
caller pairs output line N with input line N."""

from __future__ import annotations

import json

import pytest

from tests.cli import newsroom


@pytest.mark.parametrize("workers", ["1", "2"])
def test_parse_jsonl_answers_a_blank_line_with_an_error_line(workers: str) -> None:
    story = {"id": "a", "text": "KYIV, Ukraine (AP) — Shelling hit the city.", "date": "2022-04-22"}
    lines = [json.dumps(story), "", "   \t", json.dumps({**story, "id": "d"}), ""]
    result = newsroom("parse", "--jsonl", "--workers", workers, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(outputs) == len(lines)
    assert [output["id"] for output in outputs] == ["a", None, None, "d", None]
    for number in (2, 3, 5):
        error = outputs[number - 1]["error"]
        assert error.startswith(f"line {number}: blank line"), error
    assert outputs[0]["error"] is None and outputs[3]["error"] is None
