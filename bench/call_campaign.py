"""Call campaigns, the campaign side: `nice -n 10 python bench/call_campaign.py` (a few minutes on 2 cores).
bench/calls.py runs this too and prints its figures in its own last line.

Phase 1, messages: one campaign of MESSAGES recipients with distinct names (no message cache hit) rendered by
two warm processes at once, as two cpu worker processes would (the pipeline's job from the first recipient on,
its helper job from the last one back, calls.share_synthesis): each message composed, verified and
compliance-checked, spoken in a cloned voice and written as 8 kHz 16-bit audio. It runs twice side by side on
fresh names: first with the sentence memo off (`calls.sentence_cache_mb=0`: every sentence of every message is
rendered, messages_per_hour_uncached), then as configured (the sentences all messages share are rendered once
per process, messages_per_hour). Each is the count of messages over the wall time from the first job's start
to the last one's end (each job's set-up included; process start and imports not, as in a running worker).

Phase 2, opt-out over SIP: OPTOUT_CALLS recipients dialed through the PJSIP dialer to a pjsua2 callee that
presses 9 1.5 s into each call. dtmf_optout_ms is the p95 from the callee sending the key to the DNC row's
commit time. A second campaign to the same numbers then dials none of them; duplicates counts numbers called
more than once across both, from the attempts recorded.

Last line: messages_per_hour=... messages_per_hour_uncached=... messages=... refused=... dtmf_optout_ms=...
optout_calls=... duplicates=...
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "calls" / "sip")]

from calls_kit import CONSENT, build_reference_voice, write_recipients, zone_at  # noqa: E402

from core.models import CallAttempt, CallCampaign, DncEntry, Job, Merchant, Voice  # noqa: E402
from core.settings import Settings  # noqa: E402
from workers.commands import call_runner, calls, kb  # noqa: E402
from workers.commands.assets import store_file  # noqa: E402
from workers.runtime import Runtime  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "芳伟娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def runtime(data: Path) -> Runtime:
    settings = Settings(_env_file=None, data_dir=data)
    settings.ensure_dirs()
    return Runtime.create(settings)


def setup(data: Path, profile: Path, far_url: str) -> dict[str, str]:
    rt = runtime(data)
    with rt.session() as s:
        merchant = Merchant(slug="dairy", name="晨光乳业")
        s.add(merchant)
        s.flush()
        voice = Voice(merchant_id=merchant.id, name="star", status="ready", profile_path=str(profile))
        s.add(voice)
        s.flush()
        ids = {"merchant_id": merchant.id, "voice_id": voice.id}
    kb.import_file(rt, ids["merchant_id"], REPO / "assets" / "kb" / "sample_kb.csv")
    calls.add_licence(rt, ids["merchant_id"], ids["voice_id"], grantor="Agency", scopes=["calls"], territories=["CN"],
                      expires_at=datetime.now(timezone.utc) + timedelta(days=30))
    ids["trunk_id"] = calls.add_trunk(rt, ids["merchant_id"], name="loopback", url=far_url,
                                      caller_id="+862100000000", max_channels=1, calls_per_second=5)["id"]
    rt.close()
    return ids


def campaign(rt: Runtime, ids: dict[str, str], folder: Path, name: str, phones: list[str], names: list[str]) -> str:
    zone = zone_at(range(11, 16))
    rows = [{"phone": p, "name": n, "last_sku": "KIT-001", "timezone": zone, **CONSENT} for p, n in zip(phones, names)]
    asset = store_file(rt, ids["merchant_id"], write_recipients(folder / f"{name}.csv", rows), "recipients")
    campaign_id, _ = calls.create_campaign(rt, ids["merchant_id"], name=name, voice_id=ids["voice_id"],
                                           trunk_id=ids["trunk_id"], recipients_asset_id=asset, queue=False)
    calls.import_recipients(rt, campaign_id)
    return campaign_id


def render(data: str, campaign_id: str, workdir: str, sentence_cache_mb: int, from_end: bool) -> dict:
    """One cpu worker's synthesis job, in a warm process: its imports done and the base voice measured, as in a
    worker that has run any job before (a sentence no message has). The job's own set-up (the checker, the
    campaign's shared sentences) is timed with it; t0 and t1 are on the machine's monotonic clock."""
    rt = runtime(Path(data))
    rt.settings.calls.sentence_cache_mb = sentence_cache_mb
    try:
        with rt.session() as s:
            campaign = s.get(CallCampaign, campaign_id)
            merchant_id, voice_id = campaign.merchant_id, campaign.voice_id
        calls.message_audio(rt, merchant_id, voice_id, "您好。", Path(workdir))
        t0 = time.monotonic()
        done = calls.synthesize_messages(rt, campaign_id, None, Path(workdir), from_end=from_end)
        return done | {"t0": t0, "t1": time.monotonic()}
    finally:
        rt.close()


def names(start: int, count: int) -> list[str]:
    """``count`` distinct Chinese names (surname + given name), from the ``start``-th on."""
    return [f"{SURNAMES[n % len(SURNAMES)]}{GIVEN[n // len(SURNAMES) % len(GIVEN)]}" for n in range(start, start + count)]


def messages_per_hour(rt: Runtime, ids: dict[str, str], root: Path, people: list[str], sentence_cache_mb: int,
                      tag: str) -> tuple[float, int, int]:
    """Render one campaign of ``people`` in two processes, the pipeline's job from the first recipient on and
    its helper (calls.share_synthesis) from the last one back; (messages per hour, made, refused)."""
    campaign_id = campaign(rt, ids, root, tag, [f"+86139{n:08d}" for n in range(len(people))], people)
    log(f"rendering {len(people)} messages in 2 processes (sentence memo {sentence_cache_mb} MB)")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        done = pool.starmap(render, [(str(rt.settings.data_dir), campaign_id, str(root / f"work-{tag}{k}"),
                                      sentence_cache_mb, k == 1) for k in range(2)])
    wall = max(d["t1"] for d in done) - min(d["t0"] for d in done)
    view = calls.campaign_view(rt, campaign_id)  # each message once (the jobs may both render the one they meet at)
    made, refused = view["recipient_states"].get("ready", 0), view["recipient_states"].get("refused", 0)
    assert view["state"] == "ready", view
    log(f"{made} messages in {wall:.1f} s ({refused} refused; {done[0]['messages']} rendered by the first job, "
        f"{done[1]['messages']} by the one from the end): {made / wall * 3600:.0f} per hour")
    return made / wall * 3600, made, refused


def dial(rt: Runtime, campaign_id: str, workdir: Path) -> dict:
    calls.start(rt, campaign_id)
    with rt.session() as s:
        job_id = s.get(CallCampaign, campaign_id).dial_job_id
        attempt = s.get(Job, job_id).attempts + 1
    return call_runner.dial(rt, campaign_id, job_id, attempt, workdir, lambda f, m: None)


def measure(messages: int, optout_calls: int) -> dict[str, float]:
    """Both phases on a fresh data dir; the figures of the last line."""
    from sip_farend import Callee

    with tempfile.TemporaryDirectory(prefix="bench-calls-") as tmp:
        root = Path(tmp)
        log("cloning the reference voice")
        profile = build_reference_voice(root / "voice")
        callee = Callee(root / "callee", dtmf=("9@1.5",))
        try:
            data = root / "data"
            ids = setup(data, profile, callee.trunk_url())
            rt = runtime(data)
            uncached, _, _ = messages_per_hour(rt, ids, root, names(0, messages), 0, "u")
            per_hour, made, refused = messages_per_hour(rt, ids, root, names(messages, messages),
                                                        rt.settings.calls.sentence_cache_mb, "m")

            phones = [f"+8613800{n:06d}" for n in range(optout_calls)]
            first = campaign(rt, ids, root, "optout", phones, names(0, len(phones)))
            calls.synthesize_messages(rt, first, None, root / "work-optout")
            pressed = []
            dial(rt, first, root / "work-optout")
            for _ in phones:
                pressed.append(callee.wait_for("dtmf", 60)["at"])
            with rt.session() as s:
                dnc = {d.phone: d.created_at.timestamp() for d in s.scalars(select_dnc(ids["merchant_id"]))}
                order = [a.phone for a in s.scalars(select_attempts(first))]
            delays = [(dnc[p] - at) * 1000 for p, at in zip(order, pressed)]
            again = campaign(rt, ids, root, "again", phones, names(0, len(phones)))
            calls.synthesize_messages(rt, again, None, root / "work-again")
            dial(rt, again, root / "work-again")
            with rt.session() as s:
                placed = Counter(a.phone for a in s.scalars(
                    select_attempts(first, again).where(CallAttempt.status.not_in(("skipped", "not_placed")))))
            rt.close()
        finally:
            callee.stop()
    return {"messages_per_hour": round(per_hour), "messages_per_hour_uncached": round(uncached), "messages": made,
            "refused": refused, "dtmf_optout_ms": round(float(np.percentile(delays, 95)), 1),
            "optout_calls": len(delays), "duplicates": sum(n - 1 for n in placed.values() if n > 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=40, help="messages per phase-1 run (two runs)")
    parser.add_argument("--optout-calls", type=int, default=5)
    args = parser.parse_args()
    print(" ".join(f"{k}={v}" for k, v in measure(args.messages, args.optout_calls).items()))


def select_dnc(merchant_id: str):  # noqa: ANN201 - a SQLAlchemy select
    from sqlalchemy import select

    return select(DncEntry).where(DncEntry.merchant_id == merchant_id)


def select_attempts(*campaign_ids: str):  # noqa: ANN201 - a SQLAlchemy select
    from sqlalchemy import select

    return (select(CallAttempt).where(CallAttempt.campaign_id.in_(campaign_ids), CallAttempt.status != "skipped")
            .order_by(CallAttempt.started_at))


if __name__ == "__main__":
    main()
