"""RoomRunner: one clock per room, a segment queue that never runs dry, and operator controls.

The runner's clock thread emits exactly one :class:`~stream.publish.Tick` per output frame at
``t0 + n / fps``: one copied H.264 packet and ``samples_per_frame`` samples of PCM. Segments are
prepared (demuxed, checked, audio aligned) ahead of time by a prefetch thread, so the clock never
waits for content: when nothing is ready, the avatar's idle loop is on air instead. A segment that
fails its checks is skipped and reported. Content switches happen between ticks, so the output
(and the RTMP session behind it) never restarts.

Operator controls act at the next boundary: ``insert_urgent`` plays before any queued content
once the current segment ends, ``pause`` holds the queue and plays the idle loop, ``skip`` leaves
the current segment at its next keyframe (the earliest clean cut for copied video).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel

from core.errors import EvercastError, InputError
from stream.clock import Clock, MonotonicClock
from stream.publish import Tick
from stream.segment import PreparedSegment, RoomFormat, Segment, prepare_segment

RoomState = Literal["scheduled", "starting", "live", "degraded", "stopping", "stopped"]

ALLOWED: dict[str, frozenset[str]] = {
    "scheduled": frozenset({"starting", "stopped"}),
    "starting": frozenset({"live", "degraded", "stopping"}),
    "live": frozenset({"degraded", "stopping"}),
    "degraded": frozenset({"live", "stopping"}),
    "stopping": frozenset({"stopped"}),
    "stopped": frozenset({"scheduled", "starting"}),
}

EventHook = Callable[[str, dict[str, Any]], None]


class Sink(Protocol):
    """Anything that takes the room's frames: the publisher, a WebRTC preview, a test recorder.

    ``offer`` is called on the clock thread and must never block."""

    def offer(self, tick: Tick) -> None: ...


class StateMachine:
    """The room's lifecycle; rejects transitions the diagram does not allow."""

    def __init__(self, state: RoomState = "stopped", on_change: EventHook | None = None) -> None:
        self.state: RoomState = state
        self._on_change = on_change
        self._lock = threading.Lock()

    def to(self, new: RoomState) -> bool:
        """Move to ``new``; False if already there, :class:`InputError` if not allowed."""
        with self._lock:
            old = self.state
            if new == old:
                return False
            if new not in ALLOWED[old]:
                raise InputError(f"room cannot go from {old} to {new}")
            self.state = new
        if self._on_change is not None:
            self._on_change("state", {"from": old, "to": new})
        return True


@dataclass
class RoomCounters:
    frames: int = 0
    idle_frames: int = 0
    transitions: int = 0
    broken_segments: int = 0
    late_frames: int = 0
    max_late_s: float = 0.0


class _Cursor:
    """Position inside one prepared segment placed at room frame ``base``."""

    def __init__(self, prepared: PreparedSegment, base: int) -> None:
        self.prepared = prepared
        self.base = base
        self.pos = 0
        self.end = prepared.frames

    @property
    def done(self) -> bool:
        return self.pos >= self.end

    def cut_at_next_keyframe(self) -> None:
        for packet in self.prepared.packets[self.pos + 1 :]:
            if packet.keyframe:
                self.end = packet.decode_index
                return

    def tick(self, n: int, spf: int) -> Tick:
        packet = self.prepared.packets[self.pos]
        pcm = self.prepared.audio[:, self.pos * spf : (self.pos + 1) * spf]
        self.pos += 1
        return Tick(n, self.base + packet.index, self.base + packet.decode_index, packet.keyframe, packet.data, pcm)


class RoomStatus(BaseModel):
    """What the API, the dashboard and the metrics endpoint see of a running room."""

    room_id: str
    state: RoomState
    uptime_s: float
    frames: int
    on_air: str
    on_air_kind: str
    paused: bool
    queue_s: float
    queued_segments: int
    idle_s: float
    transitions: int
    broken_segments: int
    late_frames: int


