"""What a host takes back on air is no claim: a value corrected in the next clause (线长三米，不是，一米五 / fifty
metres, no, a hundred) and a price said only to be denied (不是一块八毛九). The value put in its place is checked."""

from datetime import datetime

import pytest

from script_gen.retractions import retracted

AT = datetime(2031, 9, 18, 21, 40)
KB = {"skus": [
    {"sku_id": "R1", "title": "悠转单轮空竹", "brand": "悠转", "category": "运动/空竹", "price": 36.9,
     "attributes": [{"key": "线长", "value": "1.5", "unit": "m"}, {"key": "承重", "value": "5", "unit": "kg"},
                    {"key": "重量", "value": "480", "unit": "g"}, {"key": "保质期", "value": "9", "unit": "个月"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "R1", AT)]


@pytest.mark.parametrize("text", [
    "线长三米，不是，一米五，一米五的线。",
    "承重十公斤，说错了，五公斤。",
    "保质期十二个月，不对，这个是九个月。",
    "It weighs eight hundred grams, no wait, four hundred eighty.",
    "A three metre string, sorry, one point five metres.",
    "三十六块九毛，跟你们说清楚，不是三块六毛九。",
    "三十六块九毛一个，不是三十九块九。",
])
def test_a_value_taken_back_or_denied_is_no_claim(verifier, text):
    assert kinds(verifier, text) == []


@pytest.mark.parametrize("text, wrong", [
    ("线长三米，不是，两米五。", "两米五"),  # the value put in its place is still checked
    ("It weighs eight hundred grams, no wait, six hundred grams.", "six hundred grams"),
    ("线长三米，一米五的线。", "三米"),  # no correction between them: both are claims
])
def test_the_value_that_replaces_it_is_checked(verifier, text, wrong):
    assert [t for _, t in kinds(verifier, text)] == [wrong]


def test_a_correction_needs_a_value_after_it():
    assert retracted("线长3米,不是,我说的是另一款。") == []
    assert retracted("500 watts, no, 300 watts.") == [(0, 9)]
    assert retracted("每个都不是1.89元") == [(5, 10)]
