import numpy as np
import pytest
import torch

from avatar.train import TrainConfig, augment, load_mouth_net, predict, train_mouth_net
from core.errors import Cancelled


def _toy(n: int = 1500, seed: int = 0):
    """Targets that depend on the audio: band energies of a random 'spectrogram'."""
    rng = np.random.default_rng(seed)
    mel = rng.normal(0, 1, (4 * n, 80)).astype(np.float32)
    envelope = np.repeat(np.convolve(rng.normal(0, 1, n), np.ones(5) / 5, "same"), 4)
    mel[:, 10:30] += 3 * envelope[:, None]
    targets = np.stack([envelope[::4], -envelope[::4], np.zeros(n)], 1).astype(np.float32)
    return mel, targets


def test_training_learns_resumes_after_a_crash_and_reloads(tmp_path):
    mel, targets = _toy()
    weights = np.ones(len(targets), np.float32)
    cfg = TrainConfig(steps=60, batch=4, chunk_frames=48, checkpoint_every=20, eval_every=20, warmup=5)
    out = tmp_path / "model"

    def crash(fraction, message):
        if "step 40" in message:
            raise Cancelled("worker lost")

    with pytest.raises(Cancelled):
        train_mouth_net(mel, targets, weights, (1300, 1500), out, config=cfg, progress=crash)
    assert (out / "checkpoint.pt").exists() and not (out / "weights.safetensors").exists()
    messages = []
    result = train_mouth_net(mel, targets, weights, (1300, 1500), out, config=cfg, progress=lambda f, m: messages.append(m))
    assert messages[0] == "resumed at step 40" and result.steps == 60
    assert not (out / "checkpoint.pt").exists()
    model = load_mouth_net(out)
    pred = predict(model, mel[1300 * 4 : 1500 * 4], "cpu")
    assert pred.shape == (200, 3)
    assert np.corrcoef(pred[:, 0], targets[1300:1500, 0])[0, 1] > 0.5


def test_augmentation_changes_spectra_but_keeps_shape():
    gen = torch.Generator().manual_seed(0)
    mel = torch.randn(3, 64, 80)
    out = augment(mel, gen)
    assert out.shape == mel.shape and torch.isfinite(out).all()
    assert (out - mel).abs().mean() > 0.1
