"""Ids as people read them: cut to the fewest characters that tell the listed ones apart.

Article ids are 20 hex digits and run ids UUIDs whose first digits are their start time (the
runs of a day share them). A listing (the CLI's, a run's table in the Prefect UI) shows each id
cut to one length, the shortest at which the ids it lists all differ and never under
:data:`MIN_ID_LENGTH`, as ``git log --oneline`` abbreviates commits; the commands that take an
id take any unique start of one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MIN_ID_LENGTH = 8  # 32 bits of an article id: unique in an archive of a few thousand stories


def id_length(ids: Iterable[str], minimum: int = MIN_ID_LENGTH) -> int:
    """The shortest length, at least ``minimum``, at which the ``ids`` all differ: one more than
    the longest prefix two of them share (neighbours in sorted order share the longest)."""
    ordered = sorted(set(ids))
    length = minimum
    for first, second in zip(ordered, ordered[1:], strict=False):
        shared = 0
        for a, b in zip(first, second, strict=False):
            if a != b:
                break
            shared += 1
        length = max(length, shared + 1)
    return length


def short_ids(ids: Sequence[str], minimum: int = MIN_ID_LENGTH) -> dict[str, str]:
    """Each id cut to the length that tells the listed ids apart (:func:`id_length`)."""
    length = id_length(ids, minimum)
    return {full: full[:length] for full in ids}
