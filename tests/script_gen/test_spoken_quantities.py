"""Spoken numbers, unit aliases, ranges, bounds, rates and sizes against a small KB built here."""

import json
from datetime import datetime

import pytest

from script_gen.claims import extract_claims
from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.units import builtin_units
from script_gen.verify import Verifier

AT = datetime(2026, 3, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "K1", "title": "青禾恒温烧水壶1.5L", "brand": "青禾", "category": "家电/水壶", "price": 239,
     "list_price": 299, "stock": {"quantity": 800, "unit": "台"},
     "attributes": [{"key": "容量", "value": "1.5L"}, {"key": "功率", "value": "1350W"},
                    {"key": "保温范围", "value": "45-95℃"}, {"key": "重量", "value": "1.2kg"},
                    {"key": "烧开时间", "value": "约6分钟（1.5L水）"}, {"key": "底座尺寸", "value": "20×18×4cm"}],
     "faq": [{"question": "和大号有什么区别？", "answer": "大号容量2L、功率1800W。"}]},
    {"sku_id": "K2", "title": "青禾恒温烧水壶2L", "brand": "青禾", "category": "家电/水壶", "price": 299,
     "attributes": [{"key": "容量", "value": "2L"}, {"key": "功率", "value": "1800W"}]},
    {"sku_id": "M1", "title": "牧野高钙奶粉", "brand": "牧野", "category": "食品/奶粉", "price": 88,
     "attributes": [{"key": "钙", "value": "900mg/100g"}, {"key": "净含量", "value": "800g"},
                    {"key": "每份", "value": "25g（含钙225mg）"}, {"key": "食用量", "value": "每日2份"},
                    {"key": "尺码", "value": "S-XL"}, {"key": "适用年龄", "value": "3-12岁"},
                    {"key": "蛋白质", "value": "≥20g/100g"}],
     "promotions": [{"name": "春季特惠", "price": 68, "starts_at": "2026-02-20 00:00",
                     "ends_at": "2026-03-10 23:59", "stock_limit": 300}]},
    {"sku_id": "F1", "title": "凉川F1落地扇", "brand": "凉川", "category": "家电/风扇", "price": 199,
     "attributes": [{"key": "转速", "value": "1200转/分"}, {"key": "整机尺寸", "value": "35×30×105cm"},
                    {"key": "重量", "value": "2.3kg"}, {"key": "噪音", "value": "≤45dB"}]},
    {"sku_id": "W1", "title": "清源苏打水350mL×24瓶", "brand": "清源", "category": "食品/饮料", "price": 48,
     "stock": {"quantity": 900, "unit": "箱"}, "attributes": [{"key": "规格", "value": "350mL×24瓶/箱"}]},
]}


