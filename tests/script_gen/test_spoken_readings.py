"""Spoken forms that used to be misread into false claims or hid real ones: a 块 decimal before a count
(五十九块九十二盒), 一点 as "a bit" before a number (深一点四十八分贝), a bound said after its value
(一两都不到), 快 as "almost", a per-100 g base said first (每一百克两千一百八十千焦), clock times in English
(until eight thirty), two English values joined by "and", a promotion named with spoken numerals
(十点半夜场), and a price said beside a count of items, which must be the total for that many."""

from datetime import datetime

import pytest

from script_gen.normalize import normalize
from script_gen.spoken_numbers import english_value

AT = datetime(2026, 12, 20, 19, 30)

KB = {"skus": [
    {"sku_id": "E1", "title": "声屿Pro入耳降噪耳机", "brand": "声屿", "category": "数码/耳机", "price": 499, "list_price": 699,
     "attributes": [{"key": "单耳重量", "value": "4.8", "unit": "g"}, {"key": "降噪深度", "value": "48", "unit": "dB"}],
     "promotions": [
         {"name": "七点档秒杀", "price": 429, "starts_at": "2026-12-20 19:00", "ends_at": "2026-12-20 20:30"},
         {"name": "十点半夜场", "price": 399, "starts_at": "2026-12-20 22:30", "ends_at": "2026-12-20 23:59"}]},
    {"sku_id": "F1", "title": "麦香坚果棒 12盒/箱", "brand": "麦香", "category": "食品/零食", "price": 59.9,
     "stock": {"quantity": 900, "unit": "箱"},
     "attributes": [{"key": "规格", "value": "12盒/箱", "unit": ""}, {"key": "能量", "value": "2180", "unit": "kJ/100g"},
                    {"key": "每根重量", "value": "15", "unit": "g"}, {"key": "净含量", "value": "900", "unit": "g"}]},
    {"sku_id": "P1", "title": "墨书中性笔 12支/盒", "brand": "墨书", "category": "文具", "price": 19.9,
     "stock": {"quantity": 5000, "unit": "盒"},
     "promotions": [{"name": "年终盛典直播价", "price": 19.9, "starts_at": "2026-12-15 00:00", "ends_at": "2026-12-25 23:59",
                     "description": "2盒29.9元", "rules": [{"kind": "fixed_price", "count": 2, "price": 29.9}]}]},
]}


def claims(verifier, text, sku):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT) if f.kind not in ("malformed",)]


@pytest.mark.parametrize("said, read", [
    ("五十九块九十二盒", "59.9元12盒"),  # 59.9 for twelve boxes, not 59 for 92
    ("二十九块九两盒", "29.9元2盒"),
    ("二十块五十个", "20块50个"),  # a bare 十 after a middling digit stays the count's
    ("三十九块九十套", "39.9元10套"),  # after a high one it counts ten, as hosts price it
    ("三十六块二十枚", "36块20枚"),
    ("二十五块三十二幅", "25块32幅"),  # 25 for 32 pictures: .3 is no price's decimal before a count
    ("一百六十八块两对", "168块两对"),  # 两 is a decimal only before 毛
    ("三块两毛五", "3.25元"),
    ("三十块八毛两包", "30.8元2包"),
    ("深一点四十八分贝", "深一点48分贝"),  # decimals are said digit by digit: 一点四十八 is no decimal
    ("功率零点八千瓦", "功率0.8千瓦"),
    ("每一百克两千一百八十千焦", "每100克2180千焦"),
    ("开学季二七九还能拍", "开学季279还能拍"),  # a price said digit by digit
    ("国庆涨回一二九九", "国庆涨回1299"),
    ("一二三上链接", "一二三上链接"),  # a count, not 123
    ("七七八八都卖完了", "七七八八都卖完了"),
    ("四零九的公众频段", "四零九的公众频段"),  # a band's code before 的 and its noun
    ("八两到一斤", "8两到1斤"),  # 两 after a number read is the unit, also before 到
    ("十八块九毛一个", "18.9元1个"),  # the 一 after 毛 counts what follows
    ("九毛一瓶", "0.9元1瓶"),
    ("二十三块八毛五", "23.85元"),  # a fen digit after 毛 stays one
])
def test_spoken_numbers_read_as_a_host_means_them(said, read):
    assert normalize(said).text == read


def test_english_hours_and_minutes_and_and():
    assert english_value("ten thirty") == 1030
    assert english_value("five thirty-nine") == 539
    assert normalize("the Air is six and twenty-four hours").text == "the Air is 6 and 24 hours"


