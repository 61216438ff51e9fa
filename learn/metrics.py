"""Per-minute platform metrics from the CSV exports of Douyin, Taobao Live and Kuaishou.

The exports themselves were not available to us: the accepted headers are the names those consoles
document for their per-minute trend tables, plus plain English ones; see learn/README.md. A header is
matched after dropping spaces, a unit in brackets (``成交金额(元)``) and case. Every bad row is reported
with its line and column, and nothing is kept from a file that has any.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from core.errors import InputError

FIELDS = ("viewers", "new_followers", "clicks", "orders", "gmv")
ALIASES: dict[str, tuple[str, ...]] = {
    "at": ("时间", "分钟", "时间点", "统计时间", "日期时间", "时间段", "time", "minute", "timestamp", "datetime"),
    "viewers": ("实时在线人数", "在线人数", "同时在线人数", "平均在线人数", "在线观众数", "在线用户数", "viewers",
                "onlineviewers", "concurrentviewers", "online"),
    "new_followers": ("新增粉丝数", "新增粉丝", "新增关注", "新增关注数", "涨粉数", "涨粉", "newfollowers",
                      "followersgained", "follows"),
    "clicks": ("商品点击次数", "商品点击", "商品点击数", "商品点击量", "宝贝点击次数", "宝贝点击", "宝贝点击数",
               "商品点击人数", "productclicks", "clicks"),
    "orders": ("成交订单数", "订单数", "成交单数", "成交笔数", "支付订单数", "下单数", "orders", "paidorders"),
    "gmv": ("成交金额", "成交额", "支付金额", "销售额", "gmv", "sales", "revenue"),
}
PLATFORM_HINTS = {"douyin": ("实时在线人数", "商品点击次数"), "taobao": ("宝贝点击次数", "宝贝点击", "成交笔数"),
                  "kuaishou": ("涨粉数", "商品点击数")}
MAX_FIELD_CHARS = 200
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class MetricRow:
    """One minute: ``at`` is its start (UTC); counts are events in that minute, ``viewers`` concurrent."""

    at: datetime
    viewers: float
    new_followers: float = 0.0
    clicks: float = 0.0
    orders: float = 0.0
    gmv: float = 0.0


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.column or 'row'}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "message": self.message}


class MetricsRejected(InputError):
    """A metrics file with bad rows: every one is listed, nothing was kept."""

    def __init__(self, errors: list[RowError], total: int) -> None:
        self.issues, self.total = errors, total
        self.details = {"issues": [e.as_dict() for e in errors], "issue_count": total}
        super().__init__(f"{total} bad row(s) in the metrics file, nothing imported; first: {errors[0]}")


@dataclass(frozen=True)
class MetricsFile:
    rows: tuple[MetricRow, ...]
    platform: str
    columns: dict[str, str]
    """Our field -> the file's header it was read from."""


def header_key(name: str) -> str:
    return _BRACKETS.sub("", name.replace("\ufeff", "")).replace(" ", "").replace("_", "").strip().lower()


