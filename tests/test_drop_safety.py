"""A drop folder an agency writes to is safe to ingest: nothing outside it is read through a
symlink, and (further down) what it holds is read once it is whole, and a bad file fails once.

The ingest runs for real: the services on a SQLite file (and PostgreSQL where the test says so),
and ``newsroom ingest`` as a subprocess against the session's Prefect test server.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from db.models import Article, Failure
from newsroom.core.settings import get_settings
from newsroom.services.ingesting import BatchResult, DiscoveredInputs, batched_refs, ingest_refs
from newsroom.stages.readers import InputRef, discover, read_ref
from tests.cli import newsroom

STORY = "LONDON (Reuters) - Shares rose on {day} as the central bank held rates, traders said.\n"
OUTSIDE = "links outside the folder are not followed"


def ingest_folder(
    paths: Iterable[str], engine: Engine, *, allowed_roots: Iterable[str] = ()
) -> BatchResult:
    """One poll of the folder through the ingest's services, in this process."""
    result = BatchResult()
    with DiscoveredInputs(paths, chunk_lines=100, allowed_roots=allowed_roots) as inputs:
        for refs in batched_refs(inputs, 100):
            batch = ingest_refs(
                refs, source="files", max_bytes=10_000_000, engine=engine, run_id=None
            )
            result.add(batch)
    return result


def stored(engine: Engine) -> list[Article]:
    with Session(engine) as session:
        return list(session.exec(select(Article)))


def failures(engine: Engine) -> list[Failure]:
    with Session(engine) as session:
        return list(session.exec(select(Failure).order_by(Failure.id)))  # type: ignore[arg-type]


def hostile_folder(drop: Path) -> None:
    """The issue's attack, beside a good story and links that stay inside the folder."""
    (drop / "sub").mkdir(parents=True)
    (drop / "inner").mkdir()
    (drop / "good.txt").write_text(STORY.format(day="Monday"), encoding="utf-8")
    (drop / "inner" / "kept.txt").write_text(STORY.format(day="Tuesday"), encoding="utf-8")
    (drop / "sub" / "etc_link").symlink_to("/etc")
    (drop / "passwd.txt").symlink_to("/etc/passwd")
    (drop / "sub" / "passwd").symlink_to("/etc/passwd")  # no extension, as /etc's files
    (drop / "sub" / "same.txt").symlink_to("../inner/kept.txt")  # inside: followed
    (drop / "sub" / "loop").symlink_to(drop / "sub")  # a loop inside: walked once


def assert_nothing_from_etc(engine: Engine) -> None:
    articles = stored(engine)
    assert articles, "the good stories are stored"
    assert not [a.origin for a in articles if "/etc" in a.key or "root:" in a.text]


def test_symlinks_out_of_the_drop_folder_are_refused_not_followed(
    tmp_path: Path, engine: Engine
) -> None:
    drop = tmp_path / "drop"
    hostile_folder(drop)
    result = ingest_folder([str(drop)], engine)
    assert_nothing_from_etc(engine)
    assert sorted(Path(a.key).name for a in stored(engine)) == ["good.txt", "kept.txt"]
    refused = {f.origin: f for f in failures(engine) if OUTSIDE in f.reason}
    assert set(refused) == {
        str(drop / "sub" / "etc_link"),
        str(drop / "passwd.txt"),
        str(drop / "sub" / "passwd"),
    }
    for failure in refused.values():
        assert failure.stage == "discover"
        assert "NEWSROOM_ALLOWED_ROOTS" in failure.reason and "--allow-root" in failure.reason
    assert "a symlink to /etc," in refused[str(drop / "sub" / "etc_link")].reason
    assert "a symlink to /etc/passwd," in refused[str(drop / "passwd.txt")].reason
    assert result.failed == len(failures(engine))


