"""Lip-sync scores with a user-supplied SyncNet: Wav2Lip's mel, the face crops, the offset search, evaluate_avatar."""

import math

import numpy as np
import pytest
import torch

from avatar import evaluate_avatar
from avatar.audio import wav2lip_mel
from avatar.models.syncnet import SyncNet
from avatar.models.wav2lip import Wav2LipConfig
from avatar.sync import face_crop, lse, sync_distances
from core.errors import NotConfiguredError

SYNC_KEYS = {"sync_dist", "sync_conf", "sync_offset", "real_sync_dist", "real_sync_conf", "real_sync_offset"}


def _tiny_syncnet(seed: int = 0) -> SyncNet:
    torch.manual_seed(seed)
    return SyncNet(Wav2LipConfig(width=0.125)).eval()


def _babble(rng: np.random.Generator, frames: int) -> np.ndarray:
    """Noise in syllable-like bursts (0.2 s each), after 0.4 s of silence; the audio windows differ from each other."""
    envelope = np.repeat(rng.random(frames * 5 // 25 + 1) > 0.4, 3200)[: frames * 640]
    envelope[:6400] = False  # cutting the first 5 frames off then drops silence only
    return (0.3 * rng.standard_normal(frames * 640) * envelope).astype(np.float32)


def test_wav2lip_mel_puts_a_1khz_tone_in_the_band_around_1khz():
    import librosa

    seconds = np.arange(32000) / 16000
    mel = wav2lip_mel(0.5 * np.sin(2 * np.pi * 1000 * seconds))
    assert mel.shape == (80, 161)  # 80 columns per second, the first centred on sample 0
    assert mel.min() >= -4 and mel.max() <= 4
    edges = librosa.mel_frequencies(82, fmin=55, fmax=7600)  # band b spans edges[b]..edges[b + 2]
    peak = int(mel[:, 10:-10].mean(1).argmax())
    assert edges[peak] < 1000 < edges[peak + 2]
    assert mel[peak, 80] > mel[peak + 4, 80] + 2 and mel[peak, 80] > mel[peak - 4, 80] + 2
    assert np.all(wav2lip_mel(np.zeros(16000)) == -4)  # silence is the floor


def test_face_crop_is_the_lower_half_of_the_landmark_box_in_bgr():
    image = np.zeros((200, 300, 3), np.uint8)
    image[:, :, 2] = 255  # blue everywhere above the face's middle ...
    image[100:, :, :] = (255, 0, 0)  # ... red (RGB) from there down
    landmarks = np.array([[100.0, 20.0, 0.0], [200.0, 20.0, 0.0], [150.0, 164.0, 0.0]])  # box rows 20..164 (+10 %)
    crop = face_crop(image, landmarks)
    assert crop.shape == (48, 96, 3) and crop.dtype == np.uint8
    # the padded box spans rows 20..179, its middle near row 100: the lower half is red, in BGR order
    assert np.all(crop[2:, :, 2] == 255) and np.all(crop[2:, :, :2] == 0)
    assert face_crop(image, np.array([[400.0, 50.0, 0.0], [420.0, 60.0, 0.0]])) is None  # off the image


def test_delaying_or_advancing_the_audio_five_frames_moves_the_best_offset_five():
    model, rng = _tiny_syncnet(8), np.random.default_rng(8)  # seeded: this random expert's minimum is at +6 frames
    faces = [rng.integers(0, 256, (48, 96, 3), np.uint8) for _ in range(50)]
    speech = _babble(rng, 90)  # audio beyond the last face, so every run scores the same windows
    base, starts = sync_distances(model, faces, speech)
    assert lse(base)["sync_offset"] == 6
    step = 3200  # samples in 5 video frames = 16 mel columns
    delayed, advanced = np.concatenate([np.zeros(step, np.float32), speech]), speech[step:]
    for moved, frames in ((delayed, 5), (advanced, -5)):
        dist, moved_starts = sync_distances(model, faces, moved)
        assert np.array_equal(moved_starts, starts) and dist.shape == base.shape == (31, 31)
        # column k now holds what column k - frames held: this part holds for any weights
        assert np.allclose(dist[:, max(frames, 0) : 31 + min(frames, 0)], base[:, max(-frames, 0) : 31 - max(frames, 0)], atol=1e-5)
        assert lse(dist)["sync_offset"] == 6 - frames


def test_evaluation_adds_sync_scores_only_with_a_syncnet(avatar_dir, tmp_path):
    path = tmp_path / "lipsync_expert.pth"
    torch.save({"state_dict": {f"module.{k}": v for k, v in _tiny_syncnet().state_dict().items()}}, path)
    with pytest.raises(NotConfiguredError, match="not found"):
        evaluate_avatar(avatar_dir, save=False, syncnet=tmp_path / "missing.pth")
    metrics = evaluate_avatar(avatar_dir, save=False, syncnet=path)
    assert SYNC_KEYS <= set(metrics)
    for prefix in ("", "real_"):
        assert 0 <= metrics[f"{prefix}sync_dist"] <= 2 and metrics[f"{prefix}sync_conf"] >= 0
        assert metrics[f"{prefix}sync_offset"] in range(-15, 16)
    assert all(math.isfinite(metrics[k]) for k in SYNC_KEYS)
    assert not SYNC_KEYS & set(evaluate_avatar(avatar_dir, save=False))
