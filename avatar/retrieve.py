"""Speech -> MouthTrack by frame retrieval (in the spirit of Video Rewrite): real pixels, no pixel training.

Numbered steps in :func:`lipsync`: 1. audio features -> 2. predicted lip shapes (the trained net) ->
3. pick one real training frame per output frame by Viterbi over shape distance plus a join cost
that favours running on through consecutive footage -> 4. cut those frames' native-resolution
crops, colour-matched to the frame they will be pasted on -> 5. the MouthTrack hand-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from avatar import audio as audio_features
from avatar.ingest.align import to_canonical_points
from avatar.store import Avatar, load_avatar
from avatar.train import load_mouth_net, predict
from core.errors import InputError, NotConfiguredError
from core.media import cached_frames, read_audio
from core.progress import Progress, no_progress


@dataclass(frozen=True)
class MouthTrack:
    """The hand-off to render/: per output frame, a mouth crop and where it goes.

    Output frame ``t`` = source frame ``base_frames[t]`` of the avatar (25 fps numbering, as in
    ``holdout.mp4``/``idle.mp4``) with ``crops[t]`` warped by ``to_frame[t]`` (2x3, crop pixels ->
    frame pixels: ``cv2.warpAffine(crop, to_frame[t], frame_size)``) and blended by ``mask``
    (1 = crop, 0 = frame untouched). Crops are native resolution: no upscaling anywhere.
    """

    fps: int
    frame_size: tuple[int, int]  # (width, height) of the source frames
    base_frames: np.ndarray  # (n,) int
    crops: np.ndarray  # (n, h, w, 3) uint8
    mask: np.ndarray  # (h, w) float32 in [0, 1]
    to_frame: np.ndarray  # (n, 2, 3) float64
    shapes: np.ndarray  # (n, k) predicted lip-PCA coefficients (canonical units)

    def __len__(self) -> int:
        return len(self.base_frames)


def idle_frames(avatar: Avatar, count: int) -> np.ndarray:
    """Base frames for ``count`` output frames: the idle loop played forwards and backwards."""
    start, stop = avatar.info.idle_start, avatar.info.idle_stop
    cycle = np.concatenate([np.arange(start, stop), np.arange(stop - 2, start, -1)])
    return cycle[np.arange(count) % len(cycle)]


def select_frames(
    target: np.ndarray, database: np.ndarray, candidates: np.ndarray, *, join_weight: float = 1.0,
    jump_cost: float = 0.05, k: int = 24,
) -> np.ndarray:
    """Viterbi unit selection: one database frame per target shape.

    ``target`` (T, k) predicted shapes; ``database`` (N, k) real shapes; ``candidates`` the indices
    allowed. Staying on consecutive frames is free; a jump costs ``jump_cost`` plus how far the
    next real frame's shape is from the one jumped to.
    """
    pool = database[candidates]
    n = len(target)
    dist = ((target[:, None, :] - pool[None, :, :]) ** 2).sum(-1)
    top = np.argsort(dist, axis=1)[:, :k]
    cand = candidates[top]  # (T, k) database indices
    unit = np.take_along_axis(dist, top, 1)
    nxt = np.minimum(cand + 1, len(database) - 1)
    cost = unit[0].copy()
    back = np.zeros((n, k), np.int64)
    for t in range(1, n):
        jump = ((database[nxt[t - 1]][:, None, :] - database[cand[t]][None, :, :]) ** 2).sum(-1)
        trans = np.where(cand[t - 1][:, None] + 1 == cand[t][None, :], 0.0, jump_cost + join_weight * jump)
        total = cost[:, None] + trans
        back[t] = total.argmin(0)
        cost = total.min(0) + unit[t]
    path = np.zeros(n, np.int64)
    path[-1] = int(cost.argmin())
    for t in range(n - 1, 0, -1):
        path[t - 1] = back[t, path[t]]
    return cand[np.arange(n), path]


def _read_crops(avatar: Avatar) -> np.ndarray:
    """All native-resolution crops, (n, h, w, 3) RGB, memory-mapped from a raw cache decoded once.

    Every lip-sync reads frames from across the training footage; decoding ``crops.mp4`` each time
    cost more than the rest of the lip-sync together.
    """
    return cached_frames(avatar.crops_path, avatar.path / "cache" / "crops.rgb24")


def _ring_stats(image: np.ndarray, ring: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel (mean, std) of ``image`` over the ``ring`` mask (uint8), in C."""
    mean, std = cv2.meanStdDev(image, mask=ring)
    return mean[:, 0], std[:, 0]


