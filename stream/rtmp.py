"""A room's destination copy: play the room from the local relay and publish it to a platform, over RTMP.

Why not ``ffmpeg -c copy``: ffmpeg opens its output only once its input is probed, so every hand-over
paid a fresh TCP connect, RTMP handshake, ``connect`` and ``createStream`` to the platform inside the
gap (~140 ms on a quiet host, up to ~0.9 s on a saturated one). This copy dials the platform while the
standby pre-rolls and sends only ``publish`` when the first message arrives from the relay, then forwards
the relay's audio, video and metadata unchanged, timestamps included (what ``-copyts`` did).

It runs as its own process, ``python stream/rtmp.py ...``, on the standard library alone: it starts in
milliseconds, a platform's stall never touches the room's clock, and it dies with its room (the caller's
``die_with_parent``). Progress goes to stdout as ``key=value`` lines (``out_time_us``, ``total_size``),
the reason it stopped to stderr, and the exit status says which kind of end it was (:data:`ENDED`,
:data:`FAILED`, :data:`REJECTED`). rtmps verifies the platform's certificate for the URL's host name
while dialling the address the egress check resolved (no DNS lookup between the check and the dial).
"""

from __future__ import annotations

import argparse
import os
import socket
import ssl
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, TextIO
from urllib.parse import urlsplit

ENDED, FAILED, REJECTED = 0, 2, 3  # exit statuses: the relay ended the stream; network or protocol; refused key

SET_CHUNK_SIZE, ABORT, ACK, USER_CONTROL, WINDOW_ACK, PEER_BANDWIDTH = 1, 2, 3, 4, 5, 6
AUDIO, VIDEO, DATA, COMMAND = 8, 9, 18, 20
PING_REQUEST, PING_RESPONSE = 6, 7
OUT_CHUNK = 4096
TS_MASK = 0xFFFFFFFF
MAX_CHUNK_STREAMS = 16  # a server uses a handful; each may hold a message of up to 16 MiB while it arrives
MAX_AMF_DEPTH = 16
_CSID = {SET_CHUNK_SIZE: 2, ACK: 2, USER_CONTROL: 2, WINDOW_ACK: 2, COMMAND: 3, AUDIO: 4, DATA: 5, VIDEO: 6}


class Closed(ConnectionError):
    """The peer closed the connection."""


class Refused(ConnectionError):
    """The server answered ``connect`` or ``publish`` with an error, or closed the session at ``publish``."""


class Busy(ConnectionError):
    """The key is still published by someone else (the previous holder's copy has not gone yet)."""


# -- AMF0 ---------------------------------------------------------------------------------------------
def amf_encode(*values: Any) -> bytes:
    return b"".join(_amf_value(v) for v in values)


def _amf_value(v: Any) -> bytes:
    if v is None:
        return b"\x05"
    if isinstance(v, bool):
        return b"\x01" + bytes([v])
    if isinstance(v, int | float):
        return b"\x00" + struct.pack(">d", float(v))
    if isinstance(v, str):
        raw = v.encode()
        return (b"\x02" + struct.pack(">H", len(raw)) if len(raw) < 0x10000 else b"\x0c" + struct.pack(">I", len(raw))) + raw
    if isinstance(v, dict):
        body = b"".join(struct.pack(">H", len(k.encode())) + k.encode() + _amf_value(x) for k, x in v.items())
        return b"\x03" + body + b"\x00\x00\x09"
    raise TypeError(f"AMF0 cannot encode {type(v).__name__}")


def amf_decode(data: bytes) -> list[Any]:
    """Every AMF0 value in ``data`` (numbers, booleans, strings, objects, arrays, null); ValueError if malformed."""
    values, pos = [], 0
    while pos < len(data):
        value, pos = _amf_read(data, pos)
        values.append(value)
    return values


