"""Read discount rules out of the words merchants write them in (第二件半价, 满600减50, 买一送一).

Merchants' exports carry a promotion's mechanics in its free-text description; the verifier can only
compute real totals from typed rules, so import turns every phrase of a known form into a rule. The
canonical text of each rule (``rule.text``) parses back to the same rule, which is what lets a CSV
export carry rules in one cell and re-import them unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

import cn2an
from pydantic import TypeAdapter, ValidationError

from script_gen.records import (
    BundleMinus, BuyGet, DiscountRule, FixedPrice, NthFactor, NthMinus, PerItemMinus, Promotion, SpendSave,
)

# Bounded runs: a spoken count or amount is a few characters (一千二百三十四点五), and an unbounded run made a text of
# nothing but numerals (一一一…) cost the cube of its length.
_N = r"\d{1,6}|[一二两三四五六七八九十]{1,4}"
# 减六一直到礼拜天: the 一 of a word that follows (一直, 一起) is no digit of the amount
_AMT = r"\d{1,9}(?:\.\d{1,4})?|(?:(?!一(?:直|起|样|般|定|下|共|律|边|路))[零一二两三四五六七八九十百千点]){1,12}"
_MW = r"(?![再也就还都立可减才满])[\u4e00-\u9fff]"  # the measure word (件, 瓶, 罐 ...): any one character but an adverb
_YUAN = r"(?:元|块钱?)?"
_AGAIN = r"(?:也|就|还|都)?(?:给你们?|给大家|能|可以)?(?:再|立|直接|可)?"  # 第三台也减二十, 拍两瓶就再减三十, 也给你减
_BUY = r"(?:(?:拍|买|购买?|下单)|(?<![\d.第满加]))"  # 拍2袋再减5元, or plainly 2包再减20元; not 再加一罐 (one more)

# Ordered: the more specific form first; a span taken by one rule is not read again.
_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("per_item_minus", rf"{_BUY}(?P<count>{_N}){_MW}(?:及以上|以上)?[,，]?每{_MW}?{_AGAIN}减(?P<amount>{_AMT}){_YUAN}"),
    ("nth_factor", rf"第(?P<n>{_N}){_MW}(?:只要|仅需|享|打)?(?:(?P<half>半价)|(?P<zhe>{_AMT})折)"),
    ("nth_minus", rf"第(?P<n>{_N}){_MW}{_AGAIN}减(?P<amount>{_AMT}){_YUAN}"),
    ("spend_save", rf"(?P<each>每)?满(?P<threshold>{_AMT}){_YUAN}{_AGAIN}(?:减|省)(?P<amount>{_AMT}){_YUAN}"),
    ("buy_get", rf"(?:买|拍)(?P<buy>{_N}){_MW}?(?:就|再|还)?(?:送|赠)(?P<free>{_N}){_MW}?(?=$|[^\u4e00-\u9fff\d]|同款|可|包邮)"),  # not 送一瓶30粒的小瓶: a gift
    # 两台都减五十: 都 gives the cut to each item, a per-item cut, not one off the pair
    ("per_item_minus", rf"{_BUY}(?P<count>{_N}){_MW}(?:及以上|以上)?[,，]?都(?:能|可以)?(?:再|立|直接)?减(?P<amount>{_AMT}){_YUAN}"),
    # (一单减一次 counts how often a cut applies, not a cut of one yuan)
    ("bundle_minus", rf"{_BUY}(?P<count>{_N}){_MW}(?:及以上|以上)?{_AGAIN}减(?P<amount>{_AMT})(?![次回遍]){_YUAN}"),
    ("fixed_price", rf"(?<![\d.第])(?P<count>{_N}){_MW}(?:只要|仅需|共|一共|合计)?(?P<price>{_AMT})(?:元|块钱?)"),
))
_RULES = TypeAdapter(tuple[DiscountRule, ...])


def _number(text: str) -> Decimal:
    if text[0].isdigit():
        return Decimal(text)
    try:
        return Decimal(str(cn2an.cn2an(text, "smart")))
    except (KeyError, IndexError) as e:  # cn2an's own failures on runs like 五四十九, beside its ValueError
        raise ValueError(f"not a numeral: {text}") from e


def _rule(kind: str, m: re.Match[str]) -> DiscountRule | None:
    g = {k: v for k, v in m.groupdict().items() if v}
    if re.fullmatch(r"[一二两三四五六七八九]{2,}", g.get("count", "")):
        return None  # 一四九减十: a price said digit by digit (149, then 10 off), not a count of fourteen
    try:
        if kind == "nth_factor":
            factor = Decimal("0.5") if "half" in g else _number(g["zhe"]) / (10 if _number(g["zhe"]) < 10 else 100)
            return NthFactor(n=int(_number(g["n"])), factor=factor)
        if kind == "nth_minus":
            return NthMinus(n=int(_number(g["n"])), amount=_number(g["amount"]))
        if kind == "spend_save":
            return SpendSave(threshold=_number(g["threshold"]), amount=_number(g["amount"]), each="each" in g)
        if kind == "buy_get":
            return BuyGet(buy=int(_number(g["buy"])), free=int(_number(g["free"])))
        if kind == "per_item_minus":
            return PerItemMinus(count=int(_number(g["count"])), amount=_number(g["amount"]))
        if kind == "bundle_minus":
            return BundleMinus(count=int(_number(g["count"])), amount=_number(g["amount"]))
        return FixedPrice(count=int(_number(g["count"])), price=_number(g["price"]))
    except (ValueError, ArithmeticError):  # a numeral cn2an cannot read, or a factor out of range
        return None


def parse_rules(text: str) -> tuple[DiscountRule, ...]:
    """Every discount rule stated in ``text``, in the order written; phrases of no known form are skipped."""
    return tuple(rule for _, _, rule in find_rules(unicodedata.normalize("NFKC", text)))


def find_rules(text: str) -> list[tuple[int, int, DiscountRule]]:
    """``(start, end, rule)`` of every rule phrase in ``text`` (NFKC already), in the order written: the
    verifier holds a host's spoken rule (买俩送俩) against the running offer's."""
    found: list[tuple[int, int, DiscountRule]] = []
    taken: list[tuple[int, int]] = []  # the spans found, disjoint and sorted: an overlap is a bisection away
    for kind, pattern in _FORMS:
        for m in pattern.finditer(text):
            i = bisect_left(taken, (m.end(),))
            if i and taken[i - 1][1] > m.start():
                continue
            rule = _rule(kind, m)
            if rule is not None:
                found.append((m.start(), m.end(), rule))
                taken.insert(i, (m.start(), m.end()))
    return sorted(found, key=lambda f: f[0])


# one item in English: a single bag, one box, the first ball (not an order, a time or a coupon)
_ONE_ITEM_EN = (r"(?:\ba\s+single|\bsingle|(?<!second\s)(?<!third\s)\b1|\bthe\s+first)(?:\s+"
                r"(?!(?:order|time|purchase|coupon|voucher|customer|buyer)s?\b|(?:is|are|also|too|goes|comes|gets)\b)[a-z]+"
                r"|(?=\s*(?:[.,;!?]|$)))")  # (thirty off even one.)
# one item as the subject of a cut: (just / take) one box (tonight) (and) (you still get / it's / the / at) ...
_ONE_FIRST_EN = (r"(?<![\w.])(?:(?:just|only|take|get|buy|grab)\s+){0,2}"
                 r"(?<!second\s)(?<!third\s)(?<!each\s)(?<!the\s)(?<!every\s)(?<!that\s)(?<!this\s)(?<!other\s)"  # the second one
                 r"(?:one|a\s+single|1)\s+(?!(?:of|more|time|order)\b)"
                 r"(?:[a-z]+(?=[\s,])\s*)?(?:tonight\s+)?,?\s*(?:and\s+)?(?:(?:it's|it\s+is|is)\s+(?:still\s+|also\s+)?|(?:you\s+)?(?:still\s+|already\s+)?get\s+"
                 r"|(?:the\s+)|at\s+)?(?:the\s+)?")
# thirty-five ninety for one case, ten off the second: the cut said of the next item, not of the one
_NOT_NEXT = r"(?!\s+(?:on\s+|for\s+)?the\s+(?:second|third|next|other|2nd|3rd)\b)"
_ORDINAL = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4}
# What hosts say beyond the merchants' written forms: the n-th item free (第三袋免费, the third bag is free), a rule
# in English (buy 2 get 1, 2 bottles get you 3, a single chair gets 50 off), a count said to earn a saving (两盒就能减).
_SPOKEN: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
    ("nth_free", rf"第(?P<n>{_N}){_MW}{_AGAIN}(?:免费|白送|送你?|不要钱|0元)"),
    # the second is free, the second one's free, buy one and get a second one free
    ("nth_free", r"\bthe\s+(?P<n>second|third|fourth|2nd|3rd|4th)(?:\s+(?:[a-z]+|1))??(?:'s|’s|\s+(?:is|comes?|goes))\s+(?:\w+\s+)?free\b"
                 r"|\bbuy\s+\d\s+(?:[a-z]+\s+)?(?:and\s+)?(?:you\s+)?get\s+(?:a|the)\s+(?P<n2>second|third|fourth|2nd|3rd|4th)\s+"
                 r"(?:(?:[a-z]+|1)\s+)?free\b"),  # (one is a digit by now: the second 1's free)
    # the second is half price, the second's half price, second pack half price
    ("nth_half", r"\bthe\s+(?P<n>second|third|fourth|2nd|3rd|4th)(?:\s+(?:[a-z]+|1))??(?:'s|’s|\s+(?:is|comes?|goes))\s+(?:at\s+)?"
                 r"half[\s-]?price\b|\b(?P<n2>second|third|2nd|3rd)\s+(?:pack|box|bag|bottle|1|set|pair|item|piece|tin|jar)"
                 r"\s+(?:at\s+)?half[\s-]?price\b"),
    # buy 2 get 1 free, buy one and you get one free, buy one get one
    ("buy_get", r"\bbuy\s+(?P<buy>\d)\s*(?:[a-z]+(?:\s+[a-z]+)?\s*)?,?\s*(?:and\s+)?(?:you\s+)?get\s+(?P<free>\d)\b"
                r"(?!\s*(?:yuan\s+|bucks\s+)?off\b)"  # (buy two pairs and you get 8 off: a cut, no free item)
                r"(?:\s+(?:[a-z]+\s+)?free\b)?"),  # (buy one pack, get one free; buy one accessory box, get one)
    # buy two pairs and you get eight off: so much off the basket of that many
    ("bundle_minus", r"\bbuy\s+(?P<count>\d)\s*(?:[a-z]+(?:\s+[a-z]+)?\s*)?,?\s*(?:and\s+)?(?:you\s+)?get\s+"
                     r"(?P<amount>\d+(?:\.\d+)?)\s*(?:yuan\s+|bucks\s+)?off\b"),
    ("get_you", r"\b(?P<buy>\d)\s+[a-z]+\s+gets?\s+you\s+(?P<all>\d)\b"),
    # a single speaker gets 40 off, one M7 already gets the 80 off, single portables get the 50 off too, one chair
    # qualifies for the 200 off
    ("bundle_minus", r"(?<!second\s)(?<!third\s)\b(?:a\s+single|single|one|1)\s+(?:[a-z0-9-]+\s+){1,2}?(?:also\s+|still\s+|already\s+)?"
                     r"(?:gets?|qualif(?:y|ies)\s+for)\s+(?:the\s+)?(?:extra\s+)?(?P<amount>\d+(?:\.\d+)?)\s+(?:yuan\s+)?off\b"),
    # fifteen off even if you only take one box, ten off on a single bag too, thirty off the first ball: a cut said of
    # one item bought alone (not "no eighty off on a single safe")
    ("bundle_minus", rf"(?<!\bno\s)(?<!\bnot\s)(?<!\bany\s)\b(?P<amount>\d+(?:\.\d+)?)\s+(?:yuan\s+|bucks\s+)?off\s+(?:(?:even|also|too)\s+)?"
                     rf"(?:(?:if|when)\s+you\s+(?:only\s+|just\s+)?(?:take|buy|get|grab|order)\s+|(?:on|for|with)\s+)?"
                     rf"(?:just\s+|only\s+)?{_ONE_ITEM_EN}"),
    # half price on a single roll, even one bag is half price: one item at half its price
    # the two hundred off applies to just one: a cut said to apply to one item
    ("bundle_minus", r"\b(?P<amount>\d+(?:\.\d+)?)\s+(?:yuan\s+)?off\s+(?:still\s+)?(?:applies|works|counts)\s+(?:to|for|on)\s+"
                     r"(?:just\s+|only\s+|even\s+)?(?:1|one|a\s+single)\b"),
    ("one_half", rf"\bhalf[\s-]?(?:price|off)\s+(?:(?:even|also)\s+)?(?:on|for)\s+(?:just\s+|only\s+)?{_ONE_ITEM_EN}"
                 rf"|(?:\beven\s+|\bjust\s+)?{_ONE_ITEM_EN}(?:\s+of(?:\s+[a-z]+){{1,2}})?\s+"  # (a single case of bamboo rolls is)
                 rf"(?:(?:also|too)\s+(?:(?:is|goes|comes)\s+)?|(?:is|goes|comes)\s+)(?:at\s+)?"
                 rf"half[\s-]?(?:price|off)"),
    # 两台都半价, 两把都打五折, both come at half price: every item of the basket at a share of its price
    ("each_factor", rf"(?<!第)(?P<count>{_N}){_MW}都(?:是|打|享|按|只要)?(?:(?P<half>半价)|(?P<zhe>{_AMT})折)"),  # (两个第二袋都半价)
    ("each_factor", r"\b(?P<count>[2-9])\b[^.;!?]{0,30}?\b(?:both|all|each)\b[^.;!?]{0,20}?\b(?P<half>half[\s-]?price)\b"),
    ("saving", rf"(?:拍|买)?(?P<count>{_N}){_MW}(?:也|就|都)(?:给(?:你们?|大家)?)?(?:能|可以)?(?:减|享受满减|有满减|满足满减|打折)"
               rf"(?![\d.零一二两三四五六七八九十])"),
    # 一箱七十二块九减十: one item's price with a cut taken off it
    # 一只三百二十八满减五十, 一罐六十九直接减十五, 单拍一套满减八块, 单拍一台就能减八十
    ("bundle_minus", rf"(?<![\d.第加多再])[1一]{_MW}\s*(?:\d+(?:\.\d+)?(?:元|块)?)?\s*(?:我们)?(?:也|就|都)?(?:给(?:您|你们?|大家))?"
                     rf"(?:能|可以)?(?:再|满|直接|立)?减"
                     rf"(?P<amount>{_AMT})(?![\d.]|\s*[次回遍])"),
    # 一袋也半价, 一台也打八折, 一盒也送一盒, 一盒也每盒减十五: a multi-buy's benefit said of one item bought alone
    ("one_factor", rf"(?<![\d.第])[1一]{_MW}(?:也|就|都)?(?:是|给你们?|给大家)?(?:打)?(?:(?P<half>半价|对折)|(?P<zhe>{_AMT})折)"),
    ("buy_one_get", rf"(?<![\d.])[1一]{_MW}(?:也|就)(?:给你们?)?送(?P<free>[1一]){_MW}"),
    ("bundle_minus", rf"(?<![\d.])[1一]{_MW}(?:也|就)每{_MW}(?:再)?减(?P<amount>{_AMT})(?![\d.])"),
    # One crate and sixty comes off, just one box and you still get eight off, one case at half price, a single box
    # is twenty percent off: the same in English, one item first
    ("bundle_minus", rf"{_ONE_FIRST_EN}(?P<amount>\d+(?:\.\d+)?)\s+(?:yuan\s+|bucks\s+)?(?:comes\s+|goes\s+)?off\b{_NOT_NEXT}"),
    ("one_half", rf"{_ONE_FIRST_EN}half[\s-]?(?:price|off)\b{_NOT_NEXT}"),
    ("one_factor", rf"{_ONE_FIRST_EN}(?P<pct>\d+)\s*(?:percent|%)\s+off\b"),
))


@dataclass(frozen=True)
class Saving:
    """A host's claim that ``count`` items already earn a saving (两盒就能减), with no amount said."""

    count: int
    kind: str = "saving"

    @property
    def text(self) -> str:
        return f"{self.count}件就有优惠"


