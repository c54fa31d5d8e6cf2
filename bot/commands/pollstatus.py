"""What ``status`` says about polling: each feed's lag and lease, and how late polls run.

A feed is *overdue* when its due time passed more than :data:`OVERDUE_AFTER` ago and
no live lease says it is being polled: the engine claims due feeds every half second,
so this means every instance is busy (or none is running). A lease whose time ran out
while still held means the instance holding it stopped mid-poll (or lost the database);
another instance, or this one restarted, takes the feed over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from statistics import median

from watchers.model import FeedSpec, FeedState
from watchers.storage.queue import LeaseView

OVERDUE_AFTER = timedelta(minutes=1)


def feed_notes(
    state: FeedState | None,
    lease: LeaseView | None,
    muted: bool,
    now: datetime,
    *,
    details: bool = True,
) -> list[str]:
    """What a feed's status line adds about its polling: lag, overdue, lease. Instances
    are named (host and process) only with ``details`` (for admins)."""
    notes = []
    if state is not None and state.poll_lag is not None:
        notes.append(f"lag {seconds(state.poll_lag)}")
    holder = f" by {lease.owner}" if lease is not None and details else ""
    if lease is not None and lease.until >= now:
        notes.append(f"being polled{holder}")
    elif lease is not None:
        stopped = f"leased{holder}, which stopped" if details else "leased by a stopped instance"
        notes.append(f"{stopped} (lease ran out {ago(now, lease.until)})")
    late = overdue_by(state, lease, muted, now)
    if late is not None:
        notes.append(f"OVERDUE by {seconds(late.total_seconds())}")
    return notes


def overdue_by(
    state: FeedState | None, lease: LeaseView | None, muted: bool, now: datetime
) -> timedelta | None:
    """How long past its due time a feed waits unpolled, when more than OVERDUE_AFTER."""
    if muted or state is None or state.next_check is None:
        return None
    if lease is not None and lease.until >= now:
        return None
    late = now - state.next_check
    return late if late > OVERDUE_AFTER else None


def polling_line(
    specs: Sequence[FeedSpec],
    states: Mapping[str, FeedState],
    leases: Mapping[str, LeaseView],
    muted: set[str],
    now: datetime,
    *,
    details: bool = True,
) -> str:
    """One line: feeds overdue, the lag of the latest polls, and (with ``details``) the
    instances that left leases behind."""
    late = {
        spec.id: by
        for spec in specs
        if (by := overdue_by(states.get(spec.id), leases.get(spec.id), spec.id in muted, now))
    }
    stale = sorted({lease.owner for lease in leases.values() if lease.until < now})
    lags = sorted(s.poll_lag for s in states.values() if s.poll_lag is not None)
    parts = [f"Polling: {len(specs)} feeds, {len(late)} overdue"]
    if late:
        worst = max(late, key=lambda feed_id: late[feed_id])
        parts[0] += f" (most: {worst}, by {seconds(late[worst].total_seconds())})"
    if lags:
        p95 = lags[min(len(lags) - 1, int(0.95 * len(lags)))]
        parts.append(
            f"lag of the latest polls: median {seconds(median(lags))},"
            f" 95% {seconds(p95)}, max {seconds(lags[-1])}"
        )
    if stale and details:
        parts.append(f"leases left by stopped instances: {', '.join(stale)}")
    return "; ".join(parts)


def seconds(value: float) -> str:
    """A lag for people: 0.4s, 12s, 3m05s, 2h10m."""
    if value < 10:
        return f"{value:.1f}s"
    whole = int(value)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def ago(now: datetime, moment: datetime) -> str:
    return f"{seconds((now - moment).total_seconds())} ago"
