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

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import cv2
import numpy as np

from avatar import MouthTrack
from avatar.store import AvatarInfo
from core.errors import InputError
from core.media import cached_frames, map_frames, read_frames
from render.background import load_background, replace_background
from render.overlay import Overlays
from render.yuv import RGB_TO_YCBCR, halve, planes, rgb_to_ycbcr, row_spans

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

    def __init__(self, avatar_dir: str | Path, geometry: Geometry | None = None, *,
                 background: str | Path | None = None) -> None:
        avatar_dir = Path(avatar_dir)
        info_path = avatar_dir / "avatar.json"
        if not info_path.is_file():
            raise InputError(f"not an avatar directory (no avatar.json): {avatar_dir}")
        info = AvatarInfo.model_validate_json(info_path.read_text())
        self.path = avatar_dir / "idle.mp4"
        self.source_size = (info.width, info.height)
        self.geometry = geometry or Geometry((0, 0, *self.source_size), self.source_size)
        self.size = self.geometry.size
        self.start, self.stop = info.idle_start, info.idle_stop
        self.count = self.stop - self.start
        box, (w, h) = self.geometry.box, self.size
        full = box == (0, 0, *self.source_size)
        name = f"idle-{box[0]}-{box[1]}-{box[2]}-{box[3]}-{w}x{h}"
        decode = {"crop": None if full else box, "size": self.size if self.geometry.scaled else None,
                  "scale_flags": self.geometry.scale_flags}
        if background is None:
            self._frames = cached_frames(self.path, avatar_dir / "cache" / f"{name}.yuv", pix_fmt="yuv420p",
                                         source_size=self.source_size, **decode)
        else:
            self._frames = replaced_frames(self.path, Path(background), avatar_dir / "cache", name, self.size, decode)
        if len(self._frames) < self.count:
            raise InputError(f"{self.path.name} ends after {len(self._frames)} frames, expected {self.count}")

    def _index(self, source_index: int) -> int:
        k = int(source_index) - self.start
        if not 0 <= k < self.count:
            raise InputError(
                f"base frame {source_index} is outside the avatar's idle loop [{self.start}, {self.stop})")
        return k

    def __getitem__(self, source_index: int) -> np.ndarray:
        return self._frames[self._index(source_index)]

    @property
    def file(self) -> Path:
        """The raw cache file the frames are mapped from (an encoder can splice them from it)."""
        return Path(self._frames.filename)

    def offset(self, source_index: int) -> int:
        """Byte offset of frame ``source_index`` in :attr:`file`."""
        return self._frames.offset + self._index(source_index) * self._frames.shape[1]


def replaced_frames(path: Path, background: Path, folder: Path, name: str, size: tuple[int, int],
                    decode: dict) -> np.ndarray:
    """The idle loop at ``size`` with its background replaced by the picture at ``background``, as a
    memory map of flat yuv420p frames cached beside the avatar (one cache per picture and geometry)."""
    if not background.is_file():
        raise InputError(f"background picture not found: {background.name}")
    cache = folder / f"{name}-bg{hashlib.sha256(background.read_bytes()).hexdigest()[:16]}.yuv"
    width, height = size
    frame_bytes = width * height * 3 // 2
    if not cache.is_file() or cache.stat().st_mtime_ns < path.stat().st_mtime_ns:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f".{cache.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            with tmp.open("wb") as out:
                rgb = read_frames(path, pix_fmt="rgb24", **decode)
                for frame in replace_background(rgb, load_background(background, size)):
                    ycc = rgb_to_ycbcr(frame)
                    out.write(ycc[..., 0].tobytes() + halve(ycc[..., 1]).tobytes() + halve(ycc[..., 2]).tobytes())
            tmp.replace(cache)
        finally:
            tmp.unlink(missing_ok=True)
    return map_frames(cache, (frame_bytes,))


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

    @property
    def ring(self) -> np.ndarray:
        return _ring(self.alpha)

    def trim(self, crop: np.ndarray) -> np.ndarray:
        """The part of a crop under the trimmed mask."""
        return crop[self.y0:self.y0 + self.alpha.shape[0], self.x0:self.x0 + self.alpha.shape[1]]

    @classmethod
    def from_mask(cls, mask: np.ndarray) -> "MouthMask":
        alpha = np.clip(np.asarray(mask, np.float32) * 255.0 + 0.5, 0, 255).astype(np.uint8)
        rows, cols = np.flatnonzero(alpha.any(1)), np.flatnonzero(alpha.any(0))
        if not len(rows):
            raise InputError("the mouth mask is empty")
        y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        return cls(np.ascontiguousarray(alpha[y0:y1, x0:x1]), int(x0), int(y0))


@dataclass(frozen=True)
class PasteSite:
    """Everything about pasting onto one base frame that does not depend on the crop (cached per base frame)."""

    box: Placement
    alpha: np.ndarray  # (bh, bw) uint8 warped mask
    alpha_inv: np.ndarray  # 255 - alpha
    alpha_c: np.ndarray  # (bh/2, bw/2) uint8, 2x2 average of alpha (chroma)
    alpha_c_inv: np.ndarray
    base_ring: np.ndarray | None  # (3,) mean Y, Cb, Cr of the base frame on the ring; None: ring too small


