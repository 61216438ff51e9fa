"""Hosts break a merchant's forbidden permanence, removal or age limit without its words: 一冬天都不会起静电,
洗一百次都不掉色, 用到老都不掉 (永不…), 一辈子不用清洗 (终身免清洗: 免 is the host's 不用), 完全不起静电 (防静电: the
object's denial is the removing), 两岁就拿着玩 (适合三岁以下: the age said as already playing). A failure said to
happen, or an age with a caution, is no claim."""

from datetime import datetime

import pytest


AT = datetime(2032, 1, 10, 10, 0)

KB = {"skus": [
    {"sku_id": "FLEECE", "title": "暖羊 摇粒绒外套", "brand": "暖羊", "category": "服饰/外套", "price": 129,
     "forbidden_claims": ["不得宣称永不起静电", "不得宣称永不掉色"]},
    {"sku_id": "POT", "title": "好煮 陶瓷内胆电炖锅", "brand": "好煮", "category": "厨房/电炖锅", "price": 199,
     "forbidden_claims": ["不得宣称涂层永远不掉", "不得宣称内胆终身免清洗"]},
    {"sku_id": "RUG", "title": "软软 客厅地毯", "brand": "软软", "category": "家居/地毯", "price": 299,
     "forbidden_claims": ["不得宣称防静电"]},
    {"sku_id": "BELL", "title": "叮当 木制摇铃", "brand": "叮当", "category": "玩具/摇铃", "price": 39,
     "forbidden_claims": ["不得宣称适合三岁以下儿童玩"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("FLEECE", "这件穿一冬天都不会起静电。"),
    ("FLEECE", "深色的洗一百次都不掉色，我们自己洗过。"),
    ("FLEECE", "洗多少次都不掉色，放心洗。"),
    ("POT", "这个涂层用到老都不掉。"),
    ("POT", "陶瓷内胆一辈子不用清洗。"),
    ("RUG", "这块地毯完全不起静电。"),
    ("BELL", "我侄女两岁就拿着玩，喜欢得很。"),
])
def test_the_claim_in_the_hosts_words_breaks_the_sentence(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("FLEECE", "冬天还是会起静电，喷点水就好。"),
    ("FLEECE", "洗了两次有点掉色是正常的。"),
    ("POT", "内胆用完要清洗，拿软布擦就行。"),
    ("RUG", "干燥的时候会起静电，加湿器开着就好。"),
    ("BELL", "三岁以下的宝宝要大人陪着玩。"),
])
def test_a_failure_said_to_happen_or_a_caution_is_no_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []
