"""A worker SIGKILLed mid-campaign: the next worker resumes the dialing job and nobody is called twice; the
calls the dead worker had up are closed as unknown, not redialed."""

from __future__ import annotations

import time
from collections import Counter

from calls_kit import CONSENT, recipients_asset, rung, set_far_end, write_recipients, zone_at
from sqlalchemy import select

from core.models import CallAttempt, CallRecipient
from workers.commands import calls


def test_a_killed_worker_makes_no_duplicate_calls(campaign_env, tmp_path, far_end):
    env, rt, stack = campaign_env, campaign_env["rt"], campaign_env["stack"]
    day = zone_at(range(11, 16))
    people = [{"phone": f"+86139000002{n:02d}", "name": f"客户{n}", "last_sku": "KIT-001", "timezone": day,
               **CONSENT} for n in range(10)]
    asset = recipients_asset(env, write_recipients(tmp_path / "people.csv", people))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="kill", voice_id=env["voice_id"],
                                           trunk_id=env["trunk_id"], recipients_asset_id=asset, queue=False)
    calls.import_recipients(rt, campaign_id)
    calls.synthesize_messages(rt, campaign_id, None, tmp_path / "work")
    set_far_end(far_end, {"*": {"status": "answered", "ring_s": 3.0}})  # each call holds a channel for 3 s
    first = stack.start_worker(queues="io")
    calls.start(rt, campaign_id)
    deadline = time.monotonic() + 90
    while len(rung(far_end)) < 3:
        assert time.monotonic() < deadline, stack.worker_output()
        time.sleep(0.05)
    stack.kill(first)  # SIGKILL with calls up
    before = rung(far_end)
    set_far_end(far_end, {"*": {"status": "answered"}})
    stack.start_worker(queues="io")
    while calls.campaign_view(rt, campaign_id)["state"] != "done":
        assert time.monotonic() < deadline + 60, stack.worker_output()
        time.sleep(0.2)
    after = rung(far_end)
    assert max(Counter(after).values()) == 1, Counter(after)  # nobody twice
    with rt.session() as s:
        attempts = list(s.scalars(select(CallAttempt).where(CallAttempt.campaign_id == campaign_id)))
        states = {r.phone: r.state for r in s.scalars(select(CallRecipient).where(
            CallRecipient.campaign_id == campaign_id))}
    unknown = {a.phone for a in attempts if a.status == "unknown"}
    answered = {a.phone for a in attempts if a.status == "answered"}
    assert unknown and not unknown & answered  # the calls the dead worker had up: closed, never placed again
    assert {p for p, st in states.items() if st == "failed"} == unknown
    assert {p for p, st in states.items() if st == "done"} == answered == set(after) - unknown
    assert len(unknown | answered) == 10
