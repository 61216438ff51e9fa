"""A past or coming offer's price said under the name hosts use for it: its occasion (清明 for 清明踏青季, 初八 for
初八开工价, "Qingming"), its shopping day digit by digit (三一五, 六一八), its start hour with the price right after
(今晚八点一百三十九), a day said from today's (明天早场 on a Wednesday is 周四早场), or with the difference from now said right after it (清明五十九，便宜十块; tonight it's 79, ten
more). Said so, it is that offer's; said as now, or with the difference the wrong way round, it is still flagged."""

from datetime import datetime

import pytest

AT = datetime(2028, 3, 8, 12, 20)
KB = {"skus": [
    {"sku_id": "W1", "title": "暖禾 暖手宝", "brand": "暖禾", "category": "家居/暖手宝", "price": 69,
     "stock": {"quantity": 500, "unit": "个"},
     "promotions": [
         {"name": "女神节", "price": 45, "starts_at": "2028-03-07 00:00", "ends_at": "2028-03-08 23:59"},
         {"name": "今晚八点档", "price": 59, "starts_at": "2028-03-08 20:00", "ends_at": "2028-03-08 23:00"},
         {"name": "3.15品质节", "price": 49, "starts_at": "2028-03-14 00:00", "ends_at": "2028-03-16 23:59"},
         {"name": "清明踏青季", "price": 42, "starts_at": "2028-04-01 00:00", "ends_at": "2028-04-05 23:59"},
         {"name": "初八开工价", "price": 39, "starts_at": "2028-02-04 00:00", "ends_at": "2028-02-05 23:59"},
         {"name": "周四早场", "price": 52, "starts_at": "2028-03-09 09:00", "ends_at": "2028-03-09 10:00"}]},
    {"sku_id": "W2", "title": "暖禾 电暖器", "brand": "暖禾", "category": "家居/电暖器", "price": 429,
     "promotions": [
         {"name": "3.15预售", "price": 399, "starts_at": "2028-03-10 00:00", "ends_at": "2028-03-14 23:59",
          "rules": [{"kind": "nth_minus", "n": 2, "amount": 50}]},
         {"name": "3.15当天", "price": 389, "starts_at": "2028-03-15 00:00", "ends_at": "2028-03-15 23:59"}]},
    {"sku_id": "W4", "title": "暖禾 暖宝宝贴", "brand": "暖禾", "category": "家居/暖贴", "price": 29,
     "promotions": [
         {"name": "女神节预热", "price": 22, "starts_at": "2028-03-01 00:00", "ends_at": "2028-03-06 23:59"},
         {"name": "女神节", "price": 25, "starts_at": "2028-03-07 00:00", "ends_at": "2028-03-08 23:59"},
         {"name": "三八早场", "price": 27, "starts_at": "2028-03-08 09:00", "ends_at": "2028-03-08 10:00"}]},
    {"sku_id": "W5", "title": "暖禾 暖脚宝", "brand": "暖禾", "category": "家居/暖脚宝", "price": 39,
     "promotions": [
         {"name": "出游季", "price": 25, "starts_at": "2028-03-01 00:00", "ends_at": "2028-03-10 23:59"},
         {"name": "出游季返场", "price": 27, "starts_at": "2028-03-12 00:00", "ends_at": "2028-03-14 23:59"},
         {"name": "下午三点档", "price": 24, "starts_at": "2028-03-08 15:00", "ends_at": "2028-03-08 16:00"}]},
    {"sku_id": "W6", "title": "暖禾 暖腰带", "brand": "暖禾", "category": "家居/暖腰带", "price": 89,
     "promotions": [
         {"name": "午间秒杀", "price": 69, "starts_at": "2028-03-08 12:00", "ends_at": "2028-03-08 13:00"},
         {"name": "四点加场", "price": 79, "starts_at": "2028-03-08 16:00", "ends_at": "2028-03-08 17:00"},
         {"name": "315返场", "price": 79, "starts_at": "2028-03-17 00:00", "ends_at": "2028-03-19 23:59"}]},
    {"sku_id": "W7", "title": "暖禾 暖手炉", "brand": "暖禾", "category": "家居/暖手炉", "price": 89,
     "promotions": [
         {"name": "敬老节预热", "price": 75, "starts_at": "2028-03-01 00:00", "ends_at": "2028-03-06 23:59"},
         {"name": "重阳敬老节", "price": 79, "starts_at": "2028-03-07 00:00", "ends_at": "2028-03-10 23:59",
          "rules": [{"kind": "nth_minus", "n": 2, "amount": 10}]}]},
    {"sku_id": "W8", "title": "暖禾 暖手宝充电款", "brand": "暖禾", "category": "家居/暖手宝", "price": 99,
     "promotions": [{"name": "夜宵秒杀", "price": 79, "starts_at": "2028-03-08 12:00", "ends_at": "2028-03-09 00:30"}]},
    {"sku_id": "W3", "title": "暖禾 热水袋", "brand": "暖禾", "category": "家居/热水袋", "price": 39,
     "promotions": [{"name": "午间秒杀", "price": 29, "starts_at": "2028-03-08 12:00", "ends_at": "2028-03-08 13:00"},
                    {"name": "3.15品质节", "price": 27, "starts_at": "2028-03-14 00:00", "ends_at": "2028-03-16 23:59"}]},
]}


