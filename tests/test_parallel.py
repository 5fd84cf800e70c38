"""The CPU-bound stages on several processes: ordered results, real worker processes, and the
same stored data whatever the number of workers (ingest and retag through the real flows)."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db.models import Article, ArticleTopic, Failure
from db.session import get_engine
from flows.ingest import ingest
from flows.retag import retag
from newsroom.core.settings import get_settings
from newsroom.stages.parallel import ordered_map


def where(value: int) -> tuple[int, int]:
    return value, os.getpid()


# Inherited by the forked workers: each input waits until another worker holds one too, so the
# results prove that two processes worked at once.
PAIRS = multiprocessing.get_context("fork").Barrier(2)


def in_pairs(value: int) -> tuple[int, int]:
    PAIRS.wait(timeout=30)
    return value, os.getpid()


def fails_on_three(value: int) -> int:
    if value == 3:
        raise ValueError("three")
    return value


def test_results_come_back_in_order_from_other_processes() -> None:
    results = list(ordered_map(in_pairs, range(40), workers=2))
    assert [value for value, _ in results] == list(range(40))
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers
    assert len(workers) == 2


def test_one_worker_or_one_input_runs_here() -> None:
    assert {pid for _, pid in ordered_map(where, range(5), workers=1)} == {os.getpid()}
    assert list(ordered_map(where, [7], workers=2)) == [(7, os.getpid())]
    assert list(ordered_map(where, [], workers=2)) == []


def test_prepare_runs_once_here_before_the_workers_start() -> None:
    calls: list[int] = []
    list(ordered_map(where, range(4), workers=2, prepare=lambda: calls.append(os.getpid())))
    assert calls == [os.getpid()]


def test_an_error_in_a_worker_is_raised_to_the_caller() -> None:
    with pytest.raises(ValueError, match="three"):
        list(ordered_map(fails_on_three, range(6), workers=2))


def _stored(url: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    with Session(get_engine(url)) as session:
        articles = [
            (a.key, a.title, a.text, a.published, a.dateline_location, a.content_hash)
            for a in session.exec(select(Article).order_by(Article.key))
        ]
        topics = sorted(
            (t.article_id, t.topic_code, round(t.score, 6), t.method)
            for t in session.exec(select(ArticleTopic))
        )
        failures = sorted((f.origin, f.stage) for f in session.exec(select(Failure)))
    return articles, topics, failures


@pytest.mark.prefect
@pytest.mark.usefixtures("prefect_harness")
def test_ingest_and_retag_store_the_same_with_one_or_two_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    stories = [
        ("LONDON (Reuters) - Shares rose on Monday as the central bank cut interest rates."),
        ("PARIS (AFP) - The government announced an election after the president resigned."),
        ("KYIV, Ukraine (AP) — The football season resumed with a win for the home team."),
    ]
    for number in range(36):
        text = f"{stories[number % 3]} Story {number} adds its own detail."
        (folder / f"{number:02d}.txt").write_text(f"date 2024-03-0{1 + number % 9}\n{text}")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 50)
    (folder / "lines.jsonl").write_text(
        json.dumps({"id": "a", "text": stories[0]}) + "\nnot json\n", encoding="utf-8"
    )
    results = []
    for workers in (1, 2):
        monkeypatch.setenv("NEWSROOM_WORKERS", str(workers))
        get_settings.cache_clear()
        url = f"sqlite:///{tmp_path / f'workers-{workers}.db'}"
        summary = ingest(paths=[str(folder)], database_url=url, batch_size=5)
        assert (summary.stored, summary.failed) == (37, 2)
        with Session(get_engine(url)) as session:  # what retag will put back
            for topic in session.exec(select(ArticleTopic)):
                session.delete(topic)
            session.commit()
        assert retag(database_url=url, batch_size=4).changed == 37
        results.append(_stored(url))
    assert results[0] == results[1]
    assert results[0][1]  # tags came back
