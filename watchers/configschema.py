"""What a valid watch configuration is: its types, its grammars and its record parsers.

Entities, claims and feeds are the domain values of :mod:`watchers.model`; what only
the config needs (routes, schedules, destinations, settings) is defined here.

* The grammars (:func:`parse_duration`, :func:`parse_schedule`,
  :func:`parse_destination`) read one string each and raise ``ValueError`` with a
  message for the person who wrote it.
* The record parsers (:func:`parse_entity` ... :func:`parse_settings`) turn one plain
  value, as YAML produced it, into a typed value, and raise
  :class:`~watchers.errors.ConfigError` naming the file and the path (an :class:`At`).

Reading files, whole documents and references between files are
:mod:`watchers.configfile`'s concern.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit
from urllib.request import url2pathname

from apscheduler.triggers.cron import CronTrigger

from watchers.errors import ConfigError
from watchers.model import Alias, Claim, Entity, EntityKind, FeedSpec, SourceRef

ROUTE_LABELS = ("contradicts", "corroborates", "mentions", "edit")
"""What a route can deliver: the three stances worth reading, and edits of seen items."""

MIN_SCHEDULE = timedelta(minutes=1)
DEFAULT_USER_AGENT = "policywatch/0.1 (news and policy feed watcher)"

_T = TypeVar("_T")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_DURATION = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
_UNIT_SECONDS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
_SLACK_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}")
_SLACK_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
# Room ids carry their server before room version 12 and none from it on; aliases always do.
_MATRIX_ROOM = re.compile(r"![^:\s]+(?::[A-Za-z0-9.-]+(?::\d+)?)?|#[^:\s]+:[A-Za-z0-9.-]+(?::\d+)?")


def parse_duration(text: str) -> timedelta:
    """Parse ``45s``, ``30m``, ``2h``, ``1d`` or a combination in that order (``1h30m``).

    Raises ``ValueError`` if ``text`` is anything else.
    """
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"expected a duration such as 30m, got {text!r}")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def format_duration(value: timedelta) -> str:
    """The shortest text :func:`parse_duration` reads back as ``value`` (whole seconds)."""
    remaining = int(value.total_seconds())
    if remaining < 0 or remaining != value.total_seconds():
        raise ValueError(f"cannot write {value!r} as a duration of whole seconds")
    parts = []
    for unit, seconds in _UNIT_SECONDS:
        count, remaining = divmod(remaining, seconds)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"


@dataclass(frozen=True)
class Schedule:
    """When a route sends its digest: every fixed interval, or on a 5-field cron line."""

    every: timedelta | None = None
    cron: str = ""

    def __post_init__(self) -> None:
        if (self.every is None) == (not self.cron):
            raise ValueError("a schedule has exactly one of 'every' and 'cron'")

    def __str__(self) -> str:
        return self.cron if self.every is None else format_duration(self.every)


def parse_schedule(text: str) -> Schedule:
    """Parse ``1h``, ``every 1h`` or a cron line such as ``0 9 * * 1-5``.

    Intervals must be at least a minute. Cron lines mean what they mean to crontab, in
    UTC: their day of week is rewritten with names (``mon-fri``) so that APScheduler,
    which runs them, reads them the same way, and they are checked with it. Raises
    ``ValueError`` otherwise.
    """
    words = text.split()
    if len(words) == 5:
        return _parse_cron(" ".join(words))
    spec = words[1] if len(words) == 2 and words[0] == "every" else text
    try:
        every = parse_duration(spec)
    except ValueError:
        raise ValueError(
            "expected a duration such as 1h, 'every 1h' or a 5-field cron expression"
            f" such as '0 9 * * 1-5', got {text!r}"
        ) from None
    if every < MIN_SCHEDULE:
        raise ValueError(f"a schedule must be at least 1m, got {text!r}")
    return Schedule(every=every)


def _parse_cron(line: str) -> Schedule:
    minute, hour, day, month, weekday = line.split()
    if day != "*" and weekday != "*":
        # crontab runs when either field matches, APScheduler only when both do.
        raise ValueError(f"restrict the day of month or the day of week, not both: {line!r}")
    try:
        cron = " ".join((minute, hour, day, month, _weekday_names(weekday)))
        CronTrigger.from_crontab(cron, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"invalid cron expression {line!r}: {exc}") from None
    return Schedule(cron=cron)


_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def _weekday_names(field: str) -> str:
    """A crontab day-of-week field (0 and 7 are Sunday; names allowed) written with names.

    APScheduler numbers weekdays from Monday = 0, so "1-5" would run Tuesday to Saturday
    there; day names mean the same to crontab and to APScheduler.
    """
    days: set[int] = set()
    for part in field.lower().split(","):
        days |= _weekday_part(part)
    if len(days) == 7:
        return "*"
    monday_first = sorted((d - 1) % 7 for d in days)
    runs: list[list[int]] = []
    for d in monday_first:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    names = [[_DAYS[(d + 1) % 7] for d in run] for run in runs]
    return ",".join(f"{n[0]}-{n[-1]}" if len(n) > 2 else ",".join(n) for n in names)


def _weekday_part(part: str) -> set[int]:
    """The days (Sunday = 0) one comma-separated part such as ``1-5``, ``*/2`` or ``mon`` names."""
    body, slash, step_text = part.partition("/")
    if slash and not (step_text.isdigit() and int(step_text) > 0):
        raise ValueError(f"bad step in day of week {part!r}")
    step = int(step_text) if slash else 1
    if body == "*":
        first, last = 0, 6
    else:
        start, dash, end = body.partition("-")
        first = _weekday(start)
        last = _weekday(end) if dash else (6 if slash else first)
    if last < first:
        raise ValueError(f"day-of-week range {part!r} runs backwards")
    return {d % 7 for d in range(first, last + 1, step)}


def _weekday(text: str) -> int:
    if text.isdigit() and int(text) <= 7:
        return int(text)
    if text in _DAYS:
        return _DAYS.index(text)
    raise ValueError(f"expected a day of week 0-7 or sun-sat, got {text!r}")


class Platform(StrEnum):
    """The kinds of place a digest can be sent to."""

    CONSOLE = "console"
    SLACK = "slack"
    MATRIX = "matrix"


@dataclass(frozen=True)
class Destination:
    """Where a route posts: the console, a Slack channel (name or id) or a Matrix room."""

    platform: Platform
    address: str = ""

    def __str__(self) -> str:
        return f"{self.platform}:{self.address}" if self.address else str(self.platform)


def parse_destination(text: str) -> Destination:
    """Parse ``console``, ``slack:#channel``, ``slack:C0123`` or ``matrix:!room:server``.

    A Matrix room alias (``matrix:#room:server``) is accepted too. Raises ``ValueError``.
    """
    platform, _, address = text.strip().partition(":")
    if platform == "console" and not address:
        return Destination(Platform.CONSOLE)
    if platform == "slack" and (_SLACK_CHANNEL.fullmatch(address) or _SLACK_ID.fullmatch(address)):
        return Destination(Platform.SLACK, address)
    if platform == "matrix" and _MATRIX_ROOM.fullmatch(address):
        return Destination(Platform.MATRIX, address)
    raise ValueError(
        f"expected console, slack:#channel, slack:C0123 or matrix:!room:server, got {text!r}"
    )


@dataclass(frozen=True)
class RouteSpec:
    """A digest route: which labels about which entities and feeds go where, and when.

    Empty ``entities`` or ``feeds`` means all of them. ``destination`` is kept as
    written (it is valid by construction); :attr:`target` gives it parsed.
    """

    id: str
    destination: str
    schedule: Schedule
    entities: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ROUTE_LABELS

    @property
    def target(self) -> Destination:
        return parse_destination(self.destination)


@dataclass(frozen=True)
class FetchSettings:
    """Limits on one feed fetch: how long it may take, how much it may read, who it says it is."""

    timeout: timedelta = timedelta(seconds=20)
    max_bytes: int = 5_000_000
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class AdminSettings:
    """Who may run admin commands: Slack user and user-group ids, Matrix user ids."""

    slack_users: tuple[str, ...] = ()
    slack_groups: tuple[str, ...] = ()
    matrix_users: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatrixSettings:
    """How the Matrix bot is addressed, and the room power level that counts as admin."""

    command_prefix: str = "!policywatch"
    admin_power_level: int = 50


@dataclass(frozen=True)
class Settings:
    """Service-wide settings; every part has defaults."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    admins: AdminSettings = field(default_factory=AdminSettings)
    matrix: MatrixSettings = field(default_factory=MatrixSettings)


@dataclass(frozen=True)
class WatchConfig:
    """Everything one config directory declares, validated.

    Claims carry no facts yet and keep ``entities=()`` when the file names none; both
    are derived from the claim text elsewhere.
    """

    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    feeds: tuple[FeedSpec, ...] = ()
    routes: tuple[RouteSpec, ...] = ()
    settings: Settings = field(default_factory=Settings)
    directory: Path = Path(".")

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)


