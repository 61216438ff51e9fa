"""Recipients of a call campaign from spreadsheet rows: validated per row and column, all or nothing.

The caller reads the file within its caps (CSV or XLSX, as the knowledge-base import does) and hands
the rows here. Phone numbers are parsed and normalised to E.164 by ``phonenumbers`` (national numbers
read in the campaign's region); time zones must be IANA names; consent needs both a source and a time.
Columns this module does not know become free slot fields of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import phonenumbers

from core.errors import InputError

COLUMNS: dict[str, tuple[str, ...]] = {
    "phone": ("phone", "mobile", "tel", "电话", "手机", "手机号"),
    "name": ("name", "姓名", "称呼"),
    "birthday": ("birthday", "生日"),
    "last_sku": ("last_sku", "last purchased sku", "sku", "最近购买", "最近购买sku"),
    "timezone": ("timezone", "time_zone", "tz", "时区"),
    "consent_source": ("consent_source", "同意来源"),
    "consent_at": ("consent_at", "consent_time", "同意时间"),
}
_ALIAS = {alias: key for key, aliases in COLUMNS.items() for alias in aliases}
_SLOT_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,39}$")
MAX_CELL = 200
MAX_ISSUES_KEPT = 500


@dataclass(frozen=True)
class Issue:
    row: int | None  # 1-based spreadsheet row (1 is the header); None for the file as a whole
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}, {self.column}: {self.reason}"


class RecipientsError(InputError):
    """Rows that cannot be imported; nothing is: ``details`` lists every row and column."""

    def __init__(self, source: str, issues: list[Issue]) -> None:
        self.issues = issues
        self.details = {"issues": [vars(i) for i in issues[:MAX_ISSUES_KEPT]], "issue_count": len(issues)}
        shown = "; ".join(str(i) for i in issues[:20])
        more = f" (and {len(issues) - 20} more)" if len(issues) > 20 else ""
        super().__init__(f"{source}: {len(issues)} problem(s), nothing imported: {shown}{more}")


@dataclass(frozen=True)
class Recipient:
    row: int
    phone: str  # E.164
    region: str  # ISO 3166 region of the number (for licence territories)
    name: str = ""
    birthday: date | None = None
    last_sku: str = ""
    timezone: str = ""  # IANA; empty: the campaign's
    consent_source: str = ""
    consent_at: datetime | None = None
    fields: dict[str, str] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """The row as stored with the recipient (JSON)."""
        return {"region": self.region, "birthday": self.birthday.isoformat() if self.birthday else None,
                "last_sku": self.last_sku, "timezone": self.timezone, "consent_source": self.consent_source,
                "consent_at": self.consent_at.isoformat() if self.consent_at else None, "fields": self.fields}


def parse_rows(rows: list[list[Any]], region: str = "CN", source: str = "recipients") -> list[Recipient]:
    """Validate spreadsheet rows (``rows[0]`` is the header) into recipients; :class:`RecipientsError` lists
    every bad cell. A number listed twice is an error (one person, one call)."""
    rows = [r for r in rows if any(str(c).strip() for c in r if c is not None)]
    if not rows:
        raise RecipientsError(source, [Issue(None, "-", "file is empty")])
    header, slots, issues = _header(rows[0])
    if issues:
        raise RecipientsError(source, issues)
    if len(rows) == 1:
        raise RecipientsError(source, [Issue(None, "-", "header only, no recipients")])
    out: list[Recipient] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: _cell(row, col) for col, key in header.items()}
        free = {name: _cell(row, col) for col, name in slots.items()}
        recipient = _recipient(number, cells, free, region, issues, seen)
        if recipient is not None:
            out.append(recipient)
    if issues:
        raise RecipientsError(source, issues)
    return out


def _header(names: list[Any]) -> tuple[dict[int, str], dict[int, str], list[Issue]]:
    header: dict[int, str] = {}
    slots: dict[int, str] = {}
    issues: list[Issue] = []
    for col, raw in enumerate(names):
        name = str(raw or "").strip()
        key = _ALIAS.get(name.lower())
        if key is not None:
            if key in header.values():
                issues.append(Issue(1, name, f"duplicate column for {key}"))
            header[col] = key
        elif name:
            if not _SLOT_NAME.match(name):
                issues.append(Issue(1, name[:40], "a slot column is named with letters, digits and _ (at most 40)"))
            elif name in slots.values():
                issues.append(Issue(1, name, "duplicate column"))
            slots[col] = name
    if "phone" not in header.values():
        issues.append(Issue(1, "phone", f"required column missing (accepted names: {', '.join(COLUMNS['phone'])})"))
    return header, slots, issues


def _cell(row: list[Any], col: int) -> str:
    return str(row[col]).strip() if col < len(row) and row[col] is not None else ""


def _recipient(number: int, cells: dict[str, str], free: dict[str, str], region: str, issues: list[Issue],
               seen: dict[str, int]) -> Recipient | None:
    """One row's recipient, or None with its issues added; ``seen`` maps numbers to their first row."""
    before = len(issues)

    def bad(column: str, reason: str) -> None:
        issues.append(Issue(number, column, reason))

    for column, value in (*cells.items(), *free.items()):
        if len(value) > MAX_CELL:
            bad(column, f"longer than {MAX_CELL} characters")
    phone, number_region = _phone(cells.get("phone", ""), region, bad)
    if phone and phone in seen:
        bad("phone", f"the same number as row {seen[phone]}")
    elif phone:
        seen[phone] = number
    birthday = _date(cells.get("birthday", ""), "birthday", bad)
    tz = cells.get("timezone", "")
    if tz and not _is_zone(tz):
        bad("timezone", f"{tz[:60]!r} is not an IANA time zone (e.g. Asia/Shanghai)")
    consent_at = _time(cells.get("consent_at", ""), tz, bad)
    if bool(cells.get("consent_source")) != bool(consent_at or cells.get("consent_at")):
        bad("consent_source" if not cells.get("consent_source") else "consent_at",
            "consent needs both its source and its time")
    if len(issues) > before:
        return None
    return Recipient(row=number, phone=phone, region=number_region, name=cells.get("name", ""), birthday=birthday,
                     last_sku=cells.get("last_sku", ""), timezone=tz, consent_source=cells.get("consent_source", ""),
                     consent_at=consent_at, fields={k: v for k, v in free.items() if v})


