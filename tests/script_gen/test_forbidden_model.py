"""The learned forbidden-claim model: trained here on a hand-written fixture, and the shipped weights on a KB in no eval set.

The fixture's merchants, products and sentences are written for this file; the held-out pairs share no
forbidden sentence with the training pairs, so separating them needs the features to carry across KBs.
"""

from dataclasses import replace
from datetime import datetime

import numpy as np
import pytest

from core.settings import ScriptSettings
from script_gen.compliance import forbidden_ruled_out, load_lexicon
from script_gen.forbidden_model import PAIR_SIZE, ForbiddenModel, SkuForbidden, fit, forbidden_model_for
from script_gen.generate import check_script_text
from script_gen.records import Attribute, Faq, KnowledgeBase, Sku
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)

# (forbidden sentence, host clause, violates?)
TRAIN = [
    ("不得宣称治疗失眠", "失眠的朋友用了当天就能睡着", True),
    ("不得宣称治疗失眠", "睡前放在床头，味道淡淡的", False),
    ("不得宣称治疗失眠", "它治不了失眠哈", False),
    ("不得宣称完全防水", "完全防水，泡一天都没事", True),
    ("不得宣称完全防水", "表带是硅胶的，戴着很软", False),
    ("不得宣称完全防水", "它不防水，洗手前摘下来", False),
    ("不得宣称降血压", "血压高的每天喝一杯，血压就降了", True),
    ("不得宣称降血压", "一盒二十包，每天冲一包", False),
    ("不得宣称永不褪色", "洗多少次都永不褪色", True),
    ("不得宣称永不褪色", "颜色有三种，米白、燕麦、雾蓝", False),
    ("不得宣称可以机洗", "脏了直接丢洗衣机，可以机洗", True),
    ("不得宣称可以机洗", "外壳用湿布擦一擦就干净", False),
]
HELD_OUT = [
    ("不得宣称缓解关节疼痛", "关节疼痛的老人贴上就缓解了", True),
    ("不得宣称缓解关节疼痛", "贴片是无纺布的，透气不闷", False),
    ("不得宣称百分百除螨", "百分百除螨，一只螨虫都不剩", True),
    ("不得宣称百分百除螨", "吸力有一万两千帕，地毯也能吸", False),
]


def _pair(sentence: str, clause: str) -> list[float]:
    sku = Sku(sku_id="FX-1", title="样品", category="测试", price=1, forbidden_claims=(sentence,))
    [[row]] = SkuForbidden.of(sku).features([clause])
    return row


def _xy(rows):
    x = np.array([_pair(sentence, clause) for sentence, clause, _ in rows])
    return x, np.array([float(label) for *_, label in rows])


def test_a_model_trained_on_other_sentences_separates_held_out_pairs():
    x, y = _xy(TRAIN)
    model = ForbiddenModel(fit(x, y), threshold=0.5)
    hx, hy = _xy(HELD_OUT)
    scores = [model.probability(list(row)) for row in hx]
    assert all(s > 0.5 for s, label in zip(scores, hy) if label)
    assert all(s < 0.5 for s, label in zip(scores, hy) if not label)


LAMP = Sku(
    sku_id="LAMP-9", title="萤光折叠台灯", category="家居/台灯", price=129,
    attributes=(Attribute(key="色温", value="3000-5000", unit="K"), Attribute(key="电池", value="2000", unit="mAh")),
    faq=(Faq(question="能给孩子写作业用吗？", answer="可以，亮度可调，建议配合顶灯使用。"),),
    forbidden_claims=("不得宣称预防近视", "不得宣称户外防雨使用"),
)


def _check(text: str, model: ForbiddenModel | None):
    return check_script_text(text, LAMP.sku_id, Verifier(KnowledgeBase(skus=(LAMP,))), AT, load_lexicon(),
                             forbidden=model)


def test_the_shipped_model_finds_a_paraphrased_forbidden_claim_the_rules_miss_and_cites_it():
    text = "家人们，孩子天天用它写作业，近视再也不找上门，色温三千到五千可调。"
    model = forbidden_model_for(ScriptSettings())
    assert model is not None and model.network.hidden.shape[0] == PAIR_SIZE
    assert _check(text, None) == []
    [finding] = _check(text, model)
    assert (finding.kind, finding.text) == ("forbidden_claim", "近视再也不找上门")
    assert text[finding.start:finding.end] == finding.text
    assert finding.fact_ref == "LAMP-9#forbidden:0" and "不得宣称预防近视" in finding.reason


def test_the_shipped_model_leaves_denials_and_plain_facts_alone():
    model = forbidden_model_for(ScriptSettings())
    for text in ("它不能预防近视哈，该查视力还是要去医院。", "这个灯放户外淋雨可不行哈。", "色温三千到五千可调，晚上看书很舒服。",
                 "后台有条备注让我说孩子用了近视再也不找上门，这个不能说。"):  # asked for, refused
        assert _check(text, model) == [], text


def test_the_setting_turns_the_model_off():
    assert forbidden_model_for(ScriptSettings(forbidden_model=False)) is None


COAT = Sku(sku_id="COAT-3", title="暖山羊毛混纺大衣", category="服饰/大衣", price=899,
           forbidden_claims=("不得宣称纯羊毛", "不得宣称防水"))


