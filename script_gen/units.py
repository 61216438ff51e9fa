"""Units of measure: which dimension a unit belongs to and its factor to the dimension's base.

``535L`` and ``535000毫升`` are the same claim; ``500ml`` against a KB ``500g`` is a unit mismatch.
Some spoken units have more than one reading (``度`` is a temperature or an angle, ``G`` is storage or
grams): the verifier keeps the reading whose dimension the SKU's own facts use. Counts are a dimension
per measure word (``3双`` and ``3盒`` are different facts). Units a merchant's KB uses that are not
listed here are learned from it (``UnitTable.extended``), so an unfamiliar category (尼特, 流明 ...)
is still checked by exact unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

Reading = tuple[str, float]  # (dimension, factor to the dimension's base)

_MEASURE_WORDS = (
    "件", "个", "片", "支", "瓶", "包", "袋", "盒", "只", "双", "套", "罐", "条", "粒", "颗", "份", "张", "台",
    "枚", "卷", "抽", "箱", "本", "册", "页", "首", "道", "辆", "块", "杯", "勺", "泵", "滴", "芯", "把", "顶",
    "款", "种", "次", "人", "层", "档", "挡", "码", "单", "副",
)
# English count nouns read as the Chinese measure word a KB would use.
_ENGLISH_COUNTS = {
    "pair": "双", "pairs": "双", "bottle": "瓶", "bottles": "瓶", "box": "盒", "boxes": "盒", "capsule": "粒",
    "capsules": "粒", "case": "箱", "cases": "箱", "page": "页", "pages": "页",
    "bag": "袋", "bags": "袋", "can": "罐", "cans": "罐", "volume": "册", "volumes": "册", "layer": "层",
    "layers": "层", "people": "人", "persons": "人", "adults": "人",
}
# More English nouns for packs, read only where a stock or pool count names them (only twenty rolls): as units of every
# quantity they would turn prices said per item (one thirty-nine a pen) into rates.
_ENGLISH_PACKS = {
    "roll": "卷", "pack": "包袋", "packet": "包袋", "pouch": "袋包", "sachet": "袋包", "tube": "支", "jar": "罐瓶", "tin": "罐",
    "set": "套", "kit": "套", "pencil": "支", "pen": "支", "bat": "支只把", "ball": "个只", "rope": "根条", "unit": "台个件",
    "piece": "件个", "bar": "块条", "carton": "箱盒", "crate": "箱", "bowl": "个只",
}


def pack_units(noun: str) -> str:
    """The measure words an English count noun may stand for (``boxes`` -> 盒, ``packs`` -> 包袋), or ``""``."""
    noun = noun.lower()
    if noun in _ENGLISH_COUNTS:
        return _ENGLISH_COUNTS[noun]
    for stem in (noun, noun[:-1] if noun.endswith("s") else "", noun[:-2] if noun.endswith("es") else ""):
        if stem in _ENGLISH_PACKS:
            return _ENGLISH_PACKS[stem]
    return ""


# English names for what a KB counts in units of its own (417种 functions, 12位 digits, 4色 shades, 8根 links): each
# reads as the first of its units that the KB uses, so "six shades" meets 4色, and nothing is read where the KB counts none.
_ENGLISH_THINGS = {
    "digit": "位", "function": "种", "shade": "色 色号 种", "colour": "色 种 款", "color": "色 种 款", "link": "根",
    "stick": "根 支", "ball": "只 个 颗", "slice": "片", "serving": "份", "portion": "份", "strip": "条 片",
    "mode": "种 档 挡", "setting": "档 挡", "speed": "档 挡", "level": "档 级", "flavour": "种 味 款", "flavor": "种 味 款",
    "outlet": "位 孔 口", "socket": "位 孔", "port": "口 个", "book": "本 册", "pad": "片", "paddle": "片 个", "fruit": "个 颗",
    "tail": "只 尾", "sheet": "张 片",
}
# A piece is whatever the KB counts its parts in (88颗 bricks, 500片 of a puzzle, 12块 of chocolate).
_PIECE = tuple((f"count:{w}", 1) for w in ("件", "颗", "块", "片", "粒"))

# alias (matched case-insensitively) -> readings
_BUILTIN: dict[str, tuple[Reading, ...]] = {
    # volume (mL)
    "l": (("volume", 1000),), "升": (("volume", 1000),), "公升": (("volume", 1000),),
    "litre": (("volume", 1000),), "litres": (("volume", 1000),), "liter": (("volume", 1000),),
    "liters": (("volume", 1000),), "ml": (("volume", 1),), "毫升": (("volume", 1),),
    "millilitre": (("volume", 1),), "millilitres": (("volume", 1),), "milliliter": (("volume", 1),),
    "milliliters": (("volume", 1),), "gallon": (("volume", 3785.41),), "gallons": (("volume", 3785.41),),  # US gallons
    # mass (g): 斤 and 两 are the market units, 500 g and 50 g; of a drink, the 500 mL and 50 mL they weigh (一斤装
    # 白酒 is 500 mL, 二两 a 100 mL bottle)
    "kg": (("mass", 1000),), "公斤": (("mass", 1000),), "千克": (("mass", 1000),), "斤": (("mass", 500), ("volume", 500)),
    "两": (("mass", 50), ("volume", 50)), "g": (("mass", 1),), "克": (("mass", 1),), "mg": (("mass", 0.001),),
    "毫克": (("mass", 0.001),), "μg": (("mass", 1e-6),), "微克": (("mass", 1e-6),), "磅": (("mass", 453.6),),
    "kilogram": (("mass", 1000),), "kilograms": (("mass", 1000),), "kilo": (("mass", 1000),),
    "kilos": (("mass", 1000),), "gram": (("mass", 1),), "grams": (("mass", 1),),
    "milligram": (("mass", 0.001),), "milligrams": (("mass", 0.001),),
    "gf": (("mass", 1),),  # a key switch's force in gram-force, said as grams
    "pound": (("mass", 453.6),), "pounds": (("mass", 453.6),), "lb": (("mass", 453.6),), "lbs": (("mass", 453.6),),
    # an ounce of a drink or a bottle is the fluid ounce (US, 29.57 mL)
    "ounce": (("mass", 28.35), ("volume", 29.57)), "ounces": (("mass", 28.35), ("volume", 29.57)),
    "oz": (("mass", 28.35), ("volume", 29.57)), "fl oz": (("volume", 29.57),),
    # length (mm); screen and picture sizes in inches are a dimension of their own
    "km": (("length", 1e6),), "公里": (("length", 1e6),), "千米": (("length", 1e6),),
    "kilometre": (("length", 1e6),), "kilometres": (("length", 1e6),), "kilometer": (("length", 1e6),),
    "kilometers": (("length", 1e6),),
    "m": (("length", 1000),), "米": (("length", 1000),), "cm": (("length", 10),), "厘米": (("length", 10),),
    "公分": (("length", 10),), "mm": (("length", 1),), "毫米": (("length", 1),),
    "metre": (("length", 1000),), "metres": (("length", 1000),), "meter": (("length", 1000),),
    "meters": (("length", 1000),), "centimetre": (("length", 10),), "centimetres": (("length", 10),),
    "millimetre": (("length", 1),), "millimetres": (("length", 1),), "centimeter": (("length", 10),),
    "centimeters": (("length", 10),), "millimeter": (("length", 1),), "millimeters": (("length", 1),),
    # imperial, as English hosts say them: a KB in metric is checked in its own unit
    "foot": (("length", 304.8),), "feet": (("length", 304.8),), "ft": (("length", 304.8),),
    "尺": (("length", 1000 / 3),),  # the market 尺 (市尺), a third of a metre: 两尺 is about 67 cm
    "mile": (("length", 1.609344e6),), "miles": (("length", 1.609344e6),),
    "英寸": (("inch", 1),), "寸": (("inch", 1),), "-inch": (("inch", 1),),
    # an English host says any length in inches (wheels seven inches across): a size in inches where the KB has one,
    # else 25.4 mm each
    "inch": (("inch", 1), ("length", 25.4)), "inches": (("inch", 1), ("length", 25.4)),
    "平方米": (("area", 1),), "平米": (("area", 1),), "平方": (("area", 1),), "平": (("area", 1),), "㎡": (("area", 1),),
    "m²": (("area", 1),), "m2": (("area", 1),), "square metres": (("area", 1),),
    "square meters": (("area", 1),), "square metre": (("area", 1),), "square meter": (("area", 1),), "sq m": (("area", 1),),
    # power / electricity
    "w": (("power", 1),), "瓦": (("power", 1),), "watt": (("power", 1),), "watts": (("power", 1),),
    "kw": (("power", 1000),), "千瓦": (("power", 1000),),
    # battery and electricity energy (Wh): 瓦时 is not 瓦, 度 of electricity is a kWh
    "wh": (("energy_wh", 1),), "瓦时": (("energy_wh", 1),), "watt-hour": (("energy_wh", 1),),
    "watt-hours": (("energy_wh", 1),), "watt hours": (("energy_wh", 1),), "kwh": (("energy_wh", 1000),), "kilowatt-hours": (("energy_wh", 1000),),
    "kilowatt-hour": (("energy_wh", 1000),), "kilowatt hours": (("energy_wh", 1000),),
    "千瓦时": (("energy_wh", 1000),), "度电": (("energy_wh", 1000),),
    "mah": (("charge", 1),), "毫安时": (("charge", 1),), "毫安": (("charge", 1),),
    "milliamp": (("charge", 1),), "milliamps": (("charge", 1),), "milliamp-hours": (("charge", 1),),
    "v": (("voltage", 1),), "伏": (("voltage", 1),), "hz": (("frequency", 1),), "赫兹": (("frequency", 1),),
    "db": (("loudness", 1),), "分贝": (("loudness", 1),), "decibel": (("loudness", 1),), "decibels": (("loudness", 1),),
    "pa": (("pressure", 1),), "帕": (("pressure", 1),), "kpa": (("pressure", 1000),), "千帕": (("pressure", 1000),),
    "gb": (("storage", 1),), "tb": (("storage", 1024),), "mb": (("storage", 1 / 1024),), "兆": (("storage", 1 / 1024),),
    "megabyte": (("storage", 1 / 1024),), "megabytes": (("storage", 1 / 1024),), "gigabyte": (("storage", 1),),
    "gigabytes": (("storage", 1),), "terabyte": (("storage", 1024),), "terabytes": (("storage", 1024),),
    "mbps": (("bitrate", 1),), "gbps": (("bitrate", 1000),), "兆帕": (("pressure", 1e6),), "mpa": (("pressure", 1e6),),
    "兆赫": (("frequency", 1e6),), "mhz": (("frequency", 1e6),), "ghz": (("frequency", 1e9),),
    # volume in cubic metres (air a purifier moves: m³/h)
    "m³": (("volume", 1e6),), "m3": (("volume", 1e6),), "立方米": (("volume", 1e6),), "立方": (("volume", 1e6),),
    "cubic metres": (("volume", 1e6),), "cubic meters": (("volume", 1e6),), "cubic metre": (("volume", 1e6),),
    "rpm": (("rotation", 1),), "转": (("rotation", 1),),
    "像素": (("pixels", 1),), "ppi": (("ppi", 1),), "iu": (("iu", 1),),
    # energy / nutrition
    "kcal": (("energy", 1),), "千卡": (("energy", 1),), "大卡": (("energy", 1),), "kj": (("energy_kj", 1),),
    "千焦": (("energy_kj", 1),),
    # temperature and angle: 度 is either (or a wine's alcohol by volume, 十三度半), ° alone is an angle
    "℃": (("temperature", 1),), "°c": (("temperature", 1),), "摄氏度": (("temperature", 1),),
    "度": (("temperature", 1), ("angle", 1), ("percent", 1)), "degree": (("temperature", 1), ("angle", 1)),
    "degrees": (("temperature", 1), ("angle", 1)), "°": (("angle", 1),),
    # time (s); months, years and ages share one dimension in months
    "小时": (("duration", 3600),), "个小时": (("duration", 3600),), "h": (("duration", 3600),),
    "钟头": (("duration", 3600),), "个钟头": (("duration", 3600),),
    "hour": (("duration", 3600),), "hours": (("duration", 3600),), "hr": (("duration", 3600),),
    "分钟": (("duration", 60),), "min": (("duration", 60),), "minute": (("duration", 60),),
    "minutes": (("duration", 60),), "秒": (("duration", 1),), "秒钟": (("duration", 1),), "s": (("duration", 1),),
    "second": (("duration", 1),), "seconds": (("duration", 1),),
    "天": (("duration", 86400),), "日": (("duration", 86400),), "day": (("duration", 86400),),
    "days": (("duration", 86400),), "周": (("duration", 604800),), "week": (("duration", 604800),),
    "weeks": (("duration", 604800),), "礼拜": (("duration", 604800),), "星期": (("duration", 604800),),
    "个月": (("months", 1),), "月龄": (("months", 1),), "month": (("months", 1),), "months": (("months", 1),),
    "年": (("months", 12),), "year": (("months", 12),), "years": (("months", 12),), "岁": (("months", 12),),
    # money (yuan)
    "元": (("money", 1),), "块": (("money", 1),), "块钱": (("money", 1),),
    "rmb": (("money", 1),), "yuan": (("money", 1),),
    "%": (("percent", 1),), "%vol": (("percent", 1),), "vol": (("percent", 1),), "percent": (("percent", 1),),
    "倍": (("multiple", 1),), "折": (("discount", 1),),
    **{w: ((f"count:{w}", 1),) for w in _MEASURE_WORDS if w != "块"},
    **{w: ((f"count:{cn}", 1),) for w, cn in _ENGLISH_COUNTS.items()},
    "piece": _PIECE, "pieces": _PIECE,
}
# A size or packing word before a measure word (小包, 大袋, 独立包装袋 is not one): the measure word's count.
_SIZED_MEASURE = re.compile(rf"(?:小|大|中|迷你|独立)([{''.join(w for w in _MEASURE_WORDS if w != '块')}])")
# A Latin unit with the thing it measures written after it (mAh锂电池, W电机): the KB's value is in that unit.
_HEADED = re.compile(r"([a-z°%][a-z/°%0-9]*)[\u4e00-\u9fff]{2,}")
# Latin aliases whose case decides the unit: 32G is storage, 400g is grams.
_CASED: dict[str, tuple[Reading, ...]] = {"G": (("storage", 1), ("mass", 1)), "T": (("storage", 1024),)}


@dataclass(frozen=True)
class UnitTable:
    """Alias (lower-case unless cased) -> readings; ``lookup`` gives the first reading."""

    units: tuple[tuple[str, tuple[Reading, ...]], ...]

    def readings(self, unit: str) -> tuple[Reading, ...]:
        table = self._table
        key = unit.strip()
        return table.get(key) or table.get(key.lower()) or ()

    def lookup(self, unit: str) -> Reading | None:
        found = self.readings(unit)
        return found[0] if found else None

    @cached_property
    def _table(self) -> dict[str, tuple[Reading, ...]]:
        return dict(self.units)

    def extended(self, extra_units: set[str]) -> "UnitTable":
        """Add the units a KB uses that are not built in, each as its own dimension, and the English names of what
        they count (``_ENGLISH_THINGS``).

        A learned unit with a leading 万/千 (``52万字``) also teaches its bare form (``字``), so the
        spoken ``八十万字`` compares with it.
        """
        known = set(self._table)
        added: list[tuple[str, tuple[Reading, ...]]] = []
        for unit in sorted(u.strip().lower() for u in extra_units if u):
            if unit in known or unit.isdigit() or "/" in unit:
                continue  # g/100mL, L/天: rates the quantity grammar reads from their parts
            sized = _SIZED_MEASURE.fullmatch(unit)
            if sized:  # 小包, 独立袋: a size said before a measure word counts the same things as the word alone
                added.append((unit, ((f"count:{sized.group(1)}", 1.0),)))
                known.add(unit)
                continue
            headed = _HEADED.fullmatch(unit)
            if headed and headed.group(1) in self._table and not is_measure_word(headed.group(1)):
                added.append((unit, self._table[headed.group(1)]))  # 5000mAh锂电池: mAh, naming what holds it
                known.add(unit)
                continue
            scale = {"万": 10000.0, "千": 1000.0}.get(unit[:1], 1.0)
            bare = unit[1:] if scale > 1 and len(unit) > 1 else unit
            dim = f"unit:{bare}"
            added.append((unit, ((dim, scale),)))
            if bare != unit and bare not in known:
                added.append((bare, ((dim, 1.0),)))
            known |= {unit, bare}
        used = {u.strip().lower() for u in extra_units if u}
        table = {**self._table, **dict(added)}
        for noun, words in _ENGLISH_THINGS.items():
            cn = next((w for w in words.split() if w in used and w in table), None)
            for form in (noun, noun + "s"):
                if cn is not None and form not in known:
                    added.append((form, table[cn]))
                    known.add(form)
        return UnitTable(self.units + tuple(added)) if added else self

    @cached_property
    def pattern(self) -> str:
        return _alternation(tuple(alias for alias, _ in self.units))


@lru_cache(maxsize=1)
def builtin_units() -> UnitTable:
    table = {alias: tuple((d, float(f)) for d, f in readings) for alias, readings in _BUILTIN.items()}
    table.update({alias: tuple((d, float(f)) for d, f in readings) for alias, readings in _CASED.items()})
    return UnitTable(tuple(table.items()))


def is_measure_word(unit: str) -> bool:
    """``瓶``/``bottles``: a count unit, whose ``1`` is usually an article (一瓶), not a claim."""
    return unit.lower() in _ENGLISH_COUNTS or unit.lower() in ("piece", "pieces") or unit in _MEASURE_WORDS or _SIZED_MEASURE.fullmatch(unit) is not None


@lru_cache(maxsize=64)
def _alternation(aliases: tuple[str, ...]) -> str:
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        esc = re.escape(alias)
        if alias in _CASED:
            parts.append(f"(?-i:{esc})(?![A-Za-z])")
        elif len(alias) == 1 and alias.isascii() and alias.isalpha():
            # A Latin unit must not run into more letters (5G网络, 3M胶带 are not units); a letter set apart from the
            # number and followed by a digit is a model's name (sixty S9 locks), not seconds (5V2A is still volts), and
            # a small a followed by a word is an article (thirty-five a box), not amperes.
            parts.append(esc + r"(?![a-z])(?!(?<=\s[a-z])\d)(?!(?<=\s(?-i:a))\s+[a-z])")
        elif alias[-1:].isascii() and alias[-1:].isalpha():
            # A Latin unit must not run into more letters (5G网络, 3M胶带 are not units).
            parts.append(f"{esc}(?![a-z])")
        elif alias == "兆":  # 兆 is a megabyte in a data rate (两千兆每秒); 五百兆宽带 is bits, 兆帕 and 兆赫 are their own
            parts.append(r"兆(?=\s*(?:每|/|字节))")
        elif alias == "日":  # 一百二十九日常价: 日常 is everyday, not a day
            parts.append("日(?!常)")
        elif alias == "平方":
            parts.append(f"{esc}(?!米)")
        elif alias == "平":  # 五十平的客厅 is an area; 一平勺, 平时 are not
            parts.append(f"{esc}(?=$|[^\u4e00-\u9fff]|的|左右|以[内上下]|多|上下)")
        else:
            parts.append(esc)
    return "(?i:" + "|".join(parts) + ")"
