"""A price said to hold at or through a later moment (晚上九点还是…, 一直到周末, all day today) is judged at that moment:
a flash sale that ends first makes it wrong; a session said to be cheaper, named in the clause before, is held
against its price."""

import json
from datetime import datetime

import pytest

from script_gen.claims import extract_claims
from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.offer_context import held_until
from script_gen.units import builtin_units
from script_gen.verify import Verifier

AT = datetime(2027, 10, 2, 14, 10)
KB = {"skus": [
    {"sku_id": "W1", "title": "晨露 保湿面霜 50g", "brand": "晨露", "category": "美妆/面霜", "price": 139,
     "stock": {"quantity": 600, "unit": "瓶"},
     "promotions": [
         {"name": "午后秒杀", "price": 109, "starts_at": "2027-10-02 14:00", "ends_at": "2027-10-02 15:00"},
         {"name": "晚九点专场", "price": 119, "starts_at": "2027-10-02 21:00", "ends_at": "2027-10-02 23:00"}]},
    {"sku_id": "W2", "title": "晨露 洁面乳 120g", "brand": "晨露", "category": "美妆/洁面", "price": 79,
     "stock": {"quantity": 600, "unit": "支"},
     "promotions": [{"name": "国庆特惠", "price": 65, "starts_at": "2027-10-01 00:00", "ends_at": "2027-10-07 23:59"}]},
]}


