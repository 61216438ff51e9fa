"""Which variant a room airs next, and when one has won.

Thompson sampling on each variant's attributed conversion posterior (orders per viewer-minute, only
from airings whose attribution window has closed: delayed feedback). An ``explore_floor`` share of the
choices is spread evenly over all variants whatever the posteriors say, so a variant that started
unlucky keeps being measured, and no variant ever airs less often than ``explore_floor / K``.
A variant is promoted once P(best) >= ``promote_at`` (or, for variants too alike to separate, once it is
within ``tie_tolerance`` of the best with that probability) and every variant has ``min_exposure``
viewer-minutes (a lucky first airing promotes nothing). A pin overrides both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from learn.outcomes import Beta


@dataclass(frozen=True)
class Arm:
    key: str
    posterior: Beta
    exposure: float = 0.0


@dataclass(frozen=True)
class Verdict:
    p_best: dict[str, float]
    p_close: float
    """P(the leader's rate is within the tie tolerance of the best rate)."""
    winner: str | None


def choose(arms: Sequence[Arm], rng: np.random.Generator, explore_floor: float = 0.1,
           pinned: str | None = None) -> str:
    """The next variant to air."""
    if not arms:
        raise ValueError("an experiment needs at least one variant")
    keys = [a.key for a in arms]
    if pinned is not None and pinned in keys:
        return pinned
    if rng.random() < explore_floor:
        return keys[int(rng.integers(len(keys)))]
    draws = [rng.beta(a.posterior.alpha, a.posterior.beta) for a in arms]
    return keys[int(np.argmax(draws))]


def judge(arms: Sequence[Arm], rng: np.random.Generator, promote_at: float = 0.95, min_exposure: float = 0.0,
          tie_tolerance: float = 0.0, draws: int = 20000) -> Verdict:
    """P(best) of each variant and the variant to promote, if any.

    The leader (highest P(best)) is promoted when P(its rate >= (1 - ``tie_tolerance``) x the best rate)
    reaches ``promote_at``. With no tolerance that is P(best) >= ``promote_at``; a small tolerance also
    ends an experiment between variants too alike to ever separate (whichever airs loses < tolerance).
    """
    if not arms:
        return Verdict({}, 0.0, None)
    samples = np.stack([rng.beta(a.posterior.alpha, a.posterior.beta, draws) for a in arms])
    wins = np.bincount(np.argmax(samples, axis=0), minlength=len(arms)) / draws
    p_best = {a.key: float(w) for a, w in zip(arms, wins)}
    leader = int(np.argmax(wins))
    p_close = float(np.mean(samples[leader] >= (1.0 - tie_tolerance) * samples.max(axis=0)))
    if len(arms) < 2 or any(a.exposure < min_exposure for a in arms):
        return Verdict(p_best, p_close, None)
    return Verdict(p_best, p_close, arms[leader].key if p_close >= promote_at else None)
