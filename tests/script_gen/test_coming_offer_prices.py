"""A price two offers share (an ended one and a coming one) is right when said as the coming offer's, by its name
or by its start (夜场开始以后); 以后 after an offer's start is that offer's time, not the everyday price's."""

from datetime import datetime

import pytest

from script_gen.claims import extract_claims
from script_gen.normalize import normalize
from script_gen.units import builtin_units


AT = datetime(2026, 12, 27, 20, 0)
KB = {"skus": [
    {"sku_id": "B1", "title": "灶好静音破壁机", "brand": "灶好", "category": "厨房电器/破壁机", "price": 799,
     "promotions": [
         {"name": "十一点夜宵场", "price": 699, "starts_at": "2026-12-27T23:00:00", "ends_at": "2026-12-27T23:59:00"},
         {"name": "圣诞专场", "price": 699, "starts_at": "2026-12-24T00:00:00", "ends_at": "2026-12-25T23:59:00"}]},
]}


def kinds(verifier, text):
    return [(f.kind, f.text) for f in verifier.verify(text, "B1", AT)]


@pytest.mark.parametrize("text", [
    "今天七百九十九，十一点夜宵场六百九十九，十一点整开始。",
    "现在七百九十九一台，夜宵场开始以后六百九十九一台。",
])
def test_a_coming_offers_price_said_as_coming_passes(verifier, text):
    assert kinds(verifier, text) == []


def test_the_shared_price_said_as_todays_is_still_found(verifier):
    assert [k for k, _ in kinds(verifier, "现在直接六百九十九，拍就行。")] in (["expired_offer"], ["wrong_price"])


@pytest.mark.parametrize("text", [
    "夜宵场五百九十九。",  # a session named before a bare price: its price is 699
    "圣诞节五百九十九。",
])
def test_a_session_or_festival_named_before_a_wrong_bare_price_is_found(verifier, text):
    assert [k for k, _ in kinds(verifier, text)] == ["wrong_price"], text


@pytest.mark.parametrize("text", [
    "夜宵场六百九十九。",
    "视场一百三，出瞳距离十八毫米。",  # 场 of a field of view names no session
])
def test_a_bare_price_after_a_session_word_that_is_right_or_no_price_passes(verifier, text):
    assert [k for k, _ in kinds(verifier, text) if k == "wrong_price"] == [], text


def test_a_price_with_decimals_before_an_unlisted_measure_word_is_never_cut_at_its_point():
    norm = normalize("年货节15.9一卷，第二卷半价。", builtin_units())
    assert [c.value for c in extract_claims(norm, builtin_units()) if c.kind == "money"] in ([], [15.9])
