"""A forbidden claim about all of a thing (适配所有品牌抓板架, 所有车型通用) said as "whatever X, it works": a question
word before the thing (什么牌子的架子都能塞, 啥车都能装, 大车小车都行) or every/any before it in English (fits every car,
any brand's electric wok), the thing by its word or one of its characters; said denied or about something else, it is
no claim."""

from datetime import datetime

import pytest

AT = datetime(2029, 3, 2, 20, 0)
KB = {"skus": [
    {"sku_id": "U1", "title": "喵趣 瓦楞纸猫抓板替换芯", "brand": "喵趣", "category": "宠物/猫抓板", "price": 29,
     "forbidden_claims": ["不得宣称适配所有品牌抓板架"]},
    {"sku_id": "U2", "title": "车途 汽车遮阳挡", "brand": "车途", "category": "汽车用品/遮阳挡", "price": 49,
     "forbidden_claims": ["不得宣称所有车型通用", "不得宣称全球所有国家通用"]},
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
