"""Commands by @mention in a channel and by direct message, as signed Events API requests."""

import json
import time

from .conftest import ANALYST, DIGEST_CHANNEL

BOT_USER = "U0BOT00001"


def event_body(event_id: str, event: dict) -> str:
    return json.dumps(
        {
            "token": "policywatch-fake-verification-token",
            "team_id": "T0POLICY01",
            "api_app_id": "A0POLICY01",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


def send_event(bot, event_id: str, event: dict) -> int:
    body = event_body(event_id, event)
    headers = dict(bot.signed(body), **{"Content-Type": "application/json"})
    return bot.post(body, headers)[0]


def wait_for(condition, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.02)
    raise AssertionError("nothing arrived")


def test_a_mention_is_a_command_answered_in_its_thread_once(bot_factory):
    bot = bot_factory()
    ts = bot.fake.seed_message(DIGEST_CHANNEL, f"<@{BOT_USER}> list routes")
    mention = {
        "type": "app_mention",
        "user": ANALYST,
        "text": f"<@{BOT_USER}> list routes",
        "channel": DIGEST_CHANNEL,
        "ts": ts,
    }
    assert send_event(bot, "Ev0MENTION1", mention) == 200
    # Slack redelivers an event it believes unanswered; the second copy is ignored.
    assert send_event(bot, "Ev0MENTION1", mention) == 200
    (reply,) = wait_for(lambda: bot.fake.ephemerals(DIGEST_CHANNEL))
    assert reply.visible_to == ANALYST and reply.thread_ts == ts
    assert reply.text == "Routes (1):\ndesk → slack:#policy-digest · 1h"
    time.sleep(0.2)
    assert len(bot.fake.ephemerals(DIGEST_CHANNEL)) == 1


def test_a_direct_message_is_a_command(bot_factory):
    bot = bot_factory()
    dm = {
        "type": "message",
        "channel_type": "im",
        "user": ANALYST,
        "text": "subscribe contradicts",
        "channel": "D0ANALYST1",
        "ts": "1700000001.000100",
    }
    assert send_event(bot, "Ev0DIRECT01", dm) == 200
    (reply,) = wait_for(lambda: [m for m in bot.fake.messages(ANALYST) if m.bot_id])
    assert reply.text.startswith("Subscribed to contradicts.")
    # The bot's own messages and messages in channels are not commands.
    own = dict(dm, user=BOT_USER, bot_id="B0BOT00001", text="help")
    channel = dict(dm, channel_type="channel", channel=DIGEST_CHANNEL, text="help")
    assert send_event(bot, "Ev0DIRECT02", own) == 200
    assert send_event(bot, "Ev0DIRECT03", channel) == 200
    time.sleep(0.2)
    assert len([m for m in bot.fake.messages(ANALYST) if m.bot_id]) == 1
