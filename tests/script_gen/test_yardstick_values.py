"""A sibling's distinguishing value said as the yardstick of a comparison (跟第2版比, 明前和雨前) names the sibling;
said of this SKU, it is still the sibling's value."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "B3", "title": "码趣Python入门 第3版", "brand": "码趣", "category": "图书/编程", "price": 79,
     "attributes": [{"key": "版次", "value": "第3版"}, {"key": "页数", "value": "480页"}]},
    {"sku_id": "B2", "title": "码趣Python入门 第2版", "brand": "码趣", "category": "图书/编程", "price": 59,
     "attributes": [{"key": "版次", "value": "第2版"}, {"key": "页数", "value": "430页"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "B3", AT)]


@pytest.mark.parametrize("text", ["跟第2版比，这一版的例子全换新了。", "第3版和第2版差在哪？例子全换新了。"])
def test_a_sibling_named_as_yardstick_is_no_claim(verifier, text):
    assert kinds(verifier, text) == []


def test_the_siblings_value_said_of_this_sku_is_still_found(verifier):
    assert ("other_sku", "第2版") in kinds(verifier, "这本书是第2版，例子全换新了。")
