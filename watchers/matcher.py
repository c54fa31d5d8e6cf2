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
   so "data" is not found inside "database". In an item, a context word anywhere in
   the title counts for the text and one anywhere in the text counts for the title.
3. **Whole words in Chinese.** A Chinese alias found between Chinese characters
   counts only if no word of a segmentation of its surroundings straddles its start
   or end (see :mod:`watchers.wordcuts`): "其中共享" holds no 中共 and "清华为什么" no
   华为, while "华为公司" holds 华为.
4. **Leftmost-longest.** Of overlapping survivors, the one that starts first wins, and
   of those starting together the longest; the winners never overlap. So "Cyberspace
   Administration of China" is one mention even when "China" is also an alias. When
   several entities share the winning span (one alias, two entities) each gets a mention.

Folding makes traditional script simplified, so 馬興瑞 is found as 马兴瑞, at its
place in the original. A word hyphenated at a line end is matched both ways, joined
("Cyber-\nspace" as "Cyberspace") and as written ("state-\nowned" as "state-owned").
In an item, an abbreviation defined next to a mention ("the National Data Bureau
(NDB)") stands for that entity everywhere in the item (see
:mod:`watchers.abbreviations`).

An item is searched only as far as it is read (see :mod:`watchers.extent`): the start
of its title, the start of its text, and later sentences that name tracked entities up
to a limit. A mention elsewhere is left out, so that what is stored is what was read.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from watchers import extent
from watchers.abbreviations import Definition, definitions, merged, uses
from watchers.charclasses import SURROGATE, is_word_char
from watchers.folding import FoldedText, fold, joined_at_line_ends
from watchers.matchkeys import Key, collect_keys
from watchers.matchrules import (
    CONTEXT_WINDOW,
    NOTHING,
    Admitted,
    Hit,
    Present,
    admitted,
    leftmost_longest,
)
from watchers.model import Entity, Item, Mention
from watchers.wordcuts import WordCuts

__all__ = ["CONTEXT_WINDOW", "Matcher", "fold"]


@dataclass(frozen=True)
class _Scan:
    """One text's readings (as written, and with line-end hyphens joined if it has
    any), each folded with the hits that passed the boundary and word rules."""

    readings: tuple[tuple[FoldedText, list[Hit]], ...]

    def present(self) -> Present:
        """The context this text gives the other field of its item."""
        return Present.of([hit for _, hits in self.readings for hit in hits])


