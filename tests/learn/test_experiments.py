"""Thompson sampling concentrates on the better variant; promotion needs P(best) and enough exposure."""

from __future__ import annotations

from collections import Counter

import numpy as np

from learn.experiments import Arm, choose, judge
from learn.outcomes import Beta


def _run(true_rates: dict[str, float], rounds: int, seed: int, floor: float) -> Counter[str]:
    """Each round airs one variant to 100 viewer-minutes; its orders are known at once."""
    rng = np.random.default_rng(seed)
    seen = {k: [0.0, 0.0] for k in true_rates}
    picks: Counter[str] = Counter()
    for _ in range(rounds):
        arms = [Arm(k, Beta.of(o, e), e) for k, (e, o) in seen.items()]
        k = choose(arms, rng, explore_floor=floor)
        picks[k] += 1
        seen[k][0] += 100
        seen[k][1] += rng.binomial(100, true_rates[k])
    return picks


def test_thompson_sampling_concentrates_on_the_better_variant():
    picks = _run({"a": 0.02, "b": 0.03, "c": 0.015}, rounds=600, seed=4, floor=0.1)
    assert picks["b"] > 0.7 * 600
    assert min(picks.values()) >= 0.1 * 600 / 3 * 0.6  # the floor keeps measuring the others


def test_the_exploration_floor_alone_is_uniform():
    picks = _run({"a": 0.02, "b": 0.03}, rounds=2000, seed=1, floor=1.0)
    assert abs(picks["a"] - picks["b"]) < 200


def test_promotion_triggers_at_p_best_and_not_before_enough_exposure():
    rng = np.random.default_rng(0)
    clear = [Arm("a", Beta.of(40, 2000), 2000), Arm("b", Beta.of(80, 2000), 2000)]
    verdict = judge(clear, rng, promote_at=0.95, min_exposure=500)
    assert verdict.winner == "b" and verdict.p_best["b"] > 0.99
    close = [Arm("a", Beta.of(40, 2000), 2000), Arm("b", Beta.of(44, 2000), 2000)]
    assert judge(close, rng, promote_at=0.95).winner is None
    lucky = [Arm("a", Beta.of(0, 20), 20), Arm("b", Beta.of(6, 20), 20)]
    assert judge(lucky, rng, promote_at=0.95, min_exposure=0).winner == "b"
    assert judge(lucky, rng, promote_at=0.95, min_exposure=200).winner is None


def test_a_pin_overrides_the_draw():
    arms = [Arm("a", Beta.of(0, 5000)), Arm("b", Beta.of(500, 5000))]
    rng = np.random.default_rng(0)
    assert {choose(arms, rng, 0.0, pinned="a") for _ in range(50)} == {"a"}
