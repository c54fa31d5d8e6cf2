"""The whole data flow against feeds served on 127.0.0.1 and a real SQLite file."""

from datetime import timedelta

from bot.commands.views import status_text
from support.feedserver import Response, conditional, repeated
from support.service import make_service, rss
from watchers.model import AlertKind, Stance

GOOD = rss(
    (
        "g1",
        "网信办 issues new rules",
        "The Data Security Law took effect on June 1, 2021, the CAC said.",
    ),
    (
        "g2",
        "Data Security Law anniversary",
        "The Data Security Law took effect on September 1, 2021.",
    ),
)


def test_bad_feeds_never_stop_good_ones(feed_server, harness_factory):
    feeds = {
        "good": feed_server.serve("/good.xml", GOOD),
        "missing": feed_server.serve("/missing.xml", b"gone", status=404),
        "broken": feed_server.serve("/broken.xml", b"oops", status=500),
        "html": feed_server.serve(
            "/html.xml", b"<html><body>Maintenance</body></html>", content_type="text/html"
        ),
        "huge": feed_server.route(
            "/huge.xml", Response(stream=lambda: repeated(b"<rss>" + b"x" * 1000, 3_000_000))
        ),
        "slow": feed_server.serve("/slow.xml", GOOD, delay=3.0),
    }
    h = harness_factory(feeds, "settings:\n  fetch: {timeout: 1s, max_bytes: 200000}\n")
    reports = {r.feed_id: r for r in h.service.poll_due()}
    assert reports["good"].status == "updated" and reports["good"].new == 2
    for bad in ("missing", "broken", "html", "huge", "slow"):
        assert reports[bad].status == "failed", bad
        state = h.store.feed_state(bad)
        assert state.error_count == 1 and state.last_error
        assert state.next_check > h.now[0]
    assert "HTTP 404" in h.store.feed_state("missing").last_error
    assert "larger than" in h.store.feed_state("huge").last_error
    status = status_text(h.service)
    assert "good: ok" in status and "missing: failing ×1" in status


def test_items_are_labelled_and_digested(feed_server, harness_factory):
    h = harness_factory({"good": feed_server.serve("/good.xml", GOOD)})
    h.service.run_once()
    stances = {a.alert.title: a.alert.stance for a in h.store.alerts_after(0) if a.alert.stance}
    assert stances["网信办 issues new rules"] is Stance.CONTRADICTS
    assert stances["Data Security Law anniversary"] is Stance.CORROBORATES
    printed = h.out.getvalue()
    assert printed.index("[CONTRADICTS]") < printed.index("[CORROBORATES]")
    assert "claim dsl_effective" in printed
    assert "standing untested → contested" in printed


def test_conditional_get_and_no_realert_after_restart(feed_server, harness_factory, tmp_path):
    url = feed_server.route("/c.xml", conditional(GOOD, etag='"v1"'))
    h = harness_factory({"c": url})
    h.service.run_once()
    first = h.store.last_alert_id()
    h.advance(timedelta(minutes=6))
    (report,) = h.service.poll_due()
    assert report.status == "not-modified"
    assert feed_server.requests_for("/c.xml")[-1].headers["if-none-match"] == '"v1"'
    # A restart with the validators forgotten re-reads the feed but alerts nothing old.
    again = make_service(tmp_path / "config", tmp_path / "db.sqlite3", h.now[0])
    again.store.save_feed_state(again.store.feed_state("c").__class__("c"))
    (report,) = again.service.poll_due()
    assert report.status == "updated" and report.new == 0
    assert again.store.last_alert_id() == first
    again.store.close()


def test_the_same_body_without_validators_is_not_read_again(feed_server, harness_factory):
    later = rss(("g3", "CAC publishes a list of data brokers", "The list names twelve firms."))
    url = feed_server.route(
        "/s.xml", [Response(body=GOOD), Response(body=GOOD), Response(body=later)]
    )
    h = harness_factory({"s": url})
    (first,) = h.service.poll_due()
    assert first.status == "updated" and first.new == 2
    h.advance(timedelta(minutes=31))
    (again,) = h.service.poll_due()
    assert again.status == "not-modified"
    assert h.store.feed_state("s").last_success == h.now[0]
    h.advance(timedelta(minutes=31))
    (changed,) = h.service.poll_due()
    assert changed.status == "updated" and changed.new == 1


def test_an_edited_item_is_a_change(feed_server, harness_factory):
    url = feed_server.route(
        "/e.xml",
        [
            Response(body=rss(("g1", "CAC drafts rules", "Draft rules on data labelling."))),
            Response(
                body=rss(
                    (
                        "g1",
                        "CAC withdraws draft rules",
                        "The Data Security Law took effect on June 1, 2021.",
                    )
                )
            ),
        ],
    )
    h = harness_factory({"e": url})
    h.service.run_once()
    h.advance(timedelta(minutes=6))
    (report,) = h.service.poll_due()
    assert report.edited == 1
    kinds = [a.alert.kind for a in h.store.alerts_after(0)]
    assert AlertKind.EDIT in kinds
    edit = next(a.alert for a in h.store.alerts_after(0) if a.alert.kind is AlertKind.EDIT)
    assert "CAC drafts rules" in edit.detail
