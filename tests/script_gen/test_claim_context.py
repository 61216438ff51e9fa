"""What a value is said about decides whether it is a claim: one of a unit before its value (一节十五分钟) or after
another (二百八十克一平米), a school grade (三年级), a coming offer's price said cheaper than today's, a use below a
stated limit (耐温260℃, 200度烤鸡), a sibling's name (芒果干), the number of values a named attribute lists
(配料就俩), sizes said "by" in English, and one finding per wrong statement."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)

KB = {"skus": [
    {"sku_id": "B1", "title": "小牛顿科学实验课", "brand": "小牛顿", "category": "图书/少儿", "price": 99,
     "attributes": [{"key": "视频课", "value": "48", "unit": "节"}, {"key": "适读年龄", "value": "8-12", "unit": "岁"}],
     "promotions": [{"name": "双12巅峰日", "price": 89, "starts_at": "2026-12-12 00:00", "ends_at": "2026-12-12 23:59"}]},
    {"sku_id": "C1", "title": "暖羊双面呢大衣", "brand": "暖羊", "category": "服饰/大衣", "price": 1099,
     "attributes": [{"key": "克重", "value": "280", "unit": "g/㎡"}]},
    {"sku_id": "K1", "title": "铁匠铸铁炖锅", "brand": "铁匠", "category": "厨具/锅", "price": 299,
     "attributes": [{"key": "耐温", "value": "260", "unit": "°C"}]},
    {"sku_id": "D1", "title": "椰岛冻干榴莲干60g", "brand": "椰岛", "category": "食品/果干", "price": 39.9,
     "attributes": [{"key": "原料", "value": "金枕榴莲", "unit": ""}, {"key": "配料", "value": "榴莲", "unit": ""}]},
    {"sku_id": "D2", "title": "椰岛冻干芒果干80g", "brand": "椰岛", "category": "食品/果干", "price": 29.9,
     "attributes": [{"key": "原料", "value": "芒果", "unit": ""}, {"key": "配料", "value": "芒果、白砂糖", "unit": ""}]},
    {"sku_id": "T1", "title": "野趣折叠桌", "brand": "野趣", "category": "户外/家具", "price": 159,
     "attributes": [{"key": "桌面尺寸", "value": "90×60", "unit": "cm"}]},
]}


def findings(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT) if f.kind != "malformed"]


@pytest.mark.parametrize("sku, text", [
    ("B1", "八到十二岁都适合，三年级的孩子跟着视频做，一节十五分钟左右。"),
    ("C1", "克重是二百八十克一平米，双面都起绒。"),
    ("B1", "双12当天是八十九，比今天还便宜十块，等得及的可以等。"),
    ("K1", "耐温二百六十度以内，进烤箱二百度烤个鸡没问题。"),
    ("D1", "榴莲干和芒果干的区别，榴莲干一袋六十克。"),
    ("D2", "配料表就俩：芒果、白砂糖。"),
    ("T1", "The tabletop is ninety by sixty centimetres."),
])
def test_values_said_about_something_else_are_no_claims(verifier, sku, text):
    assert findings(verifier, sku, text) == []


@pytest.mark.parametrize("sku, text, span", [
    ("B1", "视频课一共六十节。", "六十节"),
    ("B1", "今天九十九，比双12还便宜。", "比双12还便宜"),
    ("K1", "耐温三百度。", "三百度"),  # the limit itself misquoted
    ("D1", "榴莲干里面还加了芒果。", "芒果"),  # the sibling's ingredient said of this SKU
    ("D2", "配料表就3种。", "3种"),  # the named attribute lists two
])
def test_the_same_forms_said_of_this_sku_are_still_checked(verifier, sku, text, span):
    got = findings(verifier, sku, text)
    assert [t for _, t in got] == ([span] if span else [])


OFFERS = {"skus": [
    {"sku_id": "N1", "title": "暖芯恒温调奶器", "brand": "暖芯", "category": "母婴/调奶器", "price": 299,
     "attributes": [{"key": "夜灯", "value": "无", "unit": ""}],
     "promotions": [{"name": "七点档秒杀", "price": 249, "starts_at": "2026-12-05 19:00", "ends_at": "2026-12-05 20:30"}]},
    {"sku_id": "N2", "title": "暖芯恒温调奶器Pro", "brand": "暖芯", "category": "母婴/调奶器", "price": 399,
     "attributes": [{"key": "夜灯", "value": "有", "unit": ""}],
     "promotions": [{"name": "双12预热", "price": 349, "starts_at": "2026-12-01 00:00", "ends_at": "2026-12-12 23:59"}]},
]}


@pytest.fixture(scope="module")
def offers():
    return Verifier(parse_json(json.dumps(OFFERS), "m").kb)


@pytest.mark.parametrize("sku, text, span", [
    ("N1", "这个二百四十九一直到明天都有，不着急。", "二百四十九一直到明天都有"),  # the offer ends at 20:30 tonight
    ("N1", "这个二百四十九今晚十二点前都有效。", "今晚十二点前都有效"),
    ("N2", "这个三百四十九一直到明天都有，不着急。", None),  # this one runs to the 12th
    ("N2", "这个三百四十九今晚十二点前都有效。", None),
    ("N1", "带小夜灯，半夜冲奶不用开大灯。", "带小夜灯"),  # 夜灯：无
    ("N2", "带小夜灯，半夜冲奶不用开大灯。", None),
])
def test_how_long_an_offer_lasts_and_what_the_kb_says_it_lacks(offers, sku, text, span):
    got = [t for _, t in findings(offers, sku, text)]
    assert got == ([span] if span else [])


LATER = {"skus": [
    {"sku_id": "H1", "title": "小憩宝宝餐椅", "brand": "小憩", "category": "母婴/餐椅", "price": 399,
     "promotions": [{"name": "九点半加场", "price": 329, "starts_at": "2026-12-05 21:30", "ends_at": "2026-12-05 23:59"},
                    {"name": "元旦迎新价", "price": 349, "starts_at": "2026-12-30 00:00", "ends_at": "2027-01-02 23:59"}]},
]}


@pytest.fixture(scope="module")
def later():
    return Verifier(parse_json(json.dumps(LATER), "m").kb)


@pytest.mark.parametrize("text, span", [
    ("餐椅现在是三百九十九，九点半有个加场三百二十九，想要便宜的九点半回来。", None),  # the offer named by its start time
    ("The high chair drops to three twenty-nine at nine thirty tonight; right now it's three ninety-nine.", None),
    ("九点半加场那个三百二十九，现在就能拍。", "三百二十九，现在就能拍"),  # the statement that it holds now
    ("元旦的三百四十九今天提前给大家上了。", "三百四十九今天提前给大家上了"),
])
def test_a_coming_offer_price_is_wrong_only_as_now_and_the_finding_spans_that_statement(later, text, span):
    assert [t for _, t in findings(later, "H1", text)] == ([span] if span else [])


PERIODS = {"skus": [
    {"sku_id": "W1", "title": "清泉宠物饮水机", "brand": "清泉", "category": "宠物/饮水机", "price": 129,
     "attributes": [{"key": "滤芯更换周期", "value": "30", "unit": "天"}, {"key": "噪音", "value": "25", "unit": "dB"},
                    {"key": "单次加水续航", "value": "8", "unit": "小时"}]},
]}


@pytest.mark.parametrize("text, span", [
    ("滤芯半年换一次，省事。", "半年"),  # months against a period stated in days
    ("滤芯差不多一个月换一次。", None),
    ("滤芯三十天换一次。", None),
])
def test_a_period_in_months_meets_one_in_days(text, span):
    verifier = Verifier(parse_json(json.dumps(PERIODS), "m").kb)
    assert [t for _, t in findings(verifier, "W1", text)] == ([span] if span else [])
