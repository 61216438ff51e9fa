"""Avatar: a person-specific lip-sync model from one talking-head video.

    create_avatar(video, out_dir, ...) -> AvatarInfo     ingest + gate + train (re-entrant)
    evaluate_avatar(avatar_dir, ...) -> dict             held-out lip-sync metrics
    lipsync(avatar_dir, speech, ...) -> MouthTrack       per-frame mouth crops + transforms for render/

Imports are lazy so that ``import avatar`` stays cheap (torch and mediapipe load on first use).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__all__ = ["AvatarInfo", "GateError", "MouthTrack", "create_avatar", "evaluate_avatar", "lipsync", "load_avatar"]

_HOMES = {
    "AvatarInfo": "avatar.store", "load_avatar": "avatar.store", "GateError": "avatar.ingest.gate",
    "MouthTrack": "avatar.retrieve", "lipsync": "avatar.retrieve", "create_avatar": "avatar.create",
    "evaluate_avatar": "avatar.evaluate",
}

if TYPE_CHECKING:
    from avatar.create import create_avatar
    from avatar.evaluate import evaluate_avatar
    from avatar.ingest.gate import GateError
    from avatar.retrieve import MouthTrack, lipsync
    from avatar.store import AvatarInfo, load_avatar


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'avatar' has no attribute {name!r}")
