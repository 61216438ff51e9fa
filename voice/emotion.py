"""Emotions as measurable prosody: pitch level and range, rate, energy and pauses per sentence.

One table drives every backend. espeak-ng gets it as SSML ``<prosody>`` and a trailing
``<break>``; backends without prosody control (XTTS, HTTP servers) get the same change applied
to their audio by WORLD (F0 level/range, time scale, gain) in :func:`apply_style`, or as an
instruction text where the server understands one (CosyVoice instruct).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voice.records import Emotion


@dataclass(frozen=True)
class Style:
    """Multipliers relative to the neutral voice; ``pause_s`` is the silence after the sentence."""

    pitch: float
    range: float
    rate: float
    volume_db: float
    pause_s: float
    instruction_zh: str
    instruction_en: str


STYLES: dict[Emotion, Style] = {
    Emotion.NEUTRAL: Style(1.00, 1.00, 1.00, 0.0, 0.30, "用自然平稳的语气说", "Speak in a natural, even tone."),
    Emotion.WARM: Style(1.04, 1.20, 0.92, -1.0, 0.38, "用温暖亲切的语气说", "Speak warmly and kindly."),
    Emotion.EXCITED: Style(1.20, 1.60, 1.18, 3.0, 0.18, "用非常兴奋激动的语气说", "Speak with great excitement."),
    Emotion.CALM: Style(0.93, 0.65, 0.85, -3.0, 0.50, "用平静舒缓的语气说", "Speak calmly and slowly."),
    Emotion.URGENT: Style(1.10, 1.25, 1.30, 4.0, 0.12, "用紧迫急切的语气快速说", "Speak urgently and fast."),
    Emotion.APOLOGETIC: Style(0.90, 0.75, 0.88, -4.0, 0.55, "用抱歉诚恳的语气说", "Speak apologetically and softly."),
    Emotion.CONFIDENT: Style(1.00, 1.25, 1.02, 2.0, 0.30, "用自信坚定的语气说", "Speak confidently."),
    Emotion.CURIOUS: Style(1.08, 1.40, 1.00, 0.0, 0.32, "用好奇的语气说", "Speak with curiosity."),
    Emotion.FRIENDLY: Style(1.06, 1.25, 1.03, 1.0, 0.28, "用友好热情的语气说", "Speak in a friendly, upbeat way."),
}


def style_for(emotion: Emotion | str | None) -> Style:
    return STYLES[Emotion.parse(emotion)]


def ssml_prosody(style: Style) -> str:
    """The opening ``<prosody>`` tag for espeak-ng (relative pitch, range, rate, volume)."""
    pitch = round((style.pitch - 1) * 100)
    rng = round((style.range - 1) * 100)
    rate = round(style.rate * 100)
    volume = round(100 * 10 ** (style.volume_db / 20))
    return f'<prosody pitch="{pitch:+d}%" range="{rng:+d}%" rate="{rate}%" volume="{volume}%">'


def apply_style(samples: np.ndarray, sample_rate: int, style: Style) -> tuple[np.ndarray, float]:
    """WORLD-based prosody for any backend: returns new samples and the time-scale factor applied.

    F0 is scaled in the log domain around its mean (level × ``pitch``, spread × ``range``), time is
    stretched by 1/``rate`` through WORLD's frame period, and gain follows ``volume_db``.
    """
    import pyworld as pw

    x = np.ascontiguousarray(samples, dtype=np.float64)
    if len(x) < sample_rate // 10:
        return samples.astype(np.float32), 1.0
    period = 5.0
    f0, t = pw.dio(x, sample_rate, frame_period=period)
    f0 = pw.stonemask(x, f0, t, sample_rate)
    sp = pw.cheaptrick(x, f0, t, sample_rate)
    ap = pw.d4c(x, f0, t, sample_rate)
    voiced = f0 > 0
    if voiced.any():
        lf0 = np.log(f0[voiced])
        mean = lf0.mean()
        f0 = f0.copy()
        f0[voiced] = np.exp(mean + np.log(style.pitch) + (lf0 - mean) * style.range)
    factor = 1.0 / style.rate
    y = pw.synthesize(f0, sp, ap, sample_rate, frame_period=period * factor)
    y *= 10 ** (style.volume_db / 20)
    return np.clip(y, -1, 1).astype(np.float32), len(y) / len(x)
