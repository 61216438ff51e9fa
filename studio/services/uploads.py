"""Resumable uploads: open, append chunks at an offset, complete into the asset store.

Bytes land in a part file outside the store. Completing checks the size, the client's SHA-256
(when given) and that the content is what its kind claims (ffprobe for media, magic bytes for
images and spreadsheets); only then is the file published (atomically) and the part file removed.
A failed check deletes the part file and stores nothing.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import media
from core.errors import InputError
from core.models import Upload
from workers.commands.assets import store_file
from workers.submit import Runtime

EXTENSIONS: dict[str, frozenset[str]] = {
    "video": frozenset({".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v", ".flv", ".ts"}),
    "audio": frozenset({".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus"}),
    "image": frozenset({".png", ".jpg", ".jpeg", ".webp"}),
    "kb": frozenset({".csv", ".json", ".xlsx"}),
}
MEDIA_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm", ".wav": "audio/wav",
               ".mp3": "audio/mpeg", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".csv": "text/csv", ".json": "application/json",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_MAGIC = {".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".webp": (b"RIFF",),
          ".xlsx": (b"PK\x03\x04",)}


class UploadConflict(InputError):
    """A chunk arrived for the wrong offset (the client should resume from ``expected``)."""

    def __init__(self, expected: int) -> None:
        super().__init__(f"wrong offset: the upload has {expected} bytes; send the chunk that starts there")
        self.expected = expected


def part_path(rt: Runtime, upload: Upload) -> Path:
    return rt.settings.data_dir / "uploads" / upload.merchant_id / f"{upload.id}.part"


def open_upload(s: Session, rt: Runtime, merchant_id: str, filename: str, size: int, kind: str,
                sha256: str | None) -> Upload:
    suffix = Path(filename).suffix.lower()
    if kind not in EXTENSIONS:
        raise InputError(f"unknown upload kind {kind!r}: use one of {', '.join(EXTENSIONS)}")
    if suffix not in EXTENSIONS[kind]:
        raise InputError(f"{filename!r} is not an accepted {kind} file ({', '.join(sorted(EXTENSIONS[kind]))})")
    limit = rt.settings.api.max_upload_mb * 1024 * 1024
    if size <= 0 or size > limit:
        raise InputError(f"file size {size} bytes is outside 1 byte .. {rt.settings.api.max_upload_mb} MB")
    if sha256 is not None and (len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower())):
        raise InputError("sha256 must be 64 hex digits")
    upload = Upload(merchant_id=merchant_id, filename=Path(filename).name[:255], kind=kind, size=size,
                    sha256=sha256.lower() if sha256 else None)
    s.add(upload)
    s.flush()
    path = part_path(rt, upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def append(rt: Runtime, upload: Upload, offset: int, chunks: list[bytes] | BinaryIO) -> int:
    """Write a chunk at ``offset`` (which must equal the bytes received so far); returns the new total."""
    if upload.status != "open":
        raise InputError(f"upload {upload.id} is {upload.status}")
    if offset != upload.received:
        raise UploadConflict(upload.received)
    written = 0
    with part_path(rt, upload).open("r+b") as out:
        out.truncate(offset)
        out.seek(offset)
        for chunk in chunks:
            if offset + written + len(chunk) > upload.size:
                raise InputError(f"more bytes than the declared size of {upload.size}")
            out.write(chunk)
            written += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    with rt.session() as s:
        moved = s.execute(update(Upload).where(Upload.id == upload.id, Upload.received == offset)
                          .values(received=offset + written)).rowcount
    if not moved:
        with rt.session() as s:
            raise UploadConflict(s.scalar(select(Upload.received).where(Upload.id == upload.id)) or 0)
    return offset + written


def _check_content(path: Path, kind: str, filename: str) -> None:
    suffix = Path(filename).suffix.lower()
    if kind in ("video", "audio"):
        info = media.probe(path)
        if kind == "video" and info.video is None:
            raise InputError(f"{filename} has no video stream")
        if kind == "audio" and info.audio is None:
            raise InputError(f"{filename} has no audio stream")
    elif suffix in _MAGIC:
        with path.open("rb") as handle:
            head = handle.read(8)
        if not head.startswith(_MAGIC[suffix]):
            raise InputError(f"{filename} is not a real {suffix[1:]} file")


def complete(rt: Runtime, upload: Upload) -> str:
    """Verify and publish; returns the asset id. Any failure discards the upload."""
    path = part_path(rt, upload)
    try:
        if upload.received != upload.size:
            raise InputError(f"upload incomplete: {upload.received} of {upload.size} bytes received")
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                hasher.update(block)
        digest = hasher.hexdigest()
        if upload.sha256 and digest != upload.sha256:
            raise InputError("checksum mismatch: the file arrived damaged; upload it again")
        _check_content(path, upload.kind, upload.filename)
    except InputError:
        path.unlink(missing_ok=True)
        with rt.session() as s:
            s.execute(update(Upload).where(Upload.id == upload.id).values(status="rejected"))
        raise
    suffix = Path(upload.filename).suffix.lower()
    asset_id = store_file(rt, upload.merchant_id, path, upload.kind,
                          MEDIA_TYPES.get(suffix, "application/octet-stream"), upload.filename)
    path.unlink(missing_ok=True)
    with rt.session() as s:
        s.execute(update(Upload).where(Upload.id == upload.id).values(status="complete", asset_id=asset_id))
    return asset_id


def abort(rt: Runtime, upload: Upload) -> None:
    part_path(rt, upload).unlink(missing_ok=True)
    with rt.session() as s:
        s.execute(update(Upload).where(Upload.id == upload.id).values(status="aborted"))
