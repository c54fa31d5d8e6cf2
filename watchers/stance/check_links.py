"""Checks of who and where: existence, office holders, parent bodies, issuers, regions.

- Existence: the same predicate ("exists", or "public" for a document's text) with
  another value contradicts; an establishment or entry into force stands for "exists".
- Offices and parent bodies: the same link agrees or has ended; another holder or
  parent of a link that admits one ends the claim's (one member of many ends nothing).
- Issuer: another issuer contradicts unless the sentence names the claim's among them.
- Region: another region contradicts; one containing the other ("south" and
  "southwest") says nothing.
"""

from __future__ import annotations

from watchers.facts.lexicon import DIRECT, ENDED, HEADS_A_PLACE, is_shared_role
from watchers.facts.skeleton import AMENDED
from watchers.facts.terms import TERM_YEARS
from watchers.model import Fact, FactKind
from watchers.stance.check_time import EXISTENCE_EVENTS
from watchers.stance.findings import UNKNOWN_BODIES, Bodies, Context, Finding, found, same

# Past this age a story naming another holder of an office tells of an earlier term, not
# against a claim about who holds it now: Party and state offices are filled for the
# five-year terms of the congresses that elect them, so a story from within one term
# naming another holder speaks of the same term as the claim.
HISTORICAL_DAYS = TERM_YEARS * 365


def existence(cf: Fact, sf: Fact) -> Finding | None:
    if not same(cf.subject, sf.subject):
        return None
    if sf.kind is FactKind.EXISTS and sf.predicate == cf.predicate:
        return found(sf.value == cf.value, 0.85, "existence", f"claim {cf.value}, item {sf.value}")
    exists = cf.predicate == "exists"
    if exists and sf.kind is FactKind.EVENT_DATE and _shows_existence(sf):
        return found(cf.value == "true", 0.8, "existence", f"item {sf.predicate} {sf.value}")
    return None


def _shows_existence(event: Fact) -> bool:
    """Whether a dated event shows its subject exists: it was set up or took effect, or,
    for an amendment, anything at all was dated of it."""
    return event.predicate in EXISTENCE_EVENTS or event.subject.endswith(AMENDED)


def office(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    """Same person: do the tenures agree? Another person holding it: the claim's is over."""
    if sf.kind is not FactKind.OFFICE_HOLDER:
        return None
    if not _same_office(cf, sf, ctx):
        return _elsewhere(cf, sf, ctx)
    claim_holds, item_holds = cf.unit != ENDED, sf.unit != ENDED
    if same(cf.subject, sf.subject):
        state = "holds" if item_holds else "no longer holds"
        detail = f"item says {sf.subject} {state} {_office_name(cf)}"
        return found(claim_holds == item_holds, 0.9 if sf.predicate else 0.7, "office", detail)
    if not item_holds or is_shared_role(cf.predicate) or not cf.value:
        return None  # a past holder, or one of many members, says nothing of this one
    if ctx.age_days is not None and ctx.age_days > HISTORICAL_DAYS:
        return None  # an old story of another holder tells of an earlier state
    if not same(cf.value, sf.value):
        return None  # nor does "President X" with no country named
    detail = f"claim {cf.subject}, item {sf.subject} as {_office_name(cf)}"
    return found(not claim_holds, 0.85 if claim_holds else 0.6, "office-holder", detail)


def _elsewhere(cf: Fact, sf: Fact, ctx: Context) -> Finding | None:
    """The claim's holder now heads another place: "X is governor of Guangdong" against a
    recent "X is the party secretary of Xinjiang"."""
    both_now = cf.unit != ENDED and sf.unit != ENDED
    heads = cf.predicate in HEADS_A_PLACE and sf.predicate in HEADS_A_PLACE
    if not (both_now and heads and same(cf.subject, sf.subject)):
        return None
    if not cf.value or sf.value in ("", "?") or same(cf.value, sf.value):
        return None
    if ctx.age_days is not None and ctx.age_days > HISTORICAL_DAYS:
        return None  # an old story tells of an earlier post
    detail = f"item says {sf.subject} is {sf.predicate} of {sf.value}"
    return found(False, 0.7, "office-elsewhere", detail)


# The head of a body is its director or its chair as translations have it: 主任 of a
# commission is "director", "head" or "chairman".
_HEAD = {"chair": "director"}


def _same_office(cf: Fact, sf: Fact, ctx: Context) -> bool:
    """Same role (or a tenure ended in no named role) at the same place, where stated."""
    same_role = _HEAD.get(sf.predicate, sf.predicate) == _HEAD.get(cf.predicate, cf.predicate)
    if not same_role and not (sf.unit == ENDED and not sf.predicate):
        return False
    if not cf.value or same(cf.value, sf.value):
        return True
    return not sf.value and cf.value.split("#")[0] in ctx.item_entities


def _office_name(fact: Fact) -> str:
    return f"{fact.predicate} of {fact.value}" if fact.value else fact.predicate


def parent(cf: Fact, sf: Fact, bodies: Bodies = UNKNOWN_BODIES) -> Finding | None:
    """Same parent: do the links agree? A parent within the claim's agrees ("under the
    NDRC" places a body under the State Council); another parent on the same side of the
    party-state ends the claim's link. A Party organ and a state body are no such pair:
    many bodies answer to both ("one institution, two names")."""
    if sf.kind is not FactKind.PARENT_BODY or not same(cf.subject, sf.subject):
        return None
    claim_holds, item_holds = cf.unit != ENDED, sf.unit != ENDED
    if same(cf.value, sf.value):
        state = "under" if item_holds else "no longer under"
        detail = f"item says {sf.subject} {state} {sf.value}"
        return found(claim_holds == item_holds, 0.85, "parent", detail)
    if not item_holds:
        return None
    if bodies.contains(cf.value, sf.value):
        detail = f"item says {sf.subject} under {sf.value}, within {cf.value}"
        if cf.unit == DIRECT:  # under a body within the claimed parent: not directly
            return found(not claim_holds, 0.7, "parent", detail)
        return found(claim_holds, 0.7, "parent", detail)
    if bodies.contains(sf.value, cf.value) or _sides(cf.value, bodies) != _sides(sf.value, bodies):
        return None
    detail = f"claim {cf.value}, item {sf.value}"
    return found(not claim_holds, 0.85 if claim_holds else 0.6, "parent", detail)


def _sides(body: str, bodies: Bodies) -> str:
    """Which side of the party-state a parent stands on, as far as the list says."""
    return "party" if bodies.kind(body) == "party_organ" else "state"


def issuer(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.ISSUER or not same(cf.subject, sf.subject):
        return None
    return found(same(cf.value, sf.value), 0.85, "issuer", f"claim {cf.value}, item {sf.value}")


def location(cf: Fact, sf: Fact) -> Finding | None:
    if sf.kind is not FactKind.LOCATION or not same(cf.subject, sf.subject):
        return None
    if cf.value != sf.value and (cf.value in sf.value or sf.value in cf.value):
        return None
    detail = f"claim {cf.value}, item {sf.value}"
    return found(cf.value == sf.value, 0.85, "location", detail)
