"""The bot in plain rooms on a real Synapse: invites, commands, admin rights, digests."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from bot.matrix.settings import InviterRules
from support.service import rss
from support.synapse import Homeserver

pytestmark = pytest.mark.matrix

ITEMS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)


class Tags(HTMLParser):
    """The start tags and link targets of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def test_bot_joins_on_invite_and_answers_in_a_thread(
    synapse: Homeserver, bot_factory, person_factory, rooms
):
    alice = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    bot_factory.start(synapse, user)

    room = alice.create_room(invite=[user.user_id])
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id), what="the bot to join")
    asked = alice.send_text(room, "!policywatch status")
    reply = alice.wait_for_text(room, "Feeds:", timeout=15)

    event = rooms.event(alice, room, reply.event_id)
    assert event["sender"] == user.user_id
    assert event["content"]["msgtype"] == "m.notice"
    assert event["content"]["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": asked,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": asked},
    }
    assert event["content"]["m.mentions"] == {}


def test_invite_from_someone_not_allowed_is_refused(
    synapse: Homeserver, bot_factory, person_factory, rooms
):
    alice = person_factory(synapse, "alice")
    mallory = person_factory(synapse, "mallory")
    user = bot_factory.register(synapse)
    bot_factory.start(synapse, user, inviters=InviterRules(users=frozenset({alice.user_id})))

    refused = mallory.create_room(invite=[user.user_id])
    accepted = alice.create_room(invite=[user.user_id])

    rooms.wait_until(lambda: rooms.joined(alice, accepted, user.user_id), what="the allowed invite")
    rooms.wait_until(
        lambda: rooms.membership(mallory, refused, user.user_id) == "leave", what="a refusal"
    )
    mallory.send_text(refused, "!policywatch status")
    alice.send_text(accepted, "!policywatch status")
    alice.wait_for_text(accepted, "Feeds:", timeout=15)
    assert rooms.notices_from(mallory, refused, user.user_id) == []


def test_admin_adds_a_feed_and_the_digest_arrives(
    synapse: Homeserver, bot_factory, person_factory, rooms, feed_server
):
    alice = person_factory(synapse, "alice")
    bob = person_factory(synapse, "bob")
    user = bot_factory.register(synapse)
    room = alice.create_room(invite=[user.user_id, bob.user_id])
    bob.join(room)
    bot = bot_factory.start(synapse, user, room=rooms.add_alias(synapse, alice.user, room))
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id), what="the bot to join")
    url = feed_server.serve("/wire.xml", ITEMS)

    bob.send_text(room, f"!policywatch feed add {url} as wire")
    bob.wait_for_text(room, "only policywatch admins", timeout=15)
    alice.send_text(room, f"!policywatch feed add {url} as wire")
    alice.wait_for_text(room, "Done:", timeout=15)
    assert [f.id for f in bot.service.watch.config.feeds] == ["wire"]

    bot.service.poll_due()
    alice.send_text(room, "!policywatch digest now")
    alice.wait_for_text(room, "desk: digest sent", timeout=15)
    digest = alice.wait_for_text(room, "policywatch digest", timeout=15)

    event = rooms.event(alice, room, digest.event_id)
    content = event["content"]
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert "Data Security Law anniversary" in content["body"]
    assert "CONTRADICTS" in content["formatted_body"]
    assert content["m.mentions"] == {}
    assert bot.store.outbox("sent")[0].remote_id == digest.event_id


EVIL_TITLE = (
    "Data Security Law @room &lt;a href='https://evil.example/x'&gt;click&lt;/a&gt; "
    "&lt;script&gt;alert(1)&lt;/script&gt;"
)


def test_a_malicious_feed_item_arrives_as_inert_text(
    synapse: Homeserver, bot_factory, person_factory, rooms, feed_server
):
    alice = person_factory(synapse, "alice")
    user = bot_factory.register(synapse)
    room = alice.create_room(invite=[user.user_id])
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><guid>evil</guid><title>{EVIL_TITLE}</title>"
        f"<link>https://matrix.to/#/{alice.user_id}</link>"
        f"<description>{EVIL_TITLE} took effect on June 1, 2021.</description></item>"
        "</channel></rss>"
    ).encode()
    url = feed_server.serve("/evil.xml", body)
    alias = rooms.add_alias(synapse, alice.user, room)
    bot = bot_factory.start(synapse, user, room=alias, feeds={"evil": url})
    rooms.wait_until(lambda: rooms.joined(alice, room, user.user_id), what="the bot to join")

    bot.service.poll_due()
    bot.service.build_digests()
    assert bot.service.deliver() == 1
    notice = alice.wait_for_text(room, "policywatch digest", timeout=15)

    content = rooms.event(alice, room, notice.event_id)["content"]
    tags = Tags()
    tags.feed(content["formatted_body"])
    assert "script" not in tags.tags and "a" not in tags.tags
    assert tags.hrefs == []
    assert "<script>" in content["body"]  # shown as text, not markup
    assert "@room" not in content["body"] and "@room" not in content["formatted_body"]
    assert content["m.mentions"] == {}
