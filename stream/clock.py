"""Time as an input: the room clock reads ``now`` and sleeps through one object tests can replace."""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, t: float) -> None:
        """Return at ``t`` or earlier (callers re-check ``now``)."""


class MonotonicClock:
    """Real time from ``time.monotonic``; sleeps on absolute deadlines so errors never accumulate."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            time.sleep(delay)


class ManualClock:
    """Virtual time for tests. ``auto=True`` jumps to every deadline at once (a 24 h room runs in
    seconds); otherwise time moves only when the test calls :meth:`advance`."""

    def __init__(self, start: float = 0.0, *, auto: bool = False) -> None:
        self._t = start
        self.auto = auto
        self._cond = threading.Condition()

    def now(self) -> float:
        with self._cond:
            return self._t

    def sleep_until(self, t: float) -> None:
        with self._cond:
            if self.auto:
                self._t = max(self._t, t)
            else:
                self._cond.wait_for(lambda: self._t >= t, timeout=0.05)

    def advance(self, seconds: float) -> None:
        with self._cond:
            self._t += seconds
            self._cond.notify_all()
