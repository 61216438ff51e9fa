"""The live host's agent: what `evercast worker --queues live` runs beside its Celery consumer on a fleet.

It announces the host (slots, relay, preview address), runs the host's relay (nginx-rtmp that checks
every publisher's fencing token with the API), keeps one process per room the host holds
(`evercast live run ROOM --fence N`, taken from a warm spare that has done its imports already) and
one standby per room handed to it, and sweeps for wanted
rooms nobody holds (a dead host's, or a placement message that was dropped). The room processes
renew their own leases (a host whose agent is wedged loses nothing it cannot win back, and a room
process that lost its lease stops by itself); the agent renews them too while they are alive and
use CPU, and alone while they are starting (:func:`renew_held`). Room processes die with the agent (PR_SET_PDEATHSIG),
as a crashed host's would.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import IO

from sqlalchemy import or_, select

from core.drain import die_with_parent
from core.models import LiveRoom
from workers.commands import fleet, rooms
from workers.runtime import Runtime

log = logging.getLogger(__name__)
SPARE_PACE_S = 15.0  # a steady host starts its next spare this long after its last process started: a cold
# start is ~2.5 s of CPU, so replenishing takes at most ~1/6 of a core (at one per 5 s, two hosts refilling after a
# failover took a whole core of the 2-core bench box during the drain that followed)
HANDOVER_SETTLE_S = 1.5  # a draining host plans its next hand-over this long after the last one: the next
# standby's pre-roll (a spare loading its room, starting its copies) took the box's CPU in the last one's gap
# (a 24-room drain's slowest gaps, 0.7-1.1 s, were all planned within 0.2 s of the hand-over before them)
SPARES_MAX = 16  # a host keeps at most this many spares, whatever its share of a dead peer's rooms
WARM = b"warm\n"  # what a spare writes to its stdout pipe once its imports are done


@dataclass
class Spare:
    """A room process started ahead, waiting on stdin for its room; ``warm`` once it said its imports are done
    (a spare still importing is a cold start: counted as warm, it let a sweep claim rooms that then took
    ~27 s to come up on a busy box in the 24-room bench)."""

    proc: subprocess.Popen[bytes]
    warm: bool = False

    @classmethod
    def start(cls, stderr: IO[bytes] | int, env: dict[str, str] | None = None) -> Spare:
        """``evercast live run --warm`` with its stdout on a pipe read without blocking (see :meth:`ready`)."""
        proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "live", "run", "--warm"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=stderr, env=env, preexec_fn=die_with_parent())
        assert proc.stdout is not None
        os.set_blocking(proc.stdout.fileno(), False)
        return cls(proc)

    def ready(self) -> bool:
        """Alive and warm (reads what the spare wrote so far; never blocks)."""
        if self.proc.poll() is not None:
            return False
        if not self.warm and self.proc.stdout is not None:
            try:
                self.warm = os.read(self.proc.stdout.fileno(), len(WARM)) == WARM
            except BlockingIOError:
                pass
        return self.warm


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    fence: int
    standby: bool
    started: float = 0.0
    cpu_ticks: int = -1
    moved: float = 0.0  # when its CPU time last grew
    gave_up: bool = False  # still starting after start_grace_s
    stalled: bool = False  # no CPU within lease_s

    def progressing(self, now: float, stall_s: float) -> bool:
        """Whether the process used CPU within ``stall_s``: a start that imports, connects and pre-rolls
        burns CPU; one stuck on a lock, a dead mount or a wedged peer does not."""
        ticks = cpu_ticks(self.proc.pid)
        if ticks > self.cpu_ticks:
            self.cpu_ticks, self.moved = ticks, now
        return now - self.moved < stall_s


def cpu_ticks(pid: int) -> int:
    """User and system CPU time of ``pid`` in clock ticks (-1 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))


