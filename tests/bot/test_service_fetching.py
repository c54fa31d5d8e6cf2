"""How the service fetches: one shared client, the configured time limit, the address guard."""

import threading
from datetime import timedelta

from support.feedserver import Response
from support.service import rss

FEED = rss(("a1", "Data Security Law anniversary", "It took effect on September 1, 2021."))


def test_polls_share_one_client_and_its_connections(feed_server, harness_factory):
    h = harness_factory(
        {"a": feed_server.serve("/a.xml", FEED), "b": feed_server.serve("/b.xml", FEED)}
    )
    client = h.service.fetch_client()
    h.service.poll_due()
    h.advance(timedelta(hours=1))
    h.service.poll_due()
    assert h.service.fetch_client() is client
    assert len(feed_server.requests) == 4
    # Four polls over kept-alive connections, at most two at once to one host: no
    # connection (nor TLS context) per poll.
    assert len({r.client_port for r in feed_server.requests}) <= 2


def test_a_trickling_feed_is_cut_off_after_the_configured_timeout(feed_server, harness_factory):
    trickle = Response(stream=lambda: (b"<" for _ in range(1000)), chunk_delay=0.2)
    feeds = {"slow": feed_server.route("/slow.xml", trickle), "a": feed_server.serve("/a", FEED)}
    h = harness_factory(feeds, "settings:\n  fetch: {timeout: 1s}\n")
    reports = {r.feed_id: r for r in h.service.poll_due()}
    assert reports["slow"].status == "failed"
    assert reports["slow"].error.endswith("timeout: no complete answer within 1s")
    assert reports["a"].status == "updated"


def test_without_allowed_networks_a_loopback_feed_is_refused(feed_server, harness_factory):
    settings = "settings:\n  fetch: {allow_networks: []}\n"
    h = harness_factory({"a": feed_server.serve("/a.xml", FEED)}, settings)
    (report,) = h.service.poll_due()
    assert report.status == "failed" and "a loopback address" in report.error
    assert feed_server.requests == []


def test_a_slow_feed_does_not_hold_up_the_others(feed_server, harness_factory):
    others = {f"f{n}": f"/f{n}.xml" for n in range(5)}
    fetched: set[str] = set()
    all_fetched = threading.Event()
    slow_saw_them_all: list[bool] = []

    def other(request):
        fetched.add(request.path)
        if len(fetched) == len(others):
            all_fetched.set()
        return Response(body=FEED)

    def slow(request):
        # Answers once every other feed has been fetched. Polled one after another,
        # starting with this one (first in the config), the others would wait behind it.
        slow_saw_them_all.append(all_fetched.wait(timeout=10))
        return Response(body=FEED)

    feeds = {"slow": feed_server.route("/slow.xml", slow)}
    feeds |= {feed_id: feed_server.route(path, other) for feed_id, path in others.items()}
    h = harness_factory(feeds)
    reports = h.service.poll_due()
    assert sorted(r.feed_id for r in reports) == sorted(feeds)
    assert all(r.status == "updated" for r in reports)
    assert slow_saw_them_all == [True]
