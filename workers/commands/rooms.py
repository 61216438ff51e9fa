"""Live rooms in the database, and the body of a room's own long-lived process.

A room is not a Celery task: it runs in its own supervised process (`evercast live run ROOM`),
reads its queue and its stop flag from the database, and writes its status back every second.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from core.errors import InputError
from core.models import Asset, Avatar, LiveRoom, RoomDestination, Segment, utcnow
from workers.commands.assets import store_file, stored_path
from workers.runtime import Runtime

log = logging.getLogger(__name__)
ACTIVE_STATES = ("starting", "live", "degraded")


def add_destination(rt: Runtime, room_id: str, name: str, server_url: str, stream_key: str) -> str:
    """A platform ingest; the key is encrypted at rest with the settings secret."""
    from stream import encrypt_key

    if not server_url.startswith(("rtmp://", "rtmps://")):
        raise InputError("a destination needs an rtmp:// or rtmps:// server URL")
    if not stream_key.strip() or "/" in stream_key:
        raise InputError("a stream key is a non-empty string without '/'")
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        assert room is not None
        row = RoomDestination(room_id=room_id, merchant_id=room.merchant_id, name=name, server_url=server_url.rstrip("/"),
                              key_encrypted=encrypt_key(stream_key, rt.settings.secret_key))
        s.add(row)
        s.flush()
        return row.id


def enqueue(rt: Runtime, room_id: str, asset_id: str, *, kind: str = "content", label: str = "") -> str:
    """Queue a rendered segment (MPEG-TS asset) for the room; it airs at the next boundary."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        asset = s.get(Asset, asset_id)
        if room is None or asset is None or asset.merchant_id != room.merchant_id:
            raise InputError(f"segment asset {asset_id} not found")
        last = s.scalar(select(Segment.position).where(Segment.room_id == room_id).order_by(Segment.position.desc()))
        row = Segment(merchant_id=room.merchant_id, room_id=room_id, asset_id=asset_id, kind=kind, label=label[:200],
                      position=(last or 0) + 1, state="queued")
        s.add(row)
        s.flush()
        return row.id


def ensure_idle(rt: Runtime, room_id: str) -> Path:
    """The room's idle fill: its configured idle segment, or a standby slate made once in the room's format."""
    from stream import RoomFormat, make_slate

    cfg = rt.settings.stream
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        idle_id = room.config.get("idle_asset_id")
        merchant_id = room.merchant_id
    if idle_id is None:
        tmp = rt.settings.tmp_dir / f"idle-{room_id}.ts"
        make_slate(tmp, RoomFormat(cfg.width, cfg.height, cfg.fps, cfg.sample_rate), 2 * cfg.fps, pattern="smptebars")
        idle_id = store_file(rt, merchant_id, tmp, "segment", "video/mp2t")
        tmp.unlink(missing_ok=True)
        with rt.session() as s:
            room = s.get(LiveRoom, room_id)
            room.config = {**room.config, "idle_asset_id": idle_id}
    return stored_path(rt, idle_id, merchant_id)


def check_can_go_live(rt: Runtime, room_id: str) -> None:
    """A room airs a person only with that person's recorded consent."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        avatar = s.get(Avatar, room.avatar_id) if room and room.avatar_id else None
        if avatar is not None and not avatar.consent:
            raise InputError(f"avatar {avatar.name} has no recorded consent of the person: it cannot go live")
        if avatar is not None and avatar.status != "ready":
            raise InputError(f"avatar {avatar.name} is {avatar.status}, not ready")


def start(rt: Runtime, room_id: str) -> int:
    """Start the room's own process (detached) unless it is already running; returns its pid."""
    check_can_go_live(rt, room_id)
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room.state in ACTIVE_STATES and room.pid and _alive(room.pid):
            return room.pid
        room.state = "starting"
    log_path = rt.settings.data_dir / "rooms" / f"{room_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "live", "run", room_id],
                            stdout=log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
    with rt.session() as s:
        s.get(LiveRoom, room_id).pid = proc.pid
    return proc.pid


def stop(rt: Runtime, room_id: str, timeout_s: float = 20.0) -> None:
    """Ask the room process to stop (it leaves the air at once) and wait for it."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        pid = room.pid
        if room.state in ACTIVE_STATES:
            room.state = "stopping"
    deadline = time.monotonic() + timeout_s
    while pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGTERM)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a finished child we started is a zombie until reaped
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def run(rt: Runtime, room_id: str, cancel: threading.Event) -> int:
    """The room process: supervise a LiveRoom until stopped; returns how often it was restarted."""
    from stream import Destination, Schedule, destination_url, room_config, supervise
    from stream import LiveRoom as Room
    from stream import Segment as QueuedSegment

    idle = ensure_idle(rt, room_id)
    with rt.session() as s:
        room_row = s.get(LiveRoom, room_id)
        merchant_id = room_row.merchant_id
        schedule = Schedule.model_validate(room_row.config["schedule"]) if room_row.config.get("schedule") else None
        destinations = [Destination(id=d.id, url=destination_url(d.server_url, d.key_encrypted, rt.settings.secret_key),
                                    enabled=d.enabled)
                        for d in s.scalars(select(RoomDestination).where(RoomDestination.room_id == room_id))]
    config = room_config(room_id, idle, destinations, rt.settings.stream)
    last_report = [0.0]

    def on_event(kind: str, data: dict[str, Any]) -> None:
        segment_id = data.get("segment_id", "")
        state = {"segment_started": "on_air", "segment_finished": "played", "segment_failed": "failed"}.get(kind)
        if state and not segment_id.endswith(":idle"):
            with rt.session() as s:
                s.execute(update(Segment).where(Segment.id == segment_id)
                          .values(state=state, error=data.get("error")))

    def poll(room: Room) -> None:
        with rt.session() as s:
            row = s.get(LiveRoom, room_id)
            if row.state == "stopping":
                cancel.set()
                return
            queued = list(s.scalars(select(Segment).where(Segment.room_id == room_id, Segment.state == "queued")
                                    .order_by(Segment.position)))
        for seg in queued:
            try:
                path = stored_path(rt, seg.asset_id, merchant_id)
            except Exception as exc:  # a missing or corrupted file is reported, never aired
                on_event("segment_failed", {"segment_id": seg.id, "error": str(exc)})
                continue
            item = QueuedSegment(id=seg.id, path=path, kind="urgent" if seg.kind == "urgent" else "content",
                                 label=seg.label)
            room.runner.insert_urgent(item) if seg.kind == "urgent" else room.runner.enqueue(item)
            with rt.session() as s:
                s.execute(update(Segment).where(Segment.id == seg.id).values(state="sent"))
        if time.monotonic() - last_report[0] >= 1.0:
            last_report[0] = time.monotonic()
            status = room.status().model_dump(mode="json")
            with rt.session() as s:
                s.execute(update(LiveRoom).where(LiveRoom.id == room_id, LiveRoom.state != "stopping")
                          .values(status={**status, "reported_at": utcnow().isoformat()}, state=status["state"]))

    try:
        return supervise(lambda: Room(config, on_event=on_event), cancel, schedule=schedule, poll=poll,
                         on_event=on_event)
    finally:
        with rt.session() as s:
            s.execute(update(LiveRoom).where(LiveRoom.id == room_id).values(state="stopped", pid=None))
