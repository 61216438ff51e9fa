"""Values a host works out aloud: right when they are the sum or product of the values said or stated."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "J1", "title": "果园鲜橙汁1L×6瓶", "brand": "果园", "category": "食品/饮料", "price": 59,
     "attributes": [{"key": "规格", "value": "1L×6瓶"}, {"key": "维生素C", "value": "30mg/100mL"},
                    {"key": "糖", "value": "9g/100mL"}]},
    {"sku_id": "V1", "title": "安泰复合维生素", "brand": "安泰", "category": "保健食品/维生素", "price": 99,
     "attributes": [{"key": "维生素B1", "value": "1.4mg/片"}, {"key": "维生素B2", "value": "1.6mg/片"}]},
    {"sku_id": "D1", "title": "汪记成犬粮2kg", "brand": "汪记", "category": "宠物/狗粮", "price": 89,
     "attributes": [{"key": "净含量", "value": "2kg"}], "usage": "每天每公斤体重约20g，分两次喂。"},
    {"sku_id": "C1", "title": "少儿编程入门网课", "brand": "码趣", "category": "图书/网课", "price": 199,
     "attributes": [{"key": "课程", "value": "36节"}, {"key": "单节时长", "value": "25分钟"}]},
    {"sku_id": "F1", "title": "润肤面霜40g", "brand": "润肤", "category": "美妆/面霜", "price": 129,
     "attributes": [{"key": "净含量", "value": "40g"}, {"key": "烟酰胺", "value": "2%"}]},
    {"sku_id": "P1", "title": "暖阁电炖盅", "brand": "暖阁", "category": "家电/炖盅", "price": 189,
     "promotions": [{"name": "六一", "price": 189, "starts_at": "2026-06-01 00:00", "ends_at": "2026-06-01 23:59",
                     "rules": [{"kind": "bundle_minus", "count": 2, "amount": 20}]}]},
    {"sku_id": "G1", "title": "鲜匣玻璃保鲜盒4件套", "brand": "鲜匣", "category": "家居/保鲜盒", "price": 119,
     "attributes": [{"key": "容量", "value": "370ml、640ml、1040ml、1520ml 各一只"}]},
    {"sku_id": "B1", "title": "燕麦饼干500g", "brand": "麦香", "category": "食品/饼干", "price": 29,
     "attributes": [{"key": "净含量", "value": "500g"}, {"key": "能量", "value": "2000kJ/100g"}]},
]}


def kinds(verifier, sku_id, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("J1", "一瓶一升，一箱六瓶，一共六升。"),                      # a value times a count, said as a total
    ("J1", "一瓶一升，每一百毫升九克糖，一瓶就是九十克糖。"),      # a rate times an amount of its denominator
    ("V1", "B1一点四毫克、B2一点六毫克，加起来三毫克。"),          # a sum, said as a total
    ("D1", "十公斤的狗狗，一天大概两百克。"),                      # a KB rate per body weight, and the weight put in
    ("C1", "三十六节课，一节二十五分钟，全部学完十五个小时。"),    # a count in a unit the KB counts in, times a length
    ("F1", "四十克一罐，烟酰胺百分之二，算下来零点八克。"),        # a share in per cent of a said amount
    ("B1", "一小包四十多克，一包下来八百五十千焦左右。"),          # a rate times an amount said as a range
    ("C1", "二十五分钟一节，三十六节，九百分钟。"),                  # a said size times a said count, exact, no cue
    ("G1", "四只加起来三千五百七十毫升，三升半多一点。"),            # the sum of a fact's values, then a rounding of it
    ("F1", "十二罐，一罐四十克，四百八十克。"),                      # a count no claim reads, times a said size
    ("F1", "Two jars, eighty grams altogether."),                    # ... times the size the KB states
    ("F1", "Three in a box at forty grams each, a hundred twenty grams."),
    ("F1", "一罐四十克，两罐八十克，不到二两。"),                    # a round bound above the figure before it
    ("F1", "Forty grams, less than an ounce and a half."),
    ("F1", "十六罐，一罐四十克，六百四十克，一斤多一点。"),          # a round figure the one before is a little above
])
def test_values_worked_out_aloud_are_grounded(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text,span", [
    ("F1", "十二罐，一罐四十克，五百克。", "五百克"),                # the count times the size is not the result
    ("F1", "Two jars, ninety grams altogether.", "ninety grams"),
    ("F1", "十罐，一罐四十克，四百克，一斤多一点。", "一斤"),          # 400 g is under 一斤, not above it
])
def test_counts_and_bounds_that_do_not_fit_are_found(verifier, sku_id, text, span):
    assert span in [t for _, t in kinds(verifier, sku_id, text)]



@pytest.mark.parametrize("sku_id,text,span", [
    ("J1", "一瓶一升，一箱六瓶，一共八升。", "八升"),              # the total does not add up
    ("J1", "一瓶一升，一箱六瓶，有两升。", "两升"),                 # no total said: the count is no factor
    ("C1", "二十五分钟一节，三十六节，八百分钟。", "八百分钟"),      # a product that is not exact
    ("G1", "四只加起来四千毫升。", "四千毫升"),
    ("G1", "四只加起来三千五百七十毫升，五升左右。", "五升"),        # no rounding of the figure before
    ("C1", "三十六节课，一节九百分钟。", "九百分钟"),                # said of one item: a size, not a total
    ("V1", "B1一点四毫克、B2一点六毫克，B1其实是三毫克。", "三毫克"),  # a sum not said as a total
    ("D1", "十公斤的狗狗，一天大概五百克。", "一天大概五百克"),
    ("J1", "一瓶一百毫升，维生素C三十毫克。", "一瓶一百毫升"),  # a value the KB states vouches for no wrong operand
    ("C1", "三十六节课，一节二十五分钟，全部学完二十个小时。", "二十个小时"),
    ("F1", "四十克一罐，烟酰胺百分之二，算下来两克。", "两克"),
    ("B1", "一小包四十多克，一包下来一千五百千焦。", "一包下来一千五百千焦"),
])
def test_values_that_do_not_add_up_are_still_found(verifier, sku_id, text, span):
    assert span in [t for _, t in kinds(verifier, sku_id, text)]


@pytest.mark.parametrize("text, found", [
    ("A hundred eighty-nine twice is three seventy-eight, minus twenty, three fifty-eight.", []),
    ("Two at a hundred eighty-nine is three seventy-eight, less twenty, three fifty-eight.", []),
    ("一台一百八十九，两台要是分开买三百七十八，一起拍省二十。", []),  # the pair bought apart, then the cut
    ("两台三百七十八。", ["三百七十八"]),  # the pair's price said without its cut
])
def test_a_subtotal_worked_out_before_the_cut(verifier, text, found):
    assert [t for _, t in kinds(verifier, "P1", text)] == found


@pytest.mark.parametrize("text, flagged", [
    ("Two stew pots, three seventy-eight the pair.", True),  # the pair's total without its cut (358)
    ("Two stew pots, that's three forty-eight altogether.", True),
    ("Two stew pots for the study and the kitchen, three fifty-eight for both.", False),
    ("Two stew pots, three fifty-eight after the discount.", False),
])
def test_an_english_total_said_after_a_count_of_the_skus_own_items(verifier, text, flagged):
    assert bool(kinds(verifier, "P1", text)) is flagged, text
