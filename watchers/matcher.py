"""Finding mentions of tracked entities in English and Chinese text.

A :class:`Matcher` is built once from the configured entities into one Aho-Corasick
automaton over *folded* text (see :func:`fold`), then matches any number of texts.
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
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from watchers.errors import ConfigError
from watchers.model import Alias, Entity, Mention

CONTEXT_WINDOW = 150
"""How far, in folded characters either side of a match, context words are looked for."""

# --- Folding -------------------------------------------------------------------------
#
# fold(text) = NFKC, then casefold, then separators: each whitespace, dash or hyphen
# becomes a space, runs of them become one space, and a run between two CJK characters
# disappears (Chinese has no spaces, so one there is a line break inside a word). Curly
# apostrophes become "'", and invisible format characters (soft hyphen, zero-width
# space, BOM, bidi marks) are dropped.
#
# Folding runs in three passes so that the common case stays in C:
# 1. "clusters": the few characters that fold to zero or several characters, or that
#    NFKC may combine with the character before them, are folded one cluster at a time
#    and their offsets recorded;
# 2. every other character now folds to exactly one character regardless of its
#    neighbours, so regex substitutions and one casefold() do the rest in place;
# 3. "gaps": runs of spaces are collapsed (or dropped between CJK), offsets recorded.
# Each recording pass yields an offset map; mapping back goes through both.

_SEPARATORS = frozenset(
    (
        *(chr(cp) for cp in range(0x3001) if chr(cp).isspace()),
        *"-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d",
    )
)
_INVISIBLE = "\xad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_INVISIBLE += "\u2060\u2061\u2062\u2063\u2064\ufeff"
_APOSTROPHES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'"}

# Blocks written without spaces between words, and so boundaries for Latin aliases.
# Hangul is left out: Korean separates words with spaces.
_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3001, 0x303F),  # CJK punctuation (not U+3000, the ideographic space)
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo extended, strokes, katakana extensions
    (0x3200, 0x33FF),  # enclosed and compatibility CJK
    (0x3400, 0x4DBF),  # extension A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # compatibility forms
    (0x20000, 0x3FFFF),  # extensions B and later
)

# A regex character class tests the code point ranges outside the BMP one by one for
# every character that is not in it, so those are given coarsely and checked in Python.
_ASTRAL_CLUSTER_STARTS = ((0x10000, 0x1FFFF),)
_ASTRAL_ONE_TO_ONE = ((0x10000, 0x1FFFF), (0x2F800, 0x2FA1F))


def _is_cjk(ch: str) -> bool:
    """True if ``ch`` belongs to a script written without spaces (Han, kana, bopomofo)."""
    cp = ord(ch)
    return cp >= 0x2E80 and any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _is_word_char(ch: str) -> bool:
    """True if ``ch`` continues a word of a space-delimited script (letter, digit, mark, _)."""
    if ch.isalnum() or ch == "_":
        return not _is_cjk(ch)
    return unicodedata.category(ch).startswith("M")


_Cluster = tuple[int, int, int, int]


class _OffsetMap:
    """Offsets from one pass's output back to its input.

    ``clusters()`` lists ``(out_start, out_end, in_start, in_end)`` for every stretch
    whose length changed, in order; between clusters, offsets shift by a constant. It is
    called on first use only, since most texts are folded, searched and found empty.
    """

    def __init__(self, clusters: Callable[[], list[_Cluster]]) -> None:
        self._make = clusters

    @functools.cached_property
    def _clusters(self) -> tuple[list[_Cluster], list[int]]:
        clusters = self._make()
        return clusters, [c[1] for c in clusters]

    def start(self, pos: int) -> int:
        """The input offset where the output character at ``pos`` begins."""
        clusters, ends = self._clusters
        i = bisect.bisect_right(ends, pos)
        if i < len(clusters) and clusters[i][0] <= pos:
            return clusters[i][2]
        return _shifted(clusters, i - 1, pos)

    def end(self, pos: int) -> int:
        """The input offset where the output character before ``pos`` ends."""
        clusters, ends = self._clusters
        i = bisect.bisect_left(ends, pos)
        if i < len(clusters) and clusters[i][0] < pos:
            return clusters[i][3]
        return _shifted(clusters, i - 1, pos)


def _shifted(clusters: list[_Cluster], before: int, pos: int) -> int:
    """Map ``pos`` by the shift in force after cluster ``before`` (-1: none yet)."""
    if before < 0:
        return pos
    _, out_end, _, in_end = clusters[before]
    return in_end + (pos - out_end)


def _replaced(pattern: re.Pattern[str], source: str, width: int) -> list[_Cluster]:
    """The clusters of ``pattern.sub(r, source)`` for a replacement ``r`` of ``width``."""
    spans = [m.span() for m in pattern.finditer(source)]
    shrinks = itertools.accumulate((end - start - width for start, end in spans), initial=0)
    return [
        (start - shrink, start - shrink + width, start, end)
        for (start, end), shrink in zip(spans, shrinks, strict=False)
    ]


@dataclass(frozen=True)
class FoldedText:
    """A folded text and the way back to the original.

    A match ``text[a:b]`` of the folded text came from ``original[original_start(a):
    original_end(b)]``; a match that starts or ends inside a folded cluster (say "ss"
    from "ß") widens to the whole original cluster.
    """

    text: str
    maps: tuple[_OffsetMap, ...]  # last pass first

    def original_start(self, pos: int) -> int:
        """The original offset where the folded character at ``pos`` begins."""
        for offsets in self.maps:
            pos = offsets.start(pos)
        return pos

    def original_end(self, pos: int) -> int:
        """The original offset where the folded character before ``pos`` ends."""
        for offsets in self.maps:
            pos = offsets.end(pos)
        return pos


@dataclass(frozen=True)
class _Tables:
    """What folding needs from the Unicode database, built once per process."""

    cluster_start: re.Pattern[str]  # a special character and the joiners after it
    joining: frozenset[str]  # characters that may combine with the one before
    special: frozenset[str]  # every character that starts a cluster
    separator: re.Pattern[str]  # a separator other than the space
    one_to_one: re.Pattern[str]  # a character folded to another single character
    one_to_one_map: dict[str, str]
    cjk_gap: re.Pattern[str]  # spaces between CJK characters
    space_run: re.Pattern[str]  # two spaces or more


def fold(text: str) -> FoldedText:
    """Fold ``text`` for matching (see the notes above) and keep the offset map."""
    tables = _tables()
    clustered, by_cluster = _fold_clusters(text, tables)
    plain = tables.separator.sub(" ", clustered)
    plain = tables.one_to_one.sub(_one_to_one, plain).casefold()
    maps: tuple[_OffsetMap, ...] = (by_cluster,)
    if len(plain) != len(clustered):
        # Not expected from how special characters are chosen; kept so that an
        # unforeseen Unicode case costs speed, never a wrong offset.
        plain, by_char = _fold_each(clustered)
        maps = (by_char, by_cluster)
    folded, by_run, by_gap = _collapse_gaps(plain, tables)
    return FoldedText(folded, (by_run, by_gap, *maps))


def _one_to_one(m: re.Match[str]) -> str:
    ch = m.group()
    return _tables().one_to_one_map.get(ch, ch)


def _fold_clusters(text: str, tables: _Tables) -> tuple[str, _OffsetMap]:
    """Pass 1: fold each special character with the joiners after it (or before)."""
    pieces: list[str] = []
    clusters: list[_Cluster] = []
    pos = out = 0
    for m in tables.cluster_start.finditer(text):
        start, end = m.span()
        if end - start == 1 and text[start] not in tables.special:
            continue  # an astral character let through by the coarse class
        if start > pos and text[start] in tables.joining:
            start -= 1  # fold the base character with its combining marks
        folded = _fold_one(text[start:end])
        pieces += (text[pos:start], folded)
        out += start - pos
        clusters.append((out, out + len(folded), start, end))
        out += len(folded)
        pos = end
    if not clusters:
        return text, _OffsetMap(list)
    pieces.append(text[pos:])
    return "".join(pieces), _OffsetMap(lambda: clusters)


def _fold_one(chunk: str) -> str:
    """Fold a short piece on its own: NFKC, casefold, separators and apostrophes."""
    out = unicodedata.normalize("NFKC", chunk).casefold()
    out = "".join(" " if c in _SEPARATORS else _APOSTROPHES.get(c, c) for c in out)
    return "".join(c for c in out if c not in _INVISIBLE)


def _fold_each(text: str) -> tuple[str, _OffsetMap]:
    """Fold character by character, recording every change of length."""
    pieces: list[str] = []
    clusters: list[_Cluster] = []
    out = 0
    for i, ch in enumerate(text):
        folded = _fold_one(ch)
        if len(folded) != 1:
            clusters.append((out, out + len(folded), i, i + 1))
        pieces.append(folded)
        out += len(folded)
    return "".join(pieces), _OffsetMap(lambda: clusters)


def _collapse_gaps(text: str, tables: _Tables) -> tuple[str, _OffsetMap, _OffsetMap]:
    """Pass 3: no space between CJK characters, then one space for a run of spaces."""
    joined = tables.cjk_gap.sub("", text)
    collapsed = tables.space_run.sub(" ", joined)
    return (
        collapsed,
        _OffsetMap(functools.partial(_replaced, tables.space_run, joined, 1)),
        _OffsetMap(functools.partial(_replaced, tables.cjk_gap, text, 0)),
    )


@functools.cache
def _tables() -> _Tables:
    """Scan the Unicode database for special characters (a fraction of a second, once)."""
    seconds = _second_of_canonical_pairs()
    expanding: set[str] = set(_INVISIBLE)
    joining: set[str] = set()
    one_to_one = dict(_APOSTROPHES)
    for cp in _scanned():
        ch = chr(cp)
        if ch in _SEPARATORS or ch in expanding:
            continue
        folded = unicodedata.normalize("NFKC", ch).casefold()
        if len(folded) != 1 or len(ch.casefold()) != 1:
            expanding.add(ch)
        elif _joins_previous(ch, seconds):
            joining.add(ch)
        elif folded != ch.casefold():
            one_to_one[ch] = folded
    cjk = _char_class(_CJK_RANGES)
    starts = _char_class(_runs(expanding | joining), _ASTRAL_CLUSTER_STARTS)
    return _Tables(
        cluster_start=re.compile(f"{starts}{_char_class(_runs(joining))}*"),
        joining=frozenset(joining),
        special=frozenset(expanding | joining),
        separator=re.compile(_char_class(_runs(_SEPARATORS - {" "}))),
        one_to_one=re.compile(_char_class(_runs(one_to_one), _ASTRAL_ONE_TO_ONE)),
        one_to_one_map=one_to_one,
        cjk_gap=re.compile(f" (?<={cjk} ) *(?={cjk})"),
        space_run=re.compile("  +"),
    )


def _scanned() -> Iterator[int]:
    """Every code point that may fold: planes 4-13 are unassigned, 15-16 private use."""
    return itertools.chain(range(0xD800), range(0xE000, 0x40000), range(0xE0000, 0xF0000))


def _second_of_canonical_pairs() -> frozenset[int]:
    """Characters that canonical composition may fuse onto the character before them."""
    seconds = set()
    for cp in _scanned():
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    return frozenset(seconds)


def _joins_previous(ch: str, seconds: frozenset[int]) -> bool:
    """True if NFKC may treat ``ch`` differently after some character than alone."""
    first = unicodedata.normalize("NFKD", ch)[0]
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.combining(first) != 0
        or ord(first) in seconds
        or 0x1160 <= ord(first) <= 0x11FF  # Hangul medial vowels and final consonants
        or 0xD7B0 <= ord(first) <= 0xD7FF
    )


def _char_class(
    runs: Iterable[tuple[int, int]], astral: tuple[tuple[int, int], ...] | None = None
) -> str:
    """A regex class for inclusive code point runs; ``astral`` replaces those past the BMP."""
    runs = list(runs)
    kept = [(lo, min(hi, 0xFFFF)) for lo, hi in runs if lo <= 0xFFFF]
    if astral is None:
        astral = tuple((max(lo, 0x10000), hi) for lo, hi in runs if hi > 0xFFFF)
    body = "".join(
        _esc(lo) if lo == hi else f"{_esc(lo)}-{_esc(hi)}" for lo, hi in (*kept, *astral)
    )
    return f"[{body}]"


def _runs(chars: Iterable[str]) -> list[tuple[int, int]]:
    """Collapse characters into ascending inclusive (lo, hi) code point runs."""
    runs: list[tuple[int, int]] = []
    for cp in sorted(map(ord, chars)):
        if runs and runs[-1][1] == cp - 1:
            runs[-1] = (runs[-1][0], cp)
        else:
            runs.append((cp, cp))
    return runs


def _esc(cp: int) -> str:
    return f"\\U{cp:08x}"


# --- Matching ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _AliasEntry:
    """One entity's claim on a key: the alias as configured and its context word ids."""

    entity_id: str
    alias: str
    context: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class _Key:
    """What a folded key in the automaton stands for.

    ``left``/``right`` say whether the key needs a word boundary on that side;
    ``context_id`` is the key's id as a context word, or -1 if it is none.
    """

    length: int
    left: bool
    right: bool
    aliases: tuple[_AliasEntry, ...]
    context_id: int


