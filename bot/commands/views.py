"""Read-only views shared by chat commands and the command line (plain text).

Feed and claim text appears here as it is: escaping it for a chat format is the
adapter's job, done once on the whole reply.
"""

from __future__ import annotations

from datetime import datetime

from bot.commands.queue import failed_lines
from bot.render.common import citation
from bot.service import Service
from watchers.config.file import RouteSpec, format_duration
from watchers.config.schema import ROUTE_LABELS
from watchers.errors import CommandError
from watchers.model import Article, Claim, Entity, FeedSpec, FeedState, SourceRef, Tally
from watchers.standing import standing_of, tally_text
from watchers.watch import Watch


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def feed_line(
    feed_id: str, url: str, state: FeedState | None, muted: bool, *, details: bool = True
) -> str:
    """A feed's health; the last error's text only with ``details`` (for admins)."""
    if state is None:
        return f"{feed_id}: not polled yet ({url})"
    health = "ok" if state.error_count == 0 else f"failing ×{state.error_count}"
    if state.error_count and details:
        health += f": {state.last_error}"
    mute = " [muted]" if muted else ""
    return (
        f"{feed_id}{mute}: {health}; last success {_when(state.last_success)}; "
        f"next check {_when(state.next_check)}"
    )


def status_text(service: Service, *, details: bool = True) -> str:
    """Each feed's health and next retry, the chat connections, each route's next digest,
    and the digests waiting to be sent.

    Without ``details`` (a member who is not an admin) a failing feed shows that it
    fails and how often, not the error, which may say what an address answered.
    """
    store = service.store
    states = {s.feed_id: s for s in store.feed_states()}
    muted = store.muted_feeds()
    lines = ["Feeds:"]
    for spec in service.watch.config.feeds:
        state = states.get(spec.id)
        lines.append("  " + feed_line(spec.id, spec.url, state, spec.id in muted, details=details))
    lines.extend(f"{platform}: {chat().words}" for platform, chat in service.connections.items())
    lines.extend(next_digest_lines(service))
    pending = store.outbox("pending")
    lines.append(f"Digests waiting to be sent: {len(pending)}")
    for entry in pending[:5]:
        error = f" (last error: {entry.last_error})" if entry.last_error else ""
        tries = f"{entry.attempts} attempt{'s' * (entry.attempts != 1)}"
        lines.append(f"  #{entry.id} → {entry.destination}, {tries}{error}")
    lines.extend(failed_lines(service))
    lines.append(f"Items stored: {store.item_count()}")
    return "\n".join(lines)


def next_digest_lines(service: Service) -> list[str]:
    """When each route's next digest is due, for ``status``."""
    now = service.clock()
    lines = ["Next digests:"]
    for route in service.watch.config.routes:
        due = service.next_digest_at(route, now)
        when = "due now" if due <= now else due.strftime("%Y-%m-%d %H:%M UTC")
        schedule = f"every {route.schedule}" if route.schedule.every else f"cron {route.schedule}"
        lines.append(f"  {route.id} → {route.destination}: {when} ({schedule})")
    return lines


def feed_summaries(service: Service) -> list[str]:
    """One line per feed for ``list feeds``: id, interval, health and URL."""
    states = {s.feed_id: s for s in service.store.feed_states()}
    muted = service.store.muted_feeds()
    return [
        feed_summary(spec, states.get(spec.id), spec.id in muted)
        for spec in service.watch.config.feeds
    ]


def feed_summary(spec: FeedSpec, state: FeedState | None, muted: bool) -> str:
    if state is None or state.last_checked is None:
        health = "not polled yet"
    elif state.error_count:
        health = f"failing ×{state.error_count}"
    else:
        health = "ok"
    mute = " [muted]" if muted else ""
    return f"{spec.id}{mute} · every {format_duration(spec.interval)} · {health} · {spec.url}"


def entity_line(entity: Entity) -> str:
    zh = f" / {entity.name_zh}" if entity.name_zh else ""
    return f"{entity.id} · {entity.name_en}{zh} ({entity.kind})"


def claim_line(claim: Claim, tally: Tally | None) -> str:
    """``ID [standing] (retired): text``; no tally means untested."""
    retired = " (retired)" if claim.retired else ""
    return f"{claim.id} [{standing_of(tally or Tally())}]{retired}: {claim.text}"


def route_line(route: RouteSpec) -> str:
    parts = [f"{route.id} → {route.destination} · {route.schedule}"]
    if route.entities:
        parts.append("entities: " + ", ".join(route.entities))
    if route.feeds:
        parts.append("feeds: " + ", ".join(route.feeds))
    if route.labels != ROUTE_LABELS:
        parts.append("labels: " + ", ".join(route.labels))
    return " · ".join(parts)


def find_entity(watch: Watch, text: str) -> Entity:
    """The entity with id ``text``, or with ``text`` as a name or alias (any case)."""
    if text in watch.entities:
        return watch.entities[text]
    wanted = " ".join(text.casefold().split())
    for entity in watch.entities.values():
        if any(" ".join(a.text.casefold().split()) == wanted for a in entity.all_aliases()):
            return entity
    raise CommandError(f"no entity {text!r} (see `list entities`)")


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def claim_text(service: Service, claim_id: str) -> str:
    """A claim, its source, its standing and tally, and its evidence with any feedback."""
    claim = service.watch.claims.get(claim_id)
    if claim is None:
        raise CommandError(f"no claim {claim_id!r} (see `list claims`)")
    tally = service.store.tallies([claim_id]).get(claim_id, Tally())
    lines = [
        f"Claim {claim.id}: “{claim.text}”",
        f"Standing: {standing_of(tally)} ({tally_text(tally)})",
        f"Source: {source_text(claim.source, service.watch.config.article(claim.source.article))}",
    ]
    if claim.entities:
        lines.append("About: " + ", ".join(watch_name(service.watch, e) for e in claim.entities))
    if claim.retired:
        lines.append("Retired: items are no longer labelled against it.")
    if claim.note:
        lines.append(f"Note: {clip(claim.note, 400)}")
    lines.extend(evidence_lines(service, claim_id))
    return "\n".join(lines)


def watch_name(watch: Watch, entity_id: str) -> str:
    return f"{watch.entity_name(entity_id)} ({entity_id})"


def source_text(source: SourceRef, article: Article | None = None) -> str:
    """The source named for people (see ``citation``), its link, and the sentence quoted."""
    named = citation(source, article)
    parts = [named] + [source.url] * bool(source.url and source.url != named)
    quote = f" — “{clip(source.quote, 300)}”" if source.quote else ""
    return " · ".join(parts) + quote


def evidence_lines(service: Service, claim_id: str, limit: int = 10) -> list[str]:
    """The newest evidence on a claim, one line each, with the feedback people gave."""
    rows = service.store.evidence_on([claim_id], per_claim=limit)
    if not rows:
        return ["Evidence: none yet."]
    lines = [f"Evidence (newest {len(rows)}):"]
    for r in rows:
        lines.append(
            f"  • item {r.item_id} {r.stance.value.upper()}: “{clip(r.title, 150)}” "
            f"({r.feed_id}) — “{clip(r.sentence, 240)}”"
        )
        for fb in r.corrections:
            said = f"says {fb.label}" if fb.label else "muted it"
            lines.append(f"      feedback: {fb.actor} {said}")
    return lines
