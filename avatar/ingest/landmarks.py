"""Dense face landmarks per frame from MediaPipe face mesh (weights bundled in mediapipe 0.10.14).

Landmarks are computed on a proxy of at most ``max_side`` pixels and returned in source pixels,
so a 4K upload costs the same to track as a 720p one.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

import cv2
import numpy as np

# MediaPipe face-mesh indices used across the package.
EYE_OUTER = (33, 263)
LIP_UPPER_INNER, LIP_LOWER_INNER = 13, 14
RIGID = (33, 133, 362, 263, 168, 6, 197, 195, 5, 4, 1, 98, 327)
LIPS = (
    61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291, 409, 270, 269, 267, 0, 37, 39, 40, 185,
    78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308, 415, 310, 311, 312, 13, 82, 81, 80, 191,
)
LOWER_FACE = (
    132, 58, 172, 136, 150, 149, 176, 148, 152, 377, 400, 378, 379, 365, 397, 288, 361,
    203, 98, 2, 327, 423,
)
EYE_LIDS = ((159, 145, 33, 133), (386, 374, 362, 263))  # top, bottom, corner, corner


@dataclass(frozen=True)
class FaceObservation:
    """What the mesh saw in one frame: how many faces, and the largest one's landmarks (478, 3)."""

    faces: int
    landmarks: np.ndarray | None  # x, y in source pixels; z in the same scale as x

    @property
    def height_px(self) -> float:
        """Forehead-to-chin extent of the face, in source pixels."""
        if self.landmarks is None:
            return 0.0
        return float(np.ptp(self.landmarks[:, 1]))


class FaceMeshTracker:
    """A stateful tracker for one video (MediaPipe reuses the previous frame's face)."""

    def __init__(self, *, max_faces: int = 2, max_side: int = 720, static: bool = False) -> None:
        os.environ.setdefault("GLOG_minloglevel", "2")
        from mediapipe.python.solutions import face_mesh

        self.max_side = max_side
        self._mesh = face_mesh.FaceMesh(
            static_image_mode=static, max_num_faces=max_faces, refine_landmarks=True,
            min_detection_confidence=0.5, min_tracking_confidence=0.5,
        )

    def proxy_size(self, width: int, height: int) -> tuple[int, int]:
        """(width, height) at which a ``width`` x ``height`` frame is tracked."""
        scale = min(1.0, self.max_side / max(height, width))
        return (width, height) if scale == 1.0 else (round(width * scale), round(height * scale))

    def observe(self, frame: np.ndarray, source_size: tuple[int, int] | None = None) -> FaceObservation:
        """Track one RGB frame. ``source_size`` (width, height): the frame was decoded scaled down from a
        source of that size (cheaper than resizing here); landmarks are returned in source pixels."""
        proxy_size = self.proxy_size(frame.shape[1], frame.shape[0])
        width, height = source_size or (frame.shape[1], frame.shape[0])
        proxy = frame if proxy_size == (frame.shape[1], frame.shape[0]) else cv2.resize(frame, proxy_size, interpolation=cv2.INTER_AREA)
        with warnings.catch_warnings():  # mediapipe 0.10.14 calls a deprecated protobuf API per frame
            warnings.filterwarnings("ignore", message="SymbolDatabase.GetPrototype", category=UserWarning)
            result = self._mesh.process(np.ascontiguousarray(proxy))
        faces = result.multi_face_landmarks or []
        if not faces:
            return FaceObservation(0, None)
        arrays = [np.array([(p.x * width, p.y * height, p.z * width) for p in face.landmark], np.float32) for face in faces]
        largest = max(arrays, key=lambda a: np.ptp(a[:, 0]) * np.ptp(a[:, 1]))
        return FaceObservation(len(arrays), largest)

    def close(self) -> None:
        self._mesh.close()

    def __enter__(self) -> "FaceMeshTracker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def inter_ocular(landmarks: np.ndarray) -> np.ndarray:
    """Outer-eye-corner distance for (..., 478, 2+) landmarks: the unit every mouth measure uses."""
    return np.linalg.norm(landmarks[..., EYE_OUTER[0], :2] - landmarks[..., EYE_OUTER[1], :2], axis=-1)


def mouth_opening(landmarks: np.ndarray) -> np.ndarray:
    """Inner-lip gap (mesh points 13-14) over inter-ocular distance, for (..., 478, 2+) landmarks."""
    gap = np.linalg.norm(landmarks[..., LIP_UPPER_INNER, :2] - landmarks[..., LIP_LOWER_INNER, :2], axis=-1)
    return gap / np.maximum(inter_ocular(landmarks), 1e-6)


def eye_aspect(landmarks: np.ndarray) -> np.ndarray:
    """Mean eye aspect ratio (lid gap over eye width): drops towards 0 in a blink."""
    ratios = []
    for top, bottom, a, b in EYE_LIDS:
        height = np.linalg.norm(landmarks[..., top, :2] - landmarks[..., bottom, :2], axis=-1)
        width = np.linalg.norm(landmarks[..., a, :2] - landmarks[..., b, :2], axis=-1)
        ratios.append(height / np.maximum(width, 1e-6))
    return np.mean(ratios, axis=0)
