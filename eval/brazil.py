"""Top-level topics of real Portuguese news: 200 Brazilian stories by section (issue 21).

Issue 21 names Portuguese (Lusa's copy) among the languages whose topics must work; until this
set, Portuguese topics were measured on stories written for the project only
(``eval/topics_multilingual.py``). The stories here are real: mauricio-seiji/Dataset-news-
articles-pt-br (commit 8aa14f5), 500 Brazilian news articles of 2020, one text file each (the
headline on the first line, then the body), in a folder per section: ``politica``,
``economia``, ``esportes``, ``entretenimento`` and ``ciencia e tecnologia``. The repository
names neither the sites nor a licence (the copy reads as Globo's g1 and its blogs); the text is
theirs, so it is not shipped: ``eval/brazil_paths.txt`` lists the files read.

What was read, chosen before any was: the first 40 files by number of each section that the
stored copy holds (``1.txt`` to ``40.txt``; ``economia`` has no 20-29, so 1-19 and 30-50), and of
each the headline and the body's paragraphs from its start until at least 600 characters (a
story's opening, as a feed or a wire brief gives it; whole paragraphs, copied from the stored
copy by helpers, 16,000 characters a call). ``--part dev`` reads the odd-numbered files, ``--part
test`` the even-numbered: new Portuguese terms may be chosen from the misses of ``dev`` only.

Each section is mapped to top-level Media Topics before any figure was seen, with the
conventions of eval/elcomercio.py (a country's own politics as 10kGNAD's Inland, technology as
its Web):

  strict:  esportes -> sport; economia -> economy, business and finance; entretenimento ->
           arts, culture, entertainment and media; ciencia e tecnologia -> science and
           technology; politica -> politics, crime, law and justice, society.
  lenient: also economia -> labour; entretenimento -> lifestyle and leisure, human interest;
           ciencia e tecnologia -> economy (technology firms), crime (cybercrime), arts
           (games, streaming), health, environment; politica -> conflict, education, health,
           labour, disaster.

Every story goes through the pipeline (``process_item``) with no language given, as ``newsroom
parse`` runs it; its top-1 top-level topic is the prediction, and no tag counts as wrong. The
issue's target for French and Spanish (strict >= 0.75) is printed beside it. None of the 200
opens with a dateline, so every dateline the pipeline finds in them (printed) is a false one.

Usage: .venv/bin/python eval/brazil.py FOLDER [--part dev|test|all] [--misses N] [--learn]
                                      [--jsonl OUT]
(FOLDER holds one sub-folder per section, as the repository does.)
"""

from __future__ import annotations

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
    SCIENCE,
    SOCIETY,
    SPORT,
)
from masakhane import (
    Story,
    folder_missing,
    measure_part,
    read_listed,
    section_parser,
)

PATHS = Path(__file__).resolve().parent / "brazil_paths.txt"
MAIN = 40  # stories per section in the dev and test parts; the listed files after them: --fresh
SCIENCE_SECTION = "ciencia e tecnologia"
STRICT: dict[str, set[str]] = {
    "esportes": {SPORT},
    "economia": {ECONOMY},
    "entretenimento": {ARTS},
    SCIENCE_SECTION: {SCIENCE},
    "politica": {POLITICS, CRIME, SOCIETY},
}
LENIENT_EXTRA: dict[str, set[str]] = {
    "esportes": set(),
    "economia": {LABOUR},
    "entretenimento": {LIFESTYLE, HUMAN},
    SCIENCE_SECTION: {ECONOMY, CRIME, ARTS, HEALTH, ENVIRONMENT},
    "politica": {CONFLICT, EDUCATION, HEALTH, LABOUR, DISASTER},
}
# --learn: the topic an editor would accept for a story of each section (one per section)
GIVEN = {
    "esportes": SPORT,
    "economia": ECONOMY,
    "entretenimento": ARTS,
    SCIENCE_SECTION: SCIENCE,
    "politica": POLITICS,
}


def read_folder(folder: Path, fresh: bool = False) -> tuple[dict[str, list[Story]], list[str]]:
    """Each section's first ``MAIN`` stories (the fresh ones after them, with ``fresh``) in the
    order of their file's number, and a message per listed file that is missing or empty (the
    files are those of ``brazil_paths.txt``)."""
    texts, problems = read_listed(folder, PATHS, list(STRICT))
    stories: dict[str, list[Story]] = {}
    for section, listed in texts.items():
        ordered = sorted(listed, key=lambda pair: int(Path(pair[0]).stem))
        chosen = ordered[MAIN:] if fresh else ordered[:MAIN]
        stories[section] = [
            Story(section, f"pt-br:{section}/{name}", text, text.partition("\n")[0])
            for name, text in chosen
        ]
    return stories, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = section_parser(
        __doc__.split("\n\n")[0], "the folder holding politica/, ...", learn="Portuguese"
    )
    parser.add_argument(
        "--fresh",
        action="store_true",
        help="read the fresh part instead: the next 20 files of each section, held out from "
        "both rounds of terms (use with --part all)",
    )
    args = parser.parse_args(argv)
    if folder_missing(
        args.folder,
        PATHS,
        "https://github.com/mauricio-seiji/Dataset-news-articles-pt-br (commit 8aa14f5)",
    ):
        return 2
    stories, problems = read_folder(args.folder, args.fresh)
    name = "Brazilian news, fresh part" if args.fresh else "Brazilian news"
    return measure_part(stories, problems, args, name, "pt", STRICT, LENIENT_EXTRA, given=GIVEN)


if __name__ == "__main__":
    raise SystemExit(main())
