"""A merchant's forbidden count (不得宣称一百格, 不得宣称一次六个, 不得宣称一支能用一个月) is broken by that many things
said in any numerals or in English (一百格, 冻六个, "a hundred cubes", "six balls at once"); not by one (an article),
not by a number the SKU itself counts, not by a number said in a unit (six centimetres), and not by the value said of
many where the sentence forbids it of one (六片够半年). A forbidden capability's figure said in its unit states the
capability (能保温24小时: "stays hot for twenty-four hours"). In English a forbidden figure is said by its number in
the sentence and its unit (a whole year, six layers), never by another number (six hours) or by one said as an
article (buy one, get one)."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2029, 3, 14, 10, 0)

KB = {"skus": [
    {"sku_id": "ICE", "title": "冰方 冰格", "brand": "冰方", "category": "厨房/冰格", "price": 25,
     "attributes": [{"key": "格数", "value": "64", "unit": "格"}, {"key": "冰球直径", "value": "6", "unit": "cm"},
                    {"key": "球数", "value": "4", "unit": "个"}],
     "forbidden_claims": ["不得宣称一百格", "不得宣称一次六个"]},
    {"sku_id": "CARD", "title": "邮趣 明信片50张", "brand": "邮趣", "category": "文创/明信片", "price": 19.9,
     "attributes": [{"key": "张数", "value": "50", "unit": "张"}],
     "forbidden_claims": ["不得宣称有五十种图案"]},
    {"sku_id": "CLOTH", "title": "洁洁 洗碗布", "brand": "洁洁", "category": "家居/洗碗布", "price": 19.9,
     "attributes": [{"key": "片数", "value": "6", "unit": "片"}, {"key": "建议更换", "value": "每片用1个月"}],
     "forbidden_claims": ["不得宣称一片能用半年", "不得宣称染一次保持一周"]},
    {"sku_id": "BOX", "title": "暖暖 保温饭盒", "brand": "暖暖", "category": "厨房/饭盒", "price": 89,
     "attributes": [{"key": "保温时长", "value": "6", "unit": "小时"}],
     "forbidden_claims": ["不得宣称能保温24小时"]},
    {"sku_id": "PEG", "title": "木木 晾衣夹20只", "brand": "木木", "category": "家居/晾衣夹", "price": 12.9,
     "attributes": [{"key": "只数", "value": "20", "unit": "只"}],
     "forbidden_claims": ["不得宣称能用一年或永久使用", "不得宣称是六层的"]},
]}


@pytest.mark.parametrize("sku, text, said", [
    ("ICE", "两层加起来一百格，冰块管够。", "一百格"),
    ("ICE", "一个模具一次冻六个冰球。", "六个"),
    ("ICE", "Two layers give you a hundred cubes in one go.", "a hundred"),
    ("ICE", "One mould does six balls at once.", "six"),
    ("CLOTH", "这个布耐用，一片能用半年。", "半年"),
    ("CLOTH", "染一次保持一个礼拜。", "一个礼拜"),
])
def test_a_forbidden_count_said_in_any_numerals_is_that_claim(forbidden, sku, text, said):
    assert said in forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("ICE", "一个模具四个冰球，直径六厘米。"),                 # one is an article; the SKU's own count
    ("ICE", "Four ice balls at a time, six centimetres across."),  # six in a unit, not six things
    ("CARD", "一包五十张，正反都是空白。"),                     # a count the SKU itself has
    ("CLOTH", "一个月左右换一片，六片够半年。"),                 # half a year of six, not of one
    ("CLOTH", "染一次，一个小时就干了。"),                       # 一 is no week
])
def test_one_the_skus_own_count_a_unit_or_many_is_not_that_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []


@pytest.mark.parametrize("text, said", [
    ("Stays hot for a full twenty-four hours.", "twenty-four hours"),
    ("保温二十四小时，晚饭都还是烫的。", "二十四小时"),
])
def test_a_forbidden_capabilitys_figure_said_in_its_unit_is_that_claim(forbidden, text, said):
    assert any(said in found for found in forbidden(text, "BOX"))


@pytest.mark.parametrize("text", ["保温六个小时，中午吃正好。", "保温不了二十四小时，别指望。", "It keeps food warm for six hours."])
def test_the_skus_own_figure_or_a_denied_one_is_not_that_claim(forbidden, text):
    assert forbidden(text, "BOX") == []


@pytest.mark.parametrize("text", ["These pegs last you a whole year, rain or shine.", "Six layers, they never snap."])
def test_a_forbidden_figure_said_in_english_with_its_unit_is_that_claim(forbidden, text):
    assert forbidden(text, "PEG")


@pytest.mark.parametrize("text", ["Buy one, get one free today.", "Twenty pegs, six per bag.",
                                  "Wash them once a week and they stay clean."])
def test_another_number_or_one_as_an_article_is_not_that_claim(forbidden, text):
    assert forbidden(text, "PEG") == []


def test_another_value_of_a_forbidden_figures_unit_is_ruled_out_for_the_model():
    from script_gen.compliance import forbidden_ruled_out

    sku = Verifier(parse_json(json.dumps(KB), "m").kb).sku("ICE")
    text = "这款冰格一层六十四格，冻一盘够用。"
    assert [s for _, s, _ in forbidden_ruled_out(text, sku)] == [text.index("六十四格")]
