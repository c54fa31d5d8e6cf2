"""Reading the evidence on claims: each label an item's current version got, with the item,
and what people said of the label since; for the claims page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, select, tuple_

from watchers.model import Stance
from watchers.storage import tables as t

_TAKES_PART = tuple(s.value for s in Stance if s is not Stance.UNRELATED)


@dataclass(frozen=True)
class Correction:
    """Someone said the label is wrong: what it should be ("" when they muted the item)."""

    actor: str
    label: str


@dataclass(frozen=True)
class Evidence:
    """One label on a claim: the item as it reads now, the sentence and the reason.

    ``when`` dates the evidence: the item's publication date when the feed gave one,
    else when it was labelled.
    """

    claim_id: str
    item_id: int
    stance: Stance
    score: float
    sentence: str
    reason: str
    labelled_at: datetime
    published: datetime | None
    title: str
    link: str
    feed_id: str
    corrections: tuple[Correction, ...] = ()

    @property
    def when(self) -> datetime:
        return self.published or self.labelled_at


class EvidenceRows:
    engine: Engine

    def evidence_on(
        self,
        claim_ids: Collection[str],
        stances: Collection[Stance] = (),
        per_claim: int | None = None,
    ) -> list[Evidence]:
        """The labels on these claims that take part (not UNRELATED), newest first by claim;
        only ``stances`` when given; at most ``per_claim`` for each claim when given."""
        wanted = [s.value for s in stances] or list(_TAKES_PART)
        newest = func.row_number().over(
            partition_by=t.verdicts.c.claim_id,
            order_by=(t.verdicts.c.created_at.desc(), t.verdicts.c.id.desc()),
        )
        inner = _evidence_query(list(claim_ids), wanted).add_columns(newest.label("n")).subquery()
        stmt = select(inner)
        if per_claim is not None:
            stmt = stmt.where(inner.c.n <= per_claim)
        with self.engine.connect() as c:
            rows = c.execute(stmt.order_by(inner.c.claim_id, inner.c.n)).all()
            corrections = _corrections(c, {(r.item_id, r.claim_id) for r in rows})
        return [
            Evidence(
                claim_id=r.claim_id,
                item_id=r.item_id,
                stance=Stance(r.stance),
                score=r.score,
                sentence=r.evidence,
                reason=r.reason,
                labelled_at=r.created_at,
                published=r.published,
                title=r.title,
                link=r.link,
                feed_id=r.feed_id,
                corrections=corrections.get((r.item_id, r.claim_id), ()),
            )
            for r in rows
        ]

    def evidence_counts(self, claim_ids: Collection[str]) -> dict[str, Counter[Stance]]:
        """For each claim with evidence, how many labels of each kind (UNRELATED aside)."""
        counted = select(t.verdicts.c.claim_id, t.verdicts.c.stance, func.count())
        query = _current(counted, list(claim_ids), _TAKES_PART).group_by(
            t.verdicts.c.claim_id, t.verdicts.c.stance
        )
        out: dict[str, Counter[Stance]] = {}
        with self.engine.connect() as c:
            for claim_id, stance, count in c.execute(query):
                out.setdefault(claim_id, Counter())[Stance(stance)] = int(count)
        return out


def _evidence_query(claim_ids: list[str], stances: Sequence[str]) -> Select[tuple[object, ...]]:
    columns = select(
        t.verdicts.c.claim_id,
        t.verdicts.c.item_id,
        t.verdicts.c.stance,
        t.verdicts.c.score,
        t.verdicts.c.evidence,
        t.verdicts.c.reason,
        t.verdicts.c.created_at,
        t.items.c.published,
        t.items.c.title,
        t.items.c.link,
        t.items.c.feed_id,
    )
    return _current(columns, claim_ids, stances)


def _current(query: Select[Any], claim_ids: list[str], stances: Sequence[str]) -> Select[Any]:
    """``query`` on the labels of the items' current versions: of these claims and stances."""
    return query.join(t.items, t.items.c.id == t.verdicts.c.item_id).where(
        t.verdicts.c.claim_id.in_(claim_ids),
        t.verdicts.c.version == t.items.c.version,
        t.verdicts.c.stance.in_(stances),
    )


def _corrections(
    c: Connection, pairs: Iterable[tuple[int, str]]
) -> dict[tuple[int, str], tuple[Correction, ...]]:
    """The relabelling feedback on each (item, claim) pair, oldest first."""
    wanted = sorted(pairs)
    if not wanted:
        return {}
    fb = t.feedback.c
    query = (
        select(fb.item_id, fb.claim_id, fb.actor, fb.correct_label)
        .where(fb.action == "relabel", tuple_(fb.item_id, fb.claim_id).in_(wanted))
        .order_by(fb.id)
    )
    out: dict[tuple[int, str], list[Correction]] = {}
    for r in c.execute(query):
        out.setdefault((r.item_id, r.claim_id), []).append(Correction(r.actor, r.correct_label))
    return {key: tuple(found) for key, found in out.items()}
