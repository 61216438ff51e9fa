"""The avatar's idle loop as a segment: what a live room plays when its queue runs dry.

One whole ping-pong cycle of the idle footage (forwards, then backwards) rendered over silence,
so the segment played back to back never jumps: its last frame leads into its first. The lip-sync
on silence picks the person's own closed-mouth frames; blinks and head motion are real footage.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from avatar.retrieve import idle_cycle
from avatar.store import load_avatar
from core import media
from core.progress import Progress
from render.encode import FPS
from render.segment import DEFAULT_LABEL, RenderResult, render_speech

SAMPLES_PER_FRAME_16K = 16000 // FPS


def render_idle_loop(
    avatar_dir: str | Path, out_path: str | Path, *, min_seconds: float = 4.0,
    resolution: str | tuple[int, int] | None = None, aspect: str | None = None, container: str = "mpegts",
    label: str | None = DEFAULT_LABEL, background: str | Path | None = None, progress: Progress | None = None,
) -> RenderResult:
    """Render whole idle cycles (at least ``min_seconds``) over silence: a seamless loop segment."""
    cycle = len(idle_cycle(load_avatar(avatar_dir).info))
    frames = cycle * max(1, int(np.ceil(min_seconds * FPS / cycle)))
    with tempfile.TemporaryDirectory(prefix="evercast-idle-") as tmp:
        silence = media.write_wav(Path(tmp) / "silence.wav", np.zeros(frames * SAMPLES_PER_FRAME_16K, np.float32), 16000)
        return render_speech(avatar_dir, silence, out_path, resolution=resolution, aspect=aspect, container=container,
                             label=label, background=background, progress=progress)
