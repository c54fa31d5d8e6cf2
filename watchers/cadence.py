"""When to poll a feed next: pure decisions from a feed's state, the last outcome and ``now``.

The policy:

* A healthy feed is polled every ``spec.interval``.
* A failing feed backs off exponentially: after the n-th consecutive failure
  the next poll is a uniformly random moment between ``interval`` and
  ``interval * 2**(n-1)``, the upper end capped at ``MAX_BACKOFF`` (but never
  below ``interval``). The floor keeps a failing feed from being polled more
  often than a healthy one; the jitter ("full jitter" above that floor) keeps
  many feeds on one broken host from retrying in lockstep.
* A full answer whose bytes are those of the last body read is as good as a 304
  (:func:`same_body`): servers often resend an unchanged feed in full.
* A server's Retry-After is honoured: we never come back earlier than asked,
  but a request to stay away longer than ``MAX_RETRY_AFTER`` is cut to that,
  so a misconfigured server cannot silence a feed for good.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from watchers.errors import FetchError, PolicywatchError
from watchers.model import FeedSpec, FeedState, FetchResult

MAX_BACKOFF = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(days=7)
# Long enough to say what failed, short enough for a status line and a database row.
MAX_ERROR_TEXT = 500


def after_success(
    state: FeedState, result: FetchResult, spec: FeedSpec, now: datetime
) -> FeedState:
    """The state after a successful fetch (including 304 Not Modified).

    Clears the error count and error text, records ``now`` as the last check
    and success, stores the response's validators (a 304 without validators
    keeps the stored ones) and its body's digest, and schedules the next poll one
    interval from now, or later if the server sent a Retry-After.
    """
    etag, last_modified = result.etag, result.last_modified
    if result.status == 304:
        etag, last_modified = etag or state.etag, last_modified or state.last_modified
    return replace(
        state,
        etag=etag,
        last_modified=last_modified,
        body_hash=result.body_hash or state.body_hash,
        error_count=0,
        last_error="",
        last_checked=now,
        last_success=now,
        next_check=now + max(spec.interval, _asked_wait(result.retry_after)),
    )


def after_failure(
    state: FeedState,
    error: PolicywatchError,
    spec: FeedSpec,
    now: datetime,
    rng: random.Random,
) -> FeedState:
    """The state after a failed poll (fetch or parse).

    Counts the failure, keeps the error's text (cut to ``MAX_ERROR_TEXT``),
    records ``now`` as the last check and schedules the next poll after
    ``backoff(spec.interval, error_count, rng)`` or the error's Retry-After,
    whichever is later. Validators and the last success are kept.
    """
    count = state.error_count + 1
    asked = error.retry_after if isinstance(error, FetchError) else None
    wait = max(backoff(spec.interval, count, rng), _asked_wait(asked))
    return replace(
        state,
        error_count=count,
        last_error=_shorten(str(error)),
        last_checked=now,
        next_check=now + wait,
    )


def backoff(interval: timedelta, error_count: int, rng: random.Random) -> timedelta:
    """The wait after ``error_count`` consecutive failures (see the module docstring)."""
    if error_count < 1:
        return interval
    # In float seconds: interval * 2**n overflows timedelta long before the cap applies.
    grown = interval.total_seconds() * 2.0 ** min(error_count - 1, 64)
    ceiling = max(interval, timedelta(seconds=min(grown, MAX_BACKOFF.total_seconds())))
    return interval + (ceiling - interval) * rng.random()


def same_body(state: FeedState, result: FetchResult) -> bool:
    """Whether a full answer repeats, byte for byte, the last body read and stored.

    Many servers send a feed in full again, with new validators or none, when nothing
    changed; the same bytes parse to the same items, so there is nothing to read.
    """
    return result.status != 304 and bool(state.body_hash) and result.body_hash == state.body_hash


def is_due(state: FeedState, now: datetime) -> bool:
    """Whether the feed should be polled at ``now``: never polled, or its next check has come."""
    return state.next_check is None or now >= state.next_check


def poll_lag(state: FeedState, started: datetime) -> float | None:
    """Seconds from the feed's due time to ``started``, when its poll began; None for a
    feed that had no due time (never polled, or its URL changed)."""
    if state.next_check is None:
        return None
    return max(0.0, (started - state.next_check).total_seconds())


def _asked_wait(retry_after: timedelta | None) -> timedelta:
    if retry_after is None:
        return timedelta(0)
    return min(max(retry_after, timedelta(0)), MAX_RETRY_AFTER)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_ERROR_TEXT else text[: MAX_ERROR_TEXT - 1] + "…"
