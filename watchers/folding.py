"""Folding text for matching, with the way back to the original offsets.

fold(text) = traditional Chinese made simplified (same length, see
:mod:`watchers.hanzi`), NFKC, then casefold, then separators: each whitespace, dash or hyphen
becomes a space, runs of them become one space, and a run between two CJK characters
disappears (Chinese has no spaces, so one there is a line break inside a word). Curly
apostrophes become "'", and invisible format characters (soft hyphen, zero-width
space, BOM, bidi marks) are dropped.

Folding runs in three passes so that the common case stays in C:

1. "clusters": the few characters that fold to zero or several characters, or that
   NFKC may combine with the character before them, are folded one cluster at a time
   and their offsets recorded;
2. every other character now folds to exactly one character regardless of its
   neighbours, so one regex split, a table lookup per match and casefold() do the
   rest in place;
3. "gaps": runs of spaces are collapsed (or dropped between CJK), offsets recorded.

Each recording pass yields an offset map; mapping back goes through both.

:func:`joined_at_line_ends` gives the other reading of a word hyphenated at a line
end ("Cyber-\nspace"), for a matcher to try beside the plain one: the hyphen may
be the typesetter's or the word's own ("state-\nowned").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from watchers.charclasses import APOSTROPHES, INVISIBLE, SEPARATORS
from watchers.foldtables import FoldTables, fold_tables
from watchers.hanzi import to_simplified
from watchers.offsetmaps import Cluster, Clusters, OffsetMap, spliced, unchanged


@dataclass(frozen=True)
class FoldedText:
    """A folded text and the way back to the original.

    A match ``text[a:b]`` of the folded text came from ``original[original_start(a):
    original_end(b)]``; a match that starts or ends inside a folded cluster (say "ss"
    from "ß") widens to the whole original cluster.
    """

    text: str
    maps: tuple[OffsetMap, ...]  # last pass first

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

    def original_spans(self, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """``(original_start(a), original_end(b))`` for each ``(a, b)``; faster for many."""
        starts, ends = [a for a, _ in spans], [b for _, b in spans]
        for offsets in self.maps:
            starts, ends = offsets.starts(starts), offsets.ends(ends)
        return list(zip(starts, ends, strict=True))


def fold(text: str) -> FoldedText:
    """Fold ``text`` for matching (see the notes above) and keep the offset map."""
    tables = fold_tables()
    text = to_simplified(text)
    clustered, by_cluster = _fold_clusters(text, tables)
    plain = _fold_singles(clustered, tables)
    maps: tuple[OffsetMap, ...] = (by_cluster,)
    if len(plain) != len(clustered):
        # Not expected from how special characters are chosen; kept so that an
        # unforeseen Unicode case costs speed, never a wrong offset.
        plain, by_char = _fold_each(clustered)
        maps = (by_char, by_cluster)
    folded, by_gap = _collapse_gaps(plain, tables)
    return FoldedText(folded, (by_gap, *maps))


# A hyphen closing a line after a letter, with the spaces around the break, before a
# letter. Starting with the hyphen, not a look-behind, lets the engine skip to hyphens.
_LINE_END_HYPHEN = re.compile(r"[-\u2010\u2011](?<=[^\W\d_].)[ \t]*\r?\n[ \t]*(?=[^\W\d_])")
_SOFT_HYPHEN = "\xad"  # folds to nothing; see INVISIBLE


def joined_at_line_ends(text: str) -> str:
    """``text`` with each hyphenated line break between letters made soft hyphens.

    The result has the length of ``text`` (one soft hyphen per character replaced) and
    folds with the two halves of each such word joined: "Cyber-\nspace" folds to
    "cyberspace". Text without such a break comes back unchanged.
    """
    return _LINE_END_HYPHEN.sub(lambda m: _SOFT_HYPHEN * len(m.group()), text)


def _fold_singles(text: str, tables: FoldTables) -> str:
    """Pass 2: separators become spaces, one-to-one characters fold, all is casefolded."""
    # split() and C-level maps do per match what a sub() callback would do in Python;
    # casefold() is per character, and far faster on the pieces that are pure ASCII.
    # Newlines, the commonest separator by far, are replaced beforehand in one C call.
    text = text.replace("\n", " ")
    parts = tables.single.split(text)  # unchanged, matched, unchanged, ...
    if len(parts) == 1:
        return text.casefold()
    parts[::2] = map(str.casefold, parts[::2])
    parts[1::2] = map(tables.single_map.__getitem__, parts[1::2])
    return "".join(parts)


def _fold_clusters(text: str, tables: FoldTables) -> tuple[str, OffsetMap]:
    """Pass 1: fold each special character with the joiners after it (or before)."""
    pieces: list[str] = []
    clusters: list[Cluster] = []
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
        return text, OffsetMap(unchanged)
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap(lambda: Clusters.of(clusters))


def _fold_one(chunk: str) -> str:
    """Fold a short piece on its own: NFKC, casefold, separators and apostrophes."""
    out = unicodedata.normalize("NFKC", chunk).casefold()
    out = "".join(" " if c in SEPARATORS else APOSTROPHES.get(c, c) for c in out)
    return "".join(c for c in out if c not in INVISIBLE)


def _fold_each(text: str) -> tuple[str, OffsetMap]:
    """Fold character by character, recording every change of length."""
    pieces: list[str] = []
    clusters: list[Cluster] = []
    out = 0
    for i, ch in enumerate(text):
        folded = _fold_one(ch)
        if len(folded) != 1:
            clusters.append((out, out + len(folded), i, i + 1))
        pieces.append(folded)
        out += len(folded)
    return "".join(pieces), OffsetMap(lambda: Clusters.of(clusters))


def _collapse_gaps(text: str, tables: FoldTables) -> tuple[str, OffsetMap]:
    """Pass 3: no space between CJK characters, one space for any other run of spaces."""
    # kept, CJK gap or None, other run or None, kept, ...; each run less its first space
    parts = tables.gap.split(text)
    if len(parts) == 1:
        return text, OffsetMap(unchanged)
    kept = parts[::3]
    gaps = parts[1::3]
    runs = zip(gaps, parts[2::3], strict=True)
    old = [" " + (gap if gap is not None else run) for gap, run in runs]
    new = ["" if gap is not None else " " for gap in gaps]
    pieces = kept + new
    pieces[::2], pieces[1::2] = kept, new  # kept[0], new[0], kept[1], ...
    return "".join(pieces), OffsetMap(functools.partial(spliced, kept, old, new))
