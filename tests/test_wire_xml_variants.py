"""Wire XML as agencies really send it (issue 22): NewsML 1.x and NITF with a DOCTYPE's internal
subset, undeclared namespace prefixes, bodies sent by reference or empty, kills, empty
headlines, unreadable embargoes, and the fields every peer parser reads (abstract,
sub-headlines, take key, priority, creditline, structured place, body HTML, associations,
translations).

The documents are small, written from the IPTC specifications (NewsML-G2 2.x, NITF 3.x,
NewsML 1.2) and shaped like public fixtures: superdesk/superdesk-core ``tests/io/fixtures``
(``afp.xml``, ``ap.xml``, ``ap-nitf.xml``, ``ansa-newsmlg2-text.xml``,
``stt_newsml_abstract_test.xml``, ``stt_newsml_location_rich.xml``) and the IPTC NewsML-G2
guidelines' listings (``LISTING_1``, ``LISTING_28``). Parsing is real: lxml on the text.
"""

from __future__ import annotations

import json

import pytest

from newsroom.core.errors import FormatError
from newsroom.core.models import RawItem, Skipped
from newsroom.stages import wire
from newsroom.stages.feeds import parse_feed
from newsroom.stages.pipeline import process_item, process_json_line
from newsroom.stages.readers import json_line_items, read_document
from tests.httpserver import TestServer

G2 = 'xmlns="http://iptc.org/std/nar/2006-10-01/"'
NITF_NS = 'xmlns="http://iptc.org/std/NITF/2006-10-18/"'


def read(document: str) -> list[RawItem | Skipped]:
    return list(read_document(document, origin="test", source="wire-drop", key="test"))


def story(document: str) -> RawItem:
    [item] = read(document)
    assert isinstance(item, RawItem), item
    return item


def skipped(document: str) -> Skipped:
    [item] = read(document)
    assert isinstance(item, Skipped), item
    return item


def newsml1(
    *,
    doctype: str = "",
    status: str = "Usable",
    headline: str = "Swiss vote on pensions",
    content: str = "<DataContent><p>BERN&#160;- Voters decided.</p><p>More.</p></DataContent>",
    management: str = "",
    lines: str = "",
    components: str = "",
) -> str:
    """A NewsML 1.2 document as SDA/ATS and AFP send it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}<NewsML Version="1.2">
<NewsEnvelope><DateAndTime>20240301T101500Z</DateAndTime><Priority FormalName="3"/></NewsEnvelope>
<NewsItem xml:lang="de">
<Identification><NewsIdentifier><ProviderId>sda.ch</ProviderId><DateId>20240301</DateId>
<NewsItemId>123</NewsItemId><RevisionId PreviousRevision="0" Update="N">2</RevisionId>
<PublicIdentifier>urn:newsml:sda.ch:20240301:123:2</PublicIdentifier></NewsIdentifier>
</Identification>
<NewsManagement><NewsItemType FormalName="News"/>
<FirstCreated>20240301T101000+0100</FirstCreated>
<ThisRevisionCreated>20240301T101500+0100</ThisRevisionCreated>
<Status FormalName="{status}"/>{management}<Urgency FormalName="4"/></NewsManagement>
<NewsComponent>
<NewsLines><HeadLine>{headline}</HeadLine><SlugLine>Schweiz-Renten</SlugLine>{lines}</NewsLines>
<DescriptiveMetadata><Language FormalName="de"/>
<Location HowPresent="Origin"><Property FormalName="Country" Value="CH"/>
<Property FormalName="CountryArea" Value="Bern"/>
<Property FormalName="City" Value="Bern"/></Location>
</DescriptiveMetadata>
<ContentItem><MediaType FormalName="Text"/><Format FormalName="XHTML"/>{content}</ContentItem>
{components}
</NewsComponent>
</NewsItem>
</NewsML>
"""


SUBSET = """<!DOCTYPE NewsML [
  <!ELEMENT NewsML ANY>
  <!ENTITY nbsp "&#160;">
  <!ENTITY agency 'SDA'>
]>
"""


def nitf(
    *,
    doctype: str = "",
    status: str = "usable",
    head: str = "",
    docdata: str = "",
    body_head: str = "",
    hedline: str = "<hl1>Storm cuts power to 40,000</hl1>",
    content: str = "<p>PORTLAND, Maine (AP) - A storm cut power.</p><p>Crews worked.</p>",
) -> str:
    """A NITF 3.x document as AP, Kyodo and EFE send it."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
{doctype}<nitf version="-//IPTC//DTD NITF 3.4//EN" baselang="en-US">
<head>{head}<docdata management-status="{status}">
<doc-id regsrc="AP" id-string="ap-2024-0301-storm"/>
<urgency ed-urg="3"/>
<date.issue norm="20240301T101500Z"/>{docdata}
</docdata></head>
<body><body.head><hedline>{hedline}</hedline>{body_head}</body.head>
<body.content>{content}</body.content></body>
</nitf>
"""


