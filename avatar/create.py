"""create_avatar: upload -> gated, tracked, aligned footage -> trained mouth-shape model and mouth warp, in one directory.

The shape net needs only pass 1's tracks and audio, so pass 2 (cutting the native-resolution footage)
runs on a worker thread while it trains: the two phases overlap instead of adding up. The mouth warp
learns from the cut crops, so it trains last, and is kept only where it measurably beats retrieval.

Re-entrant: every stage leaves a marker only when it is complete (``ingest.json`` after pass 1,
the renamed footage files after pass 2, ``avatar.json`` last). Calling it again on the same
``out_dir`` after a crash skips what is finished (``model/config.json`` marks a finished shape net),
redoes an unfinished footage pass and resumes either net's training from its last checkpoint.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import numpy as np

from avatar import audio as audio_features
from avatar.ingest import GateError, GateLimits, prepare
from avatar.ingest.align import Alignment, to_canonical_points
from avatar.ingest.cut import cut_footage, footage_written
from avatar.shape import LipShapes
from avatar.store import INFO, TRACKED_INFO, Avatar, AvatarInfo, load_avatar, validation_slice, write_info
from avatar.models.mouth_warp import MouthWarpConfig
from avatar.train import TrainConfig, TrainResult, train_mouth_net
from avatar.train_warp import NotEnoughFootage, WarpTrainConfig, train_mouth_warp, validate_warp
from avatar.warp import load_mouth_warp
from core.errors import Cancelled
from core.media import read_audio, write_wav
from core.progress import Progress, no_progress, sub_progress
from core.settings import AvatarSettings

_TRACKING_SHARE = 0.45  # of the whole call's progress
_WARP_START = 0.8  # the mouth warp trains on the cut crops, after the shape net and the cut


def _track(video: Path, out_dir: Path, name: str, settings: AvatarSettings, progress: Progress) -> None:
    """Pass 1: gate and track, then write tracks, audio and gate report; ``ingest.json`` last."""
    limits = GateLimits(min_usable_s=settings.min_usable_s, min_face_px=settings.min_face_px,
                        min_sharpness=settings.min_sharpness, min_lip_sync_z=settings.min_lip_sync_z)
    try:
        prep = prepare(video, limits=limits, holdout_fraction=settings.holdout_fraction, progress=progress)
    except GateError as err:
        (out_dir / "gate.json").write_text(err.report.model_dump_json(indent=2))
        raise
    n, split, idle = prep.frames, prep.holdout_start, prep.idle
    canonical = to_canonical_points(prep.landmarks, prep.alignment.to_canonical)
    train_frames = prep.usable & (np.arange(n) < split)
    shapes = LipShapes.fit(canonical, train_frames, settings.shape_components)
    np.savez(
        out_dir / "track.partial.npz", landmarks=prep.landmarks, usable=prep.usable,
        to_canonical=prep.alignment.to_canonical, pose=prep.pose, opening=prep.opening, eye=prep.eye,
        voiced=prep.voiced, mask=prep.mask, lip_mean=shapes.mean, lip_basis=shapes.basis, template=prep.alignment.template,
    )
    os.replace(out_dir / "track.partial.npz", out_dir / "track.npz")
    write_wav(out_dir / "audio.wav", prep.audio, audio_features.SAMPLE_RATE)
    (out_dir / "gate.json").write_text(prep.report.model_dump_json(indent=2))
    width, height = prep.alignment.crop_size
    write_info(out_dir, AvatarInfo(
        name=name, source_name=video.name, frames=n, width=prep.report.width, height=prep.report.height,
        holdout_start=split, idle_start=idle[0], idle_stop=idle[1], px_per_iod=prep.alignment.px_per_iod,
        crop_width=width, crop_height=height, gate=prep.report,
    ), TRACKED_INFO)


class _FootageCut:
    """Pass 2 on a worker thread. Its progress is only recorded, so the caller's callback (which may
    raise ``Cancelled``) is only ever called on the caller's thread; ``stop()`` ends the pass at its
    next frame and removes its partial files."""

    def __init__(self, video: Path, avatar: Avatar) -> None:
        self.fraction = 0.0
        self.error: BaseException | None = None
        self._stop = threading.Event()
        template = np.load(avatar.path / "track.npz")["template"]
        alignment = Alignment(template, avatar.to_canonical, avatar.info.px_per_iod)
        info = avatar.info
        kwargs = dict(size=(info.width, info.height), frames=info.frames, holdout_start=info.holdout_start,
                      idle=(info.idle_start, info.idle_stop), progress=self._record)
        self._thread = threading.Thread(target=self._run, args=(video, avatar.path, alignment, kwargs),
                                        name="avatar-footage", daemon=True)
        self._thread.start()

    def _record(self, fraction: float, message: str) -> None:
        if self._stop.is_set():
            raise Cancelled("footage cut stopped")
        self.fraction = fraction

    def _run(self, video: Path, out_dir: Path, alignment: Alignment, kwargs: dict) -> None:
        try:
            cut_footage(video, out_dir, alignment, **kwargs)
        except BaseException as exc:  # handed to the caller's thread by check()
            self.error = exc

    def check(self) -> None:
        """Raise the pass's own error, if it failed."""
        if self.error is not None:
            raise self.error

    def wait(self, progress: Progress) -> None:
        while self._thread.is_alive():
            self._thread.join(2.0)
            progress(self.fraction, f"cutting footage {self.fraction:.0%}")
        self.check()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def _finished(model_dir: Path) -> TrainResult | None:
    """A net trained before a crash in a later stage (its ``config.json`` is written last), or None."""
    if not (model_dir / "config.json").is_file():
        return None
    meta = json.loads((model_dir / "config.json").read_text())
    return TrainResult(model_dir, meta["steps"], meta["val_loss"], meta["train_s"])


