"""Whether a quantity claim is backed by the SKU's own quantities, comparing like with like.

A claim is compared in the first of its readings whose dimension the SKU's facts use (``度`` as a
temperature for a kettle, as an angle for a stroller's backrest; a rate only where the KB states a
rate). A point inside a KB range is backed; a script range must lie inside one. When the clause names a parameter the KB has (蛋白质, 除湿量), only
that parameter's values count, so a sibling's value quoted in an FAQ does not back it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from script_gen.quantities import Measure
from script_gen.units import is_measure_word, pack_units

_APPROX_TOLERANCE = 0.1
_EXACT_TOLERANCE = 1e-3
_BOUND_SLACK = 0.2  # how far below 不到 X (or above X 以上) a stated value may lie for X to be its rounding
# 两盒, three boxes of: a count of packs, by the measure word or the English noun (the units table's count nouns)
_COUNT_IN_CLAUSE = re.compile(r"(\d+)\s*([件个片支瓶包袋盒只双套罐条粒颗份张台箱本册]|(?i:[a-z]+)\b)")
_PER_AMOUNT = re.compile(r"(?:/|每)\s*\d")


@dataclass(frozen=True)
class Grounded:
    """One reading of a KB quantity: which fact states it, as written, under which attribute key."""

    measure: Measure
    value: float
    fact_id: str
    text: str
    key: str = ""
    derived: bool = False
    """A rate's numerator (the 3.6 g of 3.6g/100mL) or the amount it is per (the 100 mL), not a value the KB
    states on its own."""
    bound: str = ""
    """The KB states the value as a bound (缩水率≤3%): then only that bound backs a bound."""


def _within(lo: float, hi: float, klo: float, khi: float, tolerance: float) -> bool:
    pad = tolerance * max(abs(lo), abs(hi), abs(klo), abs(khi), 1e-12)
    return klo - pad <= lo and hi <= khi + pad


def supports(claim: Measure, approx: bool, kb: Measure) -> bool:
    """Does the KB reading ``kb`` back ``claim`` (said ``approx``imately or not)?

    A bound is a quoted value: 不到五斤 and ≥1.2g/100mL must name a KB value, as a host misquoting
    缩水率≤3% as 五以内 is wrong even where the weaker bound happens to hold.
    """
    if claim.parts:
        return all(any(_within(p, p, k, k, max(_EXACT_TOLERANCE, claim.slack)) for k in kb.parts) for p in claim.parts)
    if approx or claim.slack:  # about / 左右 / 多, or a rounded conversion: the ranges only need to meet
        widen = max(_APPROX_TOLERANCE if approx else 0.0, claim.slack) * max(abs(claim.lo), abs(claim.hi))
        return kb.lo <= claim.hi + widen and claim.lo - widen <= kb.hi
    return _within(claim.lo, claim.hi, kb.lo, kb.hi, _EXACT_TOLERANCE)


def per_pack(pool: list[Grounded]) -> list[Grounded]:
    """600m/支 with 12支/盒 is also 7200m/盒: a rate per item restated per pack the KB packs items in,
    so 一盒能写六百米 compares with the box's 7200 m, not with the pen's 600 m."""
    packs = [q for q in pool if q.measure.dimension.startswith("count:") and "/count:" in q.measure.dimension]
    out = []
    for q in pool:
        num, _, den = q.measure.dimension.partition("/")
        for p in packs:
            item, _, pack = p.measure.dimension.partition("/")
            if den == item and num != item:
                out.append(Grounded(Measure(f"{num}/{pack}", q.measure.lo * p.measure.lo, q.measure.hi * p.measure.hi),
                                    q.value * p.measure.lo, q.fact_id, f"{q.text}×{p.text}", q.key))
    return out


def per_amount(pool: list[Grounded]) -> list[Grounded]:
    """20-30只/kg with a 2 kg pack is also 40-60 只 in the pack: a rate per amount (kg, L) times the amount the KB
    states, so 两公斤就是四十到六十只 is backed. Derived: it backs a said total, never names a parameter."""
    amounts = [q for q in pool if "/" not in q.measure.dimension and not q.derived and q.measure.lo == q.measure.hi
               and q.measure.lo > 0 and q.measure.dimension in ("mass", "volume")]
    out = []
    for q in pool:
        num, _, den = q.measure.dimension.partition("/")
        if den not in ("mass", "volume") or "/" in num or num == den:
            continue
        for a in amounts:
            if a.measure.dimension == den:
                out.append(Grounded(Measure(num, q.measure.lo * a.measure.lo, q.measure.hi * a.measure.lo),
                                    q.value * a.measure.lo, q.fact_id, f"{q.text}×{a.text}", q.key, derived=True))
    return out


def reference_amounts(readings: tuple[Measure, ...], value: float, fact_id: str, text: str, key: str) -> list[Grounded]:
    """The 100 g of 6.5g/100g or 1050kJ/100g: the amount a rate is stated per, which a host says beside the
    value (一百克八点一克) without claiming it of the product. Only an amount the KB writes out (/100g): 每公斤体重
    is a rate per unit, and 一公斤 beside it is no reference."""
    out = []
    for rate in readings:
        num_dim, _, den_dim = rate.dimension.partition("/")
        num = next((r for r in readings if r.dimension == num_dim), None)
        if den_dim and num is not None and rate.lo > 0 and not den_dim.startswith("count:") and _PER_AMOUNT.search(text):
            ref = num.lo / rate.lo
            out.append(Grounded(Measure(den_dim, ref, ref), value, fact_id, text, key, derived=True))
    return out


def rounds_to_bound(claim: Measure, bound: str, kb: Grounded, step: float = 0.0) -> bool:
    """不到二两 for 98 g, 超过一千颗 or 一千多颗 for 1088: a round bound said just beyond a value the KB
    states exactly.

    A KB bound is quoted, not rounded (缩水率≤3% said as 五以内 stays wrong), and a bound far from the
    value (不到十斤 for 2.1 kg) is no rounding. "Just beyond" is a fifth of the bound, or one ``step``
    (the said unit, in base units) where that is more: 不到一两 for 33 g rounds up to the next whole 两.
    """
    if not bound or kb.bound or kb.measure.lo != kb.measure.hi:
        return False
    value, said = kb.measure.lo, claim.lo
    if claim.lo != claim.hi:  # 一千二百多: from the said value up to its next step
        return bound == ">" and claim.lo <= value < claim.hi
    slack = max(abs(said) * _BOUND_SLACK, step)
    if bound == "<":
        return said - slack <= value < said
    return said < value <= said + slack


def keyed(pool: list[Grounded], context: str) -> list[Grounded]:
    """``pool`` less FAQ answers when the clause names one of its attributes (蛋白 names 蛋白质).

    An FAQ often quotes a sibling's value in a comparison; a claim about this SKU's named parameter
    is backed by this SKU's own statements.
    """
    names = {q.key for q in pool if q.key}
    if not any(k in context or (len(k) >= 3 and k[:-1] in context) for k in names):
        return pool
    return [q for q in pool if "#faq:" not in q.fact_id]


_TOGETHER_EN = re.compile(r"\b(\d+)\s+(?:together|of\s+them|in\s+all|combined)\b", re.IGNORECASE)  # the three together


def product_of_counts(claim: Measure, pool: list[Grounded], context: str) -> bool:
    """一盒三双，拍两盒就是六双; 两罐就是一公斤; three boxes of 45 liters, so 135 liters: a total that is a KB value times a
    count of items in the sentence."""
    if "/" in claim.dimension:
        return False
    counted = claim.dimension.removeprefix("count:")
    factors = {int(n) for n, u in _COUNT_IN_CLAUSE.findall(context) if 1 < int(n) <= 20
               and (packs := pack_units(u) or (u if is_measure_word(u) else "")) and counted not in packs}
    together = {int(n) for n in _TOGETHER_EN.findall(context) if 1 < int(n) <= 20}
    # (the three together are about twelve and a half ounces for 360 g: a rounded conversion, as loose as its unit)
    return any(_within(f * q.measure.lo, f * q.measure.hi, claim.lo, claim.hi, 1e-9) for f in factors for q in pool) \
        or any(_within(f * q.measure.lo, f * q.measure.hi, claim.lo, claim.hi, max(1e-9, claim.slack))
               for f in together for q in pool)


def nearest(claim: Measure, pool: list[Grounded]) -> Grounded:
    return min(pool, key=lambda q: min(abs(q.measure.lo - claim.lo), abs(q.measure.hi - claim.hi)))
