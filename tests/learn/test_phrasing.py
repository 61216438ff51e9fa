"""The template generator learns which phrasings sell, and what it writes stays faithful and compliant."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import numpy as np

from learn.outcomes import Beta, VariantStats
from learn.phrasing import phrasing_weights, phrasings_in
from script_gen.compliance import load_lexicon
from script_gen.generate import check_script_text, generate_script
from script_gen.kb_import import import_kb
from script_gen.template import PHRASINGS, TemplateBackend
from script_gen.verify import Verifier

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "kb" / "sample_kb.json"
AT = datetime(2026, 12, 5, 20, 0)


def _hook(i: int) -> str:
    return PHRASINGS["hook"][1][i].format(title="小熊电炖锅", brand="小熊", short="电炖锅")


def _stats(i: int, exposure: float, orders: float) -> VariantStats:
    post = Beta.of(orders, exposure)
    return VariantStats("sku", "hook", f"v{i}", _hook(i), 10, exposure, 0.0, orders, 0.0, post.alpha, post.beta)


def test_sentences_are_traced_to_the_phrasing_that_wrote_them():
    assert phrasings_in("hook", _hook(3)) == ["hook:3"]
    assert phrasings_in("selling_point", "首先，陶瓷内胆。大家注意看，三档火力。") == ["sp_ordinal:0", "sp:1"]
    assert phrasings_in("hook", "我自己编的一句开场白。") == []


def test_weights_favour_the_phrasing_that_sold_and_keep_a_floor():
    stats = [_stats(0, 5000, 10), _stats(1, 5000, 40), _stats(2, 5000, 12)]
    weights = phrasing_weights(stats, np.random.default_rng(0), floor=0.1)
    hook = weights["hook"]
    assert len(hook) == len(PHRASINGS["hook"][1]) and abs(sum(hook) - 1) < 1e-9
    assert max(range(len(hook)), key=hook.__getitem__) == 1 and hook[1] > 0.5
    assert hook[1] > 10 * max(hook[0], hook[2])  # the measured losers
    assert 0.05 < hook[3] < hook[1]  # never aired: tried, neither favoured nor shut out
    assert min(hook) >= 0.1 / len(hook) - 1e-12
    assert "pain" not in weights  # no evidence, no opinion: drawn uniformly as before


def test_learned_weights_change_what_is_generated_and_it_still_passes_the_checks():
    kb = import_kb(SAMPLE).kb
    verifier, lexicon = Verifier(kb), load_lexicon()
    favourite = _hook(1).split("，")[0]  # 新进来的朋友先别走
    weights = {"hook": [0.01, 0.96, 0.01, 0.01, 0.01]}

    def openings(backend: TemplateBackend | None) -> Counter[bool]:
        seen: Counter[bool] = Counter()
        for seed in range(12):
            result = generate_script(kb, "KIT-002", style="live", seconds=60, at=AT, seed=seed, verifier=verifier,
                                     lexicon=lexicon, backend=backend)
            assert check_script_text(result.script.text, "KIT-002", verifier, AT, lexicon) == []
            seen[result.script.sections[0].sentences[0].text.startswith(favourite)] += 1
        return seen

    assert openings(TemplateBackend(weights))[True] >= 10
    assert openings(None)[True] <= 6
