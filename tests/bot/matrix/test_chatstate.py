"""Chat state in the database: values in kv, answered events in handled_events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from watchers.storage import Store
from watchers.storage.chatstate import (
    claim_event,
    event_handled,
    forget_events_before,
    get_value,
    set_value,
)

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_values_are_stored_and_replaced(store: Store) -> None:
    assert get_value(store, "matrix:@pw:x:next_batch") is None
    set_value(store, "matrix:@pw:x:next_batch", "s1")
    set_value(store, "matrix:@pw:x:next_batch", "s2")
    assert get_value(store, "matrix:@pw:x:next_batch") == "s2"


def test_an_event_is_claimed_once(store: Store) -> None:
    assert not event_handled(store, "$e1")
    assert claim_event(store, "$e1", NOW)
    assert not claim_event(store, "$e1", NOW)
    assert event_handled(store, "$e1")


def test_old_claims_are_forgotten_by_platform(store: Store) -> None:
    claim_event(store, "$old", NOW - timedelta(days=8))
    claim_event(store, "slack-old", NOW - timedelta(days=8))
    claim_event(store, "$new", NOW)
    assert forget_events_before(store, NOW - timedelta(days=7), prefix="$") == 1
    assert not event_handled(store, "$old")
    assert event_handled(store, "slack-old") and event_handled(store, "$new")
