"""Data rates and air flows in their units (兆每秒, m³/h), and a sibling's title word that is also one of this
SKU's own parameters (甲醛数显版 against 甲醛CADR)."""

from datetime import datetime

import pytest

AT = datetime(2027, 11, 9, 10, 30)
KB = {"skus": [
    {"sku_id": "A3", "title": "清风A3空气净化器", "brand": "清风", "category": "家电/空气净化器", "price": 1099,
     "attributes": [{"key": "颗粒物CADR", "value": "400", "unit": "m³/h"}, {"key": "甲醛CADR", "value": "200", "unit": "m³/h"}]},
    {"sku_id": "A5", "title": "清风A5空气净化器（甲醛数显版）", "brand": "清风", "category": "家电/空气净化器", "price": 1799,
     "attributes": [{"key": "颗粒物CADR", "value": "600", "unit": "m³/h"}, {"key": "甲醛CADR", "value": "350", "unit": "m³/h"}]},
    {"sku_id": "P1", "title": "存川P1移动固态硬盘", "brand": "存川", "category": "数码/移动硬盘", "price": 449,
     "attributes": [{"key": "顺序读取", "value": "1050", "unit": "MB/s"}]},
]}


def kinds(verifier, text, sku):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("text,sku,found", [
    ("颗粒物CADR每小时四百立方米。", "A3", []),
    ("一分钟就能过滤四百立方米。", "A3", ["unit_mismatch"]),  # 400 m³ an hour, not a minute
    ("It moves four hundred cubic metres a minute.", "A3", ["unit_mismatch"]),
    ("读取一千零五十兆每秒。", "P1", []),
    ("读取一千零五十兆每分钟。", "P1", ["unit_mismatch"]),
    ("读取一千八百兆每秒。", "P1", ["contradiction"]),
    ("家里五百兆宽带，P1拷文件不受影响。", "P1", []),  # broadband in megabits is no parameter of the drive
])
def test_rates_are_read_in_their_units(verifier, text, sku, found):
    assert kinds(verifier, text, sku) == found


def test_a_sibling_title_word_that_is_an_own_parameter_does_not_name_the_sibling(verifier):
    assert kinds(verifier, "颗粒物CADR每小时四百立方米，甲醛CADR每小时两百立方米。", "A3") == []
    assert kinds(verifier, "甲醛数显版颗粒物CADR每小时四百立方米。", "A3") != []  # the A5 named by its title: 600


KB["skus"].append({"sku_id": "B1", "title": "量衡B1血压计", "brand": "量衡", "category": "家用医疗/血压计", "price": 199,
                   "attributes": [{"key": "电池", "value": "4节7号"}, {"key": "配件", "value": "袖带、收纳包"}],
                   "promotions": [{"name": "女王节", "price": 179, "starts_at": "2027-11-01T00:00:00",
                                   "ends_at": "2027-11-11T23:59:00", "description": "下单送体温计一支"}]})


@pytest.mark.parametrize("text,found", [
    ("买血压计送一年的电池。", ["unsupported"]),  # the KB names the batteries it takes, not batteries given
    ("下单还送收纳包。", []),  # 配件：袖带、收纳包 comes in the box
    ("女王节下单送体温计。", []),  # the running offer's gift
    ("袖带脏了可以送专业干洗。", []),  # 送 as sending out, no gift
])
def test_a_gift_must_come_with_the_product_or_the_offer(verifier, text, found):
    assert kinds(verifier, text, "B1") == found


KB["skus"].append({"sku_id": "Q1", "title": "冰立方Q1制冰机", "brand": "冰立方", "category": "家电/制冰机", "price": 459,
                   "attributes": [{"key": "日制冰量", "value": "12", "unit": "kg/24h"}, {"key": "储冰量", "value": "0.7", "unit": "kg"}]})


@pytest.mark.parametrize("text,found", [
    ("这台日产十二公斤冰。", []),  # a daily output, not the 0.7 kg the bin holds
    ("日均十二公斤。", []),
    ("这台日产二十公斤冰。", ["contradiction"]),
    ("储冰零点七公斤。", []),
])
def test_a_daily_output_said_with_ri_is_a_rate_per_day(verifier, text, found):
    assert kinds(verifier, text, "Q1") == found
