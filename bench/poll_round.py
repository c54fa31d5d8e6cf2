"""A round of polls one after another against the same round side by side.

Run as ``.venv/bin/python bench/poll_round.py [HOSTS] [FEEDS_PER_HOST] [DELAY_MS]``
(defaults 20, 3, 200). Starts HOSTS loopback feed servers (tests/support/feedserver.py),
each serving FEEDS_PER_HOST small feeds that answer after DELAY_MS, as a server on the
internet would, and fetches them all through one shared client: with one worker (the
old sequential loop) and with :func:`bot.pollpool.poll_all`'s defaults (16 workers,
2 per host). Prints both wall times and their ratio, measured in this one process.
"""

from __future__ import annotations

import sys
import time
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.pollpool import WORKERS, poll_all  # noqa: E402
from support.feedserver import FeedServer  # noqa: E402
from watchers.fetch.fetcher import FetchClient, FetchPolicy, fetch  # noqa: E402
from watchers.fetch.guard import AddressGuard  # noqa: E402
from watchers.model import FeedSpec, FeedState  # noqa: E402

BODY = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title></channel></rss>'
POLICY = FetchPolicy(allow_networks=(ip_network("127.0.0.0/8"),))


def main() -> None:
    given = [int(arg) for arg in sys.argv[1:4]]
    hosts, per_host, delay_ms = given + [20, 3, 200][len(given) :]
    servers = [FeedServer() for _ in range(hosts)]
    specs = [
        FeedSpec(
            id=f"h{h}-{n}",
            url=server.serve(f"/{n}.xml", BODY, delay=delay_ms / 1000),
            interval=timedelta(minutes=5),
        )
        for h, server in enumerate(servers)
        for n in range(per_host)
    ]
    timings = {}
    with FetchClient(AddressGuard(POLICY.allow_networks)) as client:

        def poll(spec: FeedSpec) -> int:
            return fetch(spec.url, FeedState(spec.id), POLICY, client=client).status

        for workers in (1, WORKERS):
            started = time.perf_counter()
            statuses = poll_all(specs, poll, workers=workers)
            timings[workers] = time.perf_counter() - started
            assert statuses == [200] * len(specs)
    for server in servers:
        server.close()
    print(f"{len(specs)} feeds on {hosts} hosts, each answering after {delay_ms} ms")
    for workers, seconds in timings.items():
        print(f"  {workers:2d} worker(s): {seconds:6.2f} s")
    print(f"  ratio sequential / side by side: {timings[1] / timings[WORKERS]:.1f}x")


if __name__ == "__main__":
    main()
