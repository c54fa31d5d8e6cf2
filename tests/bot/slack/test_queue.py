"""Digests Slack will not take for a day are set aside as failed; admins retry or drop them,
and removing a route says what is still queued for it."""

import json
from datetime import timedelta

from support.scrape import parse, value
from support.service import rss

from .conftest import ADMIN

NEWS = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021.")
)


def failing_digest(bot_factory, feed_server):
    feed_server.serve("/a.xml", NEWS)
    bot = bot_factory({"wire": feed_server.url("/a.xml")})
    bot.fake.go_down()
    bot.round()
    for _ in range(30):  # a day and a bit of retries
        bot.advance(timedelta(minutes=50))
        bot.service.deliver()
    bot.fake.come_back()
    return bot


def test_a_digest_undelivered_for_a_day_is_set_aside_and_listed(bot_factory, feed_server):
    bot = failing_digest(bot_factory, feed_server)
    (entry,) = bot.service.store.outbox("failed")
    assert "unreachable" in entry.last_error
    assert bot.service.store.outbox("pending") == []
    samples = parse(bot.service.metrics.exposition().decode())
    assert value(samples, "policywatch_digests_total", event="set_aside", platform="slack") == 1
    status = bot.text_of("status")
    assert f"#{entry.id} of route desk for slack:#policy-digest: " in status
    assert "`digest retry ID` sends one again" in status
    attempts = entry.attempts
    bot.advance(timedelta(hours=2))
    bot.service.deliver()  # set aside: not tried any more, though Slack is back
    assert bot.service.store.outbox("failed")[0].attempts == attempts
    assert bot.digests() == []


def test_an_admin_retries_a_failed_digest_and_it_arrives(bot_factory, feed_server):
    bot = failing_digest(bot_factory, feed_server)
    (entry,) = bot.service.store.outbox("failed")
    assert "only policywatch admins" in bot.text_of(f"digest retry {entry.id}")
    reply = bot.text_of(f"digest retry {entry.id}", user=ADMIN)
    assert reply == f"Digest #{entry.id} of route desk for slack:#policy-digest is queued again."
    assert "Data Security Law anniversary" in json.dumps([m.blocks for m in bot.digests()])
    assert bot.text_of("digest retry 999", user=ADMIN) == "No failed digest #999 (see `status`)."


def test_an_admin_drops_a_failed_digest(bot_factory, feed_server):
    bot = failing_digest(bot_factory, feed_server)
    (entry,) = bot.service.store.outbox("failed")
    reply = bot.text_of(f"digest drop {entry.id}", user=ADMIN)
    assert reply == f"Digest #{entry.id} of route desk for slack:#policy-digest dropped."
    assert bot.service.store.outbox("failed") == []
    assert "Failed digests" not in bot.text_of("status")


def test_removing_a_route_says_what_is_still_queued_for_it(bot_factory, feed_server):
    feed_server.serve("/a.xml", NEWS)
    bot = bot_factory({"wire": feed_server.url("/a.xml")})
    bot.fake.go_down()
    bot.round()
    (entry,) = bot.service.store.outbox("pending")
    bot.fake.come_back()
    reply = bot.text_of("route remove desk", user=ADMIN)
    assert reply.endswith(
        f"It still has 1 digest queued (#{entry.id}), which will still be tried;"
        f" drop it with `digest drop {entry.id}`."
    )


def test_the_limit_is_a_setting(bot_factory, feed_server):
    from .conftest import SETTINGS

    feed_server.serve("/a.xml", NEWS)
    settings = SETTINGS + "  delivery: {give_up_after: 2h}\n"
    bot = bot_factory({"wire": feed_server.url("/a.xml")}, settings=settings)
    bot.fake.go_down()
    bot.round()
    bot.advance(timedelta(hours=1))
    bot.service.deliver()
    assert bot.service.store.outbox("failed") == []
    bot.advance(timedelta(hours=1))
    bot.service.deliver()
    assert len(bot.service.store.outbox("failed")) == 1
