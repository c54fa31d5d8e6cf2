"""Finding mentions of tracked entities in English and Chinese text.

A :class:`Matcher` is built once from the configured entities into one Aho-Corasick
automaton over *folded* text (see :func:`~watchers.folding.fold`), then matches any number of texts.
Nothing in it changes after :meth:`Matcher.build`, so one matcher may serve many
threads at once.

A candidate found by the automaton becomes a :class:`~watchers.model.Mention` only if
it passes, in this order:

1. **Word boundaries.** An alias that starts (ends) with a letter or digit of a
   space-delimited script counts only if the character before (after) it is not such a
   letter or digit. CJK characters are boundaries, so "网信办CAC发布" holds "CAC" while
   "cacao", "CACs" and "PIPLINE" hold nothing; "CAC's" holds "CAC". An alias that starts
   (ends) with a CJK character has no requirement on that side, because Chinese runs
   words together: "中国的网信办发布" holds "网信办".
2. **Context.** An alias with ``context`` words counts only if one of them, or another
   alias of the same entity that has no context words, lies within
   :data:`CONTEXT_WINDOW` folded characters before the match's start or after its end
   (wholly inside that window and not overlapping the match). That is roughly the
   sentence either side: "the NDB, China's new data bureau" holds the data-bureau "NDB"
   but "the NDB lent $1bn to Brazil" does not. Context words obey the boundary rule too,
   so "data" is not found inside "database".
3. **Leftmost-longest.** Of overlapping survivors, the one that starts first wins, and
   of those starting together the longest; the winners never overlap. So "Cyberspace
   Administration of China" is one mention even when "China" is also an alias. When
   several entities share the winning span (one alias, two entities) each gets a mention.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from watchers.charclasses import is_word_char
from watchers.folding import fold
from watchers.matchkeys import AliasEntry, Key, collect_keys
from watchers.model import Entity, Item, Mention

__all__ = ["CONTEXT_WINDOW", "Matcher", "fold"]

CONTEXT_WINDOW = 150
"""How far, in folded characters either side of a match, context words are looked for."""


@dataclass(frozen=True, slots=True)
class _Hit:
    """A key found in folded text that passed the boundary rule."""

    start: int
    end: int
    key: Key


class Matcher:
    """Finds mentions of a fixed set of entities; read-only and thread-safe once built."""

    def __init__(self, automaton: ahocorasick.Automaton | None) -> None:
        """Use :meth:`build`; this wraps an automaton already made from folded keys."""
        self._automaton = automaton

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Matcher:
        """Build one automaton over every alias and context word of ``entities``.

        Raises :class:`~watchers.errors.ConfigError` for an alias or context word that
        folds to nothing and for an entity id given twice; the path names the entity and
        alias.
        """
        keys = collect_keys(entities)
        if not keys:
            return cls(None)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for folded, key in keys.items():
            automaton.add_word(folded, key)
        automaton.make_automaton()
        return cls(automaton)

    def find(self, text: str, field: str = "text") -> list[Mention]:
        """Mentions in ``text``, sorted by start, with offsets into ``text`` itself.

        ``field`` is copied into each mention (e.g. "title"). See the module notes for
        the rules a mention passes.
        """
        if self._automaton is None or not text:
            return []
        folded = fold(text)
        hits = self._hits(folded.text)
        winners = _leftmost_longest(_admitted(hits))
        return [
            Mention(
                entry.entity_id,
                entry.alias,
                folded.original_start(hit.start),
                folded.original_end(hit.end),
                field,
            )
            for hit, entries in winners
            for entry in entries
        ]

    def find_in_item(self, item: Item) -> list[Mention]:
        """Mentions in ``item``'s title (field "title"), then in its text (field "text")."""
        return self.find(item.title, "title") + self.find(item.text, "text")

    def entity_ids(self, text: str) -> set[str]:
        """The ids of the entities mentioned in ``text``."""
        return {m.entity_id for m in self.find(text)}

    def _hits(self, text: str) -> list[_Hit]:
        """Every key occurrence in folded ``text`` that respects word boundaries."""
        assert self._automaton is not None
        hits = []
        for last, key in self._automaton.iter(text):
            start, end = last + 1 - key.length, last + 1
            if key.left and start > 0 and is_word_char(text[start - 1]):
                continue
            if key.right and end < len(text) and is_word_char(text[end]):
                continue
            hits.append(_Hit(start, end, key))
        return hits


_Spans = list[tuple[int, int]]


def _admitted(hits: list[_Hit]) -> list[tuple[_Hit, tuple[AliasEntry, ...]]]:
    """Alias hits with the entries that pass the context rule (hits with none dropped)."""
    context_spans: dict[int, _Spans] = {}
    anchors: dict[str, _Spans] = {}
    for hit in hits:
        if hit.key.context_id >= 0:
            context_spans.setdefault(hit.key.context_id, []).append((hit.start, hit.end))
        for entry in hit.key.aliases:
            if not entry.context:
                anchors.setdefault(entry.entity_id, []).append((hit.start, hit.end))
    admitted = []
    for hit in hits:
        entries = tuple(
            e
            for e in hit.key.aliases
            if not e.context
            or _near(hit, anchors.get(e.entity_id, []))
            or any(_near(hit, context_spans.get(w, [])) for w in e.context)
        )
        if entries:
            admitted.append((hit, entries))
    return admitted


def _near(hit: _Hit, spans: _Spans) -> bool:
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


def _leftmost_longest(
    admitted: list[tuple[_Hit, tuple[AliasEntry, ...]]],
) -> list[tuple[_Hit, tuple[AliasEntry, ...]]]:
    """The non-overlapping hits chosen leftmost first, longest first among equals.

    No two hits share a span (a span is one folded string, so one key), and a key that
    several entities share already carries all their entries.
    """
    admitted.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    chosen: list[tuple[_Hit, tuple[AliasEntry, ...]]] = []
    for hit, entries in admitted:
        if not chosen or hit.start >= chosen[-1][0].end:
            chosen.append((hit, entries))
    return chosen
