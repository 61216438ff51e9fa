"""The embedded template generator learns: a bandit per phrasing pool over what sold on air.

Each sentence of an attributed section variant is traced back to the template phrasing that wrote it
(a phrasing read as a pattern, slots as wildcards, the most specific match wins, only pools of the
variant's own section). A phrasing's evidence is the exposure and orders of the variants it appears in;
its posterior starts at the pool's overall rate with the weight of one order, so a phrasing never aired
is neither favoured nor shut out. Its weight is an exploration floor plus its P(best) in the pool:
the generator then draws winners more often and keeps trying the rest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from learn.outcomes import Beta, VariantStats, prob_best
from script_gen.template import PHRASINGS

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_FIELD = re.compile(r"\{[^{}]+\}")


def phrasings_in(section: str, text: str) -> list[str]:
    """``pool:index`` of the template phrasing behind each sentence of ``text`` (sentences no template
    wrote are skipped)."""
    keys = []
    for sentence in (m.group(0).strip() for m in _SENTENCE.finditer(text)):
        found = [(literal, key) for key, pattern, literal in _patterns(section) if pattern.fullmatch(sentence)]
        if found:
            keys.append(max(found)[1])
    return keys


def phrasing_weights(stats: Sequence[VariantStats], rng: np.random.Generator, floor: float = 0.1,
                     draws: int = 4000) -> dict[str, list[float]]:
    """Pool name -> one weight per phrasing, for pools with any evidence."""
    exposure: dict[str, float] = defaultdict(float)
    orders: dict[str, float] = defaultdict(float)
    for v in stats:
        for key in set(phrasings_in(v.section, v.text)):
            exposure[key] += v.exposure
            orders[key] += v.orders
    out: dict[str, list[float]] = {}
    for pool, (_, options) in PHRASINGS.items():
        keys = [f"{pool}:{i}" for i in range(len(options))]
        seen = sum(exposure[k] for k in keys)
        if seen <= 0:
            continue
        rate = max(sum(orders[k] for k in keys), 0.5) / seen
        prior = Beta(1.0, 1.0 / rate)
        posteriors = [Beta(prior.alpha + orders[k], prior.beta + max(exposure[k] - orders[k], 0.0)) for k in keys]
        p = prob_best(posteriors, rng, draws)
        out[pool] = [floor / len(keys) + (1 - floor) * q for q in p]
    return out


@lru_cache(maxsize=16)
def _patterns(section: str) -> tuple[tuple[str, re.Pattern[str], int], ...]:
    out = []
    for pool, (pool_section, options) in PHRASINGS.items():
        if pool_section != section:
            continue
        for i, template in enumerate(options):
            parts = _FIELD.split(template)
            literal = sum(len(p) for p in parts)
            out.append((f"{pool}:{i}", re.compile(".+?".join(re.escape(p) for p in parts), re.S), literal))
    return tuple((key, pattern, literal) for key, pattern, literal in out)
