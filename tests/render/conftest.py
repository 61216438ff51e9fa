"""Shared render fixtures: two different speeches and ffprobe (the trained avatar is the suite's `trained_avatar`)."""

from __future__ import annotations

import json
import subprocess

import pytest

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
