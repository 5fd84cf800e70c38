"""Finding and reading input files: formats, encodings and every kind of bad input."""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

from newsroom.core.errors import DecodeError, FormatError, InputError, ReadError
from newsroom.core.models import RawItem
from newsroom.stages import readers
from newsroom.stages.readers import InputRef, article_id, decode, discover, read_ref

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
    text = (
        "date 2022-04-22 SÃO PAULO (AP) - O presidente não comentou a decisão. "
        "Le ministre a répondu à la question du député sur la réforme.\n\n"
    ) * 3
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
    (tmp_path / "one.json").write_text(
        json.dumps(
            {"id": "x1", "text": "Body", "title": "T", "date": "2024-01-02", "url": "http://e/x"}
        )
    )
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A"}, {"html": "<p>B</p>"}]))
    (tmp_path / "wire.jsonl").write_text(
        "\n".join(json.dumps({"id": f"r{i}", "text": f"Story {i}"}) for i in range(5)) + "\n"
    )
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
        (1, 3),
        (4, 6),
        (7, 7),
    ]
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


def test_a_pattern_that_matches_nothing_in_a_folder_is_an_empty_poll(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("PARIS (AFP) - A story.", encoding="utf-8")
    assert list(discover([str(tmp_path / "*.xml")])) == []


def test_missing_unreadable_and_unmatched_paths(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    errors = list(
        discover(
            [
                str(tmp_path / "nope.txt"),
                str(tmp_path / "missing" / "*.xml"),
                str(fifo),
                str(tmp_path / "dangling.txt"),
            ]
        )
    )
    assert all(isinstance(error, ReadError) for error in errors)
    reasons = [error.reason for error in errors if isinstance(error, ReadError)]
    assert reasons == [
        "no such file or folder",
        "the pattern matches no file",
        "not a regular file or folder (a FIFO)",
        "a broken symlink (its target does not exist)",
    ]


def test_malformed_json_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"id": 1, "text": "ok"}\n{"id": 2, "text": \n[1, 2]\n{"id": 4}\n'
        '{"id": 5, "text": "ok", "date": "yesterday"}\n{"id": 6, "text": "fine"}\n'
    )
    items = read_all(path)
    kinds = [(type(item).__name__, item.origin) for item in items]
    assert kinds == [
        ("RawItem", f"{path}:1"),
        ("FormatError", f"{path}:2"),
        ("FormatError", f"{path}:3"),
        ("FormatError", f"{path}:4"),
        ("FormatError", f"{path}:5"),
        ("RawItem", f"{path}:6"),
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


# -- hostile inputs: each one fails alone, or is read safely ------------------------------------


def items_and_errors(path: Path, **kwargs: int) -> tuple[list[RawItem], list[InputError]]:
    items = read_all(path, **kwargs)
    return (
        [item for item in items if isinstance(item, RawItem)],
        [item for item in items if isinstance(item, InputError)],
    )


def test_deeply_nested_json_fails_alone(tmp_path: Path) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"id": "a", "text": "First."})
        + "\n"
        + '{"id": "b", "text": "x", "extra": '
        + nested
        + "}\n"
        + json.dumps({"id": "c", "text": "Third."})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "deep.json").write_text(nested, encoding="utf-8")
    items, errors = items_and_errors(tmp_path)
    assert sorted(item.key for item in items) == ["a", "c"]
    assert sorted(Path(error.origin).name for error in errors) == ["deep.json", "wire.jsonl:2"]
    assert all("malformed JSON" in error.reason and "depth" in error.reason for error in errors)


