"""Rooms across many hosts: placement, leases with fencing tokens, failover and planned handovers.

The database decides who airs a room, never the broker. A room row holds ``host`` (its lease
holder), ``lease_until`` and ``fence``, a number that grows with every new lease. Every change of
holder is one conditional UPDATE, so two hosts that race for a room (two API calls, a message the
broker delivered twice, a sweep racing a placement) can never both win.

* **Placement.** Starting a room sets it wanted (``starting``) and queues a ``room.place`` job on
  the ``live`` queue. Whichever live host takes the message claims the room if it has a free slot
  (counted under a per-host advisory lock, so a host never holds more rooms than its slots). A host
  without a free slot, or a message for a room whose lease is fresh, is acknowledged and dropped:
  every host also sweeps for wanted rooms nobody holds, so a dropped or lost message only costs a
  sweep. This is also how the design copes with Redis redelivering a long-running task after its
  visibility timeout: the task is short (a claim), and a redelivery finds the lease fresh and does
  nothing. The room runs in its own process on the host (``evercast live run ROOM --fence N``),
  supervised by the host's agent (:mod:`workers.commands.live_host`), not inside a Celery task.
* **Leases.** The room's process renews its lease every ``renew_s`` with ``WHERE fence = mine``;
  when that finds no row, or when it could not renew for ``lease_s`` (database unreachable), it
  stops at once. Its host's agent renews it too while the process is alive and uses CPU (a starved
  lease thread must not cost an on-air room a cold restart), and holds it alone while the process is
  still starting, at most ``start_grace_s``. A wanted room whose lease lapsed (its host dead, or its
  process dead or stuck) is taken over by another host with a new fence.
* **Fencing.** A room publishes to its host's relay with ``?fence=N&host=H`` in the URL; the relay
  asks the API (:func:`publisher_allowed`) before accepting it and every ``hook_update_s`` while it
  publishes, and drops it once N is neither the room's current fence nor its planned next one. A
  process that was paused or cut off while another host took its room over can therefore not publish
  again.
* **Queue position.** Segments a dead holder had taken (``sent``) or was airing (``on_air``) go back
  to ``queued`` when the next holder starts: the interrupted segment restarts, played ones stay played.
* **Handover (drain).** The host is marked draining first (no new placements); its rooms get a
  ``next_host`` with ``next_fence`` a few at a time (one per receiving host, driven by the draining
  host's agent); that host starts a standby process that pre-rolls (loads the room, prepares its idle
  loop, starts its destination copies waiting on its relay) and reports ``ready``; the holder holds
  its queue, and when its segment on air ends it stops its outputs and moves the lease to the standby
  in one UPDATE. The standby then starts its clock at once: its RTMP session to its relay was opened
  during pre-roll (headers only, which no copy carries on), so only its first frame is in the gap. A
  handover not done within ``drain_timeout_s`` is forced: the room moves like a failover.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, text, update
from sqlalchemy.orm import Session

from core.errors import InputError, NotConfiguredError
from core.models import LiveHost, LiveRoom, Segment, utcnow
from workers.jobs import submit
from workers.runtime import Runtime

log = logging.getLogger(__name__)
WANTED = ("starting", "live", "degraded")


def hook_url(rt: Runtime) -> str:
    """Where relays ask :func:`publisher_allowed` (the API's /relay/fence/<token>; the token keeps others out)."""
    base = rt.settings.fleet.hook_url or f"http://{rt.settings.api.host}:{rt.settings.api.port}"
    return f"{base.rstrip('/')}/relay/fence/{hook_token(rt)}"


def hook_token(rt: Runtime) -> str:
    key = rt.settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"evercast relay fence hook", hashlib.sha256).hexdigest()[:32]


def enabled(rt: Runtime) -> bool:
    return rt.settings.fleet.placement == "fleet"


def host_name(rt: Runtime) -> str:
    return rt.settings.fleet.host_name or socket.gethostname()


