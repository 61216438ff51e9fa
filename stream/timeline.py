"""What is on air when: schedule windows in the room's time zone, and the program they imply.

Pure functions of their arguments (no clock is read here): the supervisor asks
:meth:`Schedule.on_air` and :meth:`Schedule.next_change` with the current time, the dashboard
asks :func:`program` for the next hours. Windows are local wall-clock times resolved with
``zoneinfo``, so "22:00-08:00 daily" keeps meaning 22:00 local across daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, field_validator

from core.errors import InputError

_DAY = dt.timedelta(days=1)


def _parse_hhmm(text: str) -> dt.time:
    try:
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError as exc:
        raise InputError(f"times are HH:MM, got {text!r}") from exc


class Window(BaseModel):
    """A daily on-air window, e.g. ``22:00``-``08:00`` (crossing midnight); ``days`` are ISO weekdays
    (1 = Monday) on which the window *starts*; empty means every day."""

    start: str
    end: str
    days: list[int] = Field(default_factory=list)

    @field_validator("start", "end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        _parse_hhmm(value)
        return value

    @field_validator("days")
    @classmethod
    def _weekdays(cls, value: list[int]) -> list[int]:
        if any(d < 1 or d > 7 for d in value):
            raise InputError("window days are ISO weekdays 1 (Monday) to 7 (Sunday)")
        return value


class Schedule(BaseModel):
    """A room's on-air windows in ``timezone``; ``always`` means 24/7 regardless of windows."""

    timezone: str = "UTC"
    windows: list[Window] = Field(default_factory=list)
    always: bool = False
    daily_reconnect: str | None = Field(None, description="Local HH:MM for a planned reconnect (timestamp reset).")

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InputError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("daily_reconnect")
    @classmethod
    def _reconnect_hhmm(cls, value: str | None) -> str | None:
        if value is not None:
            _parse_hhmm(value)
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def intervals(self, start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
        """On-air intervals (UTC, merged) overlapping ``[start, end)``; times must be aware."""
        _aware(start), _aware(end)
        if self.always:
            return [(start.astimezone(dt.timezone.utc), end.astimezone(dt.timezone.utc))]
        zone = self.zone
        first = start.astimezone(zone).date() - _DAY
        last = end.astimezone(zone).date() + _DAY
        found = []
        day = first
        while day <= last:
            for window in self.windows:
                if window.days and day.isoweekday() not in window.days:
                    continue
                begin_t, end_t = _parse_hhmm(window.start), _parse_hhmm(window.end)
                begin = dt.datetime.combine(day, begin_t, tzinfo=zone)
                finish = dt.datetime.combine(day + (_DAY if end_t <= begin_t else dt.timedelta()), end_t, tzinfo=zone)
                begin_u, finish_u = begin.astimezone(dt.timezone.utc), finish.astimezone(dt.timezone.utc)
                if finish_u > start and begin_u < end:
                    found.append((begin_u, finish_u))
            day += _DAY
        return _merge(sorted(found))

    def on_air(self, t: dt.datetime) -> bool:
        return any(a <= t < b for a, b in self.intervals(t, t + dt.timedelta(seconds=1)))

    def next_change(self, t: dt.datetime, horizon_days: int = 8) -> dt.datetime | None:
        """The next instant after ``t`` at which ``on_air`` flips, or None within the horizon."""
        if self.always:
            return None
        for a, b in self.intervals(t, t + horizon_days * _DAY):
            for edge in (a, b):
                if edge > t:
                    return edge
        return None

    def next_reconnect(self, t: dt.datetime) -> dt.datetime | None:
        """The next planned-reconnect instant after ``t`` (UTC), if a daily one is configured."""
        if self.daily_reconnect is None:
            return None
        zone = self.zone
        local = t.astimezone(zone)
        at = _parse_hhmm(self.daily_reconnect)
        for offset in (0, 1, 2):
            candidate = dt.datetime.combine(local.date() + offset * _DAY, at, tzinfo=zone).astimezone(dt.timezone.utc)
            if candidate > t:
                return candidate
        return None


def _aware(t: dt.datetime) -> None:
    if t.tzinfo is None:
        raise InputError("schedule times must carry a time zone")


def _merge(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


@dataclass(frozen=True)
class Slot:
    """One stretch of the program: ``segment_id`` is None for the idle loop, ``off_air`` outside windows."""

    start: dt.datetime
    end: dt.datetime
    segment_id: str | None
    off_air: bool = False


def program(
    schedule: Schedule,
    queue: list[tuple[str, float]],
    start: dt.datetime,
    end: dt.datetime,
) -> list[Slot]:
    """What is on air from ``start`` to ``end``: queued ``(segment_id, seconds)`` back to back inside
    the windows (a window's end cuts the segment on air), the idle loop when the queue is empty,
    nothing outside the windows. Mirrors the runner's policy, for previews and tests."""
    _aware(start), _aware(end)
    slots: list[Slot] = []
    pending = list(queue)
    cursor = start
    for a, b in schedule.intervals(start, end):
        a, b = max(a, start), min(b, end)
        if a > cursor:
            slots.append(Slot(cursor, a, None, off_air=True))
        t = a
        while t < b and pending:
            seg_id, seconds = pending.pop(0)
            stop = min(b, t + dt.timedelta(seconds=seconds))
            slots.append(Slot(t, stop, seg_id))
            t = stop
        if t < b:
            slots.append(Slot(t, b, None))
        cursor = b
    if cursor < end:
        slots.append(Slot(cursor, end, None, off_air=True))
    return slots


def on_air_at(slots: list[Slot], t: dt.datetime) -> Slot | None:
    """The slot covering ``t`` in a :func:`program` result."""
    return next((slot for slot in slots if slot.start <= t < slot.end), None)
