"""Knowledge-base files are read within caps: a hostile file fails with a clear InputError, never by memory."""

from __future__ import annotations

import json
import re
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from core.errors import InputError
from core.settings import KbSettings
from script_gen.kb_import import KbImportError, import_kb
from script_gen.kb_read import CapExceeded

HEADER = ["sku_id", "title", "price"]


def workbook(path: Path, rows: list[list[object]], *, last_row: int = 0, declared: str = "",
             extra: dict[str, bytes] | None = None) -> Path:
    """An .xlsx of ``rows``, optionally with one more cell at ``last_row``, a forged ``<dimension ref>``
    and extra zip members."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if last_row:
        sheet.cell(row=last_row, column=1, value="")  # an empty string cell: present, but no SKU
        sheet.cell(row=last_row, column=2, value=" ")
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if declared and item.filename == "xl/worksheets/sheet1.xml":
                data, forged = re.subn(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{declared}"/>'.encode(), data)
                assert forged == 1
            dst.writestr(item, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    plain.unlink()
    return path


def test_a_dimension_bomb_costs_the_real_cells_not_the_declared_ones(tmp_path):
    """A workbook declaring A1:XFD2000 with a cell in row 2000 used to cost ~0.13 MB per declared row."""
    bomb = workbook(tmp_path / "bomb.xlsx", [HEADER, ["A-1", "杯子", 9.9]], last_row=2000, declared="A1:XFD2000")
    assert bomb.stat().st_size < 10_000
    tracemalloc.start()
    try:
        result = import_kb(bomb, "m")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [s.sku_id for s in result.kb.skus] == ["A-1"]
    assert peak < 30 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_rows_columns_and_cells_stop_at_their_caps(tmp_path):
    tall = workbook(tmp_path / "tall.xlsx", [HEADER, ["A-1", "杯子", 9.9]], last_row=500, declared="A1:C2")
    with pytest.raises(CapExceeded, match="more than 100 rows"):
        import_kb(tall, "m", KbSettings(max_rows=100))
    wide = workbook(tmp_path / "wide.xlsx", [HEADER + [""] * 80 + ["x"], ["A-1", "杯子", 9.9]])
    with pytest.raises(CapExceeded, match="row 1 has more than 64 columns"):
        import_kb(wide, "m")
    many = tmp_path / "many.csv"
    many.write_text("sku_id,title,price\n" + "".join(f"S{n},t,1\n" for n in range(50)), encoding="utf-8")
    with pytest.raises(CapExceeded, match="more than 100 cells"):
        import_kb(many, "m", KbSettings(max_cells=100))
    assert len(import_kb(many, "m", KbSettings(max_cells=200)).kb.skus) == 50


def test_zip_members_are_checked_before_the_workbook_is_opened(tmp_path):
    rows = [HEADER, ["A-1", "杯子", 9.9]]
    zeros = workbook(tmp_path / "zeros.xlsx", rows, extra={"xl/media/pad.bin": bytes(8 * 1024 * 1024)})
    with pytest.raises(CapExceeded, match=r"compressed \d+:1, over the 100:1 limit"):
        import_kb(zeros, "m")
    with pytest.raises(CapExceeded, match="expands to 8 MB, over the 4 MB limit"):
        import_kb(zeros, "m", KbSettings(max_expanded_mb=4, max_compression_ratio=10_000))


def test_file_size_is_capped(tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"sku_id,title,price\n" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(CapExceeded, match="over the 1 MB limit"):
        import_kb(big, "m", KbSettings(max_file_mb=1))


def test_json_nested_100k_deep_is_a_clear_input_error(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"skus": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(CapExceeded, match="nested deeper than 32 levels") as err:
        import_kb(deep, "m")
    assert "[[[" not in str(err.value)
    # brackets inside strings are text, not nesting
    fine = tmp_path / "fine.json"
    fine.write_text(json.dumps({"skus": [{"sku_id": "A-1", "title": "[" * 100 + "{", "price": 1}]}), encoding="utf-8")
    assert import_kb(fine, "m").kb.skus[0].title.startswith("[[[")


def test_broken_files_are_input_errors(tmp_path):
    quote = tmp_path / "quote.csv"
    quote.write_text('sku_id,title,price\nA-1,"' + "x" * 200_000 + '",1\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a readable CSV"):
        import_kb(quote, "m")
    too_many = tmp_path / "list.json"
    too_many.write_text(json.dumps([{"sku_id": f"S{n}", "title": "t", "price": 1} for n in range(20)]))
    with pytest.raises(CapExceeded, match="more than 10 SKUs"):
        import_kb(too_many, "m", KbSettings(max_rows=10))
    with pytest.raises(KbImportError):
        import_kb(workbook(tmp_path / "empty.xlsx", [HEADER]), "m")
