"""One router for every platform: finding verbs, permission, usage, never a traceback."""

import logging

import pytest

from bot.commands.base import Caller, Reply, Verb
from bot.commands.router import APOLOGY, CommandRouter
from watchers.errors import CommandError
from watchers.storage.adminlog import audit_entries

from .conftest import ADMIN, MEMBER


def test_help_lists_everyone_s_verbs_then_the_admins(commands):
    text = commands.text("help")
    everyone, admins = text.split("Admins only")
    assert "claim ID" in everyone and "digest now" in everyone and "feed add" not in everyone
    assert "feed add URL [every 30m] [as ID]" in admins and "route remove ID" in admins
    assert commands.text("") == text
    assert commands.text("help claim").count("\n") == 2  # claim, claim add, claim retire
    assert "No command 'frob'" in commands.text("help frob")


def test_two_word_verbs_win_over_one_word_ones(commands):
    assert commands.text("claim dsl_effective").startswith("Claim dsl_effective:")
    assert "only policywatch admins can use `claim add`" in commands.text('claim add "X."')
    usage = commands.text("route", ADMIN)
    assert usage.startswith("Usage:") and "route add ID" in usage and "route remove ID" in usage


def test_wrong_usage_answers_with_the_verbs_usage_line(commands):
    reply = commands.run("feed remove", ADMIN)
    assert not reply.ok
    assert reply.text == "expected one feed id\nUsage: feed remove ID"
    assert commands.text("feed add ftp://example.org/x", ADMIN).startswith(
        "expected an http(s) URL, got 'ftp://example.org/x'"
    )
    assert "did not understand 'sometimes'" in commands.text(
        "feed add https://example.org/x sometimes", ADMIN
    )


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://169.254.169.254/latest/", "169.254.169.254: a link-local address"),
        ("http://2852039166/latest/", "2852039166 (169.254.169.254): a link-local address"),
        ("http://10.1.2.3/feed", "10.1.2.3: a private address"),
        ("http://0.0.0.0:5432/", "0.0.0.0: an unspecified address"),
        ("http://[::ffff:10.1.2.3]/", "::ffff:10.1.2.3 (10.1.2.3): a private address"),
    ],
)
def test_feed_add_refuses_a_guarded_address_at_once(commands, url, refused):
    reply = commands.run(f"feed add {url}", ADMIN)
    assert not reply.ok
    assert reply.text.startswith(f"refused to connect to {refused}")
    assert all(f.url != url for f in commands.service.watch.config.feeds)


def test_feed_add_takes_an_address_the_settings_allow(commands):
    # The test config allows loopback, as its feeds are served there.
    assert commands.run("feed add http://127.0.0.1:8080/feed.xml as local", ADMIN).ok


def test_refusals_are_polite_and_audited_as_refused(commands):
    reply = commands.run("route remove desk")
    assert not reply.ok and "only policywatch admins" in reply.text
    (entry,) = audit_entries(commands.service.store)
    assert (entry.actor, entry.action) == ("slack:U0MEMBER", "refused: route remove desk")
    assert commands.service.watch.config.routes[0].id == "desk"


def test_an_unexpected_failure_is_logged_and_answered_with_an_apology(commands, caplog):
    def broken(args, caller, now):
        raise RuntimeError("database on fire")

    def picky(args, caller, now):
        raise CommandError("say it differently")

    router = CommandRouter(
        commands.service,
        verbs=[Verb("boom", "boom", "fails", broken), Verb("pick", "pick X", "picky", picky)],
    )
    with caplog.at_level(logging.ERROR):
        reply = router.dispatch("boom now", MEMBER)
    assert reply == Reply(APOLOGY, ok=False)
    assert "database on fire" in caplog.text and "boom now" in caplog.text
    assert router.dispatch("pick", MEMBER).text == "say it differently\nUsage: pick X"


def test_admin_rights_come_from_the_caller_only(commands):
    not_admin = Caller("matrix", "@admin:example.org", room="!r:example.org")
    assert "only policywatch admins" in commands.text("claim retire dsl_effective", not_admin)
    assert commands.text("claim retire dsl_effective", ADMIN).startswith("Done: claim retire")
