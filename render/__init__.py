"""Render: lip-synced segments (MP4 files, MPEG-TS for the live path) from an avatar and speech.

    render_speech(avatar_dir, speech, out_path, ...) -> RenderResult   compose + encode one segment
    prepare_render(avatar_dir, resolution=, aspect=) -> Path           build the per-size caches ahead
    write_subtitles(cues, path) / speech_cues(speech)                  SRT/VTT from the speech timings
    pick_video_encoder(codec) -> str                                   NVENC when a GPU has it, else x264
    run_batch(avatar_dir, skus, templates, make_speech, out_dir) -> BatchState   short videos, resumable
    Card(name, price, image)                                           a product card layer (render_speech, run_batch)
    zip_batch(out_dir) -> Path                                          finished items for download
    render_idle_loop(avatar_dir, out_path, ...) -> RenderResult         a seamless idle segment for live rooms

Imports are lazy so that ``import render`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = [
    "BatchState", "Card", "EncodeSettings", "RenderResult", "Template", "load_batch", "pick_video_encoder", "prepare_render",
    "render_idle_loop", "render_speech", "run_batch", "speech_cues", "write_subtitles", "zip_batch",
]

_HOMES = {
    "EncodeSettings": "render.encode", "pick_video_encoder": "render.encode", "RenderResult": "render.segment",
    "render_speech": "render.segment", "prepare_render": "render.segment", "render_idle_loop": "render.loop",
    "BatchState": "render.batch",
    "Template": "render.batch", "Card": "render.overlay",
    "load_batch": "render.batch", "run_batch": "render.batch", "zip_batch": "render.batch", "speech_cues": "render.subtitles", "write_subtitles": "render.subtitles",
}

if TYPE_CHECKING:
    from render.batch import BatchState, Template, load_batch, run_batch, zip_batch
    from render.encode import EncodeSettings, pick_video_encoder
    from render.loop import render_idle_loop
    from render.overlay import Card
    from render.segment import RenderResult, prepare_render, render_speech
    from render.subtitles import speech_cues, write_subtitles


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'render' has no attribute {name!r}")
