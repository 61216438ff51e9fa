"""IPA phonemes (espeak-ng's) -> mouth-shape tracks (opening, rounding) with coarticulation.

Each phoneme class has a target shape and a *dominance* (how strongly it pulls the mouth to its
target). Shapes at time t are the dominance-weighted mean of all targets, with dominance decaying
exponentially away from each phoneme (Cohen & Massaro's coarticulation model). Bilabials are
highly dominant for opening, so /p b m/ close the lips even between open vowels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from voice.espeak import Phoneme


@dataclass(frozen=True)
class Viseme:
    open: float  # 0 = lips closed, 1 = wide open jaw
    round: float  # -1 = spread (smile), +1 = rounded/protruded
    dominance: float


_REST = Viseme(0.02, -0.1, 0.6)
_CLASSES: dict[Viseme, tuple[str, ...]] = {
    Viseme(0.0, 0.0, 6.0): ("p", "b", "m"),
    Viseme(0.12, -0.2, 2.5): ("f", "v"),
    Viseme(0.25, -0.2, 1.0): ("θ", "ð"),
    Viseme(0.22, -0.3, 0.9): ("t", "d", "n", "l", "s", "z", "ɾ", "n̩", "l̩", "ɫ"),
    Viseme(0.28, 0.6, 1.5): ("ʃ", "ʒ", "tʃ", "dʒ"),
    Viseme(0.32, 0.0, 0.5): ("k", "g", "ɡ", "ŋ", "h", "x", "ʔ"),
    Viseme(0.25, 0.5, 1.2): ("ɹ", "r", "ʁ"),
    Viseme(0.12, 0.95, 2.5): ("w", "ʍ"),
    Viseme(0.2, -0.6, 1.0): ("j", "ç"),
    Viseme(0.95, -0.1, 1.0): ("a", "æ", "aː", "ɑː", "ɑ", "aɪ", "aʊ"),
    Viseme(0.65, -0.4, 1.0): ("ɛ", "ɛɹ"),
    Viseme(0.5, -0.6, 1.0): ("e", "eɪ", "eː"),
    Viseme(0.35, -0.7, 1.0): ("ɪ", "ᵻ", "iə"),
    Viseme(0.28, -0.95, 1.0): ("i", "iː"),
    Viseme(0.75, 0.55, 1.0): ("ɔ", "ɔː", "ɒ", "ɔɪ"),
    Viseme(0.55, 0.75, 1.0): ("oʊ", "o", "oː", "əʊ"),
    Viseme(0.3, 0.95, 1.1): ("uː", "ʊ", "u"),
    Viseme(0.6, 0.0, 0.9): ("ʌ", "ɜː", "ɜ", "ɚ", "ə", "ɐ", "əl"),
}
_TABLE = {symbol: vis for vis, symbols in _CLASSES.items() for symbol in symbols}


def viseme_for(symbol: str) -> Viseme:
    """Target shape of an IPA phoneme (``ɔːɹ`` falls back to ``ɔː``); unknown symbols rest the mouth."""
    symbol = symbol.strip("ˈˌ")
    if symbol in _TABLE:
        return _TABLE[symbol]
    if symbol and symbol[:2] in _TABLE:
        return _TABLE[symbol[:2]]
    if symbol and symbol[0] in _TABLE:
        return _TABLE[symbol[0]]
    return _REST


def mouth_tracks(
    phonemes: Sequence[Phoneme], times: np.ndarray, *, decay_s: float = 0.045
) -> tuple[np.ndarray, np.ndarray]:
    """Opening and rounding at ``times`` (seconds), blended across neighbouring phonemes."""
    times = np.asarray(times, np.float64)
    num_open = np.zeros_like(times)
    num_round = np.zeros_like(times)
    den = np.full_like(times, 1e-6)
    # a weak rest target everywhere, so long gaps settle at a relaxed closed mouth
    den += 0.02
    num_open += 0.02 * _REST.open
    num_round += 0.02 * _REST.round
    for ph in phonemes:
        vis = viseme_for(ph.symbol)
        half = 0.5 * (ph.end - ph.start)
        centre = 0.5 * (ph.start + ph.end)
        lo = np.searchsorted(times, ph.start - 8 * decay_s)
        hi = np.searchsorted(times, ph.end + 8 * decay_s)
        if hi <= lo:
            continue
        dist = np.maximum(np.abs(times[lo:hi] - centre) - half * 0.6, 0.0)
        weight = vis.dominance * np.exp(-dist / decay_s)
        den[lo:hi] += weight
        num_open[lo:hi] += weight * vis.open
        num_round[lo:hi] += weight * vis.round
    return num_open / den, num_round / den
