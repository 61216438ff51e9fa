"""The prices a SKU can truthfully be said to have at a moment, each labelled with what it is.

Today's price is the active promotion's price, else the daily price (日常价). Around it are the prices a
host may also say truthfully: the daily price, the totals and per-item prices the active promotion's
rules give (两件 under 第二件半价, 拍2袋再减5元), and the differences between real prices (立省). The
list price (划线价) and the prices of promotions that ended or have not started are kept apart: they are
true only in their role (原价…, 双11那个价已经结束了).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from script_gen.records import Promotion, Sku, money_text

_MAX_ITEMS = 6  # totals are computed for up to this many items bought together
_EXACT = 0.005
_ROUNDED = 0.05  # per-item averages are said rounded to the jiao (11.925 -> 十一块九)


@dataclass(frozen=True)
class Price:
    value: float
    what: str
    tolerance: float = _EXACT
    offer: str = ""
    """The promotion this price comes from, if any."""
    several: bool = False
    """True of totals and averages over several items: said only with a count (两件一共, 平均一瓶)."""
    rule: bool = False
    """True of an amount a rule names (满600减30 -> 600): said only with the rule (满, 减), never as a price paid."""
    before_rule: bool = False
    """True of a total before the rules: said only in a sentence that states the rule (两件798，再减60)."""
    items: int = 0
    """How many items a total is for (两件合计 -> 2); 0 for any other price."""
    saving: bool = False
    """True of a saving per item (两件平均每件省): said only as a saving (省, 便宜), never as a price."""
    nth: bool = False
    """True of the price of the n-th item alone under a rule (第二件半价 -> the half price): said with 第, never
    as what one item costs (34.5一个)."""
    each: bool = False
    """True of an average that is also what each item costs (拍两把每把减50 -> 每把949): said per item too."""
    difference: bool = False
    """True of a difference between two real prices (比原价省30): no price anything costs."""

    def said_as(self, value: float, rough: bool = False) -> bool:
        """``value`` is this price as spoken: exact, or for an average rounded or cut to the jiao (11.925 is 十一块九),
        or, said ``rough`` (七十二块多, 八十九出头), cut to the yuan; a bare 一个二十一 for 21.67 drops its decimal."""
        return abs(self.value - value) <= self.tolerance or self.tolerance > _EXACT and _cut(self.value, value, rough)


@dataclass(frozen=True)
class PriceBook:
    today: Decimal
    regular: Decimal
    list_price: Decimal | None
    now: tuple[Price, ...]
    """True when said as what one pays or saves today."""
    ended: tuple[Price, ...]
    upcoming: tuple[Price, ...]

    def find(self, prices: tuple[Price, ...], value: float, several: bool = True, rule: bool = True,
             before_rule: bool = True, nth: bool = True, saving: bool = True, rough: bool = False) -> Price | None:
        """The price ``value`` is; with ``several`` False, not one that needs several items bought; with
        ``rule`` False, not an amount only a rule names; with ``before_rule`` False, not a total before the rules;
        with ``nth`` False, not the n-th item's price alone; ``rough`` as in :meth:`Price.said_as`."""
        return next((p for p in prices if p.said_as(value, rough) and (several or not p.several)
                     and (rule or not p.rule) and (before_rule or not p.before_rule) and (nth or not p.nth)
                     and (saving or not p.saving)), None)

    def said_of_one(self, value: float, several: bool, average: bool, rough: bool = False) -> Price | None:
        """The price ``value`` is when said per item (199.5一台, 每把949): what one item costs; with ``several`` (the
        sentence names the count) what each costs under a per-item rule; with ``average`` an average over several;
        never the n-th item alone or a saving."""
        return next((p for p in self.now if p.said_as(value, rough) and not (p.rule or p.before_rule or p.nth or p.saving)
                     and (not p.several or p.each and several or average)), None)

    def total_for(self, items: int) -> Price | None:
        """Today's total for ``items`` items bought together (after the running offer's rules), if counted."""
        return next((p for p in self.now if p.items == items and not p.before_rule), None)

    def is_total(self, value: float, items: int, before_rule: bool = True) -> bool:
        """``value`` is what ``items`` items cost together at some price of the SKU, now, before or later; with
        ``before_rule`` False, not a total before the rules (两罐一千零七十六 where the second is half price)."""
        return any(p.items == items and p.said_as(value) and (before_rule or not p.before_rule)
                   for p in self.now + self.ended + self.upcoming)

    def per_part(self, value: float, parts: list[float], differences: bool = True) -> bool:
        """``value`` is what one part of an item costs now (49.9 a case of 15 bottles -> 3.3 a bottle); with
        ``differences``, or what a difference of two prices comes to per part (贵一块, 每套再让三块)."""
        return any(Price(p.value / n, "", _ROUNDED).said_as(value) for p in self.now
                   if not p.several and not p.rule and (differences or not p.difference) for n in parts if n > 1)

    def part_of_any(self, value: float, parts: list[float], rough: bool, counted: list[int], bound: str = "") -> bool:
        """``value`` is one part's share (a pack of ``parts``) of a price the SKU has now, for one item or averaged
        over a multi-buy: said ``rough`` (六块多), within a fifth of it; said as a ``bound`` (不到一块: ``<``), on its
        side. Where the host has ``counted`` the parts (两包一百二十片), the share is of what that many parts cost."""
        prices = [(p.value / (p.items or 1), n) for p in self.now for n in parts
                  if n > 1 and not (p.rule or p.before_rule or p.nth or p.saving or p.difference)]
        counted = [k for k in counted if any(n > 1 and k % n == 0 and k // n <= _MAX_ITEMS for n in parts)]
        if counted:  # 两包一百二十片: the total for the packs those parts fill, over them
            prices = [(total.value, k) for k in counted for n in set(parts) if n > 1 and k % n == 0
                      for total in self.now if total.items == k // n and not total.before_rule]
            prices += [(p.value, k) for k in counted if k in parts for p in self.now
                       if not (p.several or p.rule or p.before_rule or p.nth or p.saving or p.difference)]
        if bound:
            return any(0.8 * value <= price / n < value if bound == "<" else value < price / n <= 1.2 * value
                       for price, n in prices)
        return any(Price(price / n, "", _ROUNDED).said_as(value, rough) or rough and abs(price / n - value) <= 0.2 * value
                   for price, n in prices)

    def elsewhere(self, value: float) -> bool:
        """``value`` is one of the SKU's prices that does not hold today: the list price, a past or coming offer's."""
        if self.find(self.now, value, False, False) is not None:
            return False
        return self.is_list_price(value) or self.find(self.ended + self.upcoming, value, False, False) is not None

    def is_list_price(self, value: float) -> bool:
        return self.list_price is not None and abs(float(self.list_price) - value) <= _EXACT


def _cut(exact: float, value: float, rough: bool) -> bool:
    """``value`` is ``exact`` cut down to the jiao its digits show (1.24 -> 1.2), or, said ``rough``, to the yuan
    (72.67 -> 72)."""
    if value == int(value) and not rough:
        return False
    return value < exact < value + (1.0 if value == int(value) else 0.1)


def _totals(unit: Decimal, label: str) -> list[Price]:
    """What several items cost at one price with no rule (两盒四十九块八 at 24.9): said only with a count."""
    return [Price(float(unit * items), f"{label}{items}件合计", offer=label, several=True, items=items)
            for items in range(2, _MAX_ITEMS + 1)]


def _offer_prices(promo: Promotion, unit: Decimal, label: str) -> list[Price]:
    """The promotion's own price, and per count of items its total, per-item average, the last item's
    price and the saving, plus the amounts its rules name (满600减50 -> 600, 50)."""
    out = [Price(float(unit), label, offer=label)]
    if not promo.rules:
        return out + _totals(unit, label)
    previous = promo.total(unit, 1)
    if previous != unit:  # 满600减50 on a 699 item: one item already meets the threshold, 到手649
        out.append(Price(float(previous), f"{label}1件到手", offer=label))
    for items in range(2, _MAX_ITEMS + 1):
        total = promo.total(unit, items)
        out += [
            Price(float(total), f"{label}{items}件合计", offer=label, several=True, items=items),
            Price(float(total / items), f"{label}{items}件平均每件", _ROUNDED, offer=label, several=True,
                  each=_per_item(promo, items)),
            Price(float(total - previous), f"{label}第{items}件", offer=label, several=True, nth=True),
            Price(float(unit * items - total), f"{label}{items}件共省", offer=label, several=True, saving=True),
            Price(float((unit * items - total) / items), f"{label}{items}件平均每件省", _ROUNDED, offer=label, several=True,
                  saving=True),
            Price(float(unit * items), f"{label}{items}件减前合计", offer=label, several=True, before_rule=True,
                  items=items),
        ]
        previous = total
    for rule in promo.rules:
        out += [Price(float(n), f"{label}“{rule.text}”", offer=label, rule=True) for n in re.findall(r"\d+(?:\.\d+)?", rule.text)]
    return out


def _per_item(promo: Promotion, items: int) -> bool:
    """Each of ``items`` costs the average under the promotion's rules (拍两把每把减50 at two or more, 两袋55 at two):
    said with the count, the average is every item's own price, not only a share of a total."""
    return all(r.kind == "per_item_minus" and items >= r.count or r.kind == "fixed_price" and items % r.count == 0
               for r in promo.rules)


def price_book(sku: Sku, at: datetime) -> PriceBook:
    """Every price of ``sku`` sayable at ``at``, sorted by the role it is true in."""
    active = [p for p in sku.promotions if p.active(at)]
    priced = [p.price for p in active if p.price is not None]
    today = min(priced, default=sku.price)
    now = [Price(float(today), "今天的到手价"), Price(float(sku.price), "日常价")]
    if not active:
        now += _totals(sku.price, "日常价")
    for promo in active:
        now += _offer_prices(promo, promo.price or sku.price, promo.name)
    references = [sku.price] + ([sku.list_price] if sku.list_price is not None else [])
    ended, upcoming = [], []
    for promo in sku.promotions:
        if promo.active(at):
            continue
        prices = _offer_prices(promo, promo.price or sku.price, promo.name)
        (ended if promo.ends_at < at else upcoming).extend(prices)
        if promo.price is not None:
            references.append(promo.price)
    for ref in references:  # 比原价省 / 比双11还便宜: differences between real prices
        if ref != today:
            now.append(Price(float(abs(ref - today)), f"今天比{money_text(ref)}元差的价", difference=True))
    if sku.list_price is not None and sku.list_price != sku.price:
        now.append(Price(float(sku.list_price - sku.price), "划线价与日常价之差", difference=True))
    return PriceBook(today, sku.price, sku.list_price, tuple(now), tuple(ended), tuple(upcoming))
