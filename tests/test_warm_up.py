"""What a process loads before its first story, and what it loads when a story needs it.

A newsroom whose copy is all English never pays for the 33 other languages' topic rules, their
place names or the Thai and Chinese segmenters; workers about to be forked load them all first,
so that they share them. One language's broken rules fail that language's stories only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.core.errors import InputError
from newsroom.core.models import RawItem
from newsroom.core.settings import get_settings
from newsroom.stages.pipeline import process_item, warm_up, warm_up_for
from newsroom.stages.topics import DEFAULT_RULES_PATH

GERMAN = (
    "BERLIN (dpa) - Die Bundesregierung hat am Montag beschlossen, die Steuern für kleine "
    "Unternehmen zu senken. Der Finanzminister sagte im Bundestag, das sei gut für die "
    "Wirtschaft und für die Arbeitsplätze im ganzen Land."
)
ENGLISH = "LONDON, Jan 2 (Reuters) - Shares rose in heavy trading as the government cut taxes."

LOADED = """
import json, sys
from newsroom.core.models import RawItem
from newsroom.stages import pipeline
from newsroom.stages.places import local_name_tables
from newsroom.stages.tagger import get_tagger

def loaded():
    return {"rules": get_tagger().taggers.loaded(),
            "place_names": local_name_tables.cache_info().currsize}

pipeline.warm_up(every_language=sys.argv[1] == "all")
seen = {"warm_up": loaded()}
article = pipeline.process_item(RawItem(source="s", key="k", origin="o", text=sys.argv[2]))
seen["after"] = loaded()
seen["topics"] = [tag.code for tag in article.topics]
seen["method"] = article.topics_method
print(json.dumps(seen))
"""


def _loaded(which: str, text: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, which, text],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_warm_up_loads_english_and_the_other_languages_as_their_stories_come() -> None:
    light = _loaded("english", GERMAN)
    assert light["warm_up"] == {"rules": ["en"], "place_names": 0}
    assert light["after"] == {"rules": ["de", "en"], "place_names": 1}
    everything = _loaded("all", GERMAN)
    warmed = everything["warm_up"]
    assert isinstance(warmed, dict) and warmed["place_names"] == 1
    assert {"de", "fr", "ar", "ja", "th", "zh"} <= set(warmed["rules"])
    # the same story is tagged alike whichever way its language's rules were loaded
    assert light["topics"] and light["topics"] == everything["topics"]
    assert light["method"] == everything["method"] == "rules:de"


def test_a_broken_rules_file_of_one_language_fails_only_its_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules.yaml"
    shutil.copy(DEFAULT_RULES_PATH, rules)
    broken = tmp_path / "rules.de.yaml"
    broken.write_text("topics: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_TOPIC_RULES", str(rules))
    get_settings.cache_clear()

    english = process_item(RawItem(source="s", key="en", origin="en.txt", text=ENGLISH))
    assert english.topics and english.topics_method == "rules:en"
    for _ in range(2):  # each of the language's stories fails with the reason, not only the first
        with pytest.raises(InputError) as caught:
            process_item(RawItem(source="s", key="de", origin="de.txt", text=GERMAN))
        assert caught.value.stage == "topics"
        assert str(broken) in caught.value.reason and "not valid YAML" in caught.value.reason


def test_what_is_loaded_before_workers_depends_on_whether_they_are_forked() -> None:
    """ordered_map's ``prepare``: every language where forked workers share it, else what every
    story needs (one process loads the rest as stories come)."""
    for workers, every_language in ((1, False), (4, True)):
        prepare = warm_up_for(workers)
        assert prepare.func is warm_up and prepare.keywords == {"every_language": every_language}
