"""A merchant's forbidden claim is about its own SKU: a clause about a sibling (写小字去拿狼毫那支) may say what this
one must not, while the same words said of this SKU (这支也是狼毫的) are still flagged."""

from datetime import datetime

import pytest

AT = datetime(2028, 12, 12, 19, 40)

KB = {"skus": [
    {"sku_id": "M1", "title": "墨林纯羊毫中楷毛笔", "brand": "墨林", "category": "文具/毛笔", "price": 39,
     "forbidden_claims": ["不得宣称狼毫或兼毫"]},
    {"sku_id": "M2", "title": "墨林纯狼毫小楷毛笔", "brand": "墨林", "category": "文具/毛笔", "price": 49},
    {"sku_id": "M3", "title": "墨林兼毫大楷毛笔", "brand": "墨林", "category": "文具/毛笔", "price": 68},
    # a sibling whose title differs by more than the word hosts name it by (无铅水晶红酒杯 against 白酒杯: 红酒)
    {"sku_id": "G1", "title": "琥觞高硼硅白酒杯6只", "brand": "琥觞", "category": "家居/酒杯", "price": 45,
     "forbidden_claims": ["不得宣称水晶材质"]},
    {"sku_id": "G2", "title": "琥觞无铅水晶红酒杯2只", "brand": "琥觞", "category": "家居/酒杯", "price": 119},
]}


def forbidden(verifier, text):
    return [f.text for f in verifier.verify(text, "M1", AT) if f.kind == "forbidden_claim"]


@pytest.mark.parametrize("text, flagged", [
    ("这支是纯羊毫，写小字去拿狼毫那支，写大字拿兼毫的。", []),
    ("这支也是狼毫的，弹性好。", ["狼毫"]),
])
def test_a_forbidden_feature_said_of_a_sibling_is_not_said_of_this_sku(verifier, text, flagged):
    assert forbidden(verifier, text) == flagged


@pytest.mark.parametrize("text, flagged", [
    ("这套是水晶杯，透亮。", ["水晶"]),  # 水晶材质: the material is what is said, 材质 need not be
    ("水晶材质的，敲起来脆。", ["水晶材质"]),
    ("这套不是水晶的，水晶是红酒杯那个，这个是高硼硅。", []),  # 红酒杯 names the sibling
])
def test_a_forbidden_material_is_said_by_its_name_and_not_of_a_sibling(verifier, text, flagged):
    assert [f.text for f in verifier.verify(text, "G1", AT) if f.kind == "forbidden_claim"] == flagged
