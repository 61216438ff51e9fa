"""The learning loop's data contract: what one script section variant earned on air.

Everything downstream of attribution (the room's Thompson sampler, promotion, the template generator's
weights, the retraining datasets) reads :class:`VariantStats` and compares posteriors with
:func:`prob_better` / :func:`prob_best`; none of them looks at raw metric rows. Stable: fields are only
ever added, with defaults.

Units. ``exposure`` is viewer-minutes inside the variant's attribution windows (concurrent viewers times
minutes, each minute shared equally among the windows that cover it), so a section aired to 2,000 viewers
and one aired to 200 are compared per viewer. ``clicks``, ``orders`` and ``gmv`` are the events credited
to the variant in those windows (fractional where windows overlap). The conversion posterior is
Beta(``alpha``, ``beta``) over orders per viewer-minute: ``alpha = prior + orders`` and
``beta = prior + exposure - orders``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.special import betainc, betaincinv  # scipy.stats costs the API seconds of start-up

PRIOR = 1.0
"""Beta(1, 1): the uniform prior every rate starts from."""


@dataclass(frozen=True)
class Beta:
    """A Beta posterior over a rate."""

    alpha: float
    beta: float

    @classmethod
    def of(cls, successes: float, trials: float, prior: float = PRIOR) -> "Beta":
        """The posterior after ``successes`` in ``trials`` (successes beyond trials are capped: a rate is <= 1)."""
        s = min(max(successes, 0.0), max(trials, 0.0))
        return cls(prior + s, prior + max(trials, 0.0) - s)

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def interval(self, level: float = 0.9) -> tuple[float, float]:
        """The equal-tailed credible interval holding ``level`` of the posterior."""
        tail = (1.0 - level) / 2
        low, high = betaincinv(self.alpha, self.beta, [tail, 1 - tail])
        return float(low), float(high)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> np.ndarray | float:
        return rng.beta(self.alpha, self.beta, size)


@dataclass(frozen=True)
class VariantStats:
    """One sentence variant of one script section of one SKU, with everything credited to it."""

    sku_id: str
    section: str
    variant_id: str
    text: str
    airings: int = 0
    exposure: float = 0.0
    clicks: float = 0.0
    orders: float = 0.0
    gmv: float = 0.0
    alpha: float = PRIOR
    beta: float = PRIOR
    gmv_interval: tuple[float, float] = (0.0, 0.0)
    """Bootstrap interval of GMV per viewer-minute (resampling the variant's airings)."""
    sessions: tuple[str, ...] = field(default=())
    """Provenance: the ids of the sessions (human-host imports or room nights) the counts came from."""

    @property
    def conversion(self) -> Beta:
        """Orders per viewer-minute."""
        return Beta(self.alpha, self.beta)

    @property
    def click_rate(self) -> Beta:
        """Product clicks per viewer-minute (uniform prior)."""
        return Beta.of(self.clicks, self.exposure)


def prob_better(a: Beta, b: Beta) -> float:
    """P(rate of ``a`` > rate of ``b``), exact up to quadrature error (~1e-6), deterministic.

    Computed as E[F_wide(X_sharp)] over the sharper posterior's quantiles with Gauss-Legendre nodes, so
    the integrand is smooth however many trials either side has seen.
    """
    nodes, weights = _legendre()
    sharp_is_a = _var(a) <= _var(b)
    sharp, wide = (a, b) if sharp_is_a else (b, a)
    x = betaincinv(sharp.alpha, sharp.beta, nodes)
    below = float(np.dot(weights, betainc(wide.alpha, wide.beta, x)))  # P(wide < sharp)
    return min(1.0, max(0.0, below if sharp_is_a else 1.0 - below))


def prob_best(posteriors: Sequence[Beta], rng: np.random.Generator, draws: int = 20000) -> list[float]:
    """P(each posterior's rate is the highest), from ``draws`` joint samples (ties go to the first)."""
    if not posteriors:
        return []
    samples = np.stack([rng.beta(p.alpha, p.beta, draws) for p in posteriors])
    wins = np.bincount(np.argmax(samples, axis=0), minlength=len(posteriors))
    return [float(w) / draws for w in wins]


def _var(p: Beta) -> float:
    n = p.alpha + p.beta
    return p.alpha * p.beta / (n * n * (n + 1))


@lru_cache(maxsize=1)
def _legendre(n: int = 512) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Legendre nodes and weights on (0, 1)."""
    x, w = np.polynomial.legendre.leggauss(n)
    return (x + 1) / 2, w / 2
