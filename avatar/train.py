"""Train the audio -> mouth-shape net on the person's own footage, with checkpoints and resume.

Read top to bottom: sample chunks -> augment the audio (pitch/formant warp, EQ, noise, tempo) so
the net carries over from the person's real voice to synthesized speech -> regress lip-PCA
coefficients -> keep the best weights on a validation slice. A crash resumes from the last
checkpoint in ``out_dir``; the finished model is ``config.json`` + ``weights.safetensors``.
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from avatar.audio import MEL_PER_FRAME
from avatar.models.mouth_net import MouthNet, MouthNetConfig
from core.progress import Progress, no_progress


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 600
    batch: int = 16
    chunk_frames: int = 96
    lr: float = 2e-3
    weight_decay: float = 1e-4
    warmup: int = 100
    velocity_weight: float = 0.5
    checkpoint_every: int = 250
    eval_every: int = 250
    augment: bool = True
    seed: int = 0


@dataclass(frozen=True)
class TrainResult:
    model_dir: Path
    steps: int
    val_loss: float
    seconds: float


def normalise_chunks(mel: torch.Tensor) -> torch.Tensor:
    """Per-sequence mean/variance normalisation over time, per mel bin (batch, rows, bins)."""
    return (mel - mel.mean(1, keepdim=True)) / (mel.std(1, keepdim=True) + 1e-5)


def augment(mel: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Voice-agnostic audio augmentation on raw log-mel (batch, rows, bins)."""
    batch, rows, bins = mel.shape
    device = mel.device
    rand = lambda *shape: torch.rand(*shape, generator=gen).to(device)  # noqa: E731
    # pitch/formant shift: warp the frequency axis by up to +-12 %
    alpha = 0.88 + 0.24 * rand(batch, 1)
    pos = (torch.arange(bins, device=device)[None, :] * alpha).clamp(0, bins - 1)
    lo = pos.floor().long()
    hi = (lo + 1).clamp(max=bins - 1)
    frac = (pos - lo)[:, None, :]
    mel = torch.gather(mel, 2, lo[:, None, :].expand(-1, rows, -1)) * (1 - frac) + torch.gather(
        mel, 2, hi[:, None, :].expand(-1, rows, -1)) * frac
    # EQ: a smooth random tilt/bump curve of up to about +-6 dB
    grid = torch.linspace(0, math.pi, bins, device=device)[None, :]
    curve = sum((rand(batch, 1) - 0.5) * 1.4 * torch.cos(k * grid + 6.28 * rand(batch, 1)) for k in (1, 2, 3))
    mel = mel + curve[:, None, :]
    # additive noise at 5-40 dB SNR, in the linear power domain
    power = mel.exp()
    snr_db = 5.0 + 35.0 * rand(batch, 1, 1)
    level = power.mean(dim=(1, 2), keepdim=True) / (10 ** (snr_db / 10))
    noise = level * (0.5 + rand(batch, rows, bins))
    return torch.log(power + noise + 1e-8)


def sample_chunks(mel: np.ndarray, targets: np.ndarray, weights: np.ndarray, starts: np.ndarray, cfg: TrainConfig,
                  rng: np.random.Generator, gen: torch.Generator, device: str):
    """A training batch: chunks of frames with their audio, tempo-resampled together, augmented and normalised."""
    t = cfg.chunk_frames
    mels, tgts, wts = [], [], []
    for _ in range(cfg.batch):
        tempo = float(rng.uniform(0.9, 1.1)) if cfg.augment else 1.0
        span = int(round(t * tempo))
        s = int(rng.choice(starts[starts + span <= len(targets)]))
        m = torch.from_numpy(mel[s * MEL_PER_FRAME : (s + span) * MEL_PER_FRAME]).T[None]
        y = torch.from_numpy(targets[s : s + span]).T[None]
        w = torch.from_numpy(weights[s : s + span])[None, None]
        if span != t:  # tempo: resample audio and targets together
            m = F.interpolate(m, size=t * MEL_PER_FRAME, mode="linear", align_corners=False)
            y = F.interpolate(y, size=t, mode="linear", align_corners=False)
            w = F.interpolate(w, size=t, mode="nearest")
        mels.append(m[0].T)
        tgts.append(y[0].T)
        wts.append(w[0, 0])
    mel_b = torch.stack(mels).to(device)
    if cfg.augment:
        mel_b = augment(mel_b, gen)
    return normalise_chunks(mel_b), torch.stack(tgts).to(device), torch.stack(wts).to(device)


