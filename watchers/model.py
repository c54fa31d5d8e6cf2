"""Domain values shared by every part of policywatch.

Everything here is a frozen dataclass or an enum: values, not behaviour. Parsing,
matching, comparison and rendering take these and return these.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum


class Stance(StrEnum):
    """How an item bears on a claim."""

    CORROBORATES = "corroborates"
    CONTRADICTS = "contradicts"
    MENTIONS = "mentions"
    UNRELATED = "unrelated"


class EntityKind(StrEnum):
    BODY = "body"
    PARTY_ORGAN = "party_organ"
    LAW = "law"
    REGULATION = "regulation"
    PLAN = "plan"
    PROGRAMME = "programme"
    PERSON = "person"
    FIRM = "firm"
    PLACE = "place"
    EVENT = "event"


@dataclass(frozen=True)
class SourceRef:
    """Where something was asserted: a seed article or a URL, and the quoted sentence."""

    article: str
    quote: str = ""
    url: str = ""


@dataclass(frozen=True)
class Article:
    """A document sources name by ``SourceRef.article``, as people know it: its title (or,
    for one without a known title, a few words saying what it is), who published it and
    when (free text such as "November 2021")."""

    id: str
    title: str = ""
    description: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""


@dataclass(frozen=True)
class Alias:
    """One way an entity is written.

    ``context`` lists words of which at least one must appear near the alias
    for a match to count (for short, ambiguous abbreviations such as "NDB").
    """

    text: str
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    id: str
    kind: EntityKind
    name_en: str
    name_zh: str = ""
    aliases: tuple[Alias, ...] = ()
    unverified: bool = False
    sources: tuple[SourceRef, ...] = ()
    note: str = ""
    # The body whose term numbers this one's: a Politburo is numbered after the Central
    # Committee that elects it, so "the 20th Central Committee" dates "the 20th Politburo".
    numbered_after: str = ""
    # The body this one sits within ("the NDRC is within the State Council"), so that an
    # item placing a body under the NDRC places it under the State Council too.
    within: str = ""

    def all_aliases(self) -> tuple[Alias, ...]:
        """Names and aliases together, names first."""
        names = tuple(Alias(n) for n in (self.name_en, self.name_zh) if n)
        return names + self.aliases


@dataclass(frozen=True)
class Mention:
    """An entity found in a text: which alias matched and where (character offsets)."""

    entity_id: str
    alias: str
    start: int
    end: int
    field: str = "text"


class FactKind(StrEnum):
    """The checkable shape of a claim."""

    EVENT_DATE = "event_date"  # something happened / took effect on a date
    NUMBER = "number"  # a count, amount or percentage
    DURATION = "duration"  # a time span (hours, days, years)
    OFFICE_HOLDER = "office_holder"  # who holds an office
    PARENT_BODY = "parent_body"  # which body sits under which
    EXISTS = "exists"  # that a body, law or programme exists / was established
    PERIOD = "period"  # the span of years a plan or programme covers (ISO interval)
    ISSUER = "issuer"  # which body issued a document
    RANK = "rank"  # first / largest of a kind, within a scope
    LOCATION = "location"  # the region of the country a place lies in


@dataclass(frozen=True)
class Fact:
    """One checkable part of a claim.

    ``subject`` is an entity id; ``predicate`` is a normalised event or role
    (e.g. "took_effect", "established", "party_secretary"); ``value`` is the
    normalised value (an ISO date or partial date, a number, an ISO-8601
    duration, an ISO interval of years such as "2021/2025", an entity id or place, a
    region or scope, or "true"/"false" for existence).
    """

    kind: FactKind
    subject: str
    predicate: str
    value: str
    unit: str = ""


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    entities: tuple[str, ...]
    source: SourceRef
    facts: tuple[Fact, ...] = ()
    retired: bool = False
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """A label for one (item, claim) pair, with the sentence and reason behind it."""

    claim_id: str
    stance: Stance
    score: float
    evidence: str
    reason: str


@dataclass(frozen=True)
class Item:
    """A feed entry, reduced to plain text."""

    feed_id: str
    title: str
    text: str
    guid: str = ""
    link: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    language: str = ""

    @functools.cached_property
    def content_hash(self) -> str:
        """A stable digest of what a reader sees: title and text (computed once)."""
        h = hashlib.sha256()
        h.update(" ".join(self.title.split()).encode())
        h.update(b"\x00")
        h.update(" ".join(self.text.split()).encode())
        return h.hexdigest()


@dataclass(frozen=True)
class FeedSpec:
    """A feed as declared in config."""

    id: str
    url: str
    interval: timedelta = timedelta(minutes=30)
    language: str = ""
    tags: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class FeedState:
    """A feed's cadence and health, as stored with it."""

    feed_id: str
    etag: str = ""
    last_modified: str = ""
    body_hash: str = ""  # FetchResult.body_hash of the last document read
    # ParsedFeed.entries of the last document read, space-separated: its entries that
    # come again unchanged are not read again.
    entry_digests: str = ""
    error_count: int = 0
    last_error: str = ""
    last_checked: datetime | None = None
    last_success: datetime | None = None
    next_check: datetime | None = None
    # Seconds from the last poll's due time to its start (None: it had no due time).
    poll_lag: float | None = None


