"""What a destination copy costs: our RTMP copy (stream/rtmp.py) beside ``ffmpeg -c copy``, on one stream.

`python bench/copy_cost.py [--seconds 60] [--size 1920x1080] [--bitrate 4M]` (about 1.5 minutes on 2 cores).

A 1080p stream (x264 at ``--bitrate``, 25 fps, AAC) is encoded once to a file, then published in real
time, looped, to a local nginx-rtmp relay. Two copies play it side by side, each to its own key on a
second nginx (the "platform"): ours, as a room starts it, and ffmpeg's, with the flags rooms used before
2026-12-04. Both run at once on the same box, so load hits both alike; their CPU (user + system) is read
from /proc. The platform's two keys are then read back with ffprobe for a few seconds each, to show both
carried the stream.

Last line: rtmp_copy_core_s_per_live_hour=... ffmpeg_copy_core_s_per_live_hour=... ratio=...
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from stream import rtmp  # noqa: E402
from stream.monitor import watch  # noqa: E402
from stream.nginx import NginxRtmp  # noqa: E402
from stream.room import wait_for  # noqa: E402


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--bitrate", default="4M")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="copy-cost-"))
    clip = work / "clip.flv"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
                    f"testsrc2=size={args.size}:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                    "-t", "20", "-c:v", "libx264", "-preset", "veryfast", "-b:v", args.bitrate, "-maxrate", args.bitrate,
                    "-bufsize", args.bitrate, "-g", "50", "-c:a", "aac", "-b:a", "128k", str(clip)], check=True)
    relay, platform = NginxRtmp(work / "relay").start(), NginxRtmp(work / "platform").start()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(subprocess.Popen(["ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                                       "-i", str(clip), "-c", "copy", "-f", "flv", relay.url("room")]))
        assert wait_for(lambda: "room" in relay.publishing(), 15), "the source never reached the relay"
        ours = subprocess.Popen([sys.executable, "-I", "-S", rtmp.__file__, relay.url("room"), platform.url("ours"),
                                 "--io-timeout", "5"], stdout=subprocess.DEVNULL)
        theirs = subprocess.Popen(["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "warning", "-rw_timeout", "5000000",
                                   "-fflags", "nobuffer", "-analyzeduration", "20000", "-fpsprobesize", "0",
                                   "-tcp_nodelay", "1", "-i", relay.url("room"), "-map", "0", "-c", "copy", "-copyts",
                                   "-rw_timeout", "5000000", "-tcp_nodelay", "1", "-f", "flv",
                                   "-flvflags", "no_duration_filesize", platform.url("ffmpeg")])
        procs += [ours, theirs]
        assert wait_for(lambda: {"ours", "ffmpeg"} <= set(platform.publishing()), 20), platform.publishing()
        start = time.monotonic(), cpu_s(ours.pid), cpu_s(theirs.pid)
        time.sleep(args.seconds)
        end = time.monotonic(), cpu_s(ours.pid), cpu_s(theirs.pid)
        live_s = end[0] - start[0]
        ours_h, theirs_h = ((end[i] - start[i]) / live_s * 3600 for i in (1, 2))
        reports = {key: watch(platform.url(key), 3.0) for key in ("ours", "ffmpeg")}
        for key, report in reports.items():
            print(f"{key}: {report.width}x{report.height} {report.video_packets} video packets in 3 s, "
                  f"max gap {report.max_gap_ms:.0f} ms", flush=True)
        print(f"size={args.size} bitrate={args.bitrate} seconds={live_s:.0f} rtmp_copy_core_s_per_live_hour={ours_h:.1f} "
              f"ffmpeg_copy_core_s_per_live_hour={theirs_h:.1f} ratio={ours_h / max(theirs_h, 1e-9):.2f}")
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
        relay.stop()
        platform.stop()


if __name__ == "__main__":
    main()