def findings(verifier, text, sku="W1"):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("text", [
    "今天四十五，清明四十二，不急的可以等。",
    "三一五四十九贵四块，清明四十二便宜三块。",
    "今天四十五，六十九是日常价，今晚八点五十九，贵十四。",
    "初八三十九那个早结束了，今天四十五。",
    "明天早场五十二，贵七块。",
    "清明踏青季四十二，便宜三块。",
    "Forty-five today; at Qingming it's forty-two.",
    "Tonight it's fifty-nine, fourteen more; on three-fifteen it's forty-nine, four more.",
])
def test_an_offer_named_as_hosts_name_it_is_not_said_as_now(verifier, text):
    assert findings(verifier, text) == []


@pytest.mark.parametrize("text, span", [
    ("清明的四十二今天就能拍。", "四十二今天就能拍"),  # Qingming's price said to hold today
    ("清明四十二，贵三块。", "四十二"),  # 42 is three below today's 45, not above
    ("今晚八点档四十二。", "四十二"),  # tonight's session is 59, 42 is Qingming's
])
def test_said_as_now_or_the_wrong_way_round_it_is_flagged(verifier, text, span):
    assert span in [t for _, t in findings(verifier, text)]


@pytest.mark.parametrize("text, span", [
    ("清明要五十九，今晚拍。", "五十九"),  # Qingming's price is 42
    ("今晚八点档五十五。", "五十五"),  # tonight's session is 59
    ("明天早场四十九。", "四十九"),  # tomorrow (Thursday) morning's session is 52
    ("今晚八点档要便宜到五十五。", "五十五"),
    ("清明踏青季会降到三十九。", "三十九"),  # 清明踏青季 is 42
    ("女神节四十五，初八三十九今天也一样。", "三十九今天也一样"),  # 初八's price, ended, said to hold today
])
def test_a_number_right_after_an_offers_name_is_that_offers_price(verifier, text, span):
    assert span in [t for _, t in findings(verifier, text)]