def _loss(pred: torch.Tensor, target: torch.Tensor, weight: torch.Tensor, velocity_weight: float) -> torch.Tensor:
    err = ((pred - target) ** 2).sum(-1)
    loss = (err * weight).sum() / weight.sum().clamp(min=1)
    vel_err = (((pred[:, 1:] - pred[:, :-1]) - (target[:, 1:] - target[:, :-1])) ** 2).sum(-1)
    vel_w = weight[:, 1:] * weight[:, :-1]
    return loss + velocity_weight * (vel_err * vel_w).sum() / vel_w.sum().clamp(min=1)


@torch.no_grad()
def predict(model: MouthNet, mel: np.ndarray, device: str) -> np.ndarray:
    """Whole-sequence prediction for raw log-mel (rows, bins), normalised over the sequence.

    On CPU it runs on one thread: the net is a few MFLOP per frame and torch's thread hand-offs cost
    more than they save (measured on 60 s of speech: 0.86 -> 0.37 CPU s, 1.3 -> 0.44 s wall), and a
    render's encoder wants the other core.
    """
    model.eval()
    threads = torch.get_num_threads()
    if device == "cpu":
        torch.set_num_threads(1)
    try:
        x = normalise_chunks(torch.from_numpy(np.ascontiguousarray(mel))[None].to(device))
        return model(x)[0].cpu().numpy()
    finally:
        torch.set_num_threads(threads)


def cosine_lr(lr: float, step: int, steps: int, warmup: int) -> float:
    """Linear warm-up, then a cosine decay to zero at ``steps``."""
    return lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * step / steps))


