"""Checking a script through the library call the CLI and the API share: check time, length cap, unknown SKU."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.errors import InputError
from core.models import Merchant
from script_gen.records import kb_time
from workers.commands import kb, scripts
from workers.runtime import Runtime

OFFER = "今晚直播间到手价59元"
NOW = "现在直播间到手价59元"  # said as now: at noon, before the evening offer starts, it is no price yet


def _mug(promotions: list[dict]) -> dict:
    return {"skus": [{"sku_id": "MUG-7", "title": "青釉马克杯", "price": "89", "promotions": promotions}]}


def _evening(day: str) -> dict:
    return {"name": "周末直播价", "price": "59", "starts_at": f"{day} 19:00", "ends_at": f"{day} 23:59"}


@pytest.fixture
def shop(make_stack, tmp_path):
    """A runtime, a merchant and a loader that imports a KB for it; returns (rt, merchant id, load)."""
    stack = make_stack()
    rt = Runtime.create(stack.settings)
    with rt.session() as s:
        merchant = Merchant(slug="mugs", name="Mugs")
        s.add(merchant)
        s.flush()
        merchant_id = merchant.id

    def load(doc: dict) -> None:
        path = tmp_path / "kb.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        kb.import_file(rt, merchant_id, path)

    yield rt, merchant_id, load
    rt.close()


def _kinds(findings: list[dict]) -> list[tuple[str, str]]:
    return [(f["kind"], f["text"]) for f in findings]


def test_the_check_time_decides_which_offer_is_live(shop):
    rt, merchant_id, load = shop
    load(_mug([_evening("2026-12-05")]))
    during = scripts.check_text(rt, merchant_id, "MUG-7", OFFER, at=datetime(2026, 12, 5, 20, 0))
    after = scripts.check_text(rt, merchant_id, "MUG-7", OFFER, at=datetime(2026, 12, 6, 20, 0))
    assert during == []
    assert _kinds(after) == [("expired_offer", "59元")] and "周末直播价" in after[0]["reason"] and "已经结束" in after[0]["reason"]


def test_an_aware_check_time_is_read_on_the_merchants_wall_clock(shop):
    rt, merchant_id, load = shop
    load(_mug([_evening("2026-12-05")]))
    assert scripts.check_text(rt, merchant_id, "MUG-7", NOW, at=datetime(2026, 12, 5, 12, 0, tzinfo=UTC)) == []
    new_york = timezone(timedelta(hours=-5))  # 07:00 there is 20:00 in Shanghai
    assert scripts.check_text(rt, merchant_id, "MUG-7", NOW, at=datetime(2026, 12, 5, 7, 0, tzinfo=new_york)) == []
    assert _kinds(scripts.check_text(rt, merchant_id, "MUG-7", NOW, at=datetime(2026, 12, 5, 12, 0))) == [
        ("expired_offer", "59元")]  # naive 12:00 is noon on the KB's clock, before the offer starts
    # said as tonight's, at noon, the evening offer's price is that offer's
    assert scripts.check_text(rt, merchant_id, "MUG-7", OFFER, at=datetime(2026, 12, 5, 12, 0)) == []


def test_without_a_check_time_offers_are_judged_now_on_the_kb_clock(shop):
    rt, merchant_id, load = shop
    now = kb_time(datetime.now(UTC))
    window = {"name": "此刻的直播价", "price": "59", "starts_at": f"{now - timedelta(hours=1):%Y-%m-%d %H:%M}",
              "ends_at": f"{now + timedelta(hours=1):%Y-%m-%d %H:%M}"}
    load(_mug([window]))
    assert scripts.check_text(rt, merchant_id, "MUG-7", OFFER) == []
    gone = {**window, "ends_at": f"{now - timedelta(minutes=30):%Y-%m-%d %H:%M}"}
    load(_mug([gone]))
    assert _kinds(scripts.check_text(rt, merchant_id, "MUG-7", OFFER)) == [("expired_offer", "59元")]


def test_one_length_cap_from_settings_with_a_clear_error(shop):
    rt, merchant_id, load = shop
    load(_mug([]))
    capped = rt.settings.model_copy(update={"script": rt.settings.script.model_copy(update={"max_check_chars": 100})})
    small = Runtime.create(capped)
    try:
        assert scripts.check_text(small, merchant_id, "MUG-7", "这只杯子89元。" * 12) == []  # 96 characters
        with pytest.raises(InputError, match=r"too long \(104 characters; at most 100.*MAX_CHECK_CHARS"):
            scripts.check_text(small, merchant_id, "MUG-7", "这只杯子89元。" * 13)
        draft = scripts.generate(rt, merchant_id, "MUG-7", seconds=30)
        with pytest.raises(InputError, match=r"too long \(104 characters; at most 100"):
            scripts.edit(small, draft, "这只杯子89元。" * 13, "reviewer")
    finally:
        small.close()


def test_an_unknown_sku_is_named_by_its_code_not_by_the_merchants_id(shop):
    rt, merchant_id, load = shop
    load(_mug([]))
    with pytest.raises(InputError, match="'NOPE-9' is not in this merchant's knowledge base") as refused:
        scripts.check_text(rt, merchant_id, "NOPE-9", "你好")
    assert merchant_id not in str(refused.value)
    with pytest.raises(InputError, match="'NOPE-9'") as refused:
        scripts.generate(rt, merchant_id, "NOPE-9")
    assert merchant_id not in str(refused.value)
