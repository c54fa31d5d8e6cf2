"""``route add`` asks Slack whether the destination can take digests, and refuses if not."""

import pytest

from .conftest import ADMIN


@pytest.mark.parametrize(
    ("destination", "reason"),
    [
        ("slack:#no-such-channel", "the bot sees no channel #no-such-channel"),
        ("slack:#old-digest", "#old-digest is archived"),
        ("slack:C0NOTHERE9", "the bot sees no channel C0NOTHERE9"),
    ],
)
def test_a_destination_that_cannot_take_digests_is_refused(bot_factory, destination, reason):
    bot = bot_factory()
    reply = bot.text_of(f"route add extra {destination} 1h", user=ADMIN)
    assert reply.startswith(f"Not changed: {reason}")
    assert "extra" not in [r.id for r in bot.service.watch.config.routes]
    assert f"rejected: route add extra {destination}" in bot.text_of("audit", user=ADMIN)


@pytest.mark.parametrize(
    "destination", ["slack:#policy-alerts", "slack:C0ALERTS01", "slack:#random"]
)
def test_a_channel_the_bot_is_in_or_a_public_one_is_accepted(bot_factory, destination):
    bot = bot_factory()
    reply = bot.text_of(f"route add extra {destination} 1h", user=ADMIN)
    assert reply.startswith("Done: route add extra")
    assert "extra" in [r.id for r in bot.service.watch.config.routes]
