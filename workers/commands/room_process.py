"""The body of a room's own long-lived process: supervise one LiveRoom, feed it from the database.

Every second (every half second while a hand-over is planned) the process moves queued segments into
the room, applies operator commands and writes the room's status back; every ``fill_check_s`` it asks
:func:`rooms.top_up` for render jobs when the queue runs low. It also serves the room's WebRTC preview
on a loopback port (the API hands viewers' offers to it), because the preview must hang off the room's
one clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import logging
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select, true, update

from core.errors import InputError
from core.models import Avatar, LiveRoom, RoomDestination, Segment, utcnow
from workers.commands import fleet, rooms
from workers.commands.assets import store_file, stored_path
from workers.runtime import Runtime

log = logging.getLogger(__name__)


def ensure_idle(rt: Runtime, room_id: str) -> Path:
    """The room's idle fill, made once in the room's format: the avatar's own idle loop (silent,
    whole ping-pong cycles, so it repeats without a jump), or a standby slate for a room without one."""
    from stream import RoomFormat

    cfg = rt.settings.stream
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        avatar = s.get(Avatar, room.avatar_id) if room.avatar_id else None
        label, (width, height) = rooms.on_air_label(room), rooms.room_size(rt, room)
        background_id = room.config.get("background_asset_id")
        key = (f"avatar:{avatar.id}:{width}x{height}:{label}:{background_id}" if avatar and avatar.model_path
               else f"slate:{width}x{height}")
        idle_id = room.config.get("idle_asset_id") if room.config.get("idle_key") == key else None
        merchant_id, model_path = room.merchant_id, avatar.model_path if avatar else None
    if idle_id is None:
        if model_path is not None:
            tmp = rt.settings.tmp_dir / f"idle-{room_id}.ts"
            from render import render_idle_loop  # seconds of imports (torch): only when there is a loop to render

            background = stored_path(rt, background_id, merchant_id) if background_id else None
            render_idle_loop(model_path, tmp, min_seconds=cfg.idle_min_seconds, resolution=(width, height),
                             aspect=rooms.room_aspect(width, height), container="mpegts", label=label,
                             background=background)
            idle_id = store_file(rt, merchant_id, tmp, "segment", "video/mp2t")
            tmp.unlink(missing_ok=True)
        else:
            idle_id = store_file(rt, merchant_id, standby_slate(rt, RoomFormat(width, height, cfg.fps, cfg.sample_rate)),
                                 "segment", "video/mp2t")
        with rt.session() as s:
            room = s.get(LiveRoom, room_id)
            room.config = {**room.config, "idle_asset_id": idle_id, "idle_key": key}
    return stored_path(rt, idle_id, merchant_id)


def standby_slate(rt: Runtime, fmt: Any) -> Path:
    """The standby slate of rooms without an avatar, encoded once per format on this host: every such room
    airs the same bytes (stored once per merchant, content-addressed), and each room encoding its own was an
    x264 run on every first start, 24 at once when a fleet's rooms start together on a busy box."""
    import fcntl

    from stream import make_slate

    path = rt.settings.tmp_dir / f"standby-{fmt.width}x{fmt.height}-{fmt.fps}-{fmt.sample_rate}.ts"
    if path.is_file():
        return path
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # rooms starting together: one encodes, the others wait for its file
        if not path.is_file():
            part = path.with_suffix(f".{os.getpid()}.part")
            make_slate(part, fmt, 2 * fmt.fps, pattern="smptebars")
            os.replace(part, path)
    return path


class PreviewServer:
    """WebRTC offers for this room, answered behind a per-process token: on 127.0.0.1 on one host, on the
    host's advertised address on a fleet (the API forwards viewers' offers from any host)."""

    def __init__(self, hub: Any, host: str = "127.0.0.1", ice_servers: list[Any] | None = None) -> None:
        self.hub = hub
        self.host = host
        self.ice_servers = ice_servers or []
        self.token = secrets.token_urlsafe(24)
        self._sock = socket.socket()
        self._sock.bind((host, 0))
        self.port = self._sock.getsockname()[1]
        self._server: Any = None
        self._thread = threading.Thread(target=self._serve, name="webrtc-preview", daemon=True)

    def start(self) -> "PreviewServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        self._thread.join(5)

    def _serve(self) -> None:
        import uvicorn
        from starlette.applications import Starlette
        from starlette.requests import Request
        from starlette.responses import JSONResponse
        from starlette.routing import Route

        peers: set[Any] = set()

        async def offer(request: Request) -> JSONResponse:
            if not secrets.compare_digest(request.headers.get("x-preview-token", ""), self.token):
                return JSONResponse({"detail": "wrong preview token"}, status_code=403)
            from aiortc import RTCSessionDescription  # with the first viewer: most rooms are never watched

            from stream import answer_viewer

            body = await request.json()
            try:
                pc = await answer_viewer(self.hub, RTCSessionDescription(sdp=body["sdp"], type=body["type"]),
                                         ice_servers=self.ice_servers)
            except Exception as exc:  # noqa: BLE001 - aiortc rejects a malformed offer with assorted errors
                log.info("refused a WebRTC offer: %r", exc)
                return JSONResponse({"detail": f"not a usable WebRTC offer: {exc}"}, status_code=400)
            peers.add(pc)

            @pc.on("connectionstatechange")
            async def _gone() -> None:
                if pc.connectionState in ("failed", "closed"):
                    peers.discard(pc)

            return JSONResponse({"sdp": pc.localDescription.sdp, "type": pc.localDescription.type})

        @contextlib.asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            yield
            await asyncio.gather(*(pc.close() for pc in list(peers)), return_exceptions=True)

        app = Starlette(routes=[Route("/offer", offer, methods=["POST"])], lifespan=lifespan)
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        asyncio.run(self._server.serve(sockets=[self._sock]))


