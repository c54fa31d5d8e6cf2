"""The storage behind the commands, on SQLite and on PostgreSQL."""

from datetime import UTC, datetime, timedelta

from watchers.model import Alert, AlertKind
from watchers.storage import tables as t
from watchers.storage.adminlog import (
    add_audit,
    add_feedback,
    audit_entries,
    feedback_rows,
    forget_progress_of_sent,
    muted_items,
    record_edit,
    revisions,
    start_route_cursor,
    subscribe,
    subscriptions,
    unsubscribe,
)
from watchers.storage.chatstate import get_value, set_value

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_edits_and_audit_entries_keep_their_order(store):
    first = record_edit(
        store,
        NOW,
        "slack:U1",
        {"op": "feed.remove", "args": {"id": "a"}},
        action="applied: feed remove a",
        before="id: a",
        after="",
    )
    add_audit(store, NOW + timedelta(seconds=1), "slack:U2", "refused: feed add x")
    second = record_edit(
        store,
        NOW,
        "matrix:@a:b",
        {"op": "claim.retire", "args": {"id": "c"}},
        action="applied: claim retire c",
        before="id: c",
        after="id: c\nretired: true",
    )
    assert [r.id for r in revisions(store)] == [first, second]
    assert revisions(store)[1].operation == {"op": "claim.retire", "args": {"id": "c"}}
    actions = [e.action for e in audit_entries(store)]
    assert actions == ["applied: claim retire c", "refused: feed add x", "applied: feed remove a"]
    assert audit_entries(store, limit=1)[0].after == "id: c\nretired: true"


def test_subscriptions_are_unique_per_user_and_target(store):
    assert subscribe(store, "slack", "U1", "cac")
    assert not subscribe(store, "slack", "U1", "cac")
    assert subscribe(store, "slack", "U1", "contradicts")
    assert subscribe(store, "matrix", "@u:x", "cac")
    assert subscriptions(store) == {
        ("slack", "U1"): ["cac", "contradicts"],
        ("matrix", "@u:x"): ["cac"],
    }
    assert unsubscribe(store, "slack", "U1", "cac")
    assert not unsubscribe(store, "slack", "U1", "cac")


def test_route_cursors_start_at_the_newest_alert_once(store):
    store.add_alert(Alert(AlertKind.MENTION, "cac", title="a"), NOW)
    newest = store.add_alert(Alert(AlertKind.MENTION, "cac", title="b"), NOW)
    assert start_route_cursor(store, "personal:slack:U1", NOW)
    assert not start_route_cursor(store, "personal:slack:U1", NOW + timedelta(hours=1))
    assert store.route_cursor("personal:slack:U1") == (newest, NOW)


def test_feedback_and_muting_need_a_stored_item(store):
    with store.engine.begin() as c:
        item_id = c.execute(
            t.items.insert().values(
                feed_id="wire",
                title="T",
                text="Body",
                content_hash="h",
                first_seen=NOW,
                last_changed=NOW,
            )
        ).inserted_primary_key[0]
    add_feedback(
        store,
        NOW,
        "slack:U1",
        item_id,
        claim_id="c1",
        given_label="contradicts",
        correct_label="mentions",
        action="relabel",
    )
    add_feedback(store, NOW, "slack:U1", item_id, action="mute")
    store.set_item_muted(item_id, True)
    (row,) = feedback_rows(store, action="relabel")
    assert (row.item_title, row.item_text, row.given_label, row.correct_label) == (
        "T",
        "Body",
        "contradicts",
        "mentions",
    )
    assert len(feedback_rows(store)) == 2
    assert muted_items(store) == {item_id}


def test_delivery_progress_is_forgotten_once_its_digest_is_sent(store):
    sent = store.enqueue_digest(
        "r", "slack:#x", {"groups": []}, expected_cursor=0, new_cursor=0, txn_id="t-sent", now=NOW
    )
    store.enqueue_digest(
        "r",
        "slack:#x",
        {"groups": []},
        expected_cursor=0,
        new_cursor=0,
        txn_id="t-pending",
        now=NOW,
    )
    store.mark_sent(sent, "C1:1.0", NOW)
    set_value(store, "slack-progress:t-sent", "{}")
    set_value(store, "slack-progress:t-pending", "{}")
    set_value(store, "other:t-sent", "kept")
    assert forget_progress_of_sent(store, "slack-progress:") == 1
    assert get_value(store, "slack-progress:t-sent") is None
    assert get_value(store, "slack-progress:t-pending") == "{}"
    assert get_value(store, "other:t-sent") == "kept"
