"""Imports run downward only: the layers of the README, checked on every module's source.

Bottom to top: domain types and settings (``newsroom/core``); pure stages (``newsroom/stages``:
no database, no Prefect); storage (``db/``: knows nothing of processing); services
(``newsroom/services``: stages with storage); Prefect tasks (``tasks/``); flows (``flows/``);
the command line and operations (``newsroom/cli``). Function-level and ``TYPE_CHECKING`` imports
count too: a dependency is a dependency wherever it is written.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Layer name -> the module prefixes that belong to it.
LAYERS = {
    "domain": ("newsroom.core",),
    "stages": ("newsroom.stages",),
    "storage": ("db",),
    "services": ("newsroom.services",),
    "tasks": ("tasks",),
    "flows": ("flows",),
    "top": ("newsroom.cli",),
}
# Layer name -> the project layers it may import.
ALLOWED = {
    "domain": {"domain"},
    "stages": {"domain", "stages"},
    "storage": {"domain", "storage"},
    "services": {"domain", "stages", "storage", "services"},
    "tasks": {"domain", "stages", "storage", "services", "tasks"},
    "flows": {"domain", "stages", "storage", "services", "tasks", "flows"},
    "top": set(LAYERS),
}
# Layer name -> libraries it must not import: the stages are pure, only tasks and up know Prefect.
FORBIDDEN_LIBRARIES = {
    "domain": ("prefect", "prefect_dask", "sqlalchemy", "sqlmodel", "alembic", "psycopg"),
    "stages": ("prefect", "prefect_dask", "sqlalchemy", "sqlmodel", "alembic", "psycopg"),
    "storage": ("prefect", "prefect_dask"),
    "services": ("prefect", "prefect_dask"),
}
PACKAGES = ("newsroom", "db", "tasks", "flows")


def layer_of(module: str) -> str | None:
    for layer, prefixes in LAYERS.items():
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return layer
    return None


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every module the source imports, with its line, wherever the import statement is."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
            # "from newsroom.stages import readers" imports newsroom.stages.readers
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def violations(module: str, source: str) -> list[str]:
    """What in ``source`` (the text of ``module``) imports against the layers."""
    layer = layer_of(module)
    if layer is None:
        return []
    problems = []
    for line, imported in imported_modules(source):
        target = layer_of(imported)
        if target is not None and target not in ALLOWED[layer]:
            problems.append(f"{module}:{line} ({layer}) imports {imported} ({target})")
        top = imported.split(".")[0]
        if top in FORBIDDEN_LIBRARIES.get(layer, ()):
            problems.append(f"{module}:{line} ({layer}) imports {imported}")
    return problems


def project_modules() -> list[tuple[str, Path]]:
    modules = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # Alembic's scripts: schema history, not code that runs with the app
            parts = path.relative_to(ROOT).with_suffix("").parts
            module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules.append((module, path))
    return modules


def test_every_module_belongs_to_a_layer() -> None:
    homeless = [
        module
        for module, _ in project_modules()
        if layer_of(module) is None and module not in PACKAGES
    ]
    assert homeless == []


def test_imports_run_downward_only() -> None:
    problems = []
    for module, path in project_modules():
        problems += violations(module, path.read_text(encoding="utf-8"))
    assert problems == []


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("db.crud", "from newsroom.stages.readers import article_id"),
        ("db.session", "def f():\n    from newsroom.services import ingesting"),
        ("newsroom.stages.readers", "from db import crud"),
        ("newsroom.stages.pipeline", "from db.models import Article"),
        ("newsroom.stages.topics", "import tasks.ingesting"),
        ("newsroom.stages.places", "from flows.ingest import ingest"),
        ("newsroom.stages.fetching", "from prefect import task"),
        ("newsroom.stages.cleaning", "from sqlmodel import Session"),
        ("newsroom.core.models", "from newsroom.stages import cleaning"),
        ("newsroom.services.web", "from prefect.artifacts import create_table_artifact"),
        ("newsroom.services.ingesting", "from tasks import ingesting"),
        ("tasks.ingesting", "from flows import ingest"),
        ("flows.ingest", "from newsroom.cli import operations"),
    ],
)
def test_the_check_catches_an_import_against_the_layers(module: str, source: str) -> None:
    assert violations(module, source)


def test_the_check_allows_what_the_layers_allow() -> None:
    assert (
        violations(
            "newsroom.services.ingesting",
            "from db import crud\nfrom newsroom.stages.pipeline import process_item",
        )
        == []
    )
    assert violations("newsroom.cli.app", "from flows.ingest import ingest") == []
    assert violations("db.crud", "from newsroom.core.models import ParsedArticle") == []
