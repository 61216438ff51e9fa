"""What a price in speech is said of (one item, several, an average, a denied total) and how the verifier holds it
against the running offer's rules: 俩 and an unknown count word as counts, a per-item price that is only the n-th
item's, an average or a saving, and the readings that make such a price true."""

from datetime import datetime

import pytest

from script_gen.baskets import Said, said_of

AT = datetime(2027, 6, 18, 20, 0)
WEEK = {"starts_at": "2027-06-15 00:00", "ends_at": "2027-06-20 23:59"}

KB = {"skus": [
    {"sku_id": "H1", "title": "青禾 电热水壶 1.7L", "brand": "青禾", "category": "厨房电器/水壶", "price": 219,
     "stock": {"quantity": 300, "unit": "台"},
     "promotions": [{"name": "年中大促", "price": 189, **WEEK, "description": "第二台半价",
                     "rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}]}]},
    {"sku_id": "H2", "title": "远山 户外折叠椅", "brand": "远山", "category": "户外/折叠椅", "price": 169,
     "stock": {"quantity": 200, "unit": "把"},
     "promotions": [{"name": "年中大促", "price": 149, **WEEK, "description": "两把每把再减20",
                     "rules": [{"kind": "per_item_minus", "count": 2, "amount": 20}]}]},
    {"sku_id": "H3", "title": "白石 外墙漆 10L", "brand": "白石", "category": "建材/涂料", "price": 389,
     "stock": {"quantity": 80, "unit": "桶"}, "promotions": []},
    {"sku_id": "H4", "title": "松间 手冲咖啡粉 250g", "brand": "松间", "category": "咖啡/咖啡粉", "price": 58,
     "stock": {"quantity": 500, "unit": "袋"},
     "promotions": [{"name": "年中大促", "price": 52, **WEEK, "description": "满150减20",
                     "rules": [{"kind": "spend_save", "threshold": 150, "amount": 20, "each": False}]}]},
]}


def flagged(verifier, sku, text):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind == "wrong_price"]


def _said(text, number, own=frozenset()):
    start = text.index(number)
    return said_of(text, start, start + len(number), own)


def test_said_of_reads_the_count_the_price_is_said_of():
    assert _said("拍2 276", "276") == Said(2)  # 俩 is normalised to "2 " before a number
    assert _said("两桶700", "700", frozenset({"桶"})) == Said(2, "桶")
    assert _said("两桶700", "700") is None  # 桶 counts nothing unless it is the SKU's own count word
    assert _said("94.5 1台", "94.5") == Said(1, each=True)
    assert _said("2台合141.75 1台", "141.75") == Said(1, each=True, average=True)
    assert _said("不是3袋156", "156").denied
    assert _said("2款199", "199") is None  # two variants, not two items
    assert _said("1台189 1台94.5", "94.5").nth  # a basket listed item by item


@pytest.mark.parametrize("sku, text, span", [
    ("H1", "俩二百七十。", "二百七十"),  # 189 + 94.5 = 283.5
    ("H3", "外墙漆两桶七百。", "七百"),  # no offer: two tins cost 778
    ("H1", "第二台半价，所以今天94.5一台。", "94.5"),  # only the second kettle is 94.5
    ("H1", "两台一起拍，一百四十一块七毛五一台。", "一百四十一块七毛五"),  # the average said as one kettle's price
    ("H2", "今天一百二十九一把。", "一百二十九"),  # 129 each needs two chairs
    ("H4", "三袋一百三十六，四十五块三一袋。", "四十五"),  # the three-bag average after 满减 as one bag's price
])
def test_a_price_said_of_what_it_is_not_is_flagged(verifier, sku, text, span):
    assert any(said.startswith(span) for said in flagged(verifier, sku, text))


@pytest.mark.parametrize("sku, text", [
    ("H1", "俩二百八十三块五。"),
    ("H3", "两桶就是七百七十八，老老实实两个三百八十九。"),  # each tin at 389, the total said before
    ("H1", "第二台半价，就是94.5一台。"),  # …, that is: the second kettle
    ("H1", "两台一起，一台一百八十九一台九十四块五。"),
    ("H1", "两台平均一台一百四十一块七毛五。"),
    ("H2", "拍两把，每把一百二十九。"),
    ("H2", "两把二百五十八，合一百二十九一把。"),
    ("H4", "单买一袋五十二，不是三袋一百五十六。"),  # a total ruled out
    ("H4", "三袋一百三十六，算下来一袋四十五块三。"),
    ("H1", "两台一起拍，平摊下来一台一百四十一块七毛五。"),  # 平摊: the share of a total, said as one
])
def test_a_price_said_of_what_it_is_passes(verifier, sku, text):
    assert flagged(verifier, sku, text) == []
