"""Untrusted input never takes the API down: every malformed or oversized request is a clear 4xx that
echoes nothing back, and a refused room leaves no row behind (issue 14, "Untrusted input" 2 and 4)."""

from __future__ import annotations

import socket
import sqlite3
from urllib.parse import urlsplit

import pytest

SECRET_MARK = "ECHO-ME-IF-YOU-DARE"


@pytest.fixture
def api_env() -> dict[str, str]:
    return {"EVERCAST_DATABASE_BUSY_TIMEOUT_S": "1"}


def _chunked_head(base: str, path: str) -> tuple[socket.socket, bytes]:
    url = urlsplit(base)
    sock = socket.create_connection((url.hostname, url.port), timeout=10)
    head = (f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    return sock, head


@pytest.mark.parametrize("path", ["/auth/login", "/uploads"])
def test_a_chunked_body_past_the_limit_is_refused_while_it_arrives(api, path):
    """The limit is 64 KB here: after 128 KB of a body that never ends, the answer is already a small 413
    (also on POST /uploads: only upload chunks have their own limit)."""
    sock, head = _chunked_head(str(api.client.base_url), path)
    with sock:
        sock.sendall(head)
        chunk = b'{"email": "' + b"a" * 8192
        sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        filler = b"a" * 8192
        for _ in range(15):
            sock.sendall(b"%x\r\n%s\r\n" % (len(filler), filler))
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            part = sock.recv(65536)  # times out (a failure) if the server waits for the rest of the body
            if not part:
                break
            reply += part
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.split()[1] == b"413", reply[:300]
    assert b"over 64 KB" in rest and len(reply) < 2000


def test_validation_errors_do_not_echo_the_input(api):
    refused = api.client.post("/auth/login", json={"email": "x" * 300 + SECRET_MARK, "password": SECRET_MARK})
    assert refused.status_code == 422
    assert SECRET_MARK not in refused.text
    assert refused.json()["detail"][0]["loc"] == ["body", "email"]
    assert not {"input", "ctx"} & set(refused.json()["detail"][0])
    broken = api.client.post("/auth/login", content=b'{"email": "' + SECRET_MARK.encode(),
                             headers={"content-type": "application/json"})
    assert broken.status_code == 422 and SECRET_MARK not in broken.text
    assert broken.json()["detail"][0]["msg"].startswith("invalid JSON")


def test_a_lone_surrogate_is_a_422_even_unauthenticated(api):
    lone = b'{"email": "a\\ud800@example.com", "password": "x"}'
    refused = api.client.post("/auth/login", content=lone, headers={"content-type": "application/json"})
    assert refused.status_code == 422, refused.text
    assert "surrogate" in refused.json()["detail"][0]["msg"]
    client = api.as_(api.acme)
    assert client.post("/rooms", content=b'{"name": "\\udc00 night"}',
                       headers={"content-type": "application/json"}).status_code == 422
    paired = client.post("/rooms", content=b'{"name": "\\ud83d\\ude00 night"}',
                         headers={"content-type": "application/json"})
    assert paired.status_code == 201 and paired.json()["name"] == "\U0001f600 night"


def test_offset_and_limit_beyond_64_bits_are_422(api):
    client = api.as_(api.acme)
    for path, params in [("/jobs", {"offset": 2**70}), ("/skus", {"offset": 2**64}), ("/jobs", {"limit": 2**70}),
                         ("/skus", {"offset": -1})]:
        answer = client.get(path, params=params)
        assert answer.status_code == 422, (path, params, answer.text)
    assert client.get("/jobs", params={"offset": 10**9}).json()["data"] == []
    upload = client.post("/uploads", json={"filename": "a.mp4", "size": 10, "kind": "video"}).json()
    assert client.put(f"/uploads/{upload['id']}", params={"offset": 2**64}, content=b"0123456789").status_code == 422


@pytest.mark.parametrize("schedule", [
    {"timezone": "Mars/Olympus_Mons", "always": True},
    {"timezone": "../../etc/passwd"},
    {"timezone": "Asia/Shanghai", "daily_reconnect": "99:99"},
    {"timezone": "UTC", "windows": [{"start": "22:00", "end": "24:30"}]},
    {"timezone": "UTC", "windows": [{"start": "22:00", "end": "08:00", "days": [0]}]},
])
def test_a_bad_schedule_is_422_and_leaves_no_room(api, schedule):
    client = api.as_(api.acme)
    refused = client.post("/rooms", json={"name": "night", "schedule": schedule})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"][0]["loc"][:2] == ["body", "schedule"]
    assert client.get("/rooms").json() == []
    room = client.post("/rooms", json={"name": "day"}).json()
    assert client.patch(f"/rooms/{room['id']}", json={"schedule": schedule}).status_code == 422
    assert client.get(f"/rooms/{room['id']}").json()["schedule"] is None


def test_room_creation_is_all_or_nothing(api):
    client = api.as_(api.acme)
    good_schedule = {"timezone": "Asia/Shanghai", "daily_reconnect": "04:30",
                     "windows": [{"start": "22:00", "end": "08:00", "days": [1, 7]}]}
    for extra in ({"playlist": {"skus": {"NOPE-1": []}}},
                  {"width": 1081, "height": 1920},
                  {"destinations": [{"name": "a", "server_url": "rtmp://push.example/live", "stream_key": "ok"},
                                    {"name": "b", "server_url": "rtmp://push.example/live", "stream_key": "a/b"}]}):
        refused = client.post("/rooms", json={"name": "half", "schedule": good_schedule, **extra})
        assert refused.status_code == 422, (extra, refused.text)
    assert client.get("/rooms").json() == []
    made = client.post("/rooms", json={"name": "whole", "schedule": good_schedule})
    assert made.status_code == 201 and made.json()["schedule"]["daily_reconnect"] == "04:30"


def test_a_locked_database_is_503_with_retry_after(api):
    client = api.as_(api.acme)
    assert client.get("/rooms").status_code == 200  # the key is checked (and its last use written) first
    holder = sqlite3.connect(api.stack.settings.data_dir / "evercast.db", timeout=1)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock longer than the busy timeout
        locked = client.post("/rooms", json={"name": "while locked"})
        assert locked.status_code == 503, locked.text
        assert int(locked.headers["retry-after"]) >= 1 and "retry" in locked.json()["detail"]
    finally:
        holder.rollback()
        holder.close()
    assert client.post("/rooms", json={"name": "after"}).status_code == 201
