"""Prometheus exposition for live rooms: one scrape renders every room's :class:`LiveStatus`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from stream.live import LiveStatus
from stream.room import ALLOWED

_GAUGES = (
    ("uptime_seconds", "Seconds since the room's clock started.", lambda s: s.uptime_s),
    ("queue_seconds", "Content prepared or playing ahead of the clock.", lambda s: s.queue_s),
    ("bitrate_kbps", "Video bitrate leaving the room's output.", lambda s: s.bitrate_kbps),
    ("av_offset_seconds", "Audio minus video duration handed to the output this session.", lambda s: s.av_offset_ms / 1000),
    ("published", "1 while the room's one output is connected to the relay.", lambda s: float(s.published)),
)
_COUNTERS = (
    ("dark_seconds", "Seconds of output that never reached the relay.", lambda s: s.dark_s),
    ("idle_seconds", "Seconds the idle loop filled an empty queue.", lambda s: s.idle_s),
    ("reconnects", "Output and destination reconnects.", lambda s: s.reconnects),
    ("dropped_frames", "Frames dropped between the clock and the relay.", lambda s: s.dropped_frames),
    ("transitions", "Segment boundaries passed.", lambda s: s.transitions),
    ("broken_segments", "Segments skipped because they failed their checks.", lambda s: s.broken_segments),
)


class RoomCollector(Collector):
    """Collects from ``statuses()`` at scrape time (pass e.g. ``lambda: [room.status()]``)."""

    def __init__(self, statuses: Callable[[], Iterable[LiveStatus]]) -> None:
        self._statuses = statuses

    def collect(self):  # noqa: ANN201 - prometheus_client protocol
        rooms = list(self._statuses())
        for name, doc, get in _GAUGES:
            family = GaugeMetricFamily(f"evercast_room_{name}", doc, labels=["room"])
            for s in rooms:
                family.add_metric([s.room_id], float(get(s)))
            yield family
        for name, doc, get in _COUNTERS:
            family = CounterMetricFamily(f"evercast_room_{name}", doc, labels=["room"])
            for s in rooms:
                family.add_metric([s.room_id], float(get(s)))
            yield family
        state = GaugeMetricFamily("evercast_room_state", "1 for the room's current state.", labels=["room", "state"])
        for s in rooms:
            for name in ALLOWED:
                state.add_metric([s.room_id, name], 1.0 if s.state == name else 0.0)
        yield state
        up = GaugeMetricFamily("evercast_destination_up", "1 while a destination relay is pushing.",
                               labels=["room", "destination"])
        restarts = CounterMetricFamily("evercast_destination_restarts", "Relay process restarts.",
                                       labels=["room", "destination"])
        for s in rooms:
            for d in s.destinations:
                up.add_metric([s.room_id, d.id], 1.0 if d.state == "up" else 0.0)
                restarts.add_metric([s.room_id, d.id], float(d.restarts))
        yield up
        yield restarts


def render_metrics(statuses: Iterable[LiveStatus]) -> bytes:
    """Prometheus text format for these rooms (for an HTTP ``/metrics`` handler)."""
    registry = CollectorRegistry(auto_describe=False)
    frozen = list(statuses)
    registry.register(RoomCollector(lambda: frozen))
    return generate_latest(registry)
