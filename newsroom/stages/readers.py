"""Find input files and read them into raw items.

Inputs are files, folders (searched recursively) and glob patterns. A file is read by its
content first (the wire formats) and its extension second: ``.html``/``.htm`` pages, ``.json``
(an object or a list of objects), ``.jsonl`` (one object per line) and ``.txt``, ``.text`` and
``.md`` as text, with the seed header ``date YYYY-MM-DD`` when present. A file of any other
extension, or none, whose content is in no format this reads is refused, not stored as text.

Large inputs stream: :func:`discover` yields :class:`InputRef` work units (a file, or a range of
lines of a JSON Lines file) without reading contents, and :func:`read_ref` reads one unit. Neither
raises for a bad input: every problem is yielded as an :class:`~newsroom.core.errors.InputError` in
place of the item, so the caller records it and goes on.

What arrives is not trusted:

- Folders are walked reading regular files only. FIFOs, sockets and devices (which would block a
  read or never end), symlink loops, broken symlinks and folders that cannot be listed are
  yielded as errors wherever they are in the walk; symlinks to folders are followed once.
- A symlink is followed only when its target resolves inside the folder being read (the path
  or the glob's folder that was named) or inside an allowed root (``NEWSROOM_ALLOWED_ROOTS``,
  ``ingest --allow-root``): anyone who can write in an agency's drop folder could otherwise
  link ``/etc`` into it. A link leading out is yielded as an error naming where it points. The
  check is made again when the file is opened (:func:`_open_regular`): a file swapped for such a
  link between the walk and the read is refused too.
- A file name that is not UTF-8 is shown the same way everywhere it appears (origin, key,
  reports): its undecodable bytes as ``\\xe9`` escapes (:func:`display_path`).
- JSON is parsed by orjson, which refuses nesting over 1,024 levels and numbers no machine type
  holds, instead of recursing or building 5,000-digit integers. Ids are bounded in length; lone
  surrogates from ``"\\udc80"`` escapes are replaced and noted (:func:`record_to_item`).
- Bytes are decoded as UTF-8, UTF-16 or UTF-32 (with or without a byte-order mark), else by
  detection; random bytes that a detector would call UTF-16 are refused as binary. Text that is
  UTF-8 but for a few bad bytes stays UTF-8, the bytes replaced and noted on its items (a
  detector would read the whole of it as some single-byte encoding); ANPA and IPTC 7901 takes,
  control characters and all, are Latin-1 when not UTF-8 (:func:`decode`).
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import glob
import hashlib
import json
import logging
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, get_args

import orjson

from newsroom.core.errors import (
    DecodeError,
    FormatError,
    InputError,
    ReadError,
    StillWriting,
    item_error,
)
from newsroom.core.models import (
    WIRE_FORMAT_NAMES,
    WIRE_NAMES,
    InputFormat,
    RawItem,
    Skipped,
    scrub,
)
from newsroom.stages import wire
from newsroom.stages.language import NO_LANGUAGE, language_code
from newsroom.stages.mail import is_email, read_email

logger = logging.getLogger(__name__)

SEED_SUFFIXES = frozenset({".txt", ".text", ".md"})  # plain text, when it is no wire format
WIRE_SUFFIXES = frozenset({"", ".tst", ".anpa", ".xml", ".nitf", ".newsml", ".ninjs"})
TEXT_SUFFIXES = SEED_SUFFIXES | WIRE_SUFFIXES  # their content decides what they are
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
EMAIL_SUFFIXES = frozenset({".eml"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | EMAIL_SUFFIXES

XML_NAMES = ", ".join(WIRE_FORMAT_NAMES[name] for name in dict.fromkeys(wire.XML_ROOTS.values()))
SEED_HEADER = re.compile(r"\A\s*date[ \t]+(\S+)[ \t]*(?:\r?\n)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
GLOB_CHARS = frozenset("*?[")
INPUT_FORMATS: tuple[str, ...] = get_args(InputFormat)
HTML_ROOTS = frozenset(
    {
        "html",
        "head",
        "body",
        "article",
        "main",
        "section",
        "div",
        "p",
        "h1",
        "h2",
        "span",
        "table",
        "font",
        "center",
    }
)
MAX_ID_CHARS = 1000  # a record id longer than this is refused: ids are keys, not content
OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
BLOCK_BYTES = 1 << 20
# Byte-order marks, longest first: UTF-32-LE's starts with UTF-16-LE's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Detection never picks these: on a few random bytes, a detector's best guess is often UTF-16.
# UTF-16 without a byte-order mark is recognised by where its NUL bytes are instead.
NOT_DETECTED = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
NOT_TEXT_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# Decoding UTF-8 with "surrogateescape": a bad byte becomes one of these; any other character
# past ASCII is a well-formed multi-byte sequence.
ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
MULTIBYTE = re.compile("[^\x00-\x7f\udc80-\udcff]")
# Mostly UTF-8: this many well-formed multi-byte characters for each bad byte, at least. Text in
# a single-byte encoding has next to none; in a double-byte one some pairs happen to be
# well-formed (measured on real text: at most 0.3 per bad byte in GB2312, Shift_JIS, EUC-JP).
MULTIBYTE_PER_BAD_BYTE = 2
# XML that says it is UTF-8 (or says nothing, which means UTF-8) is taken at its word sooner:
# one well-formed multi-byte character for each bad byte (a Zürich headline with one bad byte).
DECLARED_MULTIBYTE_PER_BAD_BYTE = 1
XML_DECLARATION = re.compile(rb"\A\s*<\?xml\b[^>]*\?>", re.IGNORECASE)
DECLARED_ENCODING = re.compile(rb"""\bencoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE)
SHOWN_PLACES = 5  # where bad bytes were replaced: the first few places are named
FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


