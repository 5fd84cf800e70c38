"""Find input files and read them into raw items.

Inputs are files, folders (searched recursively) and glob patterns. A file is read by its
extension: ``.html``/``.htm`` pages, ``.json`` (an object or a list of objects), ``.jsonl`` (one
object per line) and anything else as text, with the seed header ``date YYYY-MM-DD`` when present.

Large inputs stream: :func:`discover` yields :class:`InputRef` work units (a file, or a range of
lines of a JSON Lines file) without reading contents, and :func:`read_ref` reads one unit. Every
problem is yielded as an :class:`~newsroom.errors.InputError` in place of the item, so the caller
records it and goes on.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from newsroom.errors import DecodeError, FormatError, InputError, ReadError
from newsroom.models import RawItem

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ""})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*(?:\r?\n)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class InputRef:
    """A unit of work: a whole file, or lines ``start``..``stop`` (1-based, inclusive) of one."""

    path: str
    start: int = 0
    stop: int = 0
    offset: int = 0  # byte offset of line ``start``, so a reader seeks instead of rescanning

    @property
    def lines(self) -> int:
        return self.stop - self.start + 1 if self.start else 1

    def __str__(self) -> str:
        return f"{self.path}:{self.start}-{self.stop}" if self.start else self.path


@lru_cache(maxsize=4096)
def file_key(path: str) -> str:
    """A file's identity: its resolved path (cached: a batch asks twice for each file)."""
    return str(Path(path).resolve())


def article_id(source: str, key: str) -> str:
    """The stable identity of an item: the same source and key always give the same id."""
    return hashlib.blake2b(f"{source}\0{key}".encode(), digest_size=10).hexdigest()


# -- discovery ------------------------------------------------------------------------------------


def discover(
    patterns: Iterable[str], *, chunk_lines: int = 500
) -> Iterator[InputRef | InputError]:
    """Yield work units for files, folders (recursive) and globs, in a stable order.

    A path that does not exist or matches nothing is yielded as a :class:`ReadError`. In folders,
    only files with a known extension are taken and hidden files are skipped; a file named
    explicitly is always taken.
    """
    seen: set[str] = set()
    for pattern in patterns:
        for path in _expand(pattern):
            if isinstance(path, InputError):
                yield path
                continue
            resolved = os.path.abspath(path)  # no syscalls: discovery walks millions of files
            if resolved in seen:
                continue
            seen.add(resolved)
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from _chunk_lines(path, chunk_lines)
            else:
                yield InputRef(str(path))


def _expand(pattern: str) -> Iterator[Path | InputError]:
    if any(char in pattern for char in GLOB_CHARS):
        matches = sorted(glob.glob(os.path.expanduser(pattern), recursive=True))
        if not matches:
            yield ReadError(pattern, "the pattern matches no file", stage="discover")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                yield from _walk(path)
            elif path.is_file():
                yield path
        return
    path = Path(os.path.expanduser(pattern))
    if path.is_dir():
        yield from _walk(path)
    elif path.is_file():
        yield path
    elif path.exists():
        yield ReadError(pattern, "not a regular file or folder", stage="discover")
    else:
        yield ReadError(pattern, "no such file or folder", stage="discover")


def _walk(folder: Path) -> Iterator[Path | InputError]:
    def on_error(exc: OSError) -> None:
        errors.append(ReadError(str(exc.filename or folder), f"cannot list folder: {exc.strerror}"))

    errors: list[InputError] = []
    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in KNOWN_SUFFIXES:
                continue
            yield Path(root, name)
        yield from errors
        errors.clear()


def _chunk_lines(path: Path, chunk_lines: int) -> Iterator[InputRef | InputError]:
    """Split a JSON Lines file into line ranges without keeping it in memory."""
    refs: list[InputRef] = []
    try:
        with path.open("rb") as handle:
            start, offset, position, number = 1, 0, 0, 0
            for number, line in enumerate(handle, start=1):
                position += len(line)
                if number - start + 1 == chunk_lines:
                    refs.append(InputRef(str(path), start, number, offset))
                    start, offset = number + 1, position
            if number >= start:
                refs.append(InputRef(str(path), start, number, offset))
    except OSError as exc:
        yield ReadError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    if not refs:
        yield InputRef(str(path))  # reading it reports the empty file
    yield from refs


# -- reading --------------------------------------------------------------------------------------


