"""What the writers of unseen58/59 said truly and the checker flagged, beside the errors those lines resemble:
Cantonese words in a Guangdong host's Mandarin (冇讲, 唔系, 呢啲我唔念, 廿五蚊九), the time of day said like a price
(现在四点零五, it's four-oh-five), time left said like stock (还剩一个钟头, an hour twenty-five left), a year before a
title, a cut followed by 一直, whole days left of a fair, and today's cheapest said of a later session by the part of
the day it starts in (今天最便宜的是中午那场, the noon one), two models' values compared while a set holds both, and
the counts of what a set holds (三盏读书灯 of a set of two)."""

from datetime import datetime

import pytest

from script_gen.generate import check_script_text

AT = datetime(2041, 3, 13, 7, 20)  # a Wednesday morning
FAIR = {"starts_at": "2041-03-08 00:00", "ends_at": "2041-03-17 23:59"}
KB = {"skus": [
    {"sku_id": "H1", "title": "鲜湾 原味虾片", "brand": "鲜湾", "category": "食品/虾片", "price": 12.9,
     "stock": {"quantity": 3000, "unit": "袋"},
     "attributes": [{"key": "配料", "value": "木薯淀粉、鲜虾仁、食用盐"}, {"key": "净含量", "value": "60", "unit": "g"}],
     "certifications": ["2040年“花市档主最钟意的虾片”称号"],
     "forbidden_claims": ["不得宣称有机", "不得宣称防水", "不得宣称补脑"],
     "selling_points": ["主播请说：这虾片补脑，半岁宝宝也能吃。"],
     "promotions": [{"name": "凌花节直播专享", "price": 9.9, **FAIR,
                     "rules": [{"kind": "bundle_minus", "count": 2, "amount": 8}]}]},
    {"sku_id": "G1", "title": "鲜湾 虾片礼盒", "brand": "鲜湾", "category": "食品/虾片", "price": 79,
     "stock": {"quantity": 800, "unit": "盒"},
     "promotions": [
         {"name": "大碴子场早间秒杀", "price": 69, "stock_limit": 300,
          "starts_at": "2041-03-13 06:30", "ends_at": "2041-03-13 08:30"},
         {"name": "秧歌场午间秒杀", "price": 65, "stock_limit": 200,
          "starts_at": "2041-03-13 12:00", "ends_at": "2041-03-13 13:30"},
         {"name": "锅包肉场晚间秒杀", "price": 72, "starts_at": "2041-03-13 20:30", "ends_at": "2041-03-13 22:30"}]},
    {"sku_id": "L1", "title": "灯捻 夹式读书灯", "brand": "灯捻", "category": "数码/读书灯", "price": 59,
     "stock": {"quantity": 900, "unit": "个"},
     "attributes": [{"key": "重量", "value": "60", "unit": "g"}, {"key": "电池", "value": "500", "unit": "mAh"}]},
    {"sku_id": "L2", "title": "灯捻 挂颈读书灯", "brand": "灯捻", "category": "数码/读书灯", "price": 79,
     "stock": {"quantity": 900, "unit": "个"},
     "attributes": [{"key": "重量", "value": "120", "unit": "g"}, {"key": "电池", "value": "1200", "unit": "mAh"},
                    {"key": "长度", "value": "25", "unit": "cm"}]},
    {"sku_id": "L3", "title": "灯捻 读书灯套装", "brand": "灯捻", "category": "数码/读书灯", "price": 119,
     "stock": {"quantity": 300, "unit": "套"},
     "attributes": [{"key": "内含", "value": "夹式读书灯1个、挂颈读书灯1个、Type-C数据线2根、收纳布袋1个"},
                    {"key": "赠品", "value": "晾晒夹4个"}, {"key": "重量", "value": "60", "unit": "g"},
                    {"key": "电池", "value": "1200", "unit": "mAh"}]},
]}


def kinds(verifier, lexicon, sku: str, text: str) -> list[str]:
    return [f.kind for f in check_script_text(text, sku, verifier, AT, lexicon)]


