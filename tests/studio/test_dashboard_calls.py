"""The campaigns page in Debian's headless Chromium: create a campaign from a recipients file, listen to a
recipient's message, start it and watch the outcomes arrive (dialing through the scripted far end)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from calls_kit import CONSENT, rung, set_far_end, voice_profile_dir, write_recipients, zone_at  # noqa: F401
from evercast_testkit import REPO, csp_violations, log_in, shot

from core.models import Voice
from workers.runtime import Runtime


@pytest.fixture
def far_folder(tmp_path):
    folder = tmp_path / "far_end"
    folder.mkdir()
    set_far_end(folder, {"*": {"status": "answered", "digits": [["1", 0.5]]}})
    return folder


@pytest.fixture
def api_env(far_folder):
    return {"EVERCAST_CALLS__DIALER": "calls_far_end:open_dialer", "EVERCAST_TEST_FAR_END": str(far_folder)}


def test_campaign_preview_start_and_outcomes_in_the_browser(api, browser, tmp_path, far_folder, voice_profile_dir):
    acme = api.as_(api.acme)
    rt = Runtime.create(api.stack.settings)
    try:
        from workers.commands import kb

        kb.import_file(rt, api.acme.merchant_id, REPO / "assets" / "kb" / "sample_kb.csv")
        with rt.session() as s:
            voice = Voice(merchant_id=api.acme.merchant_id, name="明星声音", status="ready",
                          profile_path=str(voice_profile_dir))
            s.add(voice)
            s.flush()
            voice_id = voice.id
    finally:
        rt.close()
    assert acme.post(f"/voices/{voice_id}/licences", json={
        "grantor": "Star Agency", "scopes": ["calls"], "territories": ["CN"],
        "expires_at": (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()}).status_code == 201
    assert acme.post("/trunks", json={"name": "main", "url": "sip:acct:pw-hidden@127.0.0.1:5060",
                                      "caller_id": "+862100000000"}).status_code == 201
    day = zone_at(range(11, 16))
    people = write_recipients(tmp_path / "生日名单.csv", [
        {"phone": f"1390000030{n}", "name": name, "last_sku": "KIT-001", "timezone": day, **CONSENT}
        for n, name in enumerate(["王芳", "李雷"])])
    api.stack.start_worker(concurrency=2)

    base = str(api.client.base_url)
    page = browser.new_page(locale="zh-CN")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/campaigns")
    page.wait_for_selector("#trunk-select option", state="attached")
    page.wait_for_selector("#voice-select option", state="attached")
    assert "pw-hidden" not in page.content()
    page.fill("#new-campaign input[name=name]", "生日关怀")
    page.set_input_files("#recipients-file", str(people))
    page.click("#new-campaign button[type=submit]")
    page.wait_for_selector("#campaign-progress .ok", timeout=240_000)
    page.wait_for_selector("#calls tbody tr:nth-child(2)")
    assert "这是由AI合成的声音" in page.inner_text("#calls tr[data-phone='+8613900000300'] .message")
    page.click("#calls tr[data-phone='+8613900000300'] button")
    page.wait_for_selector("#preview-player:not([hidden])")
    duration = page.evaluate("""() => new Promise(resolve => {
        const p = document.getElementById('preview-player');
        if (p.readyState >= 1) resolve(p.duration); else p.onloadedmetadata = () => resolve(p.duration); })""")
    assert duration > 2.0  # the browser decoded the 8 kHz message from the signed link
    assert "王芳" in page.inner_text("#preview-who")
    shot(page, "20-campaign-preview")

    page.click("#campaigns tbody tr:first-child button:has-text('开始外呼')")
    page.wait_for_selector("#campaigns tbody tr:first-child .status.done", timeout=120_000)
    page.wait_for_selector("#campaigns tbody tr:first-child .outcomes:has-text('answered 2')")
    assert "interest 2" in page.inner_text("#campaigns tbody tr:first-child .outcomes")
    page.wait_for_selector("#calls tr[data-phone='+8613900000301'] .status.done")
    shot(page, "21-campaign-done")
    assert sorted(rung(far_folder)) == ["+8613900000300", "+8613900000301"]
    assert refused == []
