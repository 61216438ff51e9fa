import datetime as dt
import random
import threading

from stream.backoff import Backoff
from stream.room import wait_for
from stream.supervise import supervise
from stream.timeline import Schedule, Window


class FakeRoom:
    """A room whose crashes the test controls; records what the supervisor asked of it."""

    def __init__(self, log: list) -> None:
        self.log = log
        self.dead = False

    @property
    def alive(self) -> bool:
        return not self.dead

    def start(self):
        self.log.append("start")
        return self

    def stop(self) -> None:
        self.log.append("stop")

    def planned_reconnect(self) -> None:
        self.log.append("reconnect")


class Now:
    def __init__(self, t: dt.datetime) -> None:
        self.t = t
        self.lock = threading.Lock()

    def __call__(self) -> dt.datetime:
        with self.lock:
            return self.t

    def set(self, t: dt.datetime) -> None:
        with self.lock:
            self.t = t


def run(cancel, **kw):
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("restarts", supervise(cancel=cancel, poll_s=0.01, **kw)))
    thread.start()
    return thread, result


def test_crashed_room_restarts_with_doubling_backoff_and_cancel_stops_it():
    log, rooms, events = [], [], []
    cancel = threading.Event()

    def make():
        rooms.append(FakeRoom(log))
        return rooms[-1]

    thread, result = run(cancel, make_room=make, backoff=Backoff(0.05, 0.4, jitter=0.0),
                         on_event=lambda kind, data: events.append((kind, data)))
    for crash in range(3):
        assert wait_for(lambda: len(rooms) == crash + 1, 5)
        rooms[-1].dead = True
    assert wait_for(lambda: len(rooms) == 4, 5)
    cancel.set()
    thread.join(5)
    delays = [d["restart_in_s"] for k, d in events if k == "room_crashed"]
    assert delays == [0.05, 0.1, 0.2]
    assert result["restarts"] == 3 and log[-1] == "stop"


def test_schedule_window_starts_and_stops_the_room_and_daily_reconnect_fires():
    tz = "Asia/Shanghai"
    schedule = Schedule(timezone=tz, windows=[Window(start="22:00", end="08:00")], daily_reconnect="05:00")
    now = Now(dt.datetime(2026, 11, 23, 13, 59, 45, tzinfo=dt.timezone.utc))  # 21:59:45 local
    log = []
    cancel = threading.Event()
    thread, _ = run(cancel, make_room=lambda: FakeRoom(log), schedule=schedule, now=now,
                    backoff=Backoff(0.01, 0.02, rng=random.Random(0)))
    assert not wait_for(lambda: "start" in log, 0.2)
    now.set(dt.datetime(2026, 11, 23, 14, 0, 1, tzinfo=dt.timezone.utc))
    assert wait_for(lambda: log == ["start"], 5)
    now.set(dt.datetime(2026, 11, 23, 21, 0, 0, tzinfo=dt.timezone.utc))  # 05:00 local
    assert wait_for(lambda: log == ["start", "reconnect"], 5)
    now.set(dt.datetime(2026, 11, 24, 0, 0, 1, tzinfo=dt.timezone.utc))  # 08:00:01 local
    assert wait_for(lambda: log == ["start", "reconnect", "stop"], 5)
    cancel.set()
    thread.join(5)
    assert log == ["start", "reconnect", "stop"]


def test_poll_hook_sees_the_running_room():
    seen = []
    cancel = threading.Event()
    thread, _ = run(cancel, make_room=lambda: FakeRoom([]), poll=lambda room: seen.append(room))
    assert wait_for(lambda: len(seen) >= 3, 5)
    cancel.set()
    thread.join(5)
    assert len({id(r) for r in seen}) == 1
