"""Values a host works out aloud from other values: a sum, a value times a count, a rate times an amount.

Hosts do arithmetic on air (一包六升，一箱四包，一共二十四升; 每一百毫升三点六克，一盒二百五十毫升差不多九克;
EPA一百八十、DHA一百二十，加起来三百毫克). The result is no KB value, yet it is right when its operands
are: the operands are checked on their own, so the result only has to be their sum or product. A sum and
a product with a count must be said as a total (一共, 加起来, in total); a rate times an amount of the
rate's own denominator needs no cue, as the units already say what was multiplied. An amount the
host puts into a KB rate that is per a second unit (每天每公斤体重15g times a four-kilo cat) is the
calculation's premise, not a claim about the product, so it is accepted with the result. A count may be in
a unit the KB counts in (四十八节) or per period (一天两粒), a factor may be a per cent of a said amount
(五十克的百分之一点五), and an operand said as a range (八十多克) bounds the result from both sides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations

from script_gen.claims import Claim
from script_gen.grounding import Grounded
from script_gen.quantities import Measure
from script_gen.units import UnitTable

_TOTAL = re.compile(r"加起来|加在一起|一共|总共|合计|共计|全部|算下来|下来|相当于|总的|\bin\s+total\b|\baltogether\b"
                    r"|\bcombined\b|\btogether\b", re.IGNORECASE)
_CUE_REACH = 12
_TOLERANCE = 0.02
_PER = re.compile(r"每\s*")
# A value said of one item (一瓶六百六十毫升, each, a bag): a size, not a total
_OF_ONE = re.compile(r"(?:^|[^\d.])[一每单1]\s*[\u4e00-\u9fff]?\s*$|\b(?:each|per|a|an|every|one)\s*$", re.IGNORECASE)
# Operands are the claims said near the result: bounded work per claim keeps long texts linear.
_NEIGHBOURS = 6
# A count said before a result in its sentence and read as no claim of its own (十二个, two jars, three in a box): a
# factor like a counted claim's.
_SAID_COUNT = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:(?=[个件只瓶罐盒袋包支条块张片套组卷本根颗粒枚双把台])|(?=in\s+an?\b)|"
                         r"(?=(?:[a-z-]+\s+)?[a-z]+s\b))", re.IGNORECASE)
_COUNT_REACH = 60


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE * max(abs(a), abs(b), 1e-12)


def _covers(lo: float, hi: float, value: float) -> bool:
    """``value`` lies in [lo, hi] to a said figure's tolerance: 八十多克 times 10.5 kJ/g gives 870 kJ."""
    return lo * (1 - _TOLERANCE) <= value <= hi * (1 + _TOLERANCE)


def _positive(readings: Sequence[Measure]) -> list[Measure]:
    return [r for r in readings if r.lo > 0 and not r.parts]


def _count(claim: Claim, reading: Measure) -> float | None:
    """How many things ``reading`` counts, when it can be a factor: 四十八节 (a unit the KB counts in as well as a
    measure word), or the 两粒 of 一天两粒, a count per period that multiplies like the bare count."""
    if not reading.dimension.startswith(("count:", "unit:")) or reading.lo != reading.hi:
        return None
    per = reading.dimension.partition("/")[2]
    value = reading.lo if not per else claim.value if per == "duration" else None
    return value if value is not None and value == int(value) and 2 <= value <= 100 else None


def _per_units(text: str, units: UnitTable) -> list[tuple[str, float]]:
    """The (dimension, scale) of every unit a KB fact is per (每天每公斤体重: duration and mass)."""
    out = []
    for m in _PER.finditer(text):
        for size in (3, 2, 1):
            readings = units.readings(text[m.end() : m.end() + size])
            if readings:
                out.append(readings[0])
                break
    return out