def read_ref(
    ref: InputRef, *, source: str, max_bytes: int
) -> Iterator[RawItem | InputError]:
    """Read one work unit into raw items; problems come out as errors in place of items."""
    path = Path(ref.path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(ref, source=source, max_bytes=max_bytes)
        return
    try:
        data = _read_bytes(path, max_bytes)
        text = decode(data, ref.path)
    except InputError as exc:
        yield exc
        return
    key = file_key(ref.path)
    if suffix in HTML_SUFFIXES:
        yield RawItem(source=source, key=key, origin=ref.path, html=text)
    elif suffix in JSON_SUFFIXES:
        yield from _read_json(text, ref.path, key=key, source=source)
    else:
        try:
            yield parse_seed_text(text, origin=ref.path, source=source, key=key)
        except InputError as exc:
            yield exc


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                str(path),
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                "(raise NEWSROOM_MAX_FILE_BYTES to accept it)",
            )
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(str(path), f"cannot read: {exc.strerror or exc}") from exc


def decode(data: bytes, origin: str) -> str:
    """Decode bytes as text: UTF-8 (with or without BOM) first, then detected encodings."""
    if not data.strip():
        raise FormatError(origin, "empty input", stage="decode")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DecodeError(origin, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(origin, "undecodable bytes: no text encoding fits; save it as UTF-8")
    log.debug("%s: decoded as %s", origin, best.encoding)
    return str(best)


def parse_seed_text(text: str, *, origin: str, source: str, key: str) -> RawItem:
    """Read plain text, taking the seed header ``date YYYY-MM-DD`` when the text opens with it."""
    date = None
    match = SEED_HEADER.match(text)
    if match:
        date = validate_date(match.group(1), origin)
        text = text[match.end():]
    if not text.strip():
        raise FormatError(origin, "no article text")
    return RawItem(
        source=source, key=key, origin=origin, text=text, date=date,
        date_source="header" if date else None,
    )


def validate_date(value: str, origin: str) -> str:
    """Check a ``YYYY-MM-DD`` or ISO 8601 date(time) and return it in ISO form."""
    value = value.strip()
    try:
        if ISO_DATE.match(value):
            return dt.date.fromisoformat(value).isoformat()
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError as exc:
        reason = f"date {value!r} is not a valid date (expected YYYY-MM-DD)"
        raise FormatError(origin, reason) from exc


def _read_json(text: str, origin: str, *, key: str, source: str) -> Iterator[RawItem | InputError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield FormatError(
            origin, f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        )
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        item_origin = f"{origin}[{index}]" if isinstance(data, list) else origin
        default_key = f"{key}[{index}]" if isinstance(data, list) else key
        try:
            yield record_to_item(record, origin=item_origin, source=source, default_key=default_key)
        except InputError as exc:
            yield exc


def _read_jsonl(ref: InputRef, *, source: str, max_bytes: int) -> Iterator[RawItem | InputError]:
    path = Path(ref.path)
    key = file_key(ref.path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield ReadError(ref.path, f"cannot read: {exc.strerror or exc}")
        return
    with handle:
        if not ref.start:
            yield FormatError(ref.path, "empty input")
            return
        handle.seek(ref.offset)
        for number, line in enumerate(handle, start=ref.start):
            if number > ref.stop:
                break
            origin = f"{ref.path}:{number}"
            if not line.strip():
                continue
            try:
                if len(line) > max_bytes:
                    raise ReadError(origin, f"line is {len(line) / 1e6:.1f} MB, over the limit")
                record = json.loads(decode(line, origin))
                yield record_to_item(
                    record, origin=origin, source=source, default_key=f"{key}:{number}"
                )
            except json.JSONDecodeError as exc:
                yield FormatError(origin, f"malformed JSON at column {exc.colno}: {exc.msg}")
            except InputError as exc:
                yield exc


def record_to_item(record: Any, *, origin: str, source: str, default_key: str) -> RawItem:
    """A JSON record (``text`` or ``html``; optional title, date, url, source, id) as an item."""
    if not isinstance(record, dict):
        raise FormatError(origin, f"expected a JSON object, got {type(record).__name__}")
    text, html = record.get("text"), record.get("html")
    has_text = isinstance(text, str) and bool(text.strip())
    has_html = isinstance(html, str) and bool(html.strip())
    if not has_text and not has_html:
        raise FormatError(origin, "record has neither 'text' nor 'html'")
    date = record.get("date")
    if date is not None:
        date = validate_date(str(date), origin)
    record_id = record.get("id")
    record_source = record.get("source") or source
    title = record.get("title")
    url = record.get("url")
    return RawItem(
        source=str(record_source),
        key=str(record_id) if record_id not in (None, "") else default_key,
        origin=origin,
        text=text if has_text else None,
        html=html if has_html else None,
        title=str(title) if title else None,
        date=date,
        date_source="json" if date else None,
        url=str(url) if url else None,
    )
