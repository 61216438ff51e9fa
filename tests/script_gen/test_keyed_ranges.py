"""A unit-less range said right after an attribute's name (圈号十到十八) against that attribute's range: inside it passes,
outside it is wrong, and a brand-mate's when that model's attribute of the same name has exactly that range."""

from datetime import datetime

import pytest

AT = datetime(2030, 5, 12, 13, 10)
KB = {"skus": [
    {"sku_id": "R1", "title": "环霁 足金素圈戒指", "brand": "环霁", "category": "珠宝/戒指", "price": 2180,
     "attributes": [{"key": "圈号", "value": "12-16", "unit": "号(活口)"}]},
    {"sku_id": "R2", "title": "环霁 S925锆石戒指", "brand": "环霁", "category": "珠宝/戒指", "price": 199,
     "attributes": [{"key": "圈号", "value": "10-18", "unit": "号"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, found", [
    ("R1", "圈号十到十八。", ["other_sku"]),  # the silver ring's sizes
    ("R1", "圈号八到二十。", ["contradiction"]),
    ("R1", "圈号十二到十六，活口能调。", []),
    ("R1", "圈号十三到十五最常见。", []),  # inside the range
    ("R2", "圈号十到十八，都有。", []),
])
def test_a_range_said_after_an_attributes_name_is_held_against_its_range(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found, text
