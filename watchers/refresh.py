"""One poll of one feed, start to finish: the whole data flow in one place."""

from __future__ import annotations

import logging
import random
from collections import Counter
from dataclasses import dataclass
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


def read_feed(
    spec: FeedSpec, state: FeedState, policy: FetchPolicy, client: FetchClient | None
) -> tuple[FetchResult, ParsedFeed | None]:
    """One conditional GET with the state's validators, and the feed it returned
    (None when not modified: a 304, or the very body read last time). Raises
    FetchError or FeedParseError."""
    result = fetch(spec.url, state, policy, client=client)
    if result.status == 304 or result.body_hash == state.body_hash:
        return result, None
    parsed = parse_feed(
        result.body, feed_id=spec.id, url=spec.url, headers=result.headers, language=spec.language
    )
    return result, parsed


def refresh_feed(
    spec: FeedSpec,
    *,
    watch: Watch,
    store: Store,
    policy: FetchPolicy,
    client: FetchClient,
    now: datetime,
    rng: random.Random,
) -> RefreshReport:
    """Fetch, parse, de-duplicate, match, label and store one feed.

    Any failure is contained: it is stored on the feed (error count, next
    retry) and reported, never raised, so one bad feed cannot stop the others.
    ``client`` is the HTTP client all polls share.

    Each item is matched and labelled on its excerpt (:mod:`watchers.extent`), so a
    huge item costs about what a long one does.
    """
    state = store.feed_state(spec.id)
    try:
        result, parsed = read_feed(spec, state, policy, client)
        if parsed is None:
            store.save_feed_state(cadence.after_success(state, result, spec, now))
            return RefreshReport(spec.id, "not-modified")
    except PolicywatchError as error:
        log.warning("feed %s (%s) failed: %s", spec.id, spec.url, error)
        store.save_feed_state(cadence.after_failure(state, error, spec, now, rng))
        kind = getattr(error, "kind", "other")
        return RefreshReport(spec.id, "failed", error=str(error), error_kind=kind)
    for warning in parsed.warnings:
        log.info("feed %s (%s): %s", spec.id, spec.url, warning)
    classified = classify(parsed.items, store.known_items(parsed.items))
    analysed = analyse(watch, classified)
    edited_ids = [a.classified.known.id for a in analysed if a.classified.known]
    previous = store.current_verdicts(edited_ids)
    outcome: PollOutcome = decide(
        watch, cadence.after_success(state, result, spec, now), analysed, previous
    )
    # The title the feed gives itself names it where the config gives none.
    alert_ids = store.apply_poll(outcome, now, "" if spec.title else parsed.title)
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
