"""Building a route's digest from stored alerts (pure), and its stored form."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from watchers.model import (
    AlertKind,
    Digest,
    DigestGroup,
    DigestLine,
    Label,
)
from watchers.storage import StoredAlert
from watchers.watch import Watch

LABEL_ORDER = {label: i for i, label in enumerate(Label)}


def label_of(alert_kind: AlertKind, stance: str | None) -> Label:
    if alert_kind is AlertKind.VERDICT and stance:
        return Label(stance)
    if alert_kind is AlertKind.EDIT:
        return Label.EDIT
    if alert_kind is AlertKind.STANDING:
        return Label.STANDING
    return Label.MENTIONS


def build_digest(
    route_id: str,
    alerts: Sequence[StoredAlert],
    watch: Watch,
    *,
    now: datetime,
    entities: Collection[str] = (),
    feeds: Collection[str] = (),
    labels: Collection[str] = (),
    muted_feeds: Collection[str] = (),
    muted_items: Collection[int] = (),
) -> Digest | None:
    """The digest of ``alerts`` that pass the route's filters, or None when none do.

    Groups follow entities, those with contradictions first; inside a group,
    contradictions come first, then standing changes, edits, corroborations and
    mentions. An alert superseded by a later one about the same item and claim
    (an edit changed its label) is shown once, as the later one.
    """
    lines: dict[tuple[object, ...], tuple[str, DigestLine]] = {}
    for stored in alerts:
        a = stored.alert
        label = label_of(a.kind, a.stance.value if a.stance else None)
        if entities and a.entity_id not in entities:
            continue
        if feeds and a.feed_id and a.feed_id not in feeds:
            continue
        if labels and not _wanted(label, labels):
            continue
        if a.feed_id in muted_feeds or (a.item_id is not None and a.item_id in muted_items):
            continue
        # A later verdict on the same item and claim (after an edit) replaces the earlier.
        key: tuple[object, ...] = (a.kind, a.item_id, a.claim_id, a.entity_id)
        if a.kind is AlertKind.VERDICT:
            key = (a.kind, a.item_id, a.claim_id)
        lines[key] = (a.entity_id, _line(stored, label, watch))
    if not lines:
        return None
    return Digest(route_id, now, _groups(_fold_standing(lines), watch))


def _wanted(label: Label, labels: Collection[str]) -> bool:
    # A change of standing is news about contradictions: routes that take
    # contradictions take standing changes too.
    if label is Label.STANDING:
        return "standing" in labels or "contradicts" in labels
    return label.value in labels


def _line(stored: StoredAlert, label: Label, watch: Watch) -> DigestLine:
    a = stored.alert
    claim = watch.claims.get(a.claim_id)
    feed = watch.feeds.get(a.feed_id)
    source = claim.source if claim else None
    claim_source = ""
    if source:
        claim_source = source.url or source.article
    return DigestLine(
        label=label,
        title=a.title,
        link=a.link,
        source=(feed.title or feed.id) if feed else a.feed_id,
        evidence=a.evidence,
        claim_id=a.claim_id,
        claim_text=claim.text if claim else "",
        claim_source=claim_source,
        alias=a.alias,
        reason=a.reason,
        score=a.score,
        detail=a.detail,
        item_id=a.item_id,
    )


def _fold_standing(
    lines: dict[tuple[object, ...], tuple[str, DigestLine]],
) -> list[tuple[str, DigestLine]]:
    """Attach each standing change to a verdict line on the same claim, when there is one.

    A reader sees the contradiction and, on the same line, that it changed the
    claim's standing; a standing line stands alone only when no item in this
    digest explains it.
    """
    standing = {ln.claim_id: ln.detail for _, ln in lines.values() if ln.label is Label.STANDING}
    explained: set[str] = set()
    out: list[tuple[str, DigestLine]] = []
    for entity, ln in lines.values():
        if ln.label in (Label.CONTRADICTS, Label.CORROBORATES) and ln.claim_id in standing:
            if ln.claim_id not in explained:
                detail = "; ".join(d for d in (ln.detail, standing[ln.claim_id]) if d)
                ln = replace(ln, detail=detail)
            explained.add(ln.claim_id)
        out.append((entity, ln))
    return [
        (e, ln) for e, ln in out if not (ln.label is Label.STANDING and ln.claim_id in explained)
    ]


def _groups(entries: Iterable[tuple[str, DigestLine]], watch: Watch) -> tuple[DigestGroup, ...]:
    by_entity: dict[str, list[DigestLine]] = {}
    for entity_id, line in entries:
        by_entity.setdefault(entity_id, []).append(line)
    groups = [
        DigestGroup(
            entity_id,
            watch.entity_name(entity_id),
            tuple(sorted(lines, key=lambda ln: LABEL_ORDER[ln.label])),
        )
        for entity_id, lines in by_entity.items()
    ]
    groups.sort(key=lambda g: (min(LABEL_ORDER[ln.label] for ln in g.lines), g.entity_name))
    return tuple(groups)


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """A JSON-safe form of the digest, as kept in the outbox."""
    data = asdict(digest)
    data["created_at"] = digest.created_at.isoformat()
    return data


def digest_from_dict(data: dict[str, Any]) -> Digest:
    groups = tuple(
        DigestGroup(
            g["entity_id"],
            g["entity_name"],
            tuple(DigestLine(**{**ln, "label": Label(ln["label"])}) for ln in g["lines"]),
        )
        for g in data["groups"]
    )
    return Digest(data["route_id"], datetime.fromisoformat(data["created_at"]), groups)