Item = RawItem | Skipped | InputError  # what reading yields: a story, a non-story, a failure


@dataclass(frozen=True, slots=True)
class InputRef:
    """A unit of work: a whole file, or lines ``start``..``stop`` (1-based, inclusive) of one.

    ``path`` is the path as the operating system needs it (it may hold undecodable bytes as
    surrogates); ``origin`` is how it is shown and stored.
    """

    path: str
    start: int = 0
    stop: int = 0
    offset: int = 0  # byte offset of line ``start``, so a reader seeks instead of rescanning
    # The resolved folders (or the named file) the path must still resolve into when it is
    # opened; empty: anywhere (a file handed over by a caller, not found in a folder).
    roots: tuple[str, ...] = ()

    @property
    def is_document(self) -> bool:
        """Whether the unit is a whole file read as one document (not JSON Lines)."""
        return not self.start and Path(self.path).suffix.lower() not in JSONL_SUFFIXES

    @property
    def lines(self) -> int:
        return self.stop - self.start + 1 if self.start else 1

    @property
    def origin(self) -> str:
        return display_path(self.path)

    def __str__(self) -> str:
        return f"{self.origin}:{self.start}-{self.stop}" if self.start else self.origin


def units(ref: InputRef | InputError) -> int:
    """How many items a work unit holds: a JSON Lines range its lines, anything else one."""
    return ref.lines if isinstance(ref, InputRef) else 1