@dataclass(frozen=True, slots=True)
class _Hit:
    """A key found in folded text that passed the boundary rule."""

    start: int
    end: int
    key: _Key


class Matcher:
    """Finds mentions of a fixed set of entities; read-only and thread-safe once built."""

    def __init__(self, automaton: ahocorasick.Automaton | None) -> None:
        """Use :meth:`build`; this wraps an automaton already made from folded keys."""
        self._automaton = automaton

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> Matcher:
        """Build one automaton over every alias and context word of ``entities``.

        Raises :class:`ConfigError` for an alias or context word that folds to nothing
        and for an entity id given twice; the path names the entity and alias.
        """
        keys = _collect_keys(entities)
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

    def entity_ids(self, text: str) -> set[str]:
        """The ids of the entities mentioned in ``text``."""
        return {m.entity_id for m in self.find(text)}

    def _hits(self, text: str) -> list[_Hit]:
        """Every key occurrence in folded ``text`` that respects word boundaries."""
        assert self._automaton is not None
        hits = []
        for last, key in self._automaton.iter(text):
            start, end = last + 1 - key.length, last + 1
            if key.left and start > 0 and _is_word_char(text[start - 1]):
                continue
            if key.right and end < len(text) and _is_word_char(text[end]):
                continue
            hits.append(_Hit(start, end, key))
        return hits


