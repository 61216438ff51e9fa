"""Which variant a room airs next, and when one has won.

Thompson sampling on each variant's attributed conversion posterior (orders per viewer-minute, only
from airings whose attribution window has closed: delayed feedback). An ``explore_floor`` share of the
choices is spread evenly over all variants whatever the posteriors say, so a variant that started
unlucky keeps being measured, and no variant ever airs less often than ``explore_floor / K``.
A variant is promoted once P(best) >= ``promote_at`` and every variant has ``min_exposure`` viewer-minutes
(a lucky first airing promotes nothing). A pin overrides both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from learn.outcomes import Beta, prob_best


@dataclass(frozen=True)
class Arm:
    key: str
    posterior: Beta
    exposure: float = 0.0


@dataclass(frozen=True)
class Verdict:
    p_best: dict[str, float]
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
          draws: int = 20000) -> Verdict:
    """P(best) of each variant and the variant to promote, if any."""
    p = prob_best([a.posterior for a in arms], rng, draws)
    p_best = {a.key: q for a, q in zip(arms, p)}
    if len(arms) < 2 or any(a.exposure < min_exposure for a in arms):
        return Verdict(p_best, None)
    key, best = max(p_best.items(), key=lambda kv: kv[1])
    return Verdict(p_best, key if best >= promote_at else None)
