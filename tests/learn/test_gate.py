"""The promotion gate refuses an adapter that writes worse scripts than the model served now, whatever its style."""

from __future__ import annotations

import pytest
import torch

from learn.adapters import TrainConfig
from learn.datasets import completion
from learn.dpo import collate, sft_loss
from learn.gate import run_gate
from learn.train import encode_sft, load_base, pad_id, train_adapter

GOOD = "欢迎来到直播间，喜欢的朋友点点关注。"
LIE = "全网最好，销量第一名。"


@pytest.mark.slow
def test_an_adapter_that_breaks_the_writing_is_refused(outcomes, kb, at, skus, tmp_path, one_thread):
    from evercast_testkit import save_tiny_lm
    from learn.datasets import build_dataset
    from script_gen.llm_backends import plain_prompt

    dataset = build_dataset([v for v in outcomes if v.sku_id in skus[:5]], kb, at)  # one held-out SKU

    # a base that writes a clean, claim-free sentence wherever a sentence goes (full fine-tune, ~15 s)
    texts = [plain_prompt(r["prompt"]) + r["chosen"][0]["content"] + r["rejected"][0]["content"] + GOOD + LIE
             for r in dataset.dpo]
    base = save_tiny_lm(tmp_path / "base", texts)
    tokenizer, model = load_base(base, "cpu")
    rows = [{"messages": r["prompt"] + [{"role": "assistant", "content": completion(section, GOOD)}]}
            for r in dataset.dpo for section in ("hook", "selling_point", "offer")]
    encoded = [encode_sft(tokenizer, r, 320) for r in rows]
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    model.train()
    for step in range(150):
        loss = sft_loss(model, collate([encoded[(2 * step + i) % len(encoded)] for i in range(2)], pad_id(tokenizer),
                                       "cpu"))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    model.save_pretrained(base)
    # a candidate pushed hard towards a lying hook on the training SKUs
    lies = [{"messages": r["prompt"] + [{"role": "assistant", "content": completion("hook", LIE)}]}
            for r in dataset.dpo if r["meta"]["split"] == "train"]
    train_adapter(base, lies, TrainConfig(method="sft", steps=40, lr=1e-2, batch_size=2, max_length=320, lora_r=16,
                                          target_modules=("c_attn", "c_proj", "c_fc")), tmp_path / "liar")
    heldout = [r for r in dataset.dpo if r["meta"]["split"] == "heldout"]
    report = run_gate(base, tmp_path / "liar", None, kb, dataset.heldout_skus, heldout, at)
    assert not report.passed
    assert report.current.faithfulness_flagged < report.candidate.faithfulness_flagged, report.reasons
    assert any(r.startswith("faithfulness worse") for r in report.reasons)
    assert report.current.sentences == report.candidate.sentences > 0
