"""A campaign in-process on SQLite and PostgreSQL: import, checked messages at 8 kHz, rules at dial time,
claims, retries, opt-out, interest and the trunk going down. The dialer is the scripted far end
(tests/calls_far_end.py); the SIP dialer's end-to-end test is tests/calls/test_sip_campaign.py."""

from __future__ import annotations

import time
import wave
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from calls_far_end import open_dialer as far_end_dialer
from calls_kit import (
    CONSENT,
    most_at_once,
    recipients_asset,
    run_dialing,
    rung,
    set_far_end,
    spans,
    write_recipients,
    zone_at,
)
from sqlalchemy import func, select

from core.errors import InputError
from core.models import CallAttempt, CallCampaign, CallRecipient, DncEntry, Job
from workers import jobs
from workers.commands import call_runner, calls


# The campaign logic here is database-neutral and runs on SQLite; what differs between databases, the
# exactly-once claims and the trunk's lock, is proven on both in test_resume.py and test_trunk_share.py.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

DAY = zone_at(range(11, 16))
NIGHT = zone_at(range(0, 5))


def people(n: int, **extra: str) -> list[dict[str, str]]:
    return [{"phone": f"+86139{n_:08d}", "name": f"客户{n_}", "last_sku": "KIT-001", "timezone": DAY, **CONSENT,
             **extra} for n_ in range(n)]


def make_campaign(env: dict, tmp_path: Path, rows: list[dict[str, str]], **options) -> str:
    asset = recipients_asset(env, write_recipients(tmp_path / "people.csv", rows))
    campaign_id, _ = calls.create_campaign(env["rt"], env["merchant_id"], name="birthday calls",
                                           voice_id=env["voice_id"], trunk_id=env["trunk_id"],
                                           recipients_asset_id=asset, **options)
    return campaign_id


def prepare(env: dict, campaign_id: str, tmp_path: Path, template: str | None = None) -> dict:
    rt = env["rt"]
    calls.import_recipients(rt, campaign_id)
    return calls.synthesize_messages(rt, campaign_id, template, tmp_path / "work")


def attempts(env: dict, campaign_id: str) -> list[CallAttempt]:
    with env["rt"].session() as s:
        rows = list(s.scalars(select(CallAttempt).where(CallAttempt.campaign_id == campaign_id)
                              .order_by(CallAttempt.started_at)))
        s.expunge_all()
        return rows


def recipients(env: dict, campaign_id: str) -> dict[str, CallRecipient]:
    with env["rt"].session() as s:
        rows = {r.phone: r for r in s.scalars(select(CallRecipient).where(CallRecipient.campaign_id == campaign_id))}
        s.expunge_all()
        return rows


