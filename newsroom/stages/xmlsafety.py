"""XML safety shared by every XML reader (feeds, sitemaps, wire formats): a document that
declares entities anywhere in it, in UTF-8, UTF-16 or UTF-32, is refused before any parser sees
it (entity expansion, "billion laughs"). A module of its own so that the wire readers do not
load the feed parsers."""

from __future__ import annotations

import re

from newsroom.core.errors import FormatError


def _declaration_pattern(encoding: str) -> re.Pattern[bytes]:
    """``<!ENTITY``, any case, as ``encoding`` writes it."""
    parts = [
        b"(?:"
        + re.escape(char.upper().encode(encoding))
        + b"|"
        + re.escape(char.lower().encode(encoding))
        + b")"
        for char in "<!ENTITY"
    ]
    return re.compile(b"".join(parts))


# In every encoding an XML parser reads without being told (XML 1.0, appendix F).
ENTITY_DECLARATIONS = [
    _declaration_pattern(encoding)
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]


def refuse_entities(content: bytes, origin: str) -> None:
    """Raise FormatError if the document declares an entity, wherever that is (a comment or a
    long prolog before the DOCTYPE must not hide it)."""
    if any(pattern.search(content) for pattern in ENTITY_DECLARATIONS):
        raise FormatError(
            origin, "the XML declares entities; refused (entity expansion attack)", stage="parse"
        )
