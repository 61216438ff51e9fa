"""LiveRoom: a room's runner, its one publisher and its destination relays, wired and watched.

This is what a room process runs. The publisher owns the output (one RTMP session to the local
relay for as long as the room is up); destinations are pulled from the relay by independent
``ffmpeg -c copy`` processes. A health thread moves the room between ``live`` and ``degraded``
from what the outputs report, and performs the planned daily reconnect that keeps RTMP/FLV
timestamps far from their wrap-around.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from core.settings import EgressSettings, StreamSettings
from stream.backoff import Backoff
from stream.clock import Clock
from stream.publish import Publisher
from stream.push import Destination, Fanout
from stream.room import EventHook, RoomRunner, RoomStatus, Sink
from stream.segment import RoomFormat, Segment


class RoomConfig(BaseModel):
    """Everything a room process needs; built by the job system from the room's DB rows."""

    room_id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    width: int = 1920
    height: int = 1080
    fps: int = 25
    sample_rate: int = 48000
    channels: int = 2
    idle_path: Path
    relay_url: str = Field(pattern=r"^rtmps?://", description="Where the room publishes once (local nginx-rtmp).")
    destinations: list[Destination] = Field(default_factory=list)
    start_offset_frames: int = Field(0, ge=0, description="Start the output clock here (tests of timestamp wrap).")
    audio_bitrate: int = 128_000
    aac_coder: str = "fast"
    prefetch: int = 2
    low_queue_s: float = 30.0
    publish_backoff_max_s: float = 5.0
    relay_backoff_initial_s: float = 0.5
    relay_backoff_max_s: float = 30.0
    relay_stable_after_s: float = Field(15.0, gt=0, description="A relay up this long starts its back-off afresh.")
    auth_fail_limit: int = 3
    egress: EgressSettings = Field(default_factory=EgressSettings, description="Where destinations may push.")

    @property
    def format(self) -> RoomFormat:
        return RoomFormat(self.width, self.height, self.fps, self.sample_rate, self.channels)


def room_config(
    room_id: str, idle_path: Path, destinations: list[Destination], settings: StreamSettings, **overrides: object
) -> RoomConfig:
    """A :class:`RoomConfig` from the stream settings section (the job system's entry point)."""
    values = {
        "room_id": room_id, "idle_path": idle_path, "destinations": destinations,
        "relay_url": f"{settings.relay_url.rstrip('/')}/{room_id}", "width": settings.width,
        "height": settings.height, "fps": settings.fps, "sample_rate": settings.sample_rate,
        "audio_bitrate": settings.audio_bitrate, "aac_coder": settings.aac_coder, "low_queue_s": settings.low_queue_s,
        "publish_backoff_max_s": settings.publish_backoff_max_s,
        "relay_backoff_initial_s": settings.relay_backoff_initial_s,
        "relay_backoff_max_s": settings.relay_backoff_max_s, "auth_fail_limit": settings.auth_fail_limit,
        "relay_stable_after_s": settings.relay_stable_after_s, "egress": settings.egress,
    }
    values.update(overrides)
    return RoomConfig(**values)


class DestinationStatus(BaseModel):
    id: str
    state: str
    restarts: int
    reconnect_s_last: float | None
    last_error: str


class LiveStatus(RoomStatus):
    published: bool
    dark_s: float
    reconnects: int
    dropped_frames: int
    bitrate_kbps: float
    av_offset_ms: float
    destinations: list[DestinationStatus]


