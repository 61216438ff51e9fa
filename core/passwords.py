"""Password hashes: argon2id, whose encoded hash carries its own parameters.

Stronger parameters (or the scrypt hashes of earlier versions) are upgraded at the next login. Kept apart
from ``core.security`` so that settings and tokens do not import the argon2 binding.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}  # the hashes of versions before argon2id (read only)
_ARGON2 = PasswordHasher()  # argon2id, RFC 9106's low-memory profile (64 MiB, 3 passes)


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
