"""Timings for backends that return bare audio: DTW alignment to an espeak-ng rendering.

The embedded engine knows exactly where each word and phoneme is in its own rendering of the
sentence; dynamic time warping of MFCC sequences (the approach of forced aligners such as
aeneas) maps those times onto the production backend's audio of the same text.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from voice.output import resample
from voice.records import PhonemeTiming, Speech, WordTiming

_RATE = 16_000
_HOP = 160


def _features(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    import librosa

    x = resample(samples, sample_rate, _RATE)
    mfcc = librosa.feature.mfcc(y=x, sr=_RATE, n_mfcc=20, hop_length=_HOP, n_fft=512)[1:]
    mfcc = (mfcc - mfcc.mean(axis=1, keepdims=True)) / (mfcc.std(axis=1, keepdims=True) + 1e-8)
    return mfcc


def align_to_reference(reference: Speech, samples: np.ndarray, sample_rate: int, backend: str) -> Speech:
    """``samples`` with ``reference``'s words and phonemes moved onto it by DTW."""
    import librosa

    a = _features(reference.samples, reference.sample_rate)
    b = _features(samples, sample_rate)
    _, path = librosa.sequence.dtw(X=a, Y=b, metric="euclidean")
    path = path[::-1]
    ref_frames = np.arange(a.shape[1])
    target_of = np.array([path[path[:, 0] == i, 1].mean() for i in ref_frames])
    duration = len(samples) / sample_rate

    def move(t: float) -> float:
        frame = t * _RATE / _HOP
        return float(np.clip(np.interp(frame, ref_frames, target_of) * _HOP / _RATE, 0.0, duration))

    words = tuple(
        WordTiming(w.text, move(w.start), move(w.end), w.sentence,
                   tuple(PhonemeTiming(p.phoneme, move(p.start), move(p.end)) for p in w.phonemes))
        for w in reference.words
    )
    sentences = tuple(replace(s, start=move(s.start), end=move(s.end)) for s in reference.sentences)
    return Speech(np.asarray(samples, np.float32), sample_rate, words, sentences, backend, "aligned")
