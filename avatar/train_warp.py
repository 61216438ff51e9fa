"""Train the mouth warp refiner by reconstructing the person's own frames, then measure whether it earns its place.

Read top to bottom: for each training frame ``t`` pick sources ``s`` the way retrieval would (near
in lip shape, from another moment: never ``t``'s neighbours) -> the net bends crop ``s`` from shape
``s`` to shape ``t`` -> masked L1 + gradient L1 against crop ``t`` (after the same colour transfer
lip-sync applies), the flow at ``t``'s lip points against where ``s``'s are, plus flow smoothness -> best weights on a validation slice, atomic checkpoints,
resume (:class:`avatar.train.Run`). Then :func:`validate_warp` drives retrieval with the audio
net's predictions over that slice, with and without the warp, and scores both on real crops.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from avatar import audio as audio_features
from avatar.ingest.align import to_canonical_points
from avatar.models.mouth_warp import MouthWarp, MouthWarpConfig
from avatar.retrieve import colour_transfer, mouth_track, read_crops, ring_stats
from avatar.store import Avatar
from avatar.train import Run, TrainResult, load_mouth_net, predict
from avatar.warp import lip_grid, net_input, resample, shape_channels, small_crops, small_mask
from core.media import read_audio
from core.progress import Progress, no_progress


class NotEnoughFootage(ValueError):
    """Too few usable training frames to draw source/target pairs from."""


@dataclass(frozen=True)
class WarpTrainConfig:
    steps: int = 400
    batch: int = 16
    lr: float = 5e-3
    weight_decay: float = 1e-4
    warmup: int = 40
    neighbours: int = 24  # sources drawn from this many nearest shapes, as retrieval's Viterbi considers
    min_gap: int = 13  # frames (about 0.5 s): a source is never one of the target's neighbours
    landmark_weight: float = 1.0
    gradient_weight: float = 0.5
    smooth_weight: float = 0.02
    gain_weight: float = 0.05
    checkpoint_every: int = 100
    eval_every: int = 100
    val_pairs: int = 96
    seed: int = 0


def near_shapes(database: np.ndarray, targets: np.ndarray, pool: np.ndarray, k: int, gap: int) -> np.ndarray:
    """(len(targets), k) frames of ``pool`` nearest in shape to each target, at least ``gap`` frames away
    (unordered, except that the last column is the k-th nearest)."""
    out = np.empty((len(targets), k), np.int64)
    for i in range(0, len(targets), 512):
        chunk = targets[i:i + 512]
        dist = ((database[chunk][:, None, :] - database[pool][None, :, :]) ** 2).sum(-1)
        dist[np.abs(chunk[:, None] - pool[None, :]) < gap] = np.inf
        out[i:i + 512] = pool[np.argpartition(dist, k - 1, axis=1)[:, :k]]
    return out


class _Pairs:
    """Batches of (source crop, target crop, net input, colour transfer) on the net's grid."""

    def __init__(self, avatar: Avatar, net: MouthWarpConfig, device: str) -> None:
        info = avatar.info
        size = net.size
        self.avatar, self.net, self.device = avatar, net, device
        self.crops = small_crops(avatar, size)
        mask = small_mask(avatar, size)
        self.mask = torch.from_numpy(mask).to(device)
        ring = (mask > 0.05) & (mask < 0.6)
        self.stats = ring_stats(self.crops, np.arange(len(self.crops)), ring)
        # shapes as lip-sync sees them: projected onto the person's lip PCA
        self.database = avatar.shapes.encode(to_canonical_points(avatar.landmarks, avatar.to_canonical))
        self.lips = avatar.shapes.decode(self.database)
        self.geometry = (info.px_per_iod, (info.crop_width, info.crop_height))

    def batch(self, sources: np.ndarray, targets: np.ndarray) -> tuple[torch.Tensor, ...]:
        """(source, target) images (n, 3, s, s) in 0..1, net input, colour maps (n, 3, 4), and the target's and
        source's lip points in grid_sample units (n, 40, 2) each."""
        def load(frames: np.ndarray) -> torch.Tensor:
            return torch.from_numpy(np.ascontiguousarray(self.crops[frames])).to(self.device)

        src, tgt = load(sources), load(targets)
        x = net_input(src, self.mask, shape_channels(self.avatar, self.lips[sources], self.lips[targets], self.net))
        colour = torch.from_numpy(colour_transfer(self.stats[sources], self.stats[targets])).float().to(self.device)
        as_float = lambda images: images.permute(0, 3, 1, 2).float() / 255.0  # noqa: E731
        points = [torch.from_numpy(lip_grid(self.lips[f], *self.geometry)).float().to(self.device)
                  for f in (targets, sources)]
        return as_float(src), as_float(tgt), x, colour, *points


def _recolour(images: torch.Tensor, colour: torch.Tensor) -> torch.Tensor:
    """Apply (n, 3, 4) affine colour maps in 0..255 units to (n, 3, h, w) images in 0..1."""
    return torch.einsum("nij,njhw->nihw", colour[:, :, :3], images) + colour[:, :, 3, None, None] / 255.0


