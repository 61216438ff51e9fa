"""The avatar directory: self-describing, storage-agnostic, written once per avatar.

    avatar.json        AvatarInfo (metadata, gate report, segments, model, metrics); written last, when
                       everything below exists (``ingest.json`` holds it while the avatar is being made)
    track.npz          per-frame arrays: landmarks, usable, to_canonical, pose, opening, eye, voiced,
                       crop mask, lip-PCA mean/basis
    audio.wav          16 kHz mono analysis audio
    crops.mp4          aligned lower-face crops of every frame at native resolution (25 fps)
    model/             config.json + weights.safetensors of the audio -> mouth-shape net
    model/warp/        config.json + weights.safetensors of the learned mouth warp (used if it beat retrieval)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from avatar.ingest.align import crop_matrix
from avatar.ingest.gate import GateReport
from avatar.shape import LipShapes
from core.errors import InputError

FORMAT_VERSION = 1
INFO = "avatar.json"
TRACKED_INFO = "ingest.json"  # pass 1 done: tracks and audio exist, footage and model may not


class AvatarInfo(BaseModel):
    """What the platform stores and shows about an avatar (crosses process and HTTP boundaries)."""

    format_version: int = FORMAT_VERSION
    name: str
    source_name: str
    created_at: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat())
    fps: int = 25
    frames: int
    width: int
    height: int
    holdout_start: int
    idle_start: int
    idle_stop: int
    px_per_iod: float
    crop_width: int
    crop_height: int
    gate: GateReport
    model: dict = Field(default_factory=dict)
    metrics: dict = Field(default_factory=dict)


@dataclass(frozen=True)
class Avatar:
    """A loaded avatar directory."""

    path: Path
    info: AvatarInfo
    landmarks: np.ndarray
    usable: np.ndarray
    to_canonical: np.ndarray
    pose: np.ndarray
    opening: np.ndarray
    eye: np.ndarray
    voiced: np.ndarray
    mask: np.ndarray
    shapes: LipShapes

    @property
    def crops_path(self) -> Path:
        return self.path / "crops.mp4"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    def to_crop(self, index: int) -> np.ndarray:
        """2x3 matrix from frame ``index``'s source pixels to native crop pixels."""
        return crop_matrix(self.to_canonical[index], self.info.px_per_iod)


def validation_slice(info: AvatarInfo) -> tuple[int, int]:
    """The end of the training footage, kept from both nets' training to choose weights and renderer."""
    return int(info.holdout_start * 0.92), info.holdout_start


def write_info(path: Path, info: AvatarInfo, name: str = INFO) -> None:
    tmp = path / f"{name}.tmp"
    tmp.write_text(info.model_dump_json(indent=2))
    tmp.replace(path / name)


def load_avatar(path: str | Path, info_name: str = INFO) -> Avatar:
    """Load a finished avatar directory (or, with ``info_name=TRACKED_INFO``, one whose pass 1 is done)."""
    path = Path(path)
    if not (path / info_name).is_file():
        raise InputError(f"not an avatar directory (no {info_name}): {path}")
    info = AvatarInfo.model_validate_json((path / info_name).read_text())
    arrays = np.load(path / "track.npz")
    return Avatar(
        path=path, info=info, landmarks=arrays["landmarks"], usable=arrays["usable"], to_canonical=arrays["to_canonical"],
        pose=arrays["pose"], opening=arrays["opening"], eye=arrays["eye"], voiced=arrays["voiced"], mask=arrays["mask"],
        shapes=LipShapes(arrays["lip_mean"], arrays["lip_basis"]),
    )
