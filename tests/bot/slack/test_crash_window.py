"""A digest part that Slack took just before the process died is not posted again.

Each test posts through the real sink and deliverer against the fake Web API, stops the
process's work at the worst moment (after Slack's answer, before it is recorded), then
delivers again with a new store connection, sink and deliverer, as after a restart.
"""

from __future__ import annotations

import logging
import random
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk import WebClient
from sqlalchemy import delete

from bot.delivery import ConsoleSink, Deliverer
from bot.digest import digest_to_dict
from bot.render.slack import render_slack
from bot.slack.sink import PROGRESS_PREFIX, SlackSink, part_of
from support.fakeslack import DEFAULT_SCOPES, HISTORY_SCOPES, FakeSlack, PostedMessage
from watchers.model import Digest, DigestLine, Label
from watchers.storage import OutboxEntry, Store
from watchers.storage import tables as t

# The fake's clock starts here, so the outbox's clock and Slack's agree.
NOW = datetime.fromtimestamp(1_700_000_000, UTC)
RESTART = NOW + timedelta(minutes=6)  # the dead process's lease on the entry has run out
CHANNEL = "C0DIGEST01"
MANIFEST = Path(__file__).resolve().parents[3] / "deploy" / "slack" / "manifest.yaml"


class Crash(BaseException):
    """The process dying: nothing after it runs, no handler turns it into a failure."""


