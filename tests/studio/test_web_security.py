"""Web hardening (issue 14, "Web and network" 1-3): no cross-site state changes with the login cookie,
security headers with a nonce-based CSP the dashboard obeys, and nothing disclosed to strangers."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from core.errors import InputError, without_paths


def _log_in(client: httpx.Client, api) -> None:
    assert client.post("/auth/login", json={"email": api.acme.email, "password": api.acme.password}).status_code == 200


def test_cookie_state_changes_must_come_from_the_same_origin(api):
    host = api.client.base_url.netloc.decode()
    with httpx.Client(base_url=api.client.base_url, timeout=10) as browser:
        _log_in(browser, api)
        room = browser.post("/rooms", json={"name": "mine"}).json()  # a client that is no browser sends neither header
        for headers in ({"Sec-Fetch-Site": "same-site"}, {"Sec-Fetch-Site": "cross-site"},
                        {"Origin": "http://evil.example"}, {"Origin": "null"}):
            for method, path in (("POST", f"/rooms/{room['id']}/stop"), ("POST", "/rooms"),
                                 ("PATCH", f"/rooms/{room['id']}"), ("POST", "/auth/logout")):
                refused = browser.request(method, path, json={"name": "x"}, headers=headers)
                assert refused.status_code == 403, (method, path, headers, refused.text)
                assert "cross-site" in refused.json()["detail"]
        assert browser.post(f"/rooms/{room['id']}/stop", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
        assert browser.post("/rooms", json={"name": "b"}, headers={"Origin": f"http://{host}"}).status_code == 201
    with api.as_(api.acme) as integrator:  # an API key is no ambient credential: another site cannot add it
        assert integrator.post("/rooms", json={"name": "k"}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 201


def test_a_public_origin_is_the_only_one_trusted_and_brings_hsts(api, start_api, tmp_path):
    env = api.stack.env | {"EVERCAST_API__PUBLIC_ORIGIN": "https://studio.example.com"}
    with start_api(env, tmp_path / "api.log") as base:
        with httpx.Client(base_url=base, timeout=10) as client:
            assert client.post("/auth/login", json={"email": api.acme.email, "password": api.acme.password},
                               headers={"Origin": "https://studio.example.com"}).status_code == 200
            own_host = client.post("/rooms", json={"name": "x"}, headers={"Origin": base})
            assert own_host.status_code == 403
            assert client.post("/rooms", json={"name": "x"},
                               headers={"Origin": "https://studio.example.com"}).status_code == 201
            assert client.get("/healthz").headers["strict-transport-security"].startswith("max-age=")


def test_security_headers_and_a_fresh_nonce_per_page(api):
    plain = api.client.get("/healthz")
    assert "'none'" in re.search(r"frame-ancestors ([^;]+)", plain.headers["content-security-policy"]).group(1)
    assert "script-src 'self';" in plain.headers["content-security-policy"]  # no inline scripts, so no nonce
    assert plain.headers["x-content-type-options"] == "nosniff"
    assert plain.headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in plain.headers  # plain HTTP: HSTS only behind TLS
    assert "frame-ancestors 'none'" in api.client.get("/nope").headers["content-security-policy"]
    nonces = []
    for _ in range(2):
        page = api.client.get("/ui/login")
        nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"]).group(1)
        inline = re.findall(r"<script( nonce=\"[^\"]*\")?>", page.text)
        assert inline and all(attr == f' nonce="{nonce}"' for attr in inline), inline
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_readiness_details_only_for_authenticated_callers(api):
    anonymous = api.client.get("/readyz")
    assert anonymous.json() == {"ready": True}
    assert str(api.stack.settings.data_dir) not in anonymous.text
    detailed = api.as_(api.acme).get("/readyz").json()
    assert {c["name"] for c in detailed["checks"]} >= {"database", "broker"}
    assert api.client.get("/readyz", headers={"Authorization": "Bearer ek_wrong"}).status_code == 401


def test_error_messages_carry_no_server_paths_and_500_is_opaque(make_stack, tmp_path):
    """An app with two failing routes on a real loopback server: a stage's message naming a file, and a bug."""
    import threading

    import uvicorn

    from evercast_testkit import free_port, wait_for_port
    from studio.app import create_app

    settings = make_stack().settings
    app: FastAPI = create_app(settings)
    where = str(settings.data_dir / "assets" / "ab" / "clip.mp4")

    @app.get("/stage-refuses")
    def stage_refuses() -> None:
        raise InputError(f"ffprobe cannot read {where}: moov atom not found")

    @app.get("/bug")
    def bug() -> None:
        raise RuntimeError(f"unexpected state reading {where}")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_for_port(port)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            refused = client.get("/stage-refuses")
            assert refused.status_code == 422
            assert refused.json()["detail"] == "ffprobe cannot read clip.mp4: moov atom not found"
            failed = client.get("/bug")
            assert failed.status_code == 500
            assert failed.json() == {"detail": "internal error", "request_id": failed.headers["x-request-id"]}
            assert str(settings.data_dir) not in failed.text
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.parametrize(("message", "shown"), [
    ("cannot read /srv/evercast/assets/ab/cd/clip.mp4: no video", "cannot read clip.mp4: no video"),
    ("[Errno 2] No such file or directory: '/tmp/x/y.wav'", "[Errno 2] No such file or directory: 'y.wav'"),
    ("push to rtmp://live.example/app/key failed", "push to rtmp://live.example/app/key failed"),
    ("SKU KIT-001/2 not found", "SKU KIT-001/2 not found"),
])
def test_without_paths_keeps_file_names_and_urls(message, shown):
    assert without_paths(message) == shown


def test_the_dashboard_runs_under_its_csp_without_violations(api, browser):
    from evercast_testkit import csp_violations, log_in
    from studio.dashboard import PAGES

    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    problems = csp_violations(page)
    page.on("pageerror", lambda e: problems.append(str(e)))
    log_in(page, base, api.acme.email, api.acme.password)  # the login page's inline script ran
    for name in PAGES:
        page.goto(f"{base}/ui/{name}")
        page.wait_for_load_state("networkidle")
        page.wait_for_function("document.getElementById('who').textContent.includes('owner@acme')")
    assert problems == []


def test_job_errors_show_file_names_not_server_paths(api):
    from core.models import Job
    from workers import jobs
    from workers.runtime import Runtime

    rt = Runtime.create(api.stack.settings)
    try:
        job_id = jobs.submit(rt, "test.step", {"log": "events.log", "name": "x"}, merchant_id=api.acme.merchant_id)
        with rt.session() as s:  # as a stage failing on a damaged file would leave it
            s.get(Job, job_id).error = f"ffmpeg failed on {api.stack.settings.data_dir}/work/ab/clip.ts: Invalid data"
    finally:
        rt.close()
    assert api.as_(api.acme).get(f"/jobs/{job_id}").json()["error"] == "ffmpeg failed on clip.ts: Invalid data"
