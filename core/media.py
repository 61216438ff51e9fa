"""ffmpeg/ffprobe as argv lists: probe, stream-decode frames and PCM, encode from pipes.

Every stage reuses these instead of shelling out on its own. Nothing here loads a whole video
into memory: frames arrive one at a time from an ffmpeg pipe, and encoders take frames the same
way. Errors from unreadable input become :class:`InputError` with ffmpeg's own words.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from core.drain import spawn
from core.errors import InputError, NotConfiguredError, TransientError


@dataclass(frozen=True)
class VideoStream:
    width: int
    height: int
    fps: Fraction
    frames: int
    codec: str
    pix_fmt: str
    rotation: int = 0  # degrees from the display matrix (phone footage): ffmpeg's decode turns the frames upright


@dataclass(frozen=True)
class AudioStream:
    sample_rate: int
    channels: int
    codec: str


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    format_name: str
    duration_s: float
    video: VideoStream | None
    audio: AudioStream | None


def require_tool(name: str) -> str:
    """Absolute path of an external program, or a clear error naming the Debian package."""
    found = shutil.which(name)
    if not found:
        raise NotConfiguredError(f"'{name}' was not found on PATH: install it (Debian: apt-get install ffmpeg)")
    return found


def tool_version(name: str) -> str | None:
    """First line of ``NAME -version``, or None when the program is missing."""
    if not shutil.which(name):
        return None
    out = subprocess.run([name, "-version"], capture_output=True, text=True, check=False).stdout
    return out.splitlines()[0] if out else None


def _stderr_tail(stderr: bytes | str, lines: int = 4) -> str:
    text = stderr.decode(errors="replace") if isinstance(stderr, bytes) else stderr
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def _pipe_chunks(cmd: list[str], chunk_bytes: int, what: str) -> Iterator[bytes]:
    """Yield ffmpeg's stdout in chunks; raise InputError with its message if it fails. Closing kills it."""
    proc = spawn(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        with proc.stdout:
            while buf := proc.stdout.read(chunk_bytes):
                yield buf
        if proc.wait() != 0:
            raise InputError(f"could not decode {what}: {_stderr_tail(proc.stderr_tail())}")
    finally:
        proc.stop()


def probe(path: str | Path, *, ffprobe: str = "ffprobe") -> MediaInfo:
    """Read container and stream facts; raise :class:`InputError` for anything ffprobe cannot parse."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"media file not found: {path.name}")
    if path.stat().st_size == 0:
        raise InputError(f"media file is empty: {path.name}")
    cmd = [require_tool(ffprobe), "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    proc = subprocess.run(cmd, capture_output=True, check=False)
    if proc.returncode != 0:
        raise InputError(f"not a readable media file ({path.name}): {_stderr_tail(proc.stderr)}")
    data = json.loads(proc.stdout or b"{}")
    fmt = data.get("format", {})
    video = audio = None
    for stream in data.get("streams", []):
        kind = stream.get("codec_type")
        if kind == "video" and video is None and stream.get("disposition", {}).get("attached_pic", 0) == 0:
            fps = Fraction(stream.get("avg_frame_rate") or "0/1") if stream.get("avg_frame_rate") != "0/0" else Fraction(0)
            if fps == 0:
                fps = Fraction(stream.get("r_frame_rate") or "0/1")
            duration = float(stream.get("duration") or fmt.get("duration") or 0.0)
            frames = int(stream.get("nb_frames") or round(duration * float(fps)))
            video = VideoStream(
                width=int(stream["width"]), height=int(stream["height"]), fps=fps, frames=frames,
                codec=stream.get("codec_name", ""), pix_fmt=stream.get("pix_fmt", ""),
                rotation=int(next((d.get("rotation", 0) for d in stream.get("side_data_list", [])
                                   if "rotation" in d), 0)),
            )
        elif kind == "audio" and audio is None:
            audio = AudioStream(
                sample_rate=int(stream.get("sample_rate") or 0), channels=int(stream.get("channels") or 0),
                codec=stream.get("codec_name", ""),
            )
    if video is None and audio is None:
        raise InputError(f"no audio or video stream in {path.name}")
    return MediaInfo(path, fmt.get("format_name", ""), float(fmt.get("duration") or 0.0), video, audio)


PIX_FMTS = ("rgb24", "yuv420p", "gray")


def frame_shape(width: int, height: int, pix_fmt: str) -> tuple[int, ...]:
    """Array shape of one raw frame: (H, W, 3) for rgb24; flat (W*H*3/2,) for yuv420p (planes Y, U, V);
    (H, W) for gray (luma only: a third of rgb24's bytes through the pipe)."""
    if pix_fmt == "rgb24":
        return (height, width, 3)
    if pix_fmt == "gray":
        return (height, width)
    if pix_fmt == "yuv420p":
        if width % 2 or height % 2:
            raise InputError(f"yuv420p needs an even frame size, got {width}x{height}")
        return (width * height * 3 // 2,)
    raise InputError(f"pixel format must be one of {PIX_FMTS}, got {pix_fmt!r}")


def _decode_input(path: str | Path, start_s: float | None, duration_s: float | None, ffmpeg: str) -> list[str]:
    """ffmpeg reading ``path`` from ``start_s`` for ``duration_s`` (either may be None: whole file)."""
    cmd = [require_tool(ffmpeg), "-v", "error", "-nostdin"]
    if start_s:
        cmd += ["-ss", f"{start_s:.3f}"]
    cmd += ["-i", str(path)]
    if duration_s:
        cmd += ["-t", f"{duration_s:.3f}"]
    return cmd


def _decode_command(
    path: str | Path, source_size: tuple[int, int], *, fps: float | None, size: tuple[int, int] | None,
    crop: tuple[int, int, int, int] | None, scale_flags: str, start_s: float | None, duration_s: float | None,
    pix_fmt: str, ffmpeg: str,
) -> tuple[list[str], tuple[int, ...]]:
    width, height = size or ((crop[2] - crop[0], crop[3] - crop[1]) if crop else source_size)
    filters = []
    if fps:
        filters.append(f"fps={fps}")
    if crop:
        filters.append(f"crop={crop[2] - crop[0]}:{crop[3] - crop[1]}:{crop[0]}:{crop[1]}")
    if size:
        filters.append(f"scale={width}:{height}:flags={scale_flags}")
    cmd = _decode_input(path, start_s, duration_s, ffmpeg)
    if filters:
        cmd += ["-vf", ",".join(filters)]
    cmd += ["-an", "-f", "rawvideo", "-pix_fmt", pix_fmt, "pipe:1"]
    return cmd, frame_shape(width, height, pix_fmt)


def read_frames(
    path: str | Path,
    *,
    fps: float | None = None,
    size: tuple[int, int] | None = None,
    crop: tuple[int, int, int, int] | None = None,
    scale_flags: str = "area",
    start_s: float | None = None,
    duration_s: float | None = None,
    pix_fmt: str = "rgb24",
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
) -> Iterator[np.ndarray]:
    """Yield frames one at a time, optionally resampled to ``fps``, cut to ``crop`` (x0, y0, x1, y1), scaled to
    ``size``.

    ``pix_fmt`` "rgb24" gives (H, W, 3) uint8; "yuv420p" gives flat planar frames (see :func:`frame_shape`),
    the decoder's own format, so nothing is converted. Closing the generator early kills the decoder.
    """
    info = probe(path, ffprobe=ffprobe)
    if info.video is None:
        raise InputError(f"{Path(path).name} has no video stream")
    cmd, shape = _decode_command(path, (info.video.width, info.video.height), fps=fps, size=size, crop=crop,
                                 scale_flags=scale_flags, start_s=start_s, duration_s=duration_s, pix_fmt=pix_fmt,
                                 ffmpeg=ffmpeg)
    frame_bytes = int(np.prod(shape))
    for buf in _pipe_chunks(cmd, frame_bytes, f"video {Path(path).name}"):
        if len(buf) < frame_bytes:  # a truncated last frame is dropped
            break
        yield np.frombuffer(buf, np.uint8).reshape(shape)


def cached_frames(
    path: str | Path,
    cache_path: str | Path,
    *,
    size: tuple[int, int] | None = None,
    crop: tuple[int, int, int, int] | None = None,
    scale_flags: str = "area",
    pix_fmt: str = "rgb24",
    source_size: tuple[int, int] | None = None,
    fps: float | None = None,
    ffmpeg: str = "ffmpeg",
) -> np.ndarray:
    """All frames of ``path`` as a read-only memory map of raw frames (n, *frame shape), decoded once.

    The raw file at ``cache_path`` is written on first use (through a temporary name, so a crash or a
    concurrent writer never leaves a partial cache) and reused while it is newer than ``path``: for
    footage that is played many times (an avatar's idle loop and mouth crops), decoding becomes a page
    cache lookup. The caller names the cache after the decode options it passes.
    """
    path, cache_path = Path(path), Path(cache_path)
    fresh = path.is_file() and cache_path.is_file() and cache_path.stat().st_mtime_ns >= path.stat().st_mtime_ns
    if not fresh or source_size is None:  # a fresh cache was validated when it was decoded: no ffprobe per use
        info = probe(path)
        if info.video is None:
            raise InputError(f"{path.name} has no video stream")
        source_size = source_size or (info.video.width, info.video.height)
    cmd, shape = _decode_command(path, source_size, fps=fps, size=size, crop=crop, scale_flags=scale_flags,
                                 start_s=None, duration_s=None, pix_fmt=pix_fmt, ffmpeg=ffmpeg)
    if not fresh:
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache_path.with_name(f".{cache_path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with tmp.open("wb") as out:
                proc = spawn(cmd, stdout=out, stdin=subprocess.DEVNULL)
                try:
                    if proc.wait() != 0:
                        raise InputError(f"could not decode video {path.name}: {_stderr_tail(proc.stderr_tail())}")
                finally:
                    proc.stop()
            tmp.replace(cache_path)
        finally:
            tmp.unlink(missing_ok=True)
    frames = map_frames(cache_path, shape)
    if len(frames) == 0:
        raise InputError(f"{path.name} has no decodable frame")
    return frames


def map_frames(cache_path: str | Path, shape: tuple[int, ...]) -> np.ndarray:
    """A raw frame cache as a read-only memory map (n, *shape), marked as in use for cache pruning.

    The map holds a shared ``flock`` on the file for as long as it lives (the lock belongs to the open
    file, which the map's own duplicate of the descriptor keeps open), so a pruner that cannot take an
    exclusive lock knows a render or a room is reading it; the access time is set to now, so pruning
    goes least recently used first (mount options such as ``noatime`` do not stop an explicit update).
    """
    cache_path = Path(cache_path)
    try:
        handle = cache_path.open("rb")
    except FileNotFoundError:  # pruned between the caller's check and here: the job's retry builds it again
        raise TransientError(f"cache {cache_path.name} was pruned as it was opened") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        count = os.fstat(handle.fileno()).st_size // int(np.prod(shape))
        frames = np.memmap(handle, np.uint8, "r", shape=(count, *shape)) if count else np.zeros((0, *shape), np.uint8)
        with contextlib.suppress(OSError):  # not ours or read-only: the cache works, pruning just sees it older
            os.utime(handle.fileno(), ns=(time.time_ns(), os.fstat(handle.fileno()).st_mtime_ns))
    return frames


def read_audio(
    path: str | Path,
    *,
    sample_rate: int = 16000,
    channels: int = 1,
    start_s: float | None = None,
    duration_s: float | None = None,
    ffmpeg: str = "ffmpeg",
) -> np.ndarray:
    """Decode audio to float32 in [-1, 1]: shape (n,) for mono, (n, channels) otherwise."""
    cmd = _decode_input(path, start_s, duration_s, ffmpeg)
    cmd += ["-vn", "-ac", str(channels), "-ar", str(sample_rate), "-f", "f32le", "pipe:1"]
    proc = spawn(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    try:
        assert proc.stdout is not None
        with proc.stdout:
            pcm = proc.stdout.read()
        if proc.wait() != 0:
            raise InputError(f"could not decode audio from {Path(path).name}: {_stderr_tail(proc.stderr_tail())}")
    finally:
        proc.stop()
    samples = np.frombuffer(pcm, np.float32)
    return samples if channels == 1 else samples.reshape(-1, channels)


def iter_audio(
    path: str | Path,
    *,
    sample_rate: int = 16000,
    chunk_s: float = 1.0,
    ffmpeg: str = "ffmpeg",
) -> Iterator[np.ndarray]:
    """Stream mono float32 audio in chunks of ``chunk_s`` (the last may be shorter); for long inputs."""
    cmd = [require_tool(ffmpeg), "-v", "error", "-nostdin", "-i", str(path), "-vn", "-ac", "1",
           "-ar", str(sample_rate), "-f", "f32le", "pipe:1"]
    chunk_bytes = max(1, int(chunk_s * sample_rate)) * 4
    for buf in _pipe_chunks(cmd, chunk_bytes, f"audio from {Path(path).name}"):
        yield np.frombuffer(buf[: len(buf) // 4 * 4], np.float32)


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int) -> Path:
    """Write float samples in [-1, 1] ((n,) or (n, channels)) as 16-bit PCM WAV."""
    path = Path(path)
    data = np.asarray(samples, dtype=np.float32)
    channels = 1 if data.ndim == 1 else data.shape[1]
    pcm = (np.clip(data, -1.0, 1.0) * 32767.0).round().astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(pcm.tobytes())
    return path


PIPE_BYTES = 1 << 20  # encoder pipe size: Linux's default 64 KB wakes ffmpeg ~50 times per 3 MB 1080p frame


def _widen_pipe(fd: int) -> None:
    """Grow the pipe at ``fd`` to PIPE_BYTES, best effort (``/proc/sys/fs/pipe-max-size`` caps it), so a
    frame crosses in a few reads instead of dozens of 64 KB ones."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except OSError:
        pass


def _write_all(fd: int, data: memoryview) -> None:
    while data:
        data = data[os.write(fd, data):]


def _splice_all(source: int, pipe: int, offset: int, count: int) -> None:
    """Move ``count`` bytes at ``offset`` of file ``source`` into ``pipe`` (page references, no copy)."""
    while count:
        moved = os.splice(source, pipe, count, offset_src=offset)
        if not moved:
            raise InputError(f"frame source file ends {count} bytes short of a frame")
        offset, count = offset + moved, count - moved


class VideoWriter:
    """Encode frames written one by one through ffmpeg's stdin (never as image files).

    ``pix_fmt`` is what is written: "rgb24" (H, W, 3) or "yuv420p" flat planar frames
    (:func:`frame_shape`), which x264 takes as they are, with no conversion in front of the encoder.

    ``audio`` is an optional file muxed alongside; the output ends with the shorter stream only
    if ``shortest`` is set. Use as a context manager: leaving it closes the pipe and waits for
    ffmpeg, raising with ffmpeg's message if encoding failed.
    """

    def __init__(
        self,
        path: str | Path,
        width: int,
        height: int,
        fps: float | Fraction,
        *,
        audio: str | Path | None = None,
        codec: str = "libx264",
        preset: str = "veryfast",
        crf: int = 20,
        gop: int | None = None,
        extra_args: Sequence[str] = (),
        shortest: bool = False,
        pix_fmt: str = "rgb24",
        ffmpeg: str = "ffmpeg",
    ) -> None:
        self.path = Path(path)
        self.shape = frame_shape(width, height, pix_fmt)
        cmd = [
            require_tool(ffmpeg), "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", pix_fmt,
            "-s", f"{width}x{height}", "-r", str(fps), "-i", "pipe:0",
        ]
        if audio is not None:
            cmd += ["-i", str(audio)]
        cmd += ["-c:v", codec, "-pix_fmt", "yuv420p"]
        if codec.startswith("libx26"):
            cmd += ["-preset", preset, "-crf", str(crf)]
        if gop:
            cmd += ["-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0"]
        if audio is not None:
            cmd += ["-c:a", "aac", "-b:a", "128k"]
        if shortest:
            cmd += ["-shortest"]
        cmd += [*extra_args, str(self.path)]
        self._proc = spawn(cmd, stdin=subprocess.PIPE)
        assert self._proc.stdin is not None
        _widen_pipe(self._proc.stdin.fileno())
        self.frames_written = 0

    def write(self, frame: np.ndarray) -> None:
        if frame.shape != self.shape or frame.dtype != np.uint8:
            raise ValueError(f"frame must be uint8 {self.shape}, got {frame.dtype} {frame.shape}")
        assert self._proc.stdin is not None
        try:
            self._proc.stdin.write(np.ascontiguousarray(frame).data)
        except BrokenPipeError as exc:
            raise RuntimeError(f"ffmpeg stopped encoding {self.path.name}: {self._finish()}") from exc
        self.frames_written += 1

    def write_spliced(self, source: int, offset: int, patches: Sequence[tuple[int, memoryview]]) -> None:
        """Write one frame that is the frame-sized range at ``offset`` of the open file ``source`` except for
        ``patches`` ((start in the frame, bytes), sorted, disjoint).

        The unchanged ranges go from the file's page cache into the pipe by ``splice`` and never pass
        through this process: for a frame that is a cached base frame with a few rows changed, that
        saves the whole-frame copy and most of the pipe write.
        """
        size, at = int(np.prod(self.shape)), 0
        for start, data in patches:
            if start < at or start + len(data) > size:
                raise ValueError(f"patches must be sorted, disjoint and inside the {size}-byte frame")
            at = start + len(data)
        assert self._proc.stdin is not None
        self._proc.stdin.flush()  # frames written by write() go first
        pipe, at = self._proc.stdin.fileno(), 0
        try:
            for start, data in [*patches, (size, memoryview(b""))]:
                _splice_all(source, pipe, offset + at, start - at)
                _write_all(pipe, data)
                at = start + len(data)
        except BrokenPipeError as exc:
            raise RuntimeError(f"ffmpeg stopped encoding {self.path.name}: {self._finish()}") from exc
        self.frames_written += 1

    def _finish(self) -> str:
        if self._proc.stdin and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
        self._proc.wait()
        return _stderr_tail(self._proc.stderr_tail())

    def close(self) -> Path:
        message = self._finish()
        if self._proc.returncode != 0:
            raise RuntimeError(f"ffmpeg failed encoding {self.path.name}: {message}")
        return self.path

    def abort(self) -> None:
        """Stop encoding and remove the partial output."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._finish()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> "VideoWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
