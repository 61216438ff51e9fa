"""A whole campaign through the real SIP dialer (PJSIP) to a pjsua2 callee on loopback: each recipient hears
their own message (judged from the recorded RTP after the G.711 round trip), and DTMF 9 puts the number on
the DNC list during the call, after which no campaign dials it again."""

from __future__ import annotations

from pathlib import Path

import pytest
from calls_kit import CONSENT, recipients_asset, run_dialing, write_recipients, zone_at
from sip_farend import read_wav
from sip_farend import match as audio_match
from sqlalchemy import select

from core.models import CallAttempt, CallRecipient, DncEntry
from workers.commands import calls

# The campaign logic here is database-neutral and runs on SQLite; what differs between databases, the
# exactly-once claims and the trunk's lock, is proven on both in test_resume.py and test_trunk_share.py.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

PEOPLE = ["+8613900000010", "+8613900000011"]
LAST_BOUGHT = ["KIT-001", "APP-004"]  # each message offers another product: more of it is the recipient's own
SHORT = "{greeting}为您推荐{product}。"  # with the disclosure and keypad options: ~12 s per call, not ~26 s


def _campaign(env: dict, tmp_path: Path, far_url: str, phones: list[str], names: list[str]) -> str:
    rt = env["rt"]
    trunk = calls.add_trunk(rt, env["merchant_id"], name="loopback", url=far_url, caller_id="+862100000000",
                            max_channels=1, calls_per_second=5)
    zone = zone_at(range(11, 16))
    rows = [{"phone": p, "name": n, "last_sku": sku, "timezone": zone, **CONSENT}
            for p, n, sku in zip(phones, names, LAST_BOUGHT)]
    asset = recipients_asset(env, write_recipients(tmp_path / f"people-{len(names)}-{names[0]}.csv", rows))
    campaign_id, _ = calls.create_campaign(rt, env["merchant_id"], name="sip", voice_id=env["voice_id"],
                                           trunk_id=trunk["id"], recipients_asset_id=asset)
    calls.import_recipients(rt, campaign_id)
    calls.synthesize_messages(rt, campaign_id, SHORT, tmp_path / "work")
    return campaign_id


def _by_phone(env: dict, campaign_id: str) -> dict[str, CallRecipient]:
    with env["rt"].session() as s:
        rows = {r.phone: r for r in s.scalars(select(CallRecipient).where(CallRecipient.campaign_id == campaign_id))}
        s.expunge_all()
        return rows


def test_each_recipient_hears_their_own_message_over_sip(campaign_env, callee, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    rt.settings.calls.dialer = "calls.sip:open_dialer"
    far = callee()
    campaign_id = _campaign(env, tmp_path, far.trunk_url(), PEOPLE, ["王芳", "李雷"])
    result = run_dialing(env, campaign_id, tmp_path)
    assert result["state"] == "done" and result["placed"] == 2, result
    heard = [read_wav(Path(far.wait_for("ended")["wav"])) for _ in PEOPLE]  # in dialing order: by row
    got = _by_phone(env, campaign_id)
    own = [read_wav(calls.stored_path(rt, got[p].audio_asset_id, env["merchant_id"])) for p in PEOPLE]
    for n in range(2):
        assert audio_match(heard[n], own[n]) >= 0.8
        # the sentences both messages share (disclosure, keypad options) are the same audio in both: which
        # recipient's message was heard shows in the personal part, the stretches the other message lacks. Quarter
        # seconds: under load the callee's jitter buffer may insert a frame, which costs one chunk spanning it.
        mine = audio_match(heard[n], own[n], 0.25, apart_from=own[1 - n])
        theirs = audio_match(heard[n], own[1 - n], 0.25, apart_from=own[n])
        assert mine >= 0.8 and theirs < mine - 0.1, (n, mine, theirs)
    with rt.session() as s:
        attempts = list(s.scalars(select(CallAttempt).where(CallAttempt.campaign_id == campaign_id)))
    assert {(a.phone, a.status, a.sip_code, a.played_to_end) for a in attempts} == {
        (p, "answered", 200, True) for p in PEOPLE}


def test_dtmf_9_over_sip_opts_out_at_once_and_the_number_is_never_dialed_again(campaign_env, callee, tmp_path):
    env, rt = campaign_env, campaign_env["rt"]
    rt.settings.calls.dialer = "calls.sip:open_dialer"
    far = callee(dtmf=("9@1.5",))
    campaign_id = _campaign(env, tmp_path, far.trunk_url(), PEOPLE[:1], ["王芳"])
    run_dialing(env, campaign_id, tmp_path)
    pressed, ended = far.wait_for("dtmf"), far.wait_for("ended")
    with rt.session() as s:
        dnc = s.scalar(select(DncEntry).where(DncEntry.merchant_id == env["merchant_id"],
                                              DncEntry.phone == PEOPLE[0]))
        attempt = s.scalar(select(CallAttempt).where(CallAttempt.campaign_id == campaign_id))
        assert dnc is not None and dnc.source == "optout"
        assert pressed["at"] <= dnc.created_at.timestamp() < ended["at"]  # on the list before the call ended
        assert dnc.created_at.timestamp() - pressed["at"] < 1.0
        assert (attempt.status, attempt.digits, attempt.played_to_end) == ("opted_out", "9", False)
    again = _campaign(env, tmp_path, far.trunk_url(), PEOPLE[:1], ["王芳二"])
    run_dialing(env, again, tmp_path)
    assert _by_phone(env, again)[PEOPLE[0]].reason == "do_not_call"
    assert len(list(far.workdir.glob("call*.wav"))) == 1  # nothing rang the second time
