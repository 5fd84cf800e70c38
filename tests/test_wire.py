"""Agency copy: each wire format read from its content, whatever the file is called, into the
headline, byline, dateline, body, identity, version and subject codes it carries."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from newsroom.core.errors import FormatError, InputError
from newsroom.core.models import InputFormat, RawItem, Skipped
from newsroom.stages import wire
from newsroom.stages.pipeline import item_output, process_item, process_json_line
from newsroom.stages.readers import (
    INPUT_FORMATS,
    decode,
    read_document,
    sniff_wire,
)
from tests.conftest import FIXTURES

WIRE = FIXTURES / "wire"


def read(name: str, format: str = "auto", *, as_name: str | None = None) -> list[RawItem | Skipped]:
    """The items of a fixture, decoded from its bytes as a file would be; ``as_name`` reads it
    under another file name (its suffix must not matter)."""
    path = WIRE / name
    text = decode(path.read_bytes(), name)
    suffix = Path(as_name or name).suffix
    return list(
        read_document(
            text, origin=as_name or name, source="wire-drop", key=name, suffix=suffix, format=format
        )
    )


def story(name: str, **options: str) -> RawItem:
    [item] = read(name, **options)
    assert isinstance(item, RawItem), item
    return item


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("g2-text.xml", "newsml-g2"),
        ("g2-message.xml", "newsml-g2"),
        ("nitf.xml", "nitf"),
        ("newsml1.xml", "newsml-1"),
        ("ninjs1.json", "ninjs"),
        ("ninjs2.json", "ninjs"),
        ("ninjs3.json", "ninjs"),
        ("anpa.tst", "anpa"),
        ("iptc7901.txt", "iptc7901"),
    ],
)
def test_the_format_is_told_from_the_content_not_the_name(name: str, format: str) -> None:
    text = decode((WIRE / name).read_bytes(), name)
    assert sniff_wire(text) == format
    # under a misleading name, and under none, it is read the same
    for as_name in ("story.txt", "story.html", "story"):
        items = read(name, as_name=as_name)
        assert items and all(isinstance(item, RawItem | Skipped) for item in items)
        stories = [item for item in items if isinstance(item, RawItem)]
        assert stories and all(item.wire and item.wire.format == format for item in stories)
        assert all("<" not in (item.title or "") for item in stories)


def test_newsml_g2_news_item_gives_every_field() -> None:
    item = story("g2-text.xml")
    assert item.wire is not None
    wire_info = item.wire
    assert item.title == "Rhine floods Cologne's old town as rain keeps falling"
    assert item.byline == "By Anna Keller"
    assert item.source == "Example Wire"  # the provider: identity is provider plus GUID
    assert item.key == "urn:newsml:example.org:20231104:flood-rhine"
    assert item.text is not None
    paragraphs = item.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("COLOGNE, Germany (Example Wire) - The Rhine burst")
    assert (
        paragraphs[2]
        == '"We expect the level to rise until Sunday evening," a city spokesman said.'
    )
    assert (wire_info.guid, wire_info.version, wire_info.pub_status) == (
        "urn:newsml:example.org:20231104:flood-rhine",
        3,
        "usable",
    )
    assert wire_info.signal == ["update"]
    assert wire_info.urgency == 3
    assert wire_info.provider == "Example Wire"
    assert wire_info.embargoed_until == "2023-11-04T10:00:00+00:00"
    assert wire_info.first_created == "2023-11-04T07:02:00+00:00"
    assert wire_info.version_created == "2023-11-04T09:30:00+00:00"
    assert wire_info.slugline == "GERMANY-FLOOD/"
    assert wire_info.language == "en"
    assert wire_info.genre == ["genre:Current"]
    assert wire_info.keywords == ["Rhine", "flood"]
    assert wire_info.copyright_holder == "Example Wire Ltd"
    assert wire_info.usage_terms == "Not for use by broadcasters in Germany."
    assert wire_info.ednote == "Updates with water levels in Cologne."
    assert (wire_info.dateline, wire_info.located) == ("COLOGNE, Germany", "Cologne")
    assert [subject.code for subject in wire_info.subjects] == [
        "medtop:06000000",
        "subj:17000000",
        "N2:FLOOD",
    ]
    assert item.document is not None and 'guid="urn:newsml:example.org:20231104:flood-rhine"' in (
        item.document
    )


def test_wire_subject_codes_become_topics_with_method_wire() -> None:
    """Media Topics as sent; Subject Codes through IPTC's mapping; other schemes kept as sent."""
    article = process_item(story("g2-text.xml"))
    wire_tags = {tag.code: tag for tag in article.topics if tag.method == "wire"}
    assert set(wire_tags) == {"medtop:06000000", "medtop:17000000"}
    assert all(tag.score == 1.0 for tag in wire_tags.values())
    assert wire_tags["medtop:17000000"].evidence == ["wire subject subj:17000000"]
    assert article.wire is not None
    subjects = {subject.code: subject.media_topic for subject in article.wire.subjects}
    assert subjects == {
        "medtop:06000000": "medtop:06000000",
        "subj:17000000": "medtop:17000000",
        "N2:FLOOD": None,
    }
    # the tagger still runs beside the wire's own codes
    assert any(tag.method == "rules" for tag in article.topics)
    assert article.dateline is not None  # the body's printed dateline, with its agency
    assert (article.dateline.location, article.dateline.country_code) == ("COLOGNE, Germany", "DE")
    assert article.dateline.agency == "Example Wire"


