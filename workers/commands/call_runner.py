"""Dialing a campaign: claim each call exactly once, apply the rules at dial time, record every outcome.

One ``calls.dial`` job runs per campaign at a time (the job row's claim guarantees it) and places calls on
up to the trunk's channel count at its calls-per-second pace. Each call is claimed in one transaction that
moves the recipient to ``dialing``, evaluates the rules on fresh facts and writes the attempt row as
``dialing``. So after a SIGKILL, the job's next owner finds the attempts the dead worker left ``dialing``:
those calls may have rung, so they are closed as ``unknown`` and never redialed blindly.

A dialing job hands over to a fresh job (queued for when the next call is due) rather than sleeping for
hours. A trunk that is down pauses the campaign with an alert; nobody is charged an attempt for it.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from calls.dialer import (
    CallRequest,
    CallResult,
    CallStatus,
    Dialer,
    DigitAction,
    SpeechReply,
    TrunkConfig,
    TrunkDown,
)
from calls.licence import LicenceRefused, require_licence
from calls.rules import Facts, Policy, Retry, day_start, decide, next_try
from core.errors import InputError
from core.models import Asset, CallAttempt, CallCampaign, CallRecipient, CallTrunk, DncEntry, Job, utcnow
from core.progress import Progress
from workers import jobs
from workers.commands import calls
from workers.commands.call_replies import Replies
from workers.runtime import Runtime

log = logging.getLogger(__name__)

REACHED = ("answered", "opted_out", "unknown")  # count against the frequency cap: a person may have heard it
FINAL = {CallStatus.ANSWERED: "done", CallStatus.OPTED_OUT: "opted_out"}
KIND = "calls.dial"


# ---------------------------------------------------------------- the job chain


def queue_dialing(rt: Runtime, campaign_id: str, delay_s: float = 0.0, *, handing_over: str | None = None) -> str:
    """The campaign's dialing job: the active one if there is one, else a new one (after ``delay_s``).

    A job handing over names itself: its successor is created only while it is still the campaign's
    dialing job, so a handover that runs twice (a retried job) queues one successor."""
    now = utcnow()
    with rt.session() as s:
        campaign = s.get(CallCampaign, campaign_id)
        current = s.get(Job, campaign.dial_job_id) if campaign.dial_job_id else None
        if handing_over is None and current is not None and current.status in jobs.ACTIVE:
            return current.id
        if handing_over is not None and campaign.dial_job_id != handing_over:
            return campaign.dial_job_id or ""
        job = Job(kind=KIND, params={"campaign_id": campaign_id}, merchant_id=campaign.merchant_id,
                  queue=jobs.queue_for(KIND), status="queued", enqueued_at=now + timedelta(seconds=delay_s))
        s.add(job)
        s.flush()
        took = s.execute(update(CallCampaign).where(CallCampaign.id == campaign_id,
                                                    CallCampaign.dial_job_id == campaign.dial_job_id)
                         .values(dial_job_id=job.id)).rowcount
        if not took:
            s.rollback()
            return ""
        job_id, queue = job.id, job.queue
    jobs.send(rt, KIND, job_id, queue, countdown=delay_s or None)
    return job_id


def open_dialer(rt: Runtime, trunk: TrunkConfig) -> Dialer:
    """The configured dialer (``calls.dialer``, ``module:function``) for one trunk."""
    module, _, name = rt.settings.calls.dialer.partition(":")
    factory: Callable[[TrunkConfig], Dialer] = getattr(importlib.import_module(module), name)
    return factory(trunk)


# ---------------------------------------------------------------- the loop


@dataclass(frozen=True)
class Claimed:
    attempt_id: str
    recipient_id: str
    phone: str
    audio: Path
    sku: str = ""  # what the message offered (a spoken question is about it); "" when speech replies are off


@dataclass(frozen=True)
class TrunkFull:
    """Every channel of the trunk is up, or its calls-per-second are spent (by any campaign): look again later."""

    retry_in_s: float


CHANNEL_POLL_S = 0.1  # how often a campaign waiting for a free channel on its trunk looks again


class _Run:
    """One dialing job's run: its tag on the attempts it writes, the facts it reads once, its dialer."""

    def __init__(self, rt: Runtime, campaign_id: str, tag: str, dialer: Dialer, trunk: TrunkConfig,
                 optout_wav: Path, replies: Replies | None = None) -> None:
        self.rt, self.campaign_id, self.tag, self.dialer, self.trunk = rt, campaign_id, tag, dialer, trunk
        self.optout_wav, self.replies = optout_wav, replies
        self.halted = threading.Event()  # the trunk is down or the licence ended: no more calls
        with rt.session() as s:
            c = s.get(CallCampaign, campaign_id)
            self.merchant_id, self.voice_id, self.tz, self.start_at = c.merchant_id, c.voice_id, c.timezone, c.start_at
            self.trunk_id = c.trunk_id
            self.policy, self.rules, self.retry = calls.policy_for(rt, s, c)
            self.licences = calls.licences(s, c.merchant_id, c.voice_id)

    # -- claiming

    def claim_next(self, now: datetime) -> Claimed | TrunkFull | None:
        """The next due recipient whose call may be placed now, claimed; None when nobody is due, TrunkFull when
        the trunk has no room now. Recipients the rules defer or skip on the way are recorded with the rule's
        reason."""
        while True:
            with self.rt.session() as s:
                wait_s = self._trunk_wait(s, now)
                if wait_s > 0:
                    return TrunkFull(wait_s)
                due = s.execute(select(CallRecipient.id).where(
                    CallRecipient.campaign_id == self.campaign_id, CallRecipient.state == "ready",
                    (CallRecipient.next_at.is_(None)) | (CallRecipient.next_at <= now))
                    .order_by(CallRecipient.next_at.is_not(None), CallRecipient.next_at, CallRecipient.row)
                    .limit(1)).scalar()
                if due is None:
                    return None
                took = s.execute(update(CallRecipient).where(CallRecipient.id == due, CallRecipient.state == "ready")
                                 .values(state="dialing")).rowcount
                if not took:
                    continue
                claimed = self._judge(s, s.get(CallRecipient, due), now)
            if claimed is not None or self.halted.is_set():
                return claimed

    def _trunk_wait(self, s: Any, now: datetime) -> float:
        """Seconds until the trunk may carry one more call (0: now), counting every campaign's calls on it.

        It first writes the trunk's row, which serialises the claims on one trunk across processes and hosts
        (a row lock on PostgreSQL, the write lock on SQLite) until this claim's transaction ends, so two
        campaigns never both take its last channel. A call is up while its attempt is ``dialing``; one a dead
        worker left so is not counted past the longest a call can last."""
        cfg = self.rt.settings.calls
        s.execute(update(CallTrunk).where(CallTrunk.id == self.trunk_id).values(max_channels=CallTrunk.max_channels))
        on_trunk = CallAttempt.campaign_id.in_(select(CallCampaign.id).where(CallCampaign.trunk_id == self.trunk_id))
        longest = timedelta(seconds=cfg.ring_timeout_s + cfg.max_call_s + 60)
        up = s.scalar(select(func.count()).select_from(CallAttempt).where(
            on_trunk, CallAttempt.status == "dialing", CallAttempt.started_at >= now - longest)) or 0
        if up >= self.trunk.max_channels:
            return CHANNEL_POLL_S
        window = max(1.0, 1.0 / self.trunk.calls_per_second)  # at most cps x window new calls in any window
        allowed = max(1, int(self.trunk.calls_per_second * window))
        recent = list(s.scalars(select(CallAttempt.started_at).where(
            on_trunk, CallAttempt.status.not_in(("skipped", "not_placed")),
            CallAttempt.started_at > now - timedelta(seconds=window)).order_by(CallAttempt.started_at.desc())
            .limit(allowed)))
        if len(recent) < allowed:
            return 0.0
        return max((recent[-1] + timedelta(seconds=window) - now).total_seconds(), 0.001)

    def _judge(self, s: Any, r: CallRecipient, now: datetime) -> Claimed | None:
        data = r.data
        try:
            require_licence(self.licences, "calls", now)
        except LicenceRefused as exc:  # expired mid-campaign: nobody may be called in this voice
            r.state = "ready"
            self._halt(s, f"the voice's licence no longer covers calls, campaign paused: {exc}")
            return None
        try:
            require_licence(self.licences, "calls", now, territory=data.get("region"))
        except LicenceRefused as exc:
            return self._not_now(s, r, now, "skip", f"licence: {exc}", None)
        window_start = now - timedelta(days=self.policy.frequency_days)
        reached = tuple(s.scalars(select(CallAttempt.started_at).where(
            CallAttempt.merchant_id == self.merchant_id, CallAttempt.phone == r.phone,
            CallAttempt.status.in_(REACHED), CallAttempt.started_at >= window_start)))
        placed_today = s.scalar(select(func.count()).select_from(CallAttempt).where(
            CallAttempt.campaign_id == self.campaign_id, CallAttempt.status.not_in(("skipped", "not_placed")),
            CallAttempt.started_at >= day_start(now, self.policy.campaign_tz))) or 0
        on_dnc = s.scalar(select(DncEntry.id).where(DncEntry.merchant_id == self.merchant_id,
                                                   DncEntry.phone == r.phone)) is not None
        birthday = data.get("birthday")
        facts = Facts(consent=bool(data.get("consent_source") and data.get("consent_at")), on_dnc=on_dnc,
                      tz=ZoneInfo(data.get("timezone") or self.tz), reached_at=reached, placed_today=placed_today,
                      birthday=datetime.fromisoformat(birthday).date() if birthday else None)
        verdict = decide(facts, self.policy, now)
        if verdict.action != "dial":
            return self._not_now(s, r, now, verdict.action, verdict.reason, verdict.until)
        audio = s.get(Asset, r.audio_asset_id)
        attempt = CallAttempt(merchant_id=self.merchant_id, campaign_id=self.campaign_id, recipient_id=r.id,
                              phone=r.phone, status="dialing", worker=self.tag, started_at=now)
        s.add(attempt)
        s.flush()
        product = self.replies.product(data.get("last_sku", "")) if self.replies else None
        return Claimed(attempt.id, r.id, r.phone, self.rt.store.path_for(audio.merchant_id, audio.sha256, audio.suffix),
                       product.code if product else "")

    def _not_now(self, s: Any, r: CallRecipient, now: datetime, action: str, reason: str,
                 until: datetime | None) -> None:
        r.state, r.reason = ("ready", reason) if action == "defer" else ("skipped", reason)
        r.next_at = until
        s.add(CallAttempt(merchant_id=self.merchant_id, campaign_id=self.campaign_id, recipient_id=r.id,
                          phone=r.phone, status="skipped", reason=reason[:2000], started_at=now, ended_at=now))
        return None

    # -- one call

    def place(self, claimed: Claimed) -> None:
        cfg = self.rt.settings.calls
        repeats = 0
        webhook_sent = False

        def on_digit(digit: str) -> DigitAction:
            nonlocal repeats, webhook_sent
            with self.rt.session() as s:
                s.execute(update(CallAttempt).where(CallAttempt.id == claimed.attempt_id)
                          .values(digits=func.substr(CallAttempt.digits + digit, 1, 64)))
            if digit == "9":
                calls.add_dnc(self.rt, self.merchant_id, [claimed.phone], source="optout",
                              campaign_id=self.campaign_id)
                return DigitAction.CONFIRM_OPTOUT
            if digit == "1":
                if not webhook_sent:
                    webhook_sent = True
                    with self.rt.session() as s:
                        s.execute(update(CallAttempt).where(CallAttempt.id == claimed.attempt_id).values(interest=True))
                    if self.rules.webhook_url:
                        jobs.submit(self.rt, "calls.webhook", {"attempt_id": claimed.attempt_id},
                                    merchant_id=self.merchant_id)
                if repeats < cfg.max_repeats:
                    repeats += 1
                    return DigitAction.REPEAT
            return DigitAction.CONTINUE

        request = CallRequest(call_id=claimed.attempt_id, to_e164=claimed.phone, audio_wav=claimed.audio,
                              confirm_optout_wav=self.optout_wav, ring_timeout_s=cfg.ring_timeout_s,
                              max_call_s=cfg.max_call_s)
        try:
            result = self.dialer.call(request, on_digit, _on_speech(self.replies, claimed.sku))
        except TrunkDown as exc:
            self._trunk_down(claimed, str(exc))
            return
        except Exception as exc:  # a dialer bug: the phone may have rung, so this is not retried
            log.exception("call %s failed in the dialer", claimed.attempt_id)
            self.record(claimed, None, f"the dialer failed: {type(exc).__name__}: {exc}")
            return
        self.record(claimed, result)

    def record(self, claimed: Claimed, result: CallResult | None, unknown_reason: str = "") -> None:
        """Close the attempt and move the recipient on by the retry policy (an unknown outcome is final)."""
        now = utcnow()
        status = result.status.value if result else "unknown"
        with self.rt.session() as s:
            s.execute(update(CallAttempt).where(CallAttempt.id == claimed.attempt_id, CallAttempt.status == "dialing")
                      .values(status=status, seconds_played=result.seconds_played if result else 0.0,
                              played_to_end=result.played_to_end if result else False,
                              sip_code=result.sip_code if result else None,
                              reason=(result.reason if result else unknown_reason)[:2000], ended_at=now,
                              **({"digits": result.digits[:64]} if result and result.digits else {})))
            r = s.get(CallRecipient, claimed.recipient_id)
            _advance(r, status, self.retry, self.policy, ZoneInfo(r.data.get("timezone") or self.tz), now,
                     result.reason if result else unknown_reason)

    def _trunk_down(self, claimed: Claimed, why: str) -> None:
        """The call never left: void the attempt, give the recipient back, pause the campaign with an alert."""
        alert = f"trunk down, campaign paused: {why}"
        with self.rt.session() as s:
            s.execute(update(CallAttempt).where(CallAttempt.id == claimed.attempt_id)
                      .values(status="not_placed", reason=alert[:2000], ended_at=utcnow()))
            s.execute(update(CallRecipient).where(CallRecipient.id == claimed.recipient_id,
                                                  CallRecipient.state == "dialing").values(state="ready"))
            self._halt(s, alert)

    def _halt(self, s: Any, alert: str) -> None:
        """Stop placing calls and pause the campaign with an alert for the merchant."""
        self.halted.set()
        s.execute(update(CallCampaign).where(CallCampaign.id == self.campaign_id, CallCampaign.state == "running")
                  .values(state="paused", alert=alert[:2000]))
        log.error("campaign %s: %s", self.campaign_id, alert)


