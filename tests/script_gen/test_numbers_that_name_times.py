"""Numbers a host says that are no prices: a clock's minutes (现在三点二十), a day of the month after an offer's name
(品质节十二号开始), an offer named by its number (现在是618的价)."""

from datetime import datetime

import pytest

AT = datetime(2027, 6, 10, 15, 20)
KB = {"skus": [
    {"sku_id": "W1", "title": "澄泉W1净水器", "brand": "澄泉", "category": "家电/净水器", "price": 499,
     "promotions": [
         {"name": "618年中大促", "price": 469, "starts_at": "2027-06-01T00:00:00", "ends_at": "2027-06-18T23:59:00"},
         {"name": "夏日品质节", "price": 449, "starts_at": "2027-06-12T00:00:00", "ends_at": "2027-06-14T23:59:00"},
         {"name": "下午秒杀", "price": 479, "starts_at": "2027-06-10T15:00:00", "ends_at": "2027-06-10T16:00:00"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "W1", AT)]


@pytest.mark.parametrize("text", [
    "现在三点二十，四百六十九直接拍。",
    "今天四百六十九，品质节十二号开始四百四十九，不急的可以等。",
    "现在是618的价，四百六十九。",
    "现在是618的四百六十九。",
    "现在是618的四六九。",  # the price said digit by digit
    "It's three-twenty now, four sixty-nine today.",
    "秒杀还有四十分钟，四百六十九直接拍。",  # the flash sale ends at four: forty minutes from 3:20
    "Four sixty-nine today, and the big sale ends ten fifty tonight.",  # any minute after ends, before tonight
])
def test_times_days_and_day_names_are_not_prices(verifier, text):
    assert kinds(verifier, text) == []


def test_a_price_after_a_clock_hour_is_still_read(verifier):
    # 四百四十九 is the 品质节's, from the 12th: said as tonight's at eight, it is not
    assert [k for k, _ in kinds(verifier, "今天四百六十九，晚上八点四百四十九。")] == ["expired_offer"]


def test_a_countdown_is_checked_against_the_clock(verifier):
    assert [k for k, _ in kinds(verifier, "秒杀还有两个小时，不着急。")] == ["expired_offer"]