def g2(
    *,
    item_meta: str = "",
    content_meta: str = "",
    headline: str = "<headline>Rhine floods Cologne old town</headline>",
    status: str = "usable",
    content_set: str = '<contentSet><inlineXML contenttype="application/xhtml+xml">'
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>COLOGNE (dpa) - The Rhine rose.</p>'
    "<p>Residents left.</p></body></html></inlineXML></contentSet>",
    attributes: str = "",
) -> str:
    """A NewsML-G2 text newsItem."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<newsItem {G2} guid="urn:newsml:dpa.com:20240301:flood" version="3" standard="NewsML-G2"
 standardversion="2.29" xml:lang="en"{attributes}>
<rightsInfo><copyrightHolder literal="dpa"/></rightsInfo>
<itemMeta><itemClass qcode="ninat:text"/><provider literal="dpa"/>
<versionCreated>2024-03-01T10:15:00Z</versionCreated><pubStatus qcode="stat:{status}"/>{item_meta}
</itemMeta>
<contentMeta><urgency>3</urgency><language tag="en"/>{content_meta}{headline}</contentMeta>
{content_set}
</newsItem>
"""


# -- 1. a DOCTYPE with an internal subset -------------------------------------------------------


def test_newsml1_with_an_internal_subset_is_detected_and_read() -> None:
    content = "<DataContent><p>BERN&nbsp;(&agency;) - Voters decided.</p></DataContent>"
    document = newsml1(doctype=SUBSET, content=content)
    assert wire.detect(document) == "newsml-1"
    item = story(document)
    assert item.title == "Swiss vote on pensions"
    assert item.wire is not None and item.wire.format == "newsml-1"
    assert item.text == "BERN (SDA) - Voters decided."
    assert "<NewsML" not in item.text  # not stored as plain text, XML and all


def test_nitf_with_an_internal_subset_is_read_and_its_entities_stay_unexpanded() -> None:
    """Kyodo declares entities; a short literal value is written in, nothing else expanded."""
    doctype = '<!DOCTYPE nitf [ <!ENTITY nbsp "&#160;"> <!ENTITY long "Kyodo News, Tokyo"> ]>\n'
    document = nitf(doctype=doctype, content="<p>TOKYO&nbsp;- Quake (&long;).</p>")
    assert wire.detect(document) == "nitf"
    item = story(document)
    assert item.text == "TOKYO - Quake (&long;)."
    assert item.title == "Storm cuts power to 40,000"


def test_a_doctype_with_an_external_dtd_only_is_parsed_and_nothing_is_fetched() -> None:
    doctype = '<!DOCTYPE nitf SYSTEM "http://127.0.0.1:9/nitf-3-4.dtd">\n'
    item = story(nitf(doctype=doctype, content="<p>A caf&eacute; &nbsp;opened.</p>"))
    assert item.text == "A café opened."  # the DTD's HTML entities, without reading it


def test_a_newsml1_doctype_in_a_json_lines_document_field_is_read() -> None:
    record = {"id": "sda-1", "document": newsml1(doctype=SUBSET)}
    [item] = json_line_items(record, origin="line 1", source="jsonl", default_key="1")
    assert isinstance(item, RawItem) and item.wire is not None
    assert item.wire.format == "newsml-1" and item.title == "Swiss vote on pensions"
    output = process_json_line(json.dumps(record), 1)
    assert output["error"] is None, output
    assert output["title"] == "Swiss vote on pensions"
    assert output["wire"]["format"] == "newsml-1"


@pytest.mark.parametrize(
    "declaration",
    [
        '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
        '<!ENTITY xxe PUBLIC "-//X//Y" "http://127.0.0.1:9/x">',
        '<!ENTITY % param "x">',
        '<!ENTITY a "aaaa"> <!ENTITY b "&a;&a;&a;&a;">',  # billion laughs
        '<!ENTITY c "<p>markup</p>">',
    ],
)
def test_harmful_entity_declarations_stay_refused(declaration: str) -> None:
    document = newsml1(doctype=f"<!DOCTYPE NewsML [ {declaration} ]>\n")
    with pytest.raises(FormatError, match="entity"):
        read(document)
    output = process_json_line(json.dumps({"document": document}), 1)
    assert "entity" in output["error"]


def test_feeds_keep_refusing_every_entity_declaration() -> None:
    feed = (
        b'<?xml version="1.0"?><!DOCTYPE rss [ <!ENTITY nbsp "&#160;"> ]>'
        b"<rss><channel><title>x</title></channel></rss>"
    )
    with pytest.raises(FormatError, match="entities"):
        parse_feed(feed, url="http://example.org/feed")


# -- 2. undeclared namespace prefixes ------------------------------------------------------------


def test_undeclared_namespace_prefixes_are_recovered_with_a_note() -> None:
    document = g2(content_meta="<dc:title>Flood</dc:title><slugline>Flood-Cologne</slugline>")
    item = story(document)
    assert item.title == "Rhine floods Cologne old town"
    assert item.wire is not None and item.wire.slugline == "Flood-Cologne"
    assert item.text is not None and item.text.startswith("COLOGNE (dpa)")
    [note] = [note for note in item.notes if note.startswith("XML: recovered from")]
    assert "Namespace prefix dc" in note