def _on_speech(replies: Replies | None, sku: str) -> SpeechReply | None:
    """What a call does with the far end's words: answer them about ``sku`` when speech replies are on."""
    if replies is None or not sku:
        return None
    return lambda utterance: replies.answer(sku, utterance)


def _advance(r: CallRecipient, status: str, retry: Retry, policy: Policy, tz: ZoneInfo, now: datetime,
             reason: str) -> None:
    if status == "busy":
        r.busy_count += 1
    elif status == "no_answer":
        r.no_answer_count += 1
    again = next_try(status, r.busy_count, r.no_answer_count, retry, policy.window, now, tz)
    if again is not None:
        r.state, r.next_at, r.reason = "ready", again, f"retry after {status}"
    else:
        r.state = FINAL.get(CallStatus(status), "failed") if status != "unknown" else "failed"
        r.reason, r.next_at = (reason or status)[:2000], None


def settle_orphans(rt: Runtime, campaign_id: str, tag: str) -> int:
    """Attempts another (dead) run left ``dialing``: closed as unknown, their recipients not called again."""
    reason = "the worker placing this call died mid-call; it may have reached the person, so it is not redialed"
    now = utcnow()
    with rt.session() as s:
        orphans = list(s.scalars(select(CallAttempt).where(CallAttempt.campaign_id == campaign_id,
                                                           CallAttempt.status == "dialing",
                                                           CallAttempt.worker != tag)))
        for a in orphans:
            a.status, a.reason, a.ended_at = "unknown", reason, now
            s.execute(update(CallRecipient).where(CallRecipient.id == a.recipient_id,
                                                  CallRecipient.state == "dialing")
                      .values(state="failed", reason=reason, next_at=None))
        # a claim whose transaction committed without its attempt cannot happen (one transaction), but a
        # recipient left dialing with no attempt at all is given back
        open_ids = select(CallAttempt.recipient_id).where(CallAttempt.status == "dialing")
        s.execute(update(CallRecipient).where(CallRecipient.campaign_id == campaign_id,
                                              CallRecipient.state == "dialing", CallRecipient.id.not_in(open_ids))
                  .values(state="ready"))
        return len(orphans)


