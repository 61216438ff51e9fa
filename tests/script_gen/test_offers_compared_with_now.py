"""Another time's price said against now (比现在贵三十, twenty above today's) or under the offer's English name (the
October presale, the lunchtime slot): the host says it is not today's price, and the way it differs is checked."""

from datetime import datetime

import pytest

AT = datetime(2027, 9, 14, 10, 30)
KB = {"skus": [
    {"sku_id": "K1", "title": "岚风K1电动牙刷", "brand": "岚风", "category": "个护电器/电动牙刷", "price": 259,
     "promotions": [
         {"name": "开学季", "price": 199, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00"},
         {"name": "中午专场", "price": 219, "starts_at": "2027-09-14T12:00:00", "ends_at": "2027-09-14T13:00:00"},
         {"name": "国庆预售", "price": 229, "starts_at": "2027-10-01T00:00:00", "ends_at": "2027-10-07T23:59:00"}]},
]}


def kinds(verifier, text):
    return [f.kind for f in verifier.verify(text, "K1", AT)]


@pytest.mark.parametrize("text", [
    "国庆那场是二百二十九，比现在贵三十，所以别等。",
    "The October presale is two twenty-nine, thirty more than now.",
    "Come October it's two twenty-nine, thirty above today's one ninety-nine.",
    "The lunchtime slot has it at two nineteen, twenty more than this back-to-school price.",
    "At noon it goes to two nineteen, so today is twenty cheaper.",
    "现在一九九，中午二幺九。",  # the noon session's price, said right after the part of the day it starts in
])
def test_a_later_price_said_dearer_than_now_passes(verifier, text):
    assert kinds(verifier, text) == []


@pytest.mark.parametrize("text", [
    "国庆那场是二百二十九，比现在便宜三十，等等再买。",
    "The October presale is two twenty-nine, thirty less than now.",
])
def test_a_later_price_said_the_wrong_way_round_is_found(verifier, text):
    assert kinds(verifier, text) == ["expired_offer"]


def test_the_english_name_is_one_no_other_offer_shares(verifier):
    # noon names the lunchtime slot; afternoon holds "noon" but names nothing here
    assert kinds(verifier, "The noon deal has it at two nineteen.") == []
    assert kinds(verifier, "Grab it now at two nineteen.") == ["expired_offer"]


def test_a_price_in_the_next_statement_is_not_the_one_compared(verifier):
    assert kinds(verifier, "现在就二百一十九；国庆预售二百二十九，比现在贵三十。") == ["expired_offer"]


KB_SPEND = {"sku_id": "K2", "title": "岚风K2冲牙器", "brand": "岚风", "category": "个护电器/冲牙器", "price": 129,
            "promotions": [{"name": "开学季", "price": 99, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00",
                            "rules": [{"kind": "spend_save", "threshold": 200, "amount": 20}]}]}
KB["skus"].append(KB_SPEND)


@pytest.mark.parametrize("text", [
    "满二百减二十，两个一百九十八，还差两块够不着，拍三个。",
    "Two come to one ninety-eight, two yuan short of the two-hundred threshold.",
])
def test_a_gap_to_a_threshold_that_is_one_passes(verifier, text):
    assert [f.kind for f in verifier.verify(text, "K2", AT)] == []


def test_a_gap_that_is_not_one_is_still_found(verifier):
    assert [f.kind for f in verifier.verify("满二百减二十，两个一百九十八，还差十二块够不着。", "K2", AT)] == ["wrong_price"]


@pytest.mark.parametrize("text,found", [
    ("Three come to two ninety-seven, less twenty, two seventy-seven.", []),
    ("Three come to two ninety-seven minus twenty, so two seventy-seven.", []),
    ("Three come to two ninety-seven, that's your price.", ["wrong_price"]),
])
def test_a_total_before_a_rule_said_in_english_minus_or_less(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "K2", AT)] == found


@pytest.mark.parametrize("text,found", [
    ("满二百减二十，三个二百九十七。", ["wrong_price"]),  # the rule said, then the total with nothing taken off
    ("三个二百九十七，满二百减二十，二百七十七。", []),  # the total, then the rule applied to it
    ("三个二百九十七，再减二十，二百七十七到手。", []),
    ("满二百减二十，两个一百九十八，还不够，拍三个。", []),  # a total held against the threshold
    ("满二百减二十，拍三个二九七才够。", []),  # the total before the cut, said as what reaches it
])
def test_a_total_before_the_rules_is_said_as_paid_unless_the_rule_follows_it(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "K2", AT)] == found


