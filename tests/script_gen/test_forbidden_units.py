"""A forbidden figure in a metric unit (不得宣称容量500毫升, 加厚5mm, 高10厘米, 二十升, 10000mAh) is read in the whole
unit, not its first character (毫): said in any numerals or spelling of that unit (五百毫升, 10公分, "five hundred
millilitres", "five millimetres") it breaks the sentence; another value in the unit, or the value in another unit,
does not."""

from datetime import datetime

import pytest


AT = datetime(2031, 6, 2, 10, 0)

KB = {"skus": [
    {"sku_id": "JAR", "title": "鲜榨 便携榨汁杯", "brand": "鲜榨", "category": "厨房/榨汁杯", "price": 79,
     "attributes": [{"key": "容量", "value": "350", "unit": "mL"}],
     "forbidden_claims": ["不得宣称容量500毫升"]},
    {"sku_id": "MAT", "title": "静静 瑜伽垫", "brand": "静静", "category": "运动/瑜伽垫", "price": 59,
     "attributes": [{"key": "厚度", "value": "2", "unit": "mm"}],
     "forbidden_claims": ["不得宣称加厚5mm"]},
    {"sku_id": "TOY", "title": "小树 木偶", "brand": "小树", "category": "玩具/木偶", "price": 29,
     "attributes": [{"key": "高度", "value": "6", "unit": "cm"}],
     "forbidden_claims": ["不得宣称高10厘米"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("JAR", "It holds five hundred millilitres, enough for two."),
    ("MAT", "Five millimetres thick, extra cushioned."),
    ("TOY", "十公分高，手掌那么大。"),
    ("TOY", "The big one is ten centimetres tall."),
])
def test_the_figure_said_in_its_unit_breaks_the_sentence(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("JAR", "It holds three hundred and fifty millilitres."),
    ("MAT", "Two millimetres thick, rolls up small."),
    ("TOY", "六公分高，放桌上刚好。"),
    ("TOY", "一套十个，孩子排着玩。"),
])
def test_another_value_or_unit_is_no_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []
