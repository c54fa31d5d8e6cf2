"""Which items tell the same story, and which are routine instalments of one series.

Pure: titles and texts in, groups out. A story is one piece of news however many feeds
ran it: a syndicated copy, an edited copy, the same announcement worded by two outlets
(``习近平：以史为镜…`` and ``《求是》杂志发表习近平总书记重要文章《以史为镜…》``). A series is
a run of items from one source that differ only in their number or in what follows a
shared heading: a gazette issue's contents (``…（国务院公报2021年第14号）``), a weekly
column (``科技爱好者周刊：第 100 期``), a daily briefing.

Similarity is rapidfuzz's normalised Indel ratio over titles with spaces and punctuation
removed, which treats Chinese character by character and English letter by letter, so
one rule serves both. Numbers must agree: "第14号" and "第15号" are two issues, not
one story told twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rapidfuzz import fuzz, process

from watchers.extent import TITLE_CHARS

T = TypeVar("T")

SAME_TITLE = 85.0
"""Ratio (0-100) above which two whole titles are one story."""

CONTAINED_TITLE = 90.0
"""Ratio above which a title found inside a longer one makes them one story."""

MIN_CONTAINED = 12
"""Characters a title needs before containment counts: short titles match too much."""

SAME_LEAD = 90.0
MIN_LEAD = 120
"""Ratio and length above which two items' opening text makes them one story."""

MIN_SERIES = 3
"""Items of one source sharing a heading that make a routine series."""

_NUMBER = re.compile(r"\d+")
_BRACKETED_TAIL = re.compile(r"[（(【\[]([^（()）【】\[\]]{2,})[）)】\]]\s*$")
_HEADING = re.compile(r"^(.{3,40}?)\s*(?:——|--|[：:｜|]|\s[-–—]\s)")


@dataclass(frozen=True)
class Story:
    """What comparing needs of an item: its title and the start of its text."""

    title: str
    text: str = ""


def squeeze(text: str) -> str:
    """Letters and digits only, case- and width-folded: what similarity compares."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c.isalnum())


def numbers(text: str) -> tuple[str, ...]:
    return tuple(sorted(_NUMBER.findall(unicodedata.normalize("NFKC", text))))


@dataclass(frozen=True)
class _Print:
    """What comparing reads of a story, computed once per story."""

    numbers: tuple[str, ...]
    title: str
    lead: str


def _print(story: Story) -> _Print:
    # As far as a title is read (see watchers.extent): containment costs the product of
    # two titles' lengths, and one title of a hundred kilobytes would hold up the digest.
    title = story.title[:TITLE_CHARS]
    return _Print(numbers(title), squeeze(title), squeeze(story.text[:400]))


def same_story(a: Story, b: Story) -> bool:
    """Whether two items tell one story (see the module docstring for the rule)."""
    return _same(_print(a), _print(b))


def _same(a: _Print, b: _Print) -> bool:
    if a.numbers != b.numbers or not a.title or not b.title:
        return False
    if fuzz.ratio(a.title, b.title, score_cutoff=SAME_TITLE):
        return True
    shorter = min(len(a.title), len(b.title))
    if shorter >= MIN_CONTAINED and fuzz.partial_ratio(
        a.title, b.title, score_cutoff=CONTAINED_TITLE
    ):
        return True
    if min(len(a.lead), len(b.lead)) < MIN_LEAD or a.lead in (a.title, b.title):
        return False
    return b.lead not in (a.title, b.title) and bool(
        fuzz.ratio(a.lead, b.lead, score_cutoff=SAME_LEAD)
    )


def _candidates(prints: Sequence[_Print]) -> list[tuple[int, int]]:
    """Pairs (later, earlier) that pass one of the similarity cutoffs, found all at once
    by rapidfuzz's ``cdist`` in C; :func:`_same` then applies the whole rule to each."""
    pairs: set[tuple[int, int]] = set()
    titled = [i for i, p in enumerate(prints) if p.title]
    led = [i for i, p in enumerate(prints) if len(p.lead) >= MIN_LEAD]
    for index, texts, scorer, cutoff in (
        (titled, [prints[i].title for i in titled], fuzz.ratio, SAME_TITLE),
        (titled, [prints[i].title for i in titled], fuzz.partial_ratio, CONTAINED_TITLE),
        (led, [prints[i].lead for i in led], fuzz.ratio, SAME_LEAD),
    ):
        if len(texts) < 2:
            continue
        near = process.cdist(texts, texts, scorer=scorer, score_cutoff=cutoff)
        pairs.update((index[a], index[b]) for a, b in zip(*near.nonzero(), strict=True) if b < a)
    return sorted(pairs)


def group_stories(items: Sequence[T], story: Callable[[T], Story]) -> list[list[T]]:
    """Items grouped by story, each group in input order; groups by their first item.

    Grouping is transitive: an edited copy joins the story of the copy it resembles.
    """
    prints = [_print(story(i)) for i in items]
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidates(prints):
        if root(i) != root(j) and _same(prints[i], prints[j]):
            parent[root(i)] = root(j)
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(root(i), []).append(item)
    return list(groups.values())


def series_keys(title: str) -> tuple[str, ...]:
    """The headings a title may share with others of its series, numbers blanked out."""
    blank = _NUMBER.sub("#", unicodedata.normalize("NFKC", title).strip())
    keys = [f"title:{squeeze(blank) or blank}"]
    if tail := _BRACKETED_TAIL.search(blank):
        keys.append(f"tail:{squeeze(tail.group(1))}")
    if head := _HEADING.match(blank):
        keys.append(f"head:{squeeze(head.group(1))}")
    return tuple(keys)


def group_series(
    items: Sequence[T], source: Callable[[T], Hashable], title: Callable[[T], str]
) -> list[list[T]]:
    """Items grouped into routine series; an item in no series is a group of its own.

    A series is at least :data:`MIN_SERIES` items of one source sharing a heading, or
    two sharing their whole title once numbers are blanked (issue 100 and issue 102 of a
    weekly). Each item joins the largest series it belongs to.
    """
    members: dict[tuple[Hashable, str], list[int]] = {}
    for i, item in enumerate(items):
        for key in series_keys(title(item)):
            members.setdefault((source(item), key), []).append(i)
    series = {
        k: v
        for k, v in members.items()
        if len(v) >= MIN_SERIES or (k[1].startswith("title:") and len(v) >= 2)
    }
    best: dict[int, tuple[Hashable, str]] = {}
    for found, idx in sorted(series.items(), key=lambda kv: -len(kv[1])):
        for i in idx:
            best.setdefault(i, found)
    groups: dict[object, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(best.get(i, i), []).append(item)
    return list(groups.values())