def test_a_glob_stays_in_its_folder_and_an_allowed_root_is_followed(
    tmp_path: Path, engine: Engine
) -> None:
    drop, pool = tmp_path / "drop", tmp_path / "pool"
    drop.mkdir()
    pool.mkdir()
    (pool / "shared.txt").write_text(STORY.format(day="Friday"), encoding="utf-8")
    (drop / "shared.txt").symlink_to(pool / "shared.txt")
    (drop / "passwd.txt").symlink_to("/etc/passwd")
    [refused_passwd, refused_shared] = list(discover([str(drop / "*.txt")]))
    assert OUTSIDE in str(refused_passwd) and OUTSIDE in str(refused_shared)
    result = ingest_folder([str(drop)], engine, allowed_roots=[str(pool)])
    assert result.stored == 1 and result.failed == 1
    [article] = stored(engine)
    assert article.key == str(pool / "shared.txt")


def test_a_file_swapped_for_a_link_after_discovery_is_not_read(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "story.txt").write_text(STORY.format(day="Monday"), encoding="utf-8")
    [ref] = list(discover([str(drop)]))
    assert isinstance(ref, InputRef)
    (drop / "story.txt").unlink()
    (drop / "story.txt").symlink_to("/etc/passwd")  # between the walk and the read
    [error] = list(read_ref(ref, source="files", max_bytes=1_000_000))
    assert "now resolves to /etc/passwd" in str(error) and OUTSIDE in str(error)


@pytest.mark.prefect
def test_newsroom_ingest_of_a_hostile_folder_stores_nothing_from_etc(
    tmp_path: Path, sqlite_url: str, prefect_env: dict[str, str]
) -> None:
    drop = tmp_path / "drop"
    hostile_folder(drop)
    result = newsroom(
        "ingest", str(drop), "--database-url", sqlite_url, "--no-progress", env=prefect_env
    )
    assert result.returncode == 0, result.stderr
    assert f"{drop / 'passwd.txt'} [discover]: a symlink to /etc/passwd" in result.stderr
    from db.session import get_engine

    engine = get_engine(sqlite_url)
    assert_nothing_from_etc(engine)
    assert len(stored(engine)) == 2
    assert sum(OUTSIDE in f.reason for f in failures(engine)) == 3


WIRE = Path(__file__).resolve().parent / "fixtures" / "wire"