@pytest.mark.parametrize("text, flagged", [
    ("这个价卖到月底。", True),  # 女神节 ends tonight
    ("四十五管到清明节。", True),
    ("The deal runs till Monday.", True),
    ("这个价到今晚十二点。", False),
])
def test_how_long_todays_price_runs_is_checked(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("清明四十二，比现在四十五便宜三块。", False),  # today's price said in the comparison, and it is today's
    ("清明四十二，比现在四十九便宜七块。", True),  # today is 45, not 49
    ("On March fourteenth it's forty-nine, four more.", False),  # 3.15品质节 starts on the 14th
])
def test_a_comparison_with_todays_price_said_with_its_figure(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("三一五预售三百九十九一台，贵不了多少。", False),  # the presale's own price
    ("三一五当天三百九十九。", True),  # the day itself is 389
    ("三一五当天三百八十九，便宜四十。", False),
])
def test_an_offers_generic_word_tells_two_offers_of_one_day_apart(verifier, text, flagged):
    assert bool(findings(verifier, text, "W2")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("秒杀到晚上。", True),  # the flash ends at one
    ("秒杀价一直挂到下午。", True),
    ("秒杀全天都有。", True),
    ("秒杀今天都有。", True),
    ("二十九到周五。", True),
    ("秒杀到一点，下午就恢复三十九了。", False),
    ("秒杀价中午还有，一点结束。", False),
])
def test_how_long_a_flash_runs_said_by_part_of_the_day(verifier, text, flagged):
    assert bool(findings(verifier, text, "W3")) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("初八三十九接着卖。", True),  # 初八开工价 ended in February
    ("初八三十九没下架，拍。", True),
    ("初八三十九还有。", True),
    ("初八三十九的价我给你们留着。", True),
    ("初八三十九那个早结束了。", False),
])
def test_an_ended_offers_price_said_to_be_still_on_sale(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("Tonight it's fifty-nine.", False),  # tonight's eight o'clock session, said at noon
    ("今晚五十九。", False),
    ("晚上五十九，现在四十五，那就现在拍。", False),  # 晚上 said by day: tonight's session
    ("现在五十九。", True),  # said as now, before the session starts
    ("Right now it's fifty-nine.", True),
    ("清明四十二，要等四月一号。", False),  # the day the coming offer starts
    ("今天四月一号，清明价四十二。", True),  # said to be that day now
])
def test_tonights_session_and_a_coming_offers_day_said_as_theirs(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("女神节二十五一盒。", []),  # the running 女神节, not 女神节预热 whose name starts the same
    ("女神节预热二十二，已经结束了，现在二十五。", []),
    ("女神节二十二。", ["wrong_price"]),
])
def test_an_offer_said_by_its_whole_name_is_that_offer_not_one_that_extends_it(verifier, text, flagged):
    assert [kind for kind, _ in findings(verifier, text, "W4")] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("W4", "早场二十七已经结束了，现在二十五，比上午还便宜两块。", []),  # this morning's session, by its part of the day
    ("W3", "三一五二十七，比秒杀便宜两块，要等到十五号。", []),  # a coming price against the running flash
])
def test_a_comparison_with_a_session_named_by_its_time_or_the_flash(verifier, sku, text, flagged):
    assert [kind for kind, _ in findings(verifier, text, sku)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("返场二十七，比今天贵两块，不急的可以等。", []),  # 出游季返场 said as 返场
    ("返场更便宜，不急可以等。", ["wrong_price"]),
    ("下午档二十四，现在二十五。", []),  # today's session by the part of the day it runs in
    ("现在二十四。", ["expired_offer"]),
])
def test_an_offer_said_by_the_words_after_its_season_or_by_its_part_of_the_day(verifier, text, flagged):
    assert [kind for kind, _ in findings(verifier, text, "W5")] == flagged


@pytest.mark.parametrize("text", [
    "下午档七十九，返场也是七十九，都比现在贵。",  # two coming offers sharing a price, each named
    "返场七十九。",  # 315返场 said as 返场: the words after its shopping day
    "下午档七十九。",  # today's session named by the part of the day it runs in
])
def test_a_coming_session_named_by_its_part_of_the_day_or_without_its_shopping_day_passes(verifier, text):
    assert [f.kind for f in verifier.verify(text, "W6", AT)] == [], text


@pytest.mark.parametrize("text", [
    "返场五十九。",  # not 315返场's price
    "下午档七十九现在就能拍。",  # a coming session's price said as now
])
def test_a_wrong_price_or_a_coming_price_said_as_now_under_those_names_is_still_found(verifier, text):
    assert verifier.verify(text, "W6", AT), text


