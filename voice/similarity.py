"""Speaker similarity with Resemblyzer's GE2E encoder, whose weights ship inside its wheel.

Install note: Resemblyzer 0.1.4 declares an obsolete ``typing`` requirement that breaks Python
3.11 tooling, so it is installed with ``pip install --no-deps resemblyzer==0.1.4``; its real
dependencies (librosa, webrtcvad via webrtcvad-wheels, scipy, torch) are in pyproject.toml.
Scores are cosine similarities of L2-normalised, non-negative d-vectors: compare them only with
other Resemblyzer scores.
"""

from __future__ import annotations

import functools

import numpy as np

from core.errors import NotConfiguredError

ENCODER_RATE = 16_000


@functools.cache
def _encoder():  # noqa: ANN202 - resemblyzer.VoiceEncoder
    try:
        from resemblyzer import VoiceEncoder
    except ImportError:
        raise NotConfiguredError(
            "speaker similarity needs Resemblyzer: pip install --no-deps resemblyzer==0.1.4"
        ) from None
    return VoiceEncoder("cpu", verbose=False)


def embed(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """256-d unit d-vector of one utterance (silences trimmed, volume normalised by Resemblyzer)."""
    from resemblyzer import preprocess_wav

    from voice.output import resample

    wav = preprocess_wav(resample(samples, sample_rate, ENCODER_RATE), source_sr=ENCODER_RATE)
    if len(wav) < ENCODER_RATE // 2:
        wav = resample(samples, sample_rate, ENCODER_RATE)  # too little left after trimming: use it all
    return _encoder().embed_utterance(wav.astype(np.float32))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two embeddings (or of an embedding and a profile's stored one)."""
    a = np.asarray(a, np.float64)
    b = np.asarray(b, np.float64)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))
