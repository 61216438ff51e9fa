"""A duration a host says about the sale's clock (不用赶这四十分钟, 还有两天多) is the time left until one of the merchant's
offers ends or starts, not a fact of the product; the same duration said of the product is still checked."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2030, 9, 10, 16, 20)
KB = {"skus": [
    {"sku_id": "Y1", "title": "雪蕈 古田银耳 250g", "brand": "雪蕈", "category": "食品/干货", "price": 56,
     "stock": {"quantity": 800, "unit": "袋"},
     "attributes": [{"key": "泡发时间", "value": "2小时"}, {"key": "炖煮时间", "value": "60分钟"}],
     "promotions": [{"name": "秋集", "price": 52, "starts_at": "2030-09-07 00:00", "ends_at": "2030-09-13 23:59"}]},
    {"sku_id": "Y2", "title": "雪蕈 冻干银耳羹 12杯", "brand": "雪蕈", "category": "食品/速食", "price": 69,
     "stock": {"quantity": 600, "unit": "盒"},
     "promotions": [{"name": "下午闪购", "price": 45, "starts_at": "2030-09-10 15:00", "ends_at": "2030-09-10 17:00"},
                    {"name": "晚八点场", "price": 42, "starts_at": "2030-09-10 20:00", "ends_at": "2030-09-10 21:00"}]},
]}


@pytest.fixture(scope="module")
def verifier():
    return Verifier(parse_json(json.dumps(KB, ensure_ascii=False), "m").kb)


def kinds(verifier, text, sku="Y1"):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("text", [
    "秋集从七号开到十三号，礼拜五之前都是五十二，不用赶这四十分钟。",  # the sibling's flash ends at 17:00
    "The fair price runs through Friday. No need to rush in the next forty minutes.",
    "秋集开到礼拜五，还有三天多，不着急。",
    "晚八点场要等三个半钟头。",  # the evening session starts in 3 h 40 min
])
def test_the_time_until_an_offer_ends_or_starts_is_no_product_fact(verifier, text):
    assert kinds(verifier, text) == [], text


@pytest.mark.parametrize("text", [
    "这个银耳泡四十分钟就发好了。",  # no word of the sale's clock: the soak time, which is two hours
    "这个银耳泡十分钟就发好了，抓紧下单。",  # no offer ends or starts ten minutes from now
])
def test_a_duration_said_of_the_product_is_still_checked(verifier, text):
    assert kinds(verifier, text), text
