"""Building a route's digest from stored alerts (pure), and its stored form.

A digest is read top-down: claims whose standing changed, then contradictions and
corroborations with their evidence, then edits, then the mentions worth a look. Each
story is one line however many feeds ran it or entities it names; routine runs of one
source fold into one line; the route's relevance policy decides which mentions are
shown and which wait in ``Digest.more``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from bot.digestlines import apply_policy, fold_series, merge_stories
from bot.render.common import citation
from watchers import relevance
from watchers.digestpolicy import DEFAULT_MENTIONS, DEFAULT_MIN_RELEVANCE, MentionPolicy
from watchers.extent import excerpt
from watchers.model import Alert, AlertKind, Digest, DigestLine, Item, Label
from watchers.storage import StoredAlert
from watchers.watch import Watch

LABEL_ORDER = {label: i for i, label in enumerate(Label)}

STANDING_RELEVANCE = 3.0
"""Above every item: a claim's standing moving is the news a digest exists for."""


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
    items: Mapping[int, Item] | None = None,
    entities: Collection[str] = (),
    feeds: Collection[str] = (),
    labels: Collection[str] = (),
    muted_feeds: Collection[str] = (),
    muted_items: Collection[int] = (),
    min_relevance: float = DEFAULT_MIN_RELEVANCE,
    mentions: MentionPolicy = DEFAULT_MENTIONS,
    feed_titles: Mapping[str, str] | None = None,
) -> Digest | None:
    """The digest of ``alerts`` that pass the route's filters, or None when none do.

    ``items`` are the stored items the alerts are about, by id: their text places each
    mention (title, lead, in passing) and finds copies of one story. An alert
    superseded by a later one about the same item and claim (an edit changed its
    label) counts once, as the later one. Lines the policy leaves out go to ``more``.
    A feed is named by its title in the config, else by the title it gives itself
    (``feed_titles``), else by its id.
    """
    kept: dict[tuple[object, ...], Alert] = {}
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
        kept[key] = a
    if not kept:
        return None
    lines = _lines(list(kept.values()), watch, items or {}, feed_names(watch, feed_titles or {}))
    lines = fold_series(merge_stories(lines, items or {}))
    shown, more = apply_policy(lines, min_relevance, mentions)
    return Digest(route_id, now, _ordered(shown), _ordered(more))


def feed_names(watch: Watch, feed_titles: Mapping[str, str]) -> dict[str, str]:
    """Feed id → how digests name it; two feeds of one title are told apart by their ids."""
    names = {**feed_titles, **{f.id: f.title for f in watch.feeds.values() if f.title}}
    taken = Counter(names.values())
    return {fid: f"{name} ({fid})" if taken[name] > 1 else name for fid, name in names.items()}


def _wanted(label: Label, labels: Collection[str]) -> bool:
    # A change of standing is news about contradictions: routes that take
    # contradictions take standing changes too.
    if label is Label.STANDING:
        return "standing" in labels or "contradicts" in labels
    return label.value in labels


def _ordered(lines: Sequence[DigestLine]) -> tuple[DigestLine, ...]:
    return tuple(sorted(lines, key=lambda ln: (LABEL_ORDER[ln.label], -ln.relevance)))


def _lines(
    alerts: Sequence[Alert], watch: Watch, items: Mapping[int, Item], feed_names: Mapping[str, str]
) -> list[DigestLine]:
    """One line per claim label, standing change and edit; one per item for its mentions.

    An item with a line about a claim gets no mention line: the label says more.
    """
    out: list[DigestLine] = []
    labelled: set[int] = set()
    mentioned: dict[object, list[Alert]] = {}
    for a in alerts:
        label = label_of(a.kind, a.stance.value if a.stance else None)
        if label is Label.MENTIONS:
            mentioned.setdefault(a.item_id if a.item_id is not None else id(a), []).append(a)
            continue
        score, _ = _item_score([a], watch, items)
        if a.kind is AlertKind.STANDING:
            score = STANDING_RELEVANCE
        elif a.stance is not None and label is not Label.EDIT:
            score = relevance.labelled_relevance(a.stance, a.score)
            if a.item_id is not None:
                labelled.add(a.item_id)
        about = (watch.entity_name(a.entity_id),)
        out.append(_line(a, label, watch, score, about, feed_names))
    for group in mentioned.values():
        first = group[0]
        if first.item_id in labelled:
            continue
        score, names = _item_score(group, watch, items)
        out.append(_line(first, Label.MENTIONS, watch, score, names, feed_names))
    return out


def _item_score(
    group: Sequence[Alert], watch: Watch, items: Mapping[int, Item]
) -> tuple[float, tuple[str, ...]]:
    """The relevance of the item behind ``group``'s alerts, from where each entity is named
    in what is read of it, and the entities' names, the one that counts most first."""
    first = group[0]
    item = items.get(first.item_id) if first.item_id is not None else None
    if item is None:  # not stored (any more): judge by the title and the alert's sentence
        item = Item(first.feed_id, first.title, first.evidence)
    item, found = excerpt(item, watch.matcher.find_in_item(item))
    scores: dict[str, float] = {}
    for entity_id in dict.fromkeys(a.entity_id for a in group):
        entity = watch.entities.get(entity_id)
        ms = [m for m in found if m.entity_id == entity_id]
        scores[watch.entity_name(entity_id)] = (
            relevance.mention_score(entity.kind, ms, item.title, item.text) if entity else 0.0
        )
    names = tuple(sorted(scores, key=lambda n: -scores[n]))
    return relevance.item_relevance(scores.values(), item.title, item.text), names


def _line(
    a: Alert,
    label: Label,
    watch: Watch,
    score: float,
    names: tuple[str, ...],
    feed_names: Mapping[str, str],
) -> DigestLine:
    claim = watch.claims.get(a.claim_id)
    claim_source = ""
    if claim is not None:
        claim_source = citation(claim.source, watch.config.article(claim.source.article))
    return DigestLine(
        label=label,
        title=a.title,
        link=a.link,
        source=feed_names.get(a.feed_id, a.feed_id),
        evidence=a.evidence,
        claim_id=a.claim_id,
        claim_text=claim.text if claim else "",
        claim_source=claim_source,
        alias=a.alias,
        reason=a.reason,
        score=a.score,
        detail=a.detail,
        item_id=a.item_id,
        relevance=round(score, 3),
        entities=names,
        claim_link=watch.config.settings.claims_page.claim_url(a.claim_id),
    )


def digest_to_dict(digest: Digest) -> dict[str, Any]:
    """A JSON-safe form of the digest, as kept in the outbox."""
    data = asdict(digest)
    data["created_at"] = digest.created_at.isoformat()
    return data


def digest_from_dict(data: dict[str, Any]) -> Digest:
    """The digest ``digest_to_dict`` wrote, or one stored before digests had sections."""
    if "groups" in data:  # entity groups: their lines, in their order
        rows = [ln for g in data["groups"] for ln in g["lines"]]
        return Digest(data["route_id"], datetime.fromisoformat(data["created_at"]), _read(rows), ())
    return Digest(
        data["route_id"],
        datetime.fromisoformat(data["created_at"]),
        _read(data["lines"]),
        _read(data.get("more", [])),
    )


def _read(rows: Sequence[dict[str, Any]]) -> tuple[DigestLine, ...]:
    out = []
    for row in rows:
        values = {**row, "label": Label(row["label"])}
        for name in ("entities", "also_in"):
            values[name] = tuple(row.get(name, ()))
        out.append(DigestLine(**values))
    return tuple(out)