def _collect_keys(entities: Iterable[Entity]) -> dict[str, _Key]:
    """Fold every alias and context word into keys, merging those that fold alike."""
    aliases: dict[str, dict[str, _AliasEntry]] = {}
    words: dict[str, int] = {}
    seen: set[str] = set()
    for n, entity in enumerate(entities):
        if entity.id in seen:
            raise ConfigError("<entities>", f"entities[{n}].id", f"duplicate id {entity.id!r}")
        seen.add(entity.id)
        for alias, where in _alias_places(entity, f"entities[{n}]"):
            context = tuple(
                words.setdefault(_folded_key(w, f"{where}.context[{j}]"), len(words))
                for j, w in enumerate(alias.context)
            )
            by_entity = aliases.setdefault(_folded_key(alias.text, where), {})
            entry = _AliasEntry(entity.id, alias.text, context)
            by_entity[entity.id] = _merge(by_entity.get(entity.id), entry)
    return {
        k: _make_key(k, tuple(aliases.get(k, {}).values()), words.get(k, -1))
        for k in aliases.keys() | words.keys()
    }


def _alias_places(entity: Entity, at: str) -> list[tuple[Alias, str]]:
    """Each of ``entity.all_aliases()`` with where it is written, for error messages."""
    every = entity.all_aliases()
    labels = [f"{at}.{key}" for key in ("name_en", "name_zh") if getattr(entity, key)]
    labels += [f"{at}.aliases[{i}]" for i in range(len(entity.aliases))]
    if len(labels) != len(every):  # names from somewhere this does not know of
        labels = [f"{at} alias {i}" for i in range(len(every))]
    return list(zip(every, labels, strict=True))