def test_a_news_message_ingests_its_text_item_and_skips_the_picture_and_package() -> None:
    items = read("g2-message.xml")
    assert [type(item).__name__ for item in items] == ["RawItem", "Skipped", "Skipped"]
    text, picture, package = items
    assert isinstance(text, RawItem) and isinstance(picture, Skipped)
    assert isinstance(package, Skipped)
    assert text.title == "New Zealand plans smaller deficit in next year's budget"  # from its NITF
    assert text.byline == "By Tom Harris"
    assert text.origin == "g2-message.xml[0]"
    assert text.text is not None and text.text.startswith("WELLINGTON, Nov 4 (Example Wire) -")
    assert picture.origin == "g2-message.xml[1]"
    assert "picture" in picture.reason
    assert "packageItem" in package.reason


def test_nitf_in_latin_1_with_its_head_and_body() -> None:
    item = story("nitf.xml")
    assert item.wire is not None
    assert item.title == "Storm cuts power to thousands in Maine"
    assert item.byline == "By Jo Marsh Example Wire Writer"
    assert item.text is not None and "Café owners on the waterfront" in item.text
    assert item.wire.dateline == "PORTLAND, Maine"
    assert (item.wire.guid, item.wire.version, item.wire.urgency) == ("EXW-2023-11-05-0042", 2, 2)
    assert item.wire.slugline == "Maine-Storm"
    assert item.wire.keywords == ["storm", "power outage"]
    assert [subject.code for subject in item.wire.subjects] == ["subj:17004000"]
    assert item.wire.version_created == "2023-11-05T06:15:00+00:00"


def test_newsml_1_from_afp() -> None:
    item = story("newsml1.xml")
    assert item.wire is not None
    assert item.title == "French rail strike halts most trains around Paris"
    assert item.wire.guid == "urn:newsml:afp.com:20231106:TX-PAR-XYZ12"  # less its revision
    assert (item.wire.version, item.wire.urgency, item.wire.provider) == (2, 4, "AFP")
    assert item.wire.dateline == "PARIS, Nov 6, 2023 (AFP) -"
    assert [subject.code for subject in item.wire.subjects] == ["subj:04000000", "subj:04015000"]
    article = process_item(item)
    # the body has no dateline: the markup's is used, with its date
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == ("Paris", "AFP")
    assert article.text.startswith("Most suburban trains around Paris")


@pytest.mark.parametrize(
    ("name", "headline", "byline", "first_words", "version"),
    [
        (
            "ninjs1.json",
            "Wildfire forces thousands from homes near Perth",
            "By Kate Nguyen",
            "PERTH, Australia (Example Wire) - A wildfire",
            2,
        ),
        (
            "ninjs2.json",
            "Carlsen vant sjakkturneringen i Oslo",  # the main headline, not the sub
            "Ola Nordmann; Kari Nordmann",
            "OSLO (Example Wire) - Magnus Carlsen",  # the main body, not the summary
            1,
        ),
        (
            "ninjs3.json",
            "Lisbon mayor wins second term in close vote",
            "Rui Costa",
            "LISBON (Example Wire) - Lisbon's mayor",
            5,
        ),
    ],
)
def test_ninjs_1_2_and_3(
    name: str, headline: str, byline: str, first_words: str, version: int
) -> None:
    item = story(name)
    assert item.wire is not None
    assert (item.title, item.byline, item.wire.version) == (headline, byline, version)
    assert item.text is not None and item.text.startswith(first_words)
    assert len(item.text.split("\n\n")) == 2


