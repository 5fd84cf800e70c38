"""The gazetteer (resolve a printed place) and tag_places (countries a story is about)."""

from __future__ import annotations

import pytest

from newsroom.datelines import parse_dateline
from newsroom.places import display_name, get_gazetteer, place_key, resolve_place, tag_places


@pytest.mark.parametrize(("printed", "city", "region", "country_code"), [
    pytest.param("PARIS, Texas", "Paris", "Texas", "US", id="paris-texas"),
    pytest.param("PARIS", "Paris", None, "FR", id="paris-bare"),
    pytest.param("LONDON, Ontario", "London", "Ontario", "CA", id="london-ontario"),
    pytest.param("LONDON", "London", "England", "GB", id="london-bare"),
    pytest.param("TBILISI, Georgia", "Tbilisi", None, "GE", id="georgia-the-country"),
    pytest.param("ATLANTA, Ga.", "Atlanta", "Georgia", "US", id="georgia-ap-abbreviation"),
    pytest.param("ROCHESTER, N.Y.", "Rochester", "New York", "US", id="ny"),
    pytest.param("ROCHESTER, Minn.", "Rochester", "Minnesota", "US", id="minn"),
    pytest.param("CLARKSBURG, W.Va.", "Clarksburg", "West Virginia", "US", id="wva"),
    pytest.param("Green Bay, WI", "Green Bay", "Wisconsin", "US", id="postal-code"),
    pytest.param("VANCOUVER, British Columbia", "Vancouver", "British Columbia", "CA",
                 id="province"),
    pytest.param("ST. PAUL, Minn.", "Saint Paul", "Minnesota", "US", id="st-abbreviation"),
    pytest.param("WASHINGTON", "Washington", "District of Columbia", "US", id="standalone-dc"),
    pytest.param("NEW YORK", "New York", "New York", "US", id="standalone-ny"),
    pytest.param("UNITED NATIONS", "United Nations", None, None, id="united-nations"),
    pytest.param("VATICAN CITY", "Vatican City", None, "VA", id="vatican"),
    pytest.param("SAO PAULO", "São Paulo", None, "BR", id="unaccented"),
    pytest.param("PEKING", "Beijing", None, "CN", id="old-name"),
    pytest.param("ESCHBORN, West Germany", "Eschborn", None, "DE", id="historic-country"),
    pytest.param("KUWAIT", None, None, "KW", id="country-as-place"),
])
def test_resolve(printed: str, city: str | None, region: str | None,
                 country_code: str | None) -> None:
    resolved = resolve_place(printed)
    assert resolved.known
    assert (resolved.city, resolved.region, resolved.country_code) == (city, region, country_code)


@pytest.mark.parametrize("printed", ["FILE", "CORRECTION", "COPPER GRADE A", "Bids only"])
def test_resolve_unknown(printed: str) -> None:
    assert not resolve_place(printed).known


def test_small_town_takes_its_state() -> None:
    resolved = resolve_place("WAKARUSA, IND.")
    assert (resolved.city, resolved.region, resolved.country_code) == (
        "Wakarusa", "Indiana", "US")


def test_lookup_helpers() -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.country_code("Britain") == "GB"
    assert gazetteer.country_code("United States") == "US"
    assert [r.country_code for r in gazetteer.find_regions("Georgia")] == ["US", "GE"]
    assert place_key("ST. LOUIS") == "saint louis"
    assert display_name("COEUR D'ALENE") == "Coeur d'Alene"
    assert display_name("Rio de Janeiro") == "Rio de Janeiro"


def codes(places: list) -> list[str]:
    return [place.code for place in places]


def test_dateline_country_scores_highest() -> None:
    text = ("KYIV, Ukraine (AP) — Russian missiles struck the capital overnight, Ukrainian "
            "officials said. The United States and Britain condemned the attack. Russia said "
            "it hit military targets; the U.S. promised more air defence.")
    dateline = parse_dateline(text)
    places = tag_places(text, dateline)
    assert codes(places)[0] == "UA"
    assert set(codes(places)) == {"UA", "RU", "US", "GB"}
    ukraine = places[0]
    assert ukraine.name == "Ukraine"
    assert ukraine.evidence[0] == "KYIV, Ukraine"
    assert "Ukrainian" in ukraine.evidence
    assert "Ukraine" not in ukraine.evidence  # the dateline is not counted as a mention
    us = next(place for place in places if place.code == "US")
    assert set(us.evidence) == {"United States", "U.S."}
    assert all(0 <= place.score <= 1 for place in places)


def test_mentions_without_dateline() -> None:
    text = ("Japanese exports to China rose, the ministry in Tokyo said. Chinese demand for "
            "Japanese cars was strong. Analysts in Paris were surprised.")
    places = tag_places(text, None)
    assert codes(places)[:2] == ["JP", "CN"]
    assert "FR" in codes(places)
    japan = places[0]
    assert japan.evidence == ["Japanese", "Tokyo"]


@pytest.mark.parametrize(("text", "absent"), [
    pytest.param("Latin American markets rallied.", "US", id="latin-american"),
    pytest.param("Troops left New Jersey for the base.", "JE", id="new-jersey-not-jersey"),
    pytest.param("New Mexico officials met.", "MX", id="new-mexico"),
    pytest.param("Send it to us by Friday.", "US", id="pronoun-us"),
    pytest.param("The Indian Ocean was calm.", "IN", id="indian-ocean"),
])
def test_phrases_that_name_no_country(text: str, absent: str) -> None:
    assert absent not in codes(tag_places(text, None))


def test_line_wrapped_names_and_possessives() -> None:
    places = tag_places("Officials in New\nJersey and Brazil's central bank said.", None)
    assert set(codes(places)) == {"US", "BR"}


def test_empty_text() -> None:
    assert tag_places("", None) == []
