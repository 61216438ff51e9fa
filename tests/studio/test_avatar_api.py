"""Avatars through the API and a real worker: a generated talking clip becomes an avatar; bad video is refused."""

from __future__ import annotations

import subprocess

import httpx
from evercast_testkit import generate_clip

from core.media import probe

CONSENT = {"kind": "declaration", "signer": "Anna Test",
           "statement": "I agree that Acme may make a digital human of me for its live rooms."}


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

    client.post("/kb/imports", json={"asset_id": upload(client, REPO / "assets" / "kb" / "sample_kb.json")})
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
    import zipfile

    names = set(zipfile.ZipFile(archive).namelist())
    assert {"KIT-001__wide.mp4", "KIT-002__wide.mp4", "KIT-001__wide.jpg", "KIT-002__wide.srt"} <= names, names


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