def display_path(path: str) -> str:
    """A path as text that can be stored and printed: bytes of a file name that are not UTF-8
    (which Python holds as lone surrogates) become ``\\xe9`` escapes. The same path always gives
    the same text, and a UTF-8 path is unchanged."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeError:  # surrogates that did not come from a file name
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


@lru_cache(maxsize=4096)
def file_key(path: str) -> str:
    """A file's identity: its resolved path, as :func:`display_path` shows it (cached: a batch
    asks twice for each file). Never raises: a symlink loop resolves as far as it goes."""
    return display_path(os.path.realpath(path))


def article_id(source: str, key: str) -> str:
    """The stable identity of an item: the same source and key always give the same id."""
    data = f"{source}\0{key}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=10).hexdigest()


# -- discovery ------------------------------------------------------------------------------------


def discover(
    patterns: Iterable[str], *, chunk_lines: int = 500, allowed_roots: Iterable[str] = ()
) -> Iterator[InputRef | InputError]:
    """Yield work units for files, folders (recursive) and globs, in a stable order.

    A path that does not exist or a pattern that matches nothing in a folder that does not
    exist (a pattern that matches nothing in a folder is logged: an empty poll), and anything in a
    folder that is not a regular
    file or cannot be listed, is yielded as a :class:`ReadError` (stage ``discover``). In folders,
    only files with a known extension are taken and hidden files are skipped; a file named
    explicitly is always taken. A symlink met in a folder or matched by a glob is followed only
    when it resolves inside that folder (the glob's folder) or one of ``allowed_roots``.
    """
    allowed = tuple(os.path.realpath(os.path.expanduser(root)) for root in allowed_roots)
    seen: set[str] = set()
    for pattern in patterns:
        for path, roots in _expand(pattern, allowed):
            if isinstance(path, InputError):
                yield path
                continue
            resolved = os.path.abspath(path)  # no syscalls: discovery walks millions of files
            if resolved in seen:
                continue
            seen.add(resolved)
            if path.suffix.lower() in JSONL_SUFFIXES:
                yield from _chunk_lines(str(path), chunk_lines, roots)
            else:
                yield InputRef(str(path), roots=roots)


Found = tuple[Path | InputError, tuple[str, ...]]  # a path and the roots it must stay in


def _expand(pattern: str, allowed: tuple[str, ...]) -> Iterator[Found]:
    if any(char in pattern for char in GLOB_CHARS):
        expanded = os.path.expanduser(pattern)
        matches = sorted(glob.glob(expanded, recursive=True))
        if not matches and os.path.isdir(_glob_folder(expanded)):
            # an empty drop folder polled through a pattern: nothing to do, as for the folder
            logger.warning("the pattern %s matches no file: nothing to read", display_path(pattern))
        elif not matches:
            error = ReadError(
                display_path(pattern), "the pattern matches no file", stage="discover"
            )
            yield error, ()
        # What a glob matches must stay in the folder before its first wildcard.
        roots = (os.path.realpath(_glob_folder(expanded)), *allowed)
        for match in matches:
            if os.path.islink(match) and (refused := _outside(match, roots)) is not None:
                yield refused, ()
                continue
            yield from _expand_path(Path(match), display_path(match), roots)
        return
    path = Path(os.path.expanduser(pattern))
    # A path named explicitly is trusted as named (a link too): its target is the root.
    yield from _expand_path(path, display_path(pattern), (os.path.realpath(path), *allowed))


def _glob_folder(pattern: str) -> str:
    """The folder a glob pattern searches: its part before the first wildcard."""
    head = pattern
    while any(char in head for char in GLOB_CHARS):
        head = os.path.dirname(head)
    return head or "."


def _inside(real: str, roots: Iterable[str]) -> bool:
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _outside(link: str, roots: tuple[str, ...]) -> ReadError | None:
    """The error for a symlink whose target resolves outside ``roots``; None if it stays in."""
    target = os.path.realpath(link)
    if _inside(target, roots):
        return None
    return ReadError(
        display_path(link),
        f"a symlink to {display_path(target)}, outside the folder being read: links outside "
        "the folder are not followed; allow a root with NEWSROOM_ALLOWED_ROOTS / --allow-root",
        stage="discover",
    )


def _expand_path(path: Path, origin: str, roots: tuple[str, ...]) -> Iterator[Found]:
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        yield ReadError(origin, _stat_problem(exc, path), stage="discover"), ()
        return
    if stat.S_ISDIR(mode):
        yield from ((found, roots) for found in _walk(path, roots))
    elif stat.S_ISREG(mode):
        yield path, roots
    else:
        error = ReadError(origin, f"not a regular file or folder ({_kind(mode)})", stage="discover")
        yield error, ()


def _walk(top: Path, roots: tuple[str, ...]) -> Iterator[Path | InputError]:
    """The files under ``top`` with a known extension: each folder's files in name order, then
    its subfolders. Special files, symlink loops and unreadable folders are yielded as errors
    where they are met; a symlink to a folder is followed unless that folder was walked already
    (a loop, or a second way to the same folder). A symlink whose target resolves outside
    ``roots`` is not followed: it is yielded as an error."""
    walked: dict[tuple[int, int], str] = {}  # (device, inode) -> the path it was walked by
    pending = [str(top)]
    while pending:
        folder = pending.pop()
        try:
            info = os.stat(folder)
            first = walked.setdefault((info.st_dev, info.st_ino), folder)
            if first != folder:
                yield ReadError(
                    display_path(folder),
                    f"the same folder as {display_path(first)}"
                    ", walked already (a symlink loop or a second link); skipped",
                    stage="discover",
                )
                continue
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield ReadError(
                display_path(folder), f"cannot list folder: {_os_reason(exc)}", stage="discover"
            )
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                folder_entry = entry.is_dir()  # follows a symlink to a folder
                if not folder_entry and Path(entry.name).suffix.lower() not in KNOWN_SUFFIXES:
                    continue
                if not folder_entry and not entry.is_file():  # a link to a regular file is one
                    mode = os.stat(entry.path).st_mode  # raises for loops and broken links
                    yield ReadError(
                        display_path(entry.path),
                        f"not a regular file ({_kind(mode)}); skipped",
                        stage="discover",
                    )
                    continue
                # The one extra system call per link (none for other entries: the listing says).
                if entry.is_symlink() and (refused := _outside(entry.path, roots)) is not None:
                    yield refused
                    continue
                if folder_entry:
                    subfolders.append(entry.path)
                    continue
            except OSError as exc:
                yield ReadError(
                    display_path(entry.path), _stat_problem(exc, entry.path), stage="discover"
                )
                continue
            yield Path(entry.path)
        pending.extend(reversed(subfolders))  # popped in name order


def _kind(mode: int) -> str:
    for test, kind in FILE_KINDS:
        if test(mode):
            return kind
    return "not a regular file"


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _stat_problem(exc: OSError, path: str | Path) -> str:
    if exc.errno == errno.ELOOP:
        return "a symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.ENOENT:
        return (
            "a broken symlink (its target does not exist)"
            if os.path.islink(path)
            else "no such file or folder"
        )
    return f"cannot read: {_os_reason(exc)}"


def _chunk_lines(
    path: str, chunk_lines: int, roots: tuple[str, ...] = ()
) -> Iterator[InputRef | InputError]:
    """Split a JSON Lines file into line ranges, reading it in blocks (a line may be huge)."""
    refs: list[InputRef] = []
    try:
        with _open_regular(path, roots) as handle:
            start, offset, number, position, partial = 1, 0, 0, 0, False
            while block := handle.read(BLOCK_BYTES):
                index = 0
                while (newline := block.find(b"\n", index)) != -1:
                    number += 1
                    index = newline + 1
                    if number - start + 1 == chunk_lines:
                        refs.append(InputRef(path, start, number, offset, roots))
                        start, offset = number + 1, position + index
                partial = index < len(block)
                position += len(block)
            if partial:  # a last line without a newline
                number += 1
            if number >= start:
                refs.append(InputRef(path, start, number, offset, roots))
    except InputError as exc:
        yield exc
        return
    if not refs:
        yield InputRef(path, roots=roots)  # reading it reports the empty file
    yield from refs


# -- reading --------------------------------------------------------------------------------------


def read_ref(ref: InputRef, *, source: str, max_bytes: int, format: str = "auto") -> Iterator[Item]:
    """Read one work unit into raw items; problems come out as errors in place of items, and
    what a document carries that is no story (a picture) as :class:`Skipped`.

    Never raises: anything unexpected while reading the unit is yielded as its error.
    """
    try:
        yield from _read_ref(ref, source=source, max_bytes=max_bytes, format=format)
    except Exception as exc:
        yield item_error(exc, origin=str(ref), stage="read")


def _read_ref(
    ref: InputRef, *, source: str, max_bytes: int, format: str = "auto"
) -> Iterator[Item]:
    suffix = Path(ref.path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(ref, source=source, max_bytes=max_bytes, format=format)
        return
    try:
        data = read_file(ref, max_bytes=max_bytes)
    except InputError as exc:
        yield exc
        return
    yield from file_items(ref, data, source=source, max_bytes=max_bytes, format=format)


def read_file(ref: InputRef, *, max_bytes: int, settle_seconds: float = 0.0) -> bytes:
    """A whole file's bytes, up to one past ``max_bytes`` (:func:`file_items` says it is too
    large): what a drop folder's poll reads once, to hash and then to parse.

    With ``settle_seconds``, a file modified less than that long ago, or that changed while it
    was read, raises :class:`StillWriting`: an agency's upload in progress is left for the next
    poll rather than failed half-written. Raises ReadError when it cannot be opened."""
    with _open_regular(ref.path, ref.roots) as handle:
        before = os.fstat(handle.fileno())
        if settle_seconds:
            age = time.time() - before.st_mtime
            if age < settle_seconds:
                raise StillWriting(ref.origin, f"modified {max(age, 0):.1f} s ago")
        data = _read_up_to(handle, before.st_size, max_bytes + 1)
        after = os.fstat(handle.fileno())
    if settle_seconds and (after.st_size, after.st_mtime_ns) != (
        before.st_size,
        before.st_mtime_ns,
    ):
        raise StillWriting(
            ref.origin, f"changed while read ({before.st_size:,} -> {after.st_size:,} bytes)"
        )
    return data


def _read_up_to(handle: IO[bytes], size: int, limit: int) -> bytes:
    """At most ``limit`` bytes of an open file that ``stat`` said holds ``size``: asked for by
    its size (a read of ``limit`` bytes would allocate all of them, 10 MB for a 3 KB story),
    then on to the limit should the file have grown since."""
    data = handle.read(min(size + 1, limit))
    if len(data) == size + 1 and len(data) < limit:  # larger than stat said: growing
        data += handle.read(limit - len(data))
    return data


def file_items(
    ref: InputRef, data: bytes, *, source: str, max_bytes: int, format: str = "auto"
) -> Iterator[Item]:
    """The items of a whole file's bytes (:func:`read_file`); never raises."""
    origin = ref.origin
    notes: list[str] = []
    try:
        if len(data) > max_bytes:
            size = max(_size(ref.path), len(data))
            raise ReadError(
                origin,
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                "(raise NEWSROOM_MAX_FILE_BYTES to accept it)",
            )
        text = decode(data, origin, notes)
        yield from read_document(
            text,
            origin=origin,
            source=source,
            key=file_key(ref.path),
            suffix=Path(ref.path).suffix.lower(),
            format=format,
            notes=notes,
        )
    except Exception as exc:
        yield item_error(exc, origin=origin, stage="read")


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def read_document(
    text: str,
    *,
    origin: str,
    source: str,
    key: str,
    suffix: str | None = None,
    format: str = "auto",
    notes: Sequence[str] = (),
) -> Iterator[Item]:
    """A decoded document as its items, by what its content is (``format`` forces one): agency
    copy in a wire format, an HTML page, JSON records or ninjs, or (seed-format) text. Raise
    FormatError for what is none of them, such as XML of no news format, or a file (``suffix``
    given: its extension, maybe empty) that is not named as text and whose content is not
    recognised. A document with no file name (``suffix`` None: standard input, a JSON Lines
    record, a fetched body) may be plain text.

    ``notes`` say what decoding the document changed (see :func:`decode`): every item read from
    it carries them first, since each item's text may hold a replaced byte."""
    items = _document_items(
        text, origin=origin, source=source, key=key, suffix=suffix, format=format
    )
    yield from _noted(items, notes) if notes else items


