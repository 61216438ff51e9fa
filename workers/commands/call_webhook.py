"""The interest webhook: DTMF 1 in a call is POSTed, HMAC-signed, to the merchant's own URL.

The URL is a tenant's input that the service dials, so it passes the same egress policy as stream
destinations (``stream.egress``): public addresses only, unless the operator allows a range, checked when
it is stored and again before each delivery. Deliveries do not follow redirects. The body is signed with
the merchant's webhook secret: ``X-Evercast-Signature: sha256=<hex HMAC-SHA256 of the body>``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit

import httpx

from core.errors import InputError, TransientError
from core.models import CallAttempt, CallCampaign, CallRecipient
from core.settings import EgressSettings
from workers.runtime import Runtime

MAX_URL = 500


def check_webhook_url(url: str, policy: EgressSettings) -> None:
    """Refuse a webhook URL that is not plain http(s), carries credentials, or reaches a non-public address."""
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
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise InputError("the webhook's host does not resolve") from exc
    addresses = {ip_address(info[4][0]) for info in infos}
    if not addresses or not all(address_allowed(a, policy) for a in addresses):
        raise InputError("the webhook resolves to an address that is not allowed (loopback, private, link-local, "
                         "metadata or reserved)")


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
    check_webhook_url(rules.webhook_url, rt.settings.stream.egress)
    body = json.dumps(event, ensure_ascii=False, sort_keys=True).encode()
    try:
        reply = httpx.post(rules.webhook_url, content=body, timeout=rt.settings.calls.webhook_timeout_s,
                           follow_redirects=False,
                           headers={"Content-Type": "application/json", "X-Evercast-Event": "interest",
                                    "X-Evercast-Signature": sign(body, rules.webhook_secret)})
    except httpx.HTTPError as exc:
        raise TransientError(f"the webhook could not be reached ({type(exc).__name__})") from exc
    if reply.status_code >= 500 or reply.status_code == 429:
        raise TransientError(f"the webhook answered {reply.status_code}")
    if reply.status_code >= 300:
        raise InputError(f"the webhook refused the event with {reply.status_code}")
    return {"delivered": True, "status": reply.status_code}
