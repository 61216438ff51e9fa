"""Prices in their role, offer windows by tense, scarcity in the stock unit, and whose fact a value is."""

import json
from datetime import datetime

import pytest

from script_gen.gifts import grounded
from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)

KB = {"skus": [
    {"sku_id": "F1", "title": "岚风T3落地扇", "brand": "岚风", "category": "家电/风扇", "price": 159, "list_price": 199,
     "stock": {"quantity": 800, "unit": "台"},
     "attributes": [{"key": "续航", "value": "8小时"}, {"key": "防水等级", "value": "IPX3"}, {"key": "电池", "value": "2000mAh"}],
     "faq": [{"question": "和T3 Pro有什么区别？", "answer": "T3 Pro续航15小时、IPX5防水。"}],
     "promotions": [
         {"name": "双12预热专享", "price": 129, "starts_at": "2026-12-01 00:00", "ends_at": "2026-12-12 23:59",
          "stock_limit": 300, "description": "第二件半价"},
         {"name": "双11大促", "price": 119, "starts_at": "2026-11-01 00:00", "ends_at": "2026-11-11 23:59", "stock_limit": 500},
         {"name": "年货节特惠", "price": 139, "starts_at": "2027-01-05 00:00", "ends_at": "2027-01-20 23:59"}]},
    {"sku_id": "F2", "title": "岚风T3 Pro落地扇", "brand": "岚风", "category": "家电/风扇", "price": 259, "list_price": 299,
     "stock": {"quantity": 200, "unit": "台"},
     "attributes": [{"key": "续航", "value": "15小时"}, {"key": "防水等级", "value": "IPX5"}, {"key": "电池", "value": "4000mAh"}]},
    {"sku_id": "R1", "title": "山禾五常大米5kg", "brand": "山禾", "category": "食品/米面", "price": 69,
     "stock": {"quantity": 1200, "unit": "袋"},
     "attributes": [{"key": "保质期", "value": "12个月"}, {"key": "包装尺寸", "value": "1米"}]},
]}


