"""WebRTC preview of a room with aiortc: audio and video paced from the room's one clock.

:class:`PreviewHub` is a room sink. While nobody watches it costs nothing; with viewers it decodes
the room's H.264 packets (scaled down for the preview) and slices each frame's PCM into two 20 ms
chunks. Both tracks of every viewer release frame slot ``s`` at the same instant,
``anchor + (s + latency) / fps``, where ``anchor`` is the room clock's origin: a fixed latency covers
B-frame reordering, so audio and video leave in step and their RTP timestamps agree. Tracks never
wait for content beyond that: the room's clock always produces a frame (idle loop included).
"""

from __future__ import annotations

import asyncio
import threading
import time
from fractions import Fraction

import av
import numpy as np
from aiortc import MediaStreamTrack, RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from core.settings import IceServer
from stream.publish import Tick
from stream.segment import RoomFormat

AUDIO_PTIME_S = 0.020
VIDEO_CLOCK = 90000


class _Track(MediaStreamTrack):
    def __init__(self, hub: "PreviewHub", kind: str) -> None:
        super().__init__()
        self.kind = kind
        self._hub = hub
        self._loop = asyncio.get_running_loop()
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=200)  # ~4 s of audio chunks

    def push(self, item: tuple) -> None:
        """Thread-safe: called from the room's clock thread."""
        self._loop.call_soon_threadsafe(self._put, item)

    def _put(self, item: tuple) -> None:
        if self.queue.full():
            self.queue.get_nowait()  # a stalled viewer drops its oldest frame, never the room's
        self.queue.put_nowait(item)

    async def recv(self) -> av.frame.Frame:
        if self.readyState != "live":
            raise MediaStreamError
        due, frame = await self.queue.get()
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        return frame

    def stop(self) -> None:
        self._hub.remove(self)
        super().stop()


class PreviewHub:
    """Fan a room's frames out to WebRTC viewers (add it to the runner's sinks)."""

    def __init__(self, fmt: RoomFormat, *, max_width: int = 640, latency_frames: int = 3) -> None:
        self.fmt = fmt
        scale = min(1.0, max_width / fmt.width)
        self.size = (int(fmt.width * scale) // 2 * 2, int(fmt.height * scale) // 2 * 2)
        self.latency_frames = latency_frames
        self._tracks: list[_Track] = []
        self._lock = threading.Lock()
        self._decoder: av.CodecContext | None = None
        self._anchor: float | None = None
        self._layout = "mono" if fmt.channels == 1 else "stereo"

    def tracks(self) -> tuple[MediaStreamTrack, MediaStreamTrack]:
        """A new viewer's (audio, video) tracks; call inside the event loop that serves it."""
        audio, video = _Track(self, "audio"), _Track(self, "video")
        with self._lock:
            self._tracks += [audio, video]
        return audio, video

    def remove(self, track: _Track) -> None:
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


async def answer_viewer(
    hub: PreviewHub, offer: RTCSessionDescription, *, ice_servers: list[IceServer] | None = None
) -> RTCPeerConnection:
    """Answer a viewer's SDP offer with the room's tracks; ``pc.localDescription`` is the answer.

    ``ice_servers`` empty (the default) means host candidates only, which is all loopback and LAN
    viewers need; with a TURN server the room also offers a relayed candidate, for viewers that cannot
    reach the room's host directly. The caller closes the returned connection when the viewer leaves.
    """
    config = RTCConfiguration(iceServers=[
        RTCIceServer(urls=s.urls, username=s.username or None, credential=s.credential.get_secret_value() or None)
        for s in (ice_servers or [])])
    pc = RTCPeerConnection(config)
    audio, video = hub.tracks()
    pc.addTrack(audio)
    pc.addTrack(video)

    @pc.on("connectionstatechange")
    async def _closed() -> None:
        if pc.connectionState in ("failed", "closed"):
            audio.stop()
            video.stop()

    await pc.setRemoteDescription(offer)
    await pc.setLocalDescription(await pc.createAnswer())
    return pc
