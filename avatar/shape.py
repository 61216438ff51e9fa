"""The person's own lip-shape space: PCA of the 40 lip landmarks in canonical (aligned) coordinates."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from avatar.ingest.landmarks import LIPS


@dataclass(frozen=True)
class LipShapes:
    """``coefficients = (lips - mean) @ basis.T``; lips are (40, 2) canonical points flattened to 80."""

    mean: np.ndarray  # (80,)
    basis: np.ndarray  # (k, 80), orthonormal rows

    @classmethod
    def fit(cls, canonical: np.ndarray, frames: np.ndarray, k: int = 12) -> "LipShapes":
        data = lip_vectors(canonical[frames])
        mean = data.mean(0)
        _, _, vt = np.linalg.svd(data - mean, full_matrices=False)
        return cls(mean.astype(np.float32), vt[:k].astype(np.float32))

    def encode(self, canonical: np.ndarray) -> np.ndarray:
        return ((lip_vectors(canonical) - self.mean) @ self.basis.T).astype(np.float32)

    def decode(self, coefficients: np.ndarray) -> np.ndarray:
        """(n, k) -> (n, 40, 2) canonical lip points."""
        return (coefficients @ self.basis + self.mean).reshape(-1, len(LIPS), 2)


def lip_vectors(canonical: np.ndarray) -> np.ndarray:
    """(n, 478, 2+) canonical landmarks -> (n, 80) lip vectors."""
    return canonical[:, LIPS, :2].reshape(len(canonical), -1).astype(np.float32)
