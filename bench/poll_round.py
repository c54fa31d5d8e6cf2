"""A round of polls one at a time against the same round side by side, through the engine.

Run as ``.venv/bin/python bench/poll_round.py [HOSTS] [FEEDS_PER_HOST] [DELAY_MS]``
(defaults 20, 3, 200). Starts HOSTS loopback feed servers (tests/support/feedserver.py),
each serving FEEDS_PER_HOST small feeds that answer after DELAY_MS, as a server on the
internet would, and has the real service poll them all once (``Service.poll_due``, the
polling engine) with ``settings.polling.workers`` at 1 (one poll after another) and at
its default of 16 (2 per host). Prints both wall times and their ratio, measured in
this one process.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.feedserver import FeedServer  # noqa: E402
from support.service import make_service, write_config  # noqa: E402
from watchers.config.schema import PollingSettings  # noqa: E402

BODY = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title></channel></rss>'


def main() -> None:
    given = [int(arg) for arg in sys.argv[1:4]]
    hosts, per_host, delay_ms = given + [20, 3, 200][len(given) :]
    servers = [FeedServer() for _ in range(hosts)]
    feeds = {
        f"h{h}_{n}": server.serve(f"/{n}.xml", BODY, delay=delay_ms / 1000)
        for h, server in enumerate(servers)
        for n in range(per_host)
    }
    timings = {}
    for workers in (1, PollingSettings().workers):
        with tempfile.TemporaryDirectory() as work:
            settings = f"settings:\n  polling: {{workers: {workers}}}\n"
            config = write_config(Path(work) / "config", feeds, settings)
            harness = make_service(config, Path(work) / "db.sqlite3")
            started = time.perf_counter()
            reports = harness.service.poll_due()
            timings[workers] = time.perf_counter() - started
            assert [r.status for r in reports] == ["updated"] * len(feeds)
            harness.service.close()
            harness.store.close()
    for server in servers:
        server.close()
    print(f"{len(feeds)} feeds on {hosts} hosts, each answering after {delay_ms} ms")
    for workers, seconds in timings.items():
        print(f"  {workers:2d} worker(s): {seconds:6.2f} s")
    print(f"  ratio one at a time / side by side: {timings[1] / timings[max(timings)]:.1f}x")


if __name__ == "__main__":
    main()
