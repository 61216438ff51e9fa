"""Content-addressed asset storage with per-merchant namespaces.

A file's name is its SHA-256, so writing the same bytes twice is a no-op and a re-run task can
never leave two versions. Writes go to a temp file in the target directory, are fsynced, then
renamed into place: a reader sees the whole file or nothing. Reads verify the checksum. Only
validated namespaces, hex digests and short suffixes ever become path components.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from core.errors import InputError

_NAMESPACE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_SUFFIX = re.compile(r"^(\.[a-z0-9]{1,10}){0,2}$")
_CHUNK = 1 << 20


class AssetCorrupted(RuntimeError):
    """A stored file no longer matches its checksum."""


@dataclass(frozen=True)
class StoredAsset:
    namespace: str
    sha256: str
    size: int
    suffix: str
    path: Path


def check_namespace(namespace: str) -> str:
    if not isinstance(namespace, str) or not _NAMESPACE.fullmatch(namespace):
        raise InputError(f"invalid namespace {namespace!r}: use 1-64 of a-z, 0-9, '-', '_'")
    return namespace


def check_suffix(suffix: str) -> str:
    suffix = suffix.lower()
    if not _SUFFIX.fullmatch(suffix):
        raise InputError(f"invalid file suffix {suffix!r}")
    return suffix


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AssetStore:
    """Files under ``root/<namespace>/<sha[:2]>/<sha><suffix>``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_for(self, namespace: str, sha256: str, suffix: str = "") -> Path:
        if not _DIGEST.fullmatch(sha256 or ""):
            raise InputError(f"invalid asset digest {sha256!r}")
        path = (self.root / check_namespace(namespace) / sha256[:2] / f"{sha256}{check_suffix(suffix)}").resolve()
        if not path.is_relative_to(self.root):  # defence in depth: the checks above already forbid it
            raise InputError("asset path escapes the store")
        return path

    @contextmanager
    def _staging(self, namespace: str) -> Iterator[tuple[BinaryIO, Path]]:
        directory = self.root / check_namespace(namespace)
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=directory)
        tmp_path = Path(tmp)
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle, tmp_path
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise

    def _publish(self, namespace: str, tmp: Path, digest: str, size: int, suffix: str) -> StoredAsset:
        final = self.path_for(namespace, digest, suffix)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and final.stat().st_size == size:
            tmp.unlink(missing_ok=True)  # same bytes already stored: nothing to do
        else:
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        return StoredAsset(namespace, digest, size, suffix, final)

    def put_stream(self, namespace: str, source: BinaryIO, suffix: str = "", *, max_bytes: int | None = None) -> StoredAsset:
        """Store everything read from ``source``; refuse (storing nothing) past ``max_bytes``."""
        suffix = check_suffix(suffix)
        hasher, size = hashlib.sha256(), 0
        with self._staging(namespace) as (handle, tmp):
            while chunk := source.read(_CHUNK):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise InputError(f"upload exceeds the limit of {max_bytes} bytes")
                hasher.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        return self._publish(namespace, tmp, hasher.hexdigest(), size, suffix)

    def put_bytes(self, namespace: str, data: bytes, suffix: str = "") -> StoredAsset:
        return self.put_stream(namespace, io.BytesIO(data), suffix)

    def put_file(self, namespace: str, source: str | Path, suffix: str | None = None) -> StoredAsset:
        """Copy a finished file (for example an ffmpeg output in a job's temp dir) into the store."""
        source = Path(source)
        with source.open("rb") as handle:
            return self.put_stream(namespace, handle, source.suffix if suffix is None else suffix)

    def verify(self, namespace: str, sha256: str, suffix: str = "") -> Path:
        """The stored file's path after checking its bytes still hash to ``sha256``."""
        path = self.path_for(namespace, sha256, suffix)
        if not path.is_file():
            raise FileNotFoundError(f"asset {sha256[:12]} not found in {namespace}")
        hasher = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                hasher.update(chunk)
        if hasher.hexdigest() != sha256:
            raise AssetCorrupted(f"asset {sha256[:12]} in {namespace} is corrupted on disk")
        return path

    def read_bytes(self, namespace: str, sha256: str, suffix: str = "") -> bytes:
        data = self.verify(namespace, sha256, suffix).read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:  # changed between verify and read
            raise AssetCorrupted(f"asset {sha256[:12]} in {namespace} is corrupted on disk")
        return data

    def export(self, namespace: str, sha256: str, suffix: str, destination: str | Path) -> Path:
        """Copy a verified asset out of the store (CLI downloads, job scratch copies)."""
        return Path(shutil.copyfile(self.verify(namespace, sha256, suffix), destination))

    def sweep_incoming(self, older_than_s: float = 3600.0) -> int:
        """Remove temp files left by writers that died mid-write; returns how many.

        Only files untouched for ``older_than_s`` go, so a live writer's file is never pulled away.
        """
        cutoff = time.time() - older_than_s
        removed = 0
        for stale in self.root.glob("*/.incoming-*"):
            if stale.stat().st_mtime <= cutoff:
                stale.unlink(missing_ok=True)
                removed += 1
        return removed
