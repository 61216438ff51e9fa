"""Slates: segments synthesised with ffmpeg, for a fallback idle loop and for sync measurement.

A slate follows the segment contract exactly (MPEG-TS, H.264 closed 2 s GOP starting on a
keyframe, AAC at the room's rate, exact frame count). With ``marker_every`` it carries sync
markers: a full-white frame and a 1 kHz beep of exactly that frame's length in the same frame
slot, so a reader of the pushed stream can measure the audio/video offset end to end.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from core.errors import InputError
from core.media import require_tool
from stream.segment import RoomFormat


def make_slate(
    path: str | Path,
    fmt: RoomFormat,
    frames: int,
    *,
    marker_every: int = 0,
    marker_offset: int = 0,
    pattern: str = "testsrc2",
    bitrate_kbps: int = 0,
    preset: str = "veryfast",
    ffmpeg: str = "ffmpeg",
) -> Path:
    """Encode a ``frames``-long slate segment to ``path`` (``pattern``: any lavfi video source name).

    Markers fall on frames ``marker_offset + k * marker_every`` (counted from the segment start).
    ``bitrate_kbps`` > 0 asks for CBR-like rate control, as a live render would use.
    """
    if frames <= 0:
        raise InputError("a slate needs at least one frame")
    path = Path(path)
    seconds = frames / fmt.fps
    spf = fmt.samples_per_frame
    video = f"{pattern}=size={fmt.width}x{fmt.height}:rate={fmt.fps}"
    tone = "0.05*sin(2*PI*220*t)"
    if marker_every:
        video += (
            f",drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill"
            f":enable='eq(mod(n-{marker_offset}\\,{marker_every})\\,0)*gte(n\\,{marker_offset})'"
        )
        period = marker_every * spf
        start = marker_offset * spf
        tone = (
            f"if(gte(n,{start})*lt(mod(n-{start},{period}),{spf}),0.8*sin(2*PI*1000*t),{tone})"
        )
    video += f",trim=end_frame={frames}"
    audio = (
        f"aevalsrc='{tone}':s={fmt.sample_rate}:c={'mono' if fmt.channels == 1 else 'stereo'}"
        f",atrim=end_sample={frames * spf}"
    )
    gop = 2 * fmt.fps
    cmd = [
        require_tool(ffmpeg), "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-t", f"{seconds + 1:.6f}", "-i", video,
        "-f", "lavfi", "-t", f"{seconds + 1:.6f}", "-i", audio,
        "-c:v", "libx264", "-preset", preset, "-pix_fmt", "yuv420p", "-profile:v", "high",
        "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0", "-flags", "+cgop",
    ]
    if bitrate_kbps:
        cmd += ["-b:v", f"{bitrate_kbps}k", "-maxrate", f"{bitrate_kbps}k", "-bufsize", f"{2 * bitrate_kbps}k"]
    cmd += ["-c:a", "aac", "-b:a", "128k", "-ar", str(fmt.sample_rate), "-f", "mpegts", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise InputError(f"could not make slate {path.name}: {proc.stderr.strip()[-300:]}")
    return path