def parse_metrics(data: bytes, *, day: date | None = None, zone: ZoneInfo = ZoneInfo("Asia/Shanghai"),
                  max_rows: int = 20000, max_errors: int = 200) -> MetricsFile:
    """Read a per-minute export. Times without a date take ``day``; times without an offset are the
    merchant's wall clock in ``zone``. Raises :class:`MetricsRejected` (row errors) or InputError."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the metrics file is empty") from None
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}") from None
    columns = _columns(header)
    errors: list[RowError] = []
    total_errors = 0
    rows: dict[datetime, MetricRow] = {}
    try:
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(rows) + total_errors >= max_rows:
                raise InputError(f"the metrics file has more than {max_rows} rows (learn.max_rows)")
            row, bad = _row(cells, columns, header, line, day, zone)
            if row is not None and row.at in rows:
                bad = [RowError(line, header[columns["at"]], f"minute {row.at.isoformat()} appears twice")]
            if bad:
                total_errors += 1
                errors.extend(bad[: max(0, max_errors - len(errors))])
                continue
            rows[row.at] = row
    except csv.Error as exc:
        raise InputError(f"not a CSV file: {exc}") from None
    if total_errors:
        raise MetricsRejected(errors, total_errors)
    if not rows:
        raise InputError("the metrics file has no data rows")
    keys = {header_key(h) for h in header}
    platform = next((p for p, hints in PLATFORM_HINTS.items() if any(header_key(h) in keys for h in hints)), "generic")
    return MetricsFile(tuple(sorted(rows.values(), key=lambda r: r.at)), platform,
                       {f: header[i] for f, i in columns.items()})


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # consoles export UTF-8 with BOM, Excel re-saves as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("the metrics file is neither UTF-8 nor GB18030 text")


def _columns(header: list[str]) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:  # aliases in order of preference: 实时在线人数 before 平均在线人数
            if header_key(alias) in keys:
                found[field] = keys.index(header_key(alias))
                break
    missing = [f for f in ("at", "viewers") if f not in found]
    if missing or not set(found) & {"clicks", "orders"}:
        need = ", ".join(missing or ["clicks or orders"])
        raise InputError(f"the metrics file lacks a column for {need}; accepted headers are listed in learn/README.md")
    return found


def _row(cells: list[str], columns: dict[str, int], header: list[str], line: int, day: date | None,
         zone: ZoneInfo) -> tuple[MetricRow | None, list[RowError]]:
    bad: list[RowError] = []
    values: dict[str, float] = {}
    at: datetime | None = None
    for field, i in columns.items():
        raw = cells[i].strip() if i < len(cells) else ""
        if len(raw) > MAX_FIELD_CHARS:
            bad.append(RowError(line, header[i], f"longer than {MAX_FIELD_CHARS} characters"))
            continue
        try:
            if field == "at":
                at = _minute(raw, day, zone)
            else:
                values[field] = _count(raw, money=field == "gmv")
        except ValueError as exc:
            bad.append(RowError(line, header[i], str(exc)))
    if bad or at is None:
        return None, bad
    return MetricRow(at=at, **values), []


def _count(raw: str, money: bool) -> float:
    text = raw.replace(",", "").replace("，", "").replace("¥", "").replace("￥", "").replace("元", "").strip()
    if text in ("", "-", "--"):
        return 0.0
    scale = 1.0
    if text.endswith("万"):
        text, scale = text[:-1], 10_000.0
    elif text.endswith("亿"):
        text, scale = text[:-1], 100_000_000.0
    if not _NUMBER.match(text):
        raise ValueError(f"{raw!r} is not a number")
    value = float(text) * scale
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{raw!r} is negative" if value < 0 else f"{raw!r} is not a finite number")
    if value > 1e12:
        raise ValueError(f"{raw!r} is implausibly large")
    return round(value, 2) if money else value


_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y%m%d %H:%M",
                 "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


def _minute(raw: str, day: date | None, zone: ZoneInfo) -> datetime:
    """The minute's start in UTC."""
    if not raw:
        raise ValueError("no time")
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        for fmt in _TIME_FORMATS:
            try:
                parsed = datetime.strptime(raw, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        clock = _clock(raw)
        if day is None:
            raise ValueError(f"{raw!r} has no date: give the session's date")
        parsed = datetime.combine(day, clock)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    return parsed.astimezone(timezone.utc).replace(second=0, microsecond=0)


def _clock(raw: str) -> time:
    for fmt in ("%H:%M:%S", "%H:%M"):
        try:
            return datetime.strptime(raw, fmt).time()
        except ValueError:
            continue
    raise ValueError(f"{raw!r} is not a time (2026-12-01 20:05, 20:05 or ISO 8601)")


def minute_span(rows: tuple[MetricRow, ...]) -> tuple[datetime, datetime]:
    """From the first minute's start to the last minute's end."""
    return rows[0].at, rows[-1].at + timedelta(minutes=1)
