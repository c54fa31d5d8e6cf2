"""What a valid watch configuration is: the types only the config needs.

Entities, claims and feeds are the domain values of :mod:`watchers.model`; routes and
settings are defined here, with :class:`WatchConfig`, the whole validated config. The
grammars their fields are written in live in :mod:`watchers.schedules` (durations,
schedules) and :mod:`watchers.destinations`, and are importable from here too.

Turning YAML values into typed records is the concern of :mod:`watchers.config.records`
(entities, claims, feeds) and :mod:`watchers.config.service` (routes, settings); reading
files is :mod:`watchers.config.file`'s, and whole documents and references between
files are :mod:`watchers.config.documents`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from watchers.destinations import Destination, Platform, parse_destination
from watchers.digestpolicy import DEFAULT_MENTIONS, DEFAULT_MIN_RELEVANCE, MentionPolicy
from watchers.fetch.guard import IPNetwork
from watchers.model import Article, Claim, Entity, FeedSpec
from watchers.schedules import (
    MIN_SCHEDULE,
    Schedule,
    format_duration,
    parse_duration,
    parse_schedule,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "MIN_SCHEDULE",
    "ROUTE_LABELS",
    "AdminSettings",
    "ClaimsPageSettings",
    "DeliverySettings",
    "Destination",
    "FetchSettings",
    "MatrixSettings",
    "Platform",
    "PollingSettings",
    "RouteSpec",
    "Schedule",
    "Settings",
    "WatchConfig",
    "format_duration",
    "parse_destination",
    "parse_duration",
    "parse_schedule",
]

ROUTE_LABELS = ("contradicts", "corroborates", "mentions", "edit")
"""What a route can deliver: the three stances worth reading, and edits of seen items."""

DEFAULT_USER_AGENT = "policywatch/0.1 (news and policy feed watcher)"


@dataclass(frozen=True)
class RouteSpec:
    """A digest route: which labels about which entities and feeds go where, and when.

    Empty ``entities`` or ``feeds`` means all of them. ``destination`` is kept as
    written (it is valid by construction); :attr:`target` gives it parsed.
    ``min_relevance`` and ``mentions`` say what the digest keeps (see
    :mod:`watchers.digestpolicy`).
    """

    id: str
    destination: str
    schedule: Schedule
    entities: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ROUTE_LABELS
    min_relevance: float = DEFAULT_MIN_RELEVANCE
    mentions: MentionPolicy = DEFAULT_MENTIONS

    @property
    def target(self) -> Destination:
        return parse_destination(self.destination)


@dataclass(frozen=True)
class FetchSettings:
    """Limits on one feed fetch: how long it may take, how much it may read, who it says it is.

    ``allow_networks`` are the loopback, private or otherwise non-public networks
    feeds may still be fetched from; ``allow_files`` the directories (or files),
    absolute once loaded, that ``file://`` feeds may read besides the bundled demo.
    """

    timeout: timedelta = timedelta(seconds=20)
    max_bytes: int = 5_000_000
    user_agent: str = DEFAULT_USER_AGENT
    allow_networks: tuple[IPNetwork, ...] = ()
    allow_files: tuple[Path, ...] = ()


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
class DeliverySettings:
    """How long an undeliverable digest is tried again before it is set aside as failed."""

    give_up_after: timedelta = timedelta(days=1)


@dataclass(frozen=True)
class ClaimsPageSettings:
    """The read-only claims page on the ops endpoint: off unless ``enabled``.

    It answers clients on loopback, and those in ``allow_networks`` besides (a reverse
    proxy's network, where the ops endpoint listens beyond loopback). ``public_url`` is
    where readers reach the page (the URL that serves its ``/claims``); digests link each
    claim there when it is set and the page is enabled.
    """

    enabled: bool = False
    public_url: str = ""
    allow_networks: tuple[IPNetwork, ...] = ()

    def claim_url(self, claim_id: str) -> str:
        """The address of one claim's page for digests; "" when readers cannot reach it."""
        if not (self.enabled and self.public_url and claim_id):
            return ""
        return f"{self.public_url.rstrip('/')}/{claim_id}"


@dataclass(frozen=True)
class PollingSettings:
    """How the polling engine shares out its work.

    ``workers`` fetches are in flight at once, ``per_host`` of them on one host (scheme,
    host and port). A feed an instance claims is leased to it for ``lease``, renewed
    while its poll goes on, so the feeds of an instance that stops are polled by
    another (or by it, restarted) once ``lease`` has run out. ``min_interval`` is the
    shortest interval a remote feed may have.
    """

    workers: int = 32
    per_host: int = 2
    lease: timedelta = timedelta(seconds=30)
    min_interval: timedelta = MIN_SCHEDULE


@dataclass(frozen=True)
class Settings:
    """Service-wide settings; every part has defaults."""

    fetch: FetchSettings = field(default_factory=FetchSettings)
    admins: AdminSettings = field(default_factory=AdminSettings)
    matrix: MatrixSettings = field(default_factory=MatrixSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    polling: PollingSettings = field(default_factory=PollingSettings)
    claims_page: ClaimsPageSettings = field(default_factory=ClaimsPageSettings)


@dataclass(frozen=True)
class WatchConfig:
    """Everything one config directory declares, validated.

    Claims carry no facts yet and keep ``entities=()`` when the file names none; both
    are derived from the claim text elsewhere.
    """

    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    feeds: tuple[FeedSpec, ...] = ()
    articles: tuple[Article, ...] = ()
    routes: tuple[RouteSpec, ...] = ()
    settings: Settings = field(default_factory=Settings)
    directory: Path = Path(".")

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None (sources may name articles not described)."""
        return next((a for a in self.articles if a.id == article_id), None)

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return next((e for e in self.entities if e.id == entity_id), None)
