"""Avatars through the API and a real worker: a generated talking clip becomes an avatar; bad video is refused."""

from __future__ import annotations

import subprocess
import zipfile

import cv2
import httpx
import numpy as np
import pytest
from evercast_testkit import generate_clip

from core.media import probe, read_frames

@pytest.fixture
def api_env() -> dict[str, str]:
    # batch intros/outros longer than 2 s are refused; the mouth warp trains a few steps through the job (its
    # learning is tested in tests/avatar), not the 400 of a real avatar
    return {"EVERCAST_RENDER__CLIP_MAX_S": "2", "EVERCAST_AVATAR__WARP_STEPS": "40"}


CONSENT = {"kind": "declaration", "signer": "Anna Test",
           "statement": "I agree that Acme may make a digital human of me for its live rooms."}


@pytest.mark.timeout(900)  # a whole product flow on two shared cores: avatar, speech, render, two batches
def test_generated_clip_becomes_an_evaluated_avatar(api, tmp_path, upload, wait):
    clip = generate_clip(tmp_path / "talk.mp4", duration_s=36.0, width=640, height=360, seed=5, preset="ultrafast")
    client = api.as_(api.acme)
    video_id = upload(client, clip, "video")
    assert client.post("/avatars", json={"name": "anna", "video_asset_id": video_id}).status_code == 422
    weak = client.post("/avatars", json={"name": "anna", "video_asset_id": video_id,
                                         "consent": {"kind": "declaration", "signer": "", "statement": "ok"}})
    assert weak.status_code == 422 and "consent" in weak.json()["detail"]
    made = client.post("/avatars", json={"name": "anna", "video_asset_id": video_id, "consent": CONSENT})
    assert made.status_code == 202, made.text
    api.stack.start_worker()
    job = wait(client, made.json()["job_id"], timeout=900)
    assert job["status"] == "succeeded", job
    assert [s["kind"] for s in job["steps"]] == ["avatar.create", "avatar.evaluate"]
    avatar = client.get(f"/avatars/{made.json()['id']}").json()
    assert avatar["status"] == "ready" and avatar["findings"]["passed"] is True
    assert avatar["findings"]["usable_s"] >= 30 and avatar["consent"]["signer"] == "Anna Test"
    metrics = avatar["metrics"]
    assert {"open_corr", "shuffled_corr", "lmd_ratio", "mouth_psnr", "outside_psnr"} <= set(metrics)
    assert float(metrics["open_corr"]) > float(metrics["shuffled_corr"])  # it follows the audio, not chance
    assert api.as_(api.rival).get(f"/avatars/{made.json()['id']}").status_code == 404

    # the avatar speaks: speech with timings, then a lip-synced render with burned-in subtitles
    speech = wait(client, client.post("/speech", json={"text": "[warm]欢迎来到直播间，这款电饭煲今天599元。"}).json()["id"])
    assert speech["status"] == "succeeded", speech
    job = client.post("/renders", json={"avatar_id": made.json()["id"], "subtitles": "burn+srt",
                                        "audio_asset_id": speech["result"]["audio_asset_id"],
                                        "timings_asset_id": speech["result"]["timings_asset_id"]})
    assert job.status_code == 202, job.text
    rendered = wait(client, job.json()["id"], timeout=300)
    assert rendered["status"] == "succeeded", rendered
    video = tmp_path / "render.mp4"
    link = client.post(f"/assets/{rendered['result']['asset_id']}/link").json()["url"]
    video.write_bytes(httpx.get(f"{api.client.base_url}{link}").content)
    info = probe(video)
    assert (info.video.width, info.video.height) == (640, 360) and info.audio.sample_rate == 48000
    assert info.video.frames == rendered["result"]["frames"]
    assert abs(info.video.frames / 25 - speech["result"]["duration_s"]) <= 0.04 + 1 / 25
    tags = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", str(video)],
                          capture_output=True, text=True).stdout
    assert "AI" in tags
    assert "srt_asset_id" in rendered["result"]

    # batch short videos: every SKU x template, each with its own verified script, zipped
    from evercast_testkit import REPO

    kb_asset = upload(client, REPO / "assets" / "kb" / "sample_kb.json")
    assert wait(client, client.post("/kb/imports", json={"asset_id": kb_asset}).json()["id"])["status"] == "succeeded"
    template = {"name": "wide", "aspect": "16:9", "resolution": "360p"}
    unknown = client.post("/batches", json={"avatar_id": made.json()["id"], "skus": ["KIT-001", "NOPE-9"],
                                            "templates": [template]})
    assert unknown.status_code == 404 and "NOPE-9" in unknown.json()["detail"]
    batch = client.post("/batches", json={"avatar_id": made.json()["id"], "skus": ["KIT-001", "KIT-002"],
                                          "templates": [template], "seconds": 15})
    assert batch.status_code == 202, batch.text
    finished = wait(client, batch.json()["id"], timeout=600)
    assert finished["status"] == "succeeded" and finished["result"]["done"] == 2, finished
    archive = tmp_path / "batch.zip"
    link = client.post(f"/assets/{finished['result']['zip_asset_id']}/link").json()["url"]
    archive.write_bytes(httpx.get(f"{api.client.base_url}{link}").content)
    names = set(zipfile.ZipFile(archive).namelist())
    assert {"KIT-001__wide.mp4", "KIT-002__wide.mp4", "KIT-001__wide.jpg", "KIT-002__wide.srt"} <= names, names

    dressed_batch(api, client, made.json()["id"], tmp_path, upload, wait)