def _amf_read(data: bytes, pos: int, depth: int = 0) -> tuple[Any, int]:
    if depth > MAX_AMF_DEPTH:
        raise ValueError("AMF0 nested too deep")
    try:
        marker = data[pos]
        pos += 1
        if marker == 0:
            return struct.unpack_from(">d", data, pos)[0], pos + 8
        if marker == 1:
            return data[pos] != 0, pos + 1
        if marker in (2, 12):
            width = 2 if marker == 2 else 4
            size = int.from_bytes(data[pos:pos + width], "big")
            pos += width
            if pos + size > len(data):
                raise ValueError("AMF0 string past the end")
            return data[pos:pos + size].decode(errors="replace"), pos + size
        if marker in (3, 8):
            if marker == 8:
                pos += 4  # an ECMA array's count is advisory: its entries end like an object's
            obj: dict[str, Any] = {}
            while True:
                size = int.from_bytes(data[pos:pos + 2], "big")
                if size == 0 and data[pos + 2] == 9:
                    return obj, pos + 3
                key = data[pos + 2:pos + 2 + size].decode(errors="replace")
                obj[key], pos = _amf_read(data, pos + 2 + size, depth + 1)
        if marker in (5, 6):
            return None, pos
        if marker == 10:
            count = int.from_bytes(data[pos:pos + 4], "big")
            pos += 4
            items = []
            for _ in range(count):
                item, pos = _amf_read(data, pos, depth + 1)
                items.append(item)
            return items, pos
        if marker == 11:
            return struct.unpack_from(">d", data, pos)[0], pos + 10
    except (IndexError, struct.error) as exc:
        raise ValueError("truncated AMF0") from exc
    raise ValueError(f"AMF0 marker {marker} not supported")


# -- chunk stream -----------------------------------------------------------------------------------------
@dataclass
class Message:
    type: int
    timestamp: int
    stream_id: int
    payload: bytes


@dataclass
class _Incoming:
    """One chunk stream's header state, as the last chunk header on it left it."""

    timestamp: int = 0
    delta: int = 0
    length: int = 0
    type: int = 0
    stream_id: int = 0
    extended: bool = False
    buf: bytearray = field(default_factory=bytearray)
    reading: bool = False


@dataclass(frozen=True)
class Endpoint:
    """Where to dial and what to say there: ``app`` and ``name`` split as ffmpeg and OBS split a URL."""

    host: str  # what is dialled (an address, for a checked destination)
    port: int
    tls: bool
    app: str
    name: str  # the stream key or play path, with the URL's query
    tc_url: str
    server_name: str  # TLS: the certificate's name

    @classmethod
    def parse(cls, url: str, *, tc_url: str = "", server_name: str = "") -> "Endpoint":
        parts = urlsplit(url)
        if parts.scheme not in ("rtmp", "rtmps") or not parts.hostname:
            raise ValueError("an RTMP URL is rtmp://host[:port]/app/name")
        app, _, name = parts.path.lstrip("/").partition("/")
        if not app or not name:
            raise ValueError("an RTMP URL names an app and a stream: rtmp://host[:port]/app/name")
        if parts.query:
            name = f"{name}?{parts.query}"
        tls = parts.scheme == "rtmps"
        host = parts.hostname
        return cls(host=host, port=parts.port or (443 if tls else 1935), tls=tls, app=app, name=name,
                   tc_url=tc_url or f"{parts.scheme}://{parts.netloc}/{app}", server_name=server_name or host)


