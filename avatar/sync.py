"""LSE-D / LSE-C style lip-sync scores with a user-supplied SyncNet (Wav2Lip's lip-sync expert).

The read-out is syncnet_python's (the LSE-D / LSE-C of the Wav2Lip paper): every 5-frame face window is compared
with the audio windows shifted by -15..+15 frames, distances are averaged over the clip per shift, and
LSE-D = the smallest mean distance, LSE-C = its median minus that minimum, the offset = the best shift.
Distances here are between Wav2Lip's unit embeddings (0..2), not syncnet_v2's, so the figures compare
real and generated frames of the same person, not published tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import cv2
import numpy as np
import torch

from avatar.audio import wav2lip_mel
from avatar.models.syncnet import FRAMES, MEL_STEPS, SyncNet

FACE_PX = 96
MAX_OFFSET = 15  # syncnet_python's vshift: +-0.6 s
BOTTOM_PAD = 0.1  # of the face height: Wav2Lip pads its detector box 10 px downwards, about a tenth of an LRS2 face


def face_crop(image: np.ndarray, landmarks: np.ndarray) -> np.ndarray | None:
    """The lower half (48 x 96 x 3 uint8, BGR) of the 96 px face box the expert sees, or None for an empty box.

    The box is the landmarks' extent with a little room below the chin, as Wav2Lip's preprocessing boxes
    faces; BGR because the expert was trained on ``cv2.imread`` frames.
    """
    (x0, y0), (x1, y1) = landmarks[:, :2].min(0), landmarks[:, :2].max(0)
    y1 += BOTTOM_PAD * (y1 - y0)
    height, width = image.shape[:2]
    x0, y0, x1, y1 = max(0, int(x0)), max(0, int(y0)), min(width, int(np.ceil(x1))), min(height, int(np.ceil(y1)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    face = cv2.resize(np.ascontiguousarray(image[y0:y1, x0:x1]), (FACE_PX, FACE_PX))
    return np.ascontiguousarray(face[FACE_PX // 2 :, :, ::-1])


def _mel_starts(frames: np.ndarray) -> np.ndarray:
    return 80 * frames // 25  # Wav2Lip's int(80 * t / fps): video frame -> first mel column of its window


def _face_windows(faces: Sequence[np.ndarray | None], starts: np.ndarray) -> np.ndarray:
    """(N, 15, 48, 96) float32 in [0, 1]: each window's 5 frames with their channels side by side, as Wav2Lip
    concatenates them."""
    stacks = np.stack([np.stack(faces[i : i + FRAMES]) for i in starts]).transpose(0, 1, 4, 2, 3)
    return stacks.reshape(len(starts), 3 * FRAMES, FACE_PX // 2, FACE_PX).astype(np.float32) / np.float32(255)


@torch.inference_mode()
def _embed(encode: Callable[[torch.Tensor], torch.Tensor], batches: Iterable[np.ndarray], device: str) -> torch.Tensor:
    return torch.cat([encode(torch.from_numpy(b).to(device)).cpu() for b in batches])


def sync_distances(
    model: SyncNet, faces: Sequence[np.ndarray | None], samples: np.ndarray, *, device: str = "cpu",
    max_offset: int = MAX_OFFSET, batch: int = 64,
) -> tuple[np.ndarray, np.ndarray]:
    """(windows, 2 * max_offset + 1) distances between face windows and audio shifted by -max_offset..+max_offset
    frames, and each window's first frame.

    ``faces[t]`` is frame t's ``face_crop`` (None: no face) and ``samples`` the 16 kHz audio from frame 0. Column k
    compares the faces of frames i..i+4 with the audio of frames i+k-max_offset..; only windows with a face in
    every frame and audio at every shift are kept (no padding that would score silence).
    """
    mel = wav2lip_mel(samples)
    columns = _mel_starts(np.arange(len(faces) + max_offset))
    columns = columns[columns + MEL_STEPS <= mel.shape[1]]
    present = np.array([f is not None for f in faces] + [False] * FRAMES)
    starts = np.array([i for i in range(max_offset, len(columns) - max_offset) if present[i : i + FRAMES].all()], int)
    if len(starts) == 0:
        return np.zeros((0, 2 * max_offset + 1), np.float32), starts
    mels = np.stack([mel[:, c : c + MEL_STEPS] for c in columns])[:, None]
    video = _embed(model.embed_faces, (_face_windows(faces, starts[i : i + batch]) for i in range(0, len(starts), batch)), device)
    audio = _embed(model.embed_audio, (mels[i : i + 4 * batch] for i in range(0, len(mels), 4 * batch)), device)
    shifted = audio[torch.from_numpy(starts[:, None] + np.arange(-max_offset, max_offset + 1))]
    return torch.linalg.vector_norm(shifted - video[:, None], dim=-1).numpy(), starts


def lse(distances: np.ndarray) -> dict[str, float]:
    """``sync_dist`` (LSE-D), ``sync_conf`` (LSE-C) and ``sync_offset`` (frames) from ``sync_distances``.

    The offset keeps syncnet_python's sign: the mouth of frame i matches the sound of frame i - offset, so
    delaying the audio by k frames lowers it by k. NaN when no window could be scored.
    """
    if len(distances) == 0:
        return {"sync_dist": float("nan"), "sync_conf": float("nan"), "sync_offset": float("nan")}
    mean = distances.mean(0)
    best = int(mean.argmin())
    return {"sync_dist": float(mean[best]), "sync_conf": float(np.median(mean) - mean[best]),
            "sync_offset": float((len(mean) // 2) - best)}


def sync_scores(model: SyncNet, faces: Sequence[np.ndarray | None], samples: np.ndarray, *, device: str = "cpu") -> dict[str, float]:
    """LSE-D / LSE-C style scores of a clip's face crops against its audio (see ``sync_distances``, ``lse``)."""
    return lse(sync_distances(model, faces, samples, device=device)[0])
