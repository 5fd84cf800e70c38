"""Top-level topics of real published headlines in Vietnamese and Indonesian (issue 21).

The Vietnamese and Indonesian topic rules were written while writers composed stories for
eval/multilingual/topics.jsonl; this measures them on what papers printed. Two sets of
headlines, each labelled with the section or category the site filed it under, are read from
their CSV files as published in public repositories (not shipped: no licence is stated, and the
headlines are the papers'):

- Vietnamese: ``reports/external/external_predictions.csv`` of
  PhucHoang3010/Vietnamese-News-Classification (columns ``id,title,source_category,...``):
  headlines of Vietnamese news sites of 2023-2025 with the site's section. The file's
  ``prediction`` column is that project's model; only ``source_category`` is read. Measured here
  on its first 160,000 characters (the rows a stored copy gave, 16,000 characters at a time).
- Indonesian: ``berita_detik_5_kategori.csv`` of septindwikurnia/Klasifikasi-Kategori-Berita-Detik
  (columns ``JUDUL,KATEGORI``): detik.com headlines of five categories. Rows repeat in the file;
  each headline is read once.

A headline is all the pipeline reads: no lead, no body, no dateline. The format is told by the
file's header. Each section is mapped to top-level Media Topics here, before any figure was seen
(a judgement, the conventions of eval/gnad.py and eval/lemonde.py):

  Vietnamese, strict: Thể thao -> sport; Kinh doanh -> economy; Pháp luật -> crime, law and
           justice; Giáo dục -> education; Sức khỏe -> health; Khoa học công nghệ -> science and
           technology; Giải trí -> arts, culture, entertainment and media; Thế giới -> politics,
           conflict, crime, disaster, society, religion, weather (as AG News's World); Thời sự
           (the country's news) -> politics, society, crime (as 10kGNAD's Inland); Đời sống
           (life) -> lifestyle, society, human interest; Xe (cars) -> economy (the IPTC files
           the car industry there).
  lenient: also economy -> labour; law -> disaster (traffic accidents run there), society;
           education -> society; health -> science, lifestyle; science -> economy; entertainment
           -> lifestyle, human interest; world -> health, environment, labour, economy;
           the country's news -> conflict, education, health, labour, disaster, weather,
           environment; life -> health, religion, arts, education; cars -> lifestyle, crime,
           disaster, science.
  Indonesian, strict: Politik -> politics; Ekonomi -> economy; Olahraga -> sport; Selebritas ->
           arts, culture, entertainment and media; Teknologi -> science and technology.
  lenient: also politics -> conflict, crime, society; economy -> labour; sport -> health,
           lifestyle (detik files fitness there); celebrities -> human interest, lifestyle,
           crime; technology -> economy.

Every headline goes through the pipeline (``process_item``) with no language given, as
``newsroom parse`` runs it: the detector decides which rules read it. ``--declared`` gives each
the set's language as a feed that declares its ``<language>`` does (or a JSON record its
``language``): the language a headline is read as where the detector cannot tell. The
prediction is its top-1 top-level topic; no tag counts as wrong. ``--part dev`` reads each
section's headlines at even positions, ``--part test`` at odd ones: new terms may be chosen
from the misses of ``dev`` only.

Usage: .venv/bin/python eval/headlines.py FILE.csv [--part dev|test|all] [--misses N]
                                          [--declared] [--jsonl OUT]
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from pathlib import Path

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


class Format:
    """One published set: its columns, language and sections' topics."""

    def __init__(
        self,
        name: str,
        language: str,
        title: str,
        section: str,
        strict: dict[str, set[str]],
        lenient_extra: dict[str, set[str]],
        source: str,
    ) -> None:
        self.name, self.language, self.source = name, language, source
        self.title, self.section = title, section
        self.strict, self.lenient_extra = strict, lenient_extra


