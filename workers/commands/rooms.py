"""Live rooms in the database: playlist and schedule, destinations, the segment queue, operator
commands, the render jobs that keep the queue filled, and starting or stopping a room's process.
Configuration works on a room row in the caller's session, so that creating a room with its
playlist, schedule and destinations is one transaction: a refused part leaves no room behind.

A room is not a Celery task: it runs in its own supervised process (`evercast live run ROOM`,
body in :mod:`workers.commands.room_process`), which reads its queue, commands and stop flag
from here and asks :func:`top_up` for more content when its queue runs low.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import InputError
from core.models import Asset, Avatar, Job, LiveRoom, RoomCommand, RoomDestination, Script, Segment, Sku, utcnow
from workers.commands import fleet
from workers.jobs import ACTIVE, Step, submit_pipeline
from workers.runtime import Runtime

log = logging.getLogger(__name__)
ACTIVE_STATES = ("starting", "live", "degraded")
AIRABLE_SCRIPTS = ("approved", "live")
ACTIONS = ("pause", "resume", "skip", "reconnect")


# ---------------------------------------------------------------- configuration


def set_playlist(s: Session, room: LiveRoom, skus: dict[str, list[str]], prompts: list[str],
                 prompt_every: int = 3) -> dict:
    """Validate and store what the room airs: SKU codes in rotation, each with approved scripts.

    An empty script list means every approved (or live) script of that SKU. Prompts are short texts
    spoken between scripts (questions, calls to comment); they are checked like scripts when spoken.
    """
    from stream import PlaylistPolicy

    resolved: dict[str, list[str]] = {}
    for code, script_ids in skus.items():
        sku = s.scalar(select(Sku).where(Sku.merchant_id == room.merchant_id, Sku.code == code))
        if sku is None:
            raise InputError(f"SKU {code} not found")
        airable = select(Script.id).where(Script.merchant_id == room.merchant_id, Script.sku_id == sku.id,
                                          Script.state.in_(AIRABLE_SCRIPTS))
        allowed = list(s.scalars(airable.order_by(Script.created_at)))
        chosen = script_ids or allowed
        if not chosen:
            raise InputError(f"SKU {code} has no approved script to air")
        if missing := [i for i in chosen if i not in allowed]:
            raise InputError(f"scripts {', '.join(missing)} are not approved scripts of SKU {code}")
        resolved[code] = chosen
    if any(not p.strip() or len(p) > 500 for p in prompts):
        raise InputError("an interaction prompt is a non-empty text of at most 500 characters")
    policy = PlaylistPolicy(skus=resolved, prompts=prompts, prompt_every=prompt_every)
    room.config = {**room.config, "playlist": policy.model_dump(), "playlist_position": 0}
    return policy.model_dump()


def set_schedule(room: LiveRoom, schedule: dict[str, Any] | None) -> None:
    """Store the room's on-air windows (validated); None means always on air while started."""
    from stream import Schedule

    try:
        checked = Schedule.model_validate(schedule).model_dump(mode="json") if schedule else None
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))
        raise InputError(f"invalid schedule: {problems}") from exc
    room.config = {**room.config, "schedule": checked}


def set_format(room: LiveRoom, width: int, height: int) -> None:
    """The room's own picture size (portrait 1080x1920 for Douyin, landscape for others); every
    segment it airs is rendered at exactly this size."""
    if width % 2 or height % 2 or min(width, height) < 16 or max(width, height) > 3840 or min(width, height) > 2160:
        raise InputError(f"a room's size must be even and within 16x16 .. 3840x2160, got {width}x{height}")
    room.config = {**room.config, "size": [width, height]}


def room_size(rt: Runtime, room: LiveRoom) -> tuple[int, int]:
    """The room's picture size: its own, or the stream settings' default."""
    width, height = room.config.get("size") or (rt.settings.stream.width, rt.settings.stream.height)
    return int(width), int(height)


def set_responsible(room: LiveRoom, responsible: str | None) -> None:
    """The real person answerable for the room's AI anchor, shown beside the AI label on air."""
    room.config = {**room.config, "responsible": (responsible or "").strip() or None}


