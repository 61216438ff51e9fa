"""Extract checkable factual claims from Chinese text.

Deterministic and cheap (a script is checked in well under a millisecond per sentence): numbers
with units, prices, percentages, dates, stock and deadline urgency, certifications and comparisons.
Attribute values are found by the verifier with an Aho-Corasick automaton over the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from script_gen.normalize import Normalized
from script_gen.spans import Spans
from script_gen.units import UnitTable

ClaimKind = Literal["quantity", "money", "date", "stock", "deadline", "certification", "comparison"]

_NUM = r"\d+(?:\.\d+)?"
_APPROX = re.compile(r"(约|大约|近|将近|接近|超过|超|多达|高达|达)$")
_PRICE_CUE = re.compile(
    rf"(?:¥|价格?|价位|只要|仅需|仅要|只需|到手|才|直降|立减|立省|省|减)\s*(?:是|为|只有|只要)?\s*(?P<num>{_NUM})(?![\d.%])"
)
_DATE = re.compile(r"(?:(?P<y>\d{4})[年\-/.])?(?P<m>\d{1,2})(?:月|[\-/])(?P<d>\d{1,2})(?:日|号)?(?!\d)")
_STOCK = re.compile(
    rf"(?:仅剩|只剩|还剩|剩下|最后|限量|限购|库存(?:只有|仅有|还有|仅剩|只剩)?|只放|放出|还有最后)\s*(?P<num>{_NUM})\s*"
    r"(?P<unit>[\u4e00-\u9fff])"  # any counting unit (台, 箱, 本, 罐 ...); kept when the unit table counts it
)
_DEADLINE = re.compile(
    r"(今天|今晚|今日|本场|这场)[^。！!？?\n，,]{0,6}(截止|结束|最后一天|恢复原价|涨价|下架)|最后一天|倒计时|限时"
)
_CERT = re.compile(
    r"(?P<core>[A-Za-z0-9\-\u00c0-\u00ff]+|[\u4e00-\u9fff]{1,4}?)(?P<suffix>认证|证书|证明|检测报告|质检报告|专利|备案号?|许可证)"
)
_CERT_FILLER = re.compile(r"^(多项|多个|双重|权威|正规|官方|国家|国际)+")
_CERT_SPLIT = re.compile(r"通过|获得|拿到|取得|经过|具有|拥有|持有|还有|都有|了|的|有|和|及|与|并|过|是")
_COMPARE = re.compile(
    r"比(?P<target>[^，,。！!？?\s]{1,10}?)(?:还|更|要)?(?P<adj>高|快|大|多|省|强|好|低|少|长|轻|薄|小|耐用|安静|便宜|划算)"
)


@dataclass(frozen=True)
class Claim:
    """A claim in normalised text; ``start``/``end`` are normalised offsets."""

    kind: ClaimKind
    start: int
    end: int
    text: str
    value: float | None = None
    unit: str = ""
    dimension: str = ""
    base: float | None = None
    approx: bool = False
    detail: str = ""


@lru_cache(maxsize=32)
def _quantity_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<yuan>[¥])?\s*(?P<num>{_NUM})\s*(?P<mult>万|千)?\s*(?P<unit>{pattern})?")


def _quantities(norm: str, units: UnitTable) -> list[Claim]:
    out: list[Claim] = []
    for m in _quantity_regex(units.pattern).finditer(norm):
        num = float(m.group("num"))
        if m.start("num") > 0 and norm[m.start("num") - 1] in ".":
            continue
        mult = {"万": 10000.0, "千": 1000.0}.get(m.group("mult") or "", 1.0)
        unit = m.group("unit") or ""
        if m.group("yuan"):
            unit = unit or "元"
        if not unit:
            continue
        info = units.lookup(unit)
        if info is None:
            continue
        dim, factor = info
        value = num * mult
        if dim in {"count", "times", "kinds", "levels", "layers", "people"} and value <= 1:
            continue  # 一个/一次/一款: articles, not claims
        start = m.start("yuan") if m.group("yuan") else m.start("num")
        before = norm[max(0, start - 4) : start]
        out.append(Claim(
            kind="money" if dim == "money" else "quantity",
            start=start, end=m.end(), text=norm[start : m.end()], value=value, unit=unit.lower(),
            dimension=dim, base=value * factor, approx=bool(_APPROX.search(before)),
        ))
    return out


def _bare_prices(norm: str, taken: list[tuple[int, int]]) -> list[Claim]:
    out = []
    claimed = Spans(taken)
    for m in _PRICE_CUE.finditer(norm):
        s, e = m.start("num"), m.end("num")
        if claimed.cover(s, s + 1):
            continue
        value = float(m.group("num"))
        out.append(Claim("money", s, e, norm[s:e], value, "元", "money", value))
    return out


def extract_claims(text: Normalized, units: UnitTable) -> list[Claim]:
    """All claims in ``text`` ordered by position; dates win over the numbers inside them."""
    norm = text.text
    claims: list[Claim] = []
    date_spans: list[tuple[int, int]] = []
    for m in _DATE.finditer(norm):
        month, day = int(m.group("m")), int(m.group("d"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if "月" not in m.group(0) and m.group("y") is None:
            continue  # 3-5 or 1/2 is a range or a fraction, not a date
        date_spans.append((m.start(), m.end()))
        year = m.group("y")
        claims.append(Claim("date", m.start(), m.end(), m.group(0),
                            detail=f"{year or ''}-{month:02d}-{day:02d}"))
    stock_spans: list[tuple[int, int]] = []
    for m in _STOCK.finditer(norm):
        if (units.lookup(m.group("unit")) or ("",))[0] != "count":
            continue
        stock_spans.append((m.start("num"), m.end("unit")))
        claims.append(Claim("stock", m.start(), m.end(), m.group(0), float(m.group("num")),
                            m.group("unit"), "count", float(m.group("num"))))
    dated = Spans(date_spans + stock_spans)
    for q in _quantities(norm, units):
        if dated.cover(q.start, q.start + 1):
            continue
        claims.append(q)
    taken = [(c.start, c.end) for c in claims]
    claims += _bare_prices(norm, taken)
    for m in _DEADLINE.finditer(norm):
        claims.append(Claim("deadline", m.start(), m.end(), m.group(0)))
    for m in _CERT.finditer(norm):
        core = _CERT_FILLER.sub("", _CERT_SPLIT.split(m.group("core"))[-1])
        start = m.end("core") - len(core)
        claims.append(Claim("certification", start, m.end(), norm[start : m.end()], detail=core))
    for m in _COMPARE.finditer(norm):
        claims.append(Claim("comparison", m.start(), m.end(), m.group(0), detail=m.group("target")))
    claims.sort(key=lambda c: (c.start, -c.end))
    return claims