def measured_slots(rt: Runtime) -> int:
    """Rooms this host may carry: its own setting, or its cores' share at the measured cost of a room."""
    cfg = rt.settings.fleet
    if cfg.slots:
        return cfg.slots
    cores = len(os.sched_getaffinity(0))
    slots = math.floor(cores * 3600 * cfg.utilisation / cfg.core_s_per_room_hour)
    if slots < 1:
        raise NotConfiguredError(f"{cores} cores carry no room at {cfg.core_s_per_room_hour:g} core-s per live hour: "
                                 "set EVERCAST_FLEET__SLOTS or run live rooms on a bigger host")
    return slots


# ---------------------------------------------------------------- hosts


def register_host(rt: Runtime, relay_url: str, preview_url: str) -> LiveHost:
    """Announce this host (or announce it again after a restart): active, with its slots and addresses."""
    name, slots = host_name(rt), measured_slots(rt)
    with rt.session() as s:
        row = s.get(LiveHost, name) or LiveHost(name=name)
        row.address, row.relay_url, row.preview_url = rt.settings.fleet.address, relay_url, preview_url
        row.slots, row.cores, row.state, row.heartbeat_at = slots, len(os.sched_getaffinity(0)), "active", utcnow()
        s.add(row)
        s.flush()
        s.expunge(row)
        return row


def host_heartbeat(rt: Runtime, cpu_percent: float) -> str:
    """Prove this host alive; returns its state (``draining`` stops it taking rooms)."""
    with rt.session() as s:
        row = s.get(LiveHost, host_name(rt))
        if row is None:
            return "gone"
        row.heartbeat_at, row.cpu_percent = utcnow(), round(cpu_percent, 1)
        return row.state


def host_gone(rt: Runtime) -> None:
    with rt.session() as s:
        s.execute(update(LiveHost).where(LiveHost.name == host_name(rt)).values(state="gone"))


# ---------------------------------------------------------------- placement and leases


def request_start(rt: Runtime, room_id: str) -> str:
    """Make the room wanted and queue its placement; returns where it airs or the placement job."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room.state in WANTED and room.host and room.lease_until and room.lease_until > utcnow():
            return f"on host {room.host}"
        if room.state not in WANTED:
            room.status = {"started_at": utcnow().isoformat()}  # the off-air clock starts here
        room.state = "starting"
        merchant_id = room.merchant_id
    return f"placement job {submit(rt, 'room.place', {'room_id': room_id}, merchant_id=merchant_id, queue='live')}"


def _lapsed(now: Any) -> Any:
    return or_(LiveRoom.host.is_(None), LiveRoom.lease_until.is_(None), LiveRoom.lease_until < now)


def claim(rt: Runtime, room_id: str, host: str, *, warm: int = 0) -> int | None:
    """Take a wanted room nobody holds (or whose lease lapsed) if this host is active and has a free
    slot; returns the new fence, or None. Two claims for one room: exactly one UPDATE matches. ``warm``:
    spares the host has ready: while it has one, ``max_starting`` (back-pressure on cold starts, whose
    imports slow each other down) does not apply, since a spare has done its imports (capped at the larger
    of the two, a host with three rooms starting could not hand a fourth to a warm spare: in a 24-room
    failover that room waited 14 s). The sweep takes at most that many rooms a round."""
    now = utcnow()
    with rt.session() as s:
        s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:h))"), {"h": f"evercast-host:{host}"})
        me = s.get(LiveHost, host)
        if me is None or me.state != "active" or not has_room(s, me, now, me.slots if warm else rt.settings.fleet.max_starting):
            return None
        fence = func.greatest(LiveRoom.fence, func.coalesce(LiveRoom.next_fence, 0)) + 1
        row = s.execute(
            update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.state.in_(WANTED), _lapsed(now))
            .values(host=host, fence=fence, lease_until=now + timedelta(seconds=rt.settings.fleet.lease_s),
                    next_host=None, next_fence=None, handover=None)
            .returning(LiveRoom.fence)).first()
        if row is not None:
            requeue_unaired(s, room_id)
            log.info("host %s took room %s with fence %d", host, room_id, row.fence)
        return None if row is None else int(row.fence)


def retake(rt: Runtime, room_id: str, host: str, fence: int) -> int | None:
    """This host's room process died while it held the room: a new lease (new fence) here, so whatever
    the dead process left behind can never publish again; None if the room is no longer this host's."""
    with rt.session() as s:
        row = s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.host == host, LiveRoom.fence == fence,
                                               LiveRoom.state.in_(WANTED))
                        .values(fence=LiveRoom.fence + 1,
                                lease_until=utcnow() + timedelta(seconds=rt.settings.fleet.lease_s))
                        .returning(LiveRoom.fence)).first()
        if row is not None:
            requeue_unaired(s, room_id)
        return None if row is None else int(row.fence)