def kinds(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


def test_held_until_reads_a_later_time_or_a_span_to_the_day_end():
    assert held_until("晚上9点还是109", AT) == datetime(2027, 10, 2, 21, 0)
    assert held_until("109 all day today.", AT) == datetime(2027, 10, 2, 23, 59)
    assert held_until("这个价一直到国庆结束", AT) == datetime(2027, 10, 2, 23, 59)
    assert held_until("上午10点还是109", AT) is None  # earlier than now
    assert held_until("现在109", AT) is None


@pytest.mark.parametrize("sku, text", [
    ("W1", "晚上九点还是一百零九。"),  # the flash sale ends at 15:00
    ("W1", "One oh nine holds all day today."),
    ("W1", "一百零九这个价一直到国庆假期结束。"),
])
def test_a_price_said_to_outlast_its_offer_is_flagged(verifier, sku, text):
    assert any(kind == "expired_offer" for kind, _ in kinds(verifier, sku, text))


@pytest.mark.parametrize("sku, text", [
    ("W1", "一百零九明天白天也有。"),  # a price before the day it is said to hold through
    ("W1", "秒杀价这礼拜都有。"),
    ("W1", "一百零九到国庆都有。"),
    ("W1", "秒杀价今天一天都有。"),
    ("W1", "秒杀今天全天。"),
    ("W1", "秒杀价晚上之前都有。"),
    ("W1", "一百零九今晚通宵都有。"),
    ("W1", "One oh nine all day tomorrow."),
    ("W1", "One oh nine all next week."),
    ("W1", "One oh nine is good till next Sunday."),
    ("W1", "One oh nine until National Day."),
    ("W1", "The flash price runs all afternoon."),
    ("W1", "The flash price lasts till the evening show."),
    ("W1", "One oh nine all night till morning."),
])
def test_a_flash_said_to_run_a_day_a_week_or_to_a_later_part_of_the_day_is_flagged(verifier, sku, text):
    assert any(kind == "expired_offer" for kind, _ in kinds(verifier, sku, text)), text


@pytest.mark.parametrize("sku, text", [
    ("W2", "六十五这礼拜都有。"),  # 国庆特惠 runs to the 7th
    ("W2", "六十五明天白天也有。"),
    ("W2", "Sixty-five all day tomorrow."),
    ("W2", "The offer runs all afternoon."),
    ("W1", "The price holds until the end of the day, then one thirty-nine."),
])
def test_an_offer_that_runs_that_long_passes(verifier, sku, text):
    assert kinds(verifier, sku, text) == []


def test_a_later_session_said_cheaper_in_the_next_clause_is_flagged(verifier):
    assert ("wrong_price", "那场更便宜") in kinds(verifier, "W1", "不急的等晚上九点，那场更便宜。")


@pytest.mark.parametrize("sku, text", [
    ("W2", "六十五这个价一直到国庆假期结束。"),  # the week-long offer runs on
    ("W2", "晚上九点还是六十五。"),
    ("W1", "晚上九点是一百一十九。"),  # the evening session's own price
    ("W1", "晚上九点那场一百一十九，没有现在便宜。"),
])
def test_a_price_that_holds_then_passes(verifier, sku, text):
    assert kinds(verifier, sku, text) == []


LIST_KB = {"skus": [
    {"sku_id": "L1", "title": "远岫 记忆棉枕", "brand": "远岫", "category": "家纺/枕头", "price": 2699, "list_price": 3599,
     "stock": {"quantity": 50, "unit": "个"},
     "promotions": [{"name": "金秋价", "price": 2299, "starts_at": "2027-10-01 00:00", "ends_at": "2027-10-07 23:59"}]},
    {"sku_id": "L2", "title": "远岫 乳胶枕", "brand": "远岫", "category": "家纺/枕头", "price": 89,
     "stock": {"quantity": 500, "unit": "个"},
     "promotions": [{"name": "金秋价", "price": 89, "starts_at": "2027-10-01 00:00", "ends_at": "2027-10-07 23:59",
                     "rules": [{"kind": "spend_save", "threshold": 250, "amount": 30}]}]},
]}


@pytest.fixture(scope="module")
def list_verifier():
    return Verifier(parse_json(json.dumps(LIST_KB), "m").kb)


@pytest.mark.parametrize("text", [
    "Thirty-five ninety-nine is your price today.",  # 35.99 or 3599: the list price said as today's
    "Normally thirty-five ninety-nine, and that's what you pay today.",
])
def test_an_english_list_price_said_as_today_is_flagged(list_verifier, text):
    assert any(f.kind == "wrong_price" for f in list_verifier.verify(text, "L1", AT))


@pytest.mark.parametrize("sku, text", [
    ("L1", "Normally twenty-six ninety-nine, today twenty-two ninety-nine."),
    ("L2", "拍两个一百七十八，不够满减，再加一个就能减三十。"),  # one more makes three: 267 reaches 250
])
def test_the_everyday_price_as_such_and_one_more_item_pass(list_verifier, sku, text):
    assert [f.kind for f in list_verifier.verify(text, sku, AT)] == []


def test_an_offer_said_to_be_over_in_the_next_clause_is_ended():
    from script_gen.offer_context import Contexts
    text = "it was 16.99 in april, that's over; today it's 18.99"
    assert Contexts(text, AT).at(text.index("16.99")).tense == "ended"


@pytest.mark.parametrize("text", [
    "Missed the afternoon one oh nine? That one closed at three, sorry; it's one thirty-nine now.",
    "One thirty-nine right now; the one nineteen is tonight from nine.",  # the clock time ends the sentence
])
def test_an_offer_said_closed_or_at_its_start_time_in_english_passes(text):
    verifier = Verifier(parse_json(json.dumps(KB), "m").kb)
    assert [f.kind for f in verifier.verify(text, "W1", datetime(2027, 10, 2, 16, 0))] == []


@pytest.mark.parametrize("sku, text", [
    ("W2", "国庆特惠六十五，比平时七十九还低十四块。"),  # how much lower, not a price
    ("W2", "国庆特惠六十五，比平时还便宜十四块。"),
    ("W2", "平时七十九，国庆特惠六十五，还便宜十四块。"),
    ("W1", "One oh nine in the flash, done at two-fifty."),  # a clock time after a verb of its window
    ("W1", "One oh nine in the flash, over at two-fifty."),
])
def test_a_gap_between_prices_and_a_clock_time_after_over_or_done_are_no_prices(verifier, sku, text):
    assert kinds(verifier, sku, text) == [], text


@pytest.mark.parametrize("text, flagged", [
    ("It's ten past two, so fifty minutes left on the cream at one oh nine.", False),  # a price makes it the sale's
    ("Flash price is one oh nine, you've got fifty minutes.", False),
    ("Flash price is one oh nine, you've got two hours.", True),
    ("秒杀到三点，五十分钟。", False),
    ("秒杀到三点，两个小时。", True),
    ("最后五十分钟，秒杀三点结束。", False),  # 最后 opening the clause: time left
    ("最后九十分钟，秒杀三点结束。", True),
    ("最后五十分钟，抓紧。", False),  # a hurry is a countdown's sentence too
    ("最后九十分钟，抓紧。", True),
    ("The cream is one oh nine until three; there's fifty minutes left, then it goes back to one thirty-nine.", False),
    ("The cream is one oh nine, but only until three; that's fifty minutes.", False),
    ("The cream is one oh nine, but only until three; that's two hours.", True),
])
def test_time_left_said_with_a_price_you_have_or_after_the_end_is_held_against_the_running_offer(verifier, text, flagged):
    found = kinds(verifier, "W1", text)
    assert (found == [("expired_offer", found[0][1])] if flagged else found == []), (text, found)


def test_a_flash_pool_said_as_only_so_many_of_them_is_a_stock_claim():
    units = builtin_units()
    claims = extract_claims(normalize("Flash on the cream, one oh nine, only eighty of them.", units), units)
    assert [(c.kind, c.value) for c in claims if c.kind == "stock"] == [("stock", 80.0)]