@pytest.mark.parametrize(
    "content_meta",
    ["<slugline>Flood</headline>", "<dc:title>Flood</dc:title><slugline>Flood</headline>"],
)
def test_other_malformed_xml_still_fails_with_its_line(content_meta: str) -> None:
    document = g2(content_meta=content_meta)
    with pytest.raises(FormatError, match=r"malformed XML at line 8: Opening and ending tag"):
        read(document)


# -- 3. empty bodies and bodies by reference -----------------------------------------------------


def test_g2_with_an_empty_inline_xml_is_skipped_with_its_headline() -> None:
    """The IPTC's LISTING_1: an inlineXML holding only a comment."""
    item = skipped(
        g2(
            content_set='<contentSet><inlineXML contenttype="application/nitf+xml">'
            "<!-- Inline XML must contain well-formed XML --></inlineXML></contentSet>"
        )
    )
    assert item.reason.startswith("empty body")
    assert item.headline == "Rhine floods Cologne old town"
    assert item.wire is not None and item.wire.guid == "urn:newsml:dpa.com:20240301:flood"


def test_g2_body_by_reference_is_skipped_with_its_metadata_kept() -> None:
    """AP's Media API: the text's NITF rendition by reference, nothing inline."""
    item = skipped(
        g2(
            content_set='<contentSet><remoteContent rendition="rnd:nitf" '
            'contenttype="application/nitf+xml" '
            'href="https://api.ap.org/media/v/content/abc/download?type=text&amp;format=nitf"/>'
            "</contentSet>"
        )
    )
    assert item.reason.startswith("body by reference")
    assert "https://api.ap.org/media/v/content/abc/download" in item.reason
    assert item.headline == "Rhine floods Cologne old town"
    assert item.wire is not None
    assert (item.wire.guid, item.wire.version, item.wire.pub_status) == (
        "urn:newsml:dpa.com:20240301:flood",
        3,
        "usable",
    )


def test_nitf_with_an_empty_body_is_skipped_not_failed() -> None:
    item = skipped(nitf(content=""))
    assert item.reason.startswith("empty body")
    assert item.headline == "Storm cuts power to 40,000"
    assert item.wire is not None and item.wire.guid == "ap-2024-0301-storm"


def test_newsml1_body_by_reference_is_skipped_with_its_metadata_kept() -> None:
    item = skipped(newsml1(content='<ContentItem Href="http://sda.ch/text/123.xml"/>'))
    assert item.reason == "body by reference: http://sda.ch/text/123.xml"
    assert item.headline == "Swiss vote on pensions"
    assert item.wire is not None
    assert (item.wire.guid, item.wire.version) == ("urn:newsml:sda.ch:20240301:123", 2)


def test_a_skipped_body_by_reference_comes_out_as_skipped_in_json_lines() -> None:
    record = {
        "document": g2(content_set='<contentSet><remoteContent href="https://x/y"/></contentSet>')
    }
    output = process_json_line(json.dumps(record), 1)
    assert output["skipped"].startswith("body by reference")


# -- 4. kills and withholds ----------------------------------------------------------------------


def test_a_g2_kill_keeps_its_headline_and_text() -> None:
    item = story(g2(status="canceled"))
    assert item.wire is not None and item.wire.pub_status == "canceled"
    assert item.title == "Rhine floods Cologne old town"
    assert item.text is not None and item.text.startswith("COLOGNE (dpa)")


def test_a_g2_kill_without_text_is_a_story_to_store_not_skipped() -> None:
    item = story(g2(status="canceled", content_set=""))
    assert item.wire is not None and item.wire.pub_status == "canceled"
    assert item.title == "Rhine floods Cologne old town" and item.text is None


def test_a_nitf_withhold_keeps_its_headline_and_text() -> None:
    item = story(nitf(status="withheld"))
    assert item.wire is not None and item.wire.pub_status == "withheld"
    assert item.title == "Storm cuts power to 40,000"
    assert item.text is not None and "storm cut power" in item.text


def test_a_newsml1_kill_without_content_keeps_its_headline() -> None:
    """AFP kills are sent with a Status and no text: not skipped as "without text"."""
    item = story(newsml1(status="Canceled", content=""))
    assert item.wire is not None and item.wire.pub_status == "canceled"
    assert item.title == "Swiss vote on pensions" and item.text is None


# -- 5. empty headlines --------------------------------------------------------------------------


def test_g2_empty_headline_gives_none_and_keeps_the_body_whole() -> None:
    """STT's ``<headline/>`` (superdesk-core ``stt_newsml_test_no_hl.xml``)."""
    item = story(g2(headline="<headline/>", content_meta="<slugline>Flood</slugline>"))
    assert item.title is None
    assert item.text == "COLOGNE (dpa) - The Rhine rose.\n\nResidents left."


def test_nitf_empty_headline_gives_none_and_keeps_the_body_whole() -> None:
    item = story(nitf(hedline="<hl1/>", head='<meta name="anpa-keyword" content="Storm"/>'))
    assert item.title is None
    assert item.text == "PORTLAND, Maine (AP) - A storm cut power.\n\nCrews worked."


