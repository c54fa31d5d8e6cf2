"""Which addresses a feed fetch may connect to: public ones, and those an operator allows.

A feed URL is written by whoever edits the config, and a feed can redirect anywhere.
Without a guard, ``http://169.254.169.254/`` (a cloud metadata service), the
database on ``127.0.0.1:5432`` or a host on the office network would be fetched on
their behalf. The check is made on the address a host name resolved to, just before
the socket is opened (see :mod:`watchers.fetch.client`), so numeric spellings
(``http://2852039166/``), IPv4-mapped IPv6 and DNS records that change between a
check and the connection all meet the same test. Pure: addresses come in as values.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from watchers.errors import AddressRefused

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# The first that applies names the refusal. ``is_private`` comes after the more
# telling kinds because Python counts loopback, link-local and reserved as private too.
_KINDS: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("loopback", lambda a: a.is_loopback),
    ("unspecified", lambda a: a.is_unspecified),
    ("link-local", lambda a: a.is_link_local),
    ("multicast", lambda a: a.is_multicast),
    ("reserved", lambda a: a.is_reserved),
    ("private", lambda a: a.is_private),
    ("site-local", lambda a: isinstance(a, ipaddress.IPv6Address) and a.is_site_local),
    ("non-public", lambda a: not a.is_global),
)
# RFC 6052: the well-known prefix a NAT64 gateway maps IPv4 addresses into.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def parse_network(text: str) -> IPNetwork:
    """An address (``127.0.0.1``, ``::1``) or a CIDR network (``10.0.0.0/8``).

    Raises ``ValueError`` for anything else, host bits set after the prefix included
    (``10.0.0.1/8`` is more likely a typo than a wish to allow the whole /8).
    """
    return ipaddress.ip_network(text.strip(), strict=True)


def literal_address(host: str) -> IPAddress | None:
    """The address a host written as a number stands for, or None for a name.

    Takes the forms a resolver takes too (``2852039166``, ``0x7f.1``, ``127.1``,
    ``[::1]``); asks no DNS server.
    """
    bare = host.strip("[]")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except (OSError, ValueError):  # ValueError: text inet_aton cannot encode
        return None


def refusal(address: IPAddress) -> str | None:
    """What makes ``address`` non-public (``"a loopback address"``, …), or None.

    IPv4 addresses carried inside IPv6 ones (mapped, 6to4, Teredo, NAT64) are
    judged as the IPv4 address they reach.
    """
    for inner in _embedded_ipv4(address):
        reason = refusal(inner)
        if reason:
            return f"it carries {inner}, {reason}"
    for kind, applies in _KINDS:
        if applies(address):
            return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
    return None


def _embedded_ipv4(address: IPAddress) -> Iterable[ipaddress.IPv4Address]:
    if isinstance(address, ipaddress.IPv4Address):
        return ()
    inner = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    if address in _NAT64:
        inner.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return [a for a in inner if a is not None]


@dataclass(frozen=True)
class AddressGuard:
    """Refuses non-public addresses unless one of ``allow`` contains them."""

    allow: tuple[IPNetwork, ...] = ()

    def check(self, host: str, address: str) -> IPAddress:
        """The address ``host`` resolved to, parsed, if a connection to it is allowed.

        Raises :class:`AddressRefused` saying what kind of address it is and how
        an operator would allow it.
        """
        parsed = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone
        if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
            parsed = parsed.ipv4_mapped  # the same IPv4 host, connected to as such
        if any(parsed in net for net in self.allow):
            return parsed
        reason = refusal(parsed)
        if reason is None:
            return parsed
        shown = host if host == str(parsed) else f"{host} ({parsed})"
        raise AddressRefused(
            host,
            f"refused to connect to {shown}: {reason}, not listed in settings.fetch.allow_networks",
        )
