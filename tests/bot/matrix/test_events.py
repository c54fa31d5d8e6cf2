"""Commands read from Matrix events, and the replies written to them (plain values)."""

from __future__ import annotations

from typing import Any

import pytest

from bot.matrix.events import (
    command_text,
    event_time_ms,
    is_admin,
    reply_content,
    reply_txn_id,
    strip_reply_fallback,
)
from watchers.config.schema import AdminSettings, MatrixSettings, Settings

BOT = "@policywatch:example.org"
PREFIX = "!policywatch"


def message(body: Any, *, sender: str = "@alice:example.org", **content: Any) -> dict[str, Any]:
    return {
        "type": "m.room.message",
        "event_id": "$asked",
        "sender": sender,
        "origin_server_ts": 1_700_000_000_000,
        "content": {"msgtype": "m.text", "body": body, **content},
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!policywatch status", "status"),
        (
            "  !policywatch   feed add https://x.example/f as wire ",
            "feed add https://x.example/f as wire",
        ),
        ("!policywatch", ""),
        ("!PolicyWatch help", "help"),
        ("!policywatch\nclaims cac", "claims cac"),
        ("> <@bob:example.org> digest\n\n!policywatch status", "status"),
        ("!policywatchstatus", None),
        ("please !policywatch status", None),
        ("hello", None),
    ],
)
def test_command_text_reads_the_prefix_and_the_rest(body: str, expected: str | None) -> None:
    assert command_text(message(body), PREFIX, BOT) == expected


def test_a_custom_prefix_is_honoured() -> None:
    assert command_text(message("!pw list feeds"), "!pw", BOT) == "list feeds"
    assert command_text(message("!policywatch list"), "!pw", BOT) is None


@pytest.mark.parametrize(
    "event",
    [
        message("!policywatch status", sender=BOT),
        message("!policywatch status", msgtype="m.notice"),
        message("* !policywatch status", **{"m.relates_to": {"rel_type": "m.replace"}}),
        message("!policywatch status", **{"m.relates_to": {"rel_type": "m.replace"}}),
        message(["not", "text"]),
        {**message("!policywatch status"), "type": "m.room.encrypted"},
        {"type": "m.room.message", "content": "garbage"},
    ],
)
def test_these_events_are_not_commands(event: dict[str, Any]) -> None:
    assert command_text(event, PREFIX, BOT) is None


def test_reply_fallback_lines_are_dropped_only_at_the_start() -> None:
    assert strip_reply_fallback("> quoted\n> more\n\nanswer") == "answer"
    assert strip_reply_fallback("answer\n> not a fallback") == "answer\n> not a fallback"


def test_event_time_is_zero_when_missing_or_odd() -> None:
    assert event_time_ms(message("x")) == 1_700_000_000_000
    assert event_time_ms({"origin_server_ts": "soon"}) == 0


def test_admin_by_allowlist_or_by_power_level() -> None:
    settings = Settings(
        admins=AdminSettings(matrix_users=("@chief:example.org",)),
        matrix=MatrixSettings(admin_power_level=50),
    )
    assert is_admin("@chief:example.org", 0, settings)
    assert is_admin("@mod:example.org", 50, settings)
    assert not is_admin("@member:example.org", 49, settings)


def test_a_reply_starts_a_thread_at_the_command() -> None:
    content = reply_content("Feeds: 2", message("!policywatch status"))
    assert content == {
        "msgtype": "m.notice",
        "body": "Feeds: 2",
        "format": "org.matrix.custom.html",
        "formatted_body": "Feeds: 2",
        "m.mentions": {},
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": "$asked",
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": "$asked"},
        },
    }


def test_a_reply_to_a_command_in_a_thread_stays_in_that_thread() -> None:
    asking = message(
        "!policywatch status",
        **{"m.relates_to": {"rel_type": "m.thread", "event_id": "$root"}},
    )
    relation = reply_content("ok", asking)["m.relates_to"]
    assert relation["event_id"] == "$root"
    assert relation["is_falling_back"] is False
    assert relation["m.in_reply_to"] == {"event_id": "$asked"}


def test_reply_text_pings_no_one() -> None:
    content = reply_content("item: @room look", message("!policywatch status"))
    assert "@room" not in content["body"]
    assert content["m.mentions"] == {}


def test_the_reply_transaction_id_is_stable_per_command() -> None:
    assert reply_txn_id("$a") == reply_txn_id("$a")
    assert reply_txn_id("$a") != reply_txn_id("$b")
