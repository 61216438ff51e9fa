"""The quantity grammar: numbers with units, as ranges, bounds, rates and sizes, in base units.

A quantity is read into ``Measure`` readings (dimension, low, high in the dimension's base unit) so
that ``80-200℃``, ``零下十度到十度``, ``≥1.2g/100mL``, ``每一百毫升三点六克``, ``12L/天``,
``一天吃俩粒``, ``一份30克含24克`` and ``38×26×3cm`` compare with the KB like with like. A rate
also carries its numerator's readings, used when the SKU states that value without the rate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from script_gen.spans import Spans
from script_gen.units import Reading, UnitTable, is_measure_word

_NUM = r"-?\d+(?:\.\d+)?"
_SEP = r"\s*(?:-|~|～|—|到|至|to)\s*"
_APPROX_BEFORE = re.compile(r"(约|大约|大概|差不多|将近|接近|近|快|高达|达|about|around|roughly|nearly|almost|approximately|approx\.?|call\s+it)\s*$", re.I)
# Pounds, ounces, feet and quarts said for a metric KB are conversions, rounded as hosts round them (55 lb for 25 kg).
_CONVERSION_SLACK = 0.01
_IMPERIAL = frozenset("pound pounds lb lbs ounce ounces oz foot feet ft inch inches quart quarts gallon gallons mile miles 尺".split())
_APPROX_AFTER = re.compile(r"^\s*(左右|上下|来|多|or so)")
_MORE_AFTER = re.compile(r"^\s*多")
# 六两出头: a little over the value, not up to a third over it as 多 can be.
_LITTLE_OVER = re.compile(r"^\s*(?:出头|开外|挂零)")
_UPPER = r"≤|<=|小于等于|不超过|不到|不足|低于|少于|小于|under|less than|below"
_BOUND = re.compile(rf"(?:(?P<upper>{_UPPER})|≥|>=|大于等于|不低于|不少于|至少|超过|多于|高于"
                    r"|at least|more than|over|above)\s*$", re.I)
# 一两都不到, 五块钱不到: 不到 after the value bounds it as 不到 before it does
_BOUND_AFTER = re.compile(r"^\s*(?:(?P<upper>以内|以下|之内|[都也还]?不到|[都也还]?不足)|以上|起)")
_FILLER = r"[^\d,，。.!！?？;；、\n]{0,6}?"
_PER_BEFORE = re.compile(r"(?:/|\bper|\ban?)\s*$", re.I)
# Units read only as what a rate is per: 31000次/分 and 转/分 are per minute, a bare 五分 is not a time.
_PER_ONLY = {"分": "分钟"}
_TIME_DIMS = {"duration", "months"}
# a foot, a pound, 一尺: one of a unit is said of what is roughly that, not anything from half to one and a half
_ONE_UNIT_STEP = 0.15
# 半尺, a quarter pound: a part of a unit is said of what is within about a third of it
_PART_SLACK = 0.3
# 一尺来长, 一尺多, a foot long: one of a length unit said as the size
_SIZE_AFTER = re.compile(r"\s*(?:来|多|左右|上下)?\s*(?:长|宽|高|深|粗|厚|大|见方)|\s*(?:来|多)")
# 保质期一年, 质保一年, 续航一天: a period of one after the parameter it gives is a value, not an article
# A period named by its attribute (保质期一年) or said as how long the pack lasts (能吃一个月): a claim, not an article.
# 冷藏能放一个月, 驱水效果一个月, 能撑一天: how long it keeps, works or lasts
_NAMED_PERIOD = re.compile(r"(?:保质期|期限|时长|续航|保修|质保|保质|有效期|效果)(?:是|为|有|约|大概|只有|能有)?\s*$"
                           r"|(?:能|够|可以)(?:吃|喝|喂|用|放|存|保存|撑|管|坚持|持续|维持|亮)(?:上|个)?\s*$")
# 开了封放一个月, 冷藏一个礼拜: how long it keeps, a period said of the product (别放一个礼拜 rules it out)
_KEPT_FOR = re.compile(r"(?<!别)(?<!不要)(?<!不能)(?<!不)(?:放|存放|冷藏|保存|搁)(?:了|上|个)?\s*$")
# 戴一个钟头, 泡一分钟, 炖一个小时就烂: a verb of a timed use before one hour or minute, how long it takes (第一泡 is a steeping)
_TIMED_USE = re.compile(r"(?:戴|贴|敷|(?<![\d第一二三四五六七八九十])泡|拔|炖|煮|蒸|焖|烤|晒|充|加热|发热|保温|热敷)(?:了|上|个)?\s*$")
_CLOCK_FORMAT_AFTER = re.compile(r"\s*(?:time|format|clock|mode|display)\b", re.IGNORECASE)
_WINDOW_BEFORE = re.compile(r"(?:今明|明后|这|近|最近)$")
_HOURS_AND_MINUTES = frozenset({"小时", "个小时", "钟头", "个钟头", "分钟"})
_LETTER_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL", "4XL", "5XL", "6XL")
_SIZE_ALIASES = {"2XL": "XXL", "3XL": "XXXL"}
_SIZE = re.compile(r"(?<![A-Za-z0-9.])(?P<a>[2-6]?X{0,3}[SML])(?:\s*(?:-|~|到|至|to)\s*(?P<b>[2-6]?X{0,3}[SML]))?"
                   r"(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Measure:
    """One reading of a quantity: its dimension and its value range in the dimension's base unit."""

    dimension: str
    lo: float
    hi: float
    parts: tuple[float, ...] = ()
    slack: float = 0.0
    """How far a conversion may be off (two pounds three ounces for 1 kg): the value is a rounding within it."""