class LiveRoom:
    """Start/stop a whole room; operator controls go to :attr:`runner`."""

    def __init__(self, config: RoomConfig, *, clock: Clock | None = None, on_event: EventHook | None = None,
                 on_alert: Callable[[str, str], None] | None = None, start_grace_s: float = 10.0,
                 sinks: list[Sink] | None = None) -> None:
        self.config = config
        self.start_grace_s = start_grace_s
        fmt = config.format
        self.publisher = Publisher(
            config.relay_url, fmt, config.idle_path, start_offset_frames=config.start_offset_frames,
            audio_bitrate=config.audio_bitrate, aac_coder=config.aac_coder, backoff=Backoff(initial_s=0.1, max_s=config.publish_backoff_max_s),
        )
        self.runner = RoomRunner(
            config.room_id, fmt, Segment(id=f"{config.room_id}:idle", path=config.idle_path, kind="idle"),
            sinks=[self.publisher, *(sinks or [])], clock=clock, on_event=on_event, prefetch=config.prefetch,
            low_queue_s=config.low_queue_s,
        )
        self.fanout = Fanout(
            config.relay_url, config.destinations, on_alert=on_alert,
            backoff=lambda: Backoff(initial_s=config.relay_backoff_initial_s, max_s=config.relay_backoff_max_s),
            auth_fail_limit=config.auth_fail_limit, stable_after_s=config.relay_stable_after_s, egress=config.egress,
        )
        self._relays_follow = False
        self._relays_started = False
        self.publisher.on_connect = self._on_publish_session
        self._stop = threading.Event()
        self._health = threading.Thread(target=self._watch, name=f"health:{config.room_id}", daemon=True)
        self._rate = (time.monotonic(), 0)
        self._bitrate = 0.0

    def start(self) -> "LiveRoom":
        # a stale pre-opened session is opened afresh; the copies, waiting for a first frame, play on to it
        self.publisher.drop_stale()
        self.publisher.start()
        self.runner.start()
        self.start_relays()
        self._health.start()
        return self

    def start_relays(self, wait_for_source_s: float | None = None) -> None:
        """Start the destination relays (once). A room taking over a platform key from another host
        starts them before its publisher, waiting up to ``wait_for_source_s`` on the relay for its first
        keyframe, so the platform sees the new publisher a moment after the old one left."""
        if not self._relays_started:
            self._relays_started = True
            if wait_for_source_s:
                for relay in self.fanout.relays.values():
                    relay.wait_for_source(wait_for_source_s)
            self.fanout.start()

    def open_output(self) -> bool:
        """Pre-roll the publisher's RTMP session to the relay (:meth:`stream.publish.Publisher.open`), so that
        :meth:`start` only starts the clock; False if the relay refused it (then :meth:`start` connects)."""
        return self.publisher.open()

    def stop(self) -> None:
        """Stop whatever was started (a pre-rolled room may have only its relays running)."""
        self._stop.set()
        self.fanout.stop()
        if self._health.ident is not None:
            self.runner.stop()
            self._health.join(5)
        self.publisher.close()  # also a session pre-opened by a standby that was never promoted

    def planned_reconnect(self) -> None:
        """Restart the RTMP session at the next keyframe with timestamps from zero; the relays
        follow as soon as the new session is up."""
        self._relays_follow = True
        self.publisher.planned_reconnect()

    def _on_publish_session(self, session: int) -> None:
        if self._relays_follow:
            self._relays_follow = False
            self.fanout.restart_all()

    @property
    def alive(self) -> bool:
        return self.runner.alive

    def healthy(self) -> bool:
        return self.runner.alive and self.publisher.stats.connected and all(r.stats.state == "up" for r in self.fanout.relays.values())

    def _watch(self) -> None:
        started = time.monotonic()
        while not self._stop.wait(0.25):
            machine = self.runner.machine
            if machine.state not in ("starting", "live", "degraded"):
                continue
            target = "live" if self.healthy() else "degraded"
            if machine.state == "starting" and target == "degraded" and time.monotonic() - started < self.start_grace_s:
                continue  # outputs still connecting for the first time
            try:
                machine.to(target)
            except Exception:  # noqa: BLE001 - a concurrent stop() won the race
                continue

    def status(self) -> LiveStatus:
        base = self.runner.status()
        pub = self.publisher.stats
        now = time.monotonic()
        then, sent = self._rate
        if now - then >= 1.0:
            self._bitrate = (pub.sent_bytes - sent) * 8 / 1000 / (now - then)
            self._rate = (now, pub.sent_bytes)
        fps = self.config.fps
        relays = [
            DestinationStatus(id=rid, state=r.stats.state, restarts=r.stats.restarts,
                              reconnect_s_last=r.stats.reconnect_s[-1] if r.stats.reconnect_s else None,
                              last_error=r.stats.last_error)
            for rid, r in self.fanout.relays.items()
        ]
        return LiveStatus(
            **base.model_dump(), published=pub.connected, dark_s=pub.dropped_frames / fps,
            reconnects=pub.reconnects + sum(r.stats.restarts for r in self.fanout.relays.values()),
            dropped_frames=pub.dropped_frames, bitrate_kbps=round(self._bitrate, 1),
            av_offset_ms=round(pub.av_offset_s * 1000, 3), destinations=relays,
        )
