"""The address guard on real connections: loopback servers, numeric hosts, redirects, files."""

import ipaddress
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from ipaddress import ip_network
from pathlib import Path
from typing import Any

import pytest

from support.feedserver import FeedServer, Response
from watchers.errors import FetchError
from watchers.fetch.fetcher import FetchPolicy, fetch
from watchers.model import FeedState

RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
FRESH = FeedState(feed_id="f")
GUARDED = FetchPolicy(connect_timeout=1.0, read_timeout=1.0)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A safety net: should the guard ever fail, these tests still stay on this machine."""
    connect = socket.create_connection

    def loopback_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise AssertionError(f"a connection to {address[0]} was attempted")
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", loopback_connection)


@pytest.fixture
def second_loopback() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.2, so that 127.0.0.1 can stay guarded."""
    with FeedServer("127.0.0.2") as server:
        yield server


def only(*networks: str) -> FetchPolicy:
    return replace(GUARDED, allow_networks=tuple(ip_network(n) for n in networks))


def test_loopback_is_refused_by_default_and_nothing_is_sent(feed_server: FeedServer) -> None:
    url = feed_server.serve("/rss.xml", RSS)
    with pytest.raises(FetchError, match=r"refused to connect to 127.0.0.1: a loopback address"):
        fetch(url, FRESH, GUARDED)
    assert feed_server.requests == []
    assert fetch(url, FRESH, only("127.0.0.0/8")).body == RSS


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("2130706433", r"2130706433 \(127.0.0.1\): a loopback"),  # as one decimal number
        ("0x7f000001", r"0x7f000001 \(127.0.0.1\): a loopback"),
        ("127.1", r"127.1 \(127.0.0.1\): a loopback"),
        ("0.0.0.0", r"0.0.0.0: an unspecified address"),  # reaches local servers on Linux
        ("[::ffff:127.0.0.1]", r"::ffff:127.0.0.1 \(127.0.0.1\): a loopback"),
        ("[::ffff:7f00:1]", r"::ffff:7f00:1 \(127.0.0.1\): a loopback"),
        ("localhost", r"localhost \((127.0.0.1|::1)\): a loopback"),
    ],
)
def test_numeric_and_named_forms_of_local_addresses_are_refused(
    feed_server: FeedServer, host: str, refused: str
) -> None:
    port = feed_server.base_url.rsplit(":", 1)[1]
    feed_server.serve("/rss.xml", RSS)
    with pytest.raises(FetchError, match=f"refused to connect to {refused}"):
        fetch(f"http://{host}:{port}/rss.xml", FRESH, GUARDED)
    assert feed_server.requests == []


def test_ipv6_loopback_is_refused_unless_allowed() -> None:
    with FeedServer("::1") as server:
        url = server.serve("/rss.xml", RSS)
        with pytest.raises(FetchError, match="refused to connect to ::1: a loopback address"):
            fetch(url, FRESH, only("127.0.0.0/8"))
        assert fetch(url, FRESH, only("::1")).body == RSS


@pytest.mark.parametrize(
    ("location", "refused"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254: a link-local address"),
        ("http://2852039166/latest/meta-data/", r"2852039166 \(169.254.169.254\): a link-local"),
        ("http://10.0.0.1:5432/", "10.0.0.1: a private address"),
        ("http://[::ffff:a9fe:a9fe]/", r"\(169.254.169.254\): a link-local address"),
        ("http://[64:ff9b::a9fe:a9fe]/", "it carries 169.254.169.254, a link-local address"),
        ("http://[fd00::1]/", "fd00::1: a private address"),
    ],
)
def test_a_redirect_to_a_guarded_address_is_refused_before_connecting(
    second_loopback: FeedServer, location: str, refused: str
) -> None:
    url = second_loopback.route("/moved", Response(status=302, headers={"Location": location}))
    with pytest.raises(FetchError, match=f"redirect to .*refused to connect to .*{refused}"):
        fetch(url, FRESH, only("127.0.0.2/32"))