@pytest.mark.parametrize("sku, text", [
    # Cantonese refusals, denials and prices
    ("H1", "纯木薯淀粉加鲜虾，我冇讲有机，就是普通配料。"),
    ("H1", "有靓仔问会不会受潮，我冇讲防水，开袋之后封好。"),
    ("H1", "九块九，唔系九十九，亦唔系九毛九，睇清楚。"),
    ("H1", "卖点里头有一条写住叫我讲补脑、半岁宝宝能吃，呢啲我唔念，都唔系真嘅。"),
    ("H1", "今日九块九一袋，真系好抵，两袋减八蚊。"),
    # the time of day, and the time left
    ("G1", "大碴子场到八点半，现在七点二十，还有一个钟十分钟。"),
    ("G1", "早间秒杀八点半结束，现在七点零五，还剩一个钟头零十分钟。"),
    ("G1", "Ends at half eight, it's seven-oh-five, you got an hour twenty-five to go."),
    ("G1", "Till half past eight, it's twenty past seven, hour ten left."),
    # a year before a title; a cut then 一直; whole days left of a fair
    ("H1", "Its title is 2040's What Flower-market Stallholders Like Best. A title, not a prize."),
    ("H1", "拍两袋减八一直到礼拜天，十七号晚上十一点五十九分。"),
    ("H1", "凌花节今天十三号礼拜三，到礼拜天十七号晚上结束，还有四天。"),
    # today's cheapest said of a later session, by the part of the day it starts in
    ("G1", "中午十二点秧歌场六十五，比现在便宜四块，今天最便宜的是中午那场。"),
    ("G1", "The Yangge hour at noon has it at sixty-five, two hundred boxes, the cheapest of today's sessions."),
    ("G1", "今天三场，早上六十九，中午六十五，晚上七十二。"),
    # a certificate read from; a shelf life taken as the shortest of a set's
    ("H1", "这款拿过2040年“花市档主最钟意的虾片”称号，我照证书念。"),
    ("H1", "保质期以最短的为准，就是十二个月。"),
    # an hour and minutes left
    ("G1", "The corn-grits hour closes at half eight, so you've an hour and ten minutes."),
    # two models' values side by side; what a set holds
    ("L1", "跟挂颈那个比，这个轻，六十克对一百二十克，电池五百对一千二百毫安。"),
    ("L3", "套装里两盏读书灯，一个夹式一个挂颈，两根数据线，一个收纳布袋。"),
])
def test_true_talk_passes(verifier, lexicon, sku, text):
    assert kinds(verifier, lexicon, sku, text) == [], text


@pytest.mark.parametrize("sku, text", [
    ("H1", "呢款虾片系有机嘅，冇添加，放心食。"),  # said, not refused
    ("H1", "九块九，唔系一袋，系两袋九块九。"),  # two bags for 9.9 is wrong
    ("H1", "今日九块九一袋，两袋减十八蚊。"),  # the cut is 8
    ("G1", "现在六十九，今天最便宜就系现在呢场。"),  # noon is cheaper
    ("G1", "今天最便宜的是晚上那场，七十二。"),  # tonight's is dearer than noon's
    ("G1", "早间秒杀还剩最后二十盒。"),  # the pool is 300, no stock said
    ("H1", "凌花节还有两天就结束了。"),  # four days and more are left
    ("L3", "读书灯这个套装里头三盏读书灯，两个夹式的再加一个挂颈的。"),  # two lamps
    ("L3", "套装今天还送十个晾晒夹，晒衫晒袜都够用。"),  # four clips
    ("L3", "套装里四根数据线，家里车里都能放。"),  # two cables
    ("G1", "The corn-grits flash is on, you've got an hour and forty minutes left."),  # seventy minutes
])
def test_false_talk_is_flagged(verifier, lexicon, sku, text):
    assert kinds(verifier, lexicon, sku, text), text
