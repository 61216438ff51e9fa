"""How many of a part the host says (十六个卡位, 三十二个褶, 二十五根弦, 盘扣十对) against the attribute that counts it;
a count another model of the brand has is that model's, and several models' counts compared in one sentence pass."""

from datetime import datetime

import pytest

AT = datetime(2029, 9, 22, 23, 40)
KB = {"skus": [
    {"sku_id": "W1", "title": "囊朴头层牛皮长款钱包", "brand": "囊朴", "category": "箱包/钱包", "price": 179,
     "attributes": [{"key": "卡位", "value": "12", "unit": "个"}, {"key": "尺寸", "value": "19×9.5", "unit": "cm"}]},
    {"sku_id": "W2", "title": "囊朴植鞣革短款钱包", "brand": "囊朴", "category": "箱包/钱包", "price": 149,
     "attributes": [{"key": "卡位", "value": "8", "unit": "个"}]},
    {"sku_id": "Z1", "title": "弦筠163cm古筝", "brand": "弦筠", "category": "乐器/古筝", "price": 2480,
     "attributes": [{"key": "弦数", "value": "21", "unit": "弦"}, {"key": "指甲", "value": "4", "unit": "副"}]},
    {"sku_id": "Q1", "title": "黛旎香云纱旗袍", "brand": "黛旎", "category": "服饰/旗袍", "price": 799,
     "attributes": [{"key": "盘扣", "value": "7", "unit": "对"}, {"key": "褶数", "value": "20-22", "unit": "个"},
                    {"key": "支数", "value": "3", "unit": "支"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, found", [
    ("W1", "十六个卡位，够用。", ["contradiction"]),
    ("W1", "卡位十六个。", ["contradiction"]),
    ("W1", "八个卡位。", ["other_sku"]),  # the short wallet's
    ("Z1", "二十五根弦。", ["contradiction"]),
    ("Q1", "盘扣十对，好看。", ["contradiction"]),
    ("Q1", "三十二个褶。", ["contradiction"]),
])
def test_a_count_of_a_part_the_attribute_counts_otherwise_is_found(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found


@pytest.mark.parametrize("sku, text", [
    ("W1", "十二个卡位，十九乘九点五。"),
    ("W1", "两个钱包二十四个卡位。"),
    ("W1", "一个卡位别塞太多。"),  # one of them, not how many  # a total over two wallets
    ("W1", "不是十六个卡位，是十二个。"),
    ("Z1", "二十一根弦，四副指甲。"),
    ("Q1", "二十二个褶，盘扣七对。"),  # inside the range
    ("Q1", "三支一套，一支一颗。"),  # 支 and 颗 count items here, not the part
])
def test_the_right_count_or_no_count_of_the_part_passes(verifier, sku, text):
    assert kinds(verifier, sku, text) == []
