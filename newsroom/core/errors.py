"""Exceptions raised by the pipeline, and how any exception becomes one item's failure.

The tree::

    NewsroomError
    ├── InputError            an input item cannot be read or understood (never retried)
    │   ├── ReadError         the file or record cannot be read: missing, unreadable, too large
    │   ├── DecodeError       the bytes are not text in any encoding we can detect
    │   └── FormatError       the content is not in the expected format: bad JSON, bad date, empty
    ├── StillWriting          a file is still being written: left for the next poll, not failed
    └── DatabaseError         the article database cannot be opened: a URL of no supported
                              database, a database that does not exist, a server that does not
                              answer; one line that says what to do (never retried itself)

Every ``InputError`` carries the ``origin`` (file, URL or line), the pipeline ``stage`` and the
``error_type`` (the class of the exception behind it) so that a failure record says where and why.
:func:`item_error` turns *any* exception raised while one item is handled into such an error: that
is how every stage boundary keeps one bad item from stopping the others. Errors of the database
itself are not input errors; they propagate, are retried by the tasks, and fail the run when they
persist (see :func:`db.session.database_unavailable`).
"""

from __future__ import annotations


class NewsroomError(Exception):
    """Base class of the pipeline's own errors."""


class InputError(NewsroomError):
    """An input item that cannot be processed; recorded as a failure, the run goes on."""

    stage = "parse"

    def __init__(
        self, origin: str, reason: str, *, stage: str | None = None, error_type: str | None = None
    ) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        if stage is not None:
            self.stage = stage
        self.error_type = error_type or type(self).__name__

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str], dict[str, object]]:
        """Pickled whole (a spool of work units, a Dask worker): origin, reason, stage, type."""
        return type(self), (self.origin, self.reason), dict(self.__dict__)


class ReadError(InputError):
    stage = "read"


class DecodeError(InputError):
    stage = "decode"


class FormatError(InputError):
    stage = "parse"


class StillWriting(NewsroomError):
    """A file that is still being written (it changed while it was read, or just before): not a
    failure, the next poll reads it whole."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class DatabaseError(NewsroomError):
    """The article database cannot be opened; the message is one line naming what to do."""


def item_error(exc: BaseException, *, origin: str, stage: str) -> InputError:
    """``exc``, raised while ``stage`` handled the item from ``origin``, as that item's failure.

    An :class:`InputError` is returned as it is (it knows its own stage); anything else (a bug, a
    pathological input that a library chokes on) is wrapped with its type and message, chained.
    """
    if isinstance(exc, InputError):
        return exc
    name = type(exc).__name__
    try:
        lines = str(exc).strip().splitlines()
    except Exception:  # an exception whose message cannot be made
        lines = []
    message = lines[0] if lines else ""
    reason = f"unexpected {name}: {message}" if message else f"unexpected {name}"
    error = InputError(origin, reason[:1000], stage=stage, error_type=name)
    error.__cause__ = exc
    return error