def test_a_redirect_to_loopback_outside_the_allowed_network_is_refused(
    feed_server: FeedServer, second_loopback: FeedServer
) -> None:
    target = feed_server.serve("/internal", b"secret")
    url = second_loopback.route("/moved", Response(status=301, headers={"Location": target}))
    with pytest.raises(FetchError, match=r"redirect to http://127.0.0.1:.*a loopback address"):
        fetch(url, FRESH, only("127.0.0.2/32"))
    assert feed_server.requests == []
    assert len(second_loopback.requests) == 1


def test_an_allowed_redirect_chain_is_followed(
    feed_server: FeedServer, second_loopback: FeedServer
) -> None:
    target = feed_server.serve("/rss.xml", RSS)
    url = second_loopback.route("/moved", Response(status=302, headers={"Location": target}))
    assert fetch(url, FRESH, only("127.0.0.1", "127.0.0.2")).body == RSS


def test_the_whole_exchange_is_bounded_even_when_headers_trickle() -> None:
    """A server that sends one header byte at a time, each well within the read timeout."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nX-Padding: ")
            while not stop.wait(0.05):
                conn.sendall(b"x")

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    policy = replace(only("127.0.0.1"), read_timeout=5.0, total_timeout=0.5)
    try:
        with pytest.raises(FetchError, match=r"no complete answer within 0\.5s"):
            fetch(f"http://127.0.0.1:{port}/rss.xml", FRESH, policy)
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def test_files_are_read_only_under_the_allowed_roots(tmp_path: Path) -> None:
    allowed, other = tmp_path / "feeds", tmp_path / "private"
    allowed.mkdir()
    other.mkdir()
    (allowed / "ok.xml").write_bytes(RSS)
    (other / "secret.xml").write_bytes(RSS)
    (allowed / "link.xml").symlink_to(other / "secret.xml")
    policy = replace(GUARDED, file_roots=(allowed,))
    assert fetch((allowed / "ok.xml").as_uri(), FRESH, policy).body == RSS
    for path in (other / "secret.xml", allowed / "link.xml", allowed / ".." / "private"):
        with pytest.raises(FetchError, match="outside the directories feeds may be read from"):
            fetch(path.as_uri(), FRESH, policy)
    with pytest.raises(FetchError, match="outside the directories"):
        fetch("file:///etc/passwd", FRESH, GUARDED)


def test_a_host_is_resolved_once_and_the_checked_address_is_the_one_connected_to(
    second_loopback: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the first answer passes the check, every later one is guarded.

    No DNS server runs here, so the resolver is replaced for one made-up name; a
    client that resolved again to connect would reach 127.0.0.1, not the server.
    """
    port = int(second_loopback.base_url.rsplit(":", 1)[1])
    url = second_loopback.serve("/rss.xml", RSS).replace("127.0.0.2", "rebind.test")
    resolve = socket.getaddrinfo
    asked: list[str] = []

    def rebinding(host: str, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return resolve(host, *args, **kwargs)
        asked.append(host)
        address = "127.0.0.2" if len(asked) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    assert fetch(url, FRESH, only("127.0.0.2/32")).body == RSS
    assert asked == ["rebind.test"]
    assert second_loopback.requests[0].headers["host"] == f"rebind.test:{port}"


def test_an_answer_that_is_not_http_is_not_quoted() -> None:
    listener = socket.create_server(("127.0.0.1", 0))

    def banner() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"SSH-2.0-OpenSSH_internal-build-7\r\n")
            conn.recv(65536)

    thread = threading.Thread(target=banner, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    try:
        with pytest.raises(FetchError) as info:
            fetch(url, FRESH, only("127.0.0.1"))
    finally:
        thread.join(5)
        listener.close()
    assert str(info.value) == f"{url}: request failed: the answer is not valid HTTP"
