"""Admin commands on queued digests: ``digest retry ID`` and ``digest drop ID``.

A digest that could not be delivered for a day (``settings.delivery.give_up_after``) is
set aside as failed; ``status`` lists those with their reason. Retrying one queues it
again; dropping one (or one still waiting) gives it up for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import partial

from bot.commands.base import Caller, Reply, Verb
from bot.service import Service
from watchers.errors import CommandError
from watchers.storage import OutboxEntry


def queue_verbs(service: Service) -> list[Verb]:
    """``digest retry`` and ``digest drop``, for admins."""
    return [
        Verb(
            "digest retry",
            "digest retry ID [ID ...]",
            "send a failed digest again",
            partial(_retry, service),
            admin=True,
        ),
        Verb(
            "digest drop",
            "digest drop ID [ID ...]",
            "give up a failed or waiting digest",
            partial(_drop, service),
            admin=True,
        ),
    ]


def failed_lines(service: Service) -> list[str]:
    """The digests set aside as failed, for ``status``."""
    failed = service.store.outbox("failed")
    if not failed:
        return []
    lines = [f"Failed digests ({len(failed)}), not tried any more:"]
    lines += [f"  #{e.id} {describe(e)}: {e.last_error}" for e in failed]
    lines.append("  `digest retry ID` sends one again, `digest drop ID` gives it up.")
    return lines


def describe(entry: OutboxEntry) -> str:
    return f"of route {entry.route_id} for {entry.destination}"


def waiting_for(service: Service, route_id: str) -> list[OutboxEntry]:
    """The route's digests still waiting or set aside."""
    return [e for e in service.store.outbox() if e.route_id == route_id and e.status in _OPEN]


_OPEN = ("pending", "failed")


def _ids(args: Sequence[str]) -> list[int]:
    if not args or not all(a.lstrip("#").isdigit() for a in args):
        raise CommandError("give the number of each digest, as `status` lists them")
    return [int(a.lstrip("#")) for a in args]


def _retry(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    entries = {e.id: e for e in service.store.outbox("failed")}
    lines = []
    for ident in _ids(args):
        if ident in entries and service.store.requeue(ident, now):
            lines.append(f"Digest #{ident} {describe(entries[ident])} is queued again.")
        else:
            lines.append(f"No failed digest #{ident} (see `status`).")
    service.deliver()
    return Reply("\n".join(lines))


def _drop(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    entries = {e.id: e for e in service.store.outbox() if e.status in _OPEN}
    lines = []
    for ident in _ids(args):
        if ident in entries and service.store.drop_digest(ident):
            lines.append(f"Digest #{ident} {describe(entries[ident])} dropped.")
        else:
            lines.append(f"No waiting or failed digest #{ident} (see `status`).")
    return Reply("\n".join(lines))
