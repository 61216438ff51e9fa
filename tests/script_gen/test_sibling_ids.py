"""A sibling named by the number of its id (拍二二一, take the two-two-one, 二二二号): its values said in that clause are
its own, not this SKU's; a number said digit by digit in English (two-two-one) is that number, never their sum."""

from datetime import datetime

import pytest

from script_gen.normalize import normalize

AT = datetime(2029, 3, 2, 20, 0)
KB = {"skus": [
    {"sku_id": "CRT-221", "title": "宠行 硬壳航空箱 大号", "brand": "宠行", "category": "宠物/航空箱", "price": 189,
     "attributes": [{"key": "适用体重", "value": "10", "unit": "kg"}]},
    {"sku_id": "CRT-222", "title": "宠行 折叠软包 小号", "brand": "宠行", "category": "宠物/航空箱", "price": 129,
     "attributes": [{"key": "适用体重", "value": "6", "unit": "kg"}]},
]}


def test_english_digits_said_one_by_one_are_one_number():
    assert normalize("take the two-two-one").text == "take the 221"
    assert normalize("one one nine a box").text == "119 a box"


@pytest.mark.parametrize("text", [
    "狗大一点的拍二二一，十公斤以内。",
    "Bigger dog? Take the two-two-one, up to ten kilos.",
    "大狗看二二一号，十公斤以内；这个六公斤以内。",
])
def test_a_siblings_value_said_after_its_id_is_the_siblings(verifier, text):
    assert [f.kind for f in verifier.verify(text, "CRT-222", AT)] == [], text


def test_this_skus_wrong_value_is_still_found_without_the_id(verifier):
    assert verifier.verify("这个软包十公斤以内都能装。", "CRT-222", AT)
