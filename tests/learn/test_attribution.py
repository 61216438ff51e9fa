"""Attribution: a hand-built session's credits equal the hand-computed ones."""

from __future__ import annotations

import numpy as np
import pytest

from learn.attribution import Aired, MinuteMetrics, attribute, bootstrap_rate_interval
from learn.outcomes import Beta


def test_one_airing_gets_the_events_and_viewer_minutes_of_its_lagged_window():
    # Aired 0-60 s: its window is 30-180 s. Minute 0 counts half (30 of its 60 s), minutes 1-2 whole, minute 3 not.
    minutes = [MinuteMetrics(0, viewers=600, clicks=20, orders=6, gmv=600),
               MinuteMetrics(60, viewers=1200, clicks=40, orders=12, gmv=1000),
               MinuteMetrics(120, viewers=600, clicks=30, orders=0),
               MinuteMetrics(180, viewers=600, clicks=500, orders=100, gmv=9999)]
    [credit] = attribute([Aired("a", 0, 60)], minutes, lag_min_s=30, lag_max_s=120)
    assert credit.exposure == pytest.approx(600 / 2 + 1200 + 600)  # viewer-minutes: 300 + 1200 + 600
    assert credit.orders == pytest.approx(3 + 12)
    assert credit.clicks == pytest.approx(10 + 40 + 30)
    assert credit.gmv == pytest.approx(300 + 1000)
    assert credit.closed
    post = Beta.of(credit.orders, credit.exposure)
    assert (post.alpha, post.beta) == pytest.approx((16, 1 + 2100 - 15))


def test_viewer_swings_are_normalised_away():
    # the same words at the same conversion per viewer-minute, once to 200 and once to 2000 viewers
    quiet = [MinuteMetrics(60 * m, viewers=200, orders=1) for m in range(4)]
    spike = [MinuteMetrics(60 * m, viewers=2000, orders=10) for m in range(4)]
    a = attribute([Aired("x", 0, 60)], quiet)[0]
    b = attribute([Aired("x", 0, 60)], spike)[0]
    assert a.orders / a.exposure == pytest.approx(b.orders / b.exposure)
    assert b.exposure == pytest.approx(10 * a.exposure)


def test_overlapping_windows_share_viewers_and_the_seller_takes_the_shared_orders():
    # 'good' and 'dud' air in a random order, 90 s each, so every window overlaps its neighbours';
    # orders follow 'good' 15-150 s after each second of it, at 8x the rate of 'dud'
    rng = np.random.default_rng(3)
    true = {"good": 0.004, "dud": 0.0005}
    airings, orders = [], np.zeros(4 * 3600)
    for i in range(150):
        unit = str(rng.choice(["good", "dud"]))
        airings.append(Aired(unit, 90 * i, 90 * i + 90))
        for t in range(90 * i, 90 * i + 90):
            for _ in range(rng.poisson(true[unit] * 1000 / 60)):
                orders[t + int(rng.uniform(15, 150))] += 1
    minutes = [MinuteMetrics(60 * m, viewers=1000, orders=float(orders[60 * m:60 * m + 60].sum()))
               for m in range(len(orders) // 60)]
    credits = attribute(airings, minutes, lag_min_s=30, lag_max_s=120)
    closed = [(a, c) for a, c in zip(airings, credits) if c.closed]
    exposure = {u: sum(c.exposure for a, c in closed if a.unit == u) for u in true}
    rate = {u: sum(c.orders for a, c in closed if a.unit == u) / exposure[u] for u in true}
    shares = {u: sum(1 for a in airings if a.unit == u) for u in true}
    assert exposure["good"] / exposure["dud"] == pytest.approx(shares["good"] / shares["dud"], rel=0.1)
    assert rate["good"] == pytest.approx(true["good"], rel=0.2)
    assert rate["dud"] < true["good"] / 4  # an even split of shared windows would pull both to the middle
    assert sum(c.orders for c in credits) == pytest.approx(sum(m.orders for m in minutes[1:]), rel=0.02)


def test_an_airing_whose_window_outruns_the_metrics_is_not_closed_yet():
    minutes = [MinuteMetrics(60 * m, viewers=100, orders=1) for m in range(3)]
    early, late = attribute([Aired("a", 0, 30), Aired("b", 100, 130)], minutes)
    assert early.closed and not late.closed


def test_gmv_bootstrap_interval_brackets_the_ratio():
    rng = np.random.default_rng(0)
    exposure = [100.0] * 30
    gmv = list(rng.gamma(2.0, 50.0, 30))
    low, high = bootstrap_rate_interval(exposure, gmv, rng, draws=2000, level=0.9)
    assert low < sum(gmv) / sum(exposure) < high
    assert bootstrap_rate_interval([], [], rng) == (0.0, 0.0)
