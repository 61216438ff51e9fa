"""A running rule said to give more than it does: the second item's cut on the third and fourth, a pair's cut on
each item, a spend threshold said reached below it, a multi-buy said to work on one item; the rule said right
passes."""

from datetime import datetime

import pytest

AT = datetime(2027, 3, 8, 20, 0)
WEEK = {"starts_at": "2027-03-05 00:00", "ends_at": "2027-03-10 23:59"}


def _sku(sku_id: str, title: str, unit: str, price: float, rule: dict, description: str) -> dict:
    return {"sku_id": sku_id, "title": title, "brand": title.split()[0], "category": "家居/杂货", "price": price + 10,
            "stock": {"quantity": 300, "unit": unit},
            "promotions": [{"name": "女神节", "price": price, **WEEK, "description": description, "rules": [rule]}]}


KB = {"skus": [
    _sku("N1", "晴川 保温杯", "个", 80, {"kind": "nth_factor", "n": 2, "factor": 0.5}, "第二个半价"),
    _sku("B1", "禾木 收纳盒", "个", 119, {"kind": "bundle_minus", "count": 2, "amount": 20}, "拍两个再减20"),
    _sku("S1", "谷丰 杂粮粉", "盒", 39.9, {"kind": "spend_save", "threshold": 100, "amount": 10, "each": True}, "每满100减10"),
    _sku("G1", "凉舌 薄荷糖", "袋", 15.9, {"kind": "buy_get", "buy": 2, "free": 1}, "买二送一"),
    _sku("P1", "褶禾 半身裙", "条", 139, {"kind": "per_item_minus", "count": 2, "amount": 15}, "拍两条每条再减15"),
]}


def flagged(verifier, sku: str, text: str) -> bool:
    return any(f.kind == "wrong_price" for f in verifier.verify(text, sku, AT))


@pytest.mark.parametrize("sku, text", [
    ("N1", "第二个半价，第三个第四个也都是半价，拍得越多越划算。"),
    ("N1", "Half price on the second cup, and the third and fourth are half price too."),
    ("N1", "The half price applies to the second, third and fourth cup."),
    ("B1", "拍两个再减二十，每个都减二十块。"),
    ("B1", "Buy two and each box gets twenty off, so forty off in total."),
    ("S1", "Ten off every hundred, so two boxes already get the ten off."),  # two are 79.8
    ("G1", "Buy two get one, and even one bag gets you a free one."),
    ("P1", "The fifteen off applies even if you buy just one skirt."),
])
def test_a_rule_said_to_give_more_than_it_does_is_flagged(verifier, sku, text):
    assert flagged(verifier, sku, text), text


@pytest.mark.parametrize("sku, text", [
    ("N1", "第二个半价，第三个原价，第四个又是半价。"),
    ("N1", "Only the second cup in each pair gets the half price."),
    ("B1", "拍两个再减二十，两个二百一十八。"),
    ("S1", "Three boxes already get the ten off, one hundred nine seventy."),  # three are 119.7
    ("G1", "Buy two bags and you get a third one free."),
    ("P1", "两条每条都减十五，两条二百四十八。"),  # each item's cut is this rule
])
def test_a_rule_said_as_it_is_passes(verifier, sku, text):
    assert not flagged(verifier, sku, text), text
