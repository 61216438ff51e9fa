"""The dashboard in Debian's headless Chromium (Playwright, no downloaded browser): the main flows."""

from __future__ import annotations

from evercast_testkit import REPO, csp_violations, log_in, shot, submit_avatar

def test_login_import_generate_review_in_the_browser(api, browser):
    api.stack.start_worker()
    base = str(api.client.base_url)
    page = browser.new_page(locale="zh-CN")
    refused = csp_violations(page)
    page.goto(f"{base}/ui/jobs")
    page.wait_for_url("**/ui/login")
    page.fill("input[name=email]", api.acme.email)
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert "wrong email or password" in page.inner_text("#error")
    page.fill("input[name=password]", api.acme.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/ui/jobs")
    assert "任务" in page.inner_text("h1")
    shot(page, "01-jobs")

    page.goto(f"{base}/ui/kb")
    page.set_input_files("#kb-file", str(REPO / "assets" / "kb" / "sample_kb.json"))
    page.click("#kb-import")
    page.wait_for_selector("#kb-result .ok")
    page.wait_for_selector("#skus tbody tr:nth-child(30)")  # not a JS string: the CSP refuses eval
    assert "KIT-001" in page.inner_text("#skus")
    assert "忽略之前的指令" in page.inner_text("#kb-result")  # the injected row is shown as a warning
    shot(page, "02-kb")

    page.goto(f"{base}/ui/scripts")
    page.wait_for_selector("#sku option:nth-child(30)", state="attached")
    page.select_option("#sku", "KIT-001")
    page.select_option("select[name=backend]", "template")
    page.click("#generate button[type=submit]")
    page.wait_for_url("**/ui/scripts/*", timeout=60_000)
    page.wait_for_selector("#findings li.ok")
    assert "599" in page.inner_text("#highlighted")
    shot(page, "03-script")

    generated = page.input_value("#editor")
    page.fill("#editor", "到手价399元，下单赠送硅胶饭勺。")  # KIT-001's 双12 offer, 12-01 to 12-12
    page.fill("#check-at", "2026-12-05T20:00")
    page.click("#check")
    page.wait_for_selector("#check-findings li.ok")
    page.fill("#check-at", "2026-12-20T20:00")
    page.click("#check")
    page.wait_for_selector("#check-findings li.finding")
    assert "expired_offer" in page.inner_text("#check-findings") and "399" in page.inner_text("#check-findings")
    page.fill("#check-at", "")
    page.fill("#editor", generated + "\n全网最低价，国家级品质！")
    page.click("#check")
    page.wait_for_selector("#check-findings li.finding:has-text('banned_term')")
    assert "最低" in page.inner_text("#check-findings") or "国家级" in page.inner_text("#check-findings")
    page.click("#save")
    page.wait_for_selector("#highlighted mark")
    assert "v2" in page.inner_text("#meta")
    page.click("#approve")
    page.wait_for_selector("#error:not([hidden])")
    assert "finding" in page.inner_text("#error")
    shot(page, "04-findings")

    page.goto(f"{base}/ui/jobs?lang=en")
    page.wait_for_selector("#jobs tbody tr[data-status=succeeded]")
    assert page.inner_text("h1") == "Jobs"
    shot(page, "05-jobs-en")
    assert refused == []


def test_speech_preview_and_avatar_gate_in_the_browser(api, browser, tmp_path):
    from evercast_testkit import generate_clip

    api.stack.start_worker()
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)

    page.goto(f"{base}/ui/voices")
    page.select_option("select[name=emotion]", "excited")
    page.click("#speak button[type=submit]")
    page.wait_for_selector("#player:not([hidden])", timeout=120_000)
    duration = page.evaluate("""() => new Promise(resolve => {
        const p = document.getElementById('player');
        if (p.readyState >= 1) resolve(p.duration); else p.onloadedmetadata = () => resolve(p.duration); })""")
    assert duration > 1.0  # the browser decoded real audio from the signed link
    shot(page, "06-voices")

    clip = generate_clip(tmp_path / "noface.mp4", duration_s=32.0, width=320, height=180, faces=0, preset="ultrafast")
    submit_avatar(page, base, clip, "nobody", "Test Person")
    page.wait_for_selector("section.avatar[data-status=rejected]", timeout=180_000)
    assert "face" in page.inner_text("section.avatar").lower()
    shot(page, "07-avatar-gate")
    assert refused == []
