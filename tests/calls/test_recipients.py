"""Recipients from spreadsheet rows: normalised numbers, per row and column errors, nothing half-imported."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from calls.recipients import RecipientsError, normalise_phone, parse_rows
from script_gen.kb_read import CapExceeded, read_xlsx
from core.settings import KbSettings

HEADER = ["phone", "name", "birthday", "last_sku", "timezone", "consent_source", "consent_at", "city"]


def test_rows_become_recipients_with_e164_numbers_zones_consent_and_slot_fields():
    rows = [HEADER,
            ["138 0013 8000", "王芳", "1990-03-08", "KIT-001", "Asia/Shanghai", "app", "2026-01-05 10:00", "上海"],
            ["+1 (415) 555-2671", "Ann", "", "", "America/Los_Angeles", "web form", "2026-02-01T09:00:00-08:00", ""]]
    first, second = parse_rows(rows, "CN")
    assert first.phone == "+8613800138000" and first.region == "CN" and first.name == "王芳"
    assert first.birthday == date(1990, 3, 8) and first.fields == {"city": "上海"}
    assert first.consent_at == datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc)  # read in Shanghai time
    assert second.phone == "+14155552671" and second.region == "US" and second.fields == {}
    assert second.consent_at == datetime(2026, 2, 1, 17, 0, tzinfo=timezone.utc)


def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_imported():
    rows = [HEADER,
            ["12345", "A", "1990-13-40", "", "Mars/Olympus", "app", "2026-01-05", ""],
            ["13800138000", "B", "", "", "", "app", "", ""],
            ["+8613800138000", "C", "", "", "", "", "", ""]]
    with pytest.raises(RecipientsError) as err:
        parse_rows(rows, "CN", "list.csv")
    found = {(i.row, i.column) for i in err.value.issues}
    assert {(2, "phone"), (2, "birthday"), (2, "timezone"), (3, "consent_at"), (4, "phone")} <= found
    assert "list.csv" in str(err.value) and "nothing imported" in str(err.value)
    assert err.value.details["issue_count"] == len(err.value.issues)


def test_header_problems_are_reported_before_any_row():
    with pytest.raises(RecipientsError) as err:
        parse_rows([["name", "bad column!", "name"], ["x", "y", "z"]])
    reasons = " ".join(str(i) for i in err.value.issues)
    assert "phone: required column missing" in reasons and "duplicate column" in reasons and "slot column" in reasons
    with pytest.raises(RecipientsError, match="header only"):
        parse_rows([["phone"]])
    with pytest.raises(RecipientsError, match="empty"):
        parse_rows([])


def test_a_hostile_cell_is_bounded_and_a_number_is_checked_for_its_country():
    with pytest.raises(RecipientsError, match="longer than 200"):
        parse_rows([["phone", "name"], ["13800138000", "x" * 500]])
    assert normalise_phone("021-6123 4567") == "+862161234567"
    with pytest.raises(ValueError, match="phone"):
        normalise_phone("+86 123")


def test_xlsx_recipients_are_read_within_the_import_caps(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["手机", "姓名", "生日"])
    sheet.append(["13800138000", "王芳", datetime(1990, 3, 8)])
    for n in range(30):
        sheet.append([f"1390000{n:04d}", f"客户{n}", None])
    book.save(tmp_path / "list.xlsx")
    rows = read_xlsx(tmp_path / "list.xlsx", "list.xlsx", KbSettings(max_rows=100))
    recipients = parse_rows(rows)
    assert len(recipients) == 31 and recipients[0].birthday == date(1990, 3, 8)
    with pytest.raises(CapExceeded, match="more than 10 rows"):
        read_xlsx(tmp_path / "list.xlsx", "list.xlsx", KbSettings(max_rows=10))
