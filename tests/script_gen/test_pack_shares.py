"""A pack's price worked out per piece, as hosts do it aloud: the total said with a count of any size (三盒三十支二十五块八，
八毛六一支; forty-five for twelve cups, three seventy-five a cup), to the fen right after the rough figure for one
(一瓶不到十块，九块九毛七). The host's own division is no price the KB must state; a wrong one is still found."""

from datetime import datetime

import pytest

AT = datetime(2031, 4, 9, 20, 30)
KB = {"skus": [
    {"sku_id": "Y1", "title": "枝屿 一次性纸杯", "brand": "枝屿", "category": "家居/纸杯", "price": 45,
     "stock": {"quantity": 800, "unit": "包"}, "attributes": [{"key": "规格", "value": "12", "unit": "杯"}]},
    {"sku_id": "M1", "title": "禾墨 中性笔", "brand": "禾墨", "category": "文具/中性笔", "price": 12.9,
     "stock": {"quantity": 900, "unit": "盒"}, "attributes": [{"key": "规格", "value": "10", "unit": "支"}]},
    {"sku_id": "H1", "title": "澄露 洗手液", "brand": "澄露", "category": "日用/洗手液", "price": 29.9,
     "stock": {"quantity": 600, "unit": "组"}, "attributes": [{"key": "规格", "value": "3", "unit": "瓶"}]},
    {"sku_id": "L1", "title": "印简 标签纸", "brand": "印简", "category": "办公/标签纸", "price": 23.9,
     "stock": {"quantity": 500, "unit": "组"}, "attributes": [{"key": "总长度", "value": "18", "unit": "m"}]},
]}


def findings(verifier, sku, text):
    return [(f.kind, f.text) for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text", [
    ("Y1", "Forty-five for twelve cups is three seventy-five a cup."),
    ("Y1", "Forty-five for twelve, about three seventy-five each."),
    ("M1", "三盒三十支三十八块七，一支合下来不到一块三，一块二毛九一支。"),
    ("M1", "Twelve ninety for ten pens, so about one twenty-nine each."),
    ("H1", "二十九块九三瓶，一瓶不到十块，九块九毛七。"),
    ("H1", "Twenty-nine ninety for the three, nine ninety-seven each."),
])
def test_a_share_of_a_said_total_is_no_price(verifier, sku, text):
    assert findings(verifier, sku, text) == []


@pytest.mark.parametrize("sku, text, span", [
    ("Y1", "Forty-five for twelve cups is four seventy-five a cup.", "four seventy-five"),  # 3.75
    ("H1", "二十九块九三瓶，一瓶不到十块，八块九毛七。", "八块九毛七"),  # 9.97
    ("M1", "三盒三十支三十八块七，一支一块九毛九。", "一块九毛九"),  # 1.29
    ("L1", "标签纸三卷十八米二十三块九，算下来一米才一毛三。", "一毛三"),  # 1.33: 十八 is no 1 and a count of 8
])
def test_a_wrong_share_is_still_found(verifier, sku, text, span):
    assert any(kind == "wrong_price" and span in said for kind, said in findings(verifier, sku, text))
