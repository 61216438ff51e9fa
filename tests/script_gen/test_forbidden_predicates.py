"""A forbidden sentence's predicate is what is forbidden, not its topic: under 不得宣称辣椒油是现熬的 the host may name the
chilli oil all day (一罐辣椒油, 辣椒油的香味); the claim is that it is made fresh (辣椒油都是我们现熬的). jieba leaves 现 + 熬
in single characters, and the predicate they form before a filler is a word the host must say."""

from datetime import datetime

import pytest


AT = datetime(2033, 5, 20, 10, 0)

KB = {"skus": [
    {"sku_id": "OIL", "title": "辣香 拌面套装", "brand": "辣香", "category": "食品/调味", "price": 29.9,
     "forbidden_claims": ["不得宣称辣椒油是现熬的"]},
    {"sku_id": "YOYO", "title": "旋风 入门悠悠球", "brand": "旋风", "category": "玩具/悠悠球", "price": 19.9,
     "forbidden_claims": ["不得宣称新手一甩就回"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("OIL", "这个辣椒油是我们现熬的，香得很。"),
    ("YOYO", "新手也是一甩就回，特别好上手。"),
])
def test_the_predicate_said_breaks_the_sentence(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("OIL", "一套里有面条两包，辣椒油一罐。"),
    ("OIL", "上面一层辣椒油，拌开特别香。"),
    ("YOYO", "这是不回旋的，新手别拍错了。"),
])
def test_the_topic_alone_is_no_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []
