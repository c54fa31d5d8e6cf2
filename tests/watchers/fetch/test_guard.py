"""Which addresses the address guard refuses, as plain values."""

from ipaddress import ip_address, ip_network

import pytest

from watchers.errors import AddressRefused
from watchers.fetch.guard import AddressGuard, literal_address, parse_network, refusal


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("ff02::1", "multicast"),
        ("fc00::1", "private"),
        ("fec0::1", "site-local"),
        ("::ffff:127.0.0.1", "it carries 127.0.0.1, a loopback address"),
        ("::ffff:169.254.169.254", "it carries 169.254.169.254, a link-local address"),
        ("2002:a00:1::1", "it carries 10.0.0.1, a private address"),  # 6to4
        ("64:ff9b::a9fe:a9fe", "it carries 169.254.169.254, a link-local address"),  # NAT64
    ],
)
def test_non_public_addresses_are_refused_by_kind(address: str, kind: str) -> None:
    article = "an" if kind.startswith("u") else "a"
    assert refusal(ip_address(address)) == (kind if " " in kind else f"{article} {kind} address")


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ip_address(address)) is None
    assert AddressGuard().check("feeds.example", address) == ip_address(address)


def test_the_refusal_names_host_address_kind_and_setting() -> None:
    with pytest.raises(AddressRefused) as info:
        AddressGuard().check("metadata.example", "169.254.169.254")
    assert str(info.value) == (
        "refused to connect to metadata.example (169.254.169.254): a link-local address,"
        " not listed in settings.fetch.allow_networks"
    )


def test_allowed_networks_let_their_addresses_through_and_no_others() -> None:
    guard = AddressGuard((ip_network("127.0.0.2/32"), ip_network("::1")))
    assert guard.check("a", "127.0.0.2") == ip_address("127.0.0.2")
    assert guard.check("a", "::1") == ip_address("::1")
    # A mapped IPv4 address is judged, and connected to, as the IPv4 address.
    assert guard.check("a", "::ffff:127.0.0.2") == ip_address("127.0.0.2")
    for other in ("127.0.0.1", "::ffff:127.0.0.1", "10.0.0.1"):
        with pytest.raises(AddressRefused, match=r"a (loopback|private)"):
            guard.check("a", other)


def test_networks_are_written_as_addresses_or_cidr() -> None:
    assert parse_network(" 10.0.0.0/8 ") == ip_network("10.0.0.0/8")
    assert parse_network("::1") == ip_network("::1/128")
    for bad in ("10.0.0.1/8", "localhost", "300.0.0.0/8"):
        with pytest.raises(ValueError):
            parse_network(bad)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2852039166", "169.254.169.254"),
        ("0x7f.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("10.0.0.1", "10.0.0.1"),
        ("feeds.example", None),
        ("例子.测试", None),
    ],
)
def test_literal_addresses_in_every_spelling(host: str, address: str | None) -> None:
    expected = ip_address(address) if address else None
    assert literal_address(host) == expected
