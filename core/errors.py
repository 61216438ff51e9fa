"""Error types shared by every stage.

Stages raise these; the job system and the API map them to retry, failure or an HTTP status
without knowing which stage raised them.
"""

from __future__ import annotations

from typing import Any
import re


class EvercastError(Exception):
    """Base class: ``str(err)`` is a message a merchant or operator can act on."""

    code = "error"
    details: dict[str, Any] | None = None
    """Structured detail kept as a failed job's result (every bad row of an import, say)."""


class InputError(EvercastError, ValueError):
    """The input is unusable (corrupt file, no face, malformed SKU row ...). Never retried."""

    code = "bad_input"


class NotConfiguredError(EvercastError, RuntimeError):
    """A capability needs something the operator must supply (weights path, licence, GPU)."""

    code = "not_configured"


class TransientError(EvercastError, RuntimeError):
    """A failure that may pass on its own (a server restarting, a lock held): retried with backoff."""

    code = "transient"


class Cancelled(EvercastError):
    """Raised inside a long call when its job was cancelled."""

    code = "cancelled"


_ABSOLUTE_PATH = re.compile(r"(?<![\w:/.])/(?:[\w.@+-]+/)+([\w.@+-]+)")


def without_paths(message: str) -> str:
    """``message`` with each absolute file path cut to its last name: a tenant learns which file, never
    where the server keeps it (``/srv/evercast/assets/ab/clip.mp4`` -> ``clip.mp4``)."""
    return _ABSOLUTE_PATH.sub(r"\1", message)
