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
        if np.prod(shape) <= memory_budget_mb * 2**20:
            self._frames = np.empty(shape, np.uint8)
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


def match_lab(warped: np.ndarray, base: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Shift the warped crop's L, a, b means to the base's on the ring so no seam shows.

    A mean shift (not a gain) keeps the mouth's own contrast: teeth and cavity stay as recorded.
    """
    if ring.sum() < 16:
        return warped
    lab_crop = cv2.cvtColor(warped, cv2.COLOR_RGB2LAB).astype(np.float32)
    lab_base = cv2.cvtColor(base, cv2.COLOR_RGB2LAB).astype(np.float32)
    shift = lab_base[ring].mean(0) - lab_crop[ring].mean(0)
    lab_crop += np.clip(shift, -24.0, 24.0)
    return cv2.cvtColor(np.clip(lab_crop + 0.5, 0, 255).astype(np.uint8), cv2.COLOR_LAB2RGB)


def paste_mouth(
    frame: np.ndarray, crop: np.ndarray, mask: np.ndarray, to_frame: np.ndarray, *, colour_match: bool = True,
) -> np.ndarray:
    """Blend ``crop`` into ``frame`` **in place** under the warped feathered ``mask``; returns ``frame``.

    Only the crop's bounding box is touched, and inside it only pixels with warped mask > 0.
    """
    height, width = frame.shape[:2]
    box = place(to_frame, (mask.shape[1], mask.shape[0]), (width, height))
    if box is None:
        return frame
    size = (box.x1 - box.x0, box.y1 - box.y0)
    warped = cv2.warpAffine(crop, box.local, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    alpha = cv2.warpAffine(mask, box.local, size, flags=cv2.INTER_LINEAR, borderValue=0.0)
    roi = frame[box.y0:box.y1, box.x0:box.x1]
    if colour_match:
        warped = match_lab(warped, roi, (alpha > RING[0]) & (alpha < RING[1]))
    a = alpha[..., None]
    blended = np.clip(roi.astype(np.float32) * (1.0 - a) + warped.astype(np.float32) * a + 0.5, 0, 255)
    inside = alpha > 0
    roi[inside] = blended.astype(np.uint8)[inside]
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
    for t in range(len(track)):
        np.copyto(buffer, idle[int(track.base_frames[t])])
        yield paste_mouth(buffer, track.crops[t], track.mask, track.to_frame[t], colour_match=colour_match)
