"""Voice profiles from an avatar's recording: find clean speech, keep 3-15 s clips, measure the voice.

Steps: decode the audio track (any video or audio file) at 24 kHz; WebRTC VAD marks speech;
nearby speech regions join into 3-15 s clips; each clip must look like one person talking
(syllabic energy modulation, a plausible syllable rate and voicing, enough SNR, and a speaker
embedding that agrees with the other clips), otherwise it is rejected with the reason kept.
Accepted clips are loudness-normalised and written next to ``profile.json``. The profile holds
what conversion and the production backends need: clip paths, log-F0 statistics, the average
spectral envelope, syllable rate and a Resemblyzer embedding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from core.errors import InputError
from core.media import read_audio, write_wav
from core.progress import Progress, sub_progress
from voice.analysis import f0_stats, fricative_ratio, mean_envelope, modulation_ratio, speech_mask, syllable_rate, world_analyse
from voice.output import measure_lufs

PROFILE_RATE = 24_000
CLIP_LUFS = -20.0
_FRAME_S = 0.03


class ClipInfo(BaseModel):
    path: str  # relative to the profile directory
    start_s: float
    duration_s: float
    snr_db: float
    modulation: float
    syllable_rate: float


class VoiceProfile(BaseModel):
    """A cloned voice, stored with the avatar (``profile.json`` plus ``clips/``)."""

    name: str
    directory: str
    sample_rate: int = PROFILE_RATE
    clips: list[ClipInfo]
    f0_log_mean: float
    f0_log_std: float
    envelope: list[float] = Field(description="Mean log-power envelope on analysis.GRID_HZ, level removed.")
    syllable_rate: float
    embedding: list[float] = Field(default_factory=list, description="Resemblyzer d-vector of the clips.")
    rejected: list[str] = Field(default_factory=list, description="Why other stretches were not used.")
    base_variant: str | None = Field(None, description="espeak-ng variant that converts best to this voice.")

    @property
    def clip_paths(self) -> list[Path]:
        return [Path(self.directory) / c.path for c in self.clips]

    @property
    def content_hash(self) -> str:
        """Identity for caches: changes whenever anything that shapes the voice changes."""
        data = self.model_dump(exclude={"directory", "rejected"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:32]

    def save(self) -> Path:
        path = Path(self.directory) / "profile.json"
        path.write_text(self.model_dump_json(indent=1))
        return path

    @classmethod
    def load(cls, directory: str | Path) -> VoiceProfile:
        path = Path(directory) / "profile.json"
        if not path.is_file():
            raise InputError(f"no voice profile at {directory}: build one with build_voice_profile first")
        profile = cls.model_validate_json(path.read_text())
        return profile.model_copy(update={"directory": str(Path(directory))})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int


def _speech_regions(mask: np.ndarray, rate: int, *, min_clip_s: float, max_clip_s: float) -> list[_Candidate]:
    """Join VAD speech frames into clips of ``min_clip_s``-``max_clip_s`` seconds.

    Pauses up to 1 s stay inside a clip (phrases of one turn); longer silences separate clips;
    stretches longer than the maximum are cut.
    """
    frame = int(_FRAME_S * rate)
    join_gap = int(1.0 / _FRAME_S)
    max_frames = int(max_clip_s / _FRAME_S)
    regions: list[list[int]] = []
    for i in np.flatnonzero(mask):
        if regions and i - regions[-1][1] <= join_gap and i + 1 - regions[-1][0] <= max_frames:
            regions[-1][1] = i + 1
        else:
            regions.append([i, i + 1])
    clips: list[_Candidate] = []
    for a, b in regions:
        if (b - a) * _FRAME_S >= min_clip_s:
            clips.append(_Candidate(a * frame, b * frame))
    return clips


def build_voice_profile(
    audio_path: str | Path,
    out_dir: str | Path,
    *,
    name: str,
    min_clip_s: float = 3.0,
    max_clip_s: float = 15.0,
    max_clips: int = 12,
    language: str = "zh",
    choose_base: bool = True,
    progress: Progress | None = None,
) -> VoiceProfile:
    """Analyse a recording (audio or video) and store a profile in ``out_dir``.

    ``language`` is the language the avatar mostly speaks (used to pick the embedded base voice;
    ``choose_base=False`` skips that measurement). Raises :class:`InputError` when the recording is silent, holds no speech (music, noise) or
    no stretch of at least ``min_clip_s`` seconds of clean single-speaker speech.
    """
    report = progress or (lambda f, m: None)
    audio = read_audio(audio_path, sample_rate=PROFILE_RATE)
    if len(audio) < PROFILE_RATE * min_clip_s:
        raise InputError(f"the reference audio is {len(audio) / PROFILE_RATE:.1f} s; at least {min_clip_s:.0f} s of speech is needed")
    if float(np.sqrt(np.mean(audio**2))) < 10 ** (-55 / 20):
        raise InputError("the reference audio is silent: record the avatar speaking")
    report(0.05, "finding speech")
    mask = speech_mask(audio, PROFILE_RATE)
    if mask.mean() < 0.05:
        raise InputError("no speech was found in the reference audio")
    candidates = _speech_regions(mask, PROFILE_RATE, min_clip_s=min_clip_s, max_clip_s=max_clip_s)
    if not candidates:
        raise InputError(f"the reference audio has no continuous speech of {min_clip_s:.0f}-{max_clip_s:.0f} s")
    accepted: list[tuple[_Candidate, np.ndarray, dict]] = []
    rejected: list[str] = []
    check = sub_progress(progress, 0.1, 0.6, "checking clips: ")
    for i, cand in enumerate(candidates):
        check(i / len(candidates), f"{i + 1}/{len(candidates)}")
        clip = audio[cand.start : cand.end]
        where = f"{cand.start / PROFILE_RATE:.1f}-{cand.end / PROFILE_RATE:.1f} s"
        mod = modulation_ratio(clip, PROFILE_RATE)
        rate = syllable_rate(clip, PROFILE_RATE)
        fric = fricative_ratio(clip, PROFILE_RATE)
        snr = _clip_snr(clip, PROFILE_RATE)
        if mod < 0.15 or not (2.0 <= rate <= 9.0) or not (0.04 <= fric <= 0.5):
            rejected.append(f"{where}: not speech-like, music or noise (syllabic modulation {mod:.2f}, "
                            f"{rate:.1f} syllables/s, fricative frames {fric:.2f})")
            continue
        if snr < 12.0:
            rejected.append(f"{where}: too noisy (SNR {snr:.0f} dB)")
            continue
        accepted.append((cand, clip, {"snr_db": snr, "modulation": mod, "syllable_rate": rate}))
    if not accepted:
        detail = "; ".join(rejected[:3])
        raise InputError(f"no usable speech in the reference audio (music, noise or silence): {detail}")
    accepted, overlap = _drop_other_speakers(accepted)
    rejected.extend(overlap)
    accepted = sorted(accepted, key=lambda a: -a[2]["snr_db"])[:max_clips]
    accepted.sort(key=lambda a: a[0].start)
    report(0.65, "measuring the voice")
    return _measure_and_store(accepted, rejected, Path(out_dir), name, progress,
                              choose_base=choose_base, language=language)


def _clip_snr(clip: np.ndarray, rate: int) -> float:
    """Speech-to-floor ratio inside a clip: loud frames against the quietest 10 % of frames."""
    frame = int(0.02 * rate)
    n = len(clip) // frame
    energy = np.sort(np.mean(clip[: n * frame].reshape(n, frame) ** 2, axis=1) + 1e-12)
    floor = np.mean(energy[: max(1, n // 10)])
    loud = np.mean(energy[-max(1, n // 2) :])
    return float(10 * np.log10(loud / floor))


def _drop_other_speakers(accepted: list) -> tuple[list, list[str]]:
    """Reject clips whose speaker embedding disagrees with the rest (overlap, a second voice)."""
    if len(accepted) < 3:
        return accepted, []
    from voice.similarity import embed

    for _, clip, stats in accepted:
        stats["embedding"] = embed(clip, PROFILE_RATE)
    vectors = np.array([stats["embedding"] for _, _, stats in accepted])
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid)
    sims = vectors @ centroid
    limit = max(0.70, float(np.median(sims)) - 0.07)  # clearly below the others, or not the same voice at all
    keep, dropped = [], []
    for item, sim in zip(accepted, sims, strict=True):
        cand = item[0]
        if sim < limit:
            dropped.append(f"{cand.start / PROFILE_RATE:.1f}-{cand.end / PROFILE_RATE:.1f} s: "
                           f"another or overlapping speaker (similarity {sim:.2f})")
        else:
            item[2]["similarity"] = float(sim)
            keep.append(item)
    return keep, dropped


def _measure_and_store(accepted: list, rejected: list[str], out: Path, name: str, progress: Progress | None,
                       *, choose_base: bool, language: str) -> VoiceProfile:
    from voice.similarity import embed

    clip_dir = out / "clips"
    clip_dir.mkdir(parents=True, exist_ok=True)
    infos: list[ClipInfo] = []
    f0s, envelopes, rates, vectors = [], [], [], []
    measure = sub_progress(progress, 0.65, 1.0, "measuring: ")
    for i, (cand, clip, stats) in enumerate(accepted):
        measure(i / len(accepted), f"clip {i + 1}/{len(accepted)}")
        level = measure_lufs(clip, PROFILE_RATE)
        gain = 10 ** ((CLIP_LUFS - level) / 20) if np.isfinite(level) else 1.0
        clip = np.clip(clip * gain, -1, 1).astype(np.float32)
        path = clip_dir / f"clip_{i:02d}.wav"
        write_wav(path, clip, PROFILE_RATE)
        world = world_analyse(clip, PROFILE_RATE)
        f0s.append(world.f0[world.f0 > 0])
        envelopes.append(mean_envelope(world))
        rates.append(stats["syllable_rate"])
        vectors.append(stats["embedding"] if "embedding" in stats else embed(clip, PROFILE_RATE))
        infos.append(ClipInfo(path=f"clips/{path.name}", start_s=cand.start / PROFILE_RATE,
                              duration_s=len(clip) / PROFILE_RATE, snr_db=stats["snr_db"],
                              modulation=stats["modulation"], syllable_rate=stats["syllable_rate"]))
    mean, std = f0_stats(np.concatenate(f0s))
    if not np.isfinite(mean):
        raise InputError("the reference speech has no measurable pitch (whispered or heavily distorted)")
    centroid = np.mean(vectors, axis=0)
    profile = VoiceProfile(
        name=name, directory=str(out), clips=infos, f0_log_mean=mean, f0_log_std=std,
        envelope=[float(v) for v in np.mean(envelopes, axis=0)], syllable_rate=float(np.median(rates)),
        embedding=[float(v) for v in centroid / np.linalg.norm(centroid)], rejected=rejected,
    )
    if choose_base:
        from voice.convert import choose_base_variant
        from voice.embedded import EspeakBackend

        measure(0.9, "choosing the base voice")
        variant, _ = choose_base_variant(profile, EspeakBackend(), language)
        profile = profile.model_copy(update={"base_variant": variant})
    profile.save()
    return profile
