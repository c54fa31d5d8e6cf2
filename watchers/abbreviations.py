"""Abbreviations an item defines for itself, and where it uses them.

Reports name a body in full once and abbreviate it from then on: "the National Data
Bureau (NDB)", "NDB (National Data Bureau)", 国家数据局（以下简称“数据局”）,
《中华人民共和国数据安全法》（以下简称《数据安全法》）. Such a
definition ties the abbreviation to the entity for the whole item (its title too, a
headline being written from the story), whether or not the abbreviation is a
configured alias, and whatever context words a configured one would otherwise need.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick_rs

from watchers.charclasses import SURROGATE, is_word_char
from watchers.folding import fold
from watchers.hanzi import to_simplified
from watchers.model import Mention

_QUOTE_OPEN = "\"'“‘「『《"
_QUOTE_CLOSE = "\"'”’」』》"
_ABBR = rf"[{_QUOTE_OPEN}]?(?P<abbr>[^\s()（）{_QUOTE_OPEN}{_QUOTE_CLOSE},，、;；:：]{{2,16}})"
_INTRO = r"(?P<intro>以下简称|以下称|简称|下称|hereinafter(?: referred to as)?|hereafter|the)?"
_OPEN = rf"[{_QUOTE_CLOSE}]?[ \t]*[(（][ \t]*"  # after a name, maybe closing its quotes
_AFTER = re.compile(rf"{_OPEN}{_INTRO}[ \t]*{_ABBR}[{_QUOTE_CLOSE}]?[ \t]*[)）]")
_BEFORE = re.compile(r"(?P<abbr>[A-Z][A-Za-z0-9&.]{1,15})[ \t]*[(（][ \t]*$")
_CLOSE = re.compile(r"[ \t]*[)）]")
_CAPITALS = re.compile("[A-Z]")
_REACH = 24  # how far before a name "ABBR (" is looked for


@dataclass(frozen=True)
class Definition:
    """``abbreviation`` stands for the entity ``entity_id`` in this item."""

    entity_id: str
    abbreviation: str


def definitions(text: str, mentions: Iterable[Mention]) -> list[Definition]:
    """The abbreviations ``text`` defines next to its ``mentions`` (found in ``text``).

    Latin abbreviations need two capitals ("NDB", "MIIT", not "(2021)" or "(China)");
    Chinese ones need an introducing word (简称, 以下简称, 以下称, 下称), since Chinese text
    puts much else in brackets after a name.
    """
    simplified = to_simplified(text)  # same offsets, so 簡稱 reads as 简称
    found: dict[tuple[str, str], Definition] = {}
    for m in mentions:
        after = _AFTER.match(simplified, m.end)
        if (
            after is not None
            and _acceptable(after.group("abbr"), after.group("intro"))
            and not _abbreviates_tail(after.group("abbr"), text[m.start : m.end])
        ):
            abbr = text[after.start("abbr") : after.end("abbr")]
            found.setdefault((m.entity_id, abbr), Definition(m.entity_id, abbr))
        before = _BEFORE.search(simplified, max(0, m.start - _REACH), m.start)
        if before is not None and _CLOSE.match(simplified, m.end):
            abbr = before.group("abbr")
            if _acceptable(abbr, None):
                found.setdefault((m.entity_id, abbr), Definition(m.entity_id, abbr))
    return list(found.values())


_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "s"})


def _abbreviates_tail(abbr: str, name: str) -> bool:
    """Whether a Latin ``abbr`` spells the initials of the last words of ``name`` and not
    of all of it: in "Central Committee of the Communist Party of China (CPC)" the
    brackets abbreviate the party, not the committee."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in _SMALL_WORDS]
    initials = "".join(w[0] for w in words).upper()
    letters = abbr.upper()
    return abbr.isascii() and letters != initials and initials.endswith(letters)


def _acceptable(abbr: str, intro: str | None) -> bool:
    if abbr.isascii():
        return len(_CAPITALS.findall(abbr)) >= 2 and abbr[0].isalpha()
    return intro is not None and intro[0] in "以简下"


def uses(
    text: str,
    defined: Iterable[tuple[Definition, str]],
    field: str,
    cuts: Callable[[str, int, int], bool],
) -> list[Mention]:
    """Every use in ``text`` of the ``defined`` abbreviations, each with the alias to
    report (the configured one it folds to, else the abbreviation as written), by
    definition, then by place.

    A Latin abbreviation must stand as a whole word; a Chinese one must not cut
    through a word (``cuts(folded text, start, end)`` says whether it does).
    """
    defined = list(defined)
    folded = fold(text)
    keys = [fold(d.abbreviation).text.strip(" ") for d, _ in defined]
    found = _occurrences(folded.text, keys)
    out: list[Mention] = []
    for (definition, alias), key in zip(defined, keys, strict=True):
        spans = [(s, s + len(key)) for s in found.get(key, ())]
        spans = [(s, e) for s, e in spans if not cuts(folded.text, s, e)]
        for start, end in folded.original_spans(spans):
            out.append(Mention(definition.entity_id, alias, start, end, field))
    return out


def _occurrences(text: str, keys: Sequence[str]) -> dict[str, list[int]]:
    """Each key's starts in ``text``, in order, that respect word boundaries on Latin
    sides. One pass for all keys: an item may define thousands of abbreviations, and a
    search of the whole text for each would cost their number times its length."""
    distinct = sorted({k for k in keys if k})
    if not distinct:
        return {}
    automaton = ahocorasick_rs.AhoCorasick(distinct)
    try:
        found = automaton.find_matches_as_indexes(text, overlapping=True)
    except UnicodeEncodeError:  # a lone surrogate; no key holds one (see the matcher)
        found = automaton.find_matches_as_indexes(SURROGATE.sub("A", text), overlapping=True)
    out: dict[str, list[int]] = {}
    for index, start, end in sorted(found, key=lambda f: f[1]):
        key = distinct[index]
        left, right = is_word_char(key[0]), is_word_char(key[-1])
        if not (left and start > 0 and is_word_char(text[start - 1])) and not (
            right and end < len(text) and is_word_char(text[end])
        ):
            out.setdefault(key, []).append(start)
    return out


def merged(mentions: list[Mention], uses_: list[Mention]) -> list[Mention]:
    """``mentions`` with the ``uses_`` of defined abbreviations added, sorted by start.

    A use replaces a mention of exactly its span (the item's own definition decides
    which entity an ambiguous abbreviation means) and yields to one it overlaps.
    """
    spans = {(u.start, u.end) for u in uses_}
    kept = sorted((m for m in mentions if (m.start, m.end) not in spans), key=lambda m: m.start)
    # The furthest end among the kept mentions that start before each one: a use overlaps
    # a kept mention if one starting before the use's end reaches past its start.
    starts = [m.start for m in kept]
    reach = list(itertools.accumulate((m.end for m in kept), max))
    added = []
    for u in dict.fromkeys(uses_):
        before = bisect.bisect_left(starts, u.end)
        if not (before and reach[before - 1] > u.start):
            added.append(u)
    return sorted(kept + added, key=lambda m: (m.start, -m.end))
