"""The gazetteer (resolve a printed place) and tag_places (countries a story is about)."""

from __future__ import annotations

import pytest

from newsroom.stages.datelines import parse_dateline
from newsroom.stages.places import display_name, get_gazetteer, place_key, resolve_place, tag_places


@pytest.mark.parametrize(
    ("printed", "city", "region", "country_code"),
    [
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
        pytest.param(
            "VANCOUVER, British Columbia", "Vancouver", "British Columbia", "CA", id="province"
        ),
        pytest.param("ST. PAUL, Minn.", "Saint Paul", "Minnesota", "US", id="st-abbreviation"),
        pytest.param("WASHINGTON", "Washington", "District of Columbia", "US", id="standalone-dc"),
        pytest.param("NEW YORK", "New York", "New York", "US", id="standalone-ny"),
        pytest.param("UNITED NATIONS", "United Nations", None, None, id="united-nations"),
        pytest.param("VATICAN CITY", "Vatican City", None, "VA", id="vatican"),
        pytest.param("SAO PAULO", "São Paulo", None, "BR", id="unaccented"),
        pytest.param("PEKING", "Beijing", None, "CN", id="old-name"),
        pytest.param("ESCHBORN, West Germany", "Eschborn", None, "DE", id="historic-country"),
        pytest.param("ARMENIA", None, None, "AM", id="country-as-place"),
        pytest.param("KUWAIT", "Kuwait City", None, "KW", id="capital-named-as-its-country"),
    ],
)
def test_resolve(
    printed: str, city: str | None, region: str | None, country_code: str | None
) -> None:
    resolved = resolve_place(printed)
    assert resolved.known
    assert (resolved.city, resolved.region, resolved.country_code) == (city, region, country_code)


@pytest.mark.parametrize("printed", ["FILE", "CORRECTION", "COPPER GRADE A", "Bids only"])
def test_resolve_unknown(printed: str) -> None:
    assert not resolve_place(printed).known


def test_small_town_takes_its_state() -> None:
    resolved = resolve_place("WAKARUSA, IND.")
    assert (resolved.city, resolved.region, resolved.country_code) == ("Wakarusa", "Indiana", "US")


def test_lookup_helpers() -> None:
    gazetteer = get_gazetteer()
    assert gazetteer.country_code("Britain") == "GB"
    assert gazetteer.country_code("United States") == "US"
    assert [r.country_code for r in gazetteer.find_regions("Georgia")] == ["US", "GE"]
    assert place_key("ST. LOUIS") == "saint louis"
    assert display_name("COEUR D'ALENE") == "Coeur d'Alene"
    assert display_name("Rio de Janeiro") == "Rio de Janeiro"


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("Kyiv", "kyiv"),
        ("St", "saint"),
        ("SÃO PAULO", "sao paulo"),
        ("Hà Nội", "ha noi"),
        ("Winston-Salem", "winston salem"),
        ("O’Hare", "ohare"),
        ("Москва", "москва"),
    ],
)
def test_place_keys(printed: str, key: str) -> None:
    assert place_key(printed) == key


@pytest.mark.parametrize(
    ("printed", "name", "country"),
    [("Hà Nội", "Hanoi", "VN"), ("Kiev", "Kyiv", "UA"), ("Urumqi", "Ürümqi", "CN")],
)
def test_alternate_names_in_latin_script(printed: str, name: str, country: str) -> None:
    cities = get_gazetteer().find_cities(printed)
    assert cities and (cities[0].name, cities[0].country_code) == (name, country)


def codes(places: list) -> list[str]:
    return [place.code for place in places]


def test_dateline_country_scores_highest() -> None:
    text = (
        "KYIV, Ukraine (AP) — Russian missiles struck the capital overnight, Ukrainian "
        "officials said. The United States and Britain condemned the attack. Russia said "
        "it hit military targets; the U.S. promised more air defence."
    )
    dateline = parse_dateline(text)
    places = tag_places(text, dateline, min_score=0)
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
    text = (
        "Japanese exports to China rose, the ministry in Tokyo said. Chinese demand for "
        "Japanese cars was strong. Analysts in Paris were surprised."
    )
    places = tag_places(text, None, min_score=0)
    assert codes(places)[:2] == ["JP", "CN"]
    assert "FR" in codes(places)
    japan = places[0]
    assert japan.evidence == ["Japanese", "Tokyo"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        pytest.param("Latin American markets rallied.", "US", id="latin-american"),
        pytest.param("Troops left New Jersey for the base.", "JE", id="new-jersey-not-jersey"),
        pytest.param("New Mexico officials met.", "MX", id="new-mexico"),
        pytest.param("Send it to us by Friday.", "US", id="pronoun-us"),
        pytest.param("The Indian Ocean was calm.", "IN", id="indian-ocean"),
    ],
)
def test_phrases_that_name_no_country(text: str, absent: str) -> None:
    assert absent not in codes(tag_places(text, None))


def test_line_wrapped_names_and_possessives() -> None:
    places = tag_places(
        "Officials in New\nJersey and Brazil's central bank said.", None, min_score=0
    )
    assert set(codes(places)) == {"US", "BR"}


def test_empty_text() -> None:
    assert tag_places("", None) == []


