"""A room as a merchant runs it: approved scripts -> render jobs -> the room's queue -> a real RTMP
platform and a WebRTC viewer, with operator controls, all through the API, the job system and the
room's own process."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import time

import cv2
import numpy as np
import pytest
from evercast_testkit import REPO
from evercast_testkit import webrtc_view as view

from core.models import Avatar
from stream.monitor import watch
from workers.commands.avatars import avatar_dir
from workers.runtime import Runtime

CONSENT = {"kind": "declaration", "signer": "Anna Test", "statement": "I agree to a digital human of me."}


@pytest.fixture
def api_env(live_env):
    return live_env


def register_avatar(api, source) -> str:
    """The trained avatar, as the job system would leave it for the merchant (ready, with consent)."""
    rt = Runtime.create(api.stack.settings)
    try:
        with rt.session() as s:
            row = Avatar(merchant_id=api.acme.merchant_id, name="anna", status="ready", consent=CONSENT)
            s.add(row)
            s.flush()
            target = avatar_dir(rt, api.acme.merchant_id, row.id)
            shutil.copytree(source, target)
            row.model_path = str(target)
            return row.id
    finally:
        rt.close()


def wait_for(check, timeout: float, what: str):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.walk
@pytest.mark.slow
@pytest.mark.timeout(900)  # a whole product flow on two shared cores
def test_a_room_airs_its_playlist_through_render_jobs_to_rtmp_and_webrtc(api, rtmp, trained_avatar, upload, wait,
                                                                            tmp_path):
    _, platform = rtmp
    client = api.as_(api.acme)
    avatar_id = register_avatar(api, trained_avatar)
    api.stack.start_worker()
    kb_asset = upload(client, REPO / "assets" / "kb" / "sample_kb.json")
    assert wait(client, client.post("/kb/imports", json={"asset_id": kb_asset}).json()["id"])["status"] == "succeeded"
    job = wait(client, client.post("/scripts/generate", json={"sku": "KIT-001", "seconds": 30}).json()["id"])
    script_id = job["result"]["script_id"]
    unapproved = client.post("/rooms", json={"name": "night", "avatar_id": avatar_id,
                                             "playlist": {"skus": {"KIT-001": [script_id]}}})
    assert unapproved.status_code == 422 and "not approved" in unapproved.json()["detail"]
    assert client.get("/rooms").json() == [], "a refused room leaves nothing behind"
    assert client.post(f"/scripts/{script_id}/state", json={"state": "approved"}).json()["state"] == "approved"

    wall = tmp_path / "studio-wall.png"
    cv2.imwrite(str(wall), np.full((360, 640, 3), (40, 200, 60), np.uint8))  # BGR: the shop's green wall
    room = client.post("/rooms", json={
        "name": "night shift", "avatar_id": avatar_id, "responsible": "王经理",
        "background_asset_id": upload(client, wall, "image"),
        "schedule": {"timezone": "Asia/Shanghai", "always": True},
        "playlist": {"skus": {"KIT-001": []}, "prompts": ["喜欢的朋友扣1，主播给大家讲讲优惠。"], "prompt_every": 1},
        "destinations": [{"name": "douyin", "server_url": f"rtmp://127.0.0.1:{platform.rtmp_port}/live",
                          "stream_key": "night-key"}]})
    assert room.status_code == 201, room.text
    room = room.json()
    assert room["playlist"]["skus"] == {"KIT-001": [script_id]} and "night-key" not in str(room)
    assert api.as_(api.rival).post(f"/rooms/{room['id']}/webrtc", json={"sdp": "v=0", "type": "offer"}).status_code == 404

    assert client.post(f"/rooms/{room['id']}/start").status_code == 200
    try:
        # the idle loop airs at once (rendered from the avatar); playlist renders follow through the job system
        report = watch(platform.url("night-key"), 6.0, open_timeout_s=120.0)
        assert (report.video_codec, report.audio_codec, report.width, report.height) == ("h264", "aac", 320, 180)
        assert report.max_gap_ms <= 100, report
        aired = wait_for(lambda: [s for s in client.get(f"/rooms/{room['id']}/segments").json()
                                  if s["state"] in ("on_air", "played")], 420, "a rendered playlist segment on air")
        assert aired[0]["label"] in ("KIT-001", "喜欢的朋友扣1，主播给大家讲讲优惠。") and aired[0]["duration_s"] > 1
        status = client.get(f"/rooms/{room['id']}").json()
        assert status["state"] == "live" and status["status"]["published"] is True, status

        for sdp in ("hello", "v=0\r\nm=nonsense 9 UDP/TLS/RTP/SAVPF 96\r\n"):  # the viewer's mistake, never a 5xx
            refused = client.post(f"/rooms/{room['id']}/webrtc", json={"sdp": sdp, "type": "offer"})
            assert refused.status_code == 422, refused.text
        got = asyncio.run(view(client, room["id"], 4.0))
        video, audio = got["video"], got["audio"]
        assert len(video) >= 50 and len(audio) >= 100, {k: len(v) for k, v in got.items()}
        picture = video[-1].to_ndarray(format="rgb24")
        assert picture.shape == (180, 320, 3) and picture.std() > 10, "the viewer sees the avatar, not a blank"
        assert np.abs(picture[:20, :20].astype(int) - (60, 200, 40)).mean() < 25, "behind the person: the shop's wall"
        # paced from the room's clock: one frame per 40 ms and 20 ms audio chunks, without holes
        # (video starts at the first keyframe; A/V agreement is measured in tests/stream/test_webrtc.py)
        assert set(np.diff([f.pts for f in video]).tolist()) == {3600}
        assert set(np.diff([f.pts for f in audio]).tolist()) == {960}
        assert np.abs(np.concatenate([f.to_ndarray().ravel() for f in audio])).max() > 0

        assert client.post(f"/rooms/{room['id']}/commands", json={"action": "pause"}).status_code == 202
        wait_for(lambda: client.get(f"/rooms/{room['id']}").json()["status"].get("paused"), 15, "pause")
        assert client.post(f"/rooms/{room['id']}/commands", json={"action": "resume"}).status_code == 202
        wait_for(lambda: not client.get(f"/rooms/{room['id']}").json()["status"].get("paused"), 15, "resume")
        # a flash sale from the operator's shell: spoken, rendered and aired ahead of the playlist
        said = subprocess.run([sys.executable, "-m", "studio.cli", "live", "announce", room["id"], "限时秒杀，马上开始！"],
                              env=api.stack.env, cwd=REPO, capture_output=True, text=True, timeout=60)
        assert said.returncode == 0, said.stdout + said.stderr
        urgent = wait_for(lambda: [s for s in client.get(f"/rooms/{room['id']}/segments").json()
                                   if s["kind"] == "urgent" and s["state"] in ("on_air", "played")], 300,
                          "the announcement on air")
        assert urgent[0]["label"] == "限时秒杀，马上开始！"
        after = watch(platform.url("night-key"), 3.0, open_timeout_s=20.0)
        assert after.max_gap_ms <= 100 and after.video_packets > 40, after
        dark = [line.rsplit(" ", 1)[1] for line in client.get("/rooms-metrics").text.splitlines()
                if line.startswith(f'evercast_room_dark_s{{room="{room["id"]}",')]  # then its host label
        assert [float(v) for v in dark] == [0.0], dark
    finally:
        stopped = client.post(f"/rooms/{room['id']}/stop").json()
    assert stopped["state"] in ("stopping", "stopped")
    wait_for(lambda: client.get(f"/rooms/{room['id']}").json()["state"] == "stopped", 30, "the room to stop")
    assert client.post(f"/rooms/{room['id']}/commands", json={"action": "skip"}).status_code == 409