def found(verifier, sku_id, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("text", [
    "原价199元，今天到手129元，直接省70元。",
    "划线价199元，日常价159元，今天预热价129元。",
    "第二件半价，两台一共193.5元，平均一台96.8元。",
    "双11的119元已经结束了，现在是129元。",
    "年货节1月5号开始会有139元的价，现在还没开始。",
    "活动结束就恢复到159元。",
])
def test_real_prices_in_their_role_are_clean(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("text,kind,span", [
    ("今天直播间只要199元", "wrong_price", "199元"),
    ("原价229元，今天129元", "wrong_price", "229元"),
    ("双11的119元今天还能拍", "expired_offer", "119元今天还能拍"),  # the finding spans the statement
    ("现在直接就是年货节特惠139元", "expired_offer", "139元"),
    ("两台一共200元", "wrong_price", "200元"),
    ("今天到手只要96.8元", "wrong_price", "96.8元"),  # the two-item average, said as the price of one
    ("今天只要一百五十九", "wrong_price", "一百五十九"),  # the daily price said as today's while an offer runs
    ("今晚159一台", "wrong_price", "159"),
    ("今天就是259元", "wrong_price", "259元"),
])
def test_prices_out_of_role_are_findings(verifier, text, kind, span):
    assert (kind, span) in found(verifier, "F1", text)


def test_wrong_price_reason_names_the_list_price_and_sibling(verifier):
    [listed] = verifier.verify("今天只要199元", "F1", AT)
    assert "划线价" in listed.reason and "129" in listed.reason and listed.fact_ref == "F1#list_price"
    [sibling] = verifier.verify("今天就是259元", "F1", AT)
    assert "F2" in sibling.reason


@pytest.mark.parametrize("text,ok", [
    ("预热价限量300台，拍完恢复159元。", True),
    ("仓库里库存还有800台。", True),
    ("只剩最后20台了", False),
    ("库存只剩最后十单", False),
])
def test_scarcity_must_match_the_offer_limit_or_the_stock(verifier, text, ok):
    kinds = [k for k, _ in found(verifier, "F1", text)]
    assert kinds == [] if ok else kinds == ["fake_scarcity"]


def test_scarcity_in_the_skus_own_unit(verifier):
    assert found(verifier, "R1", "库存只剩50袋") == [("fake_scarcity", "库存只剩50袋")]
    assert found(verifier, "R1", "库存还有1200袋，放心拍") == []


def test_a_siblings_value_from_this_skus_faq_does_not_ground_it(verifier):
    assert ("other_sku", "IPX5") in found(verifier, "F1", "这款T3是IPX5防水的")
    assert ("other_sku", "15小时") in found(verifier, "F1", "续航15小时")


@pytest.mark.parametrize("sku_id,text", [
    ("F1", "T3是IPX3，Pro才是IPX5，续航15小时，要泡水的话去拍Pro。"),
    ("F2", "跟T3比，Pro续航15小时、IPX5；T3是8小时、IPX3。"),
    ("F1", "想要更久的看T3 Pro那款，今天259元。"),
])
def test_naming_the_sibling_checks_against_the_sibling(verifier, sku_id, text):
    assert found(verifier, sku_id, text) == []


def test_small_values_of_unrelated_products_are_not_other_sku(verifier):
    assert all(kind != "other_sku" for kind, _ in found(verifier, "F1", "线长1米，保修12个月"))


def test_gifts_must_be_in_the_kb_or_a_running_offer(verifier):
    kb = parse_json(json.dumps({"skus": [
        {"sku_id": "C1", "title": "禾野陶瓷马克杯", "price": 49, "selling_points": ["附赠木质杯垫"],
         "promotions": [{"name": "周末专享", "price": 39, "starts_at": "2026-12-01", "ends_at": "2026-12-07",
                         "description": "下单送搅拌勺"},
                        {"name": "双11", "price": 35, "starts_at": "2026-11-01", "ends_at": "2026-11-11",
                         "description": "下单送礼盒"}]}]}), "m").kb
    v = Verifier(kb)
    assert v.verify("今天下单再送一把搅拌勺，还送木质杯垫，拎着都带得动。", "C1", AT) == []
    assert [(f.kind, f.text) for f in v.verify("今天再送一个精美礼盒", "C1", AT)] == [("expired_offer", "再送一个精美礼盒")]
    [invented] = v.verify("还带一个保温杯套哦", "C1", AT)
    assert (invented.kind, invented.text) == ("unsupported", "还带一个保温杯套") and "杯套" in invented.reason


@pytest.mark.parametrize("text,kind,span", [
    ("双11大促的一百一十九今晚照样给到大家", "expired_offer", "一百一十九今晚照样给到大家"),  # a past offer's price, no 元, said as now
    ("年货节特惠一百三十九，现在下单就是这个价", "expired_offer", "一百三十九，现在下单就是这个价"),  # the next clause says it holds now
    ("今天一百九十九拿回家", "wrong_price", "一百九十九"),  # the list price, no 元, said as today's
    ("The Double 11 price of 119 is still on tonight", "expired_offer", "119 is still on tonight"),
    ("两台到手两百", "wrong_price", "两百"),  # a total after a count of items, no 元
])
def test_unit_less_prices_are_judged_in_their_tense(verifier, text, kind, span):
    assert (kind, span) in found(verifier, "F1", text)


@pytest.mark.parametrize("text", [
    "双11大促那场一百一十九，十一号就结束了，现在是一百二十九。",  # the next clause's 11号 is a date, not a price
    "年货节特惠要到明年一月五号才开始，那个是一百三十九，现在一百二十九更便宜。",  # 那个 goes on about the coming offer
    "The Double 11 price of 119 is long gone; tonight it's 129.",
    "这台卖过一百一十九，那是上个礼拜的事了。",  # 卖过: a price it was sold at
    "一百一十九那个价，十一号就收了。",  # 收了: the offer closed
    "The family pack went for a hundred nineteen before the sale.",
    "两台一百九十三块五，第二台半价算好了。",
    "两台两百五十八，第二台半价，减完一百九十三块五。",  # the total before the rule, then after it
])
def test_past_and_coming_prices_said_as_such_are_clean(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("text", [
    "年货节特惠一百三十九，明年的事了，今天一百二十九",  # 明年: the offer is ahead
    "年货节特惠一百三十九，下个月五号开始",
    "下礼拜六年货节还没到，想等一百三十九的可以一月再来",  # 礼拜六 is a weekday, not six pairs
    "一月五号开抢的那场，一百三十九，记得定闹钟",  # a later date places the offer ahead; the next clause goes on about it
    "双11大促一百一十九是上个月的事，今天一百二十九",
    "双11大促卖完下线了，一百一十九那个价没有了",
    "the Double 11 price of 119 was last month, tonight it's 129",
    "Chinese New Year sale starts on the 5th next month, 139",
])
def test_offers_placed_by_time_words_and_dates_are_not_said_as_current(verifier, text):
    assert [f for f in found(verifier, "F1", text) if f[0] in ("expired_offer", "wrong_price")] == []


@pytest.mark.parametrize("text,span", [
    ("年货节特惠一百三十九，明天开始，但是今天也给你们一百三十九", "一百三十九"),  # 但是…今天: back to now
    ("双11大促一百一十九上个月卖爆了，今晚直接一百一十九", "一百一十九"),
])
def test_an_offer_placed_in_time_and_then_said_as_now_is_a_finding(verifier, text, span):
    assert ("expired_offer", span) in found(verifier, "F1", text)


@pytest.mark.parametrize("text,span", [
    ("今晚下单买俩送俩", "买俩送俩"),
    ("满两百减二十，冲就完了", "满两百减二十"),
    ("第二台打七折", "第二台打七折"),
])
def test_a_spoken_rule_the_running_offer_lacks_is_a_finding(verifier, text, span):
    [rule] = [f for f in verifier.verify(text, "F1", AT) if f.text == span]
    assert rule.kind == "wrong_price" and "第2件5折" in rule.reason  # the reason names the real rule


def test_the_running_offers_own_rule_is_clean(verifier):
    assert found(verifier, "F1", "预热专享第二台半价，一台一百二十九。") == []


@pytest.mark.parametrize("text,ok", [
    ("这一波只放了三百台", True),  # the running offer's allocation
    ("秒杀只放了三十台，手慢无", False),
    ("全店就剩八台了", False),
    ("一箱里有八台的量", True),  # a count without a scarcity cue is not a stock claim
])
def test_scarcity_in_the_stock_unit_without_a_stock_phrase(verifier, text, ok):
    kinds = [kind for kind, _ in found(verifier, "F1", text)]
    assert ("fake_scarcity" not in kinds) == ok


@pytest.mark.parametrize("text,ok", [
    ("灯组,含led灯组（需3节电池）", True),
    ("灯组,无\n拼搭时长,约3小时", False),  # an attribute row that denies it
    ("太空站586颗，没有灯组。", False),
    ("灯组,无线遥控", True),  # 无线 is a word, not a denial
])
def test_a_gift_is_grounded_only_where_the_kb_does_not_deny_it(text, ok):
    assert grounded("led灯组", text) == ok


WATER = {"skus": [
    {"sku_id": "W1", "title": "清泉苏打水", "brand": "清泉", "category": "食品/饮料", "price": 36,
     "attributes": [{"key": "规格", "value": "350mL×12瓶"}]},
]}


@pytest.mark.parametrize("text,ok", [
    ("一箱三十六，一瓶算下来三块。", True),  # 36 a case of 12 bottles
    ("一箱三十六，一瓶算下来五块。", False),
])
def test_a_price_per_part_of_a_pack(text, ok):
    water = Verifier(parse_json(json.dumps(WATER), "m").kb)
    assert (water.verify(text, "W1", AT) == []) == ok


def test_an_average_cut_down_to_the_yuan_is_said_with_duo(verifier):
    # 第二件半价 at 129: three come to 322.5, 107.5 each
    assert found(verifier, "F1", "第二台半价，三台算下来一台一百零七块多。") == []


@pytest.mark.parametrize("text,ok", [
    ("双11大促的一百一十九早就结束了，今天一百二十九比那个贵一点，但比原价还是便宜。", True),
    ("年货节特惠一百三十九还没开始，今天一百二十九比那个还便宜。", True),  # 比那个 points back to 139
    ("今天一百二十九，比那个还便宜。", False),  # nothing said before to point back to
    ("第二台半价，两台比分开拍省六十四块五。", True),  # the running offer's rule makes two cheaper
])
def test_comparisons_that_point_back_or_to_buying_separately(verifier, text, ok):
    unsupported = [f for f in verifier.verify(text, "F1", AT) if f.reason.startswith("比较")]
    assert (unsupported == []) == ok


TENTS = {"skus": [
    {"sku_id": f"T{n}", "title": f"远峰山野{word}人帐篷", "brand": "远峰", "category": "户外/帐篷", "price": price,
     "attributes": [{"key": "重量", "value": weight}]}
    for n, word, price, weight in ((2, "二", 399, "1.8kg"), (3, "三", 499, "2.6kg"))
]}


@pytest.mark.parametrize("text,kinds", [
    ("二人帐一点八公斤；三人帐两点六公斤，人多选三人。", []),  # 三人 names the sibling, said as 3人 once normalised
    ("二人帐两点六公斤。", ["other_sku"]),
])
def test_a_sibling_named_by_a_spoken_number(text, kinds):
    tents = Verifier(parse_json(json.dumps(TENTS), "m").kb)
    assert [f.kind for f in tents.verify(text, "T2", AT)] == kinds


@pytest.mark.parametrize("text", [
    "跟T3 Pro比，这款续航8小时，Pro是15小时",  # the sibling's value beside this SKU's own
    "电池两千毫安，对比Pro的四千毫安，看需求选",
    "续航比T3 Pro少了七个小时",  # the gap between the two: 15 - 8
    "跟四千毫安的那款比，这款更轻便",  # the sibling's value as its name
    "电池比T3 Pro的小",  # 2000 mAh is below the Pro's 4000
])
def test_a_brand_comparing_its_own_skus_with_the_right_values_is_clean(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("text,kind", [
    ("这款续航15小时", "other_sku"),  # the sibling's value said as this SKU's
    ("电池是四千毫安的，用两天", "other_sku"),
    ("续航比T3 Pro少了五个小时", "contradiction"),  # not the gap between the two
])
def test_a_siblings_value_said_as_this_skus_stays_a_finding(verifier, text, kind):
    assert kind in [k for k, _ in found(verifier, "F1", text)]


@pytest.mark.parametrize("text", [
    "一月五号年货节那场是一百三十九，今天预热价，一百二十九。",
    "想囤的可以等年货节，一百三十九，不急的话。",
    "双11那会儿一百一十九，今晚一百二十九。",
])
def test_an_offer_named_before_its_price_is_that_offer_price(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("text,span", [
    ("年货节的价今天就能拍，一百三十九", "139"),
    ("年货节一百三十九，现在下单就是这个价", "139"),
    ("年货节特惠一百三十九已经开了", "139"),
    ("双11大促那个一百一十九还给大家留着", "119"),
    ("双11的一百一十九还在，放心拍", "119"),
])
def test_a_named_offer_said_as_now_is_still_out_of_its_window(verifier, text, span):
    assert [k for k, _ in found(verifier, "F1", text)] == ["expired_offer"], span


@pytest.mark.parametrize("text", [
    "It's 129 today; the New Year price starts on the 5th at 10 a.m.",     # a clock time is no price
    "One fan runs at 2 speeds at night and 3 by day, 129 each today.",
    "Two fans come to 193.5 tonight, the second one is half price.",       # a multi-item total in English
    "日常一百五十九，划线一百九十九，今天一百二十九。",                     # 划线 is the list price's role
    "The fan is one twenty-nine tonight, and the battery is two thousand mAh.",
])
def test_english_prices_totals_and_times_in_their_role(verifier, text):
    assert found(verifier, "F1", text) == []


def test_an_english_total_that_does_not_add_up_is_still_wrong(verifier):
    assert [k for k, _ in found(verifier, "F1", "Two fans come to 180 tonight.")] == ["wrong_price"]


def test_english_stock_is_checked_whatever_the_thing_is_called(verifier):
    assert [k for k, _ in found(verifier, "F1", "Only five fans left, grab one.")] == ["fake_scarcity"]
    assert found(verifier, "F1", "Just 300 fans remaining at this price.") == []


@pytest.mark.parametrize("text", [
    "拍俩台的话二百五十八，比单买省。",          # the total before 第二件半价, said as what two cost
    "俩台的钱是二百五十八。",
])
def test_a_total_before_the_rule_said_as_the_price_is_wrong(verifier, text):
    assert [k for k, _ in found(verifier, "F1", text)] == ["wrong_price"]


@pytest.mark.parametrize("text", [
    "两台二百五十八，第二件半价，减完一百九十三块五。",  # the same total beside the rule
    "拍俩台的话一百九十三块五。",
])
def test_a_total_before_the_rule_beside_it_and_the_real_total_are_clean(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("text", ["预热价就剩最后十几台了。", "活动价只有二十台，拼手速。", "库存就剩五十台了。"])
def test_scarcity_in_the_stock_unit_said_with_just_or_a_dozen_is_checked(verifier, text):
    assert [k for k, _ in found(verifier, "F1", text)] == ["fake_scarcity"]


@pytest.mark.parametrize("text", ["颜色只有两种，白和灰。", "预热价只有三百台，拼手速。"])
def test_just_with_another_unit_or_the_real_limit_is_no_scarcity_claim(verifier, text):
    assert found(verifier, "F1", text) == []


@pytest.mark.parametrize("sku_id,text,flagged", [
    ("F1", "这一台是十五小时续航的。", True),             # 这一 said of this one, with the sibling's value
    ("F1", "It comes with a 4000 mAh battery.", True),     # "a 4000 mAh": an article, not "per"
    ("F1", "It comes with a 2000 mAh battery.", False),
    ("F2", "Compared with the T3, the Pro goes from 8 to 15 hours.", False),  # a change between the two
    ("F2", "The Pro runs 8 to 15 hours.", True),           # the same pair said as its own range
])
def test_whose_value_it_is_in_self_reference_articles_and_changes(verifier, sku_id, text, flagged):
    assert bool(found(verifier, sku_id, text)) == flagged


@pytest.mark.parametrize("sku_id,text,kinds", [
    ("F1", "预热价这个价明天还有。", []),                       # the running offer lasts past today
    ("R1", "活动价明天一整天都有。", ["expired_offer"]),          # no running offer lasts
    ("F1", "过了今晚就没有了，抓紧。", ["fake_scarcity"]),       # the offer runs to the 12th
    ("F1", "今天一台一百二十九，划算。", []),                    # one item, then its price
    ("F1", "今天一台一百四十九，划算。", ["wrong_price"]),
])
def test_how_long_an_offer_lasts_and_a_price_after_one_item(verifier, sku_id, text, kinds):
    assert [k for k, _ in found(verifier, sku_id, text)] == kinds


@pytest.mark.parametrize("text,ok", [
    ("预热这个价就三台，抢完没有了。", False),  # a limit said with 就 right after the price
    ("这个价只三百台，手慢无。", True),         # the running offer's real allocation
    ("现在还剩二十来台。", False),              # 二十来台: about twenty, not the offer's limit
])
def test_scarcity_said_after_the_price_or_as_about_so_many(verifier, text, ok):
    kinds = [k for k, _ in found(verifier, "F1", text)]
    assert kinds == [] if ok else kinds == ["fake_scarcity"]


@pytest.mark.parametrize("text, ok", [
    ("两台一百九十三块五，一台九十六块七毛五，得两台。", True),  # the pair's share, said with its condition
    ("一百二十九，一百三十块不到。", True),  # a bound today's price stays under
    ("不到一百三十块就能拿下。", True),
    ("一百二十块不到就能拿下。", False),  # today is 129
])
def test_a_share_with_its_condition_and_a_bound_under_todays_price(verifier, text, ok):
    assert (found(verifier, "F1", text) == []) == ok


@pytest.mark.parametrize("text, ok", [
    ("Kids under eight should wait; this one is eight and up.", True),  # an age, no price
    ("Twelve blades, no, eight, it's eight.", True),
    ("Only three today.", False),  # said as what it costs
    ("Now it's just three.", False),
    ("It's nine bucks today.", False),
])
def test_a_small_english_number_word_is_a_price_only_with_a_word_of_money(verifier, text, ok):
    assert (found(verifier, "F1", text) == []) == ok