def computed(claims: Sequence[Claim], pool: Sequence[Grounded], text: str, units: UnitTable) -> set[int]:
    """Indices of ``claims`` (quantities in normalised ``text``) that are the result or a premise of a calculation
    from other values said in the text or stated by the KB ``pool``."""
    said = [_positive(c.readings) if c.kind == "quantity" else [] for c in claims]
    kb = [q for q in pool if q.measure.lo == q.measure.hi and q.measure.lo > 0]
    counts = _said_counts(text, claims)
    out: set[int] = set()
    for i, c in enumerate(claims):
        if c.kind != "quantity":
            continue
        near = [(n, o) for n in range(max(0, i - _NEIGHBOURS), min(len(claims), i + _NEIGHBOURS + 1)) if n != i
                for o in said[n]]
        total = bool(_TOTAL.search(text[max(0, c.start - _CUE_REACH) : c.start]))
        if _restated(c, i, claims, said, text):
            out.add(i)
            continue
        for r in (r for r in said[i] if r.lo == r.hi):
            if any(q.measure.dimension == r.dimension and _same(q.measure.lo, r.lo) for q in kb):
                break  # a value the KB states needs no working out, and vouches for no operand (净含量1kg)
            if total and _fact_sum(r, kb):
                out.add(i)
                break
            untied = not total and not _OF_ONE.search(text[max(0, c.start - 4) : c.start]) \
                and not _OF_ONE.search(c.text[:2])
            spoken = [(-1, n) for at, n in counts if c.start - _COUNT_REACH <= at < c.start
                      and not re.search(r"[。！？!?\n]", text[at : c.start])]
            spoken += [(-1, float(m.group(1))) for m in [_FOR_COUNT.match(text, c.end)] if m and 2 <= int(m.group(1)) <= 100]
            used = _operands(r, near, kb, total, untied, c.start, claims, units, spoken)
            if used is not None:
                out |= {i, *used}
                break
    return out


def _said_counts(text: str, claims: Sequence[Claim]) -> list[tuple[int, float]]:
    """(position, count) of every count from 2 to 100 said outside the claims' spans, or read as a sum of money right
    before a quantity (三块九百克: three pieces, nine hundred grams)."""
    spans = [(c.start, c.end) for c in claims if not (c.kind == "money" and c.text.endswith("块") and text[c.end:c.end + 1].isdigit())]
    return [(m.start(), float(m.group(1))) for m in _SAID_COUNT.finditer(text)
            if 2 <= int(m.group(1)) <= 100 and not any(s <= m.start() < e for s, e in spans)]


# thirty-two grams for the four, two hundred grams for all fifty: the count a total is said for, right after it
_FOR_COUNT = re.compile(r"\s+for\s+(?:all\s+)?(?:the\s+)?(\d{1,3})(?!\d|\.\d)", re.IGNORECASE)


def _fact_sum(r: Measure, kb: Sequence[Grounded]) -> bool:
    """``r`` is the sum of the values one KB fact lists (容量370ml、640ml、1040ml、1520ml: 四只加起来3570毫升)."""
    by_fact: dict[str, list[float]] = {}
    for q in kb:
        if q.measure.dimension == r.dimension and not q.derived:
            by_fact.setdefault(q.fact_id, []).append(q.measure.lo)
    return any(len(values) >= 2 and _same(sum(values), r.lo) for values in by_fact.values())


# A figure said as a rounding of the one before it (三千五百七十毫升，三升半多一点; nineteen eighty mils, just under two
# liters): the rounding words before or after it.
_ROUGHLY_BEFORE = re.compile(r"(?:差不多|大概|大约|约|将近|快|不到|接近|\babout|\broughly|\bnearly|\balmost|\baround"
                             r"|\bjust\s+(?:under|over)|\ba\s+bit\s+(?:under|over)|\bunder|\bover)\s*$", re.IGNORECASE)
_ROUGHLY_AFTER = re.compile(r"\s*(?:多一点|多一些|多点|多(?![少])|出头|左右|上下|不到|\bor\s+so\b)", re.IGNORECASE)
_RESTATE_REACH = 16
_ROUNDING = 0.12
# 八十四克，不到二两 / twenty-two grams, less than an ounce: a round bound above (or below) the figure before it.
_BELOW = re.compile(r"(?:不到|不足|没到|少于|不超过|\bunder|\bless\s+than|\bbelow|\bjust\s+under)\s*$", re.IGNORECASE)
_ABOVE = re.compile(r"(?:超过|多于|\bover|\bmore\s+than|\babove|\bjust\s+over)\s*$", re.IGNORECASE)
# 六百四十克，一斤多一点 / 一百七十克，三两出头: the figure before is a little above the round one said
_MORE_AFTER = re.compile(r"\s*(?:多一点|多一些|多点|多(?![少])|出头)")
_BOUND = 1.35


