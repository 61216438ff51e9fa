"""Tasks that only the tests load (through EVERCAST_WORKER__IMPORTS): each step logs what it did.

Every start and every completed side effect is appended to a log file named in the parameters, so
a test can count exactly how often a step ran and whether its effect happened twice.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from core.errors import InputError, TransientError
from workers.execute import JobContext, job_task


def _log(ctx: JobContext, event: str) -> None:
    with open(ctx.params["log"], "a", encoding="utf-8") as out:
        out.write(f"{event} {ctx.params['name']} attempt={ctx.attempt}\n")


@job_task("test.step")
def step(ctx: JobContext) -> dict[str, Any]:
    """Parameters: log, name, seconds (run time, reported as progress), fail_times, fail_flag, units (the input
    size it measures), block (seconds asleep without a word, as a blocked read), stall (seconds reporting the
    same progress over and over) on attempts up to stall_attempts (default all)."""
    _log(ctx, "start")
    ctx.measure(float(ctx.params.get("units", 0.0)))
    if ctx.attempt <= int(ctx.params.get("fail_times", 0)):
        raise TransientError(f"planned transient failure {ctx.attempt}")
    flag = ctx.params.get("fail_flag")
    if flag and Path(flag).exists():
        raise InputError(f"{ctx.params['name']}: refused while {Path(flag).name} exists")
    time.sleep(float(ctx.params.get("block", 0.0)))
    if ctx.attempt <= int(ctx.params.get("stall_attempts", 1_000_000)):
        stall_until = time.monotonic() + float(ctx.params.get("stall", 0.0))
        while time.monotonic() < stall_until:
            ctx.progress(0.5, "waiting for something that never comes")
            time.sleep(0.05)
    seconds = float(ctx.params.get("seconds", 0.0))
    ticks = max(1, int(seconds / 0.05))
    for tick in range(ticks):
        ctx.progress(tick / ticks, f"tick {tick}/{ticks}")
        time.sleep(seconds / ticks)
    out = ctx.workdir / "out.json"
    out.write_text(json.dumps({"name": ctx.params["name"], "upstream": sorted(ctx.inputs)}))
    asset_id = ctx.publish(out, kind="test")
    _log(ctx, "done")
    return {"name": ctx.params["name"], "asset_id": asset_id, "upstream": sorted(ctx.inputs)}
