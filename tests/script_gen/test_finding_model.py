"""The second look at claim findings: trained here on hand-made findings, wired into the check, and the shipped weights.

The fixture's findings are written for this file: a price the rules flag where the host names what it pays for (是两袋的钱,
是三罐的价) is a reading gone wrong; the same price said as today's price is a real error. The held-out findings use
other numbers, units and words, so separating them needs the context features to carry over.
"""

from datetime import datetime

import numpy as np
import pytest

from core.settings import ScriptSettings
from script_gen.compliance import load_lexicon
from script_gen.finding_model import HASH_BITS, FindingModel, finding_features, finding_model_for, fit, hashed
from script_gen.generate import check_script_text
from script_gen.records import Attribute, Finding, KnowledgeBase, Sku
from script_gen.verify import Verifier

AT = datetime(2026, 12, 7, 20, 0)


def _finding(text: str, span: str) -> tuple[Finding, str]:
    start = text.index(span)
    return Finding(kind="wrong_price", start=start, end=start + len(span), text=span,
                   reason="价格“0”与知识库不符（今天到手价0元）"), text


# (text, flagged span, holds?)
TRAIN = [
    ("四十五块八是两袋的钱，一袋二十二块九", "四十五块八", False),
    ("三十五块是两盒的钱，拍两盒最划算", "三十五块", False),
    ("六十八是两支的钱，单买一支三十九", "六十八", False),
    ("一百三十二是三盒的钱，囤货的拍三盒", "一百三十二", False),
    ("今天就卖四十五块八，赶紧拍", "四十五块八", True),
    ("今天直播间只要三十五块，家人们冲", "三十五块", True),
    ("现在下单六十八就能带走", "六十八", True),
    ("今天一百三十二一盒，库存不多了", "一百三十二", True),
]
HELD_OUT = [
    ("二十九块六是两罐的钱，一罐十四块八", "二十九块六", False),
    ("五十九块七是三本的钱，三本一起拍", "五十九块七", False),
    ("今天就卖二十九块六，手慢无", "二十九块六", True),
    ("现在下单五十九块七就能带走", "五十九块七", True),
]


def _model(threshold: float = 0.5) -> FindingModel:
    rows = [hashed(finding_features(*_finding(text, span))) for text, span, _ in TRAIN]
    weights, bias = fit(rows, np.array([float(holds) for *_, holds in TRAIN]))
    return FindingModel(weights, bias, threshold)


def test_a_model_trained_on_other_findings_separates_held_out_ones():
    model = _model()
    for text, span, holds in HELD_OUT:
        p = model.probability(*_finding(text, span))
        assert (p > 0.5) == holds, (text, p)


def test_review_drops_the_low_ones_and_never_a_banned_or_forbidden_finding():
    model = _model()
    text = "二十九块六是两罐的钱，全网最低"
    wrong, _ = _finding(text, "二十九块六")
    banned = Finding(kind="banned_term", start=text.index("最低"), end=len(text), text="最低", reason="绝对化用语")
    forbidden = Finding(kind="forbidden_claim", start=0, end=5, text=text[:5], reason="商家禁止的宣传")
    assert model.review(text, [wrong, banned, forbidden]) == [banned, forbidden]


JAR = Sku(sku_id="JAR-7", title="禾田蜂蜜500g", category="食品/蜂蜜", price=39.9,
          attributes=(Attribute(key="净含量", value="500", unit="g"),))


def test_the_check_runs_the_model_on_the_rules_claim_findings_only():
    text = "这罐蜂蜜净含量八百克，全网最低价。"
    verifier = Verifier(KnowledgeBase(skus=(JAR,)))
    plain = check_script_text(text, JAR.sku_id, verifier, AT, load_lexicon())
    assert {f.kind for f in plain} >= {"contradiction", "banned_term"}
    doubts_all = FindingModel(np.zeros(1 << HASH_BITS, np.float32), -10.0, 0.5)
    looked = check_script_text(text, JAR.sku_id, verifier, AT, load_lexicon(), second_look=doubts_all)
    assert [f for f in plain if f.kind == "banned_term"] == looked


def test_the_shipped_model_keeps_plain_errors():
    model = finding_model_for(ScriptSettings())
    assert model is not None and model.weights.shape == (1 << HASH_BITS,)
    verifier = Verifier(KnowledgeBase(skus=(JAR,)))
    for text, kind in (("这罐蜂蜜净含量八百克，早上冲一杯。", "contradiction"), ("今天直播间只要二十九块九一罐。", "wrong_price"),
                       ("全网最低价，国家级品质，只要十九块九！", "wrong_price")):
        found = check_script_text(text, JAR.sku_id, verifier, AT, load_lexicon(), second_look=model)
        assert kind in {f.kind for f in found}, text


@pytest.mark.parametrize("on", [True, False])
def test_the_setting_turns_the_model_on_and_off(on):
    assert (finding_model_for(ScriptSettings(finding_model=on)) is not None) == on
