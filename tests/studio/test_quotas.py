"""Per-merchant quotas: set by the CLI, enforced by the API (403 storage, 429 rooms and jobs), shown by
GET /quotas and the dashboard."""

from __future__ import annotations

import subprocess
import sys

from evercast_testkit import REPO, log_in
from sqlalchemy import func, select

from core.models import LiveRoom, Upload
from workers.runtime import Runtime

MB = 1024 * 1024


def set_quota(api, slug: str, *options: str) -> str:
    done = subprocess.run([sys.executable, "-m", "studio.cli", "merchant", "quota", slug, *options],
                          env=api.stack.env, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_storage_quota_refuses_an_upload_that_would_pass_it_with_403(api):
    printed = set_quota(api, "acme", "--storage-gb", str(3 / 1024))  # 3 MB
    assert "of 0.00 GB" in printed
    acme, rival = api.as_(api.acme), api.as_(api.rival)
    first = acme.post("/uploads", json={"filename": "a.mp4", "size": 2 * MB, "kind": "video"})
    assert first.status_code == 201, first.text  # an open upload holds its declared size
    second = acme.post("/uploads", json={"filename": "b.mp4", "size": 2 * MB, "kind": "video"})
    assert second.status_code == 403 and "storage quota exceeded" in second.json()["detail"]
    assert rival.post("/uploads", json={"filename": "b.mp4", "size": 2 * MB, "kind": "video"}).status_code == 201
    quotas = acme.get("/quotas").json()
    assert quotas["storage"] == {"used": 2 * MB, "limit": 3 * MB}
    rt = Runtime.create(api.stack.settings, migrate=False)
    try:
        with rt.session() as s:  # the refused upload left no row behind
            assert s.scalar(select(func.count()).select_from(Upload).where(Upload.merchant_id == api.acme.merchant_id)) == 1
    finally:
        rt.close()


def test_job_quota_answers_429_until_a_job_finishes(api):
    set_quota(api, "acme", "--jobs", "1")
    acme, rival = api.as_(api.acme), api.as_(api.rival)
    first = acme.post("/speech", json={"text": "你好，欢迎来到直播间"})
    assert first.status_code == 202, first.text  # no worker runs: it stays queued
    second = acme.post("/speech", json={"text": "第二句"})
    assert second.status_code == 429 and "job quota reached: 1" in second.json()["detail"]
    assert rival.post("/speech", json={"text": "你好"}).status_code == 202
    assert acme.get("/quotas").json()["jobs"] == {"used": 1, "limit": 1}
    assert acme.post(f"/jobs/{first.json()['id']}/cancel").status_code in (200, 202)
    assert acme.post("/speech", json={"text": "第二句"}).status_code == 202


def test_live_room_quota_refuses_another_room_on_air_with_429(api):
    set_quota(api, "acme", "--live-rooms", "1")
    acme = api.as_(api.acme)
    rt = Runtime.create(api.stack.settings, migrate=False)
    try:
        with rt.session() as s:
            on_air = LiveRoom(merchant_id=api.acme.merchant_id, name="on air", state="live")
            waiting = LiveRoom(merchant_id=api.acme.merchant_id, name="waiting")
            s.add_all([on_air, waiting])
            s.flush()
            waiting_id = waiting.id
        refused = acme.post(f"/rooms/{waiting_id}/start")
        assert refused.status_code == 429 and "live room quota reached: 1" in refused.json()["detail"]
        with rt.session() as s:
            assert s.get(LiveRoom, waiting_id).state == "stopped" and s.get(LiveRoom, waiting_id).pid is None
    finally:
        rt.close()
    assert acme.get("/quotas").json()["live_rooms"] == {"used": 1, "limit": 1}


def test_the_dashboard_shows_usage_against_the_quotas(api, browser):
    set_quota(api, "acme", "--jobs", "7", "--live-rooms", "2")
    api.as_(api.acme).post("/speech", json={"text": "你好"})
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/quotas?lang=en")
    page.wait_for_selector("#quotas tr[data-quota=jobs]")
    assert page.inner_text("#quotas tr[data-quota=jobs] .used") == "1"
    assert page.inner_text("#quotas tr[data-quota=jobs] .limit") == "7"
    assert page.inner_text("#quotas tr[data-quota=live_rooms] .limit") == "2"
    assert page.inner_text("#quotas tr[data-quota=storage] .limit") == "100.00 GB"