def test_ninjs_subject_uris_and_schemes() -> None:
    item = story("ninjs1.json")
    assert item.wire is not None
    assert [subject.code for subject in item.wire.subjects] == [
        "medtop:06000000",
        "subj:06001000",
        "topics:FIRE",
    ]
    assert item.wire.embargoed_until == "2023-11-07T06:00:00+00:00"
    assert item.wire.usage_terms == "Not for resale."
    two = story("ninjs2.json")
    assert two.wire is not None and [s.code for s in two.wire.subjects] == ["medtop:15000000"]


def test_anpa_1312_take() -> None:
    item = story("anpa.tst")
    assert item.wire is not None
    assert item.title == "Restored lighthouse shines again over Lake Superior"
    assert item.byline == "By MARIA LOPEZ"
    assert item.text is not None and item.text.startswith("DULUTH, Minn. (AP) _ A lighthouse")
    assert "\x02" not in item.text and "^" not in item.text
    assert len(item.text.split("\n\n")) == 3
    assert item.wire.slugline == "BC-Lighthouse-Restored 1stLd-Writethru"
    assert (item.wire.version, item.wire.signal, item.wire.urgency) == (1, ["update"], 5)
    assert item.wire.guid == "AP:BC-Lighthouse-Restored:2023-09-14"  # keyword and date
    assert item.wire.ednote == "Eds: Updates with quote from the mayor."
    article = process_item(item)
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.region) == ("Duluth", "Minnesota")


def test_iptc_7901_take() -> None:
    item = story("iptc7901.txt")
    assert item.wire is not None
    assert item.title == "Austrian glacier loses a tenth of its ice in one summer"
    assert item.byline == "By Lena Gruber, dpa"
    assert item.text is not None and item.text.startswith("Innsbruck (dpa) - The Pasterze")
    assert "dpa lg" not in item.text  # the editors' sign-off is not text
    assert (item.wire.provider, item.wire.slugline, item.wire.urgency) == (
        "dpa",
        "Austria-glacier",
        4,
    )
    assert item.wire.version == 1  # 1ST LEAD
    assert item.wire.version_created == "2023-09-14T11:37:00+00:00"  # 141137 GMT Sep 23


def test_the_same_story_keeps_one_identity_across_its_leads() -> None:
    """ANPA and 7901 carry no GUID: a story's leads share keyword and date, so they are versions
    of one article, not new ones."""
    first = (WIRE / "anpa.tst").read_text(encoding="latin-1")
    second = first.replace("1stLd-Writethru", "2ndLd-Writethru")
    one = wire.read_wire(first, "anpa", origin="a", source="s")[0]
    two = wire.read_wire(second, "anpa", origin="b", source="s")[0]
    assert isinstance(one, RawItem) and isinstance(two, RawItem)
    assert one.key == two.key
    assert one.wire is not None and two.wire is not None
    assert (one.wire.version, two.wire.version) == (1, 2)


def test_forcing_a_format_that_does_not_fit_is_a_clear_error() -> None:
    with pytest.raises(FormatError, match=r"not a nitf document: its root element is <newsItem>"):
        read("g2-text.xml", format="nitf")
    forced = story("nitf.xml", format="nitf")
    assert forced.title == "Storm cuts power to thousands in Maine"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("g2-malformed.xml", r"malformed XML at line 4"),
        ("ninjs-malformed.json", r"malformed JSON at line 1"),
    ],
)
def test_malformed_wire_documents_are_failures_that_name_the_line(name: str, reason: str) -> None:
    try:
        [error] = read(name, as_name=name)
    except InputError as exc:  # raised, or yielded as the document's one item
        error = exc
    assert isinstance(error, InputError)
    assert re.search(reason, str(error))
    assert str(error).startswith(name)


def test_xml_in_no_news_format_is_refused_not_stored_as_text() -> None:
    rss = '<?xml version="1.0"?><catalog><book id="1"><title>XML</title></book></catalog>'
    with pytest.raises(FormatError, match=r"no news format this reads \(root <catalog>\)"):
        list(read_document(rss, origin="books.xml", source="s", key="k", suffix=".xml"))


def test_xml_entities_are_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><nitf><body><body.content><p>&b;</p>'
        "</body.content></body></nitf>"
    )
    with pytest.raises(FormatError, match="entit"):
        wire.read_wire(bomb, "nitf", origin="bomb.xml", source="s")


