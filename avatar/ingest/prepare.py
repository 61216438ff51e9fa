"""Ingest one upload, pass 1: gate it, track the face on every frame, align, pick the hold-out and idle loop.

One streaming pass over the video (never the whole clip in memory) tracks landmarks on a proxy (long
side <= 720 px); the transforms are then fitted and smoothed over the whole clip. Everything training needs
is known after this pass; cutting the native-resolution footage (``cut.py``, pass 2) can run beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from avatar import audio as audio_features
from avatar.ingest.align import Alignment, align, head_pose, lower_face_mask, to_canonical_points
from avatar.ingest.gate import (
    GateError, GateLimits, GateReport, check_duration, check_lip_sync, check_samples, check_speech, check_usable,
    frame_verdicts, sharpness,
)
from avatar.ingest.landmarks import FaceMeshTracker, eye_aspect, mouth_opening
from avatar.segments import holdout_split, idle_loop
from core.errors import InputError
from core.media import probe, read_audio, read_frames
from core.progress import Progress, no_progress, sub_progress

FPS = 25
_SAMPLES = 8


@dataclass(frozen=True)
class Prepared:
    """Everything measured about the footage; arrays are per 25 fps frame."""

    report: GateReport
    alignment: Alignment
    landmarks: np.ndarray  # (n, 478, 3) source pixels
    usable: np.ndarray  # (n,) bool
    pose: np.ndarray  # (n, 3) yaw, pitch, roll degrees
    opening: np.ndarray  # (n,) inner-lip gap / inter-ocular distance
    eye: np.ndarray  # (n,) eye aspect ratio
    voiced: np.ndarray  # (n,) bool
    mask: np.ndarray  # (crop h, crop w) float32 soft lower-face mask
    audio: np.ndarray  # 16 kHz mono float32
    holdout_start: int  # first frame of the evaluation tail
    idle: tuple[int, int]  # [start, stop) of the idle loop

    @property
    def frames(self) -> int:
        return len(self.usable)


def _sample_frames(path: Path, duration: float) -> list[tuple]:
    times = np.linspace(0.05, 0.95, _SAMPLES) * duration
    out = []
    with FaceMeshTracker(static=True) as tracker:
        for t in times:
            frame = next(iter(read_frames(path, start_s=float(t), duration_s=0.5)), None)
            if frame is None:
                continue
            obs = tracker.observe(frame)
            sharp = sharpness(cv2.cvtColor(frame, cv2.COLOR_RGB2GRAY), obs.landmarks) if obs.faces == 1 else 0.0
            out.append((obs, sharp))
    if not out:
        raise InputError(f"could not decode any frame of {path.name}")
    return out


def prepare(
    video: str | Path, *, limits: GateLimits = GateLimits(), holdout_fraction: float = 0.12,
    progress: Progress | None = None,
) -> Prepared:
    """Gate and track ``video``, fit its alignment and choose its hold-out tail and idle loop; writes nothing.

    Raises :class:`avatar.ingest.gate.GateError` (an ``InputError`` carrying the report) for bad input.
    """
    video = Path(video)
    progress = progress or no_progress
    info = probe(video)
    if info.video is None:
        raise InputError(f"{video.name} has no video stream")
    report = GateReport(duration_s=info.duration_s, width=info.video.width, height=info.video.height,
                        source_fps=float(info.video.fps))
    check_duration(report, limits)
    progress(0.01, "checking the sound")
    if info.audio is None:
        raise GateError("no sound track: upload a video of the person talking, with its sound", report)
    samples = read_audio(video, sample_rate=audio_features.SAMPLE_RATE)
    expected = int(round(info.duration_s * FPS))
    voiced = audio_features.voiced(samples, expected, FPS)
    check_speech(report, voiced, FPS, limits)
    progress(0.02, "sampling frames")
    check_samples(report, _sample_frames(video, info.duration_s), limits)

    track = sub_progress(progress, 0.03, 1.0, "tracking: ")
    landmarks, faces, face_px, sharp = [], [], [], []
    source = (report.width, report.height)
    with FaceMeshTracker() as tracker:
        # Two decoders on the same clip, both converting inside ffmpeg (beside this process, not in it):
        # the tracking proxy in colour, and full-resolution luma for the motion-blur measure, which a
        # proxy would lower by about 12 % (two resamplings) and so shift the gate.
        proxy_size = tracker.proxy_size(*source)
        proxies = read_frames(video, fps=FPS, size=None if proxy_size == source else proxy_size)
        for i, (proxy, luma) in enumerate(zip(proxies, read_frames(video, fps=FPS, pix_fmt="gray"))):
            obs = tracker.observe(proxy, source)
            faces.append(obs.faces)
            face_px.append(obs.height_px)
            if obs.landmarks is not None:
                landmarks.append(obs.landmarks)
                sharp.append(sharpness(luma, obs.landmarks) if obs.faces == 1 else 0.0)
            else:
                landmarks.append(np.zeros((478, 3), np.float32))
                sharp.append(0.0)
            if i % 50 == 0:
                track(min(i / max(expected, 1), 1.0), f"frame {i}/{expected}")
    n = len(faces)
    if n == 0:
        raise GateError(f"could not decode any frame of {video.name}", report)
    report.frames = n
    landmarks_arr = np.stack(landmarks)
    verdicts = frame_verdicts(np.array(faces), np.array(face_px), np.array(sharp), limits)
    report.sharpness_median = float(np.median(np.array(sharp)[np.array(faces) == 1])) if any(f == 1 for f in faces) else 0.0
    check_usable(report, verdicts, FPS, limits)
    usable = verdicts["usable"]
    voiced = audio_features.voiced(samples, n, FPS)

    alignment = align(landmarks_arr, usable)
    canonical = to_canonical_points(landmarks_arr, alignment.to_canonical)
    mask = lower_face_mask(canonical, usable, alignment.px_per_iod)
    pose = head_pose(landmarks_arr, usable).astype(np.float32)
    opening = mouth_opening(landmarks_arr).astype(np.float32)
    check_lip_sync(report, opening, audio_features.frame_energy_db(samples, n, FPS), usable, FPS, limits)
    eye = eye_aspect(landmarks_arr).astype(np.float32)
    split = holdout_split(n, holdout_fraction)
    idle = idle_loop(usable, pose, opening, eye, voiced, split)
    report.passed = True
    return Prepared(
        report=report, alignment=alignment, landmarks=landmarks_arr, usable=usable,
        pose=pose, opening=opening, eye=eye, voiced=voiced, mask=mask, audio=samples, holdout_start=split, idle=idle,
    )

