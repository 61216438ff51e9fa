"""Platform metric exports: the documented headers of each console, numbers as consoles write them,
every bad row reported, nothing kept from a bad file."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from core.errors import InputError
from learn.metrics import MetricsRejected, parse_metrics

DOUYIN = """时间,实时在线人数,新增粉丝数,商品点击次数,成交订单数,成交金额(元)
2026-12-01 20:00,"1,200",5,40,3,297.00
2026-12-01 20:01,1.5万,7,55,4,¥396
2026-12-01 20:02,1300,-,38,0,0
"""


def test_a_douyin_export_with_chinese_headers_and_console_numbers():
    m = parse_metrics(DOUYIN.encode("utf-8-sig"))
    assert m.platform == "douyin"
    assert m.columns["viewers"] == "实时在线人数" and m.columns["gmv"] == "成交金额(元)"
    first, second, third = m.rows
    assert first.at == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)  # Beijing wall clock -> UTC
    assert (first.viewers, first.clicks, first.orders, first.gmv) == (1200, 40, 3, 297.0)
    assert second.viewers == 15000 and second.gmv == 396.0
    assert third.new_followers == 0 and third.orders == 0


def test_taobao_live_in_gbk_with_clock_times_and_kuaishou_and_english():
    taobao = "时间,在线人数,宝贝点击次数,成交笔数,成交金额\n20:00,800,12,1,59\n20:01,820,9,0,0\n".encode("gb18030")
    m = parse_metrics(taobao, day=date(2026, 12, 2))
    assert m.platform == "taobao" and m.rows[1].at == datetime(2026, 12, 2, 12, 1, tzinfo=UTC)
    kuaishou = "时间,在线人数,涨粉数,商品点击数,订单数,GMV\n2026-12-03T21:00:00+08:00,500,3,20,2,118\n"
    assert parse_metrics(kuaishou.encode()).platform == "kuaishou"
    english = "minute,viewers,new_followers,product_clicks,orders,gmv\n2026-12-03 13:00:00+00:00,90,0,4,1,20\n"
    m = parse_metrics(english.encode())
    assert m.platform == "generic" and m.rows[0].at == datetime(2026, 12, 3, 13, 0, tzinfo=UTC)


def test_every_bad_row_is_named_and_nothing_is_kept():
    bad = """时间,在线人数,商品点击次数,成交订单数,成交金额
2026-12-01 20:00,1000,10,1,10
2026-12-01 20:01,lots,10,1,10
2026-12-01 20:02,1000,10,-3,10
yesterday,1000,10,1,10
2026-12-01 20:00,1000,10,1,10
2026-12-01 20:04,1000,10,1,inf
"""
    with pytest.raises(MetricsRejected) as err:
        parse_metrics(bad.encode())
    issues = [(i["line"], i["column"]) for i in err.value.details["issues"]]
    assert issues == [(3, "在线人数"), (4, "成交订单数"), (5, "时间"), (6, "时间"), (7, "成交金额")]
    assert err.value.details["issue_count"] == 5
    assert "appears twice" in err.value.details["issues"][3]["message"]


def test_unusable_files_are_refused_with_the_reason():
    with pytest.raises(InputError, match="lacks a column for viewers"):
        parse_metrics("时间,商品点击次数\n20:00,1\n".encode())
    with pytest.raises(InputError, match="no date"):
        parse_metrics("时间,在线人数,成交订单数\n20:00,1,1\n".encode())
    with pytest.raises(InputError, match="more than 3 rows"):
        rows = "".join(f"2026-12-01 20:{m:02d},1,1\n" for m in range(10))
        parse_metrics(("时间,在线人数,成交订单数\n" + rows).encode(), max_rows=3)
    with pytest.raises(InputError, match="neither UTF-8"):
        parse_metrics(b"\xff\xfe\x00\x81\x30\x81\x30\xff")
