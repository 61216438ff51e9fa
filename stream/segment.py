"""Segments: the unit a room puts on air, checked and unpacked once before it is needed.

A segment is a self-contained MPEG-TS file encoded once at render time: H.264 video at the room's
size and frame rate, starting on a keyframe, plus AAC audio. Putting it on air costs no video
encoding: :func:`prepare_segment` demuxes it once into frame-indexed H.264 packets (copied later
with rewritten timestamps) and decodes its audio into exactly ``frames x samples_per_frame``
samples, padded or trimmed, so that audio and video leave every segment on the same frame
boundary and can never drift apart, however many segments follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import av
import numpy as np
from pydantic import BaseModel, Field

from core.errors import InputError

# Largest B-frame reordering delay (in frames) a segment may have; the room shifts every
# decode timestamp back by this much so decode order stays monotonic across segments.
MAX_REORDER_FRAMES = 2


@dataclass(frozen=True)
class RoomFormat:
    """What every segment of a room must match; fixed for the life of the output."""

    width: int = 1920
    height: int = 1080
    fps: int = 25
    sample_rate: int = 48000
    channels: int = 2

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or self.width % 2 or self.height % 2:
            raise InputError(f"room size must be positive and even, got {self.width}x{self.height}")
        if self.fps <= 0 or self.sample_rate % self.fps:
            raise InputError(
                f"{self.sample_rate} Hz audio does not divide into {self.fps} fps frames: pick e.g. 25 or 30 fps at 48 kHz"
            )
        if self.channels not in (1, 2):
            raise InputError(f"rooms carry mono or stereo audio, not {self.channels} channels")

    @property
    def samples_per_frame(self) -> int:
        return self.sample_rate // self.fps

    @property
    def frame_s(self) -> float:
        return 1.0 / self.fps


class Segment(BaseModel):
    """A queued piece of content, as the job system hands it to a room."""

    id: str = Field(min_length=1)
    path: Path
    kind: Literal["content", "urgent", "idle"] = "content"
    label: str = ""
    frames: int | None = Field(None, gt=0, description="Length if known (counts towards queue depth before prefetch).")


@dataclass(frozen=True)
class VideoPacket:
    """One encoded frame: ``index`` is its presentation slot, ``decode_index`` its decode slot."""

    index: int
    decode_index: int
    keyframe: bool
    data: bytes


@dataclass(frozen=True)
class PreparedSegment:
    """A segment ready to go on air: packets in decode order and exactly aligned PCM."""

    segment: Segment
    frames: int
    packets: tuple[VideoPacket, ...]
    audio: np.ndarray  # float32, (channels, frames * samples_per_frame)
    extradata: bytes
    codec: str

    def seconds(self, fmt: RoomFormat) -> float:
        return self.frames / fmt.fps


def _check_video(stream: av.video.stream.VideoStream, fmt: RoomFormat, segment: Segment) -> None:
    ctx = stream.codec_context
    if ctx.name != "h264":
        raise InputError(f"segment {segment.id}: video must be H.264, not {ctx.name}")
    if (ctx.width, ctx.height) != (fmt.width, fmt.height):
        raise InputError(
            f"segment {segment.id}: {ctx.width}x{ctx.height} does not match the room's {fmt.width}x{fmt.height}"
        )


def prepare_segment(segment: Segment, fmt: RoomFormat) -> PreparedSegment:
    """Demux and check ``segment`` for ``fmt``; raise :class:`InputError` naming what is wrong.

    Checks: readable, H.264 at the room's size and frame rate, first frame a keyframe, every frame
    slot present once, reordering delay within :data:`MAX_REORDER_FRAMES`. Audio may be any AAC
    layout or rate (it is resampled); missing audio becomes silence.
    """
    name = segment.path.name
    if not segment.path.is_file() or segment.path.stat().st_size == 0:
        raise InputError(f"segment {segment.id}: file missing or empty ({name})")
    try:
        container = av.open(str(segment.path))
    except av.error.FFmpegError as exc:
        raise InputError(f"segment {segment.id}: unreadable ({name}): {exc}") from exc
    try:
        if not container.streams.video:
            raise InputError(f"segment {segment.id}: no video stream in {name}")
        vstream = container.streams.video[0]
        _check_video(vstream, fmt, segment)
        vtb = vstream.time_base
        extradata = bytes(vstream.codec_context.extradata or b"")
        astream = container.streams.audio[0] if container.streams.audio else None
        raw: list[tuple[int, int, bool, bytes]] = []
        audio_frames: list[av.AudioFrame] = []
        decoder = astream.codec_context if astream is not None else None
        streams = [vstream] + ([astream] if astream is not None else [])
        try:
            for packet in container.demux(*streams):
                if packet.stream.type == "video":
                    if packet.pts is None or packet.size == 0:
                        continue
                    raw.append((packet.pts, packet.dts if packet.dts is not None else packet.pts,
                                packet.is_keyframe, bytes(packet)))
                else:  # demux ends each stream with an empty packet, which flushes the decoder
                    audio_frames.extend(decoder.decode(packet))
        except av.error.FFmpegError as exc:
            raise InputError(f"segment {segment.id}: corrupt data in {name}: {exc}") from exc
        if not raw:
            raise InputError(f"segment {segment.id}: no video frames in {name}")
        zero = min(pts for pts, _, _, _ in raw)
        ticks_per_frame = 1 / (vtb * fmt.fps)
        packets = []
        for decode_index, (pts, _dts, key, data) in enumerate(raw):
            slot = (pts - zero) / ticks_per_frame
            index = round(slot)
            if abs(slot - index) > 0.1:
                raise InputError(f"segment {segment.id}: frame timing does not fit {fmt.fps} fps ({name})")
            if index < decode_index - MAX_REORDER_FRAMES:
                raise InputError(
                    f"segment {segment.id}: B-frame reordering deeper than {MAX_REORDER_FRAMES} frames ({name})"
                )
            packets.append(VideoPacket(index, decode_index, key, data))
        if not packets[0].keyframe:
            raise InputError(f"segment {segment.id}: does not start on a keyframe ({name})")
        frames = len(packets)
        if sorted(p.index for p in packets) != list(range(frames)):
            raise InputError(f"segment {segment.id}: frames missing or repeated ({name})")
        zero_s = float(zero * vtb)
        audio = _aligned_audio(audio_frames, fmt, frames, zero_s)
        return PreparedSegment(segment, frames, tuple(packets), audio, extradata, "h264")
    finally:
        container.close()


def _aligned_audio(frames: list[av.AudioFrame], fmt: RoomFormat, video_frames: int, zero_s: float) -> np.ndarray:
    """Place decoded audio on the video's sample grid: drop priming before frame 0, pad or trim the end."""
    total = video_frames * fmt.samples_per_frame
    out = np.zeros((fmt.channels, total), np.float32)
    layout = "mono" if fmt.channels == 1 else "stereo"
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=fmt.sample_rate)
    decoded = []
    for frame in frames:
        start_s = float(frame.pts * frame.time_base) if frame.pts is not None else None
        for converted in resampler.resample(frame):
            decoded.append((start_s, converted.to_ndarray()))
            start_s = None
    for converted in resampler.resample(None):
        decoded.append((None, converted.to_ndarray()))
    cursor = None
    for start_s, pcm in decoded:
        if start_s is not None:
            cursor = round((start_s - zero_s) * fmt.sample_rate)
        elif cursor is None:
            cursor = 0
        begin, end = cursor, cursor + pcm.shape[1]
        cursor = end
        lo, hi = max(begin, 0), min(end, total)
        if hi > lo:
            out[:, lo:hi] = pcm[:, lo - begin : hi - begin]
    return out