@dataclass(frozen=True)
class Quantity:
    """A quantity found in normalised text: readings in preference order and how it is claimed."""

    start: int
    end: int
    value: float
    unit: str
    readings: tuple[Measure, ...]
    approx: bool = False
    bound: str = ""
    """``<`` for an upper bound (不到二两, 以内), ``>`` for a lower one (以上, 至少), else empty."""


@lru_cache(maxsize=32)
def _patterns(units: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    plain = re.compile(
        rf"(?:(?<![A-Za-z\d.])|(?<=[A-Za-z])(?=\d+(?:\.\d+)?[^\x00-\x7f]))(?P<a>{_NUM})(?:\s*(?P<ua>{units})?{_SEP}(?P<b>{_NUM}))?\s*(?P<mult>万|千)?\s*(?P<more>多|余)?\s*(?:个)?(?P<u>{units})")
    # 每次两分钟 after 两次 starts a rate of its own: a 每 followed by its value is no denominator
    per = re.compile(rf"\s*(?:/|每(?!\s*(?:\d+(?:\.\d+)?)?\s*(?:{units})\s*-?\d)|\bper\b|\ban?\b|\beach\b)"
                     rf"\s*(?P<n>\d+(?:\.\d+)?)?\s*(?P<u>{units}|分(?!钟))")
    # 一小把三十克: a size said before the one item's measure word (小把, 大袋) still leads a rate per item
    lead = re.compile(rf"(?:每\s*(?P<n>\d+(?:\.\d+)?)?|(?<![\d.])1\s*[小大]?|一[小大])\s*(?P<u>{units}){_FILLER}(?=-?\d)")
    size = re.compile(rf"(?<![\d.])(?P<body>\d+(?:\.\d+)?\s*(?P<u1>{units})?(?:\s*(?:×|\*|乘|x)\s*\d+(?:\.\d+)?\s*(?:{units})?){{1,2}})")
    return plain, per, lead, size


def _readings(units: UnitTable, unit: str, lo: float, hi: float) -> tuple[Measure, ...]:
    return tuple(Measure(dim, lo * f, hi * f) for dim, f in units.readings(unit))


def _divide(num: tuple[Measure, ...], den: tuple[Reading, ...], amount: float) -> tuple[Measure, ...]:
    """Each reading of ``num`` per ``amount`` of each reading of ``den``; money per 块 is money per piece (一块合二十九块五
    of soap bars), never a rate of money per money."""
    return tuple(Measure(f"{n.dimension}/{d}", n.lo / (amount * f), n.hi / (amount * f))
                 for n in num for d, f in (("count:块", 1.0) if d == n.dimension == "money" else (d, f) for d, f in den))


def _bound(norm: str, start: int, end: int) -> str:
    m = _BOUND.search(norm[max(0, start - 6) : start]) or _BOUND_AFTER.match(norm[end : end + 4])
    return "" if m is None else "<" if m.group("upper") else ">"


def _approx(norm: str, start: int, end: int) -> bool:
    """约/左右/多 make a value approximate; a bound (不到, 以内, ≥) quotes its value exactly."""
    before, after = norm[max(0, start - 6) : start], norm[end : end + 4]
    if _BOUND.search(before) or _BOUND_AFTER.match(after):
        return False
    # English hedges are longer than the six characters a Chinese one needs (roughly, approximately)
    return bool(_APPROX_BEFORE.search(norm[max(0, start - 16) : start]) or _APPROX_AFTER.match(after))


def find_quantities(norm: str, units: UnitTable) -> list[Quantity]:
    """Every quantity in ``norm``; rates and sizes win over the plain numbers inside them."""
    plain_re, per_re, lead_re, size_re = _patterns(units.pattern)
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for m in size_re.finditer(norm):
        q = _size(m, units)
        if q is not None:
            out.append(q)
            taken.append((q.start, q.end))
    matches = list(plain_re.finditer(norm))
    starts = {m.start("a"): m for m in matches}
    # 1米水深浸泡30分钟 is no rate: only 每…, one item, one period or one of the same kind (一斤体重喂十五克) leads one
    leads = {m.end(): m for m in lead_re.finditer(norm)
             if m.end() in starts and (m.group(0).startswith("每") or _per_item(units, m.group("u"))
                                       or _same_kind(units, m.group("u"), starts[m.end()].group("u")))}
    fixed = Spans(taken + [(m.start(), m.end()) for m in leads.values()])
    reach = -1  # plain matches come in order, so one inside an earlier rate starts before its end
    for m in matches:
        if m.start() < reach or fixed.cover(m.start(), m.start() + 1):
            continue
        q = _plain(m, norm, units, per_re, leads.get(m.start("a")), lead_re)
        if q is not None:
            out.append(q)
            taken.append((q.start, q.end))
            reach = max(reach, q.end)
    out += _letter_sizes(norm, Spans(taken))
    return out


_BANDS = frozenset({2.4, 5.8, 5.2, 3.0, 4.0, 5.0})
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|this|that|each|every|per)\s+$", re.IGNORECASE)
_STORAGE_BEFORE = re.compile(r"内存|运存|存储|储存|容量|\bram\b|\bmemory\b", re.IGNORECASE)
_STORAGE_AFTER = re.compile(r"\s*(?:内存|运存|存储|储存|容量|的?(?:卡|u盘|硬盘|空间)|b\b)", re.IGNORECASE)


