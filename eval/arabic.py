"""Top-level topics of real Arabic news: stories of the ANT corpus by section (issue 21).

No labelled Arabic news is among the project's data. This set is built from the ANT corpus
(Arabic News Texts, Chouigui, Ben Khiroun and Elayeb, AICCSA 2017; http://antcorpus.github.io),
whose repositories hold one story a file, in a folder per section of its publisher:
``antcorpus/antcorpus.data`` (Jawhara FM, a Tunisian radio station's news site, 2016-2017) and
``antcorpus/antcorpus.multisource.data`` (other publishers, a folder each). A file is a ``<DOC>``
with the section (``<CAT>``), the headline (``<TITLE>``) and the body (``<TEXT>``). The README
asks users to cite the corpus and says all rights are reserved, so the stories are not shipped:
``eval/arabic_paths.txt`` lists the files read, each under its repository, so the set can be
fetched again (a checkout of each repository, or the listed files in the same folders).

How the files were chosen, before any was read: each section folder was listed in name order
(the stored copies list the first 100 names of a folder), and files were taken at evenly spaced
positions of that list. Sections are mapped to top-level Media Topics here, before any figure was
seen (a judgement, the conventions of eval/elcomercio.py and eval/gnad.py):

  strict:  culture -> arts, culture, entertainment and media; sport -> sport; economy ->
           economy, business and finance; politic -> politics; technology -> science and
           technology; health or medical -> health; religion -> religion; internationalNews ->
           politics, conflict, crime, disaster, society, religion, weather (as AG News's World);
           localNews -> crime, disaster, society, politics, weather (a region's own news).
  lenient: also culture -> lifestyle, human interest, religion, education; economy -> labour;
           politic -> conflict, crime, society, labour; technology -> economy (technology firms);
           health -> science, society; internationalNews -> health, environment, labour,
           economy; localNews -> health, education, labour, environment, economy.

Every story (headline, then body) goes through the pipeline (``process_item``) with no language
given, as ``newsroom parse`` runs it. The prediction is its top-1 top-level topic; no tag counts
as wrong. The issue sets no figure for Arabic; what it asks is that Arabic be read by Arabic
rules, not English ones, and that the result be measured. ``--part dev`` reads each section's
stories at even positions (in the order of ``arabic_paths.txt``), ``--part test`` those at odd
positions: new terms may be chosen from the misses of ``dev`` only.

Usage: .venv/bin/python eval/arabic.py FOLDER [FOLDER ...] [--part dev|test|all] [--misses N]
                                      [--jsonl OUT]
(each FOLDER a checkout of one of the repositories, or a folder holding the listed files under
the same paths). ``--jsonl OUT`` also writes the stories as JSON Lines (``text``, ``lang``) for
``bench/cpu.py --stories OUT --language ar``: CPU per article on real Arabic news.
"""

from __future__ import annotations

import re
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

PATHS = Path(__file__).resolve().parent / "arabic_paths.txt"
STRICT: dict[str, set[str]] = {
    "culture": {ARTS},
    "sport": {SPORT},
    "economy": {ECONOMY},
    "politic": {POLITICS},
    "technology": {SCIENCE},
    "health": {HEALTH},
    "religion": {RELIGION},
    "internationalNews": set(WORLD),
    "localNews": {CRIME, DISASTER, SOCIETY, POLITICS, WEATHER},
}
LENIENT_EXTRA: dict[str, set[str]] = {
    "culture": {LIFESTYLE, HUMAN, RELIGION, EDUCATION},
    "sport": set(),
    "economy": {LABOUR},
    "politic": {CONFLICT, CRIME, SOCIETY, LABOUR},
    "technology": {ECONOMY},
    "health": {SCIENCE, SOCIETY},
    "religion": set(),
    "internationalNews": {HEALTH, ENVIRONMENT, LABOUR, ECONOMY},
    "localNews": {HEALTH, EDUCATION, LABOUR, ENVIRONMENT, ECONOMY},
}
# The publishers' own names of the same sections, as the repositories spell their folders.
SECTIONS = {"politics": "politic", "medical": "health", "sports": "sport", "tech": "technology"}
FIELD = re.compile(r"<(CAT|TITLE|TEXT)>(.*?)</\1>", re.S)


def read_doc(path: Path) -> tuple[str, str] | None:
    """A corpus file's section and its text (headline, then body); None when it has neither."""
    fields = dict(FIELD.findall(path.read_text(encoding="utf-8")))
    text = "\n".join(part.strip() for part in (fields.get("TITLE"), fields.get("TEXT")) if part)
    section = (fields.get("CAT") or "").strip()
    if not text.strip() or not section:
        return None
    return SECTIONS.get(section, section), text


def read_folders(folders: Sequence[Path]) -> tuple[dict[str, list[Story]], list[str]]:
    """Each section's stories in the order of ``arabic_paths.txt``, and a message per listed
    file that is missing, empty or of a section without a mapping."""
    stories: dict[str, list[Story]] = {}
    problems: list[str] = []
    for line in PATHS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        repository, _, name = line.partition(":")
        found = next((f / name for f in folders if (f / name).is_file()), None)
        doc = read_doc(found) if found else None
        if doc is None:
            problems.append(f"{name}: missing or empty (fetch it from {repository})")
            continue
        section, text = doc
        if section not in STRICT:
            problems.append(f"{found}: section {section!r} has no topics mapped")
            continue
        title = text.split("\n", 1)[0]
        stories.setdefault(section, []).append(Story(section, f"ant:{name}", text, title))
    return stories, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = section_parser(
        __doc__.split("\n\n")[0], "checkouts of the ANT repositories", many=True
    )
    args = parser.parse_args(argv)
    missing = [folder for folder in args.folders if not folder.is_dir()]
    if missing:
        print(
            f"{missing[0]}: no such folder; fetch the files of {PATHS} from "
            "https://github.com/antcorpus",
            file=sys.stderr,
        )
        return 2
    stories, problems = read_folders(args.folders)
    return measure_part(
        stories, problems, args, "ANT corpus", "ar", STRICT, LENIENT_EXTRA, target=None
    )


if __name__ == "__main__":
    raise SystemExit(main())
