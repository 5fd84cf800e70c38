"""parse_dateline: wire styles, separators, year inference and the texts that carry no dateline."""

from __future__ import annotations

import datetime as dt

import pytest

from newsroom.stages.datelines import dateline_after_preamble, parse_dateline

STORY_DATE = dt.date(2023, 4, 23)

# text, raw, location, city, region, country code, agency, date, story text after the dateline
STYLES = [
    pytest.param(
        "UNITED NATIONS (AP) — The Security Council met.",
        "UNITED NATIONS (AP) —",
        "UNITED NATIONS",
        "United Nations",
        None,
        None,
        "AP",
        None,
        "The Security Council met.",
        id="ap-united-nations",
    ),
    pytest.param(
        "KYIV, Ukraine (AP) — Russian forces shelled the city.",
        "KYIV, Ukraine (AP) —",
        "KYIV, Ukraine",
        "Kyiv",
        None,
        "UA",
        "AP",
        None,
        "Russian forces shelled the city.",
        id="ap-city-country",
    ),
    pytest.param(
        "WASHINGTON (AP) — The Senate voted.",
        "WASHINGTON (AP) —",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        "AP",
        None,
        "The Senate voted.",
        id="ap-standalone",
    ),
    pytest.param(
        "ROCHESTER, N.Y. (AP) — A man was hurt.",
        "ROCHESTER, N.Y. (AP) —",
        "ROCHESTER, N.Y.",
        "Rochester",
        "New York",
        "US",
        "AP",
        None,
        "A man was hurt.",
        id="ap-state-ny",
    ),
    pytest.param(
        "FRESNO, Calif. (AP) – Farmers said.",
        "FRESNO, Calif. (AP) –",
        "FRESNO, Calif.",
        "Fresno",
        "California",
        "US",
        "AP",
        None,
        "Farmers said.",
        id="ap-calif-en-dash",
    ),
    pytest.param(
        "CHARLESTON, W.Va. (AP) -- Coal output fell.",
        "CHARLESTON, W.Va. (AP) --",
        "CHARLESTON, W.Va.",
        "Charleston",
        "West Virginia",
        "US",
        "AP",
        None,
        "Coal output fell.",
        id="ap-wva-double-hyphen",
    ),
    pytest.param(
        "ATLANTA, Ga. (AP) - Storms hit.",
        "ATLANTA, Ga. (AP) -",
        "ATLANTA, Ga.",
        "Atlanta",
        "Georgia",
        "US",
        "AP",
        None,
        "Storms hit.",
        id="ap-ga-hyphen",
    ),
    pytest.param(
        "NEW YORK (AP) _ Stocks fell.",
        "NEW YORK (AP) _",
        "NEW YORK",
        "New York",
        "New York",
        "US",
        "AP",
        None,
        "Stocks fell.",
        id="anpa-underscore",
    ),
    pytest.param(
        "LONDON, April 22 (Reuters) - Britain's economy grew.",
        "LONDON, April 22 (Reuters) -",
        "LONDON",
        "London",
        "England",
        "GB",
        "Reuters",
        dt.date(2023, 4, 22),
        "Britain's economy grew.",
        id="reuters",
    ),
    pytest.param(
        "    ROCHESTER, N.Y., Feb 26 - Eastman Kodak Co said.",
        "ROCHESTER, N.Y., Feb 26 -",
        "ROCHESTER, N.Y.",
        "Rochester",
        "New York",
        "US",
        None,
        dt.date(2023, 2, 26),
        "Eastman Kodak Co said.",
        id="reuters-21578",
    ),
    pytest.param(
        "(Reuters) - Shares of Acme rose.",
        "(Reuters) -",
        None,
        None,
        None,
        None,
        "Reuters",
        None,
        "Shares of Acme rose.",
        id="reuters-no-place",
    ),
    pytest.param(
        "Paris (AFP) - France said on Sunday.",
        "Paris (AFP) -",
        "Paris",
        "Paris",
        None,
        "FR",
        "AFP",
        None,
        "France said on Sunday.",
        id="afp",
    ),
    pytest.param(
        "PARIS, April 22 (AFP) - France said.",
        "PARIS, April 22 (AFP) -",
        "PARIS",
        "Paris",
        None,
        "FR",
        "AFP",
        dt.date(2023, 4, 22),
        "France said.",
        id="afp-dated",
    ),
    pytest.param(
        "SYDNEY March 22 AAP - Police said.",
        "SYDNEY March 22 AAP -",
        "SYDNEY",
        "Sydney",
        "New South Wales",
        "AU",
        "AAP",
        dt.date(2023, 3, 22),
        "Police said.",
        id="aap",
    ),
    pytest.param(
        "BERLIN (dpa) - Talks resumed.",
        "BERLIN (dpa) -",
        "BERLIN",
        "Berlin",
        None,
        "DE",
        "dpa",
        None,
        "Talks resumed.",
        id="dpa",
    ),
    pytest.param(
        "BEIJING, April 20 (Xinhua) -- China said.",
        "BEIJING, April 20 (Xinhua) --",
        "BEIJING",
        "Beijing",
        None,
        "CN",
        "Xinhua",
        dt.date(2023, 4, 20),
        "China said.",
        id="xinhua",
    ),
    pytest.param(
        "WASHINGTON — The Senate voted.",
        "WASHINGTON —",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        None,
        None,
        "The Senate voted.",
        id="staff",
    ),
    pytest.param(
        "SÃO PAULO (AP) — Brazil's central bank acted.",
        "SÃO PAULO (AP) —",
        "SÃO PAULO",
        "São Paulo",
        None,
        "BR",
        "AP",
        None,
        "Brazil's central bank acted.",
        id="accented",
    ),
    pytest.param(
        "PORT-AU-PRINCE, Haiti (AP) — Gangs fought.",
        "PORT-AU-PRINCE, Haiti (AP) —",
        "PORT-AU-PRINCE, Haiti",
        "Port-au-Prince",
        None,
        "HT",
        "AP",
        None,
        "Gangs fought.",
        id="hyphenated",
    ),
    pytest.param(
        "COEUR D'ALENE, Idaho (AP) — A fire spread.",
        "COEUR D'ALENE, Idaho (AP) —",
        "COEUR D'ALENE, Idaho",
        "Coeur d'Alene",
        "Idaho",
        "US",
        "AP",
        None,
        "A fire spread.",
        id="apostrophe",
    ),
    pytest.param(
        "By JANE DOE\nWASHINGTON (AP) — The Senate voted.",
        "WASHINGTON (AP) —",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        "AP",
        None,
        "The Senate voted.",
        id="byline-caps",
    ),
    pytest.param(
        "By Jane Doe, Associated Press\n\nKYIV, Ukraine (AP) — Sirens sounded.",
        "KYIV, Ukraine (AP) —",
        "KYIV, Ukraine",
        "Kyiv",
        None,
        "UA",
        "AP",
        None,
        "Sirens sounded.",
        id="byline-affiliation",
    ),
    pytest.param(
        "WAKARUSA, IND., March 20 - A plant closed.",
        "WAKARUSA, IND., March 20 -",
        "WAKARUSA, IND.",
        "Wakarusa",
        "Indiana",
        "US",
        None,
        dt.date(2023, 3, 20),
        "A plant closed.",
        id="small-town-not-in-gazetteer",
    ),
    pytest.param(
        "AMSTERDAM, 2 March - Dutch exports rose.",
        "AMSTERDAM, 2 March -",
        "AMSTERDAM",
        "Amsterdam",
        None,
        "NL",
        None,
        dt.date(2023, 3, 2),
        "Dutch exports rose.",
        id="day-first",
    ),
    pytest.param(
        "    ****SANTO DOMINGO, March 4 - Prices rose.",
        "****SANTO DOMINGO, March 4 -",
        "SANTO DOMINGO",
        "Santo Domingo",
        None,
        "DO",
        None,
        dt.date(2023, 3, 4),
        "Prices rose.",
        id="junk-before-city",
    ),
    pytest.param(
        "OKLAHOMA CITY, Okla. March 11, Reuter - Oil rose.",
        "OKLAHOMA CITY, Okla. March 11, Reuter -",
        "OKLAHOMA CITY, Okla.",
        "Oklahoma City",
        "Oklahoma",
        "US",
        "Reuters",
        dt.date(2023, 3, 11),
        "Oil rose.",
        id="reuter-after-date",
    ),
    pytest.param(
        "STOCKHOLM, Aug 29, 2014 (AFP) - Sweden said.",
        "STOCKHOLM, Aug 29, 2014 (AFP) -",
        "STOCKHOLM",
        "Stockholm",
        None,
        "SE",
        "AFP",
        dt.date(2014, 8, 29),
        "Sweden said.",
        id="explicit-year",
    ),
    pytest.param(
        "c    CHICAGO, March 9 - Johnson Products said.",
        "c    CHICAGO, March 9 -",
        "CHICAGO",
        "Chicago",
        "Illinois",
        "US",
        None,
        dt.date(2023, 3, 9),
        "Johnson Products said.",
        id="stray-letter-before-city",
    ),
    pytest.param(
        "    BUENOS AIRES, ABR 7 - Grain belt temperatures.",
        "BUENOS AIRES, ABR 7 -",
        "BUENOS AIRES",
        "Buenos Aires",
        None,
        "AR",
        None,
        dt.date(2023, 4, 7),
        "Grain belt temperatures.",
        id="spanish-month",
    ),
    pytest.param(
        "ROSEMONT, Ill., Macrh 31 - LyphoMed said.",
        "ROSEMONT, Ill., Macrh 31 -",
        "ROSEMONT, Ill.",
        "Rosemont",
        "Illinois",
        "US",
        None,
        dt.date(2023, 3, 31),
        "LyphoMed said.",
        id="misspelt-month",
    ),
    pytest.param(
        "BOSTON, March 187 - Eastern Utilities said.",
        "BOSTON, March 187 -",
        "BOSTON",
        "Boston",
        "Massachusetts",
        "US",
        None,
        None,
        "Eastern Utilities said.",
        id="impossible-day",
    ),
    pytest.param(
        "MOSCOW, Monday (Reuters) - Talks began.",
        "MOSCOW, Monday (Reuters) -",
        "MOSCOW",
        "Moscow",
        None,
        "RU",
        "Reuters",
        None,
        "Talks began.",
        id="weekday",
    ),
    pytest.param(
        "Tegucigalpa, Jan 2 (EFE).- Rain fell.",
        "Tegucigalpa, Jan 2 (EFE).-",
        "Tegucigalpa",
        "Tegucigalpa",
        None,
        "HN",
        "EFE",
        dt.date(2023, 1, 2),
        "Rain fell.",
        id="efe-dot-dash",
    ),
    pytest.param(
        "Canadian Press - VANCOUVER (CP) - The port reopened.",
        "VANCOUVER (CP) -",
        "VANCOUVER",
        "Vancouver",
        "British Columbia",
        "CA",
        "CP",
        None,
        "The port reopened.",
        id="credit-before-dateline",
    ),
    pytest.param(
        "VATICAN CITY (AP) — Pope Francis spoke.",
        "VATICAN CITY (AP) —",
        "VATICAN CITY",
        "Vatican City",
        None,
        "VA",
        "AP",
        None,
        "Pope Francis spoke.",
        id="ap-vatican",
    ),
    pytest.param(
        "WASHINGTON, April 22 (UPI) -- Congress met.",
        "WASHINGTON, April 22 (UPI) --",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        "UPI",
        dt.date(2023, 4, 22),
        "Congress met.",
        id="upi",
    ),
    pytest.param(
        "NEW DELHI, April 22 (PTI) - The government said.",
        "NEW DELHI, April 22 (PTI) -",
        "NEW DELHI",
        "New Delhi",
        None,
        "IN",
        "PTI",
        dt.date(2023, 4, 22),
        "The government said.",
        id="pti",
    ),
    pytest.param(
        "ALBANY, N.Y. — Lawmakers met.",
        "ALBANY, N.Y. —",
        "ALBANY, N.Y.",
        "Albany",
        "New York",
        "US",
        None,
        None,
        "Lawmakers met.",
        id="staff-city-state",
    ),
    pytest.param(
        "date 2023-01-02 LONDON, Dec 31 (Reuters) - Output fell.",
        "LONDON, Dec 31 (Reuters) -",
        "LONDON",
        "London",
        "England",
        "GB",
        "Reuters",
        dt.date(2022, 12, 31),
        "Output fell.",
        id="seed-date-prefix",
    ),
    pytest.param(
        "STOCKHOLM, Sweden --(Business Wire)-- Dec. 10, 2004 -- Ericsson said.",
        "STOCKHOLM, Sweden --(Business Wire)-- Dec. 10, 2004 --",
        "STOCKHOLM, Sweden",
        "Stockholm",
        None,
        "SE",
        "Business Wire",
        dt.date(2004, 12, 10),
        "Ericsson said.",
        id="business-wire",
    ),
    pytest.param(
        "(Sports Network) - The Royals won.",
        "(Sports Network) -",
        None,
        None,
        None,
        None,
        "Sports Network",
        None,
        "The Royals won.",
        id="unknown-source-no-place",
    ),
    pytest.param(
        "paris (afp) - talks resumed.",
        "paris (afp) -",
        "paris",
        "Paris",
        None,
        "FR",
        "AFP",
        None,
        "talks resumed.",
        id="lowercase",
    ),
    pytest.param(
        "NEW DELHI, Apr 22 (PTI) The government said on Monday.",
        "NEW DELHI, Apr 22 (PTI)",
        "NEW DELHI",
        "New Delhi",
        None,
        "IN",
        "PTI",
        dt.date(2023, 4, 22),
        "The government said on Monday.",
        id="pti-no-dash",
    ),
    pytest.param(
        "By JOHN SMITH\nAssociated Press\nWASHINGTON — The Senate voted.",
        "WASHINGTON —",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        None,
        None,
        "The Senate voted.",
        id="byline-then-agency-line",
    ),
    pytest.param(
        "By MARY CLARE JALONICK and LISA MASCARO\nAssociated Press Writer\n\n"
        "WASHINGTON (AP) — The Senate voted.",
        "WASHINGTON (AP) —",
        "WASHINGTON",
        "Washington",
        "District of Columbia",
        "US",
        "AP",
        None,
        "The Senate voted.",
        id="two-bylines-then-agency-writer-line",
    ),
]


