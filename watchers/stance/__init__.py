"""Labelling items against claims: corroborates, contradicts, mentions (or unrelated).

For each (item, claim) pair the decision goes, in order:

1. **Structured rules** (:mod:`watchers.stance.rules`): the claim's facts against the
   facts read from each sentence of the item (title included). When they fire they
   decide, whatever a model would say.
2. **The model**, when one is given: its opinion decides, with the reason
   ``"model:<name> <score>"``. All pairs the rules leave open in one call go to the
   model in one batch.
3. **A transparent fallback**: a pair that shares an entity is MENTIONS, with the
   sentence that shares most of the claim's words as evidence; otherwise (only in
   :meth:`Labeller.label_pairs`) it is UNRELATED unless the item repeats most of the
   claim's words. Its score is how surely the item does no more than mention the
   claim: the more of the claim's words the item repeats, the less sure.

The rules and the model read an item's excerpt (:mod:`watchers.extent`), so the work
done for one item is bounded however long it is, and its evidence comes from there.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass

from watchers.extent import excerpt
from watchers.facts import derive_claim
from watchers.facts.skeleton import build_skeleton
from watchers.facts.values import parse_number
from watchers.matcher import Matcher
from watchers.model import Claim, FactKind, Item, Mention, Stance, Verdict
from watchers.stance.base import Opinion, StanceModel
from watchers.stance.people import claim_people, named_in
from watchers.stance.reading import read_item
from watchers.stance.rules import Reading, judge
from watchers.text import content_tokens, coverage

__all__ = ["ItemReading", "Labeller"]

_RELATED_OVERLAP = 0.5  # share of claim words that relates a pair without a shared entity
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
class ItemReading:
    """An item as the rules read it: its excerpt, its sentences, their words, its entities."""

    item: Item
    readings: tuple[Reading, ...]
    words: frozenset[str]
    entities: frozenset[str]


@dataclass(frozen=True)
class _Job:
    """One pair to label, with the item already read."""

    item: Item  # as read: its excerpt (see watchers.extent)
    claim: Claim
    words: frozenset[str]
    readings: tuple[Reading, ...]
    item_words: frozenset[str]  # the union of the readings' words
    shared: frozenset[str]
    may_be_unrelated: bool
    people: tuple[str, ...] = ()  # untracked people the claim names (see people.py)


class Labeller:
    """Labels items against a fixed set of claims; holds no state between calls."""

    def __init__(
        self,
        claims: Sequence[Claim],
        matcher: Matcher,
        model: StanceModel | None = None,
        today: dt.date | None = None,
    ) -> None:
        """Claims without facts get them derived here (see :func:`derive_claim`).

        ``today`` dates the present tense of claims: an item much older than it that
        names another holder of a claimed office tells of an earlier state. Feed items
        are new, so the service leaves it out; archives labelled in one go give it.
        """
        self._matcher = matcher
        self._model = model
        self._today = today
        self._claims = tuple(c if c.facts else derive_claim(c, matcher) for c in claims)
        self._words = {c: self._claim_words(c) for c in self._claims}
        self._named: dict[Claim, tuple[str, ...]] = {}

    def label_item(self, item: Item, mentions: Sequence[Mention]) -> list[Verdict]:
        """One verdict per active (non-retired) claim that shares an entity with the item's
        mentions: corroborates / contradicts / mentions. Never UNRELATED here.

        ``mentions`` are those of ``Matcher.find`` on the title (field "title") and on
        the text (field "text"); ValueError names a mention with another field or with
        offsets outside its field.
        """
        return self.label_items([(item, mentions)])[0]

    def label_items(self, batch: Sequence[tuple[Item, Sequence[Mention]]]) -> list[list[Verdict]]:
        """:meth:`label_item` for each (item, mentions) of a poll, in order, with one call
        of the model for all of them: its features and trees cost much less per pair in
        one batch than item by item, and give the same opinions."""
        jobs: list[_Job] = []
        ends: list[int] = []
        for item, mentions in batch:
            jobs.extend(self._item_jobs(item, mentions))
            ends.append(len(jobs))
        verdicts = self._label(jobs)
        return [verdicts[start:end] for start, end in zip([0, *ends], ends, strict=False)]

    def _item_jobs(self, item: Item, mentions: Sequence[Mention]) -> list[_Job]:
        """The pairs of a feed item: the active claims about an entity it mentions."""
        ids = {m.entity_id for m in mentions}
        claims = [c for c in self._claims if not c.retired and ids & set(c.entities)]
        if not claims:
            return []
        item, inside = excerpt(item, mentions)
        readings = read_item(item, inside, self._matcher.kind)
        words = _words_of(readings)
        return [
            _Job(
                item,
                c,
                self._words[c],
                readings,
                words,
                frozenset(ids & set(c.entities)),
                False,
                self._people(c),
            )
            for c in claims
        ]

    def label_pairs(
        self,
        pairs: Sequence[tuple[Item, Claim]],
        reads: MutableMapping[Item, ItemReading] | None = None,
    ) -> list[Verdict]:
        """One verdict per given pair, UNRELATED allowed; batched (the model is called once
        per batch).

        ``reads`` keeps each item's reading for the caller across calls: reading an item
        costs far more than judging a pair, and a pairs file names one item against many
        claims, spread over many batches. The caller bounds it (e.g. an LRU mapping).
        """
        read = {} if reads is None else reads
        derived: dict[Claim, tuple[Claim, frozenset[str]]] = {}
        jobs = []
        for item, claim in pairs:
            seen = read.get(item)
            if seen is None:
                seen = read[item] = self._read(item)
            if claim not in derived:
                full = claim if claim.facts else derive_claim(claim, self._matcher)
                derived[claim] = (full, self._words.get(full) or self._claim_words(full))
            full, words = derived[claim]
            shared = seen.entities & frozenset(full.entities)
            people = self._people(full)
            jobs.append(
                _Job(seen.item, full, words, seen.readings, seen.words, shared, True, people)
            )
        return self._label(jobs)

    def _read(self, item: Item) -> ItemReading:
        mentions = self._matcher.find_in_item(item)
        read_as, inside = excerpt(item, mentions)
        readings = read_item(read_as, inside, self._matcher.kind)
        ids = frozenset(m.entity_id for m in mentions)
        return ItemReading(read_as, readings, _words_of(readings), ids)

    def _people(self, claim: Claim) -> tuple[str, ...]:
        if claim not in self._named:
            spans = [(m.start, m.end) for m in self._matcher.find_in_claim(claim.text)]
            self._named[claim] = claim_people(claim.text, spans)
        return self._named[claim]

    def _claim_words(self, claim: Claim) -> frozenset[str]:
        """The claim's content words other than its entity names."""
        spans = [(m.start, m.end) for m in self._matcher.find_in_claim(claim.text)]
        return content_tokens(claim.text, spans)

    def _age(self, job: _Job) -> int | None:
        published = job.item.published
        if self._today is None or published is None:
            return None
        return (self._today - published.date()).days

    def _label(self, jobs: Sequence[_Job]) -> list[Verdict]:
        bodies = self._matcher
        verdicts = [judge(j.claim, j.words, j.readings, self._age(j), bodies) for j in jobs]
        open_ = [i for i, v in enumerate(verdicts) if v is None]
        if self._model is not None and open_:
            opinions = self._model.predict(
                [(jobs[i].claim.text, jobs[i].item.title, jobs[i].item.text) for i in open_]
            )
            if len(opinions) != len(open_):
                raise ValueError(
                    f"stance model {self._model.name!r} returned {len(opinions)} opinions "
                    f"for {len(open_)} pairs"
                )
            for i, opinion in zip(open_, opinions, strict=True):
                verdicts[i] = _from_model(jobs[i], opinion, self._model.name)
        return [
            v if v is not None else _fallback(job) for v, job in zip(verdicts, jobs, strict=True)
        ]


