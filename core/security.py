"""Passwords, API keys and signed tokens (sessions, expiring download links), with the stdlib only.

API keys are shown once and stored as SHA-256 digests (they are long random strings, so a fast hash
is enough); passwords use scrypt with a per-user salt. Tokens are ``payload.expiry.signature`` with an
HMAC-SHA256 keyed by the settings secret and a purpose, so a download link can never pass as a session.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
KEY_PREFIX = "ek_"


class BadToken(ValueError):
    """A token that is malformed, forged, for another purpose, or expired."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)


@dataclass(frozen=True)
class NewApiKey:
    plaintext: str
    """Shown to the user once; never stored."""
    prefix: str
    digest: str


def new_api_key() -> NewApiKey:
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    return NewApiKey(plaintext, plaintext[:11], api_key_digest(plaintext))


def api_key_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, purpose: str, message: str) -> str:
    return _b64(hmac.new(f"{purpose}:{secret}".encode(), message.encode(), hashlib.sha256).digest())


def sign(value: str, *, secret: str, purpose: str, ttl_s: float, now: float | None = None) -> str:
    """A token carrying ``value`` that :func:`unsign` accepts for ``ttl_s`` seconds."""
    expires = int((now or time.time()) + ttl_s)
    message = f"{_b64(value.encode())}.{expires}"
    return f"{message}.{_mac(secret, purpose, message)}"


def unsign(token: str, *, secret: str, purpose: str, now: float | None = None) -> str:
    try:
        payload, expires, mac = token.split(".")
        message = f"{payload}.{expires}"
        if not hmac.compare_digest(mac, _mac(secret, purpose, message)):
            raise BadToken("bad signature")
        if int(expires) < (now or time.time()):
            raise BadToken("expired")
        return _unb64(payload).decode()
    except (ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, BadToken):
            raise
        raise BadToken("malformed token") from exc
