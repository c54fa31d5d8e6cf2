"""Commands that read: list, status, claims, claim, audit, export, digest more. Anyone may
use them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from bot.commands.base import Caller, Reply, Verb, bound_verb
from bot.commands.digestmore import digest_more
from bot.commands.views import (
    claim_line,
    claim_text,
    entity_line,
    feed_summaries,
    find_entity,
    route_line,
)
from bot.commands.views import status_text as _status_text
from bot.service import Service
from watchers.config.file import dump_config
from watchers.errors import CommandError
from watchers.storage.adminlog import audit_entries

LIST_KINDS = ("feeds", "entities", "claims", "routes")
AUDIT_LINES = 15

Handler = Callable[[Service, Sequence[str], Caller, datetime], Reply]


def reading_verbs(service: Service) -> list[Verb]:
    """The read-only verbs, bound to ``service``."""

    def verb(name: str, usage: str, summary: str, handler: Handler) -> Verb:
        return bound_verb(service, name, usage, summary, handler)

    return [
        verb("list", "list [feeds|entities|claims|routes]", "what is watched", _list),
        verb("status", "status", "feed health and digests waiting", _status),
        verb("claims", "claims ENTITY", "the claims about an entity, with standing", _claims),
        verb("claim", "claim ID", "one claim: source, standing, evidence", _claim),
        verb("audit", "audit", "the latest config edits and who made them", _audit),
        verb("export", "export [FILE]", "the effective config as YAML", _export),
        verb(
            "digest more",
            "digest more [ROUTE]",
            "what the latest digest left out, most relevant first",
            digest_more,
        ),
    ]


def _list(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    config = service.watch.config
    if not args:
        retired = sum(1 for c in config.claims if c.retired)
        return Reply(
            f"{len(config.feeds)} feeds, {len(config.entities)} entities, "
            f"{len(config.claims)} claims ({retired} retired), {len(config.routes)} routes. "
            "Use `list feeds`, `list entities`, `list claims` or `list routes`."
        )
    kind = args[0].lower()
    if len(args) > 1 or kind not in LIST_KINDS:
        raise CommandError(f"list what? One of {', '.join(LIST_KINDS)}")
    if kind == "feeds":
        lines = feed_summaries(service)
    elif kind == "entities":
        lines = [entity_line(e) for e in config.entities]
    elif kind == "claims":
        tallies = service.store.tallies()
        lines = [claim_line(c, tallies.get(c.id)) for c in config.claims]
    else:
        lines = [route_line(r) for r in config.routes]
    return Reply(f"{kind.capitalize()} ({len(lines)}):\n" + ("\n".join(lines) or "none"))


def _status(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if args:
        raise CommandError("status takes no arguments")
    return Reply(_status_text(service, details=caller.is_admin))


def _claims(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if not args:
        raise CommandError("which entity? Give its id or name")
    entity = find_entity(service.watch, " ".join(args))
    claims = [c for c in service.watch.claims.values() if entity.id in c.entities]
    if not claims:
        return Reply(f"No claims about {entity.name_en} ({entity.id}).")
    tallies = service.store.tallies(c.id for c in claims)
    lines = [f"Claims about {entity.name_en} ({entity.id}):"]
    lines += [f"  {claim_line(c, tallies.get(c.id))}" for c in claims]
    return Reply("\n".join(lines))


def _claim(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    if len(args) != 1:
        raise CommandError("which claim? Give one claim id (see `list claims`)")
    return Reply(claim_text(service, args[0]))


def _audit(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    entries = audit_entries(service.store, AUDIT_LINES)
    if not entries:
        return Reply("The audit log is empty: no config edits yet.")
    lines = [f"Latest {len(entries)} audit entries, newest first:"]
    for e in entries:
        failed = e.action.startswith(("rejected", "skipped"))
        detail = f" · {e.after.splitlines()[0]}" if failed and e.after else ""
        lines.append(f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {e.action}{detail}")
    return Reply("\n".join(lines))


def _export(service: Service, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    files = dump_config(service.watch.config)
    if args:
        wanted = args[0] if args[0].endswith(".yaml") else f"{args[0]}.yaml"
        if len(args) > 1 or wanted not in files:
            raise CommandError(f"export which file? One of {', '.join(files)}")
        files = {wanted: files[wanted]}
    parts = [f"# --- {name}\n{text}" for name, text in files.items()]
    return Reply("\n".join(parts), preformatted=True)
