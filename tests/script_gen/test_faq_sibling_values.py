"""A value an SKU's FAQ quotes of a sibling, beside its own (这款1.5毫米，三角款2.5毫米), stays the sibling's: said of
this SKU it is the sibling's fact, whatever words the host uses; said with the words that name the sibling (三角款,
段装) it is about the sibling and claims nothing of this SKU."""

import json
from datetime import datetime

import pytest

from script_gen.kb_import import parse_json
from script_gen.verify import Verifier

AT = datetime(2029, 1, 26, 14, 20)

KB = {"skus": [
    {"sku_id": "B1", "title": "黛柳极细自动眉笔 1.5mm 双头", "brand": "黛柳", "category": "彩妆/眉笔", "price": 59,
     "attributes": [{"key": "笔芯直径", "value": "1.5", "unit": "mm"}],
     "faq": [{"question": "和三角眉笔比？", "answer": "这款1.5毫米画毛流，三角款2.5毫米填色快。"}]},
    {"sku_id": "B2", "title": "黛柳三角扁头眉笔 2.5mm", "brand": "黛柳", "category": "彩妆/眉笔", "price": 49,
     "attributes": [{"key": "笔芯直径", "value": "2.5", "unit": "mm"}]},
    {"sku_id": "E1", "title": "鳗汐蒲烧鳗鱼 整条400g", "brand": "鳗汐", "category": "食品/鳗鱼", "price": 79,
     "attributes": [{"key": "净含量", "value": "400", "unit": "g"}],
     "faq": [{"question": "整条还是段装？", "answer": "整条400克适合一家人，段装250克五段左右。"}]},
    {"sku_id": "E2", "title": "鳗汐蒲烧鳗鱼段 250g", "brand": "鳗汐", "category": "食品/鳗鱼", "price": 49,
     "attributes": [{"key": "净含量", "value": "250", "unit": "g"}]},
    # one brand's masks filed under two top-level categories, the FAQ of one comparing the other
    {"sku_id": "M1", "title": "安呼KN95防护口罩", "brand": "安呼", "category": "防护用品/口罩", "price": 39,
     "attributes": [{"key": "层数", "value": "5", "unit": "层"}],
     "faq": [{"question": "和医用外科那款比？", "answer": "医用外科三层、第二类医疗器械；这款KN95、5层、不是医用。"}]},
    {"sku_id": "M2", "title": "安呼一次性医用外科口罩", "brand": "安呼", "category": "医疗器械/口罩", "price": 19,
     "attributes": [{"key": "层数", "value": "3", "unit": "层"}]},
]}


def kinds(verifier, sku, text):
    return [f.kind for f in verifier.verify(text, sku, AT) if f.kind != "malformed"]


@pytest.mark.parametrize("sku, text, flagged", [
    ("B1", "笔芯二点五毫米。", ["other_sku"]),  # the triangle pencil's, though this SKU's FAQ says 2.5毫米
    ("B1", "笔芯一点五毫米，画毛流。", []),
    ("B1", "三角款是二点五毫米的，填色快。", []),  # said of the sibling, by the FAQ's word for it
    ("E1", "这条二百五十克。", ["other_sku"]),
    ("E1", "一两个人吃拿段装，二百五十克五段左右。", []),
])
def test_a_siblings_value_quoted_in_the_faq_is_the_siblings(verifier, sku, text, flagged):
    assert kinds(verifier, sku, text) == flagged


@pytest.mark.parametrize("sku, text, flagged", [
    ("M1", "这款口罩三层。", True),  # the surgical mask's three layers, said of the KN95
    ("M1", "KN95五层，医用外科那款三层。", False),
    ("M2", "这款五层。", True),
])
def test_one_brands_kind_of_product_under_two_categories_is_one_family(verifier, sku, text, flagged):
    assert bool(kinds(verifier, sku, text)) is flagged, text
