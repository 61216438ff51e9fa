"""Resumable uploads and signed downloads over HTTP."""

from __future__ import annotations

import base64
import hashlib
import threading

import httpx
import numpy as np

from core import media


def make_video(path, seconds: float = 1.0):
    with media.VideoWriter(path, 64, 48, 25) as writer:
        for i in range(int(seconds * 25)):
            writer.write(np.full((48, 64, 3), (i * 9) % 255, np.uint8))
    return path.read_bytes()


def content_digest(data: bytes) -> dict[str, str]:
    return {"Content-Digest": f"sha-256=:{base64.b64encode(hashlib.sha256(data).digest()).decode()}:"}


def upload(client: httpx.Client, data: bytes, filename: str, kind: str, chunk: int, sha256: str | None = None):
    """Without a whole-file sha256, every chunk carries its Content-Digest."""
    made = client.post("/uploads", json={"filename": filename, "size": len(data), "kind": kind, "sha256": sha256})
    assert made.status_code == 201, made.text
    up = made.json()
    for start in range(0, len(data), chunk):
        part = data[start:start + chunk]
        r = client.put(f"/uploads/{up['id']}", params={"offset": start}, content=part,
                       headers={} if sha256 else content_digest(part))
        assert r.status_code == 200, r.text
    return up["id"], client.post(f"/uploads/{up['id']}/complete")


def test_chunked_upload_resumes_after_an_interruption_and_verifies(api, tmp_path):
    data = make_video(tmp_path / "clip.mp4", 2.0)
    client = api.as_(api.acme)
    made = client.post("/uploads", json={"filename": "clip.mp4", "size": len(data), "kind": "video",
                                         "sha256": hashlib.sha256(data).hexdigest()}).json()
    half = len(data) // 2
    assert client.put(f"/uploads/{made['id']}", params={"offset": 0}, content=data[:half]).json()["offset"] == half
    # the client lost track: a chunk at the wrong offset is refused and says where to resume
    wrong = client.put(f"/uploads/{made['id']}", params={"offset": 0}, content=data[:100])
    assert wrong.status_code == 409 and wrong.headers["upload-offset"] == str(half)
    resume_at = client.get(f"/uploads/{made['id']}").json()["offset"]
    client.put(f"/uploads/{made['id']}", params={"offset": resume_at}, content=data[resume_at:])
    asset = client.post(f"/uploads/{made['id']}/complete")
    assert asset.status_code == 200, asset.text
    assert asset.json()["sha256"] == hashlib.sha256(data).hexdigest() and asset.json()["kind"] == "video"
    link = client.post(f"/assets/{asset.json()['id']}/link").json()
    downloaded = httpx.get(f"{api.client.base_url}{link['url']}")  # no credentials: the link is the key
    assert downloaded.status_code == 200 and downloaded.content == data
    assert httpx.get(f"{api.client.base_url}{link['url'][:-3]}xyz").status_code == 403  # tampered link


def test_bad_uploads_are_refused_with_the_reason_and_store_nothing(api, tmp_path):
    client = api.as_(api.acme)
    data = make_video(tmp_path / "clip.mp4")
    _, damaged = upload(client, data, "clip.mp4", "video", 4096, sha256="0" * 64)
    assert damaged.status_code == 422 and "checksum mismatch" in damaged.json()["detail"]
    _, fake = upload(client, b"\x00not a video at all" * 100, "fake.mp4", "video", 1 << 20)
    assert fake.status_code == 422 and "not a readable media file" in fake.json()["detail"]
    _, png = upload(client, b"GIF89a" + b"\x00" * 100, "photo.png", "image", 1 << 20)
    assert png.status_code == 422 and "not a real png" in png.json()["detail"]
    exe = client.post("/uploads", json={"filename": "setup.exe", "size": 10, "kind": "video"})
    assert exe.status_code == 422 and "not an accepted video file" in exe.json()["detail"]
    huge = client.post("/uploads", json={"filename": "big.mp4", "size": 5 * 1024**4, "kind": "video"})
    assert huge.status_code == 422 and "outside" in huge.json()["detail"]
    made = client.post("/uploads", json={"filename": "a.wav", "size": 10, "kind": "audio"}).json()
    too_much = client.put(f"/uploads/{made['id']}", params={"offset": 0}, content=b"x" * 20,
                          headers=content_digest(b"x" * 20))
    assert too_much.status_code == 422 and "declared size" in too_much.json()["detail"]
    early = client.post(f"/uploads/{made['id']}/complete")
    assert early.status_code == 422 and "incomplete" in early.json()["detail"]
    stored = [p for p in api.stack.settings.assets_dir.rglob("*") if p.is_file()]
    assert stored == []


