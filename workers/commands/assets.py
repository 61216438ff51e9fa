"""Files into the merchant's asset store, with their database row (idempotent by content)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core import media
from core.errors import InputError
from core.models import Asset, Avatar, Voice
from workers.runtime import Runtime


def store_file(rt: Runtime, merchant_id: str, path: Path, kind: str, media_type: str = "application/octet-stream",
               filename: str | None = None) -> str:
    """Publish ``path`` under the merchant and return the asset id (the same bytes give the same asset)."""
    name = (filename or path.name)[:255]
    stored = rt.store.put_file(merchant_id, path, Path(name).suffix.lower())
    with rt.session() as s:
        existing = s.scalar(select(Asset.id).where(Asset.merchant_id == merchant_id, Asset.sha256 == stored.sha256))
        if existing:
            return existing
        asset = Asset(merchant_id=merchant_id, sha256=stored.sha256, size=stored.size, kind=kind,
                      media_type=media_type, filename=name)
        try:
            with s.begin_nested():
                s.add(asset)
                s.flush()
        except IntegrityError:  # another process stored the same bytes a moment ago (rooms starting together)
            return s.scalar(select(Asset.id).where(Asset.merchant_id == merchant_id, Asset.sha256 == stored.sha256))
        return asset.id


def media_seconds(rt: Runtime, asset_id: str | None, merchant_id: str) -> float:
    """Duration of the merchant's media asset, read from its container (no hashing): sizes a job's time limit."""
    with rt.session() as s:
        asset = s.get(Asset, asset_id) if asset_id else None
        if asset is None or asset.merchant_id != merchant_id:
            raise InputError(f"asset {asset_id} not found")
        path = rt.store.path_for(asset.merchant_id, asset.sha256, asset.suffix)
    return media.probe(path).duration_s



def source_seconds(rt: Runtime, model: type[Avatar] | type[Voice], row_id: str) -> float:
    """Length of the media an avatar or voice was made from (footage, reference audio): the unit of its jobs'
    time limits."""
    with rt.session() as s:
        row = s.get(model, row_id)
        if row is None:
            raise InputError(f"{model.__name__.lower()} {row_id} not found")
        asset_id, merchant_id = row.source_asset_id, row.merchant_id
    return media_seconds(rt, asset_id, merchant_id)


def stored_path(rt: Runtime, asset_id: str | None, merchant_id: str) -> Path:
    """The verified file of the merchant's asset ``asset_id`` (another merchant's reads as missing)."""
    with rt.session() as s:
        asset = s.get(Asset, asset_id) if asset_id else None
        if asset is None or asset.merchant_id != merchant_id:
            raise InputError(f"asset {asset_id} not found")
        return rt.store.verify(asset.merchant_id, asset.sha256, asset.suffix)
