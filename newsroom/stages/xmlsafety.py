"""XML safety shared by every XML reader (feeds, sitemaps, wire formats). Feeds and sitemaps
refuse a document that declares entities anywhere in it, in UTF-8, UTF-16 or UTF-32, before any
parser sees it (entity expansion, "billion laughs"). Wire XML may declare entities with literal
values (SDA/ATS and Kyodo declare ``nbsp`` and the like in an internal subset): only those pass
:func:`wire_entities`. A module of its own so that the wire readers do not load the feed parsers."""

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


# A DOCTYPE and its internal subset, where wire XML declares entities (SDA/ATS, Kyodo:
# ``<!DOCTYPE NewsML [ <!ENTITY nbsp "&#160;"> ]>``).
ENTITY_DECLARATION = re.compile(r"<!ENTITY\b[^>]*>?", re.IGNORECASE)
# The only kind a wire document may declare: a general entity whose value is literal text,
# character references allowed (``&#160;``), no reference to another entity (``&a;``, ``%a;``:
# "billion laughs"), nothing external (SYSTEM, PUBLIC) and no parameter entity.
HARMLESS_ENTITY = re.compile(
    r"""<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(?:"((?:[^"&%<]|&\#[0-9]+;|&\#x[0-9a-fA-F]+;)*)"|"""
    r"""'((?:[^'&%<]|&\#[0-9]+;|&\#x[0-9a-fA-F]+;)*)')\s*>"""
)
# A DTD module named by an external parameter entity, as SDA/ATS and Kyodo send
# (``<!ENTITY % nitf SYSTEM "nitf-3-0.dtd"> %nitf;``): allowed because it is never read (the
# parser loads no DTD and has no network), so its declarations never apply.
EXTERNAL_PARAMETER_ENTITY = re.compile(
    r"""<!ENTITY\s+%\s+[A-Za-z_][\w.-]*\s+"""
    r"""(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+(?:"[^"<>]*"|'[^'<>]*')\s*>"""
)
CHARACTER_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")
# A declared value longer than this is not written into the text (a short reference standing for
# a long text is how "quadratic blowup" works without nesting); its reference stays as it is.
ENTITY_VALUE_CHARS = 8


def wire_entities(text: str, origin: str) -> dict[str, str]:
    """Check the entities a wire document (already decoded) declares, and give the short ones'
    values by name (``{"nbsp": "\\xa0"}``). Wire XML may declare entities whose values are
    literal text, and name external DTD modules (never loaded); anything else (an external
    general entity, an internal parameter entity, a value referring to another entity) raises
    FormatError, as feeds refuse every declaration (:func:`refuse_entities`)."""
    if "<!" not in text:
        return {}
    values: dict[str, str] = {}
    for match in ENTITY_DECLARATION.finditer(text):
        if EXTERNAL_PARAMETER_ENTITY.fullmatch(match.group(0)):
            continue  # a DTD module that is never loaded
        harmless = HARMLESS_ENTITY.fullmatch(match.group(0))
        if harmless is None:
            raise FormatError(
                origin,
                "the XML declares an external or parameter entity, or one that refers to "
                f"another ({match.group(0)[:80]!r}); refused (entity expansion attack)",
                stage="parse",
            )
        name, value = harmless.group(1), harmless.group(2) or harmless.group(3) or ""
        value = CHARACTER_REFERENCE.sub(_character, value)
        if len(value) <= ENTITY_VALUE_CHARS:
            values[name] = value
    return values


def _character(match: re.Match[str]) -> str:
    code = match.group(1)
    number = int(code[1:], 16) if code[0] in "xX" else int(code)
    return chr(number) if 0 < number <= 0x10FFFF else ""
