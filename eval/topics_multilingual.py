"""What the topic tagger does with stories that are not in English (issue 21).

Reads ``eval/multilingual_stories.yaml``: short news stories in German, French, Spanish and
Portuguese, each with the top-level Media Topic it is about, written for the project (its header
says by whom and what that means for the figures). Each story goes through the pipeline
(``process_item``: cleaning, language detection, dateline, topics), as ``newsroom parse`` would
run it. Per language it prints:

- how often the detected language is the story's own, and what tagged the stories
  (``topics_method``: ``rules:de``, or ``none: no topic rules for language 'es'``);
- top-1 accuracy: the story's best top-level tag is its topic (no tag counts as wrong), and
  coverage (any top-level tag at all);
- English rules on non-English text: the stories the English rules read (the language gate
  lets them read only English and text of unknown language), which must be 0;
- the same stories read by the English rules alone, as every story was before the gate: their
  top-1 accuracy, how many got a tag, and the English terms that fired most ("mit", "war");
- the language's rules less their hand-written terms: what the IPTC's own names and definitions
  in that language do alone (Italian and Russian have none: the IPTC has not translated them).

``--stories eval/multilingual/topics.jsonl`` reads the independent set: 1,280 stories in German,
French, Spanish, Italian, Portuguese, Russian, Swedish, Danish, Norwegian, Chinese, Japanese,
Korean, Dutch, Polish, Turkish, Finnish, Ukrainian, Greek, Persian, Hindi, Hebrew,
Indonesian, Vietnamese, Nynorsk, Malay, Thai, Czech, Romanian, Hungarian, Bulgarian, Catalan
and Croatian, 40 each,
written by someone who had not seen the rules (its ``topics.md`` says how): the measurement,
where the YAML set is a check.

Usage: .venv/bin/python eval/topics_multilingual.py [--stories PATH] [--misses]
Needs no data set from ../shared/data.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from newsroom.core.models import RawItem, TopicTag
from newsroom.stages.pipeline import process_item
from newsroom.stages.tagger import DEFAULT_LANGUAGE, rules_files, story_language
from newsroom.stages.topics import TopicRules, TopicTagger, load_tagger, load_translations

STORIES = Path(__file__).resolve().parent / "multilingual_stories.yaml"


@dataclass(frozen=True)
class Story:
    lang: str
    topic: str
    title: str
    text: str


def read_stories(path: Path) -> list[Story]:
    """The YAML set's ``stories``, or a JSON Lines set's records (``eval/multilingual/
    topics.jsonl``, written apart from the rules)."""
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    else:
        rows = yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]
    return [Story(**{key: str(value) for key, value in row.items()}) for row in rows]


def best_top(tags: Sequence[TopicTag]) -> str | None:
    """The story's top-1 top-level topic: the tagger ranks its tags best first."""
    return next((tag.code for tag in tags if tag.level == 1), None)


def names_only(language: str) -> TopicTagger | None:
    """The language's rules without their hand-written terms: the IPTC's names and definitions
    in that language, with the rules' settings."""
    path = rules_files(None).get(language)
    if path is None:
        return None
    settings = TopicRules.load(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = TopicRules.from_dict({"settings": data.get("settings") or {}}, origin=settings.origin)
    return TopicTagger(load_tagger().vocabulary, rules, load_translations(language))


INDEPENDENT = Path(__file__).resolve().parent / "multilingual" / "topics.jsonl"


def top1_by_language(path: Path = INDEPENDENT) -> dict[str, float]:
    """Per language, the share of stories whose best top-level tag, through the pipeline, is
    their topic (eval/gate.py's floor reads the independent set)."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for number, story in enumerate(read_stories(path)):
        key = f"{story.lang}-{number}"
        article = process_item(RawItem("eval", key, key, story.text, title=story.title))
        right[story.lang] += best_top(article.topics) == story.topic
        total[story.lang] += 1
    return {lang: right[lang] / total[lang] for lang in total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=Path, default=STORIES)
    parser.add_argument("--misses", action="store_true", help="list the stories missed")
    parser.add_argument(
        "--declared",
        action="store_true",
        help="give each story its language, as a feed or page declares it (the detector's "
        "answer still comes first, except between languages it confuses: Malay and Indonesian)",
    )
    args = parser.parse_args(argv)

    stories = read_stories(args.stories)
    english = load_tagger()  # the English rules alone: what read every story before the gate
    by_language: dict[str, list[Story]] = {}
    for story in stories:
        by_language.setdefault(story.lang, []).append(story)

    english_reads = 0  # non-English stories the English rules read, through the pipeline
    for lang, group in by_language.items():
        detected: Counter[str] = Counter()
        methods: Counter[str] = Counter()
        right = covered = read_by_english = 0
        before_right = before_tagged = names_right = 0
        names = names_only(lang)
        fired: Counter[str] = Counter()
        misses = []
        for number, story in enumerate(group):
            key = f"{lang}-{number}"
            declared = lang if args.declared else None
            item = RawItem("eval", key, key, story.text, title=story.title, language=declared)
            article = process_item(item)
            detected[article.language or "unknown"] += 1
            methods[article.topics_method or ""] += 1
            if story_language(article.language) == DEFAULT_LANGUAGE and article.topics_method != (
                f"none: no topic rules for language {DEFAULT_LANGUAGE!r}"
            ):
                read_by_english += 1
            top = best_top(article.topics)
            covered += top is not None
            right += top == story.topic
            if top != story.topic:
                misses.append((story, top))
            alone = english.tag(story.title, story.text)
            before_right += best_top(alone) == story.topic
            before_tagged += bool(alone)
            if names is not None:
                names_right += best_top(names.tag(story.title, story.text)) == story.topic
            fired.update({term for tag in alone if tag.method == "rules" for term in tag.evidence})
        if lang != DEFAULT_LANGUAGE:
            english_reads += read_by_english
        n = len(group)
        print(f"{lang}: {n} stories")
        print(
            "  detected language: "
            + ", ".join(f"{code} {count}" for code, count in detected.most_common())
        )
        print("  tagged by: " + ", ".join(f"{m} ({c})" for m, c in methods.most_common()))
        print(
            f"  top-1 top-level accuracy: {right / n:.3f} ({right}/{n}); coverage {covered / n:.3f}"
        )
        print(f"  stories the English rules read: {read_by_english}")
        print(
            f"  before the gate (English rules on every story): top-1 {before_right / n:.3f}, "
            f"{before_tagged}/{n} stories tagged; English terms fired most: "
            + ", ".join(f"{term} {count}" for term, count in fired.most_common(8))
        )
        if names is not None:
            print(f"  IPTC names and definitions alone: top-1 {names_right / n:.3f}")
        if args.misses:
            for story, top in misses:
                print(f"    miss: {story.topic} -> {top}: {story.title}")
    print(f"non-English stories read by English rules: {english_reads} (must be 0)")
    return 0 if english_reads == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