@pytest.mark.parametrize(
    ("record_id", "reason"),
    [
        ("9" * 5000, "not a whole number that fits 64 bits"),  # orjson: a number beyond a double
        ("18446744073709551616", "not a whole number that fits 64 bits"),  # 2**64: lossy as a float
        ('"' + "x" * 5000 + '"', "'id' is 5,000 characters long, over the 1,000 limit"),
        ("[1, 2]", "'id' must be a string or a whole number, not a list"),
        ("true", "'id' must be a string or a whole number, not a boolean"),
    ],
)
def test_unusable_ids_fail_alone(tmp_path: Path, record_id: str, reason: str) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(
        '{"id": ' + record_id + ', "text": "Bad id."}\n{"id": 12, "text": "Good id."}\n',
        encoding="utf-8",
    )
    items, errors = items_and_errors(path)
    assert [item.key for item in items] == ["12"]
    [error] = errors
    assert error.origin == f"{path}:1"
    if record_id.startswith("9"):
        assert "malformed JSON" in error.reason and "number" in error.reason
    else:
        assert reason in error.reason


def test_lone_surrogates_are_replaced_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    record = (
        '{"id": "id\\udc80", "title": "Title \\udc80", "url": "https://e.com/\\ud800x", '
        '"text": "LONDON (Reuters) - Text \\udc80 with a \\ud83d\\ude00 pair."}'
    )
    path.write_text(record + "\n", encoding="utf-8")
    [item] = read_all(path)
    assert isinstance(item, RawItem)
    assert (item.key, item.title, item.url) == ("id\ufffd", "Title \ufffd", "https://e.com/\ufffdx")
    assert item.text == "LONDON (Reuters) - Text \ufffd with a \U0001f600 pair."
    assert sorted(note.split(":")[0] for note in item.notes) == ["id", "text", "title", "url"]
    for value in (item.key, item.title, item.url, item.text):
        assert value is not None
        value.encode("utf-8")  # storable and printable


def test_file_names_that_are_not_utf8_are_shown_the_same_everywhere(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    (tmp_path / name).write_text("LONDON (Reuters) - A story.", encoding="utf-8")
    (tmp_path / os.fsdecode(b"bad\xff.jsonl")).write_text("{broken\n", encoding="utf-8")
    items, errors = items_and_errors(tmp_path)
    [item] = items
    assert item.origin == f"{tmp_path}/caf\\xe9.txt"
    assert item.key == f"{tmp_path.resolve()}/caf\\xe9.txt"
    assert article_id(item.source, item.key)
    [error] = errors
    assert error.origin == f"{tmp_path}/bad\\xff.jsonl:1"
    assert str(error).encode("utf-8")


def test_special_files_and_symlink_loops_in_a_folder_are_recorded(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text("A story.", encoding="utf-8")
    os.mkfifo(tmp_path / "x.txt")  # reading it would block forever
    (tmp_path / "device.txt").symlink_to("/dev/zero")  # reading it would never end
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "s.txt"))
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop
    (tmp_path / "sub" / "z_good.txt").write_text("Another story.", encoding="utf-8")
    try:
        items, errors = items_and_errors(tmp_path)
    finally:
        listening.close()
    assert [Path(item.origin).name for item in items] == ["a_good.txt", "z_good.txt"]
    reasons = {Path(error.origin).name: (error.stage, error.reason) for error in errors}
    assert reasons == {
        "x.txt": ("discover", "not a regular file (a FIFO); skipped"),
        "s.txt": ("discover", "not a regular file (a socket); skipped"),
        "device.txt": ("discover", "not a regular file (a character device); skipped"),
        "loop.txt": ("discover", "a symlink loop (too many levels of symbolic links)"),
        "up": (
            "discover",
            f"the same folder as {tmp_path}, walked already (a symlink loop or "
            "a second link); skipped",
        ),
    }


def test_a_special_file_named_directly_is_refused_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [error] = list(read_ref(InputRef(str(fifo)), source="s", max_bytes=1000))
    assert isinstance(error, ReadError) and error.reason == "not a regular file (a FIFO)"


