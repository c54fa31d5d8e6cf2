"""Digests posted to Slack by the real service: safe, complete, never lost, never doubled."""

import json
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.slack.sink import SlackSink
from support.service import rss

from .conftest import DIGEST_CHANNEL

EVIL = "<!channel> <@U123> <#C999> <https://evil.example|innocent> & <!here> <!everyone>"
CONTRADICTION = "The Data Security Law took effect on June 1, 2021."


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def evil_feed() -> bytes:
    # The description is HTML inside XML, so its text is escaped twice to arrive literally.
    return rss(
        (
            "evil-1",
            xml_text(f"{EVIL} Data Security Law"),
            xml_text(xml_text(f"{EVIL} {CONTRADICTION}")),
        )
    )


def numbered_feed(count: int, prefix: str = "n") -> bytes:
    return rss(
        *(
            (f"{prefix}{i}", f"Data Security Law note {prefix}{i}", f"{CONTRADICTION} Note {i}.")
            for i in range(count)
        )
    )


def mrkdwn_and_text(message) -> list[str]:
    """Every string of a posted message that Slack parses for mentions and links."""
    found = [message.text]

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "mrkdwn":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.blocks or [])
    return found


def rich_elements(message):
    for block in message.blocks or []:
        if block["type"] == "rich_text":
            for section in block["elements"]:
                yield from section["elements"]


def test_feed_text_cannot_ping_or_disguise_links(bot_factory, feed_server):
    url = feed_server.serve("/evil.xml", evil_feed())
    bot = bot_factory({"wire": url})
    bot.round()
    titles = [a.alert.title for a in bot.service.store.alerts_after(0)]
    assert any("<!channel>" in t for t in titles), "the feed text arrived literally"
    (message,) = bot.digests()
    for text in mrkdwn_and_text(message):
        assert "<" not in text and ">" not in text, text
    elements = list(rich_elements(message))
    # Rich text carries feed text as plain text: no user, channel or broadcast elements.
    assert {e["type"] for e in elements} <= {"text", "link"}
    assert [e["url"] for e in elements if e["type"] == "link"] == ["https://news.example/evil-1"]
    assert any("<!channel>" in e["text"] for e in elements)  # shown, as text
    # Replies that quote feed text are escaped too.
    reply = bot.text_of("claim dsl_effective")
    assert "&lt;!channel&gt;" in reply and "<" not in reply


def test_a_digest_too_large_for_one_message_continues_in_its_thread(bot_factory, feed_server):
    url = feed_server.serve("/many.xml", numbered_feed(70))
    bot = bot_factory({"wire": url})
    bot.round()
    posted = bot.digests()
    assert len(posted) > 1
    first, rest = posted[0], posted[1:]
    assert first.thread_ts is None
    assert all(m.thread_ts == first.ts for m in rest)
    assert "part 1 of" in first.text and f"part {len(posted)} of {len(posted)}" in posted[-1].text
    everything = json.dumps([m.blocks for m in posted], ensure_ascii=False)
    for i in range(70):
        assert f'Data Security Law note n{i}"' in everything
    assert all(len(m.text) < 4000 for m in posted)
    (entry,) = bot.service.store.outbox("sent")
    assert entry.remote_id == f"{DIGEST_CHANNEL}:{first.ts}"


def test_an_outage_delays_digests_which_then_arrive_exactly_once(bot_factory, feed_server):
    feed_server.serve("/a.xml", numbered_feed(2, "a"))
    bot = bot_factory({"wire": feed_server.url("/a.xml")})
    bot.fake.go_down()
    bot.round()
    # A second batch of news while Slack is still down.
    bot.advance(timedelta(minutes=6))
    feed_server.serve("/a.xml", rss(("b0", "Data Security Law later", CONTRADICTION)))
    bot.round()
    for _ in range(5):
        bot.advance(timedelta(minutes=3))
        bot.service.deliver()
    first, second = bot.service.store.outbox("pending")
    assert first.attempts >= 1 and "unreachable" in first.last_error
    # The later digest waits behind the first, untried, saying so.
    assert second.attempts == 0
    assert second.last_error.startswith(f"waiting for digest {first.id}, not delivered")
    bot.fake.come_back()
    for _ in range(4):
        bot.advance(timedelta(minutes=31))
        bot.service.deliver()
    posted = bot.digests()
    assert len(posted) == 2
    assert "note a0" in json.dumps(posted[0].blocks) and "later" in json.dumps(posted[1].blocks)
    assert len(bot.service.store.outbox("sent")) == 2
    assert len(bot.fake.calls("chat.postMessage")) == 2  # connection refused never reached it


