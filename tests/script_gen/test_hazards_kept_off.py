"""A merchant's forbidden ward (不得宣称驱蚊, 防滑防摔, 抗台风, 防雷击, 预防中暑) is broken by the hazard said to be kept
off in the host's words (蚊子都不敢进屋, 再也不会摔, 台风天都吹不翻, 不怕雷, 保你不中暑); not where the hazard is only
named, denied, or water (水洗不掉色 says nothing of 防水), nor where only the absolute is forbidden (百分之百防晒). In
English the hazard is named by a dictionary sense before the words that keep it off (mosquitoes stay out)."""

from datetime import datetime

import pytest


AT = datetime(2032, 8, 14, 7, 10)

KB = {"skus": [
    {"sku_id": "SWAT", "title": "啪得 竹柄苍蝇拍", "brand": "啪得", "category": "家居/苍蝇拍", "price": 9.9,
     "forbidden_claims": ["不得宣称驱蚊", "不得宣称防水"]},
    {"sku_id": "MAT", "title": "稳稳 浴室防滑垫", "brand": "稳稳", "category": "家居/浴室垫", "price": 39,
     "forbidden_claims": ["不得宣称防滑防摔"]},
    {"sku_id": "UMB", "title": "晴雨 折叠伞", "brand": "晴雨", "category": "雨具/雨伞", "price": 59,
     "forbidden_claims": ["不得宣称抗台风", "不得宣称防雷击", "不得宣称百分之百防晒"]},
    {"sku_id": "HAT", "title": "竹影 斗笠", "brand": "竹影", "category": "服饰/帽子", "price": 49,
     "forbidden_claims": ["不得宣称预防中暑"]},
]}


@pytest.mark.parametrize("sku, text", [
    ("SWAT", "挂在门口，蚊子都不敢进屋。"),
    ("MAT", "老人洗澡再也不会摔。"),
    ("UMB", "台风天都吹不翻。"),
    ("UMB", "打着它也不怕雷。"),
    ("HAT", "戴上它保你不中暑。"),
    ("SWAT", "Hang it by the door and mosquitoes stay out."),
])
def test_a_hazard_said_kept_off_breaks_the_forbidden_ward(forbidden, sku, text):
    assert forbidden(text, sku)


@pytest.mark.parametrize("sku, text", [
    ("SWAT", "蚊子多的时候拍一拍就行。"),          # the hazard only named
    ("SWAT", "竹柄水洗不掉色。"),                  # water is no hazard ward here
    ("MAT", "不是说就不会摔，老人还是要扶着。"),    # denied
    ("UMB", "不再晒就不疼了。"),                    # only the absolute 防晒 is forbidden
    ("SWAT", "It doesn't keep mosquitoes away, it swats them."),  # the keeping off denied
    ("SWAT", "The wind stays out and the mosquitoes get swatted."),
])
def test_a_hazard_named_denied_or_not_forbidden_is_no_claim(forbidden, sku, text):
    assert forbidden(text, sku) == []