def test_call_number(rt: Runtime, campaign_id: str, phone: str, job_id: str | None = None) -> str:
    """``phone`` in E.164 if the campaign may make a test call to it now (its voice licensed for calls, the
    number not on the merchant's DNC list, a test-call channel free on its trunk); :class:`InputError` naming
    what is wrong otherwise."""
    from calls.recipients import normalise_phone

    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        require_licence(calls.licences(s, c.merchant_id, c.voice_id), "calls", utcnow())
        number = normalise_phone(phone, c.region)
        if s.scalar(select(DncEntry.id).where(DncEntry.merchant_id == c.merchant_id, DncEntry.phone == number)):
            raise InputError(f"{number} is on the do-not-call list")
        _test_channel(rt, s, c, job_id)
    return number


def _test_channel(rt: Runtime, s: Any, campaign: CallCampaign, job_id: str | None) -> None:
    """Test calls are bounded apart from campaigns: they never take a channel of the trunk's shared count (so a
    test never holds a campaign back), and at most ``calls.test_call_channels`` of them are up on one trunk at
    once, over every worker. Serialised by the trunk's row like the campaigns' claims. A test-call job counts
    the ones started before it; a request (``job_id`` None) counts every test call queued or running."""
    limit = rt.settings.calls.test_call_channels
    s.execute(update(CallTrunk).where(CallTrunk.id == campaign.trunk_id).values(max_channels=CallTrunk.max_channels))
    on_trunk = set(s.scalars(select(CallCampaign.id).where(CallCampaign.trunk_id == campaign.trunk_id)))
    fresh = utcnow() - timedelta(seconds=rt.settings.worker.stale_after_s)
    me = s.get(Job, job_id) if job_id else None
    others = [j for j in s.scalars(select(Job).where(
        Job.merchant_id == campaign.merchant_id, Job.kind == "calls.test_call", Job.id != (job_id or ""),
        Job.status.in_(("running",) if me else ("queued", "running")))) if j.params.get("campaign_id") in on_trunk]
    if me is not None:
        others = [j for j in others if j.heartbeat_at and j.heartbeat_at >= fresh and j.started_at
                  and (j.started_at, j.id) < (me.started_at, me.id)]
    if len(others) >= limit:
        raise InputError(f"{len(others)} test call(s) already up on this trunk (at most {limit} at once, "
                         "EVERCAST_CALLS__TEST_CALL_CHANNELS): try again when it ends")


