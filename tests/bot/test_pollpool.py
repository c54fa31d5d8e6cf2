"""Polls side by side: bounded overall and per host, results in the order asked."""

import threading
from collections import Counter
from datetime import timedelta

import pytest

from bot.pollpool import host_of, poll_all
from watchers.model import FeedSpec


def spec(feed_id: str, url: str) -> FeedSpec:
    return FeedSpec(id=feed_id, url=url, interval=timedelta(minutes=5))


def test_hosts_are_scheme_host_and_port() -> None:
    assert host_of(spec("a", "https://Feeds.Example/a.xml")) == "https://feeds.example"
    assert host_of(spec("b", "http://feeds.example:8080/b")) == "http://feeds.example:8080"
    assert host_of(spec("c", "file:///srv/c.xml")) == host_of(spec("d", "file:///e.xml"))


def test_per_host_and_overall_limits_hold_and_every_feed_is_polled() -> None:
    specs = [spec(f"{h}{n}", f"https://{h}.example/{n}") for h in "abc" for n in range(6)]
    lock = threading.Lock()
    in_flight: Counter[str] = Counter()
    peaks: Counter[str] = Counter()
    overall_peak = [0]
    # Each poll waits until two polls of its host are in flight, or until every
    # other host's feeds are done: the pool must run polls of a host side by side.
    release = threading.Condition(lock)

    def poll(s: FeedSpec) -> str:
        host = host_of(s)
        with lock:
            in_flight[host] += 1
            peaks[host] = max(peaks[host], in_flight[host])
            overall_peak[0] = max(overall_peak[0], sum(in_flight.values()))
            release.notify_all()
            release.wait_for(lambda: in_flight[host] >= 2 or peaks[host] >= 2, timeout=5)
            in_flight[host] -= 1
        return s.id

    assert poll_all(specs, poll, workers=4, per_host=2) == [s.id for s in specs]
    assert set(peaks.values()) == {2}
    assert overall_peak[0] <= 4


def test_local_files_are_read_one_at_a_time_in_order() -> None:
    specs = [spec(f"f{n}", f"file:///srv/feeds/{n}.xml") for n in range(6)]
    order: list[str] = []
    in_flight = [0]
    lock = threading.Lock()

    def poll(s: FeedSpec) -> str:
        with lock:
            in_flight[0] += 1
            assert in_flight[0] == 1
            order.append(s.id)
        with lock:
            in_flight[0] -= 1
        return s.id

    assert poll_all(specs, poll) == order == [s.id for s in specs]


def test_a_failing_poll_is_raised_after_the_others_finish() -> None:
    finished: list[str] = []

    def poll(s: FeedSpec) -> str:
        if s.id == "bad":
            raise RuntimeError("boom")
        finished.append(s.id)
        return s.id

    specs = [spec("bad", "https://a.example/"), spec("ok", "https://b.example/")]
    with pytest.raises(RuntimeError, match="boom"):
        poll_all(specs, poll)
    assert finished == ["ok"]
