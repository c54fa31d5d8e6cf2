"""Read-only views shared by chat commands and the command line (plain text)."""

from __future__ import annotations

from datetime import datetime

from bot.service import Service
from watchers.model import FeedState


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def feed_line(feed_id: str, url: str, state: FeedState | None, muted: bool) -> str:
    if state is None:
        return f"{feed_id}: not polled yet ({url})"
    health = "ok" if state.error_count == 0 else f"failing ×{state.error_count}: {state.last_error}"
    mute = " [muted]" if muted else ""
    return (
        f"{feed_id}{mute}: {health}; last success {_when(state.last_success)}; "
        f"next check {_when(state.next_check)}"
    )


def status_text(service: Service) -> str:
    """Each feed's health and next retry, and the digests waiting to be sent."""
    store = service.store
    states = {s.feed_id: s for s in store.feed_states()}
    muted = store.muted_feeds()
    lines = ["Feeds:"]
    for spec in service.watch.config.feeds:
        lines.append("  " + feed_line(spec.id, spec.url, states.get(spec.id), spec.id in muted))
    pending = store.outbox("pending")
    lines.append(f"Digests waiting to be sent: {len(pending)}")
    for entry in pending[:5]:
        error = f" (last error: {entry.last_error})" if entry.last_error else ""
        lines.append(f"  #{entry.id} → {entry.destination}, {entry.attempts} attempts{error}")
    lines.append(f"Items stored: {store.item_count()}")
    return "\n".join(lines)
