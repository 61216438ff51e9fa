"""Render caches beside the avatars: pruned to the disk budget after every render and batch."""

from __future__ import annotations

from typing import Any

from workers.runtime import Runtime


def prune(rt: Runtime, max_gb: float | None = None) -> Any:  # noqa: ANN401 - render.cache.PruneReport
    """Delete the least recently used render caches under the data dir's avatars beyond ``max_gb``
    (default ``EVERCAST_RENDER__CACHE_MAX_GB``); caches mapped by a running render or room stay."""
    from render.cache import prune_caches

    budget = rt.settings.render.cache_max_gb if max_gb is None else max_gb
    return prune_caches(rt.settings.data_dir / "avatars", int(budget * 1024**3))
