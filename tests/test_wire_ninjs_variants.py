"""ninjs as agencies really send it (issue 22): 1.x pattern properties, 2.x/3.x headlines of
every role, NITF inside ``bodies``, events, bodies by reference, loose versions and embargoes,
and the fields every peer reader keeps (associations, abstract, take key, priority, creditline,
structured place, other languages).

The documents are small, written from the ninjs 1.x, 2.x and 3.x JSON schemas (iptc/newsinjson
``specification/``) and shaped after public fixtures (iptc/newsinjson ``examples/``,
superdesk/superdesk-core ``tests/io/fixtures``: AP Media API and AAP items)."""

from __future__ import annotations

import json
from typing import Any

from newsroom.core.models import RawItem, Skipped
from newsroom.stages.pipeline import item_output, process_json_line
from newsroom.stages.readers import read_document


def read(document: dict[str, Any] | list[Any]) -> list[RawItem | Skipped]:
    """The items of a ninjs document, read from its text as a file would be."""
    text = json.dumps(document, ensure_ascii=False)
    return list(read_document(text, origin="item.json", source="wire", key="k", suffix=".json"))


def story(document: dict[str, Any]) -> RawItem:
    [item] = read(document)
    assert isinstance(item, RawItem), item
    return item


def skipped(document: dict[str, Any]) -> Skipped:
    [item] = read(document)
    assert isinstance(item, Skipped), item
    return item


def line(document: dict[str, Any]) -> dict[str, Any]:
    """What ``newsroom parse --jsonl`` prints for the document as one input line."""
    return process_json_line(json.dumps(document, ensure_ascii=False), 1)


BODY = "<p>GENEVA (Example Wire) - Talks resumed on Monday.</p><p>Delegates met for six hours.</p>"


# -- 1. ninjs 1.x pattern properties --------------------------------------------------------------


def test_1x_headline_pattern_properties_are_extra_headlines() -> None:
    item = story(
        {
            "uri": "urn:example:1x-extra",
            "type": "text",
            "headline": "Talks resume in Geneva",
            "headline_extended": "Talks resume in Geneva after a week's pause over the agenda",
            "body_html": BODY,
        }
    )
    assert item.title == "Talks resume in Geneva"
    assert item.wire is not None
    assert item.wire.subheadlines == ["Talks resume in Geneva after a week's pause over the agenda"]


def test_1x_body_pattern_properties_and_a_headline_pattern_alone() -> None:
    # No ``headline``, no body_html/body_text: the story is in the pattern properties alone.
    item = story(
        {
            "uri": "urn:example:1x-pattern",
            "type": "text",
            "headline_short": "Talks resume",
            "body_richhtml": BODY,
        }
    )
    assert item.title == "Talks resume"
    assert item.text is not None and item.text.startswith("GENEVA (Example Wire)")
    assert "Delegates met for six hours." in item.text


def test_1x_description_properties_give_the_abstract() -> None:
    item = story(
        {
            "guid": "urn:example:1x-abstract",
            "type": "text",
            "headline": "Talks resume",
            "description_html": "<p>Delegates <b>return</b> to the table.</p>",
            "body_text": "GENEVA - Talks resumed.",
        }
    )
    assert item.wire is not None
    assert item.wire.abstract == "Delegates return to the table."


# -- 2. ninjs 2/3 headlines with other roles, headline as an object -------------------------------


def test_a_headline_of_another_role_alone_is_the_headline() -> None:
    for role in ("short", "alternative", "seo"):
        item = story(
            {
                "uri": f"urn:example:{role}",
                "type": "text",
                "headlines": [{"role": role, "value": "Talks resume in Geneva"}],
                "bodies": [{"role": "main", "contenttype": "text/html", "value": BODY}],
            }
        )
        assert item.title == "Talks resume in Geneva", role


def test_main_is_preferred_and_the_others_are_subheadlines() -> None:
    item = story(
        {
            "uri": "urn:example:roles",
            "type": "text",
            "language": "en",
            "headlines": [
                {"role": "sub", "value": "Delegates return after a week"},
                {"role": "main", "value": "Talks resume in Geneva"},
            ],
            "bodies": [{"value": BODY, "contenttype": "text/html"}],
        }
    )
    assert item.title == "Talks resume in Geneva"
    assert item.wire is not None
    assert item.wire.subheadlines == ["Delegates return after a week"]


