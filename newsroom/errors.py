"""Exceptions raised by the pipeline.

The tree::

    NewsroomError
    ├── InputError            an input item cannot be read or understood (never retried)
    │   ├── ReadError         the file or record cannot be read: missing, unreadable, too large
    │   ├── DecodeError       the bytes are not text in any encoding we can detect
    │   └── FormatError       the content is not in the expected format: bad JSON, bad date, empty
    └── StorageError          the database refused a write (retried by the store task)

Every ``InputError`` carries the ``origin`` (file, URL or line) and the pipeline ``stage`` so that a
failure record says where and why.
"""

from __future__ import annotations


class NewsroomError(Exception):
    """Base class of the pipeline's own errors."""


class InputError(NewsroomError):
    """An input item that cannot be processed; recorded as a failure, the run goes on."""

    stage = "parse"

    def __init__(self, origin: str, reason: str, *, stage: str | None = None) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        if stage is not None:
            self.stage = stage


class ReadError(InputError):
    stage = "read"


class DecodeError(InputError):
    stage = "decode"


class FormatError(InputError):
    stage = "parse"


class StorageError(NewsroomError):
    """A database write failed."""