def on_air_label(room: LiveRoom) -> str:
    """The visible label of everything the room airs: AI-made, and who is responsible for it."""
    responsible = room.config.get("responsible")
    return f"AI 生成 · 负责人 {responsible}" if responsible else "AI 生成"


def add_destination(rt: Runtime, s: Session, room: LiveRoom, name: str, server_url: str, stream_key: str) -> str:
    """A platform ingest (``name`` is the platform, or ``custom``), added in the caller's transaction and refused
    unless the egress policy allows it; the key is encrypted at rest with the settings secret."""
    from stream import check_destination, encrypt_key

    if not stream_key.strip() or "/" in stream_key:
        raise InputError("a stream key is a non-empty string without '/'")
    check_destination(f"{server_url.rstrip('/')}/{stream_key}", name, rt.settings.stream.egress)
    row = RoomDestination(room_id=room.id, merchant_id=room.merchant_id, name=name, server_url=server_url.rstrip("/"),
                          key_encrypted=encrypt_key(stream_key, rt.settings.stream_key_secret.get_secret_value()))
    s.add(row)
    s.flush()
    return row.id


def reencrypt_stream_keys(rt: Runtime, room_id: str) -> None:
    """Moves the room's stream keys stored under the signing secret (before stream keys had their own) to the
    stream-key secret; a key that opens with neither is left for :func:`stream.destination_url` to name."""
    from stream import reencrypt_key

    secret, old = rt.settings.stream_key_secret.get_secret_value(), rt.settings.secret_key.get_secret_value()
    with rt.session() as s:
        for row in s.scalars(select(RoomDestination).where(RoomDestination.room_id == room_id)):
            with contextlib.suppress(InputError):
                row.key_encrypted = reencrypt_key(row.key_encrypted, secret, old)


# ---------------------------------------------------------------- queue and commands


def enqueue(rt: Runtime, room_id: str, asset_id: str, *, kind: str = "content", label: str = "",
            duration_s: float = 0.0, script_id: str | None = None) -> str:
    """Queue a rendered segment (MPEG-TS asset) for the room; it airs at the next boundary."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        asset = s.get(Asset, asset_id)
        if room is None or asset is None or asset.merchant_id != room.merchant_id:
            raise InputError(f"segment asset {asset_id} not found")
        last = s.scalar(select(Segment.position).where(Segment.room_id == room_id).order_by(Segment.position.desc()))
        row = Segment(merchant_id=room.merchant_id, room_id=room_id, asset_id=asset_id, kind=kind, label=label[:200],
                      position=(last or 0) + 1, state="queued", duration_s=duration_s, script_id=script_id)
        s.add(row)
        s.flush()
        return row.id


def send_command(rt: Runtime, room_id: str, action: str) -> str:
    """Record an operator control; the room's process applies it within a poll (a second)."""
    if action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}")
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room.state not in ACTIVE_STATES:
            raise InputError(f"room {room.name} is {room.state}: start it first")
        row = RoomCommand(room_id=room_id, merchant_id=room.merchant_id, action=action)
        s.add(row)
        s.flush()
        return row.id