def _merge(old: _AliasEntry | None, new: _AliasEntry) -> _AliasEntry:
    """One entity listing two aliases that fold alike: an unconditional one wins."""
    if old is None:
        return new
    if not old.context:
        return old
    if not new.context:
        return new
    return _AliasEntry(old.entity_id, old.alias, tuple(dict.fromkeys(old.context + new.context)))


def _folded_key(text: str, where: str) -> str:
    key = fold(text).text.strip(" ")
    if not key:
        raise ConfigError("<entities>", where, f"{text!r} is empty once folded")
    return key


def _make_key(folded: str, aliases: tuple[_AliasEntry, ...], context_id: int) -> _Key:
    return _Key(
        len(folded), _is_word_char(folded[0]), _is_word_char(folded[-1]), aliases, context_id
    )


_Spans = list[tuple[int, int]]


def _admitted(hits: list[_Hit]) -> list[tuple[_Hit, tuple[_AliasEntry, ...]]]:
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
    admitted: list[tuple[_Hit, tuple[_AliasEntry, ...]]],
) -> list[tuple[_Hit, tuple[_AliasEntry, ...]]]:
    """The non-overlapping hits chosen leftmost first, longest first among equals.

    No two hits share a span (a span is one folded string, so one key), and a key that
    several entities share already carries all their entries.
    """
    admitted.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    chosen: list[tuple[_Hit, tuple[_AliasEntry, ...]]] = []
    for hit, entries in admitted:
        if not chosen or hit.start >= chosen[-1][0].end:
            chosen.append((hit, entries))
    return chosen
