"""A crash between sending a digest and marking it sent: the restart posts nothing twice.

Process A sends every due digest and is killed before it can record the sends; process B
is ``policywatch run --once`` on the same data directory. B sends the same digests again
with the same transaction ids from the same device, and the homeserver answers with the
events A created instead of posting new ones.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.delivery import ConsoleSink, Deliverer
from bot.service import Service
from support.service import rss, write_config
from support.synapse import Homeserver
from watchers.config.file import load_config
from watchers.storage import Store
from watchers.watch import Watch

pytestmark = pytest.mark.matrix

REPO = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("crash_child.py")
SHORT = rss(
    ("g1", "Data Security Law anniversary", "The Data Security Law took effect on June 1, 2021."),
)
# Sixty labelled items: a digest too long for one Matrix event, sent in parts.
LONG = rss(
    *(
        (
            f"b{n}",
            f"Data Security Law review {n}: " + "regulators " * 8,
            f"Officials said the Data Security Law took effect on June {n % 28 + 1}, 2021, "
            + "and enforcement of data rules continues across provinces. " * 3,
        )
        for n in range(60)
    )
)


def queue_digests(config_dir: Path, data_dir: Path) -> None:
    """Poll both feeds and queue both routes' digests, as the service would."""
    store = Store.open(f"sqlite:///{data_dir / 'policywatch.sqlite3'}")
    deliverer = Deliverer(store, {"console": ConsoleSink()}, "setup", random.Random(0))
    service = Service(Watch.build(load_config(config_dir), None), store, deliverer)
    service.poll_due()
    assert len(service.build_digests()) == 2
    store.close()


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_digest_sent_before_a_crash_is_not_posted_again(
    synapse: Homeserver, bot_factory, person_factory, rooms, feed_server, tmp_path: Path
) -> None:
    alice = person_factory(synapse, "alice")
    bot = bot_factory.register(synapse)
    room = alice.create_room(invite=[bot.user_id])
    alias = rooms.add_alias(synapse, alice.user, room)
    feeds = {
        "wire": feed_server.serve("/wire.xml", SHORT),
        "bulk": feed_server.serve("/bulk.xml", LONG),
    }
    config_dir = write_config(tmp_path / "config", feeds)
    (config_dir / "routes.yaml").write_text(
        "routes:\n"
        f"  - {{id: desk, destination: 'matrix:{alias}', schedule: 1h, feeds: [wire]}}\n"
        f"  - {{id: bulk, destination: 'matrix:{alias}', schedule: 1h, feeds: [bulk]}}\n",
        encoding="utf-8",
    )
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    queue_digests(config_dir, data_dir)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MATRIX_", "POLICYWATCH_"))},
        "POLICYWATCH_DATA_DIR": str(data_dir),
        "POLICYWATCH_CONFIG": str(config_dir),
        "POLICYWATCH_STANCE_MODEL": "none",
        "MATRIX_HOMESERVER": synapse.url,
        "MATRIX_USER_ID": bot.user_id,
        "MATRIX_PASSWORD": bot.password,
        "PYTHONPATH": str(REPO),
    }

    crashed = run([sys.executable, str(CHILD)], env)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    first_sends = dict(line.split() for line in crashed.stdout.splitlines())
    assert len(first_sends) == 2
    restarted = run([sys.executable, "-m", "bot.cli", "run", "--once"], env)
    assert restarted.returncode == 0, restarted.stderr

    store = Store.open(f"sqlite:///{data_dir / 'policywatch.sqlite3'}")
    sent = {str(e.id): e.remote_id for e in store.outbox("sent")}
    store.close()
    assert sent == first_sends
    bodies = [e["content"]["body"] for e in rooms.notices_from(alice, room, bot.user_id)]
    assert sum("policywatch digest · desk" in body for body in bodies) == 1
    bulk = [body.split("\n", 1)[0] for body in bodies if "policywatch digest · bulk" in body]
    assert len(bulk) == len(set(bulk)) == 4
    assert all(f"part {n} of 4" in " ".join(bulk) for n in range(1, 5))
