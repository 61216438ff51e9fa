"""Forbidden claims as hosts say them.

A forbidden claim about all of a thing (适配所有品牌抓板架, 所有车型通用) said as "whatever X, it works": a question
word before the thing (什么牌子的架子都能塞, 啥车都能装, 大车小车都行) or every/any before it in English (fits every car,
any brand's electric wok), the thing by its word or one of its characters; said denied or about something else, it is
no claim.

A forbidden figure with a bound (续航超过2小时, 通话距离10公里以上, 最高时速超过25km/h, 6个月以下幼猫) is broken by a
value past it in its unit (including the bound itself said as beyond it: 十公里以外), with a character of what it
measures; a speed bound is not broken by a distance, and a note in brackets (（6个月以上使用）) forbids nothing.

A forbidden claim said denied is no claim: 不 right before its verb (这个不矫正散光), or the verb said unable after
it (淡化不了, 代替不了); 不用 and 不需 still say the product does away with something (就不用穿救生衣了)."""

from datetime import datetime

import pytest

AT = datetime(2029, 3, 2, 20, 0)
KB = {"skus": [
    {"sku_id": "U1", "title": "喵趣 瓦楞纸猫抓板替换芯", "brand": "喵趣", "category": "宠物/猫抓板", "price": 29,
     "forbidden_claims": ["不得宣称适配所有品牌抓板架"]},
    {"sku_id": "U2", "title": "车途 汽车遮阳挡", "brand": "车途", "category": "汽车用品/遮阳挡", "price": 49,
     "forbidden_claims": ["不得宣称所有车型通用", "不得宣称全球所有国家通用"]},
    {"sku_id": "B1", "title": "行川 对讲机", "brand": "行川", "category": "数码/对讲机", "price": 199,
     "forbidden_claims": ["不得宣称通话距离10公里以上"]},
    {"sku_id": "B2", "title": "行川 电动滑板车", "brand": "行川", "category": "出行/滑板车", "price": 1999,
     "forbidden_claims": ["不得宣称最高时速超过25km/h"]},
    {"sku_id": "B3", "title": "喵趣 幼猫猫砂盆", "brand": "喵趣", "category": "宠物/猫砂盆", "price": 89,
     "forbidden_claims": ["不得宣称6个月以下幼猫可用", "不得宣称适合新生儿（6个月以上使用）"]},
    {"sku_id": "G1", "title": "澄镜 泳镜", "brand": "澄镜", "category": "运动/泳镜", "price": 69,
     "forbidden_claims": ["不得宣称矫正散光", "不得宣称可以代替近视眼镜"]},
    {"sku_id": "C1", "title": "遮瑕 粉底棒", "brand": "遮瑕", "category": "美妆/粉底", "price": 129,
     "forbidden_claims": ["不得宣称淡化痘印或祛斑"]},
]}


def forbidden(verifier, sku, text):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind == "forbidden_claim"]


@pytest.mark.parametrize("sku, text", [
    ("U1", "什么牌子的架子都能塞。"),
    ("U1", "哪个牌子的抓板架都能装。"),
    ("U2", "啥车都能装。"),
    ("U2", "什么车都能套，大车小车都行。"),
    ("U2", "Fits every car out there."),
    ("U2", "Works in every single country on earth."),
    ("U1", "It'll fit every brand's frame."),
])
def test_any_of_the_thing_said_to_work_breaks_a_claim_about_all_of_it(verifier, sku, text):
    assert forbidden(verifier, sku, text), text


@pytest.mark.parametrize("sku, text", [
    ("U1", "不是什么牌子的架子都能塞，买前量一下。"),
    ("U2", "什么车都要先量好尺寸再拍。"),
    ("U2", "Not every car fits, measure first."),
    ("U2", "Every car owner loves it in summer."),
])
def test_denied_or_said_of_something_else_it_is_no_claim(verifier, sku, text):
    assert forbidden(verifier, sku, text) == [], text


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


@pytest.mark.parametrize("sku, text", [
    ("G1", "说清楚，这个不矫正散光。"),
    ("C1", "痘印它只能遮一下，淡化不了。"),
    ("G1", "平时戴的近视眼镜它代替不了。"),
])
def test_a_forbidden_claim_said_denied_is_no_finding(verifier, sku, text):
    assert forbidden(verifier, sku, text) == [], text


@pytest.mark.parametrize("sku, text", [
    ("G1", "戴上它散光都矫正了。"),
    ("G1", "戴上它就不用戴近视眼镜了。"),
    ("C1", "用一个月痘印就淡化了。"),
])
def test_the_same_claims_said_outright_are_still_found(verifier, sku, text):
    assert forbidden(verifier, sku, text), text
