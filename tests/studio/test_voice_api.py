"""Voices and speech through the API and real workers: clone with consent, speak, telephony, refusals."""

from __future__ import annotations

import subprocess
import time
import wave

import httpx

LINES = ("Welcome to the live room everyone, today we have a great deal for you. "
         "This power bank holds plenty of charge and fills your phone twice. "
         "It weighs very little, so it fits in any pocket or small bag. "
         "The price today is low, and shipping is free for everyone watching. "
         "Only a few units are left, so please place your order quickly.")
CONSENT = {"kind": "declaration", "signer": "Test Speaker",
           "statement": "I agree that Acme may clone my voice for its live rooms."}


def recording(tmp_path):
    raw, wav = tmp_path / "raw.wav", tmp_path / "speaker.wav"
    subprocess.run(["espeak-ng", "-v", "en-us+m3", "-s", "150", "-w", str(raw), LINES], check=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(raw), "-ar", "24000", str(wav)], check=True)
    return wav


def download(api, client, asset_id: str) -> bytes:
    link = client.post(f"/assets/{asset_id}/link").json()["url"]
    return httpx.get(f"{api.client.base_url}{link}").content


def test_clone_then_speak_for_video_and_telephony(api, tmp_path, upload, wait):
    client = api.as_(api.acme)
    api.stack.start_worker()
    asset_id = upload(client, recording(tmp_path), "audio")
    assert client.post("/voices", json={"name": "anna", "asset_id": asset_id}).status_code == 422  # no consent
    made = client.post("/voices", json={"name": "anna", "asset_id": asset_id, "consent": CONSENT})
    assert made.status_code == 202, made.text
    assert wait(client, made.json()["job_id"], timeout=180)["status"] == "succeeded"
    voice = client.get(f"/voices/{made.json()['id']}").json()
    assert voice["status"] == "ready" and voice["profile"]["clips"] >= 1

    job = client.post("/speech", json={"text": "[warm]Hello everyone. [excited]Only ninety nine today!",
                                       "voice_id": voice["id"]}).json()
    done = wait(client, job["id"], timeout=180)
    assert done["status"] == "succeeded", done
    audio = tmp_path / "speech.wav"
    audio.write_bytes(download(api, client, done["result"]["audio_asset_id"]))
    with wave.open(str(audio)) as w:
        assert w.getframerate() == 48000 and w.getnchannels() == 1
        assert abs(w.getnframes() / 48000 - done["result"]["duration_s"]) < 0.05
    timings = httpx.Response(200, content=download(api, client, done["result"]["timings_asset_id"])).json()
    assert [w["text"].lower().strip(".,!") for w in timings["words"]][:2] == ["hello", "everyone"]
    assert all(w["start"] < w["end"] for w in timings["words"])

    phone = wait(client, client.post("/speech", json={"text": "Your order has shipped.", "telephony": True}).json()["id"])
    mulaw = download(api, client, phone["result"]["audio_asset_id"])
    assert mulaw[:4] == b"RIFF" and mulaw[20:22] == (7).to_bytes(2, "little")  # WAVE_FORMAT_MULAW
    assert int.from_bytes(mulaw[24:28], "little") == 8000


def test_speech_refusals_are_clear(api, tmp_path, upload, wait):
    client = api.as_(api.acme)
    api.stack.start_worker()
    banned = wait(client, client.post("/speech", json={"text": "这款是全网第一的好锅，国家级品质。"}).json()["id"])
    assert banned["status"] == "failed" and "banned" in banned["error"]
    empty = client.post("/speech", json={"text": "   "})
    assert empty.status_code == 422
    huge = client.post("/speech", json={"text": "好" * 50_000})
    assert huge.status_code in (413, 422)  # over the body limit, or over the text limit
    noise = tmp_path / "music.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=12",
                    "-f", "lavfi", "-i", "sine=frequency=660:duration=12", "-filter_complex", "amix=inputs=2",
                    str(noise)], check=True)
    made = client.post("/voices", json={"name": "tone", "asset_id": upload(client, noise, "audio"),
                                        "consent": CONSENT}).json()
    failed = wait(client, made["job_id"], timeout=120)
    assert failed["status"] == "failed" and failed["error_code"] == "bad_input", failed
    deadline = time.monotonic() + 10
    while client.get(f"/voices/{made['id']}").json()["status"] != "rejected" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert client.get(f"/voices/{made['id']}").json()["error"]
    rival = api.as_(api.rival)
    assert rival.get(f"/voices/{made['id']}").status_code == 404
    assert rival.post("/speech", json={"text": "hi", "voice_id": made["id"]}).status_code == 404