def _save_atomic(obj, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


@dataclass
class Run:
    """One resumable optimisation: the model, its optimiser, both random streams and the best weights so far.

    ``meta`` identifies the run (architecture and training config): a checkpoint written under other
    ``meta`` is ignored rather than resumed into a different model.
    """

    model: torch.nn.Module
    opt: torch.optim.Optimizer
    rng: np.random.Generator
    gen: torch.Generator
    meta: dict
    step: int = 0
    best: float = float("inf")
    best_state: dict | None = None

    def resume(self, path: Path, device: str) -> bool:
        """Continue from the checkpoint at ``path`` when it belongs to this run; True if it did."""
        if not path.exists():
            return False
        ckpt = torch.load(path, map_location=device, weights_only=False)
        if any(ckpt.get(key) != value for key, value in self.meta.items()):
            return False
        self.model.load_state_dict(ckpt["model"])
        self.opt.load_state_dict(ckpt["opt"])
        self.step, self.best, self.best_state = ckpt["step"], ckpt["best"], ckpt["best_state"]
        self.rng.bit_generator.state = ckpt["rng"]
        self.gen.set_state(ckpt["gen"])
        return True

    def keep_if_best(self, loss: float) -> None:
        if loss < self.best:
            self.best = loss
            self.best_state = {k: v.detach().cpu().clone() for k, v in self.model.state_dict().items()}

    def checkpoint(self, path: Path) -> None:
        """Atomically write everything :meth:`resume` needs."""
        _save_atomic({"model": self.model.state_dict(), "opt": self.opt.state_dict(), "step": self.step,
                      "best": self.best, "best_state": self.best_state, "rng": self.rng.bit_generator.state,
                      "gen": self.gen.get_state(), **self.meta}, path)

    def fit(self, config, batch_loss: Callable[[], torch.Tensor], evaluate: Callable[[], float], ckpt_path: Path,
            progress: Progress, report_every: int = 20) -> None:
        """Optimise ``batch_loss`` up to ``config.steps`` (AdamW groups, cosine schedule, clipped gradients),
        keeping the best weights on ``evaluate`` every ``config.eval_every`` steps and checkpointing every
        ``config.checkpoint_every``."""
        while self.step < config.steps:
            self.model.train()
            for group in self.opt.param_groups:
                group["lr"] = cosine_lr(config.lr, self.step, config.steps, config.warmup)
            loss = batch_loss()
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
            self.opt.step()
            self.step += 1
            step = self.step
            if step % config.eval_every == 0 or step == config.steps:
                self.keep_if_best(evaluate())
            if step % config.checkpoint_every == 0 and step < config.steps:
                self.checkpoint(ckpt_path)
            if step % report_every == 0:
                progress(step / config.steps, f"step {step}/{config.steps} loss {loss.item():.4f}")

    def finish(self, out_dir: Path, config: dict) -> None:
        """Write the best weights and ``config.json`` (the finished marker, last), drop the checkpoint."""
        state = self.best_state or self.model.state_dict()
        save_file({k: v.contiguous() for k, v in state.items()}, str(out_dir / "weights.safetensors"))
        (out_dir / "config.json").write_text(json.dumps(config, indent=2))
        (out_dir / "checkpoint.pt").unlink(missing_ok=True)


def train_mouth_net(
    mel: np.ndarray,
    targets: np.ndarray,
    weights: np.ndarray,
    val: tuple[int, int],
    out_dir: str | Path,
    *,
    config: TrainConfig = TrainConfig(),
    net: MouthNetConfig | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
) -> TrainResult:
    """Fit ``MouthNet`` to per-frame ``targets`` (n, k) from raw log-mel (4n, 80).

    ``weights`` (n,) zero out unusable frames; frames in ``val`` (start, end) are never trained on.
    """
    progress = progress or no_progress
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    torch.manual_seed(config.seed)
    net = net or MouthNetConfig(out_dim=targets.shape[1])
    model = MouthNet(net).to(device)
    run = Run(model, torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay),
              np.random.default_rng(config.seed), torch.Generator().manual_seed(config.seed),
              {"net": net.to_dict(), "config": asdict(config)})
    ckpt_path = out_dir / "checkpoint.pt"
    if run.resume(ckpt_path, device):  # after a crash
        progress(run.step / config.steps, f"resumed at step {run.step}")
    train_weights = weights.astype(np.float32).copy()
    train_weights[val[0] : val[1]] = 0.0
    starts = np.arange(0, len(targets) - config.chunk_frames)
    starts = starts[(starts + config.chunk_frames <= val[0]) | (starts >= val[1])]
    val_mel = mel[val[0] * MEL_PER_FRAME : val[1] * MEL_PER_FRAME]
    val_t = torch.from_numpy(targets[val[0] : val[1]])[None].to(device)
    val_w = torch.from_numpy(weights[val[0] : val[1]].astype(np.float32))[None].to(device)

    def evaluate() -> float:
        pred = torch.from_numpy(predict(model, val_mel, device))[None].to(device)
        return float(_loss(pred, val_t, val_w, 0.0))

    def batch_loss() -> torch.Tensor:
        x, y, w = sample_chunks(mel, targets, train_weights, starts, config, run.rng, run.gen, device)
        return _loss(model(x), y, w, config.velocity_weight)

    run.fit(config, batch_loss, evaluate, ckpt_path, progress)
    seconds = time.monotonic() - started
    run.finish(out_dir, {"arch": "MouthNet", "net": net.to_dict(), "train": asdict(config), "val_loss": run.best,
                         "steps": run.step, "train_s": seconds})
    return TrainResult(out_dir, run.step, run.best, seconds)


def load_mouth_net(model_dir: str | Path, device: str = "cpu") -> MouthNet:
    """Rebuild a trained ``MouthNet`` from its directory (config.json + weights.safetensors)."""
    from safetensors.torch import load_file

    model_dir = Path(model_dir)
    meta = json.loads((model_dir / "config.json").read_text())
    cfg = meta["net"]
    model = MouthNet(MouthNetConfig(**{**cfg, "dilations": tuple(cfg["dilations"])})).to(device)
    model.load_state_dict(load_file(str(model_dir / "weights.safetensors"), device=device))
    return model.eval()
