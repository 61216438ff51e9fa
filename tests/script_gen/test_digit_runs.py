"""A number said digit by digit that is a value the attributes state (足金九九九, nine nine nine of 999‰ gold) is that
value, not a price; the same run that no attribute states stays a price."""

from datetime import datetime

import pytest

AT = datetime(2030, 5, 12, 13, 10)
KB = {"skus": [
    {"sku_id": "J1", "title": "环霁 足金素圈戒指", "brand": "环霁", "category": "珠宝/戒指", "price": 2180,
     "attributes": [{"key": "成色", "value": "999", "unit": "‰"}, {"key": "克重", "value": "3.0", "unit": "g"}]},
]}


@pytest.mark.parametrize("text, flagged", [
    ("足金的，三克，九九九。", False),
    ("Pure gold band, about three grams, nine nine nine, twenty-one eighty.", False),
    ("到手价二七九。", True),  # a price no offer has
])
def test_a_digit_run_the_attributes_state_is_no_price(verifier, text, flagged):
    assert any(f.kind == "wrong_price" for f in verifier.verify(text, "J1", AT)) is flagged, text
