"""Datelines: the place, date and agency printed at the start of a story.

One compiled pattern reads the head of a story (its first :data:`HEAD_CHARS` characters)::

    [byline line]  [junk: "****", a stray digit]
    [PLACE [, REGION ...]]   [,] [-]          KYIV, Ukraine     ROCHESTER, N.Y.,
    [DATE [, YEAR]]          [,]               April 22   Feb 26   2 March   Aug. 25, 2004
    [AGENCY]                                   (AP)   (Reuters)   , Reuter   AAP
    SEPARATOR                                  em dash, en dash, "--", "-", ANPA "_"

Agencies writing in other languages print the day before the month, in their language
(:data:`MONTH_LANGUAGES`, month names and abbreviations from CLDR through Babel), and credit
themselves in their own ways; each shape is read::

    PARIS, 4 déc 2026 (AFP) -        BERLIN, 4. Dezember (dpa) -     Berlin (dpa) -
    Madrid, 4 dic (EFE).-            MADRID, 4 (EUROPA PRESS) -      ROMA, 4 DIC -
    (ANSA) - ROMA, 4 DIC -           Lisboa, 04 dez 2026 (Lusa) -    Wien (APA) -
    القاهرة (رويترز) -                 دبي، 4 ديسمبر (رويترز) -           МОСКВА, 4 декабря. /ТАСС/.
    МОСКВА, 4 дек — РИА Новости.     PARIS, 4 décembre (Reuters) -
    WARSZAWA, 4 grudnia (PAP) -      ΑΘΗΝΑ, 4 Δεκεμβρίου (Reuters) -  MADRID, 4 de diciembre (EFE) -
    Budapest, 2025. november 28., péntek (MTI) –                    नई दिल्ली, 4 दिसंबर (भाषा)
    STOCKHOLM (TT) Regeringen ...    Aarhus (Ritzau): En ...          OSLO (NTB) -

Chinese, Japanese and Korean agencies print the place inside a shape of their own, read by a
pattern of its own (:data:`_EAST_ASIAN`): ``新华社北京12月4日电``, ``【ワシントン時事】``,
``【ニューヨーク＝山田太郎】``, ``(서울=연합뉴스) 김철수 기자 =``.

Places in any script resolve through GeoNames' alternate names (``PÉKIN`` is Beijing,
``МОСКВА`` Moscow, ``القاهرة`` Cairo), ranked with the story's language when the caller gives it,
and with a national agency's home country (:data:`AGENCY_HOMES`: ``VALENCIA, 3 (EUROPA PRESS)``
is Valencia, Spain).
A day printed alone before the credit (Europa Press) is that day in the month of the story's date.
Scripts without case (Arabic) cannot show a place by its capitals: there the place must be
known to the gazetteer, or come with a date or a known agency.

Every part is optional; :func:`parse_dateline` then decides whether what matched is a dateline:

- a date or a known agency next to the place is enough (``LONDON, April 22 (Reuters) -``);
- a place alone (``WASHINGTON —``) must resolve in the gazetteer (:mod:`newsroom.stages.places`)
  to a place of :data:`BARE_MIN_POPULATION` people or more (or carry a region: ``ALBANY, N.Y. —``),
  and the separator must be followed by a space: so ``FILE - In this photo``, ``AVON -`` or
  ``WASHINGTON-based`` are not datelines; labels in :data:`NOT_PLACES` (``CORRECTION``,
  ``EDITOR'S NOTE``) never are;
- an unknown source in parentheses (``Green Bay, WI (Sports Network) -``) needs a known place,
  or must open the story and be followed by a sentence (``(Sports Network) - The Royals``).

The place is resolved with the story after the dateline as context, so a bare ``PARIS —`` on a
story about Lamar County, Texas is Paris, Texas (:meth:`newsroom.stages.places.Gazetteer.resolve`);
the city's coordinates come with it. A seed file's ``date YYYY-MM-DD`` prefix is skipped and
supplies the year when no article date is given. Press-release datelines are read too:
``NEW YORK, Dec. 10 /PRNewswire/ --`` and ``STOCKHOLM --(Business Wire)-- Dec. 10, 2004 --``.

The data that grows with new wire styles lives in :data:`AGENCIES` (canonical name -> printed
forms), :data:`BARE_AGENCIES` (forms that may appear without parentheses) and the gazetteer's
tables. The year of a date comes from the article date (closest of the previous, same and next
year), or from the dateline itself when it prints one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import logging
import re
from collections.abc import Iterable
from dataclasses import replace

from newsroom.core.models import Dateline
from newsroom.stages.places import (
    CONTEXT_CHARS,
    THAI,
    WORD_MARKS,
    Resolution,
    display_name,
    fold,
    get_gazetteer,
    place_key,
)
from newsroom.stages.resources import compiled, library_version

logger = logging.getLogger(__name__)

HEAD_CHARS = 250  # a dateline never starts further in (bylines included)
MAX_UNKNOWN_WORDS = 4  # words in the city part of a place the gazetteer does not know
THAI_ERA_YEARS = 543  # the Buddhist era Thai dates are printed in, ahead of the common era
BARE_MIN_POPULATION = 100_000  # a bare place with no date or agency must be this large
HEADLINE_WORDS = 12  # a line after a bare place this short, with no sentence end, is a headline

# Canonical short name -> printed forms (matched case-insensitively).
AGENCIES: dict[str, tuple[str, ...]] = {
    "AP": ("AP", "Associated Press", "أ ب"),
    "Reuters": ("Reuters", "Reuter", "رويترز", "Рейтер", "รอยเตอร์"),
    "AFP": (
        "AFP",
        "Agence France-Presse",
        "Agence France Presse",
        "أ ف ب",
        "ا ف ب",
        "أ.ف.ب",
        "เอเอฟพี",
    ),
    "UPI": ("UPI", "United Press International"),
    "dpa": ("dpa", "Deutsche Presse-Agentur", "د ب أ"),
    "dpa-AFX": ("dpa-AFX",),  # dpa's business news: one agency, not dpa's and AFX's copy
    "Xinhua": (
        "Xinhua",
        "Xinhuanet",
        "Xinhaunet",
        "Xinhua News Agency",
        "新华社",
        "新華社",
        "新华网",
        "Tân Hoa xã",  # the Vietnamese press's name
    ),
    "China News Service": ("China News Service", "中新社", "中新网", "中新網"),
    "People's Daily": ("People's Daily", "人民日报", "人民日報", "人民网", "人民網"),
    "China National Radio": ("China National Radio", "央广网", "央廣網", "中广网", "中廣網"),
    "PTI": ("PTI", "Press Trust of India", "भाषा"),
    "AAP": ("AAP", "Australian Associated Press"),
    "EFE": ("EFE", "Agencia EFE"),
    "Europa Press": ("Europa Press",),
    "ANSA": ("ANSA",),
    "AGI": ("AGI",),
    "Adnkronos": ("Adnkronos", "Adnkronos/Ign"),
    "Lusa": ("Lusa", "Agência Lusa"),
    "Agência Brasil": ("Agência Brasil", "ABr"),
    "Notimex": ("Notimex",),
    "Télam": ("Télam", "Telam"),
    "Prensa Latina": ("Prensa Latina", "PL"),
    "Belga": ("Belga",),
    "SDA": ("SDA", "ATS", "Keystone-SDA", "Keystone-ATS", "SDA-ATS"),
    "KNA": ("KNA",),
    "epd": ("epd",),
    "AP Deutschland": ("AP Deutschland",),
    "PAP": ("PAP",),
    "CTK": ("CTK", "ČTK"),
    "MTI": ("MTI",),
    "Kyodo": ("Kyodo", "Kyodo News", "共同"),
    "Jiji": ("Jiji", "Jiji Press", "時事"),
    "Yonhap": ("Yonhap", "연합뉴스"),
    "Newsis": ("Newsis", "뉴시스"),
    "News1": ("News1", "뉴스1"),
    "Bloomberg": ("Bloomberg", "Bloomberg News"),
    "CNN": ("CNN",),
    "CP": ("CP", "Canadian Press"),
    "TASS": ("TASS", "Itar-Tass", "ТАСС", "ИТАР-ТАСС"),
    "Interfax": ("Interfax", "Интерфакс", "ИНТЕРФАКС", "INTERFAX.RU", "Interfax.ru"),
    "IRNA": ("IRNA",),
    "PA": ("PA", "Press Association"),
    "Dow Jones": ("Dow Jones",),
    "Business Wire": ("Business Wire",),
    "PR Newswire": ("PRNewswire", "PR Newswire", "PRNewswire-FirstCall", "PRNewswire-USNewswire"),
    "GlobeNewswire": ("GlobeNewswire", "GLOBE NEWSWIRE", "Globe Newswire"),
    "AFX": ("AFX", "AFX News"),
    "ANP": ("ANP",),
    "APA": ("APA",),
    "KUNA": ("KUNA", "كونا"),
    "WAM": ("WAM", "وام"),
    "SPA": ("SPA", "واس"),
    "MENA": ("MENA", "أ ش أ"),
    "QNA": ("QNA", "قنا"),
    "SANA": ("SANA", "سانا"),
    "Petra": ("Petra", "بترا"),
    "Anadolu": ("Anadolu", "AA"),
    "Bernama": ("Bernama",),
    "Antara": ("Antara", "ANTARA News"),
    "IANS": ("IANS",),
    "UNI": ("UNI", "वार्ता", "यूनीवार्ता"),
    "NZPA": ("NZPA",),
    "RIA Novosti": ("RIA Novosti", "RIA", "РИА Новости"),
    # Europe's other national agencies, each in its own script too.
    "Ukrinform": ("Ukrinform", "Укрінформ"),
    "UNIAN": ("UNIAN", "УНІАН"),
    "BTA": ("BTA", "БТА"),
    "Tanjug": ("Tanjug", "Танјуг"),
    "ANA-MPA": ("ANA-MPA", "ΑΠΕ-ΜΠΕ", "ΑΠΕ"),
    "Agerpres": ("Agerpres",),
    "Hina": ("Hina",),
    "STA": ("STA",),
    "TASR": ("TASR",),
    "STT": ("STT", "STT-Info"),
    "NTB": ("NTB",),
    "TT": ("TT",),
    "Ritzau": ("Ritzau",),
    "ACN": ("ACN",),
    "BelTA": ("BelTA", "БелТА"),
    "ELTA": ("ELTA",),
    "LETA": ("LETA",),
    "BNS": ("BNS",),
    "Kazinform": ("Kazinform", "Казинформ"),
    "DHA": ("DHA",),
    "IHA": ("IHA", "İHA"),
    # Asia's and Africa's, in their own scripts too.
    "VNA": ("VNA", "TTXVN"),
    "BSS": ("BSS",),
    "PNA": ("PNA",),
    "ISNA": ("ISNA", "ایسنا"),
    "Fars": ("Fars", "فارس"),
    "APS": ("APS", "واج"),
    "NNA": ("NNA",),
    "TNA": ("TNA", "สำนักข่าวไทย", "สำนักข่าวไทย อสมท"),
}
# National agencies' home countries: a place they name without its country is looked for there
# first ("VALENCIA, 3 (EUROPA PRESS)" is Valencia, Spain). Agencies that file from everywhere
# (Reuters, AP, AFP, EFE, Xinhua, Bloomberg) have none.
AGENCY_HOMES: dict[str, str] = {
    **{"Europa Press": "ES", "Lusa": "PT", "ANSA": "IT", "AGI": "IT", "Adnkronos": "IT"},
    **{"dpa": "DE", "dpa-AFX": "DE", "epd": "DE", "KNA": "DE", "AP Deutschland": "DE"},
    **{"APA": "AT", "SDA": "CH"},
    **{"Belga": "BE", "ANP": "NL", "PAP": "PL", "CTK": "CZ", "MTI": "HU", "Agência Brasil": "BR"},
    **{"Notimex": "MX", "Télam": "AR", "PTI": "IN", "UNI": "IN", "IANS": "IN", "AAP": "AU"},
    **{"NZPA": "NZ", "CP": "CA", "PA": "GB", "Kyodo": "JP", "Jiji": "JP", "Yonhap": "KR"},
    **{"Newsis": "KR", "News1": "KR", "China News Service": "CN", "KUNA": "KW", "WAM": "AE"},
    **{"People's Daily": "CN", "China National Radio": "CN"},
    **{"SPA": "SA", "QNA": "QA", "MENA": "EG", "Petra": "JO", "SANA": "SY", "Anadolu": "TR"},
    **{"TNA": "TH", "Bernama": "MY", "Antara": "ID", "IRNA": "IR", "TASS": "RU", "Interfax": "RU"},
    **{"RIA Novosti": "RU", "Ukrinform": "UA", "UNIAN": "UA", "BTA": "BG", "Tanjug": "RS"},
    **{"ANA-MPA": "GR", "Agerpres": "RO", "Hina": "HR", "STA": "SI", "TASR": "SK", "STT": "FI"},
    **{"NTB": "NO", "TT": "SE", "Ritzau": "DK", "ACN": "ES", "BelTA": "BY", "ELTA": "LT"},
    **{"LETA": "LV", "BNS": "EE", "Kazinform": "KZ", "DHA": "TR", "IHA": "TR", "VNA": "VN"},
    **{"BSS": "BD", "PNA": "PH", "ISNA": "IR", "Fars": "IR", "APS": "DZ", "NNA": "LB"},
}
# Words that open a story followed by a dash but are labels, not places: photo captions,
# editor's notes, headline prefixes ("UPDATE 2-", "CORRECTION -", "BREAKING:").
NOT_PLACES = frozenset(
    {
        "FILE",
        "FILE PHOTO",
        "PHOTO",
        "PHOTOS",
        "VIDEO",
        "AUDIO",
        "UPDATE",
        "UPDATED",
        "BREAKING",
        "BREAKING NEWS",
        "CORRECTION",
        "CORRECTED",
        "CLARIFICATION",
        "REFILE",
        "REPEAT",
        "RPT",
        "EXCLUSIVE",
        "ANALYSIS",
        "WRAPUP",
        "INSIGHT",
        "FACTBOX",
        "COLUMN",
        "COMMENT",
        "OPINION",
        "EDITORIAL",
        "REVIEW",
        "PREVIEW",
        "INTERVIEW",
        "FEATURE",
        "URGENT",
        "FLASH",
        "BULLETIN",
        "ALERT",
        "ADVISORY",
        "ADVISORY FOR EDITORS",
        "EDITOR'S NOTE",
        "EDITORS NOTE",
        "EDITOR’S NOTE",
        "EDS",
        "EDS NOTE",
        "NOTE",
        "NOTE TO EDITORS",
        "WATCH",
        "LIVE",
        "DEVELOPING",
        "KILL",
        "MANDATORY KILL",
        "ELIMINATION",
        "WITHDRAWAL",
        "SPORTS",
        "BUSINESS",
        "WEATHER",
        "UNDATED",
        "TEXT",
        "TABLE",
        "GRAPHIC",
        "CAPTION",
        "SUMMARY",
        "DIGEST",
        "BRIEFS",
    }
)
# Forms that are datelines without parentheses: "SYDNEY March 22 AAP -", ", Reuter -", "AP -".
BARE_AGENCIES = (
    "Associated Press",
    "Canadian Press",
    "Reuters",
    "Reuter",
    "AAP",
    "AFP",
    "AP",
    "UPI",
    "Xinhua",
    "Kyodo",  # "SAITAMA, Japan, Dec. 9 Kyodo -"
    "NTB",  # "MOSKVA, Feb 17 NTB -"
    "Interfax",
    "INTERFAX.RU",
    "ИНТЕРФАКС",
    "Интерфакс",
)
# Credits printed after the separator: "МОСКВА, 4 дек — РИА Новости. Президент ...".
ROUTE_WORDS = 8  # a route headline's colon comes this soon: "B în 90 de minute:"
# Words that say a credit is a correspondent's before the agency's name: ČTK's "(zpravodaj ČTK)",
# "(od zvláštního zpravodaje ČTK)".
CORRESPONDENT_WORDS = frozenset(
    {"zpravodaj", "zpravodajka", "zpravodaje", "zpravodajky", "od", "zvláštní", "zvláštního"}
    | {"stálý", "stálého", "stálá", "stálé", "spravodajca", "spravodajcu", "spravodajkyňa"}
    | {"korespondent", "korespondenta", "korespondentka", "dopisnik", "dopisnica", "special"}
    | {"correspondent", "staff"}
)
# Agencies that print a date in figures with a slash, the day first: "Hà Nội, 4/12 (TTXVN) -",
# "Jakarta, 4/12 (ANTARA) -".
DAY_MONTH_FIGURES = frozenset({"VNA", "Antara"})
DAY_MONTH_FIGURES_LANGUAGES = frozenset({"vi", "id", "ms"})
# Belga ends its datelines with "=" after the credit, and prints the day and month in figures,
# the day first: "ROCHEFORT 31/07 (BELGA) = ", "MOSCOU 15/06 (AFP) = ", "BRUSSEL 04/12 (BELGA) =".
BELGA_SEPARATOR = "="
TRAILING_AGENCIES = ("РИА Новости", "RIA Novosti", "ТАСС", "Интерфакс", "ИНТЕРФАКС")
# Languages whose month names and abbreviations (CLDR, in Babel) a date may be printed in, day
# first ("4 déc", "4. Dezember", "4 декабря", "4 de diciembre de 2026"); ar_SY adds the Levantine
# months (كانون الأول). The agencies' languages, then the other languages of Europe's agencies
# that print the day first, Indonesian, Malay ("KUALA LUMPUR, 4 Dis (Bernama) --"), Hindi
# ("नई दिल्ली, 4 दिसंबर (भाषा)") and Thai ("กรุงเทพฯ 5 ธ.ค. -", as the Thai News Agency prints
# it), and Hungarian, which prints the year and month first, the day with a full stop
# ("2026. december 4.").
MONTH_LANGUAGES = (
    *("en", "fr", "de", "es", "it", "pt", "nl", "ru", "ar", "ar_SY"),
    *("pl", "cs", "sk", "sl", "hr", "sr", "bg", "uk", "el", "ro", "tr"),
    *("sv", "da", "nb", "fi", "ca", "id", "ms", "hi", "hu", "th"),
)

_AGENCY_BY_FORM = {form.casefold(): name for name, forms in AGENCIES.items() for form in forms}
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DAY_DIGITS = str.maketrans("Ol", "01")  # "March 2O", "April l": typed letters for digits
# Month names for misspelt dates ("Narch", "Macrh", "Jne") and foreign abbreviations ("ABR").
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_FOREIGN_MONTHS = {
    "ene": 1,
    "abr": 4,
    "mai": 5,
    "ago": 8,
    "set": 9,
    "out": 10,
    "okt": 10,
    "dez": 12,
    "dic": 12,
}
_DASHES = ("-", "--", "_")  # separators that need a space after them when nothing else vouches


def _fold(text: str) -> str:
    """Case and accents stripped, no trailing full stop: "Déc." -> "dec"."""
    return fold(text.rstrip("."))


def _month_names() -> dict[str, int]:
    """Every month name and abbreviation of :data:`MONTH_LANGUAGES`, as printed and folded ->
    the month's number, kept as a compiled resource: reading CLDR's data for the 27 locales
    costs about 0.1 s a process, the compiled file a millisecond."""
    return compiled(
        "month-names",
        _read_month_names,
        sources=[__file__],
        versions=[library_version("babel")],
    )


def _read_month_names() -> dict[str, int]:
    """:func:`_month_names` read from CLDR, and the agencies' abbreviations CLDR lacks: AFP's
    "fév" (CLDR: "févr."), RIA Novosti's three letters "сен" and "ноя" ("сент.", "нояб.")."""
    from babel import Locale  # its locale data is read here only, when the names are built

    names: dict[str, int] = {"fév": 2, "fev": 2, "сен": 9, "ноя": 11}
    for language in MONTH_LANGUAGES:
        months = Locale.parse(language).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(name.rstrip("."), number)
                    names.setdefault(_fold(name), number)
    return names


