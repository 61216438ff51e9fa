"""Learning-loop tasks: importing a session's metrics (and transcript) and crediting what aired."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from workers.commands import learn
from workers.execute import JobContext, job_task


@job_task("learn.import")
def import_session(ctx: JobContext) -> dict[str, Any]:
    """params: metrics_asset_id, and transcript_asset_id (a host session) or room_id (a room's night);
    optional skus, name, day (YYYY-MM-DD for clock-only times), started_at (ISO, the transcript's zero).
    A file with bad rows fails the job with every bad row in its result."""
    p = ctx.params
    req = learn.ImportRequest(
        metrics_asset_id=p["metrics_asset_id"], transcript_asset_id=p.get("transcript_asset_id"),
        room_id=p.get("room_id"), sku_codes=tuple(p.get("skus") or ()), name=p.get("name", ""),
        day=date.fromisoformat(p["day"]) if p.get("day") else None,
        started_at=datetime.fromisoformat(p["started_at"]) if p.get("started_at") else None)
    return learn.import_session(ctx.runtime, ctx.merchant_id or "", req, progress=ctx.progress)
