"""The outcomes contract: posteriors and their comparisons agree with sampling and with closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from learn import Beta, VariantStats, prob_best, prob_better


def test_prob_better_matches_the_closed_form_for_integer_parameters():
    # P(X > Y) for X ~ Beta(a, b), Y ~ Beta(c, d) with integer a: sum_{i=0}^{a-1} B(c+i, b+d) / ((b+i) B(1+i, b) B(c, d))
    # (Evan Miller, "Formulas for Bayesian A/B testing")
    from scipy.special import betaln

    def exact(a: int, b: int, c: int, d: int) -> float:
        total = sum(np.exp(betaln(c + i, b + d) - np.log(b + i) - betaln(1 + i, b) - betaln(c, d)) for i in range(a))
        return float(total)

    for a, b, c, d in [(3, 5, 5, 3), (12, 900, 9, 950), (1, 1, 40, 4000), (60, 20, 2, 2)]:
        assert prob_better(Beta(a, b), Beta(c, d)) == pytest.approx(exact(a, b, c, d), abs=1e-5)
        assert prob_better(Beta(a, b), Beta(c, d)) + prob_better(Beta(c, d), Beta(a, b)) == pytest.approx(1.0)


def test_prob_best_agrees_with_pairwise_for_two_and_sums_to_one():
    a, b = Beta(30, 970), Beta(20, 980)
    best = prob_best([a, b], np.random.default_rng(1), draws=200_000)
    assert best[0] == pytest.approx(prob_better(a, b), abs=0.005)
    three = prob_best([a, b, Beta(1, 1)], np.random.default_rng(2))
    assert sum(three) == pytest.approx(1.0)


def test_posterior_from_counts_and_its_interval():
    post = Beta.of(successes=12, trials=1000)
    assert (post.alpha, post.beta) == (13, 989)
    low, high = post.interval(0.9)
    assert low < 12 / 1000 < high and high - low < 0.015
    assert Beta.of(successes=50, trials=10).beta == 1.0  # more orders than viewer-minutes: capped, never negative
    v = VariantStats("sku", "hook", "v1", "欢迎", exposure=500.0, clicks=25.0, orders=5.0, alpha=6.0, beta=496.0)
    assert v.conversion.mean == pytest.approx(6 / 502)
    assert v.click_rate.mean == pytest.approx(26 / 502)