READ_S = 1.0  # a room reads its row, new segments and commands, and reports its status, this often (it polled
# every 0.5 s: two reads a second per room were ~1 % of a core each at 24 rooms, with PostgreSQL's share on top)
PROMOTION_RECHECK_S = 1.0  # a standby looks at its row this often without a wake-up (a plan changed by a sweep)
STALL_S = 10.0  # a room that sends no frame this long writes its threads' stacks to its log


class Tenure:
    """Whether this process may write for its room: always on one host; on a fleet, only while the
    room's fence is still its own (a process that lost its lease must not overwrite the new holder)."""

    def __init__(self, rt: Runtime, room_id: str, fence: int | None, standby: bool = False) -> None:
        self.rt, self.room_id, self.fence, self.standby = rt, room_id, fence, standby
        self.host = fleet.host_name(rt) if fence is not None else ""
        self.lease: fleet.RoomLease | None = None
        self.handing_over = False
        self.handed_over = False

    @property
    def on_fleet(self) -> bool:
        return self.fence is not None

    def mine(self) -> Any:
        """A WHERE clause that holds while this process holds the room."""
        if self.fence is None:
            return true()
        return exists().where(LiveRoom.id == self.room_id, LiveRoom.host == self.host, LiveRoom.fence == self.fence)

    def relay_url(self, base: str) -> str:
        url = f"{base.rstrip('/')}/{self.room_id}"
        return f"{url}?fence={self.fence}&host={self.host}" if self.on_fleet else url

    def hold(self, on_lost: Callable[[str], None]) -> None:
        """Start renewing the lease; ``on_lost`` runs (on the lease's thread) the moment it is gone."""
        if self.on_fleet:
            self.lease = fleet.RoomLease(self.rt, self.room_id, self.host, self.fence, on_lost).start()

    def wait_for_promotion(self, cancel: threading.Event, room: Any) -> bool:
        """A standby (pre-rolled, relays waiting on this host's relay) waits until the holder hands the room
        over; False when the plan changed or it was cancelled."""
        waker = fleet.RoomWaker(self.rt, self.room_id)  # listening before the first look: no wake-up is missed
        try:
            while not cancel.is_set():
                verdict = fleet.standby_ready(self.rt, self.room_id, self.host, self.fence)
                if verdict == "promoted":
                    return True
                if verdict == "abandoned":
                    return False
                waker.wait(PROMOTION_RECHECK_S)  # the holder's hand-over wakes it at once
            return False
        finally:
            waker.close()

    def maybe_hand_over(self, room: Any, cancel: threading.Event, lease: tuple[str | None, int, str | None]) -> None:
        """The holder's side of a drain (``lease``: the room's host, fence and handover as the poll just read
        them, so this costs no query of its own): hold the queue once the standby is ready, and at the segment
        boundary (idle on air) drop the outputs' connections, move the lease in one UPDATE, and only then
        wait for the outputs to finish: the standby starts going on air meanwhile (the platform's gap
        starts when the copies are killed, and never while they still hold the keys)."""
        if not self.on_fleet or self.handed_over:
            return
        if not self.handing_over:
            if lease == (self.host, self.fence, "ready"):
                self.handing_over = True
                room.runner.pause()
                log.info("room %s: handover ready; holding the queue for the segment boundary", self.room_id)
            return
        if room.runner.status().on_air_kind != "idle":
            return
        room.fanout.halt()
        self.handed_over = fleet.hand_over(self.rt, self.room_id, self.host, self.fence)
        room.fanout.stop()
        log.info("room %s: handed over (%s)", self.room_id, self.handed_over)
        cancel.set()

    def end(self) -> None:
        if self.lease is not None:
            self.lease.stop()
        if self.on_fleet:
            fleet.release(self.rt, self.room_id, self.host, self.fence)
            return
        with self.rt.session() as s:
            row = s.get(LiveRoom, self.room_id)
            row.state, row.pid = "stopped", None
            row.config = {k: v for k, v in row.config.items() if k != "preview"}