def _discover_unprivileged(paths: list[str]) -> list[list[str]]:
    """discover() in a forked child that cannot read what permissions forbid: as root (as in CI)
    the child drops to 'nobody' first, since root reads every folder whatever its mode."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 0
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            found = [
                [type(ref).__name__, str(ref), getattr(ref, "reason", "")]
                for ref in discover(paths)
            ]
            os.write(write_end, json.dumps(found).encode())
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(output)


def test_an_unreadable_folder_is_recorded_even_when_walked_last() -> None:
    top = Path(tempfile.mkdtemp(prefix="newsroom-unreadable-"))
    try:
        top.chmod(0o755)
        (top / "a.txt").write_text("A story.", encoding="utf-8")
        (top / "a.txt").chmod(0o644)
        (top / "zz_locked").mkdir(mode=0o755)
        (top / "zz_locked" / "b.txt").write_text("Hidden story.", encoding="utf-8")
        (top / "zz_locked").chmod(0o000)
        found = _discover_unprivileged([str(top)])
    finally:
        (top / "zz_locked").chmod(0o755)
        shutil.rmtree(top)
    assert found == [
        ["InputRef", f"{top}/a.txt", ""],
        [
            "ReadError",
            f"{top}/zz_locked: cannot list folder: Permission denied",
            "cannot list folder: Permission denied",
        ],
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32"])
def test_utf16_and_utf32_with_or_without_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = "date 2024-01-02\nLONDON (Reuters) - Shares rose, said Jürgen Müller. Цены выросли."
    path = tmp_path / "wide.txt"
    path.write_bytes(text.encode(encoding))
    [item] = read_all(path)
    assert isinstance(item, RawItem), item
    assert item.date == "2024-01-02"
    assert item.text == text.split("\n", 1)[1]


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_are_not_text(seed: int) -> None:
    data = random.Random(seed).randbytes(8 + seed * 13)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        with pytest.raises(DecodeError):
            decode(data, "junk.txt")
    else:  # a few seeds give valid UTF-8: then it decodes as itself
        assert decode(data, "junk.txt") == text


def test_binary_words_that_decode_as_utf16_are_refused() -> None:
    data = b"".join(value.to_bytes(2, "little") for value in range(1, 32)) * 20  # control chars
    with pytest.raises(DecodeError, match="binary"):
        decode(data, "numbers.txt")


def test_a_json_lines_line_over_the_limit_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    path.write_text(
        json.dumps({"id": "big", "text": "x " * 60_000})
        + "\n"
        + json.dumps({"id": "small", "text": "A story."})
        + "\n",
        encoding="utf-8",
    )
    items, errors = items_and_errors(path, max_bytes=100_000)
    assert [item.key for item in items] == ["small"]
    [error] = errors
    assert error.origin == f"{path}:1" and "line is over the 0.1 MB limit" in error.reason


def test_a_file_is_read_by_its_size_and_on_to_the_limit_if_it_grew(tmp_path: Path) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(b"0123456789")
    for limit, expected in ((100, 30), (15, 15), (8, 8)):
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            with path.open("ab") as writer:  # the agency's upload goes on after the stat
                writer.write(b"x" * 20)
            assert len(readers._read_up_to(handle, size, limit)) == expected
        path.write_bytes(b"0123456789")
    with path.open("rb") as handle:
        assert readers._read_up_to(handle, 10, 11) == b"0123456789"


def test_a_python_file_named_on_the_command_line_is_refused_not_stored(tmp_path: Path) -> None:
    """`newsroom ingest foo.py story.txt`: a file named explicitly is taken whatever its
    extension (wire copy may have any), then refused by its content, naming the file and the
    extensions read; the rest of the batch is read."""
    script = tmp_path / "foo.py"
    script.write_text('"""A tool."""\n\nimport sys\n\nprint(sys.argv)\n', encoding="utf-8")
    story = tmp_path / "story.txt"
    story.write_text("LONDON (Reuters) - Markets closed higher on Friday.", encoding="utf-8")
    items = [
        item
        for ref in discover([str(script), str(story)])
        for item in read_ref(ref, source="files", max_bytes=1_000_000)  # type: ignore[arg-type]
    ]
    refused, read = items
    assert isinstance(refused, FormatError) and refused.origin == str(script)
    assert refused.stage == "parse"
    assert "the extension '.py' is not one read as text" in refused.reason
    assert "Extensions read: .md, .text, .txt (text)" in refused.reason
    assert isinstance(read, RawItem) and read.origin == str(story)