def _noted(items: Iterable[Item], notes: Sequence[str]) -> Iterator[Item]:
    for item in items:
        if isinstance(item, RawItem):
            item.notes[:0] = notes
        yield item


def _document_items(
    text: str, *, origin: str, source: str, key: str, suffix: str | None, format: str
) -> Iterator[Item]:
    if format != "auto" and format not in INPUT_FORMATS:
        raise FormatError(origin, f"unknown format {format!r}; one of {', '.join(INPUT_FORMATS)}")
    kind = format if format != "auto" else _document_kind(text, suffix)
    if kind in wire.FORMATS:
        document = load_json(text, origin) if kind in ("ninjs", "digitalwires") else text
        yield from wire.read_wire(document, kind, origin=origin, source=source)
    elif kind == "html":
        yield RawItem(source=source, key=key, origin=origin, html=text)
    elif kind == "email":
        yield read_email(text, origin=origin, source=source, key=key)
    elif kind == "json":
        yield from _read_json(text, origin, key=key, source=source)
    elif kind == "xml":
        root = wire.ROOT.match(text.lstrip("\ufeff")[:8192])
        name = root.group(1) if root else "?"
        raise FormatError(
            origin,
            f"an XML document in no news format this reads (root <{name}>"
            f"): not {XML_NAMES} or an HTML page",
        )
    elif kind == "unknown":
        raise FormatError(
            origin,
            f"not read: {'no extension' if suffix == '' else f'the extension {suffix!r}'} is not "
            f"one read as text, and the content is in no format this reads ({WIRE_NAMES}, "
            "HTML, JSON, email). Extensions read: "
            f"{', '.join(sorted(SEED_SUFFIXES))} (text), {', '.join(sorted(HTML_SUFFIXES))}, "
            f"{', '.join(sorted(JSON_SUFFIXES | JSONL_SUFFIXES))}, "
            f"{', '.join(sorted(EMAIL_SUFFIXES))} (email); wire copy by its content under any name",
        )
    else:
        yield parse_seed_text(text, origin=origin, source=source, key=key)


