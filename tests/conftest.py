"""Shared fixtures: a project-local Prefect home, one Prefect test server, real databases."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from newsroom.core.environment import prefect_environment, use_prefect_environment

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Compiled resources (gazetteer, word lists, tagger) built once per checkout, not per user.
os.environ.setdefault("NEWSROOM_CACHE_DIR", str(ROOT / ".cache" / "compiled"))
# Tests write files and ingest them at once: nothing waits to settle unless a test says so (for
# the whole session: module-scoped fixtures ingest before any per-test setting applies).
os.environ["NEWSROOM_SETTLE_SECONDS"] = "0"
use_prefect_environment()

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from sqlalchemy import Engine, create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

import db.models  # noqa: E402, F401  (the tables, for the PostgreSQL fixture's TRUNCATE)
from db.session import ensure_schema, get_engine  # noqa: E402
from newsroom.core.settings import get_settings  # noqa: E402
from tests.httpserver import TestServer  # noqa: E402

# Property tests (tests/test_fuzz.py): bounded and repeatable by default, so CI stays fast and a
# failure reproduces; HYPOTHESIS_PROFILE=fuzz searches far longer, at random.
settings.register_profile(
    "default",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POSTGRES_SETTING = "NEWSROOM_TEST_POSTGRES_URL"
REQUIRE_POSTGRES = os.environ.get("NEWSROOM_REQUIRE_POSTGRES", "") not in ("", "0", "false")


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Every test starts from default settings with its database under tmp_path."""
    monkeypatch.setenv("NEWSROOM_DATABASE_URL", f"sqlite:///{tmp_path / 'newsroom.db'}")
    monkeypatch.setenv("NEWSROOM_TAGGER_MODEL", str(tmp_path / "newsroom-model.joblib"))
    # Tests write files and ingest them at once: nothing waits to settle unless a test says so.
    monkeypatch.setenv("NEWSROOM_SETTLE_SECONDS", "0")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _forget_robots_txt() -> None:
    """robots.txt rules are cached per origin for the process: a later test's server may get the
    same port as an earlier one's, and must not inherit its rules."""
    from newsroom.stages import fetching

    fetching._ROBOTS_CACHE.clear()


@pytest.fixture
def server() -> Iterator[TestServer]:
    """A real HTTP server on 127.0.0.1 with a route table and a request log."""
    with TestServer() as running:
        yield running


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session; flows run against it."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        with temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield


@pytest.fixture
def prefect_env(prefect_harness: None) -> dict[str, str]:
    """The environment for a subprocess that runs flows against the session's test server (no
    temporary server of its own to start) with the project's offline settings."""
    from prefect.settings import get_current_settings

    api = get_current_settings().api.url
    assert api, "prefect_test_harness sets an API URL"
    return {
        **prefect_environment(),
        "PREFECT_API_URL": api,
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "NEWSROOM_SETTLE_SECONDS": "0",  # files written by the test are ingested at once
    }


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'newsroom.db'}"


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Engine:
    engine = get_engine(sqlite_url)
    ensure_schema(engine)
    return engine


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get(POSTGRES_SETTING)
    if not url:
        message = (
            f"PostgreSQL tests need {POSTGRES_SETTING}, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        )
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (NEWSROOM_REQUIRE_POSTGRES is set)")
        pytest.skip(message)
    try:
        with create_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        message = f"PostgreSQL at {POSTGRES_SETTING} is not reachable: {exc}"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(scope="session")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh database for this test session, dropped at the end."""
    name = f"newsroom_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        get_engine.cache_clear()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """The session's PostgreSQL database, migrated and emptied for each test."""
    engine = get_engine(postgres_url)
    ensure_schema(engine)
    yield engine
    # Every table but the vocabulary, from the models: a table added later is emptied too.
    tables = ", ".join(
        table.name for table in SQLModel.metadata.sorted_tables if table.name != "topic"
    )
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """A database on SQLite, then on PostgreSQL, with the Media Topics in it (stories can be
    tagged and stored)."""
    from sqlmodel import Session

    from db import crud
    from newsroom.stages.topics import load_tagger

    engine = request.getfixturevalue(f"{request.param}_engine")
    with Session(engine) as session:
        crud.sync_topics(load_tagger().vocabulary.concepts.values(), session=session)
        session.commit()
    return engine
