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
import functools
from collections.abc import Iterable
from typing import NamedTuple

import ahocorasick_rs

from watchers.charclasses import SURROGATE, is_word_char
from watchers.folding import fold
from watchers.matchkeys import AliasEntry, Key, collect_keys
from watchers.model import Entity, Item, Mention

__all__ = ["CONTEXT_WINDOW", "Matcher", "fold"]

CONTEXT_WINDOW = 150
"""How far, in folded characters either side of a match, context words are looked for."""


class _Hit(NamedTuple):
    """A key found in folded text that passed the boundary rule."""

    start: int
    end: int
    key: Key


class Matcher:
    """Finds mentions of a fixed set of entities; read-only and thread-safe once built."""

    def __init__(self, automaton: ahocorasick_rs.AhoCorasick | None, keys: list[Key]) -> None:
        """Use :meth:`build`; wraps an automaton whose pattern ``i`` is the key ``keys[i]``."""
        self._automaton = automaton
        self._keys = keys

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Matcher:
        """Build one automaton over every alias and context word of ``entities``.

        Raises :class:`~watchers.errors.ConfigError` for an alias or context word that
        folds to nothing or holds a lone surrogate, and for an entity id given twice; the
        path names the entity and alias.
        """
        keys = sorted(collect_keys(entities).items())
        if not keys:
            return cls(None, [])
        # A DFA takes longer to build than the default automaton but searches faster.
        automaton = ahocorasick_rs.AhoCorasick(
            [folded for folded, _ in keys], implementation=ahocorasick_rs.Implementation.DFA
        )
        return cls(automaton, [key for _, key in keys])

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
        if not winners:
            return []
        spans = folded.original_spans([(hit.start, hit.end) for hit, _ in winners])
        return [
            Mention(entry.entity_id, entry.alias, start, end, field)
            for (_, entries), (start, end) in zip(winners, spans, strict=True)
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
        size = len(text)
        for index, start, end in self._found(text):
            key = self._keys[index]
            if key.left and start > 0 and _is_word_char(text[start - 1]):
                continue
            if key.right and end < size and _is_word_char(text[end]):
                continue
            hits.append(_Hit(start, end, key))
        return hits

    def _found(self, text: str) -> list[tuple[int, int, int]]:
        """``(key index, start, end)`` of every key in ``text``, overlaps too, by end."""
        assert self._automaton is not None
        try:
            return self._automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            # The automaton reads UTF-8, which cannot hold a lone surrogate (as a JSON
            # "\ud83d" escape gives). No key holds one, nor a capital letter, since keys
            # are folded; so a capital in its place finds the same keys at the same places.
            return self._automaton.find_matches_as_indexes(
                SURROGATE.sub("A", text), overlapping=True
            )


# Boundary checks see the same few characters over and over (spaces, letters, punctuation).
_is_word_char = functools.lru_cache(maxsize=4096)(is_word_char)


_Spans = list[tuple[int, int]]


def _admitted(hits: list[_Hit]) -> list[tuple[_Hit, tuple[AliasEntry, ...]]]:
    """Alias hits with the entries that pass the context rule (hits with none dropped)."""
    context_spans: dict[int, _Spans] = {}
    anchors: dict[str, _Spans] = {}
    for hit in hits:
        if hit.key.context_id >= 0:
            context_spans.setdefault(hit.key.context_id, []).append((hit.start, hit.end))
        for entity_id in hit.key.anchors:
            anchors.setdefault(entity_id, []).append((hit.start, hit.end))
    admitted = []
    for hit in hits:
        if len(hit.key.anchors) == len(hit.key.aliases):  # no alias of the key needs context
            if hit.key.aliases:
                admitted.append((hit, hit.key.aliases))
            continue
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
