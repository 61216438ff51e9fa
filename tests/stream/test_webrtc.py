"""An aiortc client watches a room over loopback; its audio and video agree on one clock."""

from __future__ import annotations

import asyncio
import time

import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection

from stream.monitor import _detect, _Onsets
from stream.room import RoomRunner
from stream.preview import PreviewHub
from stream.webrtc import answer_viewer


class SenderReports:
    """Record each track's RTCP sender reports (NTP wall time <-> RTP timestamp), as a browser uses them."""

    def __init__(self, receiver) -> None:
        self.pairs: list[tuple[float, int]] = []
        # aiortc hands out frame.pts relative to the first RTP timestamp it saw; keep that origin.
        self._mapper = receiver._RTCRtpReceiver__timestamp_mapper
        original = receiver._handle_rtcp_packet

        async def capture(packet):
            info = getattr(packet, "sender_info", None)
            if info is not None and info.ntp_timestamp:  # reports sent before any media carry 0
                self.pairs.append((info.ntp_timestamp / 2**32, info.rtp_timestamp))
            await original(packet)

        receiver._handle_rtcp_packet = capture

    def wall(self, rtp: int, rate: int) -> float:
        """Sender wall time of an RTP timestamp. Each report pairs a packet's send time with its
        timestamp; sending can only be late, never early, so the earliest mapping is the truest."""
        rtp = (rtp + self._mapper._origin) % 2**32
        return min(ntp + ((rtp - ref + 2**31) % 2**32 - 2**31) / rate for ntp, ref in self.pairs)


async def _watch(fmt, idle, seconds: float):
    hub = PreviewHub(fmt)
    runner = RoomRunner("r", fmt, idle, sinks=[hub])
    runner.start()
    client = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    client.addTransceiver("audio", direction="recvonly")
    client.addTransceiver("video", direction="recvonly")
    tracks = {}
    client.on("track", lambda track: tracks.setdefault(track.kind, track))
    await client.setLocalDescription(await client.createOffer())
    pc = await answer_viewer(hub, client.localDescription)
    await client.setRemoteDescription(pc.localDescription)
    reports = {r.track.kind: SenderReports(r) for r in client.getReceivers()}
    while len(tracks) < 2:
        await asyncio.sleep(0.02)
    got = {"audio": [], "video": []}  # (arrival s, rtp pts, is marker onset)

    async def pull(kind: str) -> None:
        onsets = _Onsets()
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            frame = await tracks[kind].recv()
            before = len(onsets.times)
            _detect(frame, onsets, onsets)
            if len(onsets.times) > before:
                got[kind].append((time.monotonic(), frame.pts))

    try:
        await asyncio.gather(pull("audio"), pull("video"))
    finally:
        await client.close()
        await pc.close()
        runner.stop()
    return got, reports, hub


def test_webrtc_preview_audio_and_video_agree(fmt, seg):
    got, reports, hub = asyncio.run(_watch(fmt, seg("idle"), 6.0))
    flashes, beeps = got["video"], got["audio"]
    assert len(flashes) >= 4 and len(beeps) >= 4, got
    # Sender-side timestamps, mapped through RTCP SR as a browser's lip-sync does.
    v_wall = [reports["video"].wall(pts, 90000) for _, pts in flashes]
    a_wall = np.array([reports["audio"].wall(pts, 48000) for _, pts in beeps])
    offsets = [float(a_wall[np.argmin(np.abs(a_wall - v))] - v) * 1000 for v in v_wall]
    print(f"webrtc sender-clock A/V offsets ms: {np.round(offsets, 1).tolist()}")
    assert max(abs(o) for o in offsets) <= 40, offsets  # one frame; measured -0.6 to -2.1 ms
    # Arrival on loopback: the receiver's jitter buffers differ by kind, so a looser bound.
    arrivals_a = np.array([t for t, _ in beeps])
    arrival = [float(arrivals_a[np.argmin(np.abs(arrivals_a - t))] - t) * 1000 for t, _ in flashes]
    assert max(abs(o) for o in arrival) <= 100, arrival
    # Markers come once a second of room time, in both tracks' own timestamps.
    assert np.allclose(np.diff([pts for _, pts in flashes]) / 90000, 1.0, atol=0.041)
    assert np.allclose(np.diff([pts for _, pts in beeps]) / 48000, 1.0, atol=0.021)
    assert hub.viewers == 0, "closed viewers leave the hub"


def test_the_preview_offers_a_relayed_candidate_through_the_configured_turn_server(fmt, seg, tmp_path):
    """Debian's coturn on loopback: with ``ice_servers`` the room allocates a relay with the configured
    credentials and offers it, and a viewer configured alike watches; wrong credentials get no relay."""
    from aiortc import RTCIceServer
    from evercast_testkit import TurnServer

    from core.settings import IceServer

    turn = TurnServer(tmp_path / "turn")
    url = turn.url

    async def watch(credential: str) -> tuple[str, int]:
        hub = PreviewHub(fmt)
        runner = RoomRunner("r", fmt, seg("idle"), sinks=[hub])
        runner.start()
        client = RTCPeerConnection(RTCConfiguration(iceServers=[RTCIceServer(urls=url, username="viewer",
                                                                             credential=credential)]))
        client.addTransceiver("audio", direction="recvonly")
        client.addTransceiver("video", direction="recvonly")
        tracks = {}
        client.on("track", lambda track: tracks.setdefault(track.kind, track))
        await client.setLocalDescription(await client.createOffer())
        pc = await answer_viewer(hub, client.localDescription,
                                 ice_servers=[IceServer(urls=url, username="viewer", credential=credential)])
        await client.setRemoteDescription(pc.localDescription)
        frames = 0
        try:
            while len(tracks) < 2:
                await asyncio.sleep(0.02)
            for _ in range(25):
                await asyncio.wait_for(tracks["video"].recv(), 10)
                frames += 1
        finally:
            await client.close()
            await pc.close()
            runner.stop()
        return pc.localDescription.sdp, frames

    try:
        answer, frames = asyncio.run(watch("s3cret"))
        assert "typ relay" in answer and "raddr" in answer, answer
        assert frames == 25
        refused, _ = asyncio.run(watch("wrong"))
        assert "typ relay" not in refused
    finally:
        turn.stop()
    assert "user viewer credentials are incorrect" in turn.log.read_text()  # the server checked what we configured
