"""The topic tagger the settings ask for: rules and vocabulary, plus a learnt model if trained.

``NEWSROOM_TOPIC_RULES`` and ``NEWSROOM_VOCABULARY`` name other files (an edited rules file, a
newer IPTC release); ``NEWSROOM_TAGGER_MODEL`` names the model ``newsroom tagger train`` writes,
used when the file exists. After changing any of them, run the ``retag`` flow.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom.core.settings import get_settings
from newsroom.stages.topics import TopicTagger, compiled_tagger, load_tagger

if TYPE_CHECKING:  # scikit-learn costs a second to import: only when a model is trained
    from newsroom.stages.topic_model import CombinedTagger


def get_tagger() -> TopicTagger | CombinedTagger:
    settings = get_settings()
    model = Path(settings.tagger_model)
    stamp = model.stat().st_mtime_ns if model.is_file() else None
    return _tagger(settings.topic_rules, settings.vocabulary, str(model), stamp)


def get_rules_tagger() -> TopicTagger:
    """The rules alone, whatever model is trained (or unreadable): what training combines a new
    model with."""
    settings = get_settings()
    return _rules_tagger(settings.topic_rules, settings.vocabulary)


def _rules_tagger(rules: str | None, vocabulary: str | None) -> TopicTagger:
    if rules is None and vocabulary is None:
        return load_tagger()
    return compiled_tagger(vocabulary, rules)


@lru_cache(maxsize=4)
def _tagger(
    rules: str | None, vocabulary: str | None, model: str, stamp: int | None
) -> TopicTagger | CombinedTagger:
    tagger = _rules_tagger(rules, vocabulary)
    if stamp is None:  # no model trained
        return tagger
    from newsroom.stages.topic_model import CombinedTagger, load

    return CombinedTagger(tagger, load(model))
