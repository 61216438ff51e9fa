"""Renders: an avatar speaking stored speech, as an MP4 for videos or an MPEG-TS segment for rooms."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from core import media
from core.errors import InputError
from core.progress import Progress
from workers.commands import caches
from workers.commands.assets import store_file, stored_path
from workers.commands.avatars import ready_model_path
from workers.runtime import Runtime


def render(rt: Runtime, merchant_id: str, avatar_id: str, audio_asset_id: str, *, timings_asset_id: str | None = None,
           resolution: str | list[int] | tuple[int, int] | None = None, aspect: str | None = None, container: str = "mp4",
           subtitles: str | None = None, label: str | None = None, background_asset_id: str | None = None,
           workdir: Path,
           progress: Progress | None = None) -> dict[str, Any]:
    """Lip-sync the avatar to the speech and store the segment (and subtitle files) as assets."""
    from render import render_speech
    from render.segment import DEFAULT_LABEL
    from voice.records import speech_from_dict

    model_path = ready_model_path(rt, merchant_id, avatar_id)
    audio = stored_path(rt, audio_asset_id, merchant_id)
    speech: Any = audio
    if timings_asset_id:  # with timings, subtitles can be made
        timings = json.loads(stored_path(rt, timings_asset_id, merchant_id).read_text())
        speech = speech_from_dict(timings, media.read_audio(audio, sample_rate=timings["sample_rate"]))
    elif subtitles:
        raise InputError("subtitles need the speech timings (timings_asset_id)")
    workdir.mkdir(parents=True, exist_ok=True)
    suffix = ".ts" if container == "mpegts" else ".mp4"
    result = render_speech(model_path, speech, workdir / f"render{suffix}", resolution=_size(resolution), aspect=aspect,
                           container=container, subtitles=subtitles, progress=progress,
                           background=stored_path(rt, background_asset_id, merchant_id) if background_asset_id else None,
                           label=label or DEFAULT_LABEL)
    caches.prune(rt)
    media_type = "video/mp2t" if container == "mpegts" else "video/mp4"
    out = {"asset_id": store_file(rt, merchant_id, result.path, "segment" if container == "mpegts" else "video",
                                  media_type),
           "width": result.width, "height": result.height, "frames": result.frames,
           "duration_s": round(result.duration_s, 3), "encoder": result.encoder}
    for sub in result.subtitle_paths:
        out[f"{sub.suffix[1:]}_asset_id"] = store_file(rt, merchant_id, sub, "subtitles", "text/plain")
    return out


def _size(resolution: str | list[int] | tuple[int, int] | None) -> str | tuple[int, int] | None:
    """Named sizes stay names ("1080p"); "640x360" and [640, 360] become (width, height)."""
    if isinstance(resolution, str) and (match := re.fullmatch(r"(\d+)x(\d+)", resolution)):
        return int(match[1]), int(match[2])
    if isinstance(resolution, list | tuple):
        return int(resolution[0]), int(resolution[1])
    return resolution