class LiveHostAgent:
    """Place, supervise and sweep this host's rooms (see the module docstring)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.name = fleet.host_name(rt)
        self.relay = rooms.relay_server(rt, prefix=f"relay-{self.name}")
        self.children: dict[str, Child] = {}
        self.spares: list[Spare] = []
        self.spare_target = rt.settings.fleet.spares
        self._spawned_at = 0.0
        self._steady = False  # none of this host's rooms or standbys starting (spares are replenished then)
        self._handovers: dict[str, float] = {}
        self._handed_at = 0.0  # when the last of this host's hand-overs ended
        self._crashes: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="live-host", daemon=True)

    def start(self) -> "LiveHostAgent":
        self.relay.start()
        fleet.register_host(self.rt, self.rt.settings.stream.relay_url, f"http://{self.rt.settings.fleet.address}")
        log.info("live host %s: %d slots, relay %s", self.name, fleet.measured_slots(self.rt),
                 self.rt.settings.stream.relay_url)
        self._keep_spare(at_once=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Leave the fleet: room processes release their leases (others take the rooms at once)."""
        self._stop.set()
        self._thread.join(10)
        for spare in self.spares:
            spare.proc.kill()
        for child in self.children.values():
            with contextlib.suppress(ProcessLookupError):
                child.proc.terminate()
        for child in self.children.values():
            try:
                child.proc.wait(15)
            except subprocess.TimeoutExpired:
                child.proc.kill()
        fleet.host_gone(self.rt)
        self.relay.stop()

    def _loop(self) -> None:
        cfg = self.rt.settings.fleet
        last_beat = last_sweep = 0.0
        state = "active"
        while not self._stop.wait(0.2):
            try:
                now = time.monotonic()
                if self.relay.proc is not None and self.relay.proc.poll() is not None:
                    log.warning("relay exited; restarting it")
                    self.relay.start()
                if now - last_beat >= cfg.renew_s:
                    last_beat, state = now, fleet.host_heartbeat(self.rt, self._cpu_percent())
                    holding = fleet.holding(self.rt, self.name)
                    self._steady = all(r for _, r in holding.values()) and not any(
                        c.standby for c in self.children.values())
                    self.spare_target = spares_wanted(self.rt, self.name, steady=self._steady)
                    renew_held(self.rt, self.name, self.children, holding, now)
                self._reconcile()
                if self._steady and now - self._spawned_at > SPARE_PACE_S:
                    self._keep_spare()
                if state == "draining":
                    self._drive_drain(now)
                if state == "active" and now - last_sweep >= cfg.sweep_s:
                    last_sweep = now
                    spares = sum(p.ready() for p in self.spares)
                    for room_id, fence in fleet.sweep(self.rt, self.name, limit=spares if cfg.spares else None):
                        self._spawn(room_id, fence, standby=False)
            except Exception:  # the database or the relay hiccuped: the next round tries again
                log.exception("live host %s: round failed", self.name)

    def _drive_drain(self, now: float) -> None:
        """This host is draining: force off a handover that overran ``drain_timeout_s``, and plan the next
        ones when none is under way and the last ended ``HANDOVER_SETTLE_S`` ago."""
        inflight = fleet.handovers_from(self.rt, self.name)
        if set(self._handovers) - set(inflight):
            self._handed_at = now
        self._handovers = {r: self._handovers.get(r, now) for r in inflight}
        for room_id, since in self._handovers.items():
            if now - since > self.rt.settings.fleet.drain_timeout_s:
                log.warning("room %s: its handover did not happen in time; moving it like a failover", room_id)
                fleet.force_off(self.rt, room_id, self.name)
        if not inflight and now - self._handed_at >= HANDOVER_SETTLE_S:
            for move in fleet.plan_handovers(self.rt, self.name):
                log.info("draining: room %s goes to %s", move["room_id"], move["to"])

    def _reconcile(self) -> None:
        """One process per room this host holds (under its current fence), one standby per room handed
        to it; a room process that died while the room is still this host's is restarted under a new lease."""
        with self.rt.session() as s:
            rows = s.execute(select(LiveRoom.id, LiveRoom.host, LiveRoom.fence, LiveRoom.next_host, LiveRoom.next_fence,
                                    LiveRoom.state)
                             .where(or_(LiveRoom.host == self.name, LiveRoom.next_host == self.name))).all()
        wanted: dict[str, tuple[int, bool]] = {}
        for r in rows:
            if r.host == self.name and r.state in fleet.WANTED:
                wanted[r.id] = (r.fence, False)
            elif r.next_host == self.name and r.next_fence is not None:
                wanted[r.id] = (r.next_fence, True)
        for room_id, child in list(self.children.items()):
            if child.proc.poll() is None:
                continue
            del self.children[room_id]
            fence, _ = wanted.get(room_id, (None, False))
            if fence == child.fence and not child.standby:
                log.warning("room %s: its process exited (%s) while this host holds it; restarting",
                            room_id, child.proc.returncode)
                self._crashes[room_id] = time.monotonic()
                new_fence = fleet.retake(self.rt, room_id, self.name, child.fence)
                if new_fence is not None:
                    wanted[room_id] = (new_fence, False)
        for room_id, (fence, standby) in wanted.items():
            child = self.children.get(room_id)
            if child is not None and child.fence == fence:
                if child.standby and not standby:
                    child.standby = False  # promoted: it holds the room now
                continue
            if time.monotonic() - self._crashes.get(room_id, 0.0) < 2.0:
                continue  # a crash loop costs a little time, not the host
            self._spawn(room_id, fence, standby=standby)

    def _spawn(self, room_id: str, fence: int, *, standby: bool) -> None:
        """Hand the room to the warm spare (imports done) and start the next spare; cold if there is none.
        An older process of ours for the room (its lease lapsed: starved, wedged) is killed first: it lost
        its fence, and waiting for it to notice would keep its copies on the platform's key."""
        old = self.children.get(room_id)
        if old is not None and old.proc.poll() is None and old.fence < fence:
            log.warning("room %s: killing its process %d (fence %d) before the new one (fence %d)",
                        room_id, old.proc.pid, old.fence, fence)
            old.proc.kill()
            old.proc.wait()
        role = "standby" if standby else "holder"
        self.spares = [p for p in self.spares if p.proc.poll() is None]
        self.spares.sort(key=lambda p: not p.ready())  # a warm one first
        spare = self.spares.pop(0).proc if self.spares else None
        proc = None
        if spare is not None and spare.stdin is not None:
            try:
                spare.stdin.write(f"{room_id} {fence} {role}\n".encode())
                spare.stdin.close()
                proc = spare
            except OSError:
                spare.kill()
        if proc is None:
            log_path = self.rt.settings.data_dir / "rooms" / f"{room_id}.log"
            log_path.parent.mkdir(parents=True, exist_ok=True)
            cmd = [sys.executable, "-m", "studio.cli", "live", "run", room_id, "--fence", str(fence)]
            with log_path.open("ab") as out:
                proc = subprocess.Popen([*cmd, "--standby"] if standby else cmd, stdout=out, stderr=subprocess.STDOUT,
                                        preexec_fn=die_with_parent())
        self.children[room_id] = Child(proc, fence, standby, time.monotonic(), moved=time.monotonic())
        log.info("room %s: %s process %d with fence %d", room_id, role, proc.pid, fence)
        self._spawned_at = time.monotonic()

    def _keep_spare(self, *, at_once: bool = False) -> None:
        """Start room processes ahead up to :attr:`spare_target`, each waiting on stdin for its room: all
        ``at_once`` when the host starts, otherwise one per call (the loop calls it every ``SPARE_PACE_S``
        while the host is steady), so replenishing spares after a failover or during a drain is one cold
        start at a time beside the rooms on air, not ten at once (~2.5 s of CPU each)."""
        self.spares = [p for p in self.spares if p.proc.poll() is None]
        log_path = self.rt.settings.data_dir / "rooms" / f"spare-{self.name}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        while len(self.spares) < self.spare_target:
            with log_path.open("ab") as out:
                self.spares.append(Spare.start(out))
            self._spawned_at = time.monotonic()
            if not at_once:
                break

    def _cpu_percent(self) -> float:
        """This host's CPU use (load average over its cores), for GET /hosts and the metrics."""
        return 100.0 * os.getloadavg()[0] / max(len(os.sched_getaffinity(0)), 1)


