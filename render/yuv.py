"""Planar yuv420p frames as flat arrays, and the RGB -> YCbCr map ffmpeg uses for them.

Frames stay in the encoder's own format from decode to pipe: only the few pixels that change
(mouth, label, subtitles) are converted, never a whole frame. The matrix is BT.601 limited range,
the inverse of the yuv -> rgb24 conversion ffmpeg applied when the avatar's RGB crops were decoded,
so a crop pasted back lands on the same YCbCr values it came from.
"""

from __future__ import annotations

import cv2
import numpy as np

# rows: Y, Cb, Cr; columns: R, G, B, offset (8-bit, limited range)
RGB_TO_YCBCR = np.array([
    [65.481, 128.553, 24.966, 16.0 * 255.0],
    [-37.797, -74.203, 112.0, 128.0 * 255.0],
    [112.0, -93.786, -18.214, 128.0 * 255.0],
]) / 255.0


def planes(frame: np.ndarray, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Writable (Y, U, V) views of a flat yuv420p ``frame`` of ``size`` (width, height)."""
    width, height = size
    luma, chroma = width * height, width * height // 4
    return (frame[:luma].reshape(height, width),
            frame[luma:luma + chroma].reshape(height // 2, width // 2),
            frame[luma + chroma:luma + 2 * chroma].reshape(height // 2, width // 2))


def rgb_to_ycbcr(rgb: np.ndarray) -> np.ndarray:
    """(h, w, 3) uint8 RGB -> (h, w, 3) uint8 Y, Cb, Cr (full chroma resolution), rounded and saturated."""
    return cv2.transform(np.ascontiguousarray(rgb), RGB_TO_YCBCR)


def halve(image: np.ndarray) -> np.ndarray:
    """2x2 box average (chroma subsampling of a region whose size and origin are even)."""
    return cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)


def row_spans(boxes: list[tuple[int, int, int, int]], size: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """Sorted, disjoint [start, stop) byte ranges of a flat yuv420p frame of ``size`` holding every sample
    of ``boxes`` (x0, y0, x1, y1): whole rows of Y, Cb and Cr, so a frame that differs from its base only
    in those boxes is the base with a few contiguous ranges replaced."""
    width, height = size
    luma, chroma = width * height, width * height // 4
    spans = []
    for _, y0, _, y1 in boxes:
        y0c, y1c = y0 // 2, (y1 + 1) // 2
        spans += [(y0 * width, y1 * width), (luma + y0c * width // 2, luma + y1c * width // 2),
                  (luma + chroma + y0c * width // 2, luma + chroma + y1c * width // 2)]
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return tuple(merged)
