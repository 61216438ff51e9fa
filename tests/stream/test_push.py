"""A room pushed to real nginx-rtmp servers on loopback, read back like a player would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from evercast_testkit import LOOPBACK_EGRESS, REPO

from stream.backoff import Backoff
from stream.live import LiveRoom, RoomConfig
from stream.monitor import watch
from stream.push import FAILURES, Destination, redact
from stream.room import wait_for

RTMP_WRAP_S = 2**24 / 1000  # 24-bit chunk timestamp: 4 h 39 min 37 s


@pytest.fixture
def live(slates, fmt):
    rooms: list[LiveRoom] = []

    def start(relay_url: str, destinations: list[Destination], **kw) -> LiveRoom:
        on_alert = kw.pop("on_alert", None)
        kw.setdefault("egress", LOOPBACK_EGRESS)
        config = RoomConfig(room_id="r1", width=fmt.width, height=fmt.height, idle_path=slates["idle"],
                            relay_url=relay_url, destinations=destinations, relay_backoff_initial_s=0.2,
                            relay_backoff_max_s=2.0, **kw)
        room = LiveRoom(config, on_alert=on_alert, start_grace_s=3.0).start()
        rooms.append(room)
        return room

    yield start
    for room in rooms:
        room.stop()


def test_content_switches_keep_one_session_continuous_and_in_sync(nginx, live, seg, marks):
    relay, platform = nginx("relay"), nginx("platform")
    room = live(relay.url("r1"), [Destination(id="p", url=platform.url("key1"))])
    assert wait_for(lambda: "key1" in platform.publishing(), 15)
    assert wait_for(lambda: room.runner.machine.state == "live", 5)
    relay_up_before = relay.publishing()["r1"]
    room.runner.enqueue(*(seg(n, f"{n}{i}") for i in range(2) for n in ("a", "d", "b")))
    report = watch(platform.url("key1"), 9.0, markers=True)

    assert (report.video_codec, report.audio_codec) == ("h264", "aac")
    assert (report.width, report.height) == (320, 180)
    assert report.backwards == 0
    assert report.max_gap_ms <= 100, report
    assert report.max_keyframe_interval_s <= 2.0 + 1e-6
    offsets = report.av_offsets_ms()
    assert len(offsets) >= 6, report
    assert max(abs(o) for o in offsets) <= 40, offsets
    status = room.status()
    assert status.transitions >= 6 and status.state == "live"
    assert room.publisher.stats.sessions == 1, "content switches never republish"
    assert relay.publishing()["r1"] >= relay_up_before + 8, "the relay saw one long publish"
    assert status.dark_s == 0 and status.dropped_frames == 0


def test_killed_platform_comes_back_and_other_destinations_never_notice(nginx, live):
    relay, flaky, steady = nginx("relay"), nginx("flaky"), nginx("steady")
    room = live(relay.url("r1"), [Destination(id="flaky", url=flaky.url("k")),
                                  Destination(id="steady", url=steady.url("k"))])
    assert wait_for(lambda: "k" in flaky.publishing() and "k" in steady.publishing(), 15)
    frames_before = room.runner.counters.frames
    flaky.kill()
    assert wait_for(lambda: room.fanout.relays["flaky"].stats.restarts >= 1, 10)
    assert wait_for(lambda: room.runner.machine.state == "degraded", 5)
    flaky.start()
    assert wait_for(lambda: "k" in flaky.publishing(), 10), "push resumes after the server restarts"
    assert wait_for(lambda: room.runner.machine.state == "live", 10)
    after = watch(flaky.url("k"), 3.0)
    assert after.video_packets > 25 and after.audio_packets > 50 and after.max_gap_ms <= 100
    steady_relay = room.fanout.relays["steady"]
    assert steady_relay.stats.restarts == 0 and steady_relay.stats.state == "up"
    assert room.publisher.stats.sessions == 1 and room.runner.counters.frames > frames_before + 50


def test_relay_restart_reconnects_the_output_without_stopping_the_clock(nginx, live):
    relay, platform = nginx("relay"), nginx("platform")
    room = live(relay.url("r1"), [Destination(id="p", url=platform.url("k"))])
    assert wait_for(lambda: "k" in platform.publishing(), 15)
    t0, frames0 = time.monotonic(), room.runner.counters.frames
    relay.kill()
    assert wait_for(lambda: not room.publisher.stats.connected, 5)
    relay.start()
    assert wait_for(lambda: room.publisher.stats.sessions == 2, 10)
    assert wait_for(lambda: "k" in platform.publishing(), 15)
    report = watch(platform.url("k"), 3.0)
    assert report.video_packets > 25 and report.max_gap_ms <= 100
    elapsed = time.monotonic() - t0
    assert room.runner.alive and room.runner.counters.frames - frames0 >= 0.9 * elapsed * 25, "the clock never stopped"
    assert room.status().dark_s > 0, "frames while the relay was down are counted dark"


def test_a_planned_restart_reconnects_at_once_whatever_the_back_off(nginx, live):
    """restart() kills the copy and then wakes its thread: the wake must not be lost while the attempt ends,
    or the reconnect waits a whole back-off step (here 21-30 s)."""
    relay, platform = nginx("relay"), nginx("platform")
    room = live(relay.url("r1"), [Destination(id="p", url=platform.url("k"))])
    copy = room.fanout.relays["p"]
    copy.backoff = Backoff(initial_s=30.0, max_s=30.0)
    assert wait_for(lambda: "k" in platform.publishing() and copy.stats.state == "up", 15)
    for n in (1, 2, 3):
        asked = time.monotonic()
        copy.restart()
        assert wait_for(lambda asked=asked: (copy.stats.up_since or 0) > asked, 10), \
            f"restart {n} waited out the back-off ({copy.stats.state})"
        assert copy.stats.restarts == n
    assert wait_for(lambda: "k" in platform.publishing(), 5)


def test_rejected_key_alerts_once_instead_of_hammering_then_a_new_key_recovers(nginx, live):
    relay, platform = nginx("relay"), nginx("platform", allowed_keys=("good-key",))
    alerts = []
    room = live(relay.url("r1"), [Destination(id="p", url=platform.url("stale-key"))], auth_fail_limit=3,
                on_alert=lambda dest, msg: alerts.append((dest, msg)))
    relay_p = room.fanout.relays["p"]
    assert wait_for(lambda: relay_p.stats.state == "auth_failed", 20)
    attempts = relay_p.stats.restarts
    assert len(alerts) == 1 and alerts[0][0] == "p" and "stale-key" not in alerts[0][1]
    assert not wait_for(lambda: relay_p.stats.restarts > attempts, 1.5), "no retries after the alert"
    relay_p.replace_url(platform.url("good-key"))
    assert wait_for(lambda: "good-key" in platform.publishing(), 15)
    assert wait_for(lambda: relay_p.stats.state == "up", 5)


def test_timestamps_cross_the_rtmp_24_bit_wrap(nginx, live, fmt):
    relay, platform = nginx("relay"), nginx("platform")
    offset = int((RTMP_WRAP_S - 4.0) * fmt.fps)
    live(relay.url("r1"), [Destination(id="p", url=platform.url("k"))], start_offset_frames=offset)
    assert wait_for(lambda: "k" in platform.publishing(), 15)
    report = watch(platform.url("k"), 7.0)
    assert report.first_ts_s < RTMP_WRAP_S < report.last_ts_s, report
    assert report.backwards == 0 and report.max_gap_ms <= 100


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def test_a_destination_copy_dies_with_its_room_process(nginx):
    """A room process killed outright (SIGKILL, OOM) takes its destination copies with it: an orphaned copy
    would go on holding the platform's key, and the platform refuses the next holder's copy meanwhile."""
    relay, platform = nginx("relay"), nginx("platform")
    room = (f"import time\nfrom evercast_testkit import LOOPBACK_EGRESS\nfrom stream.push import Destination, DestinationRelay\n"
            f"r = DestinationRelay(Destination(id='p', url='{platform.url('key1')}'), '{relay.url('r1')}', "
            f"egress=LOOPBACK_EGRESS)\nr.wait_for_source(60)\nr.start()\n"
            f"while r.pid is None: time.sleep(0.02)\nprint(r.pid, flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", room], stdout=subprocess.PIPE, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests")])})
    try:
        copy = int(proc.stdout.readline())
        assert _running(copy) and b"rtmp.py" in Path(f"/proc/{copy}/cmdline").read_bytes()
        assert relay.players("r1") == 1 or wait_for(lambda: relay.players("r1") == 1, 10)
    finally:
        proc.kill()
        proc.wait()
    assert wait_for(lambda: not _running(copy), 5), "the copy outlived its room process"
    assert wait_for(lambda: relay.players("r1") == 0, 5)


def test_redaction_keeps_the_stream_key_out_of_logs():
    url = "rtmp://live.example.com/app/SECRET"
    assert "SECRET" not in redact(url) and redact(url).startswith("rtmp://live.example.com/app/")


def test_backoff_doubles_to_a_cap_with_jitter():
    import random

    b = Backoff(initial_s=0.5, max_s=4.0, jitter=0.25, rng=random.Random(1))
    delays = [b.next_delay() for _ in range(8)]
    caps = [0.5, 1, 2, 4, 4, 4, 4, 4]
    assert all(0.75 * c <= d <= c for d, c in zip(delays, caps))
    assert len({round(d, 6) for d in delays[3:]}) > 1, "jitter spreads retries"
    b.reset()
    assert b.next_delay() <= 0.5


def test_planned_reconnect_restarts_timestamps_near_zero_and_relays_follow(nginx, live, fmt):
    relay, platform = nginx("relay"), nginx("platform")
    offset = 3 * 3600 * fmt.fps  # pretend the room has been up for 3 hours
    room = live(relay.url("r1"), [Destination(id="p", url=platform.url("k"))], start_offset_frames=offset)
    assert wait_for(lambda: "k" in platform.publishing(), 15)
    before = watch(platform.url("k"), 1.0)
    assert before.first_ts_s > 3 * 3600
    room.planned_reconnect()
    assert wait_for(lambda: room.publisher.stats.sessions == 2, 5)
    assert wait_for(lambda: room.fanout.relays["p"].stats.restarts >= 1, 5), "relays follow the new session"
    assert wait_for(lambda: "k" in platform.publishing(), 15)
    after = watch(platform.url("k"), 2.0)
    assert after.first_ts_s < 60 and after.backwards == 0 and after.max_gap_ms <= 100


def test_supervisor_rebuilds_a_crashed_room_and_the_push_resumes(nginx, slates, fmt):
    import threading

    from stream.supervise import supervise

    relay, platform = nginx("relay"), nginx("platform")
    config = RoomConfig(room_id="r1", width=fmt.width, height=fmt.height, idle_path=slates["idle"],
                        relay_url=relay.url("r1"), destinations=[Destination(id="p", url=platform.url("k"))],
                        relay_backoff_initial_s=0.2, relay_backoff_max_s=2.0, egress=LOOPBACK_EGRESS)
    built: list[LiveRoom] = []

    class Faulty:  # the first room's output path breaks after 2 s (a bug, a codec error ...)
        def offer(self, tick):
            if tick.n == 50:
                raise RuntimeError("boom")

    def make_room() -> LiveRoom:
        built.append(LiveRoom(config, sinks=[Faulty()] if not built else []))
        return built[-1]

    events: list[str] = []
    cancel = threading.Event()
    thread = threading.Thread(target=supervise, args=(make_room, cancel),
                              kwargs={"backoff": Backoff(0.2, 1.0), "on_event": lambda k, d: events.append(k)})
    thread.start()
    try:
        assert wait_for(lambda: len(built) == 2, 15), events
        assert built[0].runner.error.startswith("RuntimeError")
        assert wait_for(lambda: "k" in platform.publishing() and built[1].runner.machine.state == "live", 15)
        report = watch(platform.url("k"), 2.0)
        assert report.video_packets > 25
    finally:
        cancel.set()
        thread.join(15)
    assert events[:3] == ["room_started", "room_crashed", "room_started"]
    assert all(room.runner.machine.state == "stopped" for room in built)


def _prerolled(relay, platform, slates, fmt) -> LiveRoom:
    """A standby's room: its destination copy waiting on the relay, its publisher's session opened."""
    config = RoomConfig(room_id="r1", width=fmt.width, height=fmt.height, idle_path=slates["idle"],
                        relay_url=relay.url("r1"), destinations=[Destination(id="p", url=platform.url("k"))],
                        relay_backoff_initial_s=0.2, relay_backoff_max_s=2.0, egress=LOOPBACK_EGRESS)
    room = LiveRoom(config, start_grace_s=3.0)
    room.start_relays(wait_for_source_s=60)
    assert wait_for(lambda: relay.players("r1") == 1, 15), "the copy waits on the relay"
    return room


def test_a_pre_opened_session_reaches_no_platform_until_the_clock_runs(nginx, slates, fmt):
    """A standby opens its relay session in pre-roll (Publisher.open): the relay has the publisher and its
    copy plays it, and the copy's session with the platform is open too, yet nobody publishes there (no frame,
    so nothing to carry) until the clock runs; then that one session and that one copy take the room there."""
    relay, platform = nginx("relay"), nginx("platform")
    accepted = platform.accepted()  # its own start-up probe
    room = _prerolled(relay, platform, slates, fmt)
    try:
        assert room.open_output()
        assert wait_for(lambda: "r1" in relay.publishing(), 5), "the session is open on the relay"
        time.sleep(4)
        copy = room.fanout.relays["p"]
        assert platform.publishing() == {} and copy.stats.state == "starting" and copy.stats.restarts == 0
        assert platform.accepted() == accepted + 1, "the copy's platform session is dialled ahead, to publish at once"
        room.start()
        assert wait_for(lambda: "k" in platform.publishing(), 10), "the first frame reaches the platform"
        report = watch(platform.url("k"), 2.0)
        assert (report.video_codec, report.audio_codec, report.width) == ("h264", "aac", 320), report
        assert report.video_packets > 25 and report.backwards == 0, report
        assert room.publisher.stats.sessions == 1 and copy.stats.restarts == 0, "nothing reconnected"
    finally:
        room.stop()
    assert wait_for(lambda: relay.publishing() == {}, 5), "the session is closed with the room"


def test_a_pre_opened_session_that_waited_too_long_is_opened_afresh_and_the_copy_follows(nginx, slates, fmt):
    """The relay drops a publisher that sends nothing for a while, so a session pre-opened long ago is
    replaced when the clock starts; the copy, which has published nothing yet, plays on to the new one
    without a restart (no fresh dial to the platform in the hand-over)."""
    relay, platform = nginx("relay"), nginx("platform")
    room = _prerolled(relay, platform, slates, fmt)
    room.publisher.preopen_max_s = 1.0
    try:
        assert room.open_output()
        time.sleep(2)
        room.start()
        assert wait_for(lambda: "k" in platform.publishing(), 15), "the room reaches the platform"
        assert watch(platform.url("k"), 2.0).video_packets > 25
        assert room.publisher.stats.sessions == 2 and room.fanout.relays["p"].stats.restarts == 0
    finally:
        room.stop()


def test_a_standby_never_promoted_closes_its_pre_opened_session(nginx, slates, fmt):
    relay, platform = nginx("relay"), nginx("platform")
    room = _prerolled(relay, platform, slates, fmt)
    assert room.open_output() and wait_for(lambda: "r1" in relay.publishing(), 5)
    room.stop()
    assert wait_for(lambda: relay.publishing() == {} and relay.players("r1") == 0, 5)
    assert platform.publishing() == {}


class TlsTerminator:
    """An RTMPS ingest as platforms run it: TLS on one port, plain RTMP behind it (a real TLS server,
    its certificate for 127.0.0.1 made here and trusted through ``stream.egress.ca_file``)."""

    def __init__(self, workdir, backend_port: int) -> None:  # noqa: ANN001
        import datetime as dt
        import ipaddress
        import socket
        import ssl
        import threading

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=1))
                .not_valid_after(now + dt.timedelta(hours=1))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                               critical=False)
                .sign(key, hashes.SHA256()))
        (workdir / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        (workdir / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                            serialization.PrivateFormat.PKCS8,
                                                            serialization.NoEncryption()))
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(workdir / "cert.pem", workdir / "key.pem")
        self.backend_port = backend_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.handshakes = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                raw, _ = self.listener.accept()
                client = self.context.wrap_socket(raw, server_side=True)
            except OSError:
                if self.listener.fileno() == -1:
                    return
                continue
            self.handshakes += 1
            backend = socket.create_connection(("127.0.0.1", self.backend_port))
            for src, dst in ((client, backend), (backend, client)):
                threading.Thread(target=self._pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def _pipe(src, dst) -> None:  # noqa: ANN001
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                try:
                    sock.close()
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()


def test_an_rtmps_destination_receives_the_room_over_tls(nginx, live, tmp_path):
    relay, platform = nginx("relay"), nginx("platform")
    tls = TlsTerminator(tmp_path, platform.rtmp_port)
    try:
        untrusted = live(relay.url("r1"), [Destination(id="secure", url=f"rtmps://127.0.0.1:{tls.port}/live/tls-key")])
        copy = untrusted.fanout.relays["secure"]
        assert wait_for(lambda: copy.stats.restarts >= 2, 20)
        assert "tls-key" not in platform.publishing() and copy.stats.last_error == FAILURES["unreachable"], \
            "a certificate the copy cannot verify gets no stream key"
        untrusted.stop()
        trusted = LOOPBACK_EGRESS.model_copy(update={"ca_file": tmp_path / "cert.pem"})
        live(relay.url("r1"), [Destination(id="secure", url=f"rtmps://127.0.0.1:{tls.port}/live/tls-key")], egress=trusted)
        assert wait_for(lambda: "tls-key" in platform.publishing(), 20), "nothing arrived through TLS"
        report = watch(platform.url("tls-key"), 3.0, open_timeout_s=15.0)
        assert report.video_codec == "h264" and report.video_packets > 40 and report.max_gap_ms <= 100, report
        assert tls.handshakes >= 1
    finally:
        tls.close()
