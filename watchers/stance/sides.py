"""When the stance model may take a side on a pair, and when it may not.

A model trained on headline/body pairs reads two texts about one entity as one story and
cannot compare values. Its corroboration or contradiction stands only when the item
names the claim's entities and people, repeats its words in one sentence, and (for a
corroboration) repeats its numbers or has them confirmed by the structured checks.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from watchers.facts.skeleton import build_skeleton
from watchers.facts.values import parse_number
from watchers.hanzi import to_simplified
from watchers.model import Claim, FactKind, Item, Stance
from watchers.stance.people import named_in
from watchers.stance.rules import Reading
from watchers.text import coverage

# Share of the claim's own words (entity names aside) that an item must repeat before
# the model may say it takes a side. A model trained on headline/body pairs reads two
# texts about one entity as one story; "the CAC consults on AI labels" does not
# corroborate "the CAC sits under the Party". On FNC-1 train pairs labelled agree or
# disagree, 2-4 % repeat fewer than this share.
_SIDE_OVERLAP = 0.2
# For feed items, which meet every claim about an entity they mention, the claim's
# words must also come together in one sentence, at least two of them: a long article
# repeats one word of almost any short claim somewhere ("party", "secretary"). A
# claim with fewer than two words of its own is left to the structured checks.
_SENTENCE_OVERLAP = 0.2
_SENTENCE_WORDS = 2
# A feed item's sentence asserts a claim when it names one of the claim's entities and
# repeats half of the claim's own words.
_ASSERT_OVERLAP = 0.5
_UNCHECKABLE = frozenset({FactKind.EXISTS, FactKind.LOCATION})
_MEASURED = frozenset({FactKind.NUMBER, FactKind.DURATION})


@dataclass(frozen=True)
class Job:
    """One pair to label, with the item already read."""

    item: Item  # as read: its excerpt (see watchers.extent)
    claim: Claim
    words: frozenset[str]
    readings: tuple[Reading, ...]
    item_words: frozenset[str]  # the union of the readings' words
    shared: frozenset[str]
    may_be_unrelated: bool
    people: tuple[str, ...] = ()  # untracked people the claim names (see people.py)


def side_doubt(job: Job, stance: Stance) -> str:
    """Why the model may not take ``stance`` on this pair ("" when it may).

    A model trained on headline/body pairs reads two texts about one entity as one
    story, and cannot compare values: "the CAC consults on AI labels" does not
    corroborate "the CAC sits under the Party", and "data was designated a factor of
    production in April 2020" does not corroborate a claim dating it to 2021. So a side
    needs the claim's own words said together in one sentence, and a corroboration of a
    claim that states checkable values (dates, amounts, office holders, parent bodies)
    needs the structured checks, which found nothing to confirm them.
    """
    if job.claim.entities and not job.shared:
        return "the item names none of the claim's entities"
    if stance is Stance.CORROBORATES and _unmatched_values(job):
        return "the claim's dates or amounts are not in the item"
    missing = _unnamed_person(job) if stance is Stance.CORROBORATES else ""
    if missing:
        return f"the item does not name {missing}"
    words = _wordy(job.words)
    if not words:
        return ""
    overlap = coverage(words, job.item_words)
    if overlap < _SIDE_OVERLAP:
        return f"the item repeats {overlap:.0%} of the claim"
    if not _said_together(job):
        return "no sentence repeats the claim's words"
    if stance is Stance.CORROBORATES and _checkable(job.claim):
        return "the claim's values are not confirmed by any sentence"
    return ""


def _unnamed_person(job: Job) -> str:
    text = f"{job.item.title}\n{job.item.text}"
    return next((name for name in job.people if not named_in(name, text)), "")


def _unmatched_values(job: Job) -> bool:
    """Whether the claim states a number the item does not repeat, or a date or amount in
    words the checks did not read: a model that sees "100,000 people" and "1 million
    individuals" as one story must not say the item confirms the number."""
    numbers = _numbers(job.claim.text)
    if numbers:
        return not numbers <= _numbers(f"{job.item.title}\n{job.item.text}")
    return _states_values(job.claim.text)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Chinese numerals that count or order something (二十届, 四中全会, 七人), not the 一 of 统一.
_CN_NUMBER = re.compile(
    r"[零〇一二两三四五六七八九十百千]+(?=届|中全会|次|个|项|名|人|位|部门|条|家|倍|小时|分钟|天)"
)


def _numbers(text: str) -> frozenset[str]:
    text = to_simplified(text)  # 七部門 counts as 七部门
    digits = {m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    han = {str(parse_number(m.group().replace("两", "二"))) for m in _CN_NUMBER.finditer(text)}
    return frozenset(digits | han)


@functools.lru_cache(maxsize=1024)
def _states_values(text: str) -> bool:
    sk = build_skeleton(text, ())
    return bool(sk.dates or sk.quantities)


def _checkable(claim: Claim) -> bool:
    """Whether the claim states a value that a sentence could confirm or refute: about a
    tracked entity (not only an undated action or an existence), or a named measure
    ("incidents must be reported within 24 hours")."""
    return any(
        (f.subject or (f.kind in _MEASURED and f.predicate))
        and f.kind not in _UNCHECKABLE
        and (f.value or f.kind is not FactKind.EVENT_DATE)
        for f in claim.facts
    )


def _said_together(job: Job) -> bool:
    """True if one sentence of the item repeats enough of the claim's own words: for a
    pair given as such (FNC-style), two of them and a fifth; for a feed item, which
    meets every claim about an entity it names, half of them, in a sentence that names
    one of the claim's entities."""
    pair = job.may_be_unrelated
    share = _SENTENCE_OVERLAP if pair else _ASSERT_OVERLAP
    entities = set(job.claim.entities)
    words = _wordy(job.words)
    for r in job.readings:
        if not pair and entities and not r.entities & entities:
            continue
        shared = len(words & r.words)
        if shared >= _SENTENCE_WORDS and shared / len(words) >= share:
            return True
    return False


def _wordy(words: frozenset[str]) -> frozenset[str]:
    """Words without numbers: "15" and "2024" in common make no two sentences alike."""
    return frozenset(w for w in words if not w.isdigit())
