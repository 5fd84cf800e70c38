"""Top-level topics of real French news, labelled by what each story is about.

eval/lemonde.py and eval/masakhane.py score the tagger against the section a paper filed a story
under: Le Monde files Covid under ``planete``, BBC Afrique coups under politics, where the IPTC
puts them under health and conflict. This set is built for issue 21's French measure (at least
200 stories, top-1 >= 0.75) with labels of the other kind: the one top-level Media Topic a story
is about, by the IPTC's definitions.

The stories: every item of the 36 Le Monde section feeds listed in ``lemonde_iptc_paths.txt``
(MichaBiriuchinskii/PPE2, commit 83e5c13: the nine section feeds of eval/lemonde.py saved on the
first day of March, June, September and December 2022 that has all nine), read as eval/lemonde.py
reads them: a headline and the paper's lead, an item seen before (URL or headline) skipped, and
so are sections that are not topics (opinion, obituaries, the magazine). None of these days was
read before the set was built; the feeds are for personal use, so they are not shipped.

The labels (``lemonde_iptc_labels.jsonl``, one line per item: its URL, each annotator's topic and
the majority's): three annotators (helper agents, language models, not newsroom staff), each
working alone, read every item (its headline and lead, numbered, without its URL or section)
and the 17 top-level topics with the IPTC's definitions, and gave each item the one topic it is
mainly about. None of them saw the tagger, its rules or its output, or the other annotators'
answers. The label is the topic two or three of them gave;
an item on which all three differ has no label and is counted apart. The tagger's rules were
measured once as they stood; a fourth round of French rules was then chosen from the dev part's
misses alone and measured once on the test part. ``--part dev`` reads March and June's items,
``--part test`` September and December's; ``--learn`` fits a French model on dev's labels and
tags test.

Every labelled item goes through the pipeline (``process_item``, no language given), as
``newsroom parse`` runs it; the prediction is its top-1 top-level topic, and no tag counts as
wrong. Printed beside it: the same items scored against their section (eval/lemonde.py's strict
mapping), the English rules alone, and how often each annotator agrees with the label (what a
careful reader reaches: a ceiling for a tagger, not a target).

Le Monde's archive (``--learn-archive``): the same nine section feeds saved on the 15th of each
month of 2022 (``lemonde_archive_paths.txt``), 1,375 items once the labelled ones are left out,
each given its topic by one annotator (a helper agent, as above; ``lemonde_archive_labels.jsonl``)
as an editor's corrections would give them. Each labelled day is tagged by models learnt from
the archive items published before it: one from the sections as Le Monde filed them, one from
the annotator's topics. ``--part archive`` scores the pipeline on the archive's items against
those topics: a development set of 1,375 items, apart from the test part, whose misses chose
the sixth round of French rules.

Usage:
  .venv/bin/python eval/lemonde_iptc.py FOLDER [--part all|dev|test] [--misses N] [--learn]
  .venv/bin/python eval/lemonde_iptc.py FOLDER --part test --learn-archive
  .venv/bin/python eval/lemonde_iptc.py FOLDER --part archive [--misses N]  # the archive's topics
  .venv/bin/python eval/lemonde_iptc.py FOLDER --annotation OUT      # the items for annotators
  .venv/bin/python eval/lemonde_iptc.py FOLDER --combine A B C       # answers -> labels file
  .venv/bin/python eval/lemonde_iptc.py FOLDER --learn-archive --annotation OUT  # the archive's
  .venv/bin/python eval/lemonde_iptc.py FOLDER --learn-archive --archive-answers ANSWERS
(FOLDER is a checkout of MichaBiriuchinskii/PPE2, or a folder with the listed files under the
same paths. An annotator's answers are JSON Lines of ``{"n": number, "topic": "medtop:..."}``.)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from hashlib import sha256
from pathlib import Path
from typing import Any

from gnad import (
    ARTS,
    ECONOMY,
    ENVIRONMENT,
    HEALTH,
    POLITICS,
    SCIENCE,
    SPORT,
    compare_learning,
    label,
    print_learning,
    top_level,
)
from lemonde import STRICT, read_feeds
from masakhane import TARGET, Story

from newsroom.core.models import RawItem
from newsroom.stages.pipeline import process_item
from newsroom.stages.topics import load_tagger

HERE = Path(__file__).resolve().parent
PATHS = HERE / "lemonde_iptc_paths.txt"
LABELS = HERE / "lemonde_iptc_labels.jsonl"
ARCHIVE_PATHS = HERE / "lemonde_archive_paths.txt"
ARCHIVE_LABELS = HERE / "lemonde_archive_labels.jsonl"
DATED = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
# The sections of Le Monde's archive a model learns from, each the one topic it files
ARCHIVE = {
    "sport": SPORT,
    "economie": ECONOMY,
    "politique": POLITICS,
    "culture": ARTS,
    "sciences": SCIENCE,
    "sante": HEALTH,
    "planete": ENVIRONMENT,
}


def read_items(folder: Path) -> tuple[list[Story], list[str]]:
    """Every item of the listed feeds, in the order of the SHA-256 of their URL (the order the
    annotators read them in, numbered from 0: sections mixed, so that neighbours do not give
    one away), and a message per listed file not read."""
    by_category, problems = read_feeds(folder, PATHS)
    stories = [story for listed in by_category.values() for story in listed]
    return sorted(stories, key=lambda story: sha256(story.origin.encode()).hexdigest()), problems


def write_annotation(stories: Sequence[Story], out: Path) -> None:
    """The items as annotators read them: a number, the headline and the lead; no URL (it
    names the section)."""
    with out.open("w", encoding="utf-8") as handle:
        for n, story in enumerate(stories):
            title, _, lead = story.text.partition("\n")
            record = {"n": n, "headline": title, "lead": lead}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_answers(path: Path, count: int, codes: set[str]) -> list[str]:
    """One annotator's topic per item, in item order; exits naming the file and line when an
    answer is missing, repeated or not a top-level topic."""
    answers: dict[int, str] = {}
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        record = json.loads(line)
        n, topic = int(record["n"]), record["topic"]
        if topic not in codes or n in answers or not 0 <= n < count:
            sys.exit(
                f"{path}:{line_number}: item {n}: {topic!r} is not a new answer "
                "with a top-level Media Topic"
            )
        answers[n] = topic
    missing = sorted(set(range(count)) - set(answers))
    if missing:
        sys.exit(f"{path}: no answer for items {missing[:10]} ({len(missing)} in all)")
    return [answers[n] for n in range(count)]


def majority(topics: Sequence[str]) -> str | None:
    """The topic at least two annotators gave, else None."""
    topic, votes = Counter(topics).most_common(1)[0]
    return topic if votes >= 2 else None


def combine(stories: Sequence[Story], answer_files: Sequence[Path], out: Path) -> None:
    codes = {concept.qcode for concept in load_tagger().vocabulary.top_level()}
    answers = [read_answers(path, len(stories), codes) for path in answer_files]
    with out.open("w", encoding="utf-8") as handle:
        for n, story in enumerate(stories):
            given = [each[n] for each in answers]
            record = {"url": story.origin, "annotators": given, "topic": majority(given)}
            handle.write(json.dumps(record) + "\n")


def measure(stories: Sequence[Story], labels: dict[str, dict[str, Any]], misses: int) -> float:
    english = load_tagger()
    names = {concept.qcode: concept.label for concept in english.vocabulary.concepts.values()}
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    unanimous = unanimous_right = section_right = alone_right = unlabelled = 0
    agreeing: Counter[int] = Counter()
    missed: list[tuple[Story, str, str | None]] = []
    for n, story in enumerate(stories):
        record = labels.get(story.origin)
        if record is None:
            sys.exit(f"{LABELS}: no label for {story.origin}; rebuild it with --combine")
        topic = record["topic"]
        given = list(record["annotators"])
        if not isinstance(topic, str):
            unlabelled += 1
            continue
        parsed = process_item(RawItem("eval", f"story-{n}", story.origin, story.text))
        best = top_level(parsed.topics)
        top = best[0] if best else None
        total[topic] += 1
        right[topic] += top == topic
        predicted[label(top, names)] += 1
        section_right += top in STRICT[story.category]
        alone = top_level(english.tag(None, story.text))
        alone_right += bool(alone) and alone[0] == topic
        if len(set(given)) == 1:
            unanimous += 1
            unanimous_right += top == topic
        for index, answer in enumerate(given):
            agreeing[index] += answer == topic
        if top != topic:
            missed.append((story, topic, top))
    n = sum(total.values())
    if not n:
        print(f"none of the {len(stories)} items has a label", file=sys.stderr)
        return 0.0
    share = sum(right.values()) / n
    several = len(agreeing) > 1  # the labelled set's three annotators, not the archive's one
    print(
        f"Le Monde, labelled by topic: {len(stories)} items, {n} with a label"
        + (f" ({unlabelled} on which the three annotators all differ)" if several else "")
    )
    print(
        f"top-1 top-level: {share:.3f} ({sum(right.values())}/{n}; target {TARGET:.2f})"
        + (f"; on the {unanimous} all three agree on: " if several else "")
        + (share_of(unanimous_right, unanimous) if several else "")
    )
    print(
        f"the same items scored against their section (eval/lemonde.py's strict): "
        f"{section_right / n:.3f}; English rules alone: {alone_right / n:.3f}"
    )
    if several:
        print(
            "each annotator against the label: "
            + ", ".join(f"{agreeing[i] / n:.3f}" for i in sorted(agreeing))
        )
    print("by label: right/total (the tagger's top-1 of all items: count)")
    for topic, count in total.most_common():
        print(
            f"  {label(topic, names):<40} {right[topic]:>3}/{count:<3} {right[topic] / count:.3f}"
        )
    print("  tagger's top-1: " + ", ".join(f"{name} {k}" for name, k in predicted.most_common()))
    for story, topic, top in missed[:misses]:
        title = story.text.partition("\n")[0]
        print(f"  miss: {label(topic, names)} -> {label(top, names)}: {title}")
    return share


def in_part(story: Story, part: str) -> bool:
    """Whether an item is in ``part``: ``dev`` before July 2022 by its URL's date, ``test``
    from July."""
    if part == "all":
        return True
    date = url_date(story)
    early = bool(date) and date < "2022-07"
    return early == (part == "dev")


def share_of(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a checkout of MichaBiriuchinskii/PPE2")
    parser.add_argument(
        "--annotation",
        type=Path,
        help="write the items for annotators here (with --learn-archive: the archive's items)",
    )
    parser.add_argument(
        "--combine",
        type=Path,
        nargs=3,
        metavar="ANSWERS",
        help=f"three annotators' answers: write the labels to {LABELS.name}",
    )
    parser.add_argument("--labels", type=Path, default=LABELS, help="default: %(default)s")
    parser.add_argument("--misses", type=int, default=0, help="print the first N misses")
    parser.add_argument(
        "--learn",
        action="store_true",
        help="learn a French model from the dev part's labels and tag the test part with it",
    )
    parser.add_argument(
        "--learn-archive",
        type=Path,
        nargs="?",
        const=ARCHIVE_PATHS,
        metavar="PATHS",
        help="learn French models from Le Monde's archive, its feed files listed in PATHS "
        f"(default: %(const)s), filed by section and, with {ARCHIVE_LABELS.name}, labelled by "
        "topic; tag --part with them, each day by what was published before it",
    )
    parser.add_argument(
        "--archive-answers",
        type=Path,
        metavar="ANSWERS",
        help=f"with --learn-archive: one annotator's answers on the archive's items (numbered as "
        f"--annotation OUT --learn-archive writes them): write them to {ARCHIVE_LABELS.name}",
    )
    parser.add_argument(
        "--part",
        choices=("all", "dev", "test", "archive"),
        default="all",
        help="dev: items of March and June (their URL's date before July), whose misses may be "
        "read; test: September and December, held out; archive: the archive's items against "
        f"their one annotator's topics ({ARCHIVE_LABELS.name}), whose misses may be read "
        "(default: %(default)s)",
    )
    args = parser.parse_args(argv)
    stories, problems = read_items(args.folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not stories:
        print(
            f"{args.folder}: no item read; fetch the files of {PATHS} from "
            "https://github.com/MichaBiriuchinskii/PPE2 (commit 83e5c13)",
            file=sys.stderr,
        )
        return 2
    archive = read_archive(args.folder, args.learn_archive, stories) if args.learn_archive else []
    if args.part == "archive":
        archive = archive or read_archive(args.folder, ARCHIVE_PATHS, stories)
        topics = read_archive_labels()
        given = {url: {"topic": topic, "annotators": [topic]} for url, topic in topics.items()}
        measure([story for story in archive if story.origin in given], given, args.misses)
        return 0
    if args.archive_answers:
        write_archive_labels(archive, args.archive_answers, ARCHIVE_LABELS)
        print(f"labels of {len(archive)} archive items written to {ARCHIVE_LABELS}")
        return 0
    if args.annotation:
        annotated = archive or stories
        write_annotation(annotated, args.annotation)
        print(f"{len(annotated)} items written to {args.annotation}")
        return 0
    if args.combine:
        combine(stories, args.combine, args.labels)
        print(f"labels of {len(stories)} items written to {args.labels}")
        return 0
    lines = args.labels.read_text(encoding="utf-8").splitlines()
    labels = {record["url"]: record for record in map(json.loads, filter(None, lines))}
    measure([story for story in stories if in_part(story, args.part)], labels, args.misses)
    if args.learn:
        evaluate_learning(stories, labels)
    if args.learn_archive:
        archive_labels = read_archive_labels() if ARCHIVE_LABELS.is_file() else None
        evaluate_archive(archive, stories, labels, args.part, archive_labels)
    return 0


def read_archive_labels() -> dict[str, str]:
    """The archive's labels (``lemonde_archive_labels.jsonl``): each item's URL and topic."""
    records = map(json.loads, filter(None, ARCHIVE_LABELS.read_text(encoding="utf-8").splitlines()))
    return {record["url"]: record["topic"] for record in records}


def url_date(story: Story) -> str:
    """The date in an item's URL (``/2022/09/01/``) as ``2022-09-01``; empty when it has none."""
    found = DATED.search(story.origin)
    return "-".join(found.groups()) if found else ""


