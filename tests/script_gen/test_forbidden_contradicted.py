"""A contradiction of the KB on the very matter a merchant's forbidden sentence names is that forbidden claim too:
套着直接微波 against 微波加热：不可 is what 不得宣称可微波加热 forbids, however the host words it."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2029, 1, 26, 14, 20)

KB = {"skus": [
    {"sku_id": "W1", "title": "净裹 PE保鲜膜套 100只", "brand": "净裹", "category": "家居/保鲜膜", "price": 12.9,
     "attributes": [{"key": "微波加热", "value": "不可"}, {"key": "材质", "value": "PE"}],
     "forbidden_claims": ["不得宣称可微波加热", "不得宣称可反复使用"]},
]}


def kinds(verifier, text):
    return sorted(f.kind for f in verifier.verify(text, "W1", AT))


@pytest.mark.parametrize("text, flagged", [
    ("套着直接微波。", ["contradiction", "forbidden_claim"]),
    ("套着放冰箱，不能微波。", []),
])
def test_a_contradiction_on_a_forbidden_matter_is_that_forbidden_claim(verifier, text, flagged):
    assert kinds(verifier, text) == flagged