def test_a_file_of_no_known_extension_and_no_known_content_is_refused(
    tmp_path: Path, engine: Engine
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "hostname").write_text("newsroom-ingest-01\n", encoding="utf-8")  # as in /etc
    (drop / "nitf-take").write_bytes((WIRE / "nitf.xml").read_bytes())  # wire copy, no extension
    (drop / "anpa-take").write_bytes((WIRE / "anpa.tst").read_bytes())
    (drop / "story.txt").write_text(STORY.format(day="Monday"), encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    result = ingest_folder([str(drop), str(tmp_path / "notes.csv")], engine)
    origins = sorted(Path(article.origin).name for article in stored(engine))
    assert "hostname" not in origins and "notes.csv" not in origins
    assert {"story.txt", "nitf-take", "anpa-take"} <= set(origins)
    refused = {Path(f.origin).name: f.reason for f in failures(engine)}
    assert set(refused) == {"hostname", "notes.csv"} and result.failed == 2
    assert refused["hostname"].startswith("not read: no extension is not one read as text")
    assert refused["notes.csv"].startswith("not read: the extension '.csv' is not one read as text")
    for reason in refused.values():
        assert "Extensions read: .md, .text, .txt (text), .htm, .html, .xhtml, .json" in reason


def test_a_bad_file_fails_once_then_is_quarantined_until_it_changes(
    tmp_path: Path, engine: Engine
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "good.txt").write_text(STORY.format(day="Monday"), encoding="utf-8")
    (drop / "bad.json").write_text('{"id": 1, "text": ', encoding="utf-8")
    (drop / "hostname").write_text("newsroom-ingest-01\n", encoding="utf-8")
    first = ingest_folder([str(drop)], engine)
    assert (first.stored, first.failed, first.quarantined) == (1, 2, 0)
    rows = failures(engine)
    assert len(rows) == 2 and all(
        row.reason.endswith("(quarantined until the file changes: `newsroom runs quarantine`)")
        for row in rows
    )

    second = ingest_folder([str(drop)], engine)  # the next poll: nothing fails again
    assert (second.unchanged, second.failed, second.quarantined) == (1, 0, 2)
    assert len(failures(engine)) == 2

    (drop / "bad.json").write_text(
        '{"id": 1, "text": "' + STORY.format(day="Friday").strip() + '"}', encoding="utf-8"
    )  # fixed by the agency: new bytes are read again
    third = ingest_folder([str(drop)], engine)
    assert (third.stored, third.failed, third.quarantined) == (1, 0, 1)

    url = engine.url.render_as_string(hide_password=False)
    listed = newsroom("runs", "quarantine", "--json", "--database-url", url)
    assert listed.returncode == 0, listed.stderr
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert sorted(Path(record["path"]).name for record in records) == ["bad.json", "hostname"]
    cleared = newsroom(
        "runs", "quarantine", str(drop / "hostname"), "--clear", "--database-url", url
    )
    assert cleared.returncode == 0 and "1 quarantined file cleared" in cleared.stderr
    fourth = ingest_folder([str(drop)], engine)  # read again, and fails once more
    assert (fourth.failed, fourth.quarantined) == (1, 0)


def test_a_refused_link_and_a_bad_line_fail_once_then_are_quarantined(
    tmp_path: Path, engine: Engine
) -> None:
    """Failures that are not a whole file's are known again by themselves: a symlink out of the
    folder and a bad line of a JSON Lines file are recorded on the first poll only, and a line
    that is fixed is read again."""
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "passwd.txt").symlink_to("/etc/passwd")
    good = json.dumps({"id": "a", "text": STORY.format(day="Monday")})
    (drop / "wire.jsonl").write_text(f"{good}\n{{not json\n", encoding="utf-8")
    first = ingest_folder([str(drop)], engine)
    assert (first.stored, first.failed, first.quarantined) == (1, 2, 0)
    rows = failures(engine)
    assert sorted((Path(row.origin).name, row.stage) for row in rows) == [
        ("passwd.txt", "discover"),
        ("wire.jsonl:2", "parse"),
    ], [(row.origin, row.stage, row.reason) for row in rows]
    assert all(row.reason.endswith("`newsroom runs quarantine`)") for row in rows)

    for _ in range(2):  # the next polls: counted, not failed nor recorded again
        again = ingest_folder([str(drop)], engine)
        assert (again.failed, again.quarantined) == (0, 2)
        assert len(failures(engine)) == 2

    fixed = json.dumps({"id": "b", "text": STORY.format(day="Friday")})
    (drop / "wire.jsonl").write_text(f"{good}\n{fixed}\n", encoding="utf-8")
    last = ingest_folder([str(drop)], engine)
    assert (last.stored, last.failed, last.quarantined) == (1, 0, 1)


def test_a_file_still_being_written_is_left_for_the_next_poll(
    tmp_path: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_SETTLE_SECONDS", "30")
    get_settings.cache_clear()
    drop = tmp_path / "drop"
    drop.mkdir()
    growing, lines = drop / "growing.txt", drop / "growing.jsonl"
    growing.write_text("LONDON (Reuters) - Shares rose on Monday as the", encoding="utf-8")
    lines.write_text('{"id": "a", "text": "' + STORY.format(day="Monday").strip() + '"}\n{"id"')
    first = ingest_folder([str(drop)], engine)
    assert (first.waiting, first.stored, first.failed) == (3, 0, 0)  # a file, two lines
    assert not stored(engine) and not failures(engine)

    with growing.open("a", encoding="utf-8") as handle:
        handle.write(" central bank held rates, traders said.\n")
    with lines.open("a", encoding="utf-8") as handle:
        handle.write(': "b", "text": "' + STORY.format(day="Friday").strip() + '"}\n')
    settled = time.time() - 60
    for path in (growing, lines):
        os.utime(path, (settled, settled))
    second = ingest_folder([str(drop)], engine)
    assert (second.waiting, second.stored, second.failed) == (0, 3, 0)
    texts = [article.text for article in stored(engine) if article.key.endswith("growing.txt")]
    assert texts and "traders said" in texts[0]
