"""How many of a part an SKU has, as its attributes count them (卡位：12个, 褶数：22个, 弦数：21弦, 盘扣：7对) or list
a set's contents (内含：夹式读书灯1个、挂颈读书灯1个、数据线2根), and the counts a host says of those parts (十六个卡位,
三十二个褶, 二十五根弦, 盘扣十对, 三盏读书灯).

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
_MEASURE = "个|根|对|副|条|张|片|颗|粒|只|层|节|把|套|块|盏|枚|支"
_VALUE = re.compile(r"^\s*(\d+)(?:\s*[-~～到至]\s*(\d+))?\s*$")
_KEY_TAIL = re.compile(r"(?:数量|个数|数|量)$")
# said as an approximation, a range, a total over several items, or ruled out: no count of this SKU's parts
_LOOSE_AFTER = re.compile(r"\s*(?:多|几|来|左右|上下|以上|以内|以下|出头|[-~～到至]\s*\d)")
_NOT_BEFORE = re.compile(r"(?:不是|没有|不止|不到|超过|比|加|再|多了|少了|两\S{0,2}|[2-9]\s*[个只件条台套]\S{0,4})\s*$")


# 内含, 套装包含, 赠品: a list of what a set holds, each item with its count (软胶套2个 + 牛皮套1个)
_CONTENTS_KEY = re.compile(r"内含|包含|含有|组成|清单|包括|赠品|配件")
_ITEM = re.compile(r"(?P<name>[\u4e00-\u9fff]{1,8})\s*[×x*]?\s*(?P<n>\d+)\s*(?P<unit>[\u4e00-\u9fff])\s*$")
_UNITS = frozenset(_MEASURE.split("|") + ["盒", "袋", "包", "本", "瓶", "罐", "册"])
_ITEM_BREAK = re.compile(r"[、，,+＋;；/]|和|及|以及")


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
def _pattern(part: str, unit: str, longer: str = "") -> re.Pattern[str]:
    """``longer``: the characters that make the part a longer name (载 and 盖 of 载玻片, 盖玻片 for 玻片)."""
    words = "|".join(dict.fromkeys(w for w in (unit, *_MEASURE.split("|")) if w))
    part_said = rf"(?<![{re.escape(longer)}]){re.escape(part)}" if longer else re.escape(part)
    between = f"(?:{words})" + ("?" if len(part) >= 2 else "")  # 三十二个褶: one character needs its measure word
    # the part before its count (盘扣十对, 卡位十二个) only for a name of two characters: 支一套, 颗一颗 count items
    before = rf"|{part_said}(?:数)?\s*(?:有|是|共|一共)?\s*(?P<n2>\d+)\s*(?:{words})" if len(part) >= 2 else ""
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
    return out + _contents(sku)


def _contents(sku: Sku) -> list[PartCount]:
    """The items a set's contents list counts, each by its name and by the words it ends in (夹式读书灯 and 挂颈读书灯
    are two 读书灯), summed over the items that share them."""
    listed: dict[str, list[tuple[re.Match[str], str]]] = {}  # a name or its ending -> the items said with it, and keys
    for a in sku.attributes:
        if not _CONTENTS_KEY.search(a.key):
            continue
        chunks = [c.strip() for c in _ITEM_BREAK.split(normalize(a.value).text) if c.strip()]
        items = [_ITEM.search(c) for c in chunks]
        if not items or not all(m is not None and not re.search(r"\d", c[: m.start()]) and m.group("unit") in _UNITS
                                for c, m in zip(chunks, items)):
            continue  # a list read in full or not at all (a part left unread would make a total too small; 8孔竖笛)
        for item in items:
            name = item.group("name")
            for k in range(2, min(len(name), 4) + 1):
                listed.setdefault(name[-k:], []).append((item, a.key))
    return [_listed_count(head, said) for head, said in listed.items()]


def _listed_count(head: str, said: list[tuple[re.Match[str], str]]) -> PartCount:
    """``head`` counted as the sum of its items, in the first one's unit; not where it ends a longer name (玻片 in
    盖玻片 of a list holding 载玻片 and 盖玻片)."""
    n = sum(int(item.group("n")) for item, _ in said)
    longer = {item.group("name")[-len(head) - 1] for item, _ in said if len(item.group("name")) > len(head)}
    return PartCount(head, n, n, said[0][1], _pattern(head, said[0][0].group("unit"), "".join(sorted(longer))))


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