def test_newsml1_empty_headline_gives_none_and_keeps_the_body_whole() -> None:
    item = story(newsml1(headline=""))
    assert item.title is None
    assert item.text == "BERN - Voters decided.\n\nMore."


# -- 6. embargoes that cannot be read ------------------------------------------------------------


@pytest.mark.parametrize("value", ["tomorrow at noon", "2024-02-30T25:61:00Z"])
def test_a_g2_garbage_embargo_withholds_the_story_with_a_note(value: str) -> None:
    item = story(g2(item_meta=f"<embargoed>{value}</embargoed>"))
    assert item.wire is not None
    assert item.wire.pub_status == "withheld" and item.wire.embargoed_until is None
    assert any(value in note for note in item.notes)


def test_a_g2_readable_embargo_is_kept() -> None:
    item = story(g2(item_meta="<embargoed>2024-03-02T06:00:00Z</embargoed>"))
    assert item.wire is not None and item.wire.pub_status == "usable"
    assert item.wire.embargoed_until == "2024-03-02T06:00:00+00:00"


def test_a_nitf_garbage_release_date_withholds_the_story() -> None:
    item = story(nitf(status="embargoed", docdata='<date.release norm="20240230T256100Z"/>'))
    assert item.wire is not None and item.wire.pub_status == "withheld"
    assert any("20240230T256100Z" in note for note in item.notes)


def test_a_newsml1_garbage_status_change_withholds_the_story() -> None:
    management = (
        '<StatusWillChange><FutureStatus FormalName="Usable"/>'
        "<DateAndTime>next Tuesday</DateAndTime></StatusWillChange>"
    )
    item = story(newsml1(status="Embargoed", management=management))
    assert item.wire is not None and item.wire.pub_status == "withheld"
    assert any("next Tuesday" in note for note in item.notes)


# -- 7. fields every peer parser reads -----------------------------------------------------------


def test_g2_fields() -> None:
    content_meta = (
        '<located type="cptype:city"><name>Cologne</name>'
        '<broader type="cptype:statprov"><name>North Rhine-Westphalia</name></broader>'
        '<broader type="cptype:country" qcode="iso3166-1a2:DE"><name>Germany</name></broader>'
        '<geoAreaDetails><position latitude="50.9375" longitude="6.9603"/></geoAreaDetails>'
        "</located>"
        "<slugline>BC-EU--Germany-Floods, 1st Ld-Writethru</slugline>"
        '<description role="drol:summary">The Rhine burst its banks.</description>'
        "<creditline>dpa/AP</creditline>"
    )
    headline = (
        "<headline>Rhine floods Cologne old town</headline>"
        '<headline role="hld:subHeadline">First flood in a decade</headline>'
    )
    item_meta = (
        '<link rel="irel:seeAlso" residref="urn:newsml:dpa.com:20240301:flood-pic" '
        'contenttype="image/jpeg"><title>Flooded street</title></link>'
    )
    content_set = (
        '<contentSet><inlineXML contenttype="application/xhtml+xml">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>COLOGNE (dpa) - The Rhine rose.</p>'
        "<table><tr><th>Gauge</th><td>8.1 m</td></tr></table>"
        '<script>alert(1)</script><p onclick="x()">Residents left.</p></body></html>'
        "</inlineXML></contentSet>"
    )
    message = (
        f"<newsMessage {G2}><header><sent>2024-03-01T10:15:00Z</sent><priority>2</priority>"
        "</header><itemSet>"
        + g2(
            content_meta=content_meta,
            headline=headline,
            item_meta=item_meta,
            content_set=content_set,
        ).split("?>", 1)[1]
        + "</itemSet></newsMessage>"
    )
    item = story(message)
    info = item.wire
    assert info is not None
    assert info.abstract == "The Rhine burst its banks."
    assert info.subheadlines == ["First flood in a decade"]
    assert info.take_key == "1st Ld-Writethru"
    assert info.priority == 2
    assert info.creditline == "dpa/AP"
    assert info.place is not None
    assert (info.place.name, info.place.city, info.place.region) == (
        "Cologne",
        "Cologne",
        "North Rhine-Westphalia",
    )
    assert (info.place.country, info.place.country_code) == ("Germany", "DE")
    assert (info.place.latitude, info.place.longitude) == (50.9375, 6.9603)
    assert info.body_html is not None
    assert "<table>" in info.body_html and "<td>8.1 m</td>" in info.body_html
    assert "script" not in info.body_html and "onclick" not in info.body_html
    [link] = info.associations
    assert (link.uri, link.role, link.type, link.headline) == (
        "urn:newsml:dpa.com:20240301:flood-pic",
        "irel:seeAlso",
        "picture",
        "Flooded street",
    )


