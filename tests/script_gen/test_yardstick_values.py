"""A sibling's distinguishing value said as the yardstick of a comparison (跟第2版比, 明前和雨前) or of the other
products (另外两款一个羊皮一个油纸, 油纸那款) names the sibling; said of this SKU, it is still the sibling's value."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "B3", "title": "码趣Python入门 第3版", "brand": "码趣", "category": "图书/编程", "price": 79,
     "attributes": [{"key": "版次", "value": "第3版"}, {"key": "页数", "value": "480页"}]},
    {"sku_id": "B2", "title": "码趣Python入门 第2版", "brand": "码趣", "category": "图书/编程", "price": 59,
     "attributes": [{"key": "版次", "value": "第2版"}, {"key": "页数", "value": "430页"}, {"key": "封面", "value": "牛皮纸"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "B3", AT)]


@pytest.mark.parametrize("text", ["跟第2版比，这一版的例子全换新了。", "第3版和第2版差在哪？例子全换新了。"])
def test_a_sibling_named_as_yardstick_is_no_claim(verifier, text):
    assert kinds(verifier, text) == []


@pytest.mark.parametrize("text", ["两本里只有它带习题，另外一本是牛皮纸封面，没有习题。",
                                  "其他几本都是牛皮纸的，这本不是。", "牛皮纸那款便宜二十。"])
def test_a_siblings_value_said_of_the_other_products_is_no_claim(verifier, text):
    assert ("other_sku", "牛皮纸") not in kinds(verifier, text)


def test_the_siblings_value_said_of_this_sku_is_still_found(verifier):
    assert ("other_sku", "第2版") in kinds(verifier, "这本书是第2版，例子全换新了。")
    assert ("other_sku", "牛皮纸") in kinds(verifier, "这本是牛皮纸封面，例子全换新了。")
