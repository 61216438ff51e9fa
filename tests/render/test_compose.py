"""Compositing on real avatar output (yuv420p): exact copy outside the mask, a mouth that follows the audio."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from avatar import lipsync
from core.errors import InputError
from core.media import VideoWriter, read_frames
from render.compose import (Geometry, IdleLoop, compose_frames, compose_patched, paste_mouth, place, ring_mean, then,
                            ycbcr_shift)
from render.overlay import Overlays
from render.yuv import RGB_TO_YCBCR, planes, rgb_to_ycbcr


@pytest.fixture(scope="module")
def tracks(trained_avatar, speech, other_speech):
    import soxr

    def track(record):
        return lipsync(trained_avatar, soxr.resample(record.samples, record.sample_rate, 16000).astype(np.float32))

    return track(speech), track(other_speech)


def warped_mask(track, t, idle):
    """The track's soft mask warped into the loop's output geometry (what the paste blends by)."""
    return cv2.warpAffine(track.mask, idle.geometry.to_output(track.to_frame[t]), idle.size,
                          flags=cv2.INTER_LINEAR, borderValue=0.0)


def test_idle_loop_serves_decoded_source_frames_ping_pong(trained_avatar, tracks):
    track = tracks[0]
    idle = IdleLoop(trained_avatar)
    decoded = list(read_frames(trained_avatar / "idle.mp4", pix_fmt="yuv420p"))
    assert len(decoded) == idle.count
    steps = np.abs(np.diff(track.base_frames))
    assert steps.max() <= 1, "ping-pong mapping never jumps"
    for t in (0, idle.count - 1, idle.count + 3, len(track) - 1):
        b = int(track.base_frames[t % len(track)])
        assert np.array_equal(idle[b], decoded[b - idle.start])
    assert (trained_avatar / "cache").is_dir(), "decoded once, beside the avatar"
    with pytest.raises(InputError, match="idle loop"):
        idle[idle.stop]


@pytest.mark.parametrize("geometry", [None, Geometry((100, 0, 302, 360), (360, 640))], ids=["source", "9:16-scaled"])
def test_outside_mask_is_base_frame_and_mouth_follows_audio(trained_avatar, tracks, geometry):
    a, b = tracks
    n = min(len(a), len(b), 60)
    idle = IdleLoop(trained_avatar, geometry)
    mouth_diffs = []
    frames_a = list(zip(range(n), compose_frames(idle, a)))
    frames_b = list(zip(range(n), compose_frames(idle, b)))
    for t in range(n):
        assert a.base_frames[t] == b.base_frames[t]
        base = planes(idle[int(a.base_frames[t])], idle.size)
        for track, (_, frame) in ((a, frames_a[t]), (b, frames_b[t])):
            outside = warped_mask(track, t, idle) == 0
            assert outside.mean() > 0.6
            y, u, v = planes(frame, idle.size)
            assert np.array_equal(y[outside], base[0][outside]), f"frame {t}: luma outside the mask changed"
            block = outside.reshape(idle.size[1] // 2, 2, idle.size[0] // 2, 2).all((1, 3))  # 2x2 luma per chroma
            assert np.array_equal(u[block], base[1][block]) and np.array_equal(v[block], base[2][block])
        mouth = (warped_mask(a, t, idle) > 0.5) & (warped_mask(b, t, idle) > 0.5)
        ya, yb = planes(frames_a[t][1], idle.size)[0], planes(frames_b[t][1], idle.size)[0]
        mouth_diffs.append(np.abs(ya[mouth].astype(int) - yb[mouth].astype(int)).mean())
    # different speech -> different mouths, on most frames and clearly above encoding noise
    assert np.median(mouth_diffs) > 2.0
    assert np.mean(np.array(mouth_diffs) > 1.0) > 0.6


@pytest.mark.parametrize("geometry", [None, Geometry((100, 0, 302, 360), (360, 640))], ids=["source", "9:16-scaled"])
def test_spliced_frames_through_ffmpeg_equal_whole_composed_frames(trained_avatar, tracks, geometry, tmp_path):
    """Rows spliced from the idle cache + composed row bands, through a real ffmpeg pipe, are bit for bit the
    whole-frame composition with the same overlays (label, subtitles changing mid-way)."""
    track, n = tracks[0], min(len(tracks[0]), 40)
    idle = IdleLoop(trained_avatar, geometry)
    overlays = Overlays(idle.size, label="AI 生成", cues=((0.0, 0.6, "第一句"), (0.6, 9.0, "Second line")))
    out = tmp_path / "frames.yuv"
    buffers = [np.empty(idle.size[0] * idle.size[1] * 3 // 2, np.uint8) for _ in range(2)]
    with VideoWriter(out, *idle.size, 25, codec="rawvideo", pix_fmt="yuv420p", extra_args=["-f", "rawvideo"]) as writer, \
            idle.file.open("rb") as cache:
        for _, frame in zip(range(n), compose_patched(idle, track, overlays, buffers)):
            assert sum(stop - start for start, stop in frame.spans) < 0.6 * frame.data.size, "most rows are spliced"
            writer.write_spliced(cache.fileno(), frame.offset, frame.patches())
    written = np.fromfile(out, np.uint8).reshape(n, -1)
    for t, whole in zip(range(n), compose_frames(idle, track)):
        assert np.array_equal(written[t], overlays.apply(whole, t)), f"frame {t} differs"


def test_mouth_region_tracks_the_predicted_opening(trained_avatar, speech):
    """Frames the model predicts as more open get more changed mouth pixels vs the idle base.

    One fixed base frame, so the change measures the pasted mouth alone, not the base's own motion."""
    import soxr

    idle = IdleLoop(trained_avatar)
    samples = soxr.resample(speech.samples, speech.sample_rate, 16000).astype(np.float32)
    frames = int(np.ceil(len(samples) / 16000 * 25))
    track = lipsync(trained_avatar, samples, base_frames=np.full(frames, idle.start))
    change = []
    for t, frame in zip(range(len(track)), compose_frames(idle, track, colour_match=False)):
        mask = warped_mask(track, t, idle) > 0.5
        y, base = planes(frame, idle.size)[0], planes(idle[int(track.base_frames[t])], idle.size)[0]
        change.append(np.abs(y[mask].astype(int) - base[mask].astype(int)).mean())
    opening = track.shapes[:, 0]
    r = abs(np.corrcoef(opening[: len(change)], change)[0, 1])
    assert r > 0.2, r


