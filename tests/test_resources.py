"""Compiled resources: built once, loaded after, rebuilt when what they are made from changes."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import newsroom
from newsroom.core.settings import get_settings
from newsroom.stages import resources
from newsroom.stages.places import get_gazetteer
from newsroom.stages.resources import compiled


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(folder))
    get_settings.cache_clear()
    resources._unwritable.clear()
    return folder


class Builder:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"built": self.calls}


def test_built_once_then_loaded_from_its_file(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n")
    build = Builder()
    assert compiled("thing", build, sources=[source]) == {"built": 1}
    assert compiled("thing", build, sources=[source]) == {"built": 1}
    assert build.calls == 1
    assert [path.name.split("-")[0] for path in cache.glob("*.pickle")] == ["thing"]


def test_a_changed_source_or_version_rebuilds_and_removes_the_old_build(
    cache: Path, tmp_path: Path
) -> None:
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n")
    build = Builder()
    compiled("thing", build, sources=[source])
    source.write_text("a: 2, b: 3\n")
    assert compiled("thing", build, sources=[source]) == {"built": 2}
    assert compiled("thing", build, sources=[source], versions=["lib 2.0"]) == {"built": 3}
    assert len(list(cache.glob("thing-*.pickle"))) == 1
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched: same size
    assert compiled("thing", build, sources=[source], versions=["lib 2.0"]) == {"built": 4}


BUILD_IN_A_CHECKOUT = """
import sys
sys.path.insert(0, sys.argv[1])
import newsroom
from newsroom.stages.resources import compiled
assert newsroom.__file__.startswith(sys.argv[1]), newsroom.__file__
print(compiled("thing", lambda: {"built": "elsewhere"}, sources=[sys.argv[2]]))
"""


def test_two_checkouts_sharing_a_cache_keep_their_own_builds(cache: Path, tmp_path: Path) -> None:
    """A second checkout of the project (here a copy of the package, run in its own process)
    builds its own file and leaves this checkout's alone: neither rebuilds on every run."""
    other = tmp_path / "other-checkout"
    shutil.copytree(Path(newsroom.__file__).parent, other / "newsroom")
    source = tmp_path / "rules.yaml"
    source.write_text("a: 1\n")
    build = Builder()
    assert compiled("thing", build, sources=[source]) == {"built": 1}
    environment = {**os.environ, "NEWSROOM_CACHE_DIR": str(cache)}
    for _ in range(2):
        elsewhere = subprocess.run(
            [sys.executable, "-c", BUILD_IN_A_CHECKOUT, str(other), str(source)],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        assert elsewhere.stdout.strip() == "{'built': 'elsewhere'}"
        assert compiled("thing", build, sources=[source]) == {"built": 1}
    assert build.calls == 1
    assert len(list(cache.glob("thing-*.pickle"))) == 2


def test_a_resource_whose_name_begins_another_keeps_its_build(cache: Path) -> None:
    compiled("tagger-custom", Builder())
    compiled("tagger", Builder(), versions=["1"])
    compiled("tagger", Builder(), versions=["2"])  # removes the tagger's first build only
    names = sorted(path.name.rsplit("-", 2)[0] for path in cache.glob("*.pickle"))
    assert names == ["tagger", "tagger-custom"]


def test_another_checkouts_build_unused_for_long_is_removed(cache: Path) -> None:
    cache.mkdir()
    unused = cache / f"thing-0badc0de-{'0' * 20}.pickle"
    recent = cache / f"thing-0feedbee-{'1' * 20}.pickle"
    for path in (unused, recent):
        path.write_bytes(pickle.dumps({"built": 0}))
    old = time.time() - (resources.STALE_DAYS + 1) * 86400
    os.utime(unused, (old, old))
    compiled("thing", Builder())
    assert not unused.exists() and recent.exists()


def test_a_build_in_use_is_marked_once_a_day(cache: Path) -> None:
    compiled("thing", Builder())
    (path,) = cache.glob("thing-*.pickle")
    hour_ago = time.time() - 3600
    os.utime(path, (hour_ago, hour_ago))
    compiled("thing", Builder())
    assert path.stat().st_mtime == pytest.approx(hour_ago)  # marked within the day: left
    days_ago = time.time() - 2 * 86400
    os.utime(path, (days_ago, days_ago))
    compiled("thing", Builder())
    assert path.stat().st_mtime > time.time() - 60  # marked again: another checkout keeps it


def test_a_torn_file_is_built_again(
    cache: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build = Builder()
    compiled("thing", build)
    (path,) = cache.glob("thing-*.pickle")
    path.write_bytes(pickle.dumps({"built": 1})[:5])
    with caplog.at_level(logging.WARNING):
        assert compiled("thing", build) == {"built": 2}
    assert "unreadable" in caplog.text and str(path) in caplog.text
    assert compiled("thing", build) == {"built": 2}  # and saved again


def test_an_unwritable_cache_warns_once_and_the_pipeline_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", str(blocker / "cache"))
    get_settings.cache_clear()
    resources._unwritable.clear()
    build = Builder()
    with caplog.at_level(logging.WARNING):
        assert compiled("thing", build) == {"built": 1}
        assert compiled("thing", build) == {"built": 2}
    assert caplog.text.count("cannot save compiled resources") == 1
    assert "NEWSROOM_CACHE_DIR" in caplog.text


def test_off_builds_in_memory_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_CACHE_DIR", "off")
    get_settings.cache_clear()
    build = Builder()
    compiled("thing", build)
    compiled("thing", build)
    assert build.calls == 2
    assert resources.cache_dir() is None


def test_the_compiled_gazetteer_is_the_built_one(cache: Path) -> None:
    get_gazetteer.cache_clear()
    try:
        built = get_gazetteer()  # builds and saves
        get_gazetteer.cache_clear()
        loaded = get_gazetteer()  # loads
    finally:
        get_gazetteer.cache_clear()
    assert loaded is not built
    assert loaded.cities == built.cities
    assert loaded.alternate_cities == built.alternate_cities
    assert loaded.regions == built.regions
    assert loaded.countries == built.countries
    assert list(cache.glob("gazetteer-*.pickle"))
