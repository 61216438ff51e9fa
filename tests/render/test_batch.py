"""Batch short videos: one file per SKU x template, failures isolated, crash-resume without redoing."""

from __future__ import annotations

import zipfile

import cv2
import numpy as np
import pytest

from core.errors import InputError
from core.media import write_wav
from render.batch import Template, load_batch, run_batch, zip_batch
from render.overlay import Card


@pytest.fixture(scope="module")
def short_speech():
    from voice import synthesize

    cache = {}

    def make(sku: str):
        if sku not in cache:
            cache[sku] = synthesize(f"{sku}号商品，今天只要九块九。")
        return cache[sku]

    return make


def test_batch_isolates_failures_and_resumes_after_a_crash(trained_avatar, short_speech, tmp_path, ffprobe):
    music = write_wav(tmp_path / "bed.wav", 0.5 * np.sin(2 * np.pi * 330 * np.arange(48000) / 48000), 48000)
    templates = [Template(name="vertical", aspect="9:16", resolution="360p", music=str(music)),
                 Template(name="wide", aspect="16:9", resolution="360p", subtitles=False)]
    calls: list[str] = []
    broken = {"bad"}

    def make_speech(sku, template):
        calls.append(f"{sku}__{template.name}")
        if sku in broken:
            raise InputError(f"SKU {sku} has no script")
        if calls[-1] == "b__vertical" and crash:
            raise KeyboardInterrupt  # the worker process dies mid-batch
        return short_speech(sku)

    out = tmp_path / "batch"
    crash = True
    with pytest.raises(KeyboardInterrupt):
        run_batch(trained_avatar, ["a", "bad", "b"], templates, make_speech, out)
    state = {item.key: item for item in load_batch(out).items}
    assert [state[k].status for k in ("a__vertical", "a__wide", "bad__vertical", "b__vertical", "b__wide")] == [
        "done", "done", "failed", "running", "pending"]
    assert "no script" in state["bad__wide"].error
    finished = (out / "a__vertical.mp4").stat().st_mtime_ns

    crash, calls[:] = False, []
    broken.clear()
    final = run_batch(trained_avatar, ["a", "bad", "b"], templates, make_speech, out,
                      cards={"b": Card(name="保温杯", price="¥99")})
    assert calls == ["bad__vertical", "bad__wide", "b__vertical", "b__wide"], "finished items are not redone"
    assert (out / "a__vertical.mp4").stat().st_mtime_ns == finished
    assert final.done == 6 and final.failed == 0
    assert not list(out.glob("*.part.*"))

    for item in final.items:
        video = next(s for s in ffprobe(out / item.video)["streams"] if s["codec_type"] == "video")
        expected = (360, 640) if item.template == "vertical" else (640, 360)
        assert (video["width"], video["height"]) == expected
        assert cv2.imread(str(out / item.cover)).shape[:2] == expected[::-1]
        assert (item.subtitles is not None) == (item.template == "vertical")
    covers = {k: cv2.imread(str(out / f"{k}__vertical.jpg")).astype(int) for k in ("a", "b")}
    panel = np.s_[470:530, 20:120]  # the card's light panel, bottom-left above the subtitle line
    assert covers["b"][panel].mean() > covers["a"][panel].mean() + 40, "b's product card is drawn"
    with zipfile.ZipFile(zip_batch(out)) as archive:
        names = set(archive.namelist())
    assert len([n for n in names if n.endswith(".mp4")]) == 6 and "manifest.json" in names
    assert {"b__vertical.jpg", "b__vertical.srt"} <= names
