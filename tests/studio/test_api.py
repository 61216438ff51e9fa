"""Health, readiness and the jobs API, over HTTP against a real server and worker."""

from __future__ import annotations

import time

from workers import jobs
from workers.runtime import Runtime


def submit(api, kind: str, params: dict, merchant_id: str) -> str:
    rt = Runtime.create(api.stack.settings)
    try:
        return jobs.submit(rt, kind, params, merchant_id=merchant_id)
    finally:
        rt.close()


def test_health_readiness_and_openapi(api):
    client = api.client
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"ready": True}  # no paths or versions for anonymous callers
    ready = api.as_(api.acme).get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] is True
    assert {c["name"] for c in ready.json()["checks"]} == {"database", "broker", "ffmpeg", "ffprobe"}
    schema = client.get("/openapi.json").json()
    assert {"/healthz", "/readyz", "/jobs", "/jobs/{job_id}", "/jobs/{job_id}/cancel"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 200
    api.redis.stop()  # the broker goes away: not ready, and the response says which part
    assert client.get("/readyz").status_code == 503
    down = api.as_(api.acme).get("/readyz")
    assert down.status_code == 503
    assert [c["name"] for c in down.json()["checks"] if not c["ok"]] == ["broker"]


def test_jobs_list_get_progress_cancel_and_resume(api, tmp_path):
    api.stack.start_worker()
    log = tmp_path / "events.log"
    job_id = submit(api, "test.step", {"log": str(log), "name": "slow", "seconds": 30}, api.acme.merchant_id)
    client = api.as_(api.acme)
    deadline = time.monotonic() + 30
    while (job := client.get(f"/jobs/{job_id}").json())["progress"] <= 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["status"] == "running" and job["stage"].startswith("tick"), job
    listed = client.get("/jobs", params={"status": "running"}).json()
    assert [j["id"] for j in listed["data"]] == [job_id] and listed["count"] == 1
    assert client.post(f"/jobs/{job_id}/cancel").status_code == 200
    while client.get(f"/jobs/{job_id}").json()["status"] != "cancelled" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get(f"/jobs/{job_id}").json()["status"] == "cancelled"
    resumed = client.post(f"/jobs/{job_id}/resume")
    assert resumed.status_code == 200 and resumed.json()["status"] in ("queued", "running")
    assert client.post(f"/jobs/{job_id}/resume").status_code == 409  # not failed or cancelled any more


def test_errors_are_clear(api):
    client = api.as_(api.acme)
    missing = client.get("/jobs/nope")
    assert missing.status_code == 404 and "not found" in missing.json()["detail"]
    assert client.get("/jobs", params={"status": "exploded"}).status_code == 422
    assert client.get("/jobs", params={"limit": 100000}).status_code == 422
    oversized = client.post("/api-keys", content=b"x" * 100_000, headers={"content-type": "application/json"})
    assert oversized.status_code == 413
