"""Keep a room on air for as long as its schedule says, restarting it if it crashes.

:func:`supervise` is the body of a room's long-lived process (not a Celery task: a 24/7 loop
fights task time limits and acks). It starts the room when a schedule window opens, stops it when
the window closes, performs the daily planned reconnect, and when the room dies unexpectedly it
builds a fresh one after a back-off that doubles up to a cap and resets once a run has been stable.
A ``threading.Event`` is the cancel token.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import Protocol

from stream.backoff import Backoff
from stream.timeline import Schedule

EventHook = Callable[[str, dict], None]


class Supervised(Protocol):
    """What :func:`supervise` needs of a room (``stream.live.LiveRoom`` fits)."""

    @property
    def alive(self) -> bool: ...

    def start(self) -> object: ...

    def stop(self) -> None: ...

    def planned_reconnect(self) -> None: ...


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def supervise(
    make_room: Callable[[], Supervised],
    cancel: threading.Event,
    *,
    schedule: Schedule | None = None,
    now: Callable[[], dt.datetime] = utc_now,
    backoff: Backoff | None = None,
    stable_after_s: float = 300.0,
    poll_s: float = 0.5,
    on_event: EventHook | None = None,
    poll: Callable[[Supervised], None] | None = None,
) -> int:
    """Run rooms from ``make_room`` until ``cancel`` is set; returns how many times a room was restarted.

    ``poll(room)`` runs every ``poll_s`` while a room is up: the place to apply queued operator
    commands (:func:`stream.control.apply_command`) and top up the segment queue.
    """
    backoff = backoff or Backoff(initial_s=1.0, max_s=180.0, jitter=0.1)
    schedule = schedule or Schedule(always=True)
    emit = on_event or (lambda kind, data: None)
    room: Supervised | None = None
    started = 0.0
    restarts = 0
    next_reconnect = schedule.next_reconnect(now())
    try:
        while not cancel.is_set():
            t = now()
            wanted = schedule.on_air(t)
            if room is not None and not wanted:
                emit("window_closed", {"at": t.isoformat()})
                room.stop()
                room = None
            elif room is not None and not room.alive:
                room.stop()
                room = None
                restarts += 1
                if time.monotonic() - started >= stable_after_s:
                    backoff.reset()
                delay = backoff.next_delay()
                emit("room_crashed", {"restart_in_s": round(delay, 3), "restarts": restarts})
                if cancel.wait(delay):
                    break
                continue
            elif room is None and wanted:
                room = make_room()
                room.start()
                started = time.monotonic()
                emit("room_started", {"at": t.isoformat()})
            if room is not None and next_reconnect is not None and t >= next_reconnect:
                room.planned_reconnect()
                emit("planned_reconnect", {"at": t.isoformat()})
            if next_reconnect is not None and t >= next_reconnect:
                next_reconnect = schedule.next_reconnect(t)
            if room is not None and poll is not None:
                poll(room)
            cancel.wait(poll_s)
    finally:
        if room is not None:
            room.stop()
    return restarts