class Connection:
    """One RTMP client connection: handshake, chunked messages both ways, protocol control answered."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._rfile = sock.makefile("rb", buffering=65536)
        self._send_lock = threading.Lock()
        self._streams: dict[int, _Incoming] = {}
        self._in_chunk = 128
        self._window = 0
        self.received = 0
        self._acked = 0
        self.sent = 0
        self.stream_id = 0  # the stream ``createStream`` gave (open_session)

    @classmethod
    def dial(cls, endpoint: Endpoint, timeout_s: float, *, ca_file: str = "") -> "Connection":
        sock = socket.create_connection((endpoint.host, endpoint.port), timeout=timeout_s)
        # Nagle's algorithm against delayed ACKs stalls every request-response step ~40 ms on loopback
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            if endpoint.tls:
                context = ssl.create_default_context(cafile=ca_file or None)
                sock = context.wrap_socket(sock, server_hostname=endpoint.server_name)
            conn = cls(sock)
            conn._handshake()
        except BaseException:
            sock.close()
            raise
        return conn

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()

    def settimeout(self, seconds: float) -> None:
        self.sock.settimeout(seconds)

    def block_reads(self, send_timeout_s: float) -> None:
        """Reads wait as long as it takes (a reader thread: a timed-out buffered read would lose its place),
        while a send that stalls ``send_timeout_s`` still fails."""
        self.sock.settimeout(None)
        seconds = int(send_timeout_s)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO,
                             struct.pack("ll", seconds, int((send_timeout_s - seconds) * 1e6)))

    def _handshake(self) -> None:
        # the plain handshake (C1's version field zero): servers answer it without the digest scheme
        self.sock.sendall(b"\x03" + bytes(8) + os.urandom(1528))
        s0s1 = self._read(1 + 1536)
        if s0s1[0] != 3:
            raise ConnectionError(f"not an RTMP server (handshake version {s0s1[0]})")
        self.sock.sendall(s0s1[1:])  # C2 echoes S1
        self._read(1536)  # S2
        self.received = 0
        self.send(SET_CHUNK_SIZE, 0, 0, struct.pack(">I", OUT_CHUNK))

    # -- receiving ---------------------------------------------------------------------------------
    def _read(self, n: int) -> bytes:
        data = self._rfile.read(n)
        if data is None or len(data) < n:
            raise Closed("the server closed the connection")
        self.received += n
        if self._window and self.received - self._acked >= self._window:
            self._acked = self.received
            self.send(ACK, 0, 0, struct.pack(">I", self.received & TS_MASK))
        return data

    def read(self) -> Message:
        """The next audio, video, data or command message; protocol control is handled here."""
        while True:
            message = self._read_message()
            if not self._control(message):
                return message

    def _read_message(self) -> Message:
        while True:
            b0 = self._read(1)[0]
            fmt, csid = b0 >> 6, b0 & 0x3F
            if csid == 0:
                csid = 64 + self._read(1)[0]
            elif csid == 1:
                b = self._read(2)
                csid = 64 + b[0] + 256 * b[1]
            st = self._streams.get(csid)
            if st is None:
                if fmt != 0 or len(self._streams) >= MAX_CHUNK_STREAMS:
                    raise ConnectionError(f"chunk stream {csid}: a new stream without a full header, or too many")
                st = self._streams[csid] = _Incoming()
            if fmt < 3:
                head = self._read((11, 7, 3)[fmt])
                value = int.from_bytes(head[:3], "big")
                if fmt < 2:
                    st.length, st.type = int.from_bytes(head[3:6], "big"), head[6]
                if fmt == 0:
                    st.stream_id = int.from_bytes(head[7:11], "little")
                st.extended = value == 0xFFFFFF
                if st.extended:
                    value = int.from_bytes(self._read(4), "big")
                if fmt == 0:
                    st.timestamp, st.delta = value, 0
                else:
                    st.delta = value
                    st.timestamp = (st.timestamp + value) & TS_MASK
                st.buf, st.reading = bytearray(), True
            else:
                if st.extended:
                    self._read(4)
                if not st.reading:  # a new message with the previous header and delta
                    st.timestamp = (st.timestamp + st.delta) & TS_MASK
                    st.buf, st.reading = bytearray(), True
            if st.length:
                st.buf += self._read(min(self._in_chunk, st.length - len(st.buf)))
            if len(st.buf) >= st.length:
                st.reading = False
                return Message(st.type, st.timestamp, st.stream_id, bytes(st.buf))

    def _control(self, m: Message) -> bool:
        if m.type == SET_CHUNK_SIZE and len(m.payload) >= 4:
            self._in_chunk = max(1, int.from_bytes(m.payload[:4], "big") & 0x7FFFFFFF)
        elif m.type == ABORT and len(m.payload) >= 4:
            self._streams.pop(int.from_bytes(m.payload[:4], "big"), None)
        elif m.type == WINDOW_ACK and len(m.payload) >= 4:
            self._window = int.from_bytes(m.payload[:4], "big")
        elif m.type == USER_CONTROL and m.payload[:2] == PING_REQUEST.to_bytes(2, "big"):
            self.send(USER_CONTROL, 0, 0, PING_RESPONSE.to_bytes(2, "big") + m.payload[2:6])
        elif m.type not in (ACK, PEER_BANDWIDTH, USER_CONTROL):
            return False
        return True

    # -- sending ----------------------------------------------------------------------------------
    def send(self, type_: int, timestamp: int, stream_id: int, payload: bytes) -> None:
        """One message, split into chunks; every message starts with a full header (no deltas to get wrong)."""
        csid = _CSID.get(type_, 3)
        timestamp &= TS_MASK
        extended = timestamp >= 0xFFFFFF
        ext = timestamp.to_bytes(4, "big") if extended else b""
        head = (bytes([csid]) + (0xFFFFFF if extended else timestamp).to_bytes(3, "big")
                + len(payload).to_bytes(3, "big") + bytes([type_]) + stream_id.to_bytes(4, "little") + ext)
        cont = bytes([0xC0 | csid]) + ext
        parts = [head, payload[:OUT_CHUNK]]
        for start in range(OUT_CHUNK, len(payload), OUT_CHUNK):
            parts += [cont, payload[start:start + OUT_CHUNK]]
        data = b"".join(parts)
        with self._send_lock:
            self.sock.sendall(data)
            self.sent += len(data)

    def call(self, name: str, transaction: int, *args: Any, stream_id: int = 0) -> None:
        self.send(COMMAND, 0, stream_id, amf_encode(name, transaction, *args))

    def answer(self, transaction: int) -> list[Any]:
        """Read until the ``_result`` of ``transaction``; :class:`Refused` on its ``_error``."""
        while True:
            values = self._command()
            if len(values) >= 2 and values[1] == transaction and values[0] in ("_result", "_error"):
                if values[0] == "_error":
                    raise Refused(_status_text(_info(values)))
                return values

    def status(self) -> dict[str, Any]:
        """The next ``onStatus`` info object."""
        while True:
            values = self._command()
            if values and values[0] == "onStatus":
                return _info(values)

    def _command(self) -> list[Any]:
        while True:
            m = self.read()
            if m.type == COMMAND:
                try:
                    return amf_decode(m.payload)
                except ValueError as exc:
                    raise ConnectionError(f"malformed command from the server: {exc}") from None


def _info(values: list[Any]) -> dict[str, Any]:
    """A command's info object (``onStatus``, ``_error``): its first AMF object, or {}."""
    return next((v for v in values[1:] if isinstance(v, dict)), {})


