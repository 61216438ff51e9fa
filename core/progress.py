"""Progress and cancellation hooks that long stage calls accept.

A stage never knows about jobs or Celery: it calls ``progress(fraction, message)`` now and then,
and the caller decides what that means (a job row, a CLI bar, nothing). The callback may raise
:class:`core.errors.Cancelled`, which is how a cancelled job stops a running stage.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    """The default hook: ignore progress."""


def sub_progress(progress: Progress | None, start: float, end: float, prefix: str = "") -> Progress:
    """Map a sub-step's 0..1 onto ``start..end`` of the parent's range."""
    parent = progress or no_progress

    def report(fraction: float, message: str) -> None:
        fraction = min(max(fraction, 0.0), 1.0)
        parent(start + (end - start) * fraction, f"{prefix}{message}")

    return report