def _loss(model: MouthWarp, pairs: _Pairs, batch: tuple, cfg: WarpTrainConfig, regularise: bool = True) -> torch.Tensor:
    src, tgt, x, colour, target_lips, source_lips = batch
    flow, log_gain = model(x)
    pred = _recolour(resample(src, flow, log_gain), colour)
    weight = pairs.mask[None, None]
    norm = weight.sum() * 3 * len(src)
    loss = ((pred - tgt).abs() * weight).sum() / norm
    if not regularise:
        return loss
    # where the target's lip points are, the flow must fetch the source's: direct, dense-enough supervision
    # that photometric loss alone (gradients only a pixel or two wide) learns far more slowly
    at_lips = F.grid_sample(flow, target_lips[:, :, None], mode="bilinear", align_corners=False)[..., 0]
    loss = loss + cfg.landmark_weight * (at_lips.transpose(1, 2) - (source_lips - target_lips)).abs().mean()
    for axis in (2, 3):
        grad = lambda images: images.diff(dim=axis)  # noqa: E731
        w = weight.narrow(axis, 1, weight.shape[axis] - 1)
        loss = loss + cfg.gradient_weight * ((grad(pred) - grad(tgt)).abs() * w).sum() / norm
        loss = loss + cfg.smooth_weight * flow.diff(dim=axis).abs().mean()
    return loss + cfg.gain_weight * (log_gain**2).mean()


def train_mouth_warp(
    avatar: Avatar,
    val: tuple[int, int],
    out_dir: str | Path,
    *,
    config: WarpTrainConfig = WarpTrainConfig(),
    net: MouthWarpConfig = MouthWarpConfig(),
    device: str = "cpu",
    progress: Progress | None = None,
) -> TrainResult:
    """Fit ``MouthWarp`` on pairs of the avatar's training frames; frames in ``val`` and the hold-out are never trained on."""
    progress = progress or no_progress
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    torch.manual_seed(config.seed)
    model = MouthWarp(net).to(device)
    run = Run(model, torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=config.weight_decay),
              np.random.default_rng(config.seed), torch.Generator().manual_seed(config.seed),
              {"net": net.to_dict(), "config": asdict(config), "val": list(val)})
    ckpt_path = out_dir / "checkpoint.pt"
    if run.resume(ckpt_path, device):  # after a crash
        progress(run.step / config.steps, f"resumed at step {run.step}")
    pairs = _Pairs(avatar, net, device)
    frames = np.arange(avatar.info.frames)
    usable = avatar.usable & (frames < avatar.info.holdout_start)
    train = np.flatnonzero(usable & ((frames < val[0]) | (frames >= val[1])))
    held = np.flatnonzero(usable & (frames >= val[0]) & (frames < val[1]))
    if len(train) < 4 * config.neighbours or len(held) == 0:
        raise NotEnoughFootage(f"too few usable frames to train the mouth warp ({len(train)} training, {len(held)} validation)")
    sources = near_shapes(pairs.database, train, train, config.neighbours, config.min_gap)
    held = held[np.linspace(0, len(held) - 1, min(config.val_pairs, len(held))).astype(int)]
    # each held frame from its k-th nearest shape: the farthest source training draws
    val_batch = pairs.batch(near_shapes(pairs.database, held, train, config.neighbours, config.min_gap)[:, -1], held)

    @torch.no_grad()
    def evaluate() -> float:
        model.eval()
        return float(_loss(model, pairs, val_batch, config, regularise=False))

    if run.step == 0:
        run.keep_if_best(evaluate())  # the identity warp (plain retrieval) is the weights to beat

    def batch_loss() -> torch.Tensor:
        pick = run.rng.integers(0, len(train), config.batch)
        source = sources[pick, run.rng.integers(0, config.neighbours, config.batch)]
        return _loss(model, pairs, pairs.batch(source, train[pick]), config)

    run.fit(config, batch_loss, evaluate, ckpt_path, progress, report_every=10)
    seconds = time.monotonic() - started
    run.finish(out_dir, {"arch": "MouthWarp", "net": net.to_dict(), "train": asdict(config), "val_loss": run.best,
                         "steps": run.step, "train_s": seconds})
    return TrainResult(out_dir, run.step, run.best, seconds)


def _psnr(errors: list[float], pixels: int) -> float:
    mse = sum(errors) / max(pixels, 1)
    return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))


def validate_warp(avatar: Avatar, warp: MouthWarp, val: tuple[int, int], coef_scale: float, *,
                  device: str = "cpu", max_frames: int = 250) -> dict[str, float]:
    """Mouth PSNR of retrieval alone (``floor_psnr``) and retrieval + ``warp`` (``warp_psnr``) on ``val``.

    The audio net's predictions over ``val`` drive retrieval from the other training frames (never
    ``val`` itself nor the hold-out); each output is pasted onto the real frame's own crop and
    compared with it where the mask is > 0.5, at native resolution.
    """
    start, stop = val[0], min(val[1], val[0] + max_frames)
    frames = np.arange(avatar.info.frames)
    candidates = np.flatnonzero(avatar.usable & (frames < avatar.info.holdout_start) & ((frames < val[0]) | (frames >= val[1])))
    mel = audio_features.log_mel(read_audio(avatar.path / "audio.wav"), frames=avatar.info.frames)
    shapes = predict(load_mouth_net(avatar.model_dir, device), mel, device)[start:stop] * coef_scale
    base = np.arange(start, stop)
    tracks = {name: mouth_track(avatar, shapes, base, candidates, warp=net, device=device)
              for name, net in (("floor", None), ("warp", warp))}
    pool = read_crops(avatar)
    inside = avatar.mask > 0.5
    errors = {name: [] for name in tracks}
    pixels = 0
    for t, frame in enumerate(base):
        if not avatar.usable[frame]:
            continue
        real = pool[frame][inside].astype(np.float32)
        for name, track in tracks.items():
            errors[name].append(float(((track.crops[t][inside].astype(np.float32) - real) ** 2).sum()))
        pixels += real.size
    return {"floor_psnr": _psnr(errors["floor"], pixels), "warp_psnr": _psnr(errors["warp"], pixels),
            "frames": len(errors["floor"])}
