"""A database that cannot be opened is one line that says what to do, at once.

The commands run as a person runs them (a process of their own): a PostgreSQL database that does
not exist, a server nothing answers for, a mistyped scheme, a database this project does not run
on. Each exits 1 with a line or two on stderr, and no retries: what a retry cannot mend (a
missing database) is not retried in a flow either. The commands that only read never create a
SQLite file, nor its folder, for a mistyped path.
"""

from __future__ import annotations

import socket
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from db.session import database_unavailable
from tasks.ingesting import DATABASE_RETRY_DELAYS
from tests.cli import newsroom

# Under the retries a transient error gets (DATABASE_RETRY_DELAYS: a retried run sleeps all of
# them, 21 s, besides its work), with room for a loaded machine to start Python and import the
# command (an ingest's takes 10-12 s on two busy cores).
QUICK = sum(DATABASE_RETRY_DELAYS)
READERS = [
    ["articles"],
    ["show", "some-id"],
    ["runs"],
    ["runs", "show", "some-run"],
    ["db", "current"],
]


def nothing_listens() -> int:
    """A port on 127.0.0.1 with no server behind it (bound, never listening, then freed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def missing_database(admin_url: str) -> str:
    name = f"newsroom_missing_{uuid.uuid4().hex[:8]}"
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def assert_one_line(args: list[str], url: str, *expected: str) -> str:
    started = time.monotonic()
    result = newsroom(*args, "--database-url", url)
    elapsed = time.monotonic() - started
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (args, result.stdout, result.stderr)
    assert 1 <= len(lines) <= 2, result.stderr  # no traceback, no retry log
    assert lines[0].startswith("error: ")
    for words in expected:
        assert words in result.stderr, (words, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert elapsed < QUICK, f"{args} took {elapsed:.1f} s: retried?"
    return lines[0]


@pytest.mark.postgres
@pytest.mark.parametrize("args", [*READERS, ["ingest", "seeds", "--no-progress"]], ids=" ".join)
def test_a_missing_postgresql_database_is_one_line_and_no_retries(
    postgres_admin_url: str, args: list[str]
) -> None:
    url = missing_database(postgres_admin_url)
    name = make_url(url).database
    assert_one_line(args, url, f"database {name!r} does not exist", f"createdb {name}")


@pytest.mark.parametrize("args", [*READERS, ["ingest", "seeds", "--no-progress"]], ids=" ".join)
def test_a_server_that_does_not_answer_is_one_line_and_no_retries(args: list[str]) -> None:
    port = nothing_listens()
    url = f"postgresql+psycopg://newsroom@127.0.0.1:{port}/newsroom"
    assert_one_line(
        args, url, f"cannot reach the PostgreSQL server at 127.0.0.1:{port}", "start it"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresq://newsroom@127.0.0.1/newsroom", "'postgresq' databases are not supported"),
        ("mysql://newsroom@127.0.0.1/newsroom", "'mysql' databases are not supported"),
        ("newsroom.db", "not a database URL"),
    ],
    ids=["typo", "mysql", "a path"],
)
@pytest.mark.parametrize("args", [["articles"], ["ingest", "seeds", "--no-progress"]], ids=" ".join)
def test_an_unsupported_url_is_one_line(url: str, expected: str, args: list[str]) -> None:
    line = assert_one_line(args, url, expected, "sqlite:///PATH", "postgresql+psycopg://")
    assert "ModuleNotFoundError" not in line and "NoSuchModuleError" not in line


@pytest.mark.parametrize("args", [*READERS, ["tagger", "review"]], ids=" ".join)
def test_reading_commands_never_create_a_database(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "typo" / "typo.db"
    assert_one_line(args, f"sqlite:///{typo}", f"no archive at {typo}", "--database-url")
    assert not typo.exists() and not typo.parent.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_a_missing_database_is_not_an_error_that_passes(postgres_admin_url: str) -> None:
    """What the ingest tasks retry: not a database that does not exist, nor a refused user."""
    missing = create_engine(missing_database(postgres_admin_url))
    nobody = create_engine(
        make_url(postgres_admin_url).set(username=f"nobody_{uuid.uuid4().hex[:8]}", password="x")
    )
    down = create_engine(f"postgresql+psycopg://newsroom@127.0.0.1:{nothing_listens()}/x")
    errors = []
    for engine in (missing, nobody, down):
        try:
            engine.connect().close()
        except Exception as exc:
            errors.append(exc)
        engine.dispose()
    assert [database_unavailable(error) for error in errors] == [False, False, True]
