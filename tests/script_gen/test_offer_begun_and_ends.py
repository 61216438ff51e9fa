"""A coming offer said to have begun (预售已经开了, the presale is already open), a flash said to run to a time only
another session ends at, to an afternoon hour past its end, or a fair said to end at noon today, are flagged; the
same said of the offers as they are passes."""

from datetime import datetime

import pytest

AT = datetime(2039, 10, 19, 16, 30)
KB = {"skus": [
    {"sku_id": "F1", "title": "浴团 折叠浴盆", "brand": "浴团", "category": "母婴/浴盆", "price": 259,
     "stock": {"quantity": 300, "unit": "个"},
     "promotions": [
         {"name": "谷仓场限时秒杀", "price": 199, "starts_at": "2039-10-19 16:00", "ends_at": "2039-10-19 17:00"},
         {"name": "草垛场限时价", "price": 189, "starts_at": "2039-10-19 20:00", "ends_at": "2039-10-19 21:30"},
         {"name": "棉桃预售", "price": 209, "starts_at": "2039-10-27 20:00", "ends_at": "2039-11-01 23:59"}]},
    {"sku_id": "F2", "title": "浴团 深款浴盆", "brand": "浴团", "category": "母婴/浴盆", "price": 139,
     "stock": {"quantity": 300, "unit": "个"},
     "promotions": [{"name": "稻穗节直播专享", "price": 119, "starts_at": "2039-10-14 00:00", "ends_at": "2039-10-23 23:59"}]},
]}


def found(verifier, sku: str, text: str) -> list[str]:
    return [f.kind for f in verifier.verify(text, sku, AT) if f.kind in ("expired_offer", "fake_scarcity")]


@pytest.mark.parametrize("sku, text", [
    ("F1", "棉桃预售现在已经可以拍了，二百零九。"),
    ("F1", "现在预售已经开了，大家先拍。"),
    ("F1", "The Cotton-boll presale is already open right now."),
    ("F1", "这个秒杀到晚上九点半，洗完澡再来拍也行。"),  # 21:30 is the evening session's end, not the flash's
    ("F1", "这个一百九十九的秒杀到今天下午六点都有。"),    # 下午六点 is 18:00, past the flash's 17:00
    ("F1", "Don't worry, the flash price stays on until nine tonight."),
    ("F2", "稻穗节的价格就到今天中午十二点，过了就恢复原价。"),
    ("F2", "Quick reminder, the fair price ends at midnight tonight."),  # it runs to the 23rd
    ("F1", "The flash price runs to eleven, take your time."),
    ("F1", "No need to hurry, the flash sale on the big tubs runs all day."),
    ("F1", "谷仓场到晚上，慢慢挑。"),
])
def test_offers_said_to_run_otherwise_than_they_do_are_flagged(verifier, sku, text):
    assert found(verifier, sku, text), text


@pytest.mark.parametrize("sku, text", [
    ("F1", "棉桃预售二十七号晚上八点才开始，现在还拍不了。"),
    ("F1", "这个秒杀到五点，抓紧。"),
    ("F1", "这个一百九十九的秒杀到今天下午五点都有。"),
    ("F1", "The flash price stays on until five this afternoon."),
    ("F2", "稻穗节的价格一直到二十三号。"),
    ("F1", "The flash price runs to five, take your time."),
    ("F1", "现场到中午都有人看着。"),
])
def test_offers_said_as_they_run_pass(verifier, sku, text):
    assert not found(verifier, sku, text), text