@dataclass(frozen=True)
class EachFactor:
    """A host's claim that each of ``count`` items costs ``factor`` of its price (两台都半价, both at half price)."""

    count: int
    factor: Decimal
    kind: str = "each_factor"

    @property
    def text(self) -> str:
        return f"{self.count}件都打{(self.factor * 10).normalize():f}折"


def _spoken(kind: str, m: re.Match[str]) -> DiscountRule | Saving | EachFactor | None:
    g = m.groupdict()
    try:
        if kind == "each_factor":
            return EachFactor(int(_number(g["count"])), Decimal("0.5") if g.get("half") else _number(g["zhe"]) / 10)
        if kind in ("nth_free", "nth_half"):
            said = g.get("n") or g.get("n2")
            n = _ORDINAL.get(said.lower()) or int(_number(said))
            return NthFactor(n=n, factor=Decimal("0.5") if kind == "nth_half" else Decimal(0))
        if kind == "buy_get":
            return BuyGet(buy=int(g["buy"]), free=int(g["free"]))
        if kind == "get_you":
            return BuyGet(buy=int(g["buy"]), free=int(g["all"]) - int(g["buy"]))
        if kind == "bundle_minus":
            return BundleMinus(count=int(g.get("count") or 1), amount=_number(g["amount"]))
        if kind == "one_half":
            return EachFactor(1, Decimal("0.5"))
        if kind == "one_factor":
            factor = Decimal("0.5") if g.get("half") else _number(g["zhe"]) / 10 if g.get("zhe") else 1 - Decimal(g["pct"]) / 100
            return EachFactor(1, factor)
        if kind == "buy_one_get":
            return BuyGet(buy=1, free=int(_number(g["free"])))
        return Saving(count=int(_number(g["count"])))
    except (ValueError, ArithmeticError, ValidationError):  # 2 bottles get you 2: no free item
        return None


