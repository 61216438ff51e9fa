"""Avatars in the database: register a video with its consent, create (gate + train), evaluate on the held-out tail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.device import resolve_device
from core.errors import InputError
from core.models import Avatar
from core.progress import Progress
from workers.commands.assets import store_file, stored_path
from workers.runtime import Runtime


def avatar_dir(rt: Runtime, merchant_id: str, avatar_id: str) -> Path:
    return rt.settings.data_dir / "avatars" / merchant_id / avatar_id


def register(rt: Runtime, merchant_id: str, video: Path, name: str, consent: dict[str, str]) -> str:
    """Store the person's video and make their avatar row with the consent it needs; returns the avatar id."""
    asset_id = store_file(rt, merchant_id, video, "video", "video/mp4")
    with rt.session() as s:
        row = Avatar(merchant_id=merchant_id, name=name, source_asset_id=asset_id, consent=consent)
        s.add(row)
        s.flush()
        return row.id


def ready_model_path(rt: Runtime, merchant_id: str, avatar_id: str) -> str:
    """The directory of the merchant's avatar, refused unless it is ready to render."""
    with rt.session() as s:
        avatar = s.get(Avatar, avatar_id)
        if avatar is None or avatar.merchant_id != merchant_id:
            raise InputError(f"avatar {avatar_id} not found")
        if avatar.status != "ready" or not avatar.model_path:
            raise InputError(f"avatar {avatar.name} is {avatar.status}, not ready to render")
        return avatar.model_path



def create(rt: Runtime, avatar_id: str, progress: Progress | None = None, *,
           train_steps: int | None = None, warp: bool = True) -> dict[str, Any]:
    """Gate, track and train (the mouth warp too unless ``warp`` is false); the avatar row ends ``ready`` or
    ``rejected`` with the gate's report."""
    from avatar import GateError, create_avatar

    with rt.session() as s:
        row = s.get(Avatar, avatar_id)
        assert row is not None
        row.status = "training"
        merchant_id, name, asset_id = row.merchant_id, row.name, row.source_asset_id
    video = stored_path(rt, asset_id, merchant_id)
    out_dir = avatar_dir(rt, merchant_id, avatar_id)
    try:
        update = ({} if train_steps is None else {"train_steps": train_steps}) | (
            {} if warp else {"warp_steps": 0, "warp_steps_cuda": 0})
        cfg = rt.settings.avatar.model_copy(update=update)
        info = create_avatar(video, out_dir, name=name, settings=cfg,
                             device=resolve_device(rt.settings.device), progress=progress)
    except GateError as exc:
        with rt.session() as s:
            row = s.get(Avatar, avatar_id)
            row.status, row.findings = "rejected", exc.report.model_dump(mode="json")
        raise
    with rt.session() as s:
        row = s.get(Avatar, avatar_id)
        row.status, row.model_path = "ready", str(out_dir)
        row.findings, row.metrics = info.gate.model_dump(mode="json"), dict(info.metrics)
    return {"avatar_id": avatar_id, "frames": info.frames, "width": info.width, "height": info.height}


def evaluate(rt: Runtime, avatar_id: str, progress: Progress | None = None) -> dict[str, float]:
    """Held-out lip-sync metrics, stored on the avatar row."""
    from avatar import evaluate_avatar

    with rt.session() as s:
        row = s.get(Avatar, avatar_id)
        if row is None or row.model_path is None:
            raise InputError(f"avatar {avatar_id} has no trained model yet")
        model_path = row.model_path
    metrics = evaluate_avatar(model_path, device=resolve_device(rt.settings.device), progress=progress,
                              syncnet=rt.settings.avatar.syncnet_checkpoint)
    clean = {k: (float(v) if v == v and abs(v) != float("inf") else str(v)) for k, v in metrics.items()}
    with rt.session() as s:
        s.get(Avatar, avatar_id).metrics = clean
    return clean
