"""`evercast demo` around its pipeline: the sample knowledge base and a filmed presenter before it, and
after it the last link of the data path, a live room on air through a local RTMP relay."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.errors import TransientError
from core.models import LiveRoom, Segment
from core.progress import Progress, no_progress
from workers.commands import avatars, rooms, scripts
from workers.commands.assets import store_file
from workers.runtime import Runtime

DEMO_ROOM_SIZE = (540, 960)  # portrait, small enough to render quickly on two cores

DEMO_CONSENT = {"kind": "declaration", "signer": "(generated test footage)",
                "statement": "Synthetic footage made from scikit-image's astronaut photo; no real person is cloned."}


def prepare(rt: Runtime, merchant_id: str, kb_path: Path, progress: Progress | None = None) -> tuple[str, str]:
    """Store the knowledge base and a generated talking clip; returns (kb asset id, avatar id)."""
    from avatar.footage import FootageSpec, generate_footage

    clip = rt.settings.tmp_dir / "demo-talk.mp4"
    if not clip.exists():  # test footage: a photo shipped in scikit-image, animated by espeak-ng speech
        generate_footage(clip, FootageSpec(duration_s=40.0, width=640, height=360, seed=7), progress=progress)
    avatar_id = avatars.register(rt, merchant_id, clip, "demo presenter", DEMO_CONSENT)
    return store_file(rt, merchant_id, kb_path, "kb", "application/json"), avatar_id


def go_live(rt: Runtime, merchant_id: str, avatar_id: str, script_id: str, sku: str, *, watch_s: float = 6.0,
            timeout_s: float = 600.0, progress: Progress | None = None) -> dict[str, Any]:
    """Approve the demo's script (the demo stands in for the human reviewer), open a room that airs it,
    push it to the local relay, and read the relay back like a platform would: first the avatar's idle
    loop, then the script rendered by the room's own fill jobs. Needs a worker running."""
    from stream.monitor import watch

    progress = progress or no_progress
    scripts.set_state(rt, script_id, "approved")
    with rt.session() as s:
        room = LiveRoom(merchant_id=merchant_id, name="demo room", avatar_id=avatar_id, config={})
        s.add(room)
        s.flush()
        rooms.set_playlist(s, room, {sku: [script_id]}, [])
        rooms.set_format(room, *DEMO_ROOM_SIZE)
        room_id = room.id
    relay = None if rooms.relay_listening(rt) else rooms.relay_server(rt, prefix="demo-relay").start()
    try:
        progress(0.05, "rendering the idle loop, starting the room")
        rooms.start(rt, room_id)
        url = f"{rt.settings.stream.relay_url.rstrip('/')}/{room_id}"
        idle = watch(url, watch_s, open_timeout_s=timeout_s)
        progress(0.4, "on air with the idle loop; the playlist renders")
        deadline = time.monotonic() + timeout_s
        while not (aired := _aired(rt, room_id)) and time.monotonic() < deadline:
            time.sleep(1.0)
        if not aired:
            raise TransientError(f"no playlist segment reached the air within {timeout_s:.0f} s")
        content = watch(url, watch_s, open_timeout_s=30.0)
        progress(1.0, "the script is on air")
    finally:
        rooms.stop(rt, room_id)
        if relay is not None:
            relay.stop()
    return {"room_id": room_id, "size": f"{content.width}x{content.height}", "codecs": f"{content.video_codec}/"
            f"{content.audio_codec}", "max_gap_ms": round(max(idle.max_gap_ms, content.max_gap_ms), 1),
            "aired": aired}


def _aired(rt: Runtime, room_id: str) -> str:
    with rt.session() as s:
        return s.scalar(select(Segment.label).where(Segment.room_id == room_id,
                                                    Segment.state.in_(("on_air", "played")))) or ""
