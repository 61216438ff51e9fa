"""A running offer's rule said to give more than it does: the second item's cut on the third and fourth too
(第三袋第四袋也都是半价, the third and fourth are half price too), a pair's cut on each item (每一把都减十块, each tub
gets twenty off), a spend threshold said reached by a basket below it (two boxes already get the ten off), a
multi-buy said to work on one item (even one bag gets you a free one). The verifier's rules judge the prices a host
says; these judge the host's account of the rule itself, which a merchant's rules contradict (虚假宣传).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal

from script_gen.records import DiscountRule, money_text

_M = "个件只瓶罐盒袋包支条张片套组卷本根颗粒枚双把台提尊对块"  # what items are counted in
_CUT = r"(?:半价|打折|\d+(?:\.\d+)?折|[一二三四五六七八九]折|减)"
_EN_CUT = r"(?:half[\s-]price|(?:\d+(?:\.\d+)?\s*(?:%|percent)|\d+(?:\.\d+)?\s+(?:yuan\s+)?)\s*off|discounted)"

# 第三个也是半价, 第二第三把都减八, 第三袋第四袋也都是半价, 第二袋第三袋第四袋全部都是半价, the third and fourth units are 20 percent off as well, the
# 50 off applies to the second, third and fourth unit, every box after the first is half price
_EVERY_LATER = re.compile(
    rf"第[3三][{_M}]?(?:[、和跟与,，]?第[4-9四五六][{_M}]?)*(?:也|还)(?:是|都|能|可以|跟着|跟到|全部|全都)*{_CUT}"
    rf"|第[2二][{_M}]?[、和跟与,，]?第[3三][{_M}]?(?:[、和跟与,，]?第[4-9四五六][{_M}]?)*(?:全部|全都|也都|都)"
    rf"|\b(?:second,?\s+(?:and|&)\s+(?:the\s+)?third|third,?\s+(?:and|&)\s+(?:the\s+)?fourth)\b(?:\s+[a-z]+){{0,2}}\s+(?:both\s+|each\s+)?"
    rf"(?:are|get|is)\s+(?:also\s+)?{_EN_CUT}"
    r"|\bsecond,\s+third\s+and\s+fourth\b"
    r"|\b(?:every|each)\s+(?:[a-z]+\s+)?after\s+the\s+first\b|\bper\s+[a-z]+\s+after\s+the\s+first\b", re.IGNORECASE)
# 每一把都减十块, 每盒都减十块, each tub gets 20 off: a cut said of every item (not the second "in each pair", not the
# second and fourth each)
_EACH_CUT = re.compile(rf"每[一1]?[{_M}](?:都|也)(?:能|可以)?(?:直接|再)?减\d+"
                       r"|(?<!\bin\s)(?<!\bof\s)(?<!second\s)(?<!fourth\s)\b(?:each|every)\s+(?:[a-z]+\s+)?(?:gets?|is)\s+(?:the\s+)?"
                       r"\d+(?:\.\d+)?\s+(?:yuan\s+)?off\b", re.IGNORECASE)
# two boxes already get the 10 off, 2 of them already qualify: a count said to reach a spend rule's cut
_ALREADY_CUT = re.compile(r"\b(?P<n>[2-6])\s+(?:[a-z]+\s+){0,3}?already\s+(?:get|qualify|reach|hit|earn)\b",
                          re.IGNORECASE)
# even one bag gets you a free one, applies even if you buy just one: a multi-buy said to work on one item
# Just one tube? Twenty off anyway / You still get the five off / We'll still knock off the five: one item asked
# about, then the cut said to hold for it
_EVEN_ONE = re.compile(r"\beven\s+(?:just\s+)?(?:one|1)\s+[a-z]+\s+gets?\s+(?:you\s+)?(?:a\s+)?(?:free|\d+\s+off)\b"
                       r"|\beven\s+if\s+you\s+(?:only\s+)?(?:buy|take|get|order)\s+(?:just\s+)?(?:one|1)\b"
                       r"|(?:\b(?:just|only)\s+(?:want\s+|need\s+)?(?:the\s+)?(?:one|1)\b[^.?!]{0,30}|\b(?:one|1)\s+[a-z]+\s+only)\?\s*"
                       r"(?:(?:you|we)(?:'ll)?\s+)?(?:\d+(?:\.\d+)?\s*(?:yuan\s+|per\s*cent\s+|%\s*)?off\s+anyway"
                       r"|still\s+(?:get|knock\s+off|give\s+you|take\s+off)\s+(?:the\s+)?\d"
                       r"|still\s+(?:pay|get\s+it\s+for)\s+(?P<price>\d+(?:\.\d+)?))",
                       re.IGNORECASE)

RulesAt = Callable[[int], tuple[Sequence[DiscountRule], Decimal]]


def rule_overreach(low: str, rules_at: RulesAt) -> list[tuple[int, int, str]]:
    """``(start, end, reason)`` where folded ``low`` says a running rule gives more than it does; ``rules_at(pos)``
    gives the running rules and today's price of the SKU spoken of at ``pos``."""
    out = []
    for m in _EVERY_LATER.finditer(low):
        rules, _ = rules_at(m.start())
        rule = next((r for r in rules if r.kind in ("nth_factor", "nth_minus") and r.n == 2), None)
        if rule is not None:
            out.append((m.start(), m.end(), f"“{rule.text}”只给每两件里的第二件，不是第一件以后的每一件"))
    for m in _EACH_CUT.finditer(low):
        rules, today = rules_at(m.start())
        if any(r.kind == "per_item_minus" for r in rules):
            continue  # 拍两条每条再减十五: each item's cut is the rule itself
        rule = next((r for r in rules if r.kind in ("bundle_minus", "nth_minus")
                     or r.kind == "spend_save" and r.threshold > today), None)
        if rule is not None:
            out.append((m.start(), m.end(), f"“{rule.text}”不是每一件都减"))
    for m in _ALREADY_CUT.finditer(low):
        rules, today = rules_at(m.start())
        n = int(m.group("n"))
        rule = next((r for r in rules if r.kind == "spend_save" and n * today < r.threshold), None)
        if rule is not None:
            said = f"{n}件{money_text(n * today)}元"
            out.append((m.start(), m.end(), f"{said}不满{money_text(rule.threshold)}元，用不上“{rule.text}”"))
    for m in _EVEN_ONE.finditer(low):
        rules, today = rules_at(m.start())
        if m.group("price") and Decimal(m.group("price")) == today:
            continue  # Just one? You still pay thirty-three: today's price of one
        rule = next((r for r in rules if r.kind == "buy_get" and r.buy >= 2
                     or r.kind in ("per_item_minus", "bundle_minus", "fixed_price") and r.count >= 2
                     or r.kind in ("nth_factor", "nth_minus") and r.n >= 2
                     or r.kind == "spend_save" and r.threshold > today), None)
        if rule is not None:
            out.append((m.start(), m.end(), f"“{rule.text}”拍一件用不上"))
    return out
