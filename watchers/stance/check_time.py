"""Checks of when: dated events, the years a plan covers, and actions.

- A dated event (took effect, established, passed …) against the same event of the
  same subject: another date contradicts, the same date at any precision corroborates.
- A period against a period of the same subject: equal corroborates, else contradicts.
- An action (censured, investigated, suspended, shelved, published, called for, led)
  against the same action of the same subject, on a shared topic when both name one,
  in a sentence that names the claim's other entities too ("in Chengdu"). The item
  undoing or denying it contradicts; the item reporting it corroborates when the dates
  agree or the claim gives none. Another date says nothing: regulators fine and
  newspapers publish many times, so it is another action, not a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable

from watchers.facts.actions import action_base, action_topics
from watchers.facts.events import DATED_BY_ITEM, PLANNED
from watchers.facts.skeleton import AMENDED
from watchers.facts.terms import TERM, terms_apart
from watchers.facts.verbs import ACTIONS, NEEDS_TOPIC, NEGATED, ONCE
from watchers.model import Fact, FactKind
from watchers.stance.findings import WEAK_OVERLAP, Context, Finding, found, same
from watchers.text import coverage

# "since <date>" dates the start of whatever it follows, so it may stand for these.
_STARTS = frozenset({"since", "took_effect", "established", "appointed"})
# Events that make a body or law exist; a denial of existence contradicts them.
EXISTENCE_EVENTS = frozenset({"took_effect", "established"})
_ACTIONS = frozenset(base for base, _, _ in ACTIONS)


def is_action(fact: Fact) -> bool:
    """Whether an EVENT_DATE fact is an action (see :mod:`watchers.facts.actions`)."""
    return action_base(fact.predicate) in _ACTIONS


def event(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    """A claim's EVENT_DATE fact against one sentence fact."""
    if cf.predicate == TERM:
        return term(cf, sf, ctx.bodies.series)
    if is_action(cf):
        return _action(cf, sf, ctx)
    return _date(cf, sf) or _out_of_order(cf, sf) or _exists_vs_event(cf, sf)


def term(cf: Fact, sf: Fact, series: Callable[[str], str] = str) -> Finding | None:
    """A numbered term dated by the claim against one dated by the item: "the 14th
    Politburo (2023-)" is refuted by "the 20th Politburo, elected in 2022" and by "the
    14th Politburo, elected in 1992", and confirmed by "the 20th … elected in 2022". A body
    numbered after another (``series``) is dated by it: "the 20th Central Committee" in
    2024 refutes "the 14th Politburo (2023-)", but confirms nothing of it."""
    if sf.kind is not FactKind.EVENT_DATE or sf.predicate != TERM:
        return None
    apart = terms_apart(cf, sf, series)
    if apart is None or (apart == 0 and cf.subject != sf.subject):
        return None  # another term dated alike confirms nothing of the claim's
    detail = f"claim {cf.subject} in {cf.value}, item {sf.subject} in {sf.value}"
    return found(apart == 0, 0.85, "term", detail)