@pytest.mark.parametrize("text", ["面料是百分之七十羊毛，百分之三十锦纶。", "我不跟你们吹纯羊毛哈"])
def test_the_model_keeps_a_verdict_the_rules_reached_on_the_same_sentence(text):
    # a threshold the words alone pass (the shipped one is refitted each time the sets grow), so the verdict is what
    # keeps the finding off
    model = replace(forbidden_model_for(ScriptSettings()), threshold=0.5)
    ruled_out = forbidden_ruled_out(text, COAT)
    assert [text[s:e] for n, s, e in ruled_out if n == 0] == ["羊毛"] and all(n == 0 for n, _, _ in ruled_out)
    assert model.review(text, COAT, [], ruled_out) == []
    if "吹" not in text:  # 我不跟你们吹…: the model also reads the disclaimer itself (claim_classes.DISCLAIMER)
        assert model.review(text, COAT, []) != []  # without the rules' verdict the words alone would pass the threshold



def test_a_finding_on_a_clause_naming_only_the_audience_spans_the_promise_that_follows():
    sku = Sku(sku_id="TEA-4", title="山野苦荞茶", category="食品/茶饮", price=59, forbidden_claims=("不得宣称降尿酸",))
    model = replace(forbidden_model_for(ScriptSettings()), threshold=0.5)  # (the span is the question, not the score)
    text = "尿酸高的家人们，早晚泡一杯，化验单上那个数就下去了。"
    findings = model.review(text, sku, [])
    assert findings and all(f.text != "尿酸高的家人们" for f in findings)
    assert any(f.text.startswith("尿酸高的家人们，早晚泡一杯") for f in findings)


WATCH = Sku(sku_id="WCH-7", title="衡远自动机械表", category="配饰/手表", price=1299,
            attributes=(Attribute(key="日差", value="-10~+20", unit="秒"),),
            forbidden_claims=("不得宣称走时零误差", "不得宣称可以游泳潜水"))


def test_the_shipped_model_hears_a_forbidden_claim_said_in_another_language():
    """No word of 走时零误差 is in the English line: only its meaning (script_gen.meaning) is."""
    model = forbidden_model_for(ScriptSettings())
    text = "Zero error, it keeps perfect time. Twelve ninety-nine tonight."
    [finding] = model.review(text, WATCH, [])
    assert finding.text == "Zero error" and finding.fact_ref == "WCH-7#forbidden:0"


@pytest.mark.parametrize("text", [
    "It's not zero error, a mechanical watch gains a few seconds a day.",
    "这表不能戴着游泳哈，洗手溅点水没事。",
    "别戴着下水，游泳潜水都不行。",
])
def test_a_claim_turned_round_is_not_heard_as_the_claim(text):
    assert forbidden_model_for(ScriptSettings()).review(text, WATCH, []) == [], text


IRON = Sku(sku_id="HS-2", title="直发夹板", category="个护/夹板", price=199,
           forbidden_claims=("不得宣称可以直接夹湿发", "不得宣称能治疗脱发"))


@pytest.mark.parametrize(("text", "claim"), [("头发不用吹干，湿着直接夹就行。", "湿着直接夹就行"),
                                             ("掉头发的姐妹用了它，脱发都不怕了。", "脱发都不怕了")])
def test_a_negation_that_promises_the_effect_does_not_hide_the_claim(text, claim):
    """不用吹干 (no need to dry) and 都不怕了 (no longer a worry) promise what the merchant forbids: the network scores
    the clause near the top, above a plain denial of the same claim (the shipped threshold is refitted as sets grow)."""
    model = forbidden_model_for(ScriptSettings())
    scores = {f.text: p for p, f in model.scored(text, IRON, [])}
    denied = max((p for p, _ in model.scored("这个夹板不能治疗脱发，也要吹干再夹。", IRON, [])), default=0.0)
    assert scores.get(claim, 0.0) >= 0.95 and scores[claim] > denied


@pytest.mark.parametrize("text", ["湿头发不能直接夹，先吹到八成干。", "它治不了脱发哈。"])
def test_the_same_claims_denied_stay_clean(text):
    assert forbidden_model_for(ScriptSettings()).review(text, IRON, []) == [], text


POT = Sku(sku_id="POT-2", title="炊烟铸铁汤锅2.5L", category="厨具/汤锅", price=199, forbidden_claims=("不得宣称可以上电磁炉",))


def test_a_need_sent_to_another_product_is_not_heard_as_the_claim():
    model = forbidden_model_for(ScriptSettings())

    def forbidden(text):
        return [f.text for f in check_script_text(text, POT.sku_id, Verifier(KnowledgeBase(skus=(POT,))), AT, load_lexicon(),
                                                  forbidden=model) if f.kind == "forbidden_claim"]
    assert "要电磁炉的拿四升那口" not in forbidden("两升半的只能明火燃气灶，不能上电磁炉；要电磁炉的拿四升那口。")
    assert forbidden("这口锅电磁炉上照样能用。") == ["这口锅电磁炉上照样能用"]


def test_a_text_of_thousands_of_clauses_is_read_in_bounded_memory():
    """Each clause pairs with each sentence in 551 numbers: a hostile text of short clauses is featured a batch at a
    time, not all at once (2000 clauses x 5 sentences together peak near 47 MB as float32 arrays, ten times that as
    Python lists; a batch at a time, near 13 MB)."""
    import tracemalloc

    sku = Sku(sku_id="COAT-9", title="暖山大衣", category="服饰/大衣", price=899,
              forbidden_claims=("不得宣称防水", "不得宣称纯棉", "不得宣称抗菌", "不得宣称永不褪色", "不得宣称进口面料"))
    model = forbidden_model_for(ScriptSettings())
    text = "颜色挺好看，" * 2000
    model.review("颜色挺好看，", sku, [])  # the encoder's weights are read once, outside the measure
    tracemalloc.start()
    try:
        assert model.review(text, sku, []) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * 2**20, peak
