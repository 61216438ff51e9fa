"""The destination copy's RTMP client (stream/rtmp.py): its wire format read and written byte by byte, and
a key still held by another publisher taken over without counting as a refused key."""

from __future__ import annotations

import socket
import struct
import subprocess
import threading

import pytest
from evercast_testkit import LOOPBACK_EGRESS

from stream import rtmp
from stream.live import LiveRoom, RoomConfig
from stream.monitor import watch
from stream.push import Destination
from stream.room import wait_for


def test_amf0_round_trips_what_rtmp_commands_carry_and_refuses_truncation():
    values = ["connect", 1.0, {"app": "live", "tcUrl": "rtmp://h/live", "fpad": False, "nested": {"n": 2.5}}, None,
              "长" * 30000]
    assert rtmp.amf_decode(rtmp.amf_encode(*values)) == values
    ecma = b"\x08" + struct.pack(">I", 1) + b"\x00\x01k" + rtmp.amf_encode(3) + b"\x00\x00\x09"
    assert rtmp.amf_decode(rtmp.amf_encode("onMetaData") + ecma) == ["onMetaData", {"k": 3.0}]
    with pytest.raises(ValueError):
        rtmp.amf_decode(rtmp.amf_encode("onStatus")[:-2])
    with pytest.raises(ValueError):
        rtmp.amf_decode(b"\x11")
    with pytest.raises(ValueError, match="deep"):  # a hostile server's nesting is refused, not a RecursionError
        rtmp.amf_decode(b"\x0a\x00\x00\x00\x01" * 5000)


def test_a_hostile_server_cannot_open_chunk_streams_without_bound():
    ours, theirs = socket.socketpair()
    conn = rtmp.Connection(ours)
    theirs.sendall(b"".join(_chunk(0, csid, bytes(3) + (1000).to_bytes(3, "big") + b"\x09" + bytes(4), b"x" * 128)
                            for csid in range(3, 4 + rtmp.MAX_CHUNK_STREAMS)))  # each message left unfinished
    with pytest.raises(ConnectionError, match="too many"):
        conn.read()
    conn.close()
    theirs.close()


def _chunk(fmt: int, csid: int, header: bytes, body: bytes) -> bytes:
    return bytes([fmt << 6 | csid]) + header + body


def test_the_reader_follows_delta_headers_extended_timestamps_and_interleaved_chunk_streams():
    """A server's chunking as the spec allows it: full, delta and header-less chunks, a timestamp past 24 bits
    carried in every chunk of its message, two chunk streams interleaved, and a chunk size changed mid-stream."""
    ours, theirs = socket.socketpair()
    conn = rtmp.Connection(ours)
    video1 = bytes(range(200))  # 2 chunks at 128
    wire = b"".join([
        # video at t=1000 on csid 6, split in two chunks, an audio message on csid 4 between the chunks
        _chunk(0, 6, (1000).to_bytes(3, "big") + (200).to_bytes(3, "big") + b"\x09" + (1).to_bytes(4, "little"),
               video1[:128]),
        _chunk(0, 4, (1010).to_bytes(3, "big") + (3).to_bytes(3, "big") + b"\x08" + (1).to_bytes(4, "little"), b"abc"),
        _chunk(3, 6, b"", video1[128:]),
        _chunk(2, 4, (20).to_bytes(3, "big"), b"def"),  # fmt 2: same length and type, delta 20 -> 1030
        _chunk(3, 4, b"", b"ghi"),  # fmt 3 starting a message: the same delta again -> 1050
        # set chunk size 4096, then a video message whose timestamp needs the extended field
        _chunk(0, 2, (0).to_bytes(3, "big") + (4).to_bytes(3, "big") + b"\x01" + bytes(4), struct.pack(">I", 4096)),
        _chunk(0, 6, b"\xff\xff\xff" + (300).to_bytes(3, "big") + b"\x09" + (1).to_bytes(4, "little"),
               (2**24 + 5).to_bytes(4, "big") + bytes(300)),
        _chunk(1, 6, (40).to_bytes(3, "big") + (2).to_bytes(3, "big") + b"\x09", b"zz"),  # fmt 1: delta, new length
    ])
    theirs.sendall(wire)
    got = [conn.read() for _ in range(6)]
    assert [(m.type, m.timestamp, m.stream_id, len(m.payload)) for m in got] == [
        (8, 1010, 1, 3), (9, 1000, 1, 200), (8, 1030, 1, 3), (8, 1050, 1, 3), (9, 2**24 + 5, 1, 300),
        (9, 2**24 + 45, 1, 2)]
    assert got[1].payload == video1 and got[3].payload == b"ghi"
    conn.close()
    theirs.close()


def test_messages_written_read_back_the_same_across_chunks_and_the_24_bit_wrap_and_pings_are_answered():
    a, b = socket.socketpair()
    writer, reader = rtmp.Connection(a), rtmp.Connection(b)
    big = bytes(range(256)) * 40  # 10240 bytes: three chunks at 4096
    writer.send(rtmp.SET_CHUNK_SIZE, 0, 0, struct.pack(">I", rtmp.OUT_CHUNK))  # as after the handshake
    threading.Thread(target=lambda: [writer.send(9, ts, 1, big) for ts in (5, 2**24 + 7, 2**32 + 9)]).start()
    got = [reader.read() for _ in range(3)]
    assert [(m.type, m.timestamp, m.payload == big) for m in got] == [(9, 5, True), (9, 2**24 + 7, True), (9, 9, True)]
    # a ping request is answered with its own timestamp, and nothing reaches the caller
    reader.send(rtmp.USER_CONTROL, 0, 0, struct.pack(">HI", rtmp.PING_REQUEST, 4242))
    reader.send(rtmp.COMMAND, 0, 0, rtmp.amf_encode("onStatus", 0, None, {"code": "x"}))
    m = writer.read()
    assert m.type == rtmp.COMMAND and rtmp.amf_decode(m.payload)[0] == "onStatus"
    pong = reader._read_message()
    assert (pong.type, pong.payload) == (rtmp.USER_CONTROL, struct.pack(">HI", rtmp.PING_RESPONSE, 4242))
    writer.close()
    reader.close()


def test_a_key_still_held_by_another_publisher_is_taken_when_it_leaves_and_is_not_a_refused_key(nginx, slates, fmt):
    relay, platform = nginx("relay"), nginx("platform")
    holder = subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i",
                               "testsrc2=size=160x90:rate=25", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast",
                               "-g", "25", "-f", "flv", platform.url("k")])
    try:
        assert wait_for(lambda: "k" in platform.publishing(), 15), "the other publisher holds the key"
        config = RoomConfig(room_id="r1", width=fmt.width, height=fmt.height, idle_path=slates["idle"],
                            relay_url=relay.url("r1"), destinations=[Destination(id="p", url=platform.url("k"))],
                            relay_backoff_initial_s=0.2, relay_backoff_max_s=2.0,
                            egress=LOOPBACK_EGRESS)
        room = LiveRoom(config, start_grace_s=3.0).start()
        try:
            holder.wait(20)
            copy = room.fanout.relays["p"]
            assert wait_for(lambda: copy.stats.state == "up", 15), "the copy takes the key once it is free"
            report = watch(platform.url("k"), 2.0)
            assert report.width == fmt.width and report.video_packets > 25, "the room, not the other publisher"
            assert copy.stats.auth_failures == 0, "a key in use is not a refused key"
        finally:
            room.stop()
    finally:
        holder.kill()
        holder.wait()