def _plain(m: re.Match[str], norm: str, units: UnitTable, per_re: re.Pattern[str],
           lead: re.Match[str] | None, lead_re: re.Pattern[str]) -> Quantity | None:
    a = float(m.group("a"))
    b = float(m.group("b")) if m.group("b") else a
    mult = {"万": 10000.0, "千": 1000.0}.get(m.group("mult") or "", 1.0)
    unit = m.group("u")
    lo, hi = min(a, b) * mult, max(a, b) * mult
    if m.group("more"):  # 一千二百多颗: above 1200 and below the next step, 1300
        hi = lo + _step(lo)
    first = dict(units.readings(m.group("ua"))) if m.group("ua") and m.group("b") else {}
    if first:  # 6个月到3岁: each end in its own unit
        readings = tuple(Measure(dim, min(a * first[dim], b * f), max(a * first[dim], b * f))
                         for dim, f in units.readings(unit) if dim in first)
    else:
        readings = _readings(units, unit, lo, hi)
    if unit == "G" and a == b and a in _BANDS and "个" not in norm[m.end("a"):m.start("u")] \
            and not _STORAGE_AFTER.match(norm, m.end()) and not _STORAGE_BEFORE.search(norm, max(0, m.start() - 8), m.start()):
        readings = (Measure("band", a, a),)  # 2.4G/5G Wi-Fi, 4G network: a band or generation, never a size
    if not readings:
        return None
    start, end = m.start("a"), m.end()
    if a > 1 and unit.isascii() and unit.isalpha() and not unit.lower().endswith("s") \
            and all(r.dimension.startswith("count:") for r in readings) and _ARTICLE_BEFORE.search(norm, max(0, start - 8), start):
        return None  # a 310 can, the 300 bottle: the size a singular item is known by, not a count of items
    if unit == "尺" and norm.startswith(("寸", "码", "子"), m.end()):
        return None  # 两个尺码, 尺寸, 尺子: a size or a ruler, not a length in 尺
    if unit in ("款", "版") and 1900 <= a <= 2100:
        return None  # 2018款: a model year, not a count of models
    if _CLOCK_FORMAT_AFTER.match(norm, m.end()):
        return None  # twelve and twenty-four hour time: a clock's format, not a duration
    if _WINDOW_BEFORE.search(norm, max(0, start - 3), start) and all(r.dimension in _TIME_DIMS for r in readings):
        return None  # 今明两天里最便宜, 这两天: the days a sale is talked of, not how long the product lasts
    if start > 0 and norm[start - 1].isascii() and norm[start - 1].isalpha() and len(unit) == 1 and not unit.isascii():
        return None  # M3日常, E5每: a model code's digit before a word, not 3日
    approx = _approx(norm, start, end)
    if unit.lower() in _IMPERIAL:  # a conversion: as precise as the digits said (55 lb is 54.5-55.5 lb), at least 1 %
        said = m.group("a")
        half_step = a * _PART_SLACK if a < 1 \
            else 0.25 if said.endswith(".5") and said.count(".") == 1 and len(said.split(".")[1]) == 1 \
            else _ONE_UNIT_STEP if a == 1 \
            else 0.5 * 10 ** -(len(said) - said.index(".") - 1 if "." in said else 0)  # 2.5: two and a half, in halves
        readings = tuple(replace(r, slack=max(half_step / max(a, 1e-9), _CONVERSION_SLACK)) for r in readings)
    if _MORE_AFTER.match(norm[end : end + 2]):
        readings = tuple(Measure(r.dimension, r.lo, r.hi * 1.3) for r in readings)
    elif _LITTLE_OVER.match(norm[end : end + 3]):
        readings, approx = tuple(Measure(r.dimension, r.lo, r.hi * 1.2) for r in readings), True
    per = _PER_BEFORE.search(norm[max(0, start - 4) : start])
    if lead is None and per and (not per.group(0).strip().lower().startswith("a")
                                 or re.search(r"\d", norm[max(0, start - 16) : max(0, start - 4)])):
        return None  # the 100 mL of "4 g fat per 100 mL" is what the value is per, not a claim ("a 100 gram tin" is)
    rate: tuple[Measure, ...] = ()
    per: list[Reading] = []
    for d in _denominators(norm, end, per_re, units):
        if d.group("u") == unit and all(r.dimension.startswith("count:") for r in readings):
            break  # 拍三把每把也减八: how many, then each of them, not a rate of 把 per 把 (8克/100克 is a rate)
        den = _per_readings(units, d.group("u"))
        rate = _divide(rate or readings, den, float(d.group("n") or 1))
        per += den
        end = d.end()
    ratio = _ratio_base(norm, m.start(), units, lead_re)
    if lead is not None and not rate and (lead.group(0).startswith("每") or lead.group("u") != unit):
        per = list(units.readings(lead.group("u")))
        rate = _divide(readings, tuple(per), float(lead.group("n") or 1))
        start = lead.start()
    elif ratio is not None and not rate:
        rate = _divide(readings, ratio[1], ratio[2])
        start = ratio[0]
    if not rate and (unit == "个" or _is_article(readings, lo, hi, unit)
                     and not _NAMED_PERIOD.search(norm[max(0, m.start() - 6) : m.start()])
                     and not (unit in _IMPERIAL and _SIZE_AFTER.match(norm, m.end()))
                     and not (all(r.dimension in _TIME_DIMS for r in readings)
                              and _KEPT_FOR.search(norm[max(0, m.start() - 4) : m.start()]))
                     and not (unit in _HOURS_AND_MINUTES and _TIMED_USE.search(norm[max(0, m.start() - 4) : m.start()]))):
        return None  # 两个: the general classifier counts nothing checkable on its own
    if any(dim in _TIME_DIMS for dim, _ in per):
        readings = ()  # 每天两盒 is how much one uses, not how much the pack holds
    bound = ">" if m.group("more") else _bound(norm, m.start("a"), m.end())
    return Quantity(start, end, a * mult, unit.lower(), rate + readings, approx, bound)


