"""The personalised message of an outbound call: disclosure, greeting, offer, keypad options.

Every message opens with a spoken disclosure that the voice is AI-synthesised and names the merchant
(deep-synthesis provisions and the AI-content labelling measures), and closes with the keypad options;
a merchant's template fills the middle and cannot remove either. Slots are ``{name}`` style; a template
may use the known slots and the recipients file's own columns. The text is then verified and
compliance-checked like every script, by the caller, against the recommended SKU. ``{pitch}`` is the SKU's own
``outbound_call`` script from the script generator (the same for every recipient offered that SKU).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import InputError

LANGUAGES = ("zh", "en")
DISCLOSURE = {"zh": "这是由AI合成的声音，代表{merchant}致电。",
              "en": "This is an AI-generated voice, calling on behalf of {merchant}."}
OPTIONS = {"zh": "再听一遍或了解详情请按1，不希望再接到此类来电请按9。",
           "en": "Press 1 to hear this again or to learn more. Press 9 if you do not want calls like this."}
OPTOUT_CONFIRMATION = {"zh": "好的，我们不会再给您打电话。再见。",
                       "en": "Understood. We will not call you again. Goodbye."}
OCCASION_LINE = {"birthday": {"zh": "祝您生日快乐！", "en": "Happy birthday!"}, "none": {"zh": "", "en": ""}}
DEFAULT_TEMPLATE = {"zh": "{greeting}{occasion}感谢您一直以来的支持，为您推荐{product}。",
                    "en": "{greeting}{occasion} Thank you for shopping with us. We recommend {product} for you."}
KNOWN_SLOTS = ("greeting", "name", "occasion", "product", "last_product", "pitch")
MAX_TEMPLATE = 1000
_SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Product:
    """A SKU as a message needs it (the knowledge base's code, title and grouping)."""

    code: str
    title: str
    category: str = ""
    brand: str = ""


def check_template(template: str, columns: Sequence[str] | None = ()) -> None:
    """Refuse a template with unknown slots or stray braces (before anything is synthesised); ``columns=None``:
    the recipients file's columns are not known yet, any slot name may be one of them."""
    if len(template) > MAX_TEMPLATE:
        raise InputError(f"the message template is longer than {MAX_TEMPLATE} characters")
    unknown = sorted({m.group(1) for m in _SLOT.finditer(template)} - set(KNOWN_SLOTS) - set(columns or ()))
    if unknown and columns is not None:
        raise InputError(f"the message template uses unknown slot(s) {', '.join(unknown)}; known: "
                         f"{', '.join([*KNOWN_SLOTS, *(columns or ())])}")
    if "{" in _SLOT.sub("", template) or "}" in _SLOT.sub("", template):
        raise InputError("the message template has a brace that is not a {slot}")


def recommend(last_code: str, catalogue: Sequence[Product], campaign_code: str | None) -> Product | None:
    """What to offer: the campaign's SKU if it names one; else another SKU of the category (then brand) of the
    recipient's last purchase; else that SKU itself. None when nothing in the knowledge base fits."""
    by_code = {p.code: p for p in catalogue}
    if campaign_code:
        return by_code.get(campaign_code)
    last = by_code.get(last_code)
    if last is None:
        return None
    for same in (lambda p: bool(last.category) and p.category == last.category,
                 lambda p: bool(last.brand) and p.brand == last.brand):
        others = [p for p in catalogue if p.code != last.code and same(p)]
        if others:
            return others[0]
    return last


def compose(*, language: str, merchant: str, name: str, product: Product, last_product: Product | None,
            occasion: str = "none", template: str | None = None, fields: dict[str, str] | None = None,
            pitch: str = "") -> str:
    """The whole spoken text of one recipient's call (disclosure first, keypad options last)."""
    if language not in LANGUAGES:
        raise InputError(f"language must be one of {', '.join(LANGUAGES)}")
    greeting = {"zh": f"{name}，您好！" if name else "您好！", "en": f"Hello {name}." if name else "Hello."}[language]
    values = {**(fields or {}), "name": name, "greeting": greeting,
              "occasion": OCCASION_LINE.get(occasion, OCCASION_LINE["none"])[language],
              "product": product.title, "last_product": (last_product or product).title, "pitch": pitch}

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        if not values.get(slot) and slot != "occasion":
            raise InputError(f"slot {slot} is empty for this recipient")
        return values.get(slot, "")

    body = _SLOT.sub(fill, template or DEFAULT_TEMPLATE[language]).strip()
    sep = "" if language == "zh" else " "
    return sep.join((DISCLOSURE[language].format(merchant=merchant), body, OPTIONS[language]))