def spares_wanted(rt: Runtime, host: str, *, steady: bool = True) -> int:
    """``fleet.spares``, or this host's share of a dead peer's rooms if that is more (:func:`fleet.peer_share`),
    that one only while ``steady`` (none of its rooms starting: a spare starting is a cold start too, and
    beside rooms going on air it slowed them down, 48 processes starting at once on 2 cores in the 24-room
    bench); none when spares are off. An idle spare costs memory, not CPU: it waits on stdin."""
    floor = rt.settings.fleet.spares
    if not floor or not steady:
        return floor
    return max(floor, min(fleet.peer_share(rt, host), SPARES_MAX))


def renew_held(rt: Runtime, host: str, children: dict[str, Child], holding: dict[str, tuple[int, bool]],
               now: float) -> list[str]:
    """Renew the leases of ``children`` whose room this host still holds under their fence (``holding``,
    from :func:`fleet.holding`) while the process is alive and used CPU within ``lease_s``; one still
    starting (not yet reported under its fence: starting Python and pre-rolling on a busy box can take
    minutes) for at most ``start_grace_s``. Each process renews its own lease as well; this keeps a
    starved lease thread from costing an on-air room a cold restart. A process that died, stalled or
    overran lets its lease lapse and the room is retaken. Returns the rooms renewed."""
    cfg = rt.settings.fleet
    due: dict[str, int] = {}
    for room_id, child in children.items():
        fence, reported = holding.get(room_id, (None, True))
        if child.standby or fence != child.fence or child.proc.poll() is not None:
            continue
        if not reported and now - child.started > cfg.start_grace_s:
            if not child.gave_up:
                child.gave_up = True
                log.warning("room %s: its process %d is still starting after start_grace_s; no longer holding "
                            "its lease", room_id, child.proc.pid)
            continue
        if not child.progressing(now, cfg.lease_s):
            if not child.stalled:
                log.warning("room %s: its process %d used no CPU for lease_s; no longer holding its lease",
                            room_id, child.proc.pid)
            child.stalled = True
            continue
        child.stalled = False
        due[room_id] = child.fence
    return fleet.renew_all(rt, host, due)
