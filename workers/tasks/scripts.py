"""Script tasks: generation runs in the background (model backends can take minutes)."""

from __future__ import annotations

from typing import Any

from core.errors import InputError
from core.models import Asset
from workers.commands import kb, scripts
from workers.execute import JobContext, job_task

MAX_WARNINGS = 200  # kept in the job's result; the count says how many there were


@job_task("script.generate")
def generate(ctx: JobContext) -> dict[str, Any]:
    """params: sku, style, seconds, backend (optional), seed, author."""
    p = ctx.params
    script_id = scripts.generate(ctx.runtime, ctx.merchant_id or "", p["sku"], style=p.get("style", "live"),
                                 seconds=int(p.get("seconds", 120)), backend=p.get("backend"),
                                 seed=int(p.get("seed", 0)), author=p.get("author", ""), progress=ctx.progress)
    return {"script_id": script_id}


@job_task("kb.import")
def import_kb(ctx: JobContext) -> dict[str, Any]:
    """params: asset_id of an uploaded .csv/.json/.xlsx owned by the job's merchant. A rejected file fails
    the job with every bad row and column in its result."""
    rt = ctx.runtime
    with rt.session() as s:
        asset = s.get(Asset, ctx.params["asset_id"])
        if asset is None or asset.merchant_id != ctx.merchant_id:
            raise InputError(f"asset {ctx.params['asset_id']} not found")
        path = rt.store.verify(asset.merchant_id, asset.sha256, asset.suffix)
        filename = asset.filename
    outcome = kb.import_file(rt, asset.merchant_id, path, filename, progress=ctx.progress)
    return {"added": len(outcome.added), "updated": len(outcome.updated), "unchanged": len(outcome.unchanged),
            "warnings": outcome.warnings[:MAX_WARNINGS], "warning_count": len(outcome.warnings)}
