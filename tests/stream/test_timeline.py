import datetime as dt

import pytest

from core.errors import InputError
from stream.timeline import Schedule, Window, on_air_at, program

UTC = dt.timezone.utc


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def test_overnight_window_in_shanghai_opens_at_local_22():
    s = Schedule(timezone="Asia/Shanghai", windows=[Window(start="22:00", end="08:00")])
    before = at(2026, 11, 23, 13, 59, 45)  # 21:59:45 local
    assert not s.on_air(before)
    assert s.next_change(before) == at(2026, 11, 23, 14, 0)
    assert s.on_air(at(2026, 11, 23, 14, 0))
    assert s.on_air(at(2026, 11, 23, 23, 59, 59))  # 07:59:59 next morning local
    assert not s.on_air(at(2026, 11, 24, 0, 0))
    assert s.next_change(at(2026, 11, 23, 15)) == at(2026, 11, 24, 0, 0)


def test_window_keeps_local_time_across_daylight_saving():
    s = Schedule(timezone="Europe/Berlin", windows=[Window(start="22:00", end="08:00")])
    spans = s.intervals(at(2026, 3, 28, 12), at(2026, 3, 30, 12))
    # 22:00 CET = 21:00 UTC; 08:00 CEST (after the switch on 29 March) = 06:00 UTC: a 9 h night.
    assert spans[0] == (at(2026, 3, 28, 21), at(2026, 3, 29, 6))
    assert spans[1] == (at(2026, 3, 29, 20), at(2026, 3, 30, 6))


def test_weekday_windows_and_merging():
    s = Schedule(timezone="UTC", windows=[Window(start="10:00", end="12:00", days=[1]),
                                          Window(start="11:00", end="13:00", days=[1])])
    monday = at(2026, 11, 23, 11)
    assert s.intervals(at(2026, 11, 23), at(2026, 11, 24)) == [(at(2026, 11, 23, 10), at(2026, 11, 23, 13))]
    assert s.on_air(monday)
    assert not s.on_air(monday + dt.timedelta(days=1))


def test_always_and_daily_reconnect():
    s = Schedule(always=True, timezone="Asia/Shanghai", daily_reconnect="05:00")
    t = at(2026, 11, 23, 20, 59)  # 04:59 local
    assert s.on_air(t) and s.next_change(t) is None
    assert s.next_reconnect(t) == at(2026, 11, 23, 21, 0)
    assert s.next_reconnect(at(2026, 11, 23, 21, 0)) == at(2026, 11, 24, 21, 0)


def test_program_plays_queue_then_idle_inside_windows_only():
    s = Schedule(timezone="Asia/Shanghai", windows=[Window(start="22:00", end="08:00")])
    slots = program(s, [("a", 600), ("b", 30)], at(2026, 11, 23, 13, 50), at(2026, 11, 23, 14, 30))
    assert [(sl.segment_id, sl.off_air) for sl in slots] == [(None, True), ("a", False), ("b", False), (None, False)]
    assert on_air_at(slots, at(2026, 11, 23, 14, 10, 15)).segment_id == "b"
    assert slots[-1].start == at(2026, 11, 23, 14, 10, 30)


@pytest.mark.parametrize("bad", [{"timezone": "Mars/Base"}, {"windows": [{"start": "25:00", "end": "01:00"}]},
                                 {"windows": [{"start": "22:00", "end": "08:00", "days": [0]}]}])
def test_bad_schedules_are_rejected(bad):
    with pytest.raises((InputError, ValueError)):
        Schedule(**bad)


def test_naive_times_are_rejected():
    with pytest.raises(InputError):
        Schedule(always=True).on_air(dt.datetime(2026, 1, 1))
