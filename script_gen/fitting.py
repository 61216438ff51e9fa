"""What the learned stages share to train and score: a clipped logistic function and one AdamW step.

Both models train in NumPy with a fixed seed and step count, so a training script rebuilds the shipped weights bit for
bit and the runtime needs nothing beyond NumPy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """The logistic function, clipped so a large logit neither overflows nor underflows."""
    return 1 / (1 + np.exp(-np.clip(z, -40, 40)))


def adam_step(params: Sequence[np.ndarray], grads: Sequence[np.ndarray],
              moments: Sequence[tuple[np.ndarray, np.ndarray]], step: int, lr: float, decay: float = 0.0) -> None:
    """Update ``params`` in place by one AdamW step (``step`` counts from 1; ``moments`` are updated in place too)."""
    for p, g, (m, v) in zip(params, grads, moments, strict=True):
        m *= 0.9
        m += 0.1 * g
        v *= 0.999
        v += 0.001 * g * g
        p -= lr * ((m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8) + decay * p)