@dataclass(frozen=True)
class FetchResult:
    """What one HTTP (or file) fetch returned.

    ``status`` 304 means not modified and ``body`` is empty. ``retry_after`` is
    what the server asked for, if anything.
    """

    url: str
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    retry_after: timedelta | None = None

    @functools.cached_property
    def body_hash(self) -> str:
        """A digest of the body ("" for 304): the same document sent again, without
        validators, is known by it and not read twice."""
        return hashlib.sha256(self.body).hexdigest() if self.status != 304 else ""


class Standing(StrEnum):
    """Where the evidence on a claim stands."""

    UNTESTED = "untested"  # nothing has corroborated or contradicted it yet
    SUPPORTED = "supported"  # corroborated, never contradicted
    CONTESTED = "contested"  # evidence on both sides, not yet against it on balance
    CONTRADICTED = "contradicted"  # evidence has turned against it


@dataclass(frozen=True)
class Tally:
    """A claim's running count of evidence."""

    corroborates: int = 0
    contradicts: int = 0
    mentions: int = 0


class AlertKind(StrEnum):
    VERDICT = "verdict"  # an item bears on a claim
    MENTION = "mention"  # an item mentions an entity that has no claim it bears on
    EDIT = "edit"  # an already-seen item changed
    STANDING = "standing"  # a claim's standing changed


@dataclass(frozen=True)
class Alert:
    """Something a route may report, recorded when it happened."""

    kind: AlertKind
    entity_id: str
    feed_id: str = ""
    item_id: int | None = None
    title: str = ""
    link: str = ""
    claim_id: str = ""
    stance: Stance | None = None
    score: float = 0.0
    evidence: str = ""
    reason: str = ""
    alias: str = ""
    detail: str = ""


class Label(StrEnum):
    """What a digest line says, in the order digests show them: news about claims first."""

    STANDING = "standing"
    CONTRADICTS = "contradicts"
    CORROBORATES = "corroborates"
    EDIT = "edit"
    MENTIONS = "mentions"


@dataclass(frozen=True)
class DigestLine:
    """One entry of a digest: one story, however many feeds and entities it touches.

    ``also_in`` names the other sources that ran the same story; ``folded`` counts the
    routine items of one source (a gazette issue, a daily series) the line stands for,
    0 for a single item. ``entities`` are the names of the tracked entities it bears on.
    """

    label: Label
    title: str
    link: str = ""
    source: str = ""
    evidence: str = ""
    claim_id: str = ""
    claim_text: str = ""
    claim_source: str = ""
    alias: str = ""
    reason: str = ""
    score: float = 0.0
    detail: str = ""
    item_id: int | None = None  # the stored item, for feedback buttons; None for standing lines
    relevance: float = 0.0
    entities: tuple[str, ...] = ()
    also_in: tuple[str, ...] = ()
    folded: int = 0
    claim_link: str = ""  # the claim's page, when the claims page has a public address


@dataclass(frozen=True)
class Digest:
    """A route's digest: its lines in reading order, and what its relevance policy left out.

    ``more`` holds the lines left out (below the route's ``min_relevance``, or past its
    mentions limit); they are kept with the digest so that ``digest more`` can show them.
    """

    route_id: str
    created_at: datetime
    lines: tuple[DigestLine, ...]
    more: tuple[DigestLine, ...] = ()

    @property
    def line_count(self) -> int:
        return len(self.lines)

    def counts(self) -> dict[Label, int]:
        """How many lines of each label, in digest order, labels with no line left out."""
        out = {label: 0 for label in Label}
        for line in self.lines:
            out[line.label] += 1
        return {label: n for label, n in out.items() if n}
