"""Platform tasks: a no-op round trip and an end-to-end media I/O check."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from core import media
from workers.execute import JobContext, job_task


@job_task("platform.ping")
def ping(ctx: JobContext) -> dict[str, Any]:
    """Do nothing and say when: measures the job system's own round trip."""
    return {"pong": time.time()}


@job_task("platform.media_check")
def media_check(ctx: JobContext) -> dict[str, Any]:
    """Encode a short clip through ffmpeg pipes, probe and decode it back, and store it as an asset."""
    seconds = float(ctx.params.get("seconds", 2.0))
    ctx.measure(seconds)
    fps, width, height, sample_rate = 25, 320, 180, 48000
    n_frames = int(seconds * fps)
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    wav = media.write_wav(ctx.workdir / "tone.wav", 0.3 * np.sin(2 * np.pi * 440.0 * t), sample_rate)
    clip = ctx.workdir / "check.mp4"
    ramp = np.linspace(0, 255, width, dtype=np.float32)[None, :, None]
    with media.VideoWriter(clip, width, height, fps, audio=wav, gop=2 * fps) as writer:
        for i in range(n_frames):
            frame = np.broadcast_to((ramp + 4 * i) % 256, (height, width, 3)).astype(np.uint8)
            writer.write(frame)
            ctx.progress(0.8 * (i + 1) / n_frames, f"encoding frame {i + 1}/{n_frames}")
    info = media.probe(clip)
    decoded = sum(1 for _ in media.read_frames(clip))
    audio = media.read_audio(clip, sample_rate=16000)
    rms = float(np.sqrt(np.mean(audio**2))) if audio.size else 0.0
    if decoded != n_frames or info.audio is None or rms < 0.05:
        raise RuntimeError(f"media round trip broken: {decoded}/{n_frames} frames, audio rms {rms:.3f}")
    ctx.progress(0.95, "storing clip")
    asset_id = ctx.publish(clip, kind="video", media_type="video/mp4")
    return {"asset_id": asset_id, "frames": decoded, "width": info.video.width if info.video else 0,
            "duration_s": info.duration_s, "audio_rms": round(rms, 4)}
