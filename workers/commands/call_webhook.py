"""The interest webhook: DTMF 1 in a call is POSTed, HMAC-signed, to the merchant's own URL.

The URL is a tenant's input that the service dials (SSRF): its host is resolved once, every address it
resolves to must be public (or inside ``calls.webhook_allow``, an operator's explicit ranges; loopback in
tests), and the delivery connects to the address that was checked, not to a second lookup a rebinding DNS
server could answer differently. The request still names the host: the ``Host`` header, and for https the
TLS server name (SNI) and the certificate check. Checked when the URL is stored and again, resolved afresh,
before each delivery. Redirects are not followed, proxies from the environment are not used (a proxy would
resolve the name itself), and the reply's body is never read. The body is signed with the merchant's
webhook secret: ``X-Evercast-Signature: sha256=<hex HMAC-SHA256 of the body>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from core.errors import InputError, TransientError
from core.models import CallAttempt, CallCampaign, CallRecipient
from core.settings import EgressSettings
from workers.runtime import Runtime

MAX_URL = 500


@dataclass(frozen=True)
class WebhookTarget:
    """A webhook URL that passed the check, pinned to the address that was checked."""

    url: str
    host: str  # the name the request carries (Host header, SNI)
    dial_url: str  # ``url`` with the host replaced by the checked address


def check_webhook_url(url: str, allow: Sequence[IPv4Network | IPv6Network]) -> WebhookTarget:
    """Refuse a webhook URL that is not plain http(s), carries credentials, or reaches an address that is not
    public (loopback, private, link-local, metadata, reserved) nor in ``allow``; else the URL pinned to the
    first address its host resolved to."""
    from stream.egress import address_allowed

    invalid = InputError("a webhook is a plain https:// (or http://) URL with a host name, no credentials")
    if len(url) > MAX_URL or not url.isascii() or any(ord(c) <= 0x20 for c in url) or "\\" in url:
        raise invalid
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise invalid from None
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        raise invalid
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise InputError("the webhook's host does not resolve") from exc
    addresses = list(dict.fromkeys(ip_address(info[4][0].split("%")[0]) for info in infos))
    if not addresses or not all(address_allowed(a, EgressSettings(allow=list(allow))) for a in addresses):
        raise InputError("the webhook resolves to an address that is not allowed (loopback, private, link-local, "
                         "metadata or reserved)")
    address = addresses[0]
    pinned = f"[{address}]:{port}" if address.version == 6 else f"{address}:{port}"
    return WebhookTarget(url=url, host=parts.hostname,
                         dial_url=urlunsplit((parts.scheme, pinned, parts.path or "/", parts.query, "")))


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def deliver(rt: Runtime, merchant_id: str, attempt_id: str) -> dict[str, Any]:
    """POST the interest event of one attempt; a network error or a 5xx is retried by the job."""
    from workers.commands.calls import merchant_rules

    with rt.session() as s:
        a = s.get(CallAttempt, attempt_id)
        if a is None or a.merchant_id != merchant_id:
            raise InputError(f"call attempt {attempt_id} not found")
        r = s.get(CallRecipient, a.recipient_id)
        c = s.get(CallCampaign, a.campaign_id)
        rules = merchant_rules(rt, s, merchant_id)
        event = {"event": "interest", "campaign_id": c.id, "campaign": c.name, "attempt_id": a.id,
                 "phone": a.phone, "name": r.name, "row": r.row, "digits": a.digits,
                 "at": a.started_at.isoformat()}
    if not rules.webhook_url or not rules.webhook_secret:
        return {"delivered": False, "reason": "no webhook configured"}
    target = check_webhook_url(rules.webhook_url, rt.settings.calls.webhook_allow)
    body = json.dumps(event, ensure_ascii=False, sort_keys=True).encode()
    status = post(target, body, {"Content-Type": "application/json", "X-Evercast-Event": "interest",
                                 "X-Evercast-Signature": sign(body, rules.webhook_secret)},
                  rt.settings.calls.webhook_timeout_s)
    if status >= 500 or status == 429:
        raise TransientError(f"the webhook answered {status}")
    if status >= 300:
        raise InputError(f"the webhook refused the event with {status}")
    return {"delivered": True, "status": status}


def post(target: WebhookTarget, body: bytes, headers: dict[str, str], timeout_s: float) -> int:
    """POST ``body`` to the pinned address under the URL's own name; the reply's status (its body unread)."""
    netloc = urlsplit(target.url).netloc
    extensions = {"sni_hostname": target.host} if target.url.startswith("https:") else {}
    try:
        with httpx.Client(verify=ssl.create_default_context(), trust_env=False, follow_redirects=False,
                          timeout=timeout_s) as client:
            request = client.build_request("POST", target.dial_url, content=body, headers={**headers, "Host": netloc},
                                           extensions=extensions)
            reply = client.send(request, stream=True)
            reply.close()
    except httpx.HTTPError as exc:
        raise TransientError(f"the webhook could not be reached ({type(exc).__name__})") from exc
    return reply.status_code
