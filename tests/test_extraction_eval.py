"""eval/extraction.py's loaders and per-language report run (its figures are eval's to print):
a report that no longer runs went unnoticed once (``--by-language`` imported a function from a
module it had left)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"

STORY = (
    "Le gouvernement a annoncé mardi un plan pour les hôpitaux du pays, qui manquent de "
    "médecins depuis des années. Les syndicats ont salué une première étape."
)


@pytest.fixture(scope="module")
def extraction() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_extraction", EVAL / "extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_extraction"] = module
    spec.loader.exec_module(module)
    return module


def readability_folder(root: Path) -> Path:
    """One page in Readability's test layout: PAGE/source.html and PAGE/expected.html."""
    page = root / "journal-1"
    page.mkdir(parents=True)
    source = (
        '<html><head><meta charset="utf-8"></head><body><nav><a href="/">Accueil</a> '
        f'<a href="/monde">Monde</a></nav><article><h1>Hôpitaux</h1><p>{STORY}</p>'
        f"<p>{STORY.replace('mardi', 'mercredi')}</p></article></body></html>"
    )
    expected = (
        f'<div id="readability-page-1" class="page"><p>{STORY}</p>'
        f"<p>{STORY.replace('mardi', 'mercredi')}</p></div>"
    )
    (page / "source.html").write_text(source, encoding="utf-8")
    (page / "expected.html").write_text(expected, encoding="utf-8")
    (root / "no-expected").mkdir()
    (root / "no-expected" / "source.html").write_text(source, encoding="utf-8")
    return root


def test_readability_pages_are_read_as_utf8_text(extraction: ModuleType, tmp_path: Path) -> None:
    pages = extraction.load_readability_pages(readability_folder(tmp_path))
    assert [name for name, _, _ in pages] == ["journal-1"]  # a page without expected.html: none
    name, html, expected = pages[0]
    assert expected.splitlines() == [STORY, STORY.replace("mardi", "mercredi")]
    assert "hôpitaux" in html


def test_the_report_runs_by_language(
    extraction: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert extraction.main(["--readability", str(readability_folder(tmp_path))]) == 0
    lines = capsys.readouterr().out.splitlines()
    french = [line.split() for line in lines if line.strip().startswith("fr ")]
    assert french and float(french[0][3]) > 0.9  # newsroom's F1 on the French page
    assert extraction.main(["--readability", str(tmp_path / "none")]) == 2
