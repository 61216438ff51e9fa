"""What a price in speech is said of: one item, several together, an average, or something ruled out.

Under a running offer's rules one SKU has several true prices (two for 598.5 under 第二件半价, 399 for one,
199.5 for the second alone), so a number is only right or wrong once it is known what the sentence says it is
the price of. The clause says that with a count beside the number (两桶五百五, 俩六百三, 59.9两袋; English counts are read by
the claim grammar, whose readings of spoken English prices decide them),
a per-item word (199.5一台, 每把949, 34 each), an averaging word (平均, 算下来, on average) or a denial (不是三瓶207).
The verifier then holds the number against the matching price of the running offer (``prices.PriceBook``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from script_gen.units import is_measure_word

_CN_COUNT = {"2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "两": 2, "俩": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}
CLAUSE_BREAK = re.compile(r"[。！？!?\n，,；;]")  # where a spoken clause ends (the verifier reads clauses by it too)
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]")
_NTH_BEFORE = re.compile(r"第\S{1,3}[\u4e00-\u9fff][^，,；;]*[，,；;]\s*$")  # 第二个半价，
_APPOSITION = re.compile(r"\s*(?:那|也)?(?:就是|即|等于)")  # …，就是174.5一个: what that n-th item costs
_LINK = r"(?:的钱|一共|共|总共|合计|加起来|只要|只需|才|到手|就是|就|是|也就)?"
# 两桶550, 拍俩(normalised 2 )630, 2个299: a count right before the price, with its measure word or none
_COUNT_BEFORE = re.compile(rf"(?<![\d.第满a-z])(?P<n>[2-6两俩二三四五六])(?P<sp>\s*)(?P<mw>[\u4e00-\u9fff])?\s*{_LINK}\s*$")
_COUNT_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*(?P<n>[2-6两俩])\s*(?P<mw>[\u4e00-\u9fff])")
# 199.5一台, 一盒34, 每把949, 29.9 a box, 34 each
_EACH_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*[1一]\s*(?P<mw>[\u4e00-\u9fff])|\s*(?:each|apiece|a\s+piece)\b|\s*(?:per|a)\s+(?P<en>[a-z]+)",
                         re.IGNORECASE)
_EACH_BEFORE = re.compile(r"(?:(?<![\d.])[1一]|每)\s*(?P<mw>[\u4e00-\u9fff])\s*(?:就|才|只要|只需|也就|要|是|到手)?\s*$")
_AVERAGE = re.compile(r"平均|均价|算下来|算起来|合下来|折合|摊下来|平摊|均摊|分摊|相当于|\bon\s+average\b|\baverag|\bworks?\s+out\b", re.IGNORECASE)
_AVERAGE_BEFORE = re.compile(r"合\s*(?:[1一]\s*[\u4e00-\u9fff]\s*)?$")  # 两张一百三十八，合六十九一张 / 合一个五十四
# 27.23 per bag when you take 3, 22.9 a box for 2, 67.15 each for 2: an average, the count said after the price
_AVERAGE_AFTER = re.compile(r"\s*(?:yuan\s+)?(?:each|apiece|(?:per|a|an)\s+(?P<per>[a-z]+))\s*,?\s*"
                            r"(?:(?:when|if)\s+you\s+(?:take|buy|grab|get|pick|order|choose)(?:\s+up)?\s+"
                            r"|for\s+(?:the\s+)?)"
                            r"(?:all\s+)?[2-9]\b(?:\s+(?P<of>[a-z]+))?", re.IGNORECASE)
_SUM_AFTER = re.compile(r"\s*(?:元|块钱?)?\s*(?:加|\+|plus\b)", re.IGNORECASE)  # 两罐就是538加269: an addend
_OFF_AFTER = re.compile(r"\s*(?:yuan\s+)?off\b|\s*(?:元|块钱?)?\s*(?:再)?减", re.IGNORECASE)  # for thirty off: an amount off, no price
# (别听成一瓶一百一十五: a reading the host warns against)
_DENIED = re.compile(r"(?:不是|并不是|而不是|并非|不用|没有|不要|不会是|(?:别|不要|可别)(?:听成|当成|看成|以为是?|记成))\s*$|\bnot\s+$",
                     re.IGNORECASE)


@dataclass(frozen=True)
class Said:
    """What the price at a position is said of."""

    count: int
    """Items the price is the total for (1 when said of one item)."""
    word: str = "件"
    """The measure word the count is said in (两桶 -> 桶)."""
    each: bool = False
    """Said per item (199.5一台, 每把949): the price of one, or of each under a per-item rule."""
    average: bool = False
    """Said as an average over several (平均一顶): a share of a total may be said."""
    denied: bool = False
    """Ruled out (不是三瓶二百零七): no claim."""
    nth: bool = False
    """Said of one item of a basket: listed item by item (一件九十九一件四十九块五) or the n-th item named in the
    clause before (第二个半价，就是174.5一个): the n-th item's own price may be said."""


