"""Flatten a SKU into addressable facts: the units retrieval ranks and scripts cite.

Fact ids are stable across re-imports (``<sku>#attr:<key>``, ``<sku>#sp:<n>``) so a stored script's
references still point at the right row after the merchant fixes a typo elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from script_gen.discounts import parse_rules, rules_text
from script_gen.records import Sku, money_text

FactKind = Literal[
    "title", "brand", "category", "price", "list_price", "stock", "promotion", "attribute", "selling_point",
    "certification", "usage", "faq", "forbidden",
]


@dataclass(frozen=True)
class Fact:
    fact_id: str
    sku_id: str
    kind: FactKind
    text: str
    key: str = ""


def sku_facts(sku: Sku, at: datetime | None = None) -> list[Fact]:
    """All facts of ``sku``; with ``at``, only promotions running at that time."""
    sid = sku.sku_id
    facts = [
        Fact(f"{sid}#title", sid, "title", sku.title),
        Fact(f"{sid}#price", sid, "price", f"日常价{money_text(sku.price)}元", "price"),
    ]
    if sku.list_price is not None:
        facts.append(Fact(f"{sid}#list_price", sid, "list_price", f"划线价{money_text(sku.list_price)}元", "list_price"))
    if sku.stock is not None:
        facts.append(Fact(f"{sid}#stock", sid, "stock", f"库存{sku.stock.text}", "stock"))
    unit = sku.stock.unit if sku.stock is not None else "件"
    if sku.brand:
        facts.append(Fact(f"{sid}#brand", sid, "brand", sku.brand, "brand"))
    if sku.category:
        facts.append(Fact(f"{sid}#category", sid, "category", sku.category, "category"))
    for n, promo in enumerate(sku.promotions):
        if at is not None and not promo.active(at):
            continue
        parts = [promo.name]
        if promo.price is not None:
            parts.append(f"到手价{money_text(promo.price)}元")
        if promo.stock_limit is not None:
            parts.append(f"限量{promo.stock_limit}{unit}")
        parts.append(f"{promo.starts_at:%m月%d日%H:%M}至{promo.ends_at:%m月%d日%H:%M}")
        if promo.description:
            parts.append(promo.description)
        if promo.rules != parse_rules(promo.description):  # rules the description does not already state
            parts.append(rules_text(promo.rules))
        facts.append(Fact(f"{sid}#promo:{n}", sid, "promotion", "，".join(parts), promo.name))
    for attr in sku.attributes:
        facts.append(Fact(f"{sid}#attr:{attr.key}", sid, "attribute", f"{attr.key}：{attr.text}", attr.key))
    facts += [Fact(f"{sid}#sp:{n}", sid, "selling_point", t) for n, t in enumerate(sku.selling_points)]
    facts += [Fact(f"{sid}#cert:{n}", sid, "certification", t) for n, t in enumerate(sku.certifications)]
    if sku.usage:
        facts.append(Fact(f"{sid}#usage", sid, "usage", sku.usage))
    facts += [Fact(f"{sid}#faq:{n}", sid, "faq", f"{f.question}{f.answer}", f.question)
              for n, f in enumerate(sku.faq)]
    return facts


def grounding_text(sku: Sku) -> str:
    """Every sayable fact of ``sku`` as one string (what claims are looked up in)."""
    return "\n".join(f.text for f in sku_facts(sku))
