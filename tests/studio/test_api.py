"""The HTTP API, served by a real uvicorn process on a loopback port, with a real worker behind it."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest
from evercast_testkit import free_port, wait_for_port


@pytest.fixture
def api(make_stack, private_redis):
    stack = make_stack(broker_url=private_redis.url)
    port = free_port()
    log = stack.settings.data_dir / "api.log"
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "serve", "--no-worker", "--port", str(port)],
                            env=stack.env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        wait_for_port(port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client, stack, private_redis
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def submit(stack, kind: str, params: dict) -> str:
    from workers import jobs
    from workers.runtime import Runtime

    rt = Runtime.create(stack.settings)
    try:
        return jobs.submit(rt, kind, params)
    finally:
        rt.close()


def test_health_readiness_and_openapi(api):
    client, _, redis = api
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] is True
    assert {c["name"] for c in ready.json()["checks"]} == {"database", "broker", "ffmpeg", "ffprobe"}
    schema = client.get("/openapi.json").json()
    assert {"/healthz", "/readyz", "/jobs", "/jobs/{job_id}", "/jobs/{job_id}/cancel"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 200
    redis.stop()  # the broker goes away: not ready, and the response says which part
    down = client.get("/readyz")
    assert down.status_code == 503
    assert [c["name"] for c in down.json()["checks"] if not c["ok"]] == ["broker"]


def test_jobs_list_get_progress_and_cancel(api, tmp_path):
    client, stack, _ = api
    stack.start_worker()
    log = tmp_path / "events.log"
    job_id = submit(stack, "test.step", {"log": str(log), "name": "slow", "seconds": 30})
    deadline = time.monotonic() + 30
    while (job := client.get(f"/jobs/{job_id}").json())["progress"] <= 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert job["status"] == "running" and job["stage"].startswith("tick"), job
    listed = client.get("/jobs", params={"status": "running"}).json()
    assert [j["id"] for j in listed["data"]] == [job_id]
    assert client.post(f"/jobs/{job_id}/cancel").status_code == 200
    while client.get(f"/jobs/{job_id}").json()["status"] != "cancelled" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert client.get(f"/jobs/{job_id}").json()["status"] == "cancelled"
    resumed = client.post(f"/jobs/{job_id}/resume")
    assert resumed.status_code == 200 and resumed.json()["status"] in ("queued", "running")


def test_errors_are_clear(api):
    client, _, _ = api
    missing = client.get("/jobs/nope")
    assert missing.status_code == 404 and "not found" in missing.json()["detail"]
    assert client.get("/jobs", params={"status": "exploded"}).status_code == 422
    assert client.get("/jobs", params={"limit": 100000}).status_code == 422
