"""The live hosts page, and the rooms page's WebRTC viewer configured with the deployment's TURN server, in
Debian's headless Chromium (Playwright, no downloaded browser)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from evercast_testkit import TurnServer, csp_violations, log_in, shot

from core.models import LiveHost, LiveRoom, utcnow
from workers.runtime import Runtime

pytestmark = pytest.mark.postgres  # draining plans handovers under PostgreSQL's advisory locks, as a fleet does
OPERATOR_TOKEN = "fleet-operator-" + "o" * 24


@pytest.fixture
def turn(tmp_path) -> Iterator[TurnServer]:  # noqa: ANN001
    server = TurnServer(tmp_path / "turn")
    yield server
    server.stop()


@pytest.fixture
def api_database(database: str) -> str:
    return database


@pytest.fixture
def api_env(turn: TurnServer) -> dict[str, str]:
    return {"EVERCAST_FLEET__ADMIN_TOKEN": OPERATOR_TOKEN, "EVERCAST_STREAM__ICE_SERVERS": json.dumps(turn.ice_servers())}


def test_hosts_page_shows_slots_rooms_and_cpu_and_drains_only_with_the_operator_token(api, browser):
    ahead = utcnow() + timedelta(minutes=10)  # heartbeats and leases fresh for the whole test
    rt = Runtime.create(api.stack.settings)
    with rt.session() as s:
        for name, slots, cpu in (("h1", 4, 37.5), ("h2", 3, 12.0)):
            s.add(LiveHost(name=name, address=f"127.0.0.{name[1:]}", relay_url=f"rtmp://127.0.0.{name[1:]}:1935/live",
                           slots=slots, cores=2, cpu_percent=cpu, state="active", heartbeat_at=ahead))
        ours = LiveRoom(merchant_id=api.acme.merchant_id, name="shop floor", state="live", host="h1", fence=1,
                        lease_until=ahead, config={})
        theirs = LiveRoom(merchant_id=api.rival.merchant_id, name="rival", state="live", host="h1", fence=1,
                          lease_until=ahead, config={})
        s.add_all([ours, theirs])
        s.flush()
        ours_id = ours.id
    rt.close()
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/hosts")
    page.wait_for_selector("#hosts tr[data-host=h2]")
    h1 = page.locator("#hosts tr[data-host=h1]")
    assert h1.locator(".rooms").inner_text() == "2/4" and h1.locator(".cpu").inner_text() == "38 %"
    assert h1.locator(".room-ids").inner_text() == ours_id[:8], "another merchant's room is counted, never named"
    assert page.locator("#hosts tr[data-host=h2] .rooms").inner_text() == "0/3"

    page.fill("#fleet-token", "a merchant's guess")
    h1.locator("button").click()
    page.wait_for_selector("#error:not([hidden])")
    assert "admin token" in page.inner_text("#error")
    assert h1.locator(".state").inner_text() == "active"
    page.fill("#fleet-token", OPERATOR_TOKEN)
    h1.locator("button").click()
    page.wait_for_selector("#drain-plan:not([hidden])")
    assert "→ h2" in page.inner_text("#drain-plan"), "one room at a time, to the host with free slots"
    page.wait_for_selector("#hosts tr[data-host=h1] .state:text-is('draining')")
    shot(page, "hosts-drain")
    assert refused == []


def test_the_rooms_viewer_gathers_a_relayed_candidate_through_the_configured_turn_server(api, browser, turn):
    """The browser's peer connection (the rooms page's own ``iceServers()``) is configured from
    ``ice_servers``: Chromium allocates a relay on coturn with the configured credentials."""
    base = str(api.client.base_url)
    page = browser.new_page(locale="en-US")
    refused = csp_violations(page)
    log_in(page, base, api.acme.email, api.acme.password)
    page.goto(f"{base}/ui/rooms")
    candidates = page.evaluate("""async () => {
      const pc = new RTCPeerConnection({iceServers: await iceServers(), iceTransportPolicy: "relay"});
      pc.addTransceiver("video", {direction: "recvonly"});
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise(resolve => {
        if (pc.iceGatheringState === "complete") return resolve();
        pc.onicegatheringstatechange = () => pc.iceGatheringState === "complete" && resolve();
        setTimeout(resolve, 10000);
      });
      const sdp = pc.localDescription.sdp;
      pc.close();
      return sdp.split("\\r\\n").filter(line => line.startsWith("a=candidate"));
    }""")
    # a relayed candidate exists only after coturn accepted an ALLOCATE under the configured long-term credential
    assert any(" typ relay " in c and "127.0.0.1" in c for c in candidates), candidates
    assert refused == []
