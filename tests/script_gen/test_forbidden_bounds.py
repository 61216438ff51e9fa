"""A forbidden figure with a bound (续航超过2小时, 通话距离10公里以上, 最高时速超过25km/h, 6个月以下幼猫) is broken by a
value past it in its unit (including the bound itself said as beyond it: 十公里以外), with a character of what it
measures; a speed bound is not broken by a distance, and a note in brackets (（6个月以上使用）) forbids nothing."""

from datetime import datetime

import pytest

AT = datetime(2029, 3, 2, 20, 0)
KB = {"skus": [
    {"sku_id": "B1", "title": "行川 对讲机", "brand": "行川", "category": "数码/对讲机", "price": 199,
     "forbidden_claims": ["不得宣称通话距离10公里以上"]},
    {"sku_id": "B2", "title": "行川 电动滑板车", "brand": "行川", "category": "出行/滑板车", "price": 1999,
     "forbidden_claims": ["不得宣称最高时速超过25km/h"]},
    {"sku_id": "B3", "title": "喵趣 幼猫猫砂盆", "brand": "喵趣", "category": "宠物/猫砂盆", "price": 89,
     "forbidden_claims": ["不得宣称6个月以下幼猫可用", "不得宣称适合新生儿（6个月以上使用）"]},
]}


def forbidden(verifier, sku, text):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind == "forbidden_claim"]


@pytest.mark.parametrize("sku, text", [
    ("B1", "十公里以外都能说话。"),
    ("B1", "隔着十五公里都能通话。"),
    ("B2", "最高能跑到三十五公里每小时。"),
])
def test_a_value_past_a_forbidden_bound_is_found(verifier, sku, text):
    assert forbidden(verifier, sku, text), text


@pytest.mark.parametrize("sku, text", [
    ("B1", "空旷地方三公里左右能通话。"),
    ("B2", "理论续航五十公里，按二十五公里每小时匀速骑，两个钟头左右。"),  # a distance is no speed
    ("B3", "适合六到十二个月的猫用。"),  # the bracketed note forbids nothing
])
def test_a_value_inside_the_bound_another_measure_or_a_note_is_no_claim(verifier, sku, text):
    assert forbidden(verifier, sku, text) == [], text
