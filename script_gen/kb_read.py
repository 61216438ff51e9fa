"""Read knowledge-base files within caps, so that a hostile or careless file costs bounded memory and time.

An .xlsx is a zip of XML: the declared sizes and compression ratios of its members are checked before
openpyxl opens it (Python's zip reader never inflates a member past its declared size, so these bound
the work). Rows are then streamed in openpyxl's read-only mode with the sheet's declared dimension
ignored: a 5 KB workbook declaring ``A1:XFD1048576`` otherwise makes openpyxl pad every row to 16,384
cells. Reading stops at the first cap on rows, columns or cells. JSON nesting is measured before
``json.loads``, whose recursion would fail with a RecursionError on a file nested 100k deep.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import InputError
from core.settings import KbSettings

MB = 1024 * 1024
_SMALL_MEMBER = MB  # a member this small may compress well (styles, an empty sheet) without being a bomb
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_JSON_NESTING = re.compile(r"[\[\]{}]")


class CapExceeded(InputError):
    """The file is over one of the import caps; the message names the cap, never the file's content."""


def check_file_size(path: Path, source: str, limits: KbSettings) -> None:
    size = path.stat().st_size
    if size > limits.max_file_mb * MB:
        raise CapExceeded(f"{source}: the file is {size / MB:.1f} MB, over the {limits.max_file_mb:g} MB limit")


def read_csv(data: bytes, source: str, limits: KbSettings) -> list[list[str]]:
    """Rows of a UTF-8 or GB18030 CSV, stopping at the caps."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"{source}: not UTF-8 or GB18030 text")
    try:
        return _capped(csv.reader(io.StringIO(text)), source, limits)
    except csv.Error as exc:  # an unterminated quote or a field over the csv module's size limit
        raise InputError(f"{source}: not a readable CSV ({exc})") from exc


def read_xlsx(path: Path, source: str, limits: KbSettings) -> list[list[str]]:
    """Rows of the first sheet, read-only, with the declared dimension ignored, stopping at the caps."""
    import openpyxl

    check_zip(path, source, limits)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise InputError(f"{source}: not a readable .xlsx workbook ({type(exc).__name__})") from exc
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # trust the cells, not the <dimension ref> the file declares
        rows = sheet.iter_rows(values_only=True)  # each row as wide as its last cell: at most 16,384
        return [[_cell(v) for v in row] for row in _capped(rows, source, limits)]
    except CapExceeded:
        raise
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:  # a member that lies about its size or a bad cell
        raise InputError(f"{source}: not a readable .xlsx workbook ({type(exc).__name__})") from exc
    finally:
        book.close()


def check_zip(path: Path, source: str, limits: KbSettings) -> None:
    """Refuse a zip whose members declare more than the expanded-size cap or compress suspiciously well."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"{source}: not a readable .xlsx workbook (not a zip file)") from exc
    expanded = sum(m.file_size for m in members)
    if expanded > limits.max_expanded_mb * MB:
        raise CapExceeded(f"{source}: the workbook expands to {expanded / MB:.0f} MB, over the "
                          f"{limits.max_expanded_mb:g} MB limit")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _SMALL_MEMBER and ratio > limits.max_compression_ratio:
            raise CapExceeded(f"{source}: a workbook part is compressed {ratio:.0f}:1, over the "
                              f"{limits.max_compression_ratio:g}:1 limit")


def _capped(rows: Iterable[Iterable[Any]], source: str, limits: KbSettings) -> list[list[Any]]:
    out: list[list[Any]] = []
    cells = 0
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise CapExceeded(f"{source}: more than {limits.max_rows} rows")
        values = list(row)
        while values and values[-1] in (None, ""):
            values.pop()
        if len(values) > limits.max_columns:
            raise CapExceeded(f"{source}: row {number} has more than {limits.max_columns} columns")
        cells += len(values)
        if cells > limits.max_cells:
            raise CapExceeded(f"{source}: more than {limits.max_cells} cells")
        out.append(values)
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_json(data: bytes | str, source: str, limits: KbSettings) -> Any:
    """``json.loads`` after checking the nesting depth, which it cannot survive past a few thousand."""
    try:
        text = data if isinstance(data, str) else data.decode(json.detect_encoding(data))
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: invalid JSON (not UTF-8, UTF-16 or UTF-32 text)") from exc
    if json_nests_deeper(text, limits.max_json_depth):
        raise CapExceeded(f"{source}: JSON nested deeper than {limits.max_json_depth} levels")
    return json.loads(text)


def json_nests_deeper(text: str, limit: int) -> bool:
    """Whether JSON ``text`` nests past ``limit`` (brackets inside strings do not count), checked
    before ``json.loads``, whose recursion cannot survive a few thousand levels."""
    depth = 0
    for bracket in _JSON_NESTING.finditer(_JSON_STRING.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > limit:
            return True
    return False
