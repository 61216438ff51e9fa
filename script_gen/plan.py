"""What a script must contain: sections per style and length, and the KB slots for volatile facts.

Prices, stock and deadlines are never written by a model: every backend writes ``{到手价}``-style
placeholders that :func:`fill_slots` resolves from the KB at broadcast time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.errors import InputError
from script_gen.records import Promotion, Sku, Style

STYLE_LIMITS: dict[str, tuple[int, int]] = {
    "live": (30, 300),
    "short_video": (15, 60),
    "outbound_call": (10, 60),
}
_SLOT = re.compile(r"\{([^{}]{1,12})\}")


@dataclass(frozen=True)
class SectionPlan:
    section: str
    sentences: int
    goal: str


@dataclass(frozen=True)
class ScriptPlan:
    style: Style
    target_seconds: int
    sections: tuple[SectionPlan, ...]
    slots: dict[str, str]
    offer: Promotion | None


def money(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def best_offer(sku: Sku, at: datetime) -> Promotion | None:
    """The running promotion with the lowest price (what the host should announce)."""
    priced = [p for p in sku.active_promotions(at) if p.price is not None]
    if priced:
        return min(priced, key=lambda p: (p.price, p.ends_at))
    running = sku.active_promotions(at)
    return running[0] if running else None


def slots_for(sku: Sku, at: datetime) -> tuple[dict[str, str], Promotion | None]:
    offer = best_offer(sku, at)
    slots = {"商品名": sku.title, "日常价": f"{money(sku.price)}元"}
    if offer is not None:
        slots["活动名"] = offer.name
        if offer.price is not None:
            slots["到手价"] = f"{money(offer.price)}元"
            if offer.price < sku.price:
                slots["立省"] = f"{money(sku.price - offer.price)}元"
        if offer.stock_limit is not None:
            slots["限量"] = f"{offer.stock_limit}件"
        if offer.ends_at.date() == at.date():
            slots["截止"] = f"今晚{offer.ends_at:%H:%M}"
        else:
            slots["截止"] = f"{offer.ends_at.month}月{offer.ends_at.day}日{offer.ends_at:%H:%M}"
        if offer.description:
            slots["活动说明"] = offer.description
    return slots, offer


SECTION_EMOTION = {
    "hook": "excited", "pain_point": "curious", "selling_point": "confident", "trust": "calm",
    "offer": "excited", "push": "urgent", "interaction": "friendly", "transition": "warm",
}
_GOALS = {
    "hook": "开场留人：点出商品和今天的福利，邀请观众留下",
    "pain_point": "痛点：用生活场景说出目标人群的困扰",
    "selling_point": "卖点：每句对应一个知识库卖点或参数",
    "trust": "信任背书：只提知识库中的资质、品牌与售后",
    "offer": "价格福利：只用价格槽位说价格",
    "push": "促单：只用真实的限量与截止槽位",
    "interaction": "互动：提问或回答常见问题",
    "transition": "过渡：引出下一款或回到开头循环",
}


def plan_script(sku: Sku, style: Style, seconds: int, at: datetime) -> ScriptPlan:
    """Sections and sentence budgets for ``style`` at about ``seconds`` of speech."""
    if style not in STYLE_LIMITS:
        raise InputError(f"unknown script style {style!r}; use one of {', '.join(STYLE_LIMITS)}")
    low, high = STYLE_LIMITS[style]
    if not low <= seconds <= high:
        raise InputError(f"{style} scripts run {low}-{high} s; {seconds} s requested")
    slots, offer = slots_for(sku, at)
    has_push = offer is not None and ("限量" in slots or offer.ends_at.date() == at.date() or "到手价" in slots)
    if style == "short_video":
        order = [("hook", 1), ("selling_point", 1 + seconds // 30), ("offer", 1), ("push", 1), ("interaction", 1)]
    elif style == "outbound_call":
        order = [("hook", 1), ("pain_point", 1), ("selling_point", 1 + seconds // 40), ("offer", 1), ("interaction", 1)]
    elif seconds < 45:
        order = [("hook", 1), ("selling_point", 2), ("offer", 1), ("push", 1), ("interaction", 1)]
    else:
        # A live loop repeats every ~minute for viewers who just arrived, rephrased each round.
        order = [("hook", 1), ("pain_point", 1), ("selling_point", 3), ("trust", 1), ("offer", 2),
                 ("push", 2), ("interaction", 1), ("transition", 1)]
        for _ in range(max(0, round(seconds / 60) - 1)):
            order += [("hook", 1), ("selling_point", 3), ("offer", 1), ("push", 1), ("interaction", 2),
                      ("transition", 1)]
    if not has_push:
        order = [(s, n) for s, n in order if s != "push"]
    plans = tuple(SectionPlan(s, n, _GOALS[s]) for s, n in order)
    return ScriptPlan(style, seconds, plans, slots, offer)


def has_slots(text: str) -> bool:
    return bool(_SLOT.search(text))


def fill_slots(text: str, slots: dict[str, str]) -> str:
    """Replace ``{槽位}`` with KB values; unknown slots stay braced so the verifier rejects them."""
    return _SLOT.sub(lambda m: slots.get(m.group(1).strip(), m.group(0)), text)
