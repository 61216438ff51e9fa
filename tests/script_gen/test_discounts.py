import csv
import json
from datetime import datetime
from decimal import Decimal

import pytest

from script_gen.discounts import parse_rules, rules_text
from script_gen.kb_import import KbImportError, import_kb, parse_json, table_rows
from script_gen.records import BundleMinus, BuyGet, FixedPrice, NthFactor, NthMinus, PerItemMinus, Promotion, SpendSave


@pytest.mark.parametrize("text,rule", [
    ("第二件半价", NthFactor(n=2, factor=Decimal("0.5"))),
    ("第3件7.5折", NthFactor(n=3, factor=Decimal("0.75"))),
    ("第二盒立减15元", NthMinus(n=2, amount=Decimal("15"))),
    ("满300减40可叠加", SpendSave(threshold=Decimal("300"), amount=Decimal("40"))),
    ("每满200减20", SpendSave(threshold=Decimal("200"), amount=Decimal("20"), each=True)),
    ("买二送一", BuyGet(buy=2, free=1)),
    ("拍三件每件再减5元", PerItemMinus(count=3, amount=Decimal("5"))),
    ("拍2盒再减8元", BundleMinus(count=2, amount=Decimal("8"))),
    ("3件100元", FixedPrice(count=3, price=Decimal("100"))),
])
def test_description_phrases_become_rules_and_their_text_reads_back(text, rule):
    assert parse_rules(text) == (rule,)
    assert parse_rules(rules_text((rule,))) == (rule,)


@pytest.mark.parametrize("text", ["买一盒送同款试用装2片", "下单送收纳袋", "限量500件", "满3盒包邮", "前200名送贴纸"])
def test_gifts_limits_and_shipping_are_not_discounts(text):
    assert parse_rules(text) == ()


def test_totals_follow_the_rules():
    promo = Promotion(name="p", starts_at=datetime(2026, 1, 1), ends_at=datetime(2026, 1, 2),
                      rules=parse_rules("第二件半价，满100减10"))
    assert promo.total(Decimal("40"), 1) == 40
    assert promo.total(Decimal("40"), 2) == 60          # 40 + 20, under the 100 threshold
    assert promo.total(Decimal("40"), 3) == 90          # 40 + 20 + 40 = 100, then 满100减10
    buy_get = Promotion(name="b", starts_at=datetime(2026, 1, 1), ends_at=datetime(2026, 1, 2),
                        rules=(BuyGet(buy=1, free=1),))
    assert [buy_get.total(Decimal("30"), n) for n in (1, 2, 3)] == [30, 30, 60]


def _doc(promotion: dict) -> dict:
    return {"skus": [{"sku_id": "T1", "title": "测试茶杯", "price": 80, "promotions": [promotion]}]}


def test_json_rules_explicit_or_from_the_description(tmp_path):
    base = {"name": "周末价", "price": 60, "starts_at": "2026-12-01", "ends_at": "2026-12-07"}
    explicit = parse_json(json.dumps(_doc({**base, "rules": [{"kind": "nth_minus", "n": 2, "amount": 10}],
                                           "description": "第二件半价"})), "m").kb
    assert explicit.get("T1").promotions[0].rules == (NthMinus(n=2, amount=Decimal("10")),)
    described = parse_json(json.dumps(_doc({**base, "description": "买一送一，下单送杯垫"})), "m").kb
    assert described.get("T1").promotions[0].rules == (BuyGet(buy=1, free=1),)
    with pytest.raises(KbImportError, match=r"rules: 0\.nth_factor\.factor"):
        parse_json(json.dumps(_doc({**base, "rules": [{"kind": "nth_factor", "n": 2, "factor": 3}]})), "m")


def test_csv_round_trip_keeps_rules_list_price_and_stock(tmp_path):
    doc = _doc({"name": "周末价", "price": 60, "starts_at": "2026-12-01 10:00", "ends_at": "2026-12-07 22:00",
                "stock_limit": 40, "description": "下单送杯垫",
                "rules": [{"kind": "spend_save", "threshold": 150, "amount": 20, "each": True},
                          {"kind": "fixed_price", "count": 2, "price": 110}]})
    doc["skus"][0] |= {"list_price": 120, "stock": {"quantity": 300, "unit": "只"}}
    kb = parse_json(json.dumps(doc), "m").kb
    path = tmp_path / "kb.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(table_rows(kb.skus))
    assert "每满150减20+2件110元" in path.read_text(encoding="utf-8")
    assert import_kb(path, "m").kb == kb
    rows = table_rows(kb.skus)
    rows[1][rows[0].index("promotions")] = "周末价|60|2026-12-01 10:00|2026-12-07 22:00|40|下单送杯垫|买几件都行"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    with pytest.raises(KbImportError, match="is not one discount rule"):
        import_kb(path, "m")


@pytest.mark.parametrize("said", ["五四十九件九十九元", "拍五四十九件都减十块", "五四十九件只要九十九块"])
def test_a_run_of_numerals_cn2an_cannot_read_is_no_rule_and_no_crash(said):
    """cn2an raises KeyError, not ValueError, on 五四十九: a host's slip must not take the checker down."""
    from script_gen.discounts import spoken_rules

    assert parse_rules(said) == ()
    assert list(spoken_rules(said)) == []
