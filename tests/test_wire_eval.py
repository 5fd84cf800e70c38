"""The wire collection eval/wire/ is consistent: every file is in the manifest with a format,
classes and what reading it must give, every listed file exists, SOURCES.md names the public
fixture each is modelled on, and every format and class of issue 22 has files. Not the scores:
eval/wire.py measures those."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsroom.stages.wire import FORMATS

COLLECTION = Path(__file__).resolve().parents[1] / "eval" / "wire"
NOT_SAMPLES = {"expected.yaml", "SOURCES.md"}
CLASSES = {
    "plain",
    "doctype-subset",
    "doctype-in-jsonl",
    "body-by-reference",
    "kill",
    "withhold",
    "empty-headline",
    "dpa-7901-no-soh-stx",
    "control-bytes",
    "anpa-headline-no-caret",
    "ninjs1-headline-body-star",
    "ninjs-headlines-roles",
    "nitf-in-ninjs",
    "ninjs3-event",
    "empty-inlinexml",
    "undeclared-prefix",
    "garbage-embargo",
    "ninjs-version-headline-object",
    "invalid-utf8",
    "associations",
    "abstract",
    "subheadlines",
    "take-key",
    "priority",
    "creditline",
    "located-structured",
    "body-html-table",
    "multi-language",
    "belga-7901",
    "takes-in-one-file",
    "plain-anpa",
    "desk-sign-off",
    "component-roles",
    "item-id-in-metadata",
    "ritzau-rbnews",
    "tt-nitf",
    "html-comments",
    "agency-subject-codes",
    "slash-credit",
    "zczc-variants",
}
OUTCOMES = {"story", "skipped", "failed"}
STORY_KEYS = {
    "outcome",
    "headline",
    "body_start",
    "body_end",
    "status",
    "dateline",
    "abstract",
    "subheadlines",
    "take_key",
    "priority",
    "creditline",
    "place",
    "version",
    "associations",
    "translations",
    "body_html_contains",
    "notes_contain",
    "notes_nonempty",
    "byline",
    "ednote",
    "wire_topics",
}
OTHER_KEYS = {"outcome", "reason", "headline"}
# A row of SOURCES.md: | `file` | format | classes | owner/repo: `path` [@ commit] |, or where a
# format's public description stands in for a fixture: | ... | a public description of ... |
SOURCE_ROW = re.compile(
    r"^\| `([^`]+)` \| ([\w-]+) \| ([^|]+) \| (?:([\w.-]+/[\w.-]+): `([^`]+)`|a public description)"
)


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = yaml.safe_load(
        (COLLECTION / "expected.yaml").read_text(encoding="utf-8")
    )["files"]
    return files


@pytest.fixture(scope="module")
def sources() -> dict[str, re.Match[str]]:
    rows = (COLLECTION / "SOURCES.md").read_text(encoding="utf-8").splitlines()
    return {match[1]: match for row in rows if (match := SOURCE_ROW.match(row))}


def test_every_file_is_listed_and_every_listed_file_exists(
    manifest: dict[str, dict[str, Any]],
) -> None:
    on_disk = {path.name for path in COLLECTION.iterdir() if path.is_file()} - NOT_SAMPLES
    assert sorted(on_disk - set(manifest)) == []
    assert sorted(set(manifest) - on_disk) == []
    assert 60 <= len(manifest) <= 130


def test_each_file_has_a_format_classes_and_items(manifest: dict[str, dict[str, Any]]) -> None:
    for name, entry in manifest.items():
        assert entry["format"] in FORMATS, name
        assert entry["classes"] and set(entry["classes"]) <= CLASSES, name
        assert entry["items"], name
        for item in entry["items"]:
            assert item["outcome"] in OUTCOMES, name
            if item["outcome"] == "story":
                assert set(item) <= STORY_KEYS, name
                assert {"headline", "body_start", "status"} <= set(item), name
                assert item["status"] in ("usable", "withheld", "canceled"), name
            else:
                assert set(item) <= OTHER_KEYS, name


def test_every_format_and_class_has_files(manifest: dict[str, dict[str, Any]]) -> None:
    formats = {entry["format"] for entry in manifest.values()}
    classes = {c for entry in manifest.values() for c in entry["classes"]}
    plain = {entry["format"] for entry in manifest.values() if "plain" in entry["classes"]}
    assert formats == set(FORMATS)
    assert classes == CLASSES
    assert plain == set(FORMATS)  # the baseline: ordinary files of every format


def test_sources_cite_each_file_as_the_manifest_lists_it(
    manifest: dict[str, dict[str, Any]], sources: dict[str, re.Match[str]]
) -> None:
    assert sorted(set(manifest) - set(sources)) == []
    assert sorted(set(sources) - set(manifest)) == []
    for name, row in sources.items():
        assert row[2] == manifest[name]["format"], name
        assert [c.strip() for c in row[3].split(",")] == manifest[name]["classes"], name
