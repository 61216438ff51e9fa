"""Which frames train the model, which are held out for evaluation, and which loop while idle."""

from __future__ import annotations

import numpy as np


def holdout_split(frames: int, fraction: float) -> int:
    """Index of the first held-out frame: the last ``fraction`` of the clip is never trained on."""
    if not 0.05 <= fraction <= 0.5:
        raise ValueError("holdout fraction must be within 0.05..0.5")
    return int(round(frames * (1.0 - fraction)))


def idle_loop(
    usable: np.ndarray, pose: np.ndarray, opening: np.ndarray, eye: np.ndarray, voiced: np.ndarray,
    end: int, *, lengths: tuple[int, ...] = (100, 150, 200), stride: int = 5,
) -> tuple[int, int]:
    """Pick ``[start, stop)`` before ``end`` to loop while the avatar is not speaking.

    Scores each window by how well its last frame joins its first (head pose and mouth), how still
    and closed the mouth is, and whether it contains a natural blink.
    """
    blink_level = np.percentile(eye[usable], 10) if usable.any() else 0.0
    best, best_score = (0, min(end, lengths[0])), np.inf
    for length in lengths:
        for start in range(0, max(end - length, 0) + 1, stride):
            stop = start + length
            if not usable[start:stop].all():
                continue
            join = np.abs(pose[stop - 1] - pose[start]).sum() / 3.0 + 20.0 * abs(opening[stop - 1] - opening[start])
            quiet = 10.0 * opening[start:stop].mean() + 2.0 * voiced[start:stop].mean()
            blink = 0.0 if (eye[start:stop] <= blink_level).any() else 1.0
            score = join + quiet + blink - 0.002 * length
            if score < best_score:
                best, best_score = (start, stop), score
    return best