def has_room(s: Session, host: LiveHost, now: Any, max_starting: int) -> bool:
    """Whether ``host`` may take one more room: a free slot, and fewer than ``max_starting`` of its rooms
    still starting (back-pressure: cold starts on a busy box slow each other down, so a host takes the
    next room when one of its own is on air, and the sweep leaves the rest to hosts that can)."""
    return held(s, host.name, now) < host.slots and starting(s, host.name, now) < max_starting


def starting(s: Session, host: str, now: Any) -> int:
    """Rooms ``host`` holds a live lease on whose process has not yet reported under that lease."""
    return s.scalar(select(func.count()).select_from(LiveRoom).where(
        LiveRoom.host == host, LiveRoom.state.in_(WANTED), LiveRoom.lease_until >= now, _unreported())) or 0


def holding(rt: Runtime, host: str) -> dict[str, tuple[int, bool]]:
    """{room: (fence, reported)} of the wanted rooms ``host`` holds (its lease live or lapsed but not yet
    taken), ``reported`` once its process has reported under that fence (see workers/live_host.py)."""
    with rt.session() as s:
        rows = s.execute(select(LiveRoom.id, LiveRoom.fence, _unreported().label("starting")).where(
            LiveRoom.host == host, LiveRoom.state.in_(WANTED))).all()
    return {r.id: (int(r.fence), not r.starting) for r in rows}


def _unreported() -> Any:
    return func.coalesce(LiveRoom.status["fence"].as_integer(), -1) != LiveRoom.fence


def held(s: Session, host: str, now: Any) -> int:
    """Rooms this host holds a live lease on, and standbys it is starting (both take a slot)."""
    holding = s.scalar(select(func.count()).select_from(LiveRoom)
                       .where(LiveRoom.host == host, LiveRoom.state.in_(WANTED), LiveRoom.lease_until >= now)) or 0
    standby = s.scalar(select(func.count()).select_from(LiveRoom).where(LiveRoom.next_host == host)) or 0
    return holding + standby


def requeue_unaired(s: Session, room_id: str) -> None:
    """What the last holder took but did not finish airing goes back to the queue, in its order."""
    s.execute(update(Segment).where(Segment.room_id == room_id, Segment.state.in_(("sent", "on_air")))
              .values(state="queued"))


def place(rt: Runtime, room_id: str) -> dict[str, Any]:
    """Body of the ``room.place`` job: claim the room here, or say why not (acknowledged either way)."""
    host = host_name(rt)
    fence = claim(rt, room_id, host)
    if fence is not None:
        return {"room_id": room_id, "host": host, "fence": fence}
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        reason = (f"held by {room.host} (fence {room.fence})" if room and room.host and room.lease_until
                  and room.lease_until >= utcnow() else f"no free slot on {host} (or {rt.settings.fleet.max_starting} rooms "
                  "starting there); the hosts' sweep places it")
    log.info("room %s not placed on %s: %s", room_id, host, reason)
    return {"room_id": room_id, "host": None, "reason": reason}


