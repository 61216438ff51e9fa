"""Room tasks: the last step of a room's fill pipeline puts the rendered segment in its queue; placing a room on a
live host (a fleet)."""

from __future__ import annotations

from typing import Any

from workers.commands import fleet, rooms
from workers.execute import JobContext, job_task


@job_task("room.enqueue")
def enqueue(ctx: JobContext) -> dict[str, Any]:
    """params: room_id, kind (content|urgent), label, script_id; the segment comes from render.segment."""
    p = ctx.params
    rendered = ctx.inputs["render.segment"]
    segment_id = rooms.enqueue(ctx.runtime, p["room_id"], rendered["asset_id"], kind=p.get("kind", "content"),
                               label=p.get("label", ""), duration_s=float(rendered["duration_s"]),
                               script_id=p.get("script_id"))
    return {"segment_id": segment_id, "room_id": p["room_id"], "duration_s": rendered["duration_s"]}


@job_task("room.place")
def place(ctx: JobContext) -> dict[str, Any]:
    """params: room_id. Claim the room for this live host if it has a free slot; a room already held
    (a redelivered or duplicate message) or a full host is acknowledged and left to the hosts' sweep."""
    return fleet.place(ctx.runtime, ctx.params["room_id"])