class RoomRunner:
    """Run one room's clock and queue, feeding every sink (see the module docstring)."""

    def __init__(
        self,
        room_id: str,
        fmt: RoomFormat,
        idle: Segment,
        *,
        sinks: list[Sink] | None = None,
        clock: Clock | None = None,
        on_event: EventHook | None = None,
        prefetch: int = 2,
        low_queue_s: float = 30.0,
        max_late_s: float = 0.5,
    ) -> None:
        self.room_id = room_id
        self.fmt = fmt
        self.clock = clock or MonotonicClock()
        self.sinks: list[Sink] = list(sinks or [])
        self.on_event = on_event
        self.prefetch = prefetch
        self.low_queue_s = low_queue_s
        self.max_late_s = max_late_s
        self.machine = StateMachine("stopped", self._emit)
        self.counters = RoomCounters()
        self.idle = prepare_segment(idle.model_copy(update={"kind": "idle"}), fmt)
        self._pending: deque[Segment] = deque()
        self._pending_urgent: deque[Segment] = deque()
        self._ready: deque[PreparedSegment] = deque()
        self._ready_urgent: deque[PreparedSegment] = deque()
        self._cond = threading.Condition()
        self._paused = False
        self._skip = False
        self._stop = threading.Event()
        self._cursor: _Cursor | None = None
        self._started_at: float | None = None
        self._low_reported = False
        self._threads: list[threading.Thread] = []
        self.error = ""

    # -- controls -------------------------------------------------------------------------
    def enqueue(self, *segments: Segment) -> None:
        with self._cond:
            self._pending.extend(segments)
            self._low_reported = False
            self._cond.notify_all()

    def insert_urgent(self, segment: Segment) -> None:
        """Play ``segment`` at the next boundary, ahead of queued content (e.g. a flash sale)."""
        with self._cond:
            self._pending_urgent.append(segment.model_copy(update={"kind": "urgent"}))
            self._cond.notify_all()

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def skip(self) -> None:
        """Leave the current segment at its next keyframe."""
        self._skip = True

    def start(self) -> None:
        """Begin the clock; the caller (see :mod:`stream.live`) reports live/degraded from output health."""
        if self.machine.state not in ("stopped", "scheduled"):
            raise InputError(f"room {self.room_id} is {self.machine.state}, not startable")
        self.machine.to("starting")
        self._stop.clear()
        self._started_at = self.clock.now()
        self._threads = [
            threading.Thread(target=self._prefetch_loop, name=f"prefetch:{self.room_id}", daemon=True),
            threading.Thread(target=self._clock_loop, name=f"clock:{self.room_id}", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        if self.machine.state in ("stopped", "scheduled"):
            return
        self.machine.to("stopping")
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout_s)
        self.machine.to("stopped")

    # -- status ---------------------------------------------------------------------------
    def queue_seconds(self) -> float:
        """Content ready or queued ahead of the clock (segments of unknown length count once prepared)."""
        fps = self.fmt.fps
        with self._cond:
            ready = sum(p.frames for p in (*self._ready, *self._ready_urgent)) / fps
            ready += sum(s.frames or 0 for s in (*self._pending, *self._pending_urgent)) / fps
        cursor = self._cursor
        current = 0.0
        if cursor is not None and cursor.prepared.segment.kind != "idle":
            current = (cursor.end - cursor.pos) / fps
        return ready + current

    def status(self) -> RoomStatus:
        cursor = self._cursor
        segment = cursor.prepared.segment if cursor is not None else None
        with self._cond:
            queued = len(self._pending) + len(self._pending_urgent) + len(self._ready) + len(self._ready_urgent)
        up = self.clock.now() - self._started_at if self._started_at is not None else 0.0
        c = self.counters
        return RoomStatus(
            room_id=self.room_id, state=self.machine.state, uptime_s=round(up, 3), frames=c.frames,
            on_air=segment.id if segment else "", on_air_kind=segment.kind if segment else "",
            paused=self._paused, queue_s=round(self.queue_seconds(), 3), queued_segments=queued,
            idle_s=c.idle_frames / self.fmt.fps, transitions=c.transitions,
            broken_segments=c.broken_segments, late_frames=c.late_frames,
        )

    # -- threads ------------------------------------------------------------------------
    def _emit(self, kind: str, data: dict[str, Any]) -> None:
        if self.on_event is not None:
            self.on_event(kind, {"room_id": self.room_id, **data})

    def _prefetch_loop(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                while not self._stop.is_set() and not (
                    self._pending_urgent or (self._pending and len(self._ready) < self.prefetch)
                ):
                    self._cond.wait(0.5)
                if self._stop.is_set():
                    return
                urgent = bool(self._pending_urgent)
                segment = self._pending_urgent.popleft() if urgent else self._pending.popleft()
            try:
                prepared = prepare_segment(segment, self.fmt)
            except EvercastError as exc:
                self.counters.broken_segments += 1
                self._emit("segment_failed", {"segment_id": segment.id, "error": str(exc)})
                continue
            with self._cond:
                (self._ready_urgent if urgent else self._ready).append(prepared)

    def _next_segment(self) -> PreparedSegment:
        with self._cond:
            if self._ready_urgent:
                chosen = self._ready_urgent.popleft()
            elif not self._paused and self._ready:
                chosen = self._ready.popleft()
            else:
                chosen = self.idle
            self._cond.notify_all()
        return chosen

    def _switch(self, n: int) -> None:
        previous = self._cursor
        if previous is not None and previous.prepared.segment.kind != "idle":
            self._emit("segment_finished", {"segment_id": previous.prepared.segment.id, "frames": previous.pos})
        prepared = self._next_segment()
        self._cursor = _Cursor(prepared, n)
        if previous is not None:
            self.counters.transitions += 1
        if prepared.segment.kind != "idle":
            self._emit("segment_started", {"segment_id": prepared.segment.id, "kind": prepared.segment.kind,
                                           "frame": n})
        queue_s = self.queue_seconds()
        if queue_s < self.low_queue_s and not self._low_reported:
            self._low_reported = True
            self._emit("queue_low", {"queue_s": queue_s})

    @property
    def alive(self) -> bool:
        """True while the clock thread runs (a supervisor restarts the room when this goes false)."""
        return any(t.name.startswith("clock:") and t.is_alive() for t in self._threads)

    def _clock_loop(self) -> None:
        try:
            self._run_clock()
        except Exception as exc:  # noqa: BLE001 - reported, then the supervisor restarts the room
            self.error = f"{type(exc).__name__}: {exc}"
            self._emit("crashed", {"error": self.error})

    def _run_clock(self) -> None:
        fps, spf = self.fmt.fps, self.fmt.samples_per_frame
        t0 = self.clock.now()
        n = 0
        while not self._stop.is_set():
            deadline = t0 + n / fps
            self.clock.sleep_until(deadline)
            if self.clock.now() < deadline:  # woke early (a manual clock): look at the stop flag again
                continue
            late = self.clock.now() - deadline
            if late > self.max_late_s:  # the process stalled: keep timestamps, re-anchor real time
                self.counters.late_frames += 1
                self.counters.max_late_s = max(self.counters.max_late_s, late)
                t0 += late
            if self._skip and self._cursor is not None:
                self._skip = False
                if self._cursor.prepared.segment.kind != "idle":
                    self._cursor.cut_at_next_keyframe()
            if self._ready_urgent and self._cursor is not None and self._cursor.prepared.segment.kind == "idle":
                self._cursor.cut_at_next_keyframe()  # an announcement does not wait out a long idle loop
            if self._cursor is None or self._cursor.done:
                self._switch(n)
            assert self._cursor is not None
            if self._cursor.prepared.segment.kind == "idle":
                self.counters.idle_frames += 1
            tick = self._cursor.tick(n, spf)
            for sink in self.sinks:
                sink.offer(tick)
            self.counters.frames += 1
            n += 1
        if self._cursor is not None and self._cursor.prepared.segment.kind != "idle":
            self._emit("segment_finished", {"segment_id": self._cursor.prepared.segment.id,
                                            "frames": self._cursor.pos, "interrupted": True})


def wait_for(predicate: Callable[[], bool], timeout_s: float, interval_s: float = 0.05) -> bool:
    """Poll ``predicate`` until true or ``timeout_s`` passes (for controllers and tests)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval_s)
    return predicate()
