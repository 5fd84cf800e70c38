"""Datelines and country tags in French, German, Spanish, Italian, Portuguese, Arabic, Russian and
English, on the sets in ``eval/multilingual/`` (written for the project in each agency's
published style; its README says how).

(a) Datelines, per language: of the stories that open with one, the share whose place (city and
    country), agency, date and body start (the text after the dateline) are all right, and each
    part apart; of the openings that are no dateline, how many were taken for one (must be 0).
(b) Countries a story is about, per language: micro precision and recall of ``tag_places`` at
    its default score against the set's countries, with the story's language (this pipeline)
    and without it (English names only: what every language got before).

The story's language is the set's, as if detected; ``newsroom parse`` detects it.

Usage: .venv/bin/python eval/multilingual.py [--failures 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from newsroom.stages.datelines import parse_dateline
from newsroom.stages.places import tag_places

DATA = Path(__file__).resolve().parent / "multilingual"


def _fold(name: str | None) -> str | None:
    """A city name, accents and case aside: "Montréal" is "Montreal"."""
    if name is None:
        return None
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score_datelines(records: list[dict[str, Any]], failures: int) -> dict[str, float]:
    """(a): per language, print the shares; return the lowest share of places right and the
    share of openings that are no dateline left alone."""
    counts: dict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: dict[str, list[str]] = defaultdict(list)
    for record in records:
        language, text, want = record["lang"], record["text"], record["expected"]
        found = parse_dateline(text, dt.date.fromisoformat(record["date"]), language)
        tally = counts[language]
        if want is None:
            tally["openings"] += 1
            if found is not None:
                tally["false"] += 1
                misses[language].append(f"false dateline {found.raw!r} in {text[:60]!r}")
            continue
        tally["datelines"] += 1
        if found is None:
            misses[language].append(f"none found in {text[:60]!r}")
            continue
        parts = {
            "place": (_fold(found.city), found.country_code)
            == (_fold(want["city"]), want["country"]),
            "agency": found.agency == want["agency"],
            "date": (found.date.isoformat() if found.date else None) == want["date"],
            "body": text[found.end :].startswith(want["body_starts"]),
        }
        for part, right in parts.items():
            tally[part] += right
        if all(parts.values()):
            tally["all"] += 1
        else:
            got = (found.city, found.country_code, found.agency, found.date, text[found.end :][:15])
            misses[language].append(f"{text[:50]!r}: got {got}, want {want}")
    print("(a) datelines: language, stories, all parts right, place, agency, date, body start;")
    print("    openings that are no dateline, taken for one")
    lowest, false, openings = 1.0, 0, 0
    for language, tally in sorted(counts.items()):
        total = tally["datelines"]
        share = {part: tally[part] / total for part in ("all", "place", "agency", "date", "body")}
        print(
            f"    {language}: {total:3d}  all {share['all']:.3f}  place {share['place']:.3f}  "
            f"agency {share['agency']:.3f}  date {share['date']:.3f}  body {share['body']:.3f}"
            f"  | openings {tally['openings']:3d}, false {tally['false']}"
        )
        lowest, false = min(lowest, share["place"]), false + tally["false"]
        openings += tally["openings"]
        for miss in misses[language][:failures]:
            print(f"        {miss}")
    return {"lowest place share": lowest, "openings left alone": 1 - false / max(openings, 1)}


def score_places(records: list[dict[str, Any]], failures: int) -> dict[str, tuple[float, float]]:
    """(b): per language, (precision, recall) with the story's language and without it."""
    print("(b) countries: language, stories, precision / recall with the language's names,")
    print("    and with English names only (as before)")
    results: dict[str, tuple[float, float]] = {}
    by_language: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_language[record["lang"]].append(record)
    for language, group in sorted(by_language.items()):
        figures, misses = [], []
        for given in (language, None):
            right = found = wanted = 0
            for record in group:
                dateline = parse_dateline(record["text"], None, given)
                places = tag_places(record["text"], dateline, language=given)
                tagged = {place.code for place in places}
                gold = set(record["countries"])
                right += len(tagged & gold)
                found, wanted = found + len(tagged), wanted + len(gold)
                if given is not None and tagged != gold:
                    evidence = {p.code: p.evidence for p in places if p.code not in gold}
                    misses.append(
                        f"missed {sorted(gold - tagged)}, wrong {evidence}: {record['text'][:50]!r}"
                    )
            figures.append((right / found if found else 1.0, right / wanted if wanted else 1.0))
        (precision, recall), (old_precision, old_recall) = figures
        results[language] = (precision, recall)
        print(
            f"    {language}: {len(group):3d}  {precision:.3f} / {recall:.3f}"
            f"   (English names only: {old_precision:.3f} / {old_recall:.3f})"
        )
        for miss in misses[:failures]:
            print(f"        {miss}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=int, default=5, help="misses listed per language")
    args = parser.parse_args()
    score_datelines(load("datelines.jsonl"), args.failures)
    score_places(load("places.jsonl"), args.failures)


if __name__ == "__main__":
    main()
