import csv
import json
from decimal import Decimal

import openpyxl
import pytest

from core.errors import InputError
from script_gen.kb_diff import diff_kb, upsert
from script_gen.kb_import import KbImportError, import_kb, table_rows



def _write_csv(path, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        csv.writer(f).writerows(rows)
    return path


def test_sample_has_realistic_catalogue(kb):
    assert len(kb.skus) >= 30
    assert len({s.category.split("/")[0] for s in kb.skus}) >= 8
    fridge = kb.get("APP-001")
    assert fridge.price == 3999 and fridge.attributes[0].value == "535" and fridge.attributes[0].unit == "L"
    assert fridge.promotions[0].stock_limit == 50


def test_csv_and_xlsx_round_trip_equal_json(kb, tmp_path):
    rows = table_rows(kb.skus)
    from_csv = import_kb(_write_csv(tmp_path / "kb.csv", rows), kb.merchant_id).kb
    assert from_csv == kb
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "kb.xlsx")
    assert import_kb(tmp_path / "kb.xlsx", kb.merchant_id).kb == kb


def test_gb18030_csv_and_chinese_headers(tmp_path):
    rows = [["商品编码", "商品名称", "日常价", "参数", "问答"],
            ["A1", "测试水杯", "¥59.9", "容量=400ml|材质=玻璃", "能装热水吗？可以装热水"]]
    kb = import_kb(_write_csv(tmp_path / "gbk.csv", rows, encoding="gb18030")).kb
    sku = kb.get("A1")
    assert str(sku.price) == "59.9"
    assert (sku.attributes[0].value, sku.attributes[0].unit) == ("400", "ml")
    assert sku.attributes[1].value == "玻璃" and sku.faq[0].answer == "可以装热水"


def test_a_marked_faq_question_may_hold_several_question_marks(tmp_path):
    rows = [["sku_id", "title", "price", "faq"],
            ["A1", "测试水杯", "59.9", "问：能装热水吗？能进洗碗机吗？答：都可以。|Q: Dishwasher? A: Yes.|漏水吗？不漏"]]
    faq = import_kb(_write_csv(tmp_path / "kb.csv", rows)).kb.get("A1").faq
    assert [(f.question, f.answer) for f in faq] == [
        ("能装热水吗？能进洗碗机吗？", "都可以。"), ("Dishwasher?", "Yes."), ("漏水吗？", "不漏")]


def test_every_error_has_row_column_and_reason(tmp_path):
    rows = [["sku_id", "title", "price", "promotions", "attributes", "faq"],
            ["OK-1", "好商品", "99", "", "", ""],
            ["bad id!", "", "abc", "活动|120|2026-12-02|2026-12-01|x", "容量", "没有问号的问答"],
            ["OK-1", "重复", "10", "", "", ""]]
    with pytest.raises(KbImportError) as err:
        import_kb(_write_csv(tmp_path / "bad.csv", rows))
    got = {(i.row, i.column) for i in err.value.issues}
    assert {(3, "sku_id"), (3, "title"), (3, "price"), (3, "promotions[1]"), (3, "attributes"), (3, "faq"),
            (4, "sku_id")} <= got
    reasons = " ".join(i.reason for i in err.value.issues)
    assert "before it starts" in reasons and "whole number" in reasons and "first at row 2" in reasons
    assert isinstance(err.value, InputError) and "nothing imported" in str(err.value)


def test_promotion_above_daily_price_is_imported_with_a_warning_and_a_missing_column_is_an_error(tmp_path):
    """粽子 cost more before 端午: a festival price above the daily one is real data, shown to the merchant to confirm."""
    result = import_kb(_write_csv(tmp_path / "p.csv", [["sku_id", "title", "price", "promotions"],
                                                        ["A", "t", "10", "端午|20|2026-12-01|2026-12-02"]]))
    assert [p.price for p in result.kb.skus[0].promotions] == [Decimal("20")]
    assert [(w.row, w.column) for w in result.warnings] == [(2, "promotions[1]")]
    assert "above the daily price 10" in result.warnings[0].reason
    with pytest.raises(KbImportError, match="required column missing"):
        import_kb(_write_csv(tmp_path / "m.csv", [["sku_id", "title"], ["A", "t"]]))