KB["skus"].append({"sku_id": "R3", "title": "云途R3路由器", "brand": "云途", "category": "数码/路由器", "price": 199,
                   "promotions": [{"name": "开学季", "price": 199, "starts_at": "2027-09-01T00:00:00",
                                   "ends_at": "2027-09-20T23:59:00", "rules": [{"kind": "nth_minus", "n": 2, "amount": 30}]}]})


@pytest.mark.parametrize("text,found", [
    ("R3今天一百八十四一台。", ["wrong_price"]),  # 184 is two routers' average: one costs 199
    ("R3拍两台，平均一百八十四一台。", []),
])
def test_a_digit_in_a_model_name_is_no_count(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "R3", AT)] == found


KB["skus"].append({"sku_id": "L1", "title": "岚风L1电动牙刷礼盒", "brand": "岚风", "category": "个护电器/电动牙刷",
                   "price": 259, "list_price": 399, "promotions": [
                       {"name": "开学季", "price": 199, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00"},
                       {"name": "国庆预售", "price": 179, "starts_at": "2027-10-01T00:00:00", "ends_at": "2027-10-07T23:59:00"}]})


@pytest.mark.parametrize("text,found", [
    ("礼盒装三百九十九到手。", ["wrong_price"]),  # the list price said as what one pays
    ("The gift box is two fifty-nine today.", ["wrong_price"]),  # the everyday price, during the offer
    ("划线价三百九十九，今天一百九十九到手。", []),
])
def test_a_price_said_as_paid_after_it(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "L1", AT)] == found


@pytest.mark.parametrize("sku,text,found", [
    ("K1", "国庆要涨价，赶紧拍。", []),  # K1's October price 229 is dearer than today's 199
    ("K1", "The price goes up in October.", []),
    ("K1", "一号以后更便宜，不急的等等。", ["wrong_price"]),
    ("L1", "国庆要涨价，赶紧拍。", ["wrong_price"]),  # L1's October price 179 is cheaper
    ("L1", "Buy now, the price goes up in October.", ["wrong_price"]),
    ("L1", "国庆不会涨价，想等的可以等。", []),
    ("K1", "国庆便宜，等等也行。", ["wrong_price"]),  # a plain 便宜 right after the name: 229 is dearer than 199
    ("K1", "国庆会便宜三十。", ["wrong_price"]),
    ("K1", "国庆要贵。", []),
    ("L1", "国庆要贵。", ["wrong_price"]),
    ("L1", "国庆便宜。", []),
    ("K1", "中午那场价格要往上涨。", []),  # noon's 219 is dearer than 199
    ("K1", "It goes back up at twelve.", []),
])
def test_a_coming_offer_said_dearer_or_cheaper_is_checked(verifier, sku, text, found):
    assert [f.kind for f in verifier.verify(text, sku, AT)] == found


KB["skus"].append({"sku_id": "N1", "title": "岚风N1冲牙器", "brand": "岚风", "category": "个护电器/冲牙器", "price": 299,
                   "promotions": [
                       {"name": "早场", "price": 249, "starts_at": "2027-09-14T09:00:00", "ends_at": "2027-09-14T11:00:00"},
                       {"name": "晚八点场", "price": 229, "starts_at": "2027-09-14T20:00:00", "ends_at": "2027-09-14T21:00:00"}]})


@pytest.mark.parametrize("sku,text,found", [
    ("N1", "今天最低了，赶紧拍。", ["wrong_price"]),  # tonight's session is cheaper than now
    ("N1", "Today is the lowest, grab it.", ["wrong_price"]),
    ("K1", "今天最低了，赶紧拍。", []),  # noon's 219 is dearer than today's 199
])
def test_now_said_to_be_the_lowest_while_a_session_later_today_is_cheaper(verifier, sku, text, found):
    assert [f.kind for f in verifier.verify(text, sku, AT) if f.kind != "banned_term"] == found


