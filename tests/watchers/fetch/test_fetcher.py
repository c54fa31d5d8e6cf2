import gzip
import os
import socket
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from ipaddress import ip_network
from pathlib import Path

import pytest

from support.feedserver import FeedServer, Response, conditional, gzip_stream, repeated
from watchers.errors import FetchError
from watchers.fetch.fetcher import FetchClient, FetchPolicy, fetch, parse_retry_after
from watchers.fetch.guard import AddressGuard
from watchers.model import FeedState

RSS = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>CAC</title>'
    + b"<item><title>\xe7\xbd\x91\xe4\xbf\xa1\xe5\x8a\x9e</title></item></channel></rss>"
)
LOOPBACK = (ip_network("127.0.0.0/8"), ip_network("::1"))
POLICY = FetchPolicy(
    connect_timeout=1.0, read_timeout=1.0, max_bytes=1 << 20, allow_networks=LOOPBACK
)
FRESH = FeedState(feed_id="cac")
MIB = 1 << 20


def test_200_then_304_with_conditional_headers(feed_server: FeedServer) -> None:
    modified = "Sat, 01 Mar 2025 10:00:00 GMT"
    url = feed_server.route("/rss.xml", conditional(RSS, etag='"v1"', last_modified=modified))

    first = fetch(url, FRESH, POLICY)
    assert (first.status, first.body, first.etag, first.last_modified) == (
        200,
        RSS,
        '"v1"',
        modified,
    )
    assert first.headers["etag"] == '"v1"'

    state = FeedState("cac", etag=first.etag, last_modified=first.last_modified)
    second = fetch(url, state, POLICY)
    assert (second.status, second.body) == (304, b"")
    assert (second.etag, second.last_modified) == ('"v1"', modified)

    sent = feed_server.requests_for("/rss.xml")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == modified


def test_304_without_validators_keeps_the_stored_ones(feed_server: FeedServer) -> None:
    url = feed_server.route("/rss.xml", Response(status=304))
    state = FeedState("cac", etag='"kept"', last_modified="Sat, 01 Mar 2025 10:00:00 GMT")
    result = fetch(url, state, POLICY)
    assert (result.status, result.etag, result.last_modified) == (
        304,
        '"kept"',
        state.last_modified,
    )


def test_first_fetch_sends_no_validators_and_announces_itself(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", RSS)
    fetch(url, FRESH, FetchPolicy(user_agent="policywatch-test/1", allow_networks=LOOPBACK))
    headers = feed_server.requests[0].headers
    assert "if-none-match" not in headers and "if-modified-since" not in headers
    assert headers["user-agent"] == "policywatch-test/1"
    assert "gzip" in headers["accept-encoding"] and "deflate" in headers["accept-encoding"]
    assert "application/rss+xml" in headers["accept"]


@pytest.mark.parametrize("status", [404, 410, 500, 502])
def test_http_errors_carry_the_status(feed_server: FeedServer, status: int) -> None:
    url = feed_server.serve("/rss.xml", b"oops", status=status, content_type="text/plain")
    with pytest.raises(FetchError, match=f"HTTP {status}") as caught:
        fetch(url, FRESH, POLICY)
    assert caught.value.status == status and caught.value.retry_after is None
    assert caught.value.url == url


def test_429_with_retry_after_seconds(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", b"", status=429, headers={"Retry-After": "120"})
    with pytest.raises(FetchError, match="HTTP 429") as caught:
        fetch(url, FRESH, POLICY)
    assert caught.value.status == 429 and caught.value.retry_after == timedelta(seconds=120)


def test_503_with_retry_after_http_date(feed_server: FeedServer) -> None:
    later = formatdate(time.time() + 3600, usegmt=True)
    url = feed_server.serve("/rss.xml", b"", status=503, headers={"Retry-After": later})
    with pytest.raises(FetchError, match="HTTP 503") as caught:
        fetch(url, FRESH, POLICY)
    wait = caught.value.retry_after
    assert wait is not None and timedelta(minutes=58) < wait <= timedelta(minutes=60)


NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "wait"),
    [
        ("0", timedelta(0)),
        (" 3600 ", timedelta(hours=1)),
        ("Sat, 01 Mar 2025 12:30:00 GMT", timedelta(minutes=30)),
        ("Sat, 01 Mar 2025 11:00:00 GMT", timedelta(0)),
        ("99999999999999999999", timedelta(days=3650)),
        ("soon", None),
        ("-5", None),
        ("", None),
    ],
)
def test_parse_retry_after(value: str, wait: timedelta | None) -> None:
    assert parse_retry_after(value, NOW) == wait


