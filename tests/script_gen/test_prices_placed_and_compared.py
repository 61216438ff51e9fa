"""A price placed by a weekday or compared with another of the SKU's prices.

A weekday said on another day of the broadcast's week places a price: 周末价三十四 said on a Tuesday is the coming
weekend's, 周一那个价 an earlier one's; said on the day itself, or every week (每周五), it places nothing. A price said
against another (比预热十九块九还低, 比夏集多, 比那时候多) holds when it lies the way it is said of the one named."""

from datetime import datetime

import pytest

TUESDAY = datetime(2031, 7, 15, 14, 5)
KB = {"skus": [
    {"sku_id": "W1", "title": "红笺窗花", "brand": "红笺", "category": "家居/装饰", "price": 36,
     "promotions": [
         {"name": "蝉鸣夏集", "price": 32, "starts_at": "2031-07-14 00:00", "ends_at": "2031-07-20 23:59"},
         {"name": "晚风优选购", "price": 34, "starts_at": "2031-07-18 00:00", "ends_at": "2031-07-20 23:59"}]},
    {"sku_id": "W2", "title": "叮铛铃鼓", "brand": "叮铛", "category": "玩具/乐器", "price": 25,
     "promotions": [
         {"name": "下午场", "price": 19.9, "starts_at": "2031-07-15 14:00", "ends_at": "2031-07-15 16:00"},
         {"name": "月下场", "price": 18.8, "starts_at": "2031-07-15 20:00", "ends_at": "2031-07-15 22:00"}]},
]}


def kinds(verifier, text, sku="W1", at=TUESDAY):
    return [f.kind for f in verifier.verify(text, sku, at)]


@pytest.mark.parametrize("text", [
    "周末价三十四，比夏集贵两块。",
    "周五开始三十四，今天三十二。",
    "From Friday it's thirty-four, today thirty-two.",
    "The weekend price is thirty-four.",
])
def test_a_coming_weekday_places_its_price_later(verifier, text):
    assert kinds(verifier, text) == []


def test_the_same_price_said_as_now_is_found(verifier):
    assert kinds(verifier, "现在三十四，赶紧拍。") == ["expired_offer"]


def test_the_weekend_on_a_saturday_is_today(verifier):
    assert kinds(verifier, "周末价三十四。", at=datetime(2031, 7, 19, 10, 0)) == []


@pytest.mark.parametrize("text", [
    "晚上月下场十八块八，比下午便宜一块一。",
    "周末十八块八比下午场便宜。",
])
def test_another_offers_price_said_cheaper_than_the_session_holds(verifier, text):
    assert kinds(verifier, text, "W2") == []


def test_a_price_said_cheaper_than_the_session_that_is_not_is_found(verifier):
    assert kinds(verifier, "晚上二十五，比下午便宜。", "W2") != []


KB["skus"].append({"sku_id": "W3", "title": "红笺文具盒", "brand": "红笺", "category": "文具", "price": 26,
                   "promotions": [
                       {"name": "预热周", "price": 19.9, "starts_at": "2031-07-01 00:00", "ends_at": "2031-07-07 23:59"},
                       {"name": "蝉鸣夏集", "price": 22, "starts_at": "2031-07-14 00:00", "ends_at": "2031-07-20 23:59",
                        "rules": [{"kind": "fixed_price", "count": 2, "price": 39}]},
                       {"name": "秋实预售", "price": 23.9, "starts_at": "2031-08-01 00:00", "ends_at": "2031-08-07 23:59"}]})


@pytest.mark.parametrize("text", [
    "两套三十九，一套合十九块五，比预热十九块九还低四毛，两套起。",  # the pair's share against the warm-up's figure
    "秋实预售二十三块九，比夏集多一块九。",  # a coming offer's price against the running one, named
    "预热周十九块九已经结束了，现在二十二，比那时候多两块一。",  # against a price said before for a time gone
    "预热周十九块九结束了，两套一起拍摊下来十九块五，比那个还低。",
    "两套算下来比预热那会儿还省。",  # today's pair, one set's share
])
def test_a_price_compared_with_another_of_its_prices_holds(verifier, text):
    assert kinds(verifier, text, "W3") == []


@pytest.mark.parametrize("text", [
    "秋实预售二十三块九，比夏集便宜。",
    "一天里你找不到比十九块九更便宜的时候。",  # 一天 is no price to compare
])
def test_a_price_compared_the_wrong_way_is_found(verifier, text):
    assert kinds(verifier, text, "W3") != []


KB["skus"].append({"sku_id": "W4", "title": "叮铛铃鼓", "brand": "叮铛", "category": "玩具/乐器", "price": 35,
                   "promotions": [
                       {"name": "下午闪购", "price": 29.9, "starts_at": "2031-07-15 14:00", "ends_at": "2031-07-15 16:00"},
                       {"name": "晚场", "price": 25.9, "starts_at": "2031-07-15 20:00", "ends_at": "2031-07-15 22:00"},
                       {"name": "桐川年货集", "price": 24.9, "starts_at": "2031-07-01 00:00", "ends_at": "2031-07-07 23:59"},
                       {"name": "国庆预售", "price": 27.9, "starts_at": "2031-10-01 00:00", "ends_at": "2031-10-07 23:59"}]})


@pytest.mark.parametrize("text, found", [
    ("国庆预售二十七块九，比闪购便宜两块。", False),  # the flash by its flash word
    ("国庆预售二十七块九，比年货集多三块。", False),  # the fair by its own word
    ("国庆预售二十七块九，比晚场便宜。", True),  # a session named by generic words only: 27.9 is dearer
])
def test_the_offer_a_price_is_compared_with_is_named_as_hosts_say_it(verifier, text, found):
    assert bool(kinds(verifier, text, "W4")) == found