def feed_day(story: Story) -> str:
    """The day of the labelled feed an item was read from, by its URL's month: the first of
    March, June, September or December 2022 (an item dated a day or two before it is in it)."""
    month = int(url_date(story)[5:7] or 0)
    return f"2022-{3 * ((month + 1) // 3):02d}-01" if 2 <= month <= 12 else "2022-03-01"


def read_archive(folder: Path, paths: Path, stories: Sequence[Story]) -> list[Story]:
    """Every item of the archive's feed files listed in ``paths`` but the labelled ones (an
    item of ``stories``: the same URL or headline), in the order annotators read them (the
    SHA-256 of their URL), each with its section as Le Monde filed it."""
    by_section, problems = read_feeds(folder, paths)
    for problem in problems:
        print(problem, file=sys.stderr)
    labelled = {story.origin for story in stories} | {story.title.casefold() for story in stories}
    archive = [
        story
        for listed in by_section.values()
        for story in listed
        if story.origin not in labelled and story.title.casefold() not in labelled
    ]
    return sorted(archive, key=lambda story: sha256(story.origin.encode()).hexdigest())


def evaluate_archive(
    archive: Sequence[Story],
    stories: Sequence[Story],
    labels: dict[str, dict[str, Any]],
    part: str,
    archive_labels: Mapping[str, str] | None = None,
) -> None:
    """What Le Monde's own archive teaches (``--learn-archive PATHS``), stored with a topic
    accepted and the French model fitted (``newsroom tagger train``'s service): first each item
    filed under its section as Le Monde filed it (``ARCHIVE``: the sections that are one topic;
    international and society, which are many, are left out); then, with ``archive_labels``
    (``lemonde_archive_labels.jsonl``: one annotator's topic per item, as an editor's
    corrections would give them), every item under its topic. Each labelled day's items are
    tagged by a model learnt from the archive items published before that day only, as a
    newsroom's archive would hold them."""
    from newsroom.stages.tagger import get_tagger
    from newsroom.stages.topics import TopicTagger

    rules = get_tagger().taggers["fr"]
    assert isinstance(rules, TopicTagger)
    tested = [story for story in stories if in_part(story, part) and labels[story.origin]["topic"]]
    codes = {labels[story.origin]["topic"] for story in tested}
    strict = {code: {code} for code in codes}
    filed = [(story.category, story) for story in archive if story.category in ARCHIVE]
    runs = [("by section", filed, dict(ARCHIVE))]
    if archive_labels is not None:
        topics = [(archive_labels[s.origin], s) for s in archive if archive_labels.get(s.origin)]
        runs.append(("by topic", topics, {code: code for code, _ in topics}))
    for name, archived, given in runs:
        alone: Counter[str] = Counter()
        both: Counter[str] = Counter()
        total: Counter[str] = Counter()
        for day in sorted({feed_day(story) for story in tested}):
            taught = [(key, s.text) for key, s in archived if url_date(s) and url_date(s) < day]
            pairs = [(labels[s.origin]["topic"], s.text) for s in tested if feed_day(s) == day]
            counts = compare_learning(rules, taught, pairs, given, strict, day, show=False)
            for sums, each in zip((alone, both, total), counts, strict=True):
                sums.update(each)
            right_alone, right_both = sum(counts[0].values()), sum(counts[1].values())
            print(
                f"  {day}: {len(pairs)} items tagged, {len(taught)} archive items taught: "
                f"rules alone {share_of(right_alone, len(pairs))}, with the model "
                f"{share_of(right_both, len(pairs))}"
            )
        print_learning(
            f"Learnt from Le Monde's archive {name} ({len(archived)} items in all), "
            f"tagged the {part} part",
            alone,
            both,
            total,
        )


