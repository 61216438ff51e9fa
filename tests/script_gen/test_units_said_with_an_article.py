"""One of a unit said with an article in English (a full pound of tea, about a pound, half a pound, a foot long) is a
quantity, held against the KB as loosely as "about" and the rounding allow; a share of a unit (a pound and a quarter,
a tenth of a kilo, half a kilo an hour) is not one unit."""

from datetime import datetime

import pytest

AT = datetime(2030, 5, 12, 13, 10)
KB = {"skus": [
    {"sku_id": "T1", "title": "雾芽 碧螺春 200g", "brand": "雾芽", "category": "食品/茶叶", "price": 79,
     "attributes": [{"key": "净含量", "value": "200", "unit": "g"}]},
    {"sku_id": "T2", "title": "雾芽 龙井 500g", "brand": "雾芽", "category": "食品/茶叶", "price": 238,
     "attributes": [{"key": "净含量", "value": "500", "unit": "g"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT)]


@pytest.mark.parametrize("sku, text, found", [
    ("T1", "That's a full pound of tea in every tin.", ["other_sku"]),  # 200 g; about a pound is the 500 g tin
    ("T1", "About half a pound, seven ounces.", []),
    ("T2", "Five hundred grams, that's about a pound.", []),
    ("T2", "Five hundred grams, about a pound and a tenth.", []),
    ("T2", "Half a pound of leaf in the tin.", ["other_sku"]),  # about the 200 g tin
])
def test_one_unit_said_with_an_article_is_a_quantity(verifier, sku, text, found):
    assert kinds(verifier, sku, text) == found, text
