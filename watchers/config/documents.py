"""Whole config documents validated into a :class:`WatchConfig`, references included.

Each file's records are parsed by :mod:`watchers.config.records` and
:mod:`watchers.config.service`; this module checks what spans records and files: the
one top-level key per file, ids used twice, names two entities share, and ids that
claims and routes refer to. Pure: the documents come in as values already parsed from
YAML, so a config edited from chat is checked exactly like one read from disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol, TypeVar

from watchers.config.bundle import bundled_demo_dir
from watchers.config.records import parse_article, parse_claim, parse_entity, parse_feed
from watchers.config.schema import WatchConfig
from watchers.config.service import parse_route, parse_settings
from watchers.config.values import At, describe, fields, listed
from watchers.errors import ConfigError
from watchers.fetch.file import file_allowed, file_path
from watchers.model import Alias, Entity, FeedSpec

FILES = (
    "entities.yaml",
    "claims.yaml",
    "articles.yaml",
    "feeds.yaml",
    "routes.yaml",
    "settings.yaml",
)
REQUIRED_FILES = ("entities.yaml", "claims.yaml")

_R = TypeVar("_R", bound="_Record")


def parse_config(documents: Mapping[str, object], directory: Path) -> WatchConfig:
    """Validate parsed YAML documents keyed by file name (``"feeds.yaml"``) into a config.

    ``directory`` resolves relative feed paths. Raises :class:`ConfigError` at the first
    problem, checking the files in the order of :data:`FILES`.
    """
    for name in documents:
        if name not in FILES:
            raise ConfigError(name, "", f"unknown config file; expected one of {', '.join(FILES)}")
    entities = _records(*_section(documents, "entities.yaml"), parse_entity)
    _check_aliases(entities)
    entity_ids = frozenset(e.id for e in entities)
    _check_numbering(entities, entity_ids, _section(documents, "entities.yaml")[1])
    claims = _records(
        *_section(documents, "claims.yaml"), lambda v, at: parse_claim(v, at, entity_ids)
    )
    articles = _records(*_section(documents, "articles.yaml"), parse_article)
    feeds = _records(*_section(documents, "feeds.yaml"), lambda v, at: parse_feed(v, at, directory))
    feed_ids = frozenset(f.id for f in feeds)
    routes = _records(
        *_section(documents, "routes.yaml"),
        lambda v, at: parse_route(v, at, entity_ids, feed_ids),
    )
    settings_value, settings_at = _section(documents, "settings.yaml")
    settings = parse_settings(
        {} if settings_value is None else settings_value, settings_at, directory
    )
    _check_file_feeds(feeds, settings.fetch.allow_files)
    return WatchConfig(
        entities=entities,
        claims=claims,
        feeds=feeds,
        articles=articles,
        routes=routes,
        settings=settings,
        directory=directory.resolve(),
    )


def _section(documents: Mapping[str, object], name: str) -> tuple[object, At]:
    """The value under a file's one top-level key, and where it is; None if absent."""
    key = name.removesuffix(".yaml")
    if name not in documents:
        if name in REQUIRED_FILES:
            raise ConfigError(
                name, "", f"file is missing; {' and '.join(REQUIRED_FILES)} are required"
            )
        return None, At(name, key)
    document = documents[name]
    if document is None and name not in REQUIRED_FILES:
        return None, At(name, key)
    if not isinstance(document, dict):
        raise ConfigError(
            name, "", f"expected the top-level key '{key}:', got {describe(document)}"
        )
    return fields(document, At(name), (key,))[key], At(name, key)


class _Record(Protocol):
    @property
    def id(self) -> str: ...


def _records(value: object, at: At, parse: Callable[[object, At], _R]) -> tuple[_R, ...]:
    """Each item of the list at ``at`` parsed, in order, rejecting an id used before."""
    records: list[_R] = []
    first: dict[str, int] = {}
    for i, item in enumerate(listed(value, at)):
        record = parse(item, at.index(i))
        if record.id in first:
            where = at.index(first[record.id]).path
            raise at.index(i).key("id").error(f"duplicate id {record.id!r}; first used at {where}")
        first[record.id] = i
        records.append(record)
    return tuple(records)


def _check_numbering(entities: tuple[Entity, ...], known: frozenset[str], at: At) -> None:
    """``numbered_after`` and ``within`` name another declared entity, without a cycle."""
    for key in ("numbered_after", "within"):
        links = {e.id: getattr(e, key) for e in entities if getattr(e, key)}
        for i, entity in enumerate(entities):
            target = links.get(entity.id, "")
            if target and (target not in known or target == entity.id):
                raise at.index(i).key(key).error(f"unknown entity {target!r}")
            seen = {entity.id}
            while target in links:
                if target in seen:
                    raise at.index(i).key(key).error(f"{key} goes round in a circle at {target!r}")
                seen.add(target)
                target = links[target]


def _check_file_feeds(feeds: tuple[FeedSpec, ...], allowed: tuple[Path, ...]) -> None:
    """Reject a ``file://`` feed outside the bundled demo and ``settings.fetch.allow_files``.

    Otherwise whoever may edit feeds.yaml could have the service read any file it can.
    """
    for n, feed in enumerate(feeds):
        if not feed.url.startswith("file:"):
            continue
        path = file_path(feed.url)
        if not file_allowed(path, (bundled_demo_dir(), *allowed)):
            raise (
                At("feeds.yaml", f"feeds[{n}]")
                .key("url")
                .error(
                    f"{path} is outside the bundled demo directory and the paths in"
                    " settings.fetch.allow_files"
                )
            )


def _check_aliases(entities: tuple[Entity, ...]) -> None:
    """Reject a name or alias without context words that two entities share.

    The matcher would report both entities for every occurrence, which is never meant.
    """
    owners: dict[str, str] = {}
    for n, entity in enumerate(entities):
        for alias, at in _alias_places(entity, At("entities.yaml", f"entities[{n}]")):
            if alias.context:
                continue
            owner = owners.setdefault(" ".join(alias.text.casefold().split()), entity.id)
            if owner != entity.id:
                raise at.error(
                    f"{alias.text!r} is already a name or alias of entity {owner!r};"
                    " remove it or give it context words"
                )


def _alias_places(entity: Entity, at: At) -> list[tuple[Alias, At]]:
    names = [
        (Alias(n), at.key(k))
        for k, n in (("name_en", entity.name_en), ("name_zh", entity.name_zh))
        if n
    ]
    return names + [(a, at.key("aliases").index(i)) for i, a in enumerate(entity.aliases)]
