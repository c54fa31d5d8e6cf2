"""Config edits as operations on parsed YAML documents: pure, replayable, auditable.

An operation (``feed.add``, ``claim.retire`` ...) is a small JSON-safe value. Applying it
to the documents of a config (file name → what ``yaml.safe_load`` gives) returns new
documents and the record it touched, before and after. Whether the result is a valid
config is ``parse_config``'s call, exactly as for files; the checks here only catch
what makes an operation meaningless (removing a feed that does not exist).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from watchers.config.file import WatchConfig, dump_config
from watchers.errors import CommandError

Documents = dict[str, Any]
Record = dict[str, Any]


@dataclass(frozen=True)
class ConfigOp:
    """One edit: its kind (``feed.add``) and its arguments, all JSON-safe."""

    kind: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.kind, "args": dict(self.args)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConfigOp:
        """The operation stored as ``data``; CommandError when it is not one."""
        kind, args = data.get("op"), data.get("args")
        if kind not in _APPLY or not isinstance(args, dict):
            raise CommandError(f"not a config operation: {dict(data)!r}")
        return cls(str(kind), args)

    def describe(self) -> str:
        """The edit in the words of the command that makes it."""
        a = self.args
        words: dict[str, Callable[[], str]] = {
            "feed.add": lambda: (
                f"feed add {a['url']}"
                + (f" every {a['interval']}" if a.get("interval") else "")
                + f" as {a['id']}"
            ),
            "feed.remove": lambda: f"feed remove {a['id']}",
            "feed.interval": lambda: f"feed interval {a['id']} {a['interval']}",
            "entity.add": lambda: (
                f'entity add {a["id"]} {a["kind"]} "{a["name_en"]}"'
                + (f' "{a["name_zh"]}"' if a.get("name_zh") else "")
            ),
            "alias.add": lambda: f'alias add {a["entity"]} "{a["alias"]}"',
            "claim.add": lambda: f'claim add {a["id"]}: "{a["text"]}"',
            "claim.retire": lambda: f"claim retire {a['id']}",
            "route.add": lambda: (
                f"route add {a['id']} {a['destination']} {a['schedule']}"
                + "".join(f" {e}" for e in a.get("entities", []))
                + (f" min {a['min_relevance']}" if "min_relevance" in a else "")
                + (f" mentions {a['mentions']}" if "mentions" in a else "")
            ),
            "route.remove": lambda: f"route remove {a['id']}",
        }
        return words[self.kind]()


@dataclass(frozen=True)
class Change:
    """The documents after an operation, and the record it touched in ``file``."""

    documents: Documents
    file: str
    before: Record | None
    after: Record | None


def documents_of(config: WatchConfig) -> Documents:
    """The parsed documents of ``config``: what its files would load as."""
    return {name: yaml.safe_load(text) for name, text in dump_config(config).items()}


def record_text(record: Record | None) -> str:
    """One record as YAML, for the audit log; empty for none."""
    if record is None:
        return ""
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100).strip()


def apply_op(documents: Mapping[str, Any], op: ConfigOp) -> Change:
    """New documents with ``op`` applied; ``documents`` is left as it was.

    Raises CommandError when the operation cannot apply (an unknown or duplicate id,
    or arguments that are not what the operation takes).
    """
    docs = copy.deepcopy(dict(documents))
    try:
        file, before, after = _APPLY[op.kind](docs, op.args)
    except (KeyError, TypeError, AttributeError) as error:
        raise CommandError(f"{op.kind} is missing or has a wrong argument ({error})") from None
    return Change(docs, file, before, after)


# --- Operations ---------------------------------------------------------------------------

_Result = tuple[str, Record | None, Record | None]


def _records(docs: Documents, file: str) -> list[Record]:
    """The mutable list of records of ``file`` (created empty when absent)."""
    key = file.removesuffix(".yaml")
    doc = docs.get(file)
    if not isinstance(doc, dict):
        doc = docs[file] = {}
    if not isinstance(doc.get(key), list):
        doc[key] = []
    records: list[Record] = doc[key]
    return records


def _find(records: list[Record], ident: str, what: str) -> int:
    for i, record in enumerate(records):
        if isinstance(record, dict) and record.get("id") == ident:
            return i
    known = ", ".join(str(r.get("id")) for r in records if isinstance(r, dict))
    raise CommandError(f"there is no {what} {ident!r} (known: {known or 'none'})")


def _absent(records: list[Record], ident: str, what: str) -> None:
    if any(isinstance(r, dict) and r.get("id") == ident for r in records):
        raise CommandError(f"a {what} with id {ident!r} exists already")


def _feed_add(docs: Documents, a: Mapping[str, Any]) -> _Result:
    feeds = _records(docs, "feeds.yaml")
    _absent(feeds, a["id"], "feed")
    same = [f.get("id") for f in feeds if isinstance(f, dict) and f.get("url") == a["url"]]
    if same:
        raise CommandError(f"{a['url']} is watched already, as feed {same[0]!r}")
    record: Record = {"id": a["id"], "url": a["url"]}
    if a.get("interval"):
        record["interval"] = a["interval"]
    feeds.append(record)
    return "feeds.yaml", None, record


def _feed_remove(docs: Documents, a: Mapping[str, Any]) -> _Result:
    feeds = _records(docs, "feeds.yaml")
    return "feeds.yaml", feeds.pop(_find(feeds, a["id"], "feed")), None


def _feed_interval(docs: Documents, a: Mapping[str, Any]) -> _Result:
    feeds = _records(docs, "feeds.yaml")
    i = _find(feeds, a["id"], "feed")
    before = dict(feeds[i])
    feeds[i] = {**before, "interval": a["interval"]}
    return "feeds.yaml", before, feeds[i]


def _entity_add(docs: Documents, a: Mapping[str, Any]) -> _Result:
    entities = _records(docs, "entities.yaml")
    _absent(entities, a["id"], "entity")
    record: Record = {"id": a["id"], "kind": a["kind"], "name_en": a["name_en"]}
    if a.get("name_zh"):
        record["name_zh"] = a["name_zh"]
    entities.append(record)
    return "entities.yaml", None, record


def _alias_add(docs: Documents, a: Mapping[str, Any]) -> _Result:
    entities = _records(docs, "entities.yaml")
    i = _find(entities, a["entity"], "entity")
    before = copy.deepcopy(entities[i])
    aliases = list(before.get("aliases") or [])
    written = [x if isinstance(x, str) else x.get("text") for x in aliases]
    if a["alias"] in written:
        raise CommandError(f"{a['alias']!r} is an alias of {a['entity']!r} already")
    entities[i] = {**before, "aliases": [*aliases, a["alias"]]}
    return "entities.yaml", before, entities[i]


def _claim_add(docs: Documents, a: Mapping[str, Any]) -> _Result:
    claims = _records(docs, "claims.yaml")
    _absent(claims, a["id"], "claim")
    record: Record = {"id": a["id"], "text": a["text"], "source": dict(a["source"])}
    claims.append(record)
    return "claims.yaml", None, record


def _claim_retire(docs: Documents, a: Mapping[str, Any]) -> _Result:
    claims = _records(docs, "claims.yaml")
    i = _find(claims, a["id"], "claim")
    before = dict(claims[i])
    if before.get("retired"):
        raise CommandError(f"claim {a['id']!r} is retired already")
    claims[i] = {**before, "retired": True}
    return "claims.yaml", before, claims[i]


def _route_add(docs: Documents, a: Mapping[str, Any]) -> _Result:
    routes = _records(docs, "routes.yaml")
    _absent(routes, a["id"], "route")
    record: Record = {"id": a["id"], "destination": a["destination"], "schedule": a["schedule"]}
    if a.get("entities"):
        record["entities"] = list(a["entities"])
    for key in ("min_relevance", "mentions"):
        if key in a:
            record[key] = a[key]
    routes.append(record)
    return "routes.yaml", None, record


def _route_remove(docs: Documents, a: Mapping[str, Any]) -> _Result:
    routes = _records(docs, "routes.yaml")
    return "routes.yaml", routes.pop(_find(routes, a["id"], "route")), None


_APPLY: dict[str, Callable[[Documents, Mapping[str, Any]], _Result]] = {
    "feed.add": _feed_add,
    "feed.remove": _feed_remove,
    "feed.interval": _feed_interval,
    "entity.add": _entity_add,
    "alias.add": _alias_add,
    "claim.add": _claim_add,
    "claim.retire": _claim_retire,
    "route.add": _route_add,
    "route.remove": _route_remove,
}
