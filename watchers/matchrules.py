"""The rules a key found by the matcher's automaton passes to become a mention.

Each function takes hits in one folded text and returns those that pass; the
reasons for each rule are in :mod:`watchers.matcher`'s notes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

from watchers.matchkeys import AliasEntry, Key

CONTEXT_WINDOW = 150
"""How far, in folded characters either side of a match, context words are looked for."""


class Hit(NamedTuple):
    """A key found in folded text that passed the boundary rule."""

    start: int
    end: int
    key: Key


Admitted = tuple[Hit, tuple[AliasEntry, ...]]
"""A hit and the aliases (one per entity) it stands for that passed the context rule."""

_Spans = list[tuple[int, int]]


@dataclass(frozen=True)
class Present:
    """The context words (by id) and unconditional aliases (by entity) in a whole text.

    An item's title and text give each other context anywhere in them: a headline
    names the topic of the whole story, and the story explains its headline.
    """

    context_ids: frozenset[int] = frozenset()
    anchors: frozenset[str] = frozenset()

    @classmethod
    def of(cls, hits: list[Hit]) -> Present:
        """What ``hits`` hold, wherever they are."""
        return cls(
            frozenset(h.key.context_id for h in hits if h.key.context_id >= 0),
            frozenset(e for h in hits for e in h.key.anchors),
        )


NOTHING = Present()


def admitted(hits: list[Hit], elsewhere: Present = NOTHING) -> list[Admitted]:
    """Alias hits with the entries that pass the context rule (hits with none dropped).

    An entry's context counts when it lies within :data:`CONTEXT_WINDOW` of the hit, or
    anywhere in ``elsewhere`` (the other field of the same item).
    """
    context_spans: dict[int, _Spans] = {}
    anchors: dict[str, _Spans] = {}
    for hit in hits:
        if hit.key.context_id >= 0:
            context_spans.setdefault(hit.key.context_id, []).append((hit.start, hit.end))
        for entity_id in hit.key.anchors:
            anchors.setdefault(entity_id, []).append((hit.start, hit.end))
    out = []
    for hit in hits:
        if len(hit.key.anchors) == len(hit.key.aliases):  # no alias of the key needs context
            if hit.key.aliases:
                out.append((hit, hit.key.aliases))
            continue
        entries = tuple(
            e
            for e in hit.key.aliases
            if not e.context
            or e.entity_id in elsewhere.anchors
            or not elsewhere.context_ids.isdisjoint(e.context)
            or _near(hit, anchors.get(e.entity_id, []))
            or any(_near(hit, context_spans.get(w, [])) for w in e.context)
        )
        if entries:
            out.append((hit, entries))
    return out


def _near(hit: Hit, spans: _Spans) -> bool:
    """True if one of ``spans`` lies within the context window and off the hit itself.

    ``spans`` are in order of their ends, as the automaton reports them.
    """
    lo, hi = hit.start - CONTEXT_WINDOW, hit.end + CONTEXT_WINDOW
    for i in range(bisect.bisect_left(spans, lo, key=lambda span: span[1]), len(spans)):
        start, end = spans[i]
        if end > hi:
            return False
        if lo <= start and (end <= hit.start or start >= hit.end):
            return True
    return False


def leftmost_longest(found: list[Admitted]) -> list[Admitted]:
    """The non-overlapping hits chosen leftmost first, longest first among equals.

    No two hits share a span (a span is one folded string, so one key), and a key that
    several entities share already carries all their entries.
    """
    found.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    chosen: list[Admitted] = []
    for hit, entries in found:
        if not chosen or hit.start >= chosen[-1][0].end:
            chosen.append((hit, entries))
    return chosen
