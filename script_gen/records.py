"""Typed knowledge-base and script records.

These cross the process boundary (the lead stores them, the API returns them), so they are frozen
pydantic models: ``model_dump(mode="json")`` is the storage form and ``model_validate`` reads it back.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from core.errors import InputError


KB_ZONE = ZoneInfo("Asia/Shanghai")


def kb_time(at: datetime, zone: ZoneInfo = KB_ZONE) -> datetime:
    """``at`` on the knowledge base's wall clock: KB dates are the merchant's local times, stored naive."""
    return at if at.tzinfo is None else at.astimezone(zone).replace(tzinfo=None)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# A number that ends a value or one item of a list of values (the unit column is each item's unit), before a note in
# brackets (100（M码）) or a named side (宽80×高100×深28)
_LISTED_NUMBER = re.compile(r"\d+(?:\.\d+)?(?=\s*(?:[（(][^）)]*[）)])?\s*(?:[、，,；;]|$)|\s*[×xX*]\s*[\u4e00-\u9fff])")


class Attribute(_Frozen):
    """One product attribute: ``容量 = 535 L``; ``unit`` is empty for text values."""

    key: str
    value: str
    unit: str = ""

    @property
    def text(self) -> str:
        """The value with its unit; a list of values (低档约8、高档约4 h) carries the unit on each."""
        if not self.unit:
            return self.value
        return _LISTED_NUMBER.sub(lambda m: f"{m.group(0)}{self.unit}", self.value)


def money_text(value: Decimal) -> str:
    """``Decimal('39.90')`` -> ``39.9``: how a price is written back into KB cells and facts."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Rule(_Frozen):
    """One discount rule of a promotion. ``apply`` lowers the running total for ``items`` bought at ``unit``;
    item rules run before spend rules (``stage``), because 满减 thresholds count the price after them."""

    stage: ClassVar[int] = 0


