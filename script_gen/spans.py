"""Is a span inside one of many spans: the test every checker repeats, in O(log n) a query.

The checkers skip a hit that lies inside a claim, a date or a shielded KB name. Testing each hit
against every span made a long text quadratic (100k characters took seconds); this index keeps the
whole check linear in the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable


class Spans:
    """Half-open ``[start, end)`` spans, sorted once, with the running furthest end."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        self._reach: list[int] = []
        furthest = -1
        for _, b in ordered:
            furthest = max(furthest, b)
            self._reach.append(furthest)

    def cover(self, start: int, end: int, *, strict: bool = False) -> bool:
        """Whether one span holds ``[start, end)``; with ``strict``, one that is also longer than it."""
        i = bisect_right(self._starts, start)
        if not strict:
            return i > 0 and self._reach[i - 1] >= end
        before = bisect_left(self._starts, start)  # spans starting earlier are longer if they reach end
        return (before > 0 and self._reach[before - 1] >= end) or (i > 0 and self._reach[i - 1] > end)