def findings(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("spoken,expected", [
    ("八百九十九", "899"), ("一千二百九十九", "1299"), ("两千五百毫升", "2500毫升"), ("三万毫安", "30000毫安"),
    ("十二个小时", "12个小时"), ("百分之七十", "70%"), ("十九块九", "19.9元"), ("两块五", "2.5元"),
    ("二十三块八毛五", "23.85元"), ("一米七五", "1.75米"), ("一斤七两", "1.7斤"), ("三两四", "3.4两"),
    ("六公斤半", "6.5公斤"), ("两个半小时", "2.5小时"), ("半个小时", "0.5小时"), ("零下十度", "-10度"),
    ("俩小时", "2小时"), ("forty to one hundred twenty inch", "40 to 120 inch"), ("1,299", "1299"),
    ("拍俩一百六十块", "拍2 160块"),  # two items, then the price: not 2160
    ("两公斤九", "2.9公斤"), ("一升五的水", "1.5升的水"), ("两公斤九块九", "2公斤9.9元"),
    ("下礼拜六双12", "下礼拜六双12"), ("会员周两袋", "会员周2袋"),  # a weekday is no count; a name ending in 周 is no weekday
])
def test_spoken_numerals_become_arabic(spoken, expected):
    assert normalize(spoken).text == expected


def test_numeral_words_stay_words():
    text = "一起看看，一点都不重，第一次用，十分好用，千万别错过，今晚八点开始"
    assert normalize(text).text == "一起看看,一点都不重,第一次用,十分好用,千万别错过,今晚8点开始"


def test_kuai_decimal_before_a_count_is_a_price_per_item():
    norm = normalize("三十九块九一瓶")
    money = [c for c in extract_claims(norm, builtin_units()) if c.kind == "money"]
    assert [(c.value, c.text) for c in money] == [(39.9, "39.9元")]
    assert not [c for c in extract_claims(norm, builtin_units()) if c.kind == "quantity"]


@pytest.mark.parametrize("text,value,cue", [
    ("原价八百九十九，", 899, "原价"), ("今天双12预热六百九十九，", 699, "今天"),
    ("今晚五十九一瓶", 59, "今晚"), ("29.9一支", 29.9, ""), ("It's 99 today.", 99, "It's"),
])
def test_prices_without_yuan_are_read_where_the_context_is_a_price(text, value, cue):
    money = [c for c in extract_claims(normalize(text), builtin_units()) if c.kind == "money"]
    assert [(c.value, c.detail) for c in money] == [(value, cue)]


def test_times_and_codes_are_not_prices():
    for text in ("活动今晚23:59结束", "今天讲的是316不锈钢杯", "今晚八点秒杀开始"):
        assert not [c for c in extract_claims(normalize(text), builtin_units()) if c.kind == "money"], text


@pytest.mark.parametrize("text", [
    "容量一点五升，也就是一千五百毫升。",
    "重量一点二公斤，差不多两斤多一点。",
    "保温四十五度到九十五度都能选，泡茶调到八十度。",
    "一点五升水烧开大概六分钟。",
    "功率一千三百五十瓦。",
    "底座二十乘十八，四厘米高。",
    "整壶两斤出头，拎着不沉。",  # 出头: a little over, 1.2 kg is about 2.4 斤
    "电池是二十四瓦时的，功率一千三百五十瓦。",  # 瓦时 is energy, not power
])
def test_aliases_ranges_and_conditions_that_convert_are_grounded(verifier, text):
    assert findings(verifier, "K1", text) == []


@pytest.mark.parametrize("text,kind,span", [
    ("容量一点五毫升", "unit_mismatch", "一点五毫升"),
    ("重量才一斤", "contradiction", "一斤"),
    ("保温能到一百度", "contradiction", "一百度"),
    ("保温从三十度到九十五度", "contradiction", "三十度到九十五度"),
    ("满壶一点五升两分钟就烧开", "contradiction", "两分钟"),
    ("重量不到半斤", "contradiction", "半斤"),
    ("功率一千八百瓦", "other_sku", "一千八百瓦"),
    ("容量是两升", "other_sku", "两升"),
    ("底座三十乘十八", "contradiction", "三十乘十八"),
    ("整壶一斤出头", "contradiction", "一斤"),  # 1.2 kg is 2.4 斤, not a little over one
])
def test_values_that_do_not_convert_are_found_with_spans(verifier, text, kind, span):
    assert (kind, span) in findings(verifier, "K1", text)


def test_english_numbers_and_units_are_checked(verifier):
    assert not [f for f in verifier.verify("It holds 1.5 litres and boils in about six minutes.", "K1", AT)
                if f.kind != "malformed"]
    found = findings(verifier, "K1", "It boils a full kettle in twenty minutes.")
    assert ("contradiction", "twenty minutes") in found


def test_a_sibling_value_quoted_in_the_faq_does_not_back_a_named_parameter(verifier):
    assert ("other_sku", "两升") in findings(verifier, "K1", "这款容量两升")


def test_quantities_of_a_kind_the_sku_never_states_are_not_matched_elsewhere(verifier):
    assert findings(verifier, "K1", "一家人用两个月，一天烧两次就够") == []


@pytest.mark.parametrize("text", [
    "每一百克九百毫克钙，一份二十五克含二百二十五毫克钙。",
    "每天两份，一罐八百克。",
    "尺码从S到XL，四岁到十岁都能喝。",
    "蛋白质每一百克大于等于二十克。",
    "活动限量三百，仓库还有不少。",
])
def test_rates_sizes_ages_and_bounds_that_hold_are_grounded(verifier, text):
    assert findings(verifier, "M1", text) == []


@pytest.mark.parametrize("text,kind,span", [
    ("每一百克九百克钙", "unit_mismatch", "每一百克九百克"),
    ("一份二十五克含三百毫克钙", "contradiction", "二十五克含三百毫克"),
    ("每天三份", "contradiction", "每天三份"),
    ("尺码从S一直到3XL", "contradiction", "3XL"),
    ("两岁的宝宝也能喝", "contradiction", "两岁的宝宝也能喝"),  # the age and the usage rule: one finding, the statement
])
def test_rates_sizes_and_ages_that_do_not_hold_are_found(verifier, text, kind, span):
    assert (kind, span) in findings(verifier, "M1", text)


@pytest.mark.parametrize("spoken,expected", [
    ("能量零千焦", "能量0千焦"), ("半米宽", "0.5米宽"), ("走了半公里", "走了0.5公里"), ("一千二百多颗", "1200多颗"),
    ("每片三克半", "每片3.5克"), ("三岁半的孩子", "3.5岁的孩子"), ("体温三十七度五", "体温37.5度"),
    ("一晚一度二的电", "一晚1.2度的电"), ("二十度一天", "20度1天"),
    ("about two point five kilos", "about 2.5 kilos"), ("twenty-nine ninety a box", "29.9 a box"),
    ("three forty-nine a box", "349 a box"), ("make a point of it", "make a point of it"),
])
def test_zero_half_and_more_are_read_as_numbers(spoken, expected):
    assert normalize(spoken).text == expected


def test_a_model_codes_digit_before_a_word_is_no_quantity():
    claims = extract_claims(normalize("凉川F1日常一百九十九。"), builtin_units())
    assert [(c.kind, c.value) for c in claims] == [("money", 199)]


def test_a_per_word_followed_by_its_own_value_starts_a_new_rate():
    claims = extract_claims(normalize("一天开两次每次四十分钟。"), builtin_units())
    assert [(c.text, c.dimension) for c in claims] == [
        ("1天开2次", "count:次/duration"), ("每次40分钟", "duration/count:次")]


@pytest.mark.parametrize("text", [
    "转速每分钟一千二百转，每分钟一千多转。",
    "整机一百零五公分高，三十五公分宽，不到五斤重。",
    "噪音四十五分贝以内。",
])
def test_sides_per_minute_rates_and_rounded_bounds_are_grounded(verifier, text):
    assert findings(verifier, "F1", text) == []


@pytest.mark.parametrize("text,kind,span", [
    ("转速每分钟两千转", "contradiction", "每分钟两千转"),
    ("每分钟一千五百多转", "contradiction", "每分钟一千五百多转"),
    ("整机有半米宽", "contradiction", "半米"),
    ("重量不到十斤", "contradiction", "十斤"),  # 4.6斤 is far below a bound of 10
    ("噪音五十分贝以内", "contradiction", "五十分贝"),  # a KB bound is quoted, not rounded
])
def test_sides_rates_and_bounds_that_do_not_hold_are_found(verifier, text, kind, span):
    assert (kind, span) in findings(verifier, "F1", text)


def test_a_price_shared_over_the_items_of_a_pack_is_grounded(verifier):
    assert findings(verifier, "W1", "四十八一箱，一瓶算下来两块钱左右。") == []


def test_a_per_item_price_no_real_price_shares_is_found(verifier):
    assert ("wrong_price", "一瓶算下来三块") in findings(verifier, "W1", "四十八一箱，一瓶算下来三块。")


@pytest.mark.parametrize("spoken,expected", [
    ("five thirty-nine", "539"), ("one ninety-nine", "199"), ("one-oh-nine", "109"), ("two oh five", "205"), ("twenty five", "25"), ("one hundred twenty", "120"),
])
def test_english_hundreds_said_without_hundred(spoken, expected):
    assert normalize(spoken).text == expected


def test_a_rate_per_item_is_restated_per_pack():
    kb = {"skus": [{"sku_id": "P1", "title": "细笔", "brand": "简", "category": "文具/笔", "price": 15,
                    "stock": {"quantity": 10, "unit": "盒"},
                    "attributes": [{"key": "装量", "value": "10支/盒"}, {"key": "书写长度", "value": "500m/支"}]}]}
    pens = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert findings(pens, "P1", "一支能写五百米，一盒能写五千米。") == []
    assert ("contradiction", "一盒能写五百米") in findings(pens, "P1", "一盒能写五百米。")


def test_one_of_a_kind_leads_a_rate_of_that_kind():
    kb = {"skus": [{"sku_id": "D1", "title": "犬粮", "brand": "旺", "category": "宠物/狗粮", "price": 99,
                    "attributes": [{"key": "喂食量", "value": "每公斤体重10-12g"}, {"key": "鸡肉含量", "value": "30%"}]}]}
    dogs = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert findings(dogs, "D1", "一公斤体重喂十到十二克。") == []
    assert ("unit_mismatch", "一斤体重喂十到十二克") in findings(dogs, "D1", "一斤体重喂十到十二克。")
    assert findings(dogs, "D1", "三十的鸡肉含量") == []
    assert ("unsupported", "45") in findings(dogs, "D1", "45的鸡肉含量")


def test_a_rate_said_by_its_count_reads_per_the_kbs_time_unit():
    kb = {"skus": [{"sku_id": "D1", "title": "风语F2吹风机", "category": "个护电器/吹风机", "price": 299,
                    "attributes": [{"key": "电机转速", "value": "110000转/分"}]}]}
    v = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f for f in v.verify("十一万转的高速电机", "D1", AT)] == []  # rpm said as 十一万转
    assert [(f.kind, f.text) for f in v.verify("十三万转的高速电机", "D1", AT)] == [("contradiction", "十三万转")]


