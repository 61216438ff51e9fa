"""The message text: disclosure first with the merchant's name, slots filled, keypad options last."""

from __future__ import annotations

import pytest

from calls.message import DISCLOSURE, Product, check_template, compose, recommend
from core.errors import InputError

RICE = Product("KIT-001", "禾厨智能IH电饭煲4L", "厨房电器/电饭煲", "禾厨")
FRYER = Product("KIT-002", "焙可空气炸锅5.5L可视款", "厨房电器/空气炸锅", "焙可")
POT = Product("KIT-003", "禾厨多功能料理锅", "厨房电器/电饭煲", "禾厨")


def test_every_message_opens_with_the_ai_disclosure_and_the_merchant():
    zh = compose(language="zh", merchant="晨光乳业", name="王芳", product=RICE, last_product=None,
                 occasion="birthday")
    assert zh.startswith("这是由AI合成的声音，代表晨光乳业致电。王芳，您好！祝您生日快乐！")
    assert RICE.title in zh and zh.endswith("不希望再接到此类来电请按9。")
    en = compose(language="en", merchant="Acme", name="Ann", product=FRYER, last_product=RICE,
                 template="{greeting} You liked {last_product}; try {product} in {city}.", fields={"city": "Austin"})
    assert en.startswith(DISCLOSURE["en"].format(merchant="Acme") + " Hello Ann.")
    assert f"You liked {RICE.title}; try {FRYER.title} in Austin." in en and "Press 9" in en


def test_templates_are_checked_and_an_empty_slot_refuses_that_recipient():
    check_template("{greeting}{product}{city}", columns=["city"])
    with pytest.raises(InputError, match="unknown slot"):
        check_template("{greeting}{ssn}")
    with pytest.raises(InputError, match="brace"):
        check_template("{greeting}{")
    with pytest.raises(InputError, match="slot city is empty"):
        compose(language="zh", merchant="M", name="", product=RICE, last_product=None, template="{city}",
                fields={})


def test_the_offer_follows_the_last_purchase_through_the_knowledge_base():
    catalogue = [RICE, FRYER, POT]
    assert recommend("KIT-001", catalogue, None) == POT  # same category, another product
    assert recommend("KIT-002", catalogue, None) == FRYER  # nothing related: the product itself
    assert recommend("KIT-002", catalogue, "KIT-001") == RICE  # the campaign's choice wins
    assert recommend("NOPE", catalogue, None) is None
