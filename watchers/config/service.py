"""Parsers for the records that say how the service runs: digest routes and settings.

Each turns one value, as YAML produced it, into a type of :mod:`watchers.config.schema`
and raises :class:`~watchers.errors.ConfigError` naming the file and the path (an
:class:`~watchers.config.values.At`). References are checked against the ids the
caller passes in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from watchers.config.schema import (
    ROUTE_LABELS,
    AdminSettings,
    ClaimsPageSettings,
    DeliverySettings,
    FetchSettings,
    MatrixSettings,
    RouteSpec,
    Settings,
)
from watchers.config.values import (
    At,
    duration,
    fields,
    flag,
    identifier,
    integer,
    references,
    text,
    texts,
)
from watchers.destinations import parse_destination
from watchers.digestpolicy import (
    DEFAULT_MENTIONS,
    DEFAULT_MIN_RELEVANCE,
    parse_mentions,
    parse_min_relevance,
)
from watchers.fetch.guard import IPNetwork, parse_network
from watchers.schedules import format_duration, parse_schedule

_T = TypeVar("_T")


def parse_route(
    value: object, at: At, entity_ids: frozenset[str], feed_ids: frozenset[str]
) -> RouteSpec:
    """One ``routes`` record; its entity and feed filters must name declared ones."""
    optional = ("entities", "feeds", "labels", "min_relevance", "mentions")
    m = fields(value, at, ("id", "destination", "schedule"), optional)
    destination = _grammar(parse_destination, m["destination"], at.key("destination"))
    labels = references(m.get("labels"), at.key("labels"), frozenset(ROUTE_LABELS), "label")
    return RouteSpec(
        id=identifier(m["id"], at.key("id")),
        destination=str(destination),
        schedule=_grammar(parse_schedule, m["schedule"], at.key("schedule")),
        entities=references(m.get("entities"), at.key("entities"), entity_ids, "entity"),
        feeds=references(m.get("feeds"), at.key("feeds"), feed_ids, "feed"),
        labels=labels or ROUTE_LABELS,
        min_relevance=_value(
            parse_min_relevance,
            m.get("min_relevance", DEFAULT_MIN_RELEVANCE),
            at.key("min_relevance"),
        ),
        mentions=_grammar(
            parse_mentions, m.get("mentions", str(DEFAULT_MENTIONS)), at.key("mentions")
        ),
    )


def _value(parse: Callable[[object], _T], value: object, at: At) -> _T:
    try:
        return parse(value)
    except ValueError as exc:
        raise at.error(str(exc)) from None


def _grammar(parse: Callable[[str], _T], value: object, at: At) -> _T:
    try:
        return parse(text(value, at))
    except ValueError as exc:
        raise at.error(str(exc)) from None


def parse_settings(value: object, at: At, directory: Path) -> Settings:
    """The ``settings`` mapping; every part is optional and has a default.

    Relative paths in it are taken from ``directory``, the config's own.
    """
    m = fields(value, at, (), ("fetch", "admins", "matrix", "delivery", "claims_page"))
    return Settings(
        fetch=_fetch(m.get("fetch", {}), at.key("fetch"), directory),
        admins=_admins(m.get("admins", {}), at.key("admins")),
        matrix=_matrix(m.get("matrix", {}), at.key("matrix")),
        delivery=_delivery(m.get("delivery", {}), at.key("delivery")),
        claims_page=_claims_page(m.get("claims_page", {}), at.key("claims_page")),
    )


def _claims_page(value: object, at: At) -> ClaimsPageSettings:
    m = fields(value, at, (), ("enabled", "public_url", "allow_networks"))
    public_url = text(m.get("public_url", ""), at.key("public_url"), empty=True).strip()
    parts = urlsplit(public_url)
    if public_url and (parts.scheme not in ("http", "https") or not parts.netloc):
        message = f"expected an http(s) URL such as https://example.org/claims, got {public_url!r}"
        raise at.key("public_url").error(message)
    if parts.query or parts.fragment:
        raise at.key("public_url").error("expected a URL without ?query or #fragment")
    return ClaimsPageSettings(
        enabled=flag(m.get("enabled", False), at.key("enabled")),
        public_url=public_url,
        allow_networks=_networks(m.get("allow_networks"), at.key("allow_networks")),
    )


def _delivery(value: object, at: At) -> DeliverySettings:
    m = fields(value, at, (), ("give_up_after",))
    default = format_duration(DeliverySettings().give_up_after)
    give_up = duration(m.get("give_up_after", default), at.key("give_up_after"))
    if not give_up:
        raise at.key("give_up_after").error("must be more than 0s")
    return DeliverySettings(give_up_after=give_up)


def _fetch(value: object, at: At, directory: Path) -> FetchSettings:
    known = ("timeout", "max_bytes", "user_agent", "allow_networks", "allow_files")
    m = fields(value, at, (), known)
    default = FetchSettings()
    timeout = duration(m.get("timeout", format_duration(default.timeout)), at.key("timeout"))
    if not timeout:
        raise at.key("timeout").error("must be more than 0s")
    return FetchSettings(
        timeout=timeout,
        max_bytes=integer(m.get("max_bytes", default.max_bytes), at.key("max_bytes"), 1),
        user_agent=text(m.get("user_agent", default.user_agent), at.key("user_agent")),
        allow_networks=_networks(m.get("allow_networks"), at.key("allow_networks")),
        allow_files=tuple(
            (directory / path).resolve()
            for path in texts(m.get("allow_files"), at.key("allow_files"))
        ),
    )


def _networks(value: object, at: At) -> tuple[IPNetwork, ...]:
    networks = []
    for i, written in enumerate(texts(value, at)):
        try:
            networks.append(parse_network(written))
        except ValueError as exc:
            message = f"expected an address or a network such as 10.0.0.0/8: {exc}"
            raise at.index(i).error(message) from None
    return tuple(networks)


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
