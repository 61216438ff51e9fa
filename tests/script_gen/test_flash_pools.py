"""A flash pool said of the running flash is its stock limit: a count that is only a part of the limit's digits (五十台
of 限量150台, 五百盒 of 1500盒) is another count, not the KB's own."""

from datetime import datetime

import pytest

AT = datetime(2030, 3, 13, 9, 20)
KB = {"skus": [
    {"sku_id": "F1", "title": "蕲艾 艾灸贴", "brand": "蕲艾", "category": "保健/艾灸贴", "price": 39,
     "stock": {"quantity": 5000, "unit": "盒"},
     "promotions": [{"name": "早八秒杀", "price": 29.9, "stock_limit": 1500,
                     "starts_at": "2030-03-13 09:00", "ends_at": "2030-03-13 10:00"}]},
]}


@pytest.mark.parametrize("text, flagged", [
    ("秒杀五百盒。", True),
    ("秒杀一千五百盒，手慢无。", False),
    ("Only five hundred boxes in this flash.", True),
])
def test_a_pool_inside_the_limits_digits_is_another_count(verifier, text, flagged):
    assert any(f.kind == "fake_scarcity" for f in verifier.verify(text, "F1", AT)) is flagged, text