def sniff_wire(text: str) -> str | None:
    """The wire format of a decoded document (ninjs included), or None: for documents that come
    with no name to go by, such as a fetched URL's body."""
    found = wire.detect(text)
    if found is None and text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        data = _json_or_none(text)
        found = wire.detect_json(data) if data is not None else None
    return found


def _json_or_none(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return None


def _document_kind(text: str, suffix: str | None) -> str:
    """What a document is, from its content first and its file name second: ``unknown`` for a
    file (``suffix`` not None) that is not named as text and whose content is not recognised."""
    found = sniff_wire(text)
    if found is not None:
        return found
    head = text.lstrip("\ufeff \t\r\n")[:1]
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in EMAIL_SUFFIXES or (
        (suffix is None or suffix in TEXT_SUFFIXES) and head.isalpha() and is_email(text)
    ):
        return "email"
    if head in ("{", "[") and not suffix and _json_or_none(text) is not None:
        return "json"  # standard input, a file without an extension
    if suffix in JSON_SUFFIXES:
        return "json"
    root = wire.ROOT.match(text.lstrip("\ufeff")[:8192]) if head == "<" else None
    if root is not None:
        return "html" if root.group(1).lower() in HTML_ROOTS else "xml"
    return "text" if suffix is None or suffix in SEED_SUFFIXES else "unknown"


@contextmanager
def _open_regular(path: str, roots: tuple[str, ...] = ()) -> Iterator[IO[bytes]]:
    """Open a file for reading, refusing anything but a regular file *before* reading from it: a
    FIFO would block the read forever, a device would never end. With ``roots``, refuse a file
    that is no longer inside them (swapped for a symlink leading out since it was found).
    Raises ReadError."""
    origin = display_path(path)
    try:
        descriptor = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        raise ReadError(origin, _stat_problem(exc, path)) from exc
    try:
        opened = os.fstat(descriptor)
        if roots:
            _check_inside(path, opened, roots)
        mode = opened.st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(origin, f"not a regular file ({_kind(mode)})")
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        try:
            yield handle
        except OSError as exc:
            raise ReadError(origin, f"cannot read: {_os_reason(exc)}") from exc


def _check_inside(path: str, opened: os.stat_result, roots: tuple[str, ...]) -> None:
    """Refuse an opened file unless the path, resolved now, is inside ``roots`` and is the very
    file opened (same device and inode): a link swapped in before the open resolves outside, one
    swapped in or out after it resolves to another file. Raises ReadError."""
    real = os.path.realpath(path)
    try:
        same = _inside(real, roots) and os.path.samestat(os.stat(real), opened)
    except OSError:
        same = False
    if not same:
        raise ReadError(
            display_path(path),
            f"now resolves to {display_path(real)}, outside the folder being read (swapped for "
            "a symlink since it was found): links outside the folder are not followed; allow a "
            "root with NEWSROOM_ALLOWED_ROOTS / --allow-root",
        )


def decode(data: bytes, origin: str, notes: list[str] | None = None) -> str:
    """Decode bytes as text: a byte-order mark, UTF-8, UTF-16 without a mark, UTF-8 with a few
    bad bytes, a wire take's Latin-1, then detection.

    Text that is mostly UTF-8 (at least two well-formed multi-byte characters for each bad
    byte) is decoded as UTF-8 with the bad bytes replaced by U+FFFD, and ``notes`` (when given)
    say how many and where: a detector would pick a single-byte encoding for the whole of it and
    garble every accented letter to save one. Text in a real single-byte encoding has next to no
    well-formed multi-byte sequences, so it still goes to detection."""
    if not data.strip():
        raise FormatError(origin, "empty input", stage="decode")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), origin)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    origin,
                    f"not valid {encoding.upper()} after its byte-order "
                    f"mark: {exc.reason} at byte {exc.start}",
                ) from exc
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise DecodeError(origin, "binary file (contains NUL bytes), not text")
        try:
            return _checked(data.decode(wide), origin)
        except (UnicodeDecodeError, DecodeError) as exc:
            raise DecodeError(origin, "binary file (contains NUL bytes), not text") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared_utf8 = _declares_utf8(data)
    repaired = _mostly_utf8(
        data,
        notes,
        DECLARED_MULTIBYTE_PER_BAD_BYTE if declared_utf8 else MULTIBYTE_PER_BAD_BYTE,
    )
    if repaired is not None:
        return _checked(repaired, origin)
    if wire.anpa.is_take(data[:2048].decode("latin-1")):
        # ANPA-1312 and IPTC 7901 copy: control characters by design, and when not UTF-8, the
        # 8-bit Latin-1 the standards were written for (a detector misreads the control codes,
        # and the C1 codes 0x80-0x9F are controls the readers drop).
        return data.decode("latin-1")
    from charset_normalizer import from_bytes  # only for text that is not UTF-8 (slow import)

    best = from_bytes(data, cp_exclusion=NOT_DETECTED).best()
    if best is None:
        raise DecodeError(origin, "undecodable bytes: no text encoding fits; save it as UTF-8")
    logger.debug("%s: decoded as %s", origin, best.encoding)
    if declared_utf8 and notes is not None:
        first = _first_bad_byte(data)
        notes.append(
            f"decode: declared UTF-8 but is not (byte 0x{data[first]:02x} at {first}, and no "
            f"UTF-8 beside it); read as {best.encoding}"
        )
    return _checked(str(best), origin)


