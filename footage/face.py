"""A puppet made from a real face photo: opens the jaw, rounds the lips and blinks by warping.

The photo is scikit-image's ``astronaut()`` (a real portrait). Its facial points were measured once
with MediaPipe face mesh and are written down below in photo pixels. Every edit is a local remap of
the photo's own pixels (lower lip and chin move with the jaw, the upper lid slides over the eye),
plus a drawn mouth cavity where the lips part; nothing is pasted from a template.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Measured landmarks of skimage.data.astronaut(), photo pixels (x, y).
_MOUTH_LEFT = (203.3, 139.9)  # inner corners
_MOUTH_RIGHT = (243.4, 141.5)
_LOWER_INNER_LIP_Y = 150.1
_UPPER_INNER_LIP_Y = 143.2
_CHIN_Y = 177.4
_FACE_CENTRE = (224.0, 124.0)
_FACE_HEIGHT = 106.0  # forehead (mesh point 10) to chin (152)
_EYES = ((195.2, 213.3, 97.6, 104.3), (237.0, 255.8, 99.7, 106.7))  # x0, x1, lid top, lid bottom
_CAVITY = np.array([52.0, 20.0, 26.0], np.float32)
_TEETH = np.array([205.0, 196.0, 186.0], np.float32)


def _smoothstep(edge0: float, edge1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - edge0) / (edge1 - edge0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


@dataclass(frozen=True)
class _Region:
    """A rectangle of the output frame and its pixel grid in photo coordinates."""

    x0: int
    y0: int
    x1: int
    y1: int
    u: np.ndarray
    v: np.ndarray


class FacePuppet:
    """Renders the photo's face at ``width`` x ``height`` with a given mouth and eye state.

    ``face_height`` is the forehead-to-chin height as a fraction of the frame height;
    ``faces=2`` shows two copies side by side (for testing the one-face rule).
    """

    def __init__(self, width: int, height: int, *, face_height: float = 0.45, faces: int = 1) -> None:
        from skimage import data

        photo = data.astronaut()
        self.width, self.height = width, height
        self.scale = face_height * height / _FACE_HEIGHT
        centres = [0.5] if faces == 1 else [(k + 0.5) / faces for k in range(faces)]
        self.offsets: list[tuple[float, float]] = []
        base = np.zeros((height, width, 3), np.uint8)
        for k, cx in enumerate(centres):
            tx = cx * width - self.scale * _FACE_CENTRE[0]
            ty = 0.46 * height - self.scale * _FACE_CENTRE[1]
            self.offsets.append((tx, ty))
            matrix = np.float32([[self.scale, 0, tx], [0, self.scale, ty]])
            layer = cv2.warpAffine(photo, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT101)
            lo, hi = int(k * width / len(centres)), int((k + 1) * width / len(centres))
            base[:, lo:hi] = layer[:, lo:hi]
        blur = cv2.GaussianBlur(base, (0, 0), max(1.0, self.scale * 0.6))
        self.base = cv2.addWeighted(base, 1.6, blur, -0.6, 0)  # unsharp: the photo is small
        self._mouths = [self._region(off, 180.0, 268.0, 128.0, _CHIN_Y + 14.0) for off in self.offsets]
        self._eyes = [
            self._region(off, x0 - 3.0, x1 + 3.0, top - 7.0, bottom + 3.0) for off in self.offsets for x0, x1, top, bottom in _EYES
        ]

    def _region(self, offset: tuple[float, float], u0: float, u1: float, v0: float, v1: float) -> _Region:
        tx, ty = offset
        x0 = max(int(np.floor(self.scale * u0 + tx)), 0)
        x1 = min(int(np.ceil(self.scale * u1 + tx)), self.width)
        y0 = max(int(np.floor(self.scale * v0 + ty)), 0)
        y1 = min(int(np.ceil(self.scale * v1 + ty)), self.height)
        ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float32)
        return _Region(x0, y0, x1, y1, (xs - tx) / self.scale, (ys - ty) / self.scale)

    def render(self, opening: float, rounding: float, blink: float) -> np.ndarray:
        """One frame: ``opening`` 0..1 (closed..wide), ``rounding`` -1..1 (spread..round), ``blink`` 0..1."""
        frame = self.base.copy()
        for k, region in enumerate(self._mouths):
            self._mouth(frame, region, self.offsets[k], opening, rounding)
        for k, region in enumerate(self._eyes):
            self._eye(frame, region, self.offsets[k // 2], _EYES[k % 2], blink)
        return frame

    def _remap(self, frame: np.ndarray, region: _Region, offset, u_src: np.ndarray, v_src: np.ndarray) -> np.ndarray:
        tx, ty = offset
        map_x = (u_src * self.scale + tx).astype(np.float32)
        map_y = (v_src * self.scale + ty).astype(np.float32)
        return cv2.remap(self.base, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)

    def _mouth(self, frame: np.ndarray, region: _Region, offset, opening: float, rounding: float) -> None:
        u, v = region.u, region.v
        (lx, ly), (rx, ry) = _MOUTH_LEFT, _MOUTH_RIGHT
        uc, half = 0.5 * (lx + rx), 0.5 * (rx - lx)
        # lips spread or round: scale the lip area horizontally about the mouth centre
        stretch = 1.0 - 0.14 * rounding
        window = np.exp(-(((v - 146.0) / 13.0) ** 2)) * (1.0 - _smoothstep(half + 6.0, half + 24.0, np.abs(u - uc)))
        u_src = uc + (u - uc) / (1.0 + (stretch - 1.0) * window)
        # the split line is the lower inner lip: everything below it moves with the jaw
        t = np.clip((u_src - lx) / (rx - lx), 0.0, 1.0)
        corner_line = ly + (ry - ly) * t
        sag = (_LOWER_INNER_LIP_Y - 0.5 * (ly + ry)) * np.clip(1.0 - ((u_src - uc) / half) ** 2, 0.0, 1.0)
        split = corner_line + sag
        drop = -(_LOWER_INNER_LIP_Y - _UPPER_INNER_LIP_Y) + opening * 18.0  # photo px; lips meet at 0
        narrow = np.clip(1.0 - ((u_src - uc) / (half + 5.0)) ** 2, 0.0, 1.0)
        wide = np.clip(1.0 - ((u_src - uc) / (half + 26.0)) ** 2, 0.0, 1.0)
        fall = 1.0 - _smoothstep(_CHIN_Y - 4.0, _CHIN_Y + 10.0, v)
        below = _smoothstep(0.0, 18.0, v - split - max(drop, 0.0) * narrow * fall)
        profile = (1.0 - below) * narrow + below * wide
        shift = drop * profile * fall
        v_src = np.where(v >= split + shift, v - shift, v)
        patch = self._remap(frame, region, offset, u_src, v_src).astype(np.float32)
        if drop > 0:
            edge = 0.7
            gap = shift * (1.0 - below)
            alpha = _smoothstep(-edge, edge, v - split) * (1.0 - _smoothstep(-edge, edge, v - split - gap))
            alpha *= np.clip(gap / edge, 0.0, 1.0)
            depth = np.clip((v - split) / np.maximum(gap, 1e-3), 0.0, 1.0)[..., None]
            cavity = _CAVITY * (0.7 + 0.6 * np.abs(depth - 0.5))
            teeth = _smoothstep(0.82, 0.9, depth) * min(max(opening - 0.35, 0.0) * 1.5, 0.8)
            cavity = cavity * (1.0 - teeth) + _TEETH * teeth
            patch = patch * (1.0 - alpha[..., None]) + cavity * alpha[..., None]
        frame[region.y0 : region.y1, region.x0 : region.x1] = np.clip(patch + 0.5, 0, 255).astype(np.uint8)

    def _eye(self, frame: np.ndarray, region: _Region, offset, eye, blink: float) -> None:
        if blink <= 0.01:
            return
        x0, x1, top, bottom = eye
        u, v = region.u, region.v
        skin = top - 6.0
        lid = top + blink * (bottom - top + 0.8)
        v_closed = np.where(v < lid, skin + (v - skin) * (top - skin) / max(lid - skin, 1e-3), v)
        v_closed = np.where(v < skin, v, v_closed)
        centre, half = 0.5 * (x0 + x1), 0.5 * (x1 - x0)
        weight = np.clip(1.0 - ((u - centre) / (half + 2.5)) ** 2, 0.0, 1.0) ** 0.5
        v_src = v + weight * (v_closed - v)
        frame[region.y0 : region.y1, region.x0 : region.x1] = self._remap(frame, region, offset, u, v_src)
