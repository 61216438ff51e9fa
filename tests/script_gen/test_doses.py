"""An amount said per day or per meal is a dose: only a KB fact stated per day, per use or per piece can deny it,
never the pack's contents."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "W1", "title": "芝麻坊黑芝麻丸 24粒", "brand": "芝麻坊", "category": "食品/零食", "price": 39,
     "attributes": [{"key": "规格", "value": "24粒"}, {"key": "净含量", "value": "240g"}]},
    {"sku_id": "C1", "title": "钙立方钙片 60片", "brand": "钙立方", "category": "保健食品/钙", "price": 99,
     "attributes": [{"key": "规格", "value": "60片"}], "usage": "每日2片，随餐吃。"},
]}


def spans(verifier, sku_id, text):
    return [f.text for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("text", [
    "天天吃两粒，下午就不馋了。",
    "A small handful a day, about twenty grams, is plenty.",
])
def test_a_dose_is_no_pack_size(verifier, text):
    assert spans(verifier, "W1", text) == []


@pytest.mark.parametrize("sku_id,text,span", [
    ("W1", "一盒二十粒，够吃一阵子。", "二十粒"),      # the pack's contents, said wrong
    ("C1", "每天吃四片，补得足足的。", "四片"),          # a dose the KB's usage states otherwise
])
def test_wrong_counts_are_still_found(verifier, sku_id, text, span):
    assert any(span in t for t in spans(verifier, sku_id, text))
