"""Signal measurements shared by voice profiles, conversion, emotion checks and the benchmark.

All of them are plain DSP: WORLD (pyworld) for F0 and spectral envelopes, webrtcvad for speech
activity, and an energy-envelope syllable counter for speaking rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from voice.records import Speech

GRID_HZ = np.linspace(0.0, 8000.0, 257)  # common frequency grid for average envelopes
FRAME_MS = 5.0


@dataclass(frozen=True)
class World:
    f0: np.ndarray
    sp: np.ndarray
    ap: np.ndarray
    sample_rate: int


def world_analyse(samples: np.ndarray, sample_rate: int, *, frame_ms: float = FRAME_MS, fast: bool = False) -> World:
    """WORLD analysis (DIO + StoneMask F0, CheapTrick envelope, D4C aperiodicity).

    ``fast`` runs DIO on a 3x decimated signal (StoneMask still refines F0 on the full one); the
    streaming conversion uses it with 10 ms frames to stay well under real time on two cores.
    """
    import pyworld as pw

    x = np.ascontiguousarray(samples, dtype=np.float64)
    f0, t = pw.dio(x, sample_rate, f0_floor=60.0, f0_ceil=700.0, frame_period=frame_ms, speed=3 if fast else 1)
    f0 = pw.stonemask(x, f0, t, sample_rate)
    sp = pw.cheaptrick(x, f0, t, sample_rate)
    ap = pw.d4c(x, f0, t, sample_rate)
    return World(f0, sp, ap, sample_rate)


def world_synthesise(w: World, frame_ms: float = FRAME_MS) -> np.ndarray:
    import pyworld as pw

    y = pw.synthesize(w.f0, np.ascontiguousarray(w.sp), np.ascontiguousarray(w.ap), w.sample_rate, frame_period=frame_ms)
    return y.astype(np.float32)


def f0_stats(f0: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of log F0 over voiced frames (nan when unvoiced throughout)."""
    voiced = f0[f0 > 0]
    if len(voiced) < 10:
        return float("nan"), float("nan")
    lf0 = np.log(voiced)
    return float(lf0.mean()), float(lf0.std())


def mean_envelope(w: World) -> np.ndarray:
    """Average log power envelope of voiced frames on :data:`GRID_HZ` (level removed)."""
    voiced = w.f0 > 0
    frames = w.sp[voiced] if voiced.sum() >= 10 else w.sp
    freqs = np.linspace(0, w.sample_rate / 2, w.sp.shape[1])
    log_env = np.log(np.maximum(frames, 1e-16)).mean(axis=0)
    on_grid = np.interp(GRID_HZ, freqs, log_env)
    return on_grid - on_grid.mean()


def speech_mask(samples: np.ndarray, sample_rate: int, *, aggressiveness: int = 2) -> np.ndarray:
    """Per-30 ms frame speech flags from WebRTC VAD (input resampled to 16 kHz)."""
    import webrtcvad

    from voice.output import resample

    x = resample(samples, sample_rate, 16000)
    pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16)
    vad = webrtcvad.Vad(aggressiveness)
    step = 480
    count = len(pcm) // step
    return np.array([vad.is_speech(pcm[i * step:(i + 1) * step].tobytes(), 16000) for i in range(count)], bool)


def energy_envelope(samples: np.ndarray, sample_rate: int, hop_s: float = 0.01) -> np.ndarray:
    """Log energy (dB) of the 300-3000 Hz band every ``hop_s`` seconds."""
    from scipy.signal import butter, sosfiltfilt

    sos = butter(4, [300, 3000], btype="bandpass", fs=sample_rate, output="sos")
    band = sosfiltfilt(sos, np.asarray(samples, np.float64))
    hop = max(1, int(hop_s * sample_rate))
    n = len(band) // hop
    if n == 0:
        return np.zeros(0)
    frames = band[: n * hop].reshape(n, hop)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-10)


def syllable_rate(samples: np.ndarray, sample_rate: int) -> float:
    """Syllable nuclei per second of active speech: peaks of the smoothed band energy."""
    from scipy.signal import find_peaks

    env = energy_envelope(samples, sample_rate)
    if len(env) < 20:
        return float("nan")
    kernel = np.hanning(7)
    smooth = np.convolve(env, kernel / kernel.sum(), mode="same")
    floor = np.percentile(smooth, 95) - 25.0
    peaks, _ = find_peaks(smooth, prominence=4.0, distance=8, height=floor)
    active = np.sum(smooth > floor) * 0.01
    return float(len(peaks) / active) if active > 0.5 else float("nan")


def modulation_ratio(samples: np.ndarray, sample_rate: int) -> float:
    """Share of the energy envelope's modulation spectrum in the syllabic 2-8 Hz band.

    Speech puts most of its envelope modulation there; sustained music and steady noise do not.
    """
    env = energy_envelope(samples, sample_rate)
    if len(env) < 100:
        return 0.0
    env = np.maximum(env, env.max() - 50.0)  # digital silence would otherwise dominate
    env = env - env.mean()
    spectrum = np.abs(np.fft.rfft(env * np.hanning(len(env)))) ** 2
    freqs = np.fft.rfftfreq(len(env), 0.01)
    total = spectrum[(freqs >= 0.5) & (freqs <= 20)].sum()
    syllabic = spectrum[(freqs >= 2) & (freqs <= 8)].sum()
    return float(syllabic / total) if total > 0 else 0.0


def fricative_ratio(samples: np.ndarray, sample_rate: int) -> float:
    """Share of active frames whose 4-8 kHz energy beats their 0.1-1 kHz energy.

    Speech alternates voiced sounds with fricatives (about 5-30 % of frames); tonal music has
    almost none and broadband noise has nearly all. Needs a sample rate of at least 16 kHz.
    """
    from scipy.signal import stft

    freqs, _, spec = stft(np.asarray(samples, np.float64), sample_rate, nperseg=512, noverlap=256)
    power = np.abs(spec) ** 2
    energy = power.sum(axis=0)
    active = energy > energy.max() * 1e-4
    if not active.any():
        return 0.0
    high = power[(freqs >= 4000) & (freqs <= 8000)].sum(axis=0)
    low = power[(freqs >= 100) & (freqs <= 1000)].sum(axis=0)
    return float(np.mean(high[active] > low[active]))


@dataclass(frozen=True)
class Prosody:
    """What an emotion is supposed to change, measured on the audio and its timings."""

    f0_hz: float  # median F0 of voiced frames
    f0_range_st: float  # interquartile range of F0 in semitones (robust to pitch-tracking slips)
    phonemes_per_s: float  # over the spoken span (first word start to last word end)
    loudness_lufs: float
    pause_s: float  # silence after the last word


def measure_prosody(speech: Speech) -> Prosody:
    from voice.output import measure_lufs, resample

    x = resample(speech.samples, speech.sample_rate, 16000)
    f0 = world_analyse(x, 16000).f0
    voiced = f0[f0 > 0]
    phonemes = speech.phonemes
    span = speech.words[-1].end - speech.words[0].start if speech.words else 0.0
    return Prosody(
        f0_hz=float(np.median(voiced)) if len(voiced) else float("nan"),
        f0_range_st=float(np.subtract(*np.percentile(12 * np.log2(voiced), [75, 25]))) if len(voiced) else float("nan"),
        phonemes_per_s=len(phonemes) / span if span > 0 else float("nan"),
        loudness_lufs=measure_lufs(speech.samples, speech.sample_rate),
        pause_s=speech.duration - speech.words[-1].end if speech.words else 0.0,
    )
