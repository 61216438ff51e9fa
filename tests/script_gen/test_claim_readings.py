"""How a said value is read before it is judged: a price that reads two ways, a weight said in two units,
a bound rounded to the next whole unit, a unit left out after a count, a rule that lowers one item's price,
and a gift that belongs to a coming offer."""

import json
from datetime import datetime

import pytest

from script_gen.claims import extract_claims
from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.spoken_numbers import english_price_readings
from script_gen.units import builtin_units
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)

KB = {"skus": [
    {"sku_id": "K1", "title": "青禾户外折叠椅", "brand": "青禾", "category": "户外/家具", "price": 1399, "list_price": 1599,
     "stock": {"quantity": 300, "unit": "把"},
     "attributes": [{"key": "重量", "value": "530", "unit": "g"}, {"key": "扶手重量", "value": "38", "unit": "g"}],
     "promotions": [
         {"name": "冬日直播价", "price": 899, "starts_at": "2026-12-01 00:00", "ends_at": "2026-12-09 23:59",
          "description": "满500减40", "rules": [{"kind": "spend_save", "threshold": 500, "amount": 40}]},
         {"name": "双12狂欢日", "price": 799, "starts_at": "2026-12-12 00:00", "ends_at": "2026-12-12 23:59",
          "description": "送防潮垫一个"}]},
]}


def found(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "K1", AT)]


def test_an_english_pair_of_groups_reads_as_yuan_and_fen_or_as_hundreds():
    assert english_price_readings("thirteen ninety-nine") == (1399, 13.99)
    assert english_price_readings("thirty-five ninety") == (35.9, 3590)
    assert english_price_readings("one hundred twenty") == (120,)


@pytest.mark.parametrize("text", [
    "The everyday price is thirteen ninety-nine, tonight it is eight ninety-nine.",
    "The morning deal ended at eleven thirty, tonight you pay eight ninety-nine.",
])
def test_english_prices_read_the_way_the_kb_holds_them_are_clean(verifier, text):
    assert found(verifier, text) == []


def test_an_english_price_wrong_in_both_readings_is_flagged(verifier):
    assert found(verifier, "The everyday price is fourteen ninety-nine.") == [("wrong_price", "fourteen ninety-nine")]


def test_a_spend_save_rule_one_item_already_meets_lowers_its_price(verifier):
    assert found(verifier, "今天八百九十九，满五百减四十，到手八百五十九。") == []
    assert found(verifier, "今天八百九十九，满五百减四十，到手八百四十九。") == [("wrong_price", "八百四十九")]


def test_a_weight_said_in_two_units_is_their_sum():
    assert normalize("一斤零三十克").text == "530克"
    assert normalize("一米零八公分").text == "108公分"


def test_a_weight_in_two_units_is_checked_as_one(verifier):
    assert found(verifier, "整把椅子一斤零三十克。") == []
    assert found(verifier, "整把椅子一斤零八十克。") == [("contradiction", "一斤零八十克")]


def test_a_bound_rounds_up_to_the_next_whole_said_unit(verifier):
    assert found(verifier, "扶手三十八克，不到一两。") == []
    assert found(verifier, "扶手的重量不到三两。") == [("contradiction", "三两")]


def test_a_bare_number_after_a_count_keeps_the_unit_said_of_one_item(verifier):
    assert found(verifier, "一个扶手三十八克，两个七十六。") == []


def test_a_coming_offers_gift_said_as_that_offers_is_clean(verifier):
    assert found(verifier, "双12当天七百九十九还送防潮垫，那是12号才开始。") == []
    assert found(verifier, "今天下单就送防潮垫。") == [("expired_offer", "就送防潮垫")]


def test_a_suffixed_noun_names_the_gift_by_its_stem():
    assert grounded_stem("垫子", "双12狂欢日 送防潮垫一个")
    assert not grounded_stem("袋子", "规格 2g×30袋")
    assert not grounded_stem("枕头", "双12狂欢日 送防潮垫一个")


def grounded_stem(head: str, text: str) -> bool:
    from script_gen.gifts import grounded

    return grounded(head, text)


