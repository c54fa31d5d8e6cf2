"""What folding needs from the Unicode database, found by scanning it once per process.

:func:`fold_tables` sorts characters into those :func:`watchers.folding.fold` must
fold one cluster at a time (they fold to zero or several characters, or NFKC may
combine them with the character before) and those that fold to exactly one other
character whatever their neighbours, and compiles the regular expressions that find
each kind.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from watchers.charclasses import APOSTROPHES, CJK_RANGES, INVISIBLE, SEPARATORS

# A regex character class tests the code point ranges outside the BMP one by one for
# every character that is not in it, so those are given coarsely and checked in Python.
_ASTRAL_CLUSTER_STARTS = ((0x10000, 0x1FFFF),)
_ASTRAL_ONE_TO_ONE = ((0x10000, 0x1FFFF), (0x2F800, 0x2FA1F))


@dataclass(frozen=True)
class FoldTables:
    """What folding needs from the Unicode database, built once per process."""

    cluster_start: re.Pattern[str]  # a special character and the joiners after it
    joining: frozenset[str]  # characters that may combine with the one before
    special: frozenset[str]  # every character that starts a cluster
    single: re.Pattern[str]  # (a separator other than space and newline, or a one-to-one)
    single_map: dict[str, str]  # what each folds to, casefolded; any other to its casefold
    gap: re.Pattern[str]  # a space, then (more between CJK characters) or (one or more)


@functools.cache
def fold_tables() -> FoldTables:
    """Scan the Unicode database for special characters (a fraction of a second, once)."""
    seconds = _second_of_canonical_pairs()
    expanding: set[str] = set(INVISIBLE)
    joining: set[str] = set()
    one_to_one = dict(APOSTROPHES)
    for cp in _scanned():
        ch = chr(cp)
        if ch in SEPARATORS or ch in expanding:
            continue
        folded = unicodedata.normalize("NFKC", ch).casefold()
        if len(folded) != 1 or len(ch.casefold()) != 1:
            expanding.add(ch)
        elif _joins_previous(ch, seconds):
            joining.add(ch)
        elif folded != ch.casefold():
            one_to_one[ch] = folded
    # Separators and one-to-one characters are disjoint, so one pass replaces both. The
    # newline, the commonest separator, is left out: fold() replaces it beforehand.
    singles = _Casefolded({ch: folded.casefold() for ch, folded in one_to_one.items()})
    singles.update(dict.fromkeys(SEPARATORS - {" ", "\n"}, " "))
    cjk = _char_class(CJK_RANGES)
    starts = _char_class(_runs(expanding | joining), _ASTRAL_CLUSTER_STARTS)
    return FoldTables(
        cluster_start=re.compile(f"{starts}{_char_class(_runs(joining))}*"),
        joining=frozenset(joining),
        special=frozenset(expanding | joining),
        single=re.compile(f"({_char_class(_runs(singles), _ASTRAL_ONE_TO_ONE)})"),
        single_map=singles,
        # The leading literal space lets the regex engine skip ahead to candidates. A run
        # of spaces is taken whole by either branch: the first needs CJK either side, and
        # a run it rejects is taken whole by the second (if two spaces or more).
        gap=re.compile(f" (?:(?<={cjk} )( *)(?={cjk})|( +))"),
    )


class _Casefolded(dict[str, str]):
    """A fold table that maps characters it does not list to their casefold().

    The single-character class lets whole astral blocks through (see above), so
    lookups must tolerate characters that only casefold() changes.
    """

    def __missing__(self, key: str) -> str:
        return key.casefold()


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
