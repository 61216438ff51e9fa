"""Readings of said numbers that are not the KB's facts (a festival's name, an assumed figure, the count after a
块 price, a unit said in another sense) and periods said as how long an amount lasts, reckoned from the daily use."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.normalize import normalize
from script_gen.units import builtin_units
from script_gen.verify import Verifier

AT = datetime(2027, 2, 3, 20, 0)

KB = {"skus": [
    {"sku_id": "V1", "title": "禾润 鱼油软胶囊 90粒", "brand": "禾润", "category": "保健食品/鱼油", "price": 159,
     "stock": {"quantity": 500, "unit": "瓶"},
     "attributes": [{"key": "规格", "value": "1g×90", "unit": "粒"}, {"key": "每日", "value": "3", "unit": "粒"},
                    {"key": "保质期", "value": "24", "unit": "个月"}],
     "promotions": [{"name": "腊八年货节", "price": 129, "starts_at": "2027-02-01 00:00", "ends_at": "2027-02-06 23:59",
                     "description": "年货节买二送一", "rules": [{"kind": "buy_get", "buy": 2, "free": 1}]}]},
    {"sku_id": "V2", "title": "松间 冻干鸭肉粒 狗零食 200g", "brand": "松间", "category": "宠物用品/狗零食", "price": 49,
     "stock": {"quantity": 900, "unit": "袋"},
     "attributes": [{"key": "净含量", "value": "200", "unit": "g"}],
     "faq": [{"question": "一天喂多少？", "answer": "成犬每天不超过20g。"}]},
    {"sku_id": "V3", "title": "青峦 干白葡萄酒 750mL", "brand": "青峦", "category": "酒水/葡萄酒", "price": 128,
     "stock": {"quantity": 300, "unit": "瓶"},
     "attributes": [{"key": "酒精度", "value": "12", "unit": "%vol"}, {"key": "净含量", "value": "750", "unit": "mL"}]},
    {"sku_id": "V6", "title": "梅屿 杨梅酒 750mL", "brand": "梅屿", "category": "酒水/果酒", "price": 118,
     "stock": {"quantity": 300, "unit": "瓶"},
     "attributes": [{"key": "酒精度", "value": "15", "unit": "%vol"}, {"key": "饮用温度", "value": "6-15", "unit": "℃"}]},
    {"sku_id": "V4", "title": "远瞳 行车记录仪", "brand": "远瞳", "category": "汽车用品/记录仪", "price": 299,
     "stock": {"quantity": 200, "unit": "台"},
     "attributes": [{"key": "视角", "value": "150", "unit": "°"}, {"key": "工作温度", "value": "-10~60", "unit": "℃"}]},
    {"sku_id": "V5", "title": "山岚 白茶饼 357g", "brand": "山岚", "category": "茶饮/白茶", "price": 198,
     "stock": {"quantity": 100, "unit": "饼"},
     "attributes": [{"key": "净含量", "value": "357", "unit": "g"}, {"key": "容量", "value": "1.5", "unit": "L"}],
     "promotions": [{"name": "开春价", "price": 198, "starts_at": "2027-02-01 00:00", "ends_at": "2027-02-06 23:59",
                     "description": "3饼540元", "rules": [{"kind": "fixed_price", "count": 3, "price": 540}]}]},
]}


def claims(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)
            if f.kind not in ("banned_term", "forbidden_claim", "injection")]


def said(text):
    return normalize(text, builtin_units()).text


def test_a_festival_named_after_its_day_is_no_number_of_years(verifier):
    assert claims(verifier, "V1", "腊八年货节一瓶一百二十九，保质期二十四个月。") == []
    assert said("腊八年货节") == "腊八年货节"


def test_a_rule_said_before_a_count_keeps_the_rules_one():
    assert said("买二送一三瓶到手") == "买二送一3瓶到手"


def test_a_count_after_a_kuai_price_is_a_count_not_jiao():
    assert said("五百四十块三盒拿走") == "540块3盒拿走"
    assert said("十九块九包邮") == "19.9元包邮"


def test_half_before_a_unit_starts_the_next_quantity():
    assert said("三百五十七克半斤多一点") == "357克0.5斤多一点"


def test_an_english_decimal_joined_by_hyphens():
    assert said("the two-point-five litre pot") == "the 2.5 litre pot"


def test_a_figure_assumed_for_a_calculation_is_no_fact(verifier):
    assert claims(verifier, "V5", "一壶一点五升，一杯按三百毫升算，能倒五杯。") == []


def test_du_reads_as_alcohol_by_volume_for_a_wine(verifier):
    assert claims(verifier, "V3", "这瓶干白十二度，七百五十毫升。") == []
    assert claims(verifier, "V3", "这瓶干白十二度半。") == [("contradiction", "十二度半")]


def test_du_reads_as_the_quantity_its_clause_names_when_the_kb_states_both(verifier):
    assert claims(verifier, "V6", "酒精度十二度。") == [("contradiction", "十二度")]  # 12 is a serving temperature too
    assert claims(verifier, "V6", "酒精度十五度，冰到十二度喝。") == []


def test_du_reads_as_the_angle_when_the_kb_states_an_angle_and_a_temperature(verifier):
    assert claims(verifier, "V4", "视角一百五十度，零下十度也能用。") == []
    assert claims(verifier, "V4", "视角一百七十度。") != []


@pytest.mark.parametrize("sku, text", [
    ("V1", "一天三粒，一瓶吃一个月。"),
    ("V1", "三瓶二百七十粒，一天三粒够吃三个月。"),
    ("V2", "一袋二百克，成犬一天最多二十克，一袋喂十天。"),
    ("V2", "A bag is two hundred grams and a dog gets twenty grams a day, so one bag lasts ten days."),
    ("V5", "一饼三百五十七克，一天泡七克，差不多喝五十天。"),
])
def test_a_period_the_amount_and_daily_use_give_is_clean(verifier, sku, text):
    assert claims(verifier, sku, text) == []


@pytest.mark.parametrize("sku, text, span", [
    ("V1", "一天三粒，一瓶吃三个月。", "一瓶吃三个月"),
    ("V2", "一袋二百克，一天二十克，一袋喂一个月。", "一袋喂一个月"),
])
def test_a_period_the_daily_use_does_not_give_is_flagged(verifier, sku, text, span):
    assert ("contradiction", span) in claims(verifier, sku, text)


KB_UNIT_PRICES = {"skus": [
    {"sku_id": "U1", "title": "海屿 冻虾仁 1.5kg", "brand": "海屿", "category": "生鲜/虾", "price": 129,
     "stock": {"quantity": 300, "unit": "盒"},
     "attributes": [{"key": "净含量", "value": "1.5", "unit": "kg"}, {"key": "规格", "value": "40-50", "unit": "只/kg"}]},
    {"sku_id": "U2", "title": "雾岭 红茶 200g", "brand": "雾岭", "category": "茶饮/红茶", "price": 160,
     "stock": {"quantity": 200, "unit": "罐"},
     "attributes": [{"key": "净含量", "value": "200", "unit": "g"}]},
]}


@pytest.fixture(scope="module")
def unit_prices():
    return Verifier(parse_json(json.dumps(KB_UNIT_PRICES), "m").kb)


@pytest.mark.parametrize("sku, text", [
    ("U1", "一盒一百二十九，算下来86一公斤，一斤四十三。"),
    ("U1", "一公斤四十到五十只，一盒就是六十到七十五只。"),
    ("U2", "一罐二百克一百六十，一两不到四十一块。"),
    ("U2", "一百六十一罐，算下来一两四十块。"),
])
def test_a_price_or_count_per_one_unit_of_the_pack_is_clean(unit_prices, sku, text):
    assert claims(unit_prices, sku, text) == []


def test_a_per_unit_price_the_pack_does_not_give_is_flagged(unit_prices):
    assert [k for k, _ in claims(unit_prices, "U1", "一盒一百二十九，算下来43一公斤。")] == ["wrong_price"]


KB_BANDS = {"skus": [
    {"sku_id": "B1", "title": "键川 三模键盘", "brand": "键川", "category": "数码/键盘", "price": 199,
     "stock": {"quantity": 100, "unit": "把"},
     "attributes": [{"key": "连接", "value": "有线/蓝牙/2.4G", "unit": ""}, {"key": "重量", "value": "760", "unit": "g"},
                    {"key": "存储卡", "value": "最大支持128", "unit": "GB"}]},
]}


@pytest.fixture(scope="module")
def bands():
    return Verifier(parse_json(json.dumps(KB_BANDS), "m").kb)


@pytest.mark.parametrize("text", [
    "有线、蓝牙、2.4G三种连法，七百六十克。",
    "Wired, Bluetooth or 2.4G, seven hundred sixty grams.",
    "这款没有4G，也没GPS，存储卡最大一百二十八个G。",
    "接收器是2.4G的，5G的路由器连不上。",
])
def test_a_wireless_band_or_network_is_no_weight_or_storage(bands, text):
    assert claims(bands, "B1", text) == []


def test_a_band_the_kb_does_not_state_is_flagged(bands):
    assert claims(bands, "B1", "无线是5.8G的，七百六十克。") != []


KB_SIBLINGS = {"skus": [
    {"sku_id": "S1", "title": "暖屿 电炖锅 2L", "brand": "暖屿", "category": "厨房电器/电炖锅", "price": 199,
     "stock": {"quantity": 100, "unit": "台"},
     "attributes": [{"key": "容量", "value": "2", "unit": "L"}, {"key": "功率", "value": "400", "unit": "W"}],
     "faq": [{"question": "和煮蛋器比？", "answer": "电炖锅2L、400W；煮蛋器0.3L、350W，只能煮蛋。"}]},
    {"sku_id": "S2", "title": "暖屿 多功能煮蛋器", "brand": "暖屿", "category": "厨房电器/煮蛋器", "price": 69,
     "stock": {"quantity": 100, "unit": "台"},
     "attributes": [{"key": "容量", "value": "0.3", "unit": "L"}, {"key": "功率", "value": "350", "unit": "W"}]},
]}


def test_one_brands_products_one_faq_compares_are_siblings():
    verifier = Verifier(parse_json(json.dumps(KB_SIBLINGS), "m").kb)
    assert verifier._whose.siblings("S1") == {"S2"}
    assert claims(verifier, "S1", "电炖锅零点三升。") == [("other_sku", "零点三升")]
    assert claims(verifier, "S1", "电炖锅两升，煮蛋器才零点三升。") == []


KB_VALUES = {"skus": [
    {"sku_id": "C1", "title": "海汐 冻鳕鱼排 1kg", "brand": "海汐", "category": "生鲜/鱼", "price": 89,
     "stock": {"quantity": 100, "unit": "袋"},
     "attributes": [{"key": "产地", "value": "挪威", "unit": ""}, {"key": "净含量", "value": "1", "unit": "kg"}]},
    {"sku_id": "C2", "title": "岚谷 干红葡萄酒", "brand": "岚谷", "category": "酒水/葡萄酒", "price": 99,
     "stock": {"quantity": 100, "unit": "瓶"},
     "attributes": [{"key": "葡萄品种", "value": "马瑟兰", "unit": ""}]},
    {"sku_id": "C3", "title": "澄光 偏光墨镜", "brand": "澄光", "category": "眼镜/太阳镜", "price": 199,
     "stock": {"quantity": 100, "unit": "副"},
     "attributes": [{"key": "防紫外线", "value": "UV400", "unit": ""}, {"key": "镜框", "value": "TR90", "unit": ""}]},
]}


@pytest.fixture(scope="module")
def values():
    return Verifier(parse_json(json.dumps(KB_VALUES), "m").kb)


@pytest.mark.parametrize("sku, text, span", [
    ("C1", "这是智利的鳕鱼。", "智利"),
    ("C2", "这瓶是赤霞珠的。", "赤霞珠"),
    ("C3", "墨镜是UV380的。", "UV380"),
    ("C3", "镜框是Tritan的。", "Tritan"),
])
def test_an_origin_grape_grade_or_plastic_the_kb_states_otherwise_is_flagged(values, sku, text, span):
    assert span in [t for _, t in claims(values, sku, text)]


@pytest.mark.parametrize("sku, text", [
    ("C1", "挪威的鳕鱼，不是智利的，比智利那种肉厚。"),
    ("C2", "马瑟兰的，单宁柔。"),
    ("C3", "UV400，TR90镜框。"),
])
def test_the_kbs_origin_grape_and_grade_are_clean(values, sku, text):
    assert claims(values, sku, text) == []


def test_a_unitless_value_after_its_key_is_held_to_the_kbs_range():
    kb = {"skus": [{"sku_id": "R1", "title": "绿屿 兰花专用土", "brand": "绿屿", "category": "园艺/营养土", "price": 19.9,
                    "stock": {"quantity": 100, "unit": "袋"},
                    "attributes": [{"key": "pH", "value": "5.5-6.5", "unit": ""}]}]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert claims(verifier, "R1", "pH七点五的碱性土。") == [("contradiction", "七点五")]
    assert claims(verifier, "R1", "pH六，偏酸。") == []
    assert claims(verifier, "R1", "pH 6.2，偏酸。") == []


KB_POWER = {"skus": [{"sku_id": "K1", "title": "澜风 电暖器", "brand": "澜风", "category": "小家电/取暖器", "price": 299,
                      "stock": {"quantity": 100, "unit": "台"},
                      "attributes": [{"key": "功率", "value": "2000", "unit": "W"}]}]}


@pytest.mark.parametrize("text, clean", [
    ("两千瓦，开一个小时两度电。", True),
    ("两千瓦，开半个小时按一度电算。", True),
    ("两千瓦，按十五分钟算，零点五度电。", True),
    ("两千瓦，开一个小时才零点五度电。", False),
    ("两千瓦，按十五分钟算，两度电。", False),
])
def test_electricity_for_a_stretch_of_use_is_the_kbs_power_times_the_time(text, clean):
    verifier = Verifier(parse_json(json.dumps(KB_POWER), "m").kb)
    assert (claims(verifier, "K1", text) == []) is clean


PERIOD_KB = {"skus": [
    {"sku_id": "D1", "title": "澄澈 玻璃驱水剂", "brand": "澄澈", "category": "汽车用品/驱水剂", "price": 39,
     "attributes": [{"key": "驱水效果", "value": "7-14", "unit": "天"}]},
    {"sku_id": "D2", "title": "清露 洗发水 500mL", "brand": "清露", "category": "日化/洗发水", "price": 49,
     "attributes": [{"key": "用量", "value": "1瓶约100", "unit": "次"}]},
]}


@pytest.mark.parametrize("sku, text, flagged", [
    ("D1", "驱水效果一个月。", True),  # a period of one after what it measures is a value, not an article
    ("D1", "驱水效果一个礼拜。", False),  # 礼拜 is a week
    ("D2", "头屑多的时候一礼拜三四次。", False),  # times a week, not uses in a bottle
])
def test_a_period_of_one_after_what_lasts_and_weeks_said_as_libai(sku, text, flagged):
    verifier = Verifier(parse_json(json.dumps(PERIOD_KB), "m").kb)
    assert bool([f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"]) is flagged, text