def spoken_rules(text: str) -> list[tuple[int, int, DiscountRule | Saving | EachFactor]]:
    """``(start, end, rule)`` of every rule a host states in ``text`` (folded): the written forms, and the spoken ones
    (the third bag is free, 两盒就能减) that a merchant's description does not use."""
    # 一箱七十二块九: one item at a price is no multi-buy rule (a cut said after it is read below)
    found: list[tuple[int, int, DiscountRule | Saving | EachFactor]] = [
        f for f in find_rules(text) if not (isinstance(f[2], FixedPrice) and f[2].count == 1)]
    for kind, pattern in _SPOKEN:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e, _ in found):
                continue
            rule = _spoken(kind, m)
            if rule is not None:
                found.append((m.start(), m.end(), rule))
    return sorted(found, key=lambda f: f[0])


def same_effect(said: DiscountRule | Saving | EachFactor, promo: Promotion, unit: Decimal) -> bool:
    """The rule a host states gives what ``promo``'s rules give on the basket it names, at ``unit`` each: the n-th
    item's own price for 第N件 (the third bag free under 买二送一 holds; 第三个也减五十 under 第二个减五十 does not),
    a saving at all for 两盒就能减, the total of the items it counts otherwise. A spend rule (满…减) is compared by its text,
    or as the first step of the same rule per threshold (每满)."""
    if isinstance(said, Saving):
        return promo.total(unit, said.count) < unit * said.count
    if isinstance(said, EachFactor):
        return promo.total(unit, said.count) == unit * said.count * said.factor
    if said.kind == "spend_save":  # 满100减10 said of 每满100减10: its first step, true as said
        return any(r.kind == "spend_save" and r.each and (r.threshold, r.amount) == (said.threshold, said.amount)
                   for r in promo.rules)
    items = {"nth_factor": "n", "nth_minus": "n", "bundle_minus": "count", "per_item_minus": "count",
             "fixed_price": "count"}.get(said.kind)
    count = getattr(said, items) if items else said.buy + said.free if isinstance(said, BuyGet) else None
    if count is None:
        return False
    alone = promo.model_copy(update={"rules": (said,)})
    staged = promo.model_copy(update={"rules": tuple(r for r in promo.rules if r.stage == 0)})
    if items == "n":
        return any(p.total(unit, count) - p.total(unit, count - 1) == alone.total(unit, count) - alone.total(unit, count - 1)
                   for p in (promo, staged))
    if isinstance(said, BuyGet):  # 买二送一 under 买一送一: three for two holds, but two paid already bring four
        return any(p.total(unit, count) == alone.total(unit, count) and p.total(unit, count + 1) > alone.total(unit, count)
                   for p in (promo, staged))
    return any(p.total(unit, count) == alone.total(unit, count) for p in (promo, staged))


def rules_from_json(value: object) -> tuple[DiscountRule, ...]:
    """Rules given as JSON objects (``[{"kind": "nth_factor", "n": 2, "factor": 0.5}]``); raises ValueError."""
    try:
        return _RULES.validate_python(value)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise ValueError(f"{where}: {err['msg']}") from None


def rules_text(rules: tuple[DiscountRule, ...]) -> str:
    """The CSV cell form: canonical rule phrases joined by ``+`` (``第2件5折+满600减50``)."""
    return "+".join(rule.text for rule in rules)