def test_default_threshold_drops_passing_mentions() -> None:
    text = (
        "TOKYO, April 22 (Reuters) - Japan's exports rose in March, Japanese officials "
        "said, helped by demand in Asia. "
        + "Shipments of cars and chips grew. " * 10
        + "Analysts compared the data with figures from Brazil."
    )
    dateline = parse_dateline(text)
    assert codes(tag_places(text, dateline)) == ["JP"]
    assert "BR" in codes(tag_places(text, dateline, min_score=0))


def test_currency_mentions_count_less() -> None:
    plain = tag_places("Talks with the U.S. went on. Rates held.", None, min_score=0)
    currency = tag_places("Prices were quoted in U.S. dlrs. Rates held.", None, min_score=0)
    assert currency[0].score < plain[0].score


def test_cities_listed_with_their_country() -> None:
    text = (
        "PARIS (AFP) - French ministers met in Marseille and Lyon; officials in Tokyo and "
        "Osaka said Japan would reply."
    )
    places = tag_places(text, parse_dateline(text), min_score=0)
    france = next(place for place in places if place.code == "FR")
    japan = next(place for place in places if place.code == "JP")
    assert france.cities[0] == "Paris"
    assert japan.cities == ["Tokyo", "Osaka"]


@pytest.mark.parametrize(
    ("printed", "context", "region", "country_code"),
    [
        pytest.param(
            "PARIS",
            "The tornado struck Lamar County on Sunday.",
            "Texas",
            "US",
            id="paris-lamar-county",
        ),
        pytest.param("PARIS", "Texas officials said.", "Texas", "US", id="paris-texas-named"),
        pytest.param(
            "PARIS", "French and Texas officials met.", None, "FR", id="paris-france-named"
        ),
        pytest.param(
            "PARIS", "The U.S. and Canada talked.", None, "FR", id="country-alone-not-enough"
        ),
        pytest.param("LONDON", "Ontario police said.", "Ontario", "CA", id="london-ontario"),
        pytest.param("PORTLAND", "Maine fishermen said.", "Maine", "US", id="portland-maine"),
        pytest.param("PORTLAND", "Fishermen said.", "Oregon", "US", id="portland-usual"),
        pytest.param(
            "WASHINGTON",
            "Pennsylvania lawmakers said.",
            "District of Columbia",
            "US",
            id="ap-standalone-never-moves",
        ),
        pytest.param(
            "KANSAS CITY",
            "The Kansas City Board of Trade said.",
            "Missouri",
            "US",
            id="own-name-is-no-mention",
        ),
    ],
)
def test_bare_names_told_apart_by_mentions(
    printed: str, context: str, region: str | None, country_code: str
) -> None:
    resolved = resolve_place(printed, context)
    assert (resolved.region, resolved.country_code) == (region, country_code)


@pytest.mark.parametrize(
    ("printed", "latitude", "longitude"),
    [
        pytest.param("PARIS", 48.85, 2.35, id="paris"),
        pytest.param("PARIS, Texas", 33.66, -95.56, id="paris-texas"),
        pytest.param("NEW YORK", 40.71, -74.01, id="standalone-alternate-name"),
        pytest.param("UNITED NATIONS", 40.75, -73.97, id="hand-written"),
        pytest.param("VATICAN CITY", 41.90, 12.45, id="vatican"),
    ],
)
def test_coordinates(printed: str, latitude: float, longitude: float) -> None:
    resolved = resolve_place(printed)
    assert resolved.latitude == pytest.approx(latitude, abs=0.02)
    assert resolved.longitude == pytest.approx(longitude, abs=0.02)


@pytest.mark.parametrize("printed", ["ARMENIA", "WAKARUSA, IND."])
def test_no_coordinates_for_countries_and_unknown_towns(printed: str) -> None:
    resolved = resolve_place(printed)
    assert (resolved.latitude, resolved.longitude) == (None, None)


def _fold_whole(text: str) -> str:
    """fold() as it was written first: the whole text decomposed, its marks dropped, folded."""
    from itertools import filterfalse
    from unicodedata import combining, normalize

    return "".join(filterfalse(combining, normalize("NFKD", text))).casefold()


@pytest.mark.parametrize(
    "text",
    [
        "SÃO PAULO",
        "Genève",
        "Zürich",
        "ÎLE-DE-FRANCE",
        "İstanbul",  # a dotted capital: its dot is a mark
        "STRAẞE",  # the capital sharp s folds to ss
        "ﬁnale",  # a ligature decomposes
        "e\u0301a\u0308",  # marks already apart, after their letters
        "\u0301Anfang",  # a mark before any letter
        "الْقَاهِرَة",  # Arabic with its vowel marks
        "أسوان إدلب آمد مؤتة ئ",  # hamza and madda over and under their letters
        "Москва́ Йошкар-Ола",
        "Ελλάδα ΆΘΩΣ",
        "서울 가각",  # Hangul decomposes into its letters
        "\ud800 broken",  # a lone surrogate passes
    ],
)
def test_fold_is_the_whole_text_decomposed_its_marks_dropped_and_case_folded(text: str) -> None:
    """fold() folds a character at a time from a table it fills as it goes: it must give what
    decomposing, dropping marks and folding the whole text gives."""
    from newsroom.stages.places import fold

    assert fold(text) == _fold_whole(text)
    assert fold(text + " " + text) == _fold_whole(text + " " + text)  # from the table, again
