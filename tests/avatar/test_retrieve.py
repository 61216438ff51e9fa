import os
from pathlib import Path

import cv2
import numpy as np

from avatar import evaluate_avatar, lipsync, load_avatar
from avatar.audio import SAMPLE_RATE
from avatar.retrieve import crop_ring_stats, read_crops, ring_stats, select_frames
from voice.espeak import speak


def test_selection_runs_on_through_real_footage_when_it_matches():
    rng = np.random.default_rng(0)
    database = np.cumsum(rng.normal(0, 0.3, (400, 4)), 0)
    target = database[120:180] + rng.normal(0, 0.01, (60, 4))
    chosen = select_frames(target, database, np.arange(400))
    assert (chosen == np.arange(120, 180)).mean() > 0.9


def _speech(text: str) -> np.ndarray:
    utt = speak(text, pitch=70, rate=175)  # a different voice setting from the footage
    idx = np.arange(0, len(utt.samples), utt.sample_rate / SAMPLE_RATE)
    return np.interp(idx, np.arange(len(utt.samples)), utt.samples).astype(np.float32)


def test_lipsync_hands_render_a_mouth_track(avatar_dir):
    speech = np.concatenate([np.zeros(SAMPLE_RATE, np.float32), _speech("Buy a lovely warm blanket today, only fifty dollars!")])
    track = lipsync(avatar_dir, speech)
    avatar = load_avatar(avatar_dir)
    frames = int(np.ceil(len(speech) / SAMPLE_RATE * 25))
    assert len(track) == frames and track.crops.shape[1:3] == avatar.mask.shape
    assert track.frame_size == (640, 360)
    assert np.all((track.base_frames >= avatar.info.idle_start) & (track.base_frames < avatar.info.idle_stop))
    # the transform is the exact inverse of the base frame's crop transform
    back = np.vstack([track.to_frame[5], [0, 0, 1]]) @ np.vstack([avatar.to_crop(int(track.base_frames[5])), [0, 0, 1]])
    assert np.allclose(back, np.eye(3), atol=1e-9)
    # silence keeps the mouth nearly still; speech moves it
    opening_axis = np.std(track.shapes, 0).argmax()
    assert track.shapes[25:, opening_axis].std() > 2 * track.shapes[:20, opening_axis].std()
    assert cv2.Laplacian(track.crops[30], cv2.CV_32F).var() > 1.0


def test_evaluation_separates_real_audio_from_shuffled(avatar_dir):
    metrics = evaluate_avatar(avatar_dir)
    assert metrics["outside_psnr"] == float("inf")
    assert metrics["open_corr"] > 0.6 and metrics["shuffled_corr"] < 0.35
    assert metrics["open_corr"] > metrics["shuffled_corr"] + 0.3
    assert metrics["mouth_psnr"] > 20 and metrics["lmd_ratio"] < 3
    assert load_avatar(avatar_dir).info.metrics["open_corr"] == metrics["open_corr"]


def test_every_segment_starts_on_the_idle_loops_first_frame_and_ends_beside_it():
    from types import SimpleNamespace

    from avatar.retrieve import idle_frames

    avatar = SimpleNamespace(info=SimpleNamespace(idle_start=10, idle_stop=20))
    for count in (1, 2, 7, 17, 18, 19, 35, 36, 37, 250):
        frames = idle_frames(avatar, count)
        assert len(frames) == count and frames[0] == 10 and frames[-1] in (10, 11), (count, frames)
        assert np.abs(np.diff(frames)).max(initial=0) <= 1, "head motion never jumps inside a segment"
        assert 10 <= frames.min() and frames.max() < 20


def test_crop_colour_statistics_are_measured_once_and_rebuilt_when_the_crops_change(avatar_dir):
    avatar = load_avatar(avatar_dir)
    pool = read_crops(avatar)
    cache, crops = avatar_dir / "cache" / "ring-stats.npy", Path(pool.filename)
    cache.unlink(missing_ok=True)
    frames = np.array([7, 0, len(pool) - 1, 7])
    stats = crop_ring_stats(avatar, pool, frames)
    assert np.allclose(stats, ring_stats(pool, frames, (avatar.mask > 0.05) & (avatar.mask < 0.6)))
    kept = np.load(cache)
    assert kept.shape == (len(pool), 2, 3) and np.isnan(kept[:, 0, 0]).sum() == len(pool) - 3, "only those asked for"
    kept[frames] = 0.0
    np.save(cache, kept)  # what the file says is what lip-sync uses while it is fresh...
    assert not crop_ring_stats(avatar, pool, frames).any()
    older = crops.stat().st_mtime_ns - 10**9
    os.utime(cache, ns=(older, older))  # ...and it is measured again once the crop cache is newer
    assert np.allclose(crop_ring_stats(avatar, pool, frames), stats)
    assert np.allclose(np.load(cache)[frames], stats)
