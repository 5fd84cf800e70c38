"""The topic tagger the settings ask for: per language, its rules, plus a learnt model if trained.

A story is tagged by the rules of its own language and by no other: English rules read on German
text take "mit" for MIT, "war" for a war and "Chef" for a cook, and on French text "un" for the
UN. The English rules (``NEWSROOM_TOPIC_RULES``, default the shipped ``topic_rules.yaml``) also
tag stories whose language is unknown: most of a newsroom's copy is English, and the language
detector says nothing of short or mixed text. Another language's rules are the file
``topic_rules.LANG.yaml`` beside the English one (``topic_rules.de.yaml``), its ``language``
setting saying the same. A story in a language with no rules gets no topics from the tagger,
and :meth:`LanguageTagger.method` says so; accepted topics (wire subjects, topics given with the
input, editors' corrections) apply in every language.

A learnt model (``newsroom tagger train --language LANG``) is one language's too: the English
one at ``NEWSROOM_TAGGER_MODEL``, another language's beside it (``newsroom-model.de.joblib``),
used when the file exists. After changing any of them, run the ``retag`` flow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsroom.core.models import TopicTag
from newsroom.core.settings import get_settings
from newsroom.stages.language import language_code
from newsroom.stages.topics import (
    DEFAULT_RULES_PATH,
    TopicTagger,
    Vocabulary,
    compiled_tagger,
    load_tagger,
)

if TYPE_CHECKING:  # scikit-learn costs a second to import: only when a model is trained
    from newsroom.stages.topic_model import CombinedTagger

DEFAULT_LANGUAGE = "en"  # the language of the shipped rules, and of stories of unknown language


def story_language(language: str | None) -> str:
    """The language whose rules read a story: its detected or declared language as two
    letters (``de-AT`` -> ``de``, ``nb-NO`` -> ``no``), or English when it is unknown."""
    return language_code(language) or DEFAULT_LANGUAGE


class LazyTaggers(Mapping[str, TopicTagger]):
    """The rules of each of ``languages``, each loaded by ``load(language)`` when a story in it
    first asks: a few milliseconds a language from its compiled file, about 0.2 s for all 34,
    which a newsroom whose copy is all English never pays. A language whose rules fail to load
    raises its error to the stories in it, each time, and to no other story."""

    def __init__(self, languages: Iterable[str], load: Callable[[str], TopicTagger]) -> None:
        self._languages = frozenset(languages)
        self._load = load
        self._loaded: dict[str, TopicTagger] = {}

    def __getitem__(self, language: str) -> TopicTagger:
        tagger = self._loaded.get(language)
        if tagger is None:
            if language not in self._languages:
                raise KeyError(language)
            tagger = self._loaded[language] = self._load(language)
        return tagger

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._languages))

    def __len__(self) -> int:
        return len(self._languages)

    def loaded(self) -> list[str]:
        """The languages whose rules are loaded."""
        return sorted(self._loaded)


class LanguageTagger:
    """Taggers per language: each story is tagged by its own language's, never another's.

    ``taggers`` are the rules per language (or rules and model), a dict or a
    :class:`LazyTaggers`; with ``model`` (the English model's path), a language's model beside it
    (:func:`model_path`) tags with its rules while the file exists: one look at the file per
    story, as before languages."""

    def __init__(
        self, taggers: Mapping[str, TopicTagger | CombinedTagger], model: Path | None = None
    ) -> None:
        self.taggers = taggers if isinstance(taggers, LazyTaggers) else dict(taggers)
        self.model = model
        self.vocabulary: Vocabulary = self.taggers[DEFAULT_LANGUAGE].vocabulary

    def load_all(self) -> list[tuple[str, Exception]]:
        """Load every language's rules now (before forking workers, which then share them), and
        say which failed and why; a failed language's stories fail with it when they come."""
        failed: list[tuple[str, Exception]] = []
        for language in self.taggers:
            try:
                self.taggers[language]
            except Exception as exc:  # a broken rules file: its stories fail, the rest go on
                failed.append((language, exc))
        return failed

    def for_language(self, language: str | None) -> TopicTagger | CombinedTagger | None:
        """The tagger of a story in ``language`` (None: unknown, read as English), or None
        when there are no rules for it."""
        language = story_language(language)
        tagger = self.taggers.get(language)
        if self.model is None or not isinstance(tagger, TopicTagger):
            return tagger
        path = model_path(self.model, language)
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:  # no model trained for this language
            return tagger
        return _combined(tagger, str(path), stamp)

    def tag_story(
        self, title: str | None, text: str, *, language: str | None, limit: int = 10
    ) -> tuple[list[TopicTag], str]:
        """The story's topics by its language's rules (and model), none when it has no rules;
        and what tagged it (:meth:`method`)."""
        tagger = self.for_language(language)
        if tagger is None:
            return [], _method(None, language)
        return tagger.tag(title, text, limit=limit), _method(tagger, language)

    def tag(
        self, title: str | None, text: str, *, language: str | None, limit: int = 10
    ) -> list[TopicTag]:
        """The story's topics by its language's rules (and model); none when it has no rules."""
        return self.tag_story(title, text, language=language, limit=limit)[0]

    def method(self, language: str | None) -> str:
        """What tags a story in ``language``: ``rules:en``, ``rules+model:de``, or why nothing
        does (``none: no topic rules for language 'lt'``)."""
        return _method(self.for_language(language), language)


def _method(tagger: TopicTagger | CombinedTagger | None, language: str | None) -> str:
    if tagger is None:
        return f"none: no topic rules for language {story_language(language)!r}"
    return f"{tagger.method}:{tagger.language}"


def get_tagger() -> LanguageTagger:
    """The taggers of every language that has rules, as the settings name them: built once, a
    language's rules loaded when its first story comes (:class:`LazyTaggers`; ``warm_up(
    every_language=True)`` loads them all before workers fork), built again when a rules file is
    added or removed."""
    settings = get_settings()
    languages = tuple(rules_files(settings.topic_rules))
    return _tagger(settings.topic_rules, settings.vocabulary, settings.tagger_model, languages)


def get_rules_tagger(language: str = DEFAULT_LANGUAGE) -> TopicTagger:
    """One language's rules alone, whatever model is trained (or unreadable): what training
    combines a new model with. ValueError when there are no rules for ``language``."""
    settings = get_settings()
    files = rules_files(settings.topic_rules)
    if language not in files:
        raise ValueError(
            f"no topic rules for language {language!r} (there are for {', '.join(sorted(files))})"
        )
    return _rules_tagger(settings.topic_rules, settings.vocabulary, language)


def rules_files(english: str | None) -> dict[str, Path]:
    """The rules file of each language: the English one (default: shipped), and beside it
    ``NAME.LANG.yaml`` for each other language."""
    path = Path(english) if english else DEFAULT_RULES_PATH
    try:  # the folder's time changes when a file is added or removed
        stamp = path.parent.stat().st_mtime_ns
    except OSError:
        stamp = None
    return dict(_rules_files(path, stamp))


@lru_cache(maxsize=8)
def _rules_files(path: Path, _stamp: int | None) -> tuple[tuple[str, Path], ...]:
    files = {DEFAULT_LANGUAGE: path}
    for other in sorted(path.parent.glob(f"{path.stem}.*{path.suffix}")):
        language = other.name[len(path.stem) + 1 : -len(path.suffix)]
        # An ISO 639 code; the English rules are the file named (or shipped), not "NAME.en"
        if len(language) in (2, 3) and language.isalpha() and language.islower():
            files.setdefault(language, other)
    return tuple(files.items())


def model_path(english: Path, language: str) -> Path:
    """Where a language's learnt model is kept: the English one at ``NEWSROOM_TAGGER_MODEL``,
    another beside it with the language before the suffix (``newsroom-model.de.joblib``)."""
    if language == DEFAULT_LANGUAGE:
        return english
    return english.with_name(f"{english.stem}.{language}{english.suffix}")


def _rules_tagger(rules: str | None, vocabulary: str | None, language: str) -> TopicTagger:
    if language == DEFAULT_LANGUAGE and rules is None and vocabulary is None:
        return load_tagger()
    path = rules_files(rules)[language]
    tagger = compiled_tagger(vocabulary, str(path), name=f"tagger-{language}")
    if tagger.language != language:
        raise ValueError(
            f"{path}: its settings say language {tagger.language!r}, its name {language!r}"
        )
    return tagger


@lru_cache(maxsize=4)
def _tagger(
    rules: str | None, vocabulary: str | None, model: str, languages: tuple[str, ...]
) -> LanguageTagger:
    taggers = LazyTaggers(languages, lambda language: _rules_tagger(rules, vocabulary, language))
    return LanguageTagger(taggers, Path(model))


@lru_cache(maxsize=8)
def _combined(rules: TopicTagger, model: str, _stamp: int) -> CombinedTagger:
    """A language's rules with its model, loaded again when the file changes."""
    from newsroom.stages.topic_model import CombinedTagger, load

    return CombinedTagger(rules, load(model))
