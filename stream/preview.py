"""The room's WebRTC preview sink: audio and video paced from the room's one clock, aiortc-free.

:class:`PreviewHub` is a room sink. While nobody watches it costs nothing; with viewers it decodes
the room's H.264 packets (scaled down for the preview) and slices each frame's PCM into two 20 ms
chunks. Both tracks of every viewer release frame slot ``s`` at the same instant,
``anchor + (s + latency) / fps``, where ``anchor`` is the room clock's origin: a fixed latency covers
B-frame reordering, so audio and video leave in step and their RTP timestamps agree. Tracks never
wait for content beyond that: the room's clock always produces a frame (idle loop included). The
viewers' tracks and peer connections (aiortc, :mod:`stream.webrtc`) are imported with the first
viewer: every room carries this sink, few rooms are watched, and aiortc was a fifth of a room
process's imports.
"""

from __future__ import annotations

import threading
import time
from fractions import Fraction
from typing import TYPE_CHECKING

import av
import numpy as np

from stream.publish import Tick
from stream.segment import RoomFormat

if TYPE_CHECKING:
    from stream.webrtc import ViewerTrack

AUDIO_PTIME_S = 0.020
VIDEO_CLOCK = 90000


class PreviewHub:
    """Fan a room's frames out to WebRTC viewers (add it to the runner's sinks)."""

    def __init__(self, fmt: RoomFormat, *, max_width: int = 640, latency_frames: int = 3) -> None:
        self.fmt = fmt
        scale = min(1.0, max_width / fmt.width)
        self.size = (int(fmt.width * scale) // 2 * 2, int(fmt.height * scale) // 2 * 2)
        self.latency_frames = latency_frames
        self._tracks: list[ViewerTrack] = []
        self._lock = threading.Lock()
        self._decoder: av.CodecContext | None = None
        self._anchor: float | None = None
        self._layout = "mono" if fmt.channels == 1 else "stereo"

    def tracks(self) -> tuple[ViewerTrack, ViewerTrack]:
        """A new viewer's (audio, video) tracks; call inside the event loop that serves it."""
        from stream.webrtc import ViewerTrack

        audio, video = ViewerTrack(self, "audio"), ViewerTrack(self, "video")
        with self._lock:
            self._tracks += [audio, video]
        return audio, video

    def remove(self, track: ViewerTrack) -> None:
        with self._lock:
            if track in self._tracks:
                self._tracks.remove(track)
            if not self._tracks:
                self._decoder = None

    @property
    def viewers(self) -> int:
        with self._lock:
            return sum(1 for t in self._tracks if t.kind == "video")

    def offer(self, tick: Tick) -> None:
        now = time.monotonic()
        anchor = now - tick.n * self.fmt.frame_s
        if self._anchor is None or anchor > self._anchor + 0.5:  # first tick, or the room re-anchored
            self._anchor = anchor
        with self._lock:
            tracks = list(self._tracks)
        if not tracks:
            return
        fps = self.fmt.fps
        for frame in self._decode(tick):
            slot = frame.pts
            out = frame.reformat(width=self.size[0], height=self.size[1], format="yuv420p")
            out.pts, out.time_base = slot * (VIDEO_CLOCK // fps), Fraction(1, VIDEO_CLOCK)
            due = self._due(slot)
            for track in tracks:
                if track.kind == "video":
                    track.push((due, out))
        for chunk in self._audio_chunks(tick):
            for track in tracks:
                if track.kind == "audio":
                    track.push(chunk)

    def _due(self, slot: float) -> float:
        assert self._anchor is not None
        return self._anchor + (slot + self.latency_frames) / self.fmt.fps

    def _decode(self, tick: Tick) -> list[av.VideoFrame]:
        if self._decoder is None:
            if not tick.keyframe:
                return []
            self._decoder = av.CodecContext.create("h264", "r")
        packet = av.Packet(tick.data)
        packet.pts, packet.dts = tick.pts, tick.dts
        packet.time_base = Fraction(1, self.fmt.fps)
        try:
            return list(self._decoder.decode(packet))
        except av.error.FFmpegError:
            self._decoder = None  # resync on the next keyframe
            return []

    def _audio_chunks(self, tick: Tick) -> list[tuple[float, av.AudioFrame]]:
        spf, rate = self.fmt.samples_per_frame, self.fmt.sample_rate
        chunk = int(rate * AUDIO_PTIME_S)
        pcm = (np.clip(tick.pcm, -1.0, 1.0) * 32767).astype(np.int16)
        out = []
        for start in range(0, spf, chunk):
            part = np.ascontiguousarray(pcm[:, start : start + chunk].T).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(part, format="s16", layout=self._layout)
            frame.sample_rate = rate
            frame.pts, frame.time_base = tick.n * spf + start, Fraction(1, rate)
            out.append((self._due(tick.n + start / spf), frame))
        return out