def test_decibels_in_english_are_loudness():
    claims = extract_claims(normalize("It blocks 45 decibels of noise."), builtin_units())
    assert [(c.text, c.dimension) for c in claims] == [("45 decibels", "loudness")]


@pytest.mark.parametrize("text,claims", [
    ("保质期一年，放心囤。", [("1年", "months")]),   # a period of one after its parameter is a value
    ("续航一天没问题。", [("1天", "duration")]),
    ("一年四季都能穿。", []),                        # an article or a period, not a claim
])
def test_a_period_of_one_is_a_value_only_after_its_parameter(text, claims):
    found = extract_claims(normalize(text), builtin_units())
    assert [(c.text, c.dimension) for c in found if c.kind == "quantity"] == claims


@pytest.mark.parametrize("text,kinds", [
    ("用五十度左右的温水冲就行。", []),              # inside the usage limit
    ("用七十度的水冲，化得快。", ["contradiction"]),  # over it
])
def test_a_use_inside_the_kbs_usage_limit_is_grounded(text, kinds):
    kb = {"skus": [{"sku_id": "H1", "title": "蜂谷椴树蜜500g", "brand": "蜂谷", "category": "食品/蜂蜜", "price": 58,
                    "attributes": [{"key": "净含量", "value": "500g"}], "usage": "用不超过60℃的温水冲调。"}]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f.kind for f in verifier.verify(text, "H1", AT)] == kinds


