"""Background replacement: the person cut out by MediaPipe selfie segmentation (its model ships inside
mediapipe 0.10.14) and set over the merchant's own picture.

It runs once per avatar, output geometry and background, on the idle loop's frames, which are every
render's base frames, so a render pays nothing per frame for it; the generated mouth is pasted on top
afterwards and lies inside the person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import cv2
import numpy as np

from core.errors import InputError


def load_background(path: str | Path, size: tuple[int, int]) -> np.ndarray:
    """The picture at ``path`` scaled to cover ``size`` (width, height) and centre-cropped: RGB uint8."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise InputError(f"background {Path(path).name} is not a readable image (PNG or JPEG)")
    width, height = size
    scale = max(width / image.shape[1], height / image.shape[0])
    resized = cv2.resize(image, (max(width, round(image.shape[1] * scale)), max(height, round(image.shape[0] * scale))),
                         interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    y0, x0 = (resized.shape[0] - height) // 2, (resized.shape[1] - width) // 2
    return cv2.cvtColor(resized[y0:y0 + height, x0:x0 + width], cv2.COLOR_BGR2RGB)


class Matte:
    """Per-frame person alpha in [0, 1], smoothed over time so the edge does not flicker."""

    def __init__(self, *, smoothing: float = 0.5, feather_px: int = 3) -> None:
        import mediapipe as mp

        self._model = mp.solutions.selfie_segmentation.SelfieSegmentation(model_selection=0)  # general model: cleaner edges than landscape
        self.smoothing = smoothing
        self.feather_px = feather_px
        self._last: np.ndarray | None = None

    def __call__(self, rgb: np.ndarray) -> np.ndarray:
        alpha = self._model.process(np.ascontiguousarray(rgb)).segmentation_mask.astype(np.float32)
        if self._last is not None and self._last.shape == alpha.shape:
            alpha = self.smoothing * self._last + (1.0 - self.smoothing) * alpha
        self._last = alpha
        if self.feather_px:
            k = 2 * self.feather_px + 1
            alpha = cv2.GaussianBlur(alpha, (k, k), 0)
        return np.clip(alpha, 0.0, 1.0)

    def close(self) -> None:
        self._model.close()

    def __enter__(self) -> "Matte":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def replace_background(frames: Iterable[np.ndarray], background: np.ndarray) -> Iterator[np.ndarray]:
    """Each RGB frame with everything but the person replaced by ``background`` (same size, RGB)."""
    bg = background.astype(np.float32)
    with Matte() as matte:
        for frame in frames:
            if frame.shape != background.shape:
                raise InputError(f"frame {frame.shape[1]}x{frame.shape[0]} and background "
                                 f"{background.shape[1]}x{background.shape[0]} differ in size")
            alpha = matte(frame)[..., None]
            yield (frame.astype(np.float32) * alpha + bg * (1.0 - alpha) + 0.5).astype(np.uint8)
