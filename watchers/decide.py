"""What one poll changes: the pure decisions between parsing and storing.

``analyse`` finds mentions and labels; ``decide`` turns the analysed items into
the writes, alerts and tallies the store then applies without re-deciding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from watchers import standing
from watchers.dedupe import Change, Classified
from watchers.extent import excerpt
from watchers.model import (
    Alert,
    AlertKind,
    Claim,
    FeedState,
    Item,
    Mention,
    Stance,
    Tally,
    Verdict,
)
from watchers.text import split_sentences

if TYPE_CHECKING:
    from watchers.watch import Watch


@dataclass(frozen=True)
class Analysed:
    classified: Classified
    mentions: tuple[Mention, ...]
    verdicts: tuple[Verdict, ...]

    @property
    def item(self) -> Item:
        return self.classified.item


@dataclass(frozen=True)
class PendingAlert:
    """An alert whose item may not be stored yet: ``write`` indexes ``PollOutcome.writes``."""

    alert: Alert
    write: int | None = None


@dataclass(frozen=True)
class ClaimSubject:
    """What a standing alert about a claim names: its entity and its sentence."""

    entity_id: str
    text: str


@dataclass(frozen=True)
class PollOutcome:
    """What one poll changes.

    ``deltas`` are changes to claim tallies, not new totals: instances sharing a
    database add them to whatever the tally is when they commit, and the store
    turns any change of standing this causes into an alert (``standing_alert``).
    """

    feed_state: FeedState
    writes: tuple[Analysed, ...] = ()
    alerts: tuple[PendingAlert, ...] = ()
    deltas: Mapping[str, Tally] = field(default_factory=dict)
    subjects: Mapping[str, ClaimSubject] = field(default_factory=dict)

    @property
    def new_count(self) -> int:
        return sum(1 for w in self.writes if w.classified.change is Change.NEW)

    @property
    def edit_count(self) -> int:
        return sum(1 for w in self.writes if w.classified.change is Change.EDITED)


def find_mentions(watch: Watch, item: Item) -> tuple[Mention, ...]:
    """Mentions in the title, then in the text."""
    return tuple(watch.matcher.find_in_item(item))


def analyse(watch: Watch, classified: Sequence[Classified]) -> list[Analysed]:
    """Mentions and verdicts for every new or edited item; unchanged items are dropped.

    The items that mention something are labelled together, in one batch.
    """
    changed = [c for c in classified if c.change is not Change.UNCHANGED]
    mentions = [find_mentions(watch, c.item) for c in changed]
    labelled = [(c.item, m) for c, m in zip(changed, mentions, strict=True) if m]
    verdicts = iter(watch.labeller.label_items(labelled))
    return [
        Analysed(c, m, tuple(next(verdicts)) if m else ())
        for c, m in zip(changed, mentions, strict=True)
    ]


def decide(
    watch: Watch,
    state: FeedState,
    analysed: Sequence[Analysed],
    previous: Mapping[int, Mapping[str, Stance]],
) -> PollOutcome:
    """The writes, alerts and tally changes for one poll.

    ``previous`` holds, for edited items, the stance each claim had before the
    edit: an edit re-alerts only the claims whose stance it changed, and the
    tally swaps the old stance for the new one.
    """
    alerts: list[PendingAlert] = []
    deltas: dict[str, Tally] = {}
    for index, a in enumerate(analysed):
        known = a.classified.known
        old = previous.get(known.id, {}) if known else {}
        alerts.extend(PendingAlert(x, index) for x in _item_alerts(watch, a, old))
        for v in a.verdicts:
            d = deltas.get(v.claim_id, Tally())
            if v.claim_id in old:
                d = _subtract(d, old[v.claim_id])
            deltas[v.claim_id] = standing.add(d, [v.stance])
    subjects = {claim_id: _subject(watch, claim_id) for claim_id in deltas}
    return PollOutcome(state, tuple(analysed), tuple(alerts), deltas, subjects)


def standing_alert(subject: ClaimSubject, moved: standing.StandingChange) -> Alert:
    """The alert for a claim whose standing moved."""
    return Alert(
        AlertKind.STANDING,
        subject.entity_id,
        claim_id=moved.claim_id,
        title=subject.text,
        detail=moved.describe(),
    )


def _subject(watch: Watch, claim_id: str) -> ClaimSubject:
    claim = watch.claims[claim_id]
    return ClaimSubject(claim.entities[0] if claim.entities else "", claim.text)


def _item_alerts(watch: Watch, a: Analysed, old: Mapping[str, Stance]) -> list[Alert]:
    """Alerts for one item: a line per claim it takes a side on, one per entity it only mentions.

    Verdicts of MENTIONS are kept (they count in tallies) but alert once per entity,
    not once per claim: "this item mentions the CAC" is one piece of news.
    """
    if not a.mentions:
        return []
    item = a.item
    base = Alert(AlertKind.MENTION, "", item.feed_id, None, item.title, item.link)
    mentioned = _first_alias(a.mentions)
    out: list[Alert] = []
    if a.classified.change is Change.EDITED and a.classified.known:
        out.append(_edit_alert(base, a, next(iter(mentioned))))
    covered: set[str] = set()
    for v in a.verdicts:
        if v.stance not in (Stance.CORROBORATES, Stance.CONTRADICTS):
            continue
        claim = watch.claims[v.claim_id]
        covered.update(e for e in claim.entities if e in mentioned)
        if old.get(v.claim_id) == v.stance:
            continue
        entity = _entity_for(claim, mentioned)
        out.append(_verdict_alert(base, v, entity, mentioned.get(entity, "")))
    uncovered = [e for e in mentioned if e not in covered]
    if a.classified.change is Change.NEW and uncovered:
        evidence = _first_sentences(item, a.mentions)
        for entity in uncovered:
            alias, sentence = mentioned[entity], evidence.get(entity, "")
            out.append(replace(base, entity_id=entity, alias=alias, evidence=sentence))
    return out


def _first_sentences(item: Item, mentions: Sequence[Mention]) -> dict[str, str]:
    """Entity id → the first sentence that mentions it (the title when it is there), in
    what is read of the item."""
    item, mentions = excerpt(item, mentions)
    sentences = {True: split_sentences(item.title), False: split_sentences(item.text)}
    out: dict[str, str] = {}
    for m in mentions:
        if m.entity_id in out:
            continue
        for sentence in sentences[m.field == "title"]:
            if sentence.start <= m.start < sentence.end:
                out[m.entity_id] = sentence.text
                break
    return out


def _first_alias(mentions: Sequence[Mention]) -> dict[str, str]:
    """Entity id → the first alias that matched it, in order of appearance."""
    out: dict[str, str] = {}
    for m in mentions:
        out.setdefault(m.entity_id, m.alias)
    return out


def _entity_for(claim: Claim, mentioned: Mapping[str, str]) -> str:
    for e in claim.entities:
        if e in mentioned:
            return e
    return claim.entities[0] if claim.entities else next(iter(mentioned))


def _verdict_alert(base: Alert, v: Verdict, entity: str, alias: str) -> Alert:
    return replace(
        base,
        kind=AlertKind.VERDICT,
        entity_id=entity,
        claim_id=v.claim_id,
        stance=v.stance,
        score=v.score,
        evidence=v.evidence,
        reason=v.reason,
        alias=alias,
    )


def _edit_alert(base: Alert, a: Analysed, entity: str) -> Alert:
    known = a.classified.known
    assert known is not None
    item = a.item
    changed_title = known.title != item.title
    detail = f"title changed from “{known.title}”" if changed_title else "text changed"
    return replace(base, kind=AlertKind.EDIT, entity_id=entity, detail=detail)


def _subtract(t: Tally, s: Stance) -> Tally:
    return Tally(
        t.corroborates - (s is Stance.CORROBORATES),
        t.contradicts - (s is Stance.CONTRADICTS),
        t.mentions - (s is Stance.MENTIONS),
    )