def _match_colour(
    crop: np.ndarray, ring: np.ndarray, reference: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Per-channel mean/std transfer measured on the ring just inside the mask edge.

    ``reference`` is the (mean, std) of the frame pasted on (:func:`_ring_stats`); the transfer is one
    affine map per channel, applied with rounding and saturation by ``cv2.transform``.
    """
    src_mean, src_std = _ring_stats(crop, ring)
    ref_mean, ref_std = reference
    gain = np.clip((ref_std + 1e-3) / (src_std + 1e-3), 0.8, 1.25)
    matrix = np.zeros((3, 4))
    matrix[:, :3] = np.diag(gain)
    matrix[:, 3] = ref_mean - src_mean * gain
    return cv2.transform(crop, matrix)


def lipsync(
    avatar: Avatar | str | Path,
    speech: np.ndarray | str | Path,
    *,
    base_frames: np.ndarray | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
) -> MouthTrack:
    """Drive ``avatar`` with ``speech`` (a wav/any audio path, or 16 kHz mono samples) -> MouthTrack.

    ``base_frames`` chooses the source frames to paste onto (default: the idle loop).
    """
    progress = progress or no_progress
    avatar = avatar if isinstance(avatar, Avatar) else load_avatar(avatar)
    if not avatar.info.model.get("weights"):
        raise NotConfiguredError(f"avatar {avatar.info.name!r} has no trained model yet: run create_avatar first")
    # 1. audio features
    samples = read_audio(speech) if isinstance(speech, (str, Path)) else np.asarray(speech, np.float32)
    frames = int(np.ceil(len(samples) / audio_features.SAMPLE_RATE * avatar.info.fps))
    if frames < 1:
        raise InputError("speech is empty")
    mel = audio_features.log_mel(samples, frames=frames)
    # 2. predicted lip shapes
    model = load_mouth_net(avatar.model_dir, device)
    shapes = predict(model, mel, device)[:frames] * avatar.info.model["coef_scale"]
    progress(0.2, "mouth shapes predicted")
    # 3. frame selection over the training footage
    if base_frames is None:
        base_frames = idle_frames(avatar, frames)
    base_frames = np.asarray(base_frames)[:frames]
    canonical = to_canonical_points(avatar.landmarks, avatar.to_canonical)
    database = avatar.shapes.encode(canonical)
    split = avatar.info.holdout_start
    candidates = np.flatnonzero(avatar.usable[:split])
    chosen = select_frames(shapes, database, candidates)
    progress(0.4, "frames selected")
    # 4. crops, colour-matched to their base frames
    pool = _read_crops(avatar)
    ring = ((avatar.mask > 0.05) & (avatar.mask < 0.6)).astype(np.uint8)
    reference = {int(b): _ring_stats(pool[int(b)], ring) for b in np.unique(base_frames)}
    crops = np.empty((len(chosen), *avatar.mask.shape, 3), np.uint8)
    for t, (j, b) in enumerate(zip(chosen, base_frames)):
        crops[t] = _match_colour(pool[int(j)], ring, reference[int(b)])
    to_frame = np.stack([cv2.invertAffineTransform(avatar.to_crop(int(b))) for b in base_frames])
    progress(1.0, "mouth track ready")
    # 5. hand-off
    return MouthTrack(
        fps=avatar.info.fps, frame_size=(avatar.info.width, avatar.info.height), base_frames=base_frames,
        crops=crops, mask=avatar.mask, to_frame=to_frame, shapes=shapes.astype(np.float32),
    )


def paste(frame: np.ndarray, crop: np.ndarray, mask: np.ndarray, to_frame: np.ndarray) -> np.ndarray:
    """Reference paste-back (render/ owns the production one): warp into the ROI only, blend by mask.

    Pixels where the warped mask is 0 are copied unchanged from ``frame``.
    """
    height, width = frame.shape[:2]
    h, w = mask.shape
    corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], np.float64) @ to_frame[:, :2].T + to_frame[:, 2]
    x0, y0 = np.floor(corners.min(0)).astype(int) - 2
    x1, y1 = np.ceil(corners.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)
    if x1 <= x0 or y1 <= y0:
        return frame.copy()
    local = to_frame.copy()
    local[:, 2] -= (x0, y0)
    size = (x1 - x0, y1 - y0)
    warped = cv2.warpAffine(crop, local, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(mask, local, size, flags=cv2.INTER_LINEAR, borderValue=0.0)[..., None]
    out = frame.copy()
    roi = out[y0:y1, x0:x1]
    blended = roi.astype(np.float32) * (1.0 - alpha) + warped.astype(np.float32) * alpha
    out[y0:y1, x0:x1] = np.where(alpha > 0, np.clip(blended + 0.5, 0, 255).astype(np.uint8), roi)
    return out
