"""Text normalisation that keeps a map back to the original characters.

Claims are found in normalised text (half-width, Arabic numerals) but findings must point at what
the host actually says, so every normalised character remembers the original index it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from script_gen import spoken_english
from script_gen.spoken_numbers import rules
from script_gen.units import UnitTable, builtin_units

# 日产十二公斤, 日均八度电, 日处理量: a daily output said with 日, which the rate reader knows as 每天
_DAILY = re.compile(r"(?<![今每昨明节生假周平往当次前终整白日])日(?=产|均|处理|制冰|发电|供水|耗电|出冰)")
# 幺幺五, 幺二块九, 幺八零度: hosts read the digit one as 幺 in a number said digit by digit
_YAO = re.compile(r"幺(?=[零〇一二三四五六七八九幺]|块|点)|(?<=[零〇一二三四五六七八九])幺")
# 莫慌, 莫得XXL, 没得满减, 莫说得奖: south-western Mandarin's 莫 is 别 (don't) and its 莫得 and 没得 are 没有, said by
# hosts from Sichuan to Guizhou; not 约莫 (about), nor the 莫 of a name (莫代尔, 莫兰迪, 莫斯科) or a set phrase (莫名, 莫非).
_MO = re.compile(r"(?<!约)莫(?!代尔|兰迪|斯科|扎特|桑比克|奈|名|非|过于|大|言|须有|测|逆|干山|高窟|尔|西)(得)?|没(得)")
# 嘞个, 嘞支: the same speech's 这 (this) before a measure word
_LEI = re.compile(r"嘞(?=[个支款种场瓶盒件条套本块张片袋罐双把台])")
_THOUSANDS = re.compile(r"(?<![A-Za-z\d.])\d{1,3}(?:[,，]\d{3})+(?![\d.])")


@dataclass(frozen=True)
class Normalized:
    """Normalised text; normalised character ``i`` came from original ``[index[i][0], index[i][1])``."""

    text: str
    index: tuple[tuple[int, int], ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` back to the original text."""
        if start >= len(self.index):
            return self.original_length, self.original_length
        end = max(end, start + 1)
        return self.index[start][0], self.index[min(end, len(self.index)) - 1][1]


Index = list[tuple[int, int]]


def _width(text: str) -> tuple[str, Index]:
    out: list[str] = []
    index: Index = []
    for i, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch)
        if ch in "〇":
            norm = ch
        out.append(norm)
        index.extend([(i, i + 1)] * len(norm))
    return "".join(out), index


def _replace(text: str, index: Index, pattern: re.Pattern[str], fn) -> tuple[str, Index]:
    """Apply ``fn(match) -> str | None`` replacements; the whole match maps to the whole source span.

    A replacement that would run into a digit before or after it (双11 + 十四块九, 俩 + 160) is kept apart by a space.
    """
    out: list[str] = []
    new_index: Index = []
    pos = 0
    for m in pattern.finditer(text):
        repl = fn(m)
        if repl is None:
            continue
        out.append(text[pos : m.start()])
        new_index.extend(index[pos : m.start()])
        src = (index[m.start()][0], index[m.end() - 1][1]) if m.end() > m.start() else index[m.start()]
        if repl[:1].isdigit() and m.start() > 0 and text[m.start() - 1].isdigit():
            repl = " " + repl
        if repl[-1:].isdigit() and text[m.end() : m.end() + 1].isdigit():
            repl += " "  # 俩 + 160块: two items, then a price, not 2160
        new_index.extend([src] * len(repl))
        out.append(repl)
        pos = m.end()
    if not out:
        return text, index
    out.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(out), new_index


def normalize(text: str, units: UnitTable | None = None) -> Normalized:
    """Half-width, thousands separators removed, spoken numbers as Arabic numerals (``spoken_numbers``), English
    measures in the KB's units (``spoken_english``).

    Single numerals are converted only before a unit or measure word, so ``一起``/``一键``/``第一``
    stay words (the compliance checker needs ``第一`` as written).
    """
    norm, index = _width(text)
    norm, index = _replace(norm, index, _THOUSANDS, lambda m: re.sub(r"\D", "", m.group(0)))
    norm, index = _replace(norm, index, _DAILY, lambda m: "每天")
    norm, index = _replace(norm, index, _YAO, lambda m: "一")
    norm, index = _replace(norm, index, _MO, lambda m: "没有" if m.group(1) or m.group(2) else "别")
    norm, index = _replace(norm, index, _LEI, lambda m: "这")
    for pattern, fn in rules((units or builtin_units()).pattern) + spoken_english.RULES:
        norm, index = _replace(norm, index, pattern, fn)
    return Normalized(norm, tuple(index), len(text))
