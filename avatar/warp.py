"""Learned warp on top of retrieval: bend each retrieved real crop towards the lip shape it should show.

The net (:mod:`avatar.models.mouth_warp`) sees a small copy of the crop, its lip shape drawn as a
picture and the motion to the wanted shape splatted around the wanted lip points; its flow and
shading fields are smooth, so they are upsampled to the crop's native size and applied there
(:func:`warp_crop`). Output pixels are still the person's real pixels at
their real resolution, moved by under a quarter of the crop and re-lit by a slow gain.
"""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import torch
from torch.nn import functional as F

from avatar.ingest.align import crop_matrix
from avatar.models.mouth_warp import MouthWarp, MouthWarpConfig
from avatar.store import Avatar
from core.media import cached_frames

OUTER, INNER = slice(0, 20), slice(20, 40)  # the 40 canonical lip points: outer loop, then inner loop
_GAIN_ONE = 170  # a gain of 1 in warp_crop's 8-bit fixed point


def small_crops(avatar: Avatar, size: int) -> np.ndarray:
    """Every crop at ``size`` x ``size`` (the net's input grid), memory-mapped from a cache decoded once."""
    return cached_frames(avatar.crops_path, avatar.path / "cache" / f"crops-{size}.rgb24", size=(size, size),
                         source_size=(avatar.info.crop_width, avatar.info.crop_height))


def small_mask(avatar: Avatar, size: int) -> np.ndarray:
    """The lower-face mask on the net's grid (it masks the net's input and weights its training loss)."""
    return cv2.resize(avatar.mask, (size, size), interpolation=cv2.INTER_AREA)


def warp_fields(avatar: Avatar, model: MouthWarp, frames: np.ndarray, source: np.ndarray, target: np.ndarray,
                device: str) -> tuple[np.ndarray, np.ndarray]:
    """Fields that move crops of ``frames`` from lip-PCA shapes ``source`` to ``target`` ((n, k) each)."""
    size = model.config.size
    shapes = shape_channels(avatar, avatar.shapes.decode(source), avatar.shapes.decode(target), model.config)
    return predict_fields(model, small_crops(avatar, size)[np.asarray(frames)], small_mask(avatar, size), shapes, device)


def shape_channels(avatar: Avatar, source: np.ndarray, target: np.ndarray, config: MouthWarpConfig) -> np.ndarray:
    """The net's shape input for canonical lip points (n, 40, 2) of the crop shown and of the one wanted:
    the source's lips band and cavity, and the wanted motion (:func:`lip_motion`), (n, 5, size, size)."""
    geometry = (avatar.info.px_per_iod, (avatar.info.crop_width, avatar.info.crop_height))
    return np.concatenate([lip_pictures(source, *geometry, config.size),
                           lip_motion(lip_grid(target, *geometry), lip_grid(source, *geometry), config)], 1)


def lip_motion(target: np.ndarray, source: np.ndarray, config: MouthWarpConfig) -> np.ndarray:
    """(n, 3, size, size): at the target's lip points (grid units, (n, 40, 2)), how far to fetch to reach the
    source's, splatted with a Gaussian: weight, then weighted x and y displacement in units of ``max_flow``.

    Retrieval's neighbours differ from the wanted shape by about a native pixel, a fraction of a pixel on the
    net's grid: drawn as pictures the difference would be lost in anti-aliasing; as numbers it is plain.
    """
    size = config.size
    sigma = size / 32
    at = np.clip(np.round((target + 1.0) * size / 2 - 0.5).astype(np.int64), 0, size - 1)
    wanted = (source - target) / config.max_flow
    out = np.zeros((len(target), 3, size, size), np.float32)
    for i in range(len(target)):
        for channel, value in enumerate((1.0, wanted[i, :, 0], wanted[i, :, 1])):
            np.add.at(out[i, channel], (at[i, :, 1], at[i, :, 0]), value)
            out[i, channel] = cv2.GaussianBlur(out[i, channel], (0, 0), sigma) * (2 * np.pi * sigma**2)
    return out


def lip_grid(lips: np.ndarray, px_per_iod: float, crop_size: tuple[int, int]) -> np.ndarray:
    """(n, 40, 2) canonical lip points -> the same points in grid_sample units over the crop (-1..1, pixel edges)."""
    to_crop = crop_matrix(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), px_per_iod)
    return ((lips @ to_crop[:, :2].T + to_crop[:, 2]) + 0.5) * (2.0 / np.asarray(crop_size)) - 1.0


