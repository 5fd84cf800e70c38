"""Settings read from the environment (``NEWSROOM_`` prefix) or a ``.env`` file. (The Prefect
settings the project runs with are in :mod:`newsroom.core.environment`.)"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Process-wide settings. Per-run choices (which paths, batch size) are flow parameters."""

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///newsroom.db",
        description="SQLAlchemy URL of the article database; PostgreSQL in production, e.g. "
        "postgresql+psycopg://user@host/newsroom.",
    )
    max_file_bytes: int = Field(
        default=10_000_000, ge=1, description="Files larger than this are recorded as failures."
    )
    settle_seconds: float = Field(
        default=2.0,
        ge=0,
        description="A file modified less than this many seconds ago, or changing while it is "
        "read, is still being written: left for the next poll (0: read whatever is there).",
    )
    allowed_roots: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Folders that symlinks in an ingested folder may lead into, separated by "
        "':' (os.pathsep). By default a link whose target resolves outside the folder being "
        "ingested is not followed, and is recorded as a failure.",
    )

    user_agent: str = Field(
        default="newsroom-ingest/0.1 (+https://github.com/newsroom/newsroom)",
        description="User-Agent of every request, and the name robots.txt rules are read for.",
    )
    allow_private_hosts: bool = Field(
        default=False,
        description="Fetch from hosts that resolve to private or loopback addresses (off by "
        "default: a guard against server-side request forgery). Cloud-metadata and link-local "
        "addresses (169.254.0.0/16, fe80::/10) stay refused even so.",
    )
    respect_robots: bool = Field(default=True, description="Obey robots.txt.")
    fetch_concurrency: int = Field(default=16, ge=1, description="Requests in flight at once.")
    fetch_per_host: int = Field(default=2, ge=1, description="Requests in flight per host.")
    fetch_rate: float = Field(default=2.0, gt=0, description="Requests per second per host.")
    max_page_bytes: int = Field(default=5_000_000, ge=1, description="Largest body read.")
    fetch_timeout: float = Field(default=15.0, gt=0, description="Seconds to wait for a read.")
    fetch_deadline: float = Field(
        default=30.0,
        gt=0,
        description="Seconds one response may take, headers and body: a page "
        "that drips slower fails, and is not retried.",
    )
    fetch_retries: int = Field(default=3, ge=0, description="Retries of a transient failure.")
    dead_link_retry_hours: float = Field(
        default=24.0,
        ge=0,
        description="Hours before a page that answered 404 or 410 is fetched "
        "again for a feed or sitemap that still lists it.",
    )

    run_stale_after: float = Field(
        default=3600.0,
        gt=0,
        description="Seconds without progress after which a run left "
        "'running' on another machine is taken for crashed (on this machine, its process is "
        "checked).",
    )

    topic_rules: str | None = Field(
        default=None, description="Topic rules file (default: the shipped topic_rules.yaml)."
    )
    vocabulary: str | None = Field(
        default=None, description="IPTC Media Topics JSON export (default: the shipped copy)."
    )

    tagger_model: str = Field(
        default="newsroom-model.joblib",
        description="Topic model trained by `newsroom tagger train`; used when the file exists.",
    )

    cache_dir: str | None = Field(
        default=None,
        description="Where the gazetteer, word lists, language model and tagger are kept "
        "compiled for a fast start (default: $XDG_CACHE_HOME/newsroom or ~/.cache/newsroom); "
        "'off' builds them in memory every time.",
    )
    workers: int = Field(
        default=0,
        ge=0,
        description="Processes that read, clean and tag while one process writes (ingest, "
        "retag); 0, the default, is one per CPU.",
    )
    task_runner: Literal["default", "dask"] = Field(
        default="default", description="'dask' to run file batches on a local Dask cluster."
    )
    dask_address: str | None = Field(
        default=None, description="A running Dask scheduler (tcp://host:8786) for file batches."
    )
    dask_workers: int | None = Field(
        default=None, ge=1, description="Worker processes of the local Dask cluster (one per CPU)."
    )

    @field_validator("task_runner", mode="before")
    @classmethod
    def _runner_name(cls, value: object) -> object:
        """Unset or empty is the default runner; names are read case-insensitively."""
        return str(value).strip().lower() or "default" if value is not None else "default"

    @field_validator("allowed_roots", mode="before")
    @classmethod
    def _path_list(cls, value: object) -> object:
        """``/srv/a:/srv/b`` as a list, as PATH is read; empty parts left out."""
        if isinstance(value, str):
            return [part for part in value.split(os.pathsep) if part.strip()]
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _empty_means_default(cls, value: object) -> object:
        """An empty setting (an unset variable in a deployment template) means the default."""
        return value or "sqlite:///newsroom.db"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once per process; tests call ``get_settings.cache_clear()``."""
    return Settings()