class FixedPrice(_Rule):
    """``count`` items for ``price`` together (2件99元)."""

    kind: Literal["fixed_price"] = "fixed_price"
    count: int = Field(1, ge=1)
    price: Decimal = Field(gt=0)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        return total - (items // self.count) * (self.count * unit - self.price)

    @property
    def text(self) -> str:
        return f"{self.count}件{money_text(self.price)}元"


class NthFactor(_Rule):
    """Every ``n``-th item at ``factor`` of the price (第二件半价 = n 2, factor 0.5)."""

    kind: Literal["nth_factor"] = "nth_factor"
    n: int = Field(2, ge=1)
    factor: Decimal = Field(ge=0, lt=1)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        return total - (items // self.n) * unit * (1 - self.factor)

    @property
    def text(self) -> str:
        return f"第{self.n}件{money_text(self.factor * 10)}折"


class NthMinus(_Rule):
    """Every ``n``-th item ``amount`` cheaper (第二罐立减20元)."""

    kind: Literal["nth_minus"] = "nth_minus"
    n: int = Field(2, ge=1)
    amount: Decimal = Field(gt=0)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        return total - (items // self.n) * min(self.amount, unit)

    @property
    def text(self) -> str:
        return f"第{self.n}件减{money_text(self.amount)}元"


class SpendSave(_Rule):
    """``amount`` off once the total reaches ``threshold`` (满600减50), or per threshold with ``each`` (每满)."""

    stage: ClassVar[int] = 1
    kind: Literal["spend_save"] = "spend_save"
    threshold: Decimal = Field(gt=0)
    amount: Decimal = Field(gt=0)
    each: bool = False

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        times = int(total // self.threshold) if self.each else int(total >= self.threshold)
        return total - times * self.amount

    @property
    def text(self) -> str:
        return f"{'每' if self.each else ''}满{money_text(self.threshold)}减{money_text(self.amount)}"


class BuyGet(_Rule):
    """Pay for ``buy``, get ``free`` more of the same item (买一送一); ``items`` counts what the buyer gets."""

    kind: Literal["buy_get"] = "buy_get"
    buy: int = Field(1, ge=1)
    free: int = Field(1, ge=1)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        groups, rest = divmod(items, self.buy + self.free)
        return total - (groups * self.free + max(0, rest - self.buy)) * unit

    @property
    def text(self) -> str:
        return f"买{self.buy}送{self.free}"


class PerItemMinus(_Rule):
    """Each item ``amount`` cheaper when buying at least ``count`` (拍两条每条再减10元)."""

    kind: Literal["per_item_minus"] = "per_item_minus"
    count: int = Field(2, ge=1)
    amount: Decimal = Field(gt=0)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        return total - (items * min(self.amount, unit) if items >= self.count else 0)

    @property
    def text(self) -> str:
        return f"拍{self.count}件每件减{money_text(self.amount)}元"


class BundleMinus(_Rule):
    """``amount`` off the total for every ``count`` items bought together (拍2袋再减5元)."""

    kind: Literal["bundle_minus"] = "bundle_minus"
    count: int = Field(2, ge=1)
    amount: Decimal = Field(gt=0)

    def apply(self, unit: Decimal, items: int, total: Decimal) -> Decimal:
        return total - (items // self.count) * self.amount

    @property
    def text(self) -> str:
        return f"拍{self.count}件减{money_text(self.amount)}元"


DiscountRule = Annotated[
    FixedPrice | NthFactor | NthMinus | SpendSave | BuyGet | PerItemMinus | BundleMinus,
    Field(discriminator="kind"),
]


class Promotion(_Frozen):
    """A time-boxed offer. ``price`` is the price paid under it; ``stock_limit`` is real stock for it;
    ``rules`` are the discounts it grants on top (第二件半价, 满600减50), which the verifier computes."""

    name: str
    price: Decimal | None = None
    starts_at: datetime
    ends_at: datetime
    stock_limit: int | None = None
    description: str = ""
    rules: tuple[DiscountRule, ...] = ()

    def active(self, at: datetime) -> bool:
        return self.starts_at <= at <= self.ends_at

    def total(self, unit: Decimal, items: int) -> Decimal:
        """What ``items`` cost together at ``unit`` each under this promotion's rules."""
        total = unit * items
        for rule in sorted(self.rules, key=lambda r: r.stage):
            total = rule.apply(unit, items, total)
        return total


class Stock(_Frozen):
    """Units on hand, in the unit the merchant counts them (``1200 台``): scarcity is checked against it."""

    quantity: int = Field(ge=0)
    unit: str = "件"

    @property
    def text(self) -> str:
        return f"{self.quantity}{self.unit}"


class Faq(_Frozen):
    question: str
    answer: str


class Sku(_Frozen):
    """Everything the scripts may say about one product; nothing else may be said."""

    sku_id: str
    title: str
    brand: str = ""
    category: str = ""
    price: Decimal
    """Today's price when no promotion runs (日常价)."""
    list_price: Decimal | None = None
    """The crossed-out reference price (划线价, 原价, 吊牌价): never a price anyone pays today."""
    stock: Stock | None = None
    promotions: tuple[Promotion, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    selling_points: tuple[str, ...] = ()
    certifications: tuple[str, ...] = ()
    usage: str = ""
    faq: tuple[Faq, ...] = ()
    forbidden_claims: tuple[str, ...] = ()

    def active_promotions(self, at: datetime) -> list[Promotion]:
        return [p for p in self.promotions if p.active(at)]


class KnowledgeBase(_Frozen):
    """One merchant's SKUs (the whole catalogue a verifier compares against)."""

    merchant_id: str = "default"
    skus: tuple[Sku, ...] = ()

    def get(self, sku_id: str) -> Sku:
        for sku in self.skus:
            if sku.sku_id == sku_id:
                return sku
        raise unknown_sku(sku_id)


def unknown_sku(sku_id: str) -> InputError:
    """The one error for a SKU that was never imported: it names the code the merchant typed, never their id."""
    return InputError(f"SKU {sku_id!r} is not in this merchant's knowledge base; import it first")


Style = Literal["live", "short_video", "outbound_call"]
Section = Literal[
    "hook", "pain_point", "selling_point", "trust", "offer", "push", "interaction", "transition"
]
Emotion = Literal["excited", "warm", "confident", "curious", "urgent", "calm", "friendly"]

SECTIONS: tuple[str, ...] = (
    "hook", "pain_point", "selling_point", "trust", "offer", "push", "interaction", "transition"
)
EMOTIONS: tuple[str, ...] = ("excited", "warm", "confident", "curious", "urgent", "calm", "friendly")


class Sentence(_Frozen):
    """One spoken sentence with the emotion the voice stage should use and the facts it relies on."""

    text: str
    emotion: Emotion = "friendly"
    fact_refs: tuple[str, ...] = ()
    slot_text: str = Field("", description="The sentence with {槽位} placeholders, re-filled at air time.")


class ScriptSection(_Frozen):
    section: Section
    variant_id: str
    sentences: tuple[Sentence, ...]


class Script(_Frozen):
    """A generated script: sections in speaking order, the backend that wrote it, and when for."""

    sku_id: str
    style: Style
    target_seconds: int
    backend: str
    variant_id: str
    generated_for: datetime = Field(description="Time the offers and deadlines were resolved for.")
    sections: tuple[ScriptSection, ...]

    @property
    def text(self) -> str:
        """The spoken text, one sentence per line (what TTS reads and what checks run on)."""
        return "\n".join(s.text for sec in self.sections for s in sec.sentences)

    @property
    def estimated_seconds(self) -> float:
        return speaking_seconds(self.text)


def speaking_seconds(text: str) -> float:
    """Rough Mandarin livestream pace: about 4.5 characters a second (hosts speak fast)."""
    return sum(1 for ch in text if not ch.isspace()) / 4.5


FindingKind = Literal[
    "unsupported", "contradiction", "other_sku", "unit_mismatch", "expired_offer", "wrong_price",
    "fake_scarcity", "invented_certification", "forbidden_claim", "injection", "malformed",
    "banned_term", "literal_offer",
]


class Finding(_Frozen):
    """A problem in a script: where (character span in ``Script.text``), what, and why."""

    kind: FindingKind
    start: int
    end: int
    text: str
    reason: str
    fact_ref: str | None = None
    category: str | None = None
    suggestion: str | None = None
    rule: str | None = None
