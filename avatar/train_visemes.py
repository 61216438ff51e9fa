"""Train the speaker-independent viseme classifier: log-mel -> visible mouth class per video frame.

It learns from synthesised speech of many voices with exact phoneme times (``scripts/train_viseme_net.py``
makes that corpus with the voice stage's espeak-ng), never from one person, so it labels any voice's speech.
The same net, front end and augmentation as the person's audio -> shape net (``avatar.train``); soft-label
cross-entropy, classes weighted by 1/sqrt(frequency) so rare lip closures count.
"""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import torch

from avatar.audio import log_mel
from avatar.models.mouth_net import MouthNet, MouthNetConfig
from avatar.phonetics import CLASSES
from avatar.train import Run, TrainConfig, predict, sample_chunks
from core.progress import Progress, no_progress

FPS = 25.0
NET = MouthNetConfig(channels=64, out_dim=len(CLASSES))
CONFIG = TrainConfig(steps=400, chunk_frames=64, lr=3e-3, eval_every=50, checkpoint_every=100)


def frame_labels(segments: list[tuple[int, float, float]], frames: int) -> np.ndarray:
    """(class, start s, end s) -> (frames,) class at each frame's audio centre (silence between segments)."""
    labels = np.zeros(frames, np.int64)
    centres = (np.arange(frames) + 0.5) / FPS
    for cls, start, end in segments:
        labels[(centres >= start) & (centres < end)] = cls
    return labels


def train_viseme_net(samples: np.ndarray, labels: np.ndarray, out_dir: str | Path, *,
                     config: TrainConfig = CONFIG,
                     device: str = "cpu", progress: Progress | None = None) -> dict:
    """Fit the classifier to 16 kHz ``samples`` with per-frame ``labels`` (25 fps); the last 10 % validates.

    Writes ``config.json`` (with validation accuracy) + ``weights.safetensors`` to ``out_dir``; returns the config.
    """
    progress = progress or no_progress
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    torch.manual_seed(config.seed)
    mel = log_mel(samples, frames=len(labels))
    onehot = np.eye(len(CLASSES), dtype=np.float32)[labels]
    split = int(len(labels) * 0.9)
    counts = np.bincount(labels[:split], minlength=len(CLASSES)).astype(np.float64)
    class_weight = torch.tensor(1.0 / np.sqrt(np.maximum(counts, 1.0) / counts.sum()), dtype=torch.float32)
    class_weight = (class_weight / class_weight.mean()).to(device)
    model = MouthNet(NET).to(device)
    run = Run(model, torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay),
              np.random.default_rng(config.seed), torch.Generator().manual_seed(config.seed),
              {"net": NET.to_dict(), "config": asdict(config)})
    run.resume(out_dir / "checkpoint.pt", device)
    weights = np.ones(len(labels), np.float32)
    starts = np.arange(0, split - config.chunk_frames)

    def loss_of(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        per_frame = -(target * torch.log_softmax(logits, -1)).sum(-1)
        return (per_frame * (target @ class_weight)).mean()

    def batch_loss() -> torch.Tensor:
        x, y, _ = sample_chunks(mel, onehot, weights, starts, config, run.rng, run.gen, device)
        return loss_of(model(x), y)

    def evaluate() -> float:
        logits = torch.from_numpy(predict(model, mel[split * 4 :], device))
        return float(loss_of(logits, torch.from_numpy(onehot[split:])))

    run.fit(config, batch_loss, evaluate, out_dir / "checkpoint.pt", progress)
    model.load_state_dict(run.best_state or model.state_dict())
    guess = predict(model, mel[split * 4 :], device).argmax(-1)
    truth = labels[split:]
    per_class = {CLASSES[k]: round(float((guess[truth == k] == k).mean()), 3) for k in range(len(CLASSES))
                 if (truth == k).any()}
    meta = {"arch": "MouthNet", "net": NET.to_dict(), "train": asdict(config), "classes": list(CLASSES),
            "val_loss": run.best, "val_accuracy": round(float((guess == truth).mean()), 3),
            "val_recall": per_class, "frames": len(labels), "train_s": round(time.monotonic() - started, 1)}
    run.finish(out_dir, meta)
    return meta
