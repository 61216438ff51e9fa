"""A value said of one whole pack (一整瓶才十二毫克) compares with the KB's rate times the pack's amount, not with the
amount the rate states per 100 mL."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "M1", "title": "晨光高钙牛奶250mL×12盒", "brand": "晨光", "category": "食品/乳品", "price": 59,
     "stock": {"quantity": 500, "unit": "箱"},
     "attributes": [{"key": "规格", "value": "250mL"}, {"key": "钙", "value": "100mg/100mL"}]},
    {"sku_id": "R1", "title": "素笺卷纸10卷", "brand": "素笺", "category": "家居/卷纸", "price": 35.9,
     "stock": {"quantity": 900, "unit": "提"}, "attributes": [{"key": "每提", "value": "10", "unit": "卷"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "M1", AT)]


@pytest.mark.parametrize("text", ["一盒里面钙有二百五十毫克。", "每一百毫升钙一百毫克。"])
def test_the_packs_amount_and_the_rate_pass(verifier, text):
    assert kinds(verifier, text) == []


def test_the_rates_amount_said_of_the_whole_pack_is_found(verifier):
    assert [k for k, _ in kinds(verifier, "一整盒钙才一百毫克。")] == ["contradiction"]


@pytest.mark.parametrize("text, flagged", [
    ("家里人多的拿三提，三十卷纸。", []),  # the packs said (提) times what one holds
    ("公司拍了二十提，两百卷够用一个季度。", []),  # a count of packs past six
    ("拿三提，三十五卷纸。", ["contradiction"]),
])
def test_packs_said_times_what_one_holds(verifier, text, flagged):
    assert [f.kind for f in verifier.verify(text, "R1", AT)] == flagged
