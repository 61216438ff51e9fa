"""Music bed under speech: looped to length and ducked while the presenter speaks.

The ducking gain follows the speech envelope (20 ms RMS, fast attack, slow release), so the bed dips
under every phrase and comes back in the pauses; computed in numpy on the final 48 kHz track so the
count-based frame/sample alignment is untouched.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.media import read_audio

RATE = 48000


def _envelope(samples: np.ndarray, window: int) -> np.ndarray:
    n = len(samples) // window * window
    rms = np.sqrt((samples[:n].reshape(-1, window) ** 2).mean(1) + 1e-12)
    return np.concatenate([rms, rms[-1:] if len(rms) else np.zeros(1)])


def duck_music(
    speech: np.ndarray, music: np.ndarray, *, level_db: float = -18.0, duck_db: float = -12.0,
    threshold_db: float = -40.0, attack_s: float = 0.02, release_s: float = 0.4,
) -> np.ndarray:
    """``speech`` + ``music`` (both 48 kHz mono) looped/trimmed to the speech's length and ducked.

    The bed plays at ``level_db`` (relative to full scale) and ``duck_db`` lower while speech is above
    ``threshold_db``.
    """
    speech = np.asarray(speech, np.float32)
    music = np.asarray(music, np.float32)
    if len(music) == 0 or len(speech) == 0:
        return speech
    bed = np.resize(music, len(speech))
    window = RATE // 50
    active = (20 * np.log10(_envelope(speech, window)) > threshold_db).astype(np.float64)
    # one-pole smoothing, fast when speech starts and slow when it stops
    smooth = np.empty_like(active)
    level = 0.0
    up, down = np.exp(-0.02 / attack_s), np.exp(-0.02 / release_s)
    for i, a in enumerate(active):
        k = up if a > level else down
        level = k * level + (1 - k) * a
        smooth[i] = level
    gain_db = level_db + duck_db * smooth
    gain = np.interp(np.arange(len(speech)), np.arange(len(gain_db)) * window, 10 ** (gain_db / 20))
    mixed = speech + bed * gain.astype(np.float32)
    peak = float(np.abs(mixed).max())
    return mixed / peak * 0.99 if peak > 0.99 else mixed


def load_music(path: str | Path) -> np.ndarray:
    """A music file as 48 kHz mono float32 (any format ffmpeg reads), peak-normalised to 1."""
    samples = read_audio(path, sample_rate=RATE)
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    return samples / peak if peak > 0 else samples
