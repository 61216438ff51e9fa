"""Stream keys at rest: Fernet (AES-128-CBC + HMAC) keyed from the stream-key secret, which is kept
apart from the signing secret (a leaked signing secret must not open the platforms' stream keys).

The database stores only :func:`encrypt_key` output; a room process decrypts right before it builds
a destination URL, and logs only :func:`stream.push.redact`-ed URLs.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from core.errors import InputError, NotConfiguredError

_CONTEXT = b"evercast/stream-keys/v1"


def _fernet(secret: str) -> Fernet:
    if not secret:
        raise NotConfiguredError("EVERCAST_STREAM_KEY_SECRET is empty: stream keys cannot be encrypted")
    digest = hashlib.sha256(_CONTEXT + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt_key(stream_key: str, secret: str) -> str:
    """Token to store in place of ``stream_key``."""
    if not stream_key.strip():
        raise InputError("stream key is empty")
    return _fernet(secret).encrypt(stream_key.encode()).decode()


def decrypt_key(token: str, secret: str) -> str:
    """The stream key; :class:`InputError` if the token was not made with this secret."""
    try:
        return _fernet(secret).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise InputError("stream key cannot be decrypted with the current secret: re-enter the key") from exc


def reencrypt_key(token: str, secret: str, old_secret: str) -> str:
    """``token`` encrypted with ``secret``, whether it was made with ``secret`` or ``old_secret`` (keys stored
    before stream keys had their own secret used the signing secret); :class:`InputError` if with neither."""
    try:
        return MultiFernet([_fernet(secret), _fernet(old_secret)]).rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise InputError("stream key cannot be decrypted with the current secret: re-enter the key") from exc


def destination_url(server_url: str, encrypted_key: str, secret: str) -> str:
    """``rtmp(s)://server/app`` + decrypted key, e.g. for :class:`stream.push.Destination`."""
    if not server_url.startswith(("rtmp://", "rtmps://")):
        raise InputError(f"destination must be rtmp:// or rtmps://, got {server_url.split(':', 1)[0]}")
    return f"{server_url.rstrip('/')}/{decrypt_key(encrypted_key, secret)}"
