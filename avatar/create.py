"""create_avatar: upload -> gated, tracked, aligned footage -> trained mouth-shape model, in one directory.

Re-entrant: if a job dies, calling it again on the same ``out_dir`` skips the finished ingest and
resumes training from the last checkpoint.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from avatar import audio as audio_features
from avatar.ingest import GateError, GateLimits, prepare
from avatar.ingest.align import to_canonical_points
from avatar.shape import LipShapes
from avatar.store import AvatarInfo, load_avatar, write_info
from avatar.train import TrainConfig, train_mouth_net
from core.media import read_audio, write_wav
from core.progress import Progress, no_progress, sub_progress
from core.settings import AvatarSettings


def _ingest(video: Path, out_dir: Path, name: str, settings: AvatarSettings, progress: Progress) -> None:
    limits = GateLimits(min_usable_s=settings.min_usable_s, min_face_px=settings.min_face_px,
                        min_sharpness=settings.min_sharpness, min_lip_sync_z=settings.min_lip_sync_z)
    try:
        prep = prepare(video, out_dir, limits=limits, holdout_fraction=settings.holdout_fraction, progress=progress)
    except GateError as err:
        (out_dir / "gate.json").write_text(err.report.model_dump_json(indent=2))
        raise
    n, split, idle = prep.frames, prep.holdout_start, prep.idle
    canonical = to_canonical_points(prep.landmarks, prep.alignment.to_canonical)
    train_frames = prep.usable & (np.arange(n) < split)
    shapes = LipShapes.fit(canonical, train_frames, settings.shape_components)
    np.savez(
        out_dir / "track.npz", landmarks=prep.landmarks, usable=prep.usable, to_canonical=prep.alignment.to_canonical,
        pose=prep.pose, opening=prep.opening, eye=prep.eye, voiced=prep.voiced, mask=prep.mask,
        lip_mean=shapes.mean, lip_basis=shapes.basis, template=prep.alignment.template,
    )
    write_wav(out_dir / "audio.wav", prep.audio, audio_features.SAMPLE_RATE)
    (out_dir / "gate.json").write_text(prep.report.model_dump_json(indent=2))
    width, height = prep.alignment.crop_size
    write_info(out_dir, AvatarInfo(
        name=name, source_name=video.name, frames=n, width=prep.report.width, height=prep.report.height,
        holdout_start=split, idle_start=idle[0], idle_stop=idle[1], px_per_iod=prep.alignment.px_per_iod,
        crop_width=width, crop_height=height, gate=prep.report,
    ))


def create_avatar(
    video_path: str | Path,
    out_dir: str | Path,
    *,
    name: str | None = None,
    settings: AvatarSettings | None = None,
    device: str = "cpu",
    progress: Progress | None = None,
) -> AvatarInfo:
    """Turn a talking-head video into an avatar directory at ``out_dir`` and return its info.

    Raises ``GateError`` (an ``InputError`` with ``.report``) when the video fails the quality gate;
    the report is also written to ``out_dir/gate.json``.
    """
    video, out_dir = Path(video_path), Path(out_dir)
    settings = settings or AvatarSettings()
    progress = progress or no_progress
    out_dir.mkdir(parents=True, exist_ok=True)
    if not (out_dir / "avatar.json").exists():
        _ingest(video, out_dir, name or video.stem, settings, sub_progress(progress, 0.0, 0.6, "ingest: "))
    avatar = load_avatar(out_dir)
    if avatar.info.model.get("weights"):
        return avatar.info
    n, split = avatar.info.frames, avatar.info.holdout_start
    canonical = to_canonical_points(avatar.landmarks, avatar.to_canonical)
    coefficients = avatar.shapes.encode(canonical)
    train_frames = avatar.usable & (np.arange(n) < split)
    scale = float(coefficients[train_frames, 0].std()) or 1.0
    mel = audio_features.log_mel(read_audio(out_dir / "audio.wav"), frames=n)
    val = (int(split * 0.92), split)
    result = train_mouth_net(
        mel, coefficients / scale, train_frames.astype(np.float32), val, out_dir / "model",
        config=TrainConfig(steps=settings.train_steps, batch=settings.batch_size), device=device,
        progress=sub_progress(progress, 0.6, 1.0, "training: "),
    )
    info = avatar.info.model_copy(update={"model": {
        "arch": "MouthNet", "weights": "model/weights.safetensors", "coef_scale": scale, "val_loss": result.val_loss,
        "steps": result.steps, "train_s": round(result.seconds, 1), "device": device,
    }})
    write_info(out_dir, info)
    progress(1.0, "avatar ready")
    return info
