"""Authentication, roles, API keys, rate limits, the audit log and tenant isolation of jobs."""

from __future__ import annotations

import httpx

from workers import jobs
from workers.runtime import Runtime


def test_no_credentials_or_bad_ones_are_refused(api):
    assert api.client.get("/jobs").status_code == 401
    bad = api.client.get("/jobs", headers={"Authorization": "Bearer ek_not-a-real-key"})
    assert bad.status_code == 401 and "invalid" in bad.json()["detail"]
    forger = httpx.Client(base_url=api.client.base_url, cookies={"evercast_session": "eyJ.123.abc"}, timeout=10)
    assert forger.get("/jobs").status_code == 401


def test_login_session_and_logout(api):
    client = httpx.Client(base_url=api.client.base_url, timeout=10)
    assert client.post("/auth/login", json={"email": api.acme.email, "password": "wrong password!"}).status_code == 401
    ok = client.post("/auth/login", json={"email": api.acme.email.upper(), "password": api.acme.password})
    assert ok.status_code == 200 and ok.json()["role"] == "owner"
    cookie = client.cookies.get("evercast_session")
    assert cookie and "httponly" in ok.headers["set-cookie"].lower()
    assert client.get("/auth/me").json()["merchant_id"] == api.acme.merchant_id
    client.post("/auth/logout")
    assert client.get("/auth/me").status_code == 401


def test_api_keys_are_shown_once_stored_hashed_and_revocable(api):
    owner = api.as_(api.acme)
    issued = owner.post("/api-keys", json={"name": "ci", "role": "reviewer"})
    assert issued.status_code == 201
    key = issued.json()["key"]
    listed = owner.get("/api-keys").json()
    assert {k["name"] for k in listed} == {"owner key", "ci"} and all("key" not in k for k in listed)
    reviewer = httpx.Client(base_url=api.client.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert reviewer.get("/auth/me").json()["role"] == "reviewer"
    denied = reviewer.post("/api-keys", json={"name": "escalate", "role": "owner"})
    assert denied.status_code == 403 and "reviewer" in denied.json()["detail"]
    assert owner.delete(f"/api-keys/{issued.json()['id']}").status_code == 204
    assert reviewer.get("/auth/me").status_code == 401
    db_text = b"".join(p.read_bytes() for p in api.stack.settings.data_dir.glob("evercast.db*"))
    assert key.encode() not in db_text, "the plaintext key was stored"
    actions = [e["action"] for e in owner.get("/audit").json()]
    assert actions[:2] == ["api_key.revoke", "api_key.create"]


def test_roles_and_user_creation(api):
    owner = api.as_(api.acme)
    made = owner.post("/users", json={"email": "ed@acme.example.com", "password": "long enough pw", "role": "editor"})
    assert made.status_code == 201 and made.json()["role"] == "editor"
    dup = owner.post("/users", json={"email": "ed@acme.example.com", "password": "long enough pw", "role": "editor"})
    assert dup.status_code == 422 and "already exists" in dup.json()["detail"]
    weird = owner.post("/users", json={"email": "x@y.z", "password": "long enough pw", "role": "god"})
    assert weird.status_code == 422


def test_rate_limit_answers_429_with_retry_after(api):
    from concurrent.futures import ThreadPoolExecutor

    client = api.as_(api.rival)  # burst 60, then 30 requests/s (tests/studio/conftest.py)
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: client.get("/auth/me"), range(400)))
    codes = [r.status_code for r in responses]
    assert codes.count(200) >= 60 and 429 in codes, codes
    limited = next(r for r in responses if r.status_code == 429)
    assert int(limited.headers["retry-after"]) >= 1
    assert api.as_(api.acme).get("/auth/me").status_code == 200  # other keys are unaffected


def test_a_merchant_never_sees_another_merchants_jobs(api, tmp_path):
    rt = Runtime.create(api.stack.settings)
    try:
        job_id = jobs.submit(rt, "test.step", {"log": str(tmp_path / "l"), "name": "x"}, merchant_id=api.acme.merchant_id)
    finally:
        rt.close()
    rival = api.as_(api.rival)
    assert rival.get(f"/jobs/{job_id}").status_code == 404
    assert rival.post(f"/jobs/{job_id}/cancel").status_code == 404
    assert rival.post(f"/jobs/{job_id}/resume").status_code == 404
    assert rival.get("/jobs").json()["count"] == 0
    assert api.as_(api.acme).get(f"/jobs/{job_id}").status_code == 200
    rival_key = rival.get("/api-keys").json()[0]["id"]
    assert api.as_(api.acme).delete(f"/api-keys/{rival_key}").status_code == 404
