"""Two `policywatch run` instances share feeds through PostgreSQL while they are killed
(SIGKILL) at random moments and started again: every item served is stored once, and
the feeds a killed instance held are polled by another (or by it, restarted)."""

import random
import signal
import socket
import time

from support.growing import GrowingFeeds
from support.postgres import fresh_schema
from support.running import Running, start_run, wait_for
from support.service import write_config
from watchers.storage import Store

SETTINGS = "settings:\n  polling: {workers: 4, per_host: 2, lease: 3s, min_interval: 1s}\n"
KILLS = 3


def owner_prefix(run: Running) -> str:
    """How the instance names itself in leases (see bot.service.instance_name)."""
    return f"{socket.gethostname()}:{run.process.pid}:"


def test_instances_killed_mid_poll_lose_and_double_nothing(tmp_path) -> None:
    rng = random.Random(7)
    feeds = GrowingFeeds(hosts=3, per_host=4, every=1.0, delay=(0.2, 1.0))
    config = write_config(tmp_path / "c", feeds.urls, SETTINGS, interval="2s")
    with fresh_schema() as url:
        store = Store.open(url)  # migrated here, so that instances may start side by side
        runs = [start_run(config, tmp_path / name, POLICYWATCH_DATABASE_URL=url) for name in "ab"]
        held_by_killed: list[tuple[str, set[str], float]] = []
        logs = []
        try:
            wait_for(lambda: all(run.up() for run in runs), "both instances")
            for kill in range(KILLS):
                time.sleep(rng.uniform(1.5, 4.0))
                # A restarted instance may still be starting: kill one that polls.
                alive = wait_for(lambda: [n for n, run in enumerate(runs) if run.up()], "one up")
                victim = rng.choice(alive)
                dead = runs[victim]
                dead.signal(signal.SIGKILL)
                dead.process.wait()
                killed_at = time.monotonic()
                prefix = owner_prefix(dead)
                leases = store.feed_leases()
                held = {f for f, lease in leases.items() if lease.owner.startswith(prefix)}
                owner = next((leases[f].owner for f in held), prefix)
                held_by_killed.append((owner, held, killed_at))
                logs.append(dead.log)
                workdir = tmp_path / f"{'ab'[victim]}{kill + 1}"
                runs[victim] = start_run(config, workdir, POLICYWATCH_DATABASE_URL=url)
            feeds.settle(store, since=time.monotonic())
            wait_for(lambda: all(run.up() for run in runs), "both instances")
        finally:
            codes = [run.stop() for run in runs]
        logs.extend(run.log for run in runs)
        assert feeds.problems(store) == []
        assert codes == [0, 0], [run.stderr[-2000:] for run in runs]
        # What a killed instance held was taken over and polled again after the kill.
        text = "".join(log.read_text(encoding="utf-8") for log in logs if log)
        assert any(held for _, held, _ in held_by_killed)
        for owner, held, killed_at in held_by_killed:
            assert held <= feeds.asked_after(killed_at)
            for feed_id in held:
                assert f"feed {feed_id} taken over from {owner}" in text
        # No feed waited for a poll a minute or more, kills included.
        assert feeds.longest_wait() < 60
        store.close()
    feeds.close()