def test_a_headline_given_as_an_object() -> None:
    assert story(
        {"uri": "u:1", "headline": {"value": "Talks resume"}, "body_html": BODY}
    ).title == ("Talks resume")
    item = story(
        {
            "uri": "u:2",
            "language": "fr",
            "headline": {"en": "Talks resume", "fr": "Les pourparlers reprennent"},
            "body_html": BODY,
        }
    )
    assert item.title == "Les pourparlers reprennent"


def test_3x_camel_case_names_are_read() -> None:
    item = story(
        {
            "standard": {"name": "ninjs", "version": "3.0"},
            "uri": "urn:example:camel",
            "type": "text",
            "pubStatus": "withheld",
            "versionCreated": "2024-03-01T10:00:00Z",
            "copyrightHolder": "Example Wire",
            "headlines": [{"role": "main", "contentType": "text/plain", "value": "Talks resume"}],
            "bodies": [{"role": "main", "contentType": "text/plain", "value": "Talks resumed."}],
        }
    )
    assert item.wire is not None
    assert item.wire.pub_status == "withheld"
    assert item.wire.copyright_holder == "Example Wire"
    assert item.date == "2024-03-01T10:00:00+00:00"


# -- 3. NITF in bodies, HTML kept -----------------------------------------------------------------

NITF = """<?xml version="1.0" encoding="UTF-8"?>
<nitf><head><title>Tour anti-doping measures</title></head>
<body><body.head><hedline><hl1>Anti-doping measures will be the toughest ever</hl1></hedline>
<byline>By DopingWatch</byline></body.head>
<body.content><block><p>ADELAIDE - Testing starts before the Tour.</p>
<p>Samples will be frozen for retesting.</p></block></body.content></body></nitf>"""


def test_nitf_carried_in_a_bodies_entry() -> None:
    # After iptc/newsinjson examples/2.2 (the ADDB item): a nitf body and a plain one, no main.
    item = story(
        {
            "uri": "https://example.org/news/anti-doping",
            "type": "text",
            "language": "en",
            "bodies": [
                {"role": "nitf", "contenttype": "application/nitf+xml", "value": NITF},
                {"role": "text", "contenttype": "text/plain", "value": "Testing starts."},
            ],
        }
    )
    assert item.title == "Anti-doping measures will be the toughest ever"
    assert item.byline == "By DopingWatch"
    assert (
        item.text
        == "ADELAIDE - Testing starts before the Tour.\n\nSamples will be frozen for retesting."
    )
    assert "<" not in item.text
    assert item.wire is not None and item.wire.body_html is not None
    assert "<p>Samples will be frozen for retesting.</p>" in item.wire.body_html


def test_body_html_is_kept_sanitised_with_its_tables() -> None:
    html = (
        "<p>Results:</p><table><tr><th>Team</th><th>Pts</th></tr>"
        "<tr><td onclick='x()'>Lyon</td><td>3</td></tr></table><script>alert(1)</script>"
    )
    for body in ({"body_html": html}, {"body_xhtml": html}, {"bodies": [{"value": html}]}):
        item = story({"uri": "urn:example:agate", "headline": "Results", **body})
        assert item.wire is not None and item.wire.body_html is not None
        assert "<table>" in item.wire.body_html and "<td>Lyon</td>" in item.wire.body_html
        assert "script" not in item.wire.body_html and "onclick" not in item.wire.body_html


# -- 4. events and planning -----------------------------------------------------------------------


def test_3x_events_and_planning_are_skipped_not_failed() -> None:
    # After iptc/newsinjson documentation/includes/examples/3.3/008_event.json: no headline or
    # body at all, only ``standard``, ``uri``, ``type``, ``title`` and event details.
    event = {
        "standard": {"name": "ninjs", "version": "3.3"},
        "uri": "urn:example:summit-press-conference",
        "type": "event",
        "title": "Summit press conference",
        "eventDetails": {"dates": {"expectedStartDate": "2023-07-11"}},
    }
    assert "event" in skipped(event).reason
    assert "planning" in skipped({**event, "type": "planning"}).reason
    output = line(event)
    assert output["error"] is None and "event" in output["skipped"]


# -- 5. body by reference -------------------------------------------------------------------------

AP_TEXT = {
    # Shaped after superdesk-core tests/io/fixtures/ap_media_text_item.json (AP Media API).
    "api_version": "1.1",
    "data": {
        "item": {
            "uri": "https://api.example/media/v/content/5ee9b4b4?qt=x",
            "version": 0,
            "type": "text",
            "pubstatus": "usable",
            "headline": "BC-BBN--Top Ten",
            "renditions": {
                "nitf": {
                    "title": "NITF Story Download",
                    "type": "text",
                    "mimetype": "text/xml",
                    "href": "https://api.example/media/v/content/5ee9b4b4.0/download?format=NITF",
                }
            },
        }
    },
}


