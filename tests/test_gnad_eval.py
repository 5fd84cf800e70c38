"""eval/gnad.py reads 10kGNAD's ``Section;'text'`` rows and, with ``--learn-folds K``, tags every
article once by a German model learnt from the other folds through ``newsroom tagger train``'s
service. A file written here stands in for 10kGNAD's test.csv."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval"
sys.path.insert(0, str(EVAL))

import gnad  # noqa: E402

SPORT = (
    "Der Stürmer erzielte in der {n}. Minute das Tor zum Sieg, die Mannschaft bleibt in der "
    "Liga vorne. Der Trainer lobte die Abwehr und das Spiel seiner Elf am Samstag."
)
# Words no rule knows: only a model learnt from the other folds can file these under Etat (arts,
# culture, entertainment and media).
INVENTED = "Die Flimbor-Runde {n} lief am Montag im Grelt, die Flimbor-Quote war hoch, so Zorblax."


def test_learn_folds_tags_every_article_once_by_a_model_that_did_not_see_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = []
    for n in range(30):
        rows.append(f"Sport;'{SPORT.format(n=n)}'")
        rows.append(f"Etat;'{INVENTED.format(n=n)}'")
    csv = tmp_path / "test.csv"
    csv.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8", newline="")
    assert gnad.main([str(csv), "--learn-folds", "5", "--audit", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert "10kGNAD: 60 articles read" in out
    for fold in range(1, 6):
        assert f"fold {fold} of 5: learnt from 48, rules and model 1.000" in out
    assert "Learnt in 5 folds (about 48 articles accepted each), every one of the 60" in out
    assert "rules and model 1.000 (60/60)" in out
    assert "  Sport            30  rules 1.000  with model 1.000" in out
    assert "  Etat             30  rules 0.000  with model 1.000" in out
