"""Speech -> MouthTrack by frame retrieval (in the spirit of Video Rewrite): real pixels, optionally bent by a learned warp.

Numbered steps in :func:`lipsync` and :func:`mouth_track`: 1. audio features -> 2. predicted lip
shapes (the trained net) -> 3. pick one real training frame per output frame by Viterbi over shape
distance plus a join cost that favours running on through consecutive footage -> 4. those frames'
native-resolution crops (memory-mapped, decoded once per avatar) with a colour transfer onto the
frame they will be pasted on, applied on access, and, where the avatar's training accepted it, the
learned warp (:mod:`avatar.warp`) that bends each crop to the predicted lip shape -> 5. the
MouthTrack hand-off.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from avatar import audio as audio_features
from avatar.ingest.align import to_canonical_points
from avatar.store import Avatar, AvatarInfo, load_avatar
from avatar.train import load_mouth_net, predict
from avatar.models.mouth_warp import MouthWarp
from avatar.visemes import fuse, gate_silence, person_visemes, phoneme_closures, phoneme_shapes
from avatar.warp import load_mouth_warp, warp_crop, warp_fields
from core.errors import InputError, NotConfiguredError
from core.media import cached_frames, read_audio
from core.progress import Progress, no_progress


class MatchedCrops:
    """``crops[t]``: output frame ``t``'s native-resolution RGB crop, colour-matched to its base frame.

    Nothing is copied up front: ``source(t)`` is the raw crop (a view of the decoded cache) and
    ``colour[t]`` the 3x4 affine RGB map that matches it; ``crops[t]`` applies one to the other on
    access. A renderer can fold ``colour[t]`` into its own colour conversion instead (one pass).
    """

    def __init__(self, pool: np.ndarray, chosen: np.ndarray, colour: np.ndarray) -> None:
        self.pool, self.chosen, self.colour = pool, np.asarray(chosen), np.asarray(colour)

    def __len__(self) -> int:
        return len(self.chosen)

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self.chosen), *self.pool.shape[1:])

    def source(self, t: int) -> np.ndarray:
        return self.pool[int(self.chosen[t])]

    def __getitem__(self, t: int) -> np.ndarray:
        return cv2.transform(np.ascontiguousarray(self.source(t)), self.colour[t])


class WarpedCrops(MatchedCrops):
    """``MatchedCrops`` whose ``source(t)`` is the retrieved native crop moved by the learned warp.

    The net's fields are small (a quarter and an eighth of its 128-px grid); each is applied to the
    native-resolution crop on access, so a render warps one crop per output frame and keeps no copies.
    """

    def __init__(self, pool: np.ndarray, chosen: np.ndarray, colour: np.ndarray, flow: np.ndarray,
                 log_gain: np.ndarray) -> None:
        super().__init__(pool, chosen, colour)
        self.flow, self.log_gain = flow, log_gain

    def source(self, t: int) -> np.ndarray:
        return warp_crop(super().source(t), self.flow[t], self.log_gain[t])


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
    crops: MatchedCrops  # crops[t]: (h, w, 3) uint8
    mask: np.ndarray  # (h, w) float32 in [0, 1]
    to_frame: np.ndarray  # (n, 2, 3) float64
    shapes: np.ndarray  # (n, k) predicted lip-PCA coefficients (canonical units)

    def __len__(self) -> int:
        return len(self.base_frames)


def idle_cycle(info: AvatarInfo) -> np.ndarray:
    """Source frames of one pass over the idle loop, forwards then backwards (its last frame leads into its first)."""
    start, stop = info.idle_start, info.idle_stop
    return np.concatenate([np.arange(start, stop), np.arange(stop - 2, start, -1)])


def idle_frames(avatar: Avatar, count: int) -> np.ndarray:
    """Base frames for ``count`` output frames: the idle loop played forwards and backwards.

    Whole cycles first; a remainder goes out and comes back the same way, so every segment starts
    on the loop's first frame and ends beside it. Segments played back to back (a live room: idle
    loop, scripts, announcements) then never jump in head pose at a boundary.
    """
    start = avatar.info.idle_start
    cycle = idle_cycle(avatar.info)
    whole, rest = divmod(count, len(cycle))
    out = (rest + 1) // 2
    excursion = np.concatenate([np.arange(start, start + out), np.arange(start + rest - out, start, -1)])
    return np.concatenate([np.tile(cycle, whole), excursion]).astype(int)


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


def read_crops(avatar: Avatar) -> np.ndarray:
    """All native-resolution crops, (n, h, w, 3) RGB, memory-mapped from a raw cache decoded once.

    Every lip-sync reads frames from across the training footage; decoding ``crops.mp4`` each time
    cost more than the rest of the lip-sync together.
    """
    return cached_frames(avatar.crops_path, avatar.path / "cache" / "crops.rgb24",
                         source_size=(avatar.info.crop_width, avatar.info.crop_height))


def ring_stats(pool: np.ndarray, frames: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """(len(frames), 2, 3): per-channel mean and std of each ``pool`` crop over ``ring``, on every other pixel."""
    ring = np.ascontiguousarray(ring[::2, ::2]).astype(np.uint8)
    stats = np.empty((len(frames), 2, 3))
    for i, j in enumerate(frames):
        mean, std = cv2.meanStdDev(np.ascontiguousarray(pool[int(j)][::2, ::2]), mask=ring)
        stats[i] = mean[:, 0], std[:, 0]
    return stats


def crop_ring_stats(avatar: Avatar, pool: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """:func:`ring_stats` of ``pool`` (:func:`read_crops`) crops ``frames``, each crop measured once per avatar.

    A crop's statistics never change, and measuring the few hundred a lip-sync picks cost a 10 s live
    segment more than the rest of its lip-sync. They are kept in ``cache/ring-stats.npy`` ((n, 2, 3), NaN
    where a crop was never asked for: measuring every crop up front would read the whole crop cache),
    dropped when the crop cache is newer. Two renders adding crops at once may lose some; they are measured again.
    """
    path = avatar.path / "cache" / "ring-stats.npy"
    stats = np.full((len(pool), 2, 3), np.nan)
    try:
        if path.stat().st_mtime_ns >= Path(pool.filename).stat().st_mtime_ns:
            kept = np.load(path)
            stats = kept if kept.shape == stats.shape else stats
    except FileNotFoundError:  # not measured yet, or pruned with the other caches a moment ago
        pass
    frames = np.asarray(frames, np.int64)
    missing = np.unique(frames[np.isnan(stats[frames, 0, 0])])
    if len(missing):
        stats[missing] = ring_stats(pool, missing, (avatar.mask > 0.05) & (avatar.mask < 0.6))
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with tmp.open("wb") as out:
                np.save(out, stats)
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    return stats[frames]


def colour_transfer(source: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """(n, 3, 4) per-channel mean/std transfer from ``source`` to ``reference`` ring stats ((n, 2, 3) each).

    Measured on the ring just inside the mask edge; the gain is held to 0.8..1.25 so a crop never
    gains or loses much contrast.
    """
    gain = np.clip((reference[:, 1] + 1e-3) / (source[:, 1] + 1e-3), 0.8, 1.25)
    colour = np.zeros((len(gain), 3, 4))
    colour[:, np.arange(3), np.arange(3)] = gain
    colour[:, :, 3] = reference[:, 0] - source[:, 0] * gain
    return colour


RENDERERS = ("retrieval", "warp")


def renderer_of(avatar: Avatar) -> str:
    """The avatar's pixel renderer: ``warp`` only where its training measured the warp beating retrieval."""
    return avatar.info.model.get("renderer", "retrieval")