def test_a_body_by_reference_is_skipped_with_its_metadata_kept() -> None:
    item = skipped(AP_TEXT)
    assert item.reason.startswith("body by reference: ")
    assert "download?format=NITF" in item.reason
    assert item.headline == "BC-BBN--Top Ten"
    assert item.wire is not None
    assert item.wire.guid == "https://api.example/media/v/content/5ee9b4b4?qt=x"
    assert item.wire.version == 0
    assert item.wire.pub_status == "usable"
    output = line(AP_TEXT)
    assert output["error"] is None and output["skipped"].startswith("body by reference")
    assert output["title"] == "BC-BBN--Top Ten" and output["wire"]["guid"].startswith("https://api")


def test_an_item_with_only_a_uri_and_renditions_list_is_by_reference() -> None:
    # ninjs 3 renditions are a list; NTB-style items send the link, not the text.
    item = skipped(
        {
            "uri": "https://ntb.example/items/123",
            "type": "text",
            "version": "3",
            "pubStatus": "usable",
            "headlines": [{"value": "Storm warning for the west coast"}],
            "renditions": [
                {"name": "html", "contentType": "text/html", "href": "https://ntb.example/123.html"}
            ],
        }
    )
    assert (
        item.reason
        == "body by reference: the text is at https://ntb.example/123.html (not fetched)"
    )
    assert item.headline == "Storm warning for the west coast"
    assert item.wire is not None and item.wire.version == 3


# -- 6. loose versions, headline objects, unreadable embargoes ------------------------------------


def test_version_as_a_number_or_a_string() -> None:
    for sent, read_as in ((2, 2), (2.0, 2), ("2", 2), ("2.0", 2), ("two", None), (2.5, None)):
        item = story({"uri": "u:v", "version": sent, "headline": "H", "body_text": "Text."})
        assert item.wire is not None and item.wire.version == read_as, sent


def test_an_unreadable_embargo_withholds_the_story_with_a_note() -> None:
    item = story(
        {"uri": "u:e", "embargoed": "next Tuesday", "headline": "Budget", "body_text": "Text."}
    )
    assert item.wire is not None
    assert item.wire.pub_status == "withheld"
    assert item.wire.embargoed_until is None
    assert any("next Tuesday" in note for note in item.notes)
    output = item_output(item)
    assert output["status"] == "withheld" and output["text"] == "Text."
    assert output["title"] == "Budget"  # a withheld story keeps what it was sent with
    readable = story(
        {"uri": "u:e2", "embargoed": "2024-03-05T09:00:00Z", "headline": "B", "body_text": "T."}
    )
    assert readable.wire is not None and readable.wire.pub_status == "usable"
    assert readable.wire.embargoed_until is not None


# -- 7. the fields every peer reader keeps --------------------------------------------------------


def test_1x_associations_by_name_with_caption_and_rendition() -> None:
    # Shaped after superdesk-core tests/io/fixtures/ninjs2.json (AAP, ninjs 1.x).
    item = story(
        {
            "guid": "urn:example:oil",
            "type": "text",
            "headline": "Oil edges up",
            "body_html": "<p>Oil prices edged up on Monday.</p>",
            "associations": {
                "featuremedia": {
                    "guid": "20170809001313906811",
                    "type": "picture",
                    "headline": "Financial Markets",
                    "description_text": "A trader on the floor of the exchange.",
                    "renditions": {
                        "thumbnail": {"href": "http://img.example/thumb.jpg"},
                        "original": {"href": "http://img.example/original.jpg"},
                    },
                }
            },
        }
    )
    assert item.wire is not None
    [picture] = item.wire.associations
    assert picture.uri == "20170809001313906811"
    assert picture.role == "featuremedia"
    assert picture.type == "picture"
    assert picture.headline == "Financial Markets"
    assert picture.caption == "A trader on the floor of the exchange."
    assert picture.href == "http://img.example/original.jpg"