def test_call(rt: Runtime, campaign_id: str, phone: str, workdir: Path, *, row: int | None = None,
              job_id: str | None = None) -> dict[str, Any]:
    """One call of the campaign's message to ``phone`` (the merchant's own, to hear it before launch) over its
    trunk: recipient ``row``'s message, else the first one ready. The voice's licence and the merchant's DNC
    list apply, the recipients' rules do not (nobody on the list is called); 9 still opts the number out and
    1 replays. Nothing is recorded against a recipient; the outcome is returned."""
    number = test_call_number(rt, campaign_id, phone, job_id)
    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        merchant_id = c.merchant_id
        query = select(CallRecipient).where(CallRecipient.campaign_id == campaign_id,
                                            CallRecipient.audio_asset_id.is_not(None))
        recipient = s.scalar((query.where(CallRecipient.row == row) if row is not None else query)
                             .order_by(CallRecipient.row).limit(1))
        if recipient is None:
            raise InputError(f"no message of row {row} is ready" if row is not None
                             else "the campaign has no message ready yet: wait for its synthesis")
        audio = s.get(Asset, recipient.audio_asset_id)
        message = rt.store.path_for(audio.merchant_id, audio.sha256, audio.suffix)
        voice_id, language, recipient_row = c.voice_id, c.language, recipient.row
        campaign_sku, last_sku = c.sku, recipient.data.get("last_sku", "")
    cfg = rt.settings.calls
    confirm = calls.optout_prompt(rt, merchant_id, voice_id, language, workdir)
    replies = Replies.open(rt, merchant_id, voice_id, campaign_sku, workdir)
    product = replies.product(last_sku) if replies else None
    repeats = 0

    def on_digit(digit: str) -> DigitAction:
        nonlocal repeats
        if digit == "9":
            calls.add_dnc(rt, merchant_id, [number], source="optout", campaign_id=campaign_id)
            return DigitAction.CONFIRM_OPTOUT
        if digit == "1" and repeats < cfg.max_repeats:
            repeats += 1
            return DigitAction.REPEAT
        return DigitAction.CONTINUE

    try:
        dialer = open_dialer(rt, trunk_config(rt, campaign_id))
        try:
            result = dialer.call(CallRequest(call_id=f"test-{campaign_id[:12]}", to_e164=number, audio_wav=message,
                                             confirm_optout_wav=confirm, ring_timeout_s=cfg.ring_timeout_s,
                                             max_call_s=cfg.max_call_s), on_digit,
                                 _on_speech(replies, product.code if product else ""))
        finally:
            dialer.close()
    except TrunkDown as exc:
        raise InputError(f"the trunk is down: {exc}") from exc
    return {"campaign_id": campaign_id, "phone": number, "row": recipient_row, "status": result.status.value,
            "digits": result.digits, "seconds_played": round(result.seconds_played, 2),
            "played_to_end": result.played_to_end, "sip_code": result.sip_code, "reason": result.reason}