def test_g2_picture_sent_beside_the_text_is_an_association() -> None:
    """ANSA sends the picture's remoteContent beside the text's inlineData."""
    item = story(
        g2(
            content_set='<contentSet><remoteContent contenttype="image/jpeg" '
            'rendition="rnd:highRes" href="tag:ansa.it,2017-10-11:2004.jpg"/>'
            '<inlineData contenttype="text/plain"><![CDATA[<p>(ANSA) - Rome - Text.</p>]]>'
            "</inlineData></contentSet>"
        )
    )
    assert item.text == "(ANSA) - Rome - Text."
    assert item.wire is not None
    [picture] = item.wire.associations
    assert (picture.uri, picture.type) == ("tag:ansa.it,2017-10-11:2004.jpg", "picture")


def test_g2_several_languages_are_a_story_and_its_translations() -> None:
    content_set = (
        "<contentSet>"
        '<inlineXML xml:lang="de" contenttype="application/xhtml+xml">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>BERN - Die Stimmberechtigten.</p>'
        "</body></html></inlineXML>"
        '<inlineXML xml:lang="fr" contenttype="application/xhtml+xml">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>BERNE - Les votants.</p>'
        "</body></html></inlineXML></contentSet>"
    )
    headline = (
        '<headline xml:lang="de">Rentenreform</headline>'
        '<headline xml:lang="fr">Retraites</headline>'
    )
    document = g2(content_set=content_set, headline=headline).replace(
        '<language tag="en"/>', '<language tag="de"/>'
    )
    item = story(document)
    assert item.title == "Rentenreform" and item.text == "BERN - Die Stimmberechtigten."
    assert item.wire is not None
    [french] = item.wire.translations
    assert (french.language, french.headline, french.text) == (
        "fr",
        "Retraites",
        "BERNE - Les votants.",
    )


def test_nitf_fields() -> None:
    body_head = (
        "<abstract><p>A storm cut power to 40,000 homes.</p></abstract>"
        "<byline>By JANE DOE</byline><distributor>The Associated Press</distributor>"
        "<dateline><location><city>PORTLAND</city><state>Maine</state>"
        '<country iso-cc="US">United States</country></location></dateline>'
    )
    content = (
        "<p>PORTLAND, Maine (AP) - A storm cut power.</p>"
        "<table><tr><td>Outages</td><td>40,000</td></tr></table>"
        '<media media-type="image"><media-reference source="https://ap.example/pic.jpg" '
        'mime-type="image/jpeg"/><media-caption>Crews on Main Street.</media-caption></media>'
    )
    item = story(
        nitf(
            body_head=body_head,
            hedline="<hl1>Storm cuts power to 40,000</hl1><hl2>Crews work overnight</hl2>",
            docdata='<du-key key="Storm-Power, 2nd Ld-Writethru" version="2"/>',
            content=content,
        )
    )
    info = item.wire
    assert info is not None
    assert info.abstract == "A storm cut power to 40,000 homes."
    assert info.subheadlines == ["Crews work overnight"]
    assert info.take_key == "2nd Ld-Writethru"
    assert info.creditline == "The Associated Press"
    assert info.place is not None
    assert (info.place.city, info.place.region, info.place.country_code) == (
        "PORTLAND",
        "Maine",
        "US",
    )
    assert info.body_html is not None and "<td>40,000</td>" in info.body_html
    [picture] = info.associations
    assert (picture.uri, picture.type, picture.caption) == (
        "https://ap.example/pic.jpg",
        "picture",
        "Crews on Main Street.",
    )
    assert item.text is not None and "Crews on Main Street" not in item.text


def test_nitf_hl2_repeating_the_headline_is_no_subheadline() -> None:
    """AP's ``<hl2 id="originalHeadline">`` repeats hl1 (superdesk-core ``ap-nitf.xml``)."""
    item = story(nitf(hedline="<hl1>Storm</hl1><hl2>Storm</hl2>"))
    assert item.wire is not None and item.wire.subheadlines == []


def test_newsml1_fields() -> None:
    lines = "<SubHeadLine>Pension age stays at 65</SubHeadLine><CreditLine>SDA-ATS</CreditLine>"
    components = (
        '<NewsComponent Duid="photo-1"><Role FormalName="Photo"/>'
        "<NewsLines><HeadLine>Voters in Bern</HeadLine></NewsLines>"
        '<ContentItem Href="http://sda.ch/photo/1.jpg">'
        '<MediaType FormalName="Photo"/></ContentItem>'
        '<NewsComponent><Role FormalName="Caption"/><ContentItem><MediaType FormalName="Text"/>'
        "<DataContent><p>Voters queue in Bern.</p></DataContent></ContentItem></NewsComponent>"
        "</NewsComponent>"
        '<NewsComponent xml:lang="fr"><NewsLines><HeadLine>Vote sur les retraites</HeadLine>'
        '</NewsLines><ContentItem><MediaType FormalName="Text"/>'
        "<DataContent><p>BERNE - Les votants.</p></DataContent></ContentItem></NewsComponent>"
    )
    item = story(newsml1(lines=lines, components=components))
    info = item.wire
    assert info is not None
    assert item.title == "Swiss vote on pensions"
    assert item.text == "BERN - Voters decided.\n\nMore."
    assert info.priority == 3
    assert info.subheadlines == ["Pension age stays at 65"]
    assert info.creditline == "SDA-ATS"
    assert info.place is not None
    assert (info.place.city, info.place.region, info.place.country_code) == ("Bern", "Bern", "CH")
    [photo] = info.associations
    assert (photo.uri, photo.type, photo.href, photo.caption) == (
        "photo-1",
        "picture",
        "http://sda.ch/photo/1.jpg",
        "Voters queue in Bern.",
    )
    [french] = info.translations
    assert (french.language, french.headline, french.text) == (
        "fr",
        "Vote sur les retraites",
        "BERNE - Les votants.",
    )


