"""What a person types for a filter value, and what is said when it names nothing.

Filter values (``--topic``, ``--place``, ``--source``) that name nothing are refused with the
known values closest to them, rather than answered with an empty list that looks like "no news".
Plain functions over values the caller has read: no database, no Prefect. (Ids are shown short
by :mod:`newsroom.core.ids` and taken by any unique prefix.)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

CLOSE_MATCHES = 5


class UnknownValue(ValueError):
    """A filter value that names nothing known, or several things: the message says which and
    what the closest known values are."""


def close_to(value: str, known: Iterable[str], n: int = CLOSE_MATCHES) -> list[str]:
    """The known values nearest ``value``, best first: by difflib's ratio (case aside) to the
    whole value, to its start as long as ``value``, or to one of its words, so that a misspelt
    word finds the label it begins ("polittics": "politics and government")."""
    wanted = value.casefold()
    scored = []
    for name in dict.fromkeys(known):
        folded = name.casefold()
        parts = {folded, folded[: len(wanted)], *folded.split()}
        score = max(difflib.SequenceMatcher(None, wanted, part).ratio() for part in parts)
        if score >= 0.6:
            scored.append((-score, len(name), name))
    return [name for _, _, name in sorted(scored)[:n]]


@dataclass(frozen=True, slots=True)
class TopicName:
    code: str
    label: str
    level: int
    retired: bool = False

    def __str__(self) -> str:
        return f"{self.label} ({self.code})"


def match_topic(value: str, topics: Sequence[TopicName]) -> str:
    """The ``--topic`` filter for what a person typed: a qcode (``medtop:11000000``, or its
    number alone), a label (case aside: ``Sport``), the start of a label (``politics`` for
    "politics and government") or whole words in one (``local government``). Returns the qcode,
    or the label when several concepts bear it exactly. Retired concepts match by code and full
    label only. Raises :class:`UnknownValue` naming the closest labels when nothing matches, or
    the candidates when the start or words fit several concepts."""
    wanted = value.strip()
    folded = wanted.casefold()
    by_code = {topic.code: topic for topic in topics}
    for code in (wanted, f"medtop:{wanted}"):
        if code in by_code:
            return code
    exact = [topic for topic in topics if topic.label.casefold() == folded]
    if exact:
        return exact[0].code if len(exact) == 1 else exact[0].label
    active = [topic for topic in topics if not topic.retired]
    words = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
    starting = [topic for topic in active if topic.label.casefold().startswith(folded)]
    within = [topic for topic in active if words.search(topic.label.casefold())]
    for found in (starting, within):
        if len(found) == 1:
            return found[0].code
        if found:
            ordered = sorted(found, key=lambda topic: (topic.level, topic.label))
            shown = [str(topic) for topic in ordered[:10]]
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            raise UnknownValue(
                f"topic {value!r} fits {len(found)} topics: {', '.join(shown)}{more}; give more "
                "of the label, or a qcode"
            )
    labels = {topic.label: topic for topic in active}
    near = [str(labels[label]) for label in close_to(wanted, labels)]
    hint = f"; closest: {', '.join(near)}" if near else ""
    raise UnknownValue(
        f"no topic {value!r}: give an IPTC Media Topic qcode (medtop:11000000) or its label, "
        f"or the start of one{hint}"
    )


def match_place(value: str, countries: Mapping[str, str]) -> str:
    """The ISO code for a ``--place`` value: a code (``ua``) or a country's name (``Ukraine``),
    case aside. ``countries`` maps codes to names. Raises :class:`UnknownValue` with the closest
    names and codes."""
    wanted = value.strip()
    if wanted.upper() in countries:
        return wanted.upper()
    by_name = {name.casefold(): code for code, name in countries.items()}
    if wanted.casefold() in by_name:
        return by_name[wanted.casefold()]
    codes = {name: code for code, name in countries.items()}
    near = [f"{name} ({codes[name]})" for name in close_to(wanted, codes)]
    hint = f"; closest: {', '.join(near)}" if near else ""
    raise UnknownValue(f"no country {value!r}: give an ISO code (UA, US) or a name{hint}")


def match_source(value: str, sources: Sequence[str]) -> str:
    """The stored source a ``--source`` value names: itself, or the one source that differs only
    in case. Raises :class:`UnknownValue` with the closest names (or all, when few)."""
    if value in sources:
        return value
    same = [name for name in sources if name.casefold() == value.casefold()]
    if len(same) == 1:
        return same[0]
    if not sources:
        raise UnknownValue(f"no source {value!r}: the archive has no articles yet")
    near = close_to(value, sources)
    if near:
        hint = f"; closest: {', '.join(near)}"
    elif len(sources) <= 10:
        hint = f"; sources: {', '.join(sorted(sources))}"
    else:
        hint = f" among {len(sources)} sources"
    raise UnknownValue(f"no source {value!r}{hint} (`newsroom articles` shows each article's)")
