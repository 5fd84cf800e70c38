"""Top-level topics of real news in Japanese, Chinese, Korean and Russian (issue 21).

Until this script, the topic rules of these languages were measured on stories written for the
project only (``eval/topics_multilingual.py``, 40 a language). The sets here are real published
news, each story labelled with the section or category its publisher filed it under, copied
from stored copies of public repositories into JSON Lines (``title``, ``text``, ``label``,
``source``: repository, path and commit), one file per set. The stories are their publishers',
so they are not shipped; pass the file's path. ``eval/realnews_sources.txt`` says which rows and
files of which repository and commit were read. What each set is:

  livedoor  Japanese. The livedoor news corpus (ldcc-20140209, NHN Japan; CC BY-ND 2.1 JP):
            articles of nine livedoor channels, one text file each (URL, date, title, body).
  thucnews  Chinese. THUCNews (Tsinghua University; Sina News RSS 2005-2011), the ten-category
            subset many repositories commit as ``cnews.*.txt`` (``label<TAB>text``).
  ynat      Korean. KLUE's YNAT (Yonhap News Agency headlines, CC BY-SA 4.0): headlines only,
            each with the section Yonhap filed it under.
  lenta     Russian. Lenta.ru's headlines with their rubric (the ``topics`` column of a public
            Lenta.ru dump: headlines only).
  italian   Italian. Articles of la Repubblica, Corriere della Sera and La Stampa (2022-2024) as
            one public scrape holds them, the section read from each article's address
            (``/cronaca/``, ``/politica/``, ``/esteri/``...); local editions and columns name no
            topic and are not read.
  ttc       Turkish. TTC-3600 (3,600 documents of Turkish news portals, six categories), the
            7allV03 set (seven), or the folders of Turkish news of 2012 by category
            (``kultur-sanat``) that public repositories commit.
  bbchindi  Hindi. BBC Hindi's articles by section (IndicNLP's classification sets).
  persian   Persian. ParsBERT's news sets (eight categories) or Persica (eleven), whose labels
            are written with Arabic or Persian yeh and kaf alike; ISNA's and Fars News's
            articles by the English names of their folders or columns (sport, cinema, tech).
  polsat    Polish. Polsat News's articles by the section feed they came from (Polska, Świat,
            Biznes, Technologie, Moto, Sport).
  ria       Russian. RIA Novosti articles of November and December 2023 with their section
            (``topic``: culture, economy, society), as a public classification set scraped them.

Each set's labels are mapped to top-level Media Topics below, written before any figure was
seen (a judgement, in the conventions of eval/gnad.py: a paper's world section as AG News's
World, its home section as 10kGNAD's Inland; lenient adds neighbouring topics). A story keeps
its title and the opening of its body (at most about 600 characters: a brief, as a feed gives
it). Every story goes through the pipeline (``process_item``) with no language given, as
``newsroom parse`` runs it: the detector decides which rules read it. The prediction is its
top-1 top-level topic; no tag counts as wrong.

``--part dev`` reads each label's stories at even positions in the file, ``--part test`` those at
odd ones (held out): new terms may be chosen from the misses of ``dev`` only.

Usage: .venv/bin/python eval/realnews.py SET PATH.jsonl [--part dev|test|all] [--misses N]
                                           [--jsonl OUT]
``--jsonl OUT`` also writes the stories read as JSON Lines for ``bench/cpu.py --stories OUT``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from masakhane import Story, add_part_options, measure_part

HOME = {POLITICS, SOCIETY, CRIME}  # a paper's home news, as 10kGNAD's Inland
HOME_NEAR = {CONFLICT, EDUCATION, HEALTH, LABOUR, DISASTER}
WORLD_NEAR = {HEALTH, ENVIRONMENT, LABOUR}


@dataclass(frozen=True)
class LabelledSet:
    language: str
    name: str
    strict: dict[str, set[str]]
    lenient_extra: dict[str, set[str]] = field(default_factory=dict)


SETS: dict[str, LabelledSet] = {
    "livedoor": LabelledSet(
        "ja",
        "livedoor news corpus",
        {
            "sports-watch": {SPORT},
            "it-life-hack": {SCIENCE},  # computing, the web, gadgets
            "kaden-channel": {SCIENCE},  # home electronics
            "smax": {SCIENCE},  # smartphones
            "movie-enter": {ARTS},  # films
            "topic-news": {HUMAN, SOCIETY, CRIME, ARTS},  # talk of the day, celebrities
            "dokujo-tsushin": {LIFESTYLE, HUMAN},  # single women's life
            "peachy": {LIFESTYLE},  # women's lifestyle
            "livedoor-homme": {LIFESTYLE},  # men's lifestyle and careers
        },
        {
            "it-life-hack": {ECONOMY, LIFESTYLE},
            "kaden-channel": {ECONOMY, LIFESTYLE},
            "smax": {ECONOMY},
            "movie-enter": {HUMAN, LIFESTYLE},
            "topic-news": {POLITICS, LIFESTYLE, DISASTER},
            "dokujo-tsushin": {SOCIETY, HEALTH},
            "peachy": {HUMAN, ARTS, HEALTH},
            "livedoor-homme": {LABOUR, ECONOMY, HUMAN},
        },
    ),
    "thucnews": LabelledSet(
        "zh",
        "THUCNews",
        {
            "体育": {SPORT},
            "财经": {ECONOMY},
            "房产": {ECONOMY},  # real estate
            "家居": {LIFESTYLE},  # home furnishing
            "教育": {EDUCATION},
            "科技": {SCIENCE},
            "时尚": {LIFESTYLE, ARTS},  # fashion
            "时政": {POLITICS, CONFLICT, CRIME, SOCIETY},  # current affairs
            "游戏": {LIFESTYLE, ARTS},  # games
            "娱乐": {ARTS},  # entertainment
        },
        {
            "财经": {LABOUR},
            "房产": {LIFESTYLE},
            "家居": {ECONOMY},
            "教育": {SOCIETY},
            "科技": {ECONOMY},
            "时尚": {HUMAN},
            "时政": {DISASTER, HEALTH, ENVIRONMENT},
            "游戏": {SCIENCE, ECONOMY},
            "娱乐": {HUMAN},
        },
    ),
    "ynat": LabelledSet(
        "ko",
        "KLUE YNAT",
        {
            "IT과학": {SCIENCE},
            "경제": {ECONOMY},
            "사회": {SOCIETY, CRIME},
            "생활문화": {LIFESTYLE, ARTS},
            "세계": set(WORLD),
            "스포츠": {SPORT},
            "정치": {POLITICS},
        },
        {
            "IT과학": {ECONOMY},
            "경제": {LABOUR},
            "사회": {DISASTER, EDUCATION, HEALTH, LABOUR, ENVIRONMENT, WEATHER},
            "생활문화": {HEALTH, RELIGION, HUMAN, WEATHER},
            "세계": WORLD_NEAR | {ECONOMY},
            "정치": {CONFLICT},
        },
    ),
    "lenta": LabelledSet(
        "ru",
        "Lenta.ru",
        {
            "Россия": HOME,
            "Мир": set(WORLD),
            "Бывший СССР": set(WORLD),
            "Экономика": {ECONOMY},
            "Бизнес": {ECONOMY},
            "Спорт": {SPORT},
            "Культура": {ARTS},
            "Наука и техника": {SCIENCE},
            "Интернет и СМИ": {SCIENCE, ARTS},  # the web and the media
            "Силовые структуры": {CRIME, CONFLICT},  # police, courts, the armed forces
            "Из жизни": {HUMAN},  # oddities, people
            "Дом": {LIFESTYLE},
            "Путешествия": {LIFESTYLE},
            "Ценности": {LIFESTYLE},  # luxury, fashion
            "Забота о себе": {HEALTH, LIFESTYLE},
        },
        {
            "Россия": HOME_NEAR,
            "Мир": set(WORLD_NEAR),
            "Бывший СССР": set(WORLD_NEAR),
            "Экономика": {LABOUR},
            "Бизнес": {LABOUR},
            "Культура": {RELIGION, LIFESTYLE},
            "Наука и техника": {HEALTH, ENVIRONMENT},
            "Интернет и СМИ": {ECONOMY, CRIME},
            "Силовые структуры": {POLITICS},
            "Из жизни": {CRIME, DISASTER, LIFESTYLE},
            "Дом": {ECONOMY},
            "Ценности": {ECONOMY, ARTS},
        },
    ),
    "italian": LabelledSet(
        "it",
        "Italian news sites",
        {
            "cronaca": {CRIME, DISASTER, HUMAN, SOCIETY, WEATHER},  # home news: as Panorama
            "cronache": {CRIME, DISASTER, HUMAN, SOCIETY, WEATHER},
            "politica": {POLITICS},
            "esteri": set(WORLD),
            "economia": {ECONOMY},
            "spettacoli": {ARTS},
        },
        {
            "cronaca": {HEALTH, EDUCATION, ENVIRONMENT, LIFESTYLE, POLITICS},
            "cronache": {HEALTH, EDUCATION, ENVIRONMENT, LIFESTYLE, POLITICS},
            "politica": {CONFLICT, SOCIETY},
            "esteri": set(WORLD_NEAR),
            "economia": {LABOUR},
            "spettacoli": {HUMAN, LIFESTYLE},
        },
    ),
    "ttc": LabelledSet(
        "tr",
        "Turkish news portals",
        {
            "ekonomi": {ECONOMY},
            "kultursanat": {ARTS},
            "kultur-sanat": {ARTS},
            "kultur": {ARTS},
            "saglik": {HEALTH},
            "siyaset": {POLITICS},
            "spor": {SPORT},
            "teknoloji": {SCIENCE},
            "dunya": set(WORLD),
        },
        {
            "ekonomi": {LABOUR},
            "kultursanat": {RELIGION, LIFESTYLE, HUMAN},
            "kultur-sanat": {RELIGION, LIFESTYLE, HUMAN},
            "kultur": {RELIGION, LIFESTYLE, HUMAN},
            "saglik": {SCIENCE, SOCIETY},
            "siyaset": {CONFLICT, CRIME, SOCIETY},
            "teknoloji": {ECONOMY},
            "dunya": set(WORLD_NEAR),
        },
    ),
    "bbchindi": LabelledSet(
        "hi",
        "BBC Hindi",
        {
            "india": HOME,
            "international": set(WORLD),
            "southasia": set(WORLD),
            "entertainment": {ARTS},
            "sport": {SPORT},
            "sports": {SPORT},
            "business": {ECONOMY},
            "science": {SCIENCE},
            "tech": {SCIENCE},
            "technology": {SCIENCE},
            "social": {SOCIETY},
        },
        {
            "india": HOME_NEAR,
            "international": set(WORLD_NEAR),
            "southasia": set(WORLD_NEAR),
            "entertainment": {HUMAN, LIFESTYLE},
            "business": {LABOUR},
            "science": {HEALTH, ENVIRONMENT},
            "tech": {ECONOMY},
            "technology": {ECONOMY},
            "social": {HUMAN, EDUCATION, HEALTH, RELIGION},
        },
    ),
    "persian": LabelledSet(
        "fa",
        "Persian news",
        {
            "اجتماعی": {SOCIETY, CRIME, DISASTER, EDUCATION, HUMAN},
            "اقتصادی": {ECONOMY},
            "بین الملل": set(WORLD),
            "سیاسی": {POLITICS},
            "علمی فناوری": {SCIENCE},
            "فناوری": {SCIENCE},
            "فرهنگی هنری": {ARTS},
            "فرهنگی": {ARTS},
            "ورزشی": {SPORT},
            "پزشکی": {HEALTH},
            "ادیان": {RELIGION},
            "حوادث": {CRIME, DISASTER},
            "آموزشی": {EDUCATION},
            "حقوقی": {CRIME},
            "sport": {SPORT},
            "sports": {SPORT},
            "economics": {ECONOMY},
            "politics": {POLITICS},
            "tech": {SCIENCE},
            "cinema": {ARTS},
            "arts-media": {ARTS},
        },
        {
            "اجتماعی": {HEALTH, LABOUR, ENVIRONMENT, WEATHER},
            "اقتصادی": {LABOUR},
            "بین الملل": set(WORLD_NEAR),
            "سیاسی": {CONFLICT, CRIME, SOCIETY},
            "علمی فناوری": {HEALTH, ENVIRONMENT, ECONOMY},
            "فناوری": {ECONOMY},
            "فرهنگی هنری": {RELIGION, LIFESTYLE, HUMAN},
            "فرهنگی": {RELIGION, LIFESTYLE, HUMAN},
            "پزشکی": {SCIENCE},
            "ادیان": {ARTS, SOCIETY},
            "حوادث": {HUMAN},
            "آموزشی": {SOCIETY},
            "حقوقی": {POLITICS},
            "economics": {LABOUR},
            "politics": {CONFLICT, CRIME, SOCIETY},
            "tech": {ECONOMY, EDUCATION},
            "cinema": {HUMAN, LIFESTYLE},
            "arts-media": {HUMAN, LIFESTYLE},
        },
    ),
    "polsat": LabelledSet(
        "pl",
        "Polsat News",
        {
            "Polska": HOME,
            "Świat": set(WORLD),
            "Biznes": {ECONOMY},
            "Technologie": {SCIENCE},
            "Moto": {ECONOMY, LIFESTYLE},  # cars: the industry, and motoring
            "Sport": {SPORT},
        },
        {
            "Polska": HOME_NEAR,
            "Świat": set(WORLD_NEAR),
            "Biznes": {LABOUR},
            "Technologie": {ECONOMY, HEALTH, ENVIRONMENT},
            "Moto": {SCIENCE, DISASTER},
        },
    ),
    "ria": LabelledSet(
        "ru",
        "RIA Novosti",
        {
            "culture": {ARTS},
            "economy": {ECONOMY},
            "society": {SOCIETY, HUMAN, CRIME, DISASTER, WEATHER, LIFESTYLE},  # as Panorama
        },
        {
            "culture": {RELIGION, LIFESTYLE, HUMAN},
            "economy": {LABOUR},
            "society": {HEALTH, EDUCATION, ENVIRONMENT, RELIGION, LABOUR},
        },
    ),
}


# Persian labels are written with Arabic yeh and kaf (Persica's "اقتصادي") or Persian ones.
_LABEL_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "\u200c": " ", "_": " "})


def read_jsonl(path: Path, chosen: LabelledSet) -> tuple[list[Story], list[str]]:
    """The stories of a JSON Lines file whose label the set maps, and a message per line that
    is not one (not JSON, no text, or a label the set does not map)."""
    stories: list[Story] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{path}:{number}: not JSON ({error.msg})")
            continue
        title = str(row.get("title") or "").strip()
        body = str(row.get("text") or "").strip()
        category = " ".join(str(row.get("label") or "").translate(_LABEL_LETTERS).split())
        if category not in chosen.strict:
            problems.append(f"{path}:{number}: label {category!r} is not one of {chosen.name}'s")
            continue
        if not (title or body):
            problems.append(f"{path}:{number}: no title and no text")
            continue
        text = f"{title}\n\n{body}" if title and body else title or body
        origin = str(row.get("source") or f"{path}:{number}")
        stories.append(Story(category, origin, text, title or body[:60]))
    return stories, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", choices=sorted(SETS), help="which labelled set PATH holds")
    parser.add_argument("path", type=Path, help="the set as JSON Lines (title, text, label)")
    add_part_options(parser)
    args = parser.parse_args(argv)
    chosen = SETS[args.set]
    if not args.path.is_file():
        print(f"{args.path}: no such file (see this script's header for the sets)", file=sys.stderr)
        return 2
    read, problems = read_jsonl(args.path, chosen)
    by_label: dict[str, list[Story]] = {}
    for story in read:
        by_label.setdefault(story.category, []).append(story)
    extra = {category: chosen.lenient_extra.get(category, set()) for category in chosen.strict}
    name = f"{chosen.name} ({chosen.language})"
    return measure_part(
        by_label, problems, args, name, chosen.language, chosen.strict, extra, None, unread="lines"
    )


if __name__ == "__main__":
    raise SystemExit(main())