def test_sda_dtd_module_named_by_a_parameter_entity_is_parsed_and_never_fetched(
    server: TestServer,
) -> None:
    """SDA/ATS and Kyodo name NITF's DTD module in the internal subset; it is never read."""
    server.route("/nitf-3-0.dtd", lambda request: (200, {}, b'<!ENTITY agency "pwned">'))
    module = server.url("/nitf-3-0.dtd")
    doctype = (
        '<!DOCTYPE NewsML PUBLIC "urn:newsml:iptc.org:20031010:NewsMLv1.2.dtd:1" '
        f'"NewsML-1.2.dtd" [<!ENTITY % nitf SYSTEM "{module}"> %nitf; '
        f'<!ENTITY % xhtml PUBLIC "-//W3C//ENTITIES XHTML//EN" "{module}"> %xhtml; ]>\n'
    )
    item = story(newsml1(doctype=doctype))
    assert item.title == "Swiss vote on pensions"
    assert item.text is not None and item.text.startswith("BERN")
    assert server.count() == 0


def test_an_sda_dateline_with_a_canton_code_names_the_town() -> None:
    document = newsml1(
        lines="<DateLine>Sion VS</DateLine>",
        content="<DataContent><p>Un chevreuil est entré dans une boulangerie.</p></DataContent>",
    )
    article = process_item(story(document))
    assert article.dateline is not None and article.dateline.city == "Sitten"  # GeoNames
    assert article.dateline.country_code == "CH"


@pytest.mark.parametrize(
    ("key", "take"),
    [
        ("Trailhead-Parking 1stLd-Writethru", "1stLd-Writethru"),
        ("BC-US--Earns, 1st Ld-Writethru", "1st Ld-Writethru"),
        ("Storm-Flooding Ld-Writethru", "Ld-Writethru"),
        ("Wildfire Update", None),
        ("Sub Saharan", None),
    ],
)
def test_nitf_du_key_take_key(key: str, take: str | None) -> None:
    document = nitf(docdata=f'<du-key generation="2" key="{key}"/>')
    item = story(document)
    assert item.wire is not None and item.wire.take_key == take


def test_copy_wrapped_at_a_width_is_split_where_its_paragraphs_are_indented() -> None:
    """ANSA (and Reuters) send a story as one block wrapped at a fixed width, each paragraph
    opening with an indent; markup indented as a whole, and a table row, stay as they are."""
    ansa = (
        "<p>\n            \n            (ANSA) - ROMA, 11 OTT - Il ministro ha detto che la\n"
        "dichiarazione è inaccettabile.\n"
        '   "Inaccettabile," ha scritto il ministro su\nTwitter.\n'
        "   By Maria Rossi\n"
        "   Il leader catalano ha firmato la dichiarazione\nmartedì.\n          </p>"
    )
    assert wire.markup.html_paragraphs(ansa) == [
        "(ANSA) - ROMA, 11 OTT - Il ministro ha detto che la\ndichiarazione è inaccettabile.",
        '"Inaccettabile," ha scritto il ministro su\nTwitter.',
        "By Maria Rossi",
        "Il leader catalano ha firmato la dichiarazione\nmartedì.",
    ]
    pretty = "<p>A paragraph that the markup wraps\n    and indents as a whole.\n    Still one.</p>"
    assert wire.markup.html_paragraphs(pretty) == [
        "A paragraph that the markup wraps\nand indents as a whole.\nStill one."
    ]
    row = (
        "<table><tr><td>Osuus osakkeista\n</td>\n    <td>15,46 %</td>\n"
        "    <td>14 525 518</td></tr></table>"
    )
    assert wire.markup.html_paragraphs(row) == ["Osuus osakkeista\n15,46 %\n14 525 518"]


def test_a_newsml1_storys_revisions_share_its_identity() -> None:
    """A PublicIdentifier ends with its revision (``...:123:2``, SDA's ``...:brd001:4N``):
    the story is known without it, so revision 3 replaces revision 2 instead of standing
    beside it as another story."""
    second = story(newsml1())
    third = story(
        newsml1()
        .replace('PreviousRevision="0" Update="N">2<', 'PreviousRevision="2" Update="N">3<')
        .replace("urn:newsml:sda.ch:20240301:123:2", "urn:newsml:sda.ch:20240301:123:3N")
    )
    assert second.wire is not None and third.wire is not None
    assert second.key == third.key == "urn:newsml:sda.ch:20240301:123"
    assert (second.wire.version, third.wire.version) == (2, 3)