@pytest.mark.parametrize("sku, text", [
    ("E1", "一只耳机才四点八克，一两都不到。"),  # a bound said after its value
    ("E1", "降噪深一点四十八分贝。"),
    ("F1", "九百克，快两斤了。"),  # 快: almost
    ("F1", "每一百克两千一百八十千焦，一根十五克。"),  # the per-100 g base is no weight claim
    ("F1", "五十九块九十二盒，一盒不到五块钱。"),
    ("E1", "It's four twenty-nine until eight thirty tonight, then it goes back to four ninety-nine."),
    ("E1", "现在七点档四百二十九，十点半夜场三百九十九，夜猫子们十点半见。"),  # the coming offer named as said
    ("P1", "十九块九一盒，二十九块九两盒。"),
])
def test_correct_spoken_statements_are_clean(verifier, sku, text):
    assert claims(verifier, text, sku) == []


@pytest.mark.parametrize("sku, text, span", [
    ("P1", "今天十九块九两盒。", "十九块九"),  # one box's price said for two
    ("F1", "五十九块九两箱。", "五十九块九"),
    ("F1", "每一百克两千三百千焦。", "两千三百千焦"),
    ("E1", "一只耳机才四点八克，五克都不到。", None),  # 4.8 < 5: a true bound
])
def test_wrong_values_in_these_forms_are_flagged(verifier, sku, text, span):
    """A price beside a count must be that many items' total; a rate said per-100 g first is still checked."""
    got = claims(verifier, text, sku)
    assert len(got) == (1 if span else 0) and all(span in t for _, t in got)


def test_a_price_said_digit_by_digit_reads_with_its_point_unsaid_too():
    from script_gen.spoken_numbers import digit_price_readings
    assert digit_price_readings("二八八") == (28.8, 2.88)  # 288, or 28.8 with the point unsaid
    assert digit_price_readings("四九九一") == (49.9, 4.99)  # 四九九一袋: one bag at 49.9
    assert digit_price_readings("一二三四") == ()  # a count


@pytest.mark.parametrize("spoken, read", [
    ("换成华氏是零下十三度", "换成华氏是-25℃"),  # a temperature named Fahrenheit before it, in Chinese
    ("换成华氏就是一百零四到一百一十三度", "换成华氏就是40到45℃"),
    ("华氏五度", "华氏-15℃"),
    ("minus thirteen Fahrenheit", "-25℃"),  # minus before a Fahrenheit value keeps its sign
    ("four two-litre jugs", "4 2-litre jugs"),  # a count, then a compound: never 6
    ("three two-pack boxes", "3 2-pack boxes"),
    ("一块一点二公斤", "1块1.2公斤"),  # one piece of 1.2 kg, not 1.1 yuan and 2 kg
    ("三十九块九一瓶", "39.9元1瓶"),
    ("F25零下二十度到十度", "F25 -20度到10度"),  # a minus after a model's name is no hyphen of the name
    ("这个是一一五，比今晚还少四块", "这个是115,比今晚还少4块"),  # 一一 before a digit is a price said digit by digit
    ("评论区的问题我一一回复", "评论区的问题我一一回复"),  # the idiom "one by one"
    ("四十五块九一提", "45.9元1提"),  # 提 counts packs of wipes and tissue
    ("预售二十二一根", "预售22 一根"),  # 根, 盆, 尊 count rolling pins, cacti, censers: 22 for one
    ("六十二一盆", "62 一盆"),
    ("五一只会涨", "五一只会涨"),  # May Day, not 五 and one 只
    ("五一二十六块九，都比今晚贵", "五一26.9元,都比今晚贵"),  # May Day's price, with its 块 decimal
    ("五一八折", "五一8折"),
    ("十九块九二十粒", "19.9元20粒"),  # a 块 decimal, then a count in round tens
    ("三十九块九二十四片", "39.9元24片"),
    ("幺幺五一台", "115 一台"),  # 幺 is the digit one read aloud
    ("幺二块九", "12.9元"),
    ("中午幺幺块九", "中午11.9元"),
    ("幺八零度烤", "180度烤"),
    ("别出幺蛾子", "别出幺蛾子"),
    ("差不多半尺", "差不多0.5尺"),  # half a 尺, half a 两
    ("不到半两", "不到0.5两"),
    ("about a quarter pound", "about 0.25 pound"),
    ("half a pound", "0.5 pound"),
    ("满五十减五一套就有", "满50减五1套就有"),  # the rule's 五, then one set
    ("差一点一斤", "差一点1斤"),  # "a bit short of" one jin
    ("硬度五对六", "硬度五对六"),  # 对 here is "against", not a pair
])
def test_temperatures_in_fahrenheit_counts_before_compounds_and_a_piece_before_a_decimal_are_read_apart(spoken, read):
    assert normalize(spoken).text == read