# Month names and abbreviations in every language read -> month number.
MONTH_NUMBERS = _month_names()
_MONTH_BY_FOLDED = {_fold(name): number for name, number in MONTH_NUMBERS.items()}

# --- the head pattern --------------------------------------------------------------------------

# A letter, any script, and the vowel signs and other marks of the Indic and Southeast Asian
# scripts (Devanagari, Thai), which Python's \w leaves out.
_L = rf"(?:[^\W\d_]|[{WORD_MARKS}])"
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il|i)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?i:(?:mon|tues|wednes|thurs|fri|satur|sun)day)"


_Trie = dict[str, "_Trie"]


def _alternation(words: Iterable[str]) -> str:
    """A pattern matching any of ``words`` (the longest where several match), written as a tree
    of their shared beginnings: Python's ``re`` tries the branches of ``a|b|c`` one by one, and
    with hundreds of month names that was most of the time a dateline took."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: _Trie) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:  # a word ends here: the longer ones first, then this one
            return "(?:" + "|".join(branches) + ")?" if branches else ""
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


# A month in any language read, printed day first: "déc", "Dezember", "DIC", "декабря", "ديسمبر".
_ANY_MONTH = "(?i:" + _alternation({name.lower() for name in MONTH_NUMBERS}) + ")"
_BARE = (
    "(?i:"
    + "|".join(re.escape(form) for form in sorted(BARE_AGENCIES, key=len, reverse=True))
    + ")"
)
# A place word: not a month or weekday name, not an agency; letters with . ' - / & inside.
_WORD = (
    rf"(?!{_MONTH}\.?(?!{_L})|{_WEEKDAY}(?!{_L})|{_BARE}(?![\w.'’-]))"
    rf"{_L}(?:{_L}|['’.}}&/-]){{0,39}}"
)
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,5}}"
_YEAR = r"(?:,?[ ]*(?P<year>(?:19|20)\d\d)(?!\w))?"
# A byline's names: "JOHN SMITH", "MARY CLARE JALONICK and LISA MASCARO", "Ana de la Cruz".
_BYNAME = (
    r"(?:[A-Z][\w.'’-]*|and|&|de|del|der|la|le|van|von|da|du|bin|al)"
    r"(?:[ ](?:[A-Z][\w.'’-]*|and|&|de|del|der|la|le|van|von|da|du|bin|al)){0,9}[ ]?"
)
_HEAD = re.compile(
    rf"""
    \s*
    (?:date[ \t]+(?P<seed>\d{{4}}-\d\d-\d\d)\s+)?          # seed header: date 2023-04-22
    (?P<byline>By[ ]+{_BYNAME}(?:,[ ]*[A-Z][^\n]{{1,40}}?)?
       (?:[ \t]*\r?\n|[ \t]{{2,}})\s*
       (?:(?:The[ ])?{_BARE}(?![\w.'’-])[^\n\-—–(]{{0,30}}\r?\n\s*)?)?  # "Associated Press"
    (?P<start>)
    (?:\*+[ ]*|[0-9a-z][ ]{{2,}}(?={_L})|RPT[ ]*-+[ ]*)?    # junk: "****", "c    ", "RPT --"
    (?:(?P<loc>{_NAME}(?:[ ]\({_NAME}\)(?=[ ]*[,،(]))?        # KHARKIV (Ukraine), 4 déc
       (?:[ ]?[,،][ ]*{_NAME}){{0,3}}[.,،]*)               # KYIV, Ukraine
       [ ]*[,،]?[ ]*(?:--[ ]*(?=\()|-[ ]*)?)?             # "Md., - March 4", "CITY --(BW)"
    (?:(?<!{_L})(?:
        (?P<mon>{_MONTH})(?!{_L})(?:\.[ ]*|[ ]+|[ ]*,[ ]*)(?P<day>[0-9Ol]{{1,3}})(?!\w){_YEAR}
        (?:\.(?=[ ]*/))?                                   # TASS: "MOSCOW, January 21. /TASS/."
      | (?P<day2>\d{{1,2}})\.?[ ]+(?:de[ ]+)?              # 4 déc, 4. Dezember, 4 de dezembro
        (?P<mon2>{_ANY_MONTH})(?!{_L}|-{_L})\.?             # not "4 pro-government"
        (?:[ ]+{_ANY_MONTH}(?!{_L}))?                  # "4 ديسمبر كانون الأول": two names
        (?:[ ]+(?:de[ ]+)?(?P<year2>(?:19|20|25)\d\d)(?!\w))?  # 25xx: Thai's Buddhist era
      | (?:(?P<yearh>(?:19|20)\d\d)\.[ ]+)?                 # Hungarian, year and month first:
        (?P<monh>{_ANY_MONTH})\.?[ ]+(?P<dayh>\d{{1,2}})\.    # "2026. december 4., csütörtök"
        (?=[ ]*[,(])(?:,[ ]*{_L}+)?
      | (?P<dayn>\d{{1,2}})[ ]*[-/][ ]*(?P<monn>\d{{1,2}})  # "الكويت - 4 - 12 (كونا)",
        (?:[-/](?P<yearn>(?:19|20)\d\d))?(?=[ ]*\()  # AFP's Arabic "فريتاون, 26-11-2023 (أ ف ب)"
                                                     # "Hà Nội, 4/12 (TTXVN)": day and month
      | (?P<day3>\d{{1,2}})(?=[ ]*\()                        # "MADRID, 4 (EUROPA PRESS) -"
      | (?P<mon3>{_MONTH})(?!{_L})\.?                       # "CHICAGO, April -"
      | {_WEEKDAY}(?!{_L})                                  # "MOSCOW, Monday (Reuters)"
      | (?P<monx>{_L}{{2,7}})\.?[ ]+(?P<dayx>\d{{1,2}})(?!\w)  # "Narch 2", "ABR 7": typed badly

    )[ ]*,?[ ]*)?
    (?:(?:\((?P<paren>[^()\d\n]{{1,40}})\)[.:]?|/(?P<slash>{_L}[^/\n]{{1,40}}?)/[.:]?)\s*
       |(?P<bare>{_BARE})(?![\w.'’-])[ ]*)?
    (?:(?P<sep>—|–|--|-|_|=(?=[ \t]))                     # "DELHI, Apr 22 (PTI) The", "/ТАСС/. Он"
      |(?(paren)(?<=\s)(?=["“‘'«]|{_L})|(?(slash)(?<=\s)(?=["“‘'«]|{_L})|(?!))))
    """,
    re.VERBOSE,
)
_TAIL = re.compile(r"\s*")
_REGION_IN_PARENS = re.compile(r" \(([^()]+)\)")
_SENTENCE_END = re.compile(r"[.!?…。؟]")


def _tail_end(text: str, position: int) -> int:
    """Where the spaces after ``position`` end."""
    match = _TAIL.match(text, position)
    return match.end() if match is not None else position  # "\s*" always matches


# A release date after the source: "STOCKHOLM, Sweden --(Business Wire)-- Dec. 10, 2004 --".
_RELEASE_DATE = re.compile(
    rf"[ ]*(?P<mon>{_MONTH})\.?[ ]+(?P<day>\d{{1,2}})(?!\w){_YEAR}[ ]*(?P<sep>—|–|--|-)[ ]*"
)


_TRAILING_CREDIT = re.compile(  # "РИА Новости. ", "РИА Новости, Анна Иванова. "
    "(?P<credit>"
    + "|".join(re.escape(form) for form in TRAILING_AGENCIES)
    + r")(?:,[^.\n]{1,40})?[ ]*[.:][ ]*(?=\S)"
)
_CREDIT_WORDS = re.compile(r"[^\W_]+(?:[ .-][^\W_]+)?")


def _agency(match: re.Match[str]) -> tuple[str | None, bool]:
    """The canonical agency name and whether it is a known one; unknown sources as printed."""
    printed = match["paren"] or match["slash"] or match["bare"]
    if printed is None:
        return None, False
    printed = " ".join(printed.split())
    name = _AGENCY_BY_FORM.get(printed.casefold())
    if name is None and not match["bare"]:
        name = _agency_within(printed, correspondent=match["slash"] is not None)
    return (name, True) if name else (printed, False)


def _agency_within(printed: str, *, correspondent: bool) -> str | None:
    """A known agency inside a credit that says more: a regional desk ("dpa/lsw", not
    "CNN/Money"), a correspondent in TASS's slashes ("/Корр. ТАСС Иван Лебедев/"), the first
    of several agencies whose copy a story draws on ("AFP-DPA-REUTER", "AFP-BELGA")."""
    parts = printed.split("-")
    if len(parts) > 1:
        names = [_AGENCY_BY_FORM.get(part.strip().casefold()) for part in parts]
        if all(names):
            return names[0]
    agency, _, desk = printed.partition("/")
    if desk and desk.islower() and len(desk) <= 4:
        return _AGENCY_BY_FORM.get(agency.strip().casefold())
    *said, last = printed.split(" ")
    if said and CORRESPONDENT_WORDS.issuperset(word.casefold() for word in said):
        # a correspondent's credit: "(zpravodaj ČTK)", "(od zpravodaje ČTK)", ČTK's from abroad
        return _AGENCY_BY_FORM.get(last.casefold())
    if not correspondent:
        return None
    for words in _CREDIT_WORDS.findall(printed):
        for form in (words, words.split()[0]):
            name = _AGENCY_BY_FORM.get(form.casefold())
            if name is not None and not form.islower():  # "pl", "aa": words, not credits
                return name
    return None


def _infer_year(month: int, day: int, article_date: dt.date) -> dt.date | None:
    """The date with this month and day nearest the article date: Dec 31 read in January is
    last year's."""
    best = None
    for year in (article_date.year - 1, article_date.year, article_date.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 in a common year, day 31 of a short month
            continue
        if best is None or abs(candidate - article_date) < abs(best - article_date):
            best = candidate
    return best


def _misspelt_month(token: str) -> int | None:
    """The month a badly typed name stands for: "Marchg", "Narch", "Macrh", "Jne", "ABR"."""
    token = token.lower()
    if token[:3] in _MONTHS:
        return _MONTHS[token[:3]]
    if token in _FOREIGN_MONTHS:
        return _FOREIGN_MONTHS[token]
    close = difflib.get_close_matches(token, _MONTH_NAMES, n=1, cutoff=0.75)
    return _MONTH_NAMES.index(close[0]) + 1 if close else None


def _date(match: re.Match[str], article_date: dt.date | None) -> dt.date | None:
    if match["day3"]:
        return _day_alone(int(match["day3"]), article_date)
    if match["dayh"]:
        month_h = _MONTH_BY_FOLDED[_fold(match["monh"])]
        return _month_day(month_h, int(match["dayh"]), match["yearh"], article_date)
    if match["dayn"]:
        number, day_n = int(match["monn"]), int(match["dayn"])
        return _month_day(number, day_n, match["yearn"], article_date) if number <= 12 else None
    if match["mon2"]:
        day_month = _MONTH_BY_FOLDED[_fold(match["mon2"])]
        year = match["year2"]
        if year and year.startswith("25"):  # Thai prints the Buddhist era: 2569 is 2026
            if not THAI.search(match["mon2"]):
                return None  # "4 Dec 2500" in another language: no year of the common era
            year = str(int(year) - THAI_ERA_YEARS)
        return _month_day(day_month, int(match["day2"]), year, article_date)
    month: int | None
    if match["monx"]:
        month = _misspelt_month(match["monx"])
        day_text = match["dayx"]
    else:
        month_text, day_text = match["mon"], match["day"]
        month = _MONTHS[month_text[:3].lower()] if month_text else None
    if month is None or not day_text:
        return None
    return _month_day(month, int(day_text.translate(_DAY_DIGITS)), match["year"], article_date)


def _month_day(
    month: int, day: int, year: str | None, article_date: dt.date | None
) -> dt.date | None:
    """The date of a printed month and day: its own year, else the one nearest the article."""
    if year:
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            return None
    if article_date is None or not 1 <= day <= 31:
        return None
    return _infer_year(month, day, article_date)


def _day_alone(day: int, article_date: dt.date | None) -> dt.date | None:
    """The date of a day printed without its month ("MADRID, 4 (EUROPA PRESS)"): that day in
    the story's month, or in the month before or after when nearer (the 31st read on the 1st)."""
    if article_date is None or not 1 <= day <= 31:
        return None
    candidates = []
    for shift in (-1, 0, 1):
        month_index = article_date.year * 12 + article_date.month - 1 + shift
        try:
            candidates.append(dt.date(month_index // 12, month_index % 12 + 1, day))
        except ValueError:  # the 31st of a 30-day month
            continue
    return min(candidates, key=lambda date: abs(date - article_date), default=None)


def _words_capitalised(location: str) -> bool:
    """Every word starts with a capital, bar joiners: "Rio de Janeiro", not "Bids only". A word
    in a script without case (Arabic) counts as capitalised."""
    for word in location.replace(",", " ").replace("،", " ").split():
        if word[0].islower() and word not in {
            "de",
            "da",
            "do",
            "du",
            "la",
            "le",
            "of",
            "the",
            "au",
            "aux",
            "sur",
            "am",
            "an",
            "del",
            "al",
        }:
            return False
    return True


def _vouched_for(
    text: str,
    match: re.Match[str],
    location: str | None,
    resolved: Resolution | None,
    has_date: bool,
    agency: str | None,
    known_agency: bool,
    markup: bool = False,
) -> bool:
    """Whether what the head pattern matched is a dateline (the rules in the module docstring);
    ``markup``: a wire document's own dateline field, a dateline whatever follows it."""
    if location is None and not has_date and agency is None:
        return False
    if match["sep"] in _DASHES:
        following = text[match.end() : match.end() + 1]
        if following.isdigit() or (following.isalpha() and not (has_date or match["paren"])):
            return False  # "WASHINGTON-based", "AP-style", "SEPTEMBER 11-12"
        if following.islower() and text[match.start("sep") - 1 : match.start("sep")].isdigit():
            return False  # a date with a suffix: Hungarian "December 4-én" (on 4 December)
    if location is None:
        if match["bare"] and _reads_as_headline(text[match.end() :].lstrip()):
            return False  # "Reuters - Top news stories at 0600 GMT": a headline
        if agency is None or known_agency:
            return True
        # "(Sports Network) - The Royals...": an unknown source alone opens the story, is no
        # label ("(CORRECTION) -") and is followed by a sentence.
        following = text[match.end() : match.end() + 2]
        return (
            match["paren"] is not None
            and not _is_label(agency)
            and following[:1] == " "
            and (following[1:].isupper() or following[1:].isdigit())
        )
    known_place = resolved is not None and resolved.known
    if not known_place and len(location.split(",")[0].split()) > MAX_UNKNOWN_WORDS:
        return False  # a headline run into the dateline: "BICC SEEKS ... LONDON, March 25 -"
    if not (known_place or _words_capitalised(location) or (has_date and location.islower())):
        return False  # "peoria, april 7 -" is a dateline, "Bids only -" is not
    if has_date or known_agency:
        return True
    # Nothing but the place vouches for it: it must be a place people write datelines from,
    # in capitals or sizeable ("London -"), not "FILE -" or "Bids only -".
    if resolved is None or not resolved.known or not _words_capitalised(location):
        return False
    small = resolved.population < BARE_MIN_POPULATION and not resolved.by_mentions
    if "," not in location and small and not markup:
        return False  # "AVON -" (Avon Products), "DELTA -": a small namesake is no dateline
    if agency is not None or markup:
        return True
    if not any(ch.isupper() for ch in location):
        return False  # a script without case cannot show a bare place by its capitals
    # "Athens - a $12bn bill", "Wien - Bratislava: Neue Zugverbindung", "Ginebra - Nueva ronda
    # de conversaciones" are headlines, not datelines.
    rest = text[match.end() :].lstrip()
    return not (rest[:1].islower() or _reads_as_headline(rest) or _names_a_route(rest))


def _names_a_route(rest: str) -> bool:
    """Whether the text after a bare place and a dash opens with another city and has a colon
    within its first words: "București – Brașov în 90 de minute: ...", a route or a match in a
    headline, not a dateline."""
    words = rest.split("\n", 1)[0].split()[:ROUTE_WORDS]
    if len(words) < 2 or not any(word.endswith(":") for word in words):
        return False
    second = words[0].rstrip(":,")
    if not second[:1].isupper():
        return False
    # a sizeable city's name, its own or (of four letters or more) another language's ("Bécs",
    # "Vídeň"): not "Police", "Der" or "La", a small town's name or other cities' short ones
    gazetteer = get_gazetteer()
    key = place_key(second)
    cities = [*gazetteer.cities.get(key, ())]
    if len(key) >= 4:
        cities.extend(gazetteer.alternate_cities.get(key, ()))
    return any(city.population >= BARE_MIN_POPULATION for city in cities)


def _reads_as_headline(rest: str) -> bool:
    """Whether the text after a bare place and a dash is a headline: a pair ("A - B: ...") or
    a short paragraph with no sentence end."""
    line = rest.split("\n\n", 1)[0]
    words = line.split()
    if any(word.endswith(":") for word in words[:3]) or (len(words) > 1 and words[1] == ":"):
        return True
    return len(words) < HEADLINE_WORDS and not _SENTENCE_END.search(line)


def _parse_at(
    text: str,
    article_date: dt.date | None,
    story: str,
    language: str | None = None,
    markup: bool = False,
) -> Dateline | None:
    match = _HEAD.match(text)
    if match is None:
        return None
    if match["seed"] and article_date is None:
        article_date = dt.date.fromisoformat(match["seed"])
    location = match["loc"].rstrip(" ,،") if match["loc"] else None
    if location and match["loc"].endswith(".") and location.count(".") == 1 and "," not in location:
        location = location[:-1]  # "Москва. 4 декабря." (Interfax), not "ROCHESTER, N.Y."
    if location is not None and _is_label(location):
        return None  # "FILE -", "CORRECTION -", "EDITOR'S NOTE —"
    if match["monx"] and _misspelt_month(match["monx"]) is None:
        return None  # "Shr 72 -": a word and a number, not a date
    has_date = bool(
        match["day"] or match["day2"] or match["dayx"] or match["day3"] or match["dayh"]
    )
    agency, known_agency = _agency(match)
    if match["dayn"]:  # numbers alone make a date only in a known agency's dateline (KUNA's,
        # VNA's), and with a slash only where the day comes first: an agency's that prints it so,
        # or a story in a language whose press does ("12/4 (AP)" is no date: AP would mean
        # December 4; "Bắc Kinh, 4/12 (Tân Hoa xã)" is Xinhua's copy as the Vietnamese press
        # prints it)
        slashed = "/" in match.string[match.start("dayn") : match.end("monn")]
        day_first = (
            agency in DAY_MONTH_FIGURES
            or language in DAY_MONTH_FIGURES_LANGUAGES
            or match["sep"] == BELGA_SEPARATOR  # "BRUXELLES 04/12 (AFP) =": Belga's copy
        )
        if not known_agency or (slashed and not day_first):
            return None
        has_date = True
    if match["sep"] == BELGA_SEPARATOR and not match["paren"]:
        return None  # "=" ends a dateline only after a credit: "ROCHEFORT 31/07 (BELGA) ="
    if match["sep"] is None:
        # No separator: only a place and a known agency's credit end a dateline, before a
        # sentence: "DELHI, Apr 22 (PTI) The", "МОСКВА, 4 декабря. /ТАСС/. Президент".
        credited = (match["paren"] or match["slash"]) and known_agency and location
        if not credited or text[match.end() : match.end() + 1].islower():
            return None
    if match["day3"] and not match["paren"]:
        return None  # a number and a dash: "ROMA, 4 -" names no month
    sep_end = match.end("sep") if match["sep"] is not None else match.end()
    if match["sep"] is not None and agency is None:
        credit = _TRAILING_CREDIT.match(text, _tail_end(text, sep_end))
        if credit is not None:  # "МОСКВА, 4 дек — РИА Новости. Президент"
            agency, known_agency = _AGENCY_BY_FORM[credit["credit"].casefold()], True
            sep_end = credit.end()
    date = _date(match, article_date)
    release = None
    if match["paren"] and not has_date:
        release = _RELEASE_DATE.match(text, sep_end)
        if release is not None:  # "--(Business Wire)-- Dec. 10, 2004 --"
            has_date, sep_end = True, release.end("sep")
            date = _month_day(
                _MONTHS[release["mon"][:3].lower()],
                int(release["day"]),
                release["year"],
                article_date,
            )
    context = story[sep_end : sep_end + CONTEXT_CHARS] if location else None
    resolved = None
    home = AGENCY_HOMES.get(agency or "") if known_agency else None
    if location:
        printed = _REGION_IN_PARENS.sub(r", \1", location)  # "KHARKIV (Ukraine)"
        resolved = get_gazetteer().resolve(printed, context, language, home)
    if not _vouched_for(text, match, location, resolved, has_date, agency, known_agency, markup):
        return None
    if match["sep"] is None and not (has_date or (resolved is not None and resolved.known)):
        return None  # "John Smith (AP) John Smith speaks": a caption credit, not a dateline
    city = region = country_code = latitude = longitude = None
    if resolved is not None:
        city, region, country_code = resolved.city, resolved.region, resolved.country_code
        latitude, longitude = resolved.latitude, resolved.longitude
        if city is None and not resolved.known and location:
            city = display_name(location.split(",")[0].strip())
        if country_code is None and not resolved.known:
            # a place too small for the gazetteer, datelined by a national agency, is in its
            # country: "PRIEGO DE CÓRDOBA (CÓRDOBA), 2 (EUROPA PRESS)", "ROCHEFORT 31/07 (BELGA)"
            country_code = home
    return Dateline(
        raw=text[match.start("start") : sep_end].rstrip(),
        location=location,
        city=city,
        region=region,
        country_code=country_code,
        agency=agency,
        date=date,
        confidence=_confidence(location, has_date, agency, known_agency, resolved),
        end=_tail_end(text, sep_end),
        latitude=latitude,
        longitude=longitude,
    )


# Wire datelines of Chinese, Japanese and Korean agencies. Their scripts have no capitals and no
# spaces to show where a place ends, so the head pattern cannot read them; each agency prints
# the place inside a shape of its own, which is read instead:
#   新华社北京12月4日电（记者 张三）国务院…   中新网上海12月4日电 …   人民网北京12月4日电 …
#   央广网呼和浩特8月3日消息（记者 陈青平）… (China National Radio's "news" for "wire")
#   本报北京12月4日电 … (the paper's own)
#   【ワシントン時事】…   【北京共同】…   【パリAFP＝時事】…   【ニューヨーク＝山田太郎】 (its own)
#   (서울=연합뉴스) 김철수 기자 = …   [워싱턴=뉴시스] …   (부산=뉴스1) …
_EAST_ASIAN = re.compile(
    r"""
    \s*(?:
        (?P<zh_agency>新华社|新華社|新华网|中新社|中新网|中新網|人民网|人民網|人民日报|人民日報
                      |央广网|央廣網|中广网|中廣網|本报|本報)
        (?P<zh_loc>[^\W\d_]{1,10}?)
        (?P<zh_mon>\d{1,2})月(?P<zh_day>\d{1,2})日(?:专电|專電|电|電|消息)
        (?:[ ]?[（(][^）)\n]{0,40}[）)])?                  # （记者 张三）
      | 【(?P<ja_loc>[^\W\d_]{1,12}?)(?:AFP|ロイター)?
        (?:(?P<ja_agency>時事|共同)|[=＝](?:(?P<ja_agency2>時事|共同)|(?P<ja_own>[^】\n]{1,20})))】
      | [(\[（](?P<ko_loc>[가-힣]{1,10})[=＝](?P<ko_agency>연합뉴스|뉴시스|뉴스1)[)\]）]
        (?:[ ]*[^=\n]{0,30}?(?:기자|특파원)[ ]*=)?            # 김철수 기자 =
    )[ \t]*
    """,
    re.VERBOSE,
)


def _parse_east_asian(
    text: str, article_date: dt.date | None, story: str, language: str | None
) -> Dateline | None:
    """A Chinese, Japanese or Korean agency's dateline (:data:`_EAST_ASIAN`). The agency's own
    shape vouches for it, but a place written before a reporter's name (``【ニューヨーク＝山田
    太郎】``), with no agency to vouch, must be known to the gazetteer."""
    match = _EAST_ASIAN.match(text)
    if match is None:
        return None
    credit = match["zh_agency"] or match["ja_agency"] or match["ja_agency2"] or match["ko_agency"]
    agency = None if credit in (None, "本报", "本報") else _AGENCY_BY_FORM[credit.casefold()]
    location = match["zh_loc"] or match["ja_loc"] or match["ko_loc"]
    date = None
    if match["zh_mon"]:
        date = _month_day(int(match["zh_mon"]), int(match["zh_day"]), None, article_date)
    end = match.end()
    home = AGENCY_HOMES.get(agency or "")
    resolved = get_gazetteer().resolve(location, story[end : end + CONTEXT_CHARS], language, home)
    if match["ja_own"] and not resolved.known:
        return None
    return Dateline(
        raw=text[:end].strip(),
        location=location,
        city=resolved.city,
        region=resolved.region,
        country_code=resolved.country_code,
        agency=agency,
        date=date,
        confidence=_confidence(location, date is not None, agency, agency is not None, resolved),
        end=end,
        latitude=resolved.latitude,
        longitude=resolved.longitude,
    )


def _is_label(location: str) -> bool:
    """A headline prefix or caption label in the place's slot: "FILE", "UPDATE 2", "EDS"."""
    return location.upper().rstrip(":.") in NOT_PLACES


def _confidence(
    location: str | None,
    has_date: bool,
    agency: str | None,
    known_agency: bool,
    resolved: Resolution | None,
) -> float:
    known_place = resolved is not None and resolved.known
    if location is None:
        return 0.5 if agency is None else 0.75 if known_agency else 0.5
    score = 0.6
    if has_date:
        score += 0.25
    if agency is not None:
        score += 0.3 if known_agency else 0.15
    if known_place:
        score += 0.1
        if resolved is not None and resolved.by_mentions:
            score -= 0.1  # a namesake chosen from the story's mentions: a guess
    if location.split(",")[0].isupper():
        score += 0.05
    return round(min(score, 0.99), 2)


PREAMBLE_PARAGRAPHS = 5  # paragraphs before a dateline that a release or an update may have
PREAMBLE_CHARS = 1_500  # and no more text than this
PREAMBLE_CREDIT_CHARS = 120  # a dateline's credit comes within this much of its paragraph


def dateline_after_preamble(
    text: str, article_date: dt.date | None = None, language: str | None = None
) -> Dateline | None:
    """A dateline opening one of a story's first paragraphs after others, where the story does
    not open with one: a release's sub-headings or correction notice before ``TORONTO, 26 mai
    2020 (GLOBE NEWSWIRE) --``, an update's "(Adds comments)" and summary bullets before the
    dateline. Only a full one counts there, a place with a known agency's credit, so that a
    paragraph opening with a place ("Paris - Nouvelle ronde...") is not taken; ``end`` is
    where the story proper starts in ``text``, after the preamble and the dateline."""
    start = 0
    for _ in range(PREAMBLE_PARAGRAPHS):
        start = text.find("\n\n", start)
        if start < 0 or start > PREAMBLE_CHARS:
            return None
        start += 2
        head = text[start : start + HEAD_CHARS]
        if "(" not in head[:PREAMBLE_CREDIT_CHARS] and "/" not in head[:PREAMBLE_CREDIT_CHARS]:
            continue  # no credit in brackets or slashes this early: no full dateline (and the
            # head pattern, failing, costs 15 µs a paragraph)
        found = _parse_at(head, article_date, text[start:], language)
        if found is not None and found.location is not None and found.agency in AGENCIES:
            return replace(found, end=start + found.end)
    return None


def parse_dateline(
    text: str,
    article_date: dt.date | None = None,
    language: str | None = None,
    *,
    markup: bool = False,
) -> Dateline | None:
    """Find the dateline at the start of a story, or None when it has none.

    ``article_date`` supplies the year of a dateline date that prints none; without it such a
    date is left None (the printed text stays in ``raw``). ``end`` is the offset in ``text``
    where the story proper starts, after the separator and the spaces following it.
    ``language`` (ISO 639-1, the story's) ranks same-named places: ``Valence`` in French is the
    French town, not Valencia. ``markup`` says the head is a wire document's own dateline field
    put before the story: it is read as a dateline even before a headline-like line.
    """
    head = text[:HEAD_CHARS]
    dateline = _parse_at(head, article_date, text, language, markup)
    if dateline is None:
        dateline = _parse_east_asian(head, article_date, text, language)
    if dateline is not None and dateline.location is None and dateline.agency is not None:
        # "Canadian Press - VANCOUVER (CP) -", "(ANSA) - ROMA, 4 DIC -": a credit line before
        # the real dateline.
        inner = _parse_at(head[dateline.end :], article_date, text[dateline.end :], language)
        if inner is not None and inner.location is not None:
            return replace(
                inner, agency=inner.agency or dateline.agency, end=dateline.end + inner.end
            )
    if dateline is not None:
        logger.debug("dateline %r -> %s", dateline.raw, dateline.location)
    return dateline
