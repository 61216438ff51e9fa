"""What one item and several items cost under a running offer's rules: the n-th item's price is not any item's,
a total before the rules is not what several cost, a pair is two items, English counts beside a price, a price
after 一支就, and the share of a total said before it."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.units import builtin_units
from script_gen.verify import Verifier

AT = datetime(2027, 3, 8, 20, 0)
WEEK = {"starts_at": "2027-03-05 00:00", "ends_at": "2027-03-10 23:59"}

KB = {"skus": [
    {"sku_id": "P1", "title": "晴川 保温杯 500mL", "brand": "晴川", "category": "家居/水杯", "price": 99,
     "stock": {"quantity": 400, "unit": "个"},
     "promotions": [{"name": "女神节", "price": 80, **WEEK, "description": "第二个半价",
                     "rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}]}]},
    {"sku_id": "P2", "title": "云杉 登山杖", "brand": "云杉", "category": "户外/登山杖", "price": 129,
     "stock": {"quantity": 300, "unit": "支"},
     "promotions": [{"name": "女神节", "price": 110, **WEEK, "description": "第二支减30",
                     "rules": [{"kind": "nth_minus", "n": 2, "amount": 30}]}]},
    {"sku_id": "P3", "title": "禾田 燕麦片 1kg", "brand": "禾田", "category": "食品/麦片", "price": 45,
     "stock": {"quantity": 800, "unit": "袋"},
     "promotions": [{"name": "女神节", "price": 39, **WEEK, "description": "买二送一",
                     "rules": [{"kind": "buy_get", "buy": 2, "free": 1}]}]},
    {"sku_id": "P4", "title": "澄光 防蓝光眼镜", "brand": "澄光", "category": "眼镜/平光镜", "price": 299,
     "stock": {"quantity": 100, "unit": "副"},
     "promotions": [{"name": "女神节", "price": 259, **WEEK, "description": "满500减60",
                     "rules": [{"kind": "spend_save", "threshold": 500, "amount": 60, "each": False}]}]},
]}


def prices(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT) if f.kind == "wrong_price"]


@pytest.mark.parametrize("sku, text, span", [
    ("P1", "第二个半价，四十一个，随便拍。", "四十"),  # 40 is the second cup's price, not any cup's
    ("P2", "第二支减三十，80一支。", "80"),
    ("P3", "三袋一百一十七。", "一百一十七"),  # 3 × 39 before the free bag: three bags cost 78
    ("P1", "两个一百六十。", "一百六十"),  # 2 × 80 before the second is half price: 120
    ("P2", "一对登山杖一百一十，两支都给你。", "一百一十"),
    ("P2", "A pair for one ten.", "one ten"),
    ("P3", "Two bags for thirty-nine.", "thirty-nine"),
    ("P3", "Thirty-nine for two bags tonight.", "Thirty-nine"),
    ("P4", "一副就一百九十九。", "一百九十九"),  # one pair does not reach 满500
])
def test_a_price_said_of_the_wrong_number_of_items_is_flagged(verifier, sku, text, span):
    assert any(said.startswith(span) for _, said in prices(verifier, sku, text))  # 四十一个: 四十 then 一个


@pytest.mark.parametrize("sku, text", [
    ("P1", "第二个只要四十，两个一百二十。"),
    ("P2", "一对登山杖一百九十，第二支减三十。"),
    ("P3", "买二送一，三袋七十八。"),
    ("P3", "Two bags for seventy-eight, and the third one is free."),
    ("P4", "两副五百一十八，满五百减六十，到手四百五十八。"),
    ("P1", "两个买下来一百二十，送长辈刚好。"),
])
def test_the_totals_the_rules_give_are_clean(verifier, sku, text):
    assert prices(verifier, sku, text) == []


@pytest.mark.parametrize("text, flagged", [
    ("三个两百，平均一个六十六，随便拍。", True),  # 200 / 3 = 66.67: said bare, the decimal is dropped
    ("三个两百，平均一个六十六块多。", False),
    ("三个两百，平均一个六十六出头。", False),
    ("三个两百，平均一个六十六块七。", False),  # rounded to the jiao
    ("三个两百，一个不到六十七。", False),
])
def test_an_average_cut_to_the_yuan_is_right_only_when_said_as_rough(verifier, text, flagged):
    assert bool(prices(verifier, "P1", text)) is flagged


def test_one_items_share_of_a_wrong_total_is_not_a_second_finding(verifier):
    assert prices(verifier, "P1", "两个一百，一个才五十。") == [("wrong_price", "一百")]


def test_a_count_the_item_holds_beside_its_price_is_what_is_inside():
    kb = {"skus": [{"sku_id": "G1", "title": "咚咚拨浪鼓三只礼盒", "brand": "咚咚", "category": "玩具/拨浪鼓", "price": 49,
                    "list_price": 69, "stock": {"quantity": 300, "unit": "盒"},
                    "attributes": [{"key": "内含", "value": "拨浪鼓3只"}]}]}
    gift_box = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert prices(gift_box, "G1", "四十九块三只鼓，平均一只十六块多。") == []
    assert prices(gift_box, "G1", "两盒四十九。") == [("wrong_price", "四十九")]  # two boxes cost 98
    assert prices(gift_box, "G1", "拨浪鼓三只六十九，便宜。") == [("wrong_price", "六十九")]  # the list price as today's


def test_two_before_a_unit_after_a_price_is_a_count():
    assert normalize("秒杀一百五十九两公斤", builtin_units()).text == "秒杀159 2公斤"
    assert normalize("三两四", builtin_units()).text == "3.4两"


KB_OFFERS = {"skus": [
    {"sku_id": "Q1", "title": "林语 羽绒枕", "brand": "林语", "category": "家纺/枕头", "price": 239, "list_price": 329,
     "stock": {"quantity": 200, "unit": "个"},
     "promotions": [
         {"name": "八点秒杀", "price": 199, "starts_at": "2027-03-08 20:00", "ends_at": "2027-03-08 21:00",
          "description": "秒杀价", "rules": []},
         {"name": "十一点夜场", "price": 219, "starts_at": "2027-03-08 23:00", "ends_at": "2027-03-08 23:59",
          "description": "夜场价", "rules": []},
         {"name": "春分囤货节", "price": 179, "starts_at": "2027-03-20 00:00", "ends_at": "2027-03-22 23:59",
          "description": "囤货价", "rules": []}]},
]}


@pytest.fixture(scope="module")
def offers():
    return Verifier(parse_json(json.dumps(KB_OFFERS), "m").kb)


def offer_findings(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "Q1", datetime(2027, 3, 8, 20, 15))]


@pytest.mark.parametrize("text", [
    "十一点以后更便宜，二百一十九。",
    "If you wait, the eleven o'clock session is even cheaper.",
])
def test_a_coming_offer_said_cheaper_than_now_when_it_is_dearer_is_flagged(offers, text):
    assert [k for k, _ in offer_findings(offers, text)] == ["wrong_price"]


@pytest.mark.parametrize("text", [
    "现在一百九十九，十一点夜场是二百一十九，反而比现在贵。",
    "One ninety-nine now; the eleven o'clock session brings it to two nineteen.",
    "春分囤货节更便宜，一百七十九，二十号开始。",
])
def test_a_coming_offer_said_as_it_is_is_clean(offers, text):
    assert offer_findings(offers, text) == []


@pytest.mark.parametrize("text, span", [
    ("划线价三百二十九今天就给。", "三百二十九"),
    ("吊牌价三百二十九就是今晚的价。", "三百二十九"),
    ("One ninety-nine until nine, and after that it goes back to its list price of three twenty-nine.", "three twenty-nine"),
    ("这个枕头三百二十九，已经很便宜了。", "三百二十九"),  # said bare, with no cue of its role: as what it costs
    ("羽绒枕，three twenty-nine, take it home.", "three twenty-nine"),
    ("羽绒枕二百三十九，一个一个来。", "二百三十九"),  # the everyday price said bare while the flash runs
])
def test_a_list_price_said_as_todays_or_as_the_price_after_the_sale_is_flagged(offers, text, span):
    assert ("wrong_price", span) in offer_findings(offers, text)


@pytest.mark.parametrize("text", [
    "划线价三百二十九，今天一百九十九。",
    "秒杀一百九十九，九点以后恢复日常价二百三十九。",
    "三百二十九上面有一道杠，那叫划线价，您付一百九十九。",  # named as the list price later in its sentence
    "有人问怎么页面上写三百二十九？那是划线价。",  # asked, then answered
    "The crossed-out three twenty-nine is not what you pay; one ninety-nine now.",
    "二百三十九是平时，秒杀一百九十九。",  # the everyday price placed away from now
    "秒杀完还能按二百三十九买。",  # the price after the sale
    "Tonight it's one ninety-nine instead of two thirty-nine.",
    "The flash holds until nine, then two thirty-nine.",
])
def test_a_list_price_said_as_the_list_price_is_clean(offers, text):
    assert offer_findings(offers, text) == []


def test_a_saving_after_a_pair_is_no_price_of_the_pair(verifier):
    assert ("wrong_price", "三十块") not in prices(verifier, "P2", "买一对再减三十块。")  # the rule itself is judged apart


@pytest.mark.parametrize("text", [
    "两个一百二十，送长辈倍有面子。",
    "买一个送爸妈送领导都合适。",
])
def test_a_present_for_someone_is_no_promised_gift(verifier, text):
    assert [f for f in verifier.verify(text, "P1", AT) if f.kind in ("unsupported", "other_sku")] == []


def test_a_sum_after_a_free_item_rule_is_no_gift(verifier):
    assert [f for f in verifier.verify("买二送一算下来，三袋七十八。", "P3", AT) if f.kind == "unsupported"] == []


def test_the_saving_per_item_a_rule_gives_is_clean(verifier):
    assert prices(verifier, "P1", "两个一百二十，平均一个六十，每个比单买省二十块。") == []
    assert [f.kind for f in verifier.verify("两个一百二十，每个比单买省三十五块。", "P1", AT)
            if f.kind not in ("banned_term", "forbidden_claim")] != []


def test_the_last_link_of_the_show_is_no_scarcity(verifier):
    assert [f for f in verifier.verify("最后一个链接，保温杯今天八十。", "P1", AT) if f.kind == "fake_scarcity"] == []
    assert [f.kind for f in verifier.verify("最后三个了，保温杯今天八十。", "P1", AT)] == ["fake_scarcity"]


KB_WINDOWS = {"skus": [
    {"sku_id": "W1", "title": "行至 运动手表", "brand": "行至", "category": "手表/运动表", "price": 699, "list_price": 899,
     "stock": {"quantity": 500, "unit": "块"},
     "attributes": [{"key": "重量", "value": "52", "unit": "g"}, {"key": "表径", "value": "46", "unit": "mm"}],
     "promotions": [
         {"name": "惊蛰焕新节", "price": 599, "starts_at": "2027-03-05 00:00", "ends_at": "2027-03-10 23:59",
          "stock_limit": 60, "description": "焕新价", "rules": []},
         {"name": "八点秒杀", "price": 549, "starts_at": "2027-03-08 20:00", "ends_at": "2027-03-08 21:00",
          "description": "秒杀价", "rules": []}]},
    {"sku_id": "W2", "title": "行至 石英手表", "brand": "行至", "category": "手表/石英表", "price": 399,
     "stock": {"quantity": 500, "unit": "块"},
     "promotions": [{"name": "八点秒杀", "price": 349, "starts_at": "2027-03-08 20:00", "ends_at": "2027-03-08 21:00",
                     "description": "秒杀价", "rules": []}]},
]}


@pytest.fixture(scope="module")
def windows():
    return Verifier(parse_json(json.dumps(KB_WINDOWS), "m").kb)


def window_findings(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "W1", datetime(2027, 3, 8, 20, 15))]


@pytest.mark.parametrize("text", [
    "秒杀三百四十九，一直到今晚十二点都是这个价。",
    "秒杀三百四十九，十点半之前下单都算。",
    "今晚秒杀，明天早上来拍也是三百四十九。",
])
def test_the_flash_sale_said_to_last_past_its_end_is_flagged(windows, text):
    found = [f.kind for f in windows.verify(text, "W2", datetime(2027, 3, 8, 20, 15))]
    assert "expired_offer" in found


@pytest.mark.parametrize("text", [
    "秒杀五百四十九，九点之前下单都算。",
    "秒杀五百四十九，一共六十块，九点截止。",
    "情侣一人一块，秒杀五百四十九。",
    "拍两块的话就是两个五百四十九，一千零九十八。",
    "Fifty-two grams on the wrist at forty-six millimetres, and the other one is at forty-six too.",
    "No deal on this one after nine, it's five forty-nine until then.",
])
def test_a_window_said_right_and_counts_in_kuai_are_clean(windows, text):
    assert window_findings(windows, text) == []


def test_the_everyday_price_said_as_the_festivals_is_flagged(windows):
    assert window_findings(windows, "焕新节六百九十九。") == [("wrong_price", "六百九十九")]
    assert window_findings(windows, "焕新节五百九十九，今晚八点秒杀五百四十九。") == []


@pytest.mark.parametrize("sku, text, span", [
    ("P2", "第二支减三十，买三支第三支也减三十。", "第三支也减三十"),
    ("P3", "拍一袋送一袋。", "拍一袋送一袋"),
])
def test_a_rule_the_offer_does_not_have_is_flagged_in_other_words(verifier, sku, text, span):
    assert ("wrong_price", span) in prices(verifier, sku, text)


def test_the_offers_own_rule_in_other_words_is_clean(verifier):
    assert prices(verifier, "P3", "拍两袋送一袋。") == []
    assert prices(verifier, "P2", "第二支也减三十。") == []


def test_a_rule_ruled_out_or_a_gift_after_the_free_count_is_no_rule(verifier):
    assert prices(verifier, "P3", "买二送一是拍两袋送一袋，不是拍一袋送一袋。") == []
    assert prices(verifier, "P3", "拍两袋送一袋100克的小袋。") == []


def test_a_coming_offer_placed_by_its_date_is_said_as_its_own(offers):
    assert offer_findings(offers, "现在一百九十九，二十号春分囤货节一百七十九，着急的今天拍。") == []
    assert offer_findings(offers, "From the twentieth it drops to one seventy-nine; tonight it's one ninety-nine.") == []


def test_an_ended_offer_said_to_have_some_left_is_flagged():
    kb = {"skus": [{"sku_id": "E1", "title": "棉屿 四件套", "brand": "棉屿", "category": "家纺/四件套", "price": 299,
                    "stock": {"quantity": 100, "unit": "套"},
                    "promotions": [{"name": "元旦开年价", "price": 239, "starts_at": "2027-01-01 00:00",
                                    "ends_at": "2027-01-03 23:59", "description": "开年价", "rules": []}]}]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    found = [f.kind for f in verifier.verify("元旦二百三十九还有最后几套。", "E1", datetime(2027, 1, 14, 19, 30))]
    assert "expired_offer" in found


@pytest.mark.parametrize("text, flagged", [
    ("Eighty for the first cup, the second is half price at forty, a hundred twenty for two.", False),  # 第二个 in English
    ("The second cup is forty.", False),
    ("The second cup is twenty-five.", True),
])
def test_the_second_items_price_said_in_english_is_that_items(verifier, text, flagged):
    assert bool(prices(verifier, "P1", text)) == flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("单买一个满不了减，就是七十九。", True),  # one at 79 reaches 满70减6: 73
    ("Buy one and you don't reach the discount, so seventy-nine flat.", True),
    ("单买一个也能减六块，七十三。", False),
    ("一个七十九，满七十减六，到手七十三。", False),
    ("一个到手七十九，减不了。", True),
    ("两个只减一次六块，一百五十二。", True),  # two at 79 reach 70 twice: 146
    ("两个到手一百四十六。", False),
])
def test_one_item_said_not_to_reach_a_cut_it_reaches_is_flagged(text, flagged):
    kb = {"skus": [{"sku_id": "M1", "title": "臼声 花岗岩蒜臼", "brand": "臼声", "category": "厨房/蒜臼", "price": 89,
                    "promotions": [{"name": "女神节", "price": 79, **WEEK, "description": "每满70减6",
                                    "rules": [{"kind": "spend_save", "threshold": 70, "amount": 6, "each": True}]}]}]}
    mortar = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert bool(prices(mortar, "M1", text)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("三个也行，第三个也是半价，拍三个更省。", True),  # only the second of each pair is half price
    ("Every cup after the first is half price.", True),
    ("第二个半价，第三个原价，三个两百。", False),
])
def test_a_second_item_rule_said_of_every_later_item_is_flagged(verifier, text, flagged):
    assert bool([f for f in verifier.verify(text, "P1", AT) if f.kind == "wrong_price"]) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("三十九两袋，今天。", True),                          # two bags for 39, said bare: a wrong total
    ("三十九块两袋，两袋七十八，给你发三袋。", False),       # each, then the count's total
    ("三十九块两袋，这是每袋的价。", False),                  # said to be each
])
def test_a_price_before_a_count_is_each_items_when_the_sentence_says_so(verifier, text, flagged):
    assert bool(prices(verifier, "P3", text)) is flagged
