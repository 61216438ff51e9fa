"""Import a merchant's SKU knowledge base from CSV, XLSX or JSON, all or nothing.

CSV/XLSX use one row per SKU (row 1 is the header, Chinese or English column names) with small
in-cell syntaxes a merchant can type in a spreadsheet:

* ``attributes``: ``容量=535L|材质=304不锈钢`` (``=``, ``:`` or ``：``; a leading number splits off its unit)
* ``promotions``: one per line or ``;``: ``名称|到手价|开始|结束|限量|说明|规则`` (dates ``2026-12-01 20:00``;
  ``规则`` optional, discount rules joined by ``+``: ``第2件5折+满600减50``)
* ``selling_points`` / ``certifications`` / ``forbidden_claims``: items split by ``|`` or new lines
* ``faq``: ``问题？答案`` items split by ``|`` or new lines; ``问：…？…？答：…`` when a question holds
  several question marks
* ``stock``: a whole number with an optional unit (``1200台``; ``件`` when none is given)

JSON is ``{"merchant_id": ..., "skus": [{...}]}`` with the same fields as lists and objects; a promotion
may carry ``"rules": [{"kind": "nth_factor", "n": 2, "factor": 0.5}, ...]`` (kinds in ``records.DiscountRule``).
A promotion without explicit rules gets those its description states (``第二件半价`` -> nth_factor).
Every problem is collected with its row (spreadsheet numbering) and column before anything is
returned, so a failed import changes nothing and the merchant can fix all errors in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from core.errors import InputError
from core.settings import KbSettings
from script_gen.discounts import parse_rules, rules_from_json, rules_text
from script_gen.injection import withheld
from script_gen.kb_read import CapExceeded, check_file_size, load_json, read_csv, read_xlsx
from script_gen.records import Attribute, DiscountRule, Faq, KnowledgeBase, Promotion, Sku, Stock, kb_time
from script_gen.units import builtin_units

COLUMNS: dict[str, tuple[str, ...]] = {
    "sku_id": ("sku_id", "sku", "商品id", "商品编码", "货号"),
    "title": ("title", "标题", "商品名称", "名称"),
    "brand": ("brand", "品牌"),
    "category": ("category", "类目", "分类"),
    "price": ("price", "价格", "日常价", "售价"),
    "list_price": ("list_price", "划线价", "原价", "吊牌价", "市场价"),
    "stock": ("stock", "库存"),
    "promotions": ("promotions", "促销", "活动"),
    "attributes": ("attributes", "属性", "参数"),
    "selling_points": ("selling_points", "卖点"),
    "certifications": ("certifications", "认证", "资质"),
    "usage": ("usage", "用法", "使用方法"),
    "faq": ("faq", "问答", "常见问题"),
    "forbidden_claims": ("forbidden_claims", "禁用宣传", "禁止宣传", "禁用话术"),
}
_ALIAS = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
_REQUIRED = ("sku_id", "title", "price")
_SKU_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
_LIST_SPLIT = re.compile(r"\s*[|\n]\s*")
_NUM_UNIT = re.compile(r"^(\d+(?:\.\d+)?(?:\s*[-~～]\s*\d+(?:\.\d+)?)?)\s*([^\d\s.].*)?$")  # 535L, 80-200℃
_LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)?")
_MAX_TEXT = 500
_MAX_STORED_ISSUES = 1000


class ImportIssue(BaseModel):
    """One problem: spreadsheet row (header is row 1) or JSON item number, column, and why."""

    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}column {self.column}: {self.reason}"


class KbImportError(InputError):
    """The file was rejected; ``issues`` lists every problem found."""

    def __init__(self, source: str, issues: list[ImportIssue]):
        self.issues = issues
        self.details = {"issues": [i.model_dump() for i in issues[:_MAX_STORED_ISSUES]], "issue_count": len(issues)}
        shown = "; ".join(str(i) for i in issues[:20])
        more = f" (and {len(issues) - 20} more)" if len(issues) > 20 else ""
        super().__init__(f"{source}: {len(issues)} problem(s), nothing imported: {shown}{more}")


class ImportResult(BaseModel):
    kb: KnowledgeBase
    warnings: list[ImportIssue]


def import_kb(path: str | Path, merchant_id: str = "default", limits: KbSettings | None = None,
              source: str = "") -> ImportResult:
    """Parse and validate ``path`` (.csv, .xlsx or .json) within ``limits``; raises :class:`KbImportError`
    for bad rows and :class:`~script_gen.kb_read.CapExceeded` for a file over a cap. Messages name the file
    as ``source`` (the merchant's file name), else by its own name."""
    limits = limits or KbSettings()
    path = Path(path)
    source = source or path.name
    if not path.is_file():
        raise InputError(f"knowledge-base file not found: {source}")
    suffix = path.suffix.lower()
    if suffix not in {".json", ".csv", ".xlsx", ".xlsm"}:
        raise InputError(f"{source}: unsupported knowledge-base format {suffix!r}; use .csv, .xlsx or .json")
    check_file_size(path, source, limits)
    if suffix == ".json":
        return parse_json(path.read_bytes(), merchant_id, source=source, limits=limits)
    if suffix == ".csv":
        return parse_table(read_csv(path.read_bytes(), source, limits), merchant_id, source=source)
    return parse_table(read_xlsx(path, source, limits), merchant_id, source=source)


def parse_table(rows: list[list[str]], merchant_id: str, source: str = "table") -> ImportResult:
    """Validate spreadsheet rows (``rows[0]`` is the header)."""
    rows = [r for r in rows if any(str(c).strip() for c in r)] if rows else []
    if not rows:
        raise KbImportError(source, [ImportIssue(row=None, column="-", reason="file is empty")])
    issues: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    header: dict[int, str] = {}
    for col, name in enumerate(rows[0]):
        key = _ALIAS.get(str(name).strip().lower())
        if key is None:
            if str(name).strip():
                warnings.append(ImportIssue(row=1, column=str(name), reason="unknown column, ignored"))
            continue
        if key in header.values():
            issues.append(ImportIssue(row=1, column=str(name), reason=f"duplicate column for {key}"))
        header[col] = key
    for req in _REQUIRED:
        if req not in header.values():
            issues.append(ImportIssue(row=1, column=req, reason=f"required column missing (accepted names: {', '.join(COLUMNS[req])})"))
    if issues:
        raise KbImportError(source, issues)
    if len(rows) == 1:
        raise KbImportError(source, [ImportIssue(row=None, column="-", reason="header only, no SKU rows")])
    records = []
    for offset, row in enumerate(rows[1:]):
        cells = {key: str(row[col]).strip() if col < len(row) and row[col] is not None else ""
                 for col, key in header.items()}
        records.append((offset + 2, cells))
    return _build(records, merchant_id, source, issues, warnings, structured=False)


def parse_json(data: bytes | str, merchant_id: str, source: str = "json", limits: KbSettings | None = None) -> ImportResult:
    """Validate a JSON knowledge base (``{"skus": [...]}`` or a bare list of SKUs)."""
    limits = limits or KbSettings()
    try:
        doc = load_json(data, source, limits)
    except json.JSONDecodeError as exc:
        raise KbImportError(source, [ImportIssue(row=None, column="-", reason=f"invalid JSON: {exc}")]) from exc
    if isinstance(doc, dict):
        merchant_id = str(doc.get("merchant_id") or merchant_id)
        doc = doc.get("skus")
    if not isinstance(doc, list) or not doc:
        raise KbImportError(source, [ImportIssue(row=None, column="skus", reason="expected a non-empty list of SKUs")])
    if len(doc) > limits.max_rows:
        raise CapExceeded(f"{source}: more than {limits.max_rows} SKUs")
    records = []
    issues: list[ImportIssue] = []
    for n, item in enumerate(doc, start=1):
        if not isinstance(item, dict):
            issues.append(ImportIssue(row=n, column="-", reason="each SKU must be a JSON object"))
            continue
        unknown = set(item) - set(COLUMNS)
        if unknown:
            issues.append(ImportIssue(row=n, column=",".join(sorted(unknown)), reason=f"unknown field(s); allowed: {', '.join(COLUMNS)}"))
        records.append((n, item))
    return _build(records, merchant_id, source, issues, [], structured=True)


def _build(records, merchant_id, source, issues, warnings, *, structured: bool) -> ImportResult:
    skus: list[Sku] = []
    first_row: dict[str, int] = {}
    for row, cells in records:
        sku = _parse_sku(row, cells, issues, warnings, structured)
        if sku is None:
            continue
        if sku.sku_id in first_row:
            issues.append(ImportIssue(row=row, column="sku_id", reason=f"duplicate SKU id {sku.sku_id!r} (first at row {first_row[sku.sku_id]})"))
            continue
        first_row[sku.sku_id] = row
        skus.append(sku)
    if issues:
        raise KbImportError(source, issues)
    return ImportResult(kb=KnowledgeBase(merchant_id=merchant_id, skus=tuple(skus)), warnings=warnings)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _items(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    return [p for p in _LIST_SPLIT.split(str(value)) if p]


def _parse_sku(row: int, cells: dict[str, Any], issues: list[ImportIssue], warnings: list[ImportIssue],
               structured: bool) -> Sku | None:
    before = len(issues)

    def bad(column: str, reason: str) -> None:
        issues.append(ImportIssue(row=row, column=column, reason=reason))

    sku_id = _text(cells.get("sku_id"))
    if not sku_id:
        bad("sku_id", "empty SKU id")
    elif not _SKU_ID.match(sku_id):
        bad("sku_id", f"{sku_id!r} is not a valid id (letters, digits, _ . - only, at most 64)")
    title = _text(cells.get("title"))
    if not title:
        bad("title", "empty title")
    price = _price(cells.get("price"), "price", bad, required=True)
    list_price = _price(cells.get("list_price"), "list_price", bad, required=False)
    if list_price is not None and price is not None and list_price < price:
        bad("list_price", f"list price {list_price} is below the daily price {price}")
    stock = _stock(cells.get("stock"), bad)
    texts: dict[str, Any] = {}
    for name in ("brand", "category", "usage"):
        texts[name] = _text(cells.get(name))
    lists = {name: [_text(x) for x in _items(cells.get(name))]
             for name in ("selling_points", "certifications", "forbidden_claims")}
    for name, values in [("title", [title]), ("usage", [texts["usage"]])] + list(lists.items()):
        for value in values:
            if len(value) > _MAX_TEXT:
                bad(name, f"text longer than {_MAX_TEXT} characters")
            if withheld(value) is not None:
                warnings.append(ImportIssue(row=row, column=name, reason=f"looks like an instruction to a model, withheld from generation: {value[:40]!r}"))
    attributes = _attributes(cells.get("attributes"), bad)
    faq = _faq(cells.get("faq"), bad)
    promotions = _promotions(cells.get("promotions"), price, bad, structured,
                             lambda column, reason: warnings.append(ImportIssue(row=row, column=column, reason=reason)))
    if len(issues) > before:
        return None
    return Sku(
        sku_id=sku_id, title=title, price=price, list_price=list_price, stock=stock, promotions=tuple(promotions), attributes=tuple(attributes),
        faq=tuple(faq), selling_points=tuple(lists["selling_points"]),
        certifications=tuple(lists["certifications"]), forbidden_claims=tuple(lists["forbidden_claims"]),
        **texts,
    )


def _price(value: Any, column: str, bad, *, required: bool) -> Decimal | None:
    text = _text(value).replace("¥", "").replace("￥", "").replace("元", "").replace(",", "")
    if not text:
        if required:
            bad(column, "empty price")
        return None
    try:
        price = Decimal(text)
    except InvalidOperation:
        bad(column, f"{_text(value)!r} is not a price (use digits like 299 or 39.9)")
        return None
    if not price.is_finite() or price <= 0:
        bad(column, f"price must be positive, got {text}")
        return None
    if price.as_tuple().exponent < -2:
        bad(column, f"price {text} has more than 2 decimals")
        return None
    if price > Decimal("10000000"):
        bad(column, f"price {text} is implausibly large")
        return None
    return price


def _stock(value: Any, bad) -> Stock | None:
    if isinstance(value, dict):
        quantity, unit = _text(value.get("quantity")), _text(value.get("unit")) or "件"
    else:
        m = re.fullmatch(r"(\d+)\s*([^\d\s]{0,4})", _text(value))
        if not _text(value):
            return None
        if not m:
            bad("stock", f"{_text(value)!r} is not a stock (a whole number and an optional unit, like 1200台)")
            return None
        quantity, unit = m.group(1), m.group(2) or "件"
    if not quantity.isdigit() or len(quantity) > 9:
        bad("stock", f"stock quantity {quantity!r} is not a whole number >= 0")
        return None
    if len(unit) > 4:
        bad("stock", f"stock unit {unit!r} is longer than 4 characters")
        return None
    return Stock(quantity=int(quantity), unit=unit)


def _attributes(value: Any, bad) -> list[Attribute]:
    out: list[Attribute] = []
    seen: set[str] = set()
    if isinstance(value, dict):
        value = [{"key": k, "value": v} for k, v in value.items()]
    items = value if isinstance(value, list) else [p for p in re.split(r"\s*[|\n;；]\s*", _text(value)) if p]
    for n, item in enumerate(items):
        if isinstance(item, dict):
            key, raw, unit = _text(item.get("key")), _text(item.get("value")), _text(item.get("unit"))
        else:
            parts = re.split(r"\s*[=:：]\s*", str(item), maxsplit=1)
            if len(parts) != 2:
                bad("attributes", f"item {n + 1} {item!r} is not key=value")
                continue
            key, raw, unit = parts[0], parts[1], ""
        if not key or not raw:
            bad("attributes", f"item {n + 1} has an empty key or value")
            continue
        if key in seen:
            bad("attributes", f"attribute {key!r} given twice")
            continue
        seen.add(key)
        m = _NUM_UNIT.match(raw)
        if not unit and m and m.group(2) and _is_unit(m.group(2).strip()):
            raw, unit = m.group(1), m.group(2).strip()
        out.append(Attribute(key=key, value=raw, unit=unit))
    return out


def _is_unit(text: str) -> bool:
    """``535L`` splits into 535 + L and ``12mg/100mL`` into 12 + mg/100mL; ``304不锈钢`` stays a value."""
    if text in {"万", "千", "亿", "多"}:
        return False
    if "/" in text:  # every part a known unit: 亮白/02自然 is a list of shades, not a unit
        return all(_known_unit(_LEADING_NUMBER.sub("", part)) for part in text.split("/"))
    return _known_unit(text) or bool(re.fullmatch(r"[\u4e00-\u9fff]{1,2}", text))


def _known_unit(text: str) -> bool:
    return builtin_units().lookup(text) is not None or bool(re.fullmatch(r"[A-Za-z%℃°㎡]{1,5}", text))


# 问：…答：… (or Q: … A: …) marks where the question ends, so a question may hold several ？.
_MARKED_FAQ = re.compile(r"^\s*(?:问|Q)\s*[:：]\s*(.+?)\s*(?:答|A)\s*[:：]\s*(.+)$", re.S | re.I)


def _faq(value: Any, bad) -> list[Faq]:
    out = []
    for n, item in enumerate(_items(value)):
        if isinstance(item, dict):
            q, a = _asked(_text(item.get("question"))), _text(item.get("answer"))
        else:
            m = _MARKED_FAQ.match(str(item)) or re.match(r"^(.+?[？?])\s*(.+)$", str(item), re.S)
            if not m:
                bad("faq", f"item {n + 1} {str(item)[:30]!r} needs a question ending in ？ followed by the answer "
                           "(or 问：…答：…)")
                continue
            q, a = m.group(1).strip(), m.group(2).strip()
        if not q or not a:
            bad("faq", f"item {n + 1} has an empty question or answer")
            continue
        out.append(Faq(question=q, answer=a))
    return out


def _asked(question: str) -> str:
    """A question ends in a question mark, as the spreadsheet syntax needs to find where it ends."""
    return question if not question or question.endswith(("？", "?")) else f"{question}？"


def _when(text: str, column: str, bad, end: bool) -> datetime | None:
    """A promotion's time on the merchant's wall clock; an export's ISO time with an offset
    (2026-12-01T20:00:00+08:00, …Z) is converted to it, as the KB stores local times."""
    text = text.strip().replace("/", "-").replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            value = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" and end:
            value = datetime.combine(value.date(), time(23, 59, 59))
        return value
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None
    if value is not None and value.tzinfo is not None:
        return kb_time(value)
    bad(column, f"{text!r} is not a date (use 2026-12-01, 2026-12-01 20:00 or 2026-12-01T20:00:00+08:00)")
    return None


def _promotions(value: Any, price: Decimal | None, bad, structured: bool, warn) -> list[Promotion]:
    items = value if isinstance(value, list) else [p for p in re.split(r"\s*[\n;；]\s*", _text(value)) if p]
    out = []
    for n, item in enumerate(items):
        col = f"promotions[{n + 1}]"
        if isinstance(item, dict):
            fields = [item.get(k) for k in ("name", "price", "starts_at", "ends_at", "stock_limit", "description")]
            rules = _explicit_rules(item.get("rules") or [], col, bad, rules_from_json)
        else:
            fields = [f.strip() for f in str(item).split("|")]
            if len(fields) < 4:
                bad(col, f"{item!r} needs 名称|到手价|开始|结束[|限量|说明|规则]")
                continue
            rules = _explicit_rules(fields[6] if len(fields) > 6 else "", col, bad, _rules_cell)
        fields += [None] * (6 - len(fields))
        name, p_price, start, end, stock, desc = fields[:6]
        name = _text(name)
        if not name:
            bad(col, "promotion without a name")
        promo_price = _price(p_price, col, bad, required=False)
        if promo_price is not None and price is not None and promo_price > price:
            # 粽子 cost more before 端午: a festival price above the daily one is real, so it is imported and shown
            warn(col, f"promotion price {promo_price} is above the daily price {price}: a festival price, or a "
                      "bundle's total where one item's price belongs (put that in rules: 两个79 is fixed_price)?")
        starts = _when(_text(start), col, bad, end=False)
        ends = _when(_text(end), col, bad, end=True)
        if starts and ends and ends <= starts:
            bad(col, f"ends ({ends:%Y-%m-%d %H:%M}) before it starts ({starts:%Y-%m-%d %H:%M})")
        # 300, "300盒" or {"quantity": 300, "unit": "盒"}: a limit is written the way the SKU's stock is
        limit = _stock(stock, lambda _column, why: bad(col, why.replace("stock", "stock limit", 1)))
        stock_limit = None if limit is None else limit.quantity
        if name and starts and ends and ends > starts:
            out.append(Promotion(name=name, price=promo_price, starts_at=starts, ends_at=ends,
                                 stock_limit=stock_limit, description=_text(desc),
                                 rules=rules or parse_rules(_text(desc))))
    return out


def _rules_cell(cell: str) -> tuple[DiscountRule, ...]:
    """``第2件5折+满600减50``: every ``+`` part must be one rule, or the merchant's cell is wrong."""
    rules = []
    for part in filter(None, (p.strip() for p in cell.split("+"))):
        parsed = parse_rules(part)
        if len(parsed) != 1:
            raise ValueError(f"{part!r} is not one discount rule (like 第2件5折, 满600减50, 买1送1, 2件99元)")
        rules += parsed
    return tuple(rules)


def _explicit_rules(value: Any, col: str, bad, parse) -> tuple[DiscountRule, ...]:
    try:
        return parse(value)
    except ValueError as exc:
        bad(col, f"rules: {str(exc).splitlines()[0]}")
        return ()


def sku_to_row(sku: Sku) -> dict[str, str]:
    """The CSV/XLSX row for ``sku`` (inverse of the import syntax)."""
    def money(v: Decimal | None) -> str:
        return "" if v is None else format(v, "f")

    return {
        "sku_id": sku.sku_id, "title": sku.title, "brand": sku.brand, "category": sku.category,
        "price": money(sku.price),
        "list_price": money(sku.list_price),
        "stock": "" if sku.stock is None else sku.stock.text,
        "promotions": "\n".join(
            f"{p.name}|{money(p.price)}|{_stamp(p.starts_at)}|{_stamp(p.ends_at)}|"
            f"{'' if p.stock_limit is None else p.stock_limit}|{p.description}"
            + (f"|{rules_text(p.rules)}" if p.rules else "") for p in sku.promotions),
        "attributes": "|".join(f"{a.key}={a.value}{a.unit}" for a in sku.attributes),
        "selling_points": "|".join(sku.selling_points),
        "certifications": "|".join(sku.certifications),
        "usage": sku.usage,
        "faq": "|".join(f"{_asked(f.question)}{f.answer}" for f in sku.faq),
        "forbidden_claims": "|".join(sku.forbidden_claims),
    }


def _stamp(at: datetime) -> str:
    """Minutes, and seconds only when there are some (a date-only end is 23:59:59)."""
    return f"{at:%Y-%m-%d %H:%M:%S}" if at.second else f"{at:%Y-%m-%d %H:%M}"


def table_rows(skus: Iterable[Sku]) -> list[list[str]]:
    """Header plus one row per SKU, ready for ``csv.writer`` or an openpyxl sheet."""
    header = list(COLUMNS)
    return [header] + [[sku_to_row(s)[c] for c in header] for s in skus]