# --- Value checks ----------------------------------------------------------------------
#
# Each takes a plain value as YAML produced it and the place it came from, and returns
# it typed or raises ConfigError.

ENTITY_ID = re.compile(r"[a-z0-9_]+")
RECORD_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class At:
    """A place in a config file: the file's name and the path inside it."""

    file: str
    path: str = ""

    def key(self, name: object) -> At:
        return At(self.file, f"{self.path}.{name}" if self.path else str(name))

    def index(self, i: int) -> At:
        return At(self.file, f"{self.path}[{i}]")

    def error(self, message: str) -> ConfigError:
        return ConfigError(self.file, self.path, message)


def describe(value: object) -> str:
    """How a wrong value is named in an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value})"


def fields(
    value: object, at: At, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, object]:
    """Check that ``value`` is a mapping with only known keys and every required one.

    Returns it without optional keys whose value is null, so ``note:`` means no note.
    """
    if not isinstance(value, dict):
        raise at.error(f"expected a mapping, got {describe(value)}")
    allowed = required + optional
    for key in value:
        if key not in allowed:
            raise at.key(key).error(f"unknown key; expected one of {', '.join(allowed)}")
    for key in required:
        if key not in value:
            raise at.key(key).error("missing required key")
    return {k: v for k, v in value.items() if v is not None or k in required}


def text(value: object, at: At, *, empty: bool = False) -> str:
    """A string; blank only if ``empty`` allows it."""
    if not isinstance(value, str):
        raise at.error(f"expected text, got {describe(value)}")
    if not empty and not value.strip():
        raise at.error("expected text, got an empty string")
    return value


def flag(value: object, at: At) -> bool:
    """A YAML boolean (``true``/``false``)."""
    if not isinstance(value, bool):
        raise at.error(f"expected true or false, got {describe(value)}")
    return value


def integer(value: object, at: At, low: int, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high`` (inclusive; no upper bound if None)."""
    # bool is an int subclass; "max_bytes: yes" is a mistake, not 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise at.error(f"expected a whole number, got {describe(value)}")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise at.error(f"expected a number {bounds}, got {value}")
    return value


