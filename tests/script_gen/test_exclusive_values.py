"""Values of a closed set the KB fixes (how a food is cooked, how a device is powered, when a serum is used),
and water or fire a KB rules out in its broader words (不可水洗 rules out the washing machine)."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)

KB = {"skus": [
    {"sku_id": "S1", "title": "禾田烤红薯干", "brand": "禾田", "category": "食品/零食", "price": 19.9,
     "attributes": [{"key": "工艺", "value": "低温烘烤"}]},
    {"sku_id": "V1", "title": "洁云除螨吸尘器", "brand": "洁云", "category": "家电/清洁", "price": 299,
     "attributes": [{"key": "供电", "value": "有线，线长6米"}]},
    {"sku_id": "N1", "title": "夜萃修护精华", "brand": "夜萃", "category": "美妆/精华", "price": 199,
     "attributes": [{"key": "使用时段", "value": "仅夜间"}], "usage": "晚上洁面后使用，白天注意防晒。"},
    {"sku_id": "B1", "title": "暖暖羊绒围巾", "brand": "暖暖", "category": "服饰/围巾", "price": 399,
     "usage": "干洗或用湿毛巾轻擦，不可水洗。"},
    {"sku_id": "M1", "title": "小满陶瓷炖盅", "brand": "小满", "category": "厨具/炖盅", "price": 59,
     "usage": "隔水炖煮，不可直接明火加热。"},
    {"sku_id": "W1", "title": "Cozy wool beanie", "brand": "Cozy", "category": "服饰/帽子", "price": 99,
     "usage": "手洗后平铺晾干，不可烘干。"},
]}


def kinds(verifier, sku_id, text):
    return [f.kind for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("S1", "这个是油炸的，所以香。"),
    ("V1", "It's cordless, carry it anywhere."),
    ("V1", "无线的，想去哪吸就去哪。"),
    ("N1", "白天也能用，抹完就出门。"),
])
def test_another_member_of_a_set_the_kb_fixes_contradicts_it(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == ["contradiction"]


@pytest.mark.parametrize("sku_id,text", [
    ("S1", "低温烘烤的，不是油炸的。"),
    ("V1", "有线的，吸力稳。"),
    ("N1", "晚上用，白天记得防晒。"),
])
def test_the_kbs_own_member_or_a_denial_of_another_is_clean(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == []


def test_an_exclusive_set_needs_the_kb_to_say_only():
    kb = {"skus": [{"sku_id": "N2", "title": "夜萃面霜", "price": 99, "usage": "晚上洁面后使用。"}]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert verifier.verify("白天也能用。", "N2", AT) == []


@pytest.mark.parametrize("sku_id,text", [
    ("B1", "脏了直接扔洗衣机。"),
    ("M1", "直接放燃气灶上热一热。"),
    ("W1", "Wash by hand, then toss it in the dryer."),
])
def test_a_narrower_act_than_the_one_the_kb_rules_out_is_ruled_out(verifier, sku_id, text):
    assert kinds(verifier, sku_id, text) == ["contradiction"]


WHO = {"skus": [
    {"sku_id": "C1", "title": "润雪保湿面霜", "brand": "润雪", "category": "美妆/面霜", "price": 129,
     "faq": [{"question": "孕妇能用吗？", "answer": "不建议，孕期请停用。"}]},
    {"sku_id": "D1", "title": "汪星冻干牛肉粒", "brand": "汪星", "category": "宠物/零食", "price": 69,
     "attributes": [{"key": "适用", "value": "4月龄以上"}],
     "faq": [{"question": "牛肉过敏的狗能吃吗？", "answer": "不能，原料是纯牛肉。"}]},
    {"sku_id": "G1", "title": "焰山卡式炉", "brand": "焰山", "category": "户外/炉具", "price": 199,
     "usage": "装入丁烷气罐后点火，配专用清洁刷。",
     "faq": [{"question": "送气罐吗？", "answer": "不送，气罐需另购。"}]},
]}


@pytest.fixture(scope="module")
def who():
    return Verifier(parse_json(json.dumps(WHO), "m").kb)


@pytest.mark.parametrize("sku_id,text", [
    ("C1", "准妈妈也能放心用。"),
    ("D1", "牛肉过敏的狗狗也能吃。"),
    ("D1", "两个月的小奶狗也能吃。"),
])
def test_an_audience_the_kb_rules_out_said_in_other_words_is_flagged(who, sku_id, text):
    found = kinds(who, sku_id, text)
    assert found and set(found) == {"contradiction"}


def test_an_audience_word_inside_another_is_not_that_audience(who):
    assert kinds(who, "C1", "备孕期间也能用。") == []


@pytest.mark.parametrize("text", ["今天下单送清洁刷。", "今天下单送两罐气。", "今天下单送气罐。"])
def test_a_gift_named_only_in_usage_or_a_refused_faq_is_no_gift(who, text):
    assert kinds(who, "G1", text) == ["unsupported"]


def test_an_emphatic_denial_of_what_the_kb_says_is_there_is_flagged():
    kb = {"skus": [{"sku_id": "R1", "title": "木语乳胶枕", "price": 159,
                    "faq": [{"question": "有味道吗？", "answer": "会有一些乳胶的味道，通风几天就散。"}]}]}
    verifier = Verifier(parse_json(json.dumps(kb), "m").kb)
    assert [f.kind for f in verifier.verify("新枕头一点味道都没有。", "R1", AT)] == ["contradiction"]
    assert verifier.verify("通风几天，味道就散了。", "R1", AT) == []
