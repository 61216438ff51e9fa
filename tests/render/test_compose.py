"""Compositing on real avatar output: exact copy outside the mask, a mouth that follows the audio."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from avatar import lipsync
from core.errors import InputError
from core.media import read_frames
from render.compose import (
    IdleLoop,
    compose_frames,
    match_lab,
    paste_mouth,
    place,
)


@pytest.fixture(scope="module")
def tracks(avatar_dir, speech, other_speech):
    import soxr

    def track(record):
        return lipsync(avatar_dir, soxr.resample(record.samples, record.sample_rate, 16000).astype(np.float32))

    return track(speech), track(other_speech)


def warped_mask(track, t):
    w, h = track.frame_size
    return cv2.warpAffine(track.mask, track.to_frame[t], (w, h), flags=cv2.INTER_LINEAR, borderValue=0.0)


def test_idle_loop_serves_decoded_source_frames_ping_pong(avatar_dir, tracks):
    track = tracks[0]
    idle = IdleLoop(avatar_dir)
    decoded = list(read_frames(avatar_dir / "idle.mp4"))
    assert len(decoded) == idle.count
    steps = np.abs(np.diff(track.base_frames))
    assert steps.max() <= 1, "ping-pong mapping never jumps"
    for t in (0, idle.count - 1, idle.count + 3, len(track) - 1):
        b = int(track.base_frames[t % len(track)])
        assert np.array_equal(idle[b], decoded[b - idle.start])
    with pytest.raises(InputError, match="idle loop"):
        idle[idle.stop]


def test_outside_mask_is_base_frame_and_mouth_follows_audio(avatar_dir, tracks):
    a, b = tracks
    n = min(len(a), len(b), 60)
    idle = IdleLoop(avatar_dir)
    mouth_diffs = []
    frames_a = [f.copy() for _, f in zip(range(n), compose_frames(idle, a))]
    frames_b = [f.copy() for _, f in zip(range(n), compose_frames(idle, b))]
    for t in range(n):
        assert a.base_frames[t] == b.base_frames[t]
        base = idle[int(a.base_frames[t])]
        for track, frame in ((a, frames_a[t]), (b, frames_b[t])):
            outside = warped_mask(track, t) == 0
            assert outside.mean() > 0.8
            assert np.array_equal(frame[outside], base[outside]), f"frame {t}: pixel outside the mask changed"
        mouth = (warped_mask(a, t) > 0.5) & (warped_mask(b, t) > 0.5)
        mouth_diffs.append(np.abs(frames_a[t][mouth].astype(int) - frames_b[t][mouth].astype(int)).mean())
    # different speech -> different mouths, on most frames and clearly above encoding noise
    assert np.median(mouth_diffs) > 2.0
    assert np.mean(np.array(mouth_diffs) > 1.0) > 0.6


def test_mouth_region_tracks_the_predicted_opening(avatar_dir, tracks):
    """Frames the model predicts as more open get more changed mouth pixels vs the idle base."""
    track = tracks[0]
    idle = IdleLoop(avatar_dir)
    change = []
    for t, frame in zip(range(len(track)), compose_frames(idle, track, colour_match=False)):
        mask = warped_mask(track, t) > 0.5
        change.append(np.abs(frame[mask].astype(int) - idle[int(track.base_frames[t])][mask].astype(int)).mean())
    opening = track.shapes[:, 0]
    r = abs(np.corrcoef(opening[: len(change)], change)[0, 1])
    assert r > 0.2, r


def test_lab_match_removes_a_colour_offset_on_the_ring():
    rng = np.random.default_rng(0)
    base = rng.integers(90, 160, (40, 40, 3), dtype=np.uint8)
    crop = np.clip(base.astype(int) + [25, -10, 5], 0, 255).astype(np.uint8)
    ring = np.zeros((40, 40), bool)
    ring[5:35, 5:35] = True
    ring[10:30, 10:30] = False
    matched = match_lab(crop, base, ring)
    assert np.abs(matched[ring].astype(int).mean(0) - base[ring].astype(int).mean(0)).max() < 3.0
    assert np.abs(crop[ring].astype(int).mean(0) - base[ring].astype(int).mean(0)).max() > 9.0


def test_paste_touches_only_the_warped_mask():
    frame = np.full((100, 160, 3), 50, np.uint8)
    crop = np.full((20, 30, 3), 200, np.uint8)
    mask = np.zeros((20, 30), np.float32)
    mask[5:15, 5:25] = 1.0
    to_frame = np.array([[1.0, 0.0, 60.0], [0.0, 1.0, 40.0]])
    original = frame.copy()
    paste_mouth(frame, crop, mask, to_frame, colour_match=False)
    alpha = cv2.warpAffine(mask, to_frame, (160, 100), borderValue=0.0)
    assert np.array_equal(frame[alpha == 0], original[alpha == 0])
    assert (frame[alpha == 1] == 200).all()
    assert place(np.array([[1.0, 0, 500], [0, 1, 500]]), (30, 20), (160, 100)) is None
