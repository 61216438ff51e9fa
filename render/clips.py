"""Intro and outro clips around a short video: conformed once to the video's geometry, then encoded in the
same pass as the lip-synced body.

Conforming scales the clip to cover the output size and centre-crops it (as background pictures are),
resamples it to 25 fps CFR and decodes it to yuv420p into a raw cache; its audio becomes 48 kHz mono (the
segment's own track, muxed as stereo AAC like every segment) cut to exactly frames x 1920 samples, silence
when the clip has none. Joining is not a concat of encoded files: intro, body and outro frames go through
one encoder pipe with one audio track made of the three parts end to end, so there is no seam to get
wrong (no timestamp gap, no AAC priming mid-file), one keyframe at 0 and a closed 2 s GOP throughout,
and audio and video stay aligned by count.

The visible AI label is drawn over the intro and outro too: China's labelling rules for AI-generated
content want the label visible on the content, and a label that disappears for the first seconds of a
video that contains a generated person is the easy thing for a reviewer to flag.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

from core.errors import InputError
from core.media import MediaInfo, cached_frames, probe, read_audio
from render.compose import PatchedFrame
from render.encode import AUDIO_RATE, FPS, fit_audio
from render.overlay import Overlays


@dataclass(frozen=True)
class Clip:
    """A conformed clip: flat yuv420p frames of one output size (memory-mapped) and exactly frames x 1920
    samples of 48 kHz mono audio."""

    name: str
    size: tuple[int, int]
    frames: np.ndarray
    samples: np.ndarray

    @property
    def count(self) -> int:
        return len(self.frames)

    @property
    def duration_s(self) -> float:
        return self.count / FPS


def check_clip(path: str | Path, max_seconds: float, *, role: str = "clip", name: str | None = None) -> MediaInfo:
    """Refuse, without decoding, a clip that is unreadable, has no video or runs over ``max_seconds``.

    The error names the clip by ``role`` ("intro") and ``name`` (default: the file's name).
    """
    name = name or Path(path).name
    try:
        info = probe(path)
    except InputError as exc:
        raise InputError(f"{role} {name} is not a readable video: {exc}") from None
    if info.video is None or info.video.width <= 0 or info.video.height <= 0:
        raise InputError(f"{role} {name} has no video stream")
    if info.video.frames < 2 or info.duration_s <= 0:
        raise InputError(f"{role} {name} is a still picture, not a video clip")
    if info.duration_s > max_seconds:
        raise InputError(f"{role} {name} is {info.duration_s:.1f} s long; the most is {max_seconds:g} s "
                         "(EVERCAST_RENDER__CLIP_MAX_S)")
    return info


def cover_box(source: tuple[int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """(x0, y0, x1, y1): the centred part of ``source`` with the aspect of ``size`` (scaled, it covers ``size``)."""
    (sw, sh), (w, h) = source, size
    scale = max(w / sw, h / sh)
    cw, ch = min(sw, round(w / scale)), min(sh, round(h / scale))
    x0, y0 = (sw - cw) // 2, (sh - ch) // 2
    return x0, y0, x0 + cw, y0 + ch


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
    return sha.hexdigest()[:16]


def conform_clip(path: str | Path, size: tuple[int, int], cache_dir: str | Path, *, max_seconds: float,
                 role: str = "clip") -> Clip:
    """``path`` at ``size`` (even width, height), 25 fps, yuv420p, with its audio fitted to the frames.

    The frames are cached in ``cache_dir`` under the clip's content hash and the size, so a batch conforms
    each clip once per geometry, and a resumed batch not at all. Bad clips raise :class:`InputError`
    naming the clip (``role``: "intro", "outro").
    """
    path = Path(path)
    info = check_clip(path, max_seconds, role=role)
    assert info.video is not None
    upright = info.video.rotation % 180 == 0  # decoding turns rotated (phone) footage upright
    source = (info.video.width, info.video.height) if upright else (info.video.height, info.video.width)
    width, height = size
    box = cover_box(source, size)
    upscale = width > box[2] - box[0] or height > box[3] - box[1]
    try:
        frames = cached_frames(path, Path(cache_dir) / f"clip-{_digest(path)}-{width}x{height}.yuv", size=size,
                               crop=None if box == (0, 0, *source) else box, scale_flags="bicubic" if upscale else "area",
                               pix_fmt="yuv420p", source_size=source, fps=FPS)
        samples = read_audio(path, sample_rate=AUDIO_RATE) if info.audio is not None else np.zeros(0, np.float32)
    except InputError as exc:
        raise InputError(f"{role} {path.name} could not be decoded: {exc}") from None
    return Clip(path.name, size, frames, fit_audio(samples, len(frames)))


def _labelled(clip: Clip | None, overlays: Overlays) -> Iterator[np.ndarray]:
    for t, frame in enumerate(clip.frames if clip else ()):
        yield overlays.apply(np.array(frame), t)  # a copy: the cache is a read-only map


def joined_frames(intro: Clip | None, body: Iterator[np.ndarray | PatchedFrame], outro: Clip | None,
                  overlays: Overlays) -> Iterator[np.ndarray | PatchedFrame]:
    """The intro's frames, the body's, the outro's; ``overlays`` (the label) drawn on the clips' frames.

    Clip frames are whole arrays; the body's may be spliced (:class:`render.compose.PatchedFrame`).
    """
    for clip in (intro, outro):
        if clip and clip.size != (overlays.width, overlays.height):
            raise InputError(f"{clip.name} was conformed to {clip.size[0]}x{clip.size[1]}, "
                             f"the video is {overlays.width}x{overlays.height}")
    return chain(_labelled(intro, overlays), body, _labelled(outro, overlays))


def joined_audio(intro: Clip | None, body: np.ndarray, outro: Clip | None) -> np.ndarray:
    """The three audio parts end to end (each already a whole number of frames long)."""
    parts = [intro.samples] if intro else []
    parts.append(body)
    if outro:
        parts.append(outro.samples)
    return np.concatenate(parts)
