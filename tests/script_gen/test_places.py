"""A place said as where the product comes from (河南南阳的艾草, 珍珠是广西北海的, grown in Hainan) against the KB's 产地:
a city, county or province the KB does not name is flagged; the KB's own place, its province, a place the host says
the product is not from, and places said of the audience or of shipping pass."""

from datetime import datetime

import pytest

AT = datetime(2030, 3, 12, 9, 20)
KB = {"skus": [
    {"sku_id": "A1", "title": "蕲艾 艾灸贴", "brand": "蕲艾", "category": "保健/艾灸贴", "price": 39,
     "attributes": [{"key": "艾草产地", "value": "湖北蕲春"}, {"key": "贴数", "value": "10", "unit": "贴"}]},
    {"sku_id": "P1", "title": "珠漾 淡水珍珠耳钉", "brand": "珠漾", "category": "饰品/耳饰", "price": 129,
     "attributes": [{"key": "产地", "value": "浙江诸暨"}]},
    {"sku_id": "T1", "title": "领尚 真丝领带", "brand": "领尚", "category": "服饰/领带", "price": 169,
     "attributes": [{"key": "面料", "value": "100%桑蚕丝"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text", [
    ("A1", "艾草用的是河南南阳的。"),
    ("A1", "这是安徽六安的艾草。"),
    ("P1", "珍珠是广西北海的。"),
    ("P1", "These pearls come from Hainan."),
    ("P1", "Grown in Hangzhou, proper pearl country."),
    ("P1", "珍珠是浙江余姚的。"),  # a city the dictionary lacks, said right after its province
    ("A1", "正宗湖北黄梅晒的艾。"),  # a verb of making before 的
])
def test_a_place_of_origin_the_kb_does_not_name_is_flagged(verifier, sku, text):
    assert kinds(verifier, sku, text) == ["contradiction"], text


@pytest.mark.parametrize("sku, text", [
    ("A1", "艾草用的是湖北蕲春的。"),
    ("A1", "湖北的艾草，蕲春产的。"),
    ("P1", "These pearls come from Zhuji."),
    ("P1", "不是广西北海的，是诸暨的。"),
    ("P1", "广东的朋友们晚上好。"),
    ("P1", "新疆地区不包邮。"),
    ("P1", "跟广西的不一样。"),
    ("P1", "浙江诸暨的，浙江人都知道。"),
    ("P1", "浙江朋友的单子先发。"),
    ("T1", "这是苏州的丝绸。"),  # no origin in the KB: nothing to hold it against
])
def test_the_kbs_own_place_or_a_place_said_otherwise_passes(verifier, sku, text):
    assert kinds(verifier, sku, text) == [], text