def test_3x_associations_list_with_descriptions() -> None:
    item = story(
        {
            "uri": "urn:example:assoc3",
            "headlines": [{"value": "Oil edges up"}],
            "bodies": [{"value": "Oil prices edged up."}],
            "associations": [
                {
                    "name": "mainpicture",
                    "rel": "irel:seeAlso",
                    "uri": "urn:example:picture:1",
                    "type": "picture",
                    "headlines": [{"value": "Trading floor"}],
                    "descriptions": [{"role": "caption", "value": "Traders at work."}],
                    "renditions": [{"name": "original", "href": "https://img.example/1.jpg"}],
                }
            ],
        }
    )
    assert item.wire is not None
    [picture] = item.wire.associations
    assert (picture.uri, picture.role, picture.headline, picture.caption, picture.href) == (
        "urn:example:picture:1",
        "mainpicture",
        "Trading floor",
        "Traders at work.",
        "https://img.example/1.jpg",
    )


def test_abstract_take_key_priority_and_creditline() -> None:
    item = story(
        {
            "uri": "urn:example:fields",
            "headlines": [{"value": "Talks resume"}],
            "descriptions": [
                {"role": "summary", "value": "Delegates return to the table."},
                {"role": "creditline", "value": "Example Wire/Jane Doe"},
            ],
            "anpa_take_key": "1stLd-Writethru",
            "priority": 3,
            "bodies": [{"value": "Talks resumed."}],
        }
    )
    assert item.wire is not None
    assert item.wire.abstract == "Delegates return to the table."
    assert item.wire.take_key == "1stLd-Writethru"
    assert item.wire.priority == 3
    assert item.wire.creditline == "Example Wire/Jane Doe"
    ap_credit = story(
        {"uri": "u:c", "headline": "H", "body_text": "T.", "description_creditline": "AP/J. Doe"}
    )
    assert ap_credit.wire is not None and ap_credit.wire.creditline == "AP/J. Doe"


def test_located_as_a_structured_place() -> None:
    superdesk = story(
        {
            "guid": "urn:example:located",
            "headline": "Storm",
            "body_text": "Text.",
            "located": {
                "city": "Sydney",
                "state": "New South Wales",
                "country": "Australia",
                "country_code": "AU",
                "location": {"lat": -33.86, "lon": 151.21},
            },
        }
    )
    assert superdesk.wire is not None and superdesk.wire.place is not None
    place = superdesk.wire.place
    assert (place.city, place.region, place.country, place.country_code) == (
        "Sydney",
        "New South Wales",
        "Australia",
        "AU",
    )
    assert (place.latitude, place.longitude) == (-33.86, 151.21)
    assert superdesk.wire.located == "Sydney"
    ap = story(
        {
            "uri": "u:ap",
            "headline": "H",
            "body_text": "T.",
            "datelinelocation": {
                "city": "New York",
                "countryareaname": "NEW YORK",
                "countryname": "UNITED STATES",
                "geometry_geojson": {"type": "Point", "coordinates": [-74.00597, 40.71427]},
            },
        }
    )
    assert ap.wire is not None and ap.wire.place is not None
    assert (ap.wire.place.city, ap.wire.place.latitude, ap.wire.place.longitude) == (
        "New York",
        40.71427,
        -74.00597,
    )
    plain = story(
        {
            "uri": "u:1x",
            "headline": "H",
            "body_text": "T.",
            "located": "Grossetto",
            "place": [{"name": "Grossetto", "geometry_geojson": {"coordinates": [11.1, 42.76]}}],
        }
    )
    assert plain.wire is not None and plain.wire.place is not None
    assert (plain.wire.place.name, plain.wire.place.latitude) == ("Grossetto", 42.76)


def test_every_language_of_a_multi_language_item() -> None:
    document = {
        "uri": "urn:example:bilingual",
        "type": "text",
        "language": "de",
        "headlines": [
            {"role": "main", "value": "Gespräche in Genf gehen weiter", "contentlanguage": "de"},
            {"role": "main", "value": "Les pourparlers reprennent à Genève", "lang": "fr"},
        ],
        "bodies": [
            {"role": "main", "value": "<p>GENF - Die Gespräche gingen weiter.</p>", "lang": "de"},
            {"role": "main", "value": "<p>GENÈVE - Les pourparlers ont repris.</p>", "lang": "fr"},
        ],
    }
    item = story(document)
    assert item.title == "Gespräche in Genf gehen weiter"
    assert item.text == "GENF - Die Gespräche gingen weiter."
    assert item.wire is not None
    [french] = item.wire.translations
    assert (french.language, french.headline, french.text) == (
        "fr",
        "Les pourparlers reprennent à Genève",
        "GENÈVE - Les pourparlers ont repris.",
    )
    output = line(document)
    assert output["error"] is None and output["title"] == "Gespräche in Genf gehen weiter"
    assert output["wire"]["translations"][0]["language"] == "fr"


