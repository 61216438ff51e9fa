"""Units of measure: which dimension a unit belongs to and its factor to the dimension's base.

``535L`` and ``535000毫升`` are the same claim; ``500ml`` against a KB ``500g`` is a unit mismatch.
Units a merchant's KB uses that are not listed here are learned from it (``UnitTable.extended``),
so an unfamiliar category (尼特, 流明 ...) is still checked by exact unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# alias -> (dimension, factor to base)
_BUILTIN: dict[str, tuple[str, float]] = {
    # volume (ml)
    "l": ("volume", 1000), "升": ("volume", 1000), "公升": ("volume", 1000),
    "ml": ("volume", 1), "毫升": ("volume", 1),
    # mass (g)
    "kg": ("mass", 1000), "公斤": ("mass", 1000), "千克": ("mass", 1000), "斤": ("mass", 500),
    "g": ("mass", 1), "克": ("mass", 1), "mg": ("mass", 0.001), "毫克": ("mass", 0.001),
    # length (mm); screen/wheel sizes in inches are a dimension of their own
    "m": ("length", 1000), "米": ("length", 1000), "cm": ("length", 10), "厘米": ("length", 10),
    "公分": ("length", 10), "mm": ("length", 1), "毫米": ("length", 1),
    "英寸": ("inch", 1), "寸": ("inch", 1), "inch": ("inch", 1),
    "平方米": ("area", 1), "平米": ("area", 1), "㎡": ("area", 1),
    # power / electricity
    "w": ("power", 1), "瓦": ("power", 1), "kw": ("power", 1000), "千瓦": ("power", 1000),
    "mah": ("charge", 1), "毫安时": ("charge", 1), "毫安": ("charge", 1),
    "v": ("voltage", 1), "伏": ("voltage", 1), "hz": ("frequency", 1), "赫兹": ("frequency", 1),
    "db": ("loudness", 1), "分贝": ("loudness", 1),
    "pa": ("pressure", 1), "帕": ("pressure", 1), "kpa": ("pressure", 1000), "千帕": ("pressure", 1000),
    "gb": ("storage", 1), "tb": ("storage", 1024),
    "rpm": ("rotation", 1), "转": ("rotation", 1),
    "像素": ("pixels", 1),
    # energy / nutrition
    "kcal": ("energy", 1), "千卡": ("energy", 1), "大卡": ("energy", 1), "kj": ("energy_kj", 1),
    "千焦": ("energy_kj", 1),
    "℃": ("temperature", 1), "°c": ("temperature", 1), "摄氏度": ("temperature", 1),
    # time (s)
    "小时": ("duration", 3600), "个小时": ("duration", 3600), "h": ("duration", 3600),
    "分钟": ("duration", 60), "min": ("duration", 60), "秒": ("duration", 1), "s": ("duration", 1),
    "天": ("duration", 86400), "周": ("duration", 604800), "个月": ("months", 1),
    # money (yuan)
    "元": ("money", 1), "块": ("money", 1), "块钱": ("money", 1), "rmb": ("money", 1),
    # counts
    "件": ("count", 1), "个": ("count", 1), "片": ("count", 1), "支": ("count", 1), "瓶": ("count", 1),
    "包": ("count", 1), "袋": ("count", 1), "盒": ("count", 1), "只": ("count", 1), "双": ("count", 1),
    "套": ("count", 1), "罐": ("count", 1), "条": ("count", 1), "粒": ("count", 1), "颗": ("count", 1),
    "份": ("count", 1), "张": ("count", 1), "台": ("count", 1), "枚": ("count", 1), "卷": ("count", 1),
    "抽": ("count", 1), "层": ("layers", 1), "档": ("levels", 1), "挡": ("levels", 1),
    # stock and order units merchants count in (scarcity is said in them: 只剩10单, 最后50箱)
    "单": ("count", 1), "箱": ("count", 1), "本": ("count", 1), "辆": ("count", 1), "桶": ("count", 1),
    "提": ("count", 1), "把": ("count", 1), "顶": ("count", 1), "副": ("count", 1), "听": ("count", 1),
    "人": ("people", 1), "次": ("times", 1), "种": ("kinds", 1), "款": ("kinds", 1),
    "%": ("percent", 1), "%vol": ("percent", 1), "vol": ("percent", 1), "倍": ("multiple", 1), "折": ("discount", 1), "岁": ("age", 1),
    "年": ("years", 1), "度": ("degree", 1),
}


@dataclass(frozen=True)
class UnitTable:
    """Alias (lower-case) -> (dimension, factor)."""

    units: tuple[tuple[str, str, float], ...]

    def lookup(self, unit: str) -> tuple[str, float] | None:
        key = unit.strip().lower()
        for alias, dim, factor in self.units:
            if alias == key:
                return dim, factor
        return None

    def extended(self, extra_units: set[str]) -> "UnitTable":
        """Add the units a KB uses that are not built in, each as its own dimension."""
        known = {alias for alias, _, _ in self.units}
        added = tuple((u.lower(), f"unit:{u.lower()}", 1.0) for u in sorted(extra_units)
                      if u and u.lower() not in known and not u.isdigit())
        return UnitTable(self.units + added) if added else self

    @property
    def pattern(self) -> str:
        return _alternation(tuple(alias for alias, _, _ in self.units))


@lru_cache(maxsize=1)
def builtin_units() -> UnitTable:
    return UnitTable(tuple((alias, dim, float(f)) for alias, (dim, f) in _BUILTIN.items()))


@lru_cache(maxsize=64)
def _alternation(aliases: tuple[str, ...]) -> str:
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        esc = re.escape(alias)
        # A Latin unit must not run into more letters (5G网络, 3M胶带 are not units).
        parts.append(f"{esc}(?![a-z])" if alias[-1:].isascii() and alias[-1:].isalpha() else esc)
    return "(?i:" + "|".join(parts) + ")"

