"""Stories sent by email: a message read as its subject, date and text part (newsroom.stages.mail),
not as its routing headers and encoded parts. The messages are written here in the structure of
a real one (superdesk-belga's ``server/tests/io/fixtures/email_attachment_belga.txt``), none
copied."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.core.errors import FormatError, InputError
from newsroom.core.models import RawItem, Skipped
from newsroom.stages.mail import is_email
from newsroom.stages.pipeline import process_item
from newsroom.stages.readers import decode, discover, read_document, read_ref

RELEASE = (
    "Delivered-To: desk@example.org\r\n"
    "Received: from mail.example.com (mail.example.com [192.0.2.10])\r\n"
    "        by mx.example.org with ESMTPS id x7si8644582;\r\n"
    "        Thu, 04 Dec 2026 09:12:14 +0100\r\n"
    "Return-Path: <press@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Date: Thu, 04 Dec 2026 08:12:08 +0000\r\n"
    'Content-Type: multipart/mixed; boundary="outer"\r\n'
    'From: "Press Office" <press@example.com>\r\n'
    "Subject: =?utf-8?q?Port_of_Antwerp_opens_a_new_container_terminal?=\r\n"
    "To: desk@example.org\r\n"
    "\r\n"
    "--outer\r\n"
    'Content-Type: multipart/alternative; boundary="inner"\r\n'
    "\r\n"
    "--inner\r\n"
    'Content-Type: text/plain; charset="utf-8"\r\n'
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "ANTWERP (Port Office) - The port of Antwerp opened a new container termina=\r\n"
    "l on Thursday that will handle two million containers a year, the port aut=\r\n"
    "hority said.\r\n"
    "\r\n"
    "The terminal cost =E2=82=AC800 million.\r\n"
    "--inner\r\n"
    'Content-Type: text/html; charset="utf-8"\r\n'
    "\r\n"
    "<html><body><p>ANTWERP (Port Office) - The port of Antwerp opened a new "
    "container terminal.</p></body></html>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    'Content-Type: text/plain; name="figures.txt"\r\n'
    'Content-Disposition: attachment; filename="figures.txt"\r\n'
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "MjAyNjogMiBtaWxsaW9uCg==\r\n"
    "--outer--\r\n"
)


def items_of(data: bytes, name: str) -> list[RawItem | Skipped | InputError]:
    text = decode(data, name)
    return list(read_document(text, origin=name, source="mail", key=name, suffix=None))


def test_an_email_is_read_as_its_subject_date_and_text_part() -> None:
    [item] = items_of(RELEASE.encode("utf-8"), "release.eml")
    assert isinstance(item, RawItem)
    assert item.title == "Port of Antwerp opens a new container terminal"
    assert item.date == "2026-12-04T08:12:08+00:00" and item.date_source == "email"
    assert item.text is not None
    assert item.text.startswith("ANTWERP (Port Office) - The port of Antwerp opened a new")
    assert "container terminal on Thursday" in item.text  # quoted-printable undone
    assert item.text.endswith("The terminal cost €800 million.")
    assert "Received" not in item.text and "boundary" not in item.text
    assert item.notes == ["email: attachments not read: figures.txt"]
    parsed = process_item(item)
    assert parsed.language == "en" and parsed.published is not None
    assert parsed.dateline is not None and parsed.dateline.city == "Antwerp"


def test_an_html_only_email_is_read_as_a_page() -> None:
    message = RELEASE.replace('multipart/mixed; boundary="outer"', "text/html; charset=utf-8")
    head, _, _ = message.partition("\r\n\r\n")
    html = "<html><body><p>The port of Antwerp opened a new container terminal on Thursday, "
    html += "the port authority said in a statement.</p></body></html>"
    [item] = items_of(f"{head}\r\n\r\n{html}\r\n".encode(), "release.txt")
    assert isinstance(item, RawItem) and item.text is None and item.html is not None
    assert process_item(item).text.startswith("The port of Antwerp opened")


def test_an_email_with_no_text_part_is_a_failure_that_says_so() -> None:
    head, _, _ = RELEASE.partition("\r\n\r\n")
    message = head.replace('multipart/mixed; boundary="outer"', "image/png")
    with pytest.raises(FormatError, match="no text or HTML part"):
        items_of(f"{message}\r\n\r\niVBORw0KGgo=\r\n".encode(), "photo.eml")


@pytest.mark.parametrize(
    "text",
    [
        "Washington: The president said on Monday.\nFrom: the White House\n\nMore text.\n",
        "date 2026-12-04\nPARIS (AFP) - Le gouvernement a présenté un projet de loi.\n",
        "Subject: budget\nDate: Monday\n\nThe council met on Monday.\n",  # no sender or route
        "From: a reader\nTo: the editor\nSubject: letters\nDate: Monday",  # no body after it
    ],
)
def test_stories_that_open_like_headers_are_no_email(text: str) -> None:
    assert not is_email(text)


def test_eml_files_in_a_folder_are_read_as_email(tmp_path: Path) -> None:
    (tmp_path / "release.eml").write_text(RELEASE, encoding="utf-8", newline="")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n")  # not named as anything read
    refs = [ref for ref in discover([str(tmp_path)]) if not isinstance(ref, InputError)]
    items = [item for ref in refs for item in read_ref(ref, source="mail", max_bytes=1_000_000)]
    assert [item.title for item in items if isinstance(item, RawItem)] == [
        "Port of Antwerp opens a new container terminal"
    ]