def _status_text(info: dict[str, Any]) -> str:
    return f"{info.get('code', '')} {info.get('description', '')}".strip() or "error"


def open_session(endpoint: Endpoint, timeout_s: float, *, publish: bool, ca_file: str = "") -> Connection:
    """Dial, ``connect`` to the app and ``createStream``: a connection ready to play or publish on its stream."""
    conn = Connection.dial(endpoint, timeout_s, ca_file=ca_file)
    try:
        flash = "FMLE/3.0 (compatible; evercast)" if publish else "LNX 9,0,124,2"
        conn.call("connect", 1, {"app": endpoint.app, "type": "nonprivate", "flashVer": flash,
                                 "tcUrl": endpoint.tc_url, "fpad": False, "capabilities": 15.0,
                                 "audioCodecs": 3191.0, "videoCodecs": 252.0, "videoFunction": 1.0})
        conn.answer(1)
        conn.call("createStream", 2, None)
        result = conn.answer(2)
        conn.stream_id = int(result[3]) if len(result) > 3 and isinstance(result[3], float) else 1
    except BaseException:
        conn.close()
        raise
    return conn


# -- the copy -----------------------------------------------------------------------------------------------
@dataclass
class Copy:
    """Forward one room from ``source`` (the relay) to ``destination`` (a platform); see the module docstring."""

    source: Endpoint
    destination: Endpoint
    first_wait_s: float
    io_timeout_s: float
    ca_file: str = ""
    out: TextIO = sys.stdout

    def run(self) -> int:
        try:  # the platform first: its session is what the hand-over must not wait for
            platform: Connection | None = self._dial()
        except Refused as exc:
            return self._fail(REJECTED, f"{_where(self.destination)}: refused at connect: {exc}")
        except (OSError, ConnectionError) as exc:  # unreachable now; dialled again when the room goes on air
            self._say(f"{_where(self.destination)}: not dialled ahead: {exc}")
            platform = None
        try:
            relay = open_session(self.source, self.io_timeout_s, publish=False)
        except (OSError, ConnectionError) as exc:
            if platform is not None:
                platform.close()
            return self._fail(FAILED, f"{_where(self.source)}: cannot play from the relay: {exc}")
        try:
            return self._forward(relay, platform)
        finally:
            relay.close()

    def _forward(self, relay: Connection, platform: Connection | None) -> int:
        relay.call("play", 4, None, self.source.name, -2000.0, stream_id=relay.stream_id)
        relay.settimeout(self.first_wait_s or self.io_timeout_s)
        publisher: _Publisher | None = None
        held: list[tuple[int, int, bytes]] = []
        try:
            while True:
                try:
                    m = relay.read()
                except (TimeoutError, socket.timeout):
                    return self._fail(FAILED, f"{_where(self.source)}: nothing from the relay for a while")
                except Closed:
                    return self._fail(ENDED, f"{_where(self.source)}: the relay ended the stream")
                if m.type == COMMAND:
                    code = _play_status(m.payload)
                    if code == "NetStream.Play.UnpublishNotify" and publisher is None:
                        held = []  # a pre-opened session opened afresh: wait on for its successor's headers
                    elif code in _ENDS:
                        return self._fail(ENDED, f"{_where(self.source)}: the relay ended the stream ({code})")
                    continue
                payload = _published(m)
                if payload is None:
                    continue
                if publisher is None:
                    held = [*held[-15:], (m.type, m.timestamp, payload)]
                    if not _is_frame(m):  # metadata and codec headers come ahead of the first frame
                        continue
                    relay.settimeout(self.io_timeout_s)
                    publisher = self._publish(platform)
                    platform = None
                    for type_, timestamp, data in held:
                        publisher.send(type_, timestamp, data)
                else:
                    publisher.send(m.type, m.timestamp, payload)
                self._progress(publisher, m.timestamp)
        except Refused as exc:
            return self._fail(REJECTED, f"{_where(self.destination)}: publish refused: {exc}")
        except (OSError, ConnectionError) as exc:
            return self._fail(FAILED, f"{_where(self.destination)}: {exc}")
        finally:
            for conn in (platform, publisher.conn if publisher else None):
                if conn is not None:
                    conn.close()

    def _dial(self) -> Connection:
        return open_session(self.destination, self.io_timeout_s, publish=True, ca_file=self.ca_file)

    def _publish(self, ahead: Connection | None) -> "_Publisher":
        """``publish`` on the connection dialled ahead; a dropped or still-taken one is dialled afresh (the
        previous holder's copy may take a moment to leave), until ``io_timeout_s``."""
        deadline = time.monotonic() + self.io_timeout_s
        conn, fresh = ahead, ahead is None
        while True:
            try:
                if conn is None:
                    conn, fresh = self._dial(), True
                conn.call("publish", 5, None, self.destination.name, "live", stream_id=conn.stream_id)
                info = conn.status()
                code = str(info.get("code", ""))
                if code == "NetStream.Publish.Start":
                    publisher = _Publisher(conn)
                    publisher.start_watch(self.io_timeout_s)
                    return publisher
                if "already" not in str(info.get("description", "")).lower():
                    raise Refused(_status_text(info))
                raise Busy(code)
            except Closed:
                conn.close()
                if fresh:  # a fresh session closed at publish: the platform's way to refuse a key
                    raise Refused("the destination closed the session at publish") from None
            except Busy:
                conn.close()
                time.sleep(0.05)
            except Refused:
                conn.close()
                raise
            conn = None
            if time.monotonic() > deadline:
                raise ConnectionError("the key stayed taken by another publisher")

    def _progress(self, publisher: "_Publisher", timestamp: int) -> None:
        now = time.monotonic()
        if publisher.first_ts is None:
            publisher.first_ts = timestamp
        elif now - publisher.reported < 0.5:
            return
        publisher.reported = now
        out_us = max(1, ((timestamp - publisher.first_ts) & TS_MASK) * 1000)
        self.out.write(f"total_size={publisher.conn.sent}\nout_time_us={out_us}\nprogress=continue\n")
        self.out.flush()

    def _fail(self, status: int, reason: str) -> int:
        self._say(reason)
        return status

    @staticmethod
    def _say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)


