"""Retraining moves the model toward what sold, on prompts it never saw; it resumes; the hf backend serves it."""

from __future__ import annotations

import pytest
import torch

from core.errors import Cancelled, InputError
from learn.adapters import TrainConfig, read_card
from learn.train import load_base, preference_margin, train_adapter
from script_gen.llm_backends import HFCausalBackend

# LoRA on every linear layer: the tiny random model needs its MLPs to move (real models do well on q/v alone).
FAST = dict(steps=15, lr=1e-2, batch_size=2, max_length=320, beta=0.1, target_modules=("c_attn", "c_proj", "c_fc"))


def _split(rows, part):
    return [r for r in rows if r["meta"]["split"] == part]


def test_dpo_moves_the_preference_margin_toward_the_winners_on_heldout_prompts(tiny_base, dataset, tmp_path,
                                                                            one_thread):
    train, heldout = _split(dataset.dpo, "train"), _split(dataset.dpo, "heldout")
    assert train and heldout and not {r["meta"]["sku_id"] for r in train} & set(dataset.heldout_skus)
    tokenizer, base = load_base(tiny_base, "cpu")
    before = preference_margin(base, tokenizer, heldout, max_length=FAST["max_length"])
    result = train_adapter(tiny_base, train, TrainConfig(method="dpo", **FAST), tmp_path / "v1", dataset_id="ds1")
    assert result.steps == 15 and result.examples == len(train)
    # what the hf backend serves is what was trained: base + adapter loaded by path
    served = HFCausalBackend(tiny_base, tmp_path / "v1")
    after = preference_margin(served.model, served.tokenizer, heldout, max_length=FAST["max_length"])
    print(f"\nheld-out preference margin (per-token log-prob, winner - loser): before={before:.4f} after={after:.4f} "
          f"change={after - before:+.4f} pairs={len(heldout)} skus={','.join(dataset.heldout_skus)}")
    assert after > before + 0.05 and after > 0.05
    card = read_card(tmp_path / "v1")
    assert card.dataset_id == "ds1" and card.method == "dpo" and card.train["steps"] == 15
    assert (tmp_path / "v1" / "adapter_model.safetensors").stat().st_size > 0
    assert not (tmp_path / "v1" / "checkpoint").exists()


def _winner_logprob(model, tokenizer, rows) -> float:
    """Mean per-token log-probability of the rows' SFT completions."""
    from learn.dpo import collate, completion_logprobs
    from learn.train import encode_sft, pad_id

    with torch.no_grad():
        logp, count = completion_logprobs(model.eval(), collate([encode_sft(tokenizer, r, 320) for r in rows],
                                                                pad_id(tokenizer), "cpu"))
    return float((logp / count).mean())


def test_sft_on_winners_raises_their_likelihood_on_heldout_prompts(tiny_base, dataset, tmp_path, one_thread):
    train, heldout = _split(dataset.sft, "train"), _split(dataset.sft, "heldout")
    assert train and heldout
    tokenizer, base = load_base(tiny_base, "cpu")
    before = _winner_logprob(base, tokenizer, heldout)
    train_adapter(tiny_base, train, TrainConfig(method="sft", steps=20, lr=3e-2, batch_size=2, max_length=320,
                                                target_modules=("c_attn", "c_fc", "c_proj")), tmp_path / "sft")
    served = HFCausalBackend(tiny_base, tmp_path / "sft")
    after = _winner_logprob(served.model, served.tokenizer, heldout)
    print(f"\nheld-out winners' per-token log-prob: before={before:.4f} after={after:.4f}")
    assert after > before + 0.1


def test_a_stopped_run_resumes_from_its_checkpoint_and_ends_where_an_unbroken_run_does(tiny_base, dataset, tmp_path,
                                                                                      one_thread):
    rows = _split(dataset.dpo, "train")[:4]
    cfg = TrainConfig(method="dpo", steps=6, checkpoint_every=3, lr=1e-2, batch_size=2, max_length=200)

    def stop_at_five(fraction, stage):
        if "step 5/6" in stage:
            raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        train_adapter(tiny_base, rows, cfg, tmp_path / "broken", progress=stop_at_five)
    assert (tmp_path / "broken" / "checkpoint" / "state.pt").is_file()
    resumed = train_adapter(tiny_base, rows, cfg, tmp_path / "broken")
    assert resumed.resumed_from == 3
    unbroken = train_adapter(tiny_base, rows, cfg, tmp_path / "unbroken")
    assert unbroken.resumed_from == 0
    from safetensors.torch import load_file

    a = load_file(tmp_path / "broken" / "adapter_model.safetensors")
    b = load_file(tmp_path / "unbroken" / "adapter_model.safetensors")
    assert a.keys() == b.keys() and all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)
    # a checkpoint of other data is not resumed from
    other = train_adapter(tiny_base, rows[:2], cfg.model_copy(update={"steps": 3}), tmp_path / "unbroken")
    assert other.resumed_from == 0


def test_wrong_records_and_missing_base_are_clear_errors(tiny_base, dataset, tmp_path):
    with pytest.raises(InputError, match="lacks messages"):
        train_adapter(tiny_base, dataset.dpo[:1], TrainConfig(method="sft", steps=1), tmp_path / "x")
    with pytest.raises(InputError, match="no DPO training records"):
        train_adapter(tiny_base, [], TrainConfig(method="dpo", steps=1), tmp_path / "x")
    from core.errors import NotConfiguredError

    with pytest.raises(NotConfiguredError, match="HF_MODEL_PATH"):
        train_adapter(tmp_path / "nothing", dataset.dpo[:1], TrainConfig(steps=1), tmp_path / "x")