def test_ycbcr_shift_removes_a_colour_cast_on_the_ring():
    rng = np.random.default_rng(0)
    base = rng.integers(90, 160, (40, 40, 3), dtype=np.uint8)
    crop = np.clip(base.astype(int) + [20, -10, 5], 0, 255).astype(np.uint8)
    ring = np.zeros((40, 40), np.uint8)
    ring[5:35, 5:35] = 1
    ring[10:30, 10:30] = 0  # inside the ring band: not measured
    base_ring = rgb_to_ycbcr(base)[ring > 0].astype(float).mean(0)
    shift = ycbcr_shift(ring_mean(crop, ring), base_ring)
    matched = cv2.transform(crop, RGB_TO_YCBCR + np.hstack([np.zeros((3, 3)), shift[:, None]]))
    assert np.abs(matched[ring > 0].astype(float).mean(0) - base_ring).max() < 1.0
    assert np.abs(rgb_to_ycbcr(crop)[ring > 0].astype(float).mean(0) - base_ring).max() > 9.0
    assert np.abs(ycbcr_shift(ring_mean(crop, ring), base_ring - 60)).max() == 24.0, "capped"
    identity = np.hstack([np.eye(3), np.full((3, 1), 7.0)])
    assert np.allclose(then(identity, RGB_TO_YCBCR)[:, 3], RGB_TO_YCBCR[:, 3] + RGB_TO_YCBCR[:, :3] @ [7, 7, 7])


def test_paste_touches_only_the_warped_mask():
    size = (160, 100)
    frame = np.full(size[0] * size[1] * 3 // 2, 50, np.uint8)
    crop = np.full((20, 30, 3), 200, np.uint8)
    mask = np.zeros((20, 30), np.float32)
    mask[5:15, 5:25] = 1.0
    to_frame = np.array([[1.0, 0.0, 61.0], [0.0, 1.0, 41.0]])
    original = frame.copy()
    paste_mouth(frame, size, crop, mask, to_frame, colour_match=False)
    alpha = cv2.warpAffine(mask, to_frame, size, borderValue=0.0)
    y, u, v = planes(frame, size)
    y0, u0, _ = planes(original, size)
    assert np.array_equal(y[alpha == 0], y0[alpha == 0])
    assert (y[alpha == 1] == rgb_to_ycbcr(crop)[0, 0, 0]).all()
    chroma_alpha = alpha.reshape(50, 2, 80, 2).max((1, 3))
    assert np.array_equal(u[chroma_alpha == 0], u0[chroma_alpha == 0]) and (u[chroma_alpha == 1] == 128).all()
    assert place(np.array([[1.0, 0, 500], [0, 1, 500]]), (30, 20), size) is None