def test_rate_limit_is_honoured_with_its_retry_after(bot_factory, feed_server):
    bot = bot_factory({"wire": feed_server.serve("/a.xml", numbered_feed(1))})
    bot.fake.fail_next(1, status=429, retry_after=40)
    bot.round()
    (entry,) = bot.service.store.outbox("pending")
    assert "rate limit" in entry.last_error
    bot.advance(timedelta(seconds=30))
    bot.service.deliver()
    assert len(bot.fake.calls("chat.postMessage")) == 1  # not tried again before 40 s
    bot.advance(timedelta(seconds=11))
    bot.service.deliver()
    assert len(bot.digests()) == 1
    assert [c.status for c in bot.fake.calls("chat.postMessage")] == [429, 200]


def test_server_errors_back_off_and_then_deliver(bot_factory, feed_server):
    bot = bot_factory({"wire": feed_server.serve("/a.xml", numbered_feed(1))})
    bot.fake.fail_next(2, status=503)
    bot.round()
    for _ in range(4):
        bot.advance(timedelta(minutes=31))
        bot.service.deliver()
    assert len(bot.digests()) == 1
    assert [c.status for c in bot.fake.calls("chat.postMessage")] == [503, 503, 200]


class FailsAfterFirstPost(WebClient):
    """The real client; after its first posted message the fake answers 500 once."""

    def __init__(self, fake, **kwargs):
        super().__init__(**kwargs)
        self.fake = fake
        self.posted = 0

    def chat_postMessage(self, **kwargs):
        response = super().chat_postMessage(**kwargs)
        self.posted += 1
        if self.posted == 1:
            self.fake.fail_next(1, status=500)
        return response


def test_a_partly_posted_digest_continues_where_it_stopped(bot_factory, feed_server):
    bot = bot_factory({"wire": feed_server.serve("/many.xml", numbered_feed(70))})
    client = FailsAfterFirstPost(bot.fake, token=bot.fake.token, base_url=bot.fake.url)
    bot.service.deliverer.sinks["slack"] = SlackSink(client, bot.service.store)
    bot.round()
    assert len(bot.digests()) == 1
    (entry,) = bot.service.store.outbox("pending")
    assert "HTTP 500" in entry.last_error
    for _ in range(3):
        bot.advance(timedelta(minutes=31))
        bot.service.deliver()
    posted = bot.digests()
    assert len(posted) >= 3
    assert sum(1 for m in posted if m.thread_ts is None) == 1  # part 1 was not posted again
    assert len({json.dumps(m.blocks) for m in posted}) == len(posted)
    assert bot.service.store.outbox("pending") == []


@pytest.mark.parametrize("crash_before_marking", [False, True])
def test_a_restart_never_reposts_a_sent_digest(bot_factory, feed_server, crash_before_marking):
    bot = bot_factory({"wire": feed_server.serve("/a.xml", numbered_feed(2))})
    bot.service.poll_due()
    bot.service.build_digests()
    if crash_before_marking:
        # Slack took every part, then the process died before the outbox said so.
        (entry,) = bot.service.store.outbox("pending")
        bot.service.deliverer.sinks["slack"].send(entry)
    else:
        bot.service.deliver()
    assert len(bot.digests()) == 1
    again = bot_factory.restart(bot)
    for _ in range(3):
        again.advance(timedelta(minutes=31))
        again.round()
    assert len(again.digests()) == 1
    assert len(again.service.store.outbox("sent")) == 1


def test_digest_now_posts_this_channels_route_immediately(bot_factory, feed_server):
    bot = bot_factory({"wire": feed_server.serve("/a.xml", numbered_feed(1))})
    bot.service.poll_due()
    assert "desk: digest sent to slack:#policy-digest" in bot.text_of("digest now")
    assert len(bot.digests()) == 1
    assert "desk: nothing new" in bot.text_of("digest now")


PAGE = "https://watch.example.org/pw/claims"


@pytest.mark.parametrize(
    ("claims_page", "linked"),
    [(f"{{enabled: true, public_url: '{PAGE}'}}", True), (f"{{public_url: '{PAGE}'}}", False)],
    ids=["page-enabled", "page-off"],
)
def test_digest_lines_link_their_claim_page_when_readers_can_reach_it(
    bot_factory, feed_server, claims_page, linked
):
    url = feed_server.serve("/a.xml", rss(("a0", "Data Security Law date", CONTRADICTION)))
    settings = f"settings:\n  admins: {{slack_users: [U0EDITOR01]}}\n  claims_page: {claims_page}\n"
    bot = bot_factory({"wire": url}, settings=settings)
    bot.round()
    (message,) = bot.digests()
    links = [e["url"] for e in rich_elements(message) if e["type"] == "link"]
    claim_links = [link for link in links if link.startswith(PAGE)]
    # The contradiction's line and the line saying the claim's standing changed.
    assert claim_links == ([f"{PAGE}/dsl_effective"] * 2 if linked else [])