def sweep(rt: Runtime, host: str, limit: int | None = None) -> list[tuple[str, int]]:
    """Take this host's share of the wanted rooms nobody holds: at most the orphans divided among the
    active hosts with free slots (rounded up), so a dead host's rooms spread over the survivors, and at
    most ``limit`` this round (its host's warm spares: a room started cold on a busy box takes tens of
    seconds). A host without spares (``limit`` 0) takes one room, and only one lapsed ``lease_s`` ago or
    never placed, so hosts with spares get the first pick."""
    now = utcnow()
    lapsed = _lapsed(now) if limit != 0 else or_(LiveRoom.lease_until.is_(None),
                                                  LiveRoom.lease_until < now - timedelta(seconds=rt.settings.fleet.lease_s))
    with rt.session() as s:
        orphans = list(s.scalars(select(LiveRoom.id).where(LiveRoom.state.in_(WANTED), _lapsed(now), lapsed)
                                 .order_by(LiveRoom.lease_until.nulls_first())))
        if not orphans:
            return []
        fresh = now - timedelta(seconds=rt.settings.fleet.lease_s)
        takers = [h for h in s.scalars(select(LiveHost).where(LiveHost.state == "active", LiveHost.heartbeat_at >= fresh))
                  if has_room(s, h, now, h.slots if limit and h.name == host else rt.settings.fleet.max_starting)]
    if host not in {h.name for h in takers}:
        return []
    share = min(math.ceil(len(orphans) / len(takers)), len(orphans) if limit is None else max(limit, 1))
    offset = sorted(h.name for h in takers).index(host) * share  # hosts start at different rooms: fewer lost races
    taken: list[tuple[str, int]] = []
    for room_id in orphans[offset:] + orphans[:offset]:
        if len(taken) >= share:
            break
        if (fence := claim(rt, room_id, host, warm=limit or 0)) is not None:
            taken.append((room_id, fence))
    return taken


def peer_share(rt: Runtime, host: str) -> int:
    """The most rooms the sweep would hand ``host`` if one other live host died now: that peer's rooms
    spread over the active hosts left, capped by this host's free slots (0 while it is not active). A
    host keeps that many spares, so a whole failover starts from processes whose imports are done: a
    room started cold on a busy box takes tens of seconds, one from a spare a few."""
    now = utcnow()
    fresh = now - timedelta(seconds=rt.settings.fleet.lease_s)
    with rt.session() as s:
        live = dict(s.execute(select(LiveHost.name, LiveHost.state).where(
            LiveHost.state.in_(("active", "draining")), LiveHost.heartbeat_at >= fresh)).all())
        me = s.get(LiveHost, host)
        if me is None or live.get(host) != "active":
            return 0
        free = me.slots - held(s, host, now)
        rooms = dict(s.execute(select(LiveRoom.host, func.count()).where(
            LiveRoom.host.in_(list(live)), LiveRoom.host != host, LiveRoom.state.in_(WANTED))
            .group_by(LiveRoom.host)).all())
    takers = sum(state == "active" for state in live.values())
    shares = [math.ceil(count / (takers - (live[peer] == "active"))) for peer, count in rooms.items()]
    return max(min(max(shares, default=0), free), 0)


