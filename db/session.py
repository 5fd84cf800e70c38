"""Engines and schema.

One engine per database URL per process. The schema belongs to Alembic (``db/migrations``):
:func:`ensure_schema` upgrades a database to the newest revision, under a PostgreSQL advisory
lock so that two workers starting at once do not both migrate.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from newsroom.core.settings import get_settings

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK_ID = 7_203_114  # arbitrary, constant: the advisory lock taken while migrating


# What says the database itself cannot be used now: unreachable, locked, out of connections, disk
# full. Only these are retried, and when they persist they fail the run; any other error while
# writing is one item's fault and fails that item alone.
UNAVAILABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)


def database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` is an error of the database itself (see ``UNAVAILABLE``)."""
    return isinstance(exc, UNAVAILABLE)


def database_url(url: str | None = None) -> str:
    return url or get_settings().database_url


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: ``NEWSROOM_DATABASE_URL``), created once per process."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 60})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


SQLITE_CACHE_KIB = 65_536
SQLITE_MMAP_BYTES = 1 << 30


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A large archive's indexes in memory: SQLite's own page cache is 2 MB by default, so each
    # look-up and insert deep in a B-tree of millions of rows went back to the file. 64 MiB
    # of cache per connection and reads through a memory map (pages shared with the OS cache).
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest schema revision the code knows (the migration files are read once)."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def ensure_schema(engine: Engine | None = None) -> None:
    """Upgrade the database to the newest schema revision, if it is not there yet."""
    engine = engine or get_engine()
    if current_revision(engine) == head_revision():
        return
    config = alembic_config(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        logger.info("upgrading database schema at %s", engine.url.render_as_string())
        command.upgrade(config, "head")
