"""A merchant's forbidden age (不得宣称3岁以下可用, 不得宣称适合婴儿) is broken by any age below it said to be fine,
in any words: 十个月宝宝就能滑, fine for babies under one, safe for toddlers; not by the product's own ages, an age
difference, a full-month gift, a kindergarten class or 宝宝 said of any child."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json

AT = datetime(2029, 3, 14, 10, 0)

KB = {"skus": [
    {"sku_id": "S1", "title": "跳跳 室内滑梯", "brand": "跳跳", "category": "玩具/滑梯", "price": 299,
     "attributes": [{"key": "适用年龄", "value": "3岁以上"}],
     "forbidden_claims": ["不得宣称3岁以下可玩"]},
    {"sku_id": "B1", "title": "暖兜 纱布围嘴", "brand": "暖兜", "category": "母婴/围嘴", "price": 39,
     "attributes": [{"key": "材质", "value": "纱布"}],
     "forbidden_claims": ["不得宣称适合婴儿", "不得宣称A类婴幼儿标准"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("S1", "十个月宝宝就能滑。"),
    ("S1", "两岁半的孩子玩正合适。"),
    ("S1", "Safe for toddlers from two."),
    ("S1", "Your 2-year-old can play on it, no problem."),
    ("S1", "Kids from two can handle it."),
    ("S1", "It's fine for toddlers from 18 months."),
    ("S1", "几个月的小宝宝也能玩。"),
    ("S1", "我家孩子一岁半就玩上了。"),
    ("S1", "十个月也可以上去滑。"),
    ("B1", "They're fine for babies under one."),
    ("B1", "It's safe for newborns too."),
    ("B1", "刚出生的宝宝也可以用。"),
])
def test_an_age_below_the_forbidden_bound_said_fine_is_that_claim(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("S1", "三岁以上的小朋友可以玩。"),         # the product's own age
    ("S1", "三岁以下的宝宝不能玩。"),           # ruled out
    ("S1", "幼儿园中班的孩子玩正好。"),         # a kindergarten class is no toddler
    ("S1", "哥哥五岁，弟弟小一岁，都能玩。"),    # an age difference
    ("S1", "Kindergartners can play on it."),      # four to six
    ("B1", "满月送礼的可以看看。"),             # a full-month gift
    ("B1", "家里有宝宝的放心。"),               # 宝宝 is any child
    ("B1", "一岁以上的宝宝可以用。"),           # from the bound on
    ("B1", "宝宝穿放心。"),                     # 婴幼儿标准 names a standard, not an age
])
def test_the_products_own_ages_and_other_words_are_no_forbidden_age(forbidden, sku, text):
    assert forbidden(text, sku) == []


def test_an_age_a_size_is_for_is_the_products_own():
    from script_gen.constraints import SkuConstraints

    kb = parse_json(json.dumps({"skus": [
        {"sku_id": "W1", "title": "护腕 儿童护具", "brand": "跳跳", "category": "运动/护具", "price": 59,
         "attributes": [{"key": "S码", "value": "3-6岁，腕围11-13cm"}],
         "forbidden_claims": ["不得宣称3岁以下可用"]}]}), "m").kb
    rules = [r for r in SkuConstraints(kb.skus[0], kb).rules if r.kind == "forbidden_claim"]
    assert rules and all(r.find("3岁小朋友也能戴") is None for r in rules)
    assert any(r.find("2岁小朋友也能戴") for r in rules)
