"""Waiting for a job from a terminal: progress lines with an estimate, and a stall window instead of a deadline.

A slow machine makes every stage slow but keeps each one moving; a fixed deadline turns that into a failure.
What does mean trouble is a stage whose progress has not moved for a long while, so the follower gives up
only then (``EVERCAST_WORKER__WAIT_STALL_S``) and names that stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from workers.jobs import JobView

FINISHED = ("succeeded", "failed", "cancelled")


class Stalled(RuntimeError):
    """A followed job's current stage did not move within the stall window."""


@dataclass
class _Mark:
    key: tuple[str, str, float, str]  # step id, status, progress, stage: what "moving" means
    since: float  # when the key last changed
    step_start: float  # when the current step was first seen
    step_progress: float  # its progress then


class Follower:
    """Turns successive views of one job into progress lines; raises :class:`Stalled` past the window."""

    def __init__(self, stall_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.stall_s = stall_s
        self.clock = clock
        self.started = clock()
        self.step_id = ""  # the step the last line was about
        self._mark: _Mark | None = None

    def update(self, view: JobView) -> str:
        """The line for ``view``: step n/N, its progress and stage, elapsed time and the step's estimate."""
        now = self.clock()
        steps = view.steps or (view,)
        index, step = next(((i, st) for i, st in enumerate(steps) if st.status != "succeeded"),
                           (len(steps) - 1, steps[-1]))
        key = (step.id, step.status, round(step.progress, 3), step.stage)
        self.step_id = step.id
        mark = self._mark
        if mark is None or mark.key[0] != step.id:
            mark = self._mark = _Mark(key, now, now, step.progress)
        elif mark.key != key:
            mark.key, mark.since = key, now
        if view.status not in FINISHED and now - mark.since > self.stall_s:
            where = " ".join(part for part in (step.status, step.stage) if part)
            raise Stalled(f"step {index + 1}/{len(steps)} ({step.kind}) has not moved for {now - mark.since:.0f} s "
                          f"at {step.progress:.0%} ({where}); it looks stuck")
        line = (f"[{index + 1}/{len(steps)}] {step.kind} {step.progress:4.0%} {step.stage or step.status}"[:100]
                + f" | elapsed {_clock(now - self.started)}")
        left = eta_s(now - mark.step_start, mark.step_progress, step.progress)
        return line + (f", this step about {_clock(left)} left" if left is not None else "")


def eta_s(elapsed_s: float, first: float, now: float) -> float | None:
    """Seconds left at the rate progress moved from ``first`` to ``now`` in ``elapsed_s`` (None before it moves)."""
    if now <= first or now >= 1.0 or elapsed_s <= 0:
        return None
    return elapsed_s * (1.0 - now) / (now - first)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


def follow(get: Callable[[], JobView], show: Callable[[str], None], *, stall_s: float, poll_s: float = 0.5,
           every_s: float = 10.0) -> JobView:
    """Poll a job until it finishes, showing a line when its step changes and every ``every_s`` otherwise."""
    follower = Follower(stall_s)
    shown_step, shown_at = "", float("-inf")
    while True:
        view = get()
        line = follower.update(view)
        if view.status in FINISHED or follower.step_id != shown_step or follower.clock() - shown_at >= every_s:
            show(line)
            shown_step, shown_at = follower.step_id, follower.clock()
        if view.status in FINISHED:
            return view
        time.sleep(poll_s)
