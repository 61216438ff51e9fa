"""The HF backend on tiny GPT-2 checkpoints the tests build and save themselves (no downloads)."""

import json
from datetime import datetime

import pytest
import torch
from evercast_testkit import save_tiny_lm
from transformers import GPT2LMHeadModel

from core.errors import NotConfiguredError
from script_gen.backend import DraftRequest
from script_gen.generate import GenerationRefused, check_script_text, generate_script, select_facts
from script_gen.llm_backends import HFCausalBackend, plain_prompt
from script_gen.plan import plan_script
from script_gen.prompt import build_messages
from script_gen.records import Attribute, KnowledgeBase, Promotion, Sku
from script_gen.verify import Verifier

AT = datetime(2026, 12, 5, 20, 0)
KB = KnowledgeBase(skus=(Sku(
    sku_id="CUP-1", title="小熊保温杯", category="家居/水杯", price=59,
    attributes=(Attribute(key="容量", value="350", unit="ml"),),
    selling_points=("小巧杯身，随身携带方便",),
    promotions=(Promotion(name="直播专享", price=39, starts_at=datetime(2026, 12, 1), ends_at=datetime(2026, 12, 12),
                          stock_limit=100),),
),))
# What a well-trained model would answer; its characters are in the tiny tokenizer's vocabulary.
TARGET = json.dumps({"sections": [
    {"section": "hook", "sentences": [{"text": "欢迎来到直播间，今天介绍小熊保温杯。", "emotion": "excited", "fact_refs": ["CUP-1#title"]}]},
    {"section": "selling_point", "sentences": [{"text": "容量350ml，小巧杯身，随身携带方便。", "emotion": "confident", "fact_refs": ["CUP-1#sp:0"]}]},
    {"section": "offer", "sentences": [{"text": "今天到手价{到手价}。", "emotion": "excited", "fact_refs": []}]},
    {"section": "push", "sentences": [{"text": "活动限量{限量}，抓紧下单。", "emotion": "urgent", "fact_refs": []}]},
]}, ensure_ascii=False)


def _prompt() -> str:
    sku = KB.skus[0]
    request = DraftRequest(sku=sku, facts=select_facts(sku, AT), plan=plan_script(sku, "short_video", 15, AT), at=AT)
    return plain_prompt(build_messages(request))


def _save_tiny(path):
    return save_tiny_lm(path, [_prompt(), TARGET], n_embd=64, n_positions=2048)


def test_untrained_model_free_json_is_refused_clearly(tmp_path):
    backend = HFCausalBackend(_save_tiny(tmp_path / "tiny"), max_new_tokens=32, constrained=False)
    with pytest.raises(GenerationRefused, match="hf:tiny returned no usable script JSON in 2 attempt"):
        generate_script(KB, "CUP-1", backend=backend, style="short_video", seconds=15, at=AT, max_attempts=2)


def test_constrained_decoding_keeps_structure_and_gibberish_is_refused(tmp_path):
    from peft import LoraConfig, get_peft_model

    path = _save_tiny(tmp_path / "tiny")
    lora = get_peft_model(GPT2LMHeadModel.from_pretrained(path), LoraConfig(r=4, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM"))
    lora.save_pretrained(tmp_path / "adapter")
    backend = HFCausalBackend(path, tmp_path / "adapter", sentence_tokens=12)
    assert backend.name == "hf:tiny+adapter"
    sku = KB.skus[0]
    plan = plan_script(sku, "short_video", 15, AT)
    request = DraftRequest(sku=sku, facts=select_facts(sku, AT), plan=plan, at=AT, attempt=1)  # sampled
    sections = backend.draft(request)
    # the code wrote the skeleton: every planned section and sentence is there, the model wrote text
    assert [(s["section"], len(s["sentences"])) for s in sections] == [(p.section, p.sentences) for p in plan.sections]
    assert all('"' not in s["text"] and s["emotion"] for sec in sections for s in sec["sentences"])
    assert sum(len(s["text"]) for sec in sections for s in sec["sentences"]) > 20
    with pytest.raises(GenerationRefused, match="failed verification 1 time") as err:
        generate_script(KB, "CUP-1", backend=backend, style="short_video", seconds=15, at=AT,
                        verifier=Verifier(KB), max_attempts=1)
    assert "malformed" in {f.kind for f in err.value.findings}


def test_missing_checkpoint_is_a_configuration_error(tmp_path):
    with pytest.raises(NotConfiguredError, match="config.json"):
        HFCausalBackend(tmp_path / "nothing")
    path = _save_tiny(tmp_path / "tiny")
    with pytest.raises(NotConfiguredError, match="adapter_config.json"):
        HFCausalBackend(path, tmp_path / "no-adapter")


def test_a_tiny_model_taught_one_answer_writes_a_verified_script(tmp_path):
    """The success path end to end: a checkpoint saved by the test, loaded by path, greedy JSON out,
    slots filled from the knowledge base and the whole text verified on the first attempt."""
    from transformers import PreTrainedTokenizerFast

    path = _save_tiny(tmp_path / "tiny")
    tok = PreTrainedTokenizerFast.from_pretrained(path)
    model = GPT2LMHeadModel.from_pretrained(path)
    prompt_ids = tok(_prompt())["input_ids"]
    target_ids = tok(TARGET)["input_ids"] + [tok.eos_token_id]
    ids = torch.tensor([prompt_ids + target_ids])
    labels = ids.clone()
    labels[0, : len(prompt_ids)] = -100  # learn the answer, not the prompt
    optimiser = torch.optim.AdamW(model.parameters(), lr=3e-3)
    for _ in range(300):
        loss = model(input_ids=ids, labels=labels).loss
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if loss.item() < 0.02:
            break
    model.save_pretrained(path)
    backend = HFCausalBackend(path, max_new_tokens=len(target_ids) + 8, constrained=False)
    result = generate_script(KB, "CUP-1", backend=backend, style="short_video", seconds=15, at=AT, max_attempts=2)
    assert result.attempts == 1 and not result.repaired
    assert "今天到手价39元" in result.script.text and "限量100件" in result.script.text  # slots, not model digits
    assert check_script_text(result.script.text, "CUP-1", Verifier(KB), AT) == []
