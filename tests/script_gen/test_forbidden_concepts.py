"""A forbidden sentence said in other words: concepts in either language, universality, permanence, comparison,
the product's own noun left unsaid, lists closed by 等, and a replacement that is not the thing it replaces."""

import pytest

from script_gen.compliance import forbidden_claims
from script_gen.records import Sku


def _found(forbidden: str, text: str, title: str = "测试商品", category: str = "") -> list[str]:
    sku = Sku(sku_id="C-1", title=title, category=category, price=10, forbidden_claims=(forbidden,))
    return [f.text for f in forbidden_claims(text, sku)]


@pytest.mark.parametrize("text", ["骑小电驴上班戴着它也行", "Wear it on your e-bike commute too"])
def test_a_vehicle_is_matched_by_the_names_hosts_give_it(text):
    assert _found("不得宣称可作为电动车头盔使用", text, "风行公路骑行头盔", "骑行/头盔") != []


def test_naming_the_vehicle_to_rule_it_out_is_no_claim():
    assert _found("不得宣称可作为电动车头盔使用", "骑电瓶车得戴国标头盔，这款不行", "风行公路骑行头盔", "骑行/头盔") == []


@pytest.mark.parametrize("text,found", [("啥牌子的打印机都能装", True), ("只能装惠普的打印机", False)])
def test_any_said_with_a_question_word_and_dou_is_universal(text, found):
    assert bool(_found("不得宣称适配所有品牌打印机", text)) is found


@pytest.mark.parametrize("text,found", [("怎么扯都不会断", True), ("用久了也会断，记得换", False)])
def test_a_verb_whose_object_is_the_product_is_said_by_the_verb_alone(text, found):
    assert bool(_found("不得宣称永不断线", text, "海钓尼龙鱼线100米", "钓具/鱼线")) is found


@pytest.mark.parametrize("text,found", [
    ("常温搁两天也不会坏", True),
    ("You can leave it on the counter all week", True),
    ("一定要冷冻，常温会坏", False),
])
def test_storage_is_matched_by_how_hosts_say_where_it_is_kept(text, found):
    assert bool(_found("不得宣称可常温保存", text, "速冻馄饨", "速食/速冻馄饨")) is found


def test_a_comparison_is_said_with_hai_as_with_geng():
    assert _found("不得宣称比不锈钢更耐用", "这个锅比不锈钢的还耐用") != []
    assert _found("不得宣称比不锈钢更耐用", "耐用程度和不锈钢差不多") == []


def test_an_english_host_keeping_insects_away_breaks_a_repellent_ban():
    assert _found("不得宣称驱蚊", "light it on the patio and it keeps the bugs away", "香薰蜡烛", "香氛/蜡烛") != []


@pytest.mark.parametrize("text,found", [("your 2-year-old can play with it too", True), ("for kids aged 6 and up", False)])
def test_an_age_below_the_bound_said_in_english_breaks_it(text, found):
    assert bool(_found("不得宣称3岁以下儿童可玩", text, "拼插积木", "儿童玩具/积木")) is found


def test_an_absolute_of_one_word_is_not_split_into_a_verb_and_a_noun():
    assert _found("不得宣称绝对防盗", "防盗门、木门都能装") == []
    assert _found("不得宣称100%防撬", "Nobody can pick this lock, trust me") != []


@pytest.mark.parametrize("text,found", [("刷了它就不用再做防水层了", True), ("卫生间先做防水层，这漆本身也防水", False)])
def test_replacing_a_waterproof_layer_is_not_being_waterproof(text, found):
    assert bool(_found("不得宣称可代替防水层", text, "厨卫漆", "家装建材/墙面漆")) is found


def test_no_effect_on_an_audience_is_a_capability_for_it():
    assert _found("不得宣称孕妇使用无影响", "怀孕了照样可以用", "甲油胶", "美甲/甲油胶") != []


def test_a_list_closed_by_deng_is_broken_by_its_kind():
    assert _found("不得宣称可用于浴缸、鱼缸等长期泡水的地方", "泡在水里也没问题", "防霉漆", "家装建材/墙面漆") != []
