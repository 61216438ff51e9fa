"""Prices a host adds up or takes apart aloud.

单买两罐儿童29.9，两罐香葱35.9，131.6; 22.9加18.32，41.22; 131.6减16，115.6; 分开买79.8，组合55，少24.8: the result,
an operand or a saving is no price of the SKU, yet it is right when the numbers it is worked from are, and those are
judged themselves. Only numbers said before it in the sentence (and, for an operand, the result said right after it)
count, so a wrong total said with no working stays a wrong total; and a cut taken off a total (131.6减16) counts only
where the running offer takes that much off that total, so 八十四减十六，六十八 under a once-only 满80减8 stays wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import product

from script_gen.units import is_measure_word

_NUMBER = re.compile(r"(?<![\d.a-z])\d+(?:\.\d+)?(?![\d%]|\.\d)")
_TOLERANCE = 0.011
# Said before a sum: the items added (加, plus, 一共) or bought apart (单买, 分开, separately)
_SUM_CUE = re.compile(r"(?<![增追参附添外更])加(?![重厚大长热湿绒宽粗强固密量价购入工油盟])|\+|一共|总共|合计|分开|单买|单独买|单拍"
                      r"|\bplus\b|\btogether\b|\bin\s+total\b|\baltogether\b|\bseparately\b", re.IGNORECASE)
# Taken off between the items and the sum (24.9加24.9，减五，49.8): no sum of the items
_TAKEN_OFF = re.compile(r"减|\bminus\b|\bless\b|\boff\b", re.IGNORECASE)
_OPERATOR = r"(?P<op>减去?|减掉|加上?|\+|-|\bminus\b|\bless\b|\btake\s+away\b|\bplus\b)"
# A result said right after its working: 131.6减16，115.6 / 458 minus 40 is 418
_RESULT_AFTER_WORKING = re.compile(rf"(?P<a>\d+(?:\.\d+)?)\s*(?:元|块)?\s*[,，]?\s*{_OPERATOR}\s*(?P<b>\d+(?:\.\d+)?)\s*"
                                   r"(?:元|块)?\s*[,，]?\s*(?P<is>=|is|makes|leaves|comes\s+to|gets\s+you|等于|就是|是|剩|还剩)?"
                                   r"\s*$",
                                   re.IGNORECASE)
_OPERAND_BEFORE = re.compile(rf"(?P<a>\d+(?:\.\d+)?)\s*(?:元|块)?\s*[,，]?\s*{_OPERATOR}\s*$", re.IGNORECASE)
_RESULT_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*[,，]?\s*(?P<is>=|is|makes|leaves|等于|就是|是|剩|还剩)?\s*(?P<c>\d+(?:\.\d+)?)",
                           re.IGNORECASE)
# An operand said first, its working after it: 32.9加32.9，65.8 / 131.6减16，115.6
_WORKING_AFTER = re.compile(rf"\s*(?:元|块钱?)?\s*[,，]?\s*{_OPERATOR}\s*(?P<b>\d+(?:\.\d+)?){_RESULT_AFTER.pattern}",
                            re.IGNORECASE)
# 少24.8, 省19, save 24.8: a saving, the gap between two prices said before it
_SAVING_BEFORE = re.compile(r"(?:少|省|便宜|差)了?\s*$|\b(?:save|saves|saving|cheaper\s+by)\s*$", re.IGNORECASE)
_ITEMS = 4


def _holds(op: str, said: str | None, a: float, b: float, result: float,
           true_cut: Callable[[float, float], bool]) -> bool:
    """``a op b`` is ``result``, ``said`` the word that says it (等于, is), if any; a cut taken off
    ``a`` and its result said after a bare pause (八十四减十六，六十八) must be one the offer takes, as hosts say their cuts
    so, while 458 minus 40 is 418 says a subtraction outright."""
    minus = op.lower().startswith(("减", "-", "minus", "less", "take"))
    return abs((a - b if minus else a + b) - result) < _TOLERANCE and (not minus or bool(said) or true_cut(a, b))


def _priced(before: str) -> list[tuple[int | None, float, int]]:
    """The prices said in ``before``, each with the count said just before it (两罐29.9: 2), if any, and where it
    starts."""
    out: list[tuple[int | None, float, int]] = []
    count = None
    for m in _NUMBER.finditer(before):
        value = float(m.group(0))
        word = before[m.end() : m.end() + 1]
        if value.is_integer() and 0 < value < 10 and word and is_measure_word(word):
            count = int(value) if value > 1 else None  # 2罐: the count of the price that follows
            continue
        out.append((count, value, m.start()))
        count = None
    return out


def _sums_to(items: list[tuple[int | None, float, int]], value: float, before: str) -> bool:
    """Some run of the last items, each price taken once or times its count, adds up to ``value``, with nothing
    taken off between them and it (24.9加24.9，减五，49.8 is no sum)."""
    for k in range(2, min(_ITEMS, len(items)) + 1):
        run = items[-k:]
        if _TAKEN_OFF.search(before, run[0][2]):
            continue
        for times in product(*[(1, n) if n else (1,) for n, _, _ in run]):
            if abs(sum(t * p for t, (_, p, _) in zip(times, run)) - value) < _TOLERANCE:
                return True
    return False


def worked_aloud(before: str, after: str, value: float, true_cut: Callable[[float, float], bool]) -> bool:
    """``value`` (normalised text: ``before`` it in its sentence, ``after`` it) is a sum, an operand or a saving the
    host works out from prices said beside it; ``true_cut(total, cut)`` says whether the offer takes ``cut`` off
    ``total``."""
    if (m := _RESULT_AFTER_WORKING.search(before)) \
            and _holds(m["op"], m["is"], float(m["a"]), float(m["b"]), value, true_cut):
        return True
    if (m := _OPERAND_BEFORE.search(before)) and (r := _RESULT_AFTER.match(after)) \
            and _holds(m["op"], r["is"], float(m["a"]), value, float(r["c"]), true_cut):
        return True
    if (m := _WORKING_AFTER.match(after)) and _holds(m["op"], m["is"], value, float(m["b"]), float(m["c"]), true_cut):
        return True
    items = _priced(before)
    if _SAVING_BEFORE.search(before) and any(abs(abs(a - b) - value) < _TOLERANCE
                                             for i, (_, a, _) in enumerate(items) for _, b, _ in items[i + 1 :]):
        return True
    return bool(_SUM_CUE.search(before)) and _sums_to(items, value, before)
