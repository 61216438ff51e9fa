"""A forbidden claim said denied is no claim: 不 right before its verb (这个不矫正散光), or the verb said unable after
it (淡化不了, 代替不了); 不用 and 不需 still say the product does away with something (就不用穿救生衣了)."""

from datetime import datetime

import pytest

AT = datetime(2029, 3, 2, 20, 0)
KB = {"skus": [
    {"sku_id": "G1", "title": "澄镜 泳镜", "brand": "澄镜", "category": "运动/泳镜", "price": 69,
     "forbidden_claims": ["不得宣称矫正散光", "不得宣称可以代替近视眼镜"]},
    {"sku_id": "C1", "title": "遮瑕 粉底棒", "brand": "遮瑕", "category": "美妆/粉底", "price": 129,
     "forbidden_claims": ["不得宣称淡化痘印或祛斑"]},
]}


def forbidden(verifier, sku, text):
    return [f.text for f in verifier.verify(text, sku, AT) if f.kind == "forbidden_claim"]


@pytest.mark.parametrize("sku, text", [
    ("G1", "说清楚，这个不矫正散光。"),
    ("C1", "痘印它只能遮一下，淡化不了。"),
    ("G1", "平时戴的近视眼镜它代替不了。"),
])
def test_a_forbidden_claim_said_denied_is_no_finding(verifier, sku, text):
    assert forbidden(verifier, sku, text) == [], text


@pytest.mark.parametrize("sku, text", [
    ("G1", "戴上它散光都矫正了。"),
    ("G1", "戴上它就不用戴近视眼镜了。"),
    ("C1", "用一个月痘印就淡化了。"),
])
def test_the_same_claims_said_outright_are_still_found(verifier, sku, text):
    assert forbidden(verifier, sku, text), text