def test_bad_files_are_clear(tmp_path):
    (tmp_path / "kb.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(KbImportError, match="invalid JSON"):
        import_kb(tmp_path / "kb.json")
    (tmp_path / "kb.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a readable .xlsx"):
        import_kb(tmp_path / "kb.xlsx")
    (tmp_path / "kb.txt").write_text("x")
    with pytest.raises(InputError, match="unsupported"):
        import_kb(tmp_path / "kb.txt")
    with pytest.raises(InputError, match="not found"):
        import_kb(tmp_path / "missing.csv")
    (tmp_path / "empty.json").write_text(json.dumps({"skus": [{"sku_id": "A", "title": "t", "price": 1, "colour": "red"}]}))
    with pytest.raises(KbImportError, match="unknown field"):
        import_kb(tmp_path / "empty.json")


def test_injection_is_a_warning_with_location(sample_kb_path):
    result = import_kb(sample_kb_path)
    assert [(w.column, w.row) for w in result.warnings] == [("selling_points", 36)]


def test_upsert_reports_field_changes_and_keeps_untouched(kb):
    changed = kb.get("KIT-001").model_copy(update={"price": kb.get("KIT-001").price + 100})
    from script_gen.records import KnowledgeBase, Sku

    new = Sku(sku_id="NEW-1", title="新品", price=10)
    incoming = KnowledgeBase(merchant_id=kb.merchant_id, skus=(changed, kb.get("KIT-002"), new))
    merged, diff = upsert(kb, incoming)
    assert diff.added == ["NEW-1"] and diff.unchanged == ["KIT-002"]
    assert [c.field for c in diff.updated["KIT-001"]] == ["price"]
    assert diff.updated["KIT-001"][0].old == "599" and diff.updated["KIT-001"][0].new == "699"
    assert len(diff.untouched) == len(kb.skus) - 2
    assert merged.get("KIT-001").price == 699 and merged.skus[-1].sku_id == "NEW-1"
    assert len(merged.skus) == len(kb.skus) + 1
    assert not diff_kb(kb, kb).changed


def test_csv_export_then_import_leaves_every_value_of_every_field_unchanged(tmp_path):
    """A KB using every field, with the values spreadsheets tend to mangle: compound and range units, a
    value that starts with a digit, a date-only promotion end (23:59:59), an ASCII question mark."""
    doc = {"merchant_id": "m", "skus": [{
        "sku_id": "TEA-9", "title": "云溪白茶饼357g", "brand": "云溪", "category": "食品/茶叶",
        "price": "268", "list_price": "399.90", "stock": {"quantity": 1200, "unit": "饼"},
        "attributes": [{"key": "净含量", "value": "357", "unit": "g"},
                       {"key": "冲泡水温", "value": "90-95", "unit": "℃"},
                       {"key": "茶多酚", "value": "18", "unit": "mg/100mL"},
                       {"key": "包装", "value": "3饼/提"},
                       {"key": "产区", "value": "福鼎"},
                       {"key": "工艺", "value": "5道日晒"}],
        "promotions": [{"name": "春茶预售价", "price": "238", "starts_at": "2026-03-01 10:00",
                        "ends_at": "2026-03-15", "stock_limit": 500, "description": "预售送茶针"},
                       {"name": "周年庆", "starts_at": "2026-05-01 00:00", "ends_at": "2026-05-03 23:59"}],
        "selling_points": ["老树原料，越存越香", "压得松紧适中，好撬"], "certifications": ["SC食品生产许可"],
        "usage": "每次撬取5克，沸水稍凉后冲泡。",
        "faq": [{"question": "能存多久?", "answer": "干燥避光可长期存放。"},
                {"question": "适合送人吗", "answer": "有礼盒装。"}],
        "forbidden_claims": ["不得宣称降血糖"],
    }, {"sku_id": "CUP-1", "title": "玻璃公道杯", "price": "39.9"}]}
    kb = import_kb(_json_file(tmp_path / "kb.json", doc), "m").kb
    tea = kb.get("TEA-9")
    assert tea.stock.text == "1200饼" and tea.promotions[0].ends_at.second == 59
    assert [(a.value, a.unit) for a in tea.attributes][:4] == [("357", "g"), ("90-95", "℃"), ("18", "mg/100mL"),
                                                              ("3饼/提", "")]  # 饼 is no known unit: text
    again = import_kb(_write_csv(tmp_path / "kb.csv", table_rows(kb.skus)), "m").kb
    for before, after in zip(kb.skus, again.skus, strict=True):
        assert before.model_dump() == after.model_dump()


def test_the_documented_example_uses_every_json_key_and_imports_cleanly():
    from evercast_testkit import REPO

    from script_gen.kb_import import COLUMNS

    example = REPO / "assets" / "kb" / "example_kb.json"
    result = import_kb(example)
    assert result.warnings == [] and {s.sku_id for s in result.kb.skus} == {"LAMP-01", "TEA-01"}
    used = {key for sku in json.loads(example.read_text(encoding="utf-8"))["skus"] for key in sku}
    assert used == set(COLUMNS)
    readme = (REPO / "assets" / "kb" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{key}`" in readme for key in COLUMNS)


def _json_file(path, doc):
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("limit", [300, "300", "300盒", {"quantity": 300, "unit": "盒"}])
def test_a_promotions_stock_limit_is_written_the_way_stock_is(tmp_path, limit):
    promo = {"name": "秒杀", "price": 9.9, "starts_at": "2026-12-01 20:00", "ends_at": "2026-12-01 21:00",
             "stock_limit": limit}
    (tmp_path / "kb.json").write_text(json.dumps({"skus": [{"sku_id": "A", "title": "t", "price": 19.9,
                                                             "promotions": [promo]}]}, ensure_ascii=False))
    assert import_kb(tmp_path / "kb.json").kb.skus[0].promotions[0].stock_limit == 300


@pytest.mark.parametrize("limit", [-3, "三百", {"quantity": "lots", "unit": "盒"}])
def test_a_bad_stock_limit_names_the_promotion_and_the_limit(tmp_path, limit):
    promo = {"name": "秒杀", "price": 9.9, "starts_at": "2026-12-01 20:00", "ends_at": "2026-12-01 21:00",
             "stock_limit": limit}
    (tmp_path / "kb.json").write_text(json.dumps({"skus": [{"sku_id": "A", "title": "t", "price": 19.9,
                                                             "promotions": [promo]}]}, ensure_ascii=False))
    with pytest.raises(KbImportError) as err:
        import_kb(tmp_path / "kb.json")
    assert [(i.column, "stock limit" in i.reason) for i in err.value.issues] == [("promotions[1]", True)]


@pytest.mark.parametrize("starts, wall", [
    ("2026-12-01T20:00:00+08:00", "2026-12-01 20:00"),   # an export's ISO time on the merchant's own clock
    ("2026-12-01 21:00:00+09:00", "2026-12-01 20:00"),   # another offset, converted to the KB's wall clock
    ("2026-12-01T12:00:00Z", "2026-12-01 20:00"),
])
def test_a_promotions_iso_time_with_an_offset_is_read_on_the_kb_wall_clock(tmp_path, starts, wall):
    promo = {"name": "秒杀", "price": 9.9, "starts_at": starts, "ends_at": "2026-12-02"}
    (tmp_path / "kb.json").write_text(json.dumps({"skus": [{"sku_id": "A", "title": "t", "price": 19.9,
                                                             "promotions": [promo]}]}, ensure_ascii=False))
    promotion = import_kb(tmp_path / "kb.json").kb.skus[0].promotions[0]
    assert promotion.starts_at.strftime("%Y-%m-%d %H:%M") == wall and promotion.starts_at.tzinfo is None


@pytest.mark.parametrize("starts", ["2026-12-01T20:00:00+25:00", "下周一", "2026-13-01 20:00"])
def test_a_time_that_is_no_date_names_the_promotion_column(tmp_path, starts):
    promo = {"name": "秒杀", "price": 9.9, "starts_at": starts, "ends_at": "2026-12-02"}
    (tmp_path / "kb.json").write_text(json.dumps({"skus": [{"sku_id": "A", "title": "t", "price": 19.9,
                                                             "promotions": [promo]}]}, ensure_ascii=False))
    with pytest.raises(KbImportError) as err:
        import_kb(tmp_path / "kb.json")
    assert [(i.column, "is not a date" in i.reason) for i in err.value.issues] == [("promotions[1]", True)]