def _train(avatar: Avatar, settings: AvatarSettings, device: str, progress: Progress) -> dict:
    n, split = avatar.info.frames, avatar.info.holdout_start
    canonical = to_canonical_points(avatar.landmarks, avatar.to_canonical)
    coefficients = avatar.shapes.encode(canonical)
    train_frames = avatar.usable & (np.arange(n) < split)
    scale = float(coefficients[train_frames, 0].std()) or 1.0
    result = _finished(avatar.model_dir)
    if result is None:
        mel = audio_features.log_mel(read_audio(avatar.path / "audio.wav"), frames=n)
        result = train_mouth_net(
            mel, coefficients / scale, train_frames.astype(np.float32), validation_slice(avatar.info), avatar.model_dir,
            config=TrainConfig(steps=settings.train_steps, batch=settings.batch_size), device=device, progress=progress,
        )
    return {"arch": "MouthNet", "weights": "model/weights.safetensors", "coef_scale": scale, "val_loss": result.val_loss,
            "steps": result.steps, "train_s": round(result.seconds, 1), "device": device}


def _train_warp(avatar: Avatar, model: dict, settings: AvatarSettings, device: str, progress: Progress) -> dict:
    """Train the mouth warp on the cut crops and keep it only if it beats retrieval on the validation slice."""
    steps = settings.warp_steps_cuda if device.startswith("cuda") else settings.warp_steps
    if steps == 0:
        return {"renderer": "retrieval"}
    val = validation_slice(avatar.info)
    result = _finished(avatar.model_dir / "warp")
    if result is None:
        try:
            result = train_mouth_warp(
                avatar, val, avatar.model_dir / "warp", config=WarpTrainConfig(steps=steps, batch=settings.warp_batch),
                net=MouthWarpConfig(size=settings.warp_size), device=device, progress=progress,
            )
        except NotEnoughFootage as err:  # the avatar keeps retrieval
            return {"renderer": "retrieval", "warp_skipped": str(err)}
    progress(1.0, "validating the warp against retrieval")
    figures = validate_warp(avatar, load_mouth_warp(result.model_dir, device), val, model["coef_scale"], device=device)
    better = figures["warp_psnr"] >= figures["floor_psnr"] + settings.warp_min_gain_db
    return {"renderer": "warp" if better else "retrieval", "warp": {
        "arch": "MouthWarp", "weights": "model/warp/weights.safetensors", "size": settings.warp_size,
        "val_loss": result.val_loss, "steps": result.steps, "train_s": round(result.seconds, 1), "validation": figures}}


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
    if (out_dir / INFO).exists():
        info = load_avatar(out_dir).info
        if info.model.get("weights"):
            return info
        os.replace(out_dir / INFO, out_dir / TRACKED_INFO)  # written by an older version right after its ingest
    if not (out_dir / TRACKED_INFO).exists():
        _track(video, out_dir, name or video.stem, settings, sub_progress(progress, 0.0, _TRACKING_SHARE, "ingest: "))
    avatar = load_avatar(out_dir, TRACKED_INFO)
    shapes = sub_progress(progress, _TRACKING_SHARE, _WARP_START)
    cut = None if footage_written(out_dir) else _FootageCut(video, avatar)

    def training(fraction: float, message: str) -> None:
        footage = 1.0 if cut is None else cut.fraction
        if cut is not None:
            cut.check()
        shapes((fraction + footage) / 2, f"training: {message}; footage {footage:.0%}")

    try:
        model = _train(avatar, settings, device, training)
        if cut is not None:
            cut.wait(lambda fraction, message: shapes((1.0 + fraction) / 2, message))
    except BaseException:
        if cut is not None:
            cut.stop()
        raise
    model |= _train_warp(avatar, model, settings, device, sub_progress(progress, _WARP_START, 1.0, "warp: "))
    info = avatar.info.model_copy(update={"model": model})
    write_info(out_dir, info)
    (out_dir / TRACKED_INFO).unlink()
    progress(1.0, "avatar ready")
    return info
