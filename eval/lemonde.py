"""Top-level topics of real French news: Le Monde's feed items by the section of their URL.

A second French set beside MasakhaNEWS (eval/masakhane.py), whose BBC Afrique categories file
coups, terrorism and trials under politics where the IPTC puts them under conflict and crime.
Le Monde's sections are closer to the IPTC's top level, and a URL says which one a story ran in
(``https://www.lemonde.fr/economie/article/...``). The items are what a newsroom's feed ingest
reads: a headline and the paper's lead (the feed's ``description``), about 270 characters, no
body.

Source: MichaBiriuchinskii/PPE2 (commit 83e5c13), a student project that saved Le Monde's RSS
feeds every day of 2022 at 19:00. Every item of the 17 feed files listed in
``eval/lemonde_paths.txt`` is read (the section feeds of 1 and 12 January 2022), in the order of
that list and of each file; an item seen before (the same URL or headline) is skipped, and so is
an item of a section that is not a topic (``idees`` for opinion, ``disparitions``, podcasts, the
magazine). The files carry Le Monde's notice that its feeds are for personal use: they are not
shipped; pass a checkout of the repository (or a folder holding the listed files under the same
paths). The two days are what they are: the euro's twentieth year, Covid (filed by Le Monde under
``planete`` as often as under ``sciences``), the Africa Cup of Nations under ``afrique``.

Each section is mapped to top-level Media Topics here, before any figure was seen (a judgement,
the conventions of eval/elcomercio.py and eval/gnad.py):

  strict:  sport, tennis, football -> sport; economie, argent, emploi -> economy, business and
           finance; politique, election-presidentielle-2022 -> politics; international, afrique,
           europe, ameriques, asie-pacifique, proche-orient -> politics, conflict, crime,
           disaster, society, religion, weather (as AG News's World); culture, livres, cinema ->
           arts, culture, entertainment and media; sciences, pixels -> science and technology;
           sante -> health; planete, energies, climat -> environment; societe, police-justice,
           education, campus -> society, crime, education (France's own affairs).
  lenient: also economy -> labour; politics -> conflict, crime, society; international ->
           health, environment, labour, economy, sport (the Africa Cup under afrique); culture ->
           lifestyle, human interest, religion, education; science -> health, environment,
           economy (technology firms); health -> science, society; environment -> health,
           science, disaster, weather, economy (energy); society -> politics, health, labour,
           religion, disaster.

Every item (headline, then lead) goes through the pipeline (``process_item``) with no language
given, as ``newsroom parse`` runs it. The prediction is its top-1 top-level topic; no tag counts
as wrong. The issue's target for French: strict >= 0.75 on at least 200 stories. ``--part dev``
reads each category's items at even positions, ``--part test`` at odd ones: new terms may be
chosen from the misses of ``dev`` only.

Usage: .venv/bin/python eval/lemonde.py FOLDER [--part dev|test|all] [--misses N] [--jsonl OUT]
(``--jsonl OUT`` also writes the items as JSON Lines for ``bench/cpu.py --stories OUT``.)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from gnad import (
    ARTS,
    CONFLICT,
    CRIME,
    DISASTER,
    ECONOMY,
    EDUCATION,
    ENVIRONMENT,
    HEALTH,
    HUMAN,
    LABOUR,
    LIFESTYLE,
    POLITICS,
    RELIGION,
    SCIENCE,
    SOCIETY,
    SPORT,
    WEATHER,
    WORLD,
)
from masakhane import Story, measure_part, section_parser

PATHS = Path(__file__).resolve().parent / "lemonde_paths.txt"
# The category of each section of a URL; a section not here is not a topic (opinion, obituaries).
CATEGORIES = {
    **dict.fromkeys(("sport", "tennis", "football"), "sport"),
    **dict.fromkeys(("economie", "argent", "emploi"), "economie"),
    **dict.fromkeys(("politique", "election-presidentielle-2022"), "politique"),
    **dict.fromkeys(
        ("international", "afrique", "europe", "ameriques", "asie-pacifique", "proche-orient"),
        "international",
    ),
    **dict.fromkeys(("culture", "livres", "cinema"), "culture"),
    **dict.fromkeys(("sciences", "pixels"), "sciences"),
    "sante": "sante",
    **dict.fromkeys(("planete", "energies", "climat"), "planete"),
    **dict.fromkeys(("societe", "police-justice", "education", "campus"), "societe"),
}
STRICT: dict[str, set[str]] = {
    "sport": {SPORT},
    "economie": {ECONOMY},
    "politique": {POLITICS},
    "international": set(WORLD),
    "culture": {ARTS},
    "sciences": {SCIENCE},
    "sante": {HEALTH},
    "planete": {ENVIRONMENT},
    "societe": {SOCIETY, CRIME, EDUCATION},
}
LENIENT_EXTRA: dict[str, set[str]] = {
    "sport": set(),
    "economie": {LABOUR},
    "politique": {CONFLICT, CRIME, SOCIETY},
    "international": {HEALTH, ENVIRONMENT, LABOUR, ECONOMY, SPORT},
    "culture": {LIFESTYLE, HUMAN, RELIGION, EDUCATION},
    "sciences": {HEALTH, ENVIRONMENT, ECONOMY},
    "sante": {SCIENCE, SOCIETY},
    "planete": {HEALTH, SCIENCE, DISASTER, WEATHER, ECONOMY},
    "societe": {POLITICS, HEALTH, LABOUR, RELIGION, DISASTER},
}


def read_feeds(folder: Path, paths: Path = PATHS) -> tuple[dict[str, list[Story]], list[str]]:
    """Each category's items in the order of ``paths`` (``lemonde_paths.txt``) and of each
    file, and a message per listed file that is missing or holds no item."""
    stories: dict[str, list[Story]] = {category: [] for category in STRICT}
    problems: list[str] = []
    seen: set[str] = set()
    for line in paths.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        path = folder / line.strip()
        feed = feedparser.parse(path.read_bytes()) if path.is_file() else None
        if not feed or not feed.entries:
            problems.append(f"{path}: missing or no items (fetch {line.strip()})")
            continue
        for entry in feed.entries:
            url = urlsplit(entry.get("link", ""))
            title, lead = entry.get("title", "").strip(), entry.get("summary", "").strip()
            key, heading = url.path, title.casefold()
            if not lead or key in seen or heading in seen:
                continue
            seen.update((key, heading))
            category = CATEGORIES.get(url.path.strip("/").split("/")[0])
            if category is not None:
                text = f"{title}\n{lead}"
                stories[category].append(Story(category, url.geturl(), text, title))
    return stories, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = section_parser(__doc__.split("\n\n")[0], "a checkout of MichaBiriuchinskii/PPE2")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(
            f"{args.folder}: no such folder; fetch the files of {PATHS} from "
            "https://github.com/MichaBiriuchinskii/PPE2 (commit 83e5c13)",
            file=sys.stderr,
        )
        return 2
    stories, problems = read_feeds(args.folder)
    return measure_part(stories, problems, args, "Le Monde", "fr", STRICT, LENIENT_EXTRA)


if __name__ == "__main__":
    raise SystemExit(main())
