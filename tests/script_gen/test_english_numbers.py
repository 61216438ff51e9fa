"""English hosts say prices and measures the spoken way: two groups of digits as a price in hundreds (eighteen
ninety-nine) or in yuan and fen (fifteen ninety), the list price said as today's, an offer said to be over, and
measures in imperial units, feet and inches, "and a half", "a dozen", "point five" and "minus" as a temperature,
each read in the KB's own unit; "the light one" and "a 310 can" name a thing, not a number or a count."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.offer_context import Contexts
from script_gen.spoken_numbers import english_price_readings, english_value
from script_gen.verify import Verifier

AT = datetime(2027, 3, 10, 15, 30)

KB = {"skus": [
    {"sku_id": "L1", "title": "守门人S5智能门锁", "brand": "守门人", "category": "家装/门锁", "price": 1799, "list_price": 1899,
     "stock": {"quantity": 200, "unit": "套"},
     "attributes": [{"key": "适用门厚", "value": "40-120", "unit": "mm"}, {"key": "重量", "value": "3.4", "unit": "kg"},
                    {"key": "工作温度", "value": "0-45", "unit": "℃"}],
     "promotions": [
         {"name": "下午场", "price": 1099, "starts_at": "2027-03-10 15:00", "ends_at": "2027-03-10 17:00", "stock_limit": 40},
         {"name": "二月焕新", "price": 1699, "starts_at": "2027-02-01 00:00", "ends_at": "2027-02-28 23:59"},
         {"name": "午间秒杀", "price": 999, "starts_at": "2027-03-10 12:00", "ends_at": "2027-03-10 13:00"},
         {"name": "晚八点专场", "price": 1199, "starts_at": "2027-03-10 20:00", "ends_at": "2027-03-10 22:00"}]},
    {"sku_id": "D1", "title": "汽屿苏打水 310mL×12罐", "brand": "汽屿", "category": "饮料/苏打水", "price": 49,
     "stock": {"quantity": 300, "unit": "箱"},
     "attributes": [{"key": "规格", "value": "310mL×12罐"}, {"key": "每罐含糖", "value": "24.8", "unit": "g"}]},
    {"sku_id": "C1", "title": "云背人体工学椅", "brand": "云背", "category": "家具/椅子", "price": 899,
     "attributes": [{"key": "适用身高", "value": "160-185", "unit": "cm"}, {"key": "颗粒数", "value": "120", "unit": "颗"},
                    {"key": "充电时间", "value": "6", "unit": "小时"}]},
    {"sku_id": "S2", "title": "凉屿 冰丝凉席", "brand": "凉屿", "category": "家纺/凉席", "price": 69,
     "promotions": [
         {"name": "春节年货节", "price": 55, "starts_at": "2027-02-01 00:00", "ends_at": "2027-02-10 23:59"},
         {"name": "大暑狂欢", "price": 65, "starts_at": "2027-07-22 00:00", "ends_at": "2027-07-24 23:59"}]},
    {"sku_id": "R1", "title": "暖禾 充电暖手宝", "brand": "暖禾", "category": "家居/暖手宝", "price": 89,
     "attributes": [{"key": "续航", "value": "低档约8、高档约4", "unit": "h"}]},
    {"sku_id": "K1", "title": "算衡 函数计算器", "brand": "算衡", "category": "文具/计算器", "price": 59,
     "attributes": [{"key": "函数功能", "value": "417", "unit": "种"}, {"key": "显示位数", "value": "12位"},
                    {"key": "颜色", "value": "4色"}, {"key": "重量", "value": "68", "unit": "g"}]},
    {"sku_id": "P1", "title": "彩屿 素描纸 8K", "brand": "彩屿", "category": "文具/纸", "price": 22,
     "attributes": [{"key": "张数", "value": "100", "unit": "张"}]},
    {"sku_id": "H1", "title": "甘埠 川味腊肠 400g", "brand": "甘埠", "category": "食品/腊肠", "price": 79,
     "attributes": [{"key": "规格", "value": "8根/包"}]},
    {"sku_id": "F1", "title": "麦田低筋面粉", "brand": "麦田", "category": "食品/烘焙", "price": 15.9, "list_price": 22.9,
     "attributes": [{"key": "净含量", "value": "2.5", "unit": "kg"}]},
    {"sku_id": "W1", "title": "抖嗡 双轮空竹", "brand": "抖嗡", "category": "文体/空竹", "price": 45,
     "attributes": [{"key": "轮径", "value": "13", "unit": "cm"}]},
]}


def found(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT) if f.kind != "malformed"]


@pytest.mark.parametrize("words, value", [
    ("eighteen ninety-nine", 1899), ("twenty-one forty-eight", 2148), ("fifteen ninety", 15.9),
    ("thirty-two fifty", 32.5), ("one ninety-nine fifty", 199.5), ("ten thirty", 1030), ("six forty-five", 645),
])
def test_two_groups_read_as_a_price_in_hundreds_unless_the_fen_is_a_round_ten(words, value):
    assert english_value(words) == value


def test_a_digit_and_a_round_ten_read_both_ways():
    assert english_price_readings("nine ninety") == (990, 9.9)  # 9.90 a pack, or 990


@pytest.mark.parametrize("words, readings", [
    ("six sixty-three", (663, 6.63)),  # 19.90 for three, 6.63 each
    ("three seventy-five", (375, 3.75)),
    ("one twelve", (112, 1.12)),
])
def test_a_digit_and_any_two_digit_number_read_both_ways(words, readings):
    assert english_price_readings(words) == readings


def test_the_other_reading_of_two_groups_stays_for_the_kb():
    assert english_price_readings("eighteen ninety-nine") == (1899, 18.99)
    assert english_price_readings("fifteen ninety") == (15.9, 1590)


@pytest.mark.parametrize("text", [
    "Usually eighteen ninety-nine, and that's what you pay today.",
    "Eighteen ninety-nine is your price today, no coupon needed.",
    "Eighteen ninety-nine, that is today's price.",
])
def test_the_list_price_said_as_todays_in_english_is_flagged(verifier, text):
    assert [kind for kind, _ in found(verifier, "L1", text)] == ["wrong_price"]


@pytest.mark.parametrize("sku, text", [
    ("L1", "The list price is eighteen ninety-nine, and right now you pay ten ninety-nine."),
    ("L1", "It was sixteen ninety-nine in February, that's over; now it's ten ninety-nine."),
    ("F1", "Fifteen ninety a bag right now."),
])
def test_english_prices_in_their_roles_are_clean(verifier, sku, text):
    assert found(verifier, sku, text) == []


def test_an_offer_said_to_be_over_in_a_contraction_is_past():
    text = "It was 1699 in February, that's over"
    assert Contexts(text, AT).at(text.index("1699")).tense == "ended"


@pytest.mark.parametrize("said, read", [
    ("about seven and a half pounds", "about 7.5 pounds"),
    ("a dozen capsules", "12 capsules"),
    ("two dozen eggs", "24 eggs"),
    ("someone five foot nine.", "someone 175 cm."),
    ("six feet two inches tall", "188 cm tall"),
    ("point five millimeter tip", "0.5 millimeter tip"),
    ("ninety-five degrees Fahrenheit", "35℃"),
    ("works at minus five", "works at -5℃"),
    ("down to minus twenty degrees", "down to -20 degrees"),
    ("three ninety-nine minus forty", "399 minus 40"),
    ("keep it at thirty-two to thirty-nine Fahrenheit", "keep it at 0 to 3.9℃"),  # the unit said once is both ends'
    ("the light one eight percent, the big one twelve", "the light one 8 percent, the big one 12"),  # "one" the thing
    ("the one hundred pack", "the 100 pack"),
])
def test_english_measures_read_in_metric(said, read):
    assert normalize(said).text == read


@pytest.mark.parametrize("sku, text, span", [
    ("L1", "The whole lock weighs about three point four pounds.", "three point four pounds"),
    ("L1", "Fits doors up to fifteen centimeters thick.", "fifteen centimeters"),
    ("C1", "Made for anyone five foot one and up.", "five foot one"),
    ("C1", "A hundred and fifty pieces in the kit.", "A hundred and fifty pieces"),
    ("W1", "The wheels are seven inches across.", "seven inches"),  # any length said in inches: 13 cm is about 5
])
def test_english_measures_against_the_kb_are_checked(verifier, sku, text, span):
    assert (found(verifier, sku, text)[0][1]) == span


@pytest.mark.parametrize("sku, text", [
    ("L1", "Three point four kilos, about seven and a half pounds."),
    ("L1", "It fits doors from four to twelve centimeters."),
    ("C1", "Fine for anyone from five foot four to six foot one."),
    ("C1", "A hundred and twenty pieces, two centimeters wider than the old one."),
    ("F1", "Two bags of two point five kilos, so five kilos."),  # a sum said out
    ("W1", "The wheels are five inches across, a good size for beginners."),  # 127 mm, to the nearest inch
    ("W1", "Thirteen centimeters, about five inches across."),
])
def test_true_english_measures_are_clean(verifier, sku, text):
    assert found(verifier, sku, text) == []


@pytest.mark.parametrize("text, flagged", [
    ("Two for eighteen ninety-eight tonight.", ["wrong_price"]),
    ("Two of them come to eighteen ninety-eight.", ["wrong_price"]),
    ("Two of them come to twenty-one ninety-eight.", []),
    ("Two locks for twenty-one ninety-eight.", []),
    ("Buy a set of six for thirty off today.", []),
    ("Two of them come to a thousand nine hundred.", ["wrong_price"]),
    ("Two smart locks are eighteen ninety-eight in this session.", ["wrong_price"]),  # two words name the thing
    ("Two smart locks are twenty-one ninety-eight in this session.", []),
    ("Two of these come to eighteen ninety-eight.", ["wrong_price"]),
    ("Two of these come to twenty-one ninety-eight.", []),
])
def test_a_total_said_for_an_english_count_is_that_counts_total(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Last eight sets at this price.", ["fake_scarcity"]),
    ("The last forty sets at this price.", []),
    ("In the last three days we shipped a lot of them.", []),
])
def test_the_last_n_items_is_a_stock_claim(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("K1", "Five hundred functions.", ["contradiction"]),
    ("K1", "Four hundred seventeen functions, twelve digits, four colours.", []),
    ("K1", "Fourteen digits.", ["contradiction"]),
    ("K1", "Six shades.", ["contradiction"]),
    ("H1", "一包六根。", ["contradiction"]),  # the unit written into the value: 8根/包
    ("H1", "Eight links a pack.", []),
    ("L1", "Six colours to choose from.", []),  # the KB counts no colours: nothing to hold it against
    ("P1", "Two hundred sheets a pack.", ["contradiction"]),
    ("P1", "Three packs for sixty-six, three hundred sheets.", []),  # the packs said times what one holds
    ("H1", "Ten in a pack, enough for the week.", ["contradiction"]),  # how many a pack holds, the thing unnamed
    ("H1", "Eight to a pack.", []),
    ("H1", "Each pack has ten.", ["contradiction"]),
])
def test_english_names_of_what_the_kb_counts_read_in_its_units(verifier, sku, text, flagged):
    assert [kind for kind, _ in found(verifier, sku, text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Only twenty sets.", ["fake_scarcity"]),
    ("Twenty sets only, so be quick.", ["fake_scarcity"]),
    ("Just forty sets at this price.", []),  # the running flash's pool
    ("The flash has twenty.", ["fake_scarcity"]),
    ("We loaded four hundred sets for the flash.", ["fake_scarcity"]),
    ("Only two colours, black and silver.", []),  # a count, but not of what the SKU is stocked in
    ("Just two sets and you are done.", []),  # how many to buy
])
def test_a_count_said_as_all_there_is_in_english_is_a_stock_claim(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Tonight's show drops it to nine ninety-nine.", ["expired_offer"]),  # tonight's session is 1199
    ("Tonight's show drops it to eleven ninety-nine.", []),
    ("Tonight nine ninety-nine.", ["expired_offer"]),
    ("Tonight one lock is eleven ninety-nine.", []),
    ("Turn it down, drop to two hundred and it lasts.", []),  # a setting, not a price
])
def test_english_prices_said_after_a_drop_or_tonight_are_prices(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("The noon price of nine ninety-nine is back.", ["expired_offer"]),  # an ended offer said to be on again
    ("午间秒杀的九百九十九又回来了。", ["expired_offer"]),
    ("The noon price of nine ninety-nine is long gone.", []),
])
def test_an_ended_offer_said_to_be_back_is_said_as_now(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Tonight's price is lower than this.", ["wrong_price"]),  # tonight's session is 1199, dearer than 1099
    ("Wait till tonight, it's cheaper then.", ["wrong_price"]),
    ("Tonight's eight o'clock price beats this.", ["wrong_price"]),
    ("Right now it's cheaper than tonight.", []),
    ("Tonight it goes up, so buy now.", []),
    ("Wait for tonight's session, it'll be lower.", ["wrong_price"]),  # it'll: the session named before
    ("Tonight's session will undercut this.", ["wrong_price"]),
    ("Tonight's session comes in under this.", ["wrong_price"]),
    ("Tonight's session will cost you more.", []),
])
def test_tonights_session_said_to_be_cheaper_in_english_is_held_against_its_price(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("It's ten ninety-nine now; the eleven ninety-nine is tonight from eight.", []),
    ("The nine ninety-nine noon deal closed at one; it's ten ninety-nine now.", []),
    ("Missed the lunchtime nine ninety-nine? It's ten ninety-nine now.", []),
    ("Nine ninety-nine right now.", ["expired_offer"]),
])
def test_english_offer_times_place_a_price_in_its_offer(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("Ten ninety-nine all day today.", ["expired_offer"]),
    ("This price runs all through the holiday.", ["expired_offer"]),
    ("The deal is good till midnight.", ["expired_offer"]),
    ("The deal lasts until tonight.", ["expired_offer"]),  # the afternoon session ends at five
    ("This price holds all evening.", ["expired_offer"]),
    ("Ten ninety-nine until five, then it's back to seventeen ninety-nine.", []),
    ("The battery runs all week, and you can lock it all day long.", []),
])
def test_an_english_offer_said_to_last_past_its_end_is_flagged(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("said, read", [
    ("a hundred and nineteen", "119"),  # "a" before a scale word is its one
    ("a thousand boxes in the flash", "1000 boxes in the flash"),
    ("a hundred thirteen, a hundred twenty-two and a hundred thirty-one Fahrenheit", "45℃, 50℃ and 55℃"),
    ("for ten to sixteen-year-olds", "for 10 to 16 years old"),
    ("the three-in-one works down to minus twenty", "the 3-in-1 works down to -20℃"),
    ("ninety-nine minus ten is eighty-nine", "99 minus 10 is 89"),
    ("two come to one oh three fifty", "2 come to 103.5"),
    ("两箱五十三块八五，", "2箱53.85元,"),  # yuan, then jiao and fen said as two digits
    ("三十九块九一瓶", "39.9元1瓶"),
])
def test_more_english_forms_read_as_numbers(said, read):
    assert normalize(said).text == read


def test_a_multi_buy_total_said_for_two_with_the_thing_unsaid_is_clean():
    kb = {"skus": [{"sku_id": "P1", "title": "云朵乳胶枕", "brand": "云朵", "category": "家纺/枕头", "price": 199,
                    "promotions": [{"name": "春季焕新", "price": 199, "starts_at": "2027-03-01 00:00",
                                    "ends_at": "2027-03-31 23:59", "description": "第二件半价",
                                    "rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}]}]}]}
    v = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f.kind for f in v.verify("Second one half price, so two for two ninety-eight fifty.", "P1", AT)] == []
    assert [f.kind for f in v.verify("Second one half price, so two for three ninety-eight.", "P1", AT)] == ["wrong_price"]


@pytest.mark.parametrize("sku, text", [
    ("C1", "Sixty S9 chairs at this price."),  # a model's letter, not sixty seconds
    ("L1", "Two make twenty-one ninety-eight, minus one hundred is twenty ninety-eight."),  # a difference said out
])
def test_model_names_and_said_differences_are_no_claims_of_their_own(verifier, sku, text):
    assert found(verifier, sku, text) == []


@pytest.mark.parametrize("said, read", [
    ("a seventeen seventy milliamp battery", "a 1770 milliamp battery"),  # hundreds before a unit of measure
    ("fifteen ninety a bag", "15.9 a bag"),
])
def test_two_groups_before_a_unit_are_hundreds(said, read):
    assert normalize(said).text == read



@pytest.mark.parametrize("text, flagged", [
    ("A three-ten can has twenty-four point eight grams of sugar.", False),  # the can known by its 310 mL
    ("A case holds twenty cans.", True),  # a count: the case holds 12
])
def test_a_singular_item_named_by_its_size_is_no_count(verifier, text, flagged):
    assert bool(verifier.verify(text, "D1", AT)) is flagged


@pytest.mark.parametrize("text, flagged", [
    ("十点一过就回日常价，一千八百九十九是划线价，不是今天的价。", []),  # the list price named as such
    ("Eighteen ninety-nine is the list price, not what you pay.", []),
    ("一千八百九十九，今天就这个价。", ["wrong_price"]),
])
def test_the_list_price_named_as_the_list_price_is_no_price_for_today(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "L1", text)] == flagged


@pytest.mark.parametrize("text, flagged", [
    ("It was fifty-five over Spring Festival, that's done; tonight sixty-nine.", []),  # an ended festival, in English
    ("Major Heat has it at sixty-five, the twenty-second.", []),  # 大暑狂欢, a coming one
    ("Sixty-five right now.", ["expired_offer"]),
    ("It's one-piece, so don't dunk it.", []),  # "one" of a compound word, not a price
    ("Just one is sixty-nine.", []),  # "one is": the count, not a price
])
def test_festivals_named_in_english_place_their_prices(verifier, text, flagged):
    assert [kind for kind, _ in found(verifier, "S2", text)] == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("K1", "六十八克，一两三钱六，很轻。", []),  # the weight said again the old way, rounded (1.3两 is 65 g)
    ("K1", "六十八克，拿着很轻，也就一两。", ["contradiction"]),  # 50 g is not 68 g said again
    ("L1", "The lock is three point four kilos, very solid, six pounds.", ["contradiction"]),
    ("R1", "低档八个钟头左右，高档四个钟头左右。", []),  # the unit column is each listed value's
    ("R1", "低档能用十二个钟头。", ["contradiction"]),
])
def test_a_true_quantity_said_again_in_another_unit_later_in_its_sentence(verifier, sku, text, flagged):
    assert [kind for kind, _ in found(verifier, sku, text)] == flagged


def test_the_first_addend_of_a_sum_said_aloud_is_one_items_price(verifier):
    assert found(verifier, "S2", "两件六十九加六十九，一百三十八。") == []
