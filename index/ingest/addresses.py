"""Which addresses a fetch may reach: public ones, unless the operator allows private networks.

Loopback, private, link-local, multicast and reserved addresses are refused unless explicitly allowed,
including an IPv4 address embedded in an IPv6 one (mapped, compatible, 6to4, Teredo, NAT64), which some
networks route to. `fetch.py` checks every hop after DNS resolution and again on the connected socket.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from index.errors import FetchError

__all__ = ["IPAddress", "IPNetwork", "PrivateAllowance", "allowed_address", "check_target", "display_url"]

# IPv6 ranges whose last 32 bits are an IPv4 address that some networks route to: NAT64, and the
# deprecated IPv4-compatible and IPv4-translated forms (which Python 3.11 calls global).
_IPV4_IN_LAST_32_BITS = tuple(
    ipaddress.IPv6Network(network) for network in ("64:ff9b::/96", "::/96", "::ffff:0:0:0/96")
)
# Not globally reachable, though Python 3.11 says they are: IETF protocol assignments, local-use
# NAT64 (RFC 8215) and the deprecated site-local range.
_NOT_GLOBAL = tuple(
    ipaddress.ip_network(network) for network in ("192.0.0.0/24", "64:ff9b:1::/48", "fec0::/10")
)
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# True allows every private address; a collection of networks allows only those (e.g. one intranet
# wiki), so the cloud metadata address stays refused.
PrivateAllowance = bool | Iterable[IPNetwork]


def check_target(url: str, allowance: bool | tuple[IPNetwork, ...]) -> None:
    try:
        parts = urlsplit(url)
        hostname, port = parts.hostname, parts.port
    except ValueError:  # e.g. a port that is not a number
        raise FetchError(f"{display_url(url)!r} is not a valid URL.") from None
    if parts.scheme not in {"http", "https"} or not hostname:
        raise FetchError(f"{display_url(url)!r} is not an http(s) URL.")
    if allowance is True:
        return
    try:
        infos = socket.getaddrinfo(hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"Cannot resolve {hostname}.") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not allowed_address(address, allowance):
            raise FetchError(f"{hostname} is a private or local address; qabot does not fetch those.")


def allowed_address(address: IPAddress, allowance: bool | tuple[IPNetwork, ...]) -> bool:
    if allowance is True or _is_public(address):
        return True
    return allowance is not False and any(address in network for network in allowance)


def _is_public(address: IPAddress) -> bool:
    """Globally routable, including any IPv4 address embedded in an IPv6 one (mapped, compatible,
    6to4, Teredo, NAT64), which some networks route to the embedded, possibly private, address."""
    embedded: list[IPAddress] = []
    if isinstance(address, ipaddress.IPv6Address):
        embedded += [a for a in (address.ipv4_mapped, address.sixtofour) if a is not None]
        embedded += list(address.teredo or ())
        if any(address in network for network in _IPV4_IN_LAST_32_BITS):
            embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return all(
        a.is_global and not a.is_multicast and not any(a in network for network in _NOT_GLOBAL)
        for a in (address, *embedded)
    )


def display_url(url: str) -> str:
    """The URL without any user:password, for messages and logs."""
    try:
        parts = urlsplit(url)
        if parts.username is None and parts.password is None:
            return url
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        if parts.port is not None:
            netloc += f":{parts.port}"
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "that URL" if "@" in url else url
