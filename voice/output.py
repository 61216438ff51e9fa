"""Deliverable audio: 48 kHz loudness-normalised for video/live, 8 kHz G.711 μ-law for calls.

Telephony is made the way a phone line expects it: convert at 16 kHz first (WORLD and the
filters behave there), band-limit to 300-3400 Hz with a zero-phase filter (timings unchanged),
normalise loudness, then resample to 8 kHz and encode G.711 μ-law (ITU-T G.711, the same
segment/quantisation rules as the classic Sun reference code). Both a μ-law WAV (format tag 7)
and a 16-bit PCM WAV are written.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from core.media import write_wav
from voice.records import Speech

VIDEO_RATE = 48_000
VIDEO_LUFS = -16.0
PHONE_RATE = 8_000
PHONE_LUFS = -20.0  # speech prompt level for calls: clear on a handset, far from μ-law clipping
PHONE_BAND = (300.0, 3400.0)
_PEAK = 10 ** (-1.0 / 20)  # keep sample peaks at or below -1 dBFS


def resample(samples: np.ndarray, src: int, dst: int) -> np.ndarray:
    if src == dst:
        return np.asarray(samples, np.float32)
    import soxr

    return soxr.resample(np.asarray(samples, np.float32), src, dst, quality="HQ").astype(np.float32)


def measure_lufs(samples: np.ndarray, sample_rate: int) -> float:
    """Integrated loudness (ITU-R BS.1770-4, pyloudnorm); -inf for silence."""
    import pyloudnorm

    x = np.asarray(samples, np.float64)
    if not np.any(np.abs(x) > 1e-6):
        return float("-inf")
    need = int(0.5 * sample_rate)
    if len(x) < need:  # shorter than one gating block: measure the sound repeated
        x = np.tile(x, need // len(x) + 1)
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(x))


def loudness_normalize(speech: Speech, target_lufs: float) -> Speech:
    """One gain for the whole record so that it measures ``target_lufs``; peaks kept under -1 dBFS."""
    loudness = measure_lufs(speech.samples, speech.sample_rate)
    if not np.isfinite(loudness):
        return speech
    gain = 10 ** ((target_lufs - loudness) / 20)
    y = speech.samples * gain
    peak = float(np.max(np.abs(y))) if len(y) else 0.0
    if peak > _PEAK:
        y = _limit(y)
    return replace(speech, samples=y.astype(np.float32))


def _limit(y: np.ndarray) -> np.ndarray:
    """Soft-knee limiter: samples above -3 dBFS are compressed smoothly toward -1 dBFS."""
    knee = 10 ** (-3.0 / 20)
    out = y.copy()
    over = np.abs(y) > knee
    excess = np.abs(y[over]) - knee
    out[over] = np.sign(y[over]) * (knee + (_PEAK - knee) * np.tanh(excess / (_PEAK - knee)))
    return out


def to_video(speech: Speech, *, target_lufs: float = VIDEO_LUFS) -> Speech:
    """48 kHz, loudness-normalised: the audio that goes into segments and live rooms."""
    resampled = replace(speech, samples=resample(speech.samples, speech.sample_rate, VIDEO_RATE),
                        sample_rate=VIDEO_RATE)
    return loudness_normalize(resampled, target_lufs)


@dataclass(frozen=True)
class TelephonyAudio:
    """An 8 kHz call prompt: raw G.711 μ-law bytes, and the two WAV files written from it."""

    mulaw: bytes
    pcm16: np.ndarray  # int16 at 8 kHz, the signal the μ-law bytes encode
    mulaw_wav: Path | None
    pcm_wav: Path | None
    sample_rate: int = PHONE_RATE


def band_limit(samples: np.ndarray, sample_rate: int, band: tuple[float, float] = PHONE_BAND) -> np.ndarray:
    """Zero-phase 300-3400 Hz band-pass (telephone channel)."""
    from scipy.signal import butter, sosfiltfilt

    sos = butter(6, band, btype="bandpass", fs=sample_rate, output="sos")
    return sosfiltfilt(sos, np.asarray(samples, np.float64)).astype(np.float32)


def to_telephony(
    speech: Speech, out_dir: str | Path | None = None, *, name: str = "speech", target_lufs: float = PHONE_LUFS
) -> TelephonyAudio:
    """Band-limited, loudness-set 8 kHz speech as G.711 μ-law (+ μ-law and 16-bit WAVs in ``out_dir``)."""
    wide = resample(speech.samples, speech.sample_rate, 16_000)
    narrow = replace(speech, samples=band_limit(wide, 16_000), sample_rate=16_000)
    narrow = loudness_normalize(narrow, target_lufs)
    phone = resample(narrow.samples, 16_000, PHONE_RATE)
    pcm = (np.clip(phone, -1.0, 1.0) * 32767.0).round().astype(np.int16)
    mulaw = lin2ulaw(pcm)
    mulaw_wav = pcm_wav = None
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        mulaw_wav = write_mulaw_wav(out / f"{name}.ulaw.wav", mulaw)
        pcm_wav = write_wav(out / f"{name}.8k.wav", pcm.astype(np.float32) / 32767.0, PHONE_RATE)
    return TelephonyAudio(mulaw, pcm, mulaw_wav, pcm_wav)


_SEG_END = np.array([0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF])


def lin2ulaw(pcm: np.ndarray) -> bytes:
    """G.711 μ-law encode 16-bit linear samples (14-bit magnitude, bias 33, 8 segments)."""
    x = np.asarray(pcm, np.int32) >> 2
    mask = np.where(x < 0, 0x7F, 0xFF)
    x = np.minimum(np.abs(x), 8159) + 33
    seg = np.searchsorted(_SEG_END, x)  # first segment whose end is >= x
    uval = np.where(seg >= 8, 0x7F, (seg << 4) | ((x >> (seg + 1)) & 0x0F))  # overload: top code
    return (uval ^ mask).astype(np.uint8).tobytes()


def ulaw2lin(data: bytes) -> np.ndarray:
    """G.711 μ-law decode to 16-bit linear samples."""
    u = ~np.frombuffer(data, np.uint8).astype(np.int32) & 0xFF
    t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4)
    return np.where(u & 0x80, 0x84 - t, t - 0x84).astype(np.int16)


def write_mulaw_wav(path: Path, mulaw: bytes, sample_rate: int = PHONE_RATE) -> Path:
    """RIFF/WAVE with format tag 7 (μ-law), 8 bits, mono, plus the ``fact`` chunk non-PCM needs."""
    fmt = struct.pack("<HHIIHHH", 7, 1, sample_rate, sample_rate, 1, 8, 0)
    fact = struct.pack("<I", len(mulaw))
    pad = b"\0" if len(mulaw) % 2 else b""
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"fact" + struct.pack("<I", 4) + fact
            + b"data" + struct.pack("<I", len(mulaw)) + mulaw + pad)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def write_speech(speech: Speech, path: str | Path) -> tuple[Path, Path]:
    """Write ``path`` (16-bit WAV at the record's rate) and ``path`` with ``.json`` (the timings)."""
    import json

    from voice.records import timings_to_dict

    wav_path = write_wav(Path(path), speech.samples, speech.sample_rate)
    json_path = wav_path.with_suffix(".json")
    json_path.write_text(json.dumps(timings_to_dict(speech), ensure_ascii=False, indent=1))
    return wav_path, json_path
