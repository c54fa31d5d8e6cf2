"""Feeds for ``poll_cycle.py``: N feeds made from the shared real feeds, served on loopback.

Feed ``i`` is real capture ``i % len(captures)`` with every item made its own: its
title gets a mark naming the feed, and every URL (link, guid, href) a query parameter,
so no two feeds share an item by link, guid or content. A feed answers as one of three
kinds (by ``i % 10``): 0-6 send validators and answer 304 when they match; 7-8 send the
same body again without validators; 9 change between the cold and the warm cycle (its
first three items are replaced by new ones).

:func:`serve` runs the servers in a process of their own, so that their work is not
counted as the poller's: several ports, because a poll round takes at most two feeds
of one host at a time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import re
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from support.feedserver import FeedServer, RecordedRequest, Response  # noqa: E402

CAPTURES = ROOT.parent / "shared" / "datasets" / "real-feeds"
COLD, WARM = 0, 1
CHANGED_ITEMS = 3
NOT_MODIFIED, SAME_BODY, CHANGED = "304", "same body", "changed"

_ITEM_START = re.compile(rb"<(?:[\w.\-]+:)?(?:item|entry)[\s>]")
_TITLE = re.compile(rb"<title[^>]*>")
_URL = re.compile(rb"(<(?:link|guid)[^>]*>\s*(?:<!\[CDATA\[)?\s*|href=\")(https?://[^<\]\"\s]+)")


def captures() -> list[Path]:
    """The captured documents, in a stable order (the same list realfeeds.py uses)."""
    return sorted(p for p in CAPTURES.glob("*/*") if p.is_file() and p.name != "SOURCES.md")


def kind(index: int) -> str:
    return {7: SAME_BODY, 8: SAME_BODY, 9: CHANGED}.get(index % 10, NOT_MODIFIED)


def _marked(piece: bytes, mark: str) -> bytes:
    label = f"{mark} ".encode()
    piece = _TITLE.sub(lambda m: m.group(0) + label, piece, count=1)

    def url(m: re.Match[bytes]) -> bytes:
        joiner = b"&amp;" if b"?" in m.group(2) else b"?"
        return m.group(1) + m.group(2) + joiner + f"feed={mark}".encode()

    return _URL.sub(url, piece)


def _fresh(index: int, phase: int, n: int) -> bool:
    return phase == WARM and kind(index) == CHANGED and n < CHANGED_ITEMS


def _json_body(raw: bytes, index: int, phase: int) -> bytes:
    try:
        doc = json.loads(raw)
        items = doc["items"]
    except (ValueError, KeyError, TypeError):
        return raw  # the broken capture stays broken
    for n, item in enumerate(items):
        mark = f"f{index}{'r' if _fresh(index, phase, n) else ''}"
        item["title"] = f"{mark} {item.get('title', '')}"
        for key in ("id", "url"):
            if isinstance(item.get(key), str):
                item[key] += ("&" if "?" in item[key] else "?") + f"feed={mark}"
    return json.dumps(doc, ensure_ascii=False).encode()


def body(raw: bytes, index: int, phase: int) -> bytes:
    """Feed ``index``'s document in ``phase``: the capture with its items made unique."""
    if raw.lstrip()[:1] == b"{":
        return _json_body(raw, index, phase)
    starts = [m.start() for m in _ITEM_START.finditer(raw)]
    if not starts:
        return raw
    pieces = [raw[: starts[0]]]
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(raw)], strict=True)):
        pieces.append(_marked(raw[start:end], f"f{index}{'r' if _fresh(index, phase, n) else ''}"))
    return b"".join(pieces)


def read_captures() -> list[bytes]:
    out = []
    for path in captures():
        raw = path.read_bytes()
        out.append(gzip.decompress(raw) if raw.startswith(b"\x1f\x8b") else raw)
    return out


def _route(
    raws: list[bytes], index: int, phase: Synchronized[int], delay: float
) -> Callable[[RecordedRequest], Response]:
    raw = raws[index % len(raws)]
    content_type = "application/json" if raw.lstrip()[:1] == b"{" else "application/xml"

    def answer(request: RecordedRequest) -> Response:
        document = body(raw, index, phase.value)
        headers = {"Content-Type": content_type}
        if kind(index) != SAME_BODY:
            etag = '"' + hashlib.sha1(document).hexdigest()[:16] + '"'
            if request.headers.get("if-none-match") == etag:
                return Response(status=304, headers={"ETag": etag}, delay=delay)
            headers["ETag"] = etag
        return Response(body=document, headers=headers, delay=delay)

    return answer


def _serve(
    feeds: int, hosts: int, delay: float, phase: Synchronized[int], pipe: Connection
) -> None:
    raws = read_captures()
    servers = [FeedServer() for _ in range(hosts)]
    urls = [
        servers[i % hosts].route(f"/feed/{i}", _route(raws, i, phase, delay)) for i in range(feeds)
    ]
    pipe.send(urls)
    pipe.recv()  # until told to stop
    for server in servers:
        server.close()


class Served:
    """The feed servers' process: ``urls``, ``set_phase`` and ``close``."""

    def __init__(self, feeds: int, hosts: int, delay: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._phase: Synchronized[int] = context.Value("i", COLD)  # type: ignore[assignment]
        self._pipe, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(feeds, hosts, delay, self._phase, child), daemon=True
        )
        self._process.start()
        self.urls: list[str] = self._pipe.recv()

    def set_phase(self, phase: int) -> None:
        self._phase.value = phase

    def close(self) -> None:
        self._pipe.send("stop")
        self._process.join(timeout=10)