@pytest.mark.parametrize("text,kinds", [
    ("一百克里钙有九百毫克。", []),                 # the 100 g a rate is per, said beside its value
    ("钙是一百克九百毫克，一百克里蛋白质二十克以上。", []),
    ("净含量一百克。", ["contradiction"]),          # the same amount said as the pack weight is still wrong
])
def test_the_amount_a_rate_is_per_is_no_claim(verifier, text, kinds):
    assert [k for k, _ in findings(verifier, "M1", text)] == kinds


@pytest.mark.parametrize("spoken,expected", [("三五天就到", "3-5天就到"), ("三五十块", "30-50块"), ("三十五天", "35天")])
def test_three_or_five_is_a_few_not_thirty_five(spoken, expected):
    assert normalize(spoken).text == expected


@pytest.mark.parametrize("hedge", ["roughly", "approximately", "around"])
def test_an_english_hedge_makes_a_converted_value_approximate(verifier, hedge):
    # 1.2 kg is 2.65 lb: "two point eight pounds" is 6 % off, within a hedge's 10 % and not the conversion's rounding
    assert verifier.verify(f"The kettle weighs {hedge} two point eight pounds.", "K1", AT) == []
    assert [f.kind for f in verifier.verify("The kettle weighs two point eight pounds.", "K1", AT)] == ["contradiction"]


@pytest.mark.parametrize("said", ["two point six pounds", "two and a half pounds", "forty-two ounces", "three pounds"])
def test_an_imperial_value_is_as_precise_as_its_digits(verifier, said):
    # 1.2 kg is 2.65 lb or 42.3 oz: each is that weight rounded to the digits said
    assert verifier.verify(f"The kettle weighs {said}.", "K1", AT) == []


def test_ounces_of_a_liquid_are_fluid_ounces(verifier):
    # 1.5 L is 50.7 US fluid ounces; the kettle's 1.2 kg is 42 ounces of mass, so both readings are tried
    assert verifier.verify("It holds about fifty ounces of water.", "K1", AT) == []
    assert [f.kind for f in verifier.verify("It holds about ninety ounces of water.", "K1", AT)] == ["contradiction"]


def test_gallons_and_call_it(verifier):
    # 1.5 L is 0.4 US gallons; "call it" rounds like "about"
    assert [f.kind for f in verifier.verify("It holds one and a half litres, about four gallons.", "K1", AT)] == ["contradiction"]
    assert verifier.verify("The kettle weighs one point two kilos, call it two point six pounds.", "K1", AT) == []


def test_a_kb_weight_in_jin_is_no_volume():
    # 斤 is 500 mL only as a host says it of a drink; a KB that writes 斤 states a weight, so a sibling's 500 mL stays
    # the sibling's
    kb = {"skus": [
        {"sku_id": "R1", "title": "禾田 东北大米", "brand": "禾田", "category": "粮油/大米", "price": 30,
         "attributes": [{"key": "净含量", "value": "1", "unit": "斤"}]},
        {"sku_id": "R2", "title": "禾田 菜籽油", "brand": "禾田", "category": "粮油/食用油", "price": 40,
         "attributes": [{"key": "容量", "value": "500", "unit": "mL"}]}]}
    v = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f.kind for f in v.verify("它的容量是500ml。", "R1", AT)] == ["other_sku"]
    assert v.verify("这袋大米一斤。", "R1", AT) == []