def renew(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    """Extend the lease; False when the room is no longer this holder's (taken over, stopped, handed over)."""
    return renew_all(rt, host, {room_id: fence}) == [room_id]


def renew_all(rt: Runtime, host: str, fences: dict[str, int]) -> list[str]:
    """Extend the leases of ``fences`` ({room: fence}) that are still this holder's, in one statement (a
    host renews all its rooms each second); returns those extended."""
    if not fences:
        return []
    until = utcnow() + timedelta(seconds=rt.settings.fleet.lease_s)
    with rt.session() as s:
        return list(s.scalars(update(LiveRoom).where(
            LiveRoom.host == host, or_(*(and_(LiveRoom.id == r, LiveRoom.fence == f) for r, f in fences.items())))
            .values(lease_until=until).returning(LiveRoom.id)))


def release(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    """The holder's process ends. A room being stopped is stopped; any other is let go at once (lease
    lapsed now) so another host takes it without waiting. Returns whether the row was still ours."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room is None or room.host != host or room.fence != fence:
            return False
        if room.state == "stopping":
            room.state, room.host, room.lease_until = "stopped", None, None
        else:
            room.lease_until = utcnow() - timedelta(seconds=1)
        room.config = {k: v for k, v in room.config.items() if k != "preview"}
        return True


class RoomLease:
    """The lease of one room process: renewed on a thread of its own, so a busy room loop cannot let it
    lapse. ``on_lost`` runs once when the lease is gone, or when it could not be renewed for
    ``lease_s`` (the database unreachable): then another host may already hold the room."""

    def __init__(self, rt: Runtime, room_id: str, host: str, fence: int, on_lost: Callable[[str], None]) -> None:
        self.rt, self.room_id, self.host, self.fence, self.on_lost = rt, room_id, host, fence, on_lost
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease:{room_id[:8]}", daemon=True)

    def start(self) -> "RoomLease":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        cfg = self.rt.settings.fleet
        renewed = time.monotonic()
        while not self._stop.is_set():
            try:
                if not renew(self.rt, self.room_id, self.host, self.fence):
                    return self._lose("the room was taken over or stopped elsewhere")
                renewed = time.monotonic()
            except Exception:  # noqa: BLE001 - the database is down: keep trying until the lease runs out
                log.exception("room %s: lease renewal failed", self.room_id)
                if time.monotonic() - renewed > cfg.lease_s:
                    return self._lose(f"no renewal for {cfg.lease_s:g} s")
            self._stop.wait(cfg.renew_s)

    def _lose(self, why: str) -> None:
        log.warning("room %s: lease with fence %d lost: %s", self.room_id, self.fence, why)
        self.lost.set()
        self.on_lost(why)


def publisher_allowed(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    """The relays' question: may this publisher be on its host's relay? The holder of the room's current
    lease, and the planned next holder: a standby opens its session during pre-roll and sends its first
    frame only once promoted (stream.publish.Publisher.open), so its relay's copies, the only thing that
    reaches the platform, carry nothing before then."""
    return _holder_or_next(rt, room_id, host, fence)


def player_allowed(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    """May this destination copy read the room from its host's relay? The current holder's, and the
    planned next holder's (a standby's copies wait on its relay before the handover)."""
    return _holder_or_next(rt, room_id, host, fence)


def _holder_or_next(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        return bool(room and room.state in (*WANTED, "stopping")
                    and ((room.host, room.fence) == (host, fence) or (room.next_host, room.next_fence) == (host, fence)))


# ---------------------------------------------------------------- planned handover


def request_drain(rt: Runtime, host: str) -> dict[str, Any]:
    """Mark ``host`` draining (placement stops at once) and plan the first handovers; the host's agent
    plans the rest as these complete (:func:`plan_handovers`), a few at a time, so each new host starts
    its standbys from processes it started ahead instead of all at once from cold."""
    with rt.session() as s:
        row = s.get(LiveHost, host)
        if row is None:
            raise InputError(f"no live host named {host}")
        row.state = "draining"
    return {"host": host, "rooms": rooms_on(rt, host), "moving": plan_handovers(rt, host)}


def plan_handovers(rt: Runtime, host: str) -> list[dict[str, str]]:
    """Give the next rooms of draining ``host`` a next host: one per other active host with a free slot,
    and none while a handover from ``host`` is still under way."""
    now = utcnow()
    with rt.session() as s:
        if s.scalar(select(func.count()).select_from(LiveRoom).where(LiveRoom.host == host,
                                                                     LiveRoom.next_host.is_not(None))):
            return []
        waiting = list(s.scalars(select(LiveRoom.id).where(LiveRoom.host == host, LiveRoom.state.in_(WANTED))
                                 .order_by(LiveRoom.id)))
    moving: list[dict[str, str]] = []
    taken: set[str] = set()
    for room_id in waiting:
        target = _handover_target(rt, host, now, exclude=taken)
        if target is None:
            break
        with rt.session() as s:
            s.execute(text("SELECT pg_advisory_xact_lock(hashtext(:h))"), {"h": f"evercast-host:{target}"})
            planned = s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.host == host,
                                                       LiveRoom.next_host.is_(None))
                                .values(next_host=target, next_fence=func.greatest(
                                    LiveRoom.fence, func.coalesce(LiveRoom.next_fence, 0)) + 1,
                                    handover="requested")).rowcount
        if planned:
            taken.add(target)
            moving.append({"room_id": room_id, "to": target})
    return moving


def handovers_from(rt: Runtime, host: str) -> list[str]:
    with rt.session() as s:
        return list(s.scalars(select(LiveRoom.id).where(LiveRoom.host == host, LiveRoom.next_host.is_not(None))))


def force_off(rt: Runtime, room_id: str, host: str) -> bool:
    """Take a room from ``host`` at once (a new fence, nobody holding): its process stops at its next
    renewal and another host's sweep takes the room, as after a crash (a handover that did not happen)."""
    with rt.session() as s:
        forced = s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.host == host)
                           .values(host=None, lease_until=None, next_host=None, next_fence=None, handover=None,
                                   fence=func.greatest(LiveRoom.fence, func.coalesce(LiveRoom.next_fence, 0)) + 1)
                           ).rowcount == 1
        if forced:
            wake(s, room_id)  # its standby, if any, gives up now
        return forced