def _restated(c: Claim, i: int, claims: Sequence[Claim], said: Sequence[list[Measure]], text: str) -> bool:
    """``c`` restates, rounded, the quantity said just before it in another unit or fewer digits."""
    if i == 0 or not said[i] or not (_ROUGHLY_BEFORE.search(text, max(0, c.start - 12), c.start)
                                     or _ROUGHLY_AFTER.match(text, c.end)):
        return False
    prev = claims[i - 1]
    if c.start - prev.end > _RESTATE_REACH or re.search(r"[。！？!?]", text[prev.end : c.start]):
        return False
    before = text[max(0, c.start - 12) : c.start]
    below, above = _BELOW.search(before), _ABOVE.search(before) or _MORE_AFTER.match(text, c.end)
    return any(p.dimension == r.dimension and p.lo == p.hi and (
        abs(r.lo - p.lo) <= _ROUNDING * p.lo or below and p.lo < r.lo <= _BOUND * p.lo
        or above and p.lo / _BOUND <= r.lo < p.lo) for r in said[i] for p in said[i - 1])


def _operands(r: Measure, near: list[tuple[int, Measure]], kb: Sequence[Grounded], total: bool, untied: bool,
              start: int, claims: Sequence[Claim], units: UnitTable, spoken: list[tuple[int, float]]) -> set[int] | None:
    """The claims (indices) a result ``r`` said at ``start`` was computed from, or None when it is no such result.
    ``total``: a total is said (一共); ``untied``: no cue either way, and the value is not said of one item;
    ``spoken``: counts said before it that are no claims (index -1)."""
    same = [(n, o) for n, o in near if o.dimension == r.dimension]
    if total:
        before = [(n, o.lo) for n, o in same if claims[n].start < start and o.lo == o.hi]
        for size in (2, 3):
            for combo in combinations(before, size):
                if len({n for n, _ in combo}) == size and _same(sum(v for _, v in combo), r.lo):
                    return {n for n, _ in combo}
        values = same + [(-1, q.measure) for q in kb if q.measure.dimension == r.dimension]
        counts = [(n, count) for n, o in near if (count := _count(claims[n], o)) is not None] + spoken
        # a share said in per cent of a said amount (五十克, 百分之一点五, 算下来零点七五克) multiplies the same way
        factors = counts + [(n, o.lo / 100) for n, o in near if o.dimension == "percent" and o.lo == o.hi and o.lo < 100]
        for (n, v), (k, factor) in ((a, b) for a in values for b in factors if b[0] != a[0]):
            if _covers(v.lo * factor, v.hi * factor, r.lo):
                return {n, k} - {-1}
    rates = [(n, o) for n, o in near if o.dimension.startswith(f"{r.dimension}/")]
    rates += [(-1, q.measure) for q in kb if q.measure.dimension.startswith(f"{r.dimension}/")]
    for n, rate in rates:
        per = rate.dimension.split("/", 1)[1]
        for k, amount in near:
            # an amount of the rate's denominator, or a count of it per period (一天两片 times 每片三百毫克: 600 mg a day)
            lo, hi = (amount.lo, amount.hi) if amount.dimension == per else \
                (claims[k].value, claims[k].value) if amount.dimension.startswith(f"{per}/") else (None, None)
            if k != n and lo and hi and _covers(rate.lo * lo, rate.hi * hi, r.lo):
                return {n, k} - {-1}
    if untied:
        # 三百三十毫升六瓶，一千九百八十毫升; six books times forty pages, two hundred forty: a said size times a said
        # count, both before the result, needs no cue when it is exact
        values = [(n, o.lo) for n, o in same if claims[n].start < start and o.lo == o.hi]
        counts = [(n, count) for n, o in near if claims[n].start < start and (count := _count(claims[n], o)) is not None]
        counts += spoken
        # two jars, six hundred grams: a count said before, times the size the KB states
        values += [(-1, q.measure.lo) for q in kb if q.measure.dimension == r.dimension and spoken]
        for (n, v), (k, factor) in ((a, b) for a in values for b in counts if b[0] != a[0] or a[0] == -1):
            if _same(v * factor, r.lo):
                return {n, k} - {-1}
    for q in kb:  # 每天每公斤体重约15g: a rate per a second unit the parser kept no dimension for
        if q.measure.dimension != r.dimension:
            continue
        for dimension, scale in _per_units(q.text, units):
            if dimension in q.measure.dimension.split("/")[1:]:
                continue  # the rate's own denominator (每天 of a daily amount)
            for k, amount in near:
                if amount.dimension == dimension and amount.lo == amount.hi \
                        and _same(q.measure.lo * amount.lo / scale, r.lo):
                    return {k}
    return None
