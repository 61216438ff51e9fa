"""Time as an input: the room clock reads ``now`` and sleeps through one object tests can replace."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, t: float) -> None: ...


class MonotonicClock:
    """Real time from ``time.monotonic``; sleeps on absolute deadlines so errors never accumulate."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            time.sleep(delay)


class ManualClock:
    """Virtual time that jumps to each deadline at once: a 24 h room runs in seconds under test."""

    def __init__(self, start: float = 0.0) -> None:
        self._t = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._t

    def sleep_until(self, t: float) -> None:
        with self._lock:
            self._t = max(self._t, t)
        time.sleep(0)  # let other threads run

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._t += seconds
