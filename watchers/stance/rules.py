"""Structured stance checks: a claim's facts against the facts of an item's sentences.

Pure: a claim and the item's sentences (already read into :class:`Reading` values) in,
a :class:`~watchers.model.Verdict` or None out. A check fires only when the sentence
is about the same thing as the claim fact (same subject, same event or measure, same
office), so "the PIPL was passed on August 20, 2021" neither supports nor contradicts
"the PIPL took effect on November 1, 2021".

Scores: a direct comparison is 0.85-0.9, a match at coarser precision 0.7, a reading
through a denial ("denied reports that…") 0.6, a bare denial or reversal cue in a
sentence that shares the claim's words 0.5. Within one sentence a value that matches
the claim outweighs others for the same measure ("now 24 hours, down from 72"); over
the item the strongest finding wins, and a tie goes to the contradiction, the news.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from watchers.facts.lexicon import ENDED, is_shared_role
from watchers.facts.values import duration_seconds
from watchers.model import Claim, Fact, FactKind, Stance, Verdict
from watchers.stance.lexicon import DENIAL, HEDGE, REVERSAL
from watchers.text import coverage

C, X = Stance.CORROBORATES, Stance.CONTRADICTS

# "since <date>" dates the start of whatever it follows, so it may stand for these.
_STARTS = frozenset({"since", "took_effect", "established", "appointed"})
# Events that make a body or law exist; a denial of existence contradicts them.
_EXISTENCE = frozenset({"took_effect", "established"})
_WEAK_OVERLAP = 0.34  # share of claim words a sentence needs for a bare cue to count


@dataclass(frozen=True)
class Reading:
    """One sentence of an item, read once: its entities, facts, and content words other
    than entity names."""

    text: str
    entities: frozenset[str]
    facts: tuple[Fact, ...]
    words: frozenset[str]


@dataclass(frozen=True)
class Finding:
    stance: Stance
    score: float
    reason: str


@dataclass(frozen=True)
class _Context:
    """What a comparison may consult besides the two facts."""

    claim: Claim
    reading: Reading
    item_entities: frozenset[str]
    claim_words: frozenset[str]


def judge(claim: Claim, words: frozenset[str], readings: Sequence[Reading]) -> Verdict | None:
    """The strongest structured finding for ``claim`` in ``readings``, or None.

    ``words`` are the claim's content words without its entity names, as
    :attr:`Reading.words` are for a sentence.
    """
    item_entities = frozenset().union(*(r.entities for r in readings))
    best: tuple[tuple[float, bool, bool], Finding, Reading] | None = None
    for reading in readings:
        on_subject = bool(reading.entities & set(claim.entities))
        for finding in _findings(_Context(claim, reading, item_entities, words)):
            rank = (finding.score, finding.stance is X, on_subject)
            if best is None or rank > best[0]:
                best = (rank, finding, reading)
    if best is None:
        return None
    _, finding, reading = best
    return Verdict(claim.id, finding.stance, finding.score, reading.text, finding.reason)


def _findings(ctx: _Context) -> Iterator[Finding]:
    """Findings in one sentence: fact comparisons, read through any denial, else cues."""
    structured = [f for cf in _checked(ctx.claim.facts) for f in _per_fact(cf, ctx)]
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


def _per_fact(cf: Fact, ctx: _Context) -> list[Finding]:
    """The sentence's findings on one claim fact; agreement, when there is any, alone."""
    found = [f for sf in ctx.reading.facts if (f := _compare(cf, sf, ctx))]
    agreeing = [f for f in found if f.stance is C]
    return agreeing or found


def _denied(finding: Finding, cue: str) -> Finding:
    """A finding inside a denial: what is denied counts the other way, less surely."""
    flipped = X if finding.stance is C else C
    return Finding(flipped, 0.6, f"denied ({cue}): {finding.reason}")


def _other_facts(ctx: _Context) -> bool:
    """Whether the sentence states facts of the claim's kinds that did not compare: then
    it is about another office, date or measure, and its cue words are about that."""
    kinds = {f.kind for f in ctx.claim.facts}
    return any(f.kind in kinds for f in ctx.reading.facts)


def _bears_on(ctx: _Context) -> bool:
    """Whether a sentence names a claim entity and shares enough of the claim's words."""
    named = ctx.reading.entities & set(ctx.claim.entities)
    return bool(named) and coverage(ctx.claim_words, ctx.reading.words) >= _WEAK_OVERLAP


def _compare(cf: Fact, sf: Fact, ctx: _Context) -> Finding | None:
    """How the sentence fact ``sf`` bears on the claim fact ``cf``, if it does."""
    if cf.kind is FactKind.EVENT_DATE:
        return _date(cf, sf) or _exists_vs_event(cf, sf)
    if cf.kind is FactKind.EXISTS:
        return _existence(cf, sf)
    if cf.kind in (FactKind.NUMBER, FactKind.DURATION):
        return _quantity(cf, sf, ctx)
    if cf.kind is FactKind.OFFICE_HOLDER:
        return _office(cf, sf, ctx)
    return _parent(cf, sf)


def _found(agree: bool, score: float, topic: str, detail: str) -> Finding:
    """A finding whose reason reads "<topic>-match: …" or "<topic>-mismatch: …"."""
    return Finding(
        C if agree else X, score, f"{topic}-{'match' if agree else 'mismatch'}: {detail}"
    )


def _same(claimed: str, stated: str) -> bool:
    """Same entity; a claim about "the Politburo" covers "the 20th Politburo", but a claim
    about the 13th does not cover the 20th (see the skeleton's ordinals)."""
    return claimed == stated or ("#" not in claimed and stated.split("#")[0] == claimed)


