"""A per-piece price an English host works out from a pack price said in the same sentence.

"Ten decks for twenty-five ninety, that's twenty-five cents a deck" divides 25.90 by ten and gets it wrong by a
factor of ten: the host's own arithmetic, which no KB price reads, since 0.25 is no price of the SKU. The sentence
holds both sides of the sum (a count of things, a total, a share of one of the same things), so the share is checked
against the division itself. Read on normalised, lower-cased text (numbers in digits).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

# 10 decks for 25.9 / 20 hooks at 12.9 / 60 cards for the flash price: a count of things, then their total
_COUNT_FOR = re.compile(r"(?<![\d.])(?P<n>\d+)\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+)\s+(?:for|at)\s+"
                        r"(?:(?P<total>\d+(?:\.\d+)?)(?![\d.])|(?:the|today's|our)\s+(?:[a-z-]+\s+)?price\b)")
# 12.9 for 20 ties / 15.9 yuan for 20 pouches: a total, then the count it buys
_FOR_COUNT = re.compile(r"(?<![\d.])(?P<total>\d+(?:\.\d+)?)\s+(?:yuan\s+|bucks\s+|kuai\s+)?for\s+(?:the\s+)?"
                        r"(?P<n>\d+)\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+)\b")
# that's 25 cents a deck, about a dime a piece, 50 fen each, under 3 yuan a bib: one thing's share, in money
_SHARE = re.compile(r"(?P<bound>\b(?:about|around|roughly|under|less\s+than|not\s+even|over|more\s+than)\s+)?"
                    r"(?<![\d.])(?P<amount>\d+(?:\.\d+)?|\ba|\bone)\s+(?P<money>cents?|fen|dimes?|mao|jiao|yuan|bucks?|kuai)\s+"
                    r"(?:(?:a|per|an)\s+(?P<thing>[a-z]+)|(?P<each>each|apiece))\b")
_MONEY = {"cent": 0.01, "cents": 0.01, "fen": 0.01, "dime": 0.1, "dimes": 0.1, "mao": 0.1, "jiao": 0.1}
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)")
_EXACT = 0.06  # a share said plainly: within 6 % (2.59 said as two sixty), or a cent
_ROUGH = 0.25  # said about: within a quarter
_WINDOW = 160  # characters before a share where its count and total are looked for


@dataclass(frozen=True)
class WrongShare:
    start: int
    end: int
    share: float
    """What one thing's share comes to (the total over the count)."""
    total: float
    """The total it is a share of, as read (990 said as nine ninety: 9.9)."""
    count: int


def _stem(noun: str) -> str:
    return noun[:-2] if noun.endswith(("ches", "shes", "xes")) else noun[:-1] if noun.endswith("s") else noun


def _shares(total: float | None, count: int, prices: Sequence[float]) -> list[float]:
    """The shares the total may give: a total read in hundreds (990: nine ninety) may be yuan and fen; no total named
    (for the flash price) is any of the SKU's ``prices`` today."""
    totals = list(prices) if total is None else [total] + ([total / 100] if total >= 100 and total == int(total) else [])
    return [t / count for t in totals]


def _fits(said: float, share: float, bound: str) -> bool:
    if bound.startswith(("under", "less", "not")):
        return share <= said
    if bound.startswith(("over", "more")):
        return share >= said
    slack = _ROUGH if bound else _EXACT
    return abs(said - share) <= max(slack * share, 0.011)


def wrong_shares(low: str, prices: Callable[[int], Sequence[float]]) -> Iterator[WrongShare]:
    """Each share of one thing ``low`` says that its own sentence's count and total do not give (``prices``: what one
    item of the product said at a position costs today, which a total said as "the price" may stand for; asked only
    then)."""
    for m in _SHARE.finditer(low):
        # the sum is said just before its share, in its sentence (a long run-on is read a window at a time)
        begin = max((e.end() for e in _SENTENCE_END.finditer(low, max(0, m.start() - _WINDOW), m.start())),
                    default=max(0, m.start() - _WINDOW))
        sums = [s for pattern in (_COUNT_FOR, _FOR_COUNT) for s in pattern.finditer(low, begin, m.start())]
        sums = [s for s in sums if int(s.group("n")) >= 2
                and (m.group("each") or _stem(s.group("noun")) == _stem(m.group("thing")))]
        if not sums:
            continue  # (3 boxes for 78, 1.3 a bar: a share of something else than what was counted)
        amount = m.group("amount")
        said = (1.0 if amount in ("a", "one") else float(amount)) * _MONEY.get(m.group("money"), 1.0)
        s = sums[-1]
        total = float(s.group("total")) if s.group("total") else None
        shares = _shares(total, int(s.group("n")), prices(m.start()) if total is None else ())
        if shares and not any(_fits(said, share, (m.group("bound") or "").strip()) for share in shares):
            share = min(shares, key=lambda x: abs(x - said))  # (the reading the host most likely divided)
            yield WrongShare(m.start(), m.end(), share, share * int(s.group("n")), int(s.group("n")))