def trunk_config(rt: Runtime, campaign_id: str) -> TrunkConfig:
    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        t = s.get(CallTrunk, c.trunk_id) if c.trunk_id else None
        if t is None or t.merchant_id != c.merchant_id:
            raise InputError("the campaign's trunk was deleted: give it a trunk")
        return TrunkConfig(url=calls.reveal(rt, t, "url_encrypted"), caller_id=t.caller_id,
                           max_channels=t.max_channels, calls_per_second=t.calls_per_second)


def dial(rt: Runtime, campaign_id: str, job_id: str, attempt: int, workdir: Path, progress: Progress) -> dict[str, Any]:
    """Place the campaign's due calls until nobody is due soon, the campaign stops, or the job's time is up."""
    cfg = rt.settings.calls
    tag = f"{job_id}:{attempt}"
    orphans = settle_orphans(rt, campaign_id, tag)
    with rt.session() as s:
        c = s.get(CallCampaign, campaign_id)
        state, merchant_id, voice_id, language, sku = c.state, c.merchant_id, c.voice_id, c.language, c.sku
    if state != "running":
        return {"campaign_id": campaign_id, "state": state, "placed": 0, "orphans": orphans}
    trunk = trunk_config(rt, campaign_id)
    optout_wav = calls.optout_prompt(rt, merchant_id, voice_id, language, workdir)
    try:
        replies = Replies.open(rt, merchant_id, voice_id, sku, workdir)
    except InputError as exc:  # a recogniser configured but not there: nobody is called without it
        calls._set_state(rt, campaign_id, "paused", alert=f"speech replies cannot start, campaign paused: {exc}"[:2000],
                         only_from=("running",))
        return {"campaign_id": campaign_id, "state": "paused", "placed": 0, "orphans": orphans}
    try:
        dialer = open_dialer(rt, trunk)
    except TrunkDown as exc:
        calls._set_state(rt, campaign_id, "paused", alert=f"trunk down, campaign paused: {exc}"[:2000],
                         only_from=("running",))
        return {"campaign_id": campaign_id, "state": "paused", "placed": 0, "orphans": orphans}
    run = _Run(rt, campaign_id, tag, dialer, trunk, optout_wav, replies)
    placed, handover = 0, None
    deadline = time.monotonic() + cfg.dial_job_s
    gap = 1.0 / trunk.calls_per_second
    next_slot = time.monotonic()
    in_flight: set[Future[None]] = set()
    pool = ThreadPoolExecutor(trunk.max_channels, thread_name_prefix=f"call-{campaign_id[:8]}")
    try:
        while not run.halted.is_set():
            in_flight = {f for f in in_flight if not f.done()}
            progress(_settled(rt, campaign_id), f"{placed} call(s) placed by this job, {len(in_flight)} up")
            if _state(rt, campaign_id) != "running":
                break
            if len(in_flight) >= trunk.max_channels:
                wait(in_flight, timeout=0.5, return_when=FIRST_COMPLETED)
                continue
            if time.monotonic() >= deadline:
                handover = 0.0
                break
            now = utcnow()
            if run.start_at is not None and now < run.start_at:
                claimed = None
            else:
                claimed = run.claim_next(now)
            if isinstance(claimed, TrunkFull):
                if in_flight:
                    wait(in_flight, timeout=claimed.retry_in_s, return_when=FIRST_COMPLETED)
                else:
                    time.sleep(claimed.retry_in_s)
                continue
            if claimed is None:
                if in_flight:
                    wait(in_flight, timeout=0.5, return_when=FIRST_COMPLETED)
                    continue
                due = _next_due(rt, campaign_id, run.start_at)
                if due is None:
                    calls._set_state(rt, campaign_id, "done", only_from=("running",))
                    break
                delay = max((due - utcnow()).total_seconds(), 0.0)
                if delay > cfg.wait_in_job_s:
                    handover = delay
                    break
                time.sleep(min(delay, 1.0))
                continue
            time.sleep(max(0.0, next_slot - time.monotonic()))
            next_slot = max(next_slot, time.monotonic()) + gap
            in_flight.add(pool.submit(run.place, claimed))
            placed += 1
    finally:
        wait(in_flight)  # calls already up finish and are recorded, whatever stopped the loop
        pool.shutdown()
        dialer.close()
    if handover is not None and _state(rt, campaign_id) == "running":
        queue_dialing(rt, campaign_id, handover, handing_over=job_id)
    return {"campaign_id": campaign_id, "state": _state(rt, campaign_id), "placed": placed, "orphans": orphans,
            "next_in_s": round(handover, 1) if handover is not None else None}


def _settled(rt: Runtime, campaign_id: str) -> float:
    """The share of the campaign's recipients with nothing left to do."""
    with rt.session() as s:
        counts = dict(s.execute(select(CallRecipient.state, func.count()).where(
            CallRecipient.campaign_id == campaign_id).group_by(CallRecipient.state)).all())
    total = sum(counts.values())
    return min((total - counts.get("ready", 0)) / total, 0.99) if total else 0.0


def _state(rt: Runtime, campaign_id: str) -> str:
    with rt.session() as s:
        return s.scalar(select(CallCampaign.state).where(CallCampaign.id == campaign_id)) or "missing"


def _next_due(rt: Runtime, campaign_id: str, start_at: datetime | None) -> datetime | None:
    """When the next recipient is due; None when nobody is left to call."""
    with rt.session() as s:
        earliest = s.scalar(select(func.min(CallRecipient.next_at)).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "ready"))
        unscheduled = s.scalar(select(CallRecipient.id).where(
            CallRecipient.campaign_id == campaign_id, CallRecipient.state == "ready",
            CallRecipient.next_at.is_(None)).limit(1))
    if earliest is None and unscheduled is None:
        return None
    due = utcnow() if unscheduled else earliest
    return max(due, start_at) if start_at else due
