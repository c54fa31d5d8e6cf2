"""What the claims page shows, read from the running config and the store: each claim with
its source, its standing and its evidence, filtered by entity and by label.

Values only: text from feeds stays as it came, for the templates to escape. A link is kept
only when it is a web address, so that a feed's ``javascript:`` link never becomes one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlsplit

from bot.claimspage.chart import Chart, evidence_chart
from bot.digest import feed_names
from bot.render.common import citation
from bot.service import Service
from watchers.model import Claim, Stance, Standing, Tally
from watchers.standing import standing_of, tally_text
from watchers.storage.evidence import Correction, Evidence
from watchers.watch import Watch

LABELS = (Stance.CONTRADICTS, Stance.CORROBORATES, Stance.MENTIONS)
LIST_EVIDENCE = 5  # per claim on the list; a claim's own page shows up to PAGE_EVIDENCE
PAGE_EVIDENCE = 200


class FilterError(ValueError):
    """A filter names no entity or label; the message says which."""


@dataclass(frozen=True)
class Filters:
    entity: str = ""
    label: Stance | None = None

    @property
    def stances(self) -> tuple[Stance, ...]:
        return (self.label,) if self.label else ()


@dataclass(frozen=True)
class EvidenceView:
    item_id: int
    label: str
    date: str
    title: str
    link: str  # a web address, or "" (then the title is shown without a link)
    source: str  # the feed, named as digests name it
    sentence: str
    decided_by: str  # which part of the labeller decided
    reason: str
    confidence: str
    corrections: tuple[Correction, ...]


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    entities: tuple[tuple[str, str], ...]  # (id, name)
    source: str
    source_link: str
    quote: str
    standing: Standing
    tally: str
    evidence: tuple[EvidenceView, ...]
    shown_of: int  # how many pieces of evidence match the filters in all
    chart: Chart | None = None


@dataclass(frozen=True)
class ListView:
    claims: tuple[ClaimView, ...]
    entities: tuple[tuple[str, str], ...]  # the entities claims are about, for the filter
    filters: Filters


def parse_filters(query: str, watch: Watch) -> Filters:
    """``entity`` and ``label`` from a query string; empty values mean any."""
    values = parse_qs(query)
    entity = (values.get("entity") or [""])[-1].strip()
    label = (values.get("label") or [""])[-1].strip()
    if entity and entity not in watch.entities:
        raise FilterError(f"no entity {entity!r}")
    if label and label not in {s.value for s in LABELS}:
        raise FilterError(f"no label {label!r}: use {', '.join(s.value for s in LABELS)}")
    return Filters(entity, Stance(label) if label else None)


def list_view(service: Service, filters: Filters) -> ListView:
    """Every claim about the filter's entity that has evidence with the filter's label."""
    watch = service.watch
    entity = filters.entity
    claims = [c for c in watch.claims.values() if not entity or entity in c.entities]
    counts = service.store.evidence_counts([c.id for c in claims])
    if filters.label:
        claims = [c for c in claims if counts.get(c.id, Counter())[filters.label]]
    ids = [c.id for c in claims]
    shown = _by_claim(service.store.evidence_on(ids, filters.stances, per_claim=LIST_EVIDENCE))
    context = _Context.of(service, ids)
    views = tuple(
        context.claim(c, shown.get(c.id, []), _matching(counts.get(c.id), filters)) for c in claims
    )
    about = {e for c in watch.claims.values() for e in c.entities if e in watch.entities}
    entities = tuple(sorted(((e, watch.entity_name(e)) for e in about), key=lambda p: p[1]))
    return ListView(views, entities, filters)


def claim_view(service: Service, claim_id: str, filters: Filters) -> ClaimView | None:
    """One claim with its evidence (the filter's label only) and the chart of all of it."""
    claim = service.watch.claims.get(claim_id)
    if claim is None:
        return None
    everything = service.store.evidence_on([claim_id])
    chart = evidence_chart([(e.when, e.stance) for e in everything])
    shown = [e for e in everything if not filters.label or e.stance is filters.label]
    view = _Context.of(service, [claim_id]).claim(claim, shown[:PAGE_EVIDENCE], len(shown))
    return replace(view, chart=chart)


def _matching(counts: Counter[Stance] | None, filters: Filters) -> int:
    if counts is None:
        return 0
    return counts[filters.label] if filters.label else sum(counts.values())


def _by_claim(rows: Sequence[Evidence]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    for row in rows:
        out.setdefault(row.claim_id, []).append(row)
    return out


@dataclass(frozen=True)
class _Context:
    """What every claim on a page is shown with, read once per page."""

    watch: Watch
    tallies: Mapping[str, Tally]
    feed_names: Mapping[str, str]

    @classmethod
    def of(cls, service: Service, claim_ids: Sequence[str]) -> _Context:
        names = feed_names(service.watch, service.store.feed_titles())
        return cls(service.watch, service.store.tallies(claim_ids), names)

    def claim(self, claim: Claim, rows: Sequence[Evidence], total: int) -> ClaimView:
        watch = self.watch
        tally = self.tallies.get(claim.id, Tally())
        return ClaimView(
            claim=claim,
            entities=tuple((e, watch.entity_name(e)) for e in claim.entities),
            source=citation(claim.source, watch.config.article(claim.source.article)),
            source_link=web_link(claim.source.url),
            quote=claim.source.quote,
            standing=standing_of(tally),
            tally=tally_text(tally),
            evidence=tuple(_evidence_view(row, self.feed_names) for row in rows),
            shown_of=total,
        )


def _evidence_view(row: Evidence, names: Mapping[str, str]) -> EvidenceView:
    return EvidenceView(
        item_id=row.item_id,
        label=row.stance.value,
        date=f"{row.when:%Y-%m-%d}",
        title=row.title or "(untitled)",
        link=web_link(row.link),
        source=names.get(row.feed_id, row.feed_id),
        sentence=row.sentence,
        decided_by=decided_by(row.reason),
        reason=row.reason,
        confidence=f"{row.score:.2f}",
        corrections=row.corrections,
    )


def decided_by(reason: str) -> str:
    """Which part of the labeller gave the label, from the reason it kept (see
    :mod:`watchers.stance`): the model, the fallback, a cue word or a structured check."""
    kind = reason.partition(":")[0]
    if kind == "model":
        return "stance model"
    if kind in ("mentions", "unrelated"):
        return "shared entity (no check fired)"
    if kind.endswith("-cue"):
        return "cue word"
    return "structured check"


def web_link(link: str) -> str:
    """``link`` when it is an http(s) address with a host; "" otherwise."""
    parts = urlsplit(link.strip())
    return link.strip() if parts.scheme in ("http", "https") and parts.netloc else ""