def warm_up() -> None:
    """Import what a room process needs before it has a room: a live host keeps one such spare, so a
    room taken over from a dead host starts without paying for the imports (seconds on a busy box)."""
    import av  # noqa: F401
    import uvicorn  # noqa: F401 - the preview's server (aiortc waits for a viewer)

    import stream  # noqa: F401
    from stream import live, preview  # noqa: F401


def run(rt: Runtime, room_id: str, cancel: threading.Event, *, fence: int | None = None, standby: bool = False) -> int:
    """The room process: supervise a LiveRoom until stopped; returns how often it was restarted.

    With ``fence`` (a fleet host started it) the process holds the room's lease under that fencing
    token; with ``standby`` it pre-rolls and waits for the current holder to hand the room over."""
    tenure = Tenure(rt, room_id, fence, standby)
    airing: list[Room] = []

    def lose(why: str) -> None:
        """The lease is gone (another host may air the room already): its destination copies stop now, not
        when the room loop next looks, because they are what reaches the platform's key."""
        cancel.set()
        for room in list(airing):
            room.fanout.stop()

    if not standby:
        tenure.hold(lose)  # first: the lease a placement granted runs out while this process starts
    log.info("room %s: process up (fence %s%s)", room_id, fence, ", standby" if standby else "")
    from stream import Command, Destination, PreviewHub, Schedule, apply_command, destination_url, room_config, supervise
    from stream import LiveRoom as Room
    from stream import Segment as QueuedSegment

    cfg = rt.settings.stream
    idle = ensure_idle(rt, room_id)
    rooms.reencrypt_stream_keys(rt, room_id)
    key_secret = rt.settings.stream_key_secret.get_secret_value()
    with rt.session() as s:
        room_row = s.get(LiveRoom, room_id)
        merchant_id, (width, height) = room_row.merchant_id, rooms.room_size(rt, room_row)
        schedule = Schedule.model_validate(room_row.config["schedule"]) if room_row.config.get("schedule") else None
        destinations = [Destination(id=d.id, url=destination_url(d.server_url, d.key_encrypted, key_secret),
                                    enabled=d.enabled, platform=d.name)
                        for d in s.scalars(select(RoomDestination).where(RoomDestination.room_id == room_id))]
        if not tenure.on_fleet:
            fleet.requeue_unaired(s, room_id)
    config = room_config(room_id, idle, destinations, cfg, width=width, height=height,
                         relay_url=tenure.relay_url(cfg.relay_url))
    hub = PreviewHub(config.format, max_width=cfg.preview_max_width)
    with rt.session() as s:
        clocks: dict[str, Any] = {"report": 0.0, "fill": 0.0, "read": 0.0, "handover": False, "preview": False,
                                  "on_air_at": (s.get(LiveRoom, room_id).status.get("on_air_at")
                                                or s.get(LiveRoom, room_id).status.get("started_at"))}

    def on_event(kind: str, data: dict[str, Any]) -> None:
        segment_id = data.get("segment_id", "")
        state = {"segment_started": "on_air", "segment_finished": "played", "segment_failed": "failed"}.get(kind)
        if state and not segment_id.endswith(":idle"):
            times = {"on_air": {"aired_at": utcnow()}, "played": {"ended_at": utcnow()}}.get(state, {})
            with rt.session() as s:  # when it aired is what the learning loop joins with platform metrics
                s.execute(update(Segment).where(Segment.id == segment_id, tenure.mine())
                          .values(state=state, error=data.get("error"), **times))

    prerolled: list[Room] = []
    if tenure.on_fleet:
        # Pre-roll (a standby, and a room taken over from another host alike): the room built, its idle
        # prepared, its destination copies started first and playing on this host's relay, so they are
        # loaded when the first keyframe is published and carry it to the platform at once.
        prerolled.append(Room(config, on_event=on_event, sinks=[hub]))
        airing.append(prerolled[0])
        wait_s = rt.settings.fleet.drain_timeout_s if standby else rt.settings.fleet.start_grace_s
        prerolled[0].start_relays(wait_for_source_s=wait_s)
    preview = PreviewServer(hub, rt.settings.fleet.address if tenure.on_fleet else "127.0.0.1",
                            cfg.ice_servers).start()
    try:
        if prerolled:
            rooms.wait_for_players(rt, room_id, len(prerolled[0].fanout.relays))
        if standby and not prerolled[0].open_output():
            log.warning("room %s: its relay refused the standby's session; it connects once promoted", room_id)
        if standby:
            if not tenure.wait_for_promotion(cancel, prerolled[0]):
                prerolled[0].stop()
                preview.stop()
                return 0
            tenure.hold(lose)
    except BaseException:
        for room in prerolled:
            room.stop()
        preview.stop()
        raise

    def make_room() -> Room:
        log.info("room %s: going on air (fence %s)", room_id, fence)
        if standby and prerolled:  # promoted: its first frames reach the platform before it reads and prepares
            clocks["read"] = time.monotonic()  # its queue (its idle loop airs first anyway); in the gap, on a busy
            # box, that read and the demuxing it starts competed with the copy's dial to the platform
        room = prerolled.pop() if prerolled else Room(config, on_event=on_event, sinks=[hub])
        airing[:] = [room]
        return room

    def watch_frames(room: Room, now: float) -> None:
        """A room whose clock or publisher stops moving says so once in its log, with every thread's stack:
        the evidence for a stall nobody could reproduce (a copy failing to read its relay for minutes)."""
        frames = (room.runner.counters.frames, room.publisher.stats.sent_frames)
        if frames != clocks.get("frames"):
            clocks.update(frames=frames, moved=now, dumped=False)
        elif now - clocks["moved"] > STALL_S and not clocks["dumped"]:
            clocks["dumped"] = True
            log.warning("room %s: no frame for %.0f s (clock %d, sent %d, publishing %s); threads:", room_id,
                        now - clocks["moved"], *frames, room.publisher.stats.connected)
            faulthandler.dump_traceback(file=sys.stderr, all_threads=True)

    def poll(room: Room) -> None:
        now = time.monotonic()
        if now - clocks["read"] < READ_S and not clocks["handover"]:
            watch_frames(room, now)  # between reads (a hand-over planned: every poll, for the boundary)
            return
        clocks["read"] = now
        with rt.session() as s:
            row = s.get(LiveRoom, room_id)
            lease = (row.host, row.fence, row.handover)  # the hand-over reads it: no query of its own
            clocks["handover"] = row.next_host is not None or tenure.handing_over
            if row.state == "stopping":
                cancel.set()
                return
            if not clocks["preview"] and (not tenure.on_fleet or (row.host, row.fence) == (tenure.host, tenure.fence)):
                clocks["preview"] = True  # once on air (not before: a standby's promotion must not wait on it)
                row.config = {**row.config, "preview": {"host": preview.host, "port": preview.port,
                                                        "token": preview.token}}
            queued = [] if tenure.handing_over else list(s.scalars(
                select(Segment).where(Segment.room_id == room_id, Segment.state == "queued").order_by(Segment.position)))
        for seg in queued:
            try:
                path = stored_path(rt, seg.asset_id, merchant_id)
            except Exception as exc:  # a missing or corrupted file is reported, never aired
                on_event("segment_failed", {"segment_id": seg.id, "error": str(exc)})
                continue
            item = QueuedSegment(id=seg.id, path=path, kind="urgent" if seg.kind == "urgent" else "content",
                                 label=seg.label)
            with rt.session() as s:
                taken = s.execute(update(Segment).where(Segment.id == seg.id, Segment.state == "queued", tenure.mine())
                                  .values(state="sent")).rowcount
            if taken:
                room.runner.insert_urgent(item) if seg.kind == "urgent" else room.runner.enqueue(item)
        for command_id, action in rooms.pending_commands(rt, room_id):
            try:
                apply_command(room, Command(action=action))
                rooms.mark_applied(rt, command_id)
            except InputError as exc:
                rooms.mark_applied(rt, command_id, str(exc))
        tenure.maybe_hand_over(room, cancel, lease)
        now = time.monotonic()
        watch_frames(room, now)
        if now - clocks["fill"] >= cfg.fill_check_s:
            clocks["fill"] = now
            try:
                rooms.top_up(rt, room_id, room.runner.queue_seconds())
            except InputError as exc:  # a playlist that no longer validates: reported, the room airs on
                on_event("fill_failed", {"error": str(exc)})
                log.warning("room %s: cannot fill its queue: %s", room_id, exc)
        if now - clocks["report"] >= READ_S:
            clocks["report"] = now
            report = {**room.status().model_dump(mode="json"), "viewers": hub.viewers, "reported_at": utcnow().isoformat(),
                      **({"host": tenure.host, "fence": tenure.fence} if tenure.on_fleet else {})}
            if report["published"]:
                clocks["on_air_at"] = report["reported_at"]
            report["on_air_at"] = clocks["on_air_at"]  # the off-air alert counts from here (fleet.room_metrics)
            with rt.session() as s:
                s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.state != "stopping", tenure.mine())
                          .values(status=report, state=report["state"]))

    try:
        return supervise(make_room, cancel, schedule=schedule, poll=poll, on_event=on_event)
    finally:
        preview.stop()
        tenure.end()
