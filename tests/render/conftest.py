"""Shared render fixtures: one avatar trained from generated footage, and two different speeches."""

from __future__ import annotations

import json
import subprocess

import pytest
from evercast_testkit import generate_clip

from footage import FootageSpec
from core.settings import AvatarSettings

CLIP = FootageSpec(duration_s=32.0, width=640, height=360, seed=5, preset="ultrafast")


@pytest.fixture(scope="session")
def avatar_dir(tmp_path_factory):
    from avatar import create_avatar

    path = tmp_path_factory.mktemp("clip") / "talk.mp4"
    generate_clip(path, **CLIP.__dict__)
    out = tmp_path_factory.mktemp("avatar") / "mei"
    create_avatar(path, out, name="mei", settings=AvatarSettings(train_steps=80, batch_size=8))
    return out


@pytest.fixture(scope="session")
def speech():
    from voice import synthesize

    return synthesize("家人们好！这款保温杯只要九十九元，今天下单还送杯套。")


@pytest.fixture(scope="session")
def other_speech():
    from voice import synthesize

    return synthesize("Thank you all for watching, see you again tomorrow evening.")


@pytest.fixture(scope="session")
def ffprobe():
    """``ffprobe(path, *options)`` -> ffprobe's JSON (format, streams and e.g. ``-show_packets``)."""

    def run(path, *args: str) -> dict:
        cmd = ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", *args, str(path)]
        return json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)

    return run