def _words_of(readings: Sequence[Reading]) -> frozenset[str]:
    return frozenset().union(*(r.words for r in readings))


def _from_model(job: _Job, opinion: Opinion, name: str) -> Verdict:
    stance = opinion.stance
    reason = f"model:{name} {opinion.score:.2f}"
    if stance is Stance.UNRELATED and (job.shared or not job.may_be_unrelated):
        stance = Stance.MENTIONS  # it names the claim's subject: related, whatever the words
    if stance in (Stance.CORROBORATES, Stance.CONTRADICTS):
        doubt = _side_doubt(job, stance)
        if doubt:
            reason = f"{reason} said {stance}, but {doubt}"
            stance = Stance.MENTIONS
    evidence = opinion.evidence or _best_sentence(job)
    return Verdict(job.claim.id, stance, opinion.score, evidence, reason)


def _side_doubt(job: _Job, stance: Stance) -> str:
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


def _unnamed_person(job: _Job) -> str:
    text = f"{job.item.title}\n{job.item.text}"
    return next((name for name in job.people if not named_in(name, text)), "")


def _unmatched_values(job: _Job) -> bool:
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


def _said_together(job: _Job) -> bool:
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


def _fallback(job: _Job) -> Verdict:
    overlap = coverage(job.words, job.item_words)
    if job.shared:
        reason = f"mentions: {', '.join(sorted(job.shared))}; overlap {overlap:.2f}"
    elif overlap >= _RELATED_OVERLAP:
        reason = f"mentions: no shared entity; overlap {overlap:.2f}"
    else:
        reason = f"unrelated: no shared entity; overlap {overlap:.2f}"
        return Verdict(job.claim.id, Stance.UNRELATED, round(1 - overlap, 2), "", reason)
    score = round(1 - overlap / 2, 2)
    return Verdict(job.claim.id, Stance.MENTIONS, score, _best_sentence(job), reason)


def _best_sentence(job: _Job) -> str:
    """The sentence naming a claim entity (if any does) that shares most claim words."""
    entities = set(job.claim.entities)
    best = ("", -1.0, False)
    for r in job.readings:
        named = bool(r.entities & entities)
        share = coverage(job.words, r.words)
        if (named, share) > (best[2], best[1]):
            best = (r.text, share, named)
    return best[0]
