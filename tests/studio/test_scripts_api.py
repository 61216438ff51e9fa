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
