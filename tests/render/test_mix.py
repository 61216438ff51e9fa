"""The music bed dips under speech and comes back in pauses."""

from __future__ import annotations

import numpy as np

from render.mix import duck_music


def test_music_is_ducked_while_speaking_and_fills_to_length():
    rate = 48000
    t = np.arange(4 * rate) / rate
    speech = np.where((t > 1.0) & (t < 2.5), 0.3 * np.sin(2 * np.pi * 200 * t), 0.0).astype(np.float32)
    music = (0.9 * np.sin(2 * np.pi * 1000 * np.arange(rate) / rate)).astype(np.float32)  # 1 s, looped
    mixed = duck_music(speech, music, level_db=-18.0, duck_db=-12.0)
    bed = mixed - speech
    assert len(mixed) == len(speech)

    def level(a, b):
        return 20 * np.log10(np.sqrt((bed[int(a * rate):int(b * rate)] ** 2).mean()))

    quiet, talking, after = level(0.2, 0.9), level(1.5, 2.4), level(3.6, 4.0)
    assert abs(quiet - (-18 - 0.9 - 3.0)) < 1.0  # -18 dB of a 0.9-peak sine (RMS -3 dB)
    assert 10.0 < quiet - talking < 13.0
    assert abs(after - quiet) < 1.0
