"""Rigid alignment: per-frame similarity transforms to a canonical face, crops and head pose.

Only rigid points (eye corners, nose bridge and base) drive the transform, so a moving jaw never
moves the crop. Canonical coordinates are in inter-ocular units with the eye midpoint at 0; a
crop is that canonical box sampled at ``px_per_iod`` pixels per unit, and each frame keeps the
exact 2x3 matrix from source pixels to crop pixels (its inverse pastes a crop back).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from scipy.ndimage import gaussian_filter1d

from avatar.ingest.landmarks import EYE_OUTER, LOWER_FACE, RIGID

# Lower-face box in canonical units: x across, y down from the eye line.
BOX = (-0.9, 0.2, 0.9, 1.5)


def _similarity(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Least-squares similarity (Umeyama, no reflection) mapping src (n,2) onto dst (n,2): 2x3."""
    mu_s, mu_d = src.mean(0), dst.mean(0)
    a, b = src - mu_s, dst - mu_d
    cov = b.T @ a / len(src)
    u, sig, vt = np.linalg.svd(cov)
    d = np.sign(np.linalg.det(u @ vt))
    rot = u @ np.diag([1.0, d]) @ vt
    scale = (sig * [1.0, d]).sum() / a.var(0).sum()
    matrix = np.zeros((2, 3))
    matrix[:, :2] = scale * rot
    matrix[:, 2] = mu_d - scale * rot @ mu_s
    return matrix


def _eye_normalised(points: np.ndarray, landmarks: np.ndarray) -> np.ndarray:
    left, right = landmarks[EYE_OUTER[0], :2], landmarks[EYE_OUTER[1], :2]
    centre, axis = (left + right) / 2, right - left
    iod = np.linalg.norm(axis)
    c, s = axis / iod
    rot = np.array([[c, s], [-s, c]])
    return (points[:, :2] - centre) @ rot.T / iod


@dataclass(frozen=True)
class Alignment:
    """Per-frame transforms for a clip. ``to_canonical[i]`` maps frame i's pixels to canonical units."""

    template: np.ndarray  # (len(RIGID), 2) canonical rigid points
    to_canonical: np.ndarray  # (n, 2, 3)
    px_per_iod: float

    @property
    def crop_size(self) -> tuple[int, int]:
        """(width, height) of a native-resolution lower-face crop, even for video encoders."""
        return _box_size(self.px_per_iod)

    def to_crop(self, index: int) -> np.ndarray:
        """2x3 matrix from source-frame pixels to crop pixels for frame ``index``."""
        return crop_matrix(self.to_canonical[index], self.px_per_iod)

    def crop(self, frame: np.ndarray, index: int) -> np.ndarray:
        """Frame ``index``'s aligned lower-face crop at native resolution (about one source pixel per pixel)."""
        return cv2.warpAffine(frame, self.to_crop(index), self.crop_size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def crop_matrix(to_canonical: np.ndarray, px_per_iod: float) -> np.ndarray:
    """Compose a frame's 2x3 source->canonical matrix with canonical->crop pixels."""
    box = np.array([[px_per_iod, 0.0, -BOX[0] * px_per_iod], [0.0, px_per_iod, -BOX[1] * px_per_iod], [0.0, 0.0, 1.0]])
    return (box @ np.vstack([to_canonical, [0.0, 0.0, 1.0]]))[:2]


def _box_size(px_per_iod: float) -> tuple[int, int]:
    x0, y0, x1, y1 = BOX
    return (2 * round((x1 - x0) * px_per_iod / 2), 2 * round((y1 - y0) * px_per_iod / 2))


def align(landmarks: np.ndarray, valid: np.ndarray, *, smooth_frames: float = 1.5) -> Alignment:
    """Fit the clip's own rigid template, then one smoothed similarity per frame.

    Frames without a usable face (``valid`` false) take the transform of their neighbours.
    """
    idx = np.flatnonzero(valid)
    if len(idx) == 0:
        raise ValueError("no valid frames to align")
    sample = idx[:: max(1, len(idx) // 400)]
    template = np.median([_eye_normalised(landmarks[i, RIGID], landmarks[i]) for i in sample], axis=0)
    n = len(landmarks)
    params = np.zeros((n, 4))  # a, b, tx, ty of [[a, -b, tx], [b, a, ty]]
    for i in idx:
        m = _similarity(landmarks[i, RIGID, :2].astype(np.float64), template)
        params[i] = (m[0, 0], m[1, 0], m[0, 2], m[1, 2])
    for j in range(4):  # fill gaps by interpolation, then smooth
        params[:, j] = np.interp(np.arange(n), idx, params[idx, j])
    if smooth_frames > 0:
        params = gaussian_filter1d(params, smooth_frames, axis=0, mode="nearest")
    a, b, tx, ty = params.T
    to_canonical = np.stack([np.stack([a, -b, tx], -1), np.stack([b, a, ty], -1)], 1)
    px_per_iod = float(np.median(1.0 / np.hypot(a[idx], b[idx])))
    return Alignment(template, to_canonical, px_per_iod)


def to_canonical_points(points: np.ndarray, to_canonical: np.ndarray) -> np.ndarray:
    """Apply per-frame 2x3 matrices (n, 2, 3) to points (n, k, 2+)."""
    return np.einsum("nij,nkj->nki", to_canonical[:, :, :2], points[..., :2]) + to_canonical[:, None, :, 2]


def head_pose(landmarks: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(n, 3) yaw, pitch, roll in degrees relative to the clip's mean pose (3D Procrustes on rigid points)."""
    pts = landmarks[:, RIGID, :].astype(np.float64)
    idx = np.flatnonzero(valid)
    centred = pts - pts.mean(1, keepdims=True)
    centred /= np.linalg.norm(centred, axis=(1, 2), keepdims=True) + 1e-9
    reference = np.median(centred[idx], axis=0)
    pose = np.zeros((len(pts), 3))
    for i in idx:
        u, _, vt = np.linalg.svd(reference.T @ centred[i])
        rot = (u @ np.diag([1.0, 1.0, np.sign(np.linalg.det(u @ vt))]) @ vt).T  # reference -> frame i
        pose[i] = np.degrees([np.arcsin(-np.clip(rot[2, 0], -1, 1)), np.arctan2(rot[2, 1], rot[2, 2]), np.arctan2(rot[1, 0], rot[0, 0])])
    return pose


def lower_face_mask(canonical: np.ndarray, valid: np.ndarray, px_per_iod: float, *, feather: float = 0.06) -> np.ndarray:
    """Soft mask (float32, crop size) covering mouth, chin and jaw over all frames, feathered at the edge."""
    size = _box_size(px_per_iod)
    to_crop = crop_matrix(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]), px_per_iod)
    pts = canonical[valid][:, LOWER_FACE, :2].reshape(-1, 2)
    pts = pts @ to_crop[:, :2].T + to_crop[:, 2]
    hull = cv2.convexHull(pts.astype(np.float32)).reshape(-1, 2)
    mask = np.zeros((size[1], size[0]), np.float32)
    cv2.fillPoly(mask, [np.round(hull * 16).astype(np.int32)], 1.0, lineType=cv2.LINE_AA, shift=4)
    radius = max(1, int(feather * px_per_iod))
    mask = cv2.erode(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * radius + 1, 2 * radius + 1)))
    return cv2.GaussianBlur(mask, (0, 0), radius / 2 + 0.5)
