"""How many servings a pack makes (一袋能冲五十杯) is the pack's amount over one serving's, or the count of servings
the KB states; a part of a serving (每份蛋白质) is no serving."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "K1", "title": "山谷挂耳咖啡粉500g", "brand": "山谷", "category": "食品/咖啡", "price": 69,
     "stock": {"quantity": 500, "unit": "袋"}, "attributes": [{"key": "净含量", "value": "500g"}],
     "usage": "每杯15g，用92°C热水冲。"},
    {"sku_id": "P1", "title": "力源乳清蛋白粉900g", "brand": "力源", "category": "食品/蛋白粉", "price": 299,
     "stock": {"quantity": 300, "unit": "罐"},
     "attributes": [{"key": "净含量", "value": "900g"}, {"key": "每份", "value": "30g"},
                    {"key": "每份蛋白质", "value": "24g"}]},
]}


def kinds(verifier, sku_id, text):
    return [f.kind for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [("K1", "一袋能冲三十多杯，够喝一个月。"), ("P1", "一罐能喝三十次。"),
                                         ("P1", "一次三十克，能喝三十次。")])
def test_servings_the_pack_makes_pass(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text", [("K1", "一袋能冲五十杯。"), ("P1", "一罐能喝四十次。"),
                                         ("P1", "一次三十克，能喝六十次。")])  # the verb before the count
def test_servings_beyond_the_pack_are_found(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == ["contradiction"]
