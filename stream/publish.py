"""The room's one output: copies H.264 packets and encodes one continuous AAC track into FLV/RTMP.

The clock thread hands over one :class:`Tick` per output frame and never waits on the network:
ticks go through a bounded queue to a muxer thread. Video is never re-encoded (segments were
encoded once at render time); timestamps are rewritten from the room's frame counter. Audio is
re-encoded by one long-lived AAC encoder fed exactly ``samples_per_frame`` samples per tick, so its
timestamps are sample counts on the same clock and no per-segment AAC priming ever accumulates.

If the relay drops, ticks are counted as dropped while the publisher reconnects with capped,
jittered exponential back-off; after a gap, video resumes on the next keyframe while audio carries on.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from stream.backoff import Backoff
from stream.segment import MAX_REORDER_FRAMES, RoomFormat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Tick:
    """Everything that leaves the room for output frame ``n``."""

    n: int
    pts: int  # presentation slot of the packet (room frames)
    dts: int  # decode slot (room frames)
    keyframe: bool
    data: bytes
    pcm: np.ndarray  # float32 (channels, samples_per_frame) for slot n


@dataclass
class PublisherStats:
    connected: bool = False
    sessions: int = 0
    reconnects: int = 0
    muxer_drops: int = 0  # written by the muxer thread only
    queue_drops: int = 0  # written by the clock thread only
    sent_frames: int = 0
    sent_bytes: int = 0
    last_error: str = ""
    session_frames: int = 0
    session_samples: int = 0
    sample_rate: int = 48000
    fps: int = 25
    disconnected_at: float | None = None
    reconnect_s: list[float] = field(default_factory=list)

    @property
    def dropped_frames(self) -> int:
        return self.muxer_drops + self.queue_drops

    @property
    def av_offset_s(self) -> float:
        """Audio minus video duration handed to the output this session (counted, not assumed)."""
        return self.session_samples / self.sample_rate - self.session_frames / self.fps


class Publisher:
    """Publish once to ``url`` (normally the local relay); see the module docstring."""

    def __init__(
        self,
        url: str,
        fmt: RoomFormat,
        template: Path,
        *,
        start_offset_frames: int = 0,
        audio_bitrate: int = 128_000,
        aac_coder: str = "fast",
        backoff: Backoff | None = None,
        queue_frames: int = 50,
        preopen_max_s: float = 20.0,
    ) -> None:
        self.url = url
        self.fmt = fmt
        self.template = Path(template)
        self.audio_bitrate = audio_bitrate
        self.aac_coder = aac_coder
        self.backoff = backoff or Backoff(initial_s=0.2, max_s=5.0)
        self.stats = PublisherStats(sample_rate=fmt.sample_rate, fps=fmt.fps)
        self.preopen_max_s = preopen_max_s
        self._opened_at = 0.0
        # Timestamps are (room frame - origin) + reorder lead, so decode times never go negative.
        self._origin = -start_offset_frames
        self._queue: queue.Queue[Tick | None] = queue.Queue(maxsize=queue_frames)
        self._rebase = threading.Event()
        self._container: av.container.OutputContainer | None = None
        self._vstream = self._astream = None
        self._last_n: int | None = None
        self._next_try = 0.0
        self._await_key = False
        self.on_connect: Callable[[int], None] | None = None  # called with the session number
        self._thread = threading.Thread(target=self._run, name=f"publish:{url.rsplit('/', 1)[-1]}", daemon=True)

    # -- clock side -------------------------------------------------------------------------
    def start(self) -> None:
        """Connect once before the clock runs (so the first frames are not spent connecting), unless
        :meth:`open` did, then hand over to the muxer thread, which reconnects on its own from then on."""
        if self._container is None:
            self._connect()
        self._thread.start()

    def open(self) -> bool:
        """Open the RTMP session ahead of :meth:`start` (a standby's pre-roll). Only the FLV header goes out
        (metadata and codec headers); nginx-rtmp hands a player nothing before a keyframe, so the relay's
        destination copies carry nothing to a platform until the clock runs. This takes the session's
        set-up out of a hand-over's gap: ~0.2 s on loopback, mostly delayed ACKs, because ffmpeg's RTMP
        client cannot be given TCP_NODELAY through PyAV. False if the relay refused or was unreachable."""
        return self._container is not None or self._connect()

    def drop_stale(self) -> bool:
        """Close a session :meth:`open` made more than ``preopen_max_s`` ago (a relay drops a publisher that
        sent nothing for a while: stream.nginx.FENCED_IDLE_DROP_S); :meth:`start` then connects afresh.
        True if it did (the relay's players are told the stream ended; a destination copy that has published
        nothing yet plays on to the new session)."""
        if self._container is None or self._thread.ident is not None:
            return False
        if time.monotonic() - self._opened_at <= self.preopen_max_s:
            return False
        self._disconnect("the pre-opened session waited too long")
        return True

    def offer(self, tick: Tick) -> None:
        """Hand over one frame; never blocks. A full queue (stalled network) drops the frame."""
        try:
            self._queue.put_nowait(tick)
        except queue.Full:
            self.stats.queue_drops += 1

    def planned_reconnect(self) -> None:
        """Reconnect at the next keyframe with timestamps restarted near zero (long-run wrap policy)."""
        self._rebase.set()

    def close(self, timeout_s: float = 5.0) -> None:
        if self._thread.ident is None:  # never started: at most a pre-opened session to close
            self._disconnect("closed")
            return
        while True:
            try:
                self._queue.put(None, timeout=0.1)
                break
            except queue.Full:
                try:
                    self._queue.get_nowait()
                except queue.Empty:
                    pass
        self._thread.join(timeout_s)

    # -- muxer thread -----------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            tick = self._queue.get()
            if tick is None:
                break
            self._handle(tick)
        self._disconnect("closed")

    def _handle(self, tick: Tick) -> None:
        gap = self._last_n is not None and tick.n != self._last_n + 1
        self._last_n = tick.n
        if self._rebase.is_set() and tick.keyframe and self._container is not None:
            self._rebase.clear()
            self._disconnect("planned reconnect")
            self._origin = tick.n
            self._next_try = 0.0
        if gap:  # frames were dropped upstream: video resumes on a keyframe, audio carries on
            self._await_key = True
        if self._container is None:
            if not tick.keyframe or time.monotonic() < self._next_try or not self._connect():
                self.stats.muxer_drops += 1
                return
        if self._await_key and tick.keyframe:
            self._await_key = False
        try:
            if self._await_key:
                self.stats.muxer_drops += 1
            self._mux(tick, video=not self._await_key)
        except (av.error.FFmpegError, OSError) as exc:
            self.stats.muxer_drops += 1
            log.warning("publishing session %d dropped: %s", self.stats.sessions, exc)
            self._disconnect(str(exc))
            self._next_try = time.monotonic() + self.backoff.next_delay()

    def _connect(self) -> bool:
        """Open the RTMP session now (PyAV would open it at the first packet): a refused publisher (a stale
        fencing token on a fleet) or an unreachable relay shows here, before any frame waits on it."""
        began = time.monotonic()
        container = None
        try:
            container = av.open(self.url, "w", format="flv", options={"flvflags": "no_duration_filesize"})
            with av.open(str(self.template)) as template:
                self._vstream = container.add_stream_from_template(template.streams.video[0])
            self._vstream.time_base = Fraction(1, 1000)
            layout = "mono" if self.fmt.channels == 1 else "stereo"
            self._astream = container.add_stream("aac", rate=self.fmt.sample_rate, layout=layout)
            self._astream.bit_rate = self.audio_bitrate
            # ffmpeg's `twoloop` search made AAC the largest single cost of a room (2-6 % of a core per room,
            # by content); `fast` halves it and its maintainers rate it at least as good at 128 kbit/s
            self._astream.codec_context.options = {"aac_coder": self.aac_coder}
            container.start_encoding()
        except (av.error.FFmpegError, OSError) as exc:
            if container is not None:
                with contextlib.suppress(av.error.FFmpegError, OSError):
                    container.close()
            self.stats.last_error = str(exc)
            log.info("publishing refused or unreachable after %.3f s: %s", time.monotonic() - began, exc)
            self._next_try = time.monotonic() + self.backoff.next_delay()
            return False
        self._container = container
        self._opened_at = time.monotonic()
        self.stats.connected = True
        self.stats.session_frames = self.stats.session_samples = 0
        self.stats.sessions += 1
        if self.stats.disconnected_at is not None:
            self.stats.reconnects += 1
            self.stats.reconnect_s.append(time.monotonic() - self.stats.disconnected_at)
            self.stats.disconnected_at = None
        self.backoff.reset()
        log.info("publishing session %d (connected in %.3f s)", self.stats.sessions, time.monotonic() - began)
        if self.on_connect is not None:
            self.on_connect(self.stats.sessions)
        return True

    def _mux(self, tick: Tick, *, video: bool = True) -> None:
        assert self._container is not None
        fps, spf = self.fmt.fps, self.fmt.samples_per_frame
        lead = MAX_REORDER_FRAMES
        if video:
            packet = av.Packet(tick.data)
            packet.stream = self._vstream
            packet.time_base = Fraction(1, fps)
            packet.pts = tick.pts - self._origin + lead
            packet.dts = tick.dts - self._origin
            packet.is_keyframe = tick.keyframe
            self._container.mux(packet)
            self.stats.sent_bytes += len(tick.data)
        frame = av.AudioFrame.from_ndarray(
            np.ascontiguousarray(tick.pcm, np.float32), format="fltp",
            layout="mono" if self.fmt.channels == 1 else "stereo",
        )
        frame.sample_rate = self.fmt.sample_rate
        frame.time_base = Fraction(1, self.fmt.sample_rate)
        frame.pts = (tick.n - self._origin + lead) * spf
        for apacket in self._astream.encode(frame):
            self._container.mux(apacket)
        self.stats.sent_frames += int(video)
        self.stats.session_frames += 1  # one frame slot of output time, with or without its picture
        self.stats.session_samples += frame.samples

    def _disconnect(self, reason: str) -> None:
        container, self._container = self._container, None
        if container is None:
            return
        self.stats.connected = False
        self.stats.last_error = reason
        if reason != "closed":
            self.stats.disconnected_at = time.monotonic()
        try:
            container.close()
        except (av.error.FFmpegError, OSError):
            pass