# Measure words that count no item bought: people, times, layers, variants, gears, sizes (两款都是, 2人份).
_NOT_ITEMS = frozenset("人次层款种档挡码勺")


def _counted(word: str | None, own: frozenset[str]) -> bool:
    return word is not None and (is_measure_word(word) and word not in _NOT_ITEMS or word in own)


def _said_count(m: re.Match[str], own: frozenset[str]) -> bool:
    """A count before a price as the normaliser leaves it: digits before a measure word (2袋), a numeral before the
    SKU's own count word it does not know (两桶), or 俩 said with no word (normalised ``2 `` before the price)."""
    word, n = m.group("mw"), m.group("n")
    if word is None:
        return n == "2" and bool(m.group("sp")) and not re.search(r"[a-z]\s*$", m.string[: m.start()])
    return word in own if n in "两二三四五六" else _counted(word, own)


def said_of(text: str, start: int, end: int, own: frozenset[str] = frozenset()) -> Said | None:
    """What the price ``text[start:end]`` is said of in its clause, or None when the clause names no count or per-item
    word; ``own`` are the SKU's own count words (桶 for paint sold by the tin) beside the general measure words."""
    before = CLAUSE_BREAK.split(text[max(0, start - 30):start])[-1]
    if _OFF_AFTER.match(text, end) or _SUM_AFTER.match(text, end):
        return None
    sentence = _SENTENCE_BREAK.split(text[max(0, start - 60):start])[-1]
    # 48.33 a set when you grab 3: any noun, the count said after (not 5.25 a handkerchief when you take 2 boxes)
    counted_after = (m := _AVERAGE_AFTER.match(text, end)) is not None and (
        not m["of"] or not m["per"] or m["of"].lower().rstrip("es") == m["per"].lower().rstrip("es"))
    average = bool(_AVERAGE.search(sentence) or _AVERAGE_BEFORE.search(before)
                   or _AVERAGE.search(text, end, min(len(text), end + 20)) or counted_after)
    if (m := _EACH_AFTER.match(text, end)) and (_counted(m.group("mw") or m.group("en"), own) or m.lastgroup is None
                                                 or counted_after) \
            or (m := _EACH_BEFORE.search(before)) and _counted(m.group("mw"), own):
        clause = before + CLAUSE_BREAK.split(text[start:end + 30])[0]
        listed = len(re.findall(rf"(?<![\d.])[1一]\s*{re.escape(m.group('mw') or '_')}", clause)) > 1
        named = _NTH_BEFORE.search(sentence[: len(sentence) - len(before)]) and _APPOSITION.match(before)
        denied = m.string is before and bool(_DENIED.search(before, 0, m.start()))  # 别听成一瓶一百一十五
        return Said(1, each=True, average=average, nth=bool(listed or named), denied=denied)
    m = _COUNT_BEFORE.search(before)
    if m is not None and _said_count(m, own):
        return Said(_CN_COUNT[m.group("n")], m.group("mw") or "件", average=average, denied=bool(_DENIED.search(before, 0, m.start())))
    m = _COUNT_AFTER.match(text, end)
    if m is not None and _counted(m.group("mw"), own):
        return Said(_CN_COUNT[m.group("n")], m.group("mw"), average=average, denied=bool(_DENIED.search(before)))
    return None
