"""Commands about what the caller sees: subscriptions, muting, and a digest right now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.commands.base import Caller, Reply, Verb, bound_verb
from bot.commands.feedback import CORRECTIONS, mute_item, relabel
from bot.commands.subscriptions import personal_route_id
from bot.commands.views import find_entity
from bot.service import Service
from watchers.config.schema import ROUTE_LABELS, RouteSpec
from watchers.errors import CommandError
from watchers.storage.adminlog import (
    add_audit,
    start_route_cursor,
    subscribe,
    subscriptions,
    unsubscribe,
)

Handler = Callable[[Service, Sequence[str], Caller, datetime], Reply]


def personal_verbs(service: Service) -> list[Verb]:
    """The caller's own verbs, bound to ``service``."""

    def verb(name: str, usage: str, summary: str, handler: Handler) -> Verb:
        return bound_verb(service, name, usage, summary, handler)

    return [
        verb("digest now", "digest now", "send this room's (and your) digests now", _digest_now),
        verb("subscribe", "subscribe ENTITY|LABEL", "get your own hourly digest", _subscribe),
        verb("unsubscribe", "unsubscribe ENTITY|LABEL", "stop a subscription", _unsubscribe),
        verb("mute", "mute ITEM|FEED", "leave an item or a feed out of digests", _mute),
        verb("unmute", "unmute ITEM|FEED", "bring a muted item or feed back", _unmute),
        verb("relabel", "relabel ITEM CLAIM LABEL", "say an item's label is wrong", _relabel),
    ]


def _target(service: Service, args: Sequence[str]) -> str:
    if not args:
        raise CommandError(f"give an entity (id or name) or a label ({', '.join(ROUTE_LABELS)})")
    text = " ".join(args)
    if text.lower() in ROUTE_LABELS:
        return text.lower()
    return find_entity(service.watch, text).id


def _mine(service: Service, caller: Caller) -> list[str]:
    return subscriptions(service.store).get((caller.platform, caller.user_id), [])


def _subscribe(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if not args:
        mine = _mine(service, caller)
        listed = ", ".join(mine) if mine else "nothing yet"
        return Reply(f"You are subscribed to: {listed}.")
    target = _target(service, args)
    start_route_cursor(service.store, personal_route_id(caller.platform, caller.user_id), now)
    if not subscribe(service.store, caller.platform, caller.user_id, target):
        return Reply(f"You were subscribed to {target} already.")
    return Reply(
        f"Subscribed to {target}. Your digest comes to you directly every hour when there is "
        f"news; now covering: {', '.join(_mine(service, caller))}."
    )


def _unsubscribe(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    try:
        target = _target(service, args)
    except CommandError:
        if not args:
            raise
        # The entity may have left the config since; its stored id still unsubscribes.
        target = " ".join(args)
    if not unsubscribe(service.store, caller.platform, caller.user_id, target):
        raise CommandError(f"you are not subscribed to {target!r}")
    left = _mine(service, caller)
    return Reply(f"Unsubscribed from {target}. Left: {', '.join(left) if left else 'none'}.")


def _mute(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    return _set_muted(service, args, caller, now, muted=True)


def _unmute(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    return _set_muted(service, args, caller, now, muted=False)


def _set_muted(
    service: Service, args: Sequence[str], caller: Caller, now: datetime, *, muted: bool
) -> Reply:
    if len(args) != 1:
        raise CommandError("give one item number (from a digest) or one feed id")
    what = args[0].lstrip("#")
    if what.isdigit():
        if muted:
            return mute_item(service, caller, int(what), now)
        if not service.store.set_item_muted(int(what), False):
            raise CommandError(f"there is no item {what}")
        add_audit(service.store, now, caller.actor, f"applied: unmute item {what}")
        return Reply(f"Item {what} is back in digests.")
    if what not in service.watch.feeds:
        raise CommandError(f"no feed {what!r} (see `list feeds`)")
    service.store.set_feed_muted(what, muted)
    verb = "mute" if muted else "unmute"
    add_audit(service.store, now, caller.actor, f"applied: {verb} feed {what}")
    state = "muted: it is not polled and digests leave it out" if muted else "back in digests"
    return Reply(f"Feed {what} is {state}.", ephemeral=False)


def posts_to(route: RouteSpec, caller: Caller) -> bool:
    """Whether ``route`` delivers to the caller's room, or to the caller."""
    platform, _, address = route.destination.partition(":")
    places = {caller.room, *caller.room_names, caller.user_id} - {""}
    return platform == caller.platform and address in places


def _digest_now(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if args:
        raise CommandError("`digest now` takes no arguments")
    routes = [r for r in service.routes() if posts_to(r, caller)]
    if not routes:
        names = ", ".join(f"{r.id} → {r.destination}" for r in service.watch.config.routes)
        return Reply(
            "No route sends digests to this room or to you. "
            f"Routes: {names or 'none'}. `subscribe` gets you your own."
        )
    queued = {}
    for route in routes:
        entry = service.build_digest(route)
        if entry is not None:
            queued[route.id] = entry
    service.deliver()
    status = {e.id: e.status for e in service.store.outbox()}
    lines = []
    for route in routes:
        name = "Your personal digest" if route.id.startswith("personal:") else route.id
        if route.id not in queued:
            lines.append(f"{name}: nothing new since its last digest.")
        elif status.get(queued[route.id]) == "held":
            more = f"`digest more {route.id}`" if name == route.id else "`digest more`"
            lines.append(f"{name}: nothing new worth a digest; {more} shows what came in.")
        elif status.get(queued[route.id]) == "pending":
            lines.append(f"{name}: digest queued; it goes out as soon as the chat accepts it.")
        else:
            where = "you" if name != route.id else route.destination
            lines.append(f"{name}: digest sent to {where}.")
    return Reply("\n".join(lines))


def _relabel(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if len(args) != 3 or not args[0].lstrip("#").isdigit():
        raise CommandError(f"give an item number, a claim id and one of {', '.join(CORRECTIONS)}")
    item, claim_id, correct = int(args[0].lstrip("#")), args[1], args[2].lower()
    if claim_id not in service.watch.claims:
        raise CommandError(f"no claim {claim_id!r} (see `list claims`)")
    return relabel(service, caller, item_id=item, claim_id=claim_id, correct=correct, now=now)