def lavfi_clip(path, seconds: float):
    """A red 4:3 clip with a tone, for intros."""
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=320x240:r=30", "-f", "lavfi",
                    "-i", "sine=f=440:sample_rate=44100", "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", str(path)], check=True)
    return path


def dressed_batch(api, client, avatar_id, tmp_path, upload, wait):
    """Templates with a background picture, an intro clip and product cards (made from the SKU record, with
    an uploaded product image), checked on the downloaded videos' pixels; bad requests refused with 422."""
    wall, product = tmp_path / "wall.png", tmp_path / "product.png"
    cv2.imwrite(str(wall), np.full((360, 640, 3), (40, 200, 60), np.uint8))  # BGR: the shop's green wall
    cv2.imwrite(str(product), np.full((200, 200, 3), (255, 0, 255), np.uint8))  # a magenta product
    wall_id, product_id = upload(client, wall, "image"), upload(client, product, "image")
    intro_id = upload(client, lavfi_clip(tmp_path / "intro.mp4", 1.0), "video")
    base = {"avatar_id": avatar_id, "skus": ["KIT-001"], "seconds": 15}
    long = client.post("/batches", json={**base, "templates": [
        {"name": "long", "intro_asset_id": upload(client, lavfi_clip(tmp_path / "long.mp4", 3.0), "video")}]})
    assert long.status_code == 422 and "template long: intro long.mp4 is 3.0 s long" in long.json()["detail"], long.text
    stray = client.post("/batches", json={**base, "templates": [{"name": "x"}], "cards": {"KIT-002": {"price": "¥1"}}})
    assert stray.status_code == 422 and "KIT-002" in stray.json()["detail"], stray.text
    theirs = api.as_(api.rival).post("/batches", json={**base, "templates": [{"name": "x", "background_asset_id": wall_id}]})
    assert theirs.status_code == 404

    job = client.post("/batches", json={**base, "cards": {"KIT-001": {"image_asset_id": product_id}}, "templates": [
        {"name": "plain", "aspect": "16:9", "resolution": "360p", "subtitles": False, "card": False},
        {"name": "dressed", "aspect": "16:9", "resolution": "360p", "subtitles": False,
         "background_asset_id": wall_id, "intro_asset_id": intro_id, "codec": "h265"}]})
    assert job.status_code == 202, job.text
    finished = wait(client, job.json()["id"], timeout=600)
    assert finished["status"] == "succeeded" and finished["result"]["done"] == 2, finished
    link = client.post(f"/assets/{finished['result']['zip_asset_id']}/link").json()["url"]
    (tmp_path / "dressed.zip").write_bytes(httpx.get(f"{api.client.base_url}{link}").content)
    zipfile.ZipFile(tmp_path / "dressed.zip").extractall(tmp_path / "dressed")
    plain = list(read_frames(tmp_path / "dressed" / "KIT-001__plain.mp4"))
    dressed = list(read_frames(tmp_path / "dressed" / "KIT-001__dressed.mp4"))
    assert len(dressed) == len(plain) + 25, "a 1 s intro before the same speech"
    assert np.abs(dressed[0][150:210, 280:360].reshape(-1, 3).mean(0) - (255, 0, 0)).max() < 20, "the intro plays first"
    body, bare = dressed[25 + 10].astype(int), plain[10].astype(int)
    green = (60, 200, 40)
    assert np.abs(body[:20, :20] - green).mean() < 25, "behind the person: the uploaded wall"
    assert np.abs(bare[:20, :20] - green).mean() > 60, "the plain template keeps the footage's background"
    magenta = (255, 0, 255)
    assert np.abs(body[232:252, 40:60] - magenta).mean() < 30, "the card shows the uploaded product image"
    assert np.abs(bare[232:252, 40:60] - magenta).mean() > 80, "no card on the template without one"
    assert body[207:211, 24:70].mean((0, 1)).min() > 200, "the card's light panel"
    price = body[240:276, 78:150]
    red = (price[..., 0] > 170) & (price[..., 1] < 110) & (price[..., 2] < 110)
    assert red.sum() > 30, "the SKU's price in red on the card"
    info = probe(tmp_path / "dressed" / "KIT-001__dressed.mp4")
    assert (info.video.width, info.video.height) == (640, 360) and info.video.frames == len(dressed)
    assert info.video.codec == "hevc" and probe(tmp_path / "dressed" / "KIT-001__plain.mp4").video.codec == "h264"


def test_a_video_without_a_face_is_refused_with_the_gate_report(api, tmp_path, upload, wait):
    clip = generate_clip(tmp_path / "empty.mp4", duration_s=32.0, width=320, height=180, faces=0, preset="ultrafast")
    client = api.as_(api.acme)
    made = client.post("/avatars", json={"name": "nobody", "video_asset_id": upload(client, clip, "video"),
                                         "consent": CONSENT}).json()
    api.stack.start_worker()
    job = wait(client, made["job_id"], timeout=300)
    assert job["status"] == "failed" and job["error_code"] == "bad_input" and "face" in job["error"].lower()
    avatar = client.get(f"/avatars/{made['id']}").json()
    assert avatar["status"] == "rejected" and avatar["findings"]["passed"] is False and avatar["findings"]["error"]
