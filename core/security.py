"""Passwords, API keys, session tokens, signed tokens (expiring download links) and the secret file.

API keys and session tokens are long random strings shown once and stored as SHA-256 digests (a fast
hash is enough for those). Passwords use argon2id, whose encoded hash carries its own parameters, so
stronger parameters (or the scrypt hashes of earlier versions) are upgraded at the next login. Signed
tokens are ``payload.expiry.signature`` with an HMAC-SHA256 keyed by the settings secret and a purpose.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}  # the hashes of versions before argon2id (read only)
_ARGON2 = PasswordHasher()  # argon2id, RFC 9106's low-memory profile (64 MiB, 3 passes)
KEY_PREFIX = "ek_"


class BadToken(ValueError):
    """A token that is malformed, forged, for another purpose, or expired."""


def hash_password(password: str) -> str:
    """An argon2id hash that names its own parameters (``$argon2id$v=19$m=...,t=...,p=...$salt$hash``)."""
    return _ARGON2.hash(password)


def verify_password(password: str, stored: str) -> bool:
    if stored.startswith("scrypt$"):
        return _verify_scrypt(password, stored)
    try:
        return _ARGON2.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(stored: str) -> bool:
    """Whether a hash that just verified should be replaced (an old scheme, or weaker parameters than today's)."""
    return stored.startswith("scrypt$") or _ARGON2.check_needs_rehash(stored)


def verify_dummy_password(password: str) -> None:
    """Costs what checking a real password costs, for logins naming no known account (no timing oracle)."""
    verify_password(password, _dummy_hash())


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _, salt_hex, digest_hex = stored.split("$")
        digest = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    except ValueError:
        return False
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
