"""Credit what aired with the clicks, orders and GMV that followed it.

An airing's attribution window runs from ``lag_min_s`` after it starts to ``lag_max_s`` after it ends
(orders lag the words that sold them). Events are per minute, spread evenly over their minute; viewers
are the minute's concurrent count. Each second of the metrics belongs to the windows that cover it:

* its viewer-minutes (``viewers / 60``) are shared equally among them, which is each airing's
  ``exposure``: a section aired to a traffic spike gets a large exposure, not a high rate;
* its events are split in proportion to the rates of the units (sections, variants, scripts) of the
  covering airings, the rates themselves estimated from those splits (EM for a Poisson mixture with
  known exposures, a weak pull towards the session's overall rate). Where windows overlap, a unit that
  sells takes more of the shared events than one that does not, instead of both getting the average.

An airing is ``closed`` when its whole window lies inside minutes that were imported: only closed
airings feed posteriors (delayed feedback).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

PRIOR_EVENTS = 0.5
"""Pseudo-events pulling each unit's rate towards the session's rate while the EM splits events."""


@dataclass(frozen=True)
class Aired:
    unit: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class MinuteMetrics:
    start_s: float
    viewers: float
    clicks: float = 0.0
    orders: float = 0.0
    gmv: float = 0.0


@dataclass(frozen=True)
class Credit:
    exposure: float
    clicks: float
    orders: float
    gmv: float
    closed: bool


def attribute(airings: Sequence[Aired], minutes: Sequence[MinuteMetrics], lag_min_s: float = 30.0,
              lag_max_s: float = 120.0, iterations: int = 40) -> list[Credit]:
    """One :class:`Credit` per airing, in order. Times are seconds on one clock (any origin)."""
    if lag_max_s <= 0 or lag_min_s < 0:
        raise ValueError("attribution lags must be non-negative and the window must end after the airing")
    if not airings or not minutes:
        return [Credit(0.0, 0.0, 0.0, 0.0, False) for _ in airings]
    t0 = min(m.start_s for m in minutes)
    length = int(np.ceil(max(m.start_s for m in minutes) + 60 - t0))
    viewers, covered = np.zeros(length), np.zeros(length, dtype=bool)
    events = {k: np.zeros(length) for k in ("clicks", "orders", "gmv")}
    for m in minutes:
        a = int(round(m.start_s - t0))
        viewers[a:a + 60] = m.viewers / 60.0  # viewer-minutes per second
        covered[a:a + 60] = True
        for k, arr in events.items():
            arr[a:a + 60] = getattr(m, k) / 60.0
    from scipy import sparse  # here, not at import: the API process loads this module and rarely attributes

    rows, cols, closed = [], [], []
    for i, air in enumerate(airings):
        a = int(np.floor(air.start_s + lag_min_s - t0))
        b = int(np.ceil(air.end_s + lag_max_s - t0))
        closed.append(a >= 0 and b <= length and bool(covered[max(a, 0):max(b, 0)].all()))
        span = np.arange(max(a, 0), min(b, length))
        span = span[covered[span]]
        rows.append(np.full(span.size, i))
        cols.append(span)
    r, c = np.concatenate(rows), np.concatenate(cols)
    cover = sparse.csr_matrix((np.ones(r.size), (r, c)), shape=(len(airings), length))
    count = np.asarray(cover.sum(axis=0)).ravel()
    share = np.divide(viewers, count, out=np.zeros(length), where=count > 0)
    exposure = cover @ share
    units = sorted({a.unit for a in airings})
    unit_of = np.array([units.index(a.unit) for a in airings])
    order_rate, order_split = _split(cover, unit_of, len(units), exposure, events["orders"], iterations)
    click_rate, click_split = _split(cover, unit_of, len(units), exposure, events["clicks"], iterations)
    orders = _credit(cover, order_rate, order_split, events["orders"])
    gmv = _credit(cover, order_rate, order_split, events["gmv"])  # GMV follows the orders it came with
    clicks = _credit(cover, click_rate, click_split, events["clicks"])
    return [Credit(float(exposure[i]), float(clicks[i]), float(orders[i]), float(gmv[i]), closed[i])
            for i in range(len(airings))]


def _split(cover: sparse.csr_matrix, unit_of: np.ndarray, n_units: int, exposure: np.ndarray,
           events: np.ndarray, iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-airing rates after EM, and per second the sum of the covering airings' rates (the split's
    denominator)."""
    unit_exposure = np.bincount(unit_of, exposure, n_units)
    total_events = float(events[np.asarray(cover.sum(axis=0)).ravel() > 0].sum())
    overall = total_events / max(float(exposure.sum()), 1e-12)
    rate = np.full(n_units, max(overall, 1e-12))
    denominator = cover.T @ rate[unit_of]
    if total_events <= 0:
        return np.zeros(len(unit_of)), denominator
    prior_exposure = PRIOR_EVENTS / overall
    for _ in range(iterations):
        per_airing = rate[unit_of]
        denominator = cover.T @ per_airing
        ratio = np.divide(events, denominator, out=np.zeros_like(events), where=denominator > 0)
        credited = per_airing * (cover @ ratio)
        rate = (np.bincount(unit_of, credited, n_units) + PRIOR_EVENTS) / (unit_exposure + prior_exposure)
    per_airing = rate[unit_of]
    return per_airing, cover.T @ per_airing


def _credit(cover: sparse.csr_matrix, per_airing: np.ndarray, split: np.ndarray, series: np.ndarray) -> np.ndarray:
    """Each airing's share of ``series``: per second, its rate over the covering airings' rates."""
    return per_airing * (cover @ np.divide(series, split, out=np.zeros_like(series), where=split > 0))


def bootstrap_rate_interval(exposures: Sequence[float], amounts: Sequence[float], rng: np.random.Generator,
                            draws: int = 1000, level: float = 0.9) -> tuple[float, float]:
    """Interval of ``sum(amounts) / sum(exposures)`` by resampling airings (for GMV, whose distribution
    per order is anything but Beta)."""
    e, g = np.asarray(exposures, dtype=float), np.asarray(amounts, dtype=float)
    if e.size == 0 or e.sum() <= 0:
        return 0.0, 0.0
    picks = rng.integers(0, e.size, size=(draws, e.size))
    sums = e[picks].sum(axis=1)
    ratios = np.divide(g[picks].sum(axis=1), sums, out=np.zeros(draws), where=sums > 0)
    tail = (1 - level) / 2
    low, high = np.quantile(ratios, [tail, 1 - tail])
    return float(low), float(high)