def _ring(alpha: np.ndarray) -> np.ndarray:
    return ((alpha > int(RING[0] * 255)) & (alpha < int(RING[1] * 255))).astype(np.uint8)


def paste_site(base: np.ndarray, size: tuple[int, int], mask: MouthMask, to_frame: np.ndarray) -> PasteSite | None:
    """Where and how much the mouth covers flat yuv420p ``base`` of ``size``; ``to_frame`` maps untrimmed crop px."""
    h, w = mask.alpha.shape
    to_frame = np.asarray(to_frame, np.float64).copy()
    to_frame[:, 2] += to_frame[:, :2] @ (mask.x0, mask.y0)
    box = place(to_frame, (w, h), size)
    if box is None:
        return None
    alpha = cv2.warpAffine(mask.alpha, box.local, (box.x1 - box.x0, box.y1 - box.y0), flags=cv2.INTER_LINEAR,
                           borderValue=0)
    alpha_c = halve(alpha)
    luma, cb, cr = planes(base, size)
    ring, ring_c = _ring(alpha), _ring(alpha_c)
    base_ring = None
    if cv2.countNonZero(ring) >= 16 and cv2.countNonZero(ring_c) >= 4:
        chroma = np.s_[box.y0 // 2:box.y1 // 2, box.x0 // 2:box.x1 // 2]
        base_ring = np.array([cv2.mean(luma[box.y0:box.y1, box.x0:box.x1], mask=ring)[0],
                              cv2.mean(cb[chroma], mask=ring_c)[0], cv2.mean(cr[chroma], mask=ring_c)[0]])
    return PasteSite(box, alpha, 255 - alpha, alpha_c, 255 - alpha_c, base_ring)


def ring_mean(crop: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """(3,) mean RGB of ``crop`` on ``ring`` (uint8 mask of the crop's size)."""
    return np.array(cv2.mean(crop, mask=ring)[:3])


def ycbcr_shift(
    mean_rgb: np.ndarray, base_ring: np.ndarray, matrix: np.ndarray = RGB_TO_YCBCR, *, limit: float = 24.0,
) -> np.ndarray:
    """Y, Cb, Cr shift moving a crop's mean RGB on the ring (:func:`ring_mean`), mapped by ``matrix``, onto
    ``base_ring``.

    A shift, not a gain, so teeth and cavity keep their contrast; in YCbCr, so lightness moves apart
    from hue; capped at ``limit`` levels. The ring is just inside the feathered mask edge, where crop
    and frame show the same skin.
    """
    return np.clip(base_ring - (matrix[:, :3] @ mean_rgb + matrix[:, 3]), -limit, limit)


def then(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The 3x4 affine colour map ``second(first(x))``."""
    return np.hstack([second[:, :3] @ first[:, :3], (second[:, :3] @ first[:, 3] + second[:, 3])[:, None]])


def _blend(roi: np.ndarray, top: np.ndarray, alpha: np.ndarray, alpha_inv: np.ndarray) -> None:
    """``roi`` := ``top`` over ``roi`` by 8-bit ``alpha``, in place; where alpha is 0, ``roi`` is kept exactly."""
    below = cv2.multiply(np.ascontiguousarray(roi), alpha_inv, scale=1 / 255)
    roi[:] = cv2.add(cv2.multiply(top, alpha, scale=1 / 255), below)


def paste_mouth(
    frame: np.ndarray, size: tuple[int, int], crop: np.ndarray, mask: MouthMask | np.ndarray, to_frame: np.ndarray,
    *, colour: np.ndarray | None = None, colour_match: bool = True, site: PasteSite | None = None,
    crop_mean: np.ndarray | None = None,
) -> np.ndarray:
    """Blend the RGB ``crop`` into the flat yuv420p ``frame`` of ``size`` **in place**; returns ``frame``.

    ``to_frame`` maps crop pixels to frame pixels; ``colour`` is an RGB 3x4 affine map applied to the
    crop first (the lip-sync's colour transfer), folded into the one RGB -> YCbCr pass; ``site`` is
    :func:`paste_site` for this frame's base and ``crop_mean`` ``ring_mean(mask.trim(crop), mask.ring)``
    (both computed when not given).
    Only the warped mask's (even) bounding box is touched: luma samples with warped alpha > 0 and
    chroma samples whose 2x2 alpha average is > 0.
    """
    mask = mask if isinstance(mask, MouthMask) else MouthMask.from_mask(mask)
    site = site or paste_site(frame, size, mask, to_frame)
    if site is None:
        return frame
    crop = mask.trim(crop)
    matrix = RGB_TO_YCBCR.copy() if colour is None else then(colour, RGB_TO_YCBCR)
    if colour_match and site.base_ring is not None:
        mean = crop_mean if crop_mean is not None else ring_mean(crop, mask.ring)
        matrix[:, 3] += np.round(ycbcr_shift(mean, site.base_ring, matrix))
    box = site.box
    width, height = box.x1 - box.x0, box.y1 - box.y0
    ycc = cv2.transform(np.ascontiguousarray(crop), matrix)
    # luma warped at the box's resolution, chroma straight onto the half-resolution chroma grid (sample x' of
    # the half grid sits at 2x' + 0.5 of the full one): 40 % less than warping all three planes at full size
    # and subsampling after (cv2.transform is fast only with a 3x4 matrix, so Y is extracted, not transformed)
    top_y = cv2.warpAffine(cv2.extractChannel(ycc, 0), box.local, (width, height), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)
    half = np.hstack([box.local[:, :2] / 2, (box.local[:, 2:] - 0.5) / 2])
    top_c = cv2.warpAffine(ycc, half, (width // 2, height // 2), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    _, top_cb, top_cr = cv2.split(top_c)
    luma, cb, cr = planes(frame, size)
    chroma = np.s_[box.y0 // 2:box.y1 // 2, box.x0 // 2:box.x1 // 2]
    _blend(luma[box.y0:box.y1, box.x0:box.x1], top_y, site.alpha, site.alpha_inv)
    _blend(cb[chroma], top_cb, site.alpha_c, site.alpha_c_inv)
    _blend(cr[chroma], top_cr, site.alpha_c, site.alpha_c_inv)
    return frame


def mouth_pastes(
    idle: IdleLoop, track: MouthTrack, *, colour_match: bool = True,
) -> Iterator[tuple[int, PasteSite | None, Callable[[np.ndarray], np.ndarray]]]:
    """Per frame of ``track``: (source index of its base frame, where the mouth lands on it, a function that
    pastes the mouth in place onto a flat yuv420p copy of that base and returns it)."""
    if tuple(track.frame_size) != idle.source_size:
        raise InputError(f"mouth track is for {track.frame_size} frames but idle.mp4 is {idle.source_size}")
    mask = MouthMask.from_mask(track.mask)
    ring = mask.ring
    sites: dict[tuple[int, bytes], PasteSite | None] = {}
    means: dict[int, np.ndarray] = {}
    for t in range(len(track)):
        b = int(track.base_frames[t])
        to_frame = idle.geometry.to_output(track.to_frame[t])
        key = (b, to_frame.tobytes())
        if key not in sites:  # the idle loop repeats: each base frame's site is worked out once
            sites[key] = paste_site(idle[b], idle.size, mask, to_frame)
        crop, source = track.crops.source(t), int(track.crops.chosen[t])
        if source not in means:  # and so do the crops: each one's ring colour is measured once
            means[source] = ring_mean(mask.trim(crop), ring)
        yield b, sites[key], partial(paste_mouth, size=idle.size, crop=crop, mask=mask, to_frame=to_frame,
                                     colour=track.crops.colour[t], colour_match=colour_match, site=sites[key],
                                     crop_mean=means[source])


def compose_frames(idle: IdleLoop, track: MouthTrack, *, colour_match: bool = True) -> Iterator[np.ndarray]:
    """Yield the lip-synced frames of ``track`` at the loop's geometry, one new flat yuv420p array each."""
    for b, _, paste in mouth_pastes(idle, track, colour_match=colour_match):
        yield paste(np.array(idle[b]))


@dataclass(frozen=True)
class PatchedFrame:
    """A finished frame as its base frame's place in the idle cache file plus the byte spans that differ.

    Only the ``spans`` of ``data`` hold this frame's samples (elsewhere it is stale): the rest is the base
    frame, which an encoder splices straight from the cache file (``VideoWriter.write_spliced``).
    """

    offset: int  # of the base frame in IdleLoop.file
    data: np.ndarray  # flat yuv420p
    spans: tuple[tuple[int, int], ...]  # sorted, disjoint [start, stop) byte ranges

    def patches(self) -> list[tuple[int, memoryview]]:
        view = memoryview(self.data)
        return [(start, view[start:stop]) for start, stop in self.spans]


def compose_patched(
    idle: IdleLoop, track: MouthTrack, overlays: Overlays, buffers: Sequence[np.ndarray],
) -> Iterator[PatchedFrame]:
    """The frames of ``track`` with ``overlays``, copying and compositing only the rows they change.

    The rows under the mouth box and the overlays are copied from the base frame into a buffer and
    composited there; every other row stays in the cache file, so no frame is copied whole. Frame t
    uses ``buffers[t % len(buffers)]``: write each frame out before taking ``len(buffers) - 1`` more.
    """
    for t, (b, site, paste) in enumerate(mouth_pastes(idle, track)):
        boxes = overlays.boxes(t)
        if site is not None:
            boxes.append((site.box.x0, site.box.y0, site.box.x1, site.box.y1))
        spans = row_spans(boxes, idle.size)
        base, frame = idle[b], buffers[t % len(buffers)]
        for start, stop in spans:
            frame[start:stop] = base[start:stop]
        yield PatchedFrame(idle.offset(b), overlays.apply(paste(frame), t), spans)