class _Publisher:
    """The platform leg once publishing: media goes out; a thread reads what the platform says (pings are
    answered, an error status or a close ends the copy at its next send)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.first_ts: int | None = None
        self.reported = 0.0
        self.error = ""

    def start_watch(self, send_timeout_s: float) -> None:
        self.conn.block_reads(send_timeout_s)
        threading.Thread(target=self._watch, daemon=True).start()

    def _watch(self) -> None:
        try:
            while True:
                m = self.conn.read()
                if m.type == COMMAND:
                    values = amf_decode(m.payload)
                    if values and values[0] == "onStatus" and "error" in (text := _status_text(_info(values))).lower():
                        self.error = text
        except (OSError, ConnectionError, ValueError) as exc:
            self.error = self.error or f"the destination dropped the session ({exc})"

    def send(self, type_: int, timestamp: int, payload: bytes) -> None:
        if self.error:
            raise ConnectionError(self.error)
        self.conn.send(type_, timestamp, self.conn.stream_id, payload)


def _published(m: Message) -> bytes | None:
    """What of a relay message goes to the platform: audio and video as they are, the stream's metadata as a
    publisher sets it (``@setDataFrame``); the relay's own notices (``|RtmpSampleAccess``) stay behind."""
    if m.type in (AUDIO, VIDEO):
        return m.payload
    if m.type == DATA and m.payload.startswith(amf_encode("onMetaData")):
        return amf_encode("@setDataFrame") + m.payload
    return None


