"""Lengths in the market 尺 (a third of a metre) as hosts say them: 两尺, 一尺半, 两尺四 (2.4 尺), 一尺四乘二尺二 for a
size; held against the KB's centimetres as precisely as the digits said; 尺码, 尺寸 and 尺子 are no lengths."""

from datetime import datetime

import pytest

AT = datetime(2030, 5, 12, 13, 10)
KB = {"skus": [
    {"sku_id": "V1", "title": "釉栖 青瓷梅瓶", "brand": "釉栖", "category": "家居/花瓶", "price": 328,
     "attributes": [{"key": "高度", "value": "32", "unit": "cm"}]},
    {"sku_id": "M1", "title": "团仔 地垫", "brand": "团仔", "category": "家居/地垫", "price": 59,
     "attributes": [{"key": "尺寸", "value": "48×74", "unit": "cm"}, {"key": "尺码", "value": "均码"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, found", [
    ("V1", "高度两尺，落地摆都够。", ["contradiction"]),  # 67 cm
    ("V1", "一尺半高。", ["contradiction"]),
    ("V1", "三十二公分，差不多一尺。", []),
    ("V1", "三十二公分，九寸六，不到一尺。", []),
    ("M1", "一尺四乘二尺二。", []),  # 46.7 × 73.3 cm, as precise as said
    ("M1", "两尺乘三尺。", ["contradiction"]),
    ("M1", "两个尺码都是均码。", []),
    ("V1", "一尺来长，摆桌上正好。", []),  # 33 cm: one 尺 is roughly what is said
    ("V1", "It stands about a foot tall.", []),  # 30.5 cm
])
def test_a_length_in_chi_is_held_against_the_kbs_centimetres(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found, text


KB["skus"].append({"sku_id": "S1", "title": "锋岚 厨房剪", "brand": "锋岚", "category": "厨具/剪刀", "price": 59,
                   "attributes": [{"key": "全长", "value": "约23", "unit": "cm"}, {"key": "净含量", "value": "250", "unit": "g"}]})


@pytest.mark.parametrize("text", [
    "整把一尺来长。",  # 23 cm is about 七寸
    "这把剪刀一尺长。",
    "It's a foot long.",  # nine inches
    "A full pound of it.",  # 250 g is 0.55 lb
])
def test_one_of_a_unit_said_of_what_is_far_from_it_is_flagged(verifier, text):
    assert kinds(verifier, "S1", text) == ["contradiction"], text


@pytest.mark.parametrize("sku, text, found", [
    ("S1", "二十三公分，差不多半尺。", ["contradiction"]),  # half a 尺 is 16.7 cm
    ("S1", "It weighs a quarter pound.", ["contradiction"]),  # 113 g against 250 g
    ("S1", "二百五十克，就是半斤。", []),
    ("S1", "Just over half a pound.", []),  # 227 g, and a bit
])
def test_half_or_a_quarter_of_a_unit_is_held_against_the_kb(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found, text
