"""`evercast demo` around its pipeline: the sample knowledge base and a filmed presenter before it, and
after it the last link of the data path, a live room on air through a local RTMP relay.

A second demo in the same data dir resumes the first: it reuses the generated clip, the presenter's avatar
(whose training resumes from its checkpoints) and the pipeline job, from its first unfinished step."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from core.errors import TransientError
from core.models import Avatar, Job, LiveRoom, Script, Segment
from core.progress import Progress, no_progress
from workers.commands import avatars, rooms, scripts
from workers.commands.assets import store_file
from workers.flows import StagePlan
from workers.jobs import PIPELINE, resume, submit_pipeline
from workers.runtime import Runtime

DEMO_ROOM_SIZE = (540, 960)  # portrait, small enough to render quickly on two cores

DEMO_PRESENTER = "demo presenter"
DEMO_CONSENT = {"kind": "declaration", "signer": "(generated test footage)",
                "statement": "Synthetic footage made from scikit-image's astronaut photo; no real person is cloned."}


def prepare(rt: Runtime, merchant_id: str, kb_path: Path, progress: Progress | None = None) -> tuple[str, str]:
    """Store the knowledge base and a generated talking clip; returns (kb asset id, avatar id). The avatar
    is an earlier demo's presenter when there is one that its gate did not reject."""
    from footage import FootageSpec, generate_footage

    kb_asset_id = store_file(rt, merchant_id, kb_path, "kb", "application/json")
    with rt.session() as s:
        earlier = s.scalar(select(Avatar.id).where(Avatar.merchant_id == merchant_id, Avatar.name == DEMO_PRESENTER,
                                                   Avatar.status != "rejected").order_by(Avatar.created_at.desc()))
    if earlier:
        return kb_asset_id, earlier
    clip = rt.settings.tmp_dir / "demo-talk.mp4"
    if not clip.exists():  # test footage: a photo shipped in scikit-image, animated by espeak-ng speech
        partial = clip.with_name("demo-talk.partial.mp4")  # an interrupted run leaves no clip that looks whole
        generate_footage(partial, FootageSpec(duration_s=40.0, width=640, height=360, seed=7), progress=progress)
        partial.replace(clip)
    return kb_asset_id, avatars.register(rt, merchant_id, clip, DEMO_PRESENTER, DEMO_CONSENT)


def pipeline(rt: Runtime, merchant_id: str, plan: list[StagePlan]) -> tuple[str, str]:
    """The demo's pipeline job and what became of it: the earlier demo's with the same steps, resumed when it
    failed or was cancelled and followed as it is otherwise (the worker's recovery re-sends a step whose
    worker died with the earlier command), or else a new one."""
    steps = [(stage.step.kind, stage.step.params) for stage in plan]
    with rt.session() as s:  # the newest pipeline named "demo" (the demo's rooms submit pipelines of their own)
        pipelines = s.scalars(select(Job).where(Job.merchant_id == merchant_id, Job.kind == PIPELINE,
                                                Job.parent_id.is_(None)).order_by(Job.created_at.desc()))
        earlier = next((job for job in pipelines if job.params.get("name") == "demo"), None)
        same = earlier is not None and steps == [
            (st.kind, st.params) for st in s.scalars(select(Job).where(Job.parent_id == earlier.id)
                                                     .order_by(Job.position))]
        earlier_id, status = (earlier.id, earlier.status) if same else ("", "")
    if not earlier_id:
        return submit_pipeline(rt, [stage.step for stage in plan], merchant_id=merchant_id, name="demo"), "new"
    if status in ("failed", "cancelled"):
        resume(rt, earlier_id)
        return earlier_id, f"resuming the earlier demo's {status} pipeline from its first unfinished step"
    if status == "succeeded":
        return earlier_id, "the earlier demo's pipeline finished: reusing its results"
    return earlier_id, f"continuing the earlier demo's pipeline ({status})"


def go_live(rt: Runtime, merchant_id: str, avatar_id: str, script_id: str, sku: str, *, watch_s: float = 6.0,
            stall_s: float = 1800.0, progress: Progress | None = None) -> dict[str, Any]:
    """Approve the demo's script (the demo stands in for the human reviewer), open a room that airs it,
    push it to the local relay, and read the relay back like a platform would: first the avatar's idle
    loop, then the script rendered by the room's own fill jobs. Needs a worker running. Gives up only when
    the room's segments have not changed for ``stall_s``."""
    from stream.monitor import watch

    progress = progress or no_progress
    with rt.session() as s:
        state = s.get(Script, script_id).state
    if state == "draft":  # a resumed demo's script was approved (or went live) in the earlier run
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
        idle = watch(url, watch_s, open_timeout_s=stall_s)
        progress(0.4, "on air with the idle loop; the playlist renders")
        seen, moved = _segments(rt, room_id), time.monotonic()
        while not (aired := _aired(rt, room_id)) and time.monotonic() - moved < stall_s:
            time.sleep(1.0)
            if (now := _segments(rt, room_id)) != seen:
                seen, moved = now, time.monotonic()
        if not aired:
            raise TransientError(f"the room's playlist render looks stuck: its segments ({seen or 'none'}) have not "
                                 f"changed for {stall_s:.0f} s and none reached the air")
        content = watch(url, watch_s, open_timeout_s=30.0)
        progress(1.0, "the script is on air")
    finally:
        rooms.stop(rt, room_id)
        if relay is not None:
            relay.stop()
    return {"room_id": room_id, "size": f"{content.width}x{content.height}", "codecs": f"{content.video_codec}/"
            f"{content.audio_codec}", "max_gap_ms": round(max(idle.max_gap_ms, content.max_gap_ms), 1),
            "aired": aired}


def _segments(rt: Runtime, room_id: str) -> str:
    """The room's segments and their states, e.g. ``KIT-001 rendering``: what moving means while it renders."""
    with rt.session() as s:
        return ", ".join(f"{label} {state}" for label, state in s.execute(
            select(Segment.label, Segment.state).where(Segment.room_id == room_id).order_by(Segment.label)))


def _aired(rt: Runtime, room_id: str) -> str:
    with rt.session() as s:
        return s.scalar(select(Segment.label).where(Segment.room_id == room_id,
                                                    Segment.state.in_(("on_air", "played")))) or ""