def _same_event(claimed: str, stated: str) -> bool:
    """Same event predicate, "since" standing for any start, office qualifiers equal."""
    (c_base, _, c_office), (s_base, _, s_office) = claimed.partition(":"), stated.partition(":")
    bases = {c_base, s_base}
    return c_office == s_office and (len(bases) == 1 or ("since" in bases and bases <= _STARTS))


def _date(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.EVENT_DATE or not _same(cf.subject, sf.subject):
        return None
    if not _same_event(cf.predicate, sf.predicate):
        return None
    claimed, stated = cf.value.split("-"), sf.value.split("-")
    n = min(len(claimed), len(stated))
    if claimed[:n] != stated[:n]:
        return _found(False, 0.9, "date", f"claim {cf.value}, item {sf.value}")
    score = 0.9 if len(claimed) == len(stated) else 0.7
    return _found(True, score, "date", f"{cf.predicate} {sf.value}")


def _exists_vs_event(cf: Fact, sf: Fact) -> Finding | None:
    """A claim dating an entry into force or an establishment, against a denial of it."""
    denied = sf.kind is FactKind.EXISTS and sf.value == "false"
    if denied and _same(cf.subject, sf.subject) and cf.predicate in _EXISTENCE:
        return _found(False, 0.8, "existence", f"item says {sf.subject} is void or not set up")
    return None


def _existence(cf: Fact, sf: Fact) -> Finding | None:
    if not _same(cf.subject, sf.subject):
        return None
    if sf.kind is FactKind.EXISTS:
        return _found(sf.value == cf.value, 0.85, "existence", f"claim {cf.value}, item {sf.value}")
    if sf.kind is FactKind.EVENT_DATE and sf.predicate in _EXISTENCE:
        return _found(cf.value == "true", 0.8, "existence", f"item {sf.predicate} {sf.value}")
    return None


def _quantity(cf: Fact, sf: Fact, ctx: _Context) -> Finding | None:
    if sf.kind is not cf.kind or sf.predicate != cf.predicate:
        return None
    score = _measured_alike(cf, sf, ctx) if _same_unit(cf.unit, sf.unit) else 0.0
    if not score:
        return None
    hedged = bool(HEDGE.search(ctx.claim.text) or HEDGE.search(ctx.reading.text))
    agree = _amounts_agree(_amount(cf), _amount(sf), hedged)
    detail = f"claim {cf.value}{_unit(cf)}, item {sf.value}{_unit(sf)}"
    return _found(agree, score, cf.kind.value, detail)


def _same_unit(claimed: str, stated: str) -> bool:
    """Currencies and percentages must agree; a thing counted may be left unsaid."""
    if claimed == stated:
        return True
    measured = [u for u in (claimed, stated) if u.isupper() or u == "percent"]
    return not measured and not (claimed and stated)


def _measured_alike(cf: Fact, sf: Fact, ctx: _Context) -> float:
    """How surely two facts with one measure are about the same thing (0: they are not).

    Sure with the same subject, or with none but a named measure and a sentence sharing
    the claim's words; less sure when the item names one of the claim's entities only
    outside the sentence (the usual case across languages).
    """
    subject = cf.subject.split("#")[0]
    if subject and (_same(cf.subject, sf.subject) or subject in ctx.reading.entities):
        return 0.85
    if subject and sf.subject:
        return 0.0
    if not cf.predicate:
        return 0.0  # two bare numbers in similar words may count different things
    if coverage(ctx.claim_words, ctx.reading.words) >= _WEAK_OVERLAP:
        return 0.85
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


def _office(cf: Fact, sf: Fact, ctx: _Context) -> Finding | None:
    """Same person: do the tenures agree? Another person holding it: the claim's is over."""
    if sf.kind is not FactKind.OFFICE_HOLDER or not _same_office(cf, sf, ctx):
        return None
    claim_holds, item_holds = cf.unit != ENDED, sf.unit != ENDED
    if _same(cf.subject, sf.subject):
        state = "holds" if item_holds else "no longer holds"
        detail = f"item says {sf.subject} {state} {_office_name(cf)}"
        return _found(claim_holds == item_holds, 0.9 if sf.predicate else 0.7, "office", detail)
    if not item_holds or is_shared_role(cf.predicate) or not cf.value:
        return None  # a past holder, or one of many members, says nothing of this one
    if not _same(cf.value, sf.value):
        return None  # nor does "President X" with no country named
    detail = f"claim {cf.subject}, item {sf.subject} as {_office_name(cf)}"
    return _found(not claim_holds, 0.85 if claim_holds else 0.6, "office-holder", detail)


def _same_office(cf: Fact, sf: Fact, ctx: _Context) -> bool:
    """Same role (or a tenure ended in no named role) at the same place, where stated."""
    if sf.predicate != cf.predicate and not (sf.unit == ENDED and not sf.predicate):
        return False
    if not cf.value or _same(cf.value, sf.value):
        return True
    return not sf.value and cf.value.split("#")[0] in ctx.item_entities


def _office_name(fact: Fact) -> str:
    return f"{fact.predicate} of {fact.value}" if fact.value else fact.predicate


def _parent(cf: Fact, sf: Fact) -> Finding | None:
    """Same parent: do the links agree? Another parent: the claim's link is over."""
    if sf.kind is not FactKind.PARENT_BODY or not _same(cf.subject, sf.subject):
        return None
    claim_holds, item_holds = cf.unit != ENDED, sf.unit != ENDED
    if _same(cf.value, sf.value):
        state = "under" if item_holds else "no longer under"
        detail = f"item says {sf.subject} {state} {sf.value}"
        return _found(claim_holds == item_holds, 0.85, "parent", detail)
    if not item_holds:
        return None
    detail = f"claim {cf.value}, item {sf.value}"
    return _found(not claim_holds, 0.85 if claim_holds else 0.6, "parent", detail)
