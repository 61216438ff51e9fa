"""Live rooms: 24/7 RTMP pushing and WebRTC preview with audio and video on one clock.

Public API (everything else is internal):

* :class:`RoomConfig`, :class:`LiveRoom` - run one room: publish-once output, destination relays, health.
* :class:`Segment`, :class:`RoomFormat` - the content unit and the format a room fixes.
* :class:`Destination`, :class:`Schedule`, :class:`Window` - where a room goes and when it is on air.
* :class:`PlaylistPolicy`, :func:`next_items` - what to render next (SKU rotation, scripts, prompts).
* :class:`Command`, :func:`apply_command` - operator controls sent to a room process.
* :func:`supervise` - the body of a room process (schedule windows, crash restarts, daily reconnect).
* :class:`PreviewHub`, :func:`answer_viewer` - WebRTC preview.
* :func:`check_destination`, :class:`EgressError` - may a room push to this URL (SSRF egress policy).
* :func:`render_metrics`, :func:`encrypt_key`, :func:`reencrypt_key`, :func:`destination_url`, :func:`make_slate`.
"""

from stream.control import Command, apply_command
from stream.egress import EgressError, check_destination
from stream.live import LiveRoom, LiveStatus, RoomConfig, room_config
from stream.playlist import PlaylistPolicy, next_items
from stream.push import Destination
from stream.secrets import decrypt_key, destination_url, encrypt_key, reencrypt_key
from stream.segment import RoomFormat, Segment
from stream.slate import make_slate
from stream.supervise import supervise
from stream.timeline import Schedule, Window, program

__all__ = [
    "Command",
    "apply_command",
    "check_destination",
    "Destination",
    "EgressError",
    "LiveRoom",
    "LiveStatus",
    "PlaylistPolicy",
    "PreviewHub",
    "RoomConfig",
    "RoomFormat",
    "Schedule",
    "Segment",
    "Window",
    "decrypt_key",
    "destination_url",
    "encrypt_key",
    "reencrypt_key",
    "make_slate",
    "next_items",
    "program",
    "room_config",
    "render_metrics",
    "answer_viewer",
    "supervise",
]


def __getattr__(name: str):  # keep aiortc and prometheus_client off the import path until needed
    if name == "PreviewHub":
        from stream.preview import PreviewHub

        return PreviewHub
    if name == "answer_viewer":
        from stream.webrtc import answer_viewer

        return answer_viewer
    if name == "render_metrics":
        from stream.metrics import render_metrics

        return render_metrics
    raise AttributeError(name)
