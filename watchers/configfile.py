"""Reading, validating and writing a watch configuration directory.

A directory holds ``entities.yaml`` and ``claims.yaml`` (required) and ``feeds.yaml``,
``routes.yaml`` and ``settings.yaml`` (optional: missing means none, or defaults). Each
file has one top-level key named like the file; other files in the directory are
ignored. :func:`load_config` reads them; :func:`parse_config` validates values already
parsed from YAML the same way, so a config edited from chat is checked exactly like one
read from disk. Both raise :class:`ConfigError` at the first problem, naming the file
and the path inside it (``feeds[3].interval``). :func:`dump_config` writes a config back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

from watchers.configrecords import parse_claim, parse_entity, parse_feed
from watchers.configschema import (
    ROUTE_LABELS,
    AdminSettings,
    Destination,
    FetchSettings,
    MatrixSettings,
    Platform,
    RouteSpec,
    Schedule,
    Settings,
    WatchConfig,
    format_duration,
    parse_destination,
    parse_duration,
    parse_schedule,
)
from watchers.configservice import parse_route, parse_settings
from watchers.configvalues import At, describe, fields, listed
from watchers.errors import ConfigError
from watchers.model import Alias, Claim, Entity, FeedSpec, SourceRef

__all__ = [
    "FILES",
    "REQUIRED_FILES",
    "AdminSettings",
    "ConfigError",
    "Destination",
    "FetchSettings",
    "MatrixSettings",
    "Platform",
    "RouteSpec",
    "Schedule",
    "Settings",
    "WatchConfig",
    "bundled_config_dir",
    "dump_config",
    "format_duration",
    "load_config",
    "parse_config",
    "parse_destination",
    "parse_duration",
    "parse_schedule",
]

FILES = ("entities.yaml", "claims.yaml", "feeds.yaml", "routes.yaml", "settings.yaml")
REQUIRED_FILES = ("entities.yaml", "claims.yaml")

_R = TypeVar("_R", bound="_Record")
_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


# --- Directory and YAML ------------------------------------------------------------------


def load_config(directory: Path) -> WatchConfig:
    """Read and validate the config files in ``directory``.

    Raises :class:`ConfigError` at the first problem: a missing required file, bad YAML
    (with line and column), or anything :func:`parse_config` rejects (with the line of
    the offending key added to the message).
    """
    if not directory.is_dir():
        raise ConfigError(str(directory), "", "config directory not found")
    sources = {name: _read(directory / name) for name in FILES if (directory / name).exists()}
    documents = {name: _parse_yaml(name, source) for name, source in sources.items()}
    try:
        return parse_config(documents, directory)
    except ConfigError as exc:
        raise _with_line(exc, sources.get(exc.file)) from None


def bundled_config_dir() -> Path:
    """The config shipped with policywatch.

    In a source or editable checkout that is ``<repo>/config``; an installed wheel
    carries it as ``bot/bundled_config``. Raises :class:`ConfigError` if neither exists.
    """
    root = Path(__file__).resolve().parents[1]
    candidates = (root / "bot" / "bundled_config", root / "config")
    for candidate in candidates:
        if (candidate / "entities.yaml").is_file():
            return candidate
    raise ConfigError(
        "entities.yaml", "", f"no bundled config in {candidates[0]} or {candidates[1]}"
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise ConfigError(path.name, "", message) from None
    except OSError as exc:
        raise ConfigError(path.name, "", f"cannot read {path}: {exc.strerror}") from None


class _Loader(yaml.SafeLoader):
    """The safe loader, except that a key given twice in one mapping is an error.

    Plain YAML keeps the last value silently, which hides a copy-paste slip.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            # Unhashable keys are left for the base class to reject.
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _parse_yaml(name: str, source: str) -> object:
    try:
        return yaml.load(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(name, "", f"invalid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(name, "", f"invalid YAML: {exc}") from None


def _with_line(exc: ConfigError, source: str | None) -> ConfigError:
    """The same error with the line of its path in ``source`` added, when it can be found."""
    line = _line_of(source, exc.path) if source is not None and exc.path else None
    if line is None:
        return exc
    return ConfigError(exc.file, exc.path, f"{exc.message} (line {line})")


def _line_of(source: str, path: str) -> int | None:
    """The line of the deepest node along ``path`` (``feeds[3].url``) that exists."""
    node = yaml.compose(source, Loader=_Loader)
    line = None
    for key, index in _PATH_STEP.findall(path):
        if key and isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == key]
            if not found:
                break
            line, node = found[0][0].start_mark.line + 1, found[0][1]
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
            line = node.start_mark.line + 1
        else:
            break
    return line


# --- Documents ---------------------------------------------------------------------------


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
    claims = _records(
        *_section(documents, "claims.yaml"), lambda v, at: parse_claim(v, at, entity_ids)
    )
    feeds = _records(*_section(documents, "feeds.yaml"), lambda v, at: parse_feed(v, at, directory))
    feed_ids = frozenset(f.id for f in feeds)
    routes = _records(
        *_section(documents, "routes.yaml"),
        lambda v, at: parse_route(v, at, entity_ids, feed_ids),
    )
    settings_value, settings_at = _section(documents, "settings.yaml")
    return WatchConfig(
        entities=entities,
        claims=claims,
        feeds=feeds,
        routes=routes,
        settings=parse_settings({} if settings_value is None else settings_value, settings_at),
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


# --- Writing -----------------------------------------------------------------------------


def dump_config(config: WatchConfig) -> dict[str, str]:
    """File name to YAML text for every file of ``config``, meaning exactly the same.

    Reading the texts back (``parse_config`` of their ``yaml.safe_load``, with the same
    directory) gives an equal config, and so does loading them from another directory.
    Defaults are left out except in ``settings.yaml``, which spells every setting out.
    """
    documents: dict[str, object] = {
        "entities.yaml": {"entities": [_entity_doc(e) for e in config.entities]},
        "claims.yaml": {"claims": [_claim_doc(c) for c in config.claims]},
        "feeds.yaml": {"feeds": [_feed_doc(f) for f in config.feeds]},
        "routes.yaml": {"routes": [_route_doc(r) for r in config.routes]},
        "settings.yaml": {"settings": _settings_doc(config.settings)},
    }
    return {
        name: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        for name, doc in documents.items()
    }


def _compact(**values: object) -> dict[str, object]:
    """The given keys in order, without those holding an empty or false value."""
    return {k: v for k, v in values.items() if v not in ("", [], False, None)}


def _entity_doc(entity: Entity) -> dict[str, object]:
    return {
        "id": entity.id,
        "kind": entity.kind.value,
        "name_en": entity.name_en,
        **_compact(
            name_zh=entity.name_zh,
            aliases=[
                a.text if not a.context else {"text": a.text, "context": list(a.context)}
                for a in entity.aliases
            ],
            unverified=entity.unverified,
            sources=[_source_doc(s) for s in entity.sources],
            note=entity.note,
        ),
    }


def _source_doc(source: SourceRef) -> dict[str, object]:
    return _compact(article=source.article, quote=source.quote, url=source.url)


def _claim_doc(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.id,
        "text": claim.text,
        **_compact(entities=list(claim.entities)),
        "source": _source_doc(claim.source),
        **_compact(retired=claim.retired, note=claim.note),
    }


def _feed_doc(feed: FeedSpec) -> dict[str, object]:
    # Local feeds keep their absolute file:// URL, so the files mean the same wherever
    # they are written (an export usually goes to another directory).
    return {
        "id": feed.id,
        "url": feed.url,
        "interval": format_duration(feed.interval),
        **_compact(language=feed.language, tags=list(feed.tags), title=feed.title),
    }


def _route_doc(route: RouteSpec) -> dict[str, object]:
    labels = [] if route.labels == ROUTE_LABELS else list(route.labels)
    return {
        "id": route.id,
        "destination": route.destination,
        "schedule": str(route.schedule),
        **_compact(entities=list(route.entities), feeds=list(route.feeds), labels=labels),
    }


def _settings_doc(settings: Settings) -> dict[str, object]:
    fetch, admins, matrix = settings.fetch, settings.admins, settings.matrix
    return {
        "fetch": {
            "timeout": format_duration(fetch.timeout),
            "max_bytes": fetch.max_bytes,
            "user_agent": fetch.user_agent,
        },
        "admins": {
            "slack_users": list(admins.slack_users),
            "slack_groups": list(admins.slack_groups),
            "matrix_users": list(admins.matrix_users),
        },
        "matrix": {
            "command_prefix": matrix.command_prefix,
            "admin_power_level": matrix.admin_power_level,
        },
    }