def period(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.PERIOD or sf.predicate != cf.predicate:
        return None
    if not same(cf.subject, sf.subject):
        return None
    return found(cf.value == sf.value, 0.9, "period", f"claim {cf.value}, item {sf.value}")


def _same_event(claimed: str, stated: str) -> bool:
    """Same event predicate, "since" standing for any start, office qualifiers equal."""
    (c_base, _, c_office), (s_base, _, s_office) = claimed.partition(":"), stated.partition(":")
    bases = {c_base, s_base}
    return c_office == s_office and (len(bases) == 1 or ("since" in bases and bases <= _STARTS))


def _date(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.EVENT_DATE or not same(cf.subject, sf.subject):
        return None
    if not sf.value or not _same_event(cf.predicate, sf.predicate):
        return None
    agree, exact = _dates_agree(cf.value, sf.value)
    if sf.unit in (DATED_BY_ITEM, PLANNED):  # a story's date, a plan's: they only confirm
        why = "story date" if sf.unit == DATED_BY_ITEM else "date of the plan"
        return found(True, 0.6, "date", f"{cf.predicate} {sf.value} ({why})") if agree else None
    if not agree:
        return found(False, 0.9, "date", f"claim {cf.value}, item {sf.value}")
    if _year_only(sf.value) and not _year_only(cf.value):
        return None  # "in 2023" (or "late 2023") does not confirm March 2023
    return found(True, 0.9 if exact else 0.7, "date", f"{cf.predicate} {sf.value}")


def _year_only(iso: str) -> bool:
    return "-" not in iso


# A document is adopted or issued before it takes effect, never after.
_BEFORE_EFFECT = frozenset({"passed", "released"})


def _out_of_order(cf: Fact, sf: Fact) -> Finding | None:
    """A claimed entry into force before the item's adoption or issue of the same
    document ("took effect in September 2021" against "released in July 2022"), or a
    claimed adoption after the item's entry into force."""
    if sf.kind is not FactKind.EVENT_DATE or not sf.value or not cf.value:
        return None
    if not same(cf.subject, sf.subject) or sf.unit or cf.unit:
        return None
    pair = {cf.predicate, sf.predicate}
    if "took_effect" not in pair or not pair & _BEFORE_EFFECT or len(pair) != 2:
        return None
    effect, made = (cf, sf) if cf.predicate == "took_effect" else (sf, cf)
    n = min(effect.value.count("-"), made.value.count("-")) + 1
    if effect.value.split("-")[:n] >= made.value.split("-")[:n]:
        return None
    detail = f"{made.predicate} {made.value}, after took_effect {effect.value}"
    return found(False, 0.7, "date", detail)


def _dates_agree(claimed: str, stated: str) -> tuple[bool, bool]:
    """(whether two ISO dates agree at the coarser precision, whether both are as precise)."""
    c, s = claimed.split("-"), stated.split("-")
    n = min(len(c), len(s))
    return c[:n] == s[:n], len(c) == len(s)


def _exists_vs_event(cf: Fact, sf: Fact) -> Finding | None:
    """A claim dating an entry into force or an establishment, against a denial of it."""
    denied = sf.kind is FactKind.EXISTS and sf.predicate == "exists" and sf.value == "false"
    shows = cf.predicate in EXISTENCE_EVENTS or cf.subject.endswith(AMENDED)
    if denied and same(cf.subject, sf.subject) and shows:
        return found(False, 0.8, "existence", f"item says {sf.subject} is void or not set up")
    return None


def _action(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    if sf.kind is not FactKind.EVENT_DATE:
        return None
    base = action_base(cf.predicate)
    if base in ONCE and action_base(sf.predicate) == base:
        return _once(cf, sf)
    if not _same_action(cf, sf, ctx):
        return None
    if not _topics_agree(base, action_topics(cf.predicate), action_topics(sf.predicate)):
        return None  # another call, another probe
    if (cf.unit == "") != (sf.unit == ""):
        what = {"": "happened", NEGATED: "did not happen"}.get(sf.unit, "was undone")
        return found(False, 0.8, "event", f"item says {base} {what}")
    if not cf.value:
        return found(True, 0.8, "event", f"{base} {sf.value}".rstrip())
    if not sf.value:
        return None
    agree, exact = _dates_agree(cf.value, sf.value)
    if not agree:
        return None  # another date: another such action
    return found(True, 0.9 if exact else 0.7, "event", f"{base} {sf.value}")


def _once(cf: Fact, sf: Fact) -> Finding | None:
    """An action done once, on the same topic: another doer or another date refutes the
    claim's; the same doer on an agreeing date (or none given) confirms it."""
    base = action_base(cf.predicate)
    if not action_topics(cf.predicate) & action_topics(sf.predicate) or sf.unit:
        return None
    if not (cf.subject and sf.subject):
        return None
    if not same(cf.subject, sf.subject):
        return found(False, 0.75, "event", f"item says {sf.subject} {base} it, not {cf.subject}")
    if cf.value and sf.value and not _dates_agree(cf.value, sf.value)[0]:
        return found(False, 0.75, "event", f"claim {base} {cf.value}, item {sf.value}")
    return found(True, 0.8, "event", f"{base} {sf.value}".rstrip())


def _same_action(cf: Fact, sf: Fact, ctx: Context) -> bool:
    """Same action, same subject (or both without, on a shared topic, in a sentence
    sharing the claim's words), and every other entity of the claim named in the
    sentence."""
    if action_base(sf.predicate) != action_base(cf.predicate):
        return False
    if cf.subject:
        if not same(cf.subject, sf.subject):
            return False
    elif sf.subject or not action_topics(cf.predicate) & action_topics(sf.predicate):
        return False  # with no subject, only a shared topic ties two actions together
    elif coverage(ctx.claim_words, ctx.reading.words) < WEAK_OVERLAP:
        return False
    # Entities the claim names besides those its facts are about ("in Chengdu") must be
    # named too; the subjects of the claim's other facts ("Alibaba and Tencent were
    # fined") are other conjuncts, each checked on its own.
    subjects = {f.subject.split("#")[0] for f in ctx.claim.facts}
    return set(ctx.claim.entities) - subjects <= ctx.reading.entities


def _topics_agree(base: str, claimed: frozenset[str], stated: frozenset[str]) -> bool:
    """Topics agree when they share one, or the item names none and the action needs
    none to be told apart ("Alibaba was fined in 2021" may be the antitrust fine)."""
    if not claimed or claimed & stated:
        return True
    return not stated and base not in NEEDS_TOPIC