def _step(value: float) -> float:
    """The place of a round number's last significant digit: 1200 -> 100, 30 -> 10, 5 -> 1."""
    if not value.is_integer() or value == 0:
        return 1.0
    step = 1.0
    while value % (step * 10) == 0:
        step *= 10
    return step


def _per_item(units: UnitTable, unit: str) -> bool:
    return is_measure_word(unit) or any(dim in _TIME_DIMS for dim, _ in units.readings(unit))


def _same_kind(units: UnitTable, a: str, b: str) -> bool:
    return bool({d for d, _ in units.readings(a)} & {d for d, _ in units.readings(b)})


def _per_readings(units: UnitTable, unit: str) -> tuple[Reading, ...]:
    return units.readings(_PER_ONLY.get(unit, unit))


def _denominators(norm: str, pos: int, per_re: re.Pattern[str], units: UnitTable) -> list[re.Match[str]]:
    found = []
    while (d := per_re.match(norm, pos)) is not None and _per_readings(units, d.group("u")):
        found.append(d)
        pos = d.end()
    return found


def _ratio_base(norm: str, pos: int, units: UnitTable, lead_re: re.Pattern[str]) -> tuple[int, tuple[Reading, ...], float] | None:
    """``30克含24克`` / ``30g（含蛋白质24g）``: the second quantity is a share of the first."""
    m = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({units.pattern})\s*[(（]?\s*(?:含有|含|就有){_FILLER}$",
                  norm[max(0, pos - 20) : pos])
    if m is None:
        return None
    return max(0, pos - 20) + m.start(), units.readings(m.group(2)), float(m.group(1))


