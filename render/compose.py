"""Per-frame compositing: idle-loop base frame + the generated mouth, pasted back exactly.

The base frames come from the avatar's ``idle.mp4``, decoded once, streaming, in order: the
ping-pong index mapping of :class:`avatar.MouthTrack` (forwards then backwards) only ever asks for
a frame that was already decoded or the next one, so the first output frame is ready after one
decode. Decoded frames are kept in memory up to a budget and in an unlinked scratch file beyond it
(a 4K idle loop of 200 frames is 5 GB), never as image files.

The paste is warped into the mouth's bounding box only; every pixel whose warped mask is 0 is
copied from the base frame unchanged, so the frame outside the mask is bit-exact.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from avatar import MouthTrack
from avatar.store import AvatarInfo
from core.errors import InputError
from core.media import probe, read_frames

RING = (0.05, 0.6)  # mask band just inside the feathered edge where crop and frame are compared


class IdleLoop:
    """Random access to the idle loop's source frames, decoded lazily and once.

    Index by *source* frame number (as in ``MouthTrack.base_frames``): ``loop[idle_start + k]``.
    """

    def __init__(self, avatar_dir: str | Path, *, memory_budget_mb: int = 1536) -> None:
        avatar_dir = Path(avatar_dir)
        info_path = avatar_dir / "avatar.json"
        if not info_path.is_file():
            raise InputError(f"not an avatar directory (no avatar.json): {avatar_dir}")
        info = AvatarInfo.model_validate_json(info_path.read_text())
        self.path = avatar_dir / "idle.mp4"
        video = probe(self.path).video
        if video is None:
            raise InputError(f"{self.path} has no video stream")
        self.start, self.stop = info.idle_start, info.idle_stop
        self.count = self.stop - self.start
        self.size = (video.width, video.height)
        shape = (self.count, video.height, video.width, 3)
        self._frames: list[np.ndarray] | np.memmap
        if np.prod(shape) <= memory_budget_mb * 2**20:
            self._frames = []  # the decoder's own buffers, kept as they come (no copy)
        else:
            self._scratch = tempfile.TemporaryFile(prefix="evercast-idle-")
            self._frames = np.memmap(self._scratch, np.uint8, "w+", shape=shape)
        self._decoded = 0
        self._decoder: Iterator[np.ndarray] | None = None

    def __getitem__(self, source_index: int) -> np.ndarray:
        k = int(source_index) - self.start
        if not 0 <= k < self.count:
            raise InputError(
                f"base frame {source_index} is outside the avatar's idle loop [{self.start}, {self.stop})")
        while self._decoded <= k:
            if self._decoder is None:
                self._decoder = read_frames(self.path)
            frame = next(self._decoder, None)
            if frame is None:
                raise InputError(f"{self.path.name} ends after {self._decoded} frames, expected {self.count}")
            if isinstance(self._frames, list):
                self._frames.append(frame)
            else:
                self._frames[self._decoded] = frame
            self._decoded += 1
            if self._decoded == self.count:
                self.close()
        return self._frames[k]

    def close(self) -> None:
        """Stop the decoder (the decoded frames stay available)."""
        if self._decoder is not None:
            self._decoder.close()  # type: ignore[attr-defined]
            self._decoder = None


@dataclass(frozen=True)
class Placement:
    """Where the warped crop lands: the bounding box in the frame and the matrix relative to it."""

    x0: int
    y0: int
    x1: int
    y1: int
    local: np.ndarray  # 2x3, crop px -> box px


def place(to_frame: np.ndarray, crop_size: tuple[int, int], frame_size: tuple[int, int]) -> Placement | None:
    """Bounding box of the crop warped by ``to_frame`` (2 px margin), clipped to the frame."""
    w, h = crop_size
    corners = np.array([[0, 0], [w, 0], [0, h], [w, h]], np.float64) @ to_frame[:, :2].T + to_frame[:, 2]
    x0, y0 = np.floor(corners.min(0)).astype(int) - 2
    x1, y1 = np.ceil(corners.max(0)).astype(int) + 2
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, frame_size[0]), min(y1, frame_size[1])
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


def _rgb_to_lab(pixels: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(pixels.reshape(1, -1, 3).astype(np.float32) / 255.0, cv2.COLOR_RGB2LAB).reshape(-1, 3)


def _lab_to_rgb(lab: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(lab.reshape(1, -1, 3).astype(np.float32), cv2.COLOR_LAB2RGB).reshape(-1, 3) * 255.0


def lab_offset(warped: np.ndarray, base: np.ndarray, ring: np.ndarray, *, limit: float = 24.0) -> np.ndarray:
    """RGB offset that moves the crop's ring colour onto the base's, measured in Lab.

    The difference of the ring means is taken in Lab (perceptual, lightness separate from hue) and
    applied as the equivalent RGB offset: a shift, not a gain, so teeth and cavity keep their contrast.
    """
    if ring.sum() < 16:
        return np.zeros(3)
    lab_crop = _rgb_to_lab(warped[ring]).mean(0)
    lab_base = _rgb_to_lab(base[ring]).mean(0)
    target = lab_crop + np.clip(lab_base - lab_crop, -limit, limit)
    return (_lab_to_rgb(target) - _lab_to_rgb(lab_crop))[0]


def match_lab(warped: np.ndarray, base: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """``warped`` with :func:`lab_offset` applied (saturating)."""
    offset = lab_offset(warped, base, ring)
    return cv2.add(warped, (*np.round(offset).tolist(), 0.0))


def paste_mouth(
    frame: np.ndarray, crop: np.ndarray, mask: MouthMask | np.ndarray, to_frame: np.ndarray, *,
    colour_match: bool = True,
) -> np.ndarray:
    """Blend ``crop`` into ``frame`` **in place** under the warped feathered ``mask``; returns ``frame``.

    Only the mask's bounding box is touched, and inside it only pixels with warped alpha > 0.
    """
    mask = mask if isinstance(mask, MouthMask) else MouthMask.from_mask(mask)
    h, w = mask.alpha.shape
    crop = crop[mask.y0:mask.y0 + h, mask.x0:mask.x0 + w]
    to_frame = np.asarray(to_frame, np.float64).copy()
    to_frame[:, 2] += to_frame[:, :2] @ (mask.x0, mask.y0)
    height, width = frame.shape[:2]
    box = place(to_frame, (w, h), (width, height))
    if box is None:
        return frame
    size = (box.x1 - box.x0, box.y1 - box.y0)
    warped = cv2.warpAffine(crop, box.local, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(mask.alpha, box.local, size, flags=cv2.INTER_LINEAR, borderValue=0)
    roi = frame[box.y0:box.y1, box.x0:box.x1]
    if colour_match:
        sub = alpha[::3, ::3]  # every third pixel of the ring is plenty for three means
        offset = lab_offset(warped[::3, ::3], roi[::3, ::3], (sub > int(RING[0] * 255)) & (sub < int(RING[1] * 255)))
        warped = cv2.add(warped, (*np.round(offset).tolist(), 0.0))
    weight = alpha.astype(np.float32) * (1.0 / 255.0)
    blended = cv2.blendLinear(warped, np.ascontiguousarray(roi), weight, 1.0 - weight)
    np.copyto(roi, blended, where=(alpha > 0)[..., None])
    return frame


def compose_frames(
    idle: IdleLoop, track: MouthTrack, *, colour_match: bool = True,
) -> Iterator[np.ndarray]:
    """Yield the lip-synced source-resolution frames of ``track`` one at a time (RGB uint8).

    One buffer is reused: the caller may draw on it (overlays) but must consume it before the next.
    """
    if tuple(track.frame_size) != idle.size:
        raise InputError(f"mouth track is for {track.frame_size} frames but idle.mp4 is {idle.size}")
    buffer = np.empty((idle.size[1], idle.size[0], 3), np.uint8)
    mask = MouthMask.from_mask(track.mask)
    for t in range(len(track)):
        np.copyto(buffer, idle[int(track.base_frames[t])])
        yield paste_mouth(buffer, track.crops[t], mask, track.to_frame[t], colour_match=colour_match)
