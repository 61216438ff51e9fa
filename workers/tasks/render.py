"""Render tasks: one lip-synced segment from an avatar and stored speech."""

from __future__ import annotations

from typing import Any

from workers.commands import batches, renders
from workers.commands.assets import media_seconds
from workers.execute import JobContext, job_task


@job_task("render.segment")
def segment(ctx: JobContext) -> dict[str, Any]:
    """params: avatar_id, audio_asset_id and timings_asset_id (or a voice.synthesize step before it),
    resolution ("1080p" or [w, h]), aspect ("9:16": crop around the face), container (mp4|mpegts),
    subtitles (burn, srt, vtt, burn+srt ...), label (the visible AI label; default "AI 生成"),
    background_asset_id (a picture that replaces everything behind the person)."""
    p = ctx.params
    speech = ctx.inputs.get("voice.synthesize", {})
    avatar_id = p.get("avatar_id") or ctx.inputs.get("avatar.create", {}).get("avatar_id")
    audio_asset_id = p.get("audio_asset_id") or speech["audio_asset_id"]
    ctx.measure(media_seconds(ctx.runtime, audio_asset_id, ctx.merchant_id or ""))
    return renders.render(ctx.runtime, ctx.merchant_id or "", avatar_id, audio_asset_id,
                          timings_asset_id=p.get("timings_asset_id") or speech.get("timings_asset_id"),
                          resolution=p.get("resolution"),
                          aspect=p.get("aspect"), container=p.get("container", "mp4"),
                          subtitles=p.get("subtitles"), label=p.get("label"),
                          background_asset_id=p.get("background_asset_id"), workdir=ctx.workdir,
                          progress=ctx.progress)


@job_task("render.batch")
def batch(ctx: JobContext) -> dict[str, Any]:
    """params: avatar_id, skus, templates [{name, aspect, resolution, subtitles, card, background_asset_id,
    intro_asset_id, outro_asset_id, music_asset_id}], voice_id, seconds, cards {sku: {name, price, image_asset_id}}.
    The work directory is the job's own, so a re-delivered job resumes without redoing finished items."""
    p = ctx.params
    ctx.measure(len(p["skus"]) * len(p["templates"]))
    return batches.run(ctx.runtime, ctx.merchant_id or "", p["avatar_id"], list(p["skus"]), list(p["templates"]),
                       voice_id=p.get("voice_id"), seconds=int(p.get("seconds", 30)), cards=p.get("cards"),
                       out_dir=ctx.workdir / "batch", progress=ctx.progress)