def _is_article(readings: tuple[Measure, ...], lo: float, hi: float, unit: str) -> bool:
    """一瓶, 一节, 一个月, 一天: one of something is an article or a period, not a claim; 2025年 is a date."""
    dims = {r.dimension for r in readings}
    counted = bool(dims) and all(d.startswith("unit:") for d in dims)  # 一节: one of a unit the KB counts in (not 0级)
    if (hi <= 1 and is_measure_word(unit)) or (lo == hi == 1 and (counted or dims <= _TIME_DIMS)):
        return True
    return unit == "年" and 1900 <= lo <= 2100


_METRE, _CENTIMETRE = 1000.0, 10.0  # in the base unit of length (mm)


def _size(m: re.Match[str], units: UnitTable) -> Quantity | None:
    """``38×26×3cm`` / ``1.1米乘1.1米`` / ``45乘30``: sizes compare part by part."""
    body = m.group("body")
    parts = re.findall(rf"(\d+(?:\.\d+)?)\s*({units.pattern})?", body)
    unit = next((u for _, u in reversed(parts) if u), "")
    reading = units.lookup(unit) if unit else None
    if unit and (reading is None or reading[0] != "length"):
        return None
    def values(bare: float) -> tuple[float, ...]:
        return tuple(float(number) * (units.lookup(own)[1] if own and units.lookup(own) else bare) for number, own in parts)

    raw = Measure("size:raw", 0, 0, tuple(float(n) for n, _ in parts))
    if reading is None:
        return Quantity(m.start(), m.end(), float(parts[0][0]), "", (raw,))
    sizes = [values(reading[1])]
    if reading[1] == _METRE and not all(own for _, own in parts):
        sizes.append(values(_CENTIMETRE))  # 一米八三乘八十: the bare side in centimetres, as 一米八三 is 183 of them
    slack = 0.0
    if unit.lower() in _IMPERIAL:  # 一尺四乘二尺二: each side as precise as its digits (1.4 尺 is 1.35-1.45)
        slack = min(0.1, max(_CONVERSION_SLACK, *(0.5 * 10 ** -len(n.partition(".")[2]) / max(float(n), 1e-9)
                                                 for n, _ in parts)))  # 一尺 is 30-37 cm, not any length
    readings = tuple(Measure("size:length", 0, 0, v, slack) for v in dict.fromkeys(sizes)) + (raw,)
    return Quantity(m.start(), m.end(), sizes[0][0], unit.lower(), readings)


def _letter_sizes(norm: str, taken: Spans) -> list[Quantity]:
    out = []
    for m in _SIZE.finditer(norm):
        if taken.cover(m.start(), m.start() + 1):
            continue
        ranks = [_LETTER_SIZES.index(_SIZE_ALIASES.get(x, x)) for x in (m.group("a"), m.group("b") or m.group("a"))
                 if _SIZE_ALIASES.get(x, x) in _LETTER_SIZES]
        if len(ranks) == 2:
            out.append(Quantity(m.start(), m.end(), ranks[0], "size",
                                (Measure("letter_size", min(ranks), max(ranks)),)))
    return out