@pytest.mark.parametrize(
    ("text", "raw", "location", "city", "region", "country_code", "agency", "date", "story"), STYLES
)
def test_dateline_styles(
    text: str,
    raw: str,
    location: str | None,
    city: str | None,
    region: str | None,
    country_code: str | None,
    agency: str | None,
    date: dt.date | None,
    story: str,
) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None
    assert (
        dateline.raw,
        dateline.location,
        dateline.city,
        dateline.region,
        dateline.country_code,
        dateline.agency,
        dateline.date,
    ) == (raw, location, city, region, country_code, agency, date)
    assert text[dateline.end :] == story
    assert 0 < dateline.confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("FILE - In this photo taken in 2019, a man walks.", id="file-photo"),
        pytest.param("UPDATE 2-Shares rise after results", id="update"),
        pytest.param("BREAKING: Parliament dissolved", id="breaking"),
        pytest.param("CORRECTION - An earlier version misspelled a name.", id="correction"),
        pytest.param("NASA - The agency said on Monday.", id="org-caps"),
        pytest.param("GENERAL MOTORS - The carmaker said.", id="org-two-words"),
        pytest.param("The company said on Monday - that profit rose.", id="sentence"),
        pytest.param("Shares rose 3 percent on Tuesday.", id="plain-sentence"),
        pytest.param("WASHINGTON-based groups sued.", id="place-adjective"),
        pytest.param("Apple Inc (AAPL.O) - shares rose.", id="ticker-in-parentheses"),
        pytest.param("SEC FINDS SEPTEMBER 11-12 DROP NOT DUE TO INDEX TRADING", id="date-range"),
        pytest.param("Athens - a $12bn bill", id="headline"),
        pytest.param("us        7.8015 - 7.8035", id="price-table"),
        pytest.param("COPPER GRADE A - 2650 tonnes", id="commodity-heading"),
        pytest.param("Qtr 4 - results were mixed.", id="word-and-number"),
        pytest.param("MAR8  --     --MINNEAPOLIS WHEAT", id="futures-table"),
        pytest.param("", id="empty"),
        pytest.param(
            "FILE - President Biden speaks in Washington, April 2, 2023.", id="file-caption"
        ),
        pytest.param("EDITOR'S NOTE — This story is part of a series.", id="editors-note"),
        pytest.param("UPDATE 2-LONDON stocks fall", id="update-place"),
        pytest.param("REFILE-UPDATE 1-Oil rises", id="refile"),
        pytest.param("CORRECTED - Acme profit rose", id="corrected"),
        pytest.param("AVON - Avon Products said sales rose.", id="org-small-namesake"),
        pytest.param("(CORRECTION) - MARCH 30 - YUGOSLAV TRADE FALLS", id="label-in-parentheses"),
        pytest.param("TOKYO RUBBER (YEN PER KILO) - APRIL 07\n  PREV  OPG", id="table-heading"),
        pytest.param("Country   2019   2020\nFrance -  12  14", id="table-rows"),
        pytest.param("John Smith (AP) John Smith speaks to reporters.", id="caption-credit"),
        pytest.param("Shares of Acme (Reuters) Acme said", id="credit-mid-sentence"),
    ],
)
def test_no_dateline(text: str) -> None:
    assert parse_dateline(text, STORY_DATE) is None


