"""ffmpeg/ffprobe helpers on real files, including broken ones."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from core import media
from core.errors import InputError


def test_encode_probe_and_decode_round_trip(tmp_path):
    sr = 16000
    tone = 0.5 * np.sin(2 * np.pi * 300 * np.arange(sr) / sr)
    wav = media.write_wav(tmp_path / "a.wav", tone, sr)
    with media.VideoWriter(tmp_path / "v.mp4", 96, 64, 25, audio=wav, gop=50) as writer:
        for i in range(25):
            writer.write(np.full((64, 96, 3), i * 10, np.uint8))
    info = media.probe(tmp_path / "v.mp4")
    assert (info.video.width, info.video.height, info.video.fps, info.video.frames) == (96, 64, 25, 25)
    assert info.audio.sample_rate == sr and info.audio.codec == "aac"
    frames = list(media.read_frames(tmp_path / "v.mp4", size=(48, 32)))
    assert len(frames) == 25 and frames[0].shape == (32, 48, 3)
    assert abs(float(frames[20].mean()) - 200) < 4  # pixels survive the codec
    audio = media.read_audio(tmp_path / "v.mp4", sample_rate=sr)
    assert abs(float(np.sqrt(np.mean(audio[2000:12000] ** 2))) - 0.5 / np.sqrt(2)) < 0.03


def test_audio_streams_in_chunks_that_add_up(tmp_path):
    sr = 16000
    signal = 0.3 * np.sin(2 * np.pi * 200 * np.arange(int(2.5 * sr)) / sr)
    wav = media.write_wav(tmp_path / "a.wav", signal, sr)
    chunks = list(media.iter_audio(wav, sample_rate=sr, chunk_s=1.0))
    assert [len(c) for c in chunks] == [sr, sr, sr // 2]
    assert np.allclose(np.concatenate(chunks), signal, atol=1e-3)


def children() -> set[int]:
    """This process's child pids, running or not yet reaped (a zombie counts: nobody waited for it). A thread
    that ends while we list the tasks takes its ``children`` file with it: it has none left to count."""
    pids: set[int] = set()
    for task in Path("/proc/self/task").iterdir():
        try:
            pids.update(int(pid) for pid in (task / "children").read_text().split())
        except FileNotFoundError:
            continue
    return pids


def finishes(work: Callable[[], object], within_s: float = 120.0) -> object:
    """Run ``work`` on a thread and fail the test, instead of hanging it, if it does not return in time."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(work()), daemon=True)
    thread.start()
    thread.join(within_s)
    assert not thread.is_alive(), f"still blocked after {within_s:.0f} s"
    assert outcome, "it raised (see the thread's traceback above)"
    return outcome[0]


def test_early_close_of_the_frame_stream_stops_the_decoder(tmp_path):
    with media.VideoWriter(tmp_path / "v.mp4", 64, 64, 25) as writer:
        for _ in range(50):
            writer.write(np.zeros((64, 64, 3), np.uint8))
    before = children()
    stream = media.read_frames(tmp_path / "v.mp4")
    next(stream)
    decoder = children() - before
    assert len(decoder) == 1, "one ffmpeg decodes the stream"
    stream.close()
    assert not decoder & children(), "the decoder outlived the closed stream"


def test_a_damaged_ts_that_fills_stderr_is_read_to_the_end(tmp_path):
    """ffmpeg writes ~200 KB of decode errors for this file: more than a pipe holds, so unread stderr blocks it."""
    good, bad = tmp_path / "good.ts", tmp_path / "bad.ts"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=25", "-t", "150",
                    "-c:v", "libx264", "-preset", "ultrafast", "-g", "5", "-f", "mpegts", str(good)], check=True)
    data, rng = bytearray(good.read_bytes()), np.random.default_rng(1)
    for packet in range(0, len(data) - 188, 188):  # flip one payload byte in every other TS packet
        if rng.random() < 0.5:
            data[packet + int(rng.integers(4, 188))] ^= 0xFF
    bad.write_bytes(bytes(data))
    before = children()
    frames = finishes(lambda: sum(1 for _ in media.read_frames(bad, pix_fmt="gray")))
    assert frames > 3000, "most of the 3750 frames decode"
    assert not children() - before


def test_an_encoder_that_writes_a_lot_to_stderr_does_not_block_the_writer(tmp_path):
    """At debug level x264 logs ~240 bytes a frame: 2000 frames overflow the stderr pipe half way."""

    def encode() -> int:
        with media.VideoWriter(tmp_path / "v.mp4", 64, 64, 25, extra_args=["-loglevel", "debug"]) as writer:
            for i in range(2000):
                writer.write(np.full((64, 64, 3), i % 256, np.uint8))
        return media.probe(tmp_path / "v.mp4").video.frames

    assert finishes(encode) == 2000


@pytest.mark.parametrize("content,message", [(b"", "empty"), (b"\x00garbage" * 100, "not a readable media file")])
def test_corrupt_or_empty_files_name_the_problem(tmp_path, content, message):
    bad = tmp_path / "upload.mp4"
    bad.write_bytes(content)
    with pytest.raises(InputError, match=message):
        media.probe(bad)


def test_truncated_video_is_reported(tmp_path):
    with media.VideoWriter(tmp_path / "v.mp4", 64, 64, 25) as writer:
        for _ in range(25):
            writer.write(np.zeros((64, 64, 3), np.uint8))
    data = (tmp_path / "v.mp4").read_bytes()
    (tmp_path / "cut.mp4").write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError):
        list(media.read_frames(tmp_path / "cut.mp4"))


def test_frames_of_the_wrong_shape_are_refused(tmp_path):
    writer = media.VideoWriter(tmp_path / "v.mp4", 64, 64, 25)
    with pytest.raises(ValueError, match="uint8"):
        writer.write(np.zeros((32, 32, 3), np.uint8))
    writer.abort()
    assert not (tmp_path / "v.mp4").exists()


def test_yuv420p_frames_round_trip_and_decode_once_into_a_raw_cache(tmp_path):
    width, height = 96, 64
    with media.VideoWriter(tmp_path / "v.mp4", width, height, 25, pix_fmt="yuv420p") as writer:
        for i in range(10):
            frame = np.full(media.frame_shape(width, height, "yuv420p"), 128, np.uint8)
            frame[: width * height] = 20 + 20 * i  # luma ramps over time, chroma neutral
            writer.write(frame)
    decoded = list(media.read_frames(tmp_path / "v.mp4", pix_fmt="yuv420p", crop=(16, 0, 80, 32)))
    assert len(decoded) == 10 and decoded[0].shape == (64 * 32 * 3 // 2,)
    assert abs(float(decoded[5][: 64 * 32].mean()) - 120) < 3
    cache = tmp_path / "cache" / "v.yuv"
    frames = media.cached_frames(tmp_path / "v.mp4", cache, size=(48, 32), pix_fmt="yuv420p")
    assert frames.shape == (10, 48 * 32 * 3 // 2) and not frames.flags.writeable
    assert abs(float(frames[9][: 48 * 32].mean()) - 200) < 3
    written = cache.stat().st_mtime_ns
    assert np.array_equal(media.cached_frames(tmp_path / "v.mp4", cache, size=(48, 32), pix_fmt="yuv420p"), frames)
    assert cache.stat().st_mtime_ns == written, "decoded once, then reused"
    assert not list(cache.parent.glob(".*.tmp"))
    with pytest.raises(InputError, match="even"):
        media.frame_shape(95, 64, "yuv420p")
