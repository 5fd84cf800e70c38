"""The topic tagger the settings ask for: the shipped rules and vocabulary, or an editor's copies.

``NEWSROOM_TOPIC_RULES`` and ``NEWSROOM_VOCABULARY`` name other files (an edited rules file, a
newer IPTC release); after changing either, run the ``retag`` flow to re-tag the archive.
"""

from __future__ import annotations

from functools import lru_cache

from newsroom.settings import get_settings
from newsroom.topics import TopicRules, TopicTagger, Vocabulary, load_tagger


def get_tagger() -> TopicTagger:
    settings = get_settings()
    if settings.topic_rules is None and settings.vocabulary is None:
        return load_tagger()
    return _tagger(settings.topic_rules, settings.vocabulary)


@lru_cache(maxsize=4)
def _tagger(rules: str | None, vocabulary: str | None) -> TopicTagger:
    return TopicTagger(Vocabulary.load(vocabulary), TopicRules.load(rules))