KB["skus"].append({"sku_id": "M1", "title": "岚风M1漱口杯", "brand": "岚风", "category": "日用/漱口杯", "price": 59,
                   "promotions": [
                       {"name": "开学季", "price": 39, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00"},
                       {"name": "国庆预售", "price": 35, "starts_at": "2027-10-01T00:00:00", "ends_at": "2027-10-07T23:59:00"}]})

KB["skus"].append({"sku_id": "W1", "title": "岚风W1牙线", "brand": "岚风", "category": "日用/牙线", "price": 29,
                   "promotions": [
                       {"name": "开学季", "price": 25, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00"},
                       {"name": "月末专场", "price": 22, "starts_at": "2027-09-25T00:00:00", "ends_at": "2027-09-26T23:59:00"}]})


@pytest.mark.parametrize("sku,text,found", [
    ("N1", "二百四十九就是今天的地板价。", ["wrong_price"]),  # tonight's 229 is lower
    ("N1", "Two forty-nine, lowest of the day.", ["wrong_price"]),
    ("N1", "Nobody beats two forty-nine today.", ["wrong_price"]),
    ("N1", "今天之内再没更便宜的场了。", ["wrong_price"]),
    ("M1", "今天最低了，赶紧拍。", []),  # the cheaper presale is in October, not today
    ("M1", "这个月就这个价最低。", []),
    ("M1", "过年前你再也碰不到更低的。", ["wrong_price"]),  # October's 35 is below today's 39
    ("M1", "It'll never be this cheap again.", ["wrong_price"]),
    ("M1", "三十九，错过等一年。", ["wrong_price"]),
    ("K1", "It'll never be this cheap again.", []),  # noon's 219 and October's 229 are both dearer than 199
    ("N1", "今天不是最低，晚八点场更便宜。", []),
    ("N1", "This is the lowest price of the whole day, guaranteed.", ["wrong_price"]),
    ("N1", "Don't wait, lowest price this week.", ["wrong_price"]),
    ("M1", "Don't wait, lowest price this week.", []),
    ("M1", "Thirty-nine is the lowest it'll be all month.", []),  # October's presale is next month
    ("W1", "Cheapest you'll get it all month is right now.", ["wrong_price"]),  # the month, not the now: the 25th is cheaper
    ("W1", "Don't wait, lowest price this week.", []),  # the 25th is next week (the week ends on Sunday the 19th)
])
def test_now_said_to_be_the_lowest_until_a_time_is_checked_against_the_offers_before_it(verifier, sku, text, found):
    assert [f.kind for f in verifier.verify(text, sku, AT) if f.kind != "banned_term"] == found


@pytest.mark.parametrize("text,found", [
    ("R3第二台减三十。", []),
    ("R3两台都减三十。", ["wrong_price"]),  # each of the two 30 off: only the second is
    ("R3两台都打八五折。", ["wrong_price"]),
    ("Buy two routers and both come at half price.", ["wrong_price"]),
])
def test_a_rule_said_of_every_item_is_checked_against_the_offer(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "R3", AT)] == found


@pytest.mark.parametrize("text,found", [
    ("一个就满二百减二十，七十九。", ["wrong_price"]),  # one 99 item does not reach 200: no 20 off
    ("满二百减二十，三个二百九十七，减完二百七十七。", []),
    ("满二百减二十，两罐一百九十八，一罐才九十九。", []),
    ("One tin, ninety-nine, and the twenty off still applies, so seventy-nine.", ["wrong_price"]),  # no 满 said
    ("两罐一百九十八减二十，一百七十八。", ["wrong_price"]),  # two tins are 198, short of 200
    ("两罐一百九十八，不满二百，减不了二十。", []),
    ("Two tins are one ninety-eight, not enough for the twenty off.", []),
])
def test_a_spend_cut_taken_off_a_basket_that_does_not_reach_it(verifier, text, found):
    assert [f.kind for f in verifier.verify(text, "K2", AT)] == found


@pytest.mark.parametrize("text, found", [
    ("国庆预售二百二十九，比今天还多三十块，不急的可以等。", False),  # 多 against today: the price before it is dearer
    ("国庆预售二百二十九，比今天的一九九还多三十。", False),  # today's price said digit by digit
    ("国庆预售二百二十九，比现在还高三十。", False),
    ("国庆预售一百八十九，比今天还多十块。", True),  # 189 is neither 国庆预售's price nor above today's
])
def test_a_price_said_to_be_more_than_todays(verifier, text, found):
    assert bool(kinds(verifier, text)) is found, text


KB["skus"].append({"sku_id": "K3", "title": "岚风K3冲牙器", "brand": "岚风", "category": "个护电器/冲牙器", "price": 129,
                   "promotions": [
                       {"name": "开学季", "price": 109, "starts_at": "2027-09-01T00:00:00", "ends_at": "2027-09-20T23:59:00"},
                       {"name": "中午专场", "price": 99, "starts_at": "2027-09-14T12:00:00", "ends_at": "2027-09-14T13:00:00"},
                       {"name": "国庆预售", "price": 119, "starts_at": "2027-10-01T00:00:00", "ends_at": "2027-10-07T23:59:00"}]})


def test_a_comparison_ends_with_its_english_sentence(verifier):
    # "ten cheaper" is the noon slot's; the October presale in the next sentence is said dearer, as it is
    said = "At noon it's ninety-nine, ten cheaper. The October presale is one nineteen, ten more."
    assert [f.kind for f in verifier.verify(said, "K3", AT)] == []
    assert [f.kind for f in verifier.verify("The October presale is even cheaper.", "K3", AT)] == ["wrong_price"]
