"""Synthetic talking-head test footage: espeak-ng speech + the photo puppet, written as an mp4.

This is test material, not the product: it lets tests and the benchmark make a talking clip of
any length and resolution (up to 3840x2160) with no download. Mouth shapes follow the phonemes
through coarticulated visemes; blinks, head motion, lighting drift and sensor noise are random
and independent of the speech, so a model cannot learn a shortcut from them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from core.media import VideoWriter, write_wav
from core.progress import Progress, no_progress
from footage.face import FacePuppet
from footage.visemes import mouth_tracks
from voice.espeak import Phoneme, speak

_WORDS = (
    "the a this that my your our new best price deal today only now with for from into over under about "
    "buy sell shop cart pay save keep feel look see find make take give bring show tell ask share love "
    "bright smooth soft warm cool fresh clean quick easy simple perfect premium classic modern gentle "
    "bottle jacket blanket lamp table chair coffee tea honey mirror pillow basket wallet shoes watch "
    "phone charger speaker camera garden kitchen morning evening weekend summer winter beautiful "
    "people family friends mother father baby puppy apple banana orange papaya mango berries "
    "wow oh yes okay really maybe absolutely amazing fabulous marvelous wonderful popular special "
    "because when while where why how much more most very just also every each both many few "
    "boom pop bubble maple purple people vibe view voice value wave wish which would room moon "
    "fifty five ninety nine three thousand hundred dollars euros minutes seconds hours thanks"
).split()


@dataclass(frozen=True)
class FootageSpec:
    """What to generate. ``faces=0`` gives a scene with no face; ``speech=False`` a silent clip."""

    duration_s: float = 40.0
    width: int = 640
    height: int = 360
    fps: int = 25
    seed: int = 0
    face_height: float = 0.45
    faces: int = 1
    speech: bool = True
    motion_blur_px: float = 0.0
    head_motion: float = 1.0
    preset: str = "veryfast"
    crf: int = 18


@dataclass(frozen=True)
class Footage:
    """The written clip and its ground truth (per-frame opening/rounding, phoneme timings)."""

    path: Path
    spec: FootageSpec
    frames: int
    opening: np.ndarray
    rounding: np.ndarray
    phonemes: tuple[Phoneme, ...] = field(repr=False)


def _speech(duration_s: float, rng: np.random.Generator) -> tuple[np.ndarray, int, list[Phoneme]]:
    """Random sentences with pauses between them until ``duration_s`` is filled."""
    chunks: list[np.ndarray] = []
    phonemes: list[Phoneme] = []
    sample_rate = 22050
    t = float(rng.uniform(0.3, 1.0))
    chunks.append(np.zeros(int(t * sample_rate), np.float32))
    while t < duration_s:
        words = rng.choice(_WORDS, size=int(rng.integers(4, 13)))
        text = " ".join(words).capitalize() + rng.choice([".", "!", "?", ","])
        utt = speak(text, rate=int(rng.integers(145, 190)), pitch=int(rng.integers(35, 65)))
        sample_rate = utt.sample_rate
        voiced = [p for p in utt.phonemes if p.symbol != "_"]
        end = voiced[-1].end if voiced else utt.duration  # the sentence's own closing pause: ours follows
        phonemes += [Phoneme(p.symbol, p.start + t, p.end + t) for p in utt.phonemes if p.end <= end]
        chunks.append(utt.samples[: int(end * sample_rate)] * float(rng.uniform(0.6, 1.0)))
        t += int(end * sample_rate) / sample_rate
        pause = float(rng.choice([rng.uniform(0.15, 0.4), rng.uniform(0.5, 1.6)], p=[0.6, 0.4]))
        chunks.append(np.zeros(int(pause * sample_rate), np.float32))
        t += pause
    samples = np.concatenate(chunks)[: int(duration_s * sample_rate)]
    return samples, sample_rate, phonemes


def _smooth_noise(rng: np.random.Generator, times: np.ndarray, freqs: tuple[float, ...]) -> np.ndarray:
    """A smooth random signal in about [-1, 1]: a few sinusoids with random phases."""
    weights = rng.uniform(0.5, 1.0, len(freqs))
    weights /= weights.sum()
    phases = rng.uniform(0, 2 * np.pi, len(freqs))
    return sum(w * np.sin(2 * np.pi * f * times + p) for w, f, p in zip(weights, freqs, phases))


def _blinks(rng: np.random.Generator, times: np.ndarray) -> np.ndarray:
    closure = np.zeros_like(times)
    t = float(rng.uniform(0.5, 3.0))
    while t < times[-1] + 1:
        length = float(rng.uniform(0.16, 0.28))
        phase = (times - t) / length
        closure = np.maximum(closure, np.clip(1.0 - np.abs(2.0 * phase - 1.0), 0.0, 1.0) * 1.4)
        t += float(rng.uniform(1.5, 6.0))
    return np.clip(closure, 0.0, 1.0)


def generate_footage(path: str | Path, spec: FootageSpec = FootageSpec(), progress: Progress | None = None) -> Footage:
    """Write a talking clip of the photo's person to ``path`` (mp4, H.264 + AAC) and return its truth."""
    if not (16 <= spec.width <= 3840 and 16 <= spec.height <= 2160):
        raise ValueError("footage size must be within 3840x2160")
    progress = progress or no_progress
    path = Path(path)
    rng = np.random.default_rng(spec.seed)
    n = int(round(spec.duration_s * spec.fps))
    times = np.arange(n) / spec.fps
    if spec.speech:
        samples, sample_rate, phonemes = _speech(spec.duration_s, rng)
    else:
        sample_rate, phonemes = 22050, []
        samples = np.zeros(int(spec.duration_s * sample_rate), np.float32)
    samples = samples + rng.normal(0, 0.002, len(samples)).astype(np.float32)  # room tone
    opening, rounding = mouth_tracks(phonemes, times)
    blink = _blinks(rng, times)
    motion = spec.head_motion
    angle = 2.0 * motion * _smooth_noise(rng, times, (0.07, 0.19, 0.41))
    shift_x = 0.012 * motion * spec.height * _smooth_noise(rng, times, (0.05, 0.17, 0.33))
    shift_y = 0.008 * motion * spec.height * _smooth_noise(rng, times, (0.06, 0.23, 0.5))
    zoom = 1.0 + 0.015 * motion * _smooth_noise(rng, times, (0.04, 0.11))
    gain = 1.0 + 0.03 * _smooth_noise(rng, times, (0.03, 0.09, 0.8))
    puppet = FacePuppet(spec.width, spec.height, face_height=spec.face_height, faces=max(spec.faces, 1))
    if spec.faces == 0:
        puppet.base = cv2.GaussianBlur(puppet.base, (0, 0), spec.height / 12)
    shape = (spec.height, spec.width, 3)
    grain = [np.abs(rng.normal(0, 2.0, shape)).astype(np.uint8) for _ in range(6)]
    pivot = (spec.width / 2, spec.height * 0.75)
    kernel = None
    if spec.motion_blur_px >= 2:
        size = int(spec.motion_blur_px) | 1
        kernel = np.zeros((size, size), np.float32)
        kernel[size // 2, :] = 1.0 / size
    with tempfile.TemporaryDirectory() as tmp:
        wav = write_wav(Path(tmp) / "speech.wav", samples, sample_rate)
        with VideoWriter(path, spec.width, spec.height, spec.fps, audio=wav, preset=spec.preset, crf=spec.crf) as out:
            for k in range(n):
                frame = puppet.render(float(opening[k]), float(rounding[k]), float(blink[k]) if spec.faces else 0.0)
                matrix = cv2.getRotationMatrix2D(pivot, float(angle[k]), float(zoom[k]))
                matrix[:, 2] += (shift_x[k], shift_y[k])
                frame = cv2.warpAffine(frame, matrix, (spec.width, spec.height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)
                if kernel is not None:
                    frame = cv2.filter2D(frame, -1, kernel)
                frame = cv2.convertScaleAbs(frame, alpha=float(gain[k]))
                frame = cv2.subtract(cv2.add(frame, grain[k % 6]), grain[(k + 3) % 6])
                out.write(frame)
                if k % 100 == 0:
                    progress(k / n, "rendering test footage")
    progress(1.0, "test footage written")
    return Footage(path, spec, n, opening.astype(np.float32), rounding.astype(np.float32), tuple(phonemes))
