"""Live-room soak and cost bench: `python bench/live.py` (about 7 minutes on 2 cores).

Phase 1, cost: one pre-rendered 1080p room (4 Mbit/s segments) pushed for COST_S seconds through
the local nginx relay to one destination. CPU is read from the room's process (all its threads)
plus the relay nginx and the destination's ffmpeg copy process. For comparison the same content
is re-encoded in real time (decode + libx264 veryfast CBR, the "re-encode" design).
rooms_per_box = floor(2 cores x 3600 / cpu_core_s_per_live_hour).

Phase 2, soak: a 320x180 room fed small segments (6-14 frames, each with a flash/beep marker),
through >= 500 transitions with urgent inserts, skips, a pause, broken segments and idle stretches.
A "steady" destination is watched from start to end (timestamp gaps, markers -> A/V offset); a
"flaky" destination's server is killed and restarted 5 times (reconnect time measured from the
server's restart to the stream being published there again).

Last line: transitions=... dark_s=... max_gap_ms=... av_offset_ms=... reconnect_s_p95=...
cpu_core_s_per_live_hour=... rooms_per_box=...
"""

from __future__ import annotations

import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import EgressSettings  # noqa: E402
from stream.live import LiveRoom, RoomConfig  # noqa: E402
from stream.monitor import watch  # noqa: E402
from stream.nginx import NginxRtmp  # noqa: E402
from stream.push import Destination  # noqa: E402
from stream.room import wait_for  # noqa: E402
from stream.segment import RoomFormat, Segment  # noqa: E402
from stream.slate import make_slate  # noqa: E402

