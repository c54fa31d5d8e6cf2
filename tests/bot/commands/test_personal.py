"""Subscriptions, personal digests, muting and digest now: the caller's own commands."""

from datetime import timedelta

from bot.commands.base import Caller
from bot.commands.subscriptions import PersonalDigests, enable_personal_digests
from watchers.model import Alert, AlertKind, Stance

from .conftest import ADMIN, MEMBER


def contradiction(title: str) -> Alert:
    return Alert(
        AlertKind.VERDICT,
        "data_security_law",
        title=title,
        claim_id="dsl_effective",
        stance=Stance.CONTRADICTS,
        evidence="It took effect on June 1, 2021.",
    )


def test_subscriptions_are_per_user_and_accept_names_and_labels(commands):
    assert commands.text("subscribe") == "You are subscribed to: nothing yet."
    assert commands.text("subscribe Data Security Law").startswith(
        "Subscribed to data_security_law"
    )
    assert "covering: data_security_law, contradicts" in commands.text("subscribe contradicts")
    assert (
        commands.text("subscribe 数据安全法") == "You were subscribed to data_security_law already."
    )
    assert commands.text("subscribe", ADMIN) == "You are subscribed to: nothing yet."
    assert "no entity 'Nothing'" in commands.text("subscribe Nothing")
    assert commands.text("unsubscribe contradicts") == (
        "Unsubscribed from contradicts. Left: data_security_law."
    )
    assert "you are not subscribed to 'cac'" in commands.text("unsubscribe cac")


def test_personal_digests_come_hourly_to_the_subscriber(commands):
    h = commands.harness
    timer = enable_personal_digests(commands.service)
    commands.run("subscribe data_security_law")
    commands.run("subscribe contradicts")
    h.store.add_alert(contradiction("Old news, before subscribing"), h.now[0])
    h.advance(timedelta(minutes=10))
    h.store.add_alert(contradiction("Fresh news"), h.now[0])
    assert timer.run_due() == 0  # the first personal digest is an hour after subscribing
    h.advance(timedelta(minutes=51))
    assert timer.run_due() == 1
    printed = h.out.getvalue()
    assert "(for slack:U0MEMBER; no credentials configured for it)" in printed
    assert "Fresh news" in printed and "before subscribing" not in printed
    (route,) = [r for r in commands.service.routes() if r.id.startswith("personal:")]
    assert route.entities == ("data_security_law",) and route.labels == ("contradicts",)
    assert timer.run_due() == 0


def test_personal_digests_start_and_stop_beside_the_scheduler(commands):
    timer = PersonalDigests(commands.service, check_every=0.01)
    timer.start()
    timer.stop()
    assert not timer._thread.is_alive()


def test_digest_now_sends_the_rooms_routes_and_the_callers_own(commands_factory):
    routes = "routes:\n  - {id: desk, destination: 'slack:#desk', schedule: 1h}\n"
    commands = commands_factory(routes=routes)
    enable_personal_digests(commands.service)
    commands.harness.store.add_alert(contradiction("News"), commands.harness.now[0])
    assert commands.text("digest now") == "desk: digest sent to slack:#desk."
    commands.run("subscribe contradicts")
    commands.harness.store.add_alert(contradiction("More news"), commands.harness.now[0])
    assert commands.text("digest now") == (
        "desk: digest sent to slack:#desk.\nYour personal digest: digest sent to you."
    )
    elsewhere = Caller("slack", "U0OTHER", room="C0ELSE")
    assert commands.text("digest now", elsewhere).startswith(
        "No route sends digests to this room or to you. Routes: desk → slack:#desk."
    )
    assert "takes no arguments" in commands.text("digest now please")


def test_digest_now_with_nothing_above_the_floor_points_to_digest_more(commands_factory):
    routes = "routes:\n  - {id: desk, destination: 'slack:#desk', schedule: 1h}\n"
    commands = commands_factory(routes=routes)
    off_topic = Alert(AlertKind.MENTION, "cac", title="A football match")
    commands.harness.store.add_alert(off_topic, commands.harness.now[0])
    assert commands.text("digest now") == (
        "desk: nothing new worth a digest; `digest more desk` shows what came in."
    )
    assert "A football match" in commands.text("digest more")


def test_muting_feeds_and_items(commands_factory):
    commands = commands_factory({"wire": "https://example.org/w.xml"})
    reply = commands.run("mute wire")
    assert reply.text.startswith("Feed wire is muted") and not reply.ephemeral
    assert commands.service.store.muted_feeds() == {"wire"}
    assert commands.text("unmute wire") == "Feed wire is back in digests."
    assert "there is no item 42" in commands.text("mute 42")
    assert "no feed 'nope'" in commands.text("mute nope")
    assert "Usage: mute ITEM|FEED" in commands.text("mute")
    assert "Usage: relabel ITEM CLAIM LABEL" in commands.text("relabel 1 dsl_effective")
    assert "no claim 'x'" in commands.text("relabel 1 x mentions")
    assert "'wrong' is not a label" in commands.text("relabel 1 dsl_effective wrong")
    assert "there is no item 1" in commands.text("relabel 1 dsl_effective mentions", MEMBER)