def test_a_newsml1_time_without_an_offset_takes_the_items_own() -> None:
    """SDA's embargo ``20240302T150000`` beside times written ``+0100`` is 15:00 in Bern, not
    in UTC (an hour late); Europa Press's times, all without an offset, are in the GMT its
    ``DateLabel`` names; where nothing says, a time stays as it is."""
    management = (
        '<StatusWillChange><FutureStatus FormalName="Usable"/>'
        "<DateAndTime>20240302T150000</DateAndTime></StatusWillChange>"
    )
    item = story(newsml1(status="Embargoed", management=management))
    assert item.wire is not None and item.wire.embargoed_until == "2024-03-02T15:00:00+01:00"
    gmt = (
        newsml1(lines="<DateLabel>2024-03-01 10:15:00 GMT (Europa Press)</DateLabel>")
        .replace("20240301T101000+0100", "2024-03-01T10:10:00")
        .replace("20240301T101500+0100", "2024-03-01T10:15:00")
    )
    assert story(gmt).date == "2024-03-01T10:15:00+00:00"
    unsaid = newsml1().replace("20240301T101000+0100", "20240301T101000")
    unsaid = unsaid.replace("20240301T101500+0100", "20240301T101500")
    assert story(unsaid).date == "2024-03-01T10:15:00"


@pytest.mark.parametrize(
    ("last", "kept"),
    [
        ("<p>وأكد المراقبون نقصا في الشفافية.</p><p>سب-لال/نور-كام-ريم-كبج-ود/سام</p>", 1),
        ("<p>وأكد المراقبون نقصا في الشفافية.</p><p>ففف/ح س/كام</p>", 1),  # AFP's Arabic desks
        ("<p>Foram vendidos produtos para casa.</p><p>MA // EA</p><p>Lusa/Fim</p>", 1),
        ("<p>Viento del noreste con intervalos de fuerte.EFE</p>", 1),  # EFE's, glued on
    ],
)
def test_desk_sign_offs_in_any_script_are_dropped(last: str, kept: int) -> None:
    content = f"<DataContent><p>BERN - Voters decided.</p>{last}</DataContent>"
    document = newsml1(content=content).replace("sda.ch</ProviderId>", "EFE</ProviderId>")
    item = story(document)
    assert item.text is not None
    paragraphs = item.text.split("\n\n")
    assert len(paragraphs) == 1 + kept
    assert not paragraphs[-1].endswith(("/سام", "/كام", "EA", "Fim", "EFE"))


def test_a_byline_of_bracketed_notes_is_no_author() -> None:
    item = story(newsml1(lines="<ByLine>(foto) (vídeo)</ByLine>"))
    assert item.byline is None
    assert story(newsml1(lines="<ByLine>Ana Pérez (EFE)</ByLine>")).byline == "Ana Pérez (EFE)"


def test_a_newsml1_topic_sets_iptc_subject_is_a_subject() -> None:
    """Europa Press sends its subjects in a TopicSet, the IPTC's under "IPTCSubjectCodes"."""
    topics = (
        '<TopicSet FormalName="HighImportance"><Topic Duid="t1">'
        '<FormalName Scheme="EuropaPress_Seccion">CYS</FormalName>'
        '<Description xml:lang="es">Sociedad</Description></Topic><Topic Duid="t2">'
        '<FormalName Scheme="IPTCSubjectCodes">14000000</FormalName>'
        '<Description xml:lang="en">Social Issues</Description></Topic></TopicSet>'
    )
    item = story(newsml1(components=topics))
    assert item.wire is not None
    assert [(s.code, s.name) for s in item.wire.subjects][-2:] == [
        ("EuropaPress_Seccion:CYS", "Sociedad"),
        ("subj:14000000", "Social Issues"),
    ]
    assert "medtop:14000000" in {topic.code for topic in process_item(item).topics}


DPA_G2 = f"""<newsItem {G2} guid="urn:newsml:dpa.com:20260821:1" version="1" xml:lang="de">
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:dpa"/>
<versionCreated>2026-08-21T16:41:43+02:00</versionCreated><pubStatus qcode="stat:usable"/>
<edNote role="dpaednoterole:genrenote">1330</edNote>
<edNote role="dpaednoterole:closingline">dpa er xx z2 wom</edNote>
<edNote pubconstraint="dpapconstraint:nonpublic" role="dpaednoterole:dpacontacts">Autor: A</edNote>
<edNote role="dpaednoterole:picture">Mit Bild vom 20.08.</edNote>
</itemMeta>
<contentMeta>
<subject qcode="dpasubject:832" type="dpatype:dpasubject"><name xml:lang="de">Fußball</name>
<sameAs qcode="medtop:20001065"><name>Fußball</name></sameAs></subject>
<headline role="hlrole:main">Lyon gewinnt gegen San Sebastián</headline>
<headline role="hlrole:sub">Zwei Tore in der zweiten Halbzeit</headline>
</contentMeta>
<contentSet><inlineXML><html xmlns="http://www.w3.org/1999/xhtml"><body>
<h1>Lyon gewinnt gegen San Sebastián</h1><h2>Zwei Tore in der zweiten Halbzeit</h2>
<p>Paris (dpa) - Olympique Lyon hat am Mittwoch gegen San Sebastián gewonnen.</p>
</body></html></inlineXML></contentSet></newsItem>"""


