"""What the newsroom's own archive teaches the tagger, on AG News (part (g) of eval/topics.py).

The 7,600 AG News test stories are split in two: half A (the even rows) is the archive, half B
(the odd rows) the new stories. Each half-A story is stored through the real write path
(``process_item``, ``store_parsed``) into a fresh SQLite file, with its class given as the
record's accepted ``topics``:

    World -> politics and government (medtop:11000000): the one top-level topic that stands for
             AG News's international news desk (its stories are governments, wars, elections,
             diplomacy; the evaluation still accepts any topic of the class's strict set)
    Sports -> sport, Business -> economy, business and finance, Sci/Tech -> science and technology

``newsroom tagger train``'s own service (:func:`newsroom.services.training.train`) learns from
them, and half B is tagged by rules and model together; right = the best top-level topic is in
the class's strict set (the same reading as the rules' figures above).

- The learning curve: the first 200, 500, 1,000, 2,000 and 3,800 half-A stories accepted (the
  rest not stored yet), per class and overall, the rules alone beside it.
- Review against random: the first 200 half-A stories accepted, the other 3,600 stored without
  topics; a model trained on the 200; then 200 more corrections, chosen by ``tagger review``
  (``newsroom.services.training.review``) or at random (seeded), each simulated from the AG
  News class as an editor would make it (``correct_tags``: the class's topic added, the
  top-level topics outside the class's strict set removed); retrained, half B tagged again.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from db import crud
from db.session import ensure_schema, get_engine
from newsroom.core.models import RawItem, TopicTag
from newsroom.services.ingesting import ParsedBatch, store_parsed
from newsroom.services.retagging import correct_tags
from newsroom.services.training import review, train
from newsroom.stages.pipeline import process_item
from newsroom.stages.tagger import LanguageTagger
from newsroom.stages.topic_model import CombinedTagger
from newsroom.stages.topics import TopicTagger

GIVEN = {
    "World": "medtop:11000000",
    "Sports": "medtop:15000000",
    "Business": "medtop:04000000",
    "Sci/Tech": "medtop:13000000",
}
CURVE = (200, 500, 1000, 2000, 3800)
SEED, CORRECTIONS = 200, 200
Row = tuple[str, str, str]  # class, title, description


def evaluate_learning(rules: TopicTagger, rows: Sequence[Row], strict: dict[str, set[str]]) -> None:
    half_a, half_b = list(rows[0::2]), list(rows[1::2])
    rules_right = _right(rules.tag, half_b, strict)
    print(
        f"Learning from the archive (AG News: half A {len(half_a)} stories, half B {len(half_b)})"
    )
    print(f"  rules alone on half B: top-1 {_share(rules_right)}  {_per_class(rules_right)}")
    with tempfile.TemporaryDirectory() as folder:
        engine = archive(Path(folder) / "curve.db", rules)
        stored = 0
        for size in CURVE:
            _store(engine, half_a[stored:size], start=stored, accepted=True)
            stored = size
            started = time.perf_counter()
            training = train(engine, rules)
            seconds = time.perf_counter() - started
            right = _right(CombinedTagger(rules, training.model).tag, half_b, strict)
            worse = [
                name
                for name in GIVEN
                if _class_share(right, name) < _class_share(rules_right, name)
            ]
            print(
                f"  {size:>5} accepted: top-1 {_share(right)}  {_per_class(right)}; "
                f"held out in training {training.held_out.get('model', 0):.3f} "
                f"(rules {training.held_out.get('rules', 0):.3f}); trained in {seconds:.1f} s"
                + (f"; below the rules on {', '.join(worse)}" if worse else "")
            )
        engine.dispose()
        for chooser in ("review", "random"):
            engine = archive(Path(folder) / f"{chooser}.db", rules)
            _store(engine, half_a[:SEED], start=0, accepted=True)
            _store(engine, half_a[SEED:], start=SEED, accepted=False)
            first = train(engine, rules, min_examples=10)
            english = CombinedTagger(rules, first.model)
            tagger = LanguageTagger({"en": english})  # what the archive's commands use
            before = _right(english.tag, half_b, strict)
            if chooser == "review":
                picked = [item.article_id for item in review(engine, tagger, limit=CORRECTIONS)]
            else:
                picked = random.Random(5).sample(
                    [_id(n) for n in range(SEED, len(half_a))], CORRECTIONS
                )
            wrong_before = sum(
                _correct(engine, rules, tagger, reference, half_a, strict) for reference in picked
            )
            after = train(engine, rules, min_examples=10)
            right = _right(CombinedTagger(rules, after.model).tag, half_b, strict)
            print(
                f"  {SEED} accepted + {CORRECTIONS} corrections chosen by {chooser:<6}: "
                f"top-1 {_share(before)} -> {_share(right)}  {_per_class(right)}; "
                f"{wrong_before} of the {CORRECTIONS} were wrong before correction"
            )
            engine.dispose()


def archive(path: Path, rules: TopicTagger) -> Engine:
    """A fresh SQLite archive at ``path`` with the vocabulary's topics."""
    engine = get_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    with Session(engine) as session:
        crud.sync_topics(rules.vocabulary.concepts.values(), session=session)
        session.commit()
    return engine


