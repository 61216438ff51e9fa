"""A real API server (uvicorn subprocess on a free loopback port) with two merchants to test isolation."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from evercast_testkit import REPO, free_port, wait_for_port
from sqlalchemy import select

from studio.services.accounts import create_merchant
from workers.runtime import Runtime

API_ENV = {"EVERCAST_API__RATE_BURST": "60", "EVERCAST_API__RATE_PER_S": "30", "EVERCAST_API__MAX_REQUEST_KB": "64"}


@dataclass
class Tenant:
    merchant_id: str
    key: str
    email: str
    password: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@dataclass
class Api:
    client: httpx.Client
    stack: object
    redis: object
    acme: Tenant
    rival: Tenant

    def as_(self, tenant: Tenant) -> httpx.Client:
        return httpx.Client(base_url=self.client.base_url, headers=tenant.headers, timeout=10)


def upload_file(client: httpx.Client, path: Path, kind: str = "kb") -> str:
    """Upload through the resumable API in one chunk; returns the asset id."""
    data = path.read_bytes()
    up = client.post("/uploads", json={"filename": path.name, "size": len(data), "kind": kind,
                                       "sha256": hashlib.sha256(data).hexdigest()}).json()
    client.put(f"/uploads/{up['id']}", params={"offset": 0}, content=data)
    done = client.post(f"/uploads/{up['id']}/complete")
    assert done.status_code == 200, done.text
    return done.json()["id"]


def wait_job(client: httpx.Client, job_id: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while (job := client.get(f"/jobs/{job_id}").json())["status"] not in ("succeeded", "failed", "cancelled"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
    return job


def import_kb_job(client: httpx.Client, asset_id: str, timeout: float = 120) -> dict:
    """POST /kb/imports (202 and a job) and wait for the job; a worker must be running."""
    started = client.post("/kb/imports", json={"asset_id": asset_id})
    assert started.status_code == 202, started.text
    return wait_job(client, started.json()["id"], timeout)


@pytest.fixture
def upload():
    return upload_file


@pytest.fixture
def import_kb():
    return import_kb_job


@pytest.fixture
def wait():
    return wait_job


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture
def browser():
    """Debian's headless Chromium driven by Playwright (no downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture
def rtmp(tmp_path):
    """Private nginx-rtmp servers for a room's test: the local relay and a platform's ingest."""
    from stream.nginx import NginxRtmp

    relay = NginxRtmp(tmp_path / "relay").start()
    platform = NginxRtmp(tmp_path / "platform").start()
    yield relay, platform
    relay.stop()
    platform.stop()


@pytest.fixture
def live_env(rtmp) -> dict[str, str]:
    """Settings for rooms in tests (a module's ``api_env`` returns it): publish to the private relay,
    small frames, a short queue target."""
    relay = rtmp[0]
    return {"EVERCAST_STREAM__RELAY_URL": f"rtmp://127.0.0.1:{relay.rtmp_port}/live",
            "EVERCAST_STREAM__WIDTH": "320", "EVERCAST_STREAM__HEIGHT": "180",
            "EVERCAST_STREAM__LOW_QUEUE_S": "20", "EVERCAST_STREAM__FILL_AHEAD": "1",
            "EVERCAST_STREAM__IDLE_MIN_SECONDS": "2"}


@pytest.fixture
def api_env() -> dict[str, str]:
    """Extra settings for the API's stack; a test module overrides this fixture to add its own."""
    return {}


@pytest.fixture
def start_api():
    """More API servers for one test: ``with start_api(env, log) as base_url``."""
    return api_server


@pytest.fixture
def api_database() -> str:
    """The API stack's database URL (empty: SQLite in its data dir); a test module overrides this fixture."""
    return ""


@pytest.fixture
def api(make_stack, private_redis, api_env, api_database):
    # small avatar training so that a whole avatar pipeline fits in a test
    stack = make_stack(broker_url=private_redis.url, database_url=api_database,
                       extra_env={"EVERCAST_AVATAR__TRAIN_STEPS": "150", "EVERCAST_AVATAR__BATCH_SIZE": "8", **api_env})
    rt = Runtime.create(stack.settings)
    tenants = {}
    with rt.session() as s:
        for slug in ("acme", "rival"):
            merchant, key = create_merchant(s, slug, slug.title(), f"owner@{slug}.example.com", "correct horse battery")
            tenants[slug] = Tenant(merchant.id, key.key, f"owner@{slug}.example.com", "correct horse battery")
    rt.close()
    try:
        with api_server(stack.env | API_ENV, stack.settings.data_dir / "api.log") as base:
            with httpx.Client(base_url=base, timeout=10) as client:
                yield Api(client, stack, private_redis, tenants["acme"], tenants["rival"])
    finally:
        stop_rooms(stack.settings)


@contextmanager
def api_server(env: dict[str, str], log: Path) -> Iterator[str]:
    """`evercast serve --no-worker` on a free loopback port; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "studio.cli", "serve", "--no-worker", "--port", str(port)],
                            env=env, cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, proc=proc)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def stop_rooms(settings) -> None:  # noqa: ANN001
    """Room processes outlive the API by design (start_new_session): end the ones this test started."""
    import os
    import signal

    from core.models import LiveRoom

    rt = Runtime.create(settings)
    try:
        with rt.session() as s:
            pids = [pid for pid in s.scalars(select(LiveRoom.pid)) if pid]
    finally:
        rt.close()
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