def announce(rt: Runtime, room_id: str, text: str, emotion: str = "urgent") -> str:
    """Speak ``text`` in the room's voice, render it and air it at the next boundary (a flash sale)."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        steps = _segment_steps(rt, room, {"text": text, "emotion": emotion}, kind="urgent", label=text[:60])
        merchant_id = room.merchant_id
    return submit_pipeline(rt, steps, merchant_id=merchant_id, name=f"room {room_id}: announcement")


# ---------------------------------------------------------------- keeping the queue filled


def top_up(rt: Runtime, room_id: str, queued_s: float) -> list[str]:
    """Submit render pipelines for the next playlist items while less than ``low_queue_s`` is queued.

    ``queued_s`` is what the room process already holds; segments waiting in the table and fills
    still rendering count too (a fill at the length of the last segment aired, or a minute), so a
    slow render farm is not flooded. At most ``fill_ahead`` fills are in flight per room.
    """
    from stream import PlaylistPolicy, next_items
    from workers.commands import learn  # numpy and scipy: only where rooms fill their queue

    cfg = rt.settings.stream
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room is None or not room.config.get("playlist") or room.avatar_id is None:
            return []
        filling = [j for j in room.config.get("filling", [])
                   if (job := s.get(Job, j)) is not None and job.status in ACTIVE]
        waiting = s.scalars(select(Segment.duration_s).where(Segment.room_id == room_id, Segment.state == "queued"))
        typical = s.scalar(select(Segment.duration_s).where(Segment.room_id == room_id, Segment.duration_s > 0)
                           .order_by(Segment.created_at.desc())) or 60.0
        ahead = queued_s + sum(waiting) + typical * len(filling)
        wanted = min(cfg.fill_ahead - len(filling), math.ceil((cfg.low_queue_s - ahead) / typical))
        if wanted <= 0:
            if filling != room.config.get("filling", []):
                room.config = {**room.config, "filling": filling}
            return []
        position = int(room.config.get("playlist_position", 0))
        policy = PlaylistPolicy.model_validate(room.config["playlist"])
        plans = []
        for item in next_items(policy, position, wanted):
            if item.kind == "script" and item.sku_id:  # a running experiment picks among the SKU's scripts
                item = item.model_copy(update={"ref": learn.choose_script(s, rt, room, item.sku_id, item.ref)})
            source = {"script_id": item.ref} if item.kind == "script" else {"text": item.ref, "emotion": "warm"}
            label = f"{item.sku_id}" if item.sku_id else item.ref[:60]
            plans.append(_segment_steps(rt, room, source, kind="content", label=label))
        merchant_id = room.merchant_id
    submitted = [submit_pipeline(rt, steps, merchant_id=merchant_id, name=f"room {room_id}: playlist")
                 for steps in plans]
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        room.config = {**room.config, "filling": filling + submitted, "playlist_position": position + len(submitted)}
    log.info("room %s: %.1f s ahead, rendering %d more", room_id, ahead, len(submitted))
    return submitted


def _segment_steps(rt: Runtime, room: LiveRoom, source: dict[str, Any], *, kind: str, label: str) -> list[Step]:
    """speech (room voice) -> lip-synced MPEG-TS at the room's format -> the room's queue."""
    if room.avatar_id is None:
        raise InputError(f"room {room.name} has no avatar to speak")
    width, height = room_size(rt, room)
    return [
        Step("voice.synthesize", {**source, "voice_id": room.voice_id}),
        Step("render.segment", {"avatar_id": room.avatar_id, "container": "mpegts", "subtitles": "burn",
                                "resolution": [width, height], "aspect": room_aspect(width, height),
                                "label": on_air_label(room), "background_asset_id": room.config.get("background_asset_id")}),
        Step("room.enqueue", {"room_id": room.id, "kind": kind, "label": label,
                              "script_id": source.get("script_id")}),
    ]


def room_aspect(width: int, height: int) -> str:
    """The room's shape as a crop aspect ("9:16"), so renders fill the frame without distortion."""
    g = math.gcd(width, height)
    return f"{width // g}:{height // g}"


# ---------------------------------------------------------------- the room's process


def relay_server(rt: Runtime, *, prefix: str = "relay"):  # noqa: ANN201 - stream.nginx.NginxRtmp
    """The local nginx-rtmp relay rooms publish to, configured from the settings (not started). On a
    fleet it listens on the host's own address and asks the API for every publisher's fencing token."""
    from stream.nginx import NginxRtmp

    url = urlparse(rt.settings.stream.relay_url)
    if url.path.strip("/") != "live" or url.scheme != "rtmp":
        raise InputError(f"a local relay lives at rtmp://ADDRESS:PORT/live, not {rt.settings.stream.relay_url}")
    port = url.port or 1935
    if fleet.enabled(rt):
        return NginxRtmp(rt.settings.data_dir / prefix, nginx=rt.settings.stream.nginx, rtmp_port=port,
                         http_port=port + 1, host=url.hostname or "127.0.0.1", fence_hook=fleet.hook_url(rt),
                         update_s=rt.settings.fleet.hook_update_s)
    if url.hostname not in ("127.0.0.1", "localhost"):
        raise InputError(f"a local relay lives at rtmp://127.0.0.1:PORT/live, not {rt.settings.stream.relay_url}")
    return NginxRtmp(rt.settings.data_dir / prefix, nginx=rt.settings.stream.nginx, rtmp_port=port)


