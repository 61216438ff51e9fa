"""How long a use takes, said in 钟头 (半个钟头, 两个钟头) or as one hour or minute after the verb of the use (戴一个钟头,
泡一分钟): held against the KB's time; one day or one steeping said otherwise is no duration claim."""

from datetime import datetime

import pytest

AT = datetime(2030, 3, 12, 9, 20)
KB = {"skus": [
    {"sku_id": "H1", "title": "暖贴 发热眼罩", "brand": "暖贴", "category": "个护/眼罩", "price": 39,
     "attributes": [{"key": "发热时长", "value": "15-20", "unit": "分钟"}]},
    {"sku_id": "N1", "title": "酸溪 酸辣粉", "brand": "酸溪", "category": "食品/方便食品", "price": 19.9,
     "attributes": [{"key": "冲泡时间", "value": "5", "unit": "分钟"}]},
    {"sku_id": "M1", "title": "乖嚼 胡萝卜米饼", "brand": "乖嚼", "category": "食品/婴童辅食", "price": 29.9,
     "attributes": [{"key": "适用月龄", "value": "6个月以上"}], "usage": "开封后7天内吃完。"},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, found", [
    ("H1", "戴一个钟头再摘。", ["contradiction"]),
    ("H1", "能热半个钟头。", ["contradiction"]),
    ("H1", "戴二十分钟左右就行。", []),
    ("N1", "开水泡一分钟就好。", ["contradiction"]),
    ("N1", "开水泡五分钟。", []),
    ("N1", "第一泡一分钟就行。", []),  # a first steeping, not the soaking time
    ("H1", "一天戴一次。", []),  # one day: how often, not how long
    ("M1", "开了封放一个月没问题。", ["contradiction"]),  # how long it keeps, past the KB's seven days
    ("M1", "开封以后冷藏一个礼拜吃完。", []),
    ("M1", "开了封别放一个月再吃。", []),  # ruled out
])
def test_a_timed_use_said_in_hours_or_one_minute_is_held_against_the_kb(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found, text
