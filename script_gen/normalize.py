"""Text normalisation that keeps a map back to the original characters.

Claims are found in normalised text (half-width, Arabic numerals) but findings must point at what
the host actually says, so every normalised character remembers the original index it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from script_gen import spoken_english
from script_gen.dialect import mandarin
from script_gen.remap import Index, replace
from script_gen.spoken_numbers import rules
from script_gen.units import UnitTable, builtin_units

# 日产十二公斤, 日均八度电, 日处理量: a daily output said with 日, which the rate reader knows as 每天
_DAILY = re.compile(r"(?<![今每昨明节生假周平往当次前终整白日])日(?=产|均|处理|制冰|发电|供水|耗电|出冰)")
# 幺幺五, 幺二块九, 幺八零度: hosts read the digit one as 幺 in a number said digit by digit
_YAO = re.compile(r"幺(?=[零〇一二三四五六七八九幺]|块|点)|(?<=[零〇一二三四五六七八九])幺")
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


def normalize(text: str, units: UnitTable | None = None) -> Normalized:
    """Half-width, thousands separators removed, spoken numbers as Arabic numerals (``spoken_numbers``), English
    measures in the KB's units (``spoken_english``).

    Single numerals are converted only before a unit or measure word, so ``一起``/``一键``/``第一``
    stay words (the compliance checker needs ``第一`` as written).
    """
    norm, index = _width(text)
    norm, index = replace(norm, index, _THOUSANDS, lambda m: re.sub(r"\D", "", m.group(0)))
    norm, index = replace(norm, index, _DAILY, lambda m: "每天")
    norm, index = replace(norm, index, _YAO, lambda m: "一")
    norm, index = mandarin(norm, index)
    for pattern, fn in rules((units or builtin_units()).pattern) + spoken_english.RULES:
        norm, index = replace(norm, index, pattern, fn)
    return Normalized(norm, tuple(index), len(text))
