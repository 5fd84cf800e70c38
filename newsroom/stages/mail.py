"""Stories sent by email: a message (RFC 5322, MIME) read as its subject, date and text.

Press releases and some agencies' copy arrive by email, saved as ``.eml`` files or as text. Read
as text, a message is its routing headers, signatures and encoded parts (quoted-printable,
base64), not its story. This reads it with the standard library's :mod:`email` package: the
subject is the title, the ``Date`` header the date, the text the first plain-text part (else the
HTML part, read as a page is); attachments are not read, and a note names them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsroom.core.errors import FormatError
from newsroom.core.models import RawItem

if TYPE_CHECKING:  # the email package costs 20 ms to import: only when a message is read
    from email.message import EmailMessage

# Header fields that open an email message; three of them, among them a sender or route and a
# subject or date, tell a message from a story that opens with "Washington: ..." lines.
FIELDS = frozenset(
    {"from", "to", "subject", "date", "received", "mime-version", "delivered-to"}
    | {"return-path", "message-id", "content-type", "reply-to", "sender", "cc"}
)
FIELD = re.compile(r"([A-Za-z][A-Za-z0-9-]{0,60}):")
HEAD_CHARS = 65_536  # how much of a document the test reads: routing headers can be long


def is_email(text: str) -> bool:
    """Whether a decoded document is an email message: every line before its first blank line
    a header field (or the folded rest of one), naming at least three of :data:`FIELDS`, a
    sender or a route among them and a subject or a date."""
    head = text.lstrip("\ufeff")[:HEAD_CHARS]
    if FIELD.match(head) is None:  # most documents: their first line is no header field
        return False
    block, blank, _ = head.replace("\r\n", "\n").partition("\n\n")
    if not blank:
        return False
    names: set[str] = set()
    for line in block.split("\n"):
        if line[:1] in (" ", "\t"):
            continue  # the folded rest of the field above
        found = FIELD.match(line)
        if found is None:
            return False
        names.add(found[1].lower())
    known = names & FIELDS
    return (
        len(known) >= 3
        and bool(known & {"from", "received", "sender"})
        and bool(known & {"subject", "date"})
    )


def read_email(text: str, *, origin: str, source: str, key: str) -> RawItem:
    """The story of an email message. FormatError when it has no text or HTML part."""
    import email
    import email.policy
    from email.message import EmailMessage

    message = email.message_from_string(text.lstrip("\ufeff"), policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # what policy.default makes
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        raise FormatError(origin, "an email message with no text or HTML part to read")
    content = str(body.get_content()).strip()
    subject = " ".join(str(message.get("subject", "")).split()) or None
    attachments = [part.get_filename() or part.get_content_type() for part in _attached(message)]
    notes = [f"email: attachments not read: {', '.join(attachments)}"] if attachments else []
    html = body.get_content_type() == "text/html"
    return RawItem(
        source=source,
        key=key,
        origin=origin,
        text=None if html else content,
        html=content if html else None,
        title=subject,
        date=_date(message),
        date_source="email" if message.get("date") else None,
        notes=notes,
    )


def _attached(message: EmailMessage) -> list[EmailMessage]:
    from email.message import EmailMessage

    return [part for part in message.iter_attachments() if isinstance(part, EmailMessage)]


def _date(message: EmailMessage) -> str | None:
    """The ``Date`` header as ISO 8601, or None when it is missing or unreadable."""
    header = message.get("date")
    moment = getattr(header, "datetime", None)
    return moment.isoformat() if moment is not None else None
