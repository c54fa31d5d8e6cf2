from datetime import UTC, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from watchers import standing
from watchers.decide import Analysed, ClaimSubject, PendingAlert, PollOutcome
from watchers.dedupe import Change, classify
from watchers.model import (
    Alert,
    AlertKind,
    FeedSpec,
    FeedState,
    Item,
    Mention,
    Stance,
    Standing,
    Tally,
    Verdict,
)
from watchers.storage.database import upgrade
from watchers.storage.tables import metadata

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def spec(fid="f1"):
    return FeedSpec(fid, f"https://example.org/{fid}.xml", timedelta(minutes=30))


def test_migrated_schema_matches_the_tables(store):
    upgrade(store.engine)  # a second upgrade changes nothing
    with store.engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), metadata)
    assert diff == []


def test_feed_state_round_trip(store):
    store.sync_feeds([spec()])
    state = FeedState(
        "f1",
        etag='"abc"',
        last_modified="Sun, 22 Nov 2026 08:00:00 GMT",
        error_count=2,
        last_error="HTTP 500",
        last_checked=NOW,
        next_check=NOW + timedelta(minutes=4),
    )
    store.save_feed_state(state)
    assert store.feed_state("f1") == state
    assert store.feed_states() == [state]


def test_a_new_url_drops_old_validators(store):
    store.sync_feeds([spec()])
    store.save_feed_state(FeedState("f1", etag='"abc"', last_modified="x"))
    store.sync_feeds([FeedSpec("f1", "https://example.org/moved.xml")])
    assert store.feed_state("f1").etag == ""


def outcome(items, verdict_stance=Stance.CONTRADICTS, known=()):
    analysed = []
    alerts = []
    for i, c in enumerate(classify(items, known)):
        v = Verdict("c1", verdict_stance, 0.9, "evidence sentence", "rule")
        analysed.append(Analysed(c, (Mention("cac", "CAC", 0, 3, "title"),), (v,)))
        alerts.append(
            PendingAlert(
                Alert(
                    AlertKind.VERDICT,
                    "cac",
                    "f1",
                    None,
                    c.item.title,
                    claim_id="c1",
                    stance=verdict_stance,
                ),
                i,
            )
        )
    delta = {"c1": standing.add(Tally(), [verdict_stance])}
    if known:
        delta = {"c1": Tally(contradicts=-1, corroborates=1)}
    subjects = {"c1": ClaimSubject("cac", "The CAC did something.")}
    state = FeedState("f1", last_success=NOW)
    return PollOutcome(state, tuple(analysed), tuple(alerts), delta, subjects)


def test_apply_poll_stores_items_alerts_and_tallies(store):
    store.sync_feeds([spec()])
    item = Item("f1", "CAC issues rules", "text", guid="g1", link="https://n.cn/1")
    ids = store.apply_poll(outcome([item]), NOW)
    assert len(ids) == 2
    stored, moved = store.alerts_after(0)
    assert stored.alert.item_id is not None and stored.alert.stance is Stance.CONTRADICTS
    assert moved.alert.kind is AlertKind.STANDING and moved.alert.claim_id == "c1"
    assert "untested → contradicted" in moved.alert.detail
    assert store.tallies() == {"c1": Tally(contradicts=1)}
    assert store.claim_records()[0].standing is Standing.CONTRADICTED
    assert store.feed_state("f1").last_success == NOW
    known = store.known_items([item])
    assert [k.guid for k in known] == ["g1"]
    assert store.current_verdicts([known[0].id]) == {known[0].id: {"c1": Stance.CONTRADICTS}}


def test_an_edit_bumps_the_version_and_keeps_history(store):
    store.sync_feeds([spec()])
    first = Item("f1", "Old", "text", guid="g1")
    store.apply_poll(outcome([first]), NOW)
    edited = Item("f1", "New", "text", guid="g1")
    out = outcome([edited], Stance.CORROBORATES, store.known_items([edited]))
    assert out.writes[0].classified.change is Change.EDITED
    store.apply_poll(out, NOW)
    (k,) = store.known_items([edited])
    assert k.version == 2 and store.item(k.id)["title"] == "New"
    assert store.current_verdicts([k.id]) == {k.id: {"c1": Stance.CORROBORATES}}
    assert store.item_count() == 1


def test_known_items_read_texts_only_where_an_edit_may_be(store):
    store.sync_feeds([spec()])
    stored = [Item("f1", "Same", "text", guid="g1"), Item("f1", "Before", "old text", guid="g2")]
    store.apply_poll(outcome(stored), NOW)
    parsed = [Item("f1", "Same", "text", guid="g1"), Item("f1", "After", "new text", guid="g2")]
    known = {k.guid: (k.title, k.text) for k in store.known_items(parsed)}
    assert known == {"g1": ("", ""), "g2": ("Before", "old text")}


def test_digest_cursor_moves_once(store):
    store.add_alert(Alert(AlertKind.MENTION, "cac", title="x"), NOW)
    first = store.enqueue_digest(
        "r", "console", {"x": 1}, expected_cursor=0, new_cursor=1, txn_id="t1", now=NOW
    )
    again = store.enqueue_digest(
        "r", "console", {"x": 1}, expected_cursor=0, new_cursor=1, txn_id="t2", now=NOW
    )
    assert first is not None and again is None
    assert store.route_cursor("r") == (1, NOW)
    assert [e.txn_id for e in store.outbox()] == ["t1"]


def test_outbox_leases_retries_and_confirms(store):
    store.enqueue_digest(
        "r", "slack:#x", {"x": 1}, expected_cursor=0, new_cursor=5, txn_id="t1", now=NOW
    )
    (entry,) = store.due_outbox(NOW, "a", timedelta(minutes=5))
    assert store.due_outbox(NOW, "b", timedelta(minutes=5)) == []
    store.mark_failed(entry.id, "HTTP 503", NOW + timedelta(minutes=1))
    assert store.due_outbox(NOW, "b", timedelta(minutes=5)) == []
    (again,) = store.due_outbox(NOW + timedelta(minutes=2), "b", timedelta(minutes=5))
    assert (again.attempts, again.last_error, again.payload) == (1, "HTTP 503", {"x": 1})
    store.mark_sent(again.id, "ts-1", NOW)
    assert store.due_outbox(NOW + timedelta(hours=1), "b", timedelta(minutes=5)) == []
    (sent,) = store.outbox("sent")
    assert sent.remote_id == "ts-1"