@pytest.mark.parametrize(
    ("printed", "story_date", "expected"),
    [
        pytest.param("Dec 31", dt.date(2023, 1, 2), dt.date(2022, 12, 31), id="previous-year"),
        pytest.param("Jan 2", dt.date(2022, 12, 31), dt.date(2023, 1, 2), id="next-year"),
        pytest.param("Feb 26", dt.date(1987, 2, 26), dt.date(1987, 2, 26), id="same-day"),
        pytest.param("Oct. 20", dt.date(1987, 10, 21), dt.date(1987, 10, 20), id="abbreviated-dot"),
        pytest.param("Feb 29", dt.date(2024, 3, 1), dt.date(2024, 2, 29), id="leap-day"),
        pytest.param(
            "March 2O", dt.date(1987, 3, 20), dt.date(1987, 3, 20), id="letter-o-for-zero"
        ),
    ],
)
def test_date_year_inference(printed: str, story_date: dt.date, expected: dt.date) -> None:
    dateline = parse_dateline(f"NEW YORK, {printed} - Text follows.", story_date)
    assert dateline is not None
    assert dateline.date == expected


def test_date_without_article_date_is_left_out() -> None:
    dateline = parse_dateline("LONDON, April 22 (Reuters) - Text.")
    assert dateline is not None
    assert (dateline.location, dateline.date) == ("LONDON", None)
    assert "April 22" in dateline.raw


