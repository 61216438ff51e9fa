"""Render cache pruning on real files: least recently used first, never a mapped cache, stale temporaries only."""

from __future__ import annotations

import gc
import os
import subprocess
import time

from core.media import cached_frames, map_frames
from render.cache import cache_dirs, prune_caches

MB = 1024 * 1024


def cache_file(folder, name: str, size_mb: int, used_s_ago: float):
    path = folder / name
    path.write_bytes(os.urandom(size_mb * MB))
    when = time.time() - used_s_ago
    os.utime(path, (when, when))
    return path


def avatar(root, name: str):
    folder = root / name
    (folder / "cache").mkdir(parents=True)
    (folder / "avatar.json").write_text("{}")
    return folder / "cache"


def test_prune_removes_least_recently_used_first_and_never_a_mapped_cache(tmp_path):
    mei, li = avatar(tmp_path / "m1", "mei"), avatar(tmp_path / "m2", "li")
    oldest = cache_file(mei, "idle-0-0-640-360-640x360.yuv", 2, used_s_ago=5000)  # mapped below: in use
    old = cache_file(li, "crops.rgb24", 2, used_s_ago=4000)
    middle = cache_file(mei, "idle-0-0-640-360-640x360-bg1234.yuv", 2, used_s_ago=3000)
    recent = cache_file(li, "idle-10-0-212-360-360x640.yuv", 2, used_s_ago=10)
    writing = cache_file(mei, ".idle-x.yuv.123.456.tmp", 1, used_s_ago=60)  # a builder is writing it now
    crashed = cache_file(li, ".crops.rgb24.99.1.tmp", 1, used_s_ago=7200)  # its writer died two hours ago
    assert cache_dirs(tmp_path) == sorted([mei, li])

    in_use = map_frames(oldest, (1024,))
    assert time.time() - oldest.stat().st_atime < 60, "mapping a cache marks it used"
    frame = in_use[5]  # a view keeps the map, and so the lock, alive
    del in_use
    oldest_before = oldest.stat()
    os.utime(oldest, ns=(oldest_before.st_atime_ns - 10**13, oldest_before.st_mtime_ns))  # still the oldest

    report = prune_caches(tmp_path, 5 * MB)
    assert report.in_use == [oldest] and oldest.exists(), "a mapped cache is never deleted"
    assert sorted(report.removed) == sorted([old, middle, crashed])
    assert recent.exists() and writing.exists() and not crashed.exists()
    assert report.freed_bytes == 5 * MB and report.kept_bytes == 4 * MB

    del frame
    gc.collect()
    report = prune_caches(tmp_path, 0)
    assert report.removed == [oldest, recent] and report.kept_bytes == 0 and writing.exists()


def test_cached_frames_marks_its_cache_used(tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=gray:s=64x48:r=25", "-t", "0.4",
                    "-pix_fmt", "yuv420p", str(clip)], check=True)
    cache = avatar(tmp_path, "a") / "idle.yuv"
    frames = cached_frames(clip, cache, pix_fmt="yuv420p", source_size=(64, 48))
    assert frames.shape == (10, 64 * 48 * 3 // 2)
    long_ago = time.time_ns() - 3600 * 10**9
    os.utime(cache, ns=(long_ago, cache.stat().st_mtime_ns))
    built = cache.stat().st_mtime_ns
    again = cached_frames(clip, cache, pix_fmt="yuv420p", source_size=(64, 48))
    assert cache.stat().st_atime_ns > long_ago + 3000 * 10**9 and cache.stat().st_mtime_ns == built, "reused, touched"
    assert prune_caches(tmp_path, 0).in_use == [cache]
    del frames, again
    gc.collect()
    assert prune_caches(tmp_path, 0).removed == [cache]