def listed(value: object, at: At) -> list[object]:
    """A list, with null read as an empty one."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise at.error(f"expected a list, got {describe(value)}")
    return value


def texts(value: object, at: At) -> tuple[str, ...]:
    """A list of non-empty strings, each unique."""
    result = tuple(text(v, at.index(i)) for i, v in enumerate(listed(value, at)))
    for i, item in enumerate(result):
        if item in result[:i]:
            raise at.index(i).error(f"{item!r} is listed twice")
    return result


def identifier(value: object, at: At, pattern: re.Pattern[str] = RECORD_ID) -> str:
    """An id matching ``pattern`` (:data:`RECORD_ID` or :data:`ENTITY_ID`)."""
    ident = text(value, at)
    if not pattern.fullmatch(ident):
        allowed = "a-z, 0-9 and _" if pattern is ENTITY_ID else "a-z, 0-9, _ and -"
        raise at.error(f"an id uses only {allowed}, got {ident!r}")
    return ident


def duration(value: object, at: At, minimum: timedelta = timedelta(0)) -> timedelta:
    """A duration string (see :func:`parse_duration`) of at least ``minimum``."""
    if not isinstance(value, str):
        raise at.error(f"expected a duration such as 30m, got {describe(value)}")
    try:
        result = parse_duration(value)
    except ValueError as exc:
        raise at.error(str(exc)) from None
    if result < minimum:
        raise at.error(f"must be at least {format_duration(minimum)}, got {value!r}")
    return result


def references(value: object, at: At, known: frozenset[str], what: str) -> tuple[str, ...]:
    """A list of ids, each of which must name a declared ``what`` (entity, feed)."""
    ids = texts(value, at)
    for i, ident in enumerate(ids):
        if ident not in known:
            raise at.index(i).error(f"unknown {what} {ident!r}")
    return ids


# --- Records ---------------------------------------------------------------------------


def parse_entity(value: object, at: At) -> Entity:
    """One ``entities`` record."""
    m = fields(
        value,
        at,
        ("id", "kind", "name_en"),
        ("name_zh", "aliases", "unverified", "sources", "note"),
    )
    return Entity(
        id=identifier(m["id"], at.key("id"), ENTITY_ID),
        kind=_entity_kind(m["kind"], at.key("kind")),
        name_en=text(m["name_en"], at.key("name_en")),
        name_zh=text(m.get("name_zh", ""), at.key("name_zh"), empty=True),
        aliases=_items(m.get("aliases"), at.key("aliases"), parse_alias),
        unverified=flag(m.get("unverified", False), at.key("unverified")),
        sources=_items(m.get("sources"), at.key("sources"), parse_source),
        note=text(m.get("note", ""), at.key("note"), empty=True),
    )


def _items(value: object, at: At, parse: Callable[[object, At], _T]) -> tuple[_T, ...]:
    return tuple(parse(v, at.index(i)) for i, v in enumerate(listed(value, at)))


def _entity_kind(value: object, at: At) -> EntityKind:
    kinds = [k.value for k in EntityKind]
    if not isinstance(value, str) or value not in kinds:
        raise at.error(f"expected one of {', '.join(kinds)}, got {describe(value)}")
    return EntityKind(value)


def parse_alias(value: object, at: At) -> Alias:
    """An alias: a plain string, or ``{text, context: [words]}`` for an ambiguous one."""
    if isinstance(value, str):
        return Alias(text(value, at))
    m = fields(value, at, ("text",), ("context",))
    context = texts(m.get("context"), at.key("context"))
    if "context" in m and not context:
        raise at.key("context").error("expected at least one context word")
    return Alias(text(m["text"], at.key("text")), context)


def parse_source(value: object, at: At) -> SourceRef:
    """Where something was asserted: ``{article, quote, url}``; an article or url is needed."""
    m = fields(value, at, (), ("article", "quote", "url"))
    source = SourceRef(
        article=text(m.get("article", ""), at.key("article"), empty=True),
        quote=text(m.get("quote", ""), at.key("quote"), empty=True),
        url=text(m.get("url", ""), at.key("url"), empty=True),
    )
    if not (source.article.strip() or source.url.strip()):
        raise at.error("a source needs an article or a url")
    return source


def parse_claim(value: object, at: At, entity_ids: frozenset[str]) -> Claim:
    """One ``claims`` record; its entities must be declared. Facts are derived later."""
    m = fields(value, at, ("id", "text", "source"), ("entities", "retired", "note"))
    return Claim(
        id=identifier(m["id"], at.key("id")),
        text=text(m["text"], at.key("text")),
        entities=references(m.get("entities"), at.key("entities"), entity_ids, "entity"),
        source=parse_source(m["source"], at.key("source")),
        retired=flag(m.get("retired", False), at.key("retired")),
        note=text(m.get("note", ""), at.key("note"), empty=True),
    )


def parse_feed(value: object, at: At, directory: Path) -> FeedSpec:
    """One ``feeds`` record. A url without a scheme is a file relative to ``directory``."""
    m = fields(value, at, ("id", "url"), ("interval", "language", "tags", "title"))
    url = feed_url(m["url"], at.key("url"), directory)
    # Remote feeds are polled at most once a minute; reading a local file costs nothing.
    minimum = MIN_SCHEDULE if url.startswith("http") else timedelta(0)
    return FeedSpec(
        id=identifier(m["id"], at.key("id")),
        url=url,
        interval=duration(m.get("interval", "30m"), at.key("interval"), minimum),
        language=text(m.get("language", ""), at.key("language"), empty=True),
        tags=texts(m.get("tags"), at.key("tags")),
        title=text(m.get("title", ""), at.key("title"), empty=True),
    )


def feed_url(value: object, at: At, directory: Path) -> str:
    """An http(s) URL as written, or an absolute ``file://`` URL for a file path."""
    url = text(value, at).strip()
    if url.startswith(("http://", "https://")):
        if not urlsplit(url).hostname:
            raise at.error(f"expected a URL with a host name, got {url!r}")
        return url
    if url.startswith("file://"):
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise at.error(f"expected an absolute file:///path URL, got {url!r}")
        return Path(url2pathname(parts.path)).resolve().as_uri()
    if _SCHEME.match(url) or url.startswith("www."):
        raise at.error(f"expected an http(s) URL or a file path, got {url!r}")
    return (directory / url).resolve().as_uri()


