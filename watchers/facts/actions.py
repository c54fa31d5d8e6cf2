"""EVENT_DATE facts for actions: censured, investigated, suspended, shelved, published,
called for, led (:mod:`watchers.facts.verbs`), with the date in their clause or without.

Predicate: the action with the topics of its phrase (:mod:`watchers.facts.topics`),
``"penalised:antitrust"``, ``"called_for:self_reliance+supply_chain"``; value: a date,
or "" when the clause gives none; unit: :data:`~watchers.facts.verbs.REVERSED` for an
undoing ("Intel resumed its Chengdu expansion" gives ``shelved`` and ``suspended``
reversed), :data:`~watchers.facts.verbs.NEGATED` for a denial ("was not fined", 未被处罚).

The subject follows the action's role. A patient action is about the entity it was done
to: the object ("regulators fined Alibaba"), the entity before a passive or a bare
participle ("DiDi was probed", "Alibaba and Tencent censured"), the noun's object ("a
review of DiDi"), 对E…处罚, E被…调查; without one there is no fact. An agent action is
about the entity that acted: before the verb ("Intel shelved"), after "by" or 被, or
the owner in a passive ("Intel's plan was shelved"); without one the subject is "" (as in
"China suspended overseas IPOs", China being no tracked entity).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from watchers.facts.action_roles import agent_slots, patient_slots
from watchers.facts.periods import range_slots
from watchers.facts.skeleton import ANY_DATE, Skeleton, clause, entity, slot_number
from watchers.facts.topics import topics_in
from watchers.facts.verbs import (
    ACTIONS,
    NEEDS_TOPIC,
    NEGATED,
    NEGATED_BEFORE,
    NOUN_ACTIONS,
    PATIENT,
    REVERSALS,
    REVERSED,
    UNREAL_BEFORE,
)
from watchers.model import Fact, FactKind
from watchers.text import is_han

__all__ = ["action_base", "action_facts", "action_topics"]


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    bases: tuple[str, ...]
    role: str
    reversal: bool = False
    patient: int = -1  # the entity slot a noun form names ("a review of DiDi")


# (pattern, bases, role, reversal, noun); a noun form's pattern names its patient, s.
_PATTERNS: list[tuple[re.Pattern[str], tuple[str, ...], str, bool, bool]] = [
    *((re.compile(p, re.I), (base,), role, False, False) for base, role, p in ACTIONS),
    *((re.compile(p, re.I), bases, role, True, False) for bases, role, p in REVERSALS),
    *(
        (
            # "a review of ride-hailing giant DiDi": a short description may come between.
            re.compile(rf"{p}\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?{entity('s')}", re.I),
            (base,),
            PATIENT,
            False,
            True,
        )
        for base, p in NOUN_ACTIONS
    ),
]
_DATE = re.compile(ANY_DATE)
_SEGMENT_END = re.compile(r"[,，;；。:：]")
_REACH = 60


def action_facts(sk: Skeleton) -> list[Fact]:
    """EVENT_DATE facts for the actions in ``sk``, each once."""
    cues = _cues(sk.text)
    facts: dict[Fact, None] = {}
    for cue in cues:
        lo, hi = clause(sk.text, cue.start, cue.end)
        subjects = _subjects(sk, cue, lo, hi)
        if subjects is None or UNREAL_BEFORE.search(sk.text, lo, cue.start):
            continue
        date = _date(sk, cue, lo, hi)
        unit = REVERSED if cue.reversal else _negation(sk.text, lo, cue)
        where = (lo, hi) if set(cue.bases) & NEEDS_TOPIC else _segment(sk.text, cue)
        topics = "+".join(topics_in(sk.text, *where))
        for subject in subjects:
            for base in cue.bases:
                predicate = f"{base}:{topics}" if topics else base
                facts[Fact(FactKind.EVENT_DATE, subject, predicate, date, unit)] = None
    return list(facts)


def action_base(predicate: str) -> str:
    """The action of a predicate: "penalised" for "penalised:antitrust"."""
    return predicate.partition(":")[0]


def action_topics(predicate: str) -> frozenset[str]:
    """The topics of a predicate: {"antitrust"} for "penalised:antitrust"."""
    rest = predicate.partition(":")[2]
    return frozenset(rest.split("+")) if rest else frozenset()


def _cues(text: str) -> list[_Cue]:
    """The action cues in ``text``, in order; of two that overlap, the earlier and longer."""
    found = [
        _Cue(m.start(), m.end(), bases, role, reversal, int(m["s"]) if noun else -1)
        for pattern, bases, role, reversal, noun in _PATTERNS
        for m in pattern.finditer(text)
    ]
    kept: list[_Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, -c.end)):
        if not kept or cue.start >= kept[-1].end:
            kept.append(cue)
    return kept


def _subjects(sk: Skeleton, cue: _Cue, lo: int, hi: int) -> list[str] | None:
    """Whose action it is (see the module docstring); None when no fact can be had."""
    if cue.patient >= 0:
        return [sk.entities[cue.patient]]
    if cue.role == PATIENT:
        slots = patient_slots(sk.text, cue.start, cue.end, lo, hi)
    else:
        published = cue.bases == ("published",)
        slots = agent_slots(sk.text, cue.start, cue.end, lo, hi, document_object=not published)
    if slots is None:
        return None
    return [sk.entities[s] for s in slots] if slots else [""]


def _negation(text: str, lo: int, cue: _Cue) -> str:
    return NEGATED if NEGATED_BEFORE.search(text, lo, cue.start) else ""


def _date(sk: Skeleton, cue: _Cue, lo: int, hi: int) -> str:
    """The date nearest the cue in its clause and reach: after it first in English,
    before it first in Chinese; never a year bounding a span; "" when there is none."""
    spans = range_slots(sk)
    after = list(_DATE.finditer(sk.text, cue.end, min(hi, cue.end + _REACH)))
    before = list(_DATE.finditer(sk.text, max(lo, cue.start - _REACH), cue.start))[::-1]
    near = [*before, *after] if is_han(sk.text[cue.start]) else [*after, *before]
    slots = [slot_number(m) for m in near if slot_number(m) not in spans]
    return sk.dates[slots[0]] if slots else ""


def _segment(text: str, cue: _Cue) -> tuple[int, int]:
    """The stretch between the punctuation marks around the cue, where its topic is."""
    starts = [m.end() for m in _SEGMENT_END.finditer(text, 0, cue.start)]
    end = _SEGMENT_END.search(text, cue.end)
    return (starts[-1] if starts else 0), (end.start() if end else len(text))