def _first_bad_byte(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _declares_utf8(data: bytes) -> bool:
    """Whether the bytes are XML whose declaration names UTF-8, or no encoding (UTF-8 then)."""
    declaration = XML_DECLARATION.match(data[:512])
    if declaration is None:
        return False
    encoding = DECLARED_ENCODING.search(declaration.group())
    return encoding is None or encoding.group(1).lower().replace(b"-", b"") == b"utf8"


def _mostly_utf8(data: bytes, notes: list[str] | None, per_bad_byte: int) -> str | None:
    """``data`` as UTF-8 with its bad bytes replaced, when it is mostly UTF-8 (``per_bad_byte``
    well-formed multi-byte characters for each bad one, at least); else None."""
    escaped = data.decode("utf-8", "surrogateescape")
    places = list(ESCAPED_BYTES.finditer(escaped))
    count = sum(len(place.group()) for place in places)
    if len(MULTIBYTE.findall(escaped)) < count * per_bad_byte:
        return None
    if notes is not None:
        offsets = [
            len(escaped[: place.start()].encode("utf-8", "surrogateescape"))
            for place in places[:SHOWN_PLACES]
        ]
        shown = ", ".join(str(offset) for offset in offsets)
        more = ", ..." if len(places) > SHOWN_PLACES else ""
        notes.append(
            f"decode: {count} invalid UTF-8 byte{'s' if count > 1 else ''} replaced at "
            f"byte{'s' if len(places) > 1 else ''} {shown}{more}"
        )
    return data.decode("utf-8", "replace")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``-be`` when the NUL bytes are where UTF-16 puts them: text in UTF-16 has
    the high byte of every Latin letter, digit and space at zero, all on one side of each pair."""
    sample = data[:8192]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd >= pairs // 5 and even <= pairs // 100:
        return "utf-16-le"
    if even >= pairs // 5 and odd <= pairs // 100:
        return "utf-16-be"
    return None


def _checked(text: str, origin: str) -> str:
    """Refuse a decoding whose text is mostly control, unassigned or private-use characters:
    binary data that happened to decode."""
    sample = text[:4096]
    bad = sum(
        1
        for char in sample
        if char not in "\t\n\r\f" and unicodedata.category(char) in NOT_TEXT_CATEGORIES
    )
    if bad * 10 > len(sample):
        raise DecodeError(
            origin, "binary data, not text (decodes to control and unassigned characters)"
        )
    return text


def parse_seed_text(text: str, *, origin: str, source: str, key: str) -> RawItem:
    """Read plain text, taking the seed header ``date YYYY-MM-DD`` when the text opens with it."""
    date = None
    match = SEED_HEADER.match(text)
    if match:
        date = validate_date(match.group(1), origin)
        text = text[match.end() :]
    if not text.strip():
        raise FormatError(origin, "no article text")
    return RawItem(
        source=source,
        key=key,
        origin=origin,
        text=text,
        date=date,
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
        shown = value if len(value) <= 40 else value[:40] + "..."
        reason = f"date {shown!r} is not a valid date (expected YYYY-MM-DD)"
        raise FormatError(origin, reason) from exc


def load_json(text: str | bytes, origin: str) -> Any:
    """Parse one JSON document; raise FormatError saying where it is malformed.

    orjson refuses what would hurt (nesting over 1,024 levels, numbers beyond a double) and
    also the escapes of lone surrogates (``"\\udc80"``). Those are only unencodable, not
    dangerous: such a document is parsed again by the standard library, whose recursion is
    caught, and :func:`record_to_item` replaces the surrogates.
    """
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        if "surrogate" not in exc.msg:
            raise FormatError(origin, json_error_reason(exc)) from exc
        try:
            return json.loads(text)
        except RecursionError as deep:
            raise FormatError(origin, "malformed JSON: nested too deeply") from deep
        except ValueError as again:
            raise FormatError(origin, f"malformed JSON: {again}") from again


JSON_HINTS = {
    "depth limit exceeded": "nested deeper than 1,024 levels",
    "number is infinity": "a number too large to read; give such ids as strings",
}


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """The failure reason for JSON that does not parse: where and why."""
    hint = next((f" ({hint})" for text, hint in JSON_HINTS.items() if text in exc.msg), "")
    return f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}{hint}"


def _read_json(text: str, origin: str, *, key: str, source: str) -> Iterator[RawItem | InputError]:
    try:
        data = load_json(text, origin)
    except InputError as exc:
        yield exc
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        item_origin = f"{origin}[{index}]" if isinstance(data, list) else origin
        default_key = f"{key}[{index}]" if isinstance(data, list) else key
        try:
            item: RawItem | InputError = record_to_item(
                record, origin=item_origin, source=source, default_key=default_key
            )
        except Exception as exc:
            item = item_error(exc, origin=item_origin, stage="parse")
        yield item


def _read_jsonl(
    ref: InputRef, *, source: str, max_bytes: int, format: str = "auto"
) -> Iterator[Item]:
    key = file_key(ref.path)
    with _open_regular(ref.path, ref.roots) as handle:
        if not ref.start:
            yield FormatError(ref.origin, "empty input")
            return
        handle.seek(ref.offset)
        for number, line in enumerate(_bounded_lines(handle, max_bytes), start=ref.start):
            if number > ref.stop:
                break
            origin = f"{ref.origin}:{number}"
            try:
                if line is None:
                    raise ReadError(
                        origin,
                        f"line is over the {max_bytes / 1e6:.1f} MB limit "
                        "(raise NEWSROOM_MAX_FILE_BYTES to accept it)",
                    )
                if not line.strip():
                    continue
                notes: list[str] = []
                record = load_json(decode(line, origin, notes), origin)
                items: list[Item] = json_line_items(
                    record,
                    origin=origin,
                    source=source,
                    default_key=f"{key}:{number}",
                    format=format,
                )
                items = list(_noted(items, notes)) if notes else items
            except Exception as exc:
                items = [item_error(exc, origin=origin, stage="parse")]
            yield from items


def json_line_items(
    record: Any, *, origin: str, source: str, default_key: str, format: str = "auto"
) -> list[Item]:
    """The items of one JSON Lines record: a record of this project's format (``text`` or
    ``html``), a ninjs item, or a whole wire document (a JSON string, or a ``document`` field
    holding NewsML-G2, NITF, NewsML 1.x, ANPA or IPTC 7901 copy)."""
    document = record.get("document") if isinstance(record, dict) else record
    if isinstance(document, str):
        name = _record_id(record.get("id"), origin) if isinstance(record, dict) else None
        return list(
            read_document(
                document, origin=origin, source=source, key=name or default_key, format=format
            )
        )
    kind = wire.detect_json(record) if format in ("ninjs", "digitalwires", "auto") else None
    if kind is not None and format in (kind, "auto"):
        return list(wire.read_wire(record, kind, origin=origin, source=source))
    return [record_to_item(record, origin=origin, source=source, default_key=default_key)]


def _bounded_lines(handle: IO[bytes], limit: int) -> Iterator[bytes | None]:
    """The file's lines from where it stands, or None for a line over ``limit`` bytes, which is
    skipped without holding it in memory."""
    while line := handle.readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        if not line.endswith(b"\n"):
            while (rest := handle.readline(BLOCK_BYTES)) and not rest.endswith(b"\n"):
                pass
        yield None


def record_to_item(record: Any, *, origin: str, source: str, default_key: str) -> RawItem:
    """A JSON record (``text`` or ``html``; optional title, date, url, source, id, topics,
    language) as an item. ``topics`` (a list of Media Topic qcodes or labels, or one) are the
    newsroom's own, accepted with the article. ``language`` (a tag: ``id``, ``pt-BR``) is what the
    story is read as where its text is too short or unclear for the detector to tell; a value
    that is no language tag is ignored with a note.

    Strings with lone surrogates or NUL characters are repaired, and the item's ``notes`` say so.
    """
    if not isinstance(record, dict):
        raise FormatError(origin, f"expected a JSON object, got {_json_type(record)}")
    text, html = record.get("text"), record.get("html")
    has_text = isinstance(text, str) and bool(text.strip())
    has_html = isinstance(html, str) and bool(html.strip())
    if not has_text and not has_html:
        raise FormatError(origin, "record has neither 'text' nor 'html'")
    date = record.get("date")
    if date is not None:
        date = validate_date(str(date) if not isinstance(date, str) else date, origin)
    notes: list[str] = []
    record_id = _record_id(record.get("id"), origin)
    topics = [scrubbed(topic, "topics", notes) for topic in _topics(record.get("topics"), origin)]
    fields = {
        "source": _text_field(record, "source", notes) or source,
        "key": record_id if record_id is not None else default_key,
        "title": _text_field(record, "title", notes),
        "url": _text_field(record, "url", notes),
        "language": _language_field(record, notes),
        "text": text if has_text else None,
        "html": html if has_html else None,
    }
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = scrubbed(value, "id" if name == "key" else name, notes)
    return RawItem(
        source=fields["source"] or source,
        key=fields["key"] or default_key,
        origin=origin,
        text=fields["text"],
        html=fields["html"],
        title=fields["title"] or None,
        date=date,
        date_source="json" if date else None,
        url=fields["url"] or None,
        notes=notes,
        topics=topics,
        language=fields["language"] or None,
    )


def _language_field(record: dict[str, Any], notes: list[str]) -> str | None:
    """A record's ``language``: a language tag (``id``, ``pt-BR``, ``nb_NO``, ``ind``), else a
    note; ``und`` (undetermined) declares none."""
    value = _text_field(record, "language", notes)
    if value is None or not value.strip() or value.strip().lower() in NO_LANGUAGE:
        return None
    if language_code(value) is None:
        shown = value[:40]
        notes.append(f"language: ignored, {shown!r} is not a language tag (give 'id', 'pt-BR')")
        return None
    return value.strip()


MAX_TOPICS = 100  # topics given with one record


def _topics(value: Any, origin: str) -> list[str]:
    """A record's ``topics``: a list of strings (or one string), blanks left out."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        got = _json_type(value)
    else:
        got = next((f"{_json_type(t)} in the list" for t in value if not isinstance(t, str)), "")
    if got:
        raise FormatError(
            origin,
            "'topics' must be a list of Media Topic qcodes or labels, such as "
            f'["medtop:15000000", "economy, business and finance"]; got {got}',
        )
    if len(value) > MAX_TOPICS:
        raise FormatError(origin, f"'topics' lists {len(value)} topics; at most {MAX_TOPICS}")
    return [topic.strip() for topic in value if topic.strip()]