def parse_route(
    value: object, at: At, entity_ids: frozenset[str], feed_ids: frozenset[str]
) -> RouteSpec:
    """One ``routes`` record; its entity and feed filters must name declared ones."""
    m = fields(value, at, ("id", "destination", "schedule"), ("entities", "feeds", "labels"))
    destination = _grammar(parse_destination, m["destination"], at.key("destination"))
    labels = references(m.get("labels"), at.key("labels"), frozenset(ROUTE_LABELS), "label")
    return RouteSpec(
        id=identifier(m["id"], at.key("id")),
        destination=str(destination),
        schedule=_grammar(parse_schedule, m["schedule"], at.key("schedule")),
        entities=references(m.get("entities"), at.key("entities"), entity_ids, "entity"),
        feeds=references(m.get("feeds"), at.key("feeds"), feed_ids, "feed"),
        labels=labels or ROUTE_LABELS,
    )


def _grammar(parse: Callable[[str], _T], value: object, at: At) -> _T:
    try:
        return parse(text(value, at))
    except ValueError as exc:
        raise at.error(str(exc)) from None


def parse_settings(value: object, at: At) -> Settings:
    """The ``settings`` mapping; every part is optional and has a default."""
    m = fields(value, at, (), ("fetch", "admins", "matrix"))
    return Settings(
        fetch=_fetch(m.get("fetch", {}), at.key("fetch")),
        admins=_admins(m.get("admins", {}), at.key("admins")),
        matrix=_matrix(m.get("matrix", {}), at.key("matrix")),
    )


