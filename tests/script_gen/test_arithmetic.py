"""Values a host works out aloud: right when they are the sum or product of the values said or stated."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "J1", "title": "果园鲜橙汁1L×6瓶", "brand": "果园", "category": "食品/饮料", "price": 59,
     "attributes": [{"key": "规格", "value": "1L×6瓶"}, {"key": "维生素C", "value": "30mg/100mL"},
                    {"key": "糖", "value": "9g/100mL"}]},
    {"sku_id": "V1", "title": "安泰复合维生素", "brand": "安泰", "category": "保健食品/维生素", "price": 99,
     "attributes": [{"key": "维生素B1", "value": "1.4mg/片"}, {"key": "维生素B2", "value": "1.6mg/片"}]},
    {"sku_id": "D1", "title": "汪记成犬粮2kg", "brand": "汪记", "category": "宠物/狗粮", "price": 89,
     "attributes": [{"key": "净含量", "value": "2kg"}], "usage": "每天每公斤体重约20g，分两次喂。"},
]}


@pytest.fixture(scope="module")
def verifier():
    return Verifier(parse_json(json.dumps(KB), "m").kb)


def kinds(verifier, sku_id, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("J1", "一瓶一升，一箱六瓶，一共六升。"),                      # a value times a count, said as a total
    ("J1", "一瓶一升，每一百毫升九克糖，一瓶就是九十克糖。"),      # a rate times an amount of its denominator
    ("V1", "B1一点四毫克、B2一点六毫克，加起来三毫克。"),          # a sum, said as a total
    ("D1", "十公斤的狗狗，一天大概两百克。"),                      # a KB rate per body weight, and the weight put in
])
def test_values_worked_out_aloud_are_grounded(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text,span", [
    ("J1", "一瓶一升，一箱六瓶，一共八升。", "八升"),              # the total does not add up
    ("J1", "一瓶一升，一箱六瓶，有两升。", "两升"),                 # no total said: the count is no factor
    ("V1", "B1一点四毫克、B2一点六毫克，B1其实是三毫克。", "三毫克"),  # a sum not said as a total
    ("D1", "十公斤的狗狗，一天大概五百克。", "一天大概五百克"),
    ("J1", "一瓶一百毫升，维生素C三十毫克。", "一瓶一百毫升"),  # a value the KB states vouches for no wrong operand
])
def test_values_that_do_not_add_up_are_still_found(verifier, sku_id, text, span):
    assert span in [t for _, t in kinds(verifier, sku_id, text)]