VIETNAMESE = Format(
    "Vietnamese headlines",
    "vi",
    "title",
    "source_category",
    {
        "Thể thao": {SPORT},
        "Kinh doanh": {ECONOMY},
        "Pháp luật": {CRIME},
        "Giáo dục": {EDUCATION},
        "Sức khỏe": {HEALTH},
        "Khoa học công nghệ": {SCIENCE},
        "Giải trí": {ARTS},
        "Thế giới": set(WORLD),
        "Thời sự": {POLITICS, SOCIETY, CRIME},
        "Đời sống": {LIFESTYLE, SOCIETY, HUMAN},
        "Xe": {ECONOMY},
    },
    {
        "Thể thao": set(),
        "Kinh doanh": {LABOUR},
        "Pháp luật": {DISASTER, SOCIETY},
        "Giáo dục": {SOCIETY},
        "Sức khỏe": {SCIENCE, LIFESTYLE},
        "Khoa học công nghệ": {ECONOMY},
        "Giải trí": {LIFESTYLE, HUMAN},
        "Thế giới": {HEALTH, ENVIRONMENT, LABOUR, ECONOMY},
        "Thời sự": {CONFLICT, EDUCATION, HEALTH, LABOUR, DISASTER, WEATHER, ENVIRONMENT},
        "Đời sống": {HEALTH, RELIGION, ARTS, EDUCATION},
        "Xe": {LIFESTYLE, CRIME, DISASTER, SCIENCE},
    },
    "PhucHoang3010/Vietnamese-News-Classification: reports/external/external_predictions.csv",
)
INDONESIAN = Format(
    "Indonesian detik.com headlines",
    "id",
    "JUDUL",
    "KATEGORI",
    {
        "Politik": {POLITICS},
        "Ekonomi": {ECONOMY},
        "Olahraga": {SPORT},
        "Selebritas": {ARTS},
        "Teknologi": {SCIENCE},
    },
    {
        "Politik": {CONFLICT, CRIME, SOCIETY},
        "Ekonomi": {LABOUR},
        "Olahraga": {HEALTH, LIFESTYLE},
        "Selebritas": {HUMAN, LIFESTYLE, CRIME},
        "Teknologi": {ECONOMY},
    },
    "septindwikurnia/Klasifikasi-Kategori-Berita-Detik: berita_detik_5_kategori.csv",
)
FORMATS = (VIETNAMESE, INDONESIAN)


def read_headlines(path: Path) -> tuple[Format, dict[str, list[Story]], list[str]]:
    """The set ``path`` holds (told by its header), each section's headlines in the file's
    order (each headline once), and a message per row that is not one of its headlines."""
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = set(reader.fieldnames or ())
        chosen = next((f for f in FORMATS if {f.title, f.section} <= columns), None)
        if chosen is None:
            raise ValueError(
                f"{path}: header {sorted(columns)} is neither set's; expected "
                + " or ".join(f"{f.title},{f.section} ({f.source})" for f in FORMATS)
            )
        stories: dict[str, list[Story]] = {section: [] for section in chosen.strict}
        seen: set[str] = set()
        for row in reader:
            title = (row.get(chosen.title) or "").strip()
            section = (row.get(chosen.section) or "").strip()
            if section not in chosen.strict or not title:
                problems.append(f"{path}:{reader.line_num}: no headline of a known section")
                continue
            if title.casefold() in seen:
                continue
            seen.add(title.casefold())
            stories[section].append(Story(section, f"{path}:{reader.line_num}", title, title))
    return chosen, stories, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = section_parser(
        __doc__.split("\n\n")[0],
        "a CSV file of either set (see the module's docstring for where each is published)",
    )
    parser.add_argument(
        "--declared",
        action="store_true",
        help="give each headline the set's language, as a feed that declares it does",
    )
    args = parser.parse_args(argv)
    path: Path = args.folder
    if not path.is_file():
        sources = "; ".join(f.source for f in FORMATS)
        print(f"{path}: no such file; fetch one of: {sources}", file=sys.stderr)
        return 2
    try:
        chosen, stories, problems = read_headlines(path)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    return measure_part(
        stories,
        problems,
        args,
        chosen.name,
        chosen.language,
        chosen.strict,
        chosen.lenient_extra,
        target=None,
        declared=chosen.language if args.declared else None,
    )


if __name__ == "__main__":
    raise SystemExit(main())
