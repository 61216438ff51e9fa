"""create_avatar's re-entrancy: a job stopped after tracking resumes into a complete avatar."""

import json

import pytest

from avatar import create_avatar, load_avatar
from core.errors import Cancelled
from core.media import probe
from core.settings import AvatarSettings

SETTINGS = AvatarSettings(train_steps=40, batch_size=8, warp_steps=20, warp_batch=4)


def test_a_job_stopped_after_tracking_resumes_without_tracking_again(tmp_path, clip):
    video, out = clip("talk", duration_s=34.0, width=640, height=360), tmp_path / "avatar"

    def stop_when_training(fraction: float, message: str) -> None:
        if message.startswith("training"):
            raise Cancelled("stopped by the test")

    with pytest.raises(Cancelled):
        create_avatar(video, out, settings=SETTINGS, progress=stop_when_training)
    assert (out / "ingest.json").is_file() and (out / "track.npz").is_file() and (out / "audio.wav").is_file()
    assert not (out / "avatar.json").exists(), "an unfinished avatar must not look finished"
    assert not list(out.glob("*.partial.*")), "the stopped footage pass removes its partial files"
    # a crash (no clean-up) part-way through cutting leaves a truncated file under the partial name only
    (out / "crops.partial.mp4").write_bytes(b"\0" * 1000)
    (out / "idle.mp4").unlink(missing_ok=True)

    messages = []
    info = create_avatar(video, out, settings=SETTINGS, progress=lambda f, m: messages.append(m))
    assert not any("tracking" in m for m in messages), "pass 1 was not repeated"
    assert messages[-1] == "avatar ready"
    assert info.model["weights"] == "model/weights.safetensors" and info.model["steps"] == 40
    assert json.loads((out / "avatar.json").read_text())["model"]["steps"] == 40
    assert not (out / "ingest.json").exists() and not list(out.glob("*.partial.*"))
    avatar = load_avatar(out)
    assert probe(avatar.crops_path).video.frames == info.frames
    assert probe(out / "holdout.mp4").video.frames == info.frames - info.holdout_start
    assert probe(out / "idle.mp4").video.frames == info.idle_stop - info.idle_start
    assert (out / "model" / "weights.safetensors").is_file() and not (out / "model" / "checkpoint.pt").exists()
    again = create_avatar(video, out, settings=SETTINGS, progress=lambda f, m: messages.append(m))
    assert again == info, "a finished avatar is returned as it is"