def scrubbed(value: str, name: str, notes: list[str]) -> str:
    """``value`` made storable (see :func:`newsroom.stages.cleaning.scrub`), noting any change."""
    value, count = scrub(value)
    if count:
        notes.append(
            f"{name}: {count} unencodable character{'s' if count > 1 else ''} (lone "
            "surrogates, NUL) replaced"
        )
    return value


def _record_id(value: Any, origin: str) -> str | None:
    """A record's ``id`` as a key: a string or a whole number, at most ``MAX_ID_CHARS`` long."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise FormatError(
            origin, f"'id' must be a string or a whole number, not {_json_type(value)}"
        )
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 2**53:
            raise FormatError(
                origin,
                f"'id' {value!r} is not a whole number that fits 64 bits; give such ids as strings",
            )
        value = int(value)
    text = str(value)
    if len(text) > MAX_ID_CHARS:
        raise FormatError(
            origin, f"'id' is {len(text):,} characters long, over the {MAX_ID_CHARS:,} limit"
        )
    return text


def _text_field(record: dict[str, Any], name: str, notes: list[str]) -> str | None:
    """An optional text field: strings as they are, numbers as text, anything else ignored with a
    note (a title that is a list is no reason to lose the story)."""
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    notes.append(f"{name}: ignored, {_json_type(value)} is not text")
    return None


def _json_type(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
