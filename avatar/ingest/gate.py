"""The quality gate: decide early, and in words a merchant understands, whether a video can become an avatar.

Cheap checks run first (container, duration, speech, a few sampled frames) so a bad upload fails in
seconds; the per-frame verdicts of the full tracking pass decide how much footage is usable.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from pydantic import BaseModel, Field

from avatar.ingest.landmarks import EYE_OUTER, FaceObservation
from core.errors import InputError


@dataclass(frozen=True)
class GateLimits:
    min_usable_s: float = 30.0
    min_face_px: float = 128.0
    min_sharpness: float = 0.12
    min_speech_s: float = 5.0
    min_speech_fraction: float = 0.1
    min_lip_sync_z: float = 3.0
    max_duration_s: float = 1800.0


class GateReport(BaseModel):
    """The gate's findings, stored with the avatar and shown to the merchant."""

    passed: bool = False
    error: str | None = None
    duration_s: float = 0.0
    width: int = 0
    height: int = 0
    source_fps: float = 0.0
    frames: int = 0
    usable_s: float = 0.0
    no_face_s: float = 0.0
    multi_face_s: float = 0.0
    small_face_s: float = 0.0
    blurry_s: float = 0.0
    face_px_median: float = 0.0
    sharpness_median: float = 0.0
    speech_s: float = 0.0
    lip_audio_corr: float = 0.0
    lip_sync_z: float = 0.0
    warnings: list[str] = Field(default_factory=list)


class GateError(InputError):
    """A video failed the quality gate; ``report`` holds everything that was measured."""

    def __init__(self, message: str, report: GateReport) -> None:
        super().__init__(message)
        report.passed = False
        report.error = message
        self.report = report


def sharpness(gray: np.ndarray, landmarks: np.ndarray) -> float:
    """Detail in the face at a fixed scale (40 px per inter-ocular distance), independent of resolution.

    Variance of the Laplacian over the variance of the image: motion blur removes high frequencies
    and drives this towards 0, whatever the frame size or contrast.
    """
    left, right = landmarks[EYE_OUTER[0], :2], landmarks[EYE_OUTER[1], :2]
    iod = float(np.linalg.norm(right - left))
    if iod < 8:
        return 0.0
    cx, cy = (left + right) / 2
    x0, x1 = int(max(cx - 0.8 * iod, 0)), int(min(cx + 0.8 * iod, gray.shape[1]))
    y0, y1 = int(max(cy - 0.6 * iod, 0)), int(min(cy + 1.4 * iod, gray.shape[0]))
    if x1 - x0 < 8 or y1 - y0 < 8:
        return 0.0
    face = cv2.resize(gray[y0:y1, x0:x1], (64, 80), interpolation=cv2.INTER_AREA).astype(np.float32)
    lap = cv2.Laplacian(face, cv2.CV_32F)
    return float(lap.var() / (face.var() + 1e-6))


def check_duration(report: GateReport, limits: GateLimits) -> None:
    if report.duration_s < limits.min_usable_s:
        raise GateError(
            f"video too short: {report.duration_s:.1f} s; at least {limits.min_usable_s:.0f} s of footage of the "
            "speaking face is needed (5 minutes recommended)", report)
    if report.duration_s > limits.max_duration_s:
        raise GateError(f"video too long: {report.duration_s:.0f} s; at most {limits.max_duration_s:.0f} s", report)


def check_speech(report: GateReport, voiced: np.ndarray, fps: float, limits: GateLimits) -> None:
    report.speech_s = float(voiced.sum() / fps)
    needed = max(limits.min_speech_s, limits.min_speech_fraction * report.duration_s)
    if report.speech_s < needed:
        raise GateError(
            f"no speech: only {report.speech_s:.1f} s of speech found in the audio (need {needed:.0f} s); upload a "
            "video of the person talking, with its sound", report)


def _best_corr(opening: np.ndarray, level: np.ndarray, max_lag: int) -> float:
    """Highest Pearson correlation of mouth opening and sound level within +-``max_lag`` frames."""
    best = -1.0
    for lag in range(-max_lag, max_lag + 1):
        a = opening[max(0, -lag):len(opening) - max(0, lag)]
        b = level[max(0, lag):len(level) - max(0, -lag)]
        a, b = a - a.mean(), b - b.mean()
        best = max(best, float((a * b).sum() / np.sqrt((a * a).sum() * (b * b).sum() + 1e-12)))
    return best


