"""Shared avatar fixtures: generated clips (never downloaded) and one trained avatar per session."""

from __future__ import annotations

import pytest

from footage import FootageSpec, generate_footage
from core.settings import AvatarSettings

GOOD = FootageSpec(duration_s=36.0, width=640, height=360, seed=3, preset="ultrafast")


@pytest.fixture(scope="session")
def good_clip(tmp_path_factory):
    return generate_footage(tmp_path_factory.mktemp("clip") / "talk.mp4", GOOD)


@pytest.fixture(scope="session")
def avatar_dir(good_clip, tmp_path_factory):
    from avatar import create_avatar

    out = tmp_path_factory.mktemp("avatar") / "anna"
    create_avatar(good_clip.path, out, name="anna", settings=AvatarSettings(train_steps=200, batch_size=8, warp_steps=60, warp_batch=8))
    return out


@pytest.fixture
def clip(tmp_path):
    """Make a short low-resolution clip for gate tests: ``clip(name, **FootageSpec changes)``."""

    def make(name: str, **changes):
        spec = FootageSpec(**{"duration_s": 32.0, "width": 320, "height": 180, "preset": "ultrafast", **changes})
        return generate_footage(tmp_path / f"{name}.mp4", spec).path

    return make
