"""Admin commands that edit the watch config: feeds, entities, aliases, claims, routes.

Each reads its arguments into a :class:`ConfigOp` and hands it to the editor, which
validates, keeps and applies it. Only ``CommandError`` for what the words themselves get
wrong is raised here; whether the result is a valid config is the editor's question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from bot.commands.base import Caller, Reply, Verb
from bot.commands.configops import ConfigOp
from bot.commands.editor import ConfigEditor
from bot.commands.newids import claim_id_for, feed_id_for, ids_in
from bot.commands.queue import waiting_for
from watchers.errors import AddressRefused, CommandError
from watchers.fetch.guard import AddressGuard, literal_address

Reader = Callable[[ConfigEditor, Sequence[str], Caller, datetime], ConfigOp]


def editing_verbs(editor: ConfigEditor) -> list[Verb]:
    """The config-editing verbs (admins only), applying through ``editor``."""

    def verb(name: str, usage: str, summary: str, read: Reader) -> Verb:
        def handler(args: Sequence[str], caller: Caller, now: datetime) -> Reply:
            return editor.apply(read(editor, args, caller, now), caller, now)

        return Verb(name, usage, summary, handler, admin=True)

    return [
        verb("feed add", "feed add URL [every 30m] [as ID]", "watch a new feed", _feed_add),
        verb("feed remove", "feed remove ID", "stop watching a feed", _feed_remove),
        verb(
            "feed interval",
            "feed interval ID 30m",
            "poll a feed more or less often",
            _feed_interval,
        ),
        verb(
            "entity add",
            'entity add ID KIND "English name" ["中文名"]',
            "track a new entity",
            _entity_add,
        ),
        verb("alias add", "alias add ENTITY ALIAS", "another name an entity goes by", _alias_add),
        verb("claim add", 'claim add "sentence" [source URL]', "track a new claim", _claim_add),
        verb("claim retire", "claim retire ID", "stop labelling against a claim", _claim_retire),
        verb(
            "route add",
            "route add ID DESTINATION SCHEDULE [ENTITY ...] [min 0.5] [mentions top 3|all|none]",
            "send digests somewhere (DESTINATION `here` is this room)",
            _route_add,
        ),
        Verb(
            "route remove",
            "route remove ID",
            "stop a route's digests",
            lambda args, caller, now: _removed(editor, args, caller, now),
            admin=True,
        ),
    ]


def _removed(editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
    """Remove the route, then say what is still queued for it and how to drop it."""
    reply = editor.apply(_route_remove(editor, args, caller, now), caller, now)
    queued = waiting_for(editor.service, args[0]) if reply.ok else []
    if not queued:
        return reply
    ids = " ".join(str(e.id) for e in queued)
    n = len(queued)
    note = (
        f"It still has {n} digest{'s' * (n != 1)} queued ({', '.join(f'#{e.id}' for e in queued)})"
        f", which will still be tried; drop {'them' if n != 1 else 'it'} with `digest drop {ids}`."
    )
    return replace(reply, text=f"{reply.text}\n{note}")


def _web_url(text: str) -> str:
    # Chat may add feeds on the web only: a file path would let anyone with admin
    # rights in chat read files of the machine running policywatch.
    if not text.startswith(("https://", "http://")):
        raise CommandError(f"expected an http(s) URL, got {text!r}")
    return text


def _not_guarded(url: str, editor: ConfigEditor) -> str:
    # A host written as an address can be judged now; names are checked when the
    # feed is fetched, on the address they resolve to then.
    host = urlsplit(url).hostname or ""
    address = literal_address(host)
    if address is not None:
        allowed = editor.service.watch.config.settings.fetch.allow_networks
        try:
            AddressGuard(allowed).check(host, str(address))
        except AddressRefused as exc:
            raise CommandError(str(exc)) from None
    return url


def _exactly(args: Sequence[str], n: int, what: str) -> Sequence[str]:
    if len(args) != n:
        raise CommandError(f"expected {what}")
    return args


def _feed_add(editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime) -> ConfigOp:
    if not args:
        raise CommandError("which feed? Give its URL")
    url, rest = _not_guarded(_web_url(args[0]), editor), list(args[1:])
    interval, ident = "", ""
    while rest:
        word = rest.pop(0).lower()
        if word == "every" and rest:
            interval = rest.pop(0)
        elif word == "as" and rest:
            ident = rest.pop(0)
        else:
            raise CommandError(f"did not understand {word!r}")
    ident = ident or feed_id_for(url, ids_in(editor.documents(), "feeds.yaml"))
    return ConfigOp("feed.add", {"id": ident, "url": url, "interval": interval})


def _feed_remove(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    (ident,) = _exactly(args, 1, "one feed id")
    return ConfigOp("feed.remove", {"id": ident})


def _feed_interval(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    words = [w for w in args if w.lower() != "every"]
    ident, interval = _exactly(words, 2, "a feed id and an interval such as 30m")
    return ConfigOp("feed.interval", {"id": ident, "interval": interval})


def _entity_add(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    if len(args) not in (3, 4):
        raise CommandError("expected an id, a kind and the English name in quotes")
    ident, kind, name_en = args[:3]
    name_zh = args[3] if len(args) == 4 else ""
    return ConfigOp(
        "entity.add", {"id": ident, "kind": kind.lower(), "name_en": name_en, "name_zh": name_zh}
    )


def _alias_add(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    if len(args) < 2:
        raise CommandError("expected an entity id and the alias")
    return ConfigOp("alias.add", {"entity": args[0], "alias": " ".join(args[1:])})


def _claim_add(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    words, url = list(args), ""
    if len(words) >= 2 and words[-2].lower() == "source":
        url = _web_url(words[-1])
        words = words[:-2]
    text = " ".join(words).strip()
    if not text:
        raise CommandError("which claim? Give it as one sentence in double quotes")
    source = (
        {"url": url} if url else {"article": f"added in chat by {caller.actor} on {now:%Y-%m-%d}"}
    )
    ident = claim_id_for(text, ids_in(editor.documents(), "claims.yaml"))
    return ConfigOp("claim.add", {"id": ident, "text": text, "source": source})


def _claim_retire(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    (ident,) = _exactly(args, 1, "one claim id")
    return ConfigOp("claim.retire", {"id": ident})


def _route_add(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    if len(args) < 3:
        raise CommandError("expected an id, a destination and a schedule")
    ident, destination, rest = args[0], args[1], list(args[2:])
    if destination.lower() == "here":
        if not caller.room:
            raise CommandError("`here` needs a room; give the destination instead")
        destination = f"{caller.platform}:{caller.room}"
    schedule = rest.pop(0)
    if schedule.lower() == "every" and rest:
        schedule = f"every {rest.pop(0)}"
    entities, options = _route_options(rest)
    return ConfigOp(
        "route.add",
        {
            "id": ident,
            "destination": destination,
            "schedule": schedule,
            "entities": entities,
            **options,
        },
    )


def _route_options(words: Sequence[str]) -> tuple[list[str], dict[str, object]]:
    """Entities, then ``min 0.3`` (min_relevance) and ``mentions all|none|top N``."""
    entities: list[str] = []
    options: dict[str, object] = {}
    rest = list(words)
    while rest:
        word = rest.pop(0)
        if word.lower() == "min" and rest:
            try:
                options["min_relevance"] = float(rest.pop(0))
            except ValueError:
                raise CommandError("`min` takes a number such as 0.3") from None
        elif word.lower() == "mentions" and rest:
            value = rest.pop(0).lower()
            if value == "top" and rest:
                value = f"top {rest.pop(0)}"
            options["mentions"] = value
        else:
            entities.append(word)
    return entities, options


def _route_remove(
    editor: ConfigEditor, args: Sequence[str], caller: Caller, now: datetime
) -> ConfigOp:
    (ident,) = _exactly(args, 1, "one route id")
    return ConfigOp("route.remove", {"id": ident})