def test_month_without_day_keeps_the_place() -> None:
    dateline = parse_dateline("    CHICAGO, April - Grain futures rose.", STORY_DATE)
    assert dateline is not None
    assert (dateline.location, dateline.date) == ("CHICAGO", None)


@pytest.mark.parametrize(
    ("text", "country_code", "region"),
    [
        pytest.param("PARIS, Texas (AP) — A storm hit.", "US", "Texas", id="paris-texas"),
        pytest.param("LONDON, Ontario (CP) - A storm hit.", "CA", "Ontario", id="london-ontario"),
        pytest.param(
            "TBILISI, Georgia (AP) — Protesters marched.", "GE", None, id="georgia-country"
        ),
        pytest.param("ATLANTA, Georgia (AP) — A storm hit.", "US", "Georgia", id="georgia-state"),
        pytest.param("PARIS (AP) — A storm hit.", "FR", None, id="bare-city-largest"),
    ],
)
def test_place_disambiguation(text: str, country_code: str, region: str | None) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None
    assert (dateline.country_code, dateline.region) == (country_code, region)


def test_only_the_head_is_read() -> None:
    text = "Ordinary opening sentence. " * 20 + "LONDON (Reuters) - Not a dateline here."
    assert parse_dateline(text, STORY_DATE) is None


