"""Shared fixtures: reference recordings made here (espeak-ng voices as 'people'), music, noise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.media import write_wav

RATE = 24_000

ENGLISH_LINES = [
    "Welcome to the live room, everyone. Today we have a great deal for you.",
    "This power bank holds plenty of charge and fills your phone twice.",
    "It weighs very little, so it fits in any pocket or small bag.",
    "The price today is low, and shipping is free for everyone watching.",
    "Only a few units are left, so please place your order quickly.",
]


def synthetic_music(seconds: float = 12.0, seed: int = 0) -> np.ndarray:
    """Notes with harmonics and chords, changing every 0.25-1 s (no speech in it)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    y = np.zeros_like(t)
    pos = 0.0
    while pos < seconds:
        length = rng.choice([0.25, 0.5, 0.75, 1.0])
        f = 220 * 2 ** (rng.integers(0, 24) / 12)
        idx = (t >= pos) & (t < pos + length + 0.3)
        tt = t[idx] - pos
        env = np.exp(-tt * 2.0) * np.minimum(1, tt / 0.01)
        for ratio in (1.0, 1.25, 1.5):
            for h in range(1, 6):
                y[idx] += env * np.sin(2 * np.pi * f * ratio * h * tt) / h
        pos += length
    return (0.3 * y / np.abs(y).max()).astype(np.float32)


@pytest.fixture(scope="session")
def speaker_recording(tmp_path_factory) -> Path:
    """~20 s of one 'speaker' (espeak-ng English, male variant m3) with pauses between lines."""
    from voice.embedded import EspeakBackend, EspeakVoice
    from voice.output import resample
    from voice.synthesize import synthesize

    backend = EspeakBackend(EspeakVoice(variant="m3"))
    speech = synthesize(" ".join(ENGLISH_LINES), backend=backend)
    samples = resample(speech.samples, speech.sample_rate, RATE)
    path = tmp_path_factory.mktemp("ref") / "speaker.wav"
    write_wav(path, samples * 0.5, RATE)
    return path


@pytest.fixture(scope="session")
def speaker_profile(speaker_recording, tmp_path_factory):
    from voice.profile import build_voice_profile

    return build_voice_profile(speaker_recording, tmp_path_factory.mktemp("profile"), name="m3", language="en",
                               choose_base=False)


@pytest.fixture()
def make_music():
    """The music generator, for tests that mix music with speech."""
    return synthetic_music


@pytest.fixture(scope="session")
def english_lines() -> list[str]:
    return list(ENGLISH_LINES)


@pytest.fixture()
def music_file(tmp_path) -> Path:
    return write_wav(tmp_path / "music.wav", synthetic_music(), RATE)
