"""API keys, session tokens, signed tokens (expiring download links) and the secret file.

API keys and session tokens are long random strings shown once and stored as SHA-256 digests (a fast
hash is enough for those; passwords live in ``core.passwords``). Signed tokens are
``payload.expiry.signature`` with an HMAC-SHA256 keyed by the settings secret and a purpose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

KEY_PREFIX = "ek_"


class BadToken(ValueError):
    """A token that is malformed, forged, for another purpose, or expired."""


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


def new_session_token() -> tuple[str, str]:
    """A login session's cookie value and the SHA-256 digest the database keeps in its place."""
    token = secrets.token_urlsafe(32)
    return token, session_digest(token)


def session_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def load_or_create_secret(path: Path) -> str:
    """The secret kept in ``path`` (mode 0600), made on first use: every process of one data dir reads
    the same one, and a fresh installation never runs on a published default."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_urlsafe(48))
    try:
        os.link(tmp, path)  # fails if another process made it first; then both use that one
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()


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
