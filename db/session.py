"""Engines and schema.

One engine per database URL per process. The schema belongs to Alembic (``db/migrations``):
:func:`ensure_schema` upgrades a database to the newest revision, under a PostgreSQL advisory
lock so that two workers starting at once do not both migrate.

:func:`open_database` is how a command opens the archive: a URL of no supported database, a
database that does not exist or a server that does not answer becomes one
:class:`~newsroom.core.errors.DatabaseError` whose message says what to do, and a command that
only reads (``create=False``) never makes a SQLite file or its folder for a mistyped path.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from newsroom.core.errors import DatabaseError
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


# What no retry mends: the server answered, and the database or the user is not there. Matched
# on the message, as psycopg gives no SQLSTATE for an error raised while connecting.
MISSING_DATABASE = re.compile(r'database "(?P<name>[^"]*)" does not exist')
REFUSED_USER = re.compile(
    r'role "[^"]*" does not exist|password authentication failed|no password supplied'
)
SUPPORTED = "sqlite:///PATH or postgresql+psycopg://USER@HOST:5432/NAME"


def database_unavailable(exc: BaseException) -> bool:
    """Whether ``exc`` is an error of the database itself that may pass (see ``UNAVAILABLE``):
    not a database that does not exist, nor a user the server refuses."""
    if not isinstance(exc, UNAVAILABLE):
        return False
    message = str(exc)
    return not (MISSING_DATABASE.search(message) or REFUSED_USER.search(message))


def database_url(url: str | None = None) -> str:
    return url or get_settings().database_url


def parse_database_url(url: str) -> URL:
    """``url`` parsed, or a :class:`DatabaseError` if it names no database this project runs on."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError as exc:
        raise DatabaseError(f"not a database URL: {url!r}; give {SUPPORTED}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"{backend!r} databases are not supported ({parsed.render_as_string()}): the archive "
            f"is SQLite or PostgreSQL; give {SUPPORTED}"
        )
    return parsed


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: ``NEWSROOM_DATABASE_URL``), created once per process.

    A SQLite file's folder is made here: an ingest writes where it is told. Raises
    :class:`DatabaseError` for a URL of no supported database or driver.
    """
    url = database_url(url)
    parsed = parse_database_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 60})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True)
    except (sa_exc.ArgumentError, ImportError) as exc:  # unknown driver, or not installed
        raise DatabaseError(
            f"cannot use {parsed.render_as_string()}: {_first_line(exc)}; give {SUPPORTED} "
            "(psycopg is the PostgreSQL driver installed)"
        ) from exc


def open_database(url: str | None = None, *, create: bool = True, migrate: bool = True) -> Engine:
    """The engine for ``url``, connected once and (``migrate``) its schema brought up to date.

    With ``create=False`` (commands that only read) a SQLite file that is not there is an error
    rather than a new, empty archive. Every way of failing is a :class:`DatabaseError` with one
    line that names the database and what to do.
    """
    url = database_url(url)
    parsed = parse_database_url(url)
    if not create and parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "").expanduser()
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseError(f"no archive in {url}: name a file, sqlite:///PATH")
        if not path.is_file():
            raise DatabaseError(
                f"no archive at {path}: check the path in --database-url or "
                "NEWSROOM_DATABASE_URL, or ingest something first (`newsroom ingest PATH`)"
            )
    engine = get_engine(url)
    try:
        if migrate:
            ensure_schema(engine)
        else:
            current_revision(engine)
    except sa_exc.SQLAlchemyError as exc:
        raise DatabaseError(describe_error(exc, engine.url)) from exc
    return engine


def describe_error(exc: BaseException, url: URL) -> str:
    """One line for an error met while opening the database at ``url``, naming what to do."""
    message = str(getattr(exc, "orig", None) or exc)
    shown = url.render_as_string()
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if missing := MISSING_DATABASE.search(message):
        name = missing.group("name")
        return (
            f"database {name!r} does not exist on the PostgreSQL server at {where}: check the "
            f"name in --database-url or NEWSROOM_DATABASE_URL, or create it (createdb {name})"
        )
    if REFUSED_USER.search(message):
        return (
            f"the PostgreSQL server at {where} refused user {url.username!r} "
            f"({_last_clause(message)}): check the user and password in --database-url or "
            "NEWSROOM_DATABASE_URL"
        )
    if url.get_backend_name() == "postgresql":
        return (
            f"cannot reach the PostgreSQL server at {where} ({_last_clause(message)}): start it, "
            "or check the host and port in --database-url or NEWSROOM_DATABASE_URL"
        )
    return f"cannot open the database {shown}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _last_clause(message: str) -> str:
    """libpq's reason without its preamble: 'connection to server at ... failed: REASON'."""
    first = message.strip().splitlines()[0] if message.strip() else message
    return first.rsplit("failed: ", 1)[-1].removeprefix("FATAL:").strip()


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
