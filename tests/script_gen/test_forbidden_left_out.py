"""Of a forbidden part of three words or more a host may leave one out (可自己推行上坡: 自己推着上坡也轻松; 阴雨天一直
不断电: 阴雨天一个月都不断电), but never the last, which says what is claimed (宝宝睡觉可以戴着 is not said by 宝宝睡觉
的时候要摘下来), and never two."""

from datetime import datetime

import pytest


AT = datetime(2030, 9, 3, 10, 0)

KB = {"skus": [
    {"sku_id": "CART", "title": "轻推 折叠买菜车", "brand": "轻推", "category": "家居/购物车", "price": 89,
     "forbidden_claims": ["不得宣称可自己推行上坡"]},
    {"sku_id": "LAMP", "title": "亮亮 太阳能庭院灯", "brand": "亮亮", "category": "家居/庭院灯", "price": 69,
     "forbidden_claims": ["不得宣称阴雨天一直不断电"]},
    {"sku_id": "HAT", "title": "暖暖 婴儿毛线帽", "brand": "暖暖", "category": "母婴/帽子", "price": 39,
     "forbidden_claims": ["不得宣称宝宝睡觉可以戴着"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("CART", "装满了菜自己推着上坡也轻松。"),
    ("LAMP", "阴雨天一个月都不断电。"),
])
def test_a_word_left_out_still_says_the_claim(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("HAT", "宝宝睡觉的时候要摘下来哈。"),   # the last word (戴着) left out
    ("LAMP", "阴雨天电量会少一点。"),         # two left out
    ("CART", "上坡的时候慢一点推。"),
])
def test_the_last_word_or_two_left_out_is_no_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []
