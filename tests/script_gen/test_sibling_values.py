"""A value only a sibling's attributes hold, said of this SKU: each part of a listed value counts (玻璃+榉木), a note in
brackets is no value (亚克力（不是玻璃）), "that one" after a sibling named as a yardstick is that sibling, and a word of
a sibling's title that is one of this SKU's own values (超纤皮) or a word of its own category (冰箱 of 冰箱除味) does not
name the sibling."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2031, 1, 13, 9, 0)
KB = {"skus": [
    {"sku_id": "SL-301", "title": "时砂60分钟高硼硅沙漏 胡桃木架", "brand": "时砂", "category": "家居/沙漏", "price": 129,
     "attributes": [{"key": "计时", "value": "60", "unit": "分钟"}, {"key": "玻璃", "value": "高硼硅"},
                    {"key": "架子", "value": "胡桃木"}],
     "faq": [{"question": "和刷牙沙漏比？",
              "answer": "SL-301是60分钟的玻璃沙漏，SL-302是3分钟的。"}]},
    {"sku_id": "SL-302", "title": "时砂儿童刷牙沙漏 3分钟", "brand": "时砂", "category": "家居/沙漏", "price": 19,
     "attributes": [{"key": "计时", "value": "3", "unit": "分钟"}, {"key": "外壳", "value": "亚克力（不是玻璃）"}]},
    {"sku_id": "SL-303", "title": "时砂计时沙漏四只套装", "brand": "时砂", "category": "家居/沙漏", "price": 59,
     "attributes": [{"key": "材质", "value": "玻璃+榉木"}]},
    {"sku_id": "WT-221", "title": "握途超纤皮方向盘套", "brand": "握途", "category": "汽车用品/方向盘套", "price": 69,
     "attributes": [{"key": "材质", "value": "超纤皮"}]},
    {"sku_id": "WT-223", "title": "握途D型平底方向盘套", "brand": "握途", "category": "汽车用品/方向盘套", "price": 89,
     "attributes": [{"key": "材质", "value": "超纤皮+麂皮绒拼接"}]},
]}


@pytest.fixture(scope="module")
def siblings():
    return Verifier(parse_json(json.dumps(KB, ensure_ascii=False), "m").kb)


def others(verifier, sku, text):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind == "other_sku"]


@pytest.mark.parametrize("sku, text, span", [
    ("SL-301", "外壳是亚克力的。", "亚克力"),  # SL-302's shell (its value's note, 不是玻璃, is no value)
    ("SL-301", "架子是榉木的。", "榉木"),  # SL-303's, one part of 玻璃+榉木
])
def test_a_siblings_value_said_of_this_sku_is_found(siblings, sku, text, span):
    assert span in others(siblings, sku, text)


@pytest.mark.parametrize("sku, text", [
    ("SL-301", "跟儿童刷牙那个比，那个三分钟、亚克力壳；这个六十分钟、高硼硅玻璃的。"),  # "that one" is the yardstick
    ("WT-223", "D型平底套，超纤皮加麂皮绒拼接。"),  # 超纤皮 is this SKU's own value, not WT-221's name here
    ("SL-302", "刷牙沙漏外壳是亚克力的。"),
])
def test_a_value_said_of_its_own_sku_is_clean(siblings, sku, text):
    assert others(siblings, sku, text) == []


def test_a_word_of_its_own_category_in_a_siblings_title_names_no_sibling():
    kb = {"skus": [
        {"sku_id": "D-1", "title": "清柜 椰壳活性炭冰箱除味盒", "brand": "清柜", "category": "家居日用/冰箱除味", "price": 39},
        {"sku_id": "D-3", "title": "清柜 充电式冰箱电子除味器", "brand": "清柜", "category": "家居日用/冰箱除味", "price": 99},
        {"sku_id": "D-2", "title": "清柜 柚子凝胶除味罐", "brand": "清柜", "category": "家居日用/冰箱除味", "price": 29,
         "forbidden_claims": ["不得宣称杀菌消毒"]}]}
    verifier = Verifier(parse_json(json.dumps(kb, ensure_ascii=False), "m").kb)
    found = [f.text for f in verifier.verify("冰箱杀菌消毒一步到位。", "D-2", AT) if f.kind == "forbidden_claim"]
    assert found == ["杀菌消毒"]


def test_a_yes_or_no_attribute_value_of_a_sibling_is_no_mark_of_it():
    kb = {"skus": [
        {"sku_id": "AP-1", "title": "暖厨 帆布围裙", "brand": "暖厨", "category": "家居/围裙", "price": 39,
         "attributes": [{"key": "材质", "value": "帆布"}]},
        {"sku_id": "AP-2", "title": "暖厨 防水围裙", "brand": "暖厨", "category": "家居/围裙", "price": 49,
         "attributes": [{"key": "材质", "value": "TPU"}, {"key": "机洗", "value": "可以"}]},
    ]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f.kind for f in verifier.verify("挂脖可以调，高个矮个都能系。", "AP-1", AT)] == []
