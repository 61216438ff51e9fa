"""Knowledge base and scripts through the API: import, generate (a real job), check, edit, review."""

from __future__ import annotations

from evercast_testkit import REPO

SAMPLE = REPO / "assets" / "kb" / "sample_kb.json"


def test_import_generate_check_edit_and_review(api, upload, wait, import_kb):
    client = api.as_(api.acme)
    api.stack.start_worker()
    imported = import_kb(client, upload(client, SAMPLE))
    assert imported["status"] == "succeeded", imported
    assert imported["result"]["added"] >= 30 and imported["result"]["warnings"]  # the planted injection is flagged
    again = import_kb(client, upload(client, SAMPLE))["result"]
    assert again["added"] == 0 and again["unchanged"] == imported["result"]["added"]
    assert client.get("/skus/KIT-001").json()["title"].startswith("禾厨")

    job = client.post("/scripts/generate", json={"sku": "KIT-001", "style": "live", "seconds": 60})
    assert job.status_code == 202
    done = wait(client, job.json()["id"])
    assert done["status"] == "succeeded", done
    script = client.get(f"/scripts/{done['result']['script_id']}").json()
    assert script["state"] == "draft" and script["findings"] == [] and "599" in script["text"]
    assert {s["section"] for s in script["sections"]} >= {"hook", "selling_point", "offer"}

    # 199 was never a price of KIT-001 (399 is its 双12 promotion from 2026-12-01 on, so it is right on those days)
    bad_text = script["text"] + "\n全网最低价，国家级品质，只要199元！"
    findings = client.post("/scripts/check", json={"sku": "KIT-001", "text": bad_text}).json()
    kinds = {f["kind"] for f in findings}
    assert "banned_term" in kinds and ({"wrong_price", "unsupported", "expired_offer"} & kinds), findings
    for f in findings:
        assert bad_text[f["start"]:f["end"]] == f["text"]

    edited = client.post(f"/scripts/{script['id']}/edit", json={"text": bad_text}).json()
    assert edited["version"] == 2 and edited["lineage_id"] == script["lineage_id"] and edited["findings"]
    assert any(d["op"] == "insert" for d in edited["diff"])
    refused = client.post(f"/scripts/{edited['id']}/state", json={"state": "approved"})
    assert refused.status_code == 409 and "finding" in refused.json()["detail"]
    assert client.post(f"/scripts/{script['id']}/state", json={"state": "approved"}).json()["state"] == "approved"
    perf = client.post(f"/scripts/{script['id']}/performance", json={
        "section": "offer", "variant_id": "template-0", "started_at": "2026-11-23T20:00:00",
        "ended_at": "2026-11-23T20:01:00", "views": 1200, "clicks": 80, "orders": 7, "gmv": 4193})
    assert perf.status_code == 201
    nonsense = client.post(f"/scripts/{script['id']}/performance", json={
        "section": "offer", "variant_id": "v", "started_at": "2026-11-23T20:01:00", "ended_at": "2026-11-23T20:00:00"})
    assert nonsense.status_code == 422


def test_a_malformed_knowledge_base_changes_nothing_and_names_rows(api, tmp_path, upload, import_kb):
    client = api.as_(api.acme)
    api.stack.start_worker()
    assert import_kb(client, upload(client, SAMPLE))["status"] == "succeeded"
    before = client.get("/skus").json()
    bad = tmp_path / "bad.csv"
    bad.write_text("sku_id,title,price\nKIT-001,改了名字,599\nX-2,,abc\n", encoding="utf-8")
    refused = import_kb(client, upload(client, bad))
    assert refused["status"] == "failed" and refused["error_code"] == "bad_input", refused
    issues = refused["result"]["issues"]
    assert {(i["row"], i["column"]) for i in issues} >= {(3, "title"), (3, "price")}, issues
    assert client.get("/skus").json() == before


def test_scripts_and_skus_are_private(api, upload, import_kb):
    acme = api.as_(api.acme)
    api.stack.start_worker()
    assert import_kb(acme, upload(acme, SAMPLE))["status"] == "succeeded"
    assert api.as_(api.rival).post("/kb/imports", json={"asset_id": upload(acme, SAMPLE)}).status_code == 404
    rival = api.as_(api.rival)
    assert rival.get("/skus").json() == []
    assert rival.get("/skus/KIT-001").status_code == 404
    assert rival.post("/scripts/generate", json={"sku": "KIT-001"}).status_code == 404
    assert rival.post("/scripts/check", json={"sku": "KIT-001", "text": "你好"}).status_code == 404
    reviewer_key = acme.post("/api-keys", json={"name": "r", "role": "reviewer"}).json()["key"]
    reviewer = api.client.__class__(base_url=api.client.base_url, headers={"Authorization": f"Bearer {reviewer_key}"})
    assert reviewer.post("/scripts/generate", json={"sku": "KIT-001"}).status_code == 403


def test_check_at_a_broadcast_time_validates_it_and_caps_the_text(api, tmp_path):
    """The same text at two times: the offer is live at one and over at the other."""
    import json

    from workers.commands import kb
    from workers.runtime import Runtime

    path = tmp_path / "kb.json"
    path.write_text(json.dumps({"skus": [{"sku_id": "MUG-7", "title": "青釉马克杯", "price": "89", "promotions": [
        {"name": "周末直播价", "price": "59", "starts_at": "2026-12-05 19:00", "ends_at": "2026-12-05 23:59"}]}]},
        ensure_ascii=False), encoding="utf-8")
    rt = Runtime.create(api.stack.settings)
    kb.import_file(rt, api.acme.merchant_id, path)
    rt.close()
    client = api.as_(api.acme)
    offer = {"sku": "MUG-7", "text": "今晚直播间到手价59元"}
    during = client.post("/scripts/check", json={**offer, "at": "2026-12-05T20:00"})
    assert during.status_code == 200 and during.json() == []
    during_utc = client.post("/scripts/check", json={**offer, "at": "2026-12-05T12:00:00Z"})
    assert during_utc.json() == []
    after = client.post("/scripts/check", json={**offer, "at": "2026-12-06T20:00+08:00"}).json()
    assert [(f["kind"], f["text"], f["start"], f["end"]) for f in after] == [("expired_offer", "59元", 8, 11)]
    bad = client.post("/scripts/check", json={**offer, "at": "next friday"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "at"]
    long = client.post("/scripts/check", json={"sku": "MUG-7", "text": "A fine mug. " * 1700})
    assert long.status_code == 422 and "too long (20400 characters; at most 20000" in long.json()["detail"]
    unknown = client.post("/scripts/check", json={"sku": "NOPE-9", "text": "你好"})
    assert unknown.status_code == 404 and "NOPE-9" in unknown.json()["detail"]
    assert api.acme.merchant_id not in unknown.json()["detail"]
