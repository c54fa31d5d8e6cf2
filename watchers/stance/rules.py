"""Structured stance checks: a claim's facts against the facts of an item's sentences.

Pure: a claim and the item's sentences (already read into :class:`Reading` values) in,
a :class:`~watchers.model.Verdict` or None out. The comparisons of each kind of fact
live in the ``check_*`` modules; this one puts them in order. A check fires only when
the sentence is about the same thing as the claim fact (same subject, same event or
measure, same office), so "the PIPL was passed on August 20, 2021" neither supports
nor contradicts "the PIPL took effect on November 1, 2021".

Scores: a direct comparison is 0.85-0.9, a match at coarser precision 0.7, an action
undone or denied, or reported without the claim's date to compare, 0.8; a reading
through a denial ("denied reports that…") 0.6, a bare denial or reversal cue in a
sentence that shares the claim's words 0.5. Within one sentence a value that matches
the claim outweighs others for the same measure ("now 24 hours, down from 72"); over
the item the strongest finding wins, and a tie goes to the contradiction, the news.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from watchers.facts.skeleton import AMENDED
from watchers.model import Claim, Fact, FactKind, Verdict
from watchers.stance.check_amounts import quantity
from watchers.stance.check_links import existence, issuer, location, office, parent
from watchers.stance.check_ranks import rank
from watchers.stance.check_time import event, period
from watchers.stance.findings import (
    UNKNOWN_BODIES,
    WEAK_OVERLAP,
    Bodies,
    C,
    Context,
    Finding,
    Reading,
    X,
)
from watchers.stance.lexicon import DENIAL, REVERSAL
from watchers.text import coverage

__all__ = ["Finding", "Reading", "judge"]


def judge(
    claim: Claim,
    words: frozenset[str],
    readings: Sequence[Reading],
    age_days: int | None = None,
    bodies: Bodies = UNKNOWN_BODIES,
) -> Verdict | None:
    """The strongest structured finding for ``claim`` in ``readings``, or None.

    ``words`` are the claim's content words without its entity names, as
    :attr:`Reading.words` are for a sentence; ``age_days`` how old the item is, when
    known (a present-tense claim is judged as of the item's date); ``bodies`` what the
    entity list says of the bodies named (see :class:`~watchers.matcher.Matcher`).
    """
    item_entities = frozenset().union(*(r.entities for r in readings))
    checked = _checked(claim.facts)
    best: tuple[tuple[float, bool, bool], Finding, Reading] | None = None
    for reading in readings:
        on_subject = bool(reading.entities & set(claim.entities))
        ctx = Context(claim, reading, item_entities, words, age_days, bodies)
        for finding in _findings(ctx, checked):
            rank_ = (finding.score, finding.stance is X, on_subject)
            if best is None or rank_ > best[0]:
                best = (rank_, finding, reading)
    if best is None:
        return None
    _, finding, reading = best
    return Verdict(claim.id, finding.stance, finding.score, reading.text, finding.reason)


def _findings(ctx: Context, checked: Sequence[Fact]) -> Iterator[Finding]:
    """Findings in one sentence: the ``checked`` claim facts compared, read through any
    denial, else cues."""
    background = _background(ctx.claim.facts)
    structured = [
        f for cf in checked for f in _per_fact(cf, ctx) if cf not in background or f.stance is X
    ]
    denial = DENIAL.search(ctx.reading.text)
    if structured and denial:
        yield from (_denied(f, denial.group()) for f in structured)
    elif structured:
        yield from structured
    elif _bears_on(ctx) and not _other_facts(ctx):
        cue = denial or REVERSAL.search(ctx.reading.text)
        if cue:
            yield Finding(X, 0.5, f"{'denial' if denial else 'reversal'}-cue: {cue.group()}")


def _checked(facts: Sequence[Fact]) -> list[Fact]:
    """The claim facts to check. An office the claim dates an appointment to ("became
    party secretary of Xinjiang in 2021") is checked by that date alone: a later change
    of holder does not make the appointment untrue."""
    dated = {f.predicate for f in facts if f.kind is FactKind.EVENT_DATE}
    return [
        f
        for f in facts
        if f.kind is not FactKind.OFFICE_HOLDER or f"appointed:{f.predicate}@{f.value}" not in dated
    ]


def _background(facts: Sequence[Fact]) -> frozenset[Fact]:
    """Claim facts that set the scene for a denial of an amendment and cannot alone
    confirm the claim: in "the law has not been amended since it took effect in 2017"
    the date is background, and an item confirming it says nothing of amendments."""
    denied = {
        f.subject.removesuffix(AMENDED)
        for f in facts
        if f.kind is FactKind.EXISTS and f.value == "false" and f.subject.endswith(AMENDED)
    }
    return frozenset(f for f in facts if f.kind is FactKind.EVENT_DATE and f.subject in denied)


def _per_fact(cf: Fact, ctx: Context) -> list[Finding]:
    """The sentence's findings on one claim fact; agreement, when there is any, alone."""
    found = [f for sf in ctx.reading.facts if (f := _compare(cf, sf, ctx))]
    agreeing = [f for f in found if f.stance is C]
    return agreeing or found


def _denied(finding: Finding, cue: str) -> Finding:
    """A finding inside a denial: what is denied counts the other way, less surely."""
    flipped = X if finding.stance is C else C
    return Finding(flipped, 0.6, f"denied ({cue}): {finding.reason}")


def _other_facts(ctx: Context) -> bool:
    """Whether the sentence states facts of the claim's kinds that did not compare: then
    it is about another office, date or measure, and its cue words are about that."""
    kinds = {f.kind for f in ctx.claim.facts}
    return any(f.kind in kinds for f in ctx.reading.facts)


def _bears_on(ctx: Context) -> bool:
    """Whether a sentence names a claim entity and shares enough of the claim's words."""
    named = ctx.reading.entities & set(ctx.claim.entities)
    return bool(named) and coverage(ctx.claim_words, ctx.reading.words) >= WEAK_OVERLAP


def _compare(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    """How the sentence fact ``sf`` bears on the claim fact ``cf``, if it does."""
    kind = cf.kind
    if kind is FactKind.EVENT_DATE:
        return event(cf, sf, ctx)
    if kind in (FactKind.NUMBER, FactKind.DURATION):
        return quantity(cf, sf, ctx)
    if kind is FactKind.OFFICE_HOLDER:
        return office(cf, sf, ctx)
    if kind is FactKind.EXISTS:
        return existence(cf, sf)
    if kind is FactKind.PARENT_BODY:
        return parent(cf, sf, ctx.bodies)
    if kind is FactKind.PERIOD:
        return period(cf, sf)
    if kind is FactKind.ISSUER:
        return issuer(cf, sf)
    if kind is FactKind.RANK:
        return rank(cf, sf)
    return location(cf, sf)
