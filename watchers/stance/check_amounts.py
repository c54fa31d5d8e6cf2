"""Checks of how much: numbers and durations measured alike.

Two quantities compare only with the same measure and qualifiers ("report", and
"report:previous" for a former value, "mentions:opening_up" for a count of a term),
the same currency or percentage, and the same subject, or, when the claim names none,
a sentence that shares its words. Hedged values ("about", 约) get room for rounding.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from watchers.facts.measures import NO_LIMIT, PREVIOUS
from watchers.facts.values import duration_seconds
from watchers.model import Fact, FactKind
from watchers.stance.findings import (
    WEAK_OVERLAP,
    Context,
    Finding,
    found,
    in_china,
    same,
)
from watchers.stance.lexicon import HEDGE
from watchers.text import coverage

# Words that say how much, not of what: sharing them (or the measure's own word,
# "report") ties nothing together.
_MEASURE_WORDS = frozenset(
    (
        *("hour", "minute", "day", "week", "month", "year", "second", "within", "must"),
        *("shall", "yuan", "rmb", "dollar", "euro", "billion", "million", "thousand"),
        *("bln", "mln", "percent", "cent"),
    )
) | frozenset(str(n) for n in range(1000))


def quantity(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    if sf.value == NO_LIMIT or cf.value == NO_LIMIT:
        return _no_limit(cf, sf, ctx)
    if sf.kind is not cf.kind or sf.predicate != cf.predicate:
        return None
    score = _measured_alike(cf, sf, ctx) if _same_unit(cf.unit, sf.unit) else 0.0
    if not score:
        return None
    hedged = bool(HEDGE.search(ctx.claim.text) or HEDGE.search(ctx.reading.text))
    agree = _amounts_agree(_amount(cf), _amount(sf), hedged)
    detail = f"claim {cf.value}{_unit(cf)}, item {sf.value}{_unit(sf)}"
    return found(agree, score, cf.kind.value, detail)


def _no_limit(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    """Rules said to set no time limit refute a claimed former limit ("tightened from a
    previous 72 hours"); they say nothing of the limit a newer rule sets."""
    base, _, era = cf.predicate.partition(":")
    if sf.value != NO_LIMIT or era != PREVIOUS or sf.predicate != base:
        return None
    if not _measured_alike(replace(cf, predicate=base), sf, ctx):
        return None
    return found(False, 0.7, "duration", f"claim a former {cf.value}, item no time limit")


# Counts of people, however the count is worded: "seven members", 七人, 24名委员.
_PEOPLE = frozenset({"member", "person", "people", "individual", "人", "名", "位"})


def _same_unit(claimed: str, stated: str) -> bool:
    """Currencies and percentages must agree; a thing counted may be left unsaid."""
    if claimed == stated or {claimed, stated} <= _PEOPLE:
        return True
    measured = [u for u in (claimed, stated) if u.isupper() or u in ("percent", "times")]
    return not measured and not (claimed and stated)


def _measured_alike(cf: Fact, sf: Fact, ctx: Context) -> float:
    """How surely two facts with one measure are about the same thing (0: they are not).

    Sure with the same subject, or with none but a named measure and a sentence sharing
    the claim's words; less sure when the item names one of the claim's entities only
    outside the sentence (the usual case across languages).
    """
    subject = cf.subject.split("#")[0]
    if subject and same(cf.subject, sf.subject):
        return 0.85
    if subject and sf.subject:
        return 0.0  # "fined Didi 8 billion", "fined Didi's chairman 1 million"
    if subject and subject in ctx.reading.entities:
        return 0.85
    if not cf.predicate:
        return 0.0  # two bare numbers in similar words may count different things
    if not subject and not in_china(ctx.item_entities):
        return 0.0  # the same rule in another country's news is not evidence of China's
    if coverage(ctx.claim_words, ctx.reading.words) >= WEAK_OVERLAP:
        return 0.85
    if not subject:
        # A rule stated without its regulator ("incidents must be reported within 24
        # hours") is the same rule where a sentence says what is measured in a word of
        # its own ("a major incident shall be reported within 60 minutes").
        shared = (ctx.claim_words & ctx.reading.words) - _MEASURE_WORDS
        if {w for w in shared if not w.startswith(cf.predicate[:5])}:
            return 0.8
    named = set(ctx.claim.entities) & ctx.item_entities
    return 0.7 if not sf.subject and named else 0.0


def _amount(fact: Fact) -> Decimal:
    if fact.kind is FactKind.DURATION:
        return duration_seconds(fact.value)
    return Decimal(fact.value)


def _amounts_agree(a: Decimal, b: Decimal, hedged: bool) -> bool:
    tolerance = Decimal("0.1") if hedged else Decimal("0.02")
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def _unit(fact: Fact) -> str:
    return f" {fact.unit}" if fact.unit else ""