def normalise_phone(text: str, region: str = "CN") -> str:
    """E.164 form of a possible phone number; :class:`InputError` naming what is wrong."""
    errors: list[str] = []
    phone, _ = _phone(text, region, lambda _column, reason: errors.append(reason))
    if errors:
        raise InputError(f"phone: {errors[0]}")
    return phone


def _phone(text: str, region: str, bad: Any) -> tuple[str, str]:
    if not text:
        bad("phone", "missing")
        return "", ""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        bad("phone", f"not a phone number ({exc})")
        return "", ""
    if not phonenumbers.is_valid_number(parsed):
        bad("phone", "not a valid number for its country")
        return "", ""
    return (phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
            phonenumbers.region_code_for_number(parsed) or region)


def _date(text: str, column: str, bad: Any) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10].replace("/", "-"))
    except ValueError:
        bad(column, f"{text[:40]!r} is not a date (YYYY-MM-DD)")
        return None


def _time(text: str, tz: str, bad: Any) -> datetime | None:
    """An ISO 8601 time; without an offset it is read in the recipient's zone (UTC if none)."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        bad("consent_at", f"{text[:40]!r} is not a time (ISO 8601, e.g. 2026-05-01 10:00)")
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(tz) if tz and _is_zone(tz) else timezone.utc)
    return value.astimezone(timezone.utc)


def _is_zone(name: str) -> bool:
    if name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES
