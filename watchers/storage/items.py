"""Item rows, their mentions and verdicts, claim tallies, and applying a poll."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from watchers import standing
from watchers.decide import Analysed, PollOutcome, standing_alert
from watchers.dedupe import Change, KnownItem, link_key
from watchers.model import (
    Alert,
    Item,
    Stance,
    Standing,
    Tally,
)
from watchers.storage import tables as t
from watchers.storage.feeds import hold_lease, write_feed_state, write_feed_title
from watchers.storage.outbox import insert_alert, insert_alerts


@dataclass(frozen=True)
class ClaimRecord:
    claim_id: str
    tally: Tally
    standing: Standing


class ItemRows:
    engine: Engine

    def known_items(self, items: Sequence[Item]) -> list[KnownItem]:
        """Stored items that share a guid (same feed), link or content with ``items``.

        Title and text are read only for the stored items that one of ``items`` may
        edit (same guid or link, other content); the others come with "" for both, as
        de-duplication never looks at them: most of a feed's items are unchanged, and
        their texts are most of what would be read.
        """
        guids = [(i.feed_id, i.guid) for i in items if i.guid]
        item_links = [link_key(i.link) for i in items]
        links = [k for k in item_links if k]
        hashes = [i.content_hash for i in items]
        clauses: list[ColumnElement[bool]] = [t.items.c.content_hash.in_(hashes)]
        if links:
            clauses.append(t.items.c.link_key.in_(links))
        for feed_id in {f for f, _ in guids}:
            feed_guids = [g for f, g in guids if f == feed_id]
            clauses.append(and_(t.items.c.feed_id == feed_id, t.items.c.guid.in_(feed_guids)))
        c = t.items.c
        keys = (c.id, c.feed_id, c.guid, c.link_key, c.content_hash, c.version)
        with self.engine.connect() as conn:
            rows = conn.execute(select(*keys).where(or_(*clauses))).all()
            editable = _editable(rows, items, item_links)
            texts = {
                r.id: (r.title, r.text)
                for r in conn.execute(select(c.id, c.title, c.text).where(c.id.in_(editable)))
            }
        return [
            KnownItem(
                r.id, r.feed_id, r.guid, r.link_key, r.content_hash, *texts.get(r.id, ("", "")),
                r.version,
            )
            for r in rows
        ]  # fmt: skip

    def current_verdicts(self, item_ids: Iterable[int]) -> dict[int, dict[str, Stance]]:
        """For each item, each claim's stance on the item's current version."""
        ids = list(item_ids)
        if not ids:
            return {}
        with self.engine.connect() as c:
            rows = c.execute(
                select(t.verdicts.c.item_id, t.verdicts.c.claim_id, t.verdicts.c.stance)
                .join(t.items, t.items.c.id == t.verdicts.c.item_id)
                .where(t.verdicts.c.item_id.in_(ids), t.verdicts.c.version == t.items.c.version)
            ).all()
        out: dict[int, dict[str, Stance]] = {}
        for r in rows:
            out.setdefault(r.item_id, {})[r.claim_id] = Stance(r.stance)
        return out

    def item(self, item_id: int) -> Mapping[str, Any] | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.items).where(t.items.c.id == item_id)).first()
        return row._asdict() if row else None

    def items_by_id(self, item_ids: Iterable[int]) -> dict[int, Item]:
        """The stored items with these ids, as they read now (their latest version)."""
        ids = sorted(set(item_ids))
        if not ids:
            return {}
        with self.engine.connect() as c:
            rows = c.execute(select(t.items).where(t.items.c.id.in_(ids))).all()
        return {
            r.id: Item(r.feed_id, r.title, r.text, r.guid, r.link, language=r.language)
            for r in rows
        }

    def set_item_muted(self, item_id: int, muted: bool) -> bool:
        with self.engine.begin() as c:
            r = c.execute(update(t.items).where(t.items.c.id == item_id).values(muted=muted))
        return r.rowcount == 1

    def item_count(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(t.items)).scalar_one())

    # Claims ----------------------------------------------------------------

    def tallies(self, claim_ids: Iterable[str] | None = None) -> dict[str, Tally]:
        stmt = select(t.claim_standing)
        if claim_ids is not None:
            stmt = stmt.where(t.claim_standing.c.claim_id.in_(list(claim_ids)))
        with self.engine.connect() as c:
            rows = c.execute(stmt).all()
        return {r.claim_id: Tally(r.corroborates, r.contradicts, r.mentions) for r in rows}

    def claim_records(self) -> list[ClaimRecord]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.claim_standing).order_by(t.claim_standing.c.claim_id)).all()
        return [
            ClaimRecord(
                r.claim_id, Tally(r.corroborates, r.contradicts, r.mentions), Standing(r.standing)
            )
            for r in rows
        ]

    # Applying a poll -------------------------------------------------------

    def apply_poll(
        self,
        outcome: PollOutcome,
        now: datetime,
        feed_title: str = "",
        *,
        lease_owner: str = "",
    ) -> list[int]:
        """Store the writes, alerts, tallies and feed state of one poll, atomically, with the
        title the feed gives itself when ``feed_title`` is given.

        With ``lease_owner``, only while it holds the feed's poll lease, which the same
        transaction releases; else nothing is stored and :class:`LeaseLost` is raised.
        Returns the ids of the alerts written. Rows of one kind go in one statement each
        (executemany), not one statement per row: building and running a statement per
        mention and verdict was most of a poll's database time.
        """
        feed_id = outcome.feed_state.feed_id
        with self.engine.begin() as c:
            if lease_owner:
                hold_lease(c, feed_id, lease_owner)
            item_ids = _write_items(c, outcome.writes, now)
            alerts = [
                replace(p.alert, item_id=item_ids[p.write]) if p.write is not None else p.alert
                for p in outcome.alerts
            ]
            alert_ids = insert_alerts(c, alerts, now)
            for claim_id in sorted(outcome.deltas):  # one lock order for every instance
                moved = _add_to_tally(c, claim_id, outcome.deltas[claim_id], now)
                if moved is not None:
                    alert = standing_alert(outcome.subjects[claim_id], moved)
                    alert_ids.append(insert_alert(c, alert, now))
            if feed_title:
                write_feed_title(c, feed_id, feed_title)
            write_feed_state(c, outcome.feed_state, release=bool(lease_owner))
        return alert_ids

    def add_alert(self, alert: Alert, now: datetime) -> int:
        with self.engine.begin() as c:
            return insert_alert(c, alert, now)


def _editable(rows: Sequence[Any], items: Sequence[Item], links: Sequence[str]) -> list[int]:
    """Ids of the rows that an item of ``items`` (whose link keys are ``links``) with other
    content shares a guid or link with: the only ones de-duplication may call edited."""
    hashes: dict[tuple[str, ...], set[str]] = {}
    for i, key in zip(items, links, strict=True):
        if i.guid:
            hashes.setdefault(("guid", i.feed_id, i.guid), set()).add(i.content_hash)
        if key:
            hashes.setdefault(("link", key), set()).add(i.content_hash)
    none: set[str] = set()
    out = []
    for r in rows:
        by_guid = hashes.get(("guid", r.feed_id, r.guid), none) if r.guid else none
        by_link = hashes.get(("link", r.link_key), none) if r.link_key else none
        if (by_guid | by_link) - {r.content_hash}:
            out.append(r.id)
    return out


def _item_values(item: Item, now: datetime) -> dict[str, Any]:
    return {
        "title": item.title,
        "text": item.text,
        "content_hash": item.content_hash,
        "link": item.link,
        "link_key": link_key(item.link),
        "published": item.published,
        "updated": item.updated,
        "language": item.language,
        "last_changed": now,
    }


def _write_items(c: Connection, writes: Sequence[Analysed], now: datetime) -> list[int]:
    """Insert the new items and update the edited ones, with their mentions and verdicts;
    the items' ids, in the order of ``writes``."""
    ids: list[int] = [0] * len(writes)
    versions: list[int] = [1] * len(writes)
    new = [i for i, w in enumerate(writes) if not _is_edit(w)]
    if new:
        rows = [
            {
                "feed_id": writes[i].item.feed_id,
                "guid": writes[i].item.guid,
                "first_seen": now,
                "version": 1,
                **_item_values(writes[i].item, now),
            }
            for i in new
        ]
        stmt = insert(t.items).returning(t.items.c.id, sort_by_parameter_order=True)
        for i, row in zip(new, c.execute(stmt, rows), strict=True):
            ids[i] = int(row.id)
    edits: list[dict[str, Any]] = []
    for i, w in enumerate(writes):
        known = w.classified.known
        if _is_edit(w) and known is not None:
            ids[i], versions[i] = known.id, known.version + 1
            edits.append({"known": known, "version": versions[i], "item": w.item})
    if edits:
        _write_edits(c, edits, now)
    mentions = [
        {"item_id": ids[i], "version": versions[i], "entity_id": m.entity_id, "alias": m.alias,
         "field": m.field, "start": m.start, "end": m.end}
        for i, w in enumerate(writes)
        for m in w.mentions
    ]  # fmt: skip
    if mentions:
        c.execute(insert(t.mentions), mentions)
    verdicts = [
        {"item_id": ids[i], "version": versions[i], "claim_id": v.claim_id,
         "stance": v.stance.value, "score": v.score, "evidence": v.evidence,
         "reason": v.reason, "created_at": now}
        for i, w in enumerate(writes)
        for v in w.verdicts
    ]  # fmt: skip
    if verdicts:
        c.execute(insert(t.verdicts), verdicts)
    return ids


def _is_edit(w: Analysed) -> bool:
    return w.classified.change is Change.EDITED and w.classified.known is not None


def _write_edits(c: Connection, edits: Sequence[dict[str, Any]], now: datetime) -> None:
    """The new versions of edited items, and the edits' history."""
    c.execute(
        update(t.items).where(t.items.c.id == bindparam("item_id")),
        [
            {"item_id": e["known"].id, "version": e["version"], **_item_values(e["item"], now)}
            for e in edits
        ],
    )
    c.execute(
        insert(t.item_edits),
        [
            {
                "item_id": e["known"].id,
                "seen_at": now,
                "version": e["version"],
                "old_title": e["known"].title,
                "old_text": e["known"].text,
                "new_title": e["item"].title,
                "new_text": e["item"].text,
            }
            for e in edits
        ],
    )


def _add_to_tally(
    c: Connection, claim_id: str, delta: Tally, now: datetime
) -> standing.StandingChange | None:
    """Add ``delta`` to the claim's tally under a row lock; the change of standing, if any."""
    _ensure_tally_row(c, claim_id, now)
    row = c.execute(
        select(t.claim_standing).where(t.claim_standing.c.claim_id == claim_id).with_for_update()
    ).one()
    before = Tally(row.corroborates, row.contradicts, row.mentions)
    after = Tally(
        before.corroborates + delta.corroborates,
        before.contradicts + delta.contradicts,
        before.mentions + delta.mentions,
    )
    c.execute(
        update(t.claim_standing)
        .where(t.claim_standing.c.claim_id == claim_id)
        .values(
            corroborates=after.corroborates,
            contradicts=after.contradicts,
            mentions=after.mentions,
            standing=standing.standing_of(after).value,
            updated_at=now,
        )
    )
    return standing.change(claim_id, before, after)


def _ensure_tally_row(c: Connection, claim_id: str, now: datetime) -> None:
    exists = c.execute(
        select(t.claim_standing.c.claim_id).where(t.claim_standing.c.claim_id == claim_id)
    ).first()
    if exists:
        return
    try:
        with c.begin_nested():  # a savepoint: losing the race to insert is fine
            c.execute(
                insert(t.claim_standing).values(
                    claim_id=claim_id,
                    corroborates=0,
                    contradicts=0,
                    mentions=0,
                    standing=standing.standing_of(Tally()).value,
                    updated_at=now,
                )
            )
    except IntegrityError:
        pass
