"""`policywatch run` posting digests to the fake Slack Web API, for fault tests of the
real process (see :mod:`support.faultrun`); and what the fake received, held against
what the service queued.

The service's outbox says which digests were queued and what each holds; the fake says
what Slack was given. :func:`delivery_problems` compares the two from the fake's side,
so that a digest posted twice, a part lost, a line missing or digests out of order show
up as a readable list.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bot.digest import digest_from_dict
from bot.render.slack import render_slack
from bot.slack.history import EVENT_TYPE
from support.fakeslack import FakeSlack, PostedMessage
from support.faultrun import item_links
from support.running import Running, start_run
from watchers.storage import Store

DIGEST_CHANNEL = "C0DIGEST01"  # the fake's #policy-digest
SLACK_ROUTE = "slack:#policy-digest"


def slack_env(fake: FakeSlack) -> dict[str, str]:
    """The environment of a Slack deployment in HTTP mode whose Web API is ``fake``."""
    return {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": fake.signing_secret,
        "POLICYWATCH_SLACK_MODE": "http",
        "POLICYWATCH_HTTP_PORT": "0",
        "POLICYWATCH_SLACK_API_URL": fake.url,
    }


def start_slack_run(config: Path, workdir: Path, fake: FakeSlack) -> Running:
    """`policywatch run` on SQLite in ``workdir``/data, posting to ``fake``."""
    return start_run(config, workdir, **slack_env(fake))


def delivery_problems(fake: FakeSlack, store: Store, channel: str = DIGEST_CHANNEL) -> list[str]:
    """What is wrong with the digests the fake holds in ``channel``, against ``store``'s
    outbox: a digest not sent, a part posted twice or missing, a part outside its
    digest's thread, a message no digest accounts for, digests out of the order they
    were queued in, item lines missing or doubled. Empty when all is well."""
    entries = [e for e in store.outbox() if e.status != "held"]
    posted = [m for m in fake.messages(channel) if m.bot_id]
    parts = _parts_by_txn(posted)
    out = [f"digest {e.id} is {e.status}: {e.last_error}" for e in entries if e.status != "sent"]
    firsts: list[tuple[int, str]] = []
    for entry in entries:
        got = parts.pop(entry.txn_id, [])
        want = len(render_slack(digest_from_dict(entry.payload)))
        numbers = sorted(n for n, _ in got)
        if numbers != list(range(1, want + 1)):
            out.append(f"digest {entry.id}: parts {numbers} posted, {want} expected")
        first = next((m for n, m in got if n == 1), None)
        if first is None:
            continue
        firsts.append((entry.id, first.ts))
        if entry.status == "sent" and entry.remote_id != f"{channel}:{first.ts}":
            out.append(f"digest {entry.id}: recorded as {entry.remote_id}, posted as {first.ts}")
        out += [
            f"digest {entry.id}: part {n} outside its thread"
            for n, m in got
            if (m.thread_ts is None) != (n == 1) or (n != 1 and m.thread_ts != first.ts)
        ]
    out += [f"{len(got)} messages of no queued digest ({txn})" for txn, got in parts.items()]
    in_order = [entry_id for entry_id, _ in sorted(firsts, key=lambda f: _ts(f[1]))]
    if in_order != sorted(in_order):
        out.append(f"digests posted in the order {in_order}")
    received = Counter(_item_links_in(posted))
    expected = item_links(entries)
    out += [f"{link} posted {received[link]} times" for link in expected if received[link] != 1]
    out += [f"{link} posted but in no digest" for link in received if link not in expected]
    return out


def _parts_by_txn(posted: Iterable[PostedMessage]) -> dict[str, list[tuple[int, PostedMessage]]]:
    found: dict[str, list[tuple[int, PostedMessage]]] = defaultdict(list)
    for message in posted:
        metadata = message.metadata or {}
        payload = metadata.get("event_payload") or {}
        if metadata.get("event_type") == EVENT_TYPE:
            found[str(payload.get("txn_id"))].append((int(payload.get("part", 0)), message))
        else:
            found["(no metadata)"].append((0, message))
    return found


def _item_links_in(posted: Iterable[PostedMessage]) -> Iterator[str]:
    """The item links of the rich-text lines of ``posted`` (the claim page's are not)."""
    for message in posted:
        yield from (
            e["url"]
            for e in _elements(message.blocks or [])
            if e.get("type") == "link" and e.get("text") != "claim page"
        )


def _elements(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        node = list(node.values())
    if isinstance(node, list):
        for value in node:
            yield from _elements(value)


def _ts(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros or 0)
