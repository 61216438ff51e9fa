"""The rules a call must pass at the moment it is placed, and the retry policy after it.

:func:`decide` is pure: the campaign runner gathers the facts (consent, the DNC list, earlier calls,
today's count) inside the transaction that claims the recipient and records the verdict. A rule that
can pass later (quiet hours, caps, a birthday still to come) defers the recipient to when it can; one
that cannot (no consent, on the DNC list) skips them. Either way the reason is kept.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from calls.dialer import CallStatus
from core.errors import InputError

OCCASIONS = ("none", "birthday")


def parse_clock(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise InputError(f"{text!r} is not a time of day (HH:MM)") from exc


@dataclass(frozen=True)
class Window:
    """Hours calls are allowed, in the recipient's own zone: [start, end)."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if self.start >= self.end:
            raise InputError("calling hours must start before they end, within one day")

    def contains(self, local: datetime) -> bool:
        return self.start <= local.time() < self.end

    def next_open(self, now: datetime, tz: ZoneInfo, *, days_later: int = 0) -> datetime:
        """The first moment from ``now`` (at least ``days_later`` local days on) that calls are allowed."""
        local = now.astimezone(tz)
        day = local.date() + timedelta(days=days_later)
        if days_later == 0 and self.contains(local):
            return now
        if days_later == 0 and local.time() >= self.end:
            day += timedelta(days=1)
        return datetime.combine(day, self.start, tz)


@dataclass(frozen=True)
class Policy:
    window: Window
    frequency_max: int  # calls that reached a person...
    frequency_days: int  # ...per this many days, across the merchant's campaigns
    daily_cap: int | None  # calls placed by the campaign per day of its own zone
    campaign_tz: ZoneInfo
    occasion: str = "none"


@dataclass(frozen=True)
class Facts:
    consent: bool
    on_dnc: bool
    tz: ZoneInfo
    reached_at: tuple[datetime, ...]  # when this number was last reached, within the frequency window
    placed_today: int  # calls the campaign placed today (its zone)
    birthday: date | None = None


@dataclass(frozen=True)
class Verdict:
    action: Literal["dial", "defer", "skip"]
    reason: str = ""
    until: datetime | None = None


DIAL = Verdict("dial")


def decide(facts: Facts, policy: Policy, now: datetime) -> Verdict:
    """May this number be called now? Final refusals first, then the rules that only defer."""
    if not facts.consent:
        return Verdict("skip", "no_consent")
    if facts.on_dnc:
        return Verdict("skip", "do_not_call")
    local = now.astimezone(facts.tz)
    if policy.occasion == "birthday":
        if facts.birthday is None:
            return Verdict("skip", "no_birthday")
        this_year = _anniversary(facts.birthday, local.year)
        if local.date() < this_year:
            return Verdict("defer", "before_birthday",
                           datetime.combine(this_year, policy.window.start, facts.tz))
        if local.date() > this_year:
            return Verdict("skip", "birthday_passed")
    if not policy.window.contains(local):
        return Verdict("defer", "quiet_hours", policy.window.next_open(now, facts.tz))
    if len(facts.reached_at) >= policy.frequency_max:
        frees = sorted(facts.reached_at)[-policy.frequency_max] + timedelta(days=policy.frequency_days)
        return Verdict("defer", "frequency_cap", frees)
    if policy.daily_cap is not None and facts.placed_today >= policy.daily_cap:
        tomorrow = now.astimezone(policy.campaign_tz).date() + timedelta(days=1)
        return Verdict("defer", "daily_cap", datetime.combine(tomorrow, time(0), policy.campaign_tz))
    return DIAL


def _anniversary(born: date, year: int) -> date:
    """The birthday in ``year`` (29 February is the 28th in other years)."""
    day = min(born.day, calendar.monthrange(year, born.month)[1])
    return date(year, born.month, day)


def day_start(now: datetime, tz: ZoneInfo) -> datetime:
    """Midnight of ``now``'s day in ``tz`` (what a daily cap counts from)."""
    return datetime.combine(now.astimezone(tz).date(), time(0), tz)


@dataclass(frozen=True)
class Retry:
    busy_after_s: float = 1800.0
    busy_max: int = 2
    no_answer_max: int = 1


def next_try(status: CallStatus | str, busy_count: int, no_answer_count: int, retry: Retry, window: Window,
             now: datetime, tz: ZoneInfo) -> datetime | None:
    """When to call again after an attempt ended with ``status`` (counts include this attempt), or None.

    Busy: after ``busy_after_s``, at most ``busy_max`` times. No answer: when calls open the next day, at
    most ``no_answer_max`` times. Anything else is final: an answered call is not repeated, a failure is not
    retried blindly (a failure that may have reached the person must not ring them twice)."""
    if status == CallStatus.BUSY and busy_count <= retry.busy_max:
        return now + timedelta(seconds=retry.busy_after_s)
    if status == CallStatus.NO_ANSWER and no_answer_count <= retry.no_answer_max:
        return window.next_open(now, tz, days_later=1)
    return None
