"""PERIOD facts: the span of years a plan, outline or programme covers.

The value is an ISO interval of years, ``"2021/2025"``; the predicate is "covers". A
span is read when the sentence ties it to an entity: in brackets after the name ("the
outline (2021-2030)", 纲要（2021－2025年）), before it ("the 2021-2025 plan"), or after a
verb of coverage ("covers 2021 to 2025", 规划期为2021—2025年) or right after it ("… government
from 2021 to 2025"). A name that itself carries
its span ("Implementation Outline … (2021-2025)") states it too.
"""

from __future__ import annotations

import re

from watchers.facts.skeleton import Skeleton, entity
from watchers.model import Fact, FactKind

COVERS = "covers"

_YEAR_SLOT = r"\ue002(?P<{}>\d+)\ue003"
_RANGE = (
    rf"{_YEAR_SLOT.format('y1')}\s*(?:-|–|—|~|to|through|until|thru|至|到)\s*"
    rf"{_YEAR_SLOT.format('y2')}(?:\s*年)?"
)
_GAP = r"[^\ue000;；。]{0,40}?"
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"{entity('s')}\s*[(（]\s*{_RANGE}\s*[)）]",
        rf"{_RANGE}\s*(?:的)?\s*{entity('s')}",
        rf"{entity('s')}{_GAP}\b(?:covers?|covering|covered|spans?|spanning|spanned|runs?|"
        rf"running|ran|applies\s+to)\s+(?:the\s+)?(?:period\s+|years\s+)?(?:from\s+|of\s+)?{_RANGE}",
        rf"{entity('s')}{_GAP}\bfor\s+(?:the\s+)?(?:period\s+|years\s+)?(?:from\s+)?{_RANGE}",
        # "an outline on building a law-based government from 2021 to 2025"
        rf"{entity('s')}\s+from\s+{_RANGE}",
        rf"{entity('s')}[^\ue000;；。，,]{{0,12}}?(?:覆盖|涵盖|适用于?|规划期|实施期|期限|时间跨度|时段)"
        rf"(?:为|是)?\s*{_RANGE}",
    )
)
_ANY_RANGE = re.compile(_RANGE, re.IGNORECASE)
_NAMED_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—－~至到]\s*((?:19|20)\d\d)(?!\d)")


def period_facts(sk: Skeleton) -> list[Fact]:
    """PERIOD facts for ``sk``, each once."""
    if not sk.entities:
        return []
    found: dict[Fact, None] = {}
    for slot, name in enumerate(sk.names):
        named = _NAMED_RANGE.search(name)
        if named:
            found[_fact(sk.entities[slot], named[1], named[2])] = None
    if len(sk.dates) >= 2:
        for pattern in _PATTERNS:
            for m in pattern.finditer(sk.text):
                first, last = sk.dates[int(m["y1"])], sk.dates[int(m["y2"])]
                if len(first) == len(last) == 4 and first < last:
                    found[_fact(sk.entities[int(m["s"])], first, last)] = None
    return list(found)


def _fact(subject: str, first: str, last: str) -> Fact:
    return Fact(FactKind.PERIOD, subject, COVERS, f"{first}/{last}")


def range_slots(sk: Skeleton) -> frozenset[int]:
    """The date slots of a skeleton that bound a span of years ("2021 to 2025"): they
    date no event. A span of days ("from 15 to 18 July 2024") is two dates and does."""
    return frozenset(
        int(m[group])
        for m in _ANY_RANGE.finditer(sk.text)
        if all("-" not in sk.dates[int(m[g])] for g in ("y1", "y2"))
        for group in ("y1", "y2")
    )
