"""``status`` says how the Slack connection stands."""

import re


def test_status_shows_the_slack_connection(bot_factory):
    bot = bot_factory()
    status = bot.text_of("status")
    assert re.search(r"^Slack: listening for Slack requests on 127\.0\.0\.1:\d+$", status, re.M)
