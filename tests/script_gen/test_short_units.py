"""Units written short: a KB unit with the thing it measures after it (5000mAh锂电池) is still mAh, and a size's
bare side after a side in metres (一米八三乘八十) may be in centimetres, as the metres were spoken in them; 钟头 is an
hour. 日常 is everyday, not a day (一百二十九日常价), and a letter set apart from its number with a word after it
is an article (thirty-five a box), not amperes."""

from datetime import datetime

import pytest


AT = datetime(2026, 6, 1, 20, 0)
KB = {"skus": [
    {"sku_id": "L1", "title": "安居智能门锁", "brand": "安居", "category": "家居/门锁", "price": 999,
     "attributes": [{"key": "电池", "value": "6000", "unit": "mAh锂电池"}, {"key": "续航", "value": "6个月"}]},
    {"sku_id": "Y1", "title": "柔力瑜伽垫", "brand": "柔力", "category": "运动/瑜伽垫", "price": 89,
     "attributes": [{"key": "尺寸", "value": "185×65cm"}, {"key": "厚度", "value": "6mm"}]},
    {"sku_id": "P1", "title": "学研点读笔", "brand": "学研", "category": "数码/点读笔", "price": 299,
     "attributes": [{"key": "续航", "value": "约6", "unit": "小时"}]},
    {"sku_id": "C2", "title": "途充 旅行充电器", "brand": "途充", "category": "数码/充电器", "price": 129,
     "attributes": [{"key": "输出电流", "value": "3", "unit": "A"}, {"key": "充满时间", "value": "2", "unit": "小时"}]},
]}


def spans(verifier, sku_id, text):
    return [f.text for f in verifier.verify(text, sku_id, AT)]


@pytest.mark.parametrize("sku_id,text", [
    ("L1", "里面是六千毫安的锂电池，半年充一次。"),
    ("Y1", "一米八五乘六十五，个子高的也够躺。"),
    ("P1", "一次充满能用六个钟头左右。"),  # 钟头 is the spoken hour
    ("C2", "这个充电器一百二十九日常价，三安的电流，两个小时充满。"),
    ("C2", "It's one twenty-nine, three amps out, two hours to a full charge, a hundred twenty-nine a box."),
])
def test_short_units_read_as_the_kb_states_them(verifier, sku_id, text):
    assert spans(verifier, sku_id, text) == []


@pytest.mark.parametrize("sku_id,text,span", [
    ("L1", "里面是八千毫安的锂电池，半年充一次。", "八千毫安"),
    ("Y1", "一米八五乘八十，个子高的也够躺。", "一米八五乘八十"),
    ("P1", "一次充满能用十个钟头。", "一次充满能用十个钟头"),
    ("C2", "It gives five A out, so it charges fast.", "five A"),
])
def test_other_values_are_still_found(verifier, sku_id, text, span):
    assert span in spans(verifier, sku_id, text)
