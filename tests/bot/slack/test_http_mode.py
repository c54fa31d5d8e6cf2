"""Slack's requests reach the bot over HTTP, signed; only genuine ones are served."""

from support.fakeslack import slash_command_body
from watchers.storage.adminlog import audit_entries

from .conftest import ADMIN


def test_a_signed_slash_command_is_answered_ephemerally(bot_factory):
    bot = bot_factory()
    (answer,) = bot.command("help")
    assert answer["response_type"] == "ephemeral"
    assert "policywatch commands:" in answer["text"]
    assert "feed add URL" in answer["text"]


def test_wrong_signature_and_stale_timestamp_get_401_and_do_nothing(bot_factory):
    bot = bot_factory()
    body = slash_command_body(response_url=bot.fake.response_url("bad"), text="help")
    forged = dict(bot.signed(body), **{"X-Slack-Signature": "v0=" + "0" * 64})
    assert bot.post(body, forged)[0] == 401
    # Six minutes old: a replayed request.
    assert bot.post(body, bot.signed(body, age=6 * 60))[0] == 401
    tampered = body.replace("text=help", "text=status")
    assert bot.post(tampered, bot.signed(body))[0] == 401
    assert bot.fake.responses("bad") == []


def test_unknown_and_wrongly_used_commands_get_usage_not_tracebacks(bot_factory):
    bot = bot_factory()
    assert "Unknown command 'frobnicate'" in bot.text_of("frobnicate")
    claim = bot.text_of("claim")
    assert "Usage: claim ID" in claim and "Traceback" not in claim
    assert "Usage:" in bot.text_of("feed", user=ADMIN)
    assert "Usage: list [feeds|entities|claims|routes]" in bot.text_of("list everything")
    assert "Quote sentences" in bot.text_of('claim add "unterminated', user=ADMIN)


def test_non_admin_cannot_add_a_feed_and_nothing_is_applied(bot_factory):
    bot = bot_factory()
    before = bot.service.watch.config
    text = bot.text_of("feed add https://example.org/feed.xml")
    assert "only policywatch admins" in text
    assert bot.service.watch.config == before
    actions = [e.action for e in audit_entries(bot.service.store)]
    assert actions == ["refused: feed add https://example.org/feed.xml"]
    assert not any(a.startswith("applied") for a in actions)


def test_members_of_a_configured_user_group_are_admins(bot_factory):
    # S0EDITORS1 holds U0EDITOR01 in the fake workspace; nobody is listed by user id.
    bot = bot_factory(settings="settings:\n  admins: {slack_groups: [S0EDITORS1]}\n")
    assert bot.text_of("feed add https://example.org/a.xml as a", user=ADMIN).startswith("Done")
    assert "only policywatch admins" in bot.text_of("feed add https://example.org/b.xml")
    assert [r.body["usergroup"] for r in bot.fake.calls("usergroups.users.list")] == ["S0EDITORS1"]


def test_config_edits_are_announced_in_channel(bot_factory):
    bot = bot_factory()
    (answer,) = bot.command("feed add https://example.org/feed.xml as ex", user=ADMIN)
    assert answer["response_type"] == "in_channel"
    assert "ex" in bot.service.watch.feeds
