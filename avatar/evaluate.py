"""evaluate_avatar: drive the avatar with its own held-out audio and compare with the real held-out frames.

Every measure is taken the same way on both sides: MediaPipe landmarks on the composited frames
and on the real frames. Where the avatar renders with the learned warp, plain retrieval is measured
beside it on the same frames (the ``floor_*`` figures). A control drives the same model with block-shuffled audio; if that still
scores, the metric is not measuring lip-sync. With a user-supplied SyncNet (Wav2Lip's lip-sync expert), LSE-D /
LSE-C style scores of the generated frames come beside the same scores of the real ones.
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np

from avatar.checkpoints import load_syncnet
from avatar.ingest.align import to_canonical_points
from avatar.ingest.landmarks import LIPS, FaceMeshTracker, mouth_opening
from avatar.retrieve import lipsync, paste, renderer_of
from avatar.store import load_avatar, write_info
from avatar.sync import face_crop, sync_scores
from core.media import read_audio, read_frames
from core.progress import Progress, no_progress, sub_progress


def _shuffle_blocks(samples: np.ndarray, block: int, rng: np.random.Generator) -> np.ndarray:
    count = len(samples) // block
    order = rng.permutation(count)
    head = samples[: count * block].reshape(count, block)[order].reshape(-1)
    return np.concatenate([head, samples[count * block :]])


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    if a.size == 0:
        return float("nan")
    mse = float(np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(255.0**2 / mse)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 3 or a.std() < 1e-9 or b.std() < 1e-9:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def evaluate_avatar(
    avatar_dir: str | Path, *, device: str = "cpu", seed: int = 0, save: bool = True, progress: Progress | None = None,
    renderer: str | None = None, syncnet: str | Path | None = None,
) -> dict[str, float]:
    """Lip-sync metrics on the held-out tail: open_corr, shuffled_corr, lmd, lmd_ratio, mouth_psnr, outside_psnr.

``floor_open_corr``, ``floor_lmd_ratio`` and ``floor_mouth_psnr`` are the same measures of plain
retrieval, the floor a learned renderer must beat (equal to the main ones where retrieval is the renderer).

    With ``save`` the metrics are also written into the avatar's ``avatar.json``; ``renderer`` measures another
renderer than the avatar's own (e.g. a warp its training refused), as ``lipsync`` takes it.
    With a ``syncnet`` checkpoint path, ``sync_dist``, ``sync_conf``, ``sync_offset`` (``avatar.sync``) of the
generated frames and ``real_sync_*`` of the real ones are added, from face crops at the landmarks measured here.
    """
    progress = progress or no_progress
    expert = load_syncnet(syncnet, device) if syncnet else None  # a bad checkpoint fails before the long work
    avatar = load_avatar(avatar_dir)
    info = avatar.info
    split, n = info.holdout_start, info.frames
    hop = 16000 // info.fps
    samples = read_audio(avatar.path / "audio.wav")[split * hop : n * hop]
    base = np.arange(split, n)
    started = time.monotonic()
    renderer = renderer or renderer_of(avatar)
    track = lipsync(avatar, samples, base_frames=base, device=device, renderer=renderer,
                    progress=sub_progress(progress, 0.0, 0.25))
    infer_s = time.monotonic() - started
    tracks = {"generated": track,
              "shuffled": lipsync(avatar, _shuffle_blocks(samples, 16000 // 2, np.random.default_rng(seed)), base_frames=base,
                                  device=device, renderer=renderer, progress=sub_progress(progress, 0.25, 0.4))}
    if renderer != "retrieval":  # the retrieval floor the learned renderer has to beat
        tracks["floor"] = lipsync(avatar, samples, base_frames=base, device=device, renderer="retrieval",
                                  progress=sub_progress(progress, 0.4, 0.5))
    keys = ("real", *tracks)
    trackers = {k: FaceMeshTracker(max_faces=1) for k in keys}
    marks = {k: [] for k in keys}
    faces: dict[str, list[np.ndarray | None]] = {k: [] for k in ("real", "generated")} if expert is not None else {}
    inside_err, inside_px, outside = {k: [] for k in tracks}, 0, []
    measure = sub_progress(progress, 0.5, 0.9 if expert is not None else 1.0, "measuring: ")
    count = len(base)
    try:
        for t, frame in enumerate(read_frames(avatar.path / "holdout.mp4")):
            if t >= count:
                break
            images = {"real": frame, **{k: paste(frame, tr.crops[t], tr.mask, tr.to_frame[t]) for k, tr in tracks.items()}}
            for key, image in images.items():
                obs = trackers[key].observe(image)
                marks[key].append(obs.landmarks if obs.landmarks is not None else np.full((478, 3), np.nan, np.float32))
                if key in faces:
                    faces[key].append(None if obs.landmarks is None else face_crop(image, obs.landmarks))
            alpha = cv2.warpAffine(track.mask, track.to_frame[t], (frame.shape[1], frame.shape[0]), flags=cv2.INTER_LINEAR)
            inside = alpha > 0.5
            real = frame[inside].astype(np.float32)
            for key in tracks:
                inside_err[key].append(float(((images[key][inside].astype(np.float32) - real) ** 2).sum()))
            inside_px += int(real.size)
            outside.append(_psnr(images["generated"][alpha == 0], frame[alpha == 0]))
            if t % 50 == 0:
                measure(t / count, f"frame {t}/{count}")
    finally:
        for tracker in trackers.values():
            tracker.close()
    lm = {k: np.stack(v) for k, v in marks.items()}
    frames = base[: len(lm["real"])]
    ok = avatar.usable[frames] & np.all([np.isfinite(lm[k][:, 0, 0]) for k in keys], axis=0)
    opening = {k: mouth_opening(lm[k]) for k in keys}
    lips = {k: to_canonical_points(lm[k], avatar.to_canonical[frames])[:, LIPS] for k in keys}
    both = ok[1:] & ok[:-1]
    jitter = float(np.linalg.norm(lips["real"][1:][both] - lips["real"][:-1][both], axis=-1).mean())

    def lmd(key: str) -> float:
        return float(np.linalg.norm(lips[key][ok] - lips["real"][ok], axis=-1).mean())

    def mouth_psnr(key: str) -> float:
        mse = sum(inside_err[key]) / max(inside_px, 1)
        return float("inf") if mse == 0 else float(10 * np.log10(255.0**2 / mse))

    floor = "floor" if "floor" in tracks else "generated"
    metrics = {
        "open_corr": _pearson(opening["generated"][ok], opening["real"][ok]),
        "shuffled_corr": _pearson(opening["shuffled"][ok], opening["real"][ok]),
        "lmd": lmd("generated"),
        "jitter": jitter,
        "lmd_ratio": lmd("generated") / max(jitter, 1e-9),
        "mouth_psnr": mouth_psnr("generated"),
        "outside_psnr": float(np.min(outside)) if outside else float("nan"),
        "floor_open_corr": _pearson(opening[floor][ok], opening["real"][ok]),
        "floor_lmd_ratio": lmd(floor) / max(jitter, 1e-9),
        "floor_mouth_psnr": mouth_psnr(floor),
        "frames": int(ok.sum()),
        "infer_fps": float(count / max(infer_s, 1e-9)),
    }
    if expert is not None:
        progress(0.9, "lip-sync scores")
        metrics |= sync_scores(expert, faces["generated"], samples, device=device)
        metrics |= {f"real_{k}": v for k, v in sync_scores(expert, faces["real"], samples, device=device).items()}
    if save:
        write_info(avatar.path, info.model_copy(update={"metrics": metrics}))
    progress(1.0, "evaluated")
    return metrics
