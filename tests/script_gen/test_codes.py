"""Graded spec codes: a different grade of a family the KB grades is a contradiction."""

from datetime import datetime

import pytest

from script_gen.codes import codes, grades

AT = datetime(2026, 12, 5, 20, 0)
KB = {"skus": [
    {"sku_id": "S1", "title": "晴屿清透防晒乳", "brand": "晴屿", "category": "美妆/防晒", "price": 89,
     "attributes": [{"key": "防晒指数", "value": "SPF30 PA+++"}, {"key": "容量", "value": "40mL"}]},
    {"sku_id": "M1", "title": "远帆27英寸显示器", "brand": "远帆", "category": "数码/显示器", "price": 1299,
     "attributes": [{"key": "分辨率", "value": "2K"}, {"key": "接口", "value": "USB3.0"}, {"key": "无线", "value": "蓝牙5.0"},
                    {"key": "供电", "value": "PD 3.0 65W"}]},
]}


def test_codes_read_family_and_grade_with_k_as_lines():
    assert [(c.family, c.grade) for c in codes("spf50 pa++ ipx7 4k 1080p wi-fi 6 蓝牙5.3 usb3.2")] == [
        ("spf", "50"), ("pa", "++"), ("ip", "x7"), ("resolution", "2160"), ("resolution", "1080"),
        ("wifi", "6"), ("bluetooth", "5.3"), ("usb", "3.2")]
    assert grades("分辨率2k，2560x1440")["resolution"] == {"1440"}
    assert list(codes("这款s5音箱很好，一共2000块")) == []


@pytest.mark.parametrize("sku,text,span", [
    ("S1", "这个防晒SPF50，户外暴晒都够。", "SPF50"),
    ("S1", "PA++++的强度哦。", "PA++++"),
    ("M1", "画面是4K的，超级清楚。", "4K"),
    ("M1", "1080P的屏。", "1080P"),
    ("M1", "还有蓝牙5.3。", "蓝牙5.3"),
    ("M1", "支持QC3.0快充。", "QC3.0"),
])
def test_another_grade_of_a_stated_family_is_a_contradiction(verifier, sku, text, span):
    hits = [f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"]
    assert [f.text for f in hits] == [span]
    assert "知识库" in hits[0].reason


@pytest.mark.parametrize("sku,text", [
    ("S1", "SPF30 PA+++，日常通勤够用了。"),
    ("M1", "2K分辨率，USB3.0接口，蓝牙5.0，PD3.0供电。"),
    ("S1", "它不是SPF50，是SPF30的。"),
    ("S1", "这款是IPX4防水吗？我们没写，大家别问哈。"),  # a family the KB does not grade is not this rule's
])
def test_the_stated_grade_or_an_ungraded_family_is_clean(verifier, sku, text):
    assert [f for f in verifier.verify(text, sku, AT) if f.kind == "contradiction"] == []
