"""The polling engine in one process: limits per host and overall, local files in order,
leases kept alive while a poll outlasts them, the status it leaves behind."""

import threading
import time
from collections import Counter
from datetime import timedelta

from bot.commands.views import status_text
from bot.hosts import host_of
from bot.service import utcnow
from support.feedserver import FeedServer, RecordedRequest, Response
from support.postgres import fresh_schema
from support.scrape import value
from support.service import make_service, rss, write_config
from watchers.model import FeedSpec


def feed(n: int) -> bytes:
    return rss(
        (f"g{n}", f"网信办 notice {n}", "The Data Security Law took effect on June 1, 2021.")
    )


def spec(feed_id: str, url: str) -> FeedSpec:
    return FeedSpec(id=feed_id, url=url, interval=timedelta(minutes=5))


def test_hosts_are_scheme_host_and_port() -> None:
    assert host_of(spec("a", "https://Feeds.Example/a.xml")) == "https://feeds.example"
    assert host_of(spec("b", "http://feeds.example:8080/b")) == "http://feeds.example:8080"
    assert host_of(spec("c", "file:///srv/c.xml")) == host_of(spec("d", "file:///e.xml"))


class InFlight:
    """Routes that count the requests being answered, per server and overall."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.overall = 0
        self.overall_peak = 0

    def route(self, server: str, body: bytes):
        def answer(request: RecordedRequest) -> Response:
            with self.lock:
                self.now[server] += 1
                self.overall += 1
                self.peak[server] = max(self.peak[server], self.now[server])
                self.overall_peak = max(self.overall_peak, self.overall)
            time.sleep(0.3)  # an answer that takes a while, so polls overlap
            with self.lock:
                self.now[server] -= 1
                self.overall -= 1
            return Response(body=body, headers={"Content-Type": "application/rss+xml"})

        return answer


def test_fetches_are_bounded_overall_and_per_host(tmp_path) -> None:
    flights = InFlight()
    servers = [FeedServer() for _ in range(3)]
    feeds = {
        f"h{h}f{n}": server.route(f"/{n}.xml", flights.route(str(h), feed(10 * h + n)))
        for h, server in enumerate(servers)
        for n in range(4)
    }
    settings = "settings:\n  polling: {workers: 4, per_host: 2}\n"
    h = make_service(write_config(tmp_path / "c", feeds, settings), tmp_path / "db.sqlite3")
    reports = h.service.poll_due()
    assert sorted(r.feed_id for r in reports) == sorted(feeds)
    assert h.store.item_count() == 12
    assert max(flights.peak.values()) == 2
    assert flights.overall_peak <= 4
    h.service.close()
    h.store.close()
    for server in servers:
        server.close()


def test_local_files_are_read_one_at_a_time_in_the_config_order(tmp_path) -> None:
    files = tmp_path / "feeds"
    files.mkdir()
    feeds = {}
    for n in (3, 1, 2, 0):
        (files / f"{n}.xml").write_bytes(feed(n))
        feeds[f"file{n}"] = (files / f"{n}.xml").as_uri()
    settings = f"settings:\n  fetch: {{allow_files: ['{files}']}}\n"
    h = make_service(write_config(tmp_path / "c", feeds, settings), tmp_path / "db.sqlite3")
    assert [r.feed_id for r in h.service.poll_due()] == list(feeds)
    h.service.close()
    h.store.close()


def test_a_poll_outlasting_its_lease_keeps_it_and_is_made_once(tmp_path, feed_server) -> None:
    # The feed answers after 5 s; the lease is 3 s, renewed every second. Another
    # instance claiming all the while never gets the feed.
    url = feed_server.serve("/slow.xml", feed(1), delay=5)
    settings = "settings:\n  polling: {lease: 3s}\n"
    config = write_config(tmp_path / "c", {"slow": url}, settings)
    with fresh_schema() as db:
        a = make_service(config, db, owner="a")
        b = make_service(config, db, owner="b")
        claims = []

        def b_claims() -> None:
            while not feed_server.requests_for("/slow.xml"):
                time.sleep(0.05)
            while feed_server.requests_for("/slow.xml")[0].finished is False:
                claims.extend(b.service.poll_due())
                time.sleep(0.2)

        # The clocks run for real here, so a's lease would run out without renewal.
        a.service.clock = b.service.clock = utcnow
        b_thread = threading.Thread(target=b_claims)
        b_thread.start()
        (report,) = a.service.poll_due()
        b_thread.join(30)
        assert report.status == "updated" and claims == []
        assert len(feed_server.requests_for("/slow.xml")) == 1
        assert a.store.item_count() == 1
        for h in (a, b):
            h.service.close()
            h.store.close()


def test_status_shows_lag_overdue_feeds_and_leases_left_by_a_stopped_instance(
    tmp_path, feed_server
) -> None:
    feeds = {n: feed_server.serve(f"/{n}.xml", feed(i)) for i, n in enumerate(("a", "b", "c"))}
    config = write_config(tmp_path / "c", feeds)
    h = make_service(config, tmp_path / "db.sqlite3", owner="here")
    h.service.poll_due()
    h.advance(timedelta(minutes=5, seconds=2))
    # An instance claims b and c as they fall due, and stops before polling them.
    lease = h.service.watch.config.settings.polling.lease
    h.store.claim_due("gone:1", h.now[0], lease, ["b", "c"], lambda q: [x.feed_id for x in q], 9)
    (polled,) = h.service.poll_due()  # a, 2 s after its due time
    h.advance(timedelta(minutes=10))
    text = status_text(h.service)
    line = {ln.strip().split(":")[0]: ln for ln in text.splitlines() if ln.startswith("  ")}
    assert "lag 2.0s" in line["a"] and "OVERDUE by 5m00s" in line["a"]
    assert "leased by gone:1, which stopped (lease ran out 9m30s ago)" in line["b"]
    assert "OVERDUE by 10m02s" in line["c"]
    assert polled.feed_id == "a"
    assert (
        "Polling: 3 feeds, 3 overdue (most: b, by 10m02s); lag of the latest polls: "
        "median 2.0s, 95% 2.0s, max 2.0s; leases left by stopped instances: gone:1"
    ) in text
    # Members who are not admins are not told which host and process stopped.
    member = status_text(h.service, details=False)
    assert "leased by a stopped instance (lease ran out 9m30s ago)" in member
    assert "gone:1" not in member
    h.service.close()
    h.store.close()


def test_a_takeover_is_counted_once_per_feed(tmp_path, feed_server) -> None:
    config = write_config(tmp_path / "c", {"a": feed_server.serve("/a.xml", feed(1))})
    h = make_service(config, tmp_path / "db.sqlite3", owner="here")
    lease = h.service.watch.config.settings.polling.lease
    h.store.claim_due("gone:1", h.now[0], lease, ["a"], lambda q: [x.feed_id for x in q], 9)
    assert h.service.poll_due() == []
    h.advance(lease + timedelta(seconds=1))
    (report,) = h.service.poll_due()
    samples = _samples(h.service.metrics.exposition())
    assert report.status == "updated"
    assert value(samples, "policywatch_lease_takeovers_total", lease="feed") == 1
    h.service.close()
    h.store.close()


def _samples(exposition: bytes):
    from support.scrape import parse

    return parse(exposition.decode())


def test_a_feed_resent_unchanged_is_not_read_again(tmp_path, feed_server) -> None:
    # No validators: the server sends the whole feed at every poll.
    url = feed_server.serve("/a.xml", feed(1))
    h = make_service(write_config(tmp_path / "c", {"a": url}), tmp_path / "db.sqlite3")
    (first,) = h.service.poll_due()
    h.advance(timedelta(minutes=5))
    (again,) = h.service.poll_due()
    feed_server.serve("/a.xml", feed(1) + b"\n")  # other bytes, the same items
    h.advance(timedelta(minutes=5))
    (changed,) = h.service.poll_due()
    assert (first.status, first.new) == ("updated", 1)
    assert again.status == "not-modified"
    assert (changed.status, changed.new, changed.edited) == ("updated", 0, 0)
    assert len(feed_server.requests_for("/a.xml")) == 3
    h.service.close()
    h.store.close()