class DiesAfterPost(WebClient):
    """The real client; the process dies right after Slack accepted post number ``n``."""

    def __init__(self, n: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.n = n
        self.posted = 0

    def chat_postMessage(self, **kwargs: Any) -> Any:
        response = super().chat_postMessage(**kwargs)
        self.posted += 1
        if self.posted == self.n:
            raise Crash(f"died after post {self.n}")
        return response


class LosesAnswer(WebClient):
    """The real client; the answer to the first post never arrives (Slack did post it)."""

    lost = False

    def chat_postMessage(self, **kwargs: Any) -> Any:
        response = super().chat_postMessage(**kwargs)
        if not self.lost:
            self.lost = True
            raise TimeoutError("The read operation timed out")
        return response


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "db.sqlite3"
    Store.open(f"sqlite:///{path}").close()
    yield path


def open_store(db: Path) -> Store:
    return Store.open(f"sqlite:///{db}")


def digest_of(parts: int) -> dict[str, Any]:
    """A stored digest that renders to exactly ``parts`` Slack messages."""
    for count in range(1, 200):
        lines = tuple(
            DigestLine(
                Label.CONTRADICTS,
                f"Data Security Law note {i}",
                link=f"https://news.example/{i}",
                evidence=f"The Data Security Law took effect on June 1, 2021. {'x' * 600} {i}",
                claim_id="dsl_effective",
                claim_text="The Data Security Law took effect on September 1, 2021.",
                item_id=i + 1,
            )
            for i in range(count)
        )
        digest = Digest("desk", NOW, tuple(lines))
        if len(render_slack(digest)) == parts:
            return digest_to_dict(digest)
    raise AssertionError(f"no digest renders to {parts} parts")


def enqueue(store: Store, parts: int, destination: str = "slack:#policy-digest") -> int:
    entry_id = store.enqueue_digest(
        "desk",
        destination,
        digest_of(parts),
        expected_cursor=0,
        new_cursor=1,
        txn_id="txn-desk-1",
        now=NOW,
    )
    assert entry_id is not None
    return entry_id


def client(fake: FakeSlack, cls: type[WebClient] = WebClient, **kwargs: Any) -> WebClient:
    return cls(token=fake.token, base_url=fake.url, retry_handlers=[], **kwargs)


def deliverer(store: Store, web: WebClient, owner: str) -> Deliverer:
    sinks = {"slack": SlackSink(web, store), "console": ConsoleSink()}
    return Deliverer(store, sinks, owner, random.Random(1))


def crash_while_delivering(db: Path, fake: FakeSlack, parts: int, after_post: int) -> None:
    """Deliver a ``parts``-part digest in a process that dies after post ``after_post``."""
    store = open_store(db)
    enqueue(store, parts)
    with pytest.raises(Crash):
        deliverer(store, client(fake, DiesAfterPost, n=after_post), "first").deliver_due(NOW)
    store.close()


def lose_record(db: Path) -> OutboxEntry:
    """Throw away the progress record; the entry stays pending, tried once before."""
    store = open_store(db)
    with store.engine.begin() as c:
        c.execute(delete(t.kv).where(t.kv.c.key.startswith(PROGRESS_PREFIX)))
    (entry,) = store.outbox("pending")
    store.mark_failed(entry.id, "crashed", NOW)
    (entry,) = store.outbox("pending")
    store.close()
    return entry


def restart_and_deliver(db: Path, fake: FakeSlack) -> OutboxEntry:
    store = open_store(db)
    assert deliverer(store, client(fake), "second").deliver_due(RESTART) == 1
    (entry,) = store.outbox("sent")
    store.close()
    return entry


def posted_parts(fake: FakeSlack, channel: str = CHANNEL) -> list[tuple[int | None, PostedMessage]]:
    messages = [m for m in fake.messages(channel) if m.bot_id]
    return [(part_of(m.as_slack(with_metadata=True), "txn-desk-1"), m) for m in messages]


def assert_each_part_once(fake: FakeSlack, parts: int, channel: str = CHANNEL) -> None:
    posted = posted_parts(fake, channel)
    assert sorted(p for p, _ in posted) == list(range(1, parts + 1))
    first = next(m for p, m in posted if p == 1)
    assert first.thread_ts is None
    assert all(m.thread_ts == first.ts for p, m in posted if p != 1)


@pytest.mark.parametrize("lost_record", [False, True], ids=["crash", "record-lost"])
@pytest.mark.parametrize(
    ("parts", "after_post"), [(1, 1), (3, 2), (3, 3)], ids=["single", "2-of-3", "3-of-3"]
)
def test_parts_taken_before_a_crash_are_not_posted_again(
    db: Path, fake_slack: FakeSlack, parts: int, after_post: int, lost_record: bool
) -> None:
    crash_while_delivering(db, fake_slack, parts, after_post)
    assert len(posted_parts(fake_slack)) == after_post
    if lost_record:
        lose_record(db)
    sent = restart_and_deliver(db, fake_slack)
    assert_each_part_once(fake_slack, parts)
    assert len(fake_slack.calls("chat.postMessage")) == parts
    first = next(m for p, m in posted_parts(fake_slack) if p == 1)
    assert sent.remote_id == f"{CHANNEL}:{first.ts}"


def test_a_fully_posted_digest_whose_sent_mark_was_lost_is_not_posted_again(
    db: Path, fake_slack: FakeSlack
) -> None:
    store = open_store(db)
    enqueue(store, 2)
    (entry,) = store.due_outbox(NOW, "first", timedelta(minutes=5))
    SlackSink(client(fake_slack), store).send(entry)  # then died before mark_sent
    store.close()
    lose_record(db)
    restart_and_deliver(db, fake_slack)
    assert_each_part_once(fake_slack, 2)
    assert len(fake_slack.calls("chat.postMessage")) == 2


def test_a_lookup_pages_through_a_busy_channel(db: Path, fake_slack: FakeSlack) -> None:
    crash_while_delivering(db, fake_slack, 1, 1)
    for i in range(450):  # history is newest first: the digest is on the third page
        fake_slack.seed_message(CHANNEL, f"chatter {i}")
    restart_and_deliver(db, fake_slack)
    assert_each_part_once(fake_slack, 1)
    history = fake_slack.calls("conversations.history")
    assert len(history) == 3
    assert {c.body["oldest"] for c in history} == {f"{NOW.timestamp() - 300:.6f}"}


def test_a_lost_answer_is_looked_up_before_posting_again(db: Path, fake_slack: FakeSlack) -> None:
    store = open_store(db)
    enqueue(store, 3)
    first = deliverer(store, client(fake_slack, LosesAnswer), "first")
    assert first.deliver_due(NOW) == 0
    (entry,) = store.outbox("pending")
    assert "no answer from Slack" in entry.last_error
    store.close()
    restart_and_deliver(db, fake_slack)
    assert_each_part_once(fake_slack, 3)


def test_a_personal_digest_by_direct_message_is_looked_up_too(
    db: Path, fake_slack: FakeSlack
) -> None:
    store = open_store(db)
    enqueue(store, 2, destination="slack:U0ANALYST1")
    with pytest.raises(Crash):
        deliverer(store, client(fake_slack, DiesAfterPost, n=1), "first").deliver_due(NOW)
    store.close()
    restart_and_deliver(db, fake_slack)
    assert_each_part_once(fake_slack, 2, channel="D0ANALYST1")
    assert len(fake_slack.calls("conversations.open")) == 1


def test_fresh_digests_and_refused_posts_do_not_look(db: Path, fake_slack: FakeSlack) -> None:
    store = open_store(db)
    enqueue(store, 2)
    fake_slack.fail_next(1, status=429, retry_after=1)  # refused: certainly not posted
    assert deliverer(store, client(fake_slack), "one").deliver_due(NOW) == 0
    assert deliverer(store, client(fake_slack), "one").deliver_due(RESTART) == 1
    store.close()
    assert_each_part_once(fake_slack, 2)
    looked = [r for r in fake_slack.requests if r.method.startswith("conversations.")]
    assert looked == []


def test_without_history_access_a_crashed_part_is_posted_again_and_logged(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with FakeSlack(scopes=DEFAULT_SCOPES - {"channels:history"}) as fake:
        crash_while_delivering(db, fake, 1, 1)
        with caplog.at_level(logging.WARNING, logger="bot.slack.sink"):
            restart_and_deliver(db, fake)
        assert [p for p, _ in posted_parts(fake)] == [1, 1]
    assert "missing_scope" in caplog.text and "posted again" in caplog.text


def test_a_lookup_that_slack_cannot_answer_now_is_retried_not_skipped(
    db: Path, fake_slack: FakeSlack
) -> None:
    crash_while_delivering(db, fake_slack, 1, 1)
    store = open_store(db)
    fake_slack.fail_next(1, status=503)  # the lookup itself
    assert deliverer(store, client(fake_slack), "second").deliver_due(RESTART) == 0
    later = RESTART + timedelta(minutes=31)
    assert deliverer(store, client(fake_slack), "second").deliver_due(later) == 1
    store.close()
    assert_each_part_once(fake_slack, 1)


def test_a_network_error_before_sending_is_not_a_lost_answer(
    db: Path, fake_slack: FakeSlack
) -> None:
    store = open_store(db)
    enqueue(store, 1)
    with socket.socket() as probe:  # a port nothing listens on: connection refused
        probe.bind(("127.0.0.1", 0))
        refused = f"http://127.0.0.1:{probe.getsockname()[1]}/api/"
    down = WebClient(token=fake_slack.token, base_url=refused, retry_handlers=[])
    assert deliverer(store, down, "one").deliver_due(NOW) == 0
    assert deliverer(store, client(fake_slack), "one").deliver_due(RESTART) == 1
    store.close()
    assert_each_part_once(fake_slack, 1)
    assert fake_slack.calls("conversations.history") == []


def test_the_manifest_grants_what_the_lookup_reads() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    # History of every conversation kind, and finding channels and direct messages.
    assert set(HISTORY_SCOPES.values()) | {"channels:read", "groups:read", "im:write"} <= scopes