class Matcher:
    """Finds mentions of a fixed set of entities; read-only and thread-safe once built."""

    def __init__(
        self,
        automaton: ahocorasick_rs.AhoCorasick | None,
        keys: list[Key],
        entities: Iterable[Entity] = (),
    ) -> None:
        """Use :meth:`build`; wraps an automaton whose pattern ``i`` is the key ``keys[i]``."""
        entities = tuple(entities)
        self._numbered_after = {e.id: e.numbered_after for e in entities if e.numbered_after}
        self._kinds = {e.id: e.kind.value for e in entities}
        self._within = {e.id: e.within for e in entities if e.within}
        self._automaton = automaton
        self._keys = keys
        self._by_text = {key.text: key for key in keys}
        self._cuts = WordCuts(key.text for key in keys if key.aliases)
        # Every context word at once: see find_in_claim.
        self._everything = Present(frozenset(k.context_id for k in keys if k.context_id >= 0))

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Matcher:
        """Build one automaton over every alias and context word of ``entities``.

        Raises :class:`~watchers.errors.ConfigError` for an alias or context word that
        folds to nothing or holds a lone surrogate, and for an entity id given twice; the
        path names the entity and alias.
        """
        entities = tuple(entities)
        keys = sorted(collect_keys(entities).values(), key=lambda key: key.text)
        if not keys:
            return cls(None, [], entities)
        # A DFA takes longer to build than the default automaton but searches faster.
        automaton = ahocorasick_rs.AhoCorasick(
            [key.text for key in keys], implementation=ahocorasick_rs.Implementation.DFA
        )
        return cls(automaton, keys, entities)

    def series(self, entity_id: str) -> str:
        """The body whose term numbers ``entity_id``'s (itself when none): the 20th
        Politburo is elected by the 20th Central Committee."""
        return _chain(self._numbered_after, entity_id)[-1]

    def contains(self, outer: str, inner: str) -> bool:
        """Whether ``inner`` sits within ``outer``, directly or through other bodies."""
        return outer in _chain(self._within, inner)[1:]

    def kind(self, entity_id: str) -> str:
        """The kind of a tracked entity ("body", "party_organ" …); "" for any other id."""
        return self._kinds.get(entity_id, "")

    def find(self, text: str, field: str = "text") -> list[Mention]:
        """Mentions in ``text``, sorted by start, with offsets into ``text`` itself.

        ``field`` is copied into each mention (e.g. "title"). See the module notes for
        the rules a mention passes.
        """
        return self._mentions(self._scan(text), field, NOTHING)

    def find_in_claim(self, text: str) -> list[Mention]:
        """Mentions in a claim, where every alias is taken in context.

        Context words tell "DiDi" the ride-hailing firm from a given name in a news story;
        a claim in the claim base is about the tracked entities by definition, and an
        admin writes "DiDi was fined 8 billion yuan" without saying what DiDi is.
        """
        return self._mentions(self._scan(text), "text", self._everything)

    def find_in_item(self, item: Item) -> list[Mention]:
        """Mentions in ``item``'s title (field "title"), then in its text (field "text"),
        within what is read of the item (see :mod:`watchers.extent`).

        Unlike :meth:`find` on each, context words count across the two fields, and an
        abbreviation the item defines counts wherever the item uses it.
        """
        title_text, text_text = extent.scanned(item)
        title, text = self._scan(title_text), self._scan(text_text)
        in_title = self._mentions(title, "title", text.present())
        in_text = self._mentions(text, "text", title.present())
        defined = definitions(title_text, in_title) + definitions(text_text, in_text)
        if defined:
            aliases = [(d, self._alias_of(d)) for d in dict.fromkeys(defined)]
            in_title = merged(in_title, uses(title_text, aliases, "title", self._cuts.cuts))
            in_text = merged(in_text, uses(text_text, aliases, "text", self._cuts.cuts))
        return in_title + extent.kept(text_text, in_text)

    def entity_ids(self, text: str) -> set[str]:
        """The ids of the entities mentioned in ``text``."""
        return {m.entity_id for m in self.find(text)}

    def _scan(self, text: str) -> _Scan:
        if self._automaton is None or not text:
            return _Scan(())
        readings = [text]
        joined = joined_at_line_ends(text)
        if joined != text:
            readings.append(joined)
        scanned = []
        for reading in readings:
            folded = fold(reading)
            scanned.append((folded, self._hits(folded.text)))
        return _Scan(tuple(scanned))

    def _mentions(self, scan: _Scan, field: str, elsewhere: Present) -> list[Mention]:
        """The mentions of a scanned text, its other field giving context ``elsewhere``."""
        found: list[tuple[int, int, Admitted]] = []
        for folded, hits in scan.readings:
            winners = leftmost_longest(admitted(hits, elsewhere)) if hits else []
            if not winners:
                continue
            spans = folded.original_spans([(hit.start, hit.end) for hit, _ in winners])
            found += [(s, e, w) for (s, e), w in zip(spans, winners, strict=True)]
        if len(scan.readings) > 1:
            found = _leftmost_longest_spans(found)
        return [
            Mention(entry.entity_id, entry.alias, start, end, field)
            for start, end, (_, entries) in found
            for entry in entries
        ]

    def _alias_of(self, definition: Definition) -> str:
        """The configured alias an item's abbreviation folds to, else the abbreviation."""
        key = self._by_text.get(fold(definition.abbreviation).text.strip(" "))
        for entry in key.aliases if key is not None else ():
            if entry.entity_id == definition.entity_id:
                return entry.alias
        return definition.abbreviation

    def _hits(self, text: str) -> list[Hit]:
        """Every key occurrence in folded ``text`` that respects word boundaries, and
        every alias among them that cuts through no Chinese word."""
        assert self._automaton is not None
        hits = []
        size = len(text)
        for index, start, end in self._found(text):
            key = self._keys[index]
            if key.left and start > 0 and _is_word_char(text[start - 1]):
                continue
            if key.right and end < size and _is_word_char(text[end]):
                continue
            if key.aliases and not (key.left and key.right) and self._cuts.cuts(text, start, end):
                continue
            hits.append(Hit(start, end, key))
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


def _leftmost_longest_spans(
    found: list[tuple[int, int, Admitted]],
) -> list[tuple[int, int, Admitted]]:
    """Leftmost-longest over mentions of two readings of one text, by original offsets;
    a span both readings found is kept once."""
    found.sort(key=lambda f: (f[0], -f[1]))
    chosen: list[tuple[int, int, Admitted]] = []
    for start, end, winner in found:
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end, winner))
    return chosen


def _chain(links: dict[str, str], start: str) -> list[str]:
    """``start`` and the ids its links lead to, in order, each once."""
    chain = [start]
    while (nxt := links.get(chain[-1])) and nxt not in chain:
        chain.append(nxt)
    return chain
