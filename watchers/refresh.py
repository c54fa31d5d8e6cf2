"""One poll of one feed, start to finish: the whole data flow in one place.

A poll has two halves, run by the polling engine (:mod:`bot.engine`) in pools of
their own so that a slow server never holds up parsing and a heavy feed never holds up
fetching: :func:`fetch_feed`, the I/O (a conditional GET with the stored validators),
then :func:`refresh_feed`: parse, de-duplicate, match, label, decide, and store it all
in one transaction fenced by the feed's poll lease.

Work is done only where something changed: a 304 or the very body read last time is not
parsed; in a changed document, the entries the last one held unchanged are not made
items again (the feed keeps its last document's entry digests); only new and edited
items are matched, and only those that name a tracked entity are labelled, against the
claims about that entity. The engine has large documents parsed in worker processes
(:mod:`bot.parsers`), so that parsing runs beside the labelling of other feeds.
"""

from __future__ import annotations

import logging
import random
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from datetime import datetime

from watchers import cadence
from watchers.decide import PollOutcome, analyse, decide
from watchers.dedupe import classify
from watchers.errors import PolicywatchError
from watchers.feedfields import ParsedFeed
from watchers.fetch.fetcher import FetchClient, FetchPolicy, fetch
from watchers.model import FeedSpec, FeedState, FetchResult
from watchers.parser import parse_feed
from watchers.storage import Store
from watchers.watch import Watch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RefreshReport:
    """What a poll did, for logs and the status command."""

    feed_id: str
    status: str  # "updated", "not-modified" or "failed"
    new: int = 0
    edited: int = 0
    alerts: int = 0
    error: str = ""
    error_kind: str = ""  # FetchError.kind, or "parse"
    # (stance value, count) of the labels given to the new and edited items.
    labels: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Fetched:
    """The I/O half of a poll: the response, or why there was none.

    ``state`` is the feed's state as the poll found it (with the poll's lag) and
    ``started`` the poll's time, when its fetch began.
    """

    spec: FeedSpec
    state: FeedState
    started: datetime
    result: FetchResult | None = None
    error: PolicywatchError | None = None


def fetch_feed(
    spec: FeedSpec,
    state: FeedState,
    policy: FetchPolicy,
    client: FetchClient | None,
    now: datetime,
) -> Fetched:
    """One conditional GET with the state's validators; never raises for the feed's faults."""
    try:
        return Fetched(spec, state, now, result=fetch(spec.url, state, policy, client=client))
    except PolicywatchError as error:
        return Fetched(spec, state, now, error=error)


Parse = Callable[..., ParsedFeed]
""":func:`watchers.parser.parse_feed`, or what runs it elsewhere (:mod:`bot.parsers`)."""


def parse_fetched(
    spec: FeedSpec, result: FetchResult, seen: Collection[str] = (), parse: Parse = parse_feed
) -> ParsedFeed | None:
    """The feed in a response, read by ``parse``; None when not modified. Entries whose
    digest is in ``seen`` (those of the last document read) are not made items again.
    Raises FeedParseError."""
    if result.status == 304:
        return None
    return parse(
        result.body,
        feed_id=spec.id,
        url=spec.url,
        headers=result.headers,
        language=spec.language,
        seen=seen,
    )


def read_feed(
    spec: FeedSpec, state: FeedState, policy: FetchPolicy, client: FetchClient | None
) -> tuple[FetchResult, ParsedFeed | None]:
    """One conditional GET with the state's validators, and the feed it returned
    (None when not modified: a 304, or the very body read last time). Raises
    FetchError or FeedParseError."""
    result = fetch(spec.url, state, policy, client=client)
    return result, None if cadence.same_body(state, result) else parse_fetched(spec, result)


def refresh_feed(
    fetched: Fetched,
    *,
    watch: Watch,
    store: Store,
    rng: random.Random,
    lease_owner: str = "",
    parse: Parse = parse_feed,
) -> RefreshReport:
    """Parse, de-duplicate, match, label and store what one fetch returned.

    Any failure of the feed's is contained: it is stored on the feed (error count,
    next retry) and reported, never raised, so one bad feed cannot stop the others.
    With ``lease_owner`` every write is fenced by the feed's poll lease and releases
    it; a lease another instance has taken over raises :class:`LeaseLost`, and
    nothing is stored.

    Parsing is ``parse``'s (:func:`~watchers.parser.parse_feed`, or the engine's
    parser processes). An entry the feed's last document held unchanged is not made an
    item again (it would only be found unchanged); the items that name a tracked
    entity are labelled in one batch. Each item is matched and labelled on its excerpt
    (:mod:`watchers.extent`), so a huge item costs about what a long one does.
    """
    spec, state, now = fetched.spec, fetched.state, fetched.started
    try:
        if fetched.error is not None:
            raise fetched.error
        assert fetched.result is not None
        result = fetched.result
        seen = state.entry_digests.split()
        parsed = (
            None if cadence.same_body(state, result) else parse_fetched(spec, result, seen, parse)
        )
        if parsed is None:
            after = cadence.after_success(state, result, spec, now)
            store.save_feed_state(after, lease_owner=lease_owner)
            return RefreshReport(spec.id, "not-modified")
    except PolicywatchError as error:
        log.warning("feed %s (%s) failed: %s", spec.id, spec.url, error)
        after = cadence.after_failure(state, error, spec, now, rng)
        store.save_feed_state(after, lease_owner=lease_owner)
        kind = getattr(error, "kind", "other")
        return RefreshReport(spec.id, "failed", error=str(error), error_kind=kind)
    for warning in parsed.warnings:
        log.info("feed %s (%s): %s", spec.id, spec.url, warning)
    classified = classify(parsed.items, store.known_items(parsed.items))
    analysed = analyse(watch, classified)
    edited_ids = [a.classified.known.id for a in analysed if a.classified.known]
    previous = store.current_verdicts(edited_ids)
    after = cadence.after_success(state, result, spec, now)
    after = replace(after, entry_digests=" ".join(parsed.entries))
    outcome: PollOutcome = decide(watch, after, analysed, previous)
    # The title the feed gives itself names it where the config gives none.
    title = "" if spec.title else parsed.title
    alert_ids = store.apply_poll(outcome, now, title, lease_owner=lease_owner)
    for w in outcome.writes:
        key = w.item.guid or w.item.link
        log.debug("%s item %s: %s", w.classified.change, key, w.item.title, extra={"item": key})
    labels = Counter(v.stance.value for w in outcome.writes for v in w.verdicts)
    return RefreshReport(
        spec.id,
        "updated",
        new=outcome.new_count,
        edited=outcome.edit_count,
        alerts=len(alert_ids),
        labels=tuple(sorted(labels.items())),
    )
