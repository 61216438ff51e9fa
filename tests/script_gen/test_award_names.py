"""An award said by its name is this SKU's even where a word of the name is a sibling's mark (首届岭南腊味节 holds 腊味,
a word of the 腊味礼盒's title), and a grade above gold (特等奖) is a grade the KB's gold award lacks."""

from datetime import datetime

import pytest

AT = datetime(2029, 1, 26, 14, 20)

KB = {"skus": [
    {"sku_id": "G1", "title": "甘埠广式腊肠 酒香型 500g", "brand": "甘埠", "category": "食品/腊味", "price": 118,
     "selling_points": ["荣获“首届岭南腊味节”金奖"], "certifications": ["首届岭南腊味节金奖证书"]},
    {"sku_id": "G2", "title": "甘埠腊味礼盒 1kg", "brand": "甘埠", "category": "食品/腊味", "price": 198},
]}


@pytest.mark.parametrize("text, flagged", [
    ("这款拿了首届岭南腊味节银奖。", ["contradiction"]),
    ("这款拿了首届岭南腊味节特等奖。", ["contradiction"]),
    ("这款拿了首届岭南腊味节金奖。", []),
])
def test_an_award_said_by_its_name_is_held_against_the_kbs_grade(verifier, text, flagged):
    assert [f.kind for f in verifier.verify(text, "G1", AT)] == flagged
