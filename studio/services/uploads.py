"""Resumable uploads: open, append chunks at an offset, complete into the asset store.

Bytes land in a part file outside the store, one chunk at a time under the upload's lease. Every
byte is checksummed: each chunk against its ``Content-Digest``, or the whole file against the sha256
declared at the start (both when both are sent). Completing checks the size, that sha256 and that
the content is what its kind claims (ffprobe for media, magic bytes for images and spreadsheets);
only then is the file published (atomically) and the part file removed. A failed check deletes the
part file and stores nothing.
"""

from __future__ import annotations

import base64
import binascii
import fcntl
import hashlib
import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, or_, update
from sqlalchemy.orm import Session

from core import media
from core.errors import InputError
from core.models import Upload, new_id, utcnow
from workers.commands import quotas
from workers.commands.assets import store_file
from workers.commands.uploads import part_path
from workers.submit import Runtime

EXTENSIONS: dict[str, frozenset[str]] = {
    "video": frozenset({".mp4", ".mov", ".mkv", ".webm", ".avi", ".m4v", ".flv", ".ts"}),
    "audio": frozenset({".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus"}),
    "image": frozenset({".png", ".jpg", ".jpeg", ".webp"}),
    "kb": frozenset({".csv", ".json", ".xlsx"}),
    "recipients": frozenset({".csv", ".xlsx"}),
    "outcome": frozenset({".csv", ".srt", ".json"}),  # platform metrics exports and host transcripts
}
MEDIA_TYPES = {".mp4": "video/mp4", ".mov": "video/quicktime", ".webm": "video/webm", ".wav": "audio/wav",
               ".mp3": "audio/mpeg", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".csv": "text/csv", ".json": "application/json", ".srt": "application/x-subrip",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_MAGIC = {".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".webp": (b"RIFF",),
          ".xlsx": (b"PK\x03\x04",)}


class UploadConflict(InputError):
    """A chunk arrived for the wrong offset, or while another chunk holds the upload (resume from ``expected``)."""

    def __init__(self, expected: int, busy: bool = False) -> None:
        reason = ("another chunk of this upload is being written; ask where to resume and send the next one" if busy
                  else f"wrong offset: the upload has {expected} bytes; send the chunk that starts there")
        super().__init__(reason)
        self.expected = expected


def parse_content_digest(header: str | None) -> bytes | None:
    """The SHA-256 in an RFC 9530 ``Content-Digest`` header (``sha-256=:<base64>:``), or None without one."""
    if header is None:
        return None
    for member in header.split(","):
        name, _, value = member.strip().partition("=")
        if name.strip().lower() == "sha-256":
            value = value.strip()
            try:
                digest = base64.b64decode(value[1:-1], validate=True) if value[:1] == value[-1:] == ":" else b""
            except binascii.Error:
                digest = b""
            if len(digest) != 32:
                raise InputError("Content-Digest sha-256 must be 32 bytes in base64 between colons")
            return digest
    raise InputError("Content-Digest must carry a sha-256 digest")


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
    quotas.check_storage(rt, s, merchant_id, size)
    upload = Upload(merchant_id=merchant_id, filename=Path(filename).name[:255], kind=kind, size=size,
                    sha256=sha256.lower() if sha256 else None, updated_at=utcnow())
    s.add(upload)
    s.flush()
    path = part_path(rt, upload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return upload


def _claim(rt: Runtime, upload_id: str, *conditions: ColumnElement[bool], **values: object) -> str | None:
    """Take the upload's lease if ``conditions`` hold and no other writer holds it; returns the lease owner."""
    owner, now = new_id(), utcnow()
    with rt.session() as s:
        taken = s.execute(update(Upload).where(
            Upload.id == upload_id, *conditions, or_(Upload.lease_until.is_(None), Upload.lease_until < now),
        ).values(lease_owner=owner, lease_until=now + timedelta(seconds=rt.settings.api.upload_lease_s),
                 updated_at=now, **values)).rowcount
    return owner if taken else None


def _release(rt: Runtime, upload_id: str, owner: str, **values: object) -> bool:
    """Give the lease back (with ``values``); False when it expired and another writer took it meanwhile."""
    with rt.session() as s:
        return bool(s.execute(update(Upload).where(Upload.id == upload_id, Upload.lease_owner == owner)
                              .values(lease_owner=None, lease_until=None, updated_at=utcnow(), **values)).rowcount)


def _refused(rt: Runtime, upload_id: str) -> InputError:
    """Why a lease could not be taken: the upload closed, moved on, or another chunk holds it."""
    with rt.session() as s:
        row = s.get(Upload, upload_id)
    if row is None or row.status != "open":
        return InputError(f"upload {upload_id} is {row.status if row else 'gone'}")
    return UploadConflict(row.received, busy=row.lease_until is not None and row.lease_until >= utcnow())


def append(rt: Runtime, upload: Upload, offset: int, body: bytes, digest: bytes | None = None) -> int:
    """Write a chunk at ``offset`` (which must equal the bytes received so far); returns the new total.

    The chunk is checked first, then written only under the upload's lease, so of two chunks racing
    for one offset the loser gets :class:`UploadConflict` and leaves the file untouched.
    """
    if upload.status != "open":
        raise InputError(f"upload {upload.id} is {upload.status}")
    if offset != upload.received:
        raise UploadConflict(upload.received)
    if offset + len(body) > upload.size:
        raise InputError(f"more bytes than the declared size of {upload.size}")
    if digest is None and upload.sha256 is None:
        raise InputError("send each chunk with a Content-Digest (sha-256), or declare the file's sha256 when "
                         "starting the upload")
    if digest is not None and hashlib.sha256(body).digest() != digest:
        raise InputError("Content-Digest mismatch: the chunk arrived damaged; send it again")
    owner = _claim(rt, upload.id, Upload.status == "open", Upload.received == offset)
    if owner is None:
        raise _refused(rt, upload.id)
    try:
        with part_path(rt, upload).open("r+b") as out:
            try:  # a writer whose lease ran out mid-write may still be at it (same host): never write beside it
                fcntl.flock(out, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise UploadConflict(offset, busy=True) from None
            out.truncate(offset)
            out.seek(offset)
            out.write(body)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _release(rt, upload.id, owner)
        raise
    if not _release(rt, upload.id, owner, received=offset + len(body)):
        raise _refused(rt, upload.id)
    return offset + len(body)


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
    """Verify and publish; returns the asset id. Any failure discards the upload.

    The upload leaves ``open`` under its lease first, so no chunk can change the file while it is checked.
    """
    if upload.status != "open":
        raise InputError(f"upload {upload.id} is {upload.status}")
    if upload.received != upload.size:
        raise InputError(f"upload incomplete: {upload.received} of {upload.size} bytes received")
    if _claim(rt, upload.id, Upload.status == "open", Upload.received == Upload.size, status="verifying") is None:
        raise _refused(rt, upload.id)
    path = part_path(rt, upload)
    try:
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                hasher.update(block)
        if upload.sha256 and hasher.hexdigest() != upload.sha256:
            raise InputError("checksum mismatch: the file arrived damaged; upload it again")
        _check_content(path, upload.kind, upload.filename)
    except InputError:
        path.unlink(missing_ok=True)
        with rt.session() as s:
            s.execute(update(Upload).where(Upload.id == upload.id).values(status="rejected", lease_owner=None,
                                                                          lease_until=None, updated_at=utcnow()))
        raise
    suffix = Path(upload.filename).suffix.lower()
    asset_id = store_file(rt, upload.merchant_id, path, upload.kind,
                          MEDIA_TYPES.get(suffix, "application/octet-stream"), upload.filename)
    path.unlink(missing_ok=True)
    with rt.session() as s:
        s.execute(update(Upload).where(Upload.id == upload.id).values(
            status="complete", asset_id=asset_id, lease_owner=None, lease_until=None, updated_at=utcnow()))
    return asset_id


def abort(rt: Runtime, upload: Upload) -> None:
    """Close the upload first (no chunk can take it after that), then delete its bytes."""
    with rt.session() as s:
        s.execute(update(Upload).where(Upload.id == upload.id, Upload.status == "open")
                  .values(status="aborted", updated_at=utcnow()))
    part_path(rt, upload).unlink(missing_ok=True)
