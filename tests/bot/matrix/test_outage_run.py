"""The homeserver out of reach for minutes under a running `policywatch run`: digests
wait, then arrive once each, whole and in order.

The process talks to the real Synapse through a proxy that is cut (every connection
dropped, new ones refused) until two digests came due, two minutes or so, while it
polls feeds that keep gaining items. What the room holds afterwards, read by a person
straight from the homeserver, must be every queued digest's parts exactly once, in the
order queued; every item served is stored once and in exactly one digest.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.digest import digest_from_dict
from bot.render.matrix import render_matrix_parts
from support.faultrun import Outage, deliver_everything, fault_run, item_problems, run_store
from support.growing import GrowingFeeds
from support.running import wait_for
from support.synapse import Homeserver
from support.tcpproxy import TcpProxy
from watchers.storage import Store

pytestmark = pytest.mark.matrix


def digest_bodies(rooms: Any, alice: Any, room: str, bot_id: str) -> list[str]:
    """The bodies of the digest notices the bot posted in the room, oldest first."""
    notices = rooms.notices_from(alice, room, bot_id)
    return [e["content"]["body"] for e in notices if "policywatch digest" in e["content"]["body"]]


def queued_bodies(store: Store) -> list[str]:
    """The bodies of every part of every digest queued to be sent, in the order queued."""
    return [
        part["body"]
        for entry in store.outbox()
        if entry.status != "held"
        for part in render_matrix_parts(digest_from_dict(entry.payload))
    ]


def test_digests_queued_while_the_homeserver_is_out_of_reach_arrive_once_each_in_order(
    synapse: Homeserver, bot_factory, person_factory, rooms, tmp_path
) -> None:
    alice = person_factory(synapse, "alice")
    bot = bot_factory.register(synapse)
    room = alice.create_room(invite=[bot.user_id])
    alias = rooms.add_alias(synapse, alice.user, room)
    feeds = GrowingFeeds(hosts=2, per_host=2, every=4.0)
    with (
        TcpProxy(synapse.settings.port) as proxy,
        fault_run(
            feeds,
            tmp_path,
            f"matrix:{alias}",
            MATRIX_HOMESERVER=f"http://127.0.0.1:{proxy.port}",
            MATRIX_USER_ID=bot.user_id,
            MATRIX_ACCESS_TOKEN=bot.access_token,
        ),
    ):
        wait_for(lambda: digest_bodies(rooms, alice, room, bot.user_id), "a digest", 90)
        store = run_store(tmp_path / "run")
        outage = Outage(feeds, store)
        proxy.cut()
        outage.last_until_two_digests(150)
        proxy.restore()
        deliver_everything(feeds, store)
    assert outage.problems() == []
    assert outage.queued[0].attempts >= 1  # tried, and refused, during the outage
    assert feeds.longest_wait() < 60
    assert item_problems(feeds, store) == []
    assert [e.status for e in store.outbox()] == ["sent"] * len(store.outbox())
    assert digest_bodies(rooms, alice, room, bot.user_id) == queued_bodies(store)
    store.close()
    feeds.close()
