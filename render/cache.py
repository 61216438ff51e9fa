"""Pruning the render caches kept beside each avatar (``AVATAR/cache``: decoded idle loops per output
geometry and background, ``crops.rgb24``), which cost 0.5-2 GB each and are rebuilt on demand.

Least recently used go first, by access time: every map of a cache sets it
(:func:`core.media.map_frames`). A cache that is mapped right now is never deleted: the map holds a
shared ``flock`` for as long as it lives, and the pruner deletes only what it can lock exclusively
(it holds that lock while unlinking, so a render that opens the file at that moment waits, then maps
the file it found; Linux keeps an unlinked file's data for whoever still maps it). Temporary files
(``.NAME....tmp``) are being written by a cache builder; they are removed only once nothing has
written to them for ``stale_tmp_s`` (their writer crashed).
"""

from __future__ import annotations

import fcntl
import time
from dataclasses import dataclass, field
from pathlib import Path

STALE_TMP_S = 3600.0
"""A cache builder writes its temporary file continuously; one untouched this long belongs to a dead writer."""


@dataclass
class PruneReport:
    """What a prune did: files removed, bytes freed, bytes of cache left, caches skipped as in use."""

    removed: list[Path] = field(default_factory=list)
    freed_bytes: int = 0
    kept_bytes: int = 0
    in_use: list[Path] = field(default_factory=list)


def cache_dirs(root: str | Path) -> list[Path]:
    """Every avatar's cache folder under ``root`` (an avatar folder itself, or a tree of them)."""
    return sorted(info.parent / "cache" for info in Path(root).rglob("avatar.json") if (info.parent / "cache").is_dir())


def _remove_unlocked(path: Path) -> bool:
    """Delete ``path`` unless a map of it holds its lock; True when it was deleted."""
    try:
        with path.open("rb") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            path.unlink()
    except FileNotFoundError:
        pass
    return True


def prune_caches(root: str | Path, max_bytes: int, *, stale_tmp_s: float = STALE_TMP_S) -> PruneReport:
    """Delete least recently used caches under ``root`` until they total at most ``max_bytes``."""
    report = PruneReport()
    caches = []
    now = time.time()
    for folder in cache_dirs(root):
        for path in folder.iterdir():
            if not path.is_file():
                continue
            stat = path.stat()
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                if now - stat.st_mtime > stale_tmp_s and _remove_unlocked(path):
                    report.removed.append(path)
                    report.freed_bytes += stat.st_size
                continue
            caches.append((stat.st_atime_ns, stat.st_size, path))
    total = sum(size for _, size, _ in caches)
    for _, size, path in sorted(caches):
        if total <= max_bytes:
            break
        if _remove_unlocked(path):
            report.removed.append(path)
            report.freed_bytes += size
            total -= size
        else:
            report.in_use.append(path)
    report.kept_bytes = total
    return report
