"""Many copies of the captured real feeds, served on loopback from a child process.

Used by ``engine_lag.py``. Each copy's items are made its own: titles get the copy's
number in front, links and ids a ``copy=N`` query parameter, so that no copy's item
is taken for another's (items are the same when their link or content is). The
documents stay as captured otherwise: their formats, encodings and oddities.

The servers run in a child process so that answering takes none of the measured
process's time. Each answer comes after a random delay, as from a server on the
internet, and carries an ETag: the current one gets a 304, and the ETag changes every
``change_every`` minutes (the same items sent again, as many servers do).
"""

from __future__ import annotations

import random
import re
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

_TITLE = re.compile(rb"(<title(?:\s[^>]*)?>)")
_JSON_TITLE = re.compile(rb'("title"\s*:\s*")')
_TEXT_LINK = re.compile(rb"(<(?:link|guid|id)(?:\s[^>]*)?>)\s*([^<\s]+)\s*(</(?:link|guid|id)>)")
_HREF = re.compile(rb'(<link\b[^>]*?\bhref=")([^"]+)(")')
_JSON_LINK = re.compile(rb'("(?:url|id|external_url)"\s*:\s*")([^"]+)(")')


def uniquify(document: bytes, copy: int) -> bytes:
    """``document`` with every title, link and id marked as copy number ``copy``'s."""

    def mark(match: re.Match[bytes]) -> bytes:
        url = match.group(2)
        joiner = b"&" if b"?" in url else b"?"
        return match.group(1) + url + joiner + b"copy=%d" % copy + match.group(3)

    document = _TITLE.sub(lambda m: m.group(1) + b"%d: " % copy, document)
    document = _JSON_TITLE.sub(lambda m: m.group(1) + b"%d: " % copy, document)
    for pattern in (_TEXT_LINK, _HREF, _JSON_LINK):
        document = pattern.sub(mark, document)
    return document


def serve_copies(
    pipe: Connection,
    bodies: list[bytes],
    hosts: int,
    delay_ms: tuple[int, int],
    change_every: float,
) -> None:
    """Serve ``bodies`` (feed n at /fNNNN.xml of server n % hosts); send the URLs down
    ``pipe``, then serve until anything else comes down it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from support.feedserver import FeedServer, RecordedRequest, Response

    servers = [FeedServer() for _ in range(hosts)]
    rng = random.Random(1)
    period = change_every * 60

    def route(n: int, body: bytes, phase: float):  # type: ignore[no-untyped-def]
        def answer(request: RecordedRequest) -> Response:
            etag = f'"{n}-{int((time.time() + phase) // period)}"'
            delay = rng.uniform(*delay_ms) / 1000
            if request.headers.get("if-none-match") == etag:
                return Response(status=304, headers={"ETag": etag}, delay=delay)
            headers = {"ETag": etag, "Content-Type": "application/xml"}
            return Response(body=body, headers=headers, delay=delay)

        return answer

    urls = [
        servers[n % hosts].route(f"/f{n:04d}.xml", route(n, body, rng.uniform(0, period)))
        for n, body in enumerate(bodies)
    ]
    pipe.send(urls)
    pipe.recv()
    for server in servers:
        server.close()
