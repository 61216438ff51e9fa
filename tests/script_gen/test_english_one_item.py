"""In English, "one" after only or just is a count of items, not a price of one yuan (the only one with measuring lines,
just one? that's ninety-nine); a multi-buy's benefit said of one item is still a claim (thirty-five even if you take
just one, buy just one and it's still half off, the two hundred off applies to just one)."""

from datetime import datetime

import pytest


AT = datetime(2031, 5, 9, 20, 0)
FAIR = {"name": "五月集", "starts_at": "2031-05-01 00:00", "ends_at": "2031-05-12 23:59"}

KB = {"skus": [
    {"sku_id": "BOWL", "title": "柠檬 玻璃榨汁碗", "brand": "柠檬", "category": "厨具/榨汁器", "price": 38,
     "promotions": [{**FAIR, "price": 38, "rules": [{"kind": "per_item_minus", "count": 2, "amount": 3}]}]},
    {"sku_id": "DRIVE", "title": "存存 移动硬盘", "brand": "存存", "category": "数码/硬盘", "price": 219,
     "promotions": [{**FAIR, "price": 219, "rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}]}]},
    {"sku_id": "SOFA", "title": "坐坐 布艺沙发", "brand": "坐坐", "category": "家具/沙发", "price": 2480,
     "promotions": [{**FAIR, "price": 2480, "rules": [{"kind": "spend_save", "threshold": 2500, "amount": 200}]}]},
]}


def claims(verifier, text, sku):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind in ("wrong_price", "contradiction")]


@pytest.mark.parametrize("sku, text", [
    ("BOWL", "Of our three citrus tools this glass bowl is the only one with measuring lines."),
    ("BOWL", "Just one? That's thirty-eight."),
    ("DRIVE", "It's two nineteen if you grab just one."),
])
def test_one_after_only_or_just_is_a_count(verifier, sku, text):
    assert claims(verifier, text, sku) == []


@pytest.mark.parametrize("sku, text", [
    ("BOWL", "Thirty-five even if you take just one."),
    ("DRIVE", "Buy just one and it's still half off."),
    ("SOFA", "The two hundred off applies to just one."),
])
def test_a_multi_buys_benefit_said_of_one_item_is_a_claim(verifier, sku, text):
    assert claims(verifier, text, sku)
