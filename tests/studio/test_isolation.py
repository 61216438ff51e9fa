"""Tenant isolation over every route of the schema: a rival merchant's key never reaches acme's resources."""

from __future__ import annotations

import re
import subprocess

from evercast_testkit import REPO

CONSENT = {"kind": "declaration", "signer": "Iso Test", "statement": "I agree to be cloned for isolation tests."}


def make_media(tmp_path):
    clip = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1",
                    "-f", "lavfi", "-i", "sine=duration=1", "-shortest", "-pix_fmt", "yuv420p", str(clip)], check=True)
    return clip


def acme_resources(api, upload, tmp_path) -> dict[str, str]:
    acme = api.as_(api.acme)
    kb_asset = upload(acme, REPO / "assets" / "kb" / "sample_kb.json")
    acme.post("/kb/imports", json={"asset_id": kb_asset})  # a queued job (no worker here): imported below
    video = upload(acme, make_media(tmp_path), "video")
    avatar = acme.post("/avatars", json={"name": "a", "video_asset_id": video, "consent": CONSENT}).json()
    voice = acme.post("/voices", json={"name": "v", "asset_id": video, "consent": CONSENT}).json()
    pending = acme.post("/uploads", json={"filename": "x.wav", "size": 10, "kind": "audio"}).json()
    key = acme.post("/api-keys", json={"name": "k", "role": "editor"}).json()
    user = acme.post("/users", json={"email": "iso@acme.example.com", "password": "isolation pw", "role": "editor"}).json()
    room = acme.post("/rooms", json={"name": "r", "destinations": [
        {"name": "douyin", "server_url": "rtmp://127.0.0.1:1/live", "stream_key": "k1"}]}).json()
    from core.models import LearnSession, Script
    from workers.commands import kb, learn, scripts
    from workers.runtime import Runtime

    rt = Runtime.create(api.stack.settings)
    try:
        kb.import_file(rt, api.acme.merchant_id, REPO / "assets" / "kb" / "sample_kb.json")
        script_id = scripts.generate(rt, api.acme.merchant_id, "KIT-001", seconds=30)
        other = scripts.generate(rt, api.acme.merchant_id, "KIT-001", seconds=30, seed=1)
        with rt.session() as s:
            for sid in (script_id, other):
                s.get(Script, sid).state = "approved"
            session = LearnSession(merchant_id=api.acme.merchant_id, kind="host", status="ready")
            s.add(session)
            s.flush()
            session_id = session.id
        experiment_id = learn.start_experiment(rt, api.acme.merchant_id, room["id"], "KIT-001", [script_id, other])
        campaign_id = call_campaign(rt, api.acme.merchant_id, voice["id"], tmp_path)
        dataset_id, adapter_id = retrain_rows(rt, api.acme.merchant_id, tmp_path)
    finally:
        rt.close()
    return {"dataset_id": dataset_id, "adapter_id": adapter_id, "job_id": avatar["job_id"], "upload_id": pending["id"], "asset_id": video, "avatar_id": avatar["id"],
            "voice_id": voice["id"], "key_id": key["id"], "script_id": script_id, "code": "KIT-001",
            "room_id": room["id"], "user_id": user["id"], "campaign_id": campaign_id, "experiment_id": experiment_id,
            "action": "end", "session_id": session_id}


def call_campaign(rt, merchant_id: str, voice_id: str, tmp_path) -> str:  # noqa: ANN001 - a Runtime
    """A call campaign of acme's (its setup job stays queued: no worker runs here)."""
    from datetime import datetime, timedelta, timezone

    from core.models import Voice
    from workers.commands import calls
    from workers.commands.assets import store_file

    with rt.session() as s:
        s.get(Voice, voice_id).status = "ready"
    calls.add_licence(rt, merchant_id, voice_id, grantor="Agency", scopes=["calls"], territories=["CN"],
                      expires_at=datetime.now(timezone.utc) + timedelta(days=1))
    trunk = calls.add_trunk(rt, merchant_id, name="t", url="sip:u:p@127.0.0.1:5060", caller_id="+862100000000")
    people = tmp_path / "people.csv"
    people.write_text("phone,name\n13900000000,A\n")
    asset = store_file(rt, merchant_id, people, "recipients", "text/csv")
    campaign_id, _ = calls.create_campaign(rt, merchant_id, name="c", voice_id=voice_id, trunk_id=trunk["id"],
                                           recipients_asset_id=asset)
    return campaign_id


def retrain_rows(rt, merchant_id: str, tmp_path) -> tuple[str, str]:  # noqa: ANN001 - a Runtime
    """A dataset version and a trained adapter of acme's (rows only: nothing is trained here)."""
    from core.models import Adapter, TrainingDataset
    from workers.commands.assets import store_file

    manifest = tmp_path / "manifest.json"
    manifest.write_text("{}")
    with rt.session() as s:
        dataset = TrainingDataset(merchant_id=merchant_id, version=1, digest="0" * 64,
                                  manifest_asset_id=store_file(rt, merchant_id, manifest, "dataset"),
                                  counts={"excluded": 0}, heldout_skus=[], provenance={})
        s.add(dataset)
        s.flush()
        adapter = Adapter(merchant_id=merchant_id, version=1, dataset_id=dataset.id, method="dpo", status="candidate")
        s.add(adapter)
        s.flush()
        return dataset.id, adapter.id


def test_every_route_with_an_id_hides_other_merchants_resources(api, upload, tmp_path):
    ids = acme_resources(api, upload, tmp_path)
    acme, rival = api.as_(api.acme), api.as_(api.rival)
    schema = api.client.get("/openapi.json").json()
    checked = []
    for path, operations in schema["paths"].items():
        params = re.findall(r"{(\w+)}", path)
        if not params or path.startswith("/download"):
            continue
        if path.startswith("/hosts/"):  # hosts are the operator's, shared by merchants: no merchant acts on one
            for client in (acme, rival):
                assert client.post(path.format(name="any-host")).status_code == 403, path
            continue
        url = path.format(**{p: ids[p] for p in params})
        for method in operations:
            body = {"text": "x", "state": "approved", "section": "offer", "asset_id": ids["asset_id"],
                    "action": "pause", "sdp": "v=0", "type": "offer",
                    "password": "rival's new password", "grantor": "g", "scopes": ["calls"], "territories": ["CN"],
                    "expires_at": "2030-01-01T00:00:00Z", "sku": ids["code"],
                    "phone": "+8613800138000"} if method in ("post", "put") else None
            kwargs = {"json": body} if body is not None and method == "post" else {}
            if method == "patch":
                kwargs = {"json": {}}
            if method == "put":
                kwargs = {"content": b"x", "params": {"offset": 0}}
            answer = rival.request(method.upper(), url, **kwargs)
            assert answer.status_code == 404, f"{method.upper()} {url} answered {answer.status_code} to another merchant"
            checked.append(f"{method.upper()} {path}")
        if "get" in operations:
            assert acme.get(url).status_code == 200, f"the owner cannot read {url}"
    assert len(checked) >= 15, checked
    # listings never show another merchant's rows
    for listing in ("/jobs", "/skus", "/scripts", "/avatars", "/voices", "/rooms", "/campaigns", "/trunks",
                    "/learn/datasets", "/learn/adapters"):
        data = rival.get(listing).json()
        rows = data["data"] if isinstance(data, dict) else data
        assert rows == [], f"{listing} leaked {rows[:1]}"