def test_a_non_ascii_stored_etag_is_sent_not_choked_on(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", RSS)
    result = fetch(url, FeedState("cac", etag='W/"网信"'), POLICY)
    assert result.status == 200
    assert feed_server.requests[0].headers["if-none-match"].encode("latin-1") == 'W/"网信"'.encode()


def test_a_feed_that_fails_then_recovers(feed_server: FeedServer) -> None:
    url = feed_server.route("/flaky.xml", [Response(status=503), Response(body=RSS)])
    with pytest.raises(FetchError, match="HTTP 503") as caught:
        fetch(url, FRESH, POLICY)
    assert caught.value.retry_after is None
    assert fetch(url, FRESH, POLICY).body == RSS
    assert fetch(url, FRESH, POLICY).body == RSS  # the last response repeats


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="request failed"):
        fetch(f"http://127.0.0.1:{port}/rss.xml", FRESH, POLICY)


@pytest.fixture
def unaccepting_port() -> Iterator[int]:
    """A port whose listen queue is full, so new connections hang in the handshake."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    for _ in range(8):
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    yield port
    for sock in [*fillers, server]:
        sock.close()


def test_connect_timeout(unaccepting_port: int) -> None:
    policy = replace(POLICY, connect_timeout=0.3, read_timeout=5)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"connect timeout after 0\.3s"):
        fetch(f"http://127.0.0.1:{unaccepting_port}/rss.xml", FRESH, policy)
    assert time.monotonic() - started < 3


def test_read_timeout(feed_server: FeedServer) -> None:
    url = feed_server.serve("/slow.xml", RSS, delay=2.0)
    policy = replace(POLICY, connect_timeout=1, read_timeout=0.3)
    with pytest.raises(FetchError, match=r"read timeout after 0\.3s"):
        fetch(url, FRESH, policy)


def test_a_dripping_body_is_cut_off_by_the_total_timeout(feed_server: FeedServer) -> None:
    drip = Response(stream=lambda: (b"<" for _ in range(100)), chunk_delay=0.2)
    url = feed_server.route("/drip.xml", drip)
    policy = replace(POLICY, read_timeout=1, total_timeout=0.5)
    with pytest.raises(FetchError, match=r"no complete answer within 0\.5s"):
        fetch(url, FRESH, policy)


def test_oversized_body_with_content_length(feed_server: FeedServer) -> None:
    url = feed_server.serve("/big.xml", b"x" * (MIB + 1))
    with pytest.raises(FetchError, match=f"response larger than {MIB} bytes"):
        fetch(url, FRESH, POLICY)


def test_body_exactly_at_the_limit_is_accepted(feed_server: FeedServer) -> None:
    url = feed_server.serve("/edge.xml", b"x" * MIB)
    assert len(fetch(url, FRESH, POLICY).body) == MIB


def test_huge_streamed_body_is_stopped_early(feed_server: FeedServer) -> None:
    url = feed_server.route("/huge.xml", Response(stream=lambda: repeated(b"<item/>", 1 << 30)))
    with pytest.raises(FetchError, match="larger than"):
        fetch(url, FRESH, POLICY)
    assert feed_server.wait_idle()
    # The client hung up: the server got nowhere near the gibibyte it offered.
    assert feed_server.requests[0].body_bytes_sent < 64 * MIB


def test_gzip_bomb_is_stopped_without_inflating_it(feed_server: FeedServer) -> None:
    bomb = Response(
        stream=lambda: gzip_stream(repeated(b"\0", 1 << 30)), headers={"Content-Encoding": "gzip"}
    )
    url = feed_server.route("/bomb.xml", bomb)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=f"response larger than {MIB} bytes"):
            fetch(url, FRESH, POLICY)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB
    assert feed_server.wait_idle()
    assert feed_server.requests[0].body_bytes_sent < 8 * MIB  # compressed bytes


def test_gzip_body_is_decompressed(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", RSS, gzip=True)
    result = fetch(url, FRESH, POLICY)
    assert result.body == RSS and result.headers["content-encoding"] == "gzip"


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_body_is_decompressed(feed_server: FeedServer, wbits: int) -> None:
    packer = zlib.compressobj(6, zlib.DEFLATED, wbits)
    packed = packer.compress(RSS) + packer.flush()
    url = feed_server.serve("/rss.xml", packed, headers={"Content-Encoding": "deflate"})
    assert fetch(url, FRESH, POLICY).body == RSS


def test_gzip_sent_without_content_encoding_is_decompressed(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml.gz", gzip.compress(RSS), content_type="application/gzip")
    assert fetch(url, FRESH, POLICY).body == RSS


def test_multi_member_gzip(feed_server: FeedServer) -> None:
    body = gzip.compress(RSS[:40]) + gzip.compress(RSS[40:])
    url = feed_server.serve("/rss.xml", body, headers={"Content-Encoding": "gzip"})
    assert fetch(url, FRESH, POLICY).body == RSS


def test_corrupt_gzip(feed_server: FeedServer) -> None:
    body = b"\x1f\x8b\x08\x00" + b"garbage" * 10
    url = feed_server.serve("/rss.xml", body, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="corrupt compressed body"):
        fetch(url, FRESH, POLICY)


def test_unsupported_content_encoding(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", b"\x8b\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(url, FRESH, POLICY)


def test_redirects_are_followed(feed_server: FeedServer) -> None:
    feed_server.route("/old", Response(status=301, headers={"Location": "/moved"}))
    feed_server.route("/moved", Response(status=302, headers={"Location": "/feeds/rss.xml"}))
    final = feed_server.serve("/feeds/rss.xml", RSS)
    result = fetch(feed_server.url("/old"), FRESH, POLICY)
    assert (result.status, result.body, result.url) == (200, RSS, final)


def test_redirect_loop_is_bounded(feed_server: FeedServer) -> None:
    url = feed_server.route("/loop", Response(status=302, headers={"Location": "/loop"}))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(url, FRESH, POLICY)
    assert len(feed_server.requests) == 6


def test_redirect_to_a_file_url_is_refused(feed_server: FeedServer) -> None:
    location = {"Location": "file:///etc/passwd"}
    url = feed_server.route("/sneaky", Response(status=302, headers=location))
    with pytest.raises(FetchError, match="redirect to unsupported URL"):
        fetch(url, FRESH, POLICY)


def test_a_callers_client_is_used_and_left_open(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", RSS)
    with FetchClient(AddressGuard(LOOPBACK)) as client:
        assert fetch(url, FRESH, POLICY, client=client).body == RSS
        assert fetch(url, FRESH, POLICY, client=client).body == RSS
        assert not client.http.is_closed
    # One pooled connection served both polls.
    assert len({r.client_port for r in feed_server.requests}) == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/feed.xml", "unsupported URL scheme 'ftp'"),
        ("http://", "request failed"),
        ("http://exa mple.org/rss.xml", "request failed"),
        ("file://feeds.example/rss.xml", "file URL on another host"),
    ],
)
def test_unusable_urls(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch(url, FRESH, POLICY)


def files_in(directory: Path) -> FetchPolicy:
    return replace(POLICY, file_roots=(directory,))


def test_file_url_then_304_by_mtime(tmp_path: Path) -> None:
    feed = tmp_path / "demo feed.xml"
    feed.write_bytes(RSS)
    os.utime(feed, (1_700_000_000, 1_700_000_000))
    url = feed.as_uri()

    first = fetch(url, FRESH, files_in(tmp_path))
    assert (first.status, first.body) == (200, RSS)
    assert first.last_modified == "Tue, 14 Nov 2023 22:13:20 GMT"

    state = FeedState("demo", etag=first.etag, last_modified=first.last_modified)
    assert fetch(url, state, files_in(tmp_path)).status == 304

    feed.write_bytes(RSS.replace(b"CAC", b"CAC!"))
    os.utime(feed, (1_700_000_100, 1_700_000_100))
    changed = fetch(url, state, files_in(tmp_path))
    assert changed.status == 200 and b"CAC!" in changed.body


def test_file_url_edited_within_the_same_second_is_not_mistaken_for_unchanged(
    tmp_path: Path,
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS)
    os.utime(feed, (1_700_000_000, 1_700_000_000))
    first = fetch(feed.as_uri(), FRESH, files_in(tmp_path))
    feed.write_bytes(RSS + b"\n<!-- more -->")
    os.utime(feed, ns=(1_700_000_000_500_000_000, 1_700_000_000_500_000_000))
    state = FeedState("demo", etag=first.etag, last_modified=first.last_modified)
    assert fetch(feed.as_uri(), state, files_in(tmp_path)).status == 200


def test_file_url_missing_or_too_big(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match="cannot read file: No such file"):
        fetch((tmp_path / "absent.xml").as_uri(), FRESH, files_in(tmp_path))
    with pytest.raises(FetchError, match="cannot read file"):
        fetch(f"file://{tmp_path}/nul%00byte.xml", FRESH, files_in(tmp_path))
    big = tmp_path / "big.xml"
    big.write_bytes(b"x" * (MIB + 1))
    with pytest.raises(FetchError, match="larger than"):
        fetch(big.as_uri(), FRESH, files_in(tmp_path))