def wait_for_players(rt: Runtime, room_id: str, count: int, timeout_s: float = 3.0) -> bool:
    """Wait until ``count`` destination copies play the room on this host's fleet relay (its stats on
    the RTMP port + 1), so the first keyframe published reaches them; False after ``timeout_s``."""
    from stream.nginx import players

    url = urlparse(rt.settings.stream.relay_url)
    stat = f"http://{url.hostname}:{(url.port or 1935) + 1}/stat"
    deadline = time.monotonic() + timeout_s
    while players(stat, room_id) < count:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def relay_listening(rt: Runtime) -> bool:
    url = urlparse(rt.settings.stream.relay_url)
    with socket.socket() as sock:
        return sock.connect_ex((url.hostname or "127.0.0.1", url.port or 1935)) == 0


def check_can_go_live(rt: Runtime, room_id: str) -> None:
    """A room airs a person only with that person's recorded consent, and on platforms whose rules
    want it, only with a real person named as responsible for the AI anchor."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        platforms = {d.lower() for d in s.scalars(select(RoomDestination.name).where(RoomDestination.room_id == room_id))}
        strict = sorted(platforms & {p.lower() for p in rt.settings.stream.disclosure_platforms})
        if strict and not room.config.get("responsible"):
            raise InputError(f"{', '.join(strict)} require the real person responsible for the AI anchor: "
                             "set the room's responsible person")
        avatar = s.get(Avatar, room.avatar_id) if room and room.avatar_id else None
        if avatar is not None and not avatar.consent:
            raise InputError(f"avatar {avatar.name} has no recorded consent of the person: it cannot go live")
        if avatar is not None and avatar.status != "ready":
            raise InputError(f"avatar {avatar.name} is {avatar.status}, not ready")


def start(rt: Runtime, room_id: str) -> str:
    """Put the room on air unless it already is; says where. On one host: its own process (detached),
    started here. On a fleet: a placement on the ``live`` queue (see :mod:`workers.commands.fleet`)."""
    check_can_go_live(rt, room_id)
    if fleet.enabled(rt):
        return fleet.request_start(rt, room_id)
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        if room.state in ACTIVE_STATES and room.pid and _alive(room.pid):
            return f"process {room.pid}"
        room.state, room.status = "starting", {"started_at": utcnow().isoformat()}
    log_path = rt.settings.data_dir / "rooms" / f"{room_id}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "live", "run", room_id],
                            stdout=log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
    with rt.session() as s:
        s.get(LiveRoom, room_id).pid = proc.pid
    return f"process {proc.pid}"


def stop(rt: Runtime, room_id: str, timeout_s: float = 20.0) -> None:
    """Ask the room's process to stop (it leaves the air at once) and wait for it. On a fleet the holder
    sees the request within a poll; a room whose holder is gone (lease lapsed) is stopped here."""
    with rt.session() as s:
        room = s.get(LiveRoom, room_id)
        pid = None if fleet.enabled(rt) else room.pid
        if room.state in ACTIVE_STATES:
            room.state = "stopping"
    deadline = time.monotonic() + timeout_s
    if fleet.enabled(rt):
        while time.monotonic() < deadline and not fleet.stopped(rt, room_id):
            time.sleep(0.2)
        return
    while pid and _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if pid and _alive(pid):
        os.kill(pid, signal.SIGTERM)


def pending_commands(rt: Runtime, room_id: str) -> list[tuple[str, str]]:
    """(id, action) of the commands the room's process has not applied yet, oldest first."""
    with rt.session() as s:
        rows = s.execute(select(RoomCommand.id, RoomCommand.action)
                         .where(RoomCommand.room_id == room_id, RoomCommand.applied_at.is_(None))
                         .order_by(RoomCommand.created_at))
        return [(r.id, r.action) for r in rows]


def mark_applied(rt: Runtime, command_id: str, error: str | None = None) -> None:
    with rt.session() as s:
        row = s.get(RoomCommand, command_id)
        row.applied_at, row.error = utcnow(), error


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a finished child we started is a zombie until reaped
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True
