"""Retraining fixtures: the sample knowledge base, section variants with known outcomes, and a tiny
GPT-2 with a character tokenizer that the tests build and save themselves (nothing is downloaded)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

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


def save_tiny_model(path: Path, texts: list[str]) -> Path:
    """A randomly initialised 2-layer GPT-2 whose character vocabulary covers ``texts``."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    chars = sorted(set("".join(texts)) | set("abcdefghijklmnopqrstuvwxyz0123456789{}\"'"))
    vocab = {tok: i for i, tok in enumerate(["<unk>", "<pad>", "<eos>", *chars])}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("[\\s\\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    tok = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="<unk>", pad_token="<pad>", eos_token="<eos>",
                                  clean_up_tokenization_spaces=False)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config(vocab_size=len(vocab), n_positions=4096, n_embd=48, n_layer=2, n_head=4,
                                       bos_token_id=2, eos_token_id=2, pad_token_id=1))
    model.save_pretrained(path)
    tok.save_pretrained(path)
    return path


@pytest.fixture
def one_thread():
    """Training runs on one CPU thread: on a small shared machine torch's second thread only waits (10x slower)."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def dataset(kb, outcomes):
    from learn.datasets import build_dataset

    return build_dataset(outcomes, kb, AT)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory, dataset):
    """The tiny base checkpoint, its vocabulary covering every prompt and completion of the dataset."""
    from script_gen.llm_backends import plain_prompt

    texts = [plain_prompt(r["prompt"]) + r["chosen"][0]["content"] + r["rejected"][0]["content"] for r in dataset.dpo]
    return save_tiny_model(tmp_path_factory.mktemp("tiny") / "base", texts)
