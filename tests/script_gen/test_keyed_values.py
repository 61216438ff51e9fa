"""A value said as an attribute's name and number (蓝牙5.3) is what the KB states as that key and value, and an
attribute's value is the SKU's own even where it shares a word with a sibling's title (连接：有线/蓝牙5.1 of the
wireless model beside the 有线 one)."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "E1", "title": "声屿Air3耳机", "brand": "声屿", "category": "数码/耳机", "price": 299,
     "attributes": [{"key": "蓝牙", "value": "5.3"}, {"key": "续航", "value": "6小时"}]},
    {"sku_id": "E2", "title": "听潮T1耳机", "brand": "听潮", "category": "数码/耳机", "price": 199,
     "attributes": [{"key": "蓝牙版本", "value": "5.0"}, {"key": "续航", "value": "5小时"}]},
    {"sku_id": "K1", "title": "键客K87三模键盘", "brand": "键客", "category": "外设/键盘", "price": 299,
     "attributes": [{"key": "连接", "value": "有线/蓝牙5.1/2.4G"}, {"key": "键数", "value": "87键"}]},
    {"sku_id": "K2", "title": "键客K87有线键盘", "brand": "键客", "category": "外设/键盘", "price": 199,
     "attributes": [{"key": "连接", "value": "有线"}, {"key": "键数", "value": "87键"}]},
]}


def spans(verifier, sku_id, text):
    return [f.text for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("E1", "蓝牙5.3，打开盒子手机就连上了。"),
    ("K1", "三模连三台设备，蓝牙是五点一。"),
])
def test_values_the_kb_states_under_their_key_pass(verifier, sku_id, text):
    assert spans(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text,span", [
    ("E2", "蓝牙5.3，打开盒子手机就连上了。", "蓝牙5.3"),
    ("K1", "三模连三台设备，蓝牙是五点三。", "五点三"),
])
def test_other_numbers_are_still_found(verifier, sku_id, text, span):
    assert span in spans(verifier, sku_id, text)
