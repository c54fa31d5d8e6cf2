import hashlib
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from watchers.cadence import (
    MAX_BACKOFF,
    MAX_ERROR_TEXT,
    MAX_RETRY_AFTER,
    after_failure,
    after_success,
    backoff,
    is_due,
    same_body,
)
from watchers.errors import FeedParseError, FetchError
from watchers.model import FeedSpec, FeedState, FetchResult

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
SPEC = FeedSpec(id="cac", url="https://www.cac.gov.cn/rss.xml", interval=timedelta(minutes=30))
FAILING = FeedState(
    feed_id="cac",
    etag='"old"',
    last_modified="Sat, 01 Mar 2025 10:00:00 GMT",
    error_count=3,
    last_error="https://www.cac.gov.cn/rss.xml: HTTP 500",
    last_success=NOW - timedelta(days=1),
)


def test_success_resets_errors_stores_validators_and_schedules_one_interval() -> None:
    result = FetchResult(url=SPEC.url, status=200, body=b"<rss/>", etag='"new"', last_modified="")
    state = after_success(FAILING, result, SPEC, NOW)
    assert state == FeedState(
        feed_id="cac",
        etag='"new"',
        last_modified="",
        body_hash=hashlib.sha256(b"<rss/>").hexdigest(),
        error_count=0,
        last_error="",
        last_checked=NOW,
        last_success=NOW,
        next_check=NOW + timedelta(minutes=30),
    )


def test_not_modified_keeps_the_stored_validators_and_body_hash() -> None:
    read = replace(FAILING, body_hash="b" * 64)
    state = after_success(read, FetchResult(url=SPEC.url, status=304), SPEC, NOW)
    assert (state.etag, state.last_modified) == (FAILING.etag, FAILING.last_modified)
    assert state.body_hash == "b" * 64
    assert state.error_count == 0 and state.next_check == NOW + SPEC.interval


def test_not_modified_with_fresh_validators_takes_them() -> None:
    result = FetchResult(url=SPEC.url, status=304, etag='"v2"')
    state = after_success(FAILING, result, SPEC, NOW)
    assert (state.etag, state.last_modified) == ('"v2"', FAILING.last_modified)


def test_success_honours_a_retry_after_longer_than_the_interval() -> None:
    result = FetchResult(url=SPEC.url, status=200, retry_after=timedelta(hours=2))
    assert after_success(FeedState("cac"), result, SPEC, NOW).next_check == NOW + timedelta(hours=2)


def test_failure_counts_records_and_backs_off() -> None:
    error = FetchError(SPEC.url, "HTTP 503 Service Unavailable", status=503)
    state = after_failure(FAILING, error, SPEC, NOW, random.Random(7))
    assert state.error_count == 4
    assert state.last_error == f"{SPEC.url}: HTTP 503 Service Unavailable"
    assert state.last_checked == NOW
    assert state.last_success == FAILING.last_success
    assert (state.etag, state.last_modified) == (FAILING.etag, FAILING.last_modified)
    # Fourth failure in a row: between one and eight intervals.
    assert state.next_check is not None
    assert NOW + SPEC.interval <= state.next_check <= NOW + 8 * SPEC.interval


def test_parse_failures_back_off_too() -> None:
    error = FeedParseError(SPEC.url, "not a feed: an HTML page")
    state = after_failure(FeedState("cac"), error, SPEC, NOW, random.Random(1))
    assert state.error_count == 1 and state.next_check == NOW + SPEC.interval


def test_long_error_text_is_cut() -> None:
    error = FetchError(SPEC.url, "x" * 5000)
    state = after_failure(FeedState("cac"), error, SPEC, NOW, random.Random(1))
    assert len(state.last_error) == MAX_ERROR_TEXT and state.last_error.endswith("…")


@pytest.mark.parametrize("count", range(1, 12))
def test_backoff_stays_within_floor_and_doubling_ceiling(count: int) -> None:
    rng = random.Random(count)
    ceiling = min(SPEC.interval * 2 ** (count - 1), MAX_BACKOFF)
    waits = [backoff(SPEC.interval, count, rng) for _ in range(200)]
    assert all(SPEC.interval <= w <= ceiling for w in waits)


def test_backoff_grows_on_average_and_is_capped() -> None:
    def mean_wait(count: int) -> float:
        rng = random.Random(42)
        return sum(backoff(SPEC.interval, count, rng).total_seconds() for _ in range(500)) / 500

    means = [mean_wait(n) for n in range(1, 8)]
    assert means == sorted(means) and means[-1] > 10 * means[0]
    huge = [backoff(SPEC.interval, 10_000, random.Random(n)) for n in range(100)]
    assert max(huge) <= MAX_BACKOFF and min(huge) >= SPEC.interval


def test_backoff_jitter_spreads_feeds_apart() -> None:
    rng = random.Random(3)
    waits = {backoff(SPEC.interval, 6, rng) for _ in range(50)}
    assert len(waits) == 50


def test_backoff_is_reproducible_with_a_seeded_rng() -> None:
    first = [backoff(SPEC.interval, 5, random.Random(9)) for _ in range(3)]
    assert first == [backoff(SPEC.interval, 5, random.Random(9)) for _ in range(3)]


def test_backoff_never_goes_below_a_long_interval() -> None:
    weekly = timedelta(days=7)
    assert backoff(weekly, 5, random.Random(0)) == weekly


def test_retry_after_longer_than_backoff_wins() -> None:
    error = FetchError(SPEC.url, "HTTP 429", status=429, retry_after=timedelta(hours=6))
    state = after_failure(FeedState("cac"), error, SPEC, NOW, random.Random(0))
    assert state.next_check == NOW + timedelta(hours=6)


def test_retry_after_shorter_than_backoff_does_not_bring_the_poll_forward() -> None:
    error = FetchError(SPEC.url, "HTTP 503", status=503, retry_after=timedelta(seconds=5))
    state = after_failure(FeedState("cac"), error, SPEC, NOW, random.Random(0))
    assert state.next_check is not None and state.next_check >= NOW + SPEC.interval


def test_absurd_retry_after_is_capped() -> None:
    error = FetchError(SPEC.url, "HTTP 429", status=429, retry_after=timedelta(days=3650))
    state = after_failure(FeedState("cac"), error, SPEC, NOW, random.Random(0))
    assert state.next_check == NOW + MAX_RETRY_AFTER


@pytest.mark.parametrize(
    ("next_check", "due"),
    [
        (None, True),
        (NOW - timedelta(seconds=1), True),
        (NOW, True),
        (NOW + timedelta(seconds=1), False),
    ],
)
def test_is_due(next_check: datetime | None, due: bool) -> None:
    assert is_due(FeedState("cac", next_check=next_check), NOW) is due


def test_the_same_body_again_is_as_good_as_not_modified() -> None:
    first = FetchResult(url=SPEC.url, status=200, body=b"<rss>one</rss>", etag='"a"')
    state = after_success(FeedState("cac"), first, SPEC, NOW)
    resent = FetchResult(url=SPEC.url, status=200, body=b"<rss>one</rss>", etag='"b"')
    changed = FetchResult(url=SPEC.url, status=200, body=b"<rss>two</rss>", etag='"c"')
    assert same_body(state, resent) and not same_body(state, changed)
    assert not same_body(FeedState("cac"), resent)
    # A 304 has no body: it keeps the hash of the last one read.
    after_304 = after_success(state, FetchResult(url=SPEC.url, status=304), SPEC, NOW)
    assert after_304.body_hash == state.body_hash