def test_g2_subjects_same_as_an_iptc_code_note_roles_and_a_repeated_sub_headline() -> None:
    """dpa's own subject says it is the same as a Media Topic (football); a closing line, a
    genre code and contacts are no note to editors; a sub-headline the body repeats under its
    headline is no text."""
    item = story(DPA_G2)
    wire = item.wire
    assert wire is not None
    assert [s.code for s in wire.subjects] == ["dpasubject:832", "medtop:20001065"]
    assert wire.ednote == "Mit Bild vom 20.08."
    assert wire.subheadlines == ["Zwei Tore in der zweiten Halbzeit"]
    article = process_item(item)
    assert article.text.startswith("Paris (dpa) - Olympique Lyon")
    football = next(topic for topic in article.topics if topic.code == "medtop:20001065")
    assert football.method == "wire"


def test_a_places_three_letter_country_code_is_its_two_letter_one() -> None:
    """EFE writes ``iso-cc="ESP"``, AFP ``Country Value="FRA"``; SDA's ``W0`` (the world) is no
    country."""
    efe = f"""<nitf {NITF_NS}><head><docdata><doc-id id-string="efe-1"/>
<evloc city="Madrid" iso-cc="ESP"/></docdata></head><body><body.head>
<hedline><hl1>Llueve en el norte</hl1></hedline></body.head><body.content>
<p>Madrid, 3 oct (EFE).- Llueve en el norte de España, según la agencia.</p>
</body.content></body></nitf>"""
    item = story(efe)
    assert item.wire is not None and item.wire.place is not None
    assert (item.wire.place.city, item.wire.place.country_code) == ("Madrid", "ES")
    assert wire.markup.country_code("FRA") == "FR"
    assert wire.markup.country_code("fr") == "FR"
    assert wire.markup.country_code("W0") is None
    assert wire.markup.country_code("España") is None


def test_a_whole_xhtml_page_as_the_body_and_a_section_prefix_before_the_headline() -> None:
    """Europa Press sends its body as a whole XHTML page, ``<title />`` in its head (read as
    HTML, that title would swallow the page), and opens its headline with its region and
    section, each closed by ``.-``."""
    page = (
        "<DataContent><![CDATA[<html xmlns='http://www.w3.org/1999/xhtml'><head><title />"
        "</head><body><p>CÓRDOBA, 2 (EUROPA PRESS)</p><p>La DOP acoge el campeonato de "
        "catadores este viernes.</p></body></html>]]></DataContent>"
    )
    item = story(newsml1(content=page, headline="ANDALUCÍA.-Córdoba.- La DOP acoge el campeonato"))
    assert item.title == "La DOP acoge el campeonato"
    assert item.wire is not None and item.wire.body_html is not None
    assert item.wire.body_html.startswith("<p>CÓRDOBA, 2 (EUROPA PRESS)</p>")
    assert "&lt;" not in item.wire.body_html
    short = story(newsml1(headline="EEUU.- Trump"))
    assert short.title == "EEUU.- Trump"  # too little left to be a headline: kept whole


def test_a_newsml1_texts_creator_is_its_byline_and_an_editorial_comment_its_note() -> None:
    """AFP names the author in the text component's ``AdministrativeMetadata/Creator`` when it
    sends no ByLine; SDA puts its note to editors in a ContentItem's ``Comment``."""
    document = newsml1(
        content='<Comment FormalName="Editorial Note">SPERRFRIST 1500</Comment>'
        "<DataContent><p>BERN - Voters decided.</p></DataContent>"
    ).replace(
        "<DescriptiveMetadata>",
        '<AdministrativeMetadata><Creator><Party FormalName="Saidu Bah "/></Creator>'
        "</AdministrativeMetadata><DescriptiveMetadata>",
    )
    item = story(document)
    assert item.byline == "Saidu Bah"
    assert item.wire is not None and item.wire.ednote == "SPERRFRIST 1500"


def test_a_notice_between_rules_of_dashes_opening_the_text_is_the_editors_note() -> None:
    """APA's correction notice opens a corrected story between two rules of dashes: a note to
    editors, so the story and its dateline start after it."""
    notice = (
        "<pre>--------------------------------------------------\n"
        "     KORREKTUR-HINWEIS\n     In APA0520 vom 13.04.2015 muss im Titel\n"
        "     gestrichen werden, dass Bercot als erste Frau eröffnet.\n"
        "--------------------------------------------------</pre>"
    )
    content = f"<DataContent>{notice}<p>BERN - Voters decided on pensions.</p></DataContent>"
    item = story(newsml1(content=content))
    assert item.text == "BERN - Voters decided on pensions."
    assert item.wire is not None and item.wire.ednote is not None
    assert item.wire.ednote.startswith("KORREKTUR-HINWEIS In APA0520 vom 13.04.2015 muss")
    kept = story(newsml1(content="<DataContent><p>BERN - A -- B.</p></DataContent>"))
    assert kept.text == "BERN - A -- B."