def _handover_target(rt: Runtime, host: str, now: Any, exclude: set[str]) -> str | None:
    """The active host with the most free slots (fresh heartbeat), other than ``host`` and ``exclude``."""
    fresh = now - timedelta(seconds=rt.settings.fleet.lease_s)
    with rt.session() as s:
        free = [(h.slots - held(s, h.name, now), h.name) for h in s.scalars(
            select(LiveHost).where(LiveHost.state == "active", LiveHost.name != host, LiveHost.heartbeat_at >= fresh))
            if h.name not in exclude]
    best = max(free, default=(0, None))
    return best[1] if best[0] > 0 else None


def standby_ready(rt: Runtime, room_id: str, host: str, fence: int) -> str:
    """A standby reports that it has pre-rolled; returns ``promoted`` (it holds the room now),
    ``waiting`` (still the planned next holder) or ``abandoned`` (the plan changed)."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room is None:
            return "abandoned"
        if room.host == host and room.fence == fence:
            return "promoted"
        if room.next_host != host or room.next_fence != fence:
            return "abandoned"
        if room.handover == "requested":
            room.handover = "ready"
        return "waiting"


def room_channel(room_id: str) -> str:
    """The room's PostgreSQL notification channel (a plain identifier whatever the room id holds)."""
    return "evercast_room_" + hashlib.sha256(room_id.encode()).hexdigest()[:32]


def wake(s: Session, room_id: str) -> None:
    """Tell whoever listens on the room (a standby waiting for its promotion) to look again; PostgreSQL
    delivers it when ``s`` commits, so the listener reads the committed row."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("SELECT pg_notify(:channel, '')"), {"channel": room_channel(room_id)})


class RoomWaker:
    """LISTEN on one room's channel over a connection of its own: a standby sleeps until the holder hands
    the room over (:func:`wake`) instead of asking the database every 20 ms (each ask was CPU on a starved
    box, and up to 20 ms of the platform's gap)."""

    def __init__(self, rt: Runtime, room_id: str) -> None:
        import psycopg
        from psycopg import sql

        url = rt.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.conn = psycopg.connect(url, autocommit=True)
        self.conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(room_channel(room_id))))

    def wait(self, timeout_s: float) -> bool:
        """True once woken, False after ``timeout_s`` without a word (the caller looks at the row either way)."""
        return any(True for _ in self.conn.notifies(timeout=timeout_s, stop_after=1))

    def close(self) -> None:
        self.conn.close()


def hand_over(rt: Runtime, room_id: str, host: str, fence: int) -> bool:
    """The holder, at a segment boundary with its outputs stopped, gives the lease to the standby."""
    grace = timedelta(seconds=rt.settings.fleet.lease_s)
    with rt.session() as s:
        moved = s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.host == host, LiveRoom.fence == fence,
                                                 LiveRoom.handover == "ready")
                          .values(host=LiveRoom.next_host, fence=LiveRoom.next_fence, lease_until=utcnow() + grace,
                                  next_host=None, next_fence=None, handover=None)).rowcount == 1
        if moved:
            requeue_unaired(s, room_id)
            wake(s, room_id)
        return moved


