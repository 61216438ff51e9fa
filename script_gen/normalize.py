"""Text normalisation that keeps a map back to the original characters.

Claims are found in normalised text (half-width, Arabic numerals) but findings must point at what
the host actually says, so every normalised character remembers the original index it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import cn2an

from script_gen.units import UnitTable, builtin_units

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_RUN = re.compile(rf"[{_CN_DIGITS}][{_CN_DIGITS}点]*")
_PERCENT_CN = re.compile(rf"百分之([{_CN_DIGITS}点]+|\d+(?:\.\d+)?)")
# Spoken prices: 九块九 -> 9.9元 (the digit after 块 is the jiao), converted before other numerals.
_SPOKEN_PRICE = re.compile(rf"([\d{_CN_DIGITS}]+)块([\d一二三四五六七八九])(?![\d{_CN_DIGITS}块元钱毛])")
_SPACES_IN_NUMBER = re.compile(r"(?<=\d)[ ,，](?=\d{3}(?!\d))")


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
    """Apply ``fn(match) -> str | None`` replacements; the whole match maps to the whole source span."""
    out: list[str] = []
    new_index: Index = []
    pos = 0
    for m in pattern.finditer(text):
        repl = fn(m)
        if repl is None:
            continue
        out.append(text[pos : m.start()])
        new_index.extend(index[pos : m.start()])
        src = (index[m.start()][0], index[m.end() - 1][1])
        new_index.extend([src] * len(repl))
        out.append(repl)
        pos = m.end()
    out.append(text[pos:])
    new_index.extend(index[pos:])
    return "".join(out), new_index


def _cn_number(run: str) -> str | None:
    try:
        value = cn2an.cn2an(run, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return _fmt(value)


def _fmt(value: float | int) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=16)
def _numeral_context(units: str) -> re.Pattern[str]:
    return re.compile(rf"(?P<run>[{_CN_DIGITS}][{_CN_DIGITS}点]*)(?=\s*(?:{units}|%|倍|块|折|号|月|日|点|成))")


def _convert_numerals(text: str, index: Index, units: str) -> tuple[str, Index]:
    def percent(m: re.Match[str]) -> str | None:
        body = m.group(1)
        num = body if body[0].isdigit() else _cn_number(body)
        return None if num is None else f"{num}%"

    text, index = _replace(text, index, _PERCENT_CN, percent)

    def spoken(m: re.Match[str]) -> str | None:
        yuan = m.group(1) if m.group(1).isdigit() else _cn_number(m.group(1))
        jiao = m.group(2) if m.group(2).isdigit() else _cn_number(m.group(2))
        return None if yuan is None or jiao is None else f"{yuan}.{jiao}元"

    text, index = _replace(text, index, _SPOKEN_PRICE, spoken)

    def numeral(m: re.Match[str]) -> str | None:
        run = m.group("run")
        if run in {"万", "千", "百", "亿"}:  # 千克, 万像素: part of a unit, not a number
            return None
        return _cn_number(run)

    text, index = _replace(text, index, _numeral_context(units), numeral)
    return text, index


def normalize(text: str, units: UnitTable | None = None) -> Normalized:
    """Half-width, Arabic numerals before units (cn2an), spoken prices, thousands separators removed.

    Numerals are converted only before a unit, ``%``, ``倍``, a date part or a price word, so
    ``一起``/``一键``/``第一`` stay words (the compliance checker needs ``第一`` as written).
    """
    norm, index = _width(text)
    norm, index = _convert_numerals(norm, index, (units or builtin_units()).pattern)
    norm, index = _replace(norm, index, _SPACES_IN_NUMBER, lambda m: "")
    return Normalized(norm, tuple(index), len(text))
