"""Call campaigns through the API and a real worker: trunk secrets never shown, the licence refusal, a bad file
importing nothing, rules and the DNC list at dial time, the signed interest webhook, the outcome export.
The worker dials through the scripted far end (tests/calls_far_end.py)."""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from calls_kit import CONSENT, set_far_end, voice_profile_dir, write_recipients, zone_at  # noqa: F401 - a fixture
from evercast_testkit import REPO

from core.models import Voice
from workers.runtime import Runtime


@pytest.fixture
def far_folder(tmp_path):
    folder = tmp_path / "far_end"
    folder.mkdir()
    set_far_end(folder, {"*": {"status": "answered"}})
    return folder


@pytest.fixture
def api_env(far_folder):
    return {"EVERCAST_CALLS__DIALER": "calls_far_end:open_dialer", "EVERCAST_TEST_FAR_END": str(far_folder),
            "EVERCAST_CALLS__WEBHOOK_ALLOW": '["127.0.0.0/8"]'}  # the test's webhook endpoint is on loopback


class Hooks(BaseHTTPRequestHandler):
    received: list[tuple[dict, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Hooks.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook_server():
    Hooks.received = []
    server = HTTPServer(("127.0.0.1", 0), Hooks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/evercast", Hooks.received
    server.shutdown()


def ready_voice(api, profile_dir) -> str:
    rt = Runtime.create(api.stack.settings)
    try:
        from workers.commands import kb

        kb.import_file(rt, api.acme.merchant_id, REPO / "assets" / "kb" / "sample_kb.csv")
        with rt.session() as s:
            voice = Voice(merchant_id=api.acme.merchant_id, name="star", status="ready", profile_path=str(profile_dir))
            s.add(voice)
            s.flush()
            return voice.id
    finally:
        rt.close()


def wait_state(client, campaign_id: str, states: tuple[str, ...], stack, timeout: float = 240) -> dict:
    deadline = time.monotonic() + timeout
    while (view := client.get(f"/campaigns/{campaign_id}").json())["state"] not in states:
        assert time.monotonic() < deadline, (view, stack.worker_output())
        time.sleep(0.3)
    return view


def test_a_campaign_through_the_api(api, upload, wait, tmp_path, far_folder, webhook_server, voice_profile_dir):
    acme = api.as_(api.acme)
    hook_url, hooks = webhook_server
    trunk = acme.post("/trunks", json={"name": "main", "url": "sip:acct:pa55-secret@127.0.0.1:5060;transport=udp",
                                       "caller_id": "+862100000000", "max_channels": 2, "calls_per_second": 10})
    assert trunk.status_code == 201, trunk.text
    assert "pa55-secret" not in trunk.text and "pa55-secret" not in acme.get("/trunks").text
    assert trunk.json()["url"] == "sip:acct:***@127.0.0.1:5060;transport=udp"
    bad_trunk = acme.post("/trunks", json={"name": "x", "url": "http://evil/", "caller_id": "+862100000000"})
    assert bad_trunk.status_code == 422 and "sip:" in bad_trunk.text
    voice_id = ready_voice(api, voice_profile_dir)
    day = zone_at(range(11, 16))
    people = [{"phone": f"139 0000 00{n:02d}", "name": f"客户{n}", "last_sku": "KIT-001", "timezone": day, **CONSENT}
              for n in range(3)]
    asset = upload(acme, write_recipients(tmp_path / "people.csv", people), "recipients")
    body = {"name": "生日关怀", "recipients_asset_id": asset, "voice_id": voice_id, "trunk_id": trunk.json()["id"]}
    refused = acme.post("/campaigns", json=body)
    assert refused.status_code == 422 and "no licence record" in refused.text  # nothing was queued
    licence = acme.post(f"/voices/{voice_id}/licences", json={
        "grantor": "Star Agency", "scopes": ["calls"], "territories": ["CN"],
        "expires_at": (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()})
    assert licence.status_code == 201, licence.text
    listed = acme.get(f"/voices/{voice_id}/licences").json()
    assert [(lic["grantor"], lic["scopes"], lic["territories"]) for lic in listed] == [("Star Agency", ["calls"], ["CN"])]

    # a bad file imports nothing: the job fails naming the row and the column
    broken = upload(acme, write_recipients(tmp_path / "broken.csv", [*people, {"phone": "12", "name": "x"}]),
                    "recipients")
    bad = acme.post("/campaigns", json=body | {"recipients_asset_id": broken})
    assert bad.status_code == 201, bad.text
    api.stack.start_worker(concurrency=2)
    failed = wait(acme, bad.json()["setup_job_id"], 120)
    assert failed["status"] == "failed" and "row 5, phone" in failed["error"]
    assert acme.get(f"/campaigns/{bad.json()['id']}").json()["recipients"] == 0

    rules = acme.put("/call-rules", json={"quiet_start": "08:00", "quiet_end": "21:00", "webhook_url": hook_url})
    assert rules.status_code == 200, rules.text
    secret = rules.json()["webhook_secret"]
    ssrf = acme.put("/call-rules", json={"webhook_url": "http://169.254.169.254/latest/meta-data"})
    assert ssrf.status_code == 422 and "not allowed" in ssrf.text

    created = acme.post("/campaigns", json=body)
    assert created.status_code == 201, created.text
    campaign_id = created.json()["id"]
    assert wait(acme, created.json()["setup_job_id"], 300)["status"] == "succeeded"
    view = acme.get(f"/campaigns/{campaign_id}").json()
    assert view["state"] == "ready" and view["recipient_states"] == {"ready": 3}
    preview = acme.get(f"/campaigns/{campaign_id}/calls", params={"limit": 2}).json()
    assert len(preview) == 2 and preview[0]["message"].startswith("这是由AI合成的声音，代表Acme致电。客户0")
    audio = acme.get(f"/assets/{preview[0]['audio_asset_id']}")
    assert audio.status_code == 200

    # a test call to one's own phone before launch, on the worker's io queue; nothing recorded against a recipient
    assert acme.post(f"/campaigns/{campaign_id}/test-call", json={"phone": "12"}).status_code == 422
    tested = acme.post(f"/campaigns/{campaign_id}/test-call", json={"phone": "138 0013 8000", "row": 3})
    assert tested.status_code == 202 and tested.json()["phone"] == "+8613800138000", tested.text
    heard = wait(acme, tested.json()["job_id"], 120)
    assert heard["status"] == "succeeded", heard
    assert (heard["result"]["status"], heard["result"]["row"], heard["result"]["played_to_end"]) == ("answered", 3, True)
    assert acme.get(f"/campaigns/{campaign_id}").json()["outcomes"] == {}

    assert acme.post("/dnc", json={"phones": ["139-0000-0002"]}).json() == {"phones": ["+8613900000002"]}
    set_far_end(far_folder, {"+8613900000000": {"status": "answered", "digits": [["1", 0.5]]},
                             "+8613900000001": {"status": "busy"}, "*": {"status": "answered"}})
    started = acme.post(f"/campaigns/{campaign_id}/start")
    assert started.status_code == 200 and started.json()["state"] == "running", started.text
    assert acme.post(f"/campaigns/{campaign_id}/start").status_code == 422  # already running

    deadline = time.monotonic() + 120
    while not hooks:
        assert time.monotonic() < deadline, api.stack.worker_output()
        time.sleep(0.2)
    headers, raw = hooks[0]
    expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    assert headers["X-Evercast-Signature"] == expected
    event = json.loads(raw)
    assert (event["event"], event["phone"], event["campaign_id"]) == ("interest", "+8613900000000", campaign_id)

    calls = {c["phone"]: c for c in acme.get(f"/campaigns/{campaign_id}/calls").json()}
    assert calls["+8613900000002"]["state"] == "skipped" and calls["+8613900000002"]["reason"] == "do_not_call"
    assert calls["+8613900000001"]["state"] == "ready" and calls["+8613900000001"]["reason"] == "retry after busy"
    first = calls["+8613900000000"]["attempts"][0]
    assert (first["status"], first["digits"], first["interest"], first["played_to_end"]) == ("answered", "1", True,
                                                                                           True)
    paused = acme.post(f"/campaigns/{campaign_id}/pause").json()
    assert paused["state"] == "paused" and paused["outcomes"]["answered"] == 1 and paused["interest"] == 1

    export = acme.get(f"/campaigns/{campaign_id}/export")
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {(r["phone"], r["status"], r["reason"]) for r in rows} >= {
        ("+8613900000000", "answered", "answered"), ("+8613900000001", "busy", "busy"),
        ("+8613900000002", "skipped", "do_not_call")}
    assert acme.post(f"/campaigns/{campaign_id}/cancel").json()["state"] == "cancelled"
