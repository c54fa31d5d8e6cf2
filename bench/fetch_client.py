"""Cost of a poll's fetch with one shared client against a new client per poll.

Run as ``.venv/bin/python bench/fetch_client.py [N]``. Serves a small RSS document
from a loopback server (tests/support/feedserver.py) and fetches it N times (default
300) through :func:`watchers.fetch.fetcher.fetch`: first building a client for each
fetch, as every poll once did, then through one shared :class:`FetchClient`. Prints
the wall time of each and their ratio, measured in this one process.
"""

from __future__ import annotations

import sys
import time
from ipaddress import ip_network
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.feedserver import FeedServer  # noqa: E402
from watchers.fetch.fetcher import FetchClient, FetchPolicy, fetch  # noqa: E402
from watchers.fetch.guard import AddressGuard  # noqa: E402
from watchers.model import FeedState  # noqa: E402

BODY = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
    + b"".join(b"<item><guid>%d</guid><title>Item %d</title></item>" % (i, i) for i in range(20))
    + b"</channel></rss>"
)
POLICY = FetchPolicy(allow_networks=(ip_network("127.0.0.0/8"),))
STATE = FeedState("bench")


def per_poll_clients(url: str, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        fetch(url, STATE, POLICY)
    return time.perf_counter() - started


def shared_client(url: str, n: int) -> float:
    started = time.perf_counter()
    with FetchClient(AddressGuard(POLICY.allow_networks)) as client:
        for _ in range(n):
            fetch(url, STATE, POLICY, client=client)
    return time.perf_counter() - started


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with FeedServer() as server:
        url = server.serve("/feed.xml", BODY)
        fetch(url, STATE, POLICY)  # warm imports and the server
        fresh = per_poll_clients(url, n)
        shared = shared_client(url, n)
    print(f"{n} fetches of a {len(BODY)}-byte feed over loopback")
    print(f"  a client per poll : {fresh:7.3f} s  ({fresh / n * 1000:6.2f} ms per fetch)")
    print(f"  one shared client : {shared:7.3f} s  ({shared / n * 1000:6.2f} ms per fetch)")
    print(f"  ratio per-poll / shared: {fresh / shared:.1f}x")


if __name__ == "__main__":
    main()
