"""Structure derived from a sentence: the checkable facts a claim or an item asserts.

Claims are written as plain sentences; :func:`derive_claim` reads their facts, and
the labeller reads item sentences with the very same :func:`derive_facts`, so a claim
and the news are compared in one vocabulary. Entities come from the matcher; dates,
numbers and durations are normalised (see :mod:`watchers.facts.values`); the rest is
a small set of English and Chinese patterns over a skeleton of the sentence (see
:mod:`watchers.facts.skeleton`).

Beyond what :class:`~watchers.model.Fact` documents, derived facts follow these
conventions:

- a subject or value named with an ordinal is ``"<entity id>#<n>"``
  ("the 13th Politburo" is ``politburo#13``);
- an office holder who is not a tracked entity is the name as written ("Zhang Wei");
- a tenure event is qualified by its office: ``"appointed:party_secretary@xinjiang"``;
- ``unit`` is ``"ended"`` on an office, parent link or rank that no longer holds
  ("former party secretary", "no longer sits under", "formerly China's biggest");
- an action ("censured", "shelved", "called for") is an EVENT_DATE whose value may be
  "" (undated), whose predicate carries its topics ("penalised:antitrust"), and whose
  ``unit`` is ``"reversed"`` or ``"negated"`` when the sentence undoes or denies it
  (see :mod:`watchers.facts.actions`);
- a measure may be qualified: ``mentions:opening_up`` counts a term,
  ``report:previous`` is a former value (see :mod:`watchers.facts.measures`);
- a document's publication is an EXISTS fact with predicate "public"; its issuer an
  ISSUER fact, the years it covers a PERIOD ("2021/2025"); a rank a RANK fact
  ("first:lunar_mission" in scope "china"); a place's region a LOCATION fact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from watchers.facts.actions import action_facts
from watchers.facts.documents import issuer_facts, publication_facts
from watchers.facts.events import event_facts, qualify
from watchers.facts.existence import existence_facts
from watchers.facts.measures import measure_facts
from watchers.facts.offices import office_facts
from watchers.facts.parents import parent_facts
from watchers.facts.periods import period_facts
from watchers.facts.ranks import rank_facts
from watchers.facts.regions import region_facts
from watchers.facts.skeleton import build_skeleton, check_mentions
from watchers.facts.terms import term_facts
from watchers.matcher import Matcher
from watchers.model import Claim, Fact, Mention
from watchers.text import mentions_by_sentence, split_sentences

__all__ = ["derive_claim", "derive_facts", "sentence_facts"]


def derive_facts(text: str, mentions: Sequence[Mention]) -> tuple[Fact, ...]:
    """The facts asserted in ``text``, sentence by sentence, each once.

    ``mentions`` are the entities found in ``text`` (as ``Matcher.find(text)`` returns
    them, offsets into ``text``); facts are only ever about those entities, apart from
    the written names of untracked office holders. Raises ValueError for a mention
    whose offsets lie outside ``text``.
    """
    check_mentions(mentions, len(text))
    facts: dict[Fact, None] = {}
    sentences = split_sentences(text)
    for sentence, inside in zip(sentences, mentions_by_sentence(sentences, mentions), strict=True):
        facts.update(dict.fromkeys(sentence_facts(sentence.text, inside)))
    return tuple(facts)


def sentence_facts(
    sentence: str,
    mentions: Sequence[Mention],
    as_of: dt.date | None = None,
    headline: bool = False,
) -> tuple[Fact, ...]:
    """The facts of one sentence; ``mentions`` have offsets into ``sentence``; ``as_of``
    is when it was written, which dates what it says without a year, and what a
    ``headline`` reports without a date (see :func:`event_facts`)."""
    sk = build_skeleton(sentence, mentions, as_of)
    events = event_facts(sk, as_of if headline else None)
    offices = office_facts(sk)
    found = (
        *qualify(events, offices),
        *action_facts(sk),
        *existence_facts(sk, events),
        *publication_facts(sk),
        *measure_facts(sk),
        *offices,
        *parent_facts(sk),
        *issuer_facts(sk),
        *period_facts(sk),
        *rank_facts(sk),
        *region_facts(sk),
        *term_facts(sk, as_of),
    )
    return tuple(dict.fromkeys(found))


def derive_claim(claim: Claim, matcher: Matcher) -> Claim:
    """``claim`` with its facts derived from its text, and its entities too when empty.

    When the claim names exactly one entity, facts whose sentence names none (as in
    "Companies must report incidents within 24 hours") are taken to be about it.
    """
    mentions = matcher.find_in_claim(claim.text)
    entities = claim.entities or tuple(dict.fromkeys(m.entity_id for m in mentions))
    facts = derive_facts(claim.text, mentions)
    if len(entities) == 1:
        facts = tuple(f if f.subject else replace(f, subject=entities[0]) for f in facts)
    return replace(claim, entities=entities, facts=facts)
