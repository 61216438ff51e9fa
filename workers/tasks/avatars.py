"""Avatar tasks: creation (gate, tracking, training) and held-out evaluation, on the gpu queue."""

from __future__ import annotations

from typing import Any

from core.models import Avatar
from core.progress import sub_progress
from workers.commands import avatars
from workers.commands.assets import source_seconds
from workers.execute import JobContext, job_task


@job_task("avatar.create")
def create(ctx: JobContext) -> dict[str, Any]:
    """params: avatar_id, train_steps and warp (optional). Re-entrant: a re-delivered job resumes from its checkpoint."""
    ctx.measure(source_seconds(ctx.runtime, Avatar, ctx.params["avatar_id"]))
    steps = ctx.params.get("train_steps")
    return avatars.create(ctx.runtime, ctx.params["avatar_id"], progress=ctx.progress,
                          train_steps=int(steps) if steps else None, warp=bool(ctx.params.get("warp", True)))


@job_task("avatar.evaluate")
def evaluate(ctx: JobContext) -> dict[str, Any]:
    """params: avatar_id (or the avatar made by an earlier step of the pipeline)."""
    avatar_id = ctx.params.get("avatar_id") or ctx.inputs["avatar.create"]["avatar_id"]
    ctx.measure(source_seconds(ctx.runtime, Avatar, avatar_id))
    return avatars.evaluate(ctx.runtime, avatar_id, progress=sub_progress(ctx.progress, 0.0, 1.0))
