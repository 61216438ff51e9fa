"""The learned mouth warp: native-resolution pixels moved, trained on the person's own frames, resumable, refusable."""

import json
import shutil

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from avatar import lipsync, load_avatar
from avatar.models.mouth_warp import MouthWarp, MouthWarpConfig
from avatar.retrieve import MatchedCrops, WarpedCrops
from avatar.store import write_info
from avatar.train_warp import WarpTrainConfig, _Pairs, _recolour, near_shapes, train_mouth_warp
from avatar.warp import lip_pictures, load_mouth_warp, resample, warp_crop
from core.errors import Cancelled

CFG = WarpTrainConfig(steps=60, batch=8, warmup=5, checkpoint_every=20, eval_every=20, val_pairs=48, neighbours=120)
NET = MouthWarpConfig(size=64, channels=8)


def test_zero_fields_return_the_native_crop_bit_exact_and_a_flow_moves_pixels():
    rng = np.random.default_rng(0)
    crop = rng.integers(0, 256, (390, 540, 3), dtype=np.uint8)  # a 4K-sized crop, far above the net's grid
    still = warp_crop(crop, np.zeros((2, 32, 32), np.float32), np.zeros((16, 16), np.float32))
    assert still.shape == crop.shape and np.array_equal(still, crop)
    flow = np.zeros((2, 32, 32), np.float32)
    flow[0], flow[1] = 6 / (540 / 2), -3 / (390 / 2)  # sample 6 px to the right and 3 px up
    moved = warp_crop(crop, flow, np.zeros((16, 16), np.float32))
    assert np.array_equal(moved[3:, :-6], crop[:-3, 6:])
    brighter = warp_crop(crop, np.zeros((2, 32, 32), np.float32), np.full((16, 16), np.log(1.2), np.float32))
    assert abs(brighter[crop < 100].mean() / crop[crop < 100].mean() - 1.2) < 0.01


def test_training_grid_and_native_warp_agree():
    """The net is trained with grid_sample on its small grid; the same fields at native size move the same way."""
    rng = np.random.default_rng(1)
    crop = (rng.random((8, 8, 3)) * 255).astype(np.uint8)
    crop = np.kron(crop, np.ones((16, 16, 1), np.uint8))  # 128 x 128, smooth blocks
    flow = np.zeros((1, 2, 8, 8), np.float32)
    flow[0, 0], flow[0, 1] = 16 / 64, 8 / 64
    small = resample(torch.from_numpy(crop).permute(2, 0, 1)[None].float(), torch.from_numpy(flow),
                     torch.zeros(1, 1, 4, 4))[0].permute(1, 2, 0).numpy()
    native = warp_crop(crop, flow[0], np.zeros((4, 4), np.float32)).astype(np.float32)
    assert np.abs(small - native).max() < 1.0


def test_lip_pictures_draw_lips_and_an_open_mouth(avatar_dir):
    avatar = load_avatar(avatar_dir)
    from avatar.ingest.align import to_canonical_points
    from avatar.ingest.landmarks import LIPS

    lips = to_canonical_points(avatar.landmarks, avatar.to_canonical)[:, LIPS]
    info = avatar.info
    wide, shut = int(np.argmax(avatar.opening)), int(np.argmin(np.where(avatar.usable, avatar.opening, np.inf)))
    pictures = lip_pictures(lips[[wide, shut]], info.px_per_iod, (info.crop_width, info.crop_height), 128)
    assert pictures.shape == (2, 2, 128, 128)
    assert pictures[:, 0].sum(axis=(1, 2)).min() > 50, "both show a lips band"
    assert pictures[0, 1].sum() > 5 * pictures[1, 1].sum() + 1, "the open mouth shows a cavity"


def _held_errors(model: MouthWarp, pairs: _Pairs, sources: np.ndarray, targets: np.ndarray) -> dict[str, tuple[float, float]]:
    """(learned warp, identity warp) errors: masked L1 against the target crops and lip-point displacement."""
    src, tgt, x, colour, target_lips, source_lips = pairs.batch(sources, targets)
    with torch.no_grad():
        flow, log_gain = model.eval()(x)
        images = [_recolour(resample(src, f, g), colour) for f, g in ((flow, log_gain), (0 * flow, 0 * log_gain))]
        fetched = [F.grid_sample(f, target_lips[:, :, None], align_corners=False)[..., 0].transpose(1, 2) for f in (flow, 0 * flow)]
    weight = pairs.mask[None, None]
    return {"pixels": tuple(float(((a - tgt).abs() * weight).sum() / (weight.sum() * a.shape[0] * 3)) for a in images),
            "lips": tuple(float((f - (source_lips - target_lips)).abs().mean()) for f in fetched)}


def test_the_warp_learns_resumes_after_a_crash_and_beats_the_identity_on_held_frames(avatar_dir, tmp_path):
    avatar = load_avatar(avatar_dir)
    split = avatar.info.holdout_start
    val = (int(split * 0.85), split)
    out = tmp_path / "warp"

    def crash(fraction, message):
        if "step 50" in message:
            raise Cancelled("worker lost")

    with pytest.raises(Cancelled):
        train_mouth_warp(avatar, val, out, config=CFG, net=NET, progress=crash)
    assert (out / "checkpoint.pt").exists() and not (out / "weights.safetensors").exists()
    messages = []
    result = train_mouth_warp(avatar, val, out, config=CFG, net=NET, progress=lambda f, m: messages.append(m))
    assert messages[0] == "resumed at step 40" and result.steps == 60
    assert not (out / "checkpoint.pt").exists() and json.loads((out / "config.json").read_text())["steps"] == 60
    model = load_mouth_warp(out)
    # held frames (never trained on), each from a near shape elsewhere, as retrieval would pick
    pairs = _Pairs(avatar, NET, "cpu")
    frames = np.arange(avatar.info.frames)
    held = np.flatnonzero(avatar.usable & (frames >= val[0]) & (frames < val[1]))[::3]
    train = np.flatnonzero(avatar.usable & (frames < val[0]))
    sources = near_shapes(pairs.database, held, train, CFG.neighbours, CFG.min_gap)[:, -1]
    errors = _held_errors(model, pairs, sources, held)
    assert errors["pixels"][0] < errors["pixels"][1], errors
    # after 60 steps the lips gain is within run-to-run noise: the warp must not buy pixels with shape
    assert errors["lips"][0] < errors["lips"][1] * 1.02, errors


def test_an_avatar_whose_warp_was_refused_lipsyncs_by_retrieval(avatar_dir, tmp_path):
    info = load_avatar(avatar_dir).info
    assert info.model["renderer"] in ("warp", "retrieval")
    figures = info.model["warp"]["validation"]
    assert figures["frames"] > 0 and np.isfinite(figures["floor_psnr"]) and np.isfinite(figures["warp_psnr"])
    copy = tmp_path / "copy"
    shutil.copytree(avatar_dir, copy)
    speech = np.random.default_rng(0).normal(0, 0.1, 16000).astype(np.float32)
    for renderer, kind in (("warp", WarpedCrops), ("retrieval", MatchedCrops)):
        write_info(copy, info.model_copy(update={"model": {**info.model, "renderer": renderer}}))
        track = lipsync(copy, speech)
        assert type(track.crops) is kind
        assert track.crops[3].shape == (info.crop_height, info.crop_width, 3)
    refused = lipsync(copy, speech)
    warped = lipsync(copy, speech, renderer="warp")
    assert np.array_equal(refused.crops.chosen, warped.crops.chosen), "the warp refines the same retrieval"
    assert np.array_equal(refused.crops.source(3), refused.crops.pool[refused.crops.chosen[3]])
