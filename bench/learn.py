"""Benchmark: the learning loop against a simulated audience whose preferences it cannot see.

The audience lives only here (the independent side): each of K script variants of one SKU has a hidden
true conversion rate (orders per viewer-minute while it airs); every airing's rate is jittered (the
room's mood), viewers drift over the night and spike when traffic is bought, a small share of orders
comes from nobody's words, and each order lands a random lag after the second that sold it (mostly
20-150 s, a tail up to 5 minutes). Nothing of this model is known to the code under test.

The room runs the real loop: for each playlist slot it asks ``learn.experiments.choose`` (Thompson
sampling with the exploration floor); every hour the platform's per-minute export of the night so far
is credited with ``learn.attribution.attribute`` (only airings whose window closed count: delayed
feedback); ``learn.experiments.judge`` promotes a variant at P(best) >= 0.95, which then airs alone.

Figures (means over seeds, each seed a new hidden world):
* ``regret_ratio``: expected orders lost against always airing the best variant, divided by what
  uniform random choice loses on the same nights (target <= 0.3);
* ``nights_to_95``: nights until the promoted variant's true rate is within 5 % of the best (target <= 7;
  a seed that never gets there counts as all nights + 1);
* ``attribution_error``: mean relative error of each variant's attributed rate (all nights, exposure
  weighted) against its true rate; ``wrong_promotions``: promotions of a variant more than 5 % worse.

Run: ``python bench/learn.py [--seeds 10 --nights 14 --variants 4]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.settings import LearnSettings  # noqa: E402
from learn.attribution import Aired, MinuteMetrics, attribute  # noqa: E402
from learn.experiments import Arm, choose, judge  # noqa: E402
from learn.outcomes import Beta  # noqa: E402

NIGHT_S = 3 * 3600
IMPORT_EVERY_S = 3600
CFG = LearnSettings()  # the product's defaults: window, floor, promotion rule


@dataclass
class World:
    """The hidden audience of one seed."""

    rng: np.random.Generator
    rates: np.ndarray
    lengths: np.ndarray
    base_viewers: float
    background: float = field(init=False)

    def __post_init__(self) -> None:
        self.background = 0.05 * float(self.rates.mean())

    def viewers(self) -> np.ndarray:
        """Concurrent viewers, one value per second of a night: drift, noise, bought traffic spikes."""
        t = np.arange(NIGHT_S)
        drift = 1 + 0.4 * np.sin(2 * np.pi * (t / NIGHT_S + self.rng.uniform()))
        minute_noise = np.repeat(self.rng.lognormal(0, 0.15, NIGHT_S // 60 + 1), 60)[:NIGHT_S]
        spikes = np.ones(NIGHT_S)
        for _ in range(self.rng.poisson(2)):
            start = int(self.rng.uniform(0, NIGHT_S - 600))
            spikes[start:start + int(self.rng.uniform(180, 480))] *= self.rng.uniform(2.0, 3.5)
        return self.base_viewers * drift * minute_noise * spikes

    def lag(self, n: int) -> np.ndarray:
        main = 20 + self.rng.gamma(2.0, 25.0, n)
        tail = self.rng.uniform(20, 300, n)
        return np.where(self.rng.random(n) < 0.1, tail, main)


def minute_export(orders_at: np.ndarray, viewers: np.ndarray, until_s: int, rng: np.random.Generator) -> list[MinuteMetrics]:
    """What the platform's per-minute export shows up to ``until_s``."""
    out = []
    for m in range(until_s // 60):
        sl = slice(m * 60, (m + 1) * 60)
        orders = float(orders_at[sl].sum())
        out.append(MinuteMetrics(m * 60.0, float(viewers[sl].mean()), clicks=orders * 8 + rng.poisson(5),
                                 orders=orders, gmv=orders * 59.0))
    return out


@dataclass
class Ledger:
    """What the loop knows: closed credits per variant from every finished or imported night."""

    exposure: np.ndarray
    orders: np.ndarray

    def arms(self, extra: tuple[np.ndarray, np.ndarray] | None = None) -> list[Arm]:
        e, o = (self.exposure, self.orders) if extra is None else (self.exposure + extra[0], self.orders + extra[1])
        return [Arm(str(k), Beta.of(o[k], e[k]), float(e[k])) for k in range(len(e))]


def credit(airings: list[Aired], minutes: list[MinuteMetrics], k: int) -> tuple[np.ndarray, np.ndarray]:
    exposure, orders = np.zeros(k), np.zeros(k)
    for air, c in zip(airings, attribute(airings, minutes, CFG.lag_min_s, CFG.lag_max_s)):
        if c.closed:
            exposure[int(air.unit)] += c.exposure
            orders[int(air.unit)] += c.orders
    return exposure, orders


def promoted(arms: list[Arm], rng: np.random.Generator) -> int | None:
    """The product's promotion rule on what the loop knows now."""
    verdict = judge(arms, rng, CFG.promote_at, CFG.min_exposure, CFG.tie_tolerance)
    return None if verdict.winner is None else int(verdict.winner)


def run_seed(seed: int, nights: int, k: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    rates = 0.003 * rng.uniform(0.75, 1.25, k)  # variants within +-25 % of each other: close calls
    world = World(np.random.default_rng(seed + 10_000), rates, rng.uniform(60, 150, k), rng.uniform(200, 1200))
    best = float(rates.max())
    ledger = Ledger(np.zeros(k), np.zeros(k))
    loop_rng = np.random.default_rng(seed + 20_000)
    winner: int | None = None
    promoted_on: int | None = None
    regret = random_regret = 0.0
    for night in range(1, nights + 1):
        viewers = world.viewers()
        orders_at = np.zeros(NIGHT_S + 400)
        airings: list[Aired] = []
        tonight: tuple[np.ndarray, np.ndarray] | None = None
        t, next_import = 0, IMPORT_EVERY_S
        while t < NIGHT_S - 150:
            if t >= next_import:  # the hourly export arrives: credit the night so far
                tonight = credit(airings, minute_export(orders_at, viewers, t - t % 60, world.rng), k)
                next_import += IMPORT_EVERY_S
                winner = winner if winner is not None else promoted(ledger.arms(tonight), loop_rng)
            arm = winner if winner is not None else int(choose(ledger.arms(tonight), loop_rng, CFG.explore_floor))
            length = int(world.lengths[arm])
            span = slice(t, t + length)
            heard = viewers[span] / 60.0  # viewer-minutes per second
            mood = world.rng.lognormal(-0.02, 0.2)
            intents = world.rng.poisson(heard * (rates[arm] * mood + world.background))
            seconds = np.repeat(np.arange(t, t + length), intents)
            np.add.at(orders_at, np.minimum(seconds + world.lag(seconds.size).astype(int), NIGHT_S + 399), 1)
            regret += (best - rates[arm]) * heard.sum()
            random_regret += (best - rates.mean()) * heard.sum()
            airings.append(Aired(str(arm), float(t), float(t + length)))
            t += length + int(world.rng.choice([0, 0, 15]))  # now and then a 15 s interaction prompt
        night_credit = credit(airings, minute_export(orders_at, viewers, NIGHT_S, world.rng), k)
        ledger.exposure += night_credit[0]
        ledger.orders += night_credit[1]
        winner = winner if winner is not None else promoted(ledger.arms(), loop_rng)
        if winner is not None and promoted_on is None:
            promoted_on = night
    wrong = winner is not None and rates[winner] < 0.95 * best
    nights_to_95 = promoted_on if promoted_on is not None and not wrong else nights + 1
    seen = ledger.exposure > 0
    attributed = np.divide(ledger.orders, ledger.exposure, out=np.zeros(k), where=seen)
    errors = np.abs(attributed - rates) / rates
    weights = ledger.exposure / ledger.exposure.sum()
    return {"regret_ratio": regret / random_regret, "nights_to_95": nights_to_95,
            "attribution_error": float((errors * weights).sum()), "attribution_error_max": float(errors[seen].max()),
            "wrong_promotions": int(wrong)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--nights", type=int, default=14)
    parser.add_argument("--variants", type=int, default=4)
    args = parser.parse_args()
    started = time.perf_counter()
    runs = [run_seed(seed, args.nights, args.variants) for seed in range(args.seeds)]
    for seed, r in enumerate(runs):
        print(f"seed {seed}: " + " ".join(f"{k}={v:.3f}" for k, v in r.items()), flush=True)
    mean = {k: float(np.mean([r[k] for r in runs])) for k in runs[0]}
    print(f"regret_ratio={mean['regret_ratio']:.3f} nights_to_95={mean['nights_to_95']:.2f} "
          f"attribution_error={mean['attribution_error']:.3f} attribution_error_max={mean['attribution_error_max']:.3f} "
          f"wrong_promotions={int(sum(r['wrong_promotions'] for r in runs))} seeds={args.seeds} nights={args.nights} "
          f"variants={args.variants} seconds={time.perf_counter() - started:.1f}")


if __name__ == "__main__":
    main()
