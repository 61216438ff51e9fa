"""A sibling's feature said of this SKU: its title word is a feature (遥控, 鸡蛋), not the sibling's name, unless
said as one (遥控款, 鸡蛋那款); the KB's comparisons still mark the sibling's clauses with it."""

from decimal import Decimal

import pytest

from script_gen.constraints import SkuConstraints, compile_constraints
from script_gen.normalize import normalize
from script_gen.records import Attribute, Faq, KnowledgeBase, Sku


def _sku(sku_id: str, title: str, brand: str, category: str, **fields) -> Sku:
    attributes = tuple(Attribute(key=k, value=v) for k, v in fields.pop("attributes", {}).items())
    faq = tuple(Faq(question=q, answer=a) for q, a in fields.pop("faq", {}).items())
    return Sku(sku_id=sku_id, title=title, brand=brand, category=category, price=Decimal("59"),
               attributes=attributes, faq=faq, **fields)


KB = KnowledgeBase(merchant_id="sibling-features-test", skus=(
    _sku("V-1", "清风V1落地扇", "清风", "家电/风扇", attributes={"遥控器": "无", "摇头角度": "90°"}),
    _sku("V-2", "清风V2落地扇 遥控器款", "清风", "家电/风扇", attributes={"遥控器": "有（红外）", "摇头角度": "120°"}),
    _sku("F-1", "面面香韭菜猪肉饺子", "面面香", "速冻/饺子", attributes={"馅料": "韭菜、猪肉"},
         faq={"和另一款比？": "韭菜猪肉的不含蛋；鸡蛋虾皮的含鸡蛋和虾皮。"}),
    _sku("F-2", "面面香鸡蛋虾皮饺子", "面面香", "速冻/饺子", attributes={"馅料": "鸡蛋、虾皮"}),
    _sku("E-1", "木森E2书桌 单抽屉", "木森", "家具/书桌", attributes={"抽屉": "单抽屉"}),
    _sku("E-2", "木森E2书桌 带书架", "木森", "家具/书桌", attributes={"书架": "有", "抽屉": "单抽屉"}),
))


@pytest.fixture(scope="module")
def rules() -> dict[str, SkuConstraints]:
    return compile_constraints(KB, list(KB.skus))


def spans(rules: dict[str, SkuConstraints], sku_id: str, text: str) -> list[str]:
    return [f.text for f in rules[sku_id].check(text, normalize(text))]


@pytest.mark.parametrize("sku_id,text,span", [
    ("V-1", "底下还配了个遥控器，躺床上就能调风速。", "底下还配了个遥控器"),
    ("V-1", "盒子里有一个小遥控器。", "盒子里有一个小遥控器"),
    ("F-1", "一口咬下去里面还有鸡蛋碎。", "一口咬下去里面还有鸡蛋碎"),
])
def test_a_siblings_feature_claimed_of_this_sku_is_found(rules, sku_id, text, span):
    assert spans(rules, sku_id, text) == [span]


@pytest.mark.parametrize("sku_id,text", [
    ("V-1", "想要遥控器的话选V2。"),
    ("V-1", "遥控器款是V2，V1没有遥控器。"),
    ("V-2", "这款带遥控器，躺着也能调。"),
    ("F-1", "鸡蛋虾皮那款含鸡蛋和虾皮。"),
    ("F-1", "韭菜猪肉馅，不含蛋。"),
    ("F-2", "里面有鸡蛋和虾皮。"),
])
def test_the_sibling_named_by_its_feature_or_the_feature_denied_stays_clean(rules, sku_id, text):
    assert spans(rules, sku_id, text) == []


LINE = KnowledgeBase(merchant_id="sibling-capability-test", skus=(
    _sku("M-1", "晴川儿童水杯 吸管款", "晴川", "母婴/水杯", attributes={"容量": "300mL"}),
    _sku("M-2", "晴川儿童水杯 保温款", "晴川", "母婴/水杯", attributes={"容量": "350mL", "可保温": "是", "夜光": "有"}),
    _sku("M-3", "晴川儿童水杯 鸭嘴款", "晴川", "母婴/水杯", attributes={"容量": "250mL"}, usage="不能保温，请勿装热水。"),
))


@pytest.mark.parametrize("sku_id,text,found", [
    ("M-1", "装热水也能保温一整天。", ["装热水也能保温一整天"]),
    ("M-1", "晚上杯身带夜光。", ["晚上杯身带夜光"]),
    ("M-1", "想保温的选保温款。", []),
    ("M-2", "能保温一整天。", []),
    ("M-3", "这款不能保温。", []),
])
def test_a_capability_only_a_siblings_attributes_state_said_of_this_sku(sku_id, text, found):
    rules = compile_constraints(LINE, list(LINE.skus))
    assert [f.text for f in rules[sku_id].check(text, normalize(text))] == found


PAIR = KnowledgeBase(merchant_id="sibling-value-test", skus=(
    _sku("R-1", "远声收音机R1", "远声", "数码/收音机", attributes={"供电": "4节7号干电池", "波段": "FM/AM"}),
    _sku("R-2", "远声收音机R2", "远声", "数码/收音机", attributes={"供电": "内置锂电池", "波段": "FM/AM/SW"}),
))


@pytest.mark.parametrize("sku_id,text,found", [
    ("R-2", "R2供电用四节七号干电池。", ["R2供电用四节七号干电池"]),
    ("R-2", "R1用干电池供电，R2是内置锂电池。", []),
    ("R-2", "R2供电是内置锂电池。", []),
    ("R-1", "供电用四节七号干电池。", []),
])
def test_a_siblings_value_of_an_attribute_both_state_said_of_this_sku(sku_id, text, found):
    rules = compile_constraints(PAIR, list(PAIR.skus))
    assert [f.text for f in rules[sku_id].check(text, normalize(text))] == found