LINE = {"skus": [
    {"sku_id": "T1", "title": "松间乌龙茶包", "brand": "松间", "category": "食品/茶", "price": 39.9,
     "stock": {"quantity": 500, "unit": "盒"},
     "attributes": [{"key": "每盒", "value": "12", "unit": "小袋"}, {"key": "焙火", "value": "中焙火"},
                    {"key": "一箱", "value": "20", "unit": "盒"}, {"key": "茶多酚", "value": "150", "unit": "mg/袋"}]},
    {"sku_id": "T2", "title": "松间乌龙茶砖", "brand": "松间", "category": "食品/茶", "price": 89,
     "attributes": [{"key": "焙火", "value": "重焙火"}]},
    {"sku_id": "P1", "title": "行者登山杖", "brand": "行者", "category": "户外/登山杖", "price": 159,
     "attributes": [{"key": "长度", "value": "60-130", "unit": "cm"}]},
]}


@pytest.fixture(scope="module")
def line():
    return Verifier(parse_json(json.dumps(LINE), "m").kb)


def test_a_sibling_named_by_its_changed_head_noun_owns_its_values(line):
    assert line.verify("茶包是中焙火，茶砖是重焙火，泡着方便选茶包。", "T1", AT) == []
    assert [f.kind for f in line.verify("我们这款茶包是重焙火的。", "T1", AT)] == ["other_sku"]


def test_several_items_at_todays_price_are_a_total(line):
    assert line.verify("拍两盒的话两盒七十九块八。", "T1", AT) == []
    assert [f.kind for f in line.verify("拍两盒的话两盒八十九块八。", "T1", AT)] == ["wrong_price"]


def test_a_size_before_a_measure_word_counts_the_same_things(line):
    assert line.verify("一盒十二袋，一小袋一泡。", "T1", AT) == []
    assert [f.kind for f in line.verify("一盒十袋。", "T1", AT)] == ["contradiction"]


def test_a_count_of_what_the_sku_is_sold_by_is_how_many_to_buy(line):
    assert line.verify("囤货的拍三盒，三盒放家里慢慢喝。", "T1", AT) == []


def test_a_rate_times_a_daily_count_is_a_daily_amount(line):
    assert line.verify("每袋一百五十毫克茶多酚，一天两袋，就是三百毫克。", "T1", AT) == []


def test_a_length_that_qualifies_a_person_is_the_users_height(line):
    assert line.verify("长度六十到一百三十厘米，一米八的人也够用。", "P1", AT) == []
    assert [f.kind for f in line.verify("杖子能拉到一米八。", "P1", AT)] == ["contradiction"]


REFUSED = {"skus": [
    {"sku_id": "Q1", "title": "山径羽绒睡袋", "brand": "山径", "category": "户外/睡袋", "price": 499,
     "attributes": [{"key": "极限温度", "value": "-8", "unit": "℃"}, {"key": "羽绒占比", "value": "90", "unit": "%"}],
     "faq": [{"question": "零下十五度能用吗？", "answer": "不建议，极限温度-8℃。"}]},
]}


@pytest.fixture(scope="module")
def refused():
    return Verifier(parse_json(json.dumps(REFUSED), "m").kb)


def test_a_value_the_faq_refuses_grounds_no_claim(refused):
    assert [f.kind for f in refused.verify("零下十五度也能睡。", "Q1", AT)] == ["contradiction"]


def test_a_value_the_host_refuses_is_not_claimed(refused):
    assert refused.verify("零下八度是极限，零下十五度就别用了。", "Q1", AT) == []


def test_a_ratio_word_ending_in_bi_is_no_comparison(refused):
    assert [f.kind for f in refused.verify("羽绒占比百分之七十。", "Q1", AT)] == ["contradiction"]


@pytest.mark.parametrize("text", [
    "I keep it at five thousand kelvin for daylight.",
    "It shuts off at fifteen or thirty minutes.",  # the unit said once, after the second value
    "It's one-twenty gsm paper.",
    "Fluoride at fourteen hundred ppm.",
])
def test_an_english_value_with_a_unit_of_measure_after_is_no_price(text):
    units = builtin_units()
    assert [c for c in extract_claims(normalize(text, units), units) if c.kind == "money"] == [], text