def _is_frame(m: Message) -> bool:
    """An audio or video frame, not a codec header (AVC/HEVC sequence header, AAC AudioSpecificConfig): the
    relay may send headers and metadata to a player before any frame, and nothing is published for those."""
    if m.type == VIDEO:
        return len(m.payload) > 1 and not (m.payload[0] & 0x0F in (7, 12) and m.payload[1] == 0)
    if m.type == AUDIO:
        return len(m.payload) > 1 and not (m.payload[0] >> 4 == 10 and m.payload[1] == 0)
    return False


# After it, a copy that has published ends (the platform gets a fresh session and the new timestamps); one
# still waiting for its first frame plays on, as the relay keeps a player across a change of publisher.
_ENDS = frozenset({"NetStream.Play.UnpublishNotify", "NetStream.Play.Stop", "NetStream.Play.StreamNotFound",
                   "NetStream.Play.Failed"})


def _play_status(payload: bytes) -> str:
    """The code of an ``onStatus`` command ('' for any other command or a malformed one)."""
    try:
        values = amf_decode(payload)
    except ValueError:
        return ""
    return str(_info(values).get("code", "")) if values and values[0] == "onStatus" else ""


def _where(endpoint: Endpoint) -> str:
    """A URL for the operator's log, its stream key left out."""
    scheme = "rtmps" if endpoint.tls else "rtmp"
    return f"{scheme}://{endpoint.server_name}:{endpoint.port}/{endpoint.app}/***"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", help="rtmp:// URL to play (the room on its local relay)")
    parser.add_argument("destination", help="rtmp(s):// URL to publish to, its host the address to dial")
    parser.add_argument("--tc-url", default="", help="the destination's tcUrl (with its host name)")
    parser.add_argument("--server-name", default="", help="rtmps: the name the certificate must carry")
    parser.add_argument("--ca-file", default="", help="rtmps: CA certificates to trust beyond the system's")
    parser.add_argument("--first-wait", type=float, default=0.0, help="seconds to wait for the first message")
    parser.add_argument("--io-timeout", type=float, default=5.0, help="seconds any read or write may stall")
    args = parser.parse_args(argv)
    try:
        source = Endpoint.parse(args.source)
        destination = Endpoint.parse(args.destination, tc_url=args.tc_url, server_name=args.server_name)
    except ValueError as exc:
        parser.error(str(exc))
    return Copy(source, destination, args.first_wait, args.io_timeout, args.ca_file).run()


if __name__ == "__main__":
    sys.exit(main())