def write_archive_labels(archive: Sequence[Story], answers: Path, out: Path) -> None:
    """One annotator's answers on the archive's items (``--annotation OUT --learn-archive``'s
    numbering) as the archive's labels: each item's URL and topic."""
    codes = {concept.qcode for concept in load_tagger().vocabulary.top_level()}
    given = read_answers(answers, len(archive), codes)
    with out.open("w", encoding="utf-8") as handle:
        for story, topic in zip(archive, given, strict=True):
            handle.write(json.dumps({"url": story.origin, "topic": topic}) + "\n")


def evaluate_learning(stories: Sequence[Story], labels: dict[str, dict[str, Any]]) -> None:
    """What a model learnt from the newsroom's own archive adds (``--learn``): the dev part's
    items stored with their label accepted, the French model fitted (``newsroom tagger
    train``'s service), the test part tagged by the rules alone and by rules and model."""
    from newsroom.stages.tagger import get_tagger
    from newsroom.stages.topics import TopicTagger

    rules = get_tagger().taggers["fr"]
    assert isinstance(rules, TopicTagger)
    labelled = [(labels[story.origin]["topic"], story) for story in stories]
    pairs = {
        part: [(topic, story.text) for topic, story in labelled if topic and in_part(story, part)]
        for part in ("dev", "test")
    }
    codes = {topic for topic, _ in labelled if topic}
    given, strict = {code: code for code in codes}, {code: {code} for code in codes}
    compare_learning(rules, pairs["dev"], pairs["test"], given, strict, "the dev part")


if __name__ == "__main__":
    raise SystemExit(main())
