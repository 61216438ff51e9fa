"""What one part of a pack costs (六条一包, 算下来一条一块) is a price claim: true when it is a share of a price the SKU
has now, for one pack or averaged over a multi-buy, or of an amount the host said before it; said rough or as a bound
on its side. A difference of two prices (今天比日常省六块) is no part's price, and 块 counting what a pack makes
(一袋做八块) no price at all."""

from datetime import datetime

import pytest


AT = datetime(2033, 4, 21, 19, 45)

KB = {"skus": [
    {"sku_id": "TOWEL", "title": "素帕 纱布小方巾（6条装）", "brand": "素帕", "category": "母婴/方巾", "price": 36,
     "stock": {"quantity": 2800, "unit": "包"},
     "attributes": [{"key": "每包", "value": "6", "unit": "条"}],
     "promotions": [{"name": "晚霞场", "price": 29.9, "starts_at": "2033-04-21 19:00", "ends_at": "2033-04-21 20:30",
                     "rules": []}]},
    {"sku_id": "MIX", "title": "糕糕 马蹄粉（2袋装）", "brand": "糕糕", "category": "食品/糕点粉", "price": 19.9,
     "stock": {"quantity": 900, "unit": "组"},
     "attributes": [{"key": "每组", "value": "2", "unit": "袋"}]},
    {"sku_id": "DIAPER", "title": "柔柔 纸尿裤 60片", "brand": "柔柔", "category": "母婴/纸尿裤", "price": 89,
     "stock": {"quantity": 900, "unit": "包"},
     "attributes": [{"key": "片数", "value": "60", "unit": "片"}],
     "promotions": [{"name": "盛典", "price": 89, "starts_at": "2033-04-20 00:00", "ends_at": "2033-04-22 23:59",
                     "rules": [{"kind": "fixed_price", "count": 2, "price": 169}]}]},
]}


def prices(verifier, text, sku):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind in ("wrong_price", "contradiction")]


@pytest.mark.parametrize("sku, text, said", [
    ("TOWEL", "六条一包，算下来一条一块，随便用。", "一条一块"),
    ("TOWEL", "一包才二十九块九，一条不到两块。", "一条不到两块"),
    ("DIAPER", "两包一百二十片，算下来一片不到一块钱。", "一片不到一块钱"),   # 169 over 120 is 1.41
    ("TOWEL", "六条一包，算下来一条才一块钱。", "一条才一块钱"),          # (36 - 29.9 over six is no price)
])
def test_a_parts_price_no_price_gives_is_wrong(verifier, sku, text, said):
    assert any(said in found for found in prices(verifier, text, sku))


@pytest.mark.parametrize("sku, text", [
    ("TOWEL", "六条一包，算下来一条五块钱。"),                # 29.9 over six
    ("TOWEL", "日常三十六，一条六块。"),                      # the daily price over six
    ("TOWEL", "一包二十九块九，一条不到五块。"),              # a bound, on its side
    ("DIAPER", "两包一百六十九，一片一块四。"),               # the pair's total over 120
    ("DIAPER", "一包八十九，算下来一片一块五左右。"),          # said rough
    ("MIX", "一袋大概做八块，全家够吃。"),                    # 块 counts the cakes a bag makes
])
def test_a_share_of_a_price_now_or_of_a_said_amount_is_true(verifier, sku, text):
    assert prices(verifier, text, sku) == []