def test_uploads_and_assets_are_private_to_their_merchant(api, tmp_path):
    acme = api.as_(api.acme)
    upload_id, asset = upload(acme, make_video(tmp_path / "c.mp4"), "c.mp4", "video", 1 << 20)
    rival = api.as_(api.rival)
    assert rival.get(f"/uploads/{upload_id}").status_code == 404
    assert rival.put(f"/uploads/{upload_id}", params={"offset": 0}, content=b"x").status_code == 404
    assert rival.get(f"/assets/{asset.json()['id']}").status_code == 404
    assert rival.post(f"/assets/{asset.json()['id']}/link").status_code == 404


def test_racing_chunks_for_one_offset_store_only_the_bytes_of_the_request_that_succeeded(api):
    """Two PUTs at offset 0 with different bytes: one gets 200, the other 409, and the file is the winner's."""
    client = api.as_(api.acme)
    size = 2 * 1024 * 1024
    for trial in range(12):
        bodies = {name: bytes([trial, fill]) * (size // 2) for name, fill in (("a", 0x41), ("b", 0x42))}
        up = client.post("/uploads", json={"filename": f"race{trial}.csv", "size": size, "kind": "kb"}).json()
        start, status = threading.Barrier(2), {}

        def put(name: str) -> None:
            with api.as_(api.acme) as own:
                start.wait()
                status[name] = own.put(f"/uploads/{up['id']}", params={"offset": 0}, content=bodies[name],
                                       headers=content_digest(bodies[name])).status_code

        threads = [threading.Thread(target=put, args=(name,)) for name in bodies]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(status.values()) == [200, 409], status
        winner = next(name for name, code in status.items() if code == 200)
        asset = client.post(f"/uploads/{up['id']}/complete")
        assert asset.status_code == 200, asset.text
        assert asset.json()["sha256"] == hashlib.sha256(bodies[winner]).hexdigest(), (trial, status)


def test_every_chunk_is_checksummed_before_it_is_written(api):
    """With no whole-file sha256 declared, a chunk needs a matching Content-Digest; a refused chunk writes nothing."""
    client = api.as_(api.acme)
    data = b"sku,title\nKIT-001,Kettle\n"
    up = client.post("/uploads", json={"filename": "kb.csv", "size": len(data), "kind": "kb"}).json()
    bare = client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data)
    assert bare.status_code == 422 and "Content-Digest" in bare.json()["detail"]
    damaged = client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data[:-1] + b"X",
                         headers=content_digest(data))
    assert damaged.status_code == 422 and "Content-Digest mismatch" in damaged.json()["detail"]
    garbled = client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data,
                         headers={"Content-Digest": "sha-256=:not base64:"})
    assert garbled.status_code == 422 and "sha-256" in garbled.json()["detail"]
    assert client.get(f"/uploads/{up['id']}").json()["offset"] == 0
    assert (api.stack.settings.data_dir / "uploads" / api.acme.merchant_id / f"{up['id']}.part").read_bytes() == b""
    good = client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data, headers=content_digest(data))
    assert good.status_code == 200 and good.json()["offset"] == len(data)
    assert client.post(f"/uploads/{up['id']}/complete").json()["sha256"] == hashlib.sha256(data).hexdigest()


def test_a_chunk_arriving_while_another_holds_the_upload_gets_409_and_writes_nothing(api):
    from datetime import timedelta

    from sqlalchemy import update

    from core.models import Upload, utcnow
    from workers.runtime import Runtime

    client = api.as_(api.acme)
    data = b"sku,title\nKIT-001,Kettle\n"
    up = client.post("/uploads", json={"filename": "kb.csv", "size": len(data), "kind": "kb"}).json()
    rt = Runtime.create(api.stack.settings, migrate=False)
    try:
        with rt.session() as s:  # as if another request were writing its chunk right now
            s.execute(update(Upload).where(Upload.id == up["id"])
                      .values(lease_owner="other", lease_until=utcnow() + timedelta(minutes=5)))
        busy = client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data, headers=content_digest(data))
        assert busy.status_code == 409 and "being written" in busy.json()["detail"]
        assert busy.headers["upload-offset"] == "0"
        part = api.stack.settings.data_dir / "uploads" / api.acme.merchant_id / f"{up['id']}.part"
        assert part.read_bytes() == b""
        with rt.session() as s:  # that writer died: its lease runs out and the next chunk goes through
            s.execute(update(Upload).where(Upload.id == up["id"]).values(lease_until=utcnow() - timedelta(seconds=1)))
    finally:
        rt.close()
    assert client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data,
                      headers=content_digest(data)).status_code == 200
    assert part.read_bytes() == data
