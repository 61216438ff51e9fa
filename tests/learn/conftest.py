"""Retraining fixtures: the sample knowledge base, section variants with known outcomes, and a tiny
GPT-2 with a character tokenizer that the tests build and save themselves (nothing is downloaded)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from evercast_testkit import save_tiny_lm

from learn.outcomes import Beta, VariantStats
from script_gen.kb_import import import_kb

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "kb" / "sample_kb.json"
AT = datetime(2026, 12, 5, 20, 0)  # the sample's 双12 promotions are running
SKUS = ("KIT-001", "KIT-002", "KIT-004", "APP-003", "DIG-002", "HOM-003", "HOM-004", "FOO-001", "BEA-002", "PER-001")
# What sold (a warm, direct address with the live price slot) and what did not (a flat announcement).
WINNER = "家人们看过来，{title}今天直播间到手价{price}，喜欢的赶紧拍。"
LOSER = "下面介绍一下这款商品，名字叫{title}。"


@pytest.fixture(scope="session")
def kb():
    return import_kb(SAMPLE).kb


def variant(sku_id: str, name: str, text: str, orders: float, exposure: float, section: str = "hook") -> VariantStats:
    post = Beta.of(orders, exposure)
    return VariantStats(sku_id=sku_id, section=section, variant_id=f"{sku_id}-{name}", text=text, airings=10,
                        exposure=exposure, orders=orders, alpha=post.alpha, beta=post.beta,
                        sessions=(f"night-{sku_id}",))


@pytest.fixture(scope="session")
def at():
    return AT


@pytest.fixture(scope="session")
def skus():
    return SKUS


@pytest.fixture(scope="session")
def make_variant():
    return variant


@pytest.fixture(scope="session")
def outcomes(kb):
    """For every SKU a clearly winning and a clearly losing hook (60 vs 15 orders in 2,000 viewer-minutes)."""
    rows = []
    for sku_id in SKUS:
        sku = kb.get(sku_id)
        price = f"{min(p.price for p in sku.active_promotions(AT) if p.price):f}".rstrip("0").rstrip(".") + "元"
        rows.append(variant(sku_id, "warm", WINNER.format(title=sku.title, price=price), 60, 2000))
        rows.append(variant(sku_id, "flat", LOSER.format(title=sku.title), 15, 2000))
    return rows


@pytest.fixture(scope="session")
def dataset(kb, outcomes):
    from learn.datasets import build_dataset

    return build_dataset(outcomes, kb, AT)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory, dataset):
    """The tiny base checkpoint, its vocabulary covering every prompt and completion of the dataset."""
    from script_gen.llm_backends import plain_prompt

    texts = [plain_prompt(r["prompt"]) + r["chosen"][0]["content"] + r["rejected"][0]["content"] for r in dataset.dpo]
    return save_tiny_lm(tmp_path_factory.mktemp("tiny") / "base", texts)
