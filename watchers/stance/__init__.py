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
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass

from watchers.extent import excerpt
from watchers.facts import derive_claim
from watchers.matcher import Matcher
from watchers.model import Claim, Item, Mention, Stance, Verdict
from watchers.stance.base import Opinion, StanceModel
from watchers.stance.people import claim_people
from watchers.stance.reading import read_item
from watchers.stance.rules import Reading, judge
from watchers.stance.sides import Job, side_doubt
from watchers.text import content_tokens, coverage

__all__ = ["ItemReading", "Labeller"]

_RELATED_OVERLAP = 0.5  # share of claim words that relates a pair without a shared entity


@dataclass(frozen=True)
class ItemReading:
    """An item as the rules read it: its excerpt, its sentences, their words, its entities."""

    item: Item
    readings: tuple[Reading, ...]
    words: frozenset[str]
    entities: frozenset[str]


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
        jobs: list[Job] = []
        ends: list[int] = []
        for item, mentions in batch:
            jobs.extend(self._item_jobs(item, mentions))
            ends.append(len(jobs))
        verdicts = self._label(jobs)
        return [verdicts[start:end] for start, end in zip([0, *ends], ends, strict=False)]

    def _item_jobs(self, item: Item, mentions: Sequence[Mention]) -> list[Job]:
        """The pairs of a feed item: the active claims about an entity it mentions."""
        ids = {m.entity_id for m in mentions}
        claims = [c for c in self._claims if not c.retired and ids & set(c.entities)]
        if not claims:
            return []
        item, inside = excerpt(item, mentions)
        readings = read_item(item, inside, self._matcher.kind)
        words = _words_of(readings)
        return [
            Job(
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
                Job(seen.item, full, words, seen.readings, seen.words, shared, True, people)
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

    def _age(self, job: Job) -> int | None:
        published = job.item.published
        if self._today is None or published is None:
            return None
        return (self._today - published.date()).days

    def _label(self, jobs: Sequence[Job]) -> list[Verdict]:
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


def _from_model(job: Job, opinion: Opinion, name: str) -> Verdict:
    stance = opinion.stance
    reason = f"model:{name} {opinion.score:.2f}"
    if stance is Stance.UNRELATED and (job.shared or not job.may_be_unrelated):
        stance = Stance.MENTIONS  # it names the claim's subject: related, whatever the words
    if stance in (Stance.CORROBORATES, Stance.CONTRADICTS):
        doubt = side_doubt(job, stance)
        if doubt:
            reason = f"{reason} said {stance}, but {doubt}"
            stance = Stance.MENTIONS
    evidence = opinion.evidence or _best_sentence(job)
    return Verdict(job.claim.id, stance, opinion.score, evidence, reason)


def _fallback(job: Job) -> Verdict:
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


def _best_sentence(job: Job) -> str:
    """The sentence naming a claim entity (if any does) that shares most claim words."""
    entities = set(job.claim.entities)
    best = ("", -1.0, False)
    for r in job.readings:
        named = bool(r.entities & entities)
        share = coverage(job.words, r.words)
        if (named, share) > (best[2], best[1]):
            best = (r.text, share, named)
    return best[0]
