"""WebRTC viewers of a room with aiortc: their tracks, fed by :class:`stream.preview.PreviewHub`, and the answer
to a viewer's offer. Imported with the first viewer, never on a room's start-up path."""

from __future__ import annotations

import asyncio
import time

import av
from aiortc import MediaStreamTrack, RTCConfiguration, RTCIceServer, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError

from core.settings import IceServer
from stream.preview import PreviewHub


class ViewerTrack(MediaStreamTrack):
    def __init__(self, hub: PreviewHub, kind: str) -> None:
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
