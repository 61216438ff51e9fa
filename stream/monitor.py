"""Watch a pushed stream the way a viewer's player would, and measure it.

:func:`watch` reads an RTMP URL (or a recorded file) with PyAV for a while and reports codecs, size,
timestamp gaps, keyframe spacing and, when the content carries sync markers (see
:func:`stream.slate.make_slate`), the audio/video offset of every flash/beep pair it saw. Used by
the tests and the soak bench, and usable against production as an end-to-end sync probe.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import av
import numpy as np

FLASH_LUMA = 235.0  # mean luma of a full-white marker frame (limited range) is ~235
BEEP_RMS = 0.3  # markers beep at 0.8 amplitude over a quiet bed
WINDOW_S = 0.0025


@dataclass
class StreamReport:
    video_codec: str = ""
    audio_codec: str = ""
    width: int = 0
    height: int = 0
    video_packets: int = 0
    audio_packets: int = 0
    first_ts_s: float | None = None
    last_ts_s: float | None = None
    max_video_gap_ms: float = 0.0
    max_audio_gap_ms: float = 0.0
    backwards: int = 0
    keyframe_times_s: list[float] = field(default_factory=list)
    flashes_s: list[float] = field(default_factory=list)
    beeps_s: list[float] = field(default_factory=list)
    max_arrival_stall_ms: float = 0.0

    @property
    def max_gap_ms(self) -> float:
        return max(self.max_video_gap_ms, self.max_audio_gap_ms)

    @property
    def max_keyframe_interval_s(self) -> float:
        k = self.keyframe_times_s
        return max((b - a for a, b in zip(k, k[1:])), default=0.0)

    def av_offsets_ms(self, max_pair_s: float = 0.5) -> list[float]:
        """Beep time minus flash time for each flash that has a beep within ``max_pair_s``."""
        beeps = np.asarray(self.beeps_s)
        out = []
        for flash in self.flashes_s:
            if beeps.size == 0:
                break
            nearest = beeps[np.argmin(np.abs(beeps - flash))]
            if abs(nearest - flash) <= max_pair_s:
                out.append((nearest - flash) * 1000.0)
        return out


class _Onsets:
    """Rising edges of a boolean signal sampled at known times."""

    def __init__(self) -> None:
        self.prev = False
        self.times: list[float] = []

    def feed(self, t: float, on: bool) -> None:
        if on and not self.prev:
            self.times.append(t)
        self.prev = on


def watch(
    source: str,
    seconds: float,
    *,
    markers: bool = False,
    stop: threading.Event | None = None,
    open_timeout_s: float = 10.0,
) -> StreamReport:
    """Read ``source`` for ``seconds`` of wall time (or to its end) and measure it."""
    report = StreamReport()
    options = {"rw_timeout": str(int(open_timeout_s * 1e6))} if "://" in source else {}
    container = av.open(source, options=options, timeout=open_timeout_s)
    try:
        v = container.streams.video[0] if container.streams.video else None
        a = container.streams.audio[0] if container.streams.audio else None
        if v is not None:
            report.video_codec, report.width, report.height = v.codec_context.name, v.codec_context.width, v.codec_context.height
        if a is not None:
            report.audio_codec = a.codec_context.name
        flashes, beeps = _Onsets(), _Onsets()
        last: dict[str, float] = {}
        last_arrival = None
        deadline = time.monotonic() + seconds
        for packet in container.demux(*(s for s in (v, a) if s is not None)):
            if packet.dts is None:
                continue
            now = time.monotonic()
            if last_arrival is not None:
                report.max_arrival_stall_ms = max(report.max_arrival_stall_ms, (now - last_arrival) * 1000)
            last_arrival = now
            kind = packet.stream.type
            ts = float(packet.dts * packet.time_base)
            if kind in last:
                gap = (ts - last[kind]) * 1000
                if gap < 0:
                    report.backwards += 1
                elif kind == "video":
                    report.max_video_gap_ms = max(report.max_video_gap_ms, gap)
                else:
                    report.max_audio_gap_ms = max(report.max_audio_gap_ms, gap)
            last[kind] = ts
            report.first_ts_s = ts if report.first_ts_s is None else min(report.first_ts_s, ts)
            report.last_ts_s = ts if report.last_ts_s is None else max(report.last_ts_s, ts)
            if kind == "video":
                report.video_packets += 1
                if packet.is_keyframe:
                    report.keyframe_times_s.append(float(packet.pts * packet.time_base))
            else:
                report.audio_packets += 1
            if markers:
                for frame in packet.decode():
                    _detect(frame, flashes, beeps)
            if now >= deadline or (stop is not None and stop.is_set()):
                break
        report.flashes_s, report.beeps_s = flashes.times, beeps.times
    finally:
        container.close()
    return report


def _detect(frame: av.frame.Frame, flashes: _Onsets, beeps: _Onsets) -> None:
    if frame.pts is None:
        return
    t = float(frame.pts * frame.time_base)
    if isinstance(frame, av.VideoFrame):
        plane = frame.planes[0]
        luma = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[::4, : plane.width : 4]
        flashes.feed(t, float(luma.mean()) >= FLASH_LUMA - 15)
        return
    pcm = frame.to_ndarray()
    channels = len(frame.layout.channels)
    mono = pcm[0] if frame.format.is_planar else pcm.reshape(-1)[::channels]
    if mono.dtype.kind == "i":
        mono = mono / 32768.0
    step = max(1, int(frame.sample_rate * WINDOW_S))
    for i in range(0, mono.size - step + 1, step):
        rms = float(np.sqrt(np.mean(np.square(mono[i : i + step], dtype=np.float64))))
        beeps.feed(t + i / frame.sample_rate, rms >= BEEP_RMS)
