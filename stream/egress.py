"""Egress control for stream destinations: a room pushes only to a platform's public ingest.

A destination URL is a tenant's input that the service dials. Unchecked, it reaches the service's
own network (SSRF): loopback admin ports, the cloud metadata service at 169.254.169.254, private
hosts, with the room's last error telling open ports from closed ones. :func:`check_destination`
runs when a destination is stored and again before every connect. It wants a plain ``rtmp`` or
``rtmps`` URL without credentials, a host among the platform's ingest hosts (``custom`` skips that
list), and a host that resolves only to public addresses. IPv4 carried inside IPv6 (mapped, NAT64,
6to4, Teredo) is judged as the IPv4 it carries. An operator's ``stream.egress.allow`` ranges
(a private ingest; loopback in tests) are accepted whatever they are.

The copy (:mod:`stream.rtmp`) dials the checked address, so a DNS answer that changes after the check
(rebinding) cannot redirect it; the server still sees the host name in the RTMP ``tcUrl``, and for
rtmps the certificate is verified for that name (SNI), whatever address was dialled.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address, ip_network
from typing import Literal
from urllib.parse import urlsplit

from core.errors import InputError
from core.settings import EgressSettings

CUSTOM = "custom"
DEFAULT_PORTS = {"rtmp": 1935, "rtmps": 443}
MAX_URL = 2048

# IPv4 that is not reachable on the public Internet (RFC 6890 and its updates).
_NOT_PUBLIC_V4 = tuple(ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4"))
# IPv6: only global unicast is public, less its special blocks (IETF protocols, documentation).
_GLOBAL_V6 = ip_network("2000::/3")
_NOT_PUBLIC_V6 = tuple(ip_network(n) for n in ("2001::/23", "2001:db8::/32", "3fff::/20"))
_NAT64 = ip_network("64:ff9b::/96")
_HOST_NAME = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$")

IPAddress = IPv4Address | IPv6Address


class EgressError(InputError):
    """A destination the egress policy refuses: ``kind`` is what a tenant may learn of why."""

    def __init__(self, kind: Literal["refused", "unresolved"], message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Target:
    """A destination that passed :func:`check_destination`."""

    url: str
    dial_url: str  # what the copy dials: ``url`` with its host replaced by ``address``
    tc_url: str  # the RTMP tcUrl: the server part of ``url``, with the host name
    address: IPAddress
    host: str  # the URL's host name: the tcUrl's, and the one a TLS certificate must carry


def carried_v4(address: IPv6Address) -> list[IPv4Address]:
    """The IPv4 addresses an IPv6 address is delivered to (mapped, NAT64, 6to4, Teredo server and client)."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address in _NAT64:
        return [IPv4Address(int(address) & 0xFFFF_FFFF)]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)
    return []


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is an ordinary Internet address, IPv4 carried in IPv6 judged as itself."""
    if address.version == 4:
        return not any(address in net for net in _NOT_PUBLIC_V4)
    if carried := carried_v4(address):
        return all(is_public(v4) for v4 in carried)
    return address in _GLOBAL_V6 and not any(address in net for net in _NOT_PUBLIC_V6)


def address_allowed(address: IPAddress, policy: EgressSettings) -> bool:
    """Public, or inside one of the operator's ``allow`` ranges (itself or the IPv4 it carries)."""
    carried = carried_v4(address) if address.version == 6 else []

    def allowed(a: IPAddress) -> bool:
        return any(a.version == net.version and a in net for net in policy.allow)
    return allowed(address) or (bool(carried) and all(allowed(v4) for v4 in carried)) or is_public(address)


def check_destination(url: str, platform: str, policy: EgressSettings) -> Target:
    """``url`` checked against ``policy`` for ``platform`` (a destination's name); :class:`EgressError` if refused.

    Messages name the rule, never the URL, its host or the addresses it resolves to.
    """
    scheme, host, port = _parse(url)
    _on_platform(host, platform.strip().lower(), policy)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise EgressError("unresolved", "the destination's host does not resolve") from exc
    addresses = list(dict.fromkeys(ip_address(info[4][0]) for info in infos))
    if not addresses or not all(address_allowed(a, policy) for a in addresses):
        raise EgressError("refused", "the destination resolves to an address that is not allowed "
                                     "(loopback, private, link-local, metadata or reserved)")
    address = addresses[0]
    netloc = urlsplit(url).netloc
    rest = url[len(scheme) + 3 + len(netloc):]
    dial = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
    return Target(url=url, dial_url=f"{scheme}://{dial}{rest}", tc_url=url.rpartition("/")[0], address=address, host=host)


def _parse(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of a plain rtmp(s) URL; anything a parser could read two ways is refused."""
    invalid = EgressError("refused", "a destination is a plain rtmp:// or rtmps:// URL: a host name or address, "
                                     "an optional port, a path, no credentials and no control characters")
    if (len(url) > MAX_URL or not url.isascii() or "\\" in url
            or any(ord(c) <= 0x20 or ord(c) == 0x7F for c in url) or not url.startswith(("rtmp://", "rtmps://"))):
        raise invalid
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        raise invalid from None
    host = parts.hostname or ""
    if "@" in parts.netloc or "%" in parts.netloc or not host:
        raise invalid
    try:
        port = DEFAULT_PORTS[parts.scheme] if parts.port is None else parts.port
    except ValueError:
        raise invalid from None
    if port == 0:
        raise invalid
    if ":" in host:
        try:
            ip_address(host)
        except ValueError:
            raise invalid from None
    elif not _HOST_NAME.match(host):
        raise invalid
    return parts.scheme, host, port


def _on_platform(host: str, platform: str, policy: EgressSettings) -> None:
    """The host must be one of the platform's ingests (or under one of its domains), unless it is ``custom``."""
    if platform == CUSTOM:
        return
    if platform not in policy.platforms:
        raise EgressError("refused", f"unknown platform: name a destination one of {', '.join(sorted(policy.platforms))} "
                                     f"or {CUSTOM}")
    name = host.rstrip(".")
    if not any(name == h or name.endswith(f".{h}") for h in (h.lower().rstrip(".") for h in policy.platforms[platform])):
        raise EgressError("refused", f"the destination is not an ingest host of {platform}: use the server URL the "
                                     f"platform gives, or name the destination {CUSTOM}")
