"""Voice tasks: clone a voice profile, synthesize speech with timings."""

from __future__ import annotations

from typing import Any

from core.models import Voice
from workers.commands import voices
from workers.commands.assets import source_seconds
from workers.execute import JobContext, job_task


@job_task("voice.clone")
def clone(ctx: JobContext) -> dict[str, Any]:
    """params: voice_id."""
    ctx.measure(source_seconds(ctx.runtime, Voice, ctx.params["voice_id"]))
    return voices.clone(ctx.runtime, ctx.params["voice_id"], progress=ctx.progress)


@job_task("voice.synthesize")
def synthesize(ctx: JobContext) -> dict[str, Any]:
    """params: text or script_id, voice_id (optional), emotion (optional), telephony (bool)."""
    p = ctx.params
    text = p.get("text") or ""
    if not text and (script_id := p.get("script_id") or ctx.inputs.get("script.generate", {}).get("script_id")):
        text = voices.script_text(ctx.runtime, script_id, ctx.merchant_id or "")
    ctx.measure(len(text))
    return voices.speak(ctx.runtime, ctx.merchant_id or "", text, voice_id=p.get("voice_id"), emotion=p.get("emotion"),
                        telephony=bool(p.get("telephony")), workdir=ctx.workdir, progress=ctx.progress)