def lip_pictures(lips: np.ndarray, px_per_iod: float, crop_size: tuple[int, int], size: int) -> np.ndarray:
    """(n, 40, 2) canonical lip points -> (n, 2, size, size) float32: the lips band and the mouth cavity.

    Drawn anti-aliased on the net's square grid, in the same geometry as the crop resized to it.
    """
    points = (lip_grid(lips, px_per_iod, crop_size) + 1.0) * (size / 2) - 0.5
    fixed = np.round(points * 16).astype(np.int32)
    out = np.zeros((len(lips), 2, size, size), np.float32)
    for i, p in enumerate(fixed):
        cavity = np.zeros((size, size), np.float32)
        cv2.fillPoly(out[i, 0], [p[OUTER]], 1.0, lineType=cv2.LINE_AA, shift=4)
        cv2.fillPoly(cavity, [p[INNER]], 1.0, lineType=cv2.LINE_AA, shift=4)
        out[i, 0] -= cavity
        out[i, 1] = cavity
    return np.clip(out, 0.0, 1.0)


def net_input(crops: torch.Tensor, mask: torch.Tensor, shapes: np.ndarray) -> torch.Tensor:
    """(n, size, size, 3) uint8 crops, (size, size) mask, :func:`shape_channels` -> (n, 8, size, size)."""
    rgb = crops.permute(0, 3, 1, 2).float() / 255.0 * mask
    return torch.cat([rgb, torch.from_numpy(shapes).to(crops.device)], 1)


def resample(images: torch.Tensor, flow: torch.Tensor, log_gain: torch.Tensor) -> torch.Tensor:
    """Apply the net's output to (n, c, h, w) float images (training and validation at the net's grid)."""
    n, _, h, w = images.shape
    flow = F.interpolate(flow, size=(h, w), mode="bilinear", align_corners=False)
    ys, xs = torch.meshgrid(torch.linspace(-1 + 1 / h, 1 - 1 / h, h, device=images.device),
                            torch.linspace(-1 + 1 / w, 1 - 1 / w, w, device=images.device), indexing="ij")
    grid = torch.stack([xs, ys], -1)[None] + flow.permute(0, 2, 3, 1)
    warped = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)
    return warped * F.interpolate(log_gain, size=(h, w), mode="bilinear", align_corners=False).exp()


def warp_crop(crop: np.ndarray, flow: np.ndarray, log_gain: np.ndarray) -> np.ndarray:
    """The native-resolution ``crop`` (h, w, 3) uint8 moved by ``flow`` (2, fh, fw) and lit by ``log_gain`` (gh, gw).

    Both fields are upsampled to the crop's own size (bilinear, pixel centres aligned as in
    :func:`resample`), so sharpness is the crop's, not the net's grid's. Zero fields return the crop.
    """
    h, w = crop.shape[:2]
    up = cv2.resize(np.ascontiguousarray(flow.transpose(1, 2, 0)), (w, h), interpolation=cv2.INTER_LINEAR)
    map_x = up[..., 0] * (w / 2) + np.arange(w, dtype=np.float32)[None, :]
    map_y = up[..., 1] * (h / 2) + np.arange(h, dtype=np.float32)[:, None]
    out = cv2.remap(np.ascontiguousarray(crop), map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    if np.any(log_gain):  # 8-bit fixed point (steps of 1/170, gains up to 1.5): a third of the float multiply's time
        gain = cv2.resize(np.exp(np.asarray(log_gain, np.float32)) * _GAIN_ONE, (w, h), interpolation=cv2.INTER_LINEAR)
        gain = cv2.cvtColor(np.clip(gain + 0.5, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2RGB)
        out = cv2.multiply(out, gain, scale=1.0 / _GAIN_ONE)
    return out


def load_mouth_warp(model_dir: str | Path, device: str = "cpu") -> MouthWarp:
    """Rebuild a trained ``MouthWarp`` from its directory (config.json + weights.safetensors)."""
    from safetensors.torch import load_file

    model_dir = Path(model_dir)
    meta = json.loads((model_dir / "config.json").read_text())
    model = MouthWarp(MouthWarpConfig(**meta["net"])).to(device)
    model.load_state_dict(load_file(str(model_dir / "weights.safetensors"), device=device))
    return model.eval()


@torch.no_grad()
def predict_fields(model: MouthWarp, crops: np.ndarray, mask: np.ndarray, shapes: np.ndarray, device: str,
                   batch: int = 128) -> tuple[np.ndarray, np.ndarray]:
    """Flow (n, 2, s/4, s/4) and log-gain (n, s/8, s/8) float32 for small crops (n, s, s, 3) and shape channels."""
    mask_t = torch.from_numpy(np.ascontiguousarray(mask, np.float32)).to(device)
    flows, gains = [], []
    for i in range(0, len(crops), batch):
        x = net_input(torch.from_numpy(np.ascontiguousarray(crops[i:i + batch])).to(device), mask_t, shapes[i:i + batch])
        flow, log_gain = model(x)
        flows.append(flow.cpu().numpy())
        gains.append(log_gain[:, 0].cpu().numpy())
    return np.concatenate(flows), np.concatenate(gains)
