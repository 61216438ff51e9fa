"""The ages an English host says a product is for (ages three and up, kids from three right up to twelve, children up
to fourteen), read on normalised, lower-cased text (numbers in digits), in years.

The KB states them as 适用年龄 (3-10岁, 6岁以上); the Chinese reading of 岁 is the unit table's. English says an age
with no unit at all, so only the words around a number say it is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_NUMBER = r"(?<![\d.])(?P<{}>\d{{1,2}})(?!\.?\d)(?!\s*(?:months?|mos?|weeks?|kg|kilos?|cm|pieces|packs?|yuan)\b)"
_LO, _HI = _NUMBER.format("lo"), _NUMBER.format("hi")
_UP_TO = rf"\s+(?:(?:right\s+)?up\s+)?(?:to|through|till|until)\s+{_HI}"
_AND_UP = r"(?:\s+years?(?:\s+old)?)?\s*(?:\+|and\s+(?:up|over|older|above)\b|plus\b)"
_SAID = (
    # ages 3 and up, aged 4 to 10, from age 3, for age 6+
    re.compile(rf"\b(?:ages?|aged|from\s+age)\s+{_LO}(?:\s*(?:-|to|through)\s*{_HI}|{_AND_UP})?"),
    # kids from 3 right up to 12, children aged 5 and up
    re.compile(rf"\b(?:kids|children|toddlers|boys|girls)\s+(?:from|aged|of)\s+{_LO}(?:{_UP_TO}|{_AND_UP})?"),
    # children up to 14, kids under 12
    re.compile(rf"\b(?:kids|children|toddlers|boys|girls)\s+(?:(?:right\s+)?up\s+to|under|below)\s+{_HI}"),
)
# 5 and up, three years old and over: an age only where its sentence speaks of children or age
_AND_UP_ALONE = re.compile(rf"{_LO}{_AND_UP}")
_CHILD = re.compile(r"\b(?:kids?|child(?:ren)?|toddlers?|ages?|years?\s+old|little\s+ones?)\b")
_SENTENCE = re.compile(r"[^.!?]+")
_OLDEST = 18


@dataclass(frozen=True)
class SaidAge:
    start: int
    end: int
    lo: int | None
    """The youngest age said (None: only an upper one, children up to 14)."""
    hi: int | None
    """The oldest age said (None: open, 3 and up)."""


def said_ages(low: str) -> Iterator[SaidAge]:
    """Each age range ``low`` says a product is for, once per place (the first reading of it)."""
    found = [m for pattern in _SAID for m in pattern.finditer(low)]
    found += [m for sentence in _SENTENCE.finditer(low) if _CHILD.search(sentence.group())
              for m in _AND_UP_ALONE.finditer(low, sentence.start(), sentence.end())]
    taken = bytearray(len(low))  # the characters a reading already holds (the patterns in order of precedence)
    for m in found:
        if any(taken[m.start():m.end()]):
            continue
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
        lo, hi = m.groupdict().get("lo"), m.groupdict().get("hi")
        if any(n and int(n) > _OLDEST for n in (lo, hi)):
            continue  # (two boxes for 50 and up you go: no child's age)
        yield SaidAge(m.start(), m.end(), int(lo) if lo else None, int(hi) if hi else None)


def outside(said: SaidAge, lo: float, hi: float | None) -> bool:
    """Whether ``said`` names a child the KB's range [lo, hi] (``hi`` None: lo and up) leaves out: younger than its
    youngest, or, where it has an oldest, older than that."""
    return said.lo is not None and said.lo < lo or hi is not None and said.hi is not None and said.hi > hi
