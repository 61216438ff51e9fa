"""Audio features aligned to 25 fps video: log-mel (4 frames per video frame), vocal-tract-length normalisation,
Wav2Lip's mel and a simple VAD."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SAMPLE_RATE = 16000
HOP = 160  # 10 ms: four mel frames per 40 ms video frame
N_FFT = 512
N_MELS = 80
MEL_PER_FRAME = 4


@lru_cache(maxsize=4)
def _mel_filters(n_mels: int = N_MELS, n_fft: int = N_FFT, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    def hz_to_mel(hz):
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    def mel_to_hz(mel):
        return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)

    edges = mel_to_hz(np.linspace(hz_to_mel(50.0), hz_to_mel(7600.0), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    filters = np.maximum(0.0, np.minimum((bins - lower) / (centre - lower), (upper - bins) / (upper - centre)))
    return (filters / filters.sum(1, keepdims=True)).astype(np.float32)


def log_mel(samples: np.ndarray, frames: int | None = None) -> np.ndarray:
    """(T, 80) log-mel at 100 Hz; padded or cut to ``4 * frames`` rows when ``frames`` is given."""
    samples = np.asarray(samples, np.float32)
    count = len(samples) // HOP + 1 if frames is None else frames * MEL_PER_FRAME
    padded = np.pad(samples, (N_FFT // 2, N_FFT // 2 + count * HOP + N_FFT))
    idx = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    spec = np.abs(np.fft.rfft(padded[idx] * np.hanning(N_FFT).astype(np.float32), axis=1)) ** 2
    return np.log(spec.astype(np.float32) @ _mel_filters().T + 1e-8)


def normalise(mel: np.ndarray) -> np.ndarray:
    """Per-clip mean/variance normalisation per mel bin (removes channel and loudness differences)."""
    return (mel - mel.mean(0)) / (mel.std(0) + 1e-5)


# frequency-axis stretches tried by ``match_voice``: 0.8-1.25, the span between adult voices' vocal-tract lengths
WARPS = np.exp(np.linspace(np.log(0.8), np.log(1.25), 19))
SPECTRUM_BINS = slice(5, 70)  # about 130 Hz - 5 kHz: formants, without the pitch region and the top bands


def warp_frequency(mel: np.ndarray, alpha: float) -> np.ndarray:
    """Log-mel (rows, bins) with its frequency axis stretched: bin ``b`` takes bin ``b * alpha`` (``alpha`` < 1 moves
    formants up, as from a longer vocal tract to a shorter one). The training augmentation's warp, for one clip."""
    bins = mel.shape[1]
    pos = np.clip(np.arange(bins) * alpha, 0, bins - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, bins - 1)
    frac = (pos - lo).astype(np.float32)
    return (mel[:, lo] * (1 - frac) + mel[:, hi] * frac).astype(np.float32)


def voice_spectrum(mel: np.ndarray, samples: np.ndarray, frames: int) -> np.ndarray:
    """(bins,) the mean log-mel of a clip's voiced rows, level removed: its long-term speech envelope."""
    rows = np.repeat(voiced(samples, frames), MEL_PER_FRAME)[: len(mel)]
    return _level_removed((mel[rows] if rows.sum() >= 20 else mel).mean(0))


def _level_removed(spectrum: np.ndarray) -> np.ndarray:
    return spectrum - spectrum[SPECTRUM_BINS].mean()


def match_voice(mel: np.ndarray, samples: np.ndarray, frames: int, reference: np.ndarray) -> tuple[np.ndarray, float]:
    """Vocal-tract-length normalisation: ``mel`` warped by the stretch in ``WARPS`` whose long-term envelope is
    nearest ``reference`` (the person's ``voice_spectrum``), and that stretch.

    The person's net learned formants at the person's vocal-tract length; another speaker's sit higher or lower
    (a man's about 15 % lower than a woman's), which the per-bin normalisation cannot undo. The person's own voice
    comes out unwarped."""
    spectrum = voice_spectrum(mel, samples, frames)[None]  # the warp is linear: warping the mean = the mean warped
    errors = [float(((_level_removed(warp_frequency(spectrum, a)[0]) - reference)[SPECTRUM_BINS] ** 2).mean())
              for a in WARPS]
    alpha = float(WARPS[int(np.argmin(errors))])
    return (mel if alpha == 1.0 else warp_frequency(mel, alpha)), alpha


def frame_energy_db(samples: np.ndarray, frames: int, fps: float = 25.0) -> np.ndarray:
    """RMS level in dBFS of each video frame's 1/fps of audio."""
    hop = int(round(SAMPLE_RATE / fps))
    padded = np.pad(np.asarray(samples, np.float32), (0, max(0, frames * hop - len(samples))))[: frames * hop]
    rms = np.sqrt(np.mean(padded.reshape(frames, hop) ** 2, axis=1) + 1e-12)
    return 20.0 * np.log10(rms + 1e-9)


def voiced(samples: np.ndarray, frames: int, fps: float = 25.0) -> np.ndarray:
    """Energy VAD: a frame is speech when 15 dB over the clip's noise floor and above -50 dBFS."""
    level = frame_energy_db(samples, frames, fps)
    floor = np.percentile(level, 10)
    return (level > floor + 15.0) & (level > -50.0)


WAV2LIP_HOP = 200  # 12.5 ms: 80 mel columns per second, 3.2 per 25 fps video frame


@lru_cache(maxsize=1)
def _wav2lip_filters() -> np.ndarray:
    import librosa

    return librosa.filters.mel(sr=SAMPLE_RATE, n_fft=800, n_mels=N_MELS, fmin=55.0, fmax=7600.0).astype(np.float32)


def wav2lip_mel(samples: np.ndarray) -> np.ndarray:
    """(80, T) mel at 80 Hz in [-4, 4], the front end Wav2Lip's networks were trained on (not ``log_mel``).

    16 kHz, pre-emphasis 0.97, |STFT| (800-sample Hann window, hop 200), 80 Slaney bands 55-7600 Hz,
    20 log10 (floor 1e-5) - 20 dB, then [-100, 0] dB mapped to [-4, 4]. Frame 0 is centred on sample 0 and the
    clip is padded with silence, so delaying the audio by ``k * 200`` samples delays every column by ``k``.
    """
    import librosa
    from scipy.signal import lfilter

    emphasised = lfilter([1.0, -0.97], [1.0], np.asarray(samples, np.float32))
    spec = np.abs(librosa.stft(emphasised.astype(np.float32), n_fft=800, hop_length=WAV2LIP_HOP, win_length=800,
                               window="hann", center=True, pad_mode="constant"))
    db = 20.0 * np.log10(np.maximum(1e-5, _wav2lip_filters() @ spec)) - 20.0
    return np.clip(8.0 * (db + 100.0) / 100.0 - 4.0, -4.0, 4.0).astype(np.float32)