def check_lip_sync(report: GateReport, opening: np.ndarray, level_db: np.ndarray, usable: np.ndarray, fps: float,
                   limits: GateLimits, max_lag: int = 4) -> None:
    """The voice must come from the face on screen: its mouth opens and closes with the sound.

    How strongly depends on the person and the microphone, so the measure calibrates itself: the
    same correlation with the sound shifted by 2 s or more gives what chance alone reaches on this
    clip, and the real alignment must stand ``min_lip_sync_z`` standard deviations above it. A
    voice-over, dubbing or music under a talking face stays at chance.
    """
    o = opening[usable].astype(np.float64)
    level = np.maximum(level_db, np.percentile(level_db, 10))[usable].astype(np.float64)
    report.lip_audio_corr = round(_best_corr(o, level, max_lag), 3)
    margin = int(2 * fps)
    shifts = range(margin, len(level) - margin, max(1, len(level) // 200))
    null = np.array([_best_corr(o, np.roll(level, s), max_lag) for s in shifts])
    if len(null) < 10:
        return  # too short to tell (the usable-footage check refuses such clips anyway)
    report.lip_sync_z = round(float((report.lip_audio_corr - null.mean()) / (null.std() + 1e-9)), 2)
    if report.lip_sync_z < limits.min_lip_sync_z:
        raise GateError(
            f"the voice does not come from the face on screen: its mouth does not move with the sound (lip/audio "
            f"agreement {report.lip_sync_z:.1f} sigma over chance, {limits.min_lip_sync_z:.0f} needed); upload the "
            "person speaking with their own voice, not a voice-over, dubbing or music", report)


def check_samples(report: GateReport, samples: list[tuple[FaceObservation, float]], limits: GateLimits) -> None:
    """Verdict from a handful of frames sampled across the video, before the full pass."""
    count = len(samples)
    faces = [obs for obs, _ in samples if obs.faces >= 1]
    if len(faces) <= count // 4:
        raise GateError("no face found: the person's face must be visible and facing the camera", report)
    if sum(obs.faces > 1 for obs, _ in samples) >= max(1, count // 2):
        raise GateError("more than one face in the video: the avatar must show exactly one person", report)
    report.face_px_median = float(np.median([obs.height_px for obs in faces]))
    if report.face_px_median < limits.min_face_px:
        raise GateError(
            f"face too small: about {report.face_px_median:.0f} px high, at least {limits.min_face_px:.0f} px needed; "
            "film closer or at a higher resolution", report)
    sharp = [s for obs, s in samples if obs.faces == 1]
    if sharp and np.median(sharp) < limits.min_sharpness:
        raise GateError(
            f"heavy motion blur: the face is blurred in most frames (sharpness {np.median(sharp):.3f}, need "
            f"{limits.min_sharpness}); keep the camera and the person steady", report)


def frame_verdicts(faces: np.ndarray, face_px: np.ndarray, sharp: np.ndarray, limits: GateLimits) -> dict[str, np.ndarray]:
    """Per-frame reasons a frame cannot be used; ``usable`` is the frames with none."""
    no_face = faces == 0
    multi = faces > 1
    small = (faces == 1) & (face_px < limits.min_face_px)
    blurry = (faces == 1) & ~small & (sharp < limits.min_sharpness)
    return {"no_face": no_face, "multi_face": multi, "small_face": small, "blurry": blurry,
            "usable": ~(no_face | multi | small | blurry)}


def check_usable(report: GateReport, verdicts: dict[str, np.ndarray], fps: float, limits: GateLimits) -> None:
    for key in ("no_face", "multi_face", "small_face", "blurry"):
        setattr(report, f"{key}_s", float(verdicts[key].sum() / fps))
    report.usable_s = float(verdicts["usable"].sum() / fps)
    if report.usable_s < limits.min_usable_s:
        worst = max(("no_face", "multi_face", "small_face", "blurry"), key=lambda k: verdicts[k].sum())
        reason = {"no_face": "no face visible", "multi_face": "more than one face", "small_face": "face too small",
                  "blurry": "heavy motion blur"}[worst]
        raise GateError(
            f"too little usable footage: {report.usable_s:.1f} s usable, {limits.min_usable_s:.0f} s needed "
            f"(mostly lost to: {reason}, {getattr(report, worst + '_s'):.1f} s)", report)
    lost = report.duration_s - report.usable_s
    if lost > 0.1 * report.duration_s:
        report.warnings.append(f"{lost:.1f} s of the video could not be used (no face, several faces, small or blurred face)")