LOOPBACK = EgressSettings(allow=["127.0.0.0/8"])  # the bench's platforms are nginx-rtmp servers on loopback

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu_s(pid: int | None) -> float:
    """User + system CPU seconds of a process (0 if it is gone)."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def self_cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


# -- phase 1 -----------------------------------------------------------------------------------
def measure_cost(work: Path, seconds: float) -> dict[str, float]:
    fmt = RoomFormat(1920, 1080)
    log("making 1080p segments (4 Mbit/s, closed 2 s GOP)")
    idle = make_slate(work / "idle1080.ts", fmt, 50, pattern="smptebars", bitrate_kbps=4000)
    segments = [make_slate(work / f"c1080_{i}.ts", fmt, frames, bitrate_kbps=4000)
                for i, frames in enumerate((100, 75, 125))]
    relay, platform = NginxRtmp(work / "cost-relay").start(), NginxRtmp(work / "cost-platform").start()
    config = RoomConfig(room_id="cost", idle_path=idle, relay_url=relay.url("cost"),
                        destinations=[Destination(id="p", url=platform.url("k"))], egress=LOOPBACK)
    room = LiveRoom(config).start()
    try:
        feeder_stop = threading.Event()

        def feed() -> None:
            i = 0
            while not feeder_stop.wait(0.5):
                if room.runner.status().queued_segments < 2:
                    room.runner.enqueue(Segment(id=f"c{i}", path=segments[i % len(segments)]))
                    i += 1

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        assert wait_for(lambda: "k" in platform.publishing(), 20), "cost room never reached the platform"
        time.sleep(3)  # past start-up
        relay_pid = room.fanout.relays["p"].pid
        start = (time.monotonic(), self_cpu_s(), proc_cpu_s(relay.proc.pid), proc_cpu_s(relay_pid))
        frames0 = room.runner.counters.frames
        time.sleep(seconds)
        end = (time.monotonic(), self_cpu_s(), proc_cpu_s(relay.proc.pid), proc_cpu_s(relay_pid))
        frames = room.runner.counters.frames - frames0
        feeder_stop.set()
        status = room.status()
    finally:
        room.stop()
    wall = end[0] - start[0]
    room_cpu, nginx_cpu, copy_cpu = end[1] - start[1], end[2] - start[2], end[3] - start[3]
    live_s = frames / fmt.fps
    per_hour = (room_cpu + nginx_cpu + copy_cpu) / live_s * 3600
    log(f"remux room: {live_s:.1f} s live in {wall:.1f} s wall; cpu room={room_cpu:.2f}s nginx={nginx_cpu:.2f}s "
        f"copy-relay={copy_cpu:.2f}s -> {per_hour:.0f} core-s per live hour; late={status.late_frames} "
        f"dropped={status.dropped_frames} bitrate={status.bitrate_kbps} kbps")

    log("re-encode comparison: decode + libx264 veryfast CBR 4 Mbit/s in real time")
    reencode_s = min(20.0, seconds)
    cmd = ["ffmpeg", "-v", "error", "-nostdin", "-stream_loop", "-1", "-re", "-i", str(segments[0]),
           "-t", f"{reencode_s}", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
           "-b:v", "4000k", "-maxrate", "4000k", "-bufsize", "8000k", "-g", "50", "-keyint_min", "50",
           "-sc_threshold", "0", "-c:a", "aac", "-b:a", "128k", "-f", "flv", relay.url("reencode")]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd)
    samples = []
    while proc.poll() is None:
        samples.append(proc_cpu_s(proc.pid))
        time.sleep(0.2)
    took = time.monotonic() - t0
    enc_cpu = max(samples, default=0.0)
    relay.stop()
    platform.stop()
    enc_per_hour = enc_cpu / reencode_s * 3600
    log(f"re-encode: {reencode_s:.0f} s of 1080p content took {took:.1f} s wall, {enc_cpu:.1f} core-s "
        f"-> {enc_per_hour:.0f} core-s per live hour ({math.floor(2 * 3600 / enc_per_hour) if enc_per_hour else 0} rooms per 2 cores)")
    return {"per_hour": per_hour, "reencode_per_hour": enc_per_hour, "idle": idle, "segments": segments}


# -- optional: N rooms at once, one process each (the production shape) -----------------------------
def room_worker(relay_url: str, platform_url: str, idle: str, segments: list[str], seconds: float) -> None:
    """Run one 1080p room for ``seconds``; print its figures as one JSON line."""
    import json

    config = RoomConfig(room_id=relay_url.rsplit("/", 1)[1], idle_path=Path(idle), relay_url=relay_url,
                        destinations=[Destination(id="p", url=platform_url)], egress=LOOPBACK)
    room = LiveRoom(config).start()
    i = 0
    t_end = time.monotonic() + seconds
    cpu0 = self_cpu_s()
    warm = None  # drops after the first 10 s: steady state, not start-up on a loaded box
    while time.monotonic() < t_end:
        if warm is None and time.monotonic() > t_end - seconds + 10:
            warm = room.status().dropped_frames
        if room.runner.status().queued_segments < 2:
            room.runner.enqueue(Segment(id=f"c{i}", path=Path(segments[i % len(segments)])))
            i += 1
        time.sleep(0.5)
    status = room.status()
    cpu = self_cpu_s() - cpu0
    room.stop()
    print(json.dumps({"late": status.late_frames, "dropped": status.dropped_frames - (warm or 0),
                      "startup_dropped": warm or 0, "frames": status.frames,
                      "cpu_s": cpu, "state": status.state}), flush=True)


def verify_rooms(work: Path, idle: Path, segments: list[Path], rooms: int, seconds: float) -> dict[str, float]:
    import json

    relay, platform = NginxRtmp(work / "many-relay").start(), NginxRtmp(work / "many-platform").start()
    log(f"running {rooms} 1080p rooms at once for {seconds:.0f} s, one process each")
    procs = [subprocess.Popen([sys.executable, __file__, "--room-worker", relay.url(f"room{i}"), platform.url(f"k{i}"),
                               str(idle), *map(str, segments), "--seconds", str(seconds)],
                              stdout=subprocess.PIPE, text=True) for i in range(rooms)]
    time.sleep(min(20.0, seconds / 2))
    publishing = len(platform.publishing())
    nginx0 = proc_cpu_s(relay.proc.pid)
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    nginx_cpu = proc_cpu_s(relay.proc.pid) - nginx0
    relay.stop()
    platform.stop()
    late = sum(r["late"] for r in results)
    dropped = sum(r["dropped"] for r in results)
    startup = sum(r["startup_dropped"] for r in results)
    log(f"{rooms} rooms: {publishing} publishing at the platform mid-run, late frames {late}, dropped frames "
        f"{dropped} after the first 10 s ({startup} during start-up), "
        f"room cpu {sum(r['cpu_s'] for r in results):.1f} s + relay nginx {nginx_cpu:.1f} s over {seconds:.0f} s")
    return {"rooms": rooms, "late": late, "dropped": dropped, "publishing": publishing}


# -- phase 2 -----------------------------------------------------------------------------------
def soak(work: Path, transitions_goal: int, restarts_goal: int) -> dict[str, float]:
    fmt = RoomFormat(320, 180)
    log("making soak segments")
    idle = make_slate(work / "idle.ts", fmt, 50, pattern="smptebars", marker_every=25, marker_offset=4)
    lengths = (6, 7, 9, 10, 11, 13, 14)
    pool = [make_slate(work / f"s{n}.ts", fmt, n, marker_every=1000, marker_offset=4) for n in lengths]
    urgent = make_slate(work / "urgent.ts", fmt, 20, pattern="rgbtestsrc", marker_every=1000, marker_offset=4)
    broken = work / "broken.ts"
    broken.write_bytes(b"\x47" * 4000)

    relay, steady, flaky = (NginxRtmp(work / n).start() for n in ("relay", "steady", "flaky"))
    events: list[tuple[str, dict]] = []
    config = RoomConfig(room_id="soak", width=fmt.width, height=fmt.height, idle_path=idle,
                        relay_url=relay.url("soak"), low_queue_s=2.0, relay_backoff_initial_s=0.3,
                        relay_backoff_max_s=4.0,
                        destinations=[Destination(id="steady", url=steady.url("k")),
                                      Destination(id="flaky", url=flaky.url("k"))], egress=LOOPBACK)
    room = LiveRoom(config, on_event=lambda kind, data: events.append((kind, data))).start()
    rng = random.Random(7)
    stop = threading.Event()
    dry_until = [0.0]

    def feed() -> None:  # stands in for the scheduler that queues render jobs ahead of time
        i = 0
        while not stop.wait(0.1):
            if time.monotonic() < dry_until[0]:
                continue
            if room.runner.queue_seconds() < 3.0 and room.runner.status().queued_segments < 8:
                batch = [Segment(id=f"s{i + k}", path=pool[rng.randrange(len(pool))]) for k in range(4)]
                if i % 97 == 0:
                    batch.insert(2, Segment(id=f"broken{i}", path=broken))
                room.runner.enqueue(*batch)
                i += len(batch)

    try:
        assert wait_for(lambda: "k" in steady.publishing() and "k" in flaky.publishing(), 20), "soak never went live"
        reader_result: dict[str, object] = {}
        reader = threading.Thread(
            target=lambda: reader_result.setdefault("r", watch(steady.url("k"), 3600, markers=True, stop=stop)),
            daemon=True)
        reader.start()
        time.sleep(1.0)
        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        reconnects: list[float] = []
        next_restart = time.monotonic() + 25
        next_control = time.monotonic() + 10
        step = 0
        while room.runner.counters.transitions < transitions_goal or len(reconnects) < restarts_goal:
            time.sleep(0.1)
            now = time.monotonic()
            if now >= next_control:
                action = ("urgent", "skip", "pause", "dry")[step % 4]
                step += 1
                if action == "urgent":
                    room.runner.insert_urgent(Segment(id=f"flash{step}", path=urgent))
                elif action == "skip":
                    room.runner.skip()
                elif action == "pause":
                    room.runner.pause()
                    time.sleep(2.5)
                    room.runner.resume()
                else:
                    dry_until[0] = now + 4.0  # let the queue run dry: the idle loop must cover it
                next_control = now + 12
            if len(reconnects) < restarts_goal and now >= next_restart:
                flaky.kill()
                time.sleep(1.0)
                flaky.start()
                back = time.monotonic()
                if wait_for(lambda: "k" in flaky.publishing(), 30, interval_s=0.02):
                    reconnects.append(time.monotonic() - back)
                    log(f"flaky destination back after {reconnects[-1]:.2f} s "
                        f"(transitions so far {room.runner.counters.transitions})")
                next_restart = time.monotonic() + 25
        time.sleep(2.0)
        stop.set()
        reader.join(15)
        status = room.status()
    finally:
        stop.set()
        room.stop()
        for server in (relay, steady, flaky):
            server.stop()
    report = reader_result["r"]
    offsets = report.av_offsets_ms()
    tail = offsets[-20:]
    flaky_relay_restarts = status.destinations[1].restarts
    steady_restarts = status.destinations[0].restarts
    frame_ms = 1000 / fmt.fps
    # Dark: frames that never reached the relay, plus any stretch the steady viewer saw nothing.
    dark = status.dark_s + max(0.0, report.max_gap_ms - 2 * frame_ms) / 1000
    failed = sum(1 for k, _ in events if k == "segment_failed")
    started = [d for k, d in events if k == "segment_started"]
    log(f"soak: {status.transitions} transitions, {len(started)} segments started "
        f"({sum(1 for d in started if d['kind'] == 'urgent')} urgent), {failed} broken skipped, "
        f"idle {status.idle_s:.1f} s, publisher sessions {room.publisher.stats.sessions}, "
        f"steady relay restarts {steady_restarts}, flaky relay restarts {flaky_relay_restarts}")
    log(f"viewer: {report.video_packets} video / {report.audio_packets} audio packets, max gap "
        f"{report.max_gap_ms:.1f} ms, keyframe max {report.max_keyframe_interval_s:.2f} s, backwards "
        f"{report.backwards}, {len(offsets)} marker pairs, A/V offset max {max(map(abs, offsets)):.1f} ms, "
        f"last 20 max {max(map(abs, tail)):.1f} ms, mean {np.mean(offsets):.2f} ms")
    return {
        "transitions": status.transitions,
        "dark_s": dark,
        "max_gap_ms": report.max_gap_ms,
        "av_offset_ms": max(map(abs, tail)),
        "av_offset_all_ms": max(map(abs, offsets)),
        "reconnect_s_p95": float(np.percentile(reconnects, 95)),
        "destination_restarts": len(reconnects),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cost-seconds", type=float, default=60.0)
    parser.add_argument("--transitions", type=int, default=500)
    parser.add_argument("--restarts", type=int, default=5)
    parser.add_argument("--verify-rooms", type=int, default=0, help="also run this many 1080p rooms at once")
    parser.add_argument("--seconds", type=float, default=40.0, help="(with --verify-rooms / --room-worker)")
    parser.add_argument("--room-worker", nargs="+", metavar="ARG", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.room_worker:
        relay_url, platform_url, idle, *segments = args.room_worker
        room_worker(relay_url, platform_url, idle, segments, args.seconds)
        return
    with tempfile.TemporaryDirectory(prefix="evercast-live-") as tmp:
        work = Path(tmp)
        cost = measure_cost(work, args.cost_seconds)
        many = (verify_rooms(work, cost["idle"], cost["segments"], args.verify_rooms, args.seconds)
                if args.verify_rooms else None)
        result = soak(work, args.transitions, args.restarts)
    rooms = math.floor(2 * 3600 / cost["per_hour"])
    print(f"transitions={result['transitions']} dark_s={result['dark_s']:.2f} max_gap_ms={result['max_gap_ms']:.1f} "
          f"av_offset_ms={result['av_offset_ms']:.1f} reconnect_s_p95={result['reconnect_s_p95']:.2f} "
          f"cpu_core_s_per_live_hour={cost['per_hour']:.0f} rooms_per_box={rooms} "
          f"reencode_cpu_core_s_per_live_hour={cost['reencode_per_hour']:.0f} "
          f"av_offset_all_ms={result['av_offset_all_ms']:.1f} destination_restarts={result['destination_restarts']}"
          + (f" rooms_verified={many['rooms']} rooms_verified_late={many['late']} rooms_verified_dropped={many['dropped']}"
             if many else ""))


if __name__ == "__main__":
    main()