def stopped(rt: Runtime, room_id: str) -> bool:
    """Whether a room asked to stop is off the air: its holder said so, or its lease lapsed (then it is
    marked stopped here, so no host takes it over)."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room.state != "stopping":
            return room.state == "stopped"
        if room.host is None or room.lease_until is None or room.lease_until < utcnow():
            room.state, room.host, room.lease_until = "stopped", None, None
            room.config = {k: v for k, v in room.config.items() if k != "preview"}
            return True
        return False


def rooms_on(rt: Runtime, host: str) -> int:
    with rt.session() as s:
        return s.scalar(select(func.count()).select_from(LiveRoom).where(LiveRoom.host == host,
                                                                         LiveRoom.state.in_(WANTED))) or 0


# ---------------------------------------------------------------- reading


def hosts(rt: Runtime, merchant_id: str | None = None) -> list[dict[str, Any]]:
    """Every live host with its slots, health and rooms (only ``merchant_id``'s rooms are named)."""
    now = utcnow()
    with rt.session() as s:
        out = []
        for h in s.scalars(select(LiveHost).order_by(LiveHost.name)):
            rooms = s.execute(select(LiveRoom.id, LiveRoom.merchant_id, LiveRoom.state, LiveRoom.lease_until)
                              .where(LiveRoom.host == h.name, LiveRoom.state.in_(WANTED))).all()
            alive = (now - h.heartbeat_at).total_seconds() <= rt.settings.fleet.lease_s
            out.append({"name": h.name, "address": h.address, "relay_url": h.relay_url, "state": h.state if alive
                        or h.state == "gone" else "unreachable", "slots": h.slots, "cores": h.cores,
                        "cpu_percent": h.cpu_percent, "rooms": len(rooms), "heartbeat_at": h.heartbeat_at.isoformat(),
                        "room_ids": sorted(r.id for r in rooms if merchant_id is None or r.merchant_id == merchant_id)})
        return out


def room_metrics(rt: Runtime, merchant_id: str) -> list[tuple[str, dict[str, str], float]]:
    """(name, labels, value) for the merchant's started rooms: on air or not, seconds off air (since the
    last report that said published, or since it was started), and the alert past ``off_air_alert_s``."""
    from datetime import datetime

    now = utcnow()
    out = []
    with rt.session() as s:
        for room in s.scalars(select(LiveRoom).where(LiveRoom.merchant_id == merchant_id, LiveRoom.state.in_(WANTED))):
            labels = {"room": room.id, "host": room.host or ""}
            reported = room.status.get("reported_at")
            fresh = reported and (now - datetime.fromisoformat(reported)).total_seconds() <= rt.settings.fleet.lease_s
            on_air = bool(fresh and room.status.get("published"))
            since = room.status.get("on_air_at") or room.status.get("started_at")
            off_s = 0.0 if on_air else (now - (datetime.fromisoformat(since) if since else room.created_at)).total_seconds()
            out += [("evercast_room_on_air", labels, float(on_air)), ("evercast_room_off_air_seconds", labels, round(off_s, 1)),
                    ("evercast_room_off_air_alert", labels, float(off_s > rt.settings.fleet.off_air_alert_s))]
    return out


def host_metrics(rt: Runtime) -> list[tuple[str, dict[str, str], float]]:
    """(name, labels, value) per live host: up, draining, slots, rooms held, CPU."""
    out = []
    for h in hosts(rt):
        labels = {"host": h["name"]}
        out += [("evercast_host_up", labels, float(h["state"] in ("active", "draining"))),
                ("evercast_host_draining", labels, float(h["state"] == "draining")),
                ("evercast_host_slots", labels, float(h["slots"])), ("evercast_host_rooms", labels, float(h["rooms"])),
                ("evercast_host_cpu_percent", labels, float(h["cpu_percent"]))]
    return out
