"""Per-frame compositing in yuv420p: idle-loop base frame + the generated mouth, pasted back exactly.

The base frames are the avatar's ``idle.mp4`` decoded once per output geometry (crop box and size)
straight to yuv420p, the encoder's own format, into a raw cache beside the avatar
(``cache/idle-...yuv``, :func:`core.media.cached_frames`); a render memory-maps it, so the ping-pong
order of :class:`avatar.MouthTrack` is plain indexing and no render decodes or scales the loop again.

The mouth is warped straight into the output geometry (one warp, no full-frame resize), into its
bounding box only: luma where the warped mask is > 0, chroma where the mask's 2x2 average is > 0.
Every other sample is the base frame's, bit for bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np

from avatar import MouthTrack
from avatar.store import AvatarInfo
from core.errors import InputError
from core.media import cached_frames, probe
from render.yuv import halve, planes, rgb_to_ycbcr

RING = (0.05, 0.6)  # mask band just inside the feathered edge where crop and frame are compared


@dataclass(frozen=True)
class Geometry:
    """The output picture: ``box`` (x0, y0, x1, y1) of the source frame, scaled to ``size`` (width, height)."""

    box: tuple[int, int, int, int]
    size: tuple[int, int]

    @property
    def scaled(self) -> bool:
        return self.size != (self.box[2] - self.box[0], self.box[3] - self.box[1])

    @property
    def scale_flags(self) -> str:
        return "area" if self.size[0] < self.box[2] - self.box[0] else "bicubic"

    def to_output(self, to_frame: np.ndarray) -> np.ndarray:
        """Compose a 2x3 map into source pixels with the crop and scale (pixel centres kept, as ffmpeg scales)."""
        scale = np.array([self.size[0] / (self.box[2] - self.box[0]), self.size[1] / (self.box[3] - self.box[1])])
        out = np.asarray(to_frame, np.float64) * scale[:, None]
        out[:, 2] += (0.5 - np.asarray(self.box[:2], np.float64)) * scale - 0.5
        return out


class IdleLoop:
    """The idle loop's frames at one output geometry, as flat yuv420p arrays (memory-mapped cache).

    Index by *source* frame number (as in ``MouthTrack.base_frames``): ``loop[idle_start + k]``.
    """

    def __init__(self, avatar_dir: str | Path, geometry: Geometry | None = None) -> None:
        avatar_dir = Path(avatar_dir)
        info_path = avatar_dir / "avatar.json"
        if not info_path.is_file():
            raise InputError(f"not an avatar directory (no avatar.json): {avatar_dir}")
        info = AvatarInfo.model_validate_json(info_path.read_text())
        self.path = avatar_dir / "idle.mp4"
        video = probe(self.path).video
        if video is None:
            raise InputError(f"{self.path} has no video stream")
        self.source_size = (video.width, video.height)
        self.geometry = geometry or Geometry((0, 0, *self.source_size), self.source_size)
        self.size = self.geometry.size
        self.start, self.stop = info.idle_start, info.idle_stop
        self.count = self.stop - self.start
        box, (w, h) = self.geometry.box, self.size
        full = box == (0, 0, *self.source_size)
        cache = avatar_dir / "cache" / f"idle-{box[0]}-{box[1]}-{box[2]}-{box[3]}-{w}x{h}.yuv"
        self._frames = cached_frames(
            self.path, cache, crop=None if full else box, size=self.size if self.geometry.scaled else None,
            scale_flags=self.geometry.scale_flags, pix_fmt="yuv420p")
        if len(self._frames) != self.count:
            raise InputError(f"{self.path.name} has {len(self._frames)} frames, the avatar expects {self.count}")

    def __getitem__(self, source_index: int) -> np.ndarray:
        k = int(source_index) - self.start
        if not 0 <= k < self.count:
            raise InputError(
                f"base frame {source_index} is outside the avatar's idle loop [{self.start}, {self.stop})")
        return self._frames[k]


@dataclass(frozen=True)
class Placement:
    """Where the warped crop lands: the bounding box in the frame and the matrix relative to it."""

    x0: int
    y0: int
    x1: int
    y1: int
    local: np.ndarray  # 2x3, crop px -> box px


def place(to_frame: np.ndarray, crop_size: tuple[int, int], frame_size: tuple[int, int]) -> Placement | None:
    """Bounding box of the crop warped by ``to_frame`` (2 px margin, even corners for 4:2:0), clipped to the frame."""
    w, h = crop_size
    corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], np.float64) @ to_frame[:, :2].T + to_frame[:, 2]
    x0, y0 = (np.floor(corners.min(0)).astype(int) - 2) // 2 * 2
    x1, y1 = (np.ceil(corners.max(0)).astype(int) + 3) // 2 * 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, frame_size[0] // 2 * 2), min(y1, frame_size[1] // 2 * 2)
    if x1 <= x0 or y1 <= y0:
        return None
    local = np.asarray(to_frame, np.float64).copy()
    local[:, 2] -= (x0, y0)
    return Placement(int(x0), int(y0), int(x1), int(y1), local)


@dataclass(frozen=True)
class MouthMask:
    """The soft mask as 8-bit alpha, trimmed to its support (the crop's corners are often empty)."""

    alpha: np.ndarray  # (h, w) uint8, 255 = crop
    x0: int  # offset of the trimmed box in crop pixels
    y0: int

    @classmethod
    def from_mask(cls, mask: np.ndarray) -> "MouthMask":
        alpha = np.clip(np.asarray(mask, np.float32) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        rows, cols = np.flatnonzero(alpha.any(1)), np.flatnonzero(alpha.any(0))
        if not len(rows):
            raise InputError("the mouth mask is empty")
        y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        return cls(np.ascontiguousarray(alpha[y0:y1, x0:x1]), int(x0), int(y0))


def ring_offset(warped: np.ndarray, base: np.ndarray, alpha: np.ndarray, *, limit: float = 24.0) -> np.ndarray:
    """Per-channel shift that moves the crop's mean onto the base's over the ring just inside the mask edge.

    A shift, not a gain, so teeth and cavity keep their contrast; in YCbCr, so lightness moves apart
    from hue; capped at ``limit`` levels. ``warped`` and ``base`` are (h, w, c) or (h, w) over ``alpha``.
    """
    ring = ((alpha > int(RING[0] * 255)) & (alpha < int(RING[1] * 255))).astype(np.uint8)
    if cv2.countNonZero(ring) < 16:
        return np.zeros(1 if warped.ndim == 2 else warped.shape[2])
    channels = 1 if warped.ndim == 2 else warped.shape[2]
    shift = np.subtract(cv2.mean(base, mask=ring), cv2.mean(warped, mask=ring))[:channels]
    return np.clip(shift, -limit, limit)


def _blend(roi: np.ndarray, top: np.ndarray, alpha: np.ndarray) -> None:
    """``roi`` := ``top`` over ``roi`` by 8-bit ``alpha``, in place, touching only samples with alpha > 0."""
    weight = alpha.astype(np.float32) * (1.0 / 255.0)
    blended = cv2.blendLinear(top, np.ascontiguousarray(roi), weight, 1.0 - weight)
    np.copyto(roi, blended.reshape(roi.shape), where=(alpha > 0).reshape(alpha.shape + (1,) * (roi.ndim - 2)))


def paste_mouth(
    frame: np.ndarray, size: tuple[int, int], crop: np.ndarray, mask: MouthMask | np.ndarray, to_frame: np.ndarray,
    *, colour_match: bool = True,
) -> np.ndarray:
    """Blend the RGB ``crop`` into the flat yuv420p ``frame`` of ``size`` **in place**; returns ``frame``.

    ``to_frame`` maps crop pixels to frame pixels. Only the warped mask's (even) bounding box is touched:
    luma samples with warped alpha > 0 and chroma samples whose 2x2 alpha average is > 0.
    """
    mask = mask if isinstance(mask, MouthMask) else MouthMask.from_mask(mask)
    h, w = mask.alpha.shape
    crop = crop[mask.y0:mask.y0 + h, mask.x0:mask.x0 + w]
    to_frame = np.asarray(to_frame, np.float64).copy()
    to_frame[:, 2] += to_frame[:, :2] @ (mask.x0, mask.y0)
    box = place(to_frame, (w, h), size)
    if box is None:
        return frame
    box_size = (box.x1 - box.x0, box.y1 - box.y0)
    warped = cv2.warpAffine(rgb_to_ycbcr(crop), box.local, box_size, flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(mask.alpha, box.local, box_size, flags=cv2.INTER_LINEAR, borderValue=0)
    luma, cb, cr = planes(frame, size)
    roi_y = luma[box.y0:box.y1, box.x0:box.x1]
    chroma = np.s_[box.y0 // 2:box.y1 // 2, box.x0 // 2:box.x1 // 2]
    roi_c = np.dstack([cb[chroma], cr[chroma]])
    warped_y, warped_c, alpha_c = np.ascontiguousarray(warped[..., 0]), halve(np.ascontiguousarray(warped[..., 1:])), halve(alpha)
    if colour_match:
        warped_y = cv2.add(warped_y, float(np.round(ring_offset(warped_y, roi_y, alpha)[0])))
        warped_c = cv2.add(warped_c, (*np.round(ring_offset(warped_c, roi_c, alpha_c)).tolist(), 0.0, 0.0))
    _blend(roi_y, warped_y, alpha)
    _blend(roi_c, warped_c, alpha_c)
    cb[chroma], cr[chroma] = roi_c[..., 0], roi_c[..., 1]
    return frame


def compose_frames(idle: IdleLoop, track: MouthTrack, *, colour_match: bool = True) -> Iterator[np.ndarray]:
    """Yield the lip-synced frames of ``track`` at the loop's geometry, one new flat yuv420p array each."""
    if tuple(track.frame_size) != idle.source_size:
        raise InputError(f"mouth track is for {track.frame_size} frames but idle.mp4 is {idle.source_size}")
    mask = MouthMask.from_mask(track.mask)
    for t in range(len(track)):
        frame = np.array(idle[int(track.base_frames[t])])
        yield paste_mouth(frame, idle.size, track.crops[t], mask, idle.geometry.to_output(track.to_frame[t]),
                          colour_match=colour_match)