def test_an_item_declared_in_bokmal_is_read_as_norwegian() -> None:
    # Too short for the language detector to tell: the wire's own tag says which, and "nb"
    # (Bokmål) is what the detector and the Norwegian tables and rules call "no".
    output = line(
        {
            "uri": "urn:example:ntb",
            "type": "text",
            "language": "nb-NO",
            "headline": "Storm i Oslo",
            "body_text": "Storm i Oslo.",
        }
    )
    assert output["language"] == "no"
    assert output["topics_method"] == "rules:no"
    assert "NO" in {place["code"] for place in output["places"]}


# dpa's digitalwires JSON, shaped like dpa-newslab/dpa-digitalwires-to-newsmlg2's test inputs
# (tests/data/input/eil.json, dw-1.json), none copied.
DIGITALWIRES: dict[str, Any] = {
    "format": "digitalwires@0.9.1",
    "type": "text",
    "urn": "urn:newsml:dpa.com:20090101:260414-99-000002",
    "version": 2,
    "version_created": "2026-04-14T10:37:24+02:00",
    "content_created": "2026-04-14T10:05:00+02:00",
    "pubstatus": "usable",
    "signal": "sig:correction",
    "urgency": 2,
    "language": "de",
    "kicker": "Parteien",
    "headline": "Parteispitze tritt nach Wahlniederlagen ab",
    "teaser": "Die Vorsitzenden ziehen Konsequenzen.",
    "byline": None,
    "dateline": "Berlin (dpa) - ",
    "article_html": '<section class="main"><p>Die Parteispitze tritt zurück.</p>'
    "<p>Ein neuer Vorstand wird im November gewählt.</p></section>",
    "notepad": {"nonpublic_html": "<p>Kontakt: +49 30 0000000</p>"},
    "ednotes": [
        {"role": "dpaednoterole:closingline", "ednote": "dpa abc n1 sku"},
        {"role": "dpaednoterole:editorialnote", "ednote": "dpa-Eilmeldung"},
    ],
    "categories": [
        {"type": "dnltype:dpasubject", "name": "Wahlen", "qcode": "medtop:20000574"},
        {"type": "dnltype:dpasubject", "name": "Partei", "qcode": "dpasubject:123"},
        {"type": "dnltype:keyword", "name": "Vorstand", "qcode": None},
        {"type": "dnltype:provider", "name": "dpa", "qcode": "dnlprov:dpa"},
    ],
}


def test_dpa_digitalwires_is_read_with_its_dateline_and_without_its_notepad() -> None:
    item = story(DIGITALWIRES)
    wire = item.wire
    assert wire is not None
    assert (wire.format, wire.guid, wire.version, wire.signal, wire.urgency) == (
        "digitalwires",
        "urn:newsml:dpa.com:20090101:260414-99-000002",
        2,
        ["correction"],
        2,
    )
    assert item.title == "Parteispitze tritt nach Wahlniederlagen ab"
    assert item.text == (
        "Berlin (dpa) - Die Parteispitze tritt zurück.\n\n"
        "Ein neuer Vorstand wird im November gewählt."
    )
    assert item.date == "2026-04-14T10:37:24+02:00"
    assert (wire.abstract, wire.subheadlines, wire.ednote) == (
        "Die Vorsitzenden ziehen Konsequenzen.",
        ["Parteien"],
        "dpa-Eilmeldung",
    )
    assert [s.code for s in wire.subjects] == ["medtop:20000574", "dpasubject:123"]
    output = line(DIGITALWIRES)
    assert output["dateline"]["city"] == "Berlin" and output["dateline"]["agency"] == "dpa"
    assert "medtop:20000574" in {topic["code"] for topic in output["topics"]}
    assert "+49" not in output["text"]


def test_a_list_of_digitalwires_entries_is_its_stories() -> None:
    other = {**DIGITALWIRES, "urn": "urn:newsml:dpa.com:20090101:260414-99-000003"}
    items = read({"entries": [DIGITALWIRES, other]})
    assert [item.key for item in items if isinstance(item, RawItem)] == [
        "urn:newsml:dpa.com:20090101:260414-99-000002",
        "urn:newsml:dpa.com:20090101:260414-99-000003",
    ]