def _fetch(value: object, at: At) -> FetchSettings:
    m = fields(value, at, (), ("timeout", "max_bytes", "user_agent"))
    default = FetchSettings()
    timeout = duration(m.get("timeout", format_duration(default.timeout)), at.key("timeout"))
    if not timeout:
        raise at.key("timeout").error("must be more than 0s")
    return FetchSettings(
        timeout=timeout,
        max_bytes=integer(m.get("max_bytes", default.max_bytes), at.key("max_bytes"), 1),
        user_agent=text(m.get("user_agent", default.user_agent), at.key("user_agent")),
    )


def _admins(value: object, at: At) -> AdminSettings:
    m = fields(value, at, (), ("slack_users", "slack_groups", "matrix_users"))
    return AdminSettings(
        slack_users=texts(m.get("slack_users"), at.key("slack_users")),
        slack_groups=texts(m.get("slack_groups"), at.key("slack_groups")),
        matrix_users=texts(m.get("matrix_users"), at.key("matrix_users")),
    )


def _matrix(value: object, at: At) -> MatrixSettings:
    m = fields(value, at, (), ("command_prefix", "admin_power_level"))
    default = MatrixSettings()
    level = m.get("admin_power_level", default.admin_power_level)
    return MatrixSettings(
        command_prefix=text(
            m.get("command_prefix", default.command_prefix), at.key("command_prefix")
        ),
        admin_power_level=integer(level, at.key("admin_power_level"), 0, 100),
    )