def test_confidence_orders_evidence() -> None:
    wire = parse_dateline("LONDON, April 22 (Reuters) - Text.", STORY_DATE)
    staff = parse_dateline("London - Text.", STORY_DATE)
    assert wire is not None and staff is not None
    assert wire.confidence > staff.confidence


@pytest.mark.parametrize(
    ("text", "country_code", "region"),
    [
        pytest.param(
            "PARIS — Lamar County officials said the storm damaged 40 homes.",
            "US",
            "Texas",
            id="bare-paris-lamar-county",
        ),
        pytest.param(
            "PARIS — French officials said the storm damaged 40 homes.",
            "FR",
            None,
            id="bare-paris-france",
        ),
    ],
)
def test_bare_dateline_read_with_the_story(
    text: str, country_code: str, region: str | None
) -> None:
    dateline = parse_dateline(text, STORY_DATE)
    assert dateline is not None
    assert (dateline.location, dateline.country_code, dateline.region) == (
        "PARIS",
        country_code,
        region,
    )


def test_coordinates_of_the_dateline_city() -> None:
    dateline = parse_dateline("ROCHESTER, N.Y. (AP) — A man was hurt.")
    assert dateline is not None
    assert (round(dateline.latitude, 2), round(dateline.longitude, 2)) == (43.15, -77.62)
    town = parse_dateline("WAKARUSA, IND., March 20 - A plant closed.", STORY_DATE)
    assert town is not None and town.latitude is None and town.longitude is None