@pytest.mark.parametrize("sku, text, flagged", [
    ("W1", "今晚八点档五十九，八点整开始。", False),  # the coming session by its start time
    ("W4", "三八早场二十七还能拍。", True),  # an ended session by its name, said to be on still
    ("W1", "晚上八点档五十九还能拍。", True),  # tonight's session by its start time, said to be on already
    ("W4", "早上九点那场二十七，已经结束了。", False),
    ("W4", "女神节预热二十二还没结束。", True),  # an ended offer by its name, said to be on still
    ("W4", "有人问女神节预热那个二十二还有没有，已经结束了。", False),  # a viewer's question, answered
])
def test_a_session_named_by_its_start_time_and_said_to_be_on_still_is_held_to_its_end(verifier, sku, text, flagged):
    assert bool(verifier.verify(text, sku, AT)) is flagged, text


@pytest.mark.parametrize("sku, text, flagged", [
    ("W3", "3.15品质节肯定比今天贵。", True),  # 27 against today's 29: it is cheaper
    ("W1", "今晚八点档比现在贵。", False),  # 59 against today's 45: dearer, as said (its 8 is a clock)
    ("W1", "清明踏青季比今天贵。", True),  # 42 against 45
    ("W3", "三一五那场二十七，比今天还便宜。", False),
    ("W1", "平时六十九，比今天贵。", False),  # a price said before, dearer
])
def test_another_offer_said_dearer_than_now_is_held_to_its_price(verifier, sku, text, flagged):
    assert bool([f for f in verifier.verify(text, sku, AT) if f.kind == "expired_offer"]) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("预热那几天七十五，预热过了，今天敬老节七十九一个。", []),  # today's 敬老节 is the running 重阳敬老节, not 敬老节预热
    ("日常八十九，今天敬老节七十九，第二个再减十块。", []),
    ("敬老节预热七十九。", ["wrong_price"]),  # the ended warm-up was 75
])
def test_a_name_two_offers_share_said_today_is_the_running_ones(verifier, text, flagged):
    assert [kind for kind, _ in findings(verifier, text, "W7")] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("W8", "秒杀价一直到明天中午都有。", True),  # the flash ends at half past midnight
    ("W8", "七十九到明早，不着急。", True),
    ("W8", "七十九能一直拍到明天早上。", True),
    ("W8", "这价明天一天都有。", True),
    ("W8", "The flash price holds until tomorrow morning.", True),
    ("W8", "Seventy-nine on the charging warmer through tomorrow.", True),
    ("W8", "秒杀价到明天零点半。", False),
    ("W3", "Twenty-nine on the hot-water bottle for the rest of the day.", True),  # the lunch flash ends at one
    ("W3", "Twenty-nine on the hot-water bottle all the way to midnight.", True),
    ("W8", "这个价到凌晨两点，慢慢挑。", True),  # two after midnight; the flash ends at half past twelve
    ("W8", "This price runs until two a.m.", True),
    ("W8", "This price runs until eleven p.m.", False),
])
def test_how_far_into_tomorrow_or_today_a_price_is_said_to_hold(verifier, sku, text, flagged):
    assert bool(findings(verifier, text, sku)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("Forty-two is the Qingming price, not today's.", False),  # the coming offer named after its price
    ("Forty-two is the price right now.", True),
])
def test_a_coming_price_named_by_its_offer_after_it_in_english(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged, text


@pytest.mark.parametrize("sku, text, flagged", [
    ("W3", "秒杀十二点半就结束了，抓紧。", True),  # the lunch flash ends at one
    ("W3", "秒杀下午三点才结束，不着急。", True),
    ("W3", "秒杀一点就结束了，抓紧。", False),
    ("W3", "秒杀一点整截止。", False),
    ("W3", "The flash runs till twelve thirty.", True),
    ("W3", "The flash goes till three this afternoon.", True),
    ("W3", "The flash ends at one.", False),
    ("W6", "四点加场五点结束。", False),  # a coming session's own end
    ("W8", "秒杀今晚十二点就没了。", True),  # it ends at half past midnight
    ("W8", "秒杀凌晨十二点半结束。", False),
    ("W1", "女神节八号晚上十一点五十九结束。", False),  # a day said: that day's end, not today's clock
    ("W8", "不是今晚十二点就没了，到凌晨十二点半。", False),
    ("W3", "不着急，秒杀开到下午两点。", True),  # the offer said to run to a time: it ends at one
    ("W3", "秒杀到今晚十二点。", True),
    ("W3", "秒杀开到一点，抓紧。", False),
    ("W3", "秒杀一点半收。", True),
    ("W3", "秒杀一点收。", False),
    ("W6", "秒杀五点结束。", True),  # five is the end of the session at four, not of the flash named
    ("W6", "加场五点结束。", False),
])
def test_the_clock_time_an_offer_is_said_to_end_at_is_some_offers_end(verifier, sku, text, flagged):
    assert bool(findings(verifier, text, sku)) is flagged, text


@pytest.mark.parametrize("sku, text, flagged", [
    ("W7", "敬老节今天最后一天，抓紧拍。", True),  # it runs to the tenth
    ("W3", "秒杀今天最后一天。", False),  # the lunch flash ends today
])
def test_the_last_day_said_of_an_offer_that_runs_on_is_flagged(verifier, sku, text, flagged):
    assert bool(findings(verifier, text, sku)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("女神节昨天就结束了，今天恢复日常价。", True),  # it runs to the eighth, today
    ("初八开工价还没结束，抓紧。", True),  # it ended in February
    ("初八开工价早就结束了，今天女神节四十五。", False),
    ("女神节还没结束，今天还是四十五。", False),
    ("等女神节结束了再来看看。", False),
    ("女神节要结束了，抓紧。", False),
    ("初八开工价还开着呢。", True),  # 呢 closes a statement, not a question
    ("初八开工那个三十九还在。", True),
    ("初八开工价的链接还挂着，去拍。", True),
    ("初八开工价没了，女神节还有。", False),
])
def test_a_named_offer_said_over_while_it_runs_or_on_after_it_ended(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("The warm-up is still on.", True),  # 女神节预热 ended on the sixth
    ("You can still get it at the warm-up price.", True),
    ("The Women's Day deal is still on.", False),
])
def test_an_ended_offer_said_on_in_english(verifier, text, flagged):
    assert bool([f for f in verifier.verify(text, "W4", AT) if f.kind == "expired_offer"]) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("晚八点八十九。", True),  # tonight's 八点档 is 59 (a price of no offer)
    ("晚八点一百零九，大家等等。", True),
    ("晚上八点五十九，等等也行。", False),  # its own price
    ("晚八点五十五开始。", False),  # 8:55, a clock time
])
def test_a_price_said_right_after_a_coming_sessions_clock_is_that_sessions(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("Porch Hour tonight at eight, forty-two.", False),  # a name the KB never gives 清明踏青季: said as that session's
    ("Blossom Sale is forty-two, from April.", False),
    ("The pre-sale is forty-two, three less than now.", False),
    ("The Blossom Sale price of forty-two is back today.", True),
    ("Blossom Sale, forty-two right now.", True),
    ("Forty-two tonight.", True),
])
def test_a_coming_price_after_an_english_session_name_the_kb_lacks_is_that_sessions(verifier, text, flagged):
    assert bool(findings(verifier, text)) is flagged, text


@pytest.mark.parametrize("text, flagged", [
    ("3.15预售三百九十九，拍两台第二台减五十，那是十号以后的事，今天还是四百二十九。", False),  # the coming offer's rule
    ("现在拍第二台减五十。", True),                                  # said as today's
])
def test_a_coming_offers_rule_said_under_its_name_is_that_offers(verifier, text, flagged):
    assert any(f[0] == "expired_offer" for f in findings(verifier, text, "W2")) is flagged
