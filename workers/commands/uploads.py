"""Where resumable uploads keep their bytes, and the sweep that removes what clients left behind.

An upload nobody finishes would otherwise hold its part file forever, and a writer that died in the
asset store leaves an ``.incoming-*`` temp file; each worker runs :func:`sweep` on an interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, or_, select, update

from core.models import Upload, utcnow
from workers.runtime import Runtime


def part_path(rt: Runtime, upload: Upload) -> Path:
    """The file an upload's chunks are appended to until it is complete."""
    return rt.settings.data_dir / "uploads" / upload.merchant_id / f"{upload.id}.part"


@dataclass(frozen=True)
class SweepOutcome:
    uploads: int
    incoming: int


def sweep(rt: Runtime) -> SweepOutcome:
    """Abandon unfinished uploads idle past ``abandon_uploads_after_s`` (deleting their bytes) and stale temp files.

    The row is marked first, with the same condition the chunk writer's lease needs, so a chunk that
    arrives meanwhile is refused rather than written into a file being deleted.
    """
    worker = rt.settings.worker
    now = utcnow()
    cutoff = now - timedelta(seconds=worker.abandon_uploads_after_s)
    idle = (Upload.status.in_(("open", "verifying")), func.coalesce(Upload.updated_at, Upload.created_at) < cutoff,
            or_(Upload.lease_until.is_(None), Upload.lease_until < now))
    with rt.session() as s:
        candidates = s.scalars(select(Upload).where(*idle)).all()
    abandoned = 0
    for upload in candidates:
        with rt.session() as s:
            if not s.execute(update(Upload).where(Upload.id == upload.id, *idle).values(status="abandoned")).rowcount:
                continue
        part_path(rt, upload).unlink(missing_ok=True)
        abandoned += 1
    return SweepOutcome(abandoned, rt.store.sweep_incoming(older_than_s=worker.stale_incoming_after_s))
