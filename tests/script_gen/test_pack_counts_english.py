"""How many a pack holds said in English (ten caps a box, fifty patches in every box) against an attribute keyed per
pack (每盒片数：5片); a difference said per box (three less a box) is no count."""

from datetime import datetime

import pytest

AT = datetime(2030, 3, 13, 9, 20)
KB = {"skus": [
    {"sku_id": "H1", "title": "思朴 发膜帽", "brand": "思朴", "category": "个护/发膜", "price": 59,
     "stock": {"quantity": 300, "unit": "盒"},
     "attributes": [{"key": "每盒片数", "value": "5", "unit": "片"}]},
]}


@pytest.mark.parametrize("text, flagged", [
    ("Ten caps a box.", True),
    ("Fifty caps in every box.", True),
    ("Five caps a box, one a week.", False),
    ("It was sixty-nine this morning; three less a box now.", False),
])
def test_an_english_count_per_pack_is_held_against_the_per_pack_attribute(verifier, text, flagged):
    assert any(f.kind == "contradiction" for f in verifier.verify(text, "H1", AT)) is flagged, text
