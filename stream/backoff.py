"""Capped exponential back-off with jitter, shared by every reconnecting thing in a room."""

from __future__ import annotations

import random


class Backoff:
    """Delays ``initial_s * factor**k`` capped at ``max_s``, each scaled by a random factor in
    ``[1 - jitter, 1]`` so that many relays failing together do not retry in lock-step."""

    def __init__(
        self, initial_s: float = 0.5, max_s: float = 60.0, *, factor: float = 2.0, jitter: float = 0.3,
        rng: random.Random | None = None,
    ) -> None:
        if initial_s <= 0 or max_s < initial_s or factor < 1 or not 0 <= jitter < 1:
            raise ValueError("backoff needs 0 < initial <= max, factor >= 1 and 0 <= jitter < 1")
        self.initial_s, self.max_s, self.factor, self.jitter = initial_s, max_s, factor, jitter
        self._rng = rng or random.Random()
        self.attempt = 0

    def next_delay(self) -> float:
        base = min(self.max_s, self.initial_s * self.factor**self.attempt)
        self.attempt += 1
        return base * (1.0 - self.jitter * self._rng.random())

    def reset(self) -> None:
        self.attempt = 0