def _id(number: int) -> str:
    return f"ag-a-{number}"


def _store(engine: Engine, rows: Sequence[Row], *, start: int, accepted: bool) -> None:
    store(
        engine,
        [
            RawItem(
                source="ag",
                key=_id(number),
                origin=_id(number),
                title=title,
                text=text,
                topics=[GIVEN[gold]] if accepted else [],
            )
            for number, (gold, title, text) in enumerate(rows, start)
        ],
    )


def store(engine: Engine, items: Sequence[RawItem]) -> None:
    """Store items through the real write path (their ``topics`` are the accepted ones)."""
    articles = [process_item(item) for item in items]
    for begin in range(0, len(articles), 500):
        batch = ParsedBatch(articles=articles[begin : begin + 500])
        store_parsed(batch, engine=engine, run_id=None)


def _correct(
    engine: Engine,
    rules: TopicTagger,
    tagger: LanguageTagger,
    reference: str,
    rows: Sequence[Row],
    strict: dict[str, set[str]],
) -> bool:
    """An editor's correction of a stored story (by id or key) to its class; whether its best
    top-level topic was wrong before."""
    with Session(engine) as session:
        stored_id = crud.find_article(reference, session=session)
        assert stored_id is not None
        tags = crud.topic_links([stored_id.id], session=session).get(stored_id.id, {})
    gold = rows[int(stored_id.key.rsplit("-", 1)[1])][0]
    top_level = [code for code in tags if rules.vocabulary[code].level == 1]
    best = max(top_level, key=lambda code: tags[code][0], default=None)
    remove = [code for code in top_level if code not in strict[gold]]
    correct_tags(
        stored_id.id, add=[GIVEN[gold]], remove=remove, editor="eval", engine=engine, tagger=tagger
    )
    return best not in strict[gold]


def _right(
    tag: Callable[[str | None, str], list[TopicTag]],
    rows: Sequence[Row],
    strict: dict[str, set[str]],
) -> list[tuple[str, bool]]:
    result = []
    for gold, title, text in rows:
        best = next((t.code for t in tag(title, text) if t.level == 1), None)
        result.append((gold, best in strict[gold]))
    return result


def _share(right: Sequence[tuple[str, bool]]) -> str:
    return f"{sum(ok for _, ok in right) / len(right):.4f}"


def _class_share(right: Sequence[tuple[str, bool]], name: str) -> float:
    counts = Counter(ok for gold, ok in right if gold == name)
    return counts[True] / max(1, counts[True] + counts[False])


def _per_class(right: Sequence[tuple[str, bool]]) -> str:
    return " ".join(f"{name} {_class_share(right, name):.3f}" for name in GIVEN)
