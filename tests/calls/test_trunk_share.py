"""Two campaigns on one trunk share its channels and its calls per second: the limit is the trunk's, across
campaigns, dialing jobs and processes (the claim locks the trunk's row), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

from calls_kit import (CONSENT, most_at_once, recipients_asset, run_dialing, rung, set_far_end, spans,
                       write_recipients, zone_at)

from workers.commands import calls


def test_two_campaigns_on_one_trunk_never_exceed_its_channels_or_calls_per_second(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    trunk = calls.add_trunk(rt, env["merchant_id"], name="shared", url="sip:127.0.0.1:5060;transport=udp",
                            caller_id="+862100000000", max_channels=2, calls_per_second=3)
    set_far_end(far_end, {"*": {"status": "answered", "ring_s": 0.8}})  # each call holds a channel ~0.8 s
    day = zone_at(range(11, 16))
    campaign_ids = []
    for k in range(2):
        rows = [{"phone": f"+8613900003{k}{n:02d}", "name": "客户", "last_sku": "KIT-001", "timezone": day,
                 **CONSENT} for n in range(4)]
        asset = recipients_asset(env, write_recipients(tmp_path / f"people{k}.csv", rows))
        campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name=f"shared {k}", voice_id=env["voice_id"],
                                               trunk_id=trunk["id"], recipients_asset_id=asset, queue=False)
        calls.import_recipients(rt, campaign_id)
        calls.synthesize_messages(rt, campaign_id, None, tmp_path / "work")
        campaign_ids.append(campaign_id)
    results: dict[str, dict] = {}

    def run(n: int, campaign_id: str) -> None:
        results[campaign_id] = run_dialing(env, campaign_id, tmp_path / f"run{n}")

    runs = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(campaign_ids)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join(120)
    assert [results[c]["state"] for c in campaign_ids] == ["done", "done"], results
    assert sorted(rung(far_end)) == sorted(f"+8613900003{k}{n:02d}" for k in range(2) for n in range(4))
    held = spans(far_end)
    assert most_at_once(held) == 2  # each campaign alone may use both channels; together still only two
    starts = sorted(b for b, _ in held)
    assert all(starts[n + 3] - starts[n] > 0.8 for n in range(len(starts) - 3)), starts  # <= 3 new calls a second
