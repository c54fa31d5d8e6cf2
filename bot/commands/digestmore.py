"""``digest more``: what a route's latest digest left out, so nothing is out of reach."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.commands.base import Caller, Reply
from bot.digest import digest_from_dict
from bot.render.common import compact
from bot.service import Service
from watchers.config.schema import RouteSpec
from watchers.errors import CommandError

MORE_LINES = 30


def digest_more(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    """The lines the route's latest digest left out, most relevant first."""
    route = _route(service, args, caller)
    entries = [e for e in service.store.outbox() if e.route_id == route.id]
    if not entries:
        return Reply(f"Route {route.id} has sent no digest yet.")
    digest = digest_from_dict(entries[-1].payload)
    if not digest.more:
        return Reply(f"The latest digest of {route.id} left nothing out.")
    stamp = digest.created_at.strftime("%Y-%m-%d %H:%M UTC")
    shown = sorted(digest.more, key=lambda ln: -ln.relevance)[:MORE_LINES]
    rows = [f"• {compact(ln)} · relevance {ln.relevance:.2f}" for ln in shown]
    rest = len(digest.more) - len(shown)
    tail = [f"…and {rest} more."] if rest else []
    head = f"Left out of the {stamp} digest of {route.id} ({len(digest.more)}):"
    return Reply("\n".join([head, *rows, *tail]))


def _route(service: Service, args: Sequence[str], caller: Caller) -> RouteSpec:
    """The named route; without a name, the one that posts where the caller asks."""
    routes = service.routes()
    if args:
        found = next((r for r in routes if r.id == args[0]), None)
        if found is None or len(args) > 1:
            raise CommandError(f"no route {' '.join(args)!r}; see `list routes`")
        return found
    here = {f"{caller.platform}:{n}" for n in (caller.room, *caller.room_names) if n}
    local = [r for r in routes if r.destination in here]
    candidates = local or routes
    if len(candidates) == 1:
        return candidates[0]
    raise CommandError(f"which route? One of {', '.join(r.id for r in routes) or 'none'}")
