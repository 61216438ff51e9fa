"""A SIP trunk parsed from its URL, ``sip:user:pass@host:port;transport=udp|tcp|tls[;register=yes]``, and checked
as hostile input.

The URL comes from a merchant, so every part is validated before it reaches PJSIP or a SIP header: the host
is a DNS name or an IP literal, the port a number, the user and password printable (percent-escapes
decoded), no parameter but ``transport``. Errors name the part that is wrong and never repeat the URL, which
holds the password; the password is kept as a ``SecretStr`` so no repr or log line shows it.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Literal
from urllib.parse import unquote

from pydantic import BaseModel, ConfigDict, SecretStr

from calls.dialer import TrunkConfig

Transport = Literal["udp", "tcp", "tls"]

MAX_URL_CHARS = 1024
DEFAULT_PORTS: dict[str, int] = {"udp": 5060, "tcp": 5060, "tls": 5061}
MAX_CHANNELS = 1000
MAX_CPS = 100.0
REGISTER_VALUES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}

_HOSTNAME = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")
# RFC 3261 user: unreserved / escaped / user-unreserved; checked after decoding as "printable, no separators".
_USER = re.compile(r"^[A-Za-z0-9\-_.!~*'()&=+$,%]{1,64}$")
_CALLER_ID = re.compile(r"^(\+?[0-9]{3,15}|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")
_E164 = re.compile(r"^\+?[1-9][0-9]{2,14}$")


class TrunkUrlError(ValueError):
    """A trunk URL or setting is unusable; the message names the part, never the password."""


class SipTrunk(BaseModel):
    """Where and how calls leave: one SIP trunk with its limits."""

    model_config = ConfigDict(frozen=True)

    transport: Transport
    host: str  # DNS name, IPv4, or IPv6 without brackets
    port: int
    username: str = ""
    password: SecretStr = SecretStr("")
    caller_id: str
    max_channels: int
    calls_per_second: float
    registers: bool = False  # the trunk wants its user registered (REGISTER, digest-authenticated) before calls

    @property
    def aor_uri(self) -> str:
        """The address of record a registering trunk knows us by: its user at the trunk."""
        return f"sip:{self.username}@{self.hostport}"

    @property
    def hostport(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def uri_for(self, number: str) -> str:
        """The request URI that rings ``number`` (E.164, checked here again) through this trunk."""
        if not _E164.match(number):
            raise TrunkUrlError("the number to call is not an E.164 number (+ and 3 to 15 digits)")
        return f"sip:{number}@{self.hostport};transport={self.transport}"

    @property
    def from_uri(self) -> str:
        return f"sip:{self.caller_id}@{self.hostport}"


def _host(raw: str) -> str:
    if raw.startswith("["):
        if not raw.endswith("]"):
            raise TrunkUrlError("the trunk host has an unclosed '[' (IPv6 literals are written [2001:db8::1])")
        try:
            return str(ipaddress.IPv6Address(raw[1:-1]))
        except ValueError:
            raise TrunkUrlError("the trunk host in [...] is not an IPv6 address") from None
    try:
        return str(ipaddress.IPv4Address(raw))
    except ValueError:
        pass
    if re.fullmatch(r"[0-9.]+", raw) or not _HOSTNAME.match(raw):
        raise TrunkUrlError("the trunk host is neither a DNS name nor an IP address")
    return raw.lower().rstrip(".")


def _userinfo(raw: str) -> tuple[str, str]:
    user, sep, password = raw.partition(":")
    if not user:
        raise TrunkUrlError("the trunk URL has credentials without a user name")
    if not _USER.match(user):
        raise TrunkUrlError("the trunk user name has characters a SIP user may not have")
    user, password = unquote(user), unquote(password)
    for what, value in (("user name", user), ("password", password)):
        if any(ord(c) < 0x21 or ord(c) == 0x7F for c in value) or len(value) > 128:
            raise TrunkUrlError(f"the trunk {what} holds spaces or control characters, or is too long")
    if sep and not password:
        raise TrunkUrlError("the trunk URL has an empty password (leave out ':' for none)")
    return user, password


def parse_trunk_url(url: str, *, caller_id: str, max_channels: int = 10, calls_per_second: float = 5.0) -> SipTrunk:
    """Parse and check ``sip:user:pass@host:port;transport=udp|tcp|tls`` (``sips:`` means TLS) and the limits."""
    if not isinstance(url, str) or not url:
        raise TrunkUrlError("the trunk URL is empty")
    if len(url) > MAX_URL_CHARS:
        raise TrunkUrlError(f"the trunk URL is longer than {MAX_URL_CHARS} characters")
    if any(ord(c) < 0x21 or ord(c) > 0x7E for c in url):
        raise TrunkUrlError("the trunk URL holds spaces, control or non-ASCII characters (percent-encode them)")
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in ("sip", "sips"):
        raise TrunkUrlError("the trunk URL must start with sip: or sips:")
    if rest.startswith("//"):
        raise TrunkUrlError("a SIP URL has no '//' after the scheme: sip:user:pass@host:port")
    if "?" in rest:
        raise TrunkUrlError("the trunk URL may not carry headers ('?')")
    address, _, params_raw = rest.partition(";")
    userinfo, at, hostport = address.rpartition("@")
    username, password = _userinfo(userinfo) if at else ("", "")

    transport = "tls" if scheme == "sips" else "udp"
    register = False
    for param in filter(None, params_raw.split(";")):
        name, _, value = param.partition("=")
        name, value = name.lower(), value.lower()
        if name == "register":
            if value not in REGISTER_VALUES:
                raise TrunkUrlError("register must be yes or no")
            register = REGISTER_VALUES[value]
            continue
        if name != "transport":
            raise TrunkUrlError(f"the trunk URL parameter {name[:32]!r} is not supported (only transport= and register=)")
        if value not in DEFAULT_PORTS or (scheme == "sips" and value != "tls"):
            raise TrunkUrlError("transport must be udp, tcp or tls (and tls for sips:)")
        transport = value
    if register and not password:
        raise TrunkUrlError("register=yes needs the trunk's user and password (sip:user:pass@host)")

    if hostport.startswith("["):
        host_raw, bracket, port_raw = hostport.partition("]")
        host_raw += bracket
        if port_raw and not port_raw.startswith(":"):
            raise TrunkUrlError("the trunk host [IPv6] must be followed by :port or nothing")
        port_raw = port_raw[1:]
        has_port = bool(port_raw) or hostport.endswith("]:")
    else:
        host_raw, colon, port_raw = hostport.partition(":")
        has_port = bool(colon)
    if not host_raw:
        raise TrunkUrlError("the trunk URL has no host")
    host = _host(host_raw)
    if has_port:
        if not port_raw.isdigit() or not 1 <= int(port_raw) <= 65535:
            raise TrunkUrlError("the trunk port must be a number from 1 to 65535")
        port = int(port_raw)
    else:
        port = DEFAULT_PORTS[transport]

    if not isinstance(caller_id, str) or not _CALLER_ID.match(caller_id):
        raise TrunkUrlError("the caller id must be an E.164 number or a plain SIP user (letters, digits, . _ -)")
    if not isinstance(max_channels, int) or not 1 <= max_channels <= MAX_CHANNELS:
        raise TrunkUrlError(f"max channels must be a whole number from 1 to {MAX_CHANNELS}")
    if not 0 < float(calls_per_second) <= MAX_CPS:
        raise TrunkUrlError(f"calls per second must be above 0 and at most {MAX_CPS:g}")
    return SipTrunk(transport=transport, host=host, port=port, username=username, password=SecretStr(password),
                    caller_id=caller_id, max_channels=max_channels, calls_per_second=float(calls_per_second),
                    registers=register)


def trunk_from_config(config: TrunkConfig) -> SipTrunk:
    """The campaign's :class:`TrunkConfig`, parsed and checked."""
    return parse_trunk_url(config.url, caller_id=config.caller_id, max_channels=config.max_channels,
                           calls_per_second=config.calls_per_second)