def test_a_json_lines_line_may_hold_a_whole_wire_document() -> None:
    nitf_text = decode((WIRE / "nitf.xml").read_bytes(), "nitf.xml")
    ninjs = json.loads((WIRE / "ninjs3.json").read_text(encoding="utf-8"))
    lines = [
        json.dumps({"id": "x1", "document": nitf_text}),  # a record carrying a document
        json.dumps(ninjs),  # a ninjs object as the line
        json.dumps(decode((WIRE / "g2-text.xml").read_bytes(), "g2")),  # a JSON string
    ]
    outputs = [process_json_line(line, number) for number, line in enumerate(lines, 1)]
    titles = [output["title"] for output in outputs]
    assert titles == [
        "Storm cuts power to thousands in Maine",
        "Lisbon mayor wins second term in close vote",
        "Rhine floods Cologne's old town as rain keeps falling",
    ]
    assert [output["wire"]["format"] for output in outputs] == ["nitf", "ninjs", "newsml-g2"]
    assert all(output["status"] == "usable" for output in outputs)


def test_the_output_contract_of_a_wire_item() -> None:
    output = item_output(story("g2-text.xml"))
    assert output["status"] == "usable"
    expected = {
        "format",
        "guid",
        "version",
        "pub_status",
        "signal",
        "urgency",
        "provider",
        "embargoed_until",
        "slugline",
        "subjects",
    }
    assert expected <= set(output["wire"])
    assert output["wire"]["subjects"][1] == {
        "code": "subj:17000000",
        "name": "weather",
        "media_topic": "medtop:17000000",
    }
    assert "document" not in output  # kept for audit in the database, not in exports
    json.dumps(output)


def test_a_kill_without_text_is_read_and_exported_without_text() -> None:
    text = decode((WIRE / "g2-text.xml").read_bytes(), "g2").replace("stat:usable", "stat:canceled")
    text = text.replace("<xhtml:p>", "<xhtml:span>").replace("</xhtml:p>", "</xhtml:span>")
    start, end = text.index("<contentSet>"), text.index("</contentSet>")
    text = text[:start] + text[end + len("</contentSet>") :]
    [item] = wire.read_wire(text, "newsml-g2", origin="kill.xml", source="s")
    assert isinstance(item, RawItem)
    output = item_output(item)
    assert output["status"] == "canceled"
    assert output["text"] is None and output["wire"]["pub_status"] == "canceled"


def test_input_formats_are_the_wire_formats_and_the_plain_ones() -> None:
    assert set(INPUT_FORMATS) == {"auto", "text", "html", "json", "email", *wire.FORMATS}
    assert InputFormat.__args__ == INPUT_FORMATS  # type: ignore[attr-defined]


def test_a_wire_drop_folder_keeps_every_item_accounted_for(tmp_path: Path) -> None:
    """Every fixture in a folder: each story parsed, each picture or package skipped with its
    reason, each malformed file a failure that names it."""
    from newsroom.services.ingesting import parse_refs
    from newsroom.stages.readers import discover

    for fixture in WIRE.iterdir():
        shutil.copy(fixture, tmp_path / fixture.name)
    batch, _ = parse_refs(list(discover([str(tmp_path)])), source="drop", max_bytes=1_000_000)
    assert len(batch.articles) == 9  # 8 single stories and the message's text item
    assert {skipped.reason for skipped in batch.skipped} == {
        "a picture item (ninat:picture), not text",
        "a NewsML-G2 packageItem, not a story",
    }
    assert sorted(Path(failure.origin).name for failure in batch.failures) == [
        "g2-malformed.xml",
        "ninjs-malformed.json",
    ]
    assert all(article.wire is not None for article in batch.articles)


def test_control_coded_copy_in_latin_1_is_decoded_not_refused() -> None:
    """ANPA and 7901 copy is full of control characters (tables use them as tab stops) and is
    Latin-1 when not UTF-8: it is read, not refused as binary."""
    data = (WIRE / "anpa.tst").read_bytes().replace(b"Mayor Ellen Park", b"Mayor H\xe9l\xe8ne Park")
    data = data.replace(b"\tMayor", b"\tTampa\x1e\x1e73\x1e52\x1e.584\x1e\x1e_\r\n\tMayor")
    text = decode(data, "take.tst")
    [item] = read_document(text, origin="take.tst", source="s", key="k", suffix=".tst")
    assert isinstance(item, RawItem) and item.text is not None
    assert "Mayor Hélène Park said" in item.text
