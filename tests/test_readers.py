"""Finding and reading input files: formats, encodings and every kind of bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsroom.errors import DecodeError, FormatError, InputError, ReadError
from newsroom.models import RawItem
from newsroom.readers import InputRef, article_id, decode, discover, read_ref

SEED = "date 2022-04-22 UNITED NATIONS (AP) — The world body said Friday.\n\nMore text."


def read_all(path: Path, max_bytes: int = 1_000_000) -> list[RawItem | InputError]:
    items: list[RawItem | InputError] = []
    for ref in discover([str(path)], chunk_lines=2):
        if isinstance(ref, InputError):
            items.append(ref)
        else:
            items.extend(read_ref(ref, source="test", max_bytes=max_bytes))
    return items


def test_seed_header_on_the_same_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("  " + SEED, encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, RawItem)
    assert item.date == "2022-04-22"
    assert item.date_source == "header"
    assert item.text is not None and item.text.startswith("UNITED NATIONS (AP)")
    assert item.key == str(path.resolve())


def test_seed_header_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2023-01-02\nLONDON, Dec 31 (Reuters) - Text.", encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, RawItem)
    assert item.date == "2023-01-02"
    assert item.text == "LONDON, Dec 31 (Reuters) - Text."


def test_plain_text_without_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Just a story about the date of the meeting.", encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, RawItem)
    assert item.date is None
    assert item.text == "Just a story about the date of the meeting."


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("latin-1", b""), ("cp1252", b"")],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = ("date 2022-04-22 SÃO PAULO (AP) - O presidente não comentou a decisão. "
            "Le ministre a répondu à la question du député sur la réforme.\n\n") * 3
    if encoding == "cp1252":
        text += "Prices rose 5 € — “sharply” – analysts said.\n"
    path = tmp_path / "encoded.txt"
    path.write_bytes(prefix + text.encode(encoding))
    [item] = read_all(path)
    assert isinstance(item, RawItem), item
    assert item.text is not None
    assert "não comentou a decisão" in item.text
    assert "répondu" in item.text
    assert not item.text.startswith("\ufeff")
    if encoding == "cp1252":
        assert "5 € — “sharply”" in item.text


def test_html_json_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    (tmp_path / "one.json").write_text(json.dumps({"id": "x1", "text": "Body", "title": "T",
                                                   "date": "2024-01-02", "url": "http://e/x"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A"}, {"html": "<p>B</p>"}]))
    (tmp_path / "wire.jsonl").write_text(
        "\n".join(json.dumps({"id": f"r{i}", "text": f"Story {i}"}) for i in range(5)) + "\n")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff binary")  # ignored in folders
    items = read_all(tmp_path)
    assert all(isinstance(item, RawItem) for item in items), items
    by_origin = {item.origin: item for item in items if isinstance(item, RawItem)}
    assert len(items) == 1 + 1 + 2 + 5
    page = by_origin[str(tmp_path / "page.html")]
    assert page.html is not None and page.text is None
    one = by_origin[str(tmp_path / "one.json")]
    assert (one.key, one.title, one.date, one.url) == ("x1", "T", "2024-01-02", "http://e/x")
    assert by_origin[f"{tmp_path / 'many.json'}[1]"].html == "<p>B</p>"
    wire = [item for item in items if isinstance(item, RawItem) and item.key.startswith("r")]
    assert [item.key for item in wire] == [f"r{i}" for i in range(5)]
    assert by_origin[f"{tmp_path / 'wire.jsonl'}:5"].text == "Story 4"


def test_jsonl_is_split_into_line_ranges_with_offsets(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"é{i}"}) + "\n" for i in range(7)))
    refs = list(discover([str(path)], chunk_lines=3))
    assert [(ref.start, ref.stop) for ref in refs if isinstance(ref, InputRef)] == [
        (1, 3), (4, 6), (7, 7)]
    last = refs[-1]
    assert isinstance(last, InputRef)
    [item] = list(read_ref(last, source="s", max_bytes=10_000))
    assert isinstance(item, RawItem) and item.text == "é6"


def test_globs_and_duplicates(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    refs = list(discover([str(tmp_path / "*.txt"), str(tmp_path / "a.txt")]))
    assert [Path(str(ref)).name for ref in refs] == ["a.txt", "b.txt"]


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (b"", FormatError, "empty input"),
        (b"   \n\t\n", FormatError, "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", DecodeError, "binary file"),
        (b"date 2022-13-45 Text of the story.", FormatError, "not a valid date"),
        (b"date 2022-04-22   ", FormatError, "no article text"),
    ],
)
def test_bad_files_become_errors_naming_the_file(
    tmp_path: Path, content: bytes, error: type[InputError], reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    [item] = read_all(path)
    assert isinstance(item, error)
    assert reason in item.reason
    assert item.origin == str(path)
    assert str(path) in str(item)


def test_undecodable_bytes(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="undecodable|binary"):
        decode(bytes(range(128, 256)) * 40 + b"\x00", "x.txt")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 50_000)
    [item] = read_all(path, max_bytes=100_000)
    assert isinstance(item, ReadError)
    assert "over the 0.1 MB limit" in item.reason
    assert "NEWSROOM_MAX_FILE_BYTES" in item.reason


def test_missing_unreadable_and_unmatched_paths(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    errors = list(discover([str(tmp_path / "nope.txt"), str(tmp_path / "*.xml"), str(fifo),
                            str(tmp_path / "dangling.txt")]))
    assert all(isinstance(error, ReadError) for error in errors)
    reasons = [error.reason for error in errors if isinstance(error, ReadError)]
    assert reasons == ["no such file or folder", "the pattern matches no file",
                       "not a regular file or folder", "no such file or folder"]


def test_malformed_json_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": \n[1, 2]\n{"id": 4}\n'
                    '{"id": 5, "text": "ok", "date": "yesterday"}\n{"id": 6, "text": "fine"}\n')
    items = read_all(path)
    kinds = [(type(item).__name__, item.origin) for item in items]
    assert kinds == [
        ("RawItem", f"{path}:1"), ("FormatError", f"{path}:2"), ("FormatError", f"{path}:3"),
        ("FormatError", f"{path}:4"), ("FormatError", f"{path}:5"), ("RawItem", f"{path}:6"),
    ]
    reasons = [item.reason for item in items if isinstance(item, InputError)]
    assert "malformed JSON" in reasons[0]
    assert "expected a JSON object" in reasons[1]
    assert "neither 'text' nor 'html'" in reasons[2]
    assert "not a valid date" in reasons[3]


def test_article_id_is_stable_and_distinct() -> None:
    assert article_id("files", "/a.txt") == article_id("files", "/a.txt")
    assert article_id("files", "/a.txt") != article_id("wire", "/a.txt")
    assert len(article_id("files", "/a.txt")) == 20
