"""How many of a part an SKU has, as its attributes count them (卡位：12个, 褶数：22个, 弦数：21弦, 盘扣：7对), and
the counts a host says of those parts (十六个卡位, 三十二个褶, 二十五根弦, 盘扣十对).

A bare count with a generic measure word (个, 根, 对) is no quantity the unit table reads: only the part named beside it
says what is counted, so the attribute's key names the part (褶数 counts 褶).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from script_gen.normalize import normalize
from script_gen.records import Sku

# measure words a part is counted in (the KB's unit, or the word a host puts between the number and the part)
_MEASURE = "个|根|对|副|条|张|片|颗|粒|只|层|节|把|套|块"
_VALUE = re.compile(r"^\s*(\d+)(?:\s*[-~～到至]\s*(\d+))?\s*$")
_KEY_TAIL = re.compile(r"(?:数量|个数|数|量)$")
# said as an approximation, a range, a total over several items, or ruled out: no count of this SKU's parts
_LOOSE_AFTER = re.compile(r"\s*(?:多|几|来|左右|上下|以上|以内|以下|出头|[-~～到至]\s*\d)")
_NOT_BEFORE = re.compile(r"(?:不是|没有|不止|不到|超过|比|加|再|多了|少了|两\S{0,2}|[2-9]\s*[个只件条台套]\S{0,4})\s*$")


@dataclass(frozen=True)
class PartCount:
    part: str
    """The part as said (卡位, 褶, 弦, 盘扣)."""
    lo: int
    hi: int
    key: str
    said: re.Pattern[str]
    """A count of the part: group ``n`` is the number (十六个卡位 or 盘扣十对, normalised to digits)."""


@lru_cache(maxsize=4096)
def _pattern(part: str, unit: str) -> re.Pattern[str]:
    words = "|".join(dict.fromkeys(w for w in (unit, *_MEASURE.split("|")) if w))
    between = f"(?:{words})" + ("?" if len(part) >= 2 else "")  # 三十二个褶: one character needs its measure word
    # the part before its count (盘扣十对, 卡位十二个) only for a name of two characters: 支一套, 颗一颗 count items
    before = rf"|{re.escape(part)}(?:数)?\s*(?:有|是|共|一共)?\s*(?P<n2>\d+)\s*(?:{words})" if len(part) >= 2 else ""
    return re.compile(rf"(?<![\d.])(?P<n>\d+)\s*{between}\s*{re.escape(part)}{before}")


def part_counts(sku: Sku) -> list[PartCount]:
    """The SKU's attributes that count a part in whole numbers."""
    out = []
    for a in sku.attributes:
        value, unit = _VALUE.match(a.value), a.unit.strip()
        part = _KEY_TAIL.sub("", normalize(a.key).text.strip())
        if value is None or not part or not re.fullmatch(r"[\u4e00-\u9fff]{1,3}", part) \
                or not re.fullmatch(rf"(?:{_MEASURE}|[\u4e00-\u9fff])", unit or "个"):
            continue
        lo = int(value.group(1))
        out.append(PartCount(part, lo, int(value.group(2) or lo), a.key, _pattern(part, unit or "个")))
    return out


def said_counts(text: str, part: PartCount) -> list[tuple[int, int, int, int]]:
    """(start, end, number, where the number starts) of each count of ``part`` said in ``text`` (normalised, folded)
    as an exact figure."""
    out = []
    for m in part.said.finditer(text):
        group = "n" if m.group("n") is not None else "n2"
        if int(m.group(group)) < 2 or _LOOSE_AFTER.match(text, m.end(group)) \
                or _NOT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # (一个孔, 一个刀头: one of them, not how many)
        out.append((m.start(), m.end(), int(m.group(group)), m.start(group)))
    return out
