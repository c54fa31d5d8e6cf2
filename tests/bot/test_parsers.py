"""Parsing in worker processes gives what parsing in place gives."""

import os
import signal

import pytest

from bot.parsers import IN_PLACE_BYTES, ParserPool
from support.service import rss
from watchers.errors import FeedParseError
from watchers.parser import parse_feed

URL = "https://feeds.example/feed"


def _large() -> bytes:
    paragraph = "<p>The regulator said the draft rules would be open for comment.</p>" * 12
    entries = [(f"g{n}", f"Notice {n}", paragraph) for n in range(60)]
    body = rss(*entries)
    assert len(body) >= IN_PLACE_BYTES
    return body


@pytest.fixture
def pool():
    made = ParserPool(workers=2)
    yield made
    made.close()


def test_a_large_document_reads_the_same_in_a_worker(pool) -> None:
    body = _large()
    here = parse_feed(body, feed_id="f", url=URL, language="en")
    there = pool.parse_feed(body, feed_id="f", url=URL, language="en")
    assert there == here and len(there.items) == 60
    assert [i.content_hash for i in there.items] == [i.content_hash for i in here.items]
    again = pool.parse_feed(body, feed_id="f", url=URL, language="en", seen=here.entries)
    assert again.items == () and again.entries == here.entries


def test_a_document_that_is_no_feed_raises_as_in_place(pool) -> None:
    page = b"<html><body>" + b"<p>Maintenance</p>" * 4000 + b"</body></html>"
    with pytest.raises(FeedParseError, match="not a feed: an HTML page") as raised:
        pool.parse_feed(page, feed_id="f", url=URL)
    assert raised.value.url == URL


def test_small_documents_start_no_worker() -> None:
    pool = ParserPool(workers=1)
    try:
        parsed = pool.parse_feed(rss(("g", "Title", "Text.")), feed_id="f", url=URL)
        assert len(parsed.items) == 1
        assert _workers() == []
    finally:
        pool.close()


def test_a_worker_that_dies_costs_one_document_and_is_replaced(pool) -> None:
    body = _large()
    pool.parse_feed(body, feed_id="f", url=URL)
    for pid in _workers():
        os.kill(pid, signal.SIGKILL)
    outcomes = []
    for _ in range(3):
        try:
            outcomes.append(len(pool.parse_feed(body, feed_id="f", url=URL).items))
        except FeedParseError as error:
            outcomes.append(str(error))
    assert outcomes[-1] == 60
    assert all(o == 60 or "parser process stopped" in str(o) for o in outcomes)


def _workers() -> list[int]:
    """This process's parser workers."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        if parent == os.getpid() and b"bot.parsers" in command:
            found.append(int(entry))
    return found


def test_documents_are_parsed_in_place_when_no_worker_can_start(monkeypatch) -> None:
    monkeypatch.setattr("sys.executable", "/nonexistent/python")
    pool = ParserPool(workers=1)
    try:
        body = _large()
        parsed = pool.parse_feed(body, feed_id="f", url=URL)
        assert parsed == parse_feed(body, feed_id="f", url=URL)
        with pytest.raises(FeedParseError, match="not a feed"):
            pool.parse_feed(b"<html>" + b"<p>down</p>" * 4000, feed_id="f", url=URL)
    finally:
        pool.close()
