"""How long a pack lasts is its amount per pack over the daily use the host says (over the KB's only when the host
says none), and a period said after 能吃/够用 is that claim even when it is 一个月."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "C1", "title": "钙立方钙片", "brand": "钙立方", "category": "保健食品/钙", "price": 99,
     "stock": {"quantity": 500, "unit": "瓶"},
     "attributes": [{"key": "规格", "value": "60片/瓶"}, {"key": "食用量", "value": "每日1-2片"}]},
    {"sku_id": "F1", "title": "海源鱼油", "brand": "海源", "category": "保健食品/鱼油", "price": 129,
     "stock": {"quantity": 500, "unit": "瓶"}, "attributes": [{"key": "规格", "value": "60粒/瓶"}]},
]}


def kinds(verifier, sku_id, text):
    return [f.kind for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("C1", "一天两片，一瓶能吃一个月。"),
    ("F1", "一瓶六十粒，一天一粒，能吃两个月。"),
])
def test_periods_the_daily_use_gives_pass(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text", [
    ("C1", "一天两片，一瓶能吃两个月。"),   # the host's two a day, not the KB's one, decides
    ("F1", "一瓶六十粒，一天一粒，能吃一个月。"),
])
def test_periods_the_daily_use_denies_are_found(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == ["contradiction"]
