"""NUMBER and DURATION facts: what a quantity in a sentence measures, and of what.

The predicate is the nearest measure word (:data:`~watchers.facts.lexicon.MEASURES`):
before the quantity first ("report within 24 hours", "fines of up to 50 million
yuan"), then after it ("24小时内报告"). The subject is the nearest entity in the clause,
or "" when the clause names none ("Companies must report incidents within 24 hours").
"""

from __future__ import annotations

import re

from watchers.facts.lexicon import MEASURES
from watchers.facts.skeleton import ANY_ENTITY, ANY_QUANTITY, Skeleton, clause, slot_number
from watchers.model import Fact, FactKind

_MEASURES = re.compile("|".join(f"(?P<{key}>{p})" for key, p in MEASURES), re.IGNORECASE)
_QUANTITY = re.compile(ANY_QUANTITY)
_ENTITY = re.compile(ANY_ENTITY)
_LOOK_BEFORE = 100
_LOOK_AFTER = 40


def measure_facts(sk: Skeleton) -> list[Fact]:
    """One NUMBER or DURATION fact per quantity slot of ``sk``."""
    facts = []
    for m in _QUANTITY.finditer(sk.text):
        value = sk.quantities[slot_number(m)]
        lo, hi = clause(sk.text, m.start(), m.end())
        kind = FactKind.DURATION if value.kind == "duration" else FactKind.NUMBER
        predicate = _measure(sk.text, lo, m.start(), m.end(), hi)
        subject = _nearest_entity(sk, lo, m.start(), m.end(), hi)
        facts.append(Fact(kind, subject, predicate, value.value, value.unit))
    return facts


def _measure(text: str, lo: int, start: int, end: int, hi: int) -> str:
    """The measure named nearest before ``text[start:end]``, else soon after; "" if none."""
    before = list(_MEASURES.finditer(text, max(lo, start - _LOOK_BEFORE), start))
    if before:
        return before[-1].lastgroup or ""
    after = _MEASURES.search(text, end, min(hi, end + _LOOK_AFTER))
    return (after.lastgroup or "") if after else ""


def _nearest_entity(sk: Skeleton, lo: int, start: int, end: int, hi: int) -> str:
    before = list(_ENTITY.finditer(sk.text, lo, start))
    if before:
        return sk.entities[slot_number(before[-1])]
    after = _ENTITY.search(sk.text, end, hi)
    return sk.entities[slot_number(after)] if after else ""
