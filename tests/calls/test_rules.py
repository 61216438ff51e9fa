"""Dial-time rules and the retry policy, on the recipient's own clock."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from calls.dialer import CallStatus
from calls.rules import Facts, Policy, Retry, Window, decide, next_try
from core.errors import InputError

SH, LA = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/Los_Angeles")
WINDOW = Window(time(9), time(20))
POLICY = Policy(WINDOW, frequency_max=1, frequency_days=7, daily_cap=3, campaign_tz=SH)
NOON_SH = datetime(2026, 12, 3, 4, 0, tzinfo=timezone.utc)  # 12:00 in Shanghai, 20:00 the day before in LA


def facts(**over) -> Facts:
    return Facts(**({"consent": True, "on_dnc": False, "tz": SH, "reached_at": (), "placed_today": 0} | over))


def test_final_refusals_come_first():
    assert decide(facts(consent=False), POLICY, NOON_SH).reason == "no_consent"
    assert decide(facts(on_dnc=True), POLICY, NOON_SH).action == "skip"
    assert decide(facts(), POLICY, NOON_SH).action == "dial"


def test_quiet_hours_are_the_recipients_own_and_defer_to_the_next_opening():
    verdict = decide(facts(tz=LA), POLICY, NOON_SH)  # 20:00 in Los Angeles: closed
    assert (verdict.action, verdict.reason) == ("defer", "quiet_hours")
    assert verdict.until == datetime(2026, 12, 3, 9, 0, tzinfo=LA)
    early = datetime(2026, 12, 3, 0, 30, tzinfo=SH)
    assert decide(facts(), POLICY, early).until == datetime(2026, 12, 3, 9, 0, tzinfo=SH)
    with pytest.raises(InputError):
        Window(time(20), time(9))


def test_frequency_and_daily_caps_defer_until_they_free_up():
    reached = NOON_SH - timedelta(days=2)
    verdict = decide(facts(reached_at=(reached,)), POLICY, NOON_SH)
    assert (verdict.reason, verdict.until) == ("frequency_cap", reached + timedelta(days=7))
    verdict = decide(facts(placed_today=3), POLICY, NOON_SH)
    assert (verdict.reason, verdict.until) == ("daily_cap", datetime(2026, 12, 4, 0, 0, tzinfo=SH))


def test_a_birthday_campaign_calls_on_the_day_only():
    birthday = Policy(WINDOW, 1, 7, None, SH, occasion="birthday")
    assert decide(facts(birthday=date(1990, 12, 3)), birthday, NOON_SH).action == "dial"
    later = decide(facts(birthday=date(1990, 12, 24)), birthday, NOON_SH)
    assert (later.reason, later.until) == ("before_birthday", datetime(2026, 12, 24, 9, 0, tzinfo=SH))
    assert decide(facts(birthday=date(1990, 1, 2)), birthday, NOON_SH).reason == "birthday_passed"
    assert decide(facts(), birthday, NOON_SH).reason == "no_birthday"


def test_retries_busy_after_half_an_hour_twice_no_answer_the_next_day_and_nothing_else():
    retry = Retry(busy_after_s=1800, busy_max=2, no_answer_max=1)
    assert next_try(CallStatus.BUSY, 1, 0, retry, WINDOW, NOON_SH, SH) == NOON_SH + timedelta(minutes=30)
    assert next_try(CallStatus.BUSY, 2, 0, retry, WINDOW, NOON_SH, SH) is not None
    assert next_try(CallStatus.BUSY, 3, 0, retry, WINDOW, NOON_SH, SH) is None
    assert next_try(CallStatus.NO_ANSWER, 0, 1, retry, WINDOW, NOON_SH, SH) == datetime(2026, 12, 4, 9, 0, tzinfo=SH)
    assert next_try(CallStatus.NO_ANSWER, 0, 2, retry, WINDOW, NOON_SH, SH) is None
    for final in (CallStatus.ANSWERED, CallStatus.REJECTED, CallStatus.FAILED, CallStatus.OPTED_OUT, "unknown"):
        assert next_try(final, 0, 0, retry, WINDOW, NOON_SH, SH) is None
