"""Stream destinations over the API under the production egress policy (no allowed ranges): a tenant
cannot point a room at the service's own network, and cannot tell an open port from a closed one."""

from __future__ import annotations

import time

import pytest
from evercast_testkit import AcceptCounter, free_port


@pytest.fixture
def api_env() -> dict[str, str]:
    return {"EVERCAST_STREAM__EGRESS__ALLOW": "[]"}


def test_a_destination_inside_the_service_network_is_refused_and_never_dialled(api):
    client = api.as_(api.acme)
    listening = AcceptCounter("127.0.0.1")
    try:
        listening_v6 = AcceptCounter("::1")
    except OSError:  # no IPv6 loopback on this machine
        listening_v6 = None
    port = listening.port
    internal = [f"rtmp://127.0.0.1:{port}/live", f"rtmp://localhost:{port}/live", f"rtmp://127.1:{port}/live",
                f"rtmp://2130706433:{port}/live", f"rtmp://0x7f000001:{port}/live", f"rtmp://[::ffff:127.0.0.1]:{port}/live",
                f"rtmps://127.0.0.1:{port}/live", f"rtmp://0.0.0.0:{port}/live", "rtmp://169.254.169.254/live",
                "rtmp://[::ffff:a9fe:a9fe]/live", "rtmp://[64:ff9b::a9fe:a9fe]/live", "rtmp://10.0.0.1/live",
                "rtmp://100.64.0.1/live", "rtmp://[fd00::1]/live", "rtmp://[fe80::1]/live", "rtmp://[::1]/live"]
    if listening_v6 is not None:
        internal.append(f"rtmp://[::1]:{listening_v6.port}/live")
    try:
        for platform in ("custom", "douyin"):
            for url in internal:
                made = client.post("/rooms", json={"name": "probe", "destinations": [
                    {"name": platform, "server_url": url, "stream_key": "k1"}]})
                assert 400 <= made.status_code < 500, (url, made.text)
                assert url.split("//")[1].split("/")[0] not in made.text, "the reply does not echo the host"
        closed = client.post("/rooms", json={"name": "probe", "destinations": [
            {"name": "custom", "server_url": f"rtmp://127.0.0.1:{free_port()}/live", "stream_key": "k1"}]})
        opened = client.post("/rooms", json={"name": "probe", "destinations": [
            {"name": "custom", "server_url": f"rtmp://127.0.0.1:{port}/live", "stream_key": "k1"}]})
        assert closed.json() == opened.json(), "an open port reads like a closed one"
        assert client.get("/rooms").json() == [], "a refused destination leaves no room behind"
        time.sleep(0.5)
        assert listening.accepted == 0, "nothing dialled the service's own port"
        assert listening_v6 is None or listening_v6.accepted == 0

        public = client.post("/rooms", json={"name": "custom ingest", "destinations": [
            {"name": "custom", "server_url": "rtmp://8.8.8.8/live", "stream_key": "k1"}]})
        assert public.status_code == 201, public.text
        elsewhere = client.post("/rooms", json={"name": "not douyin", "destinations": [
            {"name": "douyin", "server_url": "rtmp://8.8.8.8/live", "stream_key": "k1"}]})
        assert elsewhere.status_code == 422 and "ingest host of douyin" in elsewhere.json()["detail"]
        unknown = client.post("/rooms", json={"name": "x", "destinations": [
            {"name": "myspace", "server_url": "rtmp://8.8.8.8/live", "stream_key": "k1"}]})
        assert unknown.status_code == 422 and "unknown platform" in unknown.json()["detail"]
    finally:
        listening.close()
        if listening_v6 is not None:
            listening_v6.close()