def test_seed_date_supplies_the_year() -> None:
    dateline = parse_dateline("date 2023-01-02\nLONDON, Dec 31 (Reuters) - Output fell.")
    assert dateline is not None and dateline.date == dt.date(2022, 12, 31)


RELEASE = (
    "Le communiqué suivant corrige et remplace le communiqué diffusé le 26 mai 2020.\n\n"
    "Les réseaux mobiles des régions rurales sont parmi les plus rapides au monde\n\n"
    "TORONTO, 26 mai 2020 (GLOBE NEWSWIRE) -- Les vitesses de téléchargement en régions "
    "rurales se classent parmi les plus élevées au monde."
)
UPDATE = (
    "(Adds comments, detail)\n\n"
    "* Spot gold may edge up to $1,205 per ounce\n\n"
    "LONDON, Jan 30 (Reuters) - Gold rose on Tuesday on increased safe haven demand."
)


def test_a_dateline_after_a_releases_or_an_updates_preamble_is_found() -> None:
    """A release's correction notice and sub-headings, an update's note and bullets, come
    before the dateline; the story proper starts after it."""
    found = parse_dateline(RELEASE) or dateline_after_preamble(RELEASE, None, "fr")
    assert found is not None
    assert (found.city, found.country_code, found.agency) == ("Toronto", "CA", "GlobeNewswire")
    assert found.date == dt.date(2020, 5, 26)
    assert RELEASE[found.end :].startswith("Les vitesses de téléchargement")
    update = dateline_after_preamble(UPDATE, dt.date(2017, 1, 30))
    assert update is not None and (update.city, update.agency) == ("London", "Reuters")
    assert UPDATE[update.end :].startswith("Gold rose")


@pytest.mark.parametrize(
    "text",
    [
        "Les négociations reprennent.\n\nParis - Nouvelle ronde de discussions sur le budget.",
        "A short note.\n\nLONDON - Shares rose on Tuesday in heavy trading.",  # no agency
        "\n\n".join(["One more paragraph of the story."] * 6)
        + "\n\nLONDON, Jan 30 (Reuters) - Too far in to be a dateline.",
    ],
)
def test_no_dateline_after_a_preamble_without_a_place_and_an_agency_or_too_far_in(
    text: str,
) -> None:
    assert dateline_after_preamble(text) is None