def lipsync(
    avatar: Avatar | str | Path,
    speech: np.ndarray | str | Path,
    *,
    base_frames: np.ndarray | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
    renderer: str | None = None,
    phonemes: Sequence[tuple[str, float, float]] | None = None,
) -> MouthTrack:
    """Drive ``avatar`` with ``speech`` (a wav/any audio path, or 16 kHz mono samples) -> MouthTrack.

    ``base_frames`` chooses the source frames to paste onto (default: the idle loop); ``renderer``
    overrides the avatar's own (``retrieval`` is the floor every avatar has). With ``phonemes`` (the voice
    stage's (IPA, start s, end s) timings) the audio net's shapes are fused with the phoneme path
    (``avatar.visemes``): the person's own shapes for those phonemes.
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
    # 2. predicted lip shapes, the audio first normalised to the person's vocal-tract length
    visemes, fps = person_visemes(avatar, device), float(avatar.info.fps)
    mel, _ = audio_features.match_voice(mel, samples, frames, visemes.voice)
    model = load_mouth_net(avatar.model_dir, device)
    shapes = predict(model, mel, device)[:frames] * avatar.info.model["coef_scale"]
    if phonemes:
        phonemes = list(phonemes)
        shapes, _ = fuse(visemes, phoneme_shapes(visemes, phonemes, frames, fps), shapes, fps,
                         phoneme_closures(visemes, phonemes, frames, fps))
    else:
        shapes = gate_silence(visemes, shapes, samples, fps)
    progress(0.2, "mouth shapes predicted")
    if base_frames is None:
        base_frames = idle_frames(avatar, frames)
    candidates = np.flatnonzero(avatar.usable[: avatar.info.holdout_start])
    renderer = renderer or renderer_of(avatar)
    if renderer not in RENDERERS:
        raise InputError(f"unknown renderer {renderer!r}: expected one of {RENDERERS}")
    if renderer == "warp" and not avatar.info.model.get("warp"):
        raise NotConfiguredError(f"avatar {avatar.info.name!r} has no trained warp model")
    warp = load_mouth_warp(avatar.model_dir / "warp", device) if renderer == "warp" else None
    track = mouth_track(avatar, shapes, np.asarray(base_frames)[:frames], candidates, warp=warp, device=device)
    progress(1.0, "mouth track ready")
    return track


def mouth_track(
    avatar: Avatar, shapes: np.ndarray, base_frames: np.ndarray, candidates: np.ndarray, *,
    warp: MouthWarp | None = None, device: str = "cpu",
) -> MouthTrack:
    """Lip-PCA ``shapes`` (n, k) -> MouthTrack onto ``base_frames``, from real frames among ``candidates``;
    with ``warp`` each chosen crop is bent from its own lip shape to the wanted one."""
    # 3. frame selection over the training footage
    database = avatar.shapes.encode(to_canonical_points(avatar.landmarks, avatar.to_canonical))
    chosen = select_frames(shapes, database, candidates)
    # 4. crops, colour-matched to their base frames (and warped to the wanted lip shapes)
    pool = read_crops(avatar)
    stats = crop_ring_stats(avatar, pool, np.concatenate([chosen, base_frames]))
    colour = colour_transfer(stats[: len(chosen)], stats[len(chosen):])
    to_frame = np.stack([cv2.invertAffineTransform(avatar.to_crop(int(b))) for b in base_frames])
    if warp is not None:
        crops = WarpedCrops(pool, chosen, colour, *warp_fields(avatar, warp, chosen, database[chosen], shapes, device))
    else:
        crops = MatchedCrops(pool, chosen, colour)
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