def test_messages_are_personal_checked_and_8khz_and_cached_by_content(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    rows = people(3)
    rows[2]["name"] = rows[1]["name"]  # the same words for two people: one rendering
    campaign_id = make_campaign(env, tmp_path, rows, occasion="none")
    assert prepare(env, campaign_id, tmp_path) == {"campaign_id": campaign_id, "messages": 3, "refused": 0}
    got = recipients(env, campaign_id)
    first = got["+8613900000000"]
    assert first.state == "ready" and first.message.startswith("这是由AI合成的声音，代表晨光乳业致电。客户0，您好！")
    assert "禾厨" in first.message  # the recommendation came from the knowledge base
    path = call_runner.calls.stored_path(rt, first.audio_asset_id, env["merchant_id"])
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        samples = np.frombuffer(w.readframes(w.getnframes()), np.int16)
        assert w.getnframes() / 8000 > 3.0 and np.abs(samples).max() > 3000  # speech, not silence
    assert got["+8613900000001"].audio_asset_id == got["+8613900000002"].audio_asset_id
    assert got["+8613900000001"].audio_asset_id != first.audio_asset_id
    with rt.session() as s:
        assert s.get(CallCampaign, campaign_id).state == "ready"


def test_the_pitch_slot_is_the_skus_own_outbound_call_script(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    from workers.commands.scripts import pitch_writer

    campaign_id = make_campaign(env, tmp_path, people(2), sku="KIT-002", queue=False)
    out = prepare(env, campaign_id, tmp_path, template="{greeting}{pitch}")
    assert (out["messages"], out["refused"]) == (2, 0), out
    pitch = pitch_writer(rt, env["merchant_id"])("KIT-002")  # the generator's outbound_call script, verified
    assert len(pitch) > 20 and "空气炸锅" in pitch
    for r in recipients(env, campaign_id).values():
        assert r.state == "ready" and r.message.startswith("这是由AI合成的声音，代表晨光乳业致电。")
        assert f"{r.name}，您好！{pitch}" in r.message


def test_a_message_the_checker_refuses_is_not_spoken(campaign_env, tmp_path):
    env = campaign_env
    campaign_id = make_campaign(env, tmp_path, people(1, city="上海"))
    out = prepare(env, campaign_id, tmp_path, template="{greeting}{product}是全网最好的，{city}限时特供。")
    assert out["refused"] == 1
    (r,) = recipients(env, campaign_id).values()
    assert r.state == "refused" and "did not pass the script checks" in r.reason and r.audio_asset_id is None


def test_a_voice_without_a_calls_licence_is_refused_before_anything_is_synthesised(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    from core.models import Voice, VoiceLicence

    with rt.session() as s:
        v = Voice(merchant_id=env["merchant_id"], name="videos only", status="ready",
                  profile_path=s.get(Voice, env["voice_id"]).profile_path)
        s.add(v)
        s.flush()
        voice_id = v.id
    calls.add_licence(rt, env["merchant_id"], voice_id, grantor="Agency", scopes=["videos"], territories=["CN"],
                      expires_at=datetime.now(timezone.utc) + timedelta(days=9))
    asset = recipients_asset(env, write_recipients(tmp_path / "p.csv", people(1)))
    with pytest.raises(InputError, match="for videos, not calls"):
        calls.create_campaign(rt, env["merchant_id"], name="x", voice_id=voice_id, trunk_id=env["trunk_id"],
                              recipients_asset_id=asset)
    # a licence that expires after creation stops the synthesis before the first message
    campaign_id = make_campaign(env, tmp_path, people(2))
    calls.import_recipients(rt, campaign_id)
    with rt.session() as s:
        for lic in s.scalars(select(VoiceLicence).where(VoiceLicence.voice_id == env["voice_id"])):
            lic.expires_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    with pytest.raises(InputError, match="expired"):
        calls.synthesize_messages(rt, campaign_id, None, tmp_path / "work")
    assert {r.audio_asset_id for r in recipients(env, campaign_id).values()} == {None}
    with rt.session() as s:
        assert s.get(CallCampaign, campaign_id).state == "failed"


def test_a_bad_recipients_file_imports_nothing(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    rows = people(3)
    rows[1]["phone"] = "not a number"
    campaign_id = make_campaign(env, tmp_path, rows)
    with pytest.raises(InputError, match="row 3, phone"):
        calls.import_recipients(rt, campaign_id)
    with rt.session() as s:
        assert s.scalar(select(func.count()).select_from(CallRecipient).where(
            CallRecipient.campaign_id == campaign_id)) == 0
        assert s.get(CallCampaign, campaign_id).state == "failed"


def test_rules_at_dial_time_each_skip_with_its_reason_and_dnc_added_after_import(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    rows = people(5)
    rows[1].update(consent_source="", consent_at="")  # no consent
    rows[2]["timezone"] = NIGHT  # asleep
    campaign_id = make_campaign(env, tmp_path, rows)
    prepare(env, campaign_id, tmp_path)
    calls.add_dnc(rt, env["merchant_id"], ["139 0000 0003"])  # after the import, before the call
    # this number was reached by another campaign two days ago: the 1-per-7-days cap holds it back
    other = make_campaign(env, tmp_path, people(0) + [rows[4]])
    calls.import_recipients(rt, other)
    with rt.session() as s:
        r = s.scalar(select(CallRecipient).where(CallRecipient.campaign_id == other))
        s.add(CallAttempt(merchant_id=env["merchant_id"], campaign_id=other, recipient_id=r.id, phone=r.phone,
                          status="answered", started_at=datetime.now(timezone.utc) - timedelta(days=2)))
    result = run_dialing(env, campaign_id, tmp_path)
    assert rung(far_end) == ["+8613900000000"]
    got = recipients(env, campaign_id)
    assert got["+8613900000000"].state == "done"
    assert (got["+8613900000001"].state, got["+8613900000001"].reason) == ("skipped", "no_consent")
    assert (got["+8613900000002"].state, got["+8613900000002"].reason) == ("ready", "quiet_hours")
    assert (got["+8613900000003"].state, got["+8613900000003"].reason) == ("skipped", "do_not_call")
    assert (got["+8613900000004"].state, got["+8613900000004"].reason) == ("ready", "frequency_cap")
    assert got["+8613900000004"].next_at > datetime.now(timezone.utc) + timedelta(days=4)
    skips = {(a.phone, a.reason) for a in attempts(env, campaign_id) if a.status == "skipped"}
    assert skips == {("+8613900000001", "no_consent"), ("+8613900000002", "quiet_hours"),
                     ("+8613900000003", "do_not_call"), ("+8613900000004", "frequency_cap")}
    assert result["next_in_s"] > 3600  # handed over to a job queued for when calls open again
    with rt.session() as s:
        job = s.get(Job, s.get(CallCampaign, campaign_id).dial_job_id)
        assert job.status == "queued" and job.enqueued_at > datetime.now(timezone.utc) + timedelta(hours=1)


def test_daily_cap_busy_retries_and_no_answer_next_day(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    rows = people(4)
    set_far_end(far_end, {"+8613900000000": {"status": "busy"}, "+8613900000001": {"status": "no_answer"},
                          "*": {"status": "answered"}})
    campaign_id = make_campaign(env, tmp_path, rows, daily_cap=3)
    prepare(env, campaign_id, tmp_path)
    rt.settings.calls.busy_retry_s = 0.5  # the policy's 30 minutes, shortened to watch it retry
    rt.settings.calls.wait_in_job_s = 5
    run_dialing(env, campaign_id, tmp_path)
    calls_made = rung(far_end)
    assert calls_made.count("+8613900000001") == 1  # no answer: next day
    got = recipients(env, campaign_id)
    assert got["+8613900000001"].state == "ready" and got["+8613900000001"].next_at.date() >= datetime.now(
        timezone.utc).date()
    assert len(calls_made) == 3  # the campaign's daily cap, busy retries included
    assert "daily_cap" in {a.reason for a in attempts(env, campaign_id) if a.status == "skipped"}


def test_busy_is_retried_twice_then_given_up(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    set_far_end(far_end, {"*": {"status": "busy"}})
    campaign_id = make_campaign(env, tmp_path, people(1))
    prepare(env, campaign_id, tmp_path)
    rt.settings.calls.busy_retry_s = 0.3
    rt.settings.calls.wait_in_job_s = 5
    result = run_dialing(env, campaign_id, tmp_path)
    assert rung(far_end) == ["+8613900000000"] * 3 and result["state"] == "done"
    (r,) = recipients(env, campaign_id).values()
    assert r.state == "failed" and r.busy_count == 3
    assert [a.status for a in attempts(env, campaign_id)] == ["busy"] * 3
    assert all(a.sip_code == 486 for a in attempts(env, campaign_id))


def test_opt_out_reaches_the_dnc_list_during_the_call_and_is_never_dialed_again(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    set_far_end(far_end, {"+8613900000000": {"status": "answered", "digits": [["1", 1.0], ["9", 2.0]]},
                          "*": {"status": "answered"}})
    seen_during_call = []
    inner = far_end_dialer

    def watching_dialer(trunk):
        dialer = inner(trunk)
        call = dialer.call

        def call_and_look(request, on_digit, on_speech=None):
            def on_digit_then_look(digit):
                action = on_digit(digit)
                with rt.session() as s:  # the DNC row exists before the call has ended
                    seen_during_call.append(s.scalar(select(func.count()).select_from(DncEntry).where(
                        DncEntry.merchant_id == env["merchant_id"])))
                return action
            return call(request, on_digit_then_look, on_speech)
        dialer.call = call_and_look
        return dialer

    import calls_far_end
    calls_far_end.watching_dialer = watching_dialer
    rt.settings.calls.dialer = "calls_far_end:watching_dialer"
    campaign_id = make_campaign(env, tmp_path, people(2))
    prepare(env, campaign_id, tmp_path)
    run_dialing(env, campaign_id, tmp_path)
    assert seen_during_call == [0, 1]  # after "1" nothing, after "9" the number is on the list
    (opted, other) = (a for a in attempts(env, campaign_id) if a.status != "skipped")
    assert (opted.status, opted.digits, opted.interest, opted.played_to_end) == ("opted_out", "19", True, False)
    assert opted.seconds_played == pytest.approx(3.0)  # 1 s, repeat from the top, 2 s more
    assert other.status == "answered" and other.played_to_end and other.seconds_played > 3
    # a later campaign never dials the opted-out number
    again = make_campaign(env, tmp_path, people(1))
    prepare(env, again, tmp_path)
    run_dialing(env, again, tmp_path)
    assert rung(far_end).count("+8613900000000") == 1
    assert recipients(env, again)["+8613900000000"].reason == "do_not_call"


def test_a_trunk_that_is_down_pauses_the_campaign_with_an_alert_and_costs_nobody_an_attempt(
        campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    set_far_end(far_end, {"*": {"trunk_down": True}})
    campaign_id = make_campaign(env, tmp_path, people(3))
    prepare(env, campaign_id, tmp_path)
    result = run_dialing(env, campaign_id, tmp_path)
    view = calls.campaign_view(rt, campaign_id)
    assert result["state"] == "paused" and view["state"] == "paused"
    assert "trunk down" in view["alert"] and "503" in view["alert"]
    assert rung(far_end) == []
    assert {r.state for r in recipients(env, campaign_id).values()} == {"ready"}
    set_far_end(far_end, {"*": {"status": "answered"}})  # the trunk is back: resume
    run_dialing(env, campaign_id, tmp_path)
    assert sorted(rung(far_end)) == [f"+86139{n:08d}" for n in range(3)]
    assert calls.campaign_view(rt, campaign_id)["state"] == "done"
    outcomes = calls.campaign_view(rt, campaign_id)["outcomes"]  # calls claimed while the first one failed: voided too
    assert outcomes["answered"] == 3 and set(outcomes) == {"answered", "not_placed"}


def test_a_call_left_dialing_by_a_dead_run_is_closed_unknown_and_not_redialed(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    campaign_id = make_campaign(env, tmp_path, people(2))
    prepare(env, campaign_id, tmp_path)
    calls.start(rt, campaign_id)
    with rt.session() as s:
        job_id = s.get(CallCampaign, campaign_id).dial_job_id
    run = call_runner._Run(rt, campaign_id, f"{job_id}:1", far_end_dialer(call_runner.trunk_config(rt, campaign_id)),
                           call_runner.trunk_config(rt, campaign_id), tmp_path / "none.wav")
    claimed = run.claim_next(datetime.now(timezone.utc))  # claimed, then the worker "dies" before the outcome
    result = call_runner.dial(rt, campaign_id, job_id, 2, tmp_path / "work", lambda f, m: None)
    assert result["orphans"] == 1
    assert rung(far_end) == ["+8613900000001"]  # only the other one: the orphan is never redialed
    got = recipients(env, campaign_id)
    assert got[claimed.phone].state == "failed" and "not redialed" in got[claimed.phone].reason
    statuses = {a.phone: a.status for a in attempts(env, campaign_id)}
    assert statuses == {claimed.phone: "unknown", "+8613900000001": "answered"}


def test_a_licence_that_ends_mid_campaign_pauses_it_before_the_next_call(campaign_env, tmp_path, far_end):
    env, rt = campaign_env, campaign_env["rt"]
    from core.models import VoiceLicence

    campaign_id = make_campaign(env, tmp_path, people(2))
    prepare(env, campaign_id, tmp_path)
    with rt.session() as s:
        for lic in s.scalars(select(VoiceLicence).where(VoiceLicence.voice_id == env["voice_id"])):
            lic.expires_at = datetime.now(timezone.utc) - timedelta(seconds=1)
    result = run_dialing(env, campaign_id, tmp_path)
    view = calls.campaign_view(rt, campaign_id)
    assert result["state"] == view["state"] == "paused" and "licence" in view["alert"] and "expired" in view["alert"]
    assert rung(far_end) == [] and {r.state for r in recipients(env, campaign_id).values()} == {"ready"}


def test_a_test_call_plays_a_recipients_message_to_ones_own_phone_and_honours_the_dnc_list(campaign_env, tmp_path,
                                                                                          far_end):
    env, rt = campaign_env, campaign_env["rt"]
    campaign_id = make_campaign(env, tmp_path, people(2))
    with pytest.raises(InputError, match="no message ready"):
        call_runner.test_call(rt, campaign_id, "13800138000", tmp_path / "work")
    prepare(env, campaign_id, tmp_path)
    set_far_end(far_end, {"*": {"status": "answered", "digits": [["1", 1.0]]}})
    out = call_runner.test_call(rt, campaign_id, "138 0013 8000", tmp_path / "work", row=3)  # the second person
    assert (out["phone"], out["row"], out["status"], out["digits"], out["played_to_end"]) == (
        "+8613800138000", 3, "answered", "1", True)
    second = recipients(env, campaign_id)["+8613900000001"]
    (heard,) = (far_end / "heard").glob("+8613800138000-*.wav")
    assert heard.read_bytes() == call_runner.calls.stored_path(rt, second.audio_asset_id,
                                                               env["merchant_id"]).read_bytes()
    assert not attempts(env, campaign_id)  # nothing recorded against a recipient
    set_far_end(far_end, {"*": {"status": "answered", "digits": [["9", 1.0]]}})
    assert call_runner.test_call(rt, campaign_id, "+8613800138000", tmp_path / "work")["status"] == "opted_out"
    with pytest.raises(InputError, match="do-not-call"):
        call_runner.test_call(rt, campaign_id, "+8613800138000", tmp_path / "work")
    assert rung(far_end) == ["+8613800138000", "+8613800138000"]


def test_test_calls_are_bounded_apart_from_the_channels_campaigns_share(campaign_env, tmp_path, far_end):
    env, rt, stack = campaign_env, campaign_env["rt"], campaign_env["stack"]
    from core.models import CallTrunk

    with rt.session() as s:
        s.get(CallTrunk, env["trunk_id"]).max_channels = 1
    campaign_id = make_campaign(env, tmp_path, people(2), queue=False)
    prepare(env, campaign_id, tmp_path)
    mine, other = "+8613800138000", "+8613800138001"
    held = {"status": "answered", "ring_s": 8.0}
    set_far_end(far_end, {mine: held, other: held, "*": {"status": "answered"}})
    submitted = [jobs.submit(rt, "calls.test_call", {"campaign_id": campaign_id, "phone": mine},
                             merchant_id=env["merchant_id"])]
    with pytest.raises(InputError, match="1 test call.* already up on this trunk"):  # a request: refused at once
        call_runner.test_call_number(rt, campaign_id, other)
    # two requests that passed that check together: the jobs themselves keep the bound
    submitted.append(jobs.submit(rt, "calls.test_call", {"campaign_id": campaign_id, "phone": other},
                                 merchant_id=env["merchant_id"]))
    stack.start_worker(queues="io", concurrency=2)
    deadline = time.monotonic() + 120
    while not {mine, other} & set(rung(far_end)):  # whichever job the worker took first
        assert time.monotonic() < deadline, stack.worker_output()
        time.sleep(0.05)
    # the trunk's one shared channel is the campaign's: its calls go out while the test call is still up
    result = run_dialing(env, campaign_id, tmp_path)
    assert result["state"] == "done" and result["placed"] == 2
    while True:
        with rt.session() as s:
            ended = [s.get(Job, j) for j in submitted]
            s.expunge_all()
        if all(j.status in jobs.TERMINAL for j in ended):
            break
        assert time.monotonic() < deadline, stack.worker_output()
        time.sleep(0.1)
    assert sorted(j.status for j in ended) == ["failed", "succeeded"], [(j.status, j.error) for j in ended]
    (refused,) = [j for j in ended if j.status == "failed"]
    assert "already up on this trunk" in refused.error
    assert rung(far_end).count(mine) + rung(far_end).count(other) == 1  # the refused one never rang
    assert most_at_once(spans(far_end)) == 2  # a test call and a campaign call at once on a 1-channel trunk


def test_two_jobs_share_a_campaigns_synthesis_from_both_ends_and_the_last_one_marks_it_ready(campaign_env, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    campaign_id = make_campaign(env, tmp_path, people(6))
    calls.import_recipients(rt, campaign_id)
    rt.settings.worker.concurrency = 1
    assert calls.share_synthesis(rt, campaign_id, None) is None  # one process per worker: nothing to share
    rt.settings.worker.concurrency = 2
    assert calls.share_synthesis(rt, campaign_id, None) is None  # too few messages to be worth a second job
    main: dict = {}

    def helper_progress(fraction: float, stage: str) -> None:
        if stage == "message 3 of 6" and not main:  # the helper has done rows 7 and 6: the main job runs now
            main.update(calls.synthesize_messages(rt, campaign_id, None, tmp_path / "main"))

    helper = calls.synthesize_messages(rt, campaign_id, None, tmp_path / "helper", helper_progress, from_end=True)
    assert (main["messages"], helper["messages"]) == (4, 2)  # nobody's message made twice
    got = recipients(env, campaign_id)
    assert {r.state for r in got.values()} == {"ready"} and len({r.audio_asset_id for r in got.values()}) == 6
    with rt.session() as s:
        assert s.get(CallCampaign, campaign_id).state == "ready"
    many = make_campaign(env, tmp_path, people(calls.SHARE_FROM))
    calls.import_recipients(rt, many)
    job_id = calls.share_synthesis(rt, many, "{greeting}为您推荐{product}。")
    with rt.session() as s:
        job = s.get(Job, job_id)
        assert (job.kind, job.queue, job.params["from_end"], job.params["template"]) == (
            "calls.synthesize", "cpu", True, "{greeting}为您推荐{product}。")
