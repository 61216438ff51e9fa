"""A sibling named in one clause is carried on to the next clauses of its sentence, a guess that the host's turn
back to this SKU can prove wrong: a value only the carried sibling's facts deny, and this SKU's own facts back,
is no finding; a value the sibling's own clause names stays checked against the sibling."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "P1", "title": "光影投影仪Q5", "brand": "光影", "category": "数码/投影仪", "price": 1999,
     "attributes": [{"key": "亮度", "value": "300流明"}, {"key": "噪音", "value": "30dB"},
                    {"key": "最大投影尺寸", "value": "100英寸"}]},
    {"sku_id": "P2", "title": "光影投影仪Q5 Max", "brand": "光影", "category": "数码/投影仪", "price": 2999,
     "attributes": [{"key": "亮度", "value": "500流明"}, {"key": "噪音", "value": "34dB"},
                    {"key": "最大投影尺寸", "value": "150英寸"}]},
]}


def spans(verifier, sku_id, text):
    return [f.text for f in verifier.verify(text, sku_id, AT)]


def test_this_skus_value_after_a_sibling_clause_is_no_finding(verifier):
    assert spans(verifier, "P2", "Max五百流明，Q5最大一百寸，声音稍微大一点，三十四分贝。") == []


@pytest.mark.parametrize("text,span", [
    ("Max五百流明，Q5最大一百寸，声音稍微大一点，三十八分贝。", "三十八分贝"),  # neither SKU's value
    ("Max五百流明，Q5是三十四分贝。", "三十四分贝"),                                        # said in the sibling's own clause
])
def test_values_neither_reading_backs_are_still_found(verifier, text, span):
    assert span in spans(verifier, "P2", text)
