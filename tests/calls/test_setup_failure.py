"""A campaign whose message synthesis keeps failing, in a real worker: each stopped attempt shows on the campaign
while it is retried, and once no job is left the campaign is failed with the reason, never left synthesizing."""

from __future__ import annotations

import json
import time

import pytest
from calls_kit import CONSENT, recipients_asset, write_recipients, zone_at

from core.errors import InputError
from workers.commands import calls

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_a_synthesis_that_keeps_failing_fails_the_campaign_with_the_reason(campaign_env, tmp_path):
    env, rt, stack = campaign_env, campaign_env["rt"], campaign_env["stack"]
    # every attempt overruns a limit far below one message's synthesis; one retry
    stack.env["EVERCAST_WORKER__LIMITS"] = json.dumps({"calls.synthesize": {"base_s": 0.1, "retry": True}})
    stack.env["EVERCAST_WORKER__MAX_RETRIES"] = "1"
    day = zone_at(range(11, 16))
    people = [{"phone": f"+86139000003{n:02d}", "name": f"客户{n}", "last_sku": "KIT-001", "timezone": day,
               **CONSENT} for n in range(4)]
    asset = recipients_asset(env, write_recipients(tmp_path / "people.csv", people))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="doomed", voice_id=env["voice_id"],
                                           trunk_id=env["trunk_id"], recipients_asset_id=asset)
    stack.start_worker(queues="cpu,io")
    alerts = set()
    deadline = time.monotonic() + 180
    while (view := calls.campaign_view(rt, campaign_id))["state"] in calls.SETUP_STATES:
        assert time.monotonic() < deadline, (view, stack.worker_output())
        alerts.add(view["alert"])
        time.sleep(0.05)
    assert view["state"] == "failed", view
    assert view["error"].startswith("synthesising the messages failed: stopped after"), view
    assert "gave up after 2 attempts" in view["error"] and view["alert"] is None
    assert any(a and a.startswith("message synthesis attempt 1 stopped: stopped after") for a in alerts), alerts
    assert view["recipient_states"] == {"pending": 4}
    with pytest.raises(InputError, match="the campaign is failed"):
        calls.start(rt, campaign_id)
